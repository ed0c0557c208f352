//! Conformance of cases: a case and its events read back as written, two appends of the same
//! event number collide, events cannot be changed, and number sequences have no gaps.

use super::{TamperProbe, at, constraint, day, tree, user};
use crate::*;
use zhifa_domain::org::Role;

fn new_case(org_id: Id, code: &str) -> NewCase {
    NewCase {
        org_id,
        code: code.into(),
        procedure: "general".into(),
        stage: "registered".into(),
        title: "乱倒建筑垃圾".into(),
        registered_on: day(3),
        snapshot: r#"{"stage":"registered","party":{"name":"张三"}}"#.into(),
        updated_at: at(1),
    }
}

fn events(first: i64, n: usize) -> Vec<String> {
    (first..first + n as i64)
        .map(|n| format!(r#"{{"type":"filed","n":{n}}}"#))
        .collect()
}

fn step<'a>(case_id: Id, first: i64, events: &'a [String], stage: &'a str) -> CaseStep<'a> {
    CaseStep {
        case_id,
        first,
        at: at(first as u32 + 1),
        actor_id: None,
        events,
        stage,
        snapshot: r#"{"stage": "filed",  "kept": "as written"}"#,
    }
}

/// Cases, their events and the number sequences, on both sides of each constraint.
pub async fn cases_keep_their_events_in_order<S: Store + TamperProbe>(store: &S) {
    let mut tx = store.begin().await.unwrap();
    let (county, town, _) = tree(&mut *tx).await;
    let officer = user(&mut *tx, town.id, "case_officer", Role::Officer).await;
    let id = tx
        .insert_case(&new_case(town.id, "T-2026-0001"))
        .await
        .unwrap();
    let other = tx
        .insert_case(&new_case(county.id, "T-2026-0001"))
        .await
        .unwrap();
    assert_eq!(
        constraint(
            tx.insert_case(&new_case(town.id, "T-2026-0001"))
                .await
                .unwrap_err()
        ),
        "cases_org_code_key"
    );
    let mut bad = new_case(town.id, "T-2026-0002");
    bad.procedure = "summary".into();
    assert_eq!(
        constraint(tx.insert_case(&bad).await.unwrap_err()),
        "cases_procedure_check"
    );

    let (fresh, none) = tx.case_with_events(other).await.unwrap().unwrap();
    assert_eq!((fresh.stage.as_str(), none), ("registered", vec![]));

    let three = events(0, 3);
    let mut first = step(id, 0, &three, "filed");
    first.actor_id = Some(officer);
    tx.append_case_step(&first).await.unwrap();
    let one = events(0, 1);
    tx.append_case_step(&step(other, 0, &one, "registered"))
        .await
        .unwrap();
    let again = events(2, 2);
    assert_eq!(
        constraint(
            tx.append_case_step(&step(id, 2, &again, "decided"))
                .await
                .unwrap_err()
        ),
        "case_events_pkey",
        "a second event with the same number collides"
    );
    assert_eq!(
        constraint(
            tx.append_case_step(&step(id + 1000, 0, &one, "filed"))
                .await
                .unwrap_err()
        ),
        "foreign_key"
    );
    assert!(matches!(
        tx.append_case_step(&step(id + 1000, 0, &[], "filed")).await,
        Err(StoreError::NotFound)
    ));

    let (stored, kept) = tx.case_with_events(id).await.unwrap().unwrap();
    assert_eq!(
        kept,
        (0..3)
            .map(|n| CaseEventRecord {
                case_id: id,
                n,
                at: at(1),
                actor_id: Some(officer),
                event: three[n as usize].clone(),
            })
            .collect::<Vec<_>>(),
        "the refused step left neither its events nor its stage"
    );
    assert_eq!(
        stored,
        StoredCase {
            id,
            org_id: town.id,
            code: "T-2026-0001".into(),
            procedure: "general".into(),
            stage: "filed".into(),
            title: "乱倒建筑垃圾".into(),
            registered_on: day(3),
            snapshot: first.snapshot.into(),
            updated_at: at(1),
        }
    );
    assert_eq!(tx.case_with_events(id + 1000).await.unwrap(), None);
    let listed: Vec<Id> = tx
        .cases_of(&[town.id, county.id])
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, vec![other, id], "newest first");
    assert_eq!(tx.cases_of(&[town.id]).await.unwrap().len(), 1);
    assert!(tx.cases_of(&[]).await.unwrap().is_empty());
    let by_code: Vec<Id> = tx
        .cases_by_code("T-2026-0001")
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(by_code, vec![other, id], "a code is unique per body only");
    assert!(tx.cases_by_code("T-2026-0009").await.unwrap().is_empty());

    assert_eq!(tx.next_number(town.id, "decision", 2026).await.unwrap(), 1);
    assert_eq!(tx.next_number(town.id, "decision", 2026).await.unwrap(), 2);
    assert_eq!(tx.next_number(town.id, "decision", 2027).await.unwrap(), 1);
    assert_eq!(tx.next_number(town.id, "case", 2026).await.unwrap(), 1);
    assert_eq!(
        tx.next_number(county.id, "decision", 2026).await.unwrap(),
        1
    );
    tx.commit().await.unwrap();

    // A number taken by a transaction that rolls back is taken again: no gaps.
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.next_number(town.id, "decision", 2026).await.unwrap(), 3);
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.next_number(town.id, "decision", 2026).await.unwrap(), 3);
    tx.commit().await.unwrap();

    store
        .tamper_with("case_events")
        .await
        .expect_err("case events refuse UPDATE and DELETE");
    let mut tx = store.begin_read().await.unwrap();
    let (_, kept) = tx.case_with_events(id).await.unwrap().unwrap();
    assert_eq!(kept.len(), 3);
}
