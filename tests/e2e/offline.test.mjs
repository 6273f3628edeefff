// Offline: the service worker (public/sw.js) keeps the app and the opened data; 离线 shows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone, open, closeBrowser } from './browser.mjs';

after(closeBrowser);

const TOWN = '星沙街道', TOWN_CODE = '430121001';

/** Waits until the async `check` (run in the page) is true. Not page.waitForFunction: it takes the
 * promise an async function returns for a truthy answer and returns at once. */
async function until(page, check, arg, timeout = 15000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > end) throw new Error(`not true within ${timeout} ms: ${check}`);
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

/** Waits until the worker controls the page and holds a file whose URL contains `part`. */
async function cached(page, part) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await until(page, async (p) => {
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      if (keys.some((r) => r.url.includes(p))) return true;
    }
    return false;
  }, part);
}

/** Waits until the worker holds every hash-named bundle file and chunk the page loaded (what an
 * offline reload of this view needs): it stores them one by one after it takes control. */
async function cachedAllLoaded(page) {
  await cached(page, '_bg.wasm');
  await until(page, async () => {
    const loaded = performance.getEntriesByType('resource').map((e) => e.name)
      .filter((u) => /\/data\/.*\.[0-9a-f]{8}\.json$|\.wasm$/.test(u));
    const held = new Set();
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) held.add(r.url);
    return loaded.length > 0 && loaded.every((u) => held.has(u));
  });
}

test('after one visit, an offline reload shows the last view and says 离线', async () => {
  const { page, done } = await phone({ serviceWorkers: 'allow' });
  await open(page, `?place=${TOWN_CODE}&domain=20`);
  await page.getByRole('tree').waitFor();
  await cachedAllLoaded(page);
  assert.equal(await page.getByText('离线', { exact: true }).count(), 0, 'online: no badge');

  await page.context().setOffline(true);
  await page.getByText('离线', { exact: true }).waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: TOWN }).waitFor();
  const tree = page.getByRole('tree');
  await tree.waitFor();
  assert.equal(await tree.getByRole('treeitem', { name: /社会救助/ }).first().getAttribute('aria-expanded'), 'true');
  await page.getByText('离线', { exact: true }).waitFor();

  await page.context().setOffline(false);
  await page.waitForFunction(() => !document.querySelector('.offline-badge'));
  await done();
});

test('a new dataset version purges data files the new manifest no longer lists, and keeps those it lists through the place lists', async () => {
  const { page, done } = await phone({ serviceWorkers: 'allow' });
  await open(page, `?place=${TOWN_CODE}`);
  await page.getByRole('tree').waitFor();
  await cachedAllLoaded(page);
  // 长沙县's list (named by 长沙's list, not by the manifest) and the catalog 星沙街道 shows (named
  // by 长沙县's list): still listed, through the place lists.
  const deeper = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)
    .filter((u) => /\/data\/(places\/430121|catalog\/)[^/]*\.[0-9a-f]{8}\.json$/.test(u)));
  assert.equal(deeper.length, 2, `the county's list and the catalog: ${deeper}`);
  // A file of an "older version": hash-named, in the data cache, not in the current manifest.
  const stale = await page.evaluate(async () => {
    const name = (await caches.keys()).find((n) => n.includes('-data-'));
    const url = new URL('data/catalog/430121.deadbeef.json', location.href).href;
    await (await caches.open(name)).put(url, new Response('{}'));
    return url;
  });
  // The next visit (the home screen, which asks for neither file again) fetches manifest.json from
  // the network first and prunes what it does not list.
  await open(page);
  await until(page, async (u) => {
    for (const name of await caches.keys()) if (await (await caches.open(name)).match(u)) return false;
    return true;
  }, stale);
  const held = await page.evaluate(async (urls) => {
    const out = [];
    for (const u of urls) for (const name of await caches.keys()) if (await (await caches.open(name)).match(u)) out.push(u);
    return out;
  }, deeper);
  assert.deepEqual(held, deeper, 'the files still listed stay');
  const names = await page.evaluate(() => caches.keys());
  assert.ok(names.length > 0 && names.every((n) => n.startsWith('gongkai-v1-')), `cache names carry the version: ${names}`);
  await done();
});

test('search\'s files pass the worker by: a search under the worker finds its entries, and none of its files is in the worker\'s caches', async () => {
  const { page, done } = await phone({ serviceWorkers: 'allow' });
  await open(page);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await cachedAllLoaded(page);
  await page.getByRole('searchbox', { name: '搜索' }).pressSequentially('低保', { delay: 30 });
  await page.locator('ul[aria-label="搜索结果"][data-q="低保"] li.search-entry').first().waitFor();
  // Posting shards, or the own files of common n-grams (search version 9).
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\/data\/search\/(postings|gram)-/.test(u)));
  assert.ok(fetched.length > 0, 'the entries came from posting lists');
  // The worker would store a file it answered a moment after; give it that moment.
  await new Promise((wait) => setTimeout(wait, 500));
  const held = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
    return urls;
  });
  assert.ok(held.some((u) => u.endsWith('/data/manifest.json')), 'the home screen\'s data is kept');
  assert.deepEqual(held.filter((u) => u.includes('/data/search/')), [], 'no search file kept by the worker');
  await done();
});
