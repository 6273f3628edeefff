// The explorer as a citizen uses it on a phone: one behaviour per test, named by sentence.
// Runs against a built dist/ served from a sub-path (see scripts/e2e.sh).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, phone, open, closeBrowser, horizontalOverflow, param } from './browser.mjs';

after(closeBrowser);

const CITY = '长沙市', COUNTY = '长沙县', TOWN = '星沙街道', TOWN_CODE = '430121001';

async function tree(page) {
  await page.getByRole('tree').waitFor();
  return page.getByRole('tree');
}

/** Opens 社会救助 and walks down to its first item, returning the item's name. */
async function openFirstSocialAssistanceItem(page) {
  const t = await tree(page);
  await t.getByRole('treeitem', { name: /社会救助/ }).first().locator('.ti-row').first().click();
  // Expand branches until a leaf (a link) shows.
  for (let depth = 0; depth < 3; depth++) {
    const leaf = t.locator('a.ti-leaf').first();
    if (await leaf.count()) {
      const name = (await leaf.innerText()).replace('›', '').trim();
      await leaf.click();
      return name;
    }
    await t.locator('[role=group] > [aria-expanded=false] > .ti-row').first().click();
  }
  throw new Error('no item found under 社会救助');
}

test('a citizen walks from the city to a township through the place lists', async () => {
  const { page, done } = await phone();
  await open(page);
  const list = page.locator('.places');
  await list.getByRole('link', { name: new RegExp(CITY) }).click();
  await page.getByRole('heading', { level: 1, name: CITY }).waitFor();
  await list.getByRole('link', { name: new RegExp(COUNTY) }).click();
  await page.getByRole('heading', { level: 1, name: COUNTY }).waitFor();
  await list.getByRole('link', { name: new RegExp(TOWN) }).click();
  await page.getByRole('heading', { level: 1, name: TOWN }).waitFor();
  assert.equal(param(page, 'place'), TOWN_CODE);
  const crumbs = await page.getByRole('navigation', { name: '位置' }).innerText();
  assert.match(crumbs, new RegExp(`${CITY}[\\s\\S]*${COUNTY}[\\s\\S]*${TOWN}`));
  await tree(page);
  await done();
});

test('the sample-data banner is visible when the dataset is sample data', async () => {
  const { page, done } = await phone();
  await open(page);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const manifest = await page.evaluate(async () => (await fetch('./data/manifest.json')).json());
  const banner = page.getByRole('note', { name: '示例数据说明' });
  if (manifest.dataset.sample) {
    await banner.waitFor();
    assert.match(await banner.innerText(), /示例数据/);
  } else {
    assert.equal(await banner.count(), 0);
  }
  await done();
});

test('a domain with no items for the place reads 未涉及 instead of vanishing', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  const t = await tree(page);
  assert.equal(await t.locator(':scope > [role=treeitem]').count(), 26);
  await done();
});

test('choosing a filter narrows the items, shows in the URL, and one tap clears all filters', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  await tree(page);
  const total = async () => Number((await page.locator('.result-count').innerText()).match(/\d+/)[0]);
  const before = await total();
  await page.locator('.filter-box > summary').click();
  // The first enabled option of 公开方式 (or of the first facet offered) that narrows the result.
  const chips = page.locator('.facet .chip:not([disabled])');
  let chosen = null;
  for (let i = 0; i < await chips.count(); i++) {
    const n = Number(await chips.nth(i).locator('.chip-count').innerText());
    if (n > 0 && n < before) { chosen = chips.nth(i); break; }
  }
  assert.ok(chosen, 'some option narrows the catalog');
  const expected = Number(await chosen.locator('.chip-count').innerText());
  await chosen.click();
  await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent.includes(`共 ${n} 项`), expected);
  assert.equal(await chosen.getAttribute('aria-pressed'), 'true');
  assert.ok([...new URL(page.url()).searchParams.keys()].some((k) => ['level', 'mode', 'audience', 'channel'].includes(k) || k.startsWith('x.')));
  await page.getByRole('button', { name: '清除全部筛选' }).click();
  await page.waitForFunction((n) => document.querySelector('.result-count')?.textContent.includes(`共 ${n} 项`), before);
  assert.equal(new URL(page.url()).search, `?place=${TOWN_CODE}`);
  await done();
});

test('an item page shows every element and only safe external links', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  const name = await openFirstSocialAssistanceItem(page);
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  assert.ok(param(page, 'item'));
  const article = page.getByRole('article');
  for (const term of ['公开时限', '公开渠道和载体', '公开方式', '公开层级']) {
    assert.ok(await article.locator('dt', { hasText: term }).count(), term);
  }
  const external = await page.locator('a[target=_blank]').all();
  assert.ok(external.length > 0, 'the item page has external links to check');
  for (const a of external) {
    assert.equal(await a.getAttribute('rel'), 'noopener noreferrer');
    assert.match(await a.getAttribute('href'), /^(https?:|tel:|mailto:)/);
  }
  assert.equal(await page.locator('a[href^="javascript:" i]').count(), 0);
  await done();
});

test('published entries are listed newest first with absolute and relative dates', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  await openFirstSocialAssistanceItem(page);
  await page.getByRole('heading', { name: '已公开的信息' }).waitFor();
  await page.waitForSelector('.entries, .published p.muted');
  const dates = await page.locator('.entries time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  assert.deepEqual(dates, [...dates].sort().reverse());
  if (dates.length) {
    assert.match(await page.locator('.entry-date').first().innerText(), /年.*月.*日 · (今天|昨天|明天|\d+天前|\d+个月前|\d+年前|\d+天后)/);
  }
  await done();
});

test('a deep link to an item survives a reload', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  const name = await openFirstSocialAssistanceItem(page);
  const url = page.url();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: new RegExp(name) }).waitFor();
  assert.equal(page.url(), url);
  await done();
});

test('the back button returns from an item to the tree with the domain and the headings opened on the way still open, and the focus on that item', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  const name = await openFirstSocialAssistanceItem(page);
  await page.getByRole('article').waitFor();
  await page.goBack();
  const t = await tree(page);
  assert.equal(param(page, 'item'), null);
  assert.equal(await t.getByRole('treeitem', { name: /社会救助/ }).first().getAttribute('aria-expanded'), 'true');
  // The item just read shows again where it was: its headings were not closed behind the citizen.
  await t.locator('a.ti-leaf', { hasText: name }).first().waitFor({ timeout: 3000 });
  // … and has the keyboard focus, so a keyboard or a screen reader goes on from there.
  await page.waitForFunction((n) => {
    const a = document.activeElement;
    return a?.getAttribute('role') === 'treeitem' && a.getAttribute('tabindex') === '0' && a.textContent.includes(n);
  }, name, { timeout: 3000 });
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('domain='));
  await done();
});

test('a blocked catalog download shows a failure in Chinese and 重试 recovers', async () => {
  const { page, done } = await phone();
  let blocked = 0;
  await page.route('**/data/catalog/**', (route) => { blocked++; return route.abort(); });
  await open(page, `?place=${TOWN_CODE}`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /数据加载失败[\s\S]*网络连接失败/);
  // The rest of the page stays usable.
  await page.getByRole('navigation', { name: '位置' }).waitFor();
  assert.ok(blocked >= 1);
  await page.unroute('**/data/catalog/**');
  await page.getByRole('button', { name: /重试/ }).click();
  await tree(page);
  assert.equal(await page.getByRole('alert').count(), 0);
  await done();
});

test('a place screen loads the brief catalog; an item page loads the whole one, and 重试 recovers it when it fails', async () => {
  const { page, done } = await phone();
  const asked = [];
  page.on('request', (r) => { const m = r.url().match(/\/data\/(catalog\/[^?]+)$/); if (m) asked.push(m[1]); });
  // The whole catalog, not the brief one (catalog/<owner>.<hash8>.json).
  let block = true;
  await page.route(/\/data\/catalog\/\d+\.[0-9a-f]{8}\.json$/, (route) => (block ? route.abort() : route.continue()));
  await open(page, `?place=${TOWN_CODE}`);
  await tree(page);
  assert.ok(asked.length === 1 && /^catalog\/\d+\.brief\.[0-9a-f]{8}\.json$/.test(asked[0]), asked.join());
  await openFirstSocialAssistanceItem(page);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /网络连接失败/);
  assert.equal(await page.getByRole('article').count(), 0, 'no item page without its texts');
  block = false;
  await page.getByRole('button', { name: /重试/ }).click();
  const article = page.getByRole('article');
  await article.waitFor();
  for (const term of ['公开内容（要素）', '公开依据', '公开时限']) {
    assert.ok(await article.locator('dt', { hasText: term }).count(), term);
  }
  assert.equal(await page.getByRole('alert').count(), 0);
  assert.ok(asked.some((p) => /^catalog\/\d+\.[0-9a-f]{8}\.json$/.test(p)), asked.join());
  // Back on the tree, nothing more to load.
  const before = asked.length;
  await page.goBack();
  await tree(page);
  assert.equal(asked.length, before);
  await done();
});

test('a finger down on an item starts downloading the whole catalog its page needs, before the tap ends', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}&domain=20`);
  const t = await tree(page);
  const leaf = t.locator('a.ti-leaf').first();
  for (let depth = 0; depth < 3 && !(await leaf.count()); depth++) {
    await t.locator('[role=group] > [aria-expanded=false] > .ti-row').first().click();
  }
  const whole = page.waitForRequest(/\/data\/catalog\/\d+\.[0-9a-f]{8}\.json$/, { timeout: 5000 });
  await leaf.dispatchEvent('pointerdown');
  await whole;
  assert.equal(param(page, 'item'), null, 'still on the tree');
  // The tap then opens the item with the catalog already on its way (one download, not two).
  let again = 0;
  page.on('request', (r) => { if (/\/data\/catalog\/\d+\.[0-9a-f]{8}\.json$/.test(r.url())) again++; });
  await leaf.click();
  await page.getByRole('article').waitFor();
  assert.equal(again, 0);
  await done();
});

test('a corrupted catalog is refused by its hash, not half-shown', async () => {
  const { page, done } = await phone();
  await page.route('**/data/catalog/**', async (route) => {
    const resp = await route.fetch();
    const body = Buffer.from(await resp.body());
    body[body.length - 3] ^= 1;
    await route.fulfill({ response: resp, body });
  });
  await open(page, `?place=${TOWN_CODE}`);
  await page.getByRole('alert').waitFor();
  const said = await page.getByRole('alert').innerText();
  assert.match(said, /数据文件已损坏或被篡改：catalog\//);
  // Citizens read it in Chinese only (the English line is in the console).
  assert.doesNotMatch(said, /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/, said);
  assert.equal(await page.getByRole('tree').count(), 0);
  await done();
});

test('a manifest of a newer format says so plainly', async () => {
  const { page, done } = await phone();
  await page.route('**/data/manifest.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: '{"format_version":99}' }));
  await open(page);
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /比本程序新/);
  await done();
});

test('no screen scrolls sideways at 360 px', async () => {
  const { page, done } = await phone();
  for (const q of ['', '?place=430100', '?place=430121', `?place=${TOWN_CODE}`]) {
    await open(page, q);
    await page.waitForSelector('h1');
    await page.waitForTimeout(200);
    assert.equal(await horizontalOverflow(page), 0, `overflow at ${q || 'home'}`);
  }
  await openFirstSocialAssistanceItem(page);
  await page.getByRole('article').waitFor();
  assert.equal(await horizontalOverflow(page), 0, 'overflow on an item page');
  await done();
});

test('buttons, links and tree rows are at least 44 px tall', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  await tree(page);
  await page.locator('.filter-box > summary').click();
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('.filters button, .filter-box > summary, .ti-row, .place-link, .crumbs a, .care-toggle, ' +
      '.lang-toggle, #gk-search, .search-scope button, .sample-banner summary')]
      .filter((e) => e.getClientRects().length && e.getBoundingClientRect().height < 44)
      .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(small, []);
  await done();
});

test('the domain tree follows the WAI-ARIA tree keyboard pattern', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  const t = await tree(page);
  // One tab stop.
  assert.equal(await t.locator('[role=treeitem][tabindex="0"]').count(), 1);
  await t.locator('[role=treeitem][tabindex="0"]').focus();
  const focused = () => page.evaluate(() => document.activeElement.getAttribute('aria-labelledby') &&
    document.getElementById(document.activeElement.getAttribute('aria-labelledby').split(' ')[0]).textContent);
  const first = await focused();
  await page.keyboard.press('ArrowDown');
  assert.notEqual(await focused(), first);
  await page.keyboard.press('Home');
  assert.equal(await focused(), first);
  // → opens a closed branch, → again moves to its first child, ← goes back to the parent, ← closes.
  await page.keyboard.press('ArrowRight');
  const active = page.locator('[role=treeitem]:focus');
  assert.equal(await active.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.parentElement.getAttribute('role')), 'group');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(), first);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.locator('[role=treeitem]:focus').getAttribute('aria-expanded'), 'false');
  // End goes to the last visible treeitem.
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => { const all = [...document.querySelectorAll('[role=tree] [role=treeitem]')]; return all[all.length - 1] === document.activeElement; }), true);
  assert.equal(await t.locator('[role=treeitem][tabindex="0"]').count(), 1);
  // Enter on a leaf opens the item.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 6 && !(await page.evaluate(() => document.activeElement.querySelector(':scope > a.ti-leaf'))); i++) {
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
  }
  await page.keyboard.press('Enter');
  await page.getByRole('article').waitFor();
  assert.ok(param(page, 'item'));
  await done();
});

test('关怀模式 enlarges the text and is remembered after a reload', async () => {
  const { page, errors, done } = await phone();
  await open(page);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await size();
  const toggle = page.getByRole('button', { name: '关怀模式' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.ok(await size() > normal);
  // The first screen, before the app runs (here it never downloads): already large, and its button
  // says so to a screen reader.
  const noApp = (url) => url.pathname.endsWith('.wasm');
  await page.route(noApp, (route) => route.abort());
  await page.reload();
  await page.waitForSelector('html[data-care]');
  assert.equal(await page.locator('#boot .care-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok(await size() > normal);
  await page.goto('about:blank');
  await page.unroute(noApp);
  errors.length = 0;
  // Then the app, once it has taken over.
  await open(page);
  assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'true');
  assert.ok(await size() > normal);
  await done();
});

test('the first screen shows the dataset and its cities before the app has downloaded', async () => {
  const { page, errors, done } = await phone();
  // No WebAssembly at all: what index.html alone shows (the start script fails, as it would offline).
  await page.route((url) => url.pathname.endsWith('.wasm'), (route) => route.abort());
  await page.goto(BASE);
  const manifest = await (await page.request.get(`${BASE}data/manifest.json`)).json();
  await page.getByRole('heading', { level: 1, name: manifest.dataset.title }).waitFor();
  for (const c of manifest.places.filter((p) => p.kind === 'city')) {
    assert.equal(await page.getByRole('link', { name: new RegExp(c.name) }).getAttribute('href'), `?place=${c.code}`);
  }
  if (manifest.dataset.sample) await page.getByRole('note', { name: '示例数据说明' }).waitFor();
  // The pre-rendered text is escaped data, not markup: the page has exactly its one script tag.
  const html = await (await page.request.get(BASE)).text();
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  // A place's URL paints the banner and a loading skeleton, not the home screen's cities.
  await page.goto(`${BASE}?place=${TOWN_CODE}`);
  await page.getByRole('status').filter({ hasText: '正在加载' }).waitFor();
  if (manifest.dataset.sample) assert.ok(await page.getByRole('note', { name: '示例数据说明' }).isVisible());
  assert.equal(await page.getByRole('heading', { level: 1, name: manifest.dataset.title }).isVisible(), false);
  // The only error is the app that could not download. Leave the page first, so that a fetch still
  // failing in the background cannot add an error after the check.
  await page.goto('about:blank');
  assert.ok(errors.every((e) => /wasm|WebAssembly|fetch/i.test(e)), `unexpected errors: ${errors}`);
  errors.length = 0;
  await done();
});

test('the app takes over the first screen without moving anything on it', async () => {
  for (const q of ['', `?place=${TOWN_CODE}`]) {
    const { page, done } = await phone();
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shifts.push(e.value); })
        .observe({ type: 'layout-shift', buffered: true });
    });
    await open(page, q);
    await (q ? tree(page) : page.getByRole('heading', { level: 2, name: '选择地区' }).waitFor());
    await page.waitForTimeout(500);
    const cls = await page.evaluate(() => window.__shifts.reduce((a, b) => a + b, 0));
    assert.ok(cls < 0.1, `cumulative layout shift ${cls.toFixed(3)} at ${q || 'home'}`);
    if (!q) assert.ok(cls < 0.01, `the home screen moved when the app took over: ${cls.toFixed(3)}`);
    await done();
  }
});

test('the app starts under a strict CSP with no inline script', async () => {
  const { page, done } = await phone();
  const violations = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await page.route((url) => url.pathname.endsWith('/gongkai/') || url.pathname.endsWith('/index.html'), async (route) => {
    const resp = await route.fetch();
    await route.fulfill({
      response: resp,
      headers: { ...resp.headers(), 'content-security-policy': "script-src 'self' 'wasm-unsafe-eval'" },
    });
  });
  await open(page, `?place=${TOWN_CODE}`);
  await tree(page);
  const html = await (await page.request.get(page.url())).text();
  assert.deepEqual(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [], [], 'inline <script> in index.html');
  assert.deepEqual(violations, []);
  await done();
});
