// Disclosure-map benchmark in headless Chromium (run by scripts/bench-map.sh).
//   node scripts/bench-map.mjs <default-site-dir> <synthetic-site-dir> <synthetic-city-code>
// Prints: tap-to-selected time on the default dataset (median of 5), and frame times while panning
// and selecting on the city view of the synthetic province.
import { serve, launch, phone, pointInside } from '../tests/e2e/map.helpers.mjs';

const [defaultSite, synthSite, synthCity] = process.argv.slice(2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const browser = await launch();

{
  const site = await serve(defaultSite, 8900 + (process.pid % 50));
  const page = await phone(browser);
  const times = [];
  const targets = ['430121001', '430121002', '430121003', '430121005', '430121102'];
  for (const code of targets) {
    await page.goto(`${site.url}?place=430121`);
    await page.locator(`.map-shape[data-code="${code}"]`).waitFor();
    const p = await pointInside(page, code);
    const t0 = await page.evaluate(() => performance.now());
    await page.touchscreen.tap(p.x, p.y);
    await page.locator(`.map-shape[data-code="${code}"][aria-current="true"]`).waitFor();
    await page.locator('#catalog-h').waitFor();
    const t1 = await page.evaluate(() => performance.now());
    times.push(t1 - t0);
  }
  console.log(`tap-to-selected (default dataset, 长沙县 → township, catalog shown): median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`);
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
