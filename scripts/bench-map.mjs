// Disclosure-map benchmark in headless Chromium (run by scripts/bench-map.sh).
//   node scripts/bench-map.mjs <default-site-dir> <synthetic-site-dir> <synthetic-city-code>
// Prints: tap-to-marked time on the default dataset (in the page, to the next frame), and frame times
// while panning and selecting on the city view of the synthetic province.
import { serve, launch, phone, pointInside } from '../tests/e2e/map.helpers.mjs';

const [defaultSite, synthSite, synthCity] = process.argv.slice(2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const browser = await launch();

{
  const site = await serve(defaultSite, 8900 + (process.pid % 50));
  const page = await phone(browser);
  // Measured in the page: from the start of the tap's click event (a capturing listener runs before
  // the app's) to the shape being marked (aria-current, seen by a MutationObserver) and to the next
  // frame after that (requestAnimationFrame). The first tap also pays for the browser compiling the
  // code it runs for the first time; it is reported on its own.
  const marked = (code) => page.evaluate((code) => new Promise((resolve) => {
    let t0 = null;
    addEventListener('click', () => { t0 = performance.now(); }, { capture: true, once: true });
    const obs = new MutationObserver(() => {
      if (t0 === null) return;
      if (document.querySelector(`.map-shape[data-code="${code}"]`)?.getAttribute('aria-current') !== 'true') return;
      obs.disconnect();
      const dom = performance.now() - t0;
      requestAnimationFrame(() => resolve({ dom, frame: performance.now() - t0 }));
    });
    obs.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-current'] });
    window.__armed = true;
  }), code);
  const dom = [], frame = [], catalog = [];
  const targets = ['430121001', '430121002', '430121003', '430121005', '430121102', '430121104', '430121105', '430121106'];
  await page.goto(`${site.url}?place=430121`);
  for (const code of targets) {
    await page.locator(`.map-shape[data-code="${code}"]`).waitFor();
    const p = await pointInside(page, code);
    const result = marked(code);
    await page.waitForFunction(() => window.__armed);
    await page.evaluate(() => { window.__armed = false; });
    const t0 = Date.now();
    await page.touchscreen.tap(p.x, p.y);
    const r = await result;
    await page.locator('#catalog-h').waitFor();
    catalog.push(Date.now() - t0);
    dom.push(r.dom);
    frame.push(r.frame);
  }
  const rest = (xs) => xs.slice(1);
  console.log(`tap a township on 长沙县's map (default dataset), from the click to the shape marked: ` +
    `first tap ${dom[0].toFixed(1)} ms (next frame at ${frame[0].toFixed(1)} ms); the next ${targets.length - 1} taps median ` +
    `${median(rest(dom)).toFixed(1)} ms, max ${Math.max(...rest(dom)).toFixed(1)} ms (next frame at median ${median(rest(frame)).toFixed(1)} ms); ` +
    `the catalog follows within median ${median(catalog)} ms as seen from the test driver`);
  await page.close();
  site.close();
}

if (synthSite) {
  const site = await serve(synthSite, 8950 + (process.pid % 40));
  const page = await phone(browser);
  await page.goto(`${site.url}?place=${synthCity}`);
  await page.locator('.map-shape').first().waitFor();
  const shapes = await page.locator('.map-shape').count();
  // Record frame times while dragging (pan) with a pointer, after zooming in twice.
  await page.getByRole('button', { name: /放大/ }).click();
  await page.getByRole('button', { name: /放大/ }).click();
  const box = await page.locator('.map-canvas').boundingBox();
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 100000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 60; i++) {
    await page.mouse.move(cx + 80 * Math.sin(i / 6), cy + 60 * Math.cos(i / 7), { steps: 2 });
  }
  await page.mouse.up();
  const pan = await page.evaluate(() => { const f = window.__frames.slice(2); window.__frames = []; return f; });
  console.log(`pan on synthetic city view (${shapes} shapes, zoomed ×2.25): ${pan.length} frames, median ${median(pan).toFixed(1)} ms, p95 ${pct(pan, 0.95).toFixed(1)} ms, max ${Math.max(...pan).toFixed(1)} ms`);
  // Select a county by keyboard then come back: the time to the selected county's map.
  await page.getByRole('button', { name: /复位/ }).click();
  const first = page.locator('.map-shape').nth(3);
  const code = await first.getAttribute('data-code');
  await first.focus();
  const t0 = await page.evaluate(() => performance.now());
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`place=${code}`));
  await page.locator('.map-shape').first().waitFor();
  const t1 = await page.evaluate(() => performance.now());
  const sel = await page.evaluate(() => window.__frames.slice(1));
  console.log(`select a county on the synthetic city view → its map: ${(t1 - t0).toFixed(0)} ms; frames meanwhile: median ${median(sel).toFixed(1)} ms, max ${Math.max(...sel).toFixed(1)} ms`);
  await page.close();
  site.close();
}
await browser.close();
