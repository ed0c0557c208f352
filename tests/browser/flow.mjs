// End-to-end browser test of the acceptance criterion for delegated powers:
//
//   in a browser a county administrator logs in, imports a catalog, drafts and publishes a
//   township's list, grants and withdraws an item, and sees the resolver's answer change on
//   the right date; a township officer of another township sees none of it.
//
// Drives a real headless Chromium through the server-rendered pages, clicking the same forms a
// person would. Needs a running demo server (`zhifa demo`) at ZHIFA_URL; run.sh starts one.
//
// Environment:
//   ZHIFA_URL          base URL of the server, e.g. http://127.0.0.1:8080 (required)
//   ZHIFA_SCREENSHOTS  directory for PNG screenshots at phone and desktop size (optional)
//   CHROMIUM           browser executable (default /usr/bin/chromium)

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = (process.env.ZHIFA_URL ?? '').replace(/\/+$/, '');
if (!BASE) {
  console.error('ZHIFA_URL is not set (e.g. ZHIFA_URL=http://127.0.0.1:8080)');
  process.exit(2);
}
const SHOTS = process.env.ZHIFA_SCREENSHOTS || '';
const BROWSER = process.env.CHROMIUM || '/usr/bin/chromium';

const DEMO_PASSWORD = 'Zhifa-Demo-2026';
const HEAD_PASSWORD = 'Baiyun-Head-2026!';
const TOWNSHIP = '白云乡';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

// Unique per run, so the flow can run more than once against the same server.
const STAMP = Date.now().toString(36).toUpperCase();
const ITEM_A = {
  code: `BT-${STAMP}-A`,
  name: `对在人口集中地区露天焚烧秸秆、落叶产生烟尘污染的行政处罚（浏览器测试${STAMP}）`,
  basis: '《大气污染防治法》第一百一十九条第一款',
  domain: '生态环境',
  department: '县生态环境局',
};
const ITEM_B = {
  code: `BT-${STAMP}-B`,
  name: `对在城市建筑物、设施上乱涂乱画的行政处罚（浏览器测试${STAMP}）`,
  basis: '《城市市容和环境卫生管理条例》第三十四条',
  domain: '城市管理',
  department: '县综合行政执法局',
};
const BAD_ARTICLE = '《大气污染防治法》第九百九十九条';
const BAD_CODE = `BT-${STAMP}-X`;
const HEAD_USER = `by_head_${STAMP.toLowerCase()}`;
const BATCH = `浏览器测试批次${STAMP}`;

// ---------------------------------------------------------------------------------------------
// Small helpers

let current = null; // the page the running step looks at, for the failure report
let stepName = '';

async function step(name, page, fn) {
  stepName = name;
  current = page;
  const started = Date.now();
  const result = await fn();
  console.log(`ok  ${name} (${Date.now() - started} ms)`);
  return result;
}

/** The visible text of the page, whitespace collapsed. */
async function text(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim();
}

/** Clicks `locator` and waits for the page it leads to; returns the final response. */
async function submit(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation(), locator.click()]);
  assert.ok(response, `no response after clicking in ${page.url()}`);
  return response;
}

async function visit(page, route) {
  const response = await page.goto(BASE + route);
  assert.ok(response, `no response for ${route}`);
  return response;
}

/** Asserts a successful page that is not the error page. */
async function assertPageOk(page, response, what) {
  const status = response.status();
  const error = page.locator('section.error .message');
  const alert = (await error.count()) > 0 ? await error.first().innerText() : null;
  assert.ok(status < 400 && alert === null, `${what}: HTTP ${status}${alert ? `, error page: ${alert}` : ''}`);
}

function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The real current date in China Standard Time. */
function chinaToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

async function shot(page, name) {
  if (!SHOTS) return;
  const before = page.viewportSize();
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

function csvField(v) {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function catalogCsv(rows) {
  const header = 'code,name,kind,catalog,legal_basis,domain,department';
  const lines = rows.map((r) =>
    [r.code, r.name, '行政处罚', '赋权', r.basis, r.domain, r.department].map(csvField).join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// The flow

const browser = await chromium.launch({
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
const work = await mkdtemp(path.join(tmpdir(), 'zhifa-browser-'));
if (SHOTS) await mkdir(SHOTS, { recursive: true });
const startedAt = Date.now();
let failed = false;

/** A fresh browser context (no cookies) with one page, signed in as `username`. */
async function signIn(username, password, expectOrg) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await step(`${username} logs in`, page, async () => {
    await assertPageOk(page, await visit(page, '/login'), 'login page');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    const response = await submit(page, page.getByRole('button', { name: '登录' }));
    await assertPageOk(page, response, 'after login');
    assert.notEqual(new URL(page.url()).pathname, '/login', 'still on the login page');
    const who = await page.locator('header .who').innerText();
    assert.ok(who.includes(expectOrg), `signed-in banner "${who}" should name ${expectOrg}`);
  });
  return { context, page };
}

try {
  // --- 1. The county administrator imports a catalog -------------------------------------------
  const admin = await signIn('admin', DEMO_PASSWORD, '示范县');
  const a = admin.page;

  const today = await step('the footer shows the application date (China Standard Time)', a, async () => {
    const footer = await a.locator('footer').innerText();
    const m = footer.match(/今日 (\d{4}-\d{2}-\d{2})/);
    assert.ok(m, `footer "${footer}" has no date`);
    // The demo's clock is the real clock in China Standard Time.
    // (Either side of a midnight that falls while the page loads.)
    const [before, after] = [addDays(chinaToday(), -1), chinaToday()];
    assert.ok(m[1] === before || m[1] === after, `application date ${m[1]} vs. real date ${after} in Asia/Shanghai`);
    return m[1];
  });
  const effective = addDays(today, 2);
  const withdrawn = addDays(today, 10);
  console.log(`    today ${today}; grant effective ${effective}; withdrawal effective ${withdrawn}`);

  const goodCsv = path.join(work, 'catalog.csv');
  await writeFile(goodCsv, catalogCsv([ITEM_A, ITEM_B]));
  const badCsv = path.join(work, 'bad-catalog.csv');
  await writeFile(
    badCsv,
    catalogCsv([
      { ...ITEM_A, code: `${BAD_CODE}1`, name: `有效依据的事项${STAMP}` },
      { ...ITEM_A, code: BAD_CODE, name: `依据不存在的事项${STAMP}`, basis: BAD_ARTICLE },
    ]),
  );

  async function importCatalog(file, version) {
    await assertPageOk(a, await visit(a, '/catalog'), '/catalog');
    await a.getByText('导入目录（CSV 或 JSON）').click();
    const form = a.locator('form[action="/catalog/import"]');
    await form.getByLabel('目录名称').fill('浏览器测试目录');
    await form.getByLabel('版本').fill(version);
    await form.getByLabel('来源文件').fill('测试〔2026〕1号');
    await form.locator('input[type=file][name=file]').setInputFiles(file);
    return submit(a, form.getByRole('button', { name: '导入' }));
  }

  const ids = await step('admin imports a two-item catalog and sees both items in /catalog', a, async () => {
    const response = await importCatalog(goodCsv, `批次${STAMP}`);
    await assertPageOk(a, response, 'catalog import');
    assert.equal(new URL(a.url()).pathname, '/catalog', 'import should lead back to /catalog');
    const found = {};
    for (const item of [ITEM_A, ITEM_B]) {
      const row = a.locator('tbody tr', { hasText: item.code });
      assert.equal(await row.count(), 1, `one catalog row for ${item.code}`);
      const rowText = await row.innerText();
      for (const part of [item.name, item.department, item.basis]) {
        assert.ok(rowText.includes(part), `row ${item.code} should show "${part}", shows "${rowText}"`);
      }
      const href = await row.getByRole('link', { name: item.name }).getAttribute('href');
      const m = href.match(/^\/catalog\/items\/(\d+)$/);
      assert.ok(m, `item link ${href}`);
      found[item.code] = m[1];
    }
    assert.ok((await text(a)).includes(`浏览器测试目录（批次${STAMP}，2 项）`), 'catalog summary names the new version with 2 items');
    await shot(a, 'catalog');
    return found;
  });
  const itemA = ids[ITEM_A.code];
  const itemB = ids[ITEM_B.code];

  await step('a CSV citing a non-existent article is refused, naming the line and the article', a, async () => {
    const response = await importCatalog(badCsv, `坏批次${STAMP}`);
    assert.ok(response.status() >= 400 && response.status() < 500, `HTTP ${response.status()}, expected 4xx`);
    const alert = a.locator('section.error[role=alert]');
    assert.equal(await alert.count(), 1, 'the error page is shown');
    assert.ok((await alert.locator('h1').innerText()).includes('无法完成操作'));
    const rows = await alert.locator('tbody tr').allInnerTexts();
    const hit = rows.find((r) => r.includes('第九百九十九条'));
    assert.ok(hit, `an error row names the missing article; rows: ${JSON.stringify(rows)}`);
    // Line 3 of the file: header, the good row, then the bad one.
    assert.match(hit, /^\s*3\b/, `the error row names line 3: "${hit}"`);
    assert.ok((await alert.innerText()).includes('未写入任何数据'), 'says nothing was written');
    await shot(a, 'import-error');
    await assertPageOk(a, await visit(a, '/catalog'), '/catalog');
    const page = await text(a);
    assert.ok(!page.includes(BAD_CODE), `${BAD_CODE} must not be in the catalog`);
    assert.ok(!page.includes(`坏批次${STAMP}`), 'the refused catalog version must not be listed');
  });

  // --- 2. A township head for 白云乡, then the list from draft to publication -----------------
  const township = await step(`admin finds ${TOWNSHIP} on /orgs`, a, async () => {
    await assertPageOk(a, await visit(a, '/orgs'), '/orgs');
    const href = await a.getByRole('link', { name: TOWNSHIP, exact: true }).getAttribute('href');
    const m = href.match(/^\/townships\/(\d+)$/);
    assert.ok(m, `township link ${href}`);
    const cg = await a.getByRole('link', { name: '城关镇', exact: true }).getAttribute('href');
    return { id: m[1], chengguan: cg };
  });

  await step(`${TOWNSHIP} has no list yet`, a, async () => {
    await assertPageOk(a, await visit(a, '/lists'), '/lists');
    // Lists left by earlier runs of this flow against the same server carry the test batch name.
    const rows = await a.locator('table tbody tr', { hasText: TOWNSHIP }).allInnerTexts();
    const others = rows.filter((r) => !r.includes('浏览器测试批次'));
    assert.deepEqual(others, [], `${TOWNSHIP} already has a list`);
  });

  await step(`admin creates a township head account for ${TOWNSHIP}`, a, async () => {
    await assertPageOk(a, await visit(a, '/users'), '/users');
    await a.getByText('新建用户', { exact: true }).click();
    const form = a.locator('form[action="/users"]');
    await form.getByLabel('用户名').fill(HEAD_USER);
    await form.getByLabel('姓名').fill('白云乡测试负责人');
    await form.getByLabel('角色').selectOption('township_head');
    await form.getByLabel('单位').selectOption({ label: TOWNSHIP });
    await form.getByLabel('初始密码').fill(HEAD_PASSWORD);
    const response = await submit(a, form.getByRole('button', { name: '新建' }));
    await assertPageOk(a, response, 'user creation');
    await assertPageOk(a, await visit(a, '/users'), '/users');
    const row = a.locator('tbody tr', { hasText: HEAD_USER });
    assert.equal(await row.count(), 1, `a row for ${HEAD_USER}`);
    const rowText = await row.innerText();
    assert.ok(rowText.includes('乡镇负责人') && rowText.includes(TOWNSHIP), `user row: ${rowText}`);
  });

  const listPath = await step(`admin drafts a list for ${TOWNSHIP}`, a, async () => {
    await assertPageOk(a, await visit(a, '/lists'), '/lists');
    await a.getByText('为乡镇拟定新清单').click();
    const form = a.locator('form[action="/lists"]');
    await form.getByLabel('乡镇').selectOption({ label: TOWNSHIP });
    await form.getByLabel('批次').fill(BATCH);
    const response = await submit(a, form.getByRole('button', { name: '新建' }));
    await assertPageOk(a, response, 'list creation');
    const p = new URL(a.url()).pathname;
    assert.match(p, /^\/lists\/\d+$/, 'creation leads to the new list');
    assert.ok((await a.locator('h1').innerText()).includes(`${TOWNSHIP} · ${BATCH}`));
    return p;
  });

  await step('admin adds both imported items with their effective dates', a, async () => {
    for (const [id, from, until] of [[itemA, effective, ''], [itemB, effective, addDays(today, 5)]]) {
      const form = a.locator(`form[action="${listPath}/items"]`);
      await form.getByLabel('从赋权目录中选择').selectOption(id);
      await form.getByLabel('生效日期').fill(from);
      if (until) await form.getByLabel('过渡期至').fill(until);
      await assertPageOk(a, await submit(a, form.getByRole('button', { name: '加入清单' })), 'add item');
    }
    assert.equal(new URL(a.url()).pathname, listPath);
    const rows = a.locator('section.card', { hasText: '事项（' }).locator('tbody tr');
    assert.equal(await rows.count(), 2, 'two items on the list');
    const rowA = await rows.filter({ hasText: ITEM_A.code }).innerText();
    assert.ok(rowA.includes(effective) && rowA.includes(ITEM_A.department), `row A: ${rowA}`);
    const rowB = await rows.filter({ hasText: ITEM_B.code }).innerText();
    assert.ok(rowB.includes(addDays(today, 5)), `row B shows its transition end: ${rowB}`);
  });

  await step('admin fills the capability assessment', a, async () => {
    await a.getByText('填写评估').click();
    const form = a.locator(`form[action="${listPath}/assessment"]`);
    // Staff and certified officers are prefilled from the records.
    assert.match(await form.getByLabel('在岗人员').inputValue(), /^\d+$/, 'staff prefilled');
    await form.getByLabel('在岗人员').fill('6');
    await form.getByLabel('持有效执法证人员').fill('3');
    await form.getByLabel('执法装备').fill('执法记录仪 4 台，执法车 1 辆');
    await form.getByLabel('预计年办件量').fill('40');
    await form.getByLabel('评估结论').fill('具备承接能力');
    await assertPageOk(a, await submit(a, form.getByRole('button', { name: '保存评估' })), 'assessment');
    const facts = await a.locator('dl.facts').innerText();
    assert.ok(facts.includes('具备承接能力') && facts.includes('执法记录仪'), `assessment shown: ${facts}`);
  });

  async function listStatus(page) {
    return (await page.locator('p', { hasText: '状态：' }).first().innerText()).trim();
  }

  await step('the list cannot go to the city before the township agrees', a, async () => {
    assert.ok((await listStatus(a)).includes('拟定中'), 'the list is a draft');
    assert.equal(await a.getByRole('button', { name: '报市审核' }).count(), 0, 'no 报市审核 button before consent');
    // A stale or forged form: post the submission anyway, with this page's CSRF token.
    const response = await Promise.all([
      a.waitForNavigation(),
      a.evaluate((action) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        const csrf = document.querySelector('input[name=_csrf]').cloneNode();
        form.appendChild(csrf);
        document.body.appendChild(form);
        form.submit();
      }, `${listPath}/submit`),
    ]).then(([r]) => r);
    assert.ok(response.status() >= 400 && response.status() < 500, `submission without consent: HTTP ${response.status()}`);
    const why = await a.locator('section.error .message').innerText();
    assert.ok(why.includes('未书面同意'), `the error page explains the refusal: ${why}`);
    await shot(a, 'submit-refused');
    await assertPageOk(a, await visit(a, listPath), listPath);
    assert.ok((await listStatus(a)).includes('拟定中'), 'the list is still a draft');
  });

  const head = await signIn(HEAD_USER, HEAD_PASSWORD, TOWNSHIP);
  await step(`the new ${TOWNSHIP} head sees the list and agrees in writing`, head.page, async () => {
    const h = head.page;
    await assertPageOk(h, await visit(h, '/lists'), '/lists');
    const row = h.locator('tbody tr', { hasText: BATCH });
    assert.equal(await row.count(), 1, 'the head sees the list');
    assert.ok((await row.innerText()).includes('需要您处理'), 'the list waits for the head');
    await assertPageOk(h, await visit(h, listPath), listPath);
    const form = h.locator(`form[action="${listPath}/consent"]`);
    await form.getByLabel('书面意见文号或说明').fill(`白云乡〔2026〕${STAMP}号`);
    await assertPageOk(h, await submit(h, form.getByRole('button', { name: '同意承接' })), 'consent');
    const consent = await h.locator('section.card', { hasText: '乡镇意见' }).innerText();
    assert.ok(consent.includes('同意承接') && consent.includes(`白云乡〔2026〕${STAMP}号`), `consent shown: ${consent}`);
    await shot(h, 'list-consented');
  });
  await head.context.close();

  await step('admin submits the list to the city', a, async () => {
    await assertPageOk(a, await visit(a, listPath), listPath);
    assert.ok((await listStatus(a)).includes('乡镇已同意'), 'status after consent');
    await assertPageOk(a, await submit(a, a.getByRole('button', { name: '报市审核' })), 'submit');
    assert.ok((await listStatus(a)).includes('待市级审核'), 'status after submission');
    assert.equal(await a.getByRole('button', { name: '报市审核' }).count(), 0, 'no second submission');
    assert.equal(await a.getByRole('button', { name: /公布清单/ }).count(), 0, 'not publishable before approval');
  });

  const city = await signIn('city', DEMO_PASSWORD, '示范市');
  await step('the city reviewer approves', city.page, async () => {
    const c = city.page;
    await assertPageOk(c, await visit(c, listPath), listPath);
    const form = c.locator(`form[action="${listPath}/review"]`);
    await form.getByLabel('审核意见').fill('同意');
    await assertPageOk(c, await submit(c, form.getByRole('button', { name: '审核通过' })), 'review');
    const review = await c.locator('section.card', { hasText: '审核、公布与备案' }).innerText();
    assert.ok(review.includes('市级审核：通过'), `review shown: ${review}`);
    assert.ok((await listStatus(c)).includes('市级审核通过'), 'status after approval');
  });
  await city.context.close();

  await step('admin publishes; the list shows 已公布', a, async () => {
    await assertPageOk(a, await visit(a, listPath), listPath);
    await assertPageOk(a, await submit(a, a.getByRole('button', { name: /公布清单/ })), 'publish');
    const status = await listStatus(a);
    assert.ok(status.includes('已公布') && status.includes(`${today} 公布`), `status line: ${status}`);
    assert.equal(await a.locator('ol.steps li.done').count(), 6, 'six of the seven steps are done');
    await shot(a, 'list-published');
    await assertPageOk(a, await visit(a, '/lists'), '/lists');
    const row = await a.locator('tbody tr', { hasText: BATCH }).innerText();
    assert.ok(row.includes(TOWNSHIP) && row.includes('已公布'), `lists row: ${row}`);
  });

  // --- 3. The resolver answers by date -----------------------------------------------------
  async function resolve(itemId, date) {
    await assertPageOk(a, await visit(a, `/townships/${township.id}`), 'township page');
    const form = a.locator('form[action="/resolve"]');
    await form.getByLabel('事项').selectOption(itemId);
    await form.getByLabel('日期').fill(date);
    await assertPageOk(a, await submit(a, form.getByRole('button', { name: '查询由谁管辖' })), 'resolve');
    const url = new URL(a.url());
    assert.equal(url.pathname, '/resolve');
    assert.equal(url.searchParams.get('township_id'), township.id);
    assert.equal(url.searchParams.get('item_id'), itemId);
    assert.equal(url.searchParams.get('date'), date);
    return (await a.locator('p.answer').innerText()).replace(/\s+/g, ' ').trim();
  }

  await step(`the resolver answers ${ITEM_A.department} the day before the grant and ${TOWNSHIP} from it`, a, async () => {
    assert.equal(await resolve(itemA, addDays(today, 1)), `由 ${ITEM_A.department} 管辖`);
    assert.equal(await resolve(itemA, effective), `由 ${TOWNSHIP} 管辖`);
    await shot(a, 'resolve-granted');
    assert.equal(await resolve(itemB, addDays(today, 1)), `由 ${ITEM_B.department} 管辖`);
    assert.equal(await resolve(itemB, effective), `由 ${TOWNSHIP} 管辖`);
    assert.ok((await text(a)).includes(`过渡期内由 ${ITEM_B.department} 协助`), 'item B is in its transition period');
  });

  await step(`${TOWNSHIP}'s powers on a date list the item only from the effective date`, a, async () => {
    await assertPageOk(a, await visit(a, `/townships/${township.id}?date=${addDays(today, 1)}`), 'township page');
    const powersBefore = await a.locator('section.card', { hasText: '行使的行政权力' }).innerText();
    assert.ok(!powersBefore.includes(ITEM_A.name), 'not yet a power the day before');
    await assertPageOk(a, await visit(a, `/townships/${township.id}?date=${effective}`), 'township page');
    const powers = await a.locator('section.card', { hasText: '行使的行政权力' }).innerText();
    assert.ok(powers.includes(ITEM_A.name), 'a power from the effective date');
  });

  // --- 4. Withdrawal -----------------------------------------------------------------------
  await step(`admin withdraws the grant with effect from ${withdrawn}`, a, async () => {
    await assertPageOk(a, await visit(a, `/townships/${township.id}`), 'township page');
    const row = a.locator('section.card', { hasText: '赋权记录' }).locator('tbody tr', { hasText: ITEM_A.name });
    assert.equal(await row.count(), 1, 'one grant row for the item');
    assert.ok((await row.innerText()).includes(effective), 'the grant row shows the effective date');
    await shot(a, 'township');
    await row.getByText('撤回', { exact: true }).click();
    await row.getByLabel('撤回生效日期').fill(withdrawn);
    await row.getByLabel('理由').fill('承接能力评估复核不合格，收回由原部门行使');
    const response = await submit(a, row.getByRole('button', { name: /确认撤回/ }));
    await assertPageOk(a, response, 'withdrawal');
    assert.equal(new URL(a.url()).pathname, `/townships/${township.id}`);
    const after = await a.locator('section.card', { hasText: '赋权记录' }).locator('tbody tr', { hasText: ITEM_A.name }).innerText();
    assert.ok(after.includes(`${withdrawn} 起撤回`) && after.includes('承接能力评估复核不合格'), `grant row after withdrawal: ${after}`);
  });

  await step(`the resolver answers ${TOWNSHIP} the day before the withdrawal and ${ITEM_A.department} from it`, a, async () => {
    assert.equal(await resolve(itemA, addDays(withdrawn, -1)), `由 ${TOWNSHIP} 管辖`);
    assert.ok((await text(a)).includes(`至 ${withdrawn} 前`), 'the answer shows the end of the grant');
    assert.equal(await resolve(itemA, withdrawn), `由 ${ITEM_A.department} 管辖`);
    await shot(a, 'resolve-withdrawn');
    // The other item stays with the township.
    assert.equal(await resolve(itemB, withdrawn), `由 ${TOWNSHIP} 管辖`);
  });
  await admin.context.close();

  // --- 5. An officer of another township sees none of it -------------------------------------
  const qs = await signIn('qs_officer', DEMO_PASSWORD, '青山镇');
  const q = qs.page;
  await step(`qs_officer (青山镇) is refused ${TOWNSHIP}'s page`, q, async () => {
    const response = await visit(q, `/townships/${township.id}`);
    assert.equal(response.status(), 403, `HTTP ${response.status()}`);
    const message = await q.locator('section.error .message').innerText();
    assert.ok(message.includes('无权进行此操作'), `error message: ${message}`);
    assert.ok(!(await text(q)).includes(ITEM_A.name), 'no item name leaks');
    await shot(q, 'refused');
  });

  await step(`qs_officer is refused the resolver for ${TOWNSHIP}`, q, async () => {
    const response = await visit(q, `/resolve?township_id=${township.id}&item_id=${itemA}&date=${effective}`);
    assert.equal(response.status(), 403, `HTTP ${response.status()}`);
    assert.equal(await q.locator('p.answer').count(), 0, 'no answer');
  });

  await step(`qs_officer's /lists does not mention ${TOWNSHIP}`, q, async () => {
    await assertPageOk(q, await visit(q, '/lists'), '/lists');
    const page = await text(q);
    assert.ok(!page.includes(TOWNSHIP), `${TOWNSHIP} appears on qs_officer's /lists`);
    assert.ok(!page.includes(BATCH), 'the batch appears on qs_officer\'s /lists');
  });

  await step(`qs_officer is refused ${TOWNSHIP}'s list and 城关镇's page`, q, async () => {
    const list = await visit(q, listPath);
    assert.equal(list.status(), 403, `list page: HTTP ${list.status()}`);
    assert.ok(!(await text(q)).includes(BATCH), 'the batch name leaks on the refusal');
    const cg = await visit(q, township.chengguan);
    assert.equal(cg.status(), 403, `城关镇 page: HTTP ${cg.status()}`);
    assert.ok((await q.locator('section.error .message').innerText()).includes('无权进行此操作'));
  });

  await step('qs_officer still sees 青山镇 itself', q, async () => {
    await assertPageOk(q, await visit(q, '/'), 'home');
    await q.locator('nav.side').getByRole('link', { name: '本乡镇权责' }).click();
    await q.waitForLoadState();
    assert.match(new URL(q.url()).pathname, /^\/townships\/\d+$/);
    assert.equal(await q.locator('h1').innerText(), '青山镇');
    const powers = await q.locator('section.card', { hasText: '行使的行政权力' }).innerText();
    assert.ok(!powers.includes(ITEM_A.name) && !powers.includes(ITEM_B.name), 'the new items are not powers of 青山镇');
    const grants = await q.locator('section.card', { hasText: '赋权记录' }).innerText();
    assert.ok(!grants.includes(`浏览器测试${STAMP}`), 'no grant of the new items to 青山镇');
  });
  await qs.context.close();
} catch (error) {
  failed = true;
  console.error(`\nFAILED: ${stepName}`);
  console.error(error?.stack ?? String(error));
  if (current && !current.isClosed()) {
    console.error(`page: ${current.url()}`);
    const excerpt = await text(current).catch(() => '(page text unavailable)');
    console.error(`text: ${excerpt.slice(0, 800)}`);
  }
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}

console.log(`${failed ? 'browser flow FAILED' : 'browser flow passed'} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
