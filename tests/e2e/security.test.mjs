// Hostile data and a hostile network, in the browser: the Content-Security-Policy holds and blocks
// nothing the app needs; a tampered bundle file is refused with a message while the rest of the app
// keeps working; text and links from the data render inert even when a bundle was tampered with and
// rehashed (the app's own guard, behind the build step's). See docs/security.md.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone, open, closeBrowser, BASE } from './browser.mjs';
import { loadRegister, serveEdited } from './bundle.helpers.mjs';
import { createHash } from 'node:crypto';

after(closeBrowser);

const TOWN_CODE = '430121001';

/** Records CSP violations from the first script on (Playwright's init scripts are not subject to CSP). */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return () => page.evaluate(() => window.__cspViolations);
}

test('index.html carries a CSP that allows the wasm and no inline script, and has no inline script', async () => {
  const html = await (await fetch(BASE)).text();
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(meta, 'a CSP meta element');
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  assert.ok(!meta[1].includes("'unsafe-eval'") && !policy['script-src'].includes("'unsafe-inline'"));
  // Every <script> has a src: Trunk's inline start-up script was moved into a file (Trunk.toml).
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length >= 1);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc=/, `inline script: ${body.slice(0, 80)}`);
    assert.equal(body.trim(), '');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
});

test('the CSP blocks nothing the explorer needs while a citizen browses, searches and maps', async () => {
  const { page, done } = await phone();
  const violations = await watchViolations(page);
  await open(page);
  await open(page, '?place=430100');
  await open(page, '?place=430121&map=1');
  await page.locator('.map-shape').first().waitFor(); // the map draws (and its legend sets styles)
  await open(page, `?place=${TOWN_CODE}&domain=20`);
  await page.getByRole('tree').waitFor();
  await page.getByRole('searchbox', { name: '搜索' }).fill('低保');
  await page.getByText(/最低生活保障/).first().waitFor(); // results from the search index's files
  await page.waitForTimeout(300);
  assert.deepEqual(await violations(), []);
  await done();
});

test('a bundle file with one changed byte is refused with a message, and the rest of the app works on', async () => {
  const { page, done } = await phone();
  await open(page);
  const register = await loadRegister();
  const county = register.place('430121');
  // The file the place screen's tree reads: its brief catalog.
  const tampered = county.brief;
  const other = register.places().find((p) => p.kind === 'county' && p.brief && p.brief !== tampered);
  assert.ok(tampered && other, 'two counties with different catalogs');
  let served = 0;
  await page.route(`**/data/${tampered}`, async (route) => {
    const resp = await route.fetch();
    const body = Buffer.from(await resp.body());
    body[Math.floor(body.length / 2)] ^= 0x01; // one bit of one byte
    served++;
    await route.fulfill({ response: resp, body });
  });

  await open(page, '?place=430121');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  // In Chinese, naming the file for whoever the citizen tells (the English line is in the console).
  assert.match(await alert.innerText(), new RegExp(`已损坏或被篡改：${tampered.replace(/[.]/g, '\\.')}`));
  assert.ok(served >= 1);
  assert.equal(await page.getByRole('tree').count(), 0, 'nothing of the tampered file is shown');

  // The app itself is unharmed: the breadcrumbs work, and another county's catalog loads and shows.
  await page.getByRole('navigation', { name: '位置' }).getByRole('link').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await open(page, `?place=${other.code}`);
  await page.getByRole('tree').waitFor();
  assert.equal(await page.getByRole('alert').count(), 0);
  await done();
});

const XSS_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
const XSS_ITEM = '<svg onload="window.__pwned=3">';

test('script, HTML and javascript: links in a tampered-but-rehashed bundle render as inert text', async () => {
  const { page, done } = await phone();
  const violations = await watchViolations(page);
  await open(page);
  const register = await loadRegister();
  const town = register.place(TOWN_CODE);
  assert.ok(town.entries && town.catalog);

  // Fetch the real files, rewrite one entry and one catalog item with hostile text and links, and
  // give the listings on their chain their new hashes, as an attacker who controls the host could.
  const get = async (path) => page.evaluate(async (p) => (await fetch(`./data/${p}`)).text(), path);
  const entries = JSON.parse(await get(town.entries));
  const catalog = JSON.parse(await get(town.catalog));
  const target = entries.entries[0];
  Object.assign(target, { title: XSS_TITLE, url: 'javascript:window.__pwned=4' });
  // A catalog file does not store ids: an item's is its domain and path's (gongkai_catalog::item_id).
  const idOf = (i) => `${i.domain}-${createHash('sha256').update([String(i.domain), ...i.path.map((p) => p.trim()).filter(Boolean)].join('/')).digest('hex').slice(0, 8)}`;
  const item = catalog.items.find((i) => idOf(i) === target.item);
  assert.ok(item, 'the entry belongs to an item of the catalog');
  item.content = [XSS_ITEM, ...(item.content ?? [])];
  item.links = { see: 'javascript:window.__pwned=5', act: 'data:text/html,<script>window.__pwned=6</script>' };
  const bodies = { [town.entries]: JSON.stringify(entries), [town.catalog]: JSON.stringify(catalog) };
  await serveEdited(page, register, bodies);

  await open(page, `?place=${TOWN_CODE}&item=${encodeURIComponent(target.item)}`);
  await page.getByRole('article').waitFor();
  const article = page.getByRole('article');
  await article.getByText(XSS_TITLE, { exact: true }).waitFor();
  await article.getByText(XSS_ITEM, { exact: false }).first().waitFor();
  // Shown as text: no element was made from the data, no link carries a script URL, nothing ran.
  assert.equal(await page.locator('article img, article script:not([src]), article svg[onload], article iframe').count(), 0);
  const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs.filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)), []);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await violations(), [], 'nothing even tried to run');
  await done();
});
