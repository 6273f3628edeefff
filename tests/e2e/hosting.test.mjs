// docs/hosting.md, followed as written: its nginx block and its Python recipe serve the built site from
// a sub-path, with no rewrites, and the app works. Only the port and the folder are changed, as the doc
// tells a county to do (hosting.helpers.mjs); if the doc's block changes shape, replaceOnce fails loudly.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, closeBrowser } from './browser.mjs';
import { DIST, NGINX, nginxSite, pythonSite } from './hosting.helpers.mjs';

after(closeBrowser);

const TOWN = '星沙街道', TOWN_CODE = '430121001';

async function appWorksAt(url) {
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN', serviceWorkers: 'allow' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15000);
  await page.goto(`${url}?place=${TOWN_CODE}`);
  await page.getByRole('heading', { level: 1, name: TOWN }).waitFor();
  await page.getByRole('tree').waitFor();
  // The offline worker registers with the sub-path as its scope.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, url);
  await context.close();
  assert.deepEqual(errors, []);
}

test('the nginx block of docs/hosting.md serves the site from a sub-path with the documented cache headers', { skip: !NGINX && 'nginx is not installed (scripts/setup.sh --browser installs it)' }, async () => {
  const site = await nginxSite(DIST);
  try {
    const base = site.base;
    const index = await fetch(base);
    assert.equal(index.status, 200, site.log());
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const html = await index.text();

    const immutable = 'public, max-age=31536000, immutable';
    // What index.html names, and what the start script names (the app's glue and main module).
    const named = (text, re) => [...text.matchAll(re)].map((m) => m[1]);
    const assets = named(html, /(?:href|src)="\.\/([^"]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css|svg))"/g);
    const start = assets.find((a) => a.startsWith('start-'));
    assert.ok(start, `a start script in index.html: ${assets}`);
    assets.push(...named(await (await fetch(base + start)).text(), /["']\.\/([^"']+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm))["']/g));
    assert.ok(assets.some((a) => a.endsWith('_bg.wasm')) && assets.some((a) => a.startsWith('gongkai-')), `assets: ${assets}`);
    for (const a of assets) {
      const r = await fetch(base + a);
      assert.equal(r.status, 200, a);
      assert.equal(r.headers.get('cache-control'), immutable, a);
      if (a.endsWith('.wasm')) {
        assert.equal(r.headers.get('content-type'), 'application/wasm');
        assert.equal(r.headers.get('content-encoding'), 'gzip', `${a} is served compressed`);
        // gzip_static: the build's own gzip twin, byte for byte, not nginx's on-the-fly level.
        assert.equal(Number(r.headers.get('content-length')), statSync(join(DIST, a + '.gz')).size, `${a} is sent as ${a}.gz`);
      }
    }
    for (const f of ['data/manifest.json', 'sw.js', 'embed.js', 'index.html']) {
      const r = await fetch(base + f);
      assert.equal(r.status, 200, f);
      assert.equal(r.headers.get('cache-control'), 'no-cache', f);
    }
    const manifest = await (await fetch(base + 'data/manifest.json')).json();
    const dataFile = Object.keys(manifest.files)[0];
    const r = await fetch(base + 'data/' + dataFile);
    assert.equal(r.status, 200, dataFile);
    assert.equal(r.headers.get('cache-control'), immutable, dataFile);

    await appWorksAt(base);
  } finally {
    site.close();
  }
});

test('the quick local check of docs/hosting.md (python3 -m http.server) serves a working sub-path', async () => {
  const site = await pythonSite(DIST);
  try {
    assert.equal((await fetch(site.base)).status, 200);
    await appWorksAt(site.base);
  } finally {
    site.close();
  }
});
