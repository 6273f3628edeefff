// First-load transfer of the explorer, as a phone would download it: every request of the home screen
// and of a township screen, grouped (HTML, JS, wasm, CSS, manifest, other data), raw and gzip-compressed
// (level 9, as a static host with gzip would serve it). Optionally Lighthouse and axe when installed.
//   node bench-app.mjs <base-url>
import { chromium } from 'playwright-core';
import { gzipSync } from 'node:zlib';

const BASE = process.argv[2] ?? process.env.GONGKAI_BASE_URL;
const TOWN = process.env.BENCH_PLACE ?? '430121001';
const BUDGET = 250 * 1024;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function kind(url, type) {
  const p = new URL(url).pathname;
  if (p.endsWith('/data/manifest.json')) return 'manifest';
  if (p.includes('/data/')) return 'data (' + p.split('/data/')[1].split('/')[0] + ')';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('.css')) return 'css';
  if (type === 'document' || p.endsWith('/') || p.endsWith('.html')) return 'html';
  return 'other';
}

async function measure(browser, query) {
  const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
  const seen = [];
  page.on('response', async (r) => {
    try {
      const body = await r.body();
      seen.push({ url: r.url(), kind: kind(r.url(), r.request().resourceType()), raw: body.length, gz: gzipSync(body, { level: 9 }).length });
    } catch { /* redirects and aborted requests have no body */ }
  });
  const t0 = Date.now();
  await page.goto(BASE + query, { waitUntil: 'networkidle' });
  const ms = Date.now() - t0;
  await page.close();
  const groups = {};
  for (const s of seen) {
    const g = (groups[s.kind] ??= { raw: 0, gz: 0, n: 0 });
    g.raw += s.raw; g.gz += s.gz; g.n++;
  }
  return { groups, ms };
}

const kb = (n) => (n / 1024).toFixed(1).padStart(7) + ' kB';
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ARGS });
let over = false;
for (const [label, query] of [['home screen', ''], [`township ${TOWN}`, `?place=${TOWN}`]]) {
  const { groups, ms } = await measure(browser, query);
  console.log(`\n${label} (${BASE}${query}) — loaded in ${ms} ms on localhost`);
  console.log('  what                 files        raw       gzip');
  let raw = 0, gz = 0;
  for (const [k, g] of Object.entries(groups).sort()) {
    console.log(`  ${k.padEnd(20)} ${String(g.n).padStart(5)} ${kb(g.raw)} ${kb(g.gz)}`);
    raw += g.raw; gz += g.gz;
  }
  console.log(`  ${'total'.padEnd(20)} ${''.padStart(5)} ${kb(raw)} ${kb(gz)}   budget ${kb(BUDGET)} gzip → ${gz <= BUDGET ? 'OK' : 'OVER'}`);
  if (label === 'home screen' && gz > BUDGET) over = true;
}

// Accessibility: axe-core on the main screens, if @axe-core/playwright is installed.
try {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  console.log('\naxe-core (wcag2a, wcag2aa, wcag21aa)');
  for (const q of ['', `?place=${TOWN}`]) {
    const page = await context.newPage();
    await page.goto(BASE + q, { waitUntil: 'networkidle' });
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
    console.log(`  ${q || 'home'}: ${r.violations.length} violations${r.violations.map((v) => `\n    - ${v.id} (${v.impact}): ${v.nodes.length} × ${v.help}`).join('')}`);
    await page.close();
  }
} catch (e) {
  console.log(`\naxe-core: skipped (${e.code === 'ERR_MODULE_NOT_FOUND' ? 'npm i @axe-core/playwright' : e.message})`);
}
await browser.close();
process.exit(over ? 1 : 0);
