// What citizens expect from a Chinese government site: 简体/繁體 for the interface and the data, a QR
// code of the page, and a table to download that opens correctly in Excel.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { phone, open, closeBrowser, scrollToTools } from './browser.mjs';

after(closeBrowser);

const TOWN_CODE = '430121001';

test('繁體 converts the interface and the data, is remembered, and 简体 brings them back', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  const tree = page.getByRole('tree');
  await tree.getByRole('treeitem', { name: /社会救助/ }).first().waitFor();

  await page.getByRole('button', { name: '切换到繁體中文' }).click();
  await tree.getByRole('treeitem', { name: /社會救助/ }).first().waitFor();
  assert.equal(await tree.getByRole('treeitem', { name: /社会救助/ }).count(), 0);
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hant');
  // Interface strings too (关怀模式 → 關懷模式), and text drawn after the switch (a domain opened now).
  await page.getByRole('button', { name: '關懷模式' }).waitFor();
  await tree.getByRole('treeitem', { name: /社會救助/ }).first().locator('.ti-row').first().click();
  const opened = await tree.locator('[role=group]').first().innerText();
  assert.doesNotMatch(opened, /[这为门乡镇级发办务]/, `simplified characters left: ${opened.slice(0, 80)}`);

  await page.reload();
  await tree.getByRole('treeitem', { name: /社會救助/ }).first().waitFor();

  await page.locator('.lang-toggle').click();
  await page.waitForLoadState('load');
  await tree.getByRole('treeitem', { name: /社会救助/ }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: '切换到繁體中文' }).count(), 1);
  await done();
});

test('the QR code of the current view is an accessible image', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}`);
  await scrollToTools(page);
  const qr = page.getByRole('img', { name: /二维码/ });
  await qr.waitFor();
  assert.equal(await qr.evaluate((el) => el.tagName.toLowerCase()), 'svg');
  assert.ok((await qr.locator('rect').count()) > 30, 'drawn as rects');
  assert.match(await page.locator('.qr-url').innerText(), new RegExp(`place=${TOWN_CODE}`));
  await done();
});

async function downloadCsv(page, query) {
  await open(page, query);
  await page.getByRole('tree').waitFor();
  await scrollToTools(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /导出表格/ }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/** Header and rows of the CSV (cells may hold line breaks; rows end with CRLF). */
function parseCsv(bytes) {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return { header: rows[0], rows: rows.slice(1) };
}

test('导出表格 downloads the filtered catalog as an Excel-ready CSV', async () => {
  const { page, done } = await phone();
  const all = await downloadCsv(page, `?place=${TOWN_CODE}`);
  const kind = 'type=' + encodeURIComponent('行政许可');
  const some = await downloadCsv(page, `?place=${TOWN_CODE}&${kind}`);
  assert.match(some.name, /星沙街道.*\.csv$/);
  assert.deepEqual([...some.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'starts with a UTF-8 BOM');
  assert.ok(some.bytes.toString('utf8').endsWith('\r\n'), 'CRLF line ends');
  const a = parseCsv(all.bytes), s = parseCsv(some.bytes);
  const col = s.header.indexOf('事项类型');
  assert.ok(col > 0, 'has the 事项类型 column');
  assert.ok(s.rows.length >= 1 && s.rows.length < a.rows.length, `filtered ${s.rows.length} of ${a.rows.length}`);
  for (const r of s.rows) {
    assert.equal(r.length, s.header.length);
    assert.equal(r[col], '行政许可', 'only the filtered rows');
  }
  // The whole catalog's texts, which the tree's brief catalog leaves out, are in the file.
  for (const term of ['公开内容（要素）', '公开依据', '公开时限']) {
    const c = a.header.indexOf(term);
    const filled = a.rows.filter((r) => r[c] !== '').length;
    assert.ok(c >= 0 && filled > a.rows.length / 2, `${term}: ${filled} of ${a.rows.length} rows`);
  }
  await done();
});

test('导出表格 says so when the whole catalog cannot be downloaded, and the next press exports', async () => {
  const { page, done } = await phone();
  // The whole catalog (the tree reads the brief one, catalog/<owner>.brief.<hash8>.json).
  let block = true;
  await page.route(/\/data\/catalog\/\d+\.[0-9a-f]{8}\.json$/, (route) => (block ? route.abort() : route.continue()));
  await open(page, `?place=${TOWN_CODE}`);
  await page.getByRole('tree').waitFor();
  await scrollToTools(page);
  const button = page.getByRole('button', { name: /导出表格/ });
  await button.click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /表格未能导出：网络连接失败/);
  block = false;
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), /星沙街道.*\.csv$/);
  await page.waitForFunction(() => !document.querySelector('[role=alert]'));
  await done();
});

test('printing an item keeps its content and the QR code, without the site chrome', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${TOWN_CODE}&domain=20`);
  await page.getByRole('tree').waitFor();
  const leaf = page.locator('a.ti-leaf').first();
  for (let depth = 0; depth < 3 && !(await leaf.count()); depth++) {
    await page.locator('[role=group] > [aria-expanded=false] > .ti-row').first().click();
  }
  await leaf.click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await scrollToTools(page);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: /导出表格/ }).isVisible(), false);
  assert.ok(await page.getByRole('heading', { level: 1 }).isVisible());
  assert.ok(await page.getByRole('img', { name: /二维码/ }).isVisible());
  await page.emulateMedia({ media: 'screen' });
  await done();
});
