// A province-scale bundle (issue 13): 湖南's real register (14 cities and prefectures, 134 county-level
// units, 2,008 townships, NBS 2023) with synthetic sample entries, built by scripts/e2e.sh with
// `gongkai-bundle synth --preset province` and served at its own sub-path (GONGKAI_PROVINCE_URL).
// A township's deep link must load the manifest and the place lists above it, and no other part of
// the register.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone, closeBrowser } from './browser.mjs';

after(closeBrowser);

const PROVINCE = process.env.GONGKAI_PROVINCE_URL;

test('a township deep link on a province-scale bundle loads only the lists above it and shows its tree', async () => {
  assert.ok(PROVINCE, 'scripts/e2e.sh serves the province-scale bundle and sets GONGKAI_PROVINCE_URL');
  const data = (path) => new URL(`data/${path}`, PROVINCE);
  const manifest = await (await fetch(data('manifest.json'))).json();
  const province = manifest.places.find((p) => p.kind === 'province');
  assert.equal(province?.code, '430000');
  // One province: the manifest holds it and its cities (the home screen lists them), no more.
  const cities = manifest.places.filter((p) => p.parent === province.code);
  assert.equal(cities.length, 14);
  assert.equal(manifest.places.length, 15);
  // The last city's last county's last township: as far down the lists as it gets.
  const city = cities[cities.length - 1];
  const counties = (await (await fetch(data(city.children))).json()).places;
  const county = counties[counties.length - 1];
  const townships = (await (await fetch(data(county.children))).json()).places;
  const town = townships[townships.length - 1];

  const { page, done } = await phone();
  const lists = [];
  page.on('request', (r) => {
    const m = new URL(r.url()).pathname.match(/\/data\/(places\/[^/]+)$/);
    if (m) lists.push(m[1]);
  });
  await page.goto(`${PROVINCE}?place=${town.code}`);
  await page.getByRole('heading', { level: 1, name: town.name }).waitFor({ timeout: 30_000 });
  await page.getByRole('tree').waitFor();
  const crumbs = await page.getByRole('navigation', { name: '位置' }).innerText();
  assert.match(crumbs, new RegExp(`${province.name}[\\s\\S]*${city.name}[\\s\\S]*${county.name}[\\s\\S]*${town.name}`));
  assert.deepEqual([...new Set(lists)].sort(), [city.children, county.children].sort(), 'the city and county lists, nothing else of the register');
  // The sample label: everything synthetic says so.
  await page.getByRole('note', { name: '示例数据说明' }).waitFor();

  // Up to the province: its page lists its 14 cities, from the manifest alone.
  await page.getByRole('navigation', { name: '位置' }).getByRole('link', { name: province.name }).click();
  await page.getByRole('heading', { level: 1, name: province.name }).waitFor();
  assert.equal(await page.locator('.places').getByRole('link').count(), 14);
  // A province has no catalog of its own: its page counts its entries, not "适用 0 项事项", and says
  // which places publish one.
  const main = page.locator('main');
  await main.getByText('省级不单独编制基层目录，请选择一个市（州）或县（市、区）查看。').waitFor();
  assert.match(await main.innerText(), /省（自治区、直辖市） · \d+ 条公开信息/);
  assert.doesNotMatch(await main.innerText(), /适用 0 项事项|市级不单独编制/);
  await done();
});

const NATION = process.env.GONGKAI_NATION_URL;

test('with two provinces the home screen lists them and its map is the national one', async () => {
  assert.ok(NATION, 'scripts/e2e.sh serves the two-province bundle and sets GONGKAI_NATION_URL');
  const { page, done } = await phone();
  await page.goto(NATION);
  const list = page.locator('main').getByRole('link', { name: /广东省/ });
  await list.waitFor();
  await page.getByRole('button', { name: '显示公开地图' }).click();
  await page.locator('#map-h', { hasText: '全国' }).waitFor();
  const codes = await page.locator('.map-shape').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort());
  assert.deepEqual(codes, ['110000', '430000', '440000'], 'one shape per province');
  // A map of China draws 台湾省, which the register leaves out: grey, not a place to open (no button,
  // nothing to focus), and the credit says why; and the 南海断续线.
  assert.equal(await page.locator('.map-land').count(), 1);
  assert.equal(await page.locator('.map-land[role], .map-land[tabindex]').count(), 0);
  assert.equal(await page.locator('.map-land').evaluate((e) => getComputedStyle(e).fill), 'rgb(217, 217, 217)');
  await page.locator('.map-credit', { hasText: '台湾省不在所据统计用区划代码之内' }).waitFor();
  assert.ok((await page.locator('.map-line').getAttribute('d')).split('M').length > 5, 'the line\'s dashes');
  // Neither province has an outline in this dataset: the map says it is schematic.
  await page.getByText('示意图', { exact: true }).first().waitFor();
  await page.locator('.map-shape[data-code="440000"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/place=440000/);
  await page.getByRole('heading', { level: 1, name: '广东省' }).waitFor();
  await page.locator('main').getByRole('link', { name: /东莞市/ }).first().waitFor();
  await done();
});

test('北京市 lists and maps its districts, not the NBS grouping 市辖区 they are registered under', async () => {
  assert.ok(NATION, 'scripts/e2e.sh serves the three-province bundle and sets GONGKAI_NATION_URL');
  const { page, done } = await phone();
  await page.goto(NATION);
  // The home screen says what lies below 北京市: districts, not one 市（州）.
  await page.locator('main').getByRole('link', { name: /北京市/ }).filter({ hasText: '2 个县（市、区）' }).waitFor();
  await page.locator('main').getByRole('link', { name: /北京市/ }).click();
  await page.getByRole('heading', { level: 1, name: '北京市' }).waitFor();
  const list = page.locator('section.places');
  await list.getByRole('heading', { name: '下辖县（市、区）' }).waitFor();
  assert.deepEqual(await list.locator('.place-name').allTextContents(), ['东城区', '西城区']);
  assert.equal(await page.getByText('市辖区').count(), 0, 'the grouping is named nowhere on the page');
  // Its map draws the two districts.
  await page.getByRole('button', { name: '显示公开地图' }).click();
  await page.locator('#map-h', { hasText: '北京市' }).waitFor();
  const codes = await page.locator('.map-shape').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort());
  assert.deepEqual(codes, ['110101', '110102']);
  // A district: its breadcrumbs go straight to 北京市, and it shows the catalog filed under 市辖区.
  await list.getByRole('link', { name: /东城区/ }).click();
  await page.getByRole('heading', { level: 1, name: '东城区' }).waitFor();
  assert.deepEqual(await page.locator('nav.crumbs li').allTextContents(), ['全部地区', '北京市', '东城区']);
  await page.getByRole('tree').waitFor();
  assert.equal(await page.getByText('市辖区').count(), 0);
  await done();
});

test('a township two lists below its province fetches its city\'s and its county\'s lists together', async () => {
  assert.ok(NATION, 'scripts/e2e.sh serves the two-province bundle and sets GONGKAI_NATION_URL');
  const data = (path) => new URL(`data/${path}`, NATION);
  const manifest = await (await fetch(data('manifest.json'))).json();
  const hunan = manifest.places.find((p) => p.code === '430000');
  const provinceList = await (await fetch(data(hunan.children))).json();
  const cityList = provinceList.places.find((p) => p.code === '430100').children;
  const countyList = provinceList.ahead?.['430121'];
  assert.ok(countyList, "湖南's list names 长沙县's list ahead");

  // 长沙's list is slow to come; 长沙县's must not wait for it. Once by a deep link (the start script's
  // head start), once by a search from the home screen (the app's own walk down the lists).
  for (const how of ['link', 'search']) {
    const { page, done } = await phone();
    const at = {};
    page.on('request', (r) => { if (r.url().endsWith(countyList)) at.county ??= Date.now(); });
    page.on('requestfinished', (r) => { if (r.url().endsWith(cityList)) at.city ??= Date.now(); });
    await page.route((url) => url.pathname.endsWith(cityList), async (route) => {
      await new Promise((wait) => setTimeout(wait, 1500));
      await route.continue();
    });
    if (how === 'link') {
      await page.goto(`${NATION}?place=430121001`);
    } else {
      await page.goto(NATION);
      await page.waitForSelector('#boot', { state: 'detached' });
      await page.getByRole('searchbox', { name: '搜索' }).pressSequentially('星沙', { delay: 30 });
      await page.locator('li.search-place').filter({ hasText: '星沙街道' }).first().getByRole('link').click();
    }
    await page.getByRole('heading', { level: 1, name: '星沙街道' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tree').waitFor();
    assert.ok(at.county && at.city, `${how}: both lists fetched`);
    assert.ok(at.county < at.city, `${how}: 长沙县's list asked for ${at.county - at.city} ms after 长沙's came, not while it was on its way`);
    await done();
  }
});

test('a township\'s deep link: the start script asks for every data file its first view shows, each once, before the app\'s code has come', async () => {
  assert.ok(NATION, 'scripts/e2e.sh serves the two-province bundle and sets GONGKAI_NATION_URL');
  // The start script (scripts/build-wasm.sh) walks the lists toward the place and takes its tree's
  // catalog and its map by rules of its own; should they part from the app's (Manifest::list_toward,
  // Place::tree_catalog, Route::map_open), the app would fetch what it wanted after its code came,
  // one round trip after another, as this test holds the main module back until then.
  for (const query of ['?place=430121001', '?place=430121001&map=1']) {
    const { page, done } = await phone();
    let released = false;
    const early = [];
    const late = [];
    page.on('request', (r) => {
      const m = new URL(r.url()).pathname.match(/\/data\/(.+)$/);
      if (m) (released ? late : early).push(m[1]);
    });
    await page.route((url) => url.pathname.endsWith('_bg.wasm'), async (route) => {
      await new Promise((wait) => setTimeout(wait, 1500));
      released = true;
      await route.continue();
    });
    await page.goto(`${NATION}${query}`);
    await page.getByRole('heading', { level: 1, name: '星沙街道' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tree').waitFor();
    if (query.includes('map=1')) await page.locator('.map-shape').first().waitFor();
    const all = [...early, ...late];
    assert.ok(early.some((p) => p.startsWith('catalog/')), `${query}: the tree's catalog asked for early (early: ${early.join(' ')})`);
    if (query.includes('map=1')) assert.ok(early.some((p) => p.startsWith('geo/')), `${query}: the map asked for early (early: ${early.join(' ')})`);
    assert.deepEqual(late, [], `${query}: asked for only once the app's code came`);
    assert.equal(new Set(all).size, all.length, `${query}: each file asked for once (${all.join(' ')})`);
    await done();
  }
});

test('a county reached by the forward button, known from its city\'s list before its own came, shows its tree and map with no failure', async () => {
  assert.ok(NATION, 'scripts/e2e.sh serves the two-province bundle and sets GONGKAI_NATION_URL');
  const data = (path) => new URL(`data/${path}`, NATION);
  const manifest = await (await fetch(data('manifest.json'))).json();
  const hunan = manifest.places.find((p) => p.code === '430000');
  const cityList = await (await fetch(data((await (await fetch(data(hunan.children))).json()).places.find((p) => p.code === '430100').children))).json();
  const county = cityList.places.find((p) => p.code === '430121');
  // The county's own files are named by its own list, not by its city's (docs/bundle-format.md).
  assert.ok(county.children && county.brief && !cityList.files[county.brief], "长沙县's brief catalog is named by its own list");

  const { page, done } = await phone();
  // 长沙's screen: its counties are known, 长沙县's own list is not loaded.
  await page.goto(`${NATION}?place=430100`);
  await page.getByRole('heading', { level: 1, name: '长沙市' }).waitFor({ timeout: 30_000 });
  await page.getByRole('tree').waitFor();
  await page.evaluate(() => {
    globalThis.alerts = [];
    new MutationObserver(() => {
      for (const a of document.querySelectorAll('[role="alert"]')) globalThis.alerts.push(a.textContent);
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  // Its own list comes slowly; the forward button (a history entry from an earlier visit) goes there.
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.route((url) => url.pathname.endsWith(county.children), async (route) => {
    await new Promise((wait) => setTimeout(wait, 1500));
    await route.continue();
  });
  await page.evaluate(() => {
    history.pushState(null, '', '?place=430121&map=1');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByRole('heading', { level: 1, name: '长沙县' }).waitFor();
  await page.getByRole('tree').waitFor({ timeout: 30_000 });
  await page.locator('section.map [role="group"]').waitFor();
  assert.deepEqual(await page.evaluate(() => globalThis.alerts), [], 'no failure shown while its list was on its way');
  const listAt = asked.findIndex((p) => p.endsWith(county.children));
  const briefAt = asked.findIndex((p) => p.endsWith(county.brief));
  assert.ok(listAt >= 0 && briefAt > listAt, 'its catalog asked for once its list was asked for');
  await done();
});

test('a county known from its city\'s list whose own list fails says so with 重试, and 重试 shows its townships and tree', async () => {
  assert.ok(NATION, 'scripts/e2e.sh serves the two-province bundle and sets GONGKAI_NATION_URL');
  const { page, done } = await phone();
  await page.goto(`${NATION}?place=430100`);
  await page.getByRole('heading', { level: 1, name: '长沙市' }).waitFor({ timeout: 30_000 });
  await page.getByRole('tree').waitFor();
  // 长沙县's own list cannot be downloaded; the forward button goes there.
  let blocked = true;
  await page.route((url) => /\/data\/places\/430121\./.test(url.pathname), (route) => (blocked ? route.abort() : route.continue()));
  await page.evaluate(() => {
    history.pushState(null, '', '?place=430121');
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await page.getByRole('heading', { level: 1, name: '长沙县' }).waitFor();
  const alert = page.getByRole('alert').filter({ hasText: '数据加载失败' });
  await alert.waitFor();
  blocked = false;
  await alert.getByRole('button', { name: '重试' }).click();
  await page.getByRole('tree').waitFor({ timeout: 30_000 });
  await page.locator('.places').getByRole('link', { name: /星沙街道/ }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'the failure is gone');
  await done();
});

test('on a map every place name is drawn whole inside it, even a place on its edge', async () => {
  // 永州's map on the province-scale bundle: 蓝山县's label crossed the east edge and the boxed
  // 永州经济技术开发区's the west one, and lost their first or last characters.
  assert.ok(PROVINCE, 'scripts/e2e.sh serves the province-scale bundle and sets GONGKAI_PROVINCE_URL');
  const { page, done } = await phone();
  await page.goto(`${PROVINCE}?place=431100`);
  await page.getByRole('button', { name: '显示公开地图' }).click();
  await page.locator('.map-label').first().waitFor();
  const labels = await page.evaluate(() => {
    const svg = document.querySelector('.map-label').ownerSVGElement;
    const [x, y, w, h] = svg.getAttribute('viewBox').split(/\s+/).map(Number);
    return [...svg.querySelectorAll('.map-label')].map((t) => {
      const r = t.getBBox();
      return { text: t.textContent, inside: r.x >= x - 0.5 && r.x + r.width <= x + w + 0.5 && r.y >= y - 0.5 && r.y + r.height <= y + h + 0.5 };
    });
  });
  assert.ok(labels.length >= 5, JSON.stringify(labels));
  assert.deepEqual(labels.filter((l) => !l.inside).map((l) => l.text), []);
  await done();
});
