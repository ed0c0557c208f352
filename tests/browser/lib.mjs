// Helpers shared by the browser flows: the browser, signing in, steps that report what failed,
// and form actions.

import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const BASE = (process.env.ZHIFA_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('ZHIFA_URL is not set (e.g. ZHIFA_URL=http://127.0.0.1:8080)');
  process.exit(2);
}
export const DEMO_PASSWORD = 'Zhifa-Demo-2026';
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
const BROWSER = process.env.CHROMIUM || '/usr/bin/chromium';

/** The step running and the page it looks at, for the failure report. */
export const where = { step: '', page: null };

export async function step(name, page, fn) {
  where.step = name;
  where.page = page;
  const started = Date.now();
  const result = await fn();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
  return result;
}

/** The visible text of the page, whitespace collapsed. */
export async function text(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim();
}

/** Clicks `locator` and waits for the page it leads to; returns the final response. */
export async function submit(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation(), locator.click()]);
  assert.ok(response, `no response after clicking in ${page.url()}`);
  return response;
}

export async function visit(page, route) {
  const response = await page.goto(BASE + route);
  assert.ok(response, `no response for ${route}`);
  return response;
}

/** The message of the error page, or null on any other page. */
export async function errorMessage(page) {
  const error = page.locator('section.error .message');
  return (await error.count()) > 0 ? await error.first().innerText() : null;
}

/** Asserts a successful page that is not the error page. */
export async function assertPageOk(page, response, what) {
  const status = response.status();
  const alert = await errorMessage(page);
  assert.ok(status < 400 && alert === null, `${what}: HTTP ${status}${alert ? `, error page: ${alert}` : ''}`);
}

export async function launch() {
  return chromium.launch({
    executablePath: BROWSER,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser context (no cookies, China's locale and time zone) with one page. */
export async function freshPage(browser, viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}

/** Full-page screenshots named `PREFIX-NAME.png` in ZHIFA_SCREENSHOTS, when it is set. */
export function shooter(prefix) {
  const dir = process.env.ZHIFA_SCREENSHOTS || '';
  return async (page, name) => {
    if (dir) await page.screenshot({ path: `${dir}/${prefix}-${name}.png`, fullPage: true });
  };
}

/** A fresh browser context (no cookies) with one page, signed in as `username`. */
export async function signIn(browser, username, expectOrg, viewport = DESKTOP) {
  const { context, page } = await freshPage(browser, viewport);
  await step(`${username} logs in`, page, async () => {
    await assertPageOk(page, await visit(page, '/login'), 'login page');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    const response = await submit(page, page.getByRole('button', { name: '登录' }));
    await assertPageOk(page, response, 'after login');
    const who = await page.locator('header .who').innerText();
    assert.ok(who.includes(expectOrg), `signed-in banner "${who}" should name ${expectOrg}`);
  });
  return { context, page };
}

/** Reports a failed flow with the page it was on. */
export async function report(error) {
  console.error(`\nFAILED: ${where.step}`);
  console.error(error?.stack ?? String(error));
  const page = where.page;
  if (page && !page.isClosed()) {
    console.error(`page: ${page.url()}`);
    const excerpt = await text(page).catch(() => '(page text unavailable)');
    console.error(`text: ${excerpt.slice(0, 800)}`);
  }
}
