// Published entries by type (issue 17 item 2): an item page groups its entries under 政策文件, 政策解读 …,
// and shows a policy with its interpretation under it. Against data/'s sample entries
// (scripts/make_entries.py): 长沙县 published a 政策文件 under 养老服务通用政策 on 2025-01-09 and its
// 政策解读 on 2026-04-15, whose 解读对象 names the policy by its link.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { phone, open, closeBrowser } from './browser.mjs';

after(closeBrowser);

const CHANGSHA = '430121';
// 养老服务通用政策 › 养老服务通用政策.
const ELDERLY_POLICY = '21-3fe248b5';

test('an item page shows a policy with its interpretation under it', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${CHANGSHA}&item=${ELDERLY_POLICY}`);
  await page.locator('section.published .entry-group').first().waitFor();
  const groups = await page.locator('section.published .entry-group').evaluateAll((gs) => gs.map((g) => ({
    heading: g.querySelector('h3.entry-kind')?.textContent ?? null,
    entries: [...g.querySelectorAll(':scope > ol.entries > li.entry')].map((li) => ({
      title: li.querySelector(':scope > a, :scope > span:not(.tag):not(.entry-date)').textContent,
      under: [...li.querySelectorAll('ul.interpretations > li')].map((u) => [u.querySelector('.tag.kind').textContent, u.querySelector('a, span:not(.tag):not(.entry-date)').textContent]),
    })),
  })));
  assert.deepEqual(groups, [{
    heading: '政策文件',
    entries: [{ title: '转发《关于进一步做好养老服务工作的通知》', under: [['政策解读', '长沙县养老服务政策解读']] }],
  }]);
  // The interpretation is not listed a second time in a 政策解读 group of its own.
  assert.equal(await page.locator('section.published').getByText('长沙县养老服务政策解读').count(), 1);
  await done();
});

test('导出公开信息 saves the item\'s entries with their type and what they interpret', async () => {
  const { page, done } = await phone();
  await open(page, `?place=${CHANGSHA}&item=${ELDERLY_POLICY}`);
  await page.locator('section.published .entry-group').first().waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '导出公开信息（CSV）' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), '长沙县-养老服务通用政策_养老服务通用政策-公开信息.csv');
  const text = readFileSync(await download.path(), 'utf8');
  assert.ok(text.startsWith('\uFEFF"标题","类型","解读对象","发布日期","链接","备注"\r\n'), text.slice(0, 80));
  const rows = text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).slice(1).map((l) => l.split('","').slice(0, 3).map((c) => c.replace(/^"/, '')));
  // data/'s entries are invented, and the file says so on each row, as the page does.
  assert.ok(text.split('\r\n').filter(Boolean).slice(1).every((l) => l.endsWith('"示例"')), text);
  assert.deepEqual(rows, [
    ['长沙县养老服务政策解读', '政策解读', '转发《关于进一步做好养老服务工作的通知》'],
    ['转发《关于进一步做好养老服务工作的通知》', '政策文件', ''],
  ]);
  await done();
});
