// End-to-end browser test of case handling: an officer, the township head and the legal
// reviewer take a general-procedure case from registration to archive on the case pages, on
// a phone-sized screen; a step the law refuses shows its article and changes nothing; an
// on-the-spot fine is decided with its video and a serial number, and the party signs its
// decision on the phone.
//
// Needs a running demo server at ZHIFA_URL (run.sh starts one).

import assert from 'node:assert/strict';
import {
  BASE, PHONE, assertPageOk, errorMessage, launch, report, signIn, step, submit, text, visit,
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

  await step('the decision letter, lacking the party\'s address, is refused citing article 59; the notice is issued and verifies', o, async () => {
    await visit(o, caseUrl);
    const row = (title) => o.locator('#documents ul.doc-options li', { hasText: `${title}：` });
    let response = await submit(o, row('行政处罚决定书').getByRole('button', { name: '签发' }));
    assert.ok(response.status() >= 400, 'refused');
    assert.ok((await text(o)).includes('第五十九条'), 'cites 《行政处罚法》第五十九条');
    await visit(o, caseUrl);
    response = await submit(o, row('行政处罚事先告知书').getByRole('button', { name: '签发' }));
    await assertPageOk(o, response, 'issuing the notice');
    const issued = o.locator('#documents > ul').first().locator('li', { hasText: '行政处罚事先告知书' });
    const line = await issued.innerText();
    assert.match(line, /罚告〔\d{4}〕\d+号/, 'numbered from the township\'s series');
    const code = line.match(/验证码 ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/)[1];
    const pdf = await o.request.get(`${BASE}${await issued.locator('a').getAttribute('href')}`);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    const anonymous = await browser.newContext();
    const verified = await anonymous.request.get(`${BASE}/verify/${code}`);
    assert.equal(verified.status(), 200);
    const v = await verified.json();
    assert.equal(v.title, '行政处罚事先告知书');
    assert.ok(!JSON.stringify(v).includes(PARTY), 'no personal data in the public verification');
    await anonymous.close();
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

  await step('a first offence is not punished, with the education record and the commitment letter', o, async () => {
    await assertPageOk(o, await visit(o, '/cases/new'), '/cases/new');
    await o.getByLabel('姓名或名称').fill(`${PARTY}丙`);
    await o.getByLabel('出生日期（无身份证号时）').fill('1985-07-01');
    const option = o.locator('select[name=item_id] option', { hasText: 'SC-ZJ-003' });
    await o.locator('select[name=item_id]').selectOption(await option.getAttribute('value'));
    await o.getByLabel('违法事实').fill('门前堆放杂物，经指出当即清理');
    await o.getByLabel('发生日期').fill(today);
    await assertPageOk(o, await submit(o, o.getByRole('button', { name: '登记' })), 'registration');
    const path = new URL(o.url()).pathname;
    await done(o, '指派办案人员', async (f) => {
      await f.getByLabel('张执法').check();
      await f.getByLabel('陈执法').check();
    });
    const hd = await signIn(browser, 'head', '城关镇');
    await visit(hd.page, path);
    await done(hd.page, '立案审批');
    await visit(o, path);
    const upload = async (name, type) => {
      await o.locator('summary', { hasText: '上传证据' }).click();
      await o.locator('input[type=file]').setInputFiles({ name, mimeType: type, buffer: Buffer.from(`${name} ${STAMP}`) });
      await assertPageOk(o, await submit(o, o.getByRole('button', { name: '上传' })), `upload ${name}`);
      return new URL(o.url()).searchParams.get('evidence');
    };
    await upload('scene.mp4', 'video/mp4');
    await done(o, '记录调查取证', async (f) => f.getByLabel('已出示执法证件').check());
    await done(o, '调查终结', async (f) => {
      await f.getByLabel('调查终结报告（事实认定）').fill('初次违法，危害后果轻微，已当即改正');
      await f.locator('select[name=outcome]').selectOption('not_punish:first_offence');
    });
    const education = await upload('education.pdf', 'application/pdf');
    const commitment = await upload('commitment.pdf', 'application/pdf');
    await done(o, '记录教育及承诺书', async (f) => {
      await f.locator('input[name=evidence_id]').fill(education);
      await f.locator('input[name=commitment_id]').fill(commitment);
    });
    await visit(hd.page, path);
    await done(hd.page, '作出决定', async (f) => f.locator('select[name=outcome]').selectOption('not_punish:first_offence'));
    const page = await text(hd.page);
    assert.ok(page.includes('不予行政处罚（初次违法且危害后果轻微并及时改正（首违不罚））'), 'the decision names its ground');
    assert.ok(page.includes('记录教育情况及当事人承诺书'));
    await hd.context.close();
  });

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

  await step('the on-the-spot decision is issued and the party signs it on the phone', o, async () => {
    const caseUrl = new URL(o.url()).pathname;
    const row = o.locator('#documents ul.doc-options li', { hasText: '当场行政处罚决定书：' });
    await assertPageOk(o, await submit(o, row.getByRole('button', { name: '签发' })), 'issuing the decision');
    await assertPageOk(o, await submit(o, o.getByRole('link', { name: '当事人签收' })), 'the signing page');
    await o.getByLabel('签名人姓名').fill(`${PARTY}乙`);
    const pad = await o.locator('#sign-pad').boundingBox();
    await o.mouse.move(pad.x + pad.width * 0.2, pad.y + pad.height * 0.6);
    await o.mouse.down();
    for (const [x, y] of [[0.35, 0.3], [0.5, 0.7], [0.65, 0.3], [0.8, 0.6]]) {
      await o.mouse.move(pad.x + pad.width * x, pad.y + pad.height * y, { steps: 5 });
    }
    await o.mouse.up();
    if (process.env.ZHIFA_SCREENSHOTS) {
      await o.screenshot({ path: `${process.env.ZHIFA_SCREENSHOTS}/sign-phone.png`, fullPage: true });
    }
    await assertPageOk(o, await submit(o, o.getByRole('button', { name: '确认签收' })), 'signing');
    assert.equal(new URL(o.url()).pathname, caseUrl, 'back on the case');
    const page = await text(o);
    assert.ok(page.includes(`${PARTY}乙已签收`), 'the document shows who signed it');
    assert.ok(page.includes('在屏幕上签收《当场行政处罚决定书》'), 'the record has the signature');
  });
  await officer.context.close();

  // The demo's published cases, each stopped at a stage: legal review, a seizure running, a
  // 青山镇 case outside its powers.
  const reviewer = await signIn(browser, 'reviewer', '城关镇');
  const r = reviewer.page;
  const reviewed = await step('the reviewer finds a case in the review queue and passes it', r, async () => {
    await assertPageOk(r, await visit(r, '/cases'), '/cases');
    const queue = r.locator('section.card', { hasText: '待我办理' });
    const link = queue.locator('article', { hasText: '法制审核' }).first().locator('a');
    assert.ok((await link.count()) > 0, 'a case waits for legal review');
    await assertPageOk(r, await submit(r, link), 'the case under review');
    assert.ok((await text(r)).includes('须经法制审核'), 'the page says why review is required');
    await done(r, '法制审核', async (f) => {
      await f.getByLabel('法制审核意见').fill('主体合法，事实清楚，证据确凿，程序合法，适用依据正确，裁量适当');
      await f.getByLabel('审核通过（不勾选为退回）').check();
    });
    assert.ok((await text(r)).includes('法制审核通过'));
    return new URL(r.url()).pathname;
  });
  await reviewer.context.close();

  const head2 = await signIn(browser, 'head', '城关镇');
  const h2 = head2.page;
  await step('the head holds the collective discussion and decides the reviewed case', h2, async () => {
    await visit(h2, reviewed);
    const notified = (await text(h2)).match(/拟罚款([\d,]+\.\d\d)元/);
    assert.ok(notified, 'the notice names the fine');
    if ((await h2.locator('summary', { hasText: /^集体讨论$/ }).count()) > 0) {
      await done(h2, '集体讨论', async (f) => {
        for (const name of ['李镇长', '吴法审', '杨执法']) await f.getByLabel(name).check();
        await f.getByLabel('集体讨论结论').fill('同意按告知的处罚作出决定');
      });
    }
    await done(h2, '作出决定', async (f) => f.getByLabel('罚款（元）').fill(notified[1].replace(/,/g, '')));
    assert.ok((await text(h2)).includes('罚决〔'));
  });

  await step('a seizure shows its time limit; an extension beyond 30 days is refused, 30 days is granted', h2, async () => {
    await assertPageOk(h2, await visit(h2, '/cases'), '/cases');
    const links = await h2.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    let found = false;
    for (const href of links) {
      await visit(h2, href);
      if ((await text(h2)).includes('查封、扣押期限')) {
        found = true;
        break;
      }
    }
    assert.ok(found, 'a case with a seizure running shows its time limit');
    const extend = async (days) => act(h2, '查封扣押及强制执行', async (f) => {
      await f.locator('select[name=measure]').selectOption('extend');
      await f.locator('input[name=days]').fill(String(days));
      await f.locator('input[name=reason]').fill('需检测车辆载运物成分');
    });
    const refused = await extend(31);
    assert.ok(refused.status() >= 400);
    assert.ok((await text(h2)).includes('第二十五条'), 'cites 《行政强制法》第二十五条');
    await h2.goBack();
    await assertPageOk(h2, await extend(30), 'a 30-day extension');
    assert.ok((await text(h2)).includes('延长查封扣押期限30日'));
  });
  await head2.context.close();

  // A case with a hearing, legal review and collective discussion, to its archive: the demo's
  // copy of C04 waits with its hearing notified for today and the lorry still seized.
  const chair = await signIn(browser, 'officer2', '城关镇');
  const c2 = chair.page;
  const hearingCase = await step('the hearing chair (not an investigator) holds the hearing', c2, async () => {
    await assertPageOk(c2, await visit(c2, '/cases'), '/cases');
    const links = await c2.locator('table a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    let path = null;
    for (const href of links) {
      await visit(c2, href);
      if ((await c2.locator('summary', { hasText: /^举行听证$/ }).count()) > 0) {
        path = href;
        break;
      }
    }
    assert.ok(path, 'a case waits for its hearing');
    await done(c2, '举行听证', async (f) => f.getByLabel('听证笔录摘要').fill('当事人对违法事实无异议，请求从轻处罚'));
    assert.ok((await text(c2)).includes('举行听证'));
    return path;
  });
  await chair.context.close();

  const officerAgain = await signIn(browser, 'officer', '城关镇');
  const o2 = officerAgain.page;
  await step('after the hearing the officer submits the case for legal review', o2, async () => {
    await visit(o2, hearingCase);
    assert.ok((await text(o2)).includes('经过听证程序'), 'the hearing makes review required');
    await done(o2, '提交法制审核');
  });
  const reviewer2 = await signIn(browser, 'reviewer', '城关镇');
  await step('the reviewer passes the heard case', reviewer2.page, async () => {
    await visit(reviewer2.page, hearingCase);
    await done(reviewer2.page, '法制审核', async (f) => {
      await f.getByLabel('法制审核意见').fill('经听证，事实清楚，程序合法，罚款在法定幅度内');
      await f.getByLabel('审核通过（不勾选为退回）').check();
    });
  });
  await reviewer2.context.close();
  const head3 = await signIn(browser, 'head', '城关镇');
  const h3 = head3.page;
  await step('the head discusses and decides the notified fine; the decision is served and paid', h3, async () => {
    await visit(h3, hearingCase);
    const notified = (await text(h3)).match(/拟罚款([\d,]+\.\d\d)元/);
    assert.ok(notified, 'the notice names the fine');
    await done(h3, '集体讨论', async (f) => {
      for (const name of ['李镇长', '吴法审', '陈执法']) await f.getByLabel(name).check();
      await f.getByLabel('集体讨论结论').fill('同意按告知的罚款作出决定');
    });
    const amount = notified[1].replace(/,/g, '');
    await done(h3, '作出决定', async (f) => f.getByLabel('罚款（元）').fill(amount));
    await visit(o2, hearingCase);
    await done(o2, '送达决定书');
    await done(o2, '登记缴款', async (f) => f.getByLabel('金额（元）').fill(amount));
  });
  await step('the seized lorry must be released before the case closes; then it is archived', h3, async () => {
    await visit(h3, hearingCase);
    const refused = await act(h3, '结案');
    assert.ok(refused.status() >= 400, 'closing with the lorry held is refused');
    await h3.goBack();
    await done(h3, '查封扣押及强制执行', async (f) => {
      await f.locator('select[name=measure]').selectOption('release');
      await f.locator('input[name=reason]').fill('罚款已缴清，现场已清理');
    });
    await done(h3, '结案');
    await done(h3, '归档');
    const page = await text(h3);
    assert.ok(page.includes('已归档'));
    for (const line of ['举行听证', '法制审核通过', '负责人集体讨论', '解除查封扣押', '归档']) {
      assert.ok(page.includes(line), `the timeline has ${line}`);
    }
  });
  await head3.context.close();
  await officerAgain.context.close();

  const qsHead = await signIn(browser, 'qs_head', '青山镇');
  const q = qsHead.page;
  await step('青山镇 cannot file a matter outside its powers; the refusal names the competent body; it transfers', q, async () => {
    await assertPageOk(q, await visit(q, '/cases'), '/cases');
    const link = q.locator('section.card', { hasText: '待我办理' }).locator('article', { hasText: '立案审批' }).first().locator('a');
    assert.ok((await link.count()) > 0, 'a registered 青山镇 case');
    await assertPageOk(q, await submit(q, link), 'the 青山镇 case');
    const casePath = new URL(q.url()).pathname;
    const refused = await act(q, '立案审批');
    assert.ok(refused.status() >= 400);
    const message = await errorMessage(q);
    const body = message && message.match(/应当移送(\S+)$/);
    assert.ok(body, `the refusal names the competent body: ${message}`);
    assert.ok((await text(q)).includes('第二十四条'), 'cites 《行政处罚法》第二十四条');
    await visit(q, casePath);
    await done(q, '移送', async (f) => {
      await f.getByLabel('受移送机关').fill(body[1]);
      await f.getByLabel('移送理由').fill('不属于本乡镇承接事项');
    });
    assert.ok((await text(q)).includes('已移送'));
  });
  await qsHead.context.close();
} catch (error) {
  failed = true;
  await report(error);
} finally {
  await browser.close();
}

console.log(`${failed ? 'case flow FAILED' : 'case flow passed'} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
