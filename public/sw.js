/*! Gongkai service worker: keeps the explorer working offline. MIT licence, part of Gongkai.
 *
 * Scope: the folder the site is served from (registered by the app as "./sw.js"), so the site works
 * offline from any sub-path, and two copies on one host keep separate caches.
 *
 * What it keeps (see docs/hosting.md, "Offline"):
 * - the app shell: index.html and the hash-named js/wasm/css it loads, found at install time by
 *   reading index.html itself (no build-time list to keep in step with the build);
 * - the lazily loaded parts of the app (the map, the catalog, search … chunks, *.wasm named by the
 *   split loader wasm-split-<hash>.js) once the citizen has used them;
 * - every bundle file the citizen has opened (data/*.<hash8>.json), and data/manifest.json, but
 *   search's (data/search/…): they go to the network and the browser's own cache, never through this
 *   worker (see SEARCH_PREFIX).
 * How it answers:
 * - hash-named files (app assets, bundle files): cache first: a name never changes content;
 * - the page (navigations, index.html) and data/manifest.json: network first, the cache when offline;
 * - anything else under the scope: network first, the cache when offline.
 * Versions: caches are named "gongkai-<SCHEMA>-<kind>-<scope>"; activating deletes every other
 * gongkai cache of this scope. When a new index.html or manifest.json arrives, files that are no
 * longer referenced (old app builds and their chunks, data files the new manifest no longer lists,
 * directly or through the place, search and locate lists) are deleted from the caches.
 */
'use strict';

const SCHEMA = 'v1';
const SCOPE = self.registration.scope; // ends with '/'
const SHELL = `gongkai-${SCHEMA}-shell-${SCOPE}`;
const DATA = `gongkai-${SCHEMA}-data-${SCOPE}`;
const INDEX = new URL('./', SCOPE).href;
const MANIFEST = new URL('./data/manifest.json', SCOPE).href;
const DATA_PREFIX = new URL('./data/', SCOPE).href;
// App assets are named <name>-<hex>.<ext> (up to 16 hex digits: Trunk drops leading zeros;
// scripts/build-wasm.sh writes 16); the build step names bundle files <stem>.<8 hex>.json.
const HASHED = /(?:-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css|svg)|\.[0-9a-f]{8}\.json)$/;
// Search's files: a keystroke may wait for a round or two of them, and each one through this worker
// (its cache looked up and missed, the network asked, the copy stored) took longer than the search
// itself: national p95 per keystroke 54.6 and 51.6 ms through the worker, 43.4 and 44.0 ms past it
// (tests/e2e/bench-scale.mjs search, same bundle). They are hash-named and served immutable
// (docs/hosting.md), so the browser's HTTP cache keeps them and answers for them offline while it
// holds them; where the browser takes static routes (Chrome 123+), they do not even wake this worker.
const SEARCH_PREFIX = `${DATA_PREFIX}search/`;

/** Same-scope URLs named in a text: `src`/`href` attributes (index.html) and "./…" string literals of
 * js and wasm files (the start script names the glue and the main module, the glue the split loader,
 * the loader the chunks). */
function namedAssets(text, base) {
  const out = new Set();
  const re = /(?:src|href)\s*=\s*["']([^"'#?]+)["']|["'](\.\/[^"'#?\s]+\.(?:js|wasm))["']/g;
  let m;
  while ((m = re.exec(text))) {
    const raw = m[1] || m[2];
    if (!raw || /^(?:[a-z]+:)?\/\//i.test(raw) || raw.startsWith('data:')) continue;
    const url = new URL(raw, base);
    if (url.origin === self.location.origin && url.href.startsWith(SCOPE)) out.add(url.href);
  }
  return [...out];
}

/** The app's files this index.html needs, following its scripts: `{ all, shell }`, where `shell` is
 * what the page needs to start (cached now) and the rest are the lazily loaded chunks (cached when
 * first used). */
async function appAssets(cache, html) {
  const all = new Set(namedAssets(html, INDEX));
  let scripts = [...all].filter((u) => u.endsWith('.js'));
  for (let depth = 0; depth < 4 && scripts.length; depth++) {
    const next = [];
    for (const url of scripts) {
      let res = await cache.match(url);
      if (!res) {
        try {
          res = await fetch(url, { cache: 'no-cache' });
          if (res.ok) await cache.put(url, res.clone());
        } catch (_) { continue; }
      }
      if (!res.ok) continue;
      for (const u of namedAssets(await res.text(), url)) {
        if (all.has(u)) continue;
        all.add(u);
        if (u.endsWith('.js')) next.push(u);
      }
    }
    scripts = next;
  }
  // Chunks are *.wasm other than the main module (<name>-<hash>_bg.wasm).
  const shell = [...all].filter((u) => !u.endsWith('.wasm') || u.endsWith('_bg.wasm'));
  return { all: [...all], shell };
}

async function cacheShell(html) {
  const cache = await caches.open(SHELL);
  await cache.put(INDEX, new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
  const { all, shell } = await appAssets(cache, html);
  await Promise.all(
    shell.map(async (url) => {
      if (await cache.match(url)) return;
      try {
        const res = await fetch(url, { cache: 'no-cache' });
        if (res.ok) await cache.put(url, res);
      } catch (_) { /* fetched again when the page asks for it */ }
    })
  );
  // Old builds' assets: drop what the current index.html (through its scripts) no longer names.
  const keep = new Set([INDEX, ...all]);
  for (const req of await cache.keys()) {
    if (!keep.has(req.url) && HASHED.test(new URL(req.url).pathname)) await cache.delete(req);
  }
}

/** The keys of a cached bundle file's `files` list (the search meta and its list pages list further
 * files), or none. */
async function listedBy(cache, key) {
  const res = await cache.match(new URL(key, DATA_PREFIX).href);
  if (!res) return [];
  try {
    const files = (await res.json()).files;
    return files && typeof files === 'object' ? Object.keys(files) : [];
  } catch (_) {
    return [];
  }
}

async function pruneData(manifestText) {
  let files;
  try {
    files = Object.keys(JSON.parse(manifestText).files || {});
  } catch (_) {
    return;
  }
  const cache = await caches.open(DATA);
  // What the manifest lists, and what the listing files it reaches list in turn, as far down as they
  // are cached: the place lists (province → city → county, each naming its places' catalogs, entries
  // and maps), the search meta file → its index pages → its list pages → shards, fragments and the counties' local files → their places' own entries, the locate index → each
  // city's outlines. The same chains the app verifies files through, by the same prefixes
  // (gongkai_bundle::verify::LISTINGS; a native test fails when the two part).
  const listing = (k) => ['places/', 'search/meta.', 'search/shards-', 'search/shardidx-', 'search/frags-', 'search/fragidx-', 'search/locals-', 'search/local-', 'locate/index.'].some((p) => k.startsWith(p));
  const listed = new Set(files);
  const todo = files.filter(listing);
  while (todo.length) {
    for (const l of await listedBy(cache, todo.pop())) {
      if (listed.has(l)) continue;
      listed.add(l);
      if (listing(l)) todo.push(l);
    }
  }
  const keep = new Set([...listed].map((k) => new URL(k, DATA_PREFIX).href));
  keep.add(MANIFEST);
  for (const req of await cache.keys()) {
    if (!keep.has(req.url)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  try {
    event.addRoutes?.({ condition: { urlPattern: new URLPattern(`${SEARCH_PREFIX}*`) }, source: 'network' })?.catch?.(() => {});
  } catch (_) { /* no static routes: the fetch handler lets them pass */ }
  event.waitUntil(
    (async () => {
      const res = await fetch(INDEX, { cache: 'no-cache' });
      if (res.ok) await cacheShell(await res.text());
      try {
        const m = await fetch(MANIFEST, { cache: 'no-cache' });
        if (m.ok) await (await caches.open(DATA)).put(MANIFEST, m);
      } catch (_) { /* cached on first use */ }
      await self.skipWaiting();
    })()
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('gongkai-') && name.endsWith(`-${SCOPE}`) && name !== SHELL && name !== DATA) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })()
  );
});

/** The app tells us which files (bundle files, chunks of the app) it loaded before this worker
 * controlled the page. */
self.addEventListener('message', (event) => {
  const msg = event.data;
  if (!msg || msg.type !== 'gongkai:cache' || !Array.isArray(msg.urls)) return;
  event.waitUntil(
    (async () => {
      for (const u of msg.urls.slice(0, 500)) {
        if (typeof u !== 'string') continue;
        const url = new URL(u, SCOPE);
        url.hash = '';
        if (!url.href.startsWith(SCOPE) || url.search || !HASHED.test(url.pathname) || url.href.startsWith(SEARCH_PREFIX)) continue;
        const cache = await caches.open(url.href.startsWith(DATA_PREFIX) ? DATA : SHELL);
        if (await cache.match(url.href)) continue;
        try {
          const res = await fetch(url.href);
          if (res.ok) await cache.put(url.href, res);
        } catch (_) { /* offline: nothing to add */ }
      }
    })()
  );
});

// The copy for the cache is stored while the page already reads the answer (event.waitUntil keeps
// the worker alive for it): awaiting cache.put first held every download back until its whole body
// had come and been written to disk, a delay on every round of a search keystroke's small files
// (national p95 through the worker, three runs each: 76.6–85.4 ms before, 70.0–75.9 ms after).
async function cacheFirst(event, cacheName) {
  const request = event.request;
  const cache = await caches.open(cacheName);
  const hit = await cache.match(request.url);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') event.waitUntil(cache.put(request.url, res.clone()));
  return res;
}

async function networkFirst(event, cacheName, key, onFresh) {
  const request = event.request;
  const cache = await caches.open(cacheName);
  try {
    const res = await fetch(request, { cache: 'no-cache' });
    if (res.ok && res.type === 'basic') {
      const copy = res.clone();
      event.waitUntil(cache.put(key, copy.clone()));
      if (onFresh) event.waitUntil(copy.text().then(onFresh));
    }
    return res;
  } catch (err) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(SCOPE)) return;
  const path = url.origin + url.pathname;
  if (path.startsWith(SEARCH_PREFIX)) return;

  if (path === INDEX || path === new URL('./index.html', SCOPE).href) {
    // Any view (?place=…) is the same page: one cached copy under the scope URL.
    event.respondWith(networkFirst(event, SHELL, INDEX, cacheShell));
    return;
  }
  if (path === MANIFEST) {
    event.respondWith(networkFirst(event, DATA, MANIFEST, pruneData));
    return;
  }
  if (HASHED.test(url.pathname) && !url.search) {
    event.respondWith(cacheFirst(event, path.startsWith(DATA_PREFIX) ? DATA : SHELL));
    return;
  }
  if (url.pathname.endsWith('/sw.js')) return;
  event.respondWith(networkFirst(event, SHELL, path));
});
