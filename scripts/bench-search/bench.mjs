// Search benchmark: Gongkai's search box vs Fuse.js, in the same headless Chromium, on the same records.
//   node bench.mjs <base-url> <site-dir> <dataset>...
// Each dataset is served at <base-url>/<dataset>/ (the release app with that dataset's bundle in data/).
// Ours is measured end to end through the real search box: from the input event to the result list
// (ul[aria-label=搜索结果]) showing that query, seen by a MutationObserver in the page — fetches,
// ranking and rendering included. Fuse.js is measured on fuse.search() alone (no rendering: in its
// favour), over every item and entry, loaded up front.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { typeAndTime, clearBox } from './search-box.mjs';
import { fragmentKeys } from './listing.mjs';

const [base, siteDir, ...datasets] = process.argv.slice(2);
const QUERIES = JSON.parse(readFileSync(new URL('./queries.json', import.meta.url), 'utf8'));
const FUSE_BUDGET_MS = Number(process.env.FUSE_BUDGET_MS || 120000);
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const pct = (xs, p) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const kb = (b) => (b / 1024).toFixed(1);
const relevant = (rel, text) => rel.some((t) => text.includes(t));

// The records both engines search: items (domain / path) and entries (title), from the bundle.
function records(dataDir) {
  const read = (k) => JSON.parse(readFileSync(path.join(dataDir, k), 'utf8'));
  const m = read('manifest.json');
  const dom = Object.fromEntries(m.domains.map((d) => [d.id, d.name]));
  const meta = read(m.search.meta);
  const items = read(meta.items).items;
  const out = items.map((it) => ({ text: [dom[it.domain], ...it.path].join(' / ') }));
  // Places are results too (星沙 → 星沙街道); a place stands for its name.
  for (const p of m.places) out.push({ text: p.name });
  // Fragment chunks are listed by the meta file's list pages, not by the manifest (fragmentKeys).
  const frags = fragmentKeys(meta, read);
  for (const k of frags) {
    for (const title of read(k).title) out.push({ text: title });
  }
  return out;
}

async function benchOne(browser, name) {
  const dataDir = path.join(siteDir, name, 'data');
  const recs = records(dataDir);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const fetched = [];
  // Search data, and the app's lazily loaded code (the search chunk arrives with the first keystroke).
  page.on('requestfinished', async (req) => {
    const url = req.url();
    const kind = url.includes('/data/search/') ? 'data' : url.endsWith('.wasm') ? 'code' : null;
    if (!kind) return;
    const resp = await req.response();
    const body = await resp.body();
    fetched.push({ url, kind, raw: body.length, gz: zlib.gzipSync(body).length });
  });
  await page.goto(`${base}/${name}/`, { waitUntil: 'networkidle' });
  await page.waitForSelector('#gk-search');
  await page.waitForTimeout(300);
  const beforeTyping = fetched.length;
  const since = (kind) => fetched.slice(beforeTyping).filter((f) => !kind || f.kind === kind).reduce((s, f) => s + f.gz, 0);

  const ours = { times: [], compute: [], recall: [], firstGz: 0, firstCodeGz: 0 };
  for (const [qi, { q, rel }] of QUERIES.entries()) {
    await clearBox(page);
    const chars = Array.from(q);
    for (let i = 1; i <= chars.length; i++) {
      const before = fetched.length;
      const { total: t, compute } = await typeAndTime(page, chars.slice(0, i).join(''));
      if (process.env.BENCH_VERBOSE) console.error(`  [${name}] ${chars.slice(0, i).join('').padEnd(10)} ${t.toFixed(1).padStart(7)} ms (search ${compute.toFixed(1)})  ${fetched.slice(before).map((f) => f.url.split('/').pop().replace(/\.[0-9a-f]{8}\.json$/, '')).join(' ')}`);
      if (t >= 0) ours.times.push(t);
      if (compute >= 0) ours.compute.push(compute);
      else console.error(`  [${name}] no results list for "${chars.slice(0, i).join('')}" within 15 s`);
    }
    await page.waitForTimeout(20);
    const top = await page.$$eval('ul[aria-label="搜索结果"] li', (lis) => lis.slice(0, 10).map((li) => li.textContent));
    const total = recs.filter((r) => relevant(rel, r.text)).length;
    if (total) ours.recall.push(top.filter((t) => relevant(rel, t)).length / Math.min(10, total));
    if (qi === 0) [ours.firstGz, ours.firstCodeGz] = [since('data'), since('code')];
  }
  const oursTotalGz = since('data');

  // Fuse.js over the same records, in the same page.
  const recFile = path.join(siteDir, name, 'fuse-records.json');
  writeFileSync(recFile, JSON.stringify(recs));
  const recGz = zlib.gzipSync(readFileSync(recFile)).length;
  // Served from the site itself: the app's CSP allows same-origin scripts only.
  copyFileSync(new URL('./node_modules/fuse.js/dist/fuse.min.js', import.meta.url), path.join(siteDir, name, 'fuse.min.js'));
  await page.addScriptTag({ url: `${base}/${name}/fuse.min.js` });
  const indexMs = await page.evaluate(async (url) => {
    const recs = await (await fetch(url)).json();
    const t0 = performance.now();
    window.__fuse = new Fuse(recs, { keys: ['text'], ignoreLocation: true, threshold: 0.4 });
    return performance.now() - t0;
  }, `${base}/${name}/fuse-records.json`);
  const fuse = { times: [], recall: [], queries: 0 };
  let spent = 0;
  for (const { q, rel } of QUERIES) {
    if (spent > FUSE_BUDGET_MS) break;
    const chars = Array.from(q);
    const r = await page.evaluate((chars) => {
      const times = [];
      let top = [];
      for (let i = 1; i <= chars.length; i++) {
        const t0 = performance.now();
        top = window.__fuse.search(chars.slice(0, i).join(''), { limit: 10 });
        times.push(performance.now() - t0);
      }
      return { times, top: top.map((x) => x.item.text) };
    }, chars);
    spent += r.times.reduce((a, b) => a + b, 0);
    fuse.times.push(...r.times);
    fuse.queries++;
    const total = recs.filter((x) => relevant(rel, x.text)).length;
    if (total) fuse.recall.push(r.top.filter((t) => relevant(rel, t)).length / Math.min(10, total));
  }
  await ctx.close();
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  return [
    { name, engine: 'Gongkai (search box, end to end)', records: recs.length, p50: pct(ours.times, 0.5), p95: pct(ours.times, 0.95),
      c50: pct(ours.compute, 0.5), c95: pct(ours.compute, 0.95),
      first: `${kb(ours.firstGz)} + ${kb(ours.firstCodeGz)} code`, total: `${kb(oursTotalGz)}`, recall: mean(ours.recall),
      note: `${fetched.length - beforeTyping} files fetched while typing, ${fetched.slice(0, beforeTyping).filter((f) => f.kind === 'data').length} search files before the first keystroke` },
    { name, engine: 'Fuse.js 7.1 (search() only)', records: recs.length, p50: pct(fuse.times, 0.5), p95: pct(fuse.times, 0.95),
      c50: pct(fuse.times, 0.5), c95: pct(fuse.times, 0.95),
      first: kb(recGz), total: kb(recGz), recall: mean(fuse.recall), note: `index ${indexMs.toFixed(0)} ms; ${fuse.queries}/${QUERIES.length} queries in budget` },
  ];
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
const rows = [];
for (const name of datasets) {
  if (!existsSync(path.join(siteDir, name, 'data', 'manifest.json'))) { console.error(`skip ${name}: no bundle`); continue; }
  console.error(`benchmarking ${name} …`);
  rows.push(...(await benchOne(browser, name)));
}
await browser.close();
console.log(`\n${QUERIES.length} queries typed keystroke by keystroke (${QUERIES.reduce((s, q) => s + Array.from(q.q).length, 0)} keystrokes per engine and dataset)\n`);
console.log('p50/p95: per keystroke, from the input event to the result list on screen (Fuse.js: its search() call alone).');
console.log('search p50/p95: the search itself, downloads included, drawing not (ours: the app\'s gongkai:search measure).\n');
console.log('| dataset | records | engine | p50 ms | p95 ms | search p50 ms | search p95 ms | first search kB gz (data + code) | total data kB gz | recall@10 | notes |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of rows) {
  console.log(`| ${r.name} | ${r.records} | ${r.engine} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.c50.toFixed(2)} | ${r.c95.toFixed(2)} | ${r.first} | ${r.total} | ${r.recall.toFixed(3)} | ${r.note} |`);
}
