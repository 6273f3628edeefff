// Every way in and back (issue 17): the county's service channels on an item page, the Atom feed of a
// place, what is new since the last look, and 分享. Against data/'s sample channels (data/channels.csv):
// 长沙县 has all three kinds, 芙蓉区 a 12345 line and an office-only 依申请公开, 浏阳市 none.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, phone, open, closeBrowser, scrollToTools } from './browser.mjs';

after(closeBrowser);

const CHANGSHA = '430121', FURONG = '430102', LIUYANG = '430181';
// 行政审批 › 药品零售许可企业基本信息 (主动公开; 长沙县 published it 2025-07-18, 2026-08-21, 2026-10-01).
const PROACTIVE = '25-2de773e9';
// 征收 › 启动要件, disclosed on request (依申请).
const ON_REQUEST = '9-dcb4fcf9';
// 征地前期准备 › 拟征收土地现状调查, an item of 浏阳市.
const LIUYANG_ITEM = '8-a22df1cf';

async function itemPage(page, place, item) {
  await open(page, `?place=${place}&item=${item}`);
  await page.locator('article.item h1').waitFor();
}

/** The channels as the page shows them: [kind, name, href or null, sample?]. */
async function channels(page) {
  return page.locator('section.channels li.channel').evaluateAll((lis) => lis.map((li) => [
    li.querySelector('.channel-kind').textContent,
    (li.querySelector('a, .channel-name').firstChild.textContent || '').trim(),
    li.querySelector('a')?.getAttribute('href') ?? null,
    !!li.querySelector('.tag.sample'),
  ]));
}

test('an item page of a county with every channel shows 我要查, 我要评 and 依申请公开, each a working link marked 示例', async () => {
  const { page, done } = await phone();
  await itemPage(page, CHANGSHA, PROACTIVE);
  await page.locator('section.channels').waitFor();
  const item = encodeURIComponent('行政审批 药品零售许可企业基本信息');
  assert.deepEqual(await channels(page), [
    ['我要查', '办件进度查询（示例）', `https://example.org/gongkai-sample/progress?place=${CHANGSHA}&item=${item}`, true],
    ['我要评', '12345政务服务便民热线', 'tel:12345', true],
    ['我要评', '政务服务好差评（示例）', `https://example.org/gongkai-sample/rate?place=${CHANGSHA}&item=${item}`, true],
    ['依申请公开', '政府信息公开申请（示例）', `mailto:apply@example.org?subject=${item}`, true],
  ]);
  // The 12345 line's note and the application office's hours are readable text.
  assert.match(await page.locator('section.channels').innerText(), /工作日 9:00–12:00/);
  // The existing 我要看 / 我要办 links and the published entries are still there.
  await page.getByRole('heading', { name: '已公开的信息' }).waitFor();
  await done();
});

test('a township shows its county\'s channels with its own code in the link', async () => {
  const { page, done } = await phone();
  await itemPage(page, '430121102', PROACTIVE);
  const list = await channels(page);
  assert.equal(list.length, 4);
  assert.match(list[0][2], /place=430121102&/);
  await done();
});

test('an item disclosed on request leads with 依申请公开', async () => {
  const { page, done } = await phone();
  await itemPage(page, CHANGSHA, ON_REQUEST);
  assert.match(await page.locator('.fields').innerText(), /依申请/);
  const list = await channels(page);
  assert.deepEqual(list.map((c) => c[0]), ['依申请公开', '我要查', '我要评', '我要评']);
  assert.equal(list[0][2], `mailto:apply@example.org?subject=${encodeURIComponent('征收 启动要件')}`);
  await done();
});

test('an application channel with an office but no link is text, not a button', async () => {
  const { page, done } = await phone();
  await itemPage(page, FURONG, ON_REQUEST);
  const first = page.locator('section.channels li.channel').first();
  assert.equal(await first.locator('.channel-kind').innerText(), '依申请公开');
  assert.equal(await first.locator('a').count(), 0, 'no link, no button');
  assert.match(await first.innerText(), /区政务服务中心依申请公开窗口/);
  await done();
});

test('an item page of a county without channels shows no channel section and no dead control', async () => {
  const { page, done } = await phone();
  await itemPage(page, LIUYANG, LIUYANG_ITEM);
  await page.getByRole('heading', { name: '已公开的信息' }).waitFor();
  assert.equal(await page.locator('section.channels').count(), 0);
  const text = await page.locator('article.item').innerText();
  for (const word of ['我要查', '我要评', '依申请公开']) assert.doesNotMatch(text, new RegExp(word));
  // Every link in the item has a real target.
  const hrefs = await page.locator('article.item a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 0, 'the item has links to check');
  for (const h of hrefs) assert.ok(h && h !== '#' && !/^javascript:/i.test(h), `dead link ${h}`);
  await done();
});

test('a place announces its Atom feed in the head and explains 订阅; the feed is valid Atom from the sub-path', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${CHANGSHA}`);
  const link = page.locator('head link[rel=alternate][type="application/atom+xml"]');
  await link.waitFor({ state: 'attached' });
  assert.equal(await link.getAttribute('href'), `./data/feeds/${CHANGSHA}.xml`);
  const feed = await page.evaluate(async (href) => {
    const r = await fetch(href);
    const doc = new DOMParser().parseFromString(await r.text(), 'application/xml');
    return { ok: r.ok, root: doc.documentElement.namespaceURI, id: doc.querySelector('feed > id')?.textContent, entries: doc.querySelectorAll('entry').length };
  }, await link.getAttribute('href'));
  assert.deepEqual(feed, { ok: true, root: 'http://www.w3.org/2005/Atom', id: `tag:gongkai,2017:feed/${CHANGSHA}`, entries: 20 });
  // The visible 订阅 control says what a feed is and gives the address to copy.
  await page.locator('details.feed summary', { hasText: '订阅' }).click();
  const box = await page.locator('details.feed').innerText();
  assert.match(box, /阅读器/);
  assert.ok(box.includes(`${BASE}data/feeds/${CHANGSHA}.xml`), box);
  // With a domain open, the head points at that domain's feed.
  await open(page, `?place=${CHANGSHA}&domain=20`);
  await page.waitForFunction(() => document.querySelector('#feed-link')?.getAttribute('href')?.endsWith('-20.xml'));
  assert.equal(await page.locator('#feed-link').getAttribute('href'), `./data/feeds/${CHANGSHA}-20.xml`);
  await done();
});

test('entries published since the last look at a place are marked 新, and the next visit starts from this one', async () => {
  const { page, done } = await phone();
  await open(page);
  // The last look, as the phone remembers it: data as of 2026-08-31.
  await page.evaluate(() => localStorage.setItem('gongkai-seen', '430121:2026-08-31'));
  await itemPage(page, CHANGSHA, PROACTIVE);
  const entries = page.locator('ol.entries li.entry');
  await entries.first().waitFor();
  const marks = await entries.evaluateAll((lis) => lis.map((li) => [li.querySelector('time').getAttribute('datetime'), !!li.querySelector('.tag.new')]));
  // Grouped by type: the 办事指南 of 2025-07-18 first, then the untyped (其他) newest first.
  assert.deepEqual(marks, [['2025-07-18', false], ['2026-10-01', true], ['2026-08-21', false]]);
  assert.match(await page.locator('.new-since').innerText(), /新发布 1 条/);
  // The look is remembered with this data's date; a fresh tab (a new visit) marks nothing.
  const as_of = await page.evaluate(async () => (await (await fetch('./data/manifest.json')).json()).dataset.as_of);
  assert.equal(await page.evaluate(() => localStorage.getItem('gongkai-seen')), `430121:${as_of}`);
  const again = await page.context().newPage();
  await again.goto(`${BASE}?place=${CHANGSHA}&item=${PROACTIVE}`);
  await again.locator('ol.entries li.entry').first().waitFor();
  assert.equal(await again.locator('.tag.new').count(), 0);
  await done();
});

test('分享 without the Web Share API copies the link and says 已复制', async () => {
  const { page, done } = await phone();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
  await page.addInitScript(() => { delete Navigator.prototype.share; });
  await open(page, `?place=${CHANGSHA}`);
  await scrollToTools(page);
  await page.getByRole('button', { name: '分享' }).click();
  await page.locator('.share-status', { hasText: '已复制' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${BASE}?place=${CHANGSHA}`);
  // Print, CSV and the QR code are still there beside it.
  await page.getByRole('button', { name: '打印本页' }).waitFor();
  await page.locator('.qr-box svg').waitFor();
  await done();
});

test('分享 uses the phone\'s share sheet where there is one', async () => {
  const { page, done } = await phone();
  await page.addInitScript(() => {
    window.__shared = [];
    Navigator.prototype.share = function (data) { window.__shared.push(data); return Promise.resolve(); };
  });
  await open(page, `?place=${CHANGSHA}`);
  await scrollToTools(page);
  await page.getByRole('button', { name: '分享' }).click();
  await page.waitForFunction(() => window.__shared.length === 1);
  const shared = await page.evaluate(() => window.__shared[0]);
  assert.equal(shared.url, `${BASE}?place=${CHANGSHA}`);
  assert.match(shared.title, /长沙县/);
  await done();
});

test('printed, an item page keeps its channels, each with where it leads', async () => {
  const { page, done } = await phone();
  await itemPage(page, CHANGSHA, PROACTIVE);
  await page.locator('section.channels').waitFor();
  await page.emulateMedia({ media: 'print' });
  const printed = await page.locator('section.channels li.channel').evaluateAll((lis) => lis.map((li) => {
    const a = li.querySelector('a');
    return [getComputedStyle(li).display !== 'none', a ? getComputedStyle(a).display !== 'none' : null, a ? getComputedStyle(a, '::after').content : null];
  }));
  assert.equal(printed.length, 4);
  for (const [shown, linkShown, after] of printed) {
    assert.ok(shown && linkShown, 'the channel and its link are on paper');
    assert.match(after, /\((https:|tel:|mailto:)/, 'the target is printed after the link');
  }
  await done();
});
