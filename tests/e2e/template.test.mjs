// The city template as a catalog, and the 13 elements of 湘潭's template (issue 18, points 1 and 3).
// Against data/: 湘潭's 义务教育 file has 事项类型, 公开内容标题 and 公开渠道和载体 split into 县级 and 乡级
// (scripts/catalog_rows/26_义务教育.csv); 湘潭县 (430321) uses the template unchanged, 易俗河镇
// (430321100) inherits 湘潭县's rows ticked 乡级.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone, open, param, closeBrowser } from './browser.mjs';

after(closeBrowser);

const XIANGTAN = '430300', XIANGTAN_COUNTY = '430321', YISUHE = '430321100', CHANGSHA = '430100';
// 重要政策执行情况 › 控辍保学: ticked 县级 and 乡级, with channels for each level.
const DROPOUTS = '26-14aa03c4';

async function itemPage(page, place, item) {
  await open(page, `?place=${place}&item=${item}`);
  await page.locator('article.item h1').waitFor();
}

/** The item page's fields as {term: text}; chips and list entries joined by '|'. */
async function fields(page) {
  return page.locator('article.item dl.fields .field').evaluateAll((divs) => Object.fromEntries(divs.map((d) => {
    const dd = d.querySelector('dd');
    const parts = [...dd.querySelectorAll('li')].map((li) => li.textContent.trim());
    return [d.querySelector('dt').textContent, parts.length ? parts.join('|') : dd.textContent.trim()];
  })));
}

test('a city\'s page shows its 目录范本 with the tree and filters, and its counties still listed', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${XIANGTAN}`);
  await page.getByRole('heading', { level: 2, name: '湘潭市基层政务公开标准目录范本' }).waitFor();
  assert.equal(await page.getByText('市级不单独编制基层目录').count(), 0);
  // The counties, the map (when asked for) and the summary are still there.
  await page.locator('.places').getByRole('link', { name: /湘潭县/ }).waitFor();
  await page.getByRole('button', { name: '显示公开地图' }).click();
  await page.locator('.map-canvas svg').waitFor();
  assert.match(await page.locator('.place-head').innerText(), /目录范本 412 项事项/);
  // The tree holds the 26 domains; 义务教育 opens to its items.
  const tree = page.getByRole('tree');
  assert.equal(await tree.locator(':scope > [role=treeitem]').count(), 26);
  await tree.getByRole('treeitem', { name: /义务教育/ }).first().locator('.ti-row').first().click();
  await tree.getByRole('treeitem', { name: /招生管理/ }).first().locator('.ti-row').first().click();
  await tree.locator('a.ti-leaf', { hasText: '招生政策' }).click();
  await page.getByRole('heading', { level: 1, name: /招生政策/ }).waitFor();
  const f = await fields(page);
  assert.equal(f['事项类型'], '公共服务');
  assert.equal(f['公开内容标题'], '义务教育阶段学校招生入学工作方案|招生入学政策解读');
  // A template's item is published by the places that adopt it: the page says where to look.
  assert.match(await page.locator('section.published').innerText(), /目录范本中的事项/);
  await done();
});

test('a city template\'s item page shows the channels of both levels', async () => {
  const { page, done } = await phone();
  await itemPage(page, XIANGTAN, DROPOUTS);
  const f = await fields(page);
  assert.equal(f['公开渠道和载体（县级）'], '政府网站|两微一端');
  assert.equal(f['公开渠道和载体（乡级）'], '便民服务站|社区/企事业单位/村公示栏（电子屏）');
  assert.equal(f['公开渠道和载体'], undefined);
  await done();
});

test('a 湘潭 county item page shows 事项类型, 公开内容标题 and its 县级 channels only', async () => {
  const { page, done } = await phone();
  await itemPage(page, XIANGTAN_COUNTY, DROPOUTS);
  const f = await fields(page);
  assert.equal(f['事项类型'], '其他');
  assert.equal(f['公开内容标题'], '控辍保学工作方案|劝返复学情况通报');
  assert.equal(f['公开渠道和载体（县级）'], '政府网站|两微一端');
  assert.equal(f['公开渠道和载体（乡级）'], undefined);
  await done();
});

test('a township\'s item page shows the 乡级 channels', async () => {
  const { page, done } = await phone();
  await itemPage(page, YISUHE, DROPOUTS);
  const f = await fields(page);
  assert.equal(f['公开渠道和载体（乡级）'], '便民服务站|社区/企事业单位/村公示栏（电子屏）');
  assert.equal(f['公开渠道和载体（县级）'], undefined);
  assert.equal(f['事项类型'], '其他');
  await done();
});

test('事项类型 is a filter, kept in the URL', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${XIANGTAN_COUNTY}`);
  await page.locator('.filter-box summary').click();
  const facet = page.locator('fieldset.facet', { has: page.locator('legend', { hasText: '事项类型' }) });
  // 学生资助名单 is the one 行政给付 item that applies to 湘潭县.
  await facet.locator('.chip', { hasText: '行政给付' }).click();
  await page.waitForFunction(() => new URL(location.href).searchParams.get('type') === '行政给付');
  assert.equal(param(page, 'type'), '行政给付');
  await page.locator('.result-count', { hasText: '共 1 项事项' }).waitFor();
  await done();
});

test('长沙\'s page shows its own 目录范本, which no county uses unchanged', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${CHANGSHA}`);
  await page.getByRole('heading', { level: 2, name: '长沙市基层政务公开标准目录范本' }).waitFor();
  const tree = page.getByRole('tree');
  await tree.getByRole('treeitem', { name: /社会救助/ }).first().locator('.ti-row').first().click();
  // The template still has 受灾人员救助, which 芙蓉区 drops.
  await tree.getByRole('treeitem', { name: /受灾人员救助/ }).first().waitFor();
  await done();
});

test('本地 search at a county finds the rows it keeps, not those of the template it dropped', async () => {
  const { page, done } = await phone();
  const box = page.getByRole('searchbox', { name: '搜索' });
  async function items(text) {
    await box.fill('');
    await box.pressSequentially(text, { delay: 30 });
    await page.locator(`ul[aria-label="搜索结果"][data-q="${text}"]`).waitFor();
    return page.locator('ul[aria-label="搜索结果"] li.search-item').allInnerTexts();
  }
  // 芙蓉区 drops 受灾人员救助 from 长沙's template; 长沙's page (the template) still has it.
  await open(page, '?place=430102');
  await page.getByRole('heading', { level: 1, name: '芙蓉区' }).waitFor();
  // (救灾 has an item of the same name, which 芙蓉区 keeps.)
  const dropped = (t) => t.includes('社会救助 / 受灾人员救助');
  assert.deepEqual((await items('受灾人员救助')).filter(dropped), []);
  await open(page, `?place=${CHANGSHA}`);
  await page.getByRole('heading', { level: 1, name: '长沙市' }).waitFor();
  assert.ok((await items('受灾人员救助')).some(dropped));
  await done();
});
