//! Conformance of evidence records: kept as given, read back by id, checked by the database's
//! own constraints, and never changed.

use super::{TamperProbe, at, constraint, tree, user};
use crate::*;
use zhifa_domain::evidence::MediaType;
use zhifa_domain::org::Role;

fn record(org_id: Id, officer_id: Id) -> EvidenceRecord {
    EvidenceRecord {
        id: 0,
        org_id,
        sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".into(),
        size: 0,
        media_type: MediaType::parse("image/jpeg").unwrap(),
        captured_at: at(2),
        device: "执法记录仪 DSJ-001".into(),
        officer_id,
        subject: Some("案件 2026-001".into()),
        uploaded_by: officer_id,
        uploaded_at: at(3),
    }
}

/// An evidence record reads back as written; a malformed hash, a negative size or an unknown
/// body is refused by the database itself; and no record can be updated or deleted.
pub async fn evidence_records_are_kept_unchanged<S: Store + TamperProbe>(store: &S) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    let officer = user(&mut *tx, town.id, "evidence_officer", Role::Officer).await;
    let first = record(town.id, officer);
    let id = tx.insert_evidence(&first).await.unwrap();
    let again = tx.insert_evidence(&first).await.unwrap();
    assert_ne!(id, again, "the same content may be evidence twice");
    let mut without_subject = record(town.id, officer);
    without_subject.subject = None;
    let other = tx.insert_evidence(&without_subject).await.unwrap();

    assert_eq!(
        tx.evidence(id).await.unwrap(),
        Some(EvidenceRecord {
            id,
            ..first.clone()
        })
    );
    assert_eq!(tx.evidence(other).await.unwrap().unwrap().subject, None);
    assert_eq!(tx.evidence(id + 1000).await.unwrap(), None);

    let mut upper = record(town.id, officer);
    upper.sha256 = upper.sha256.to_uppercase();
    assert_eq!(
        constraint(tx.insert_evidence(&upper).await.unwrap_err()),
        "evidence_sha256_hex"
    );
    let mut short = record(town.id, officer);
    short.sha256.pop();
    assert_eq!(
        constraint(tx.insert_evidence(&short).await.unwrap_err()),
        "evidence_sha256_hex"
    );
    let mut negative = record(town.id, officer);
    negative.size = -1;
    assert_eq!(
        constraint(tx.insert_evidence(&negative).await.unwrap_err()),
        "evidence_size_nonnegative"
    );
    let nowhere = record(town.id + 1000, officer);
    assert_eq!(
        constraint(tx.insert_evidence(&nowhere).await.unwrap_err()),
        "foreign_key"
    );
    tx.commit().await.unwrap();

    assert!(
        store.tamper_with("evidence").await.is_err(),
        "evidence must refuse UPDATE and DELETE"
    );
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        tx.evidence(id).await.unwrap(),
        Some(EvidenceRecord { id, ..first }),
        "nothing was changed"
    );
}
