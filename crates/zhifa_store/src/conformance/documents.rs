//! Conformance of issued documents: read back by id, code, hash and case; a code or a log
//! entry is used once; a malformed hash is refused by the database; nothing is ever changed.

use super::{TamperProbe, at, constraint, tree, user};
use crate::*;
use zhifa_domain::org::Role;

fn document(org_id: Id, issued_by: Id, code: &str, seq: Id) -> DocumentRecord {
    DocumentRecord {
        id: 0,
        org_id,
        case_id: None,
        kind: "penalty_notice".into(),
        number: "城关镇罚告〔2026〕1号".into(),
        code: code.into(),
        sha256: "ab".repeat(32),
        size: 35_893,
        content: r#"{"title": "行政处罚事先告知书",  "kept": "as written"}"#.into(),
        seq,
        issued_by,
        issued_at: at(4),
    }
}

/// Documents read back as written and can be neither changed nor removed.
pub async fn issued_documents_are_kept_unchanged<S: Store + TamperProbe>(store: &S) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    let officer = user(&mut *tx, town.id, "document_officer", Role::Officer).await;
    let first = document(town.id, officer, "AAAA-BBBB-CCCC", 7);
    let id = tx.insert_document(&first).await.unwrap();
    let case_id = tx
        .insert_case(&NewCase {
            org_id: town.id,
            code: "D-2026-0001".into(),
            procedure: "general".into(),
            stage: "decided".into(),
            title: "乱倒建筑垃圾".into(),
            registered_on: super::day(3),
            snapshot: "{}".into(),
            updated_at: at(1),
        })
        .await
        .unwrap();
    let mut second = document(town.id, officer, "DDDD-EEEE-FFFF", 8);
    second.sha256 = "cd".repeat(32);
    second.case_id = Some(case_id);
    let other = tx.insert_document(&second).await.unwrap();

    let stored = DocumentRecord {
        id,
        ..first.clone()
    };
    assert_eq!(tx.document(id).await.unwrap(), Some(stored.clone()));
    assert_eq!(tx.document(id + 1000).await.unwrap(), None);
    assert_eq!(
        tx.document_by_code("AAAA-BBBB-CCCC").await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(tx.document_by_code("AAAA-BBBB-CCCX").await.unwrap(), None);
    let by_hash = tx.documents_by_sha256(&"cd".repeat(32)).await.unwrap();
    assert_eq!(by_hash.iter().map(|d| d.id).collect::<Vec<_>>(), [other]);
    let of_case = tx.documents_of_case(case_id).await.unwrap();
    assert_eq!(of_case.iter().map(|d| d.id).collect::<Vec<_>>(), [other]);
    assert!(
        tx.documents_of_case(case_id + 1000)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(
        constraint(
            tx.insert_document(&document(town.id, officer, "AAAA-BBBB-CCCC", 9))
                .await
                .unwrap_err()
        ),
        "documents_code_key",
        "a verification code is used once"
    );
    assert_eq!(
        constraint(
            tx.insert_document(&document(town.id, officer, "GGGG-HHHH-JJJJ", 7))
                .await
                .unwrap_err()
        ),
        "documents_seq_key",
        "one log entry records one document"
    );
    let mut upper = document(town.id, officer, "KKKK-MMMM-NNNN", 10);
    upper.sha256 = upper.sha256.to_uppercase();
    assert_eq!(
        constraint(tx.insert_document(&upper).await.unwrap_err()),
        "documents_sha256_hex"
    );
    tx.commit().await.unwrap();

    store
        .tamper_with("documents")
        .await
        .expect_err("documents refuse UPDATE and DELETE");
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.document(id).await.unwrap(), Some(stored));
}
