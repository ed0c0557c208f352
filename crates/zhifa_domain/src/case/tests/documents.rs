//! Documents built from a case: available when the case reaches them, with the content the law
//! prescribes, and refused, citing the article, when an item is missing.

use super::*;
use crate::documents::{self, Agency, DocContent, DocKind, DocRef, Extras};

pub(super) fn agency() -> Agency {
    Agency {
        name: "示范县城关镇人民政府".into(),
        short_name: "城关镇".into(),
        payment_place: "示范县农村商业银行城关支行（罚没款代收账户）".into(),
        review_body: "示范县人民政府".into(),
        court: "示范县人民法院".into(),
    }
}

pub(super) fn extras() -> Extras {
    Extras {
        case_code: "CGZ-2026-0001".into(),
        names: [(HEAD, "王镇长"), (REVIEWER, "赵审核"), (OFFICER_A, "李明")]
            .into_iter()
            .map(|(id, n)| (id, n.to_string()))
            .collect(),
        retention: "30年".into(),
        ..Extras::default()
    }
}

/// The case's one document of `kind`, as it would be issued today with `number`.
fn build(kind: DocKind, w: &World, number: &str) -> Result<DocContent, Refusal> {
    documents::build(
        DocRef::of(kind),
        &w.case,
        &agency(),
        &extras(),
        number,
        w.today,
    )
}

pub(super) fn offered(w: &World) -> Vec<(DocRef, Option<Refusal>)> {
    documents::available(&w.case, &agency(), &extras(), w.today)
        .into_iter()
        .map(|(r, built)| (r, built.err()))
        .collect()
}

/// A 500 元 fine, the statement waived, decided: every letter the case reaches.
pub(super) fn decided(party: Party) -> World {
    let mut w = World::new(party, d(2026, 3, 2));
    w.file();
    w.investigate();
    w.conclude(Penalty::fine(yuan(500)));
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    w.run(
        OFFICER_A,
        Command::HearStatement {
            on: w.today,
            defended: false,
            summary: "放弃陈述申辩".into(),
        },
    );
    w.run(HEAD, decide_cmd(punish(500)));
    w
}

pub(super) fn text(doc: &documents::DocContent) -> String {
    let mut out = vec![doc.title.clone(), doc.number.clone(), doc.addressee.clone()];
    out.extend(
        doc.fields
            .iter()
            .map(|f| format!("{}：{}", f.label, f.value)),
    );
    out.extend(doc.paragraphs.iter().cloned());
    for table in &doc.tables {
        out.push(table.caption.clone());
        out.extend(table.rows.iter().map(|r| r.join(" ")));
    }
    out.extend(doc.signatures.iter().cloned());
    out.push(doc.agency.clone());
    out.push(doc.date.clone());
    out.join("\n")
}

#[test]
fn a_decision_letter_states_every_item_of_article_59() {
    let w = decided(person());
    let number = w.case.decision.as_ref().unwrap().number.clone();
    let doc = build(DocKind::PenaltyDecision, &w, "").unwrap();
    let t = text(&doc);
    assert_eq!(
        doc.number, number,
        "the decision keeps the number it was given"
    );
    for item in [
        "张三",                             // name
        "某村",                             // address
        "经查明：事实清楚",                 // facts
        "证据证明",                         // evidence
        "现场检查（勘验）",                 // the evidence's step
        "罚款500.00元",                     // penalty kind
        "伍佰元整",                         // in capitals
        "《城市建筑垃圾管理规定》第十五条", // basis
        "十五日内",                         // manner and deadline of performance
        "申请行政复议",                     // remedies
        "六十日",
        "提起行政诉讼",
        "六个月",
        "示范县城关镇人民政府", // agency
        "2026年3月2日",         // date
    ] {
        assert!(t.contains(item), "the decision letter lacks {item}:\n{t}");
    }
    assert!(doc.sealed, "a decision carries the seal (R-37)");
}

#[test]
fn a_decision_letter_without_the_partys_address_is_refused_citing_article_59() {
    let mut party = person();
    if let Party::Natural { address, .. } = &mut party {
        *address = None;
    }
    let w = decided(party);
    let refusal = build(DocKind::PenaltyDecision, &w, "").unwrap_err();
    assert_eq!(refusal.code, "document.missing_content");
    assert_eq!(refusal.basis, Some("《行政处罚法》第五十九条"));
    assert!(refusal.message.contains("地址"), "{}", refusal.message);
    // It is offered all the same, with what is missing, so that the officer completes it.
    let offered = offered(&w);
    let (_, missing) = offered
        .iter()
        .find(|(k, _)| *k == DocRef::of(DocKind::PenaltyDecision))
        .expect("the decision letter is offered");
    assert_eq!(
        missing.as_ref().map(|r| r.code),
        Some("document.missing_content")
    );
}

#[test]
fn documents_become_available_as_the_case_reaches_them() {
    let mut w = World::new(person(), d(2026, 3, 2));
    let available = |w: &World| -> Vec<DocKind> {
        offered(w)
            .into_iter()
            .map(|(k, missing)| {
                assert!(missing.is_none(), "{k:?} lacks {missing:?}");
                k.kind
            })
            .collect()
    };
    assert_eq!(available(&w), [DocKind::FilingApproval]);
    w.file();
    w.investigate();
    assert_eq!(
        available(&w),
        [
            DocKind::FilingApproval,
            DocKind::InspectionRecord,
            DocKind::CorrectionOrder
        ]
    );
    let w = decided(person());
    assert_eq!(
        available(&w),
        [
            DocKind::FilingApproval,
            DocKind::InspectionRecord,
            DocKind::CorrectionOrder,
            DocKind::PenaltyNotice,
            DocKind::PenaltyDecision,
            DocKind::ServiceReceipt,
        ]
    );
    let refusal = build(DocKind::ClosingReport, &w, "").unwrap_err();
    assert_eq!(refusal.code, "document.not_available");
}

#[test]
fn the_notice_states_the_statement_deadline_and_the_proposed_penalty() {
    let w = decided(person());
    let doc = build(DocKind::PenaltyNotice, &w, "城关镇罚告〔2026〕1号").unwrap();
    let t = text(&doc);
    let due = documents::written_date(w.case.notice.as_ref().unwrap().statement_due);
    assert!(
        t.contains(&due) && t.contains("陈述和申辩") && t.contains("罚款500.00元"),
        "{t}"
    );
    assert_eq!(doc.number, "城关镇罚告〔2026〕1号");
}

#[test]
fn kinds_round_trip_through_their_keys() {
    for k in DocKind::ALL {
        assert_eq!(DocKind::parse(k.key()), Some(k));
    }
    assert_eq!(DocKind::parse("nonsense"), None);
    let second = DocRef::item(DocKind::InterviewRecord, 2);
    assert_eq!(second.key(), "interview_record-2");
    assert_eq!(DocRef::parse("interview_record-2"), Some(second));
    assert_eq!(second.title(), "询问（调查）笔录（第2份）");
    // An item only where a case may hold several, and always there.
    assert_eq!(DocRef::parse("penalty_decision-1"), None);
    assert_eq!(DocRef::parse("interview_record"), None);
    assert_eq!(DocRef::parse("interview_record-0"), None);
    assert_eq!(DocRef::parse("interview_record-x"), None);
    assert_eq!(
        documents::document_number("城关镇", "罚告", 2026, 3),
        "城关镇罚告〔2026〕3号"
    );
}
