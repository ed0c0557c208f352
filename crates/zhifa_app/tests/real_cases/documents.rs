//! Documents of a replayed real case: issued with their numbers, saying what the law requires,
//! reproduced byte for byte, and verified by code and by content — a changed byte fails.

use crate::support::{replay_on, today, world};
use zhifa_app::log::LogKeys;
use zhifa_domain::documents::{DocKind, DocRef};

/// The text a PDF reader gets back, without layout's spaces and line breaks.
fn text_of(pdf: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(pdf)
        .expect("a PDF reader reads the document")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn c04_decision_and_notice_are_issued_numbered_reproduced_and_verified() {
    let mut w = world(today()).await;
    w.app = w
        .app
        .clone()
        .with_log_keys(LogKeys::generate("zhifa.test/documents").unwrap());
    let replayed = replay_on(&w, "C04", today()).await;
    let c04 = &replayed[0];
    let case_id = c04.played.case_id;
    let officer = w.people.get("officer").unwrap();

    // The decision letter keeps the decision's number and states R-37's items.
    let decision = w
        .app
        .issue_document(officer, case_id, DocRef::of(DocKind::PenaltyDecision))
        .await
        .unwrap();
    let number = c04.case.decision.as_ref().unwrap().number.clone();
    assert_eq!(decision.number, number);
    let (_, pdf) = w.app.document_pdf(officer, decision.id).await.unwrap();
    let text = text_of(&pdf);
    for item in [
        number.as_str(),
        c04.case.party.name(),
        "经查明",
        "证据证明",
        "申请行政复议",
        "提起行政诉讼",
        "十五日内",
        "示范县城关镇人民政府",
        decision.code.as_str(),
    ] {
        assert!(text.contains(item), "the decision lacks {item}:\n{text}");
    }

    // Numbered kinds take gap-free numbers; a refused document takes none, and neither does
    // one issued again with the same content.
    let notice = w
        .app
        .issue_document(officer, case_id, DocRef::of(DocKind::PenaltyNotice))
        .await
        .unwrap();
    assert_eq!(notice.number, "城关镇罚告〔2026〕1号");
    assert!(
        w.app
            .issue_document(officer, case_id, DocRef::of(DocKind::OnTheSpotDecision))
            .await
            .is_err(),
        "a general case has no on-the-spot decision"
    );
    let again = w
        .app
        .issue_document(officer, case_id, DocRef::of(DocKind::PenaltyNotice))
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains(&notice.code),
        "the refusal names the issued one: {again}"
    );
    let first = w
        .app
        .issue_document(officer, case_id, DocRef::of(DocKind::FilingApproval))
        .await
        .unwrap();

    // Rendering the recorded content again gives the same bytes.
    assert_eq!(
        w.app.rerender_document(decision.id).await.unwrap(),
        pdf,
        "an issued document is reproduced exactly"
    );

    // Anyone verifies by the code, or by the file itself; a changed byte matches nothing.
    let by_code = w.app.verify_document(&decision.code).await.unwrap();
    assert_eq!(by_code.sha256, decision.sha256);
    assert_eq!(by_code.number, number);
    assert!(by_code.proof.entry.contains("document.issued"));
    let by_bytes = w.app.verify_document_bytes(&pdf).await.unwrap();
    assert_eq!(by_bytes.len(), 1);
    let mut changed = pdf.clone();
    let at = changed.len() / 2;
    changed[at] ^= 1;
    assert!(
        w.app
            .verify_document_bytes(&changed)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(w.app.verify_document("XXXX-XXXX-XXXX").await.is_err());

    let listed = w.app.case_documents(officer, case_id).await.unwrap();
    assert_eq!(listed.issued.len(), 3);
    let kinds: Vec<DocKind> = listed.available.iter().map(|k| k.doc.kind).collect();
    assert!(
        kinds.contains(&DocKind::ClosingReport) && !kinds.contains(&DocKind::OnTheSpotDecision)
    );

    // C01, 首违不罚: its letter says why it is not punished, under which article.
    let c01 = &replay_on(&w, "C01", today()).await[0];
    let letter = w
        .app
        .issue_document(
            officer,
            c01.played.case_id,
            DocRef::of(DocKind::NoPenaltyDecision),
        )
        .await
        .unwrap();
    assert_eq!(letter.number, "城关镇不罚决〔2026〕1号");
    // The next filing approval of the agency follows C04's: one series per kind and year.
    let second = w
        .app
        .issue_document(
            officer,
            c01.played.case_id,
            DocRef::of(DocKind::FilingApproval),
        )
        .await
        .unwrap();
    assert_eq!(first.number, "城关镇立审〔2026〕1号");
    assert_eq!(second.number, "城关镇立审〔2026〕2号");
    let text = text_of(&w.app.document_pdf(officer, letter.id).await.unwrap().1);
    for item in [
        "不予行政处罚决定书",
        "首违不罚",
        "第三十三条第一款",
        "本机关已对你进行教育",
    ] {
        assert!(text.contains(item), "the letter lacks {item}:\n{text}");
    }
    let keys = w.app.log_keys.clone().unwrap();
    let verifiers: Vec<_> = keys
        .signers
        .iter()
        .map(zhifa_ledger::SignerKey::verifier)
        .collect();
    let report = w
        .app
        .verify_log("zhifa.test/documents", &verifiers)
        .await
        .unwrap();
    assert!(report.first_problem.is_none(), "{:?}", report.first_problem);
}
