//! Conformance of published decisions: read back by id and by case, listed newest first by
//! page and by body; a case or a log entry is published once; a withdrawal is recorded once;
//! the database refuses any other change and every removal.

use super::{TamperProbe, at, constraint, day, tree};
use crate::*;

async fn case(tx: &mut dyn Tx, org_id: Id, code: &str) -> Id {
    tx.insert_case(&NewCase {
        org_id,
        code: code.into(),
        procedure: "general".into(),
        stage: "decided".into(),
        title: "乱倒建筑垃圾".into(),
        registered_on: day(3),
        snapshot: "{}".into(),
        updated_at: at(1),
    })
    .await
    .unwrap()
}

fn publication(org_id: Id, case_id: Id, seq: Id) -> PublicationRecord {
    PublicationRecord {
        id: 0,
        org_id,
        case_id,
        number: "城关镇罚决〔2026〕1号".into(),
        content: r#"{"party": "张某",  "kept": "as written"}"#.into(),
        decided_on: day(10),
        published_at: at(5),
        remove_on: NaiveDate::from_ymd_opt(2028, 3, 17).unwrap(),
        seq,
        withdrawal: None,
    }
}

fn ids(publications: &[PublicationRecord]) -> Vec<Id> {
    publications.iter().map(|p| p.id).collect()
}

/// Publications read back as written, are listed newest first, and change only by one
/// withdrawal; the database refuses any other UPDATE and every DELETE.
pub async fn publications_are_kept_and_withdrawn_once<S: Store + TamperProbe>(store: &S) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, dept) = tree(&mut *tx).await;
    let (c1, c2, c3) = (
        case(&mut *tx, town.id, "P-2026-0001").await,
        case(&mut *tx, dept.id, "P-2026-0002").await,
        case(&mut *tx, town.id, "P-2026-0003").await,
    );
    let first = publication(town.id, c1, 20);
    let p1 = tx.insert_publication(&first).await.unwrap();
    let p2 = tx
        .insert_publication(&publication(dept.id, c2, 21))
        .await
        .unwrap();
    let ignored = Withdrawal {
        at: at(6),
        reason: "插入时忽略".into(),
        seq: 99,
    };
    let third = PublicationRecord {
        withdrawal: Some(ignored),
        ..publication(town.id, c3, 22)
    };
    let p3 = tx.insert_publication(&third).await.unwrap();

    let stored = PublicationRecord {
        id: p1,
        ..first.clone()
    };
    assert_eq!(tx.publication(p1).await.unwrap(), Some(stored.clone()));
    assert_eq!(tx.publication(p3 + 1000).await.unwrap(), None);
    assert_eq!(tx.publication_of_case(c1).await.unwrap(), Some(stored));
    assert_eq!(tx.publication_of_case(c3 + 1000).await.unwrap(), None);
    assert_eq!(
        tx.publication(p3).await.unwrap().unwrap().withdrawal,
        None,
        "a withdrawal given on insert is ignored"
    );

    assert_eq!(
        ids(&tx.publications(None, None, 10).await.unwrap()),
        [p3, p2, p1]
    );
    assert_eq!(
        ids(&tx.publications(Some(town.id), None, 10).await.unwrap()),
        [p3, p1]
    );
    assert_eq!(
        ids(&tx.publications(None, None, 2).await.unwrap()),
        [p3, p2]
    );
    assert_eq!(
        ids(&tx.publications(None, Some(p2), 2).await.unwrap()),
        [p1]
    );
    assert_eq!(
        ids(&tx.publications(Some(town.id), Some(p3), 1).await.unwrap()),
        [p1]
    );
    assert!(
        tx.publications(None, Some(p1), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(tx.publications(None, None, 0).await.unwrap().is_empty());

    assert_eq!(
        constraint(
            tx.insert_publication(&publication(town.id, c1, 23))
                .await
                .unwrap_err()
        ),
        "publications_case_key",
        "a case is published once"
    );
    let c4 = case(&mut *tx, town.id, "P-2026-0004").await;
    assert_eq!(
        constraint(
            tx.insert_publication(&publication(town.id, c4, 20))
                .await
                .unwrap_err()
        ),
        "publications_seq_key",
        "one log entry records one publication"
    );
    assert_eq!(
        constraint(
            tx.insert_publication(&publication(town.id, c4 + 1000, 24))
                .await
                .unwrap_err()
        ),
        "foreign_key"
    );

    let withdrawal = Withdrawal {
        at: at(7),
        reason: "决定被复议机关撤销".into(),
        seq: 30,
    };
    tx.withdraw_publication(p1, &withdrawal).await.unwrap();
    let withdrawn = tx.publication(p1).await.unwrap().unwrap();
    assert_eq!(withdrawn.withdrawal, Some(withdrawal.clone()));
    assert_eq!(
        tx.publication_of_case(c1).await.unwrap(),
        Some(withdrawn.clone())
    );
    assert_eq!(
        ids(&tx.publications(Some(town.id), None, 10).await.unwrap()),
        [p3, p1],
        "withdrawn ones are listed too"
    );
    let again = Withdrawal {
        at: at(8),
        reason: "再次撤回".into(),
        seq: 31,
    };
    assert!(
        matches!(
            tx.withdraw_publication(p1, &again).await,
            Err(StoreError::NotFound)
        ),
        "a publication is withdrawn once"
    );
    assert!(matches!(
        tx.withdraw_publication(p3 + 1000, &again).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        constraint(tx.withdraw_publication(p2, &withdrawal).await.unwrap_err()),
        "publications_withdrawal_seq_key",
        "one log entry records one withdrawal"
    );
    let blank = Withdrawal {
        reason: " ".into(),
        ..again
    };
    assert_eq!(
        constraint(tx.withdraw_publication(p2, &blank).await.unwrap_err()),
        "publications_withdrawal_reason_nonempty"
    );
    assert_eq!(tx.publication(p1).await.unwrap(), Some(withdrawn.clone()));
    assert_eq!(tx.publication(p2).await.unwrap().unwrap().withdrawal, None);
    tx.commit().await.unwrap();

    store
        .tamper_with("publications")
        .await
        .expect_err("publications refuse an UPDATE of their content");
    store
        .tamper_with("publications_delete")
        .await
        .expect_err("publications refuse DELETE");
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.publication(p1).await.unwrap(), Some(withdrawn));
    assert_eq!(
        ids(&tx.publications(None, None, 10).await.unwrap()),
        [p3, p2, p1]
    );
}
