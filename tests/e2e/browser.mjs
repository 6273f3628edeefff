// Shared set-up for the browser tests: Debian's chromium through playwright-core, a phone-sized
// viewport, and a page that fails the test on any uncaught error.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const BASE = process.env.GONGKAI_BASE_URL ?? 'http://127.0.0.1:8765/x/gongkai/';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser;
export async function launch() {
  browser ??= await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: ARGS });
  return browser;
}
export async function closeBrowser() {
  await browser?.close();
  browser = undefined;
}

/** A fresh 360×640 page; `done()` asserts no uncaught error happened and closes it.
 * The offline service worker is blocked unless `{ serviceWorkers: 'allow' }` (offline tests): with it,
 * requests go through the worker, where `page.route` cannot see them. `colorScheme: 'dark'` is a phone
 * set to the dark theme (prefers-color-scheme). */
export async function phone({ serviceWorkers = 'block', colorScheme = 'light' } = {}) {
  const b = await launch();
  const context = await b.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN', hasTouch: true, serviceWorkers, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15000);
  return {
    page,
    errors,
    async done() {
      await context.close();
      assert.deepEqual(errors, [], 'uncaught page errors');
    },
  };
}

/** Opens a view by its query string, e.g. `?place=430121001`, and waits for the app to start (it
 * replaces index.html's static first screen, `#boot`). */
export async function open(page, query = '') {
  await page.goto(BASE + query);
  await page.waitForSelector('#boot', { state: 'detached' });
  await page.waitForSelector('#main');
}

export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export function param(page, name) {
  return new URL(page.url()).searchParams.get(name);
}

/** Scrolls to the page tools (print, CSV, QR code, embed snippet): their code loads when the section
 * comes near the screen, as when a citizen scrolls down to them. */
export async function scrollToTools(page) {
  const tools = page.locator('section.view-tools');
  await tools.scrollIntoViewIfNeeded();
  await tools.locator('.view-tools-row').waitFor();
}

/** Scrolls to where a place's 目录调整（加减法） goes, under its catalog: its code and file load when it
 * comes near the screen, as when a citizen scrolls down to it. */
export async function scrollToAdjustments(page) {
  const slot = page.locator('.adj-slot');
  await slot.waitFor({ state: 'attached' });
  await slot.evaluate((el) => el.scrollIntoView());
}
