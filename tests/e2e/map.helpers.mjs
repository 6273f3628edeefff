// Shared by map.test.mjs and scripts/bench-map.mjs: serve a built site from a sub-path, launch Debian's
// Chromium, and tap inside an SVG shape (not at its bounding-box centre, which a concave cell may miss).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Serves `dist` at http://127.0.0.1:<port>/sub/path/ and returns { url, close }. */
export async function serve(dist, port) {
  const root = mkdtempSync(join(tmpdir(), 'gongkai-map-'));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(root, 'sub'));
  symlinkSync(resolve(dist), join(root, 'sub', 'path'));
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root],
    { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/sub/path/`;
  for (let i = 0; i < 50; i++) {
    try { if ((await fetch(url)).ok) break; } catch { /* not yet */ }
    await sleep(100);
  }
  return { url, close: () => server.kill() };
}

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A phone: 360 px wide, touch. */
export async function phone(browser) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true,
    deviceScaleFactor: 2, locale: 'zh-CN' });
  return context.newPage();
}

/** A point inside the filled area of the shape of `code`, in page coordinates. */
export async function pointInside(page, code) {
  const sel = `.map-shape[data-code="${code}"]`;
  await page.locator(sel).scrollIntoViewIfNeeded();
  return page.$eval(sel, (path) => {
    const box = path.getBBox();
    const svg = path.ownerSVGElement;
    const m = path.getScreenCTM();
    let best = null;
    for (let i = 1; i < 12 && !best; i++) {
      for (let j = 1; j < 12; j++) {
        const p = svg.createSVGPoint();
        p.x = box.x + (box.width * i) / 12;
        p.y = box.y + (box.height * j) / 12;
        if (path.isPointInFill(p)) {
          const s = p.matrixTransform(m);
          // The topmost element there must be this path (labels do not take pointer events).
          if (document.elementFromPoint(s.x, s.y) === path) { best = { x: s.x, y: s.y }; break; }
        }
      }
    }
    return best;
  });
}
