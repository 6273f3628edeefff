// A bug that panics the app leaves a plain message with 重新加载, not a dead page. The panic comes from
// the test hook the app exports for this (src/crash.rs, `gongkai_test_panic`), called on the running
// app's own module.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { phone, open, closeBrowser } from './browser.mjs';

after(closeBrowser);

test('a panic shows 页面出错了 with 重新加载, which brings the same view back', async () => {
  const { page, done } = await phone();
  const query = '?place=430121001&domain=20';
  await open(page, query);
  await page.getByRole('heading', { level: 1, name: '星沙街道' }).waitFor();
  const thrown = await page.evaluate(async () => {
    // The module start.js imported: the same URL is the same instance of the app.
    const start = document.querySelector('script[type="module"][src*="start-"]').src;
    const glue = (await (await fetch(start)).text()).match(/import\(["'](\.\/gongkai-[^"']+\.js)["']\)/)[1];
    const app = await import(new URL(glue, start).href);
    try {
      app.gongkai_test_panic();
      return null;
    } catch (e) {
      return String(e);
    }
  });
  assert.ok(thrown, 'the panic stops the call (wasm traps)');
  const alert = page.locator('.crash[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /页面出错了/);
  // It covers the page, and the keyboard is on its button.
  const reload = alert.getByRole('button', { name: '重新加载' });
  assert.ok(await reload.evaluate((b) => b === document.activeElement));
  const box = await alert.boundingBox();
  assert.ok(box.width >= 360 && box.height >= 640, JSON.stringify(box));

  await Promise.all([page.waitForEvent('load'), reload.click()]);
  await page.waitForSelector('#boot', { state: 'detached' });
  assert.equal(new URL(page.url()).search, query);
  await page.getByRole('heading', { level: 1, name: '星沙街道' }).waitFor();
  assert.equal(await page.locator('.crash').count(), 0);
  await done();
});
