// End-to-end browser test of case handling: an officer, the township head and the legal
// reviewer take a general-procedure case from registration to archive on the case pages, on
// a phone-sized screen; a step the law refuses shows its article and changes nothing; an
// on-the-spot fine is decided with its video and a serial number.
//
// Needs a running demo server at ZHIFA_URL (run.sh starts one).

import assert from 'node:assert/strict';
import {
  PHONE, assertPageOk, errorMessage, launch, report, signIn, step, submit, text, visit,
} from './lib.mjs';

const STAMP = Date.now().toString(36).toUpperCase();
const PARTY = `当事人${STAMP}`;

/** Opens the case page's form for `label`, lets `fill` fill it, and submits it. */
async function act(page, label, fill = async () => {}) {
  const box = page.locator('details').filter({ has: page.locator('summary', { hasText: new RegExp(`^${label}$`) }) });
  assert.equal(await box.count(), 1, `the case offers “${label}”`);
  if (!(await box.evaluate((d) => d.open))) await box.locator(':scope > summary').click();
  const form = box.locator('form');
  await fill(form);
  return submit(page, form.getByRole('button', { name: label }));
}

/** Acts and expects success. */
async function done(page, label, fill) {
  const response = await act(page, label, fill);
  await assertPageOk(page, response, label);
}

function video(name) {
  return { name, mimeType: 'video/mp4', buffer: Buffer.from(`body camera clip ${name} ${STAMP}`) };
}

const browser = await launch();
const startedAt = Date.now();
let failed = false;

try {
  const officer = await signIn(browser, 'officer', '城关镇', PHONE);
  const o = officer.page;
  const today = await step('the workbench offers registration', o, async () => {
    await assertPageOk(o, await visit(o, '/cases'), '/cases');
    assert.ok((await text(o)).includes('待我办理'));
    const footer = await o.locator('footer').innerText();
    return footer.match(/今日 (\d{4}-\d{2}-\d{2})/)[1];
  });

  const caseUrl = await step('the officer registers a case from the form', o, async () => {
    await assertPageOk(o, await visit(o, '/cases/new'), '/cases/new');
    await o.getByLabel('姓名或名称').fill(PARTY);
    await o.getByLabel('出生日期（无身份证号时）').fill('1980-05-01');
    const option = o.locator('select[name=item_id] option', { hasText: 'SC-ZJ-003' });
    await o.locator('select[name=item_id]').selectOption(await option.getAttribute('value'));
    await o.getByLabel('违法事实').fill('在村道旁倾倒装修垃圾');
    await o.getByLabel('发生日期').fill(today);
    const response = await submit(o, o.getByRole('button', { name: '登记' }));
    await assertPageOk(o, response, 'registration');
    assert.match(new URL(o.url()).pathname, /^\/cases\/\d+$/);
    assert.ok((await text(o)).includes(PARTY));
    return new URL(o.url()).pathname;
  });

  await step('the officer assigns two certified officers', o, async () => {
    await done(o, '指派办案人员', async (f) => {
      await f.getByLabel('张执法').check();
      await f.getByLabel('陈执法').check();
    });
    assert.ok((await text(o)).includes('川0001001'), 'certificates are shown');
  });

  await step('filing by the officer is refused with the article; nothing changes', o, async () => {
    const response = await act(o, '立案审批');
    assert.ok(response.status() >= 400);
    const message = await errorMessage(o);
    assert.ok(message && message.includes('乡镇负责人'), message);
    assert.ok((await text(o)).includes('第五十四条'));
    await visit(o, caseUrl);
    assert.ok((await text(o)).includes('案源登记'));
  });

  const head = await signIn(browser, 'head', '城关镇');
  const h = head.page;
  await step('the head finds the case in the queue and approves filing', h, async () => {
    await assertPageOk(h, await visit(h, '/cases'), '/cases');
    const queue = await h.locator('section.card', { hasText: '待我办理' }).innerText();
    assert.ok(queue.includes('立案审批'), queue);
    await visit(h, caseUrl);
    await done(h, '立案审批');
    assert.ok((await text(h)).includes('立案（经负责人批准）'));
  });

  await step('the officer uploads a video from the phone and records the inspection with it', o, async () => {
    await visit(o, caseUrl);
    await o.locator('summary', { hasText: '上传证据' }).click();
    await o.locator('input[type=file]').setInputFiles(video('inspection.mp4'));
    await assertPageOk(o, await submit(o, o.getByRole('button', { name: '上传' })), 'upload');
    assert.match(o.url(), /evidence=\d+/);
    await done(o, '记录调查取证', async (f) => {
      await f.getByLabel('已出示执法证件').check();
      await f.getByLabel('笔录摘要').fill('现场检查，垃圾堆放约2立方米');
    });
    assert.ok((await text(o)).includes('有音像记录'));
  });

  await step('the officer orders correction, concludes with a fine and serves the prior notice', o, async () => {
    await done(o, '责令改正', async (f) => f.getByLabel('责令改正的内容').fill('清理倾倒的装修垃圾'));
    await done(o, '调查终结', async (f) => {
      await f.getByLabel('调查终结报告（事实认定）').fill('事实清楚，证据确凿');
      await f.getByLabel('罚款（元）').fill('500');
    });
    await done(o, '事先告知');
    const page = await text(o);
    assert.ok(page.includes('事先告知书') && page.includes('陈述申辩至'), 'the notice and its window');
  });

  await step('deciding before the statement is heard is refused with the article', h, async () => {
    await visit(h, caseUrl);
    const response = await act(h, '作出决定', async (f) => f.getByLabel('罚款（元）').fill('500'));
    assert.ok(response.status() >= 400);
    assert.ok((await text(h)).includes('第四十四条'), 'cites 《行政处罚法》第四十四条');
  });

  await step('the party waives its statement; the head decides', h, async () => {
    await done(o, '记录陈述申辩');
    await visit(h, caseUrl);
    await done(h, '作出决定', async (f) => f.getByLabel('罚款（元）').fill('500'));
    assert.ok((await text(h)).includes('罚决〔'), 'the decision has its number');
  });

  await step('the officer serves the decision and records the payment; the head closes and archives', h, async () => {
    await visit(o, caseUrl);
    await done(o, '送达决定书');
    await done(o, '登记缴款', async (f) => f.getByLabel('金额（元）').fill('500'));
    await visit(h, caseUrl);
    await done(h, '结案');
    await done(h, '归档');
    const page = await text(h);
    assert.ok(page.includes('已归档'), 'archived');
    for (const line of ['案源登记', '立案', '现场检查', '责令改正', '调查终结', '事先告知书', '作出决定', '送达决定书', '缴纳罚款', '结案', '归档']) {
      assert.ok(page.includes(line), `the timeline has ${line}`);
    }
  });
  await head.context.close();

  await step('an on-the-spot fine is decided with its video and a serial number', o, async () => {
    await assertPageOk(o, await visit(o, '/cases/on-the-spot'), '/cases/on-the-spot');
    await o.locator('input[type=file]').setInputFiles(video('spot.mp4'));
    await assertPageOk(o, await submit(o, o.getByRole('button', { name: '上传' })), 'upload');
    await o.getByLabel('姓名或名称').fill(`${PARTY}乙`);
    await o.getByLabel('出生日期（无身份证号时）').fill('1990-01-01');
    const option = o.locator('select[name=item_id] option', { hasText: 'SC-ZJ-003' });
    await o.locator('select[name=item_id]').selectOption(await option.getAttribute('value'));
    await o.getByLabel('违法事实').fill('随意倾倒生活垃圾');
    await o.getByLabel('发生日期').fill(today);
    await o.getByLabel('陈执法').check();
    await o.getByLabel('已向当事人出示执法证件').check();
    await o.getByLabel('罚款（元）').fill('300');
    await o.getByLabel('责令改正').fill('立即清理');
    let response = await submit(o, o.getByRole('button', { name: '作出当场处罚决定' }));
    assert.ok(response.status() >= 400, 'over 200 元 for a citizen is refused');
    assert.ok((await text(o)).includes('第五十一条'));
    await o.goBack();
    await o.getByLabel('罚款（元）').fill('100');
    response = await submit(o, o.getByRole('button', { name: '作出当场处罚决定' }));
    await assertPageOk(o, response, 'on-the-spot decision');
    const page = await text(o);
    assert.ok(page.includes('简易程序') && page.includes('当罚〔'), 'a simplified case with its serial number');
  });
  await officer.context.close();
} catch (error) {
  failed = true;
  await report(error);
} finally {
  await browser.close();
}

console.log(`${failed ? 'case flow FAILED' : 'case flow passed'} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
