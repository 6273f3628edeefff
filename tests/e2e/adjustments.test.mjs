// 目录调整（加减法） (issue 18): a county's page lists how its catalog departs from its city's template,
// each departure with the reason and basis the county published (data/catalogs/430102/调整说明.csv,
// sample reasons marked 示例), and exports them as CSV.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, phone, open, closeBrowser, scrollToAdjustments } from './browser.mjs';
import { loadRegister, serveEdited } from './bundle.helpers.mjs';

after(closeBrowser);

const FURONG = '430102', XIANGTAN_COUNTY = '430321';

/** The listed departures of one domain: [kind, path, reason text]. */
async function departures(page, domain) {
  return page.locator(`section.adjustments .adj-domain[data-domain="${domain}"] > ul.adj-items > li.adj-item`).evaluateAll((lis) =>
    lis.map((li) => [
      li.querySelector('.adj-kind').textContent,
      li.querySelector('.adj-path').textContent,
      li.querySelector('.adj-reason')?.textContent ?? null,
    ]));
}

test('加减法: 芙蓉区 lists 受灾人员救助 as removed and its added item, each with its reason and basis', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${FURONG}`);
  // Nothing of it is downloaded before the citizen scrolls down to it.
  await page.getByRole('tree').waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('section.adjustments').count(), 0);
  await scrollToAdjustments(page);
  const section = page.locator('section.adjustments');
  await section.getByRole('heading', { name: '目录调整（加减法）' }).waitFor();
  assert.match(await section.locator('p.muted').first().innerText(), /与长沙市目录范本相比：新增1项、删除1项、要素调整\d+项/);
  const rows = await departures(page, 20);
  assert.deepEqual(rows.map(([k, p]) => [k, p]), [
    ['删除', '受灾人员救助 › 救助信息'],
    ['新增', '最低生活保障 › 动态管理情况'],
  ]);
  assert.match(rows[0][2], /理由：受灾人员救助信息由区应急管理部门在救灾领域目录中公开.*依据：《救灾领域基层政务公开标准指引》（应急厅函〔2019〕390号）.*示例/);
  assert.match(rows[1][2], /理由：低保对象实行动态管理.*依据：《最低生活保障审核确认办法》（民发〔2021〕57号）.*示例/);
  // The localised 公开主体 rows are folded under the domain's own reason, old → new.
  const domain = section.locator('.adj-domain[data-domain="20"]');
  assert.match(await domain.locator(':scope > .adj-reason').innerText(), /公开主体由范本的通用表述/);
  await domain.locator('details.adj-changed summary').click();
  assert.match(await domain.locator('details.adj-changed').innerText(), /公开主体：县级政府民政部门、乡镇政府（街道办事处） → 芙蓉区民政局、街道办事处（镇人民政府）/);

  // The CSV export carries the same rows with their reasons.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出目录调整（CSV）' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), '芙蓉区-目录调整.csv');
  const text = (await (await download.createReadStream()).toArray()).map(String).join('');
  assert.match(text, /"社会救助","删除","受灾人员救助\/救助信息","","","","","受灾人员救助信息由区应急管理部门在救灾领域目录中公开/);
  assert.match(text, /"社会救助","新增","最低生活保障\/动态管理情况",.*《最低生活保障审核确认办法》（民发〔2021〕57号）","示例"/);
  await done();
});

test('加减法: a county using its city template unchanged shows no adjustments', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${XIANGTAN_COUNTY}`);
  await page.locator('section.catalog').waitFor();
  await scrollToAdjustments(page);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('section.adjustments').count(), 0);
  await done();
});

test('加减法: the browser printing the page loads it and the page tools, with no scroll', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${FURONG}`);
  await page.getByRole('tree').waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('section.adjustments').count(), 0);
  // What Ctrl+P or the browser menu's print fires before it lays the page out.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.locator('section.adjustments').getByRole('heading', { name: '目录调整（加减法）' }).waitFor();
  await page.getByRole('button', { name: '打印本页' }).waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'nothing scrolled');
  await done();
});

test('加减法: the 目录调整记录 lists each dated change, newest first', async () => {
  // data/ is built without --previous, so it has no record: this test serves 芙蓉区's adjustments file
  // with two dated entries added, as `build --previous` writes them (crates/bundle/tests/adjustments.rs
  // checks the build side), listed in a manifest with its size and hash like any bundle file.
  const { page, done } = await phone();
  const register = await loadRegister();
  const place = register.place(FURONG);
  const file = await (await fetch(new URL(`data/${place.adjustments}`, BASE))).json();
  const changed = (path, from, to) => ({ kind: 'changed', id: '4-x', path, elements: [{ element: 'time_limit', from, to }] });
  file.record = [
    { date: '2026-11-15', changes: [{ domain: 4, items: [changed(['财政预决算', '政府预算'], '批准后20日内', '批准后15日内')] }] },
    { date: '2026-05-31', changes: [{ domain: 20, items: [{ kind: 'added', id: '20-y', path: ['最低生活保障', '动态管理情况'] }] }] },
  ];
  const key = 'adjustments/430102.test.json';
  place.adjustments = key;
  await serveEdited(page, register, { [key]: file });
  await open(page, `?place=${FURONG}`);
  await scrollToAdjustments(page);
  const record = page.locator('section.adjustment-record');
  await record.getByRole('heading', { name: '目录调整记录' }).waitFor();
  assert.match(await record.locator('p.muted').innerText(), /^目录数据截至\d{4}年\d{1,2}月\d{1,2}日/);
  const entries = await record.locator('ol.adj-record > li > h3').allInnerTexts();
  assert.deepEqual(entries, ['2026年11月15日 · 要素调整1项', '2026年5月31日 · 新增1项']);
  assert.match(await record.locator('ol.adj-record > li').first().innerText(), /财政预决算[\s\S]*公开时限：批准后20日内 → 批准后15日内/);
  // The 加减法 is still there.
  await page.locator('section.adjustments').waitFor();
  await done();
});

test('加减法: leaving a county page for the home screen keeps the app running', async () => {
  // The adjustments part heard the place change after its file was disposed and panicked (页面出错了).
  const { page, done } = await phone();
  await open(page, `?place=${FURONG}`);
  await scrollToAdjustments(page);
  await page.locator('section.adjustments').getByRole('heading', { name: '目录调整（加减法）' }).waitFor();
  await page.locator('a.brand').click();
  await page.locator('.place-list, .intro').first().waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.getByText('页面出错了').count(), 0);
  await done();
});
