// The bundle as the app reaches it: the manifest and the place lists (docs/bundle-format.md), for tests
// that look a place up or serve an edited file. Editing a file changes its hash, so every listing on the
// chain from the manifest down to it is re-hashed and served too, as an attacker controlling the host
// (or a build) would have to.
import { createHash } from 'node:crypto';
import { BASE } from './browser.mjs';

const dataUrl = (path) => new URL(`data/${path}`, BASE);

/** Loads the manifest and every place list: `place(code)` finds a place wherever it is listed. */
export async function loadRegister() {
  const manifest = await (await fetch(dataUrl('manifest.json'))).json();
  const lists = new Map();
  const todo = manifest.places.map((p) => p.children).filter(Boolean);
  while (todo.length) {
    const key = todo.pop();
    if (lists.has(key)) continue;
    const list = await (await fetch(dataUrl(key))).json();
    lists.set(key, { list, original: JSON.stringify(list) });
    todo.push(...list.places.map((p) => p.children).filter(Boolean));
  }
  const manifestOriginal = JSON.stringify(manifest);
  const place = (code) => {
    for (const { list } of lists.values()) {
      const p = list.places.find((q) => q.code === code);
      if (p) return p;
    }
    return manifest.places.find((q) => q.code === code);
  };
  const places = () => {
    const seen = new Map(manifest.places.map((p) => [p.code, p]));
    for (const { list } of lists.values()) for (const p of list.places) if (!seen.has(p.code)) seen.set(p.code, p);
    return [...seen.values()];
  };
  return { manifest, manifestOriginal, lists, place, places };
}

/** Whether one of these places names the file (a file a test adds is listed where it is named). */
const names = (places, path) => places.some((p) => [p.catalog, p.brief, p.entries, p.geo, p.adjustments, p.children].includes(path));

/** A file's reference as a listing holds it: its size and the first 128 bits of its SHA-256 (format 7). */
const ref = (body) => ({ bytes: Buffer.byteLength(body), sha256_128: createHash('sha256').update(body).digest('hex').slice(0, 32) });

/**
 * Serves `edits` (path → new body) and every place list the test changed in `register` (its place
 * records), re-hashing each listing up the chain, the manifest last.
 */
export async function serveEdited(page, register, edits = {}) {
  const bodies = new Map(Object.entries(edits).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const { manifest, lists } = register;
  for (const [key, { list, original }] of lists) if (JSON.stringify(list) !== original) bodies.set(key, JSON.stringify(list));
  // Re-hash bottom-up until nothing changes: a list that names a changed file changes too.
  for (let changed = true; changed; ) {
    changed = false;
    for (const [key, { list }] of lists) {
      for (const [path, body] of bodies) {
        if (path === key || !(list.files[path] || names(list.places, path))) continue;
        const r = ref(body);
        if (list.files[path]?.sha256_128 !== r.sha256_128) {
          list.files[path] = r;
          bodies.set(key, JSON.stringify(list));
          changed = true;
        }
      }
    }
  }
  for (const [path, body] of bodies) if (manifest.files[path] || names(manifest.places, path)) manifest.files[path] = ref(body);
  const manifestBody = JSON.stringify(manifest);
  if (manifestBody !== register.manifestOriginal || bodies.size) {
    await page.route('**/data/manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: manifestBody }));
  }
  for (const [path, body] of bodies) {
    await page.route(`**/data/${path}`, (route) => route.fulfill({ contentType: 'application/json', body }));
  }
}
