// Helpers of scripts/bench-scale.sh (a benchmark, not a test):
//   node bench-scale.mjs nginx-conf <www> <dir>   write <dir>/nginx.conf serving <www> with docs/hosting.md's
//                                                 nginx block (gzip on) on a free port; prints the port
//   node bench-scale.mjs township <data>          the township a scale is measured on: the last township of
//                                                 the last county of the last city, walking the place lists
//   node bench-scale.mjs search <base-url> <data> the search box, end to end, on scripts/bench-search/
//                                                 queries.json; prints one JSON line
// The search measure is the method of scripts/bench-search/bench.mjs (input event → result list showing
// the query, seen by a MutationObserver; relevant = the result's text holds one of the query's `rel`),
// for our search alone: bench.mjs also loads every record into Fuse.js, which does not fit at scale.
// BENCH_SCALE_VERBOSE=1 prints every keystroke on stderr (query, ms end to end, ms of the search
// itself, files fetched meanwhile); BENCH_SCALE_FILES=1 the first search's files; BENCH_SCALE_RECALL=1
// each judged query's recall.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { freePort, writeNginxConf } from './hosting.helpers.mjs';
import { typeAndTime, clearBox } from '../../scripts/bench-search/search-box.mjs';
import { fragmentKeys } from '../../scripts/bench-search/listing.mjs';

const [cmd, ...args] = process.argv.slice(2);

const json = (dir, key) => JSON.parse(readFileSync(join(dir, key), 'utf8'));

/** The bytes of the body nginx sends for `url` to a browser that accepts gzip (its zopfli twin, or its
 * gzip on the fly), as bench-app.mjs weighs a first load. */
function sentBytes(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

if (cmd === 'nginx-conf') {
  // As hosting.helpers.mjs's nginxSite, without copying the site (a national bundle is several GB):
  // every scale is a folder below <www>/gongkai/, inside the doc's `location /gongkai/`.
  const [www, dir] = args;
  const port = await freePort();
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  writeNginxConf(www, dir, port);
  console.log(port);
} else if (cmd === 'township') {
  // Depth first from the end: the last place with places below it, down to a township.
  const [data] = args;
  const m = json(data, 'manifest.json');
  const below = (p) => json(data, p.children).places;
  const walk = (places) => {
    for (const p of [...places].reverse()) {
      if (p.kind === 'township') return p.code;
      if (p.children) {
        const t = walk(below(p));
        if (t) return t;
      }
    }
    return null;
  };
  const top = m.places.filter((p) => !p.parent || !m.places.some((q) => q.code === p.parent));
  const t = walk(top);
  if (!t) { console.error('no township in this bundle'); process.exit(1); }
  console.log(t);
} else if (cmd === 'search') {
  console.log(JSON.stringify(await search(...args)));
} else {
  console.error('usage: node bench-scale.mjs nginx-conf <www> <dir> | township <data> | search <base-url> <data>');
  process.exit(2);
}

/** How many records of the bundle each query's `rel` matches, counted up to 10 (recall@10's denominator):
 * the places, the items (domain / path, as bench.mjs) and every entry title, read one file at a time. */
function relevantCounts(data, queries) {
  const m = json(data, 'manifest.json');
  const meta = json(data, m.search.meta);
  const items = json(data, meta.items);
  const dom = Object.fromEntries(m.domains.map((d) => [d.id, d.name]));
  const counts = queries.map(() => 0);
  const open = new Set(queries.keys());
  const see = (text) => {
    for (const i of open) {
      if (queries[i].rel.some((r) => text.includes(r)) && ++counts[i] >= 10) open.delete(i);
    }
  };
  for (const name of items.place_names ?? []) see(name);
  for (const it of items.items) see([dom[it.domain], ...it.path].join(' / '));
  for (const k of fragmentKeys(meta, (key) => json(data, key))) {
    if (!open.size) return counts;
    for (const title of json(data, k).title) see(title);
  }
  return counts;
}

async function search(base, data) {
  const queries = JSON.parse(readFileSync(new URL('../../scripts/bench-search/queries.json', import.meta.url), 'utf8'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
  const fetched = [];
  // Every request as it starts, for BENCH_SCALE_VERBOSE's files per keystroke.
  const requested = [];
  page.on('request', (req) => requested.push(req.url()));
  // The files of the first search, weighed once it is done (sentBytes). Not through the browser: by
  // then the offline worker answers the page's requests, and the debugging protocol gives a response
  // the worker passed on no size.
  let weighing = true;
  page.on('requestfinished', (req) => {
    // Data (bundle files) and code (the search's wasm chunks).
    const url = req.url(), path = new URL(url).pathname;
    if (weighing && (path.includes('/data/') || /\.(wasm|js)$/.test(path))) fetched.push({ url, code: !path.includes('/data/') });
  });
  await page.goto(base, { waitUntil: 'networkidle' });
  await page.waitForSelector('#gk-search');
  await page.waitForTimeout(300);
  const before = fetched.length;

  const times = [];
  let timeouts = 0, first = null;
  const recall = [];
  for (const [qi, { q, rel }] of queries.entries()) {
    await clearBox(page);
    const chars = Array.from(q);
    for (let i = 1; i <= chars.length; i++) {
      const typed = chars.slice(0, i).join('');
      const asked = requested.length;
      const { total: t, compute } = await typeAndTime(page, typed);
      if (t >= 0) times.push(t); else timeouts++;
      // BENCH_SCALE_VERBOSE=1: each keystroke on stderr: the text, its time end to end, the app's own
      // measure (downloads included, drawing not), and the files requested meanwhile.
      if (process.env.BENCH_SCALE_VERBOSE) {
        const files = requested.slice(asked).map((u) => u.replace(base, '').replace(/^data\/search\//, '').replace(/\.[0-9a-f]{8}\.json$/, ''));
        console.error(`key\t${qi}\t${typed}\t${t.toFixed(1)}\t${compute.toFixed(1)}\t${files.length}\t${files.join(' ')}`);
      }
    }
    await page.waitForTimeout(20);
    const top = await page.$$eval('ul[aria-label="搜索结果"] li', (lis) => lis.slice(0, 10).map((li) => li.textContent));
    recall.push({ qi, found: top.filter((t) => rel.some((r) => t.includes(r))).length });
    if (qi === 0) {
      // Everything the first search downloaded: its data and the lazily loaded search code.
      await page.waitForTimeout(200);
      const f = fetched.slice(before);
      for (const x of f) x.gz = await sentBytes(x.url);
      // BENCH_SCALE_FILES=1: what the first search downloaded, file by file, on stderr.
      if (process.env.BENCH_SCALE_FILES) for (const x of f) console.error(`${x.gz}\t${x.url.replace(base, '')}`);
      first = { data: f.filter((x) => !x.code).reduce((s, x) => s + x.gz, 0), code: f.filter((x) => x.code).reduce((s, x) => s + x.gz, 0), files: f.length };
      weighing = false;
    }
  }
  await browser.close();
  const counts = relevantCounts(data, queries);
  const judged = recall.filter((r) => counts[r.qi] > 0);
  // BENCH_SCALE_RECALL=1: each judged query's relevant results in the top 10, on stderr.
  if (process.env.BENCH_SCALE_RECALL) for (const r of judged) console.error(`recall\t${queries[r.qi].q}\t${r.found}/${Math.min(10, counts[r.qi])}`);
  const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  return {
    first_data_gz: first.data, first_code_gz: first.code, first_files: first.files,
    keystrokes: times.length, timeouts, p50_ms: pct(times, 0.5), p95_ms: pct(times, 0.95),
    recall10: judged.reduce((s, r) => s + r.found / Math.min(10, counts[r.qi]), 0) / judged.length,
    queries_judged: judged.length, queries: queries.length,
  };
}

