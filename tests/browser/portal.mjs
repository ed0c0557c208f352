// End-to-end browser test of the public portal, signed out, on a phone-sized screen: the
// home page, a search that finds a published decision and its page, a body's powers and
// officers, checking an officer's certificate, verifying a document by its code, and a party
// following its own case with the case code and that code. Screenshots of each page go to
// ZHIFA_SCREENSHOTS when it is set.
//
// Needs a running demo server at ZHIFA_URL (run.sh starts one).

import assert from 'node:assert/strict';
import { BASE, PHONE, assertPageOk, freshPage, launch, report, shooter, signIn, step, submit, text, visit } from './lib.mjs';

const shot = shooter('portal');

const browser = await launch();
try {
  const { context, page: p } = await freshPage(browser, PHONE);

  await step('the portal lists the bodies and the latest decisions, signed out', p, async () => {
    await assertPageOk(p, await visit(p, '/portal'), '/portal');
    const page = await text(p);
    assert.ok(page.includes('示范县城关镇人民政府'), 'a township is listed');
    assert.ok(page.includes('最新公开的处罚决定'));
    await shot(p, 'home');
  });

  // The demo publishes its served decisions when it starts; wait for the first sweep.
  const decision = await step('a search for 罚款 finds a published decision; its page masks the party', p, async () => {
    for (let i = 0; i < 50; i += 1) {
      await visit(p, '/portal/decisions');
      if ((await p.locator('ul.decisions li').count()) > 0) break;
      await p.waitForTimeout(200);
    }
    await p.getByLabel('关键词').fill('罚款');
    await assertPageOk(p, await submit(p, p.getByRole('button', { name: '检索' })), 'search');
    const results = p.locator('ul.decisions li');
    assert.ok((await results.count()) > 0, 'the search finds decisions');
    assert.match(await text(p), /共 \d+ 条/);
    await shot(p, 'search');
    await assertPageOk(p, await submit(p, results.first().locator('a')), 'a decision');
    const page = await text(p);
    assert.ok(page.includes('处理结果') && page.includes('执法全过程记录第'), 'the decision and its log entry');
    await shot(p, 'decision');
    return new URL(p.url()).pathname;
  });

  const certificate = await step('a body shows its powers and officers; an officer\'s certificate checks out', p, async () => {
    await visit(p, '/portal');
    await assertPageOk(p, await submit(p, p.getByRole('link', { name: '示范县城关镇人民政府' })), 'a body');
    const page = await text(p);
    assert.ok(page.includes('权责清单') && page.includes('随机抽查事项清单') && page.includes('执法人员'));
    await shot(p, 'body');
    const number = (await p.locator('#officers table.list tbody tr td').nth(1).innerText()).trim();
    await visit(p, '/portal/officers');
    await p.getByLabel('执法证号').fill(number);
    await assertPageOk(p, await submit(p, p.getByRole('button', { name: '核验' })), 'the check');
    assert.ok((await text(p)).includes('证件有效'), 'a valid certificate');
    await shot(p, 'officer');
    return number;
  });

  // An officer reads a decided case's document code and case code, as the party has them.
  const officer = await signIn(browser, 'officer', '城关镇', PHONE);
  const codes = await step('the officer reads an issued document\'s codes on its case page', officer.page, async () => {
    const o = officer.page;
    await visit(o, '/cases');
    const links = await o.locator('a[href^="/cases/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const href of links.filter((h) => /^\/cases\/\d+$/.test(h))) {
      await visit(o, href);
      const issued = o.locator('#documents ul.issued li', { hasText: '决定书' });
      if ((await issued.count()) === 0) continue;
      const line = await issued.first().innerText();
      const code = line.match(/验证码 ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})/)[1];
      const caseCode = (await o.locator('h1').innerText()).split(/\s/)[0];
      return { code, caseCode };
    }
    throw new Error('no case with an issued decision');
  });
  await officer.context.close();

  await step('anyone verifies the document by its code: the page checks the log entry', p, async () => {
    await visit(p, '/portal/verify');
    await p.getByLabel('验证码').fill(codes.code);
    await assertPageOk(p, await submit(p, p.getByRole('button', { name: '核验' })), 'verification');
    const page = await text(p);
    assert.ok(page.includes('文书真实'), 'the document verifies');
    assert.ok(page.includes('SHA-256'));
    await shot(p, 'verify');
    // The QR code's address gives the same page to a browser.
    await assertPageOk(p, await visit(p, `/verify/${codes.code}`), '/verify/{code}');
    assert.ok((await text(p)).includes('文书真实'));
  });

  await step('the party follows its case with the case code and the document\'s code', p, async () => {
    await visit(p, '/portal/case');
    await p.getByLabel('案件编号').fill(codes.caseCode);
    await p.getByLabel('验证码').fill(codes.code);
    await assertPageOk(p, await submit(p, p.getByRole('button', { name: '查询' })), 'the party\'s case');
    const page = await text(p);
    assert.ok(page.includes('办理步骤') && page.includes(codes.caseCode), 'its steps');
    await shot(p, 'case');
  });

  console.log(`portal flow passed (${decision}, certificate ${certificate}) at ${BASE}`);
  await context.close();
} catch (error) {
  await report(error);
  process.exitCode = 1;
} finally {
  await browser.close();
}
