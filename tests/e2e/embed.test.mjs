// The explorer embedded in a county's page on another origin, sized by public/embed.js.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, closeBrowser, scrollToTools } from './browser.mjs';
import { hostPage, domainRow } from './hosting.helpers.mjs';

after(closeBrowser);

const TOWN_CODE = '430121001';
const appOrigin = new URL(BASE).origin;

function hostHtml(query) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某县人民政府 · 政务公开</title></head>
<body style="margin:0">
<h1>某县人民政府 政务公开专栏</h1>
<iframe id="gk" src="${BASE}${query}" title="政务公开事项目录" data-gongkai-embed width="100%" height="600" frameborder="0"></iframe>
<p id="after">页面底部</p>
<script src="${BASE}embed.js" async></script>
</body></html>`;
}

async function embedded(query = `?embed=1&place=${TOWN_CODE}`) {
  const host = await hostPage(hostHtml(query));
  assert.notEqual(new URL(host.url).origin, appOrigin, 'the host page is on another origin');
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 1000, height: 800 }, locale: 'zh-CN', serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15000);
  await page.goto(host.url);
  const frame = page.frameLocator('#gk');
  await frame.getByRole('tree').waitFor();
  // The map and the page tools arrive after the tree (lazily loaded parts): let the page settle.
  await page.frames().find((f) => f.url().startsWith(appOrigin)).waitForLoadState('networkidle');
  const height = () => page.evaluate(() => document.getElementById('gk').getBoundingClientRect().height);
  // 目录调整 and the page tools load when they come near the screen, as a click's scrolling may bring
  // them: scroll the host page down to them once and wait until the iframe's height is still, so
  // that what a test measures next changes only by what it does.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  for (let h = await height(), still = 0; still < 4; ) {
    await page.waitForTimeout(250);
    const now = await height();
    still = now === h ? still + 1 : 0;
    h = now;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return {
    page, frame, height,
    async close() {
      await context.close();
      await host.close();
      assert.deepEqual(errors, [], 'uncaught page errors');
    },
  };
}

test('the embedded explorer grows when a domain opens and shrinks when it closes', async () => {
  const { page, frame, height, close } = await embedded();
  // embed.js applied the first height message (not the 600 of the snippet).
  await page.waitForFunction(() => document.getElementById('gk').style.height !== '600px');
  const closed = await height();
  await domainRow(frame, /社会救助/).click();
  await page.waitForFunction((min) => document.getElementById('gk').getBoundingClientRect().height > min, closed + 40);
  const opened = await height();
  // The iframe shows all of its content: no scrollbar inside.
  const inner = await frame.locator('html').evaluate((html) => html.getBoundingClientRect().height);
  assert.ok(Math.abs(inner - opened) <= 2, `iframe ${opened}px for content ${inner}px`);
  await domainRow(frame, /社会救助/).click();
  // Back to the closed height (give or take a pixel of rounding).
  await page.waitForFunction((max) => document.getElementById('gk').getBoundingClientRect().height <= max, closed + 2);
  await close();
});

test('moving around inside the iframe does not grow the host page history', async () => {
  const { page, frame, close } = await embedded();
  const before = await page.evaluate(() => history.length);
  await domainRow(frame, /社会救助/).click();
  for (let depth = 0; depth < 3; depth++) {
    const leaf = frame.locator('a.ti-leaf').first();
    if (await leaf.count()) {
      await leaf.click();
      break;
    }
    await frame.locator('[role=group] > [aria-expanded=false] > .ti-row').first().click();
  }
  const url = await page.frames()[1].url();
  assert.match(url, /item=/, 'an item page opened');
  assert.match(url, /embed=1/, 'the URL stays embedded, so a reload does too');
  assert.equal(await page.evaluate(() => history.length), before);
  await close();
});

test('the embedded page drops the site chrome and offers 在新窗口打开 in a new tab', async () => {
  const { frame, close } = await embedded();
  assert.equal(await frame.locator('.top-row').isVisible(), false);
  const link = frame.getByRole('link', { name: '在新窗口打开' });
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /noopener/);
  const href = await link.getAttribute('href');
  assert.match(href, new RegExp(`place=${TOWN_CODE}`));
  assert.doesNotMatch(href, /embed=/);
  await close();
});

test('embed.js ignores height messages that are not from its iframe or not well formed', async () => {
  const { page, frame, height, close } = await embedded();
  await page.waitForFunction(() => document.getElementById('gk').style.height !== '600px');
  // The app posts its own height whenever its content grows (late chunks, the map): wait until it has
  // settled, so that a change below can only come from the messages this test sends.
  let h = await height();
  for (let still = 0; still < 4; ) {
    await page.waitForTimeout(250);
    const now = await height();
    still = now === h ? still + 1 : 0;
    h = now;
  }
  // From the host page itself (wrong source).
  await page.evaluate(() => window.postMessage({ type: 'gongkai:height', height: 5000 }, '*'));
  // From the iframe, but malformed or out of bounds.
  const inner = page.frames().find((f) => f.url().startsWith(appOrigin));
  await inner.evaluate(() => {
    for (const height of [5000.5, 99, 20001, '5000', Infinity]) parent.postMessage({ type: 'gongkai:height', height }, '*');
    parent.postMessage({ type: 'other', height: 5000 }, '*');
    parent.postMessage('gongkai:height 5000', '*');
  });
  await page.waitForTimeout(300);
  assert.equal(await height(), h);
  // A well-formed one from the iframe is applied.
  await inner.evaluate(() => parent.postMessage({ type: 'gongkai:height', height: 1234 }, '*'));
  await page.waitForFunction(() => document.getElementById('gk').style.height === '1234px');
  await close();
});

test('theme= sets the accent colour only when it is a hex colour', async () => {
  const ok = await embedded(`?embed=1&place=${TOWN_CODE}&theme=%23005BAC`);
  const accent = (f) => f.locator('html').evaluate((el) => getComputedStyle(el).getPropertyValue('--accent').trim());
  assert.equal(await accent(ok.frame), '#005bac');
  await ok.close();
  const bad = await embedded(`?embed=1&place=${TOWN_CODE}&theme=red;background:url(x)`);
  assert.notEqual(await accent(bad.frame), 'red');
  await bad.close();
});

test('the embed snippet of the current view can be copied', async () => {
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 1000, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${BASE}?place=${TOWN_CODE}&domain=20`);
  await scrollToTools(page);
  await page.getByText('嵌入本页（网站管理员）').click();
  const code = await page.locator('#embed-snippet').inputValue();
  assert.match(code, /<iframe src="[^"]*\?place=430121001&amp;domain=20&amp;embed=1"/);
  assert.match(code, /data-gongkai-embed/);
  assert.match(code, /<script src="[^"]*embed\.js" async><\/script>/);
  await page.getByRole('button', { name: '复制' }).click();
  await page.getByText(/已复制|已选中/).waitFor();
  await context.close();
});
