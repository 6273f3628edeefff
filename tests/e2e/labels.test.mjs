// Truthful labels (issue 18, point 5), against data/: a reader who lands on one page can tell what is
// invented. Sample entries and 我要看/我要办 links carry 示例; a sample link is on example.org or a
// portal's home page, of the place's own city or the province (湘潭 never leads to 长沙); a county whose
// catalog is an illustrative adaptation says so in one line.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone, open, closeBrowser } from './browser.mjs';

after(closeBrowser);

const CHANGSHA = '430121', YUHU = '430302', XIANGTAN_COUNTY = '430321';
// 最低生活保障 › 办事指南: 我要看 and 我要办 in both cities.
const DIBAO_GUIDE = '20-5ab5f3b3';
// 行政审批 › 药品零售许可企业基本信息: 长沙县 published sample entries under it.
const PROACTIVE = '25-2de773e9';

async function itemPage(page, place, item) {
  await open(page, `?place=${place}&item=${item}`);
  await page.locator('article.item h1').waitFor();
}

/** 我要看 / 我要办 as shown: [label, href], and whether the links are labelled 示例. */
async function services(page) {
  const box = page.locator('.services');
  const links = await box.locator('a.service').evaluateAll((as) => as.map((a) => [a.firstChild.textContent, a.getAttribute('href')]));
  return { links, sample: (await box.locator('.tag.sample').count()) === 1 };
}

test('a 湘潭 item links to 湘潭\'s portal and the province\'s, each a home page, labelled 示例', async () => {
  const { page, done } = await phone();
  for (const place of [YUHU, XIANGTAN_COUNTY]) {
    await itemPage(page, place, DIBAO_GUIDE);
    assert.deepEqual(await services(page), {
      links: [['我要看', 'https://www.xiangtan.gov.cn/'], ['我要办', 'https://zwfw-new.hunan.gov.cn/']],
      sample: true,
    }, place);
  }
  await itemPage(page, CHANGSHA, DIBAO_GUIDE);
  assert.equal((await services(page)).links[0][1], 'https://www.changsha.gov.cn/');
  await done();
});

test('every published entry on an item page is labelled 示例 and links to example.org', async () => {
  const { page, done } = await phone();
  await itemPage(page, CHANGSHA, PROACTIVE);
  const entries = page.locator('section.published li.entry');
  await entries.first().waitFor();
  const rows = await entries.evaluateAll((lis) => lis.map((li) => [
    li.querySelector(':scope > a')?.getAttribute('href') ?? '',
    !!li.querySelector(':scope > .tag.sample'),
  ]));
  assert.ok(rows.length >= 3, `${rows.length} entries`);
  for (const [href, sample] of rows) {
    assert.match(href, /^https:\/\/example\.org\/gongkai-sample\//);
    assert.ok(sample, href);
  }
  await done();
});

test('a county with an illustrative adaptation says so above its tree; one on the plain template does not', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${YUHU}`);
  await page.locator('section.catalog').waitFor();
  assert.match(await page.locator('.adaptation-note').innerText(), /示例/);
  await open(page, `?place=${XIANGTAN_COUNTY}`);
  await page.locator('section.catalog').waitFor();
  assert.equal(await page.locator('.adaptation-note').count(), 0);
  await done();
});
