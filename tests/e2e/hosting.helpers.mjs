// Shared by embed/offline/hosting/lang tests: where the built site is, free ports, a tiny host page on
// another origin, and the fenced blocks of docs/hosting.md that the hosting test and bench-app run as
// written (nginxSite, pythonSite).
import { createServer } from 'node:http';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
/** The built site (scripts/e2e.sh builds it); GONGKAI_DIST overrides. */
export const DIST = resolve(process.env.GONGKAI_DIST ?? resolve(ROOT, 'dist'));

export async function freePort() {
  const s = createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

/** Serves one HTML page at http://localhost:<port>/ (a different origin from the app's 127.0.0.1). */
export async function hostPage(html) {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  // A failed test never reaches close(): the server must not keep the test process alive.
  server.unref();
  return {
    url: `http://localhost:${server.address().port}/`,
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

export async function waitForHttp(url, tries = 100) {
  for (let i = 0; i < tries; i++) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return r;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error(`nothing answers at ${url}`);
}

/** The fenced blocks of docs/hosting.md whose info string is `<lang> gongkai-test`, by language. */
export function docBlocks() {
  const md = readFileSync(resolve(ROOT, 'docs/hosting.md'), 'utf8');
  const out = {};
  for (const m of md.matchAll(/^```(\w+) gongkai-test\n([\s\S]*?)^```$/gm)) {
    out[m[1]] = m[2];
  }
  return out;
}

/** Replaces `from` by `to`, failing loudly when the doc no longer has exactly one `from`. */
export function replaceOnce(text, from, to) {
  const n = text.split(from).length - 1;
  if (n !== 1) throw new Error(`docs/hosting.md: expected exactly one ${JSON.stringify(from)}, found ${n}`);
  return text.replace(from, to);
}

/** Debian's nginx, if installed (scripts/setup.sh --browser installs it). */
export const NGINX = existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : null;

/**
 * Writes <dir>/nginx.conf: docs/hosting.md's server block, listening on 127.0.0.1:<port> with <www> as
 * its root, wrapped the way Debian's /etc/nginx/nginx.conf wraps a conf.d file, with everything nginx
 * writes kept in <dir>.
 */
export function writeNginxConf(www, dir, port) {
  const { nginx } = docBlocks();
  let server = replaceOnce(nginx, 'listen 8080;', `listen 127.0.0.1:${port};`);
  server = replaceOnce(server, 'root /var/www;', `root ${www};`);
  const tmp = (n) => `${n}_temp_path ${join(dir, n)};`;
  writeFileSync(join(dir, 'nginx.conf'), `pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events {}
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(tmp).join('\n  ')}
${server}
}
`);
}

/**
 * Serves `dist` at http://127.0.0.1:<port>/gongkai/ through nginx with the nginx block of
 * docs/hosting.md, changed only where the doc tells a county to change it (the port and the folder).
 * Returns { base, log, close }.
 */
export async function nginxSite(dist = DIST) {
  const { nginx } = docBlocks();
  if (!nginx) throw new Error('docs/hosting.md has no nginx block tagged gongkai-test');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-nginx-'));
  chmodSync(dir, 0o755); // nginx workers run as an unprivileged user
  mkdirSync(join(dir, 'www'));
  execFileSync('cp', ['-R', dist, join(dir, 'www', 'gongkai')]);
  execFileSync('chmod', ['-R', 'a+rX', join(dir, 'www')]);
  writeNginxConf(join(dir, 'www'), dir, port);
  const proc = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
  const close = () => { proc.kill(); rmSync(dir, { recursive: true, force: true }); };
  const base = `http://127.0.0.1:${port}/gongkai/`;
  try {
    await waitForHttp(base);
  } catch (e) {
    const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    close();
    throw new Error(`${e.message}\n${log}`);
  }
  return { base, log: () => readFileSync(join(dir, 'error.log'), 'utf8'), close };
}

/**
 * Serves `dist` at http://127.0.0.1:<port>/gongkai/ with docs/hosting.md's quick local check
 * (python3 -m http.server, no compression), changed only in its folder and port. Returns { base, close }.
 */
export async function pythonSite(dist = DIST) {
  const { sh } = docBlocks();
  if (!sh) throw new Error('docs/hosting.md has no sh block tagged gongkai-test');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-py-'));
  const script = replaceOnce(sh.replaceAll('/tmp/gongkai-site', dir), '8080', String(port))
    .replace('cp -R dist ', `cp -R ${JSON.stringify(dist)} `);
  const [prepare, serve] = script.trim().split('\n');
  execFileSync('sh', ['-c', prepare], { cwd: ROOT });
  const proc = spawn('sh', ['-c', `exec ${serve}`], { cwd: ROOT, stdio: 'ignore' });
  const close = () => { proc.kill(); rmSync(dir, { recursive: true, force: true }); };
  const base = `http://127.0.0.1:${port}/gongkai/`;
  try {
    await waitForHttp(base);
  } catch (e) {
    close();
    throw e;
  }
  return { base, close };
}

/** A tree node's clickable row, as explorer.test.mjs uses it. */
export function domainRow(scope, name) {
  return scope.getByRole('treeitem', { name }).first().locator('.ti-row').first();
}
