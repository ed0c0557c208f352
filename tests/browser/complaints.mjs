// End-to-end browser test of complaints (投诉举报): a citizen on a phone files a report with a
// photo as evidence and is given a tracking number and a check code; a refused filing keeps
// what was typed; the citizen follows it; the township's officer finds it on the complaint
// desk, accepts it and answers; the citizen reads the answer. Screenshots go to
// ZHIFA_SCREENSHOTS when it is set.
//
// Needs a running demo server at ZHIFA_URL (run.sh starts one).

import assert from 'node:assert/strict';
import { BASE, PHONE, assertPageOk, freshPage, launch, report, shooter, signIn, step, submit, text, visit } from './lib.mjs';

const shot = shooter('complaint');

// A 1×1 PNG, the photo the citizen attaches.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const ANSWER = '经现场核查，反映属实，已责令当事人当日清理，并将持续巡查。';

const browser = await launch();
try {
  const { context, page: p } = await freshPage(browser, PHONE);

  await step('a filing that says too little is refused and keeps what was typed', p, async () => {
    await assertPageOk(p, await visit(p, '/portal'), '/portal');
    await assertPageOk(p, await submit(p, p.getByRole('link', { name: '投诉举报' }).first()), 'the form');
    await p.getByLabel('事项').selectOption('other');
    await p.getByLabel('具体地点').fill('城关镇东街');
    // The browser's own minimum length is bypassed to see the server's answer.
    await p.locator('textarea[name=description]').evaluate((t) => t.removeAttribute('minlength'));
    await p.getByLabel('事情经过').fill('有人违法');
    const response = await submit(p, p.getByRole('button', { name: '提交' }));
    assert.equal(response.status(), 422, 'refused by the rules');
    const page = await text(p);
    assert.ok(page.includes('至少10个字'), 'the message says what is missing');
    assert.equal(await p.getByLabel('具体地点').inputValue(), '城关镇东街', 'the place is kept');
    await shot(p, 'refused');
  });

  const filed = await step('a citizen files a report with a photo and gets a tracking number and check code', p, async () => {
    await visit(p, '/portal/complaints');
    await p.getByLabel('事项').selectOption({ label: '对乱堆粪便、垃圾、柴草，破坏村容镇貌和环境卫生的行政处罚' });
    await p.getByLabel('发生地乡镇(街道)').selectOption({ label: '城关镇' });
    await p.getByLabel('具体地点').fill('城关镇东街农贸市场后门');
    await p.getByLabel('事情经过').fill('农贸市场后门每天傍晚有人堆放垃圾和柴草，已持续一周，气味很大');
    await p.getByLabel('证据材料').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
    await p.getByLabel('姓名').fill('赵女士');
    await p.getByLabel('手机或电话').fill('13900001111');
    await assertPageOk(p, await submit(p, p.getByRole('button', { name: '提交' })), 'filing');
    const tracking = (await p.locator('#tracking-no').innerText()).trim();
    const check = (await p.locator('#check-code').innerText()).trim();
    assert.match(tracking, /^TS-\d{4}-\d{5}$/);
    assert.match(check, /^[A-Z2-9]{8}$/);
    assert.ok((await text(p)).includes('已分办至 城关镇'), 'routed to the competent township');
    await shot(p, 'filed');
    return { tracking, check };
  });

  await step('the citizen follows it: received, with the photo and the deadline', p, async () => {
    await assertPageOk(p, await submit(p, p.getByRole('link', { name: '查看办理进度' })), 'tracking');
    const page = await text(p);
    assert.ok(page.includes('待受理') && page.includes('受理期限'), 'where it stands');
    assert.ok(page.includes('现场照片.png'), 'the attached photo');
    assert.ok(page.includes('农贸市场后门'), 'what was written');
    await shot(p, 'received');
    // With the number alone, anyone sees where it stands, not what was written.
    await visit(p, `/portal/complaints/track?no=${filed.tracking}`);
    const status = await text(p);
    assert.ok(status.includes('待受理') && !status.includes('农贸市场后门'), 'the status only');
  });

  const officer = await signIn(browser, 'officer', '城关镇', PHONE);
  await step('the township officer finds it on the complaint desk, accepts it and answers', officer.page, async () => {
    const o = officer.page;
    // The workbench lists it among what waits for the township.
    await assertPageOk(o, await visit(o, '/'), 'the workbench');
    assert.ok((await o.locator('#complaints').count()) === 1, 'complaints on the workbench');
    await assertPageOk(o, await submit(o, o.getByRole('link', { name: filed.tracking })), 'the complaint');
    const page = await text(o);
    assert.ok(page.includes('赵女士') && page.includes('13900001111'), 'the filer\'s contact, for the handler');
    const href = await o.getByRole('link', { name: '现场照片.png' }).getAttribute('href');
    const photo = await o.request.get(BASE + href);
    assert.equal(photo.status(), 200, 'the photo opens');
    assert.equal(photo.headers()['content-type'], 'image/png');
    assert.deepEqual(Buffer.from(await photo.body()), PHOTO, 'as filed');
    await shot(o, 'desk');
    await o.getByLabel('受理意见').fill('安排执法人员现场核查');
    await assertPageOk(o, await submit(o, o.getByRole('button', { name: '受理', exact: true })), 'accepted');
    assert.ok((await text(o)).includes('办理中'));
    await o.getByLabel('办理结果').fill(ANSWER);
    await assertPageOk(o, await submit(o, o.getByRole('button', { name: '办结答复' })), 'answered');
    assert.ok((await text(o)).includes('已办结'));
  });
  await officer.context.close();

  await step('the citizen reads the answer', p, async () => {
    await visit(p, `/portal/complaints/track?no=${filed.tracking}&check=${filed.check}`);
    const page = await text(p);
    assert.ok(page.includes('已办结') && page.includes(ANSWER), 'the answer');
    assert.ok(page.includes('已受理') && page.includes('已办结并答复'), 'every step');
    await shot(p, 'answered');
  });

  console.log(`complaint flow passed (${filed.tracking}) at ${BASE}`);
  await context.close();
} catch (error) {
  await report(error);
  process.exitCode = 1;
} finally {
  await browser.close();
}
