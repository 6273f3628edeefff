// Typing into the explorer's search box and timing it, for the benchmarks that drive a real page
// (bench.mjs here, tests/e2e/bench-scale.mjs). Plain page.evaluate calls: no package needed.

// Returns { total, compute }: total from the input event to the result list showing the query
// (everything a citizen waits for); compute the app's own `gongkai:search` measure of the last search
// (downloads included, drawing not: comparable with Fuse.js's search()).
export async function typeAndTime(page, text) {
  return page.evaluate((text) => new Promise((resolve) => {
    const input = document.getElementById('gk-search');
    performance.clearMeasures('gongkai:search');
    const t0 = performance.now();
    let timer;
    const check = () => {
      const ul = document.querySelector('ul[aria-label="搜索结果"]');
      if (ul && ul.dataset.q === text) {
        obs.disconnect(); clearTimeout(timer);
        const m = performance.getEntriesByName('gongkai:search');
        resolve({ total: performance.now() - t0, compute: m.length ? m[m.length - 1].duration : NaN });
      }
    };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    timer = setTimeout(() => { obs.disconnect(); resolve({ total: -1, compute: NaN }); }, 15000);
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }), text);
}

export async function clearBox(page) {
  await page.evaluate(() => new Promise((resolve) => {
    const input = document.getElementById('gk-search');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const wait = () => (document.querySelector('ul[aria-label="搜索结果"]') ? requestAnimationFrame(wait) : resolve());
    wait();
  }));
}
