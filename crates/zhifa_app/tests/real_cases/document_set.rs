//! The whole standard set, rendered for the real cases: the demo county's cases at every stage
//! with C01, C04, C05 and C07 replayed to their end, every document each can issue is issued,
//! read back from its PDF, and checked for what the law requires it to say. What no record
//! reaches (a request for assistance, evidence registered and kept, an unpaid fine) is
//! completed here, and said so where it is done.

use crate::support::{World, replay_on, today, world};
use serde_json::json;
use std::collections::BTreeSet;
use zhifa_app::authz::Actor;
use zhifa_domain::case::{Case, Command, Procedure, Stage};
use zhifa_domain::documents::{DocKind, DocRef};

/// The text a PDF reader gets back, without layout's spaces and line breaks.
fn text_of(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf)
        .expect("a PDF reader reads the document")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// What each kind must say, beyond its title: the items of the article that prescribes it.
fn required(kind: DocKind) -> &'static [&'static str] {
    use DocKind as K;
    match kind {
        K::FileCover => &["行政处罚案卷", "卷内目录", "保管期限", "案件编号"],
        K::FilingApproval => &["案由", "承办人", "负责人审批意见"],
        K::InspectionRecord => &["检查（勘验）情况", "检查人员", "被检查人（见证人）签名"],
        K::InterviewRecord => &["询问内容", "申请回避", "被询问人签名"],
        K::EvidenceNotice => &["第五十六条", "七日内", "先行登记保存"],
        K::SeizureDecision => &["决定书", "清单", "三十日", "申请行政复议", "提起行政诉讼"],
        K::CorrectionOrder => &["第二十八条", "责令"],
        K::AssistanceLetter => &["第二十六条", "予以协助"],
        K::TransferLetter => &["不属于本机关管辖", "移送"],
        K::TransferInventory => &["涉案物品及材料", "接收人签名"],
        K::TransferReceipt => &["接收人签名", "第二十五条"],
        K::PenaltyNotice => &["陈述和申辩", "第四十四条"],
        K::HearingRightsNotice => &["有权要求举行听证"],
        K::HearingNotice => &["举行听证", "申请回避"],
        K::HearingRecord => &["听证情况", "听证主持人"],
        K::ReviewOpinion => &["审核结论", "法制审核人员"],
        K::DiscussionRecord => &["讨论结论", "参加人员"],
        K::PenaltyDecision => &["经查明", "证据", "十五日内", "申请行政复议", "提起行政诉讼"],
        K::NoPenaltyDecision => &["不予行政处罚", "申请行政复议"],
        K::Commitment => &["郑重承诺", "承诺人签名"],
        K::OnTheSpotDecision => &["执法人员", "申请行政复议", "当事人签名"],
        K::ServiceReceipt => &["送达文书名称及文号", "受送达人"],
        K::PaymentReminder => &["十日内", "陈述和申辩", "加处罚款"],
        K::EnforcementApplication => &["被申请人", "催告情况", "强制执行"],
        K::ClosingReport => &["结案日期"],
    }
}

/// The first case of `actor`'s township that `test` accepts.
async fn find(w: &World, actor: &Actor, what: &str, test: impl Fn(&Case) -> bool) -> i64 {
    for c in w.app.cases(actor, Some(actor.org.id)).await.unwrap() {
        if test(&w.app.case_view(actor, c.id).await.unwrap().case) {
            return c.id;
        }
    }
    panic!("no demo case {what}")
}

async fn command(w: &World, actor: &Actor, case_id: i64, c: serde_json::Value) {
    let command: Command = serde_json::from_value(c.clone()).expect("a command");
    w.app
        .case_command(actor, case_id, command)
        .await
        .unwrap_or_else(|e| panic!("{c}: {e}"));
}

/// Issues every document a case offers that lacks nothing and was not issued already, the
/// file's cover last (it lists the others); checks each one's text. Returns the kinds issued.
async fn issue_all(w: &World, actor: &Actor, case_id: i64) -> BTreeSet<DocKind> {
    let offered = w.app.case_documents(actor, case_id).await.unwrap();
    let mut docs: Vec<DocRef> = offered
        .available
        .iter()
        .filter(|k| k.missing.is_none() && k.issued_as.is_none())
        .map(|k| k.doc)
        .collect();
    docs.sort_by_key(|d| d.kind == DocKind::FileCover);
    let mut kinds = BTreeSet::new();
    for doc in docs {
        let issued = w
            .app
            .issue_document(actor, case_id, doc)
            .await
            .unwrap_or_else(|e| panic!("case {case_id}, {}: {e}", doc.key()));
        let (_, pdf) = w.app.document_pdf(actor, issued.id).await.unwrap();
        // For looking at them: `ZHIFA_DOC_SAMPLES=DIR` keeps every PDF issued here.
        if let Some(dir) = std::env::var_os("ZHIFA_DOC_SAMPLES") {
            let name = format!("case{case_id}-{}.pdf", doc.key());
            std::fs::write(std::path::Path::new(&dir).join(name), &pdf).unwrap();
        }
        let text = text_of(&pdf);
        for item in required(doc.kind)
            .iter()
            .copied()
            .chain([issued.code.as_str(), issued.number.as_str()])
        {
            assert!(
                text.contains(item),
                "case {case_id}: {} lacks {item}:\n{text}",
                doc.key()
            );
        }
        kinds.insert(doc.kind);
    }
    kinds
}

#[tokio::test]
async fn every_kind_of_the_standard_set_renders_for_the_real_cases() {
    let w = world(today()).await;
    for id in ["C01", "C04", "C05", "C07"] {
        replay_on(&w, id, today()).await;
    }
    let officer = w.people.get("officer").unwrap();
    let officer2 = w.people.get("officer2").unwrap();
    let filed = find(&w, officer, "filed", |c| c.stage == Stage::Filed).await;
    // No record asks another body for assistance, or registers and keeps evidence: the
    // demo's filed case does both here.
    command(
        &w,
        officer,
        filed,
        json!({"action": "request_assistance", "to": "示范县自然资源局", "request": "协助测量倾倒点的占地面积"}),
    )
    .await;
    command(
        &w,
        officer,
        filed,
        json!({
            "action": "record_step", "step": "evidence_preservation", "on": today(),
            "officer_ids": [officer.user.id, officer2.user.id], "certificate_shown": true,
            "evidence_ids": [], "audio_video": false,
            "av_exception": "现场光线不足，以照片和笔录替代", "note": "倾倒现场的装修垃圾约2立方米",
        }),
    )
    .await;
    // Every real fine was paid: the demo's served case goes unpaid past its deadline, is
    // reminded, and ten working days later goes to the court.
    let unpaid = find(&w, officer, "served, unpaid", |c| {
        c.stage == Stage::Served && c.procedure == Procedure::General && c.paid.is_zero()
    })
    .await;
    w.clock.advance_days(40);
    command(
        &w,
        officer,
        unpaid,
        json!({"action": "serve_reminder", "on": w.app.clock.today()}),
    )
    .await;
    let reminder = w.app.case_documents(officer, unpaid).await.unwrap();
    let kinds: Vec<DocKind> = reminder.available.iter().map(|k| k.doc.kind).collect();
    assert!(kinds.contains(&DocKind::PaymentReminder), "{kinds:?}");
    let mut issued = issue_all(&w, officer, unpaid).await;
    w.clock.advance_days(16);
    command(
        &w,
        officer,
        unpaid,
        json!({"action": "apply_to_court", "on": w.app.clock.today()}),
    )
    .await;

    for township in ["officer", "qs_officer"] {
        let actor = w.people.get(township).unwrap();
        for case in w.app.cases(actor, Some(actor.org.id)).await.unwrap() {
            issued.extend(issue_all(&w, actor, case.id).await);
        }
    }
    let missing: Vec<DocKind> = DocKind::ALL
        .into_iter()
        .filter(|k| !issued.contains(k))
        .collect();
    assert!(missing.is_empty(), "never issued: {missing:?}");
}
