//! Conformance of complaints: a complaint reads back as filed, by id and by tracking number;
//! its events come back in order and two steps with the same first number collide; its summary
//! follows the steps; lists filter by body, status, service, deadline and filing time, newest
//! first by page; events cannot be changed.

use super::{TamperProbe, at, constraint, day, tree, user};
use crate::*;
use zhifa_domain::org::Role;

fn summary(org_id: Id, status: &str, due_on: Option<NaiveDate>) -> ComplaintSummary {
    ComplaintSummary {
        org_id,
        supervisor_id: None,
        status: status.into(),
        due_on,
        snapshot: format!(r#"{{"status": "{status}",  "kept": "as written"}}"#),
    }
}

fn new_complaint(
    tracking_no: &str,
    service_code: &str,
    filed_at: DateTime<Utc>,
    summary: ComplaintSummary,
) -> NewComplaint {
    NewComplaint {
        tracking_no: tracking_no.into(),
        // SHA-256 of "password".
        check_hash: "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8".into(),
        service_code: service_code.into(),
        filed_at,
        summary,
    }
}

fn events(first: i64, n: usize) -> Vec<String> {
    (first..first + n as i64)
        .map(|n| format!(r#"{{"type": "noted",  "n": {n}}}"#))
        .collect()
}

fn step<'a>(
    complaint_id: Id,
    first: i64,
    at: DateTime<Utc>,
    events: &'a [String],
    summary: &'a ComplaintSummary,
) -> ComplaintStep<'a> {
    ComplaintStep {
        complaint_id,
        first,
        at,
        actor_id: None,
        events,
        summary,
    }
}

fn listing(limit: i64) -> ComplaintFilter {
    ComplaintFilter {
        limit,
        ..ComplaintFilter::default()
    }
}

async fn listed(tx: &mut dyn Tx, filter: ComplaintFilter) -> Vec<Id> {
    tx.complaints(&filter)
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
}

/// Complaints, their events and their lists, on both sides of each constraint and condition.
pub async fn complaints_are_kept_and_listed<S: Store + TamperProbe>(store: &S) {
    let mut tx = store.begin().await.unwrap();
    let (county, town, dept) = tree(&mut *tx).await;
    let officer = user(&mut *tx, town.id, "complaint_officer", Role::Officer).await;

    let filed = new_complaint(
        "TS-2026-00001",
        "S1",
        at(1),
        summary(town.id, "received", Some(day(10))),
    );
    let c1 = tx.insert_complaint(&filed).await.unwrap();
    let as_filed = StoredComplaint {
        id: c1,
        tracking_no: filed.tracking_no.clone(),
        check_hash: filed.check_hash.clone(),
        service_code: filed.service_code.clone(),
        filed_at: at(1),
        updated_at: at(1),
        summary: filed.summary.clone(),
    };
    assert_eq!(
        tx.complaint(c1).await.unwrap(),
        Some(as_filed.clone()),
        "read back as filed, last updated when filed"
    );
    assert_eq!(
        tx.complaint_by_tracking("TS-2026-00001").await.unwrap(),
        Some(as_filed)
    );
    assert_eq!(tx.complaint(c1 + 1000).await.unwrap(), None);
    assert_eq!(
        tx.complaint_by_tracking("TS-2026-99999").await.unwrap(),
        None
    );
    assert!(tx.complaint_events(c1).await.unwrap().is_empty());

    let other_body = NewComplaint {
        summary: summary(dept.id, "received", Some(day(12))),
        ..filed.clone()
    };
    assert_eq!(
        constraint(tx.insert_complaint(&other_body).await.unwrap_err()),
        "complaints_tracking_key",
        "a tracking number is unique"
    );
    let unknown_status = new_complaint(
        "TS-2026-00002",
        "S1",
        at(1),
        summary(town.id, "pending", Some(day(10))),
    );
    assert_eq!(
        constraint(tx.insert_complaint(&unknown_status).await.unwrap_err()),
        "complaints_status_check"
    );
    let unknown_org = new_complaint(
        "TS-2026-00002",
        "S1",
        at(1),
        summary(dept.id + 1000, "received", Some(day(10))),
    );
    assert_eq!(
        constraint(tx.insert_complaint(&unknown_org).await.unwrap_err()),
        "foreign_key"
    );

    // Two steps: accepted by the officer, then supervised by the county once overdue.
    let two = events(0, 2);
    let accepted = summary(town.id, "accepted", Some(day(15)));
    let mut first = step(c1, 0, at(2), &two, &accepted);
    first.actor_id = Some(officer);
    tx.append_complaint_step(&first).await.unwrap();
    let one = events(2, 1);
    let supervised = ComplaintSummary {
        supervisor_id: Some(county.id),
        ..summary(town.id, "accepted", Some(day(15)))
    };
    tx.append_complaint_step(&step(c1, 2, at(3), &one, &supervised))
        .await
        .unwrap();
    let kept = vec![
        ComplaintEventRecord {
            complaint_id: c1,
            n: 0,
            at: at(2),
            actor_id: Some(officer),
            event: two[0].clone(),
        },
        ComplaintEventRecord {
            complaint_id: c1,
            n: 1,
            at: at(2),
            actor_id: Some(officer),
            event: two[1].clone(),
        },
        ComplaintEventRecord {
            complaint_id: c1,
            n: 2,
            at: at(3),
            actor_id: None,
            event: one[0].clone(),
        },
    ];
    assert_eq!(tx.complaint_events(c1).await.unwrap(), kept);
    let stepped = StoredComplaint {
        id: c1,
        tracking_no: filed.tracking_no.clone(),
        check_hash: filed.check_hash.clone(),
        service_code: filed.service_code.clone(),
        filed_at: at(1),
        updated_at: at(3),
        summary: supervised.clone(),
    };
    assert_eq!(
        tx.complaint(c1).await.unwrap(),
        Some(stepped.clone()),
        "the summary follows the steps; the filing stays"
    );
    assert_eq!(
        constraint(
            tx.append_complaint_step(&step(c1 + 1000, 0, at(4), &one, &accepted))
                .await
                .unwrap_err()
        ),
        "foreign_key"
    );
    assert!(matches!(
        tx.append_complaint_step(&step(c1 + 1000, 0, at(4), &[], &accepted))
            .await,
        Err(StoreError::NotFound)
    ));

    let c2 = tx
        .insert_complaint(&new_complaint(
            "TS-2026-00003",
            "S2",
            at(4),
            summary(dept.id, "received", Some(day(8))),
        ))
        .await
        .unwrap();
    let c3 = tx
        .insert_complaint(&new_complaint(
            "TS-2026-00004",
            "S1",
            at(6),
            summary(town.id, "answered", None),
        ))
        .await
        .unwrap();
    let c4 = tx
        .insert_complaint(&new_complaint(
            "TS-2026-00005",
            "S2",
            at(8),
            summary(dept.id, "rejected", None),
        ))
        .await
        .unwrap();
    assert!(c1 < c2 && c2 < c3 && c3 < c4, "ids grow");
    tx.commit().await.unwrap();

    // A step whose first number is taken is refused whole, and the transaction goes on.
    let mut tx = store.begin().await.unwrap();
    let late = events(2, 2);
    let answered = summary(town.id, "answered", None);
    assert_eq!(
        constraint(
            tx.append_complaint_step(&step(c1, 2, at(9), &late, &answered))
                .await
                .unwrap_err()
        ),
        "complaint_events_pkey",
        "a second event with the same number collides"
    );
    assert_eq!(
        tx.complaint(c1).await.unwrap(),
        Some(stepped.clone()),
        "the refused step left the summary"
    );
    assert_eq!(
        tx.complaint_events(c1).await.unwrap(),
        kept,
        "the refused step left none of its events"
    );
    drop(tx);

    let mut tx = store.begin().await.unwrap();
    assert_eq!(listed(&mut *tx, listing(10)).await, [c4, c3, c2, c1]);
    let by_org = |ids: Vec<Id>| ComplaintFilter {
        org_ids: Some(ids),
        ..listing(10)
    };
    assert_eq!(listed(&mut *tx, by_org(vec![town.id])).await, [c3, c1]);
    assert_eq!(
        listed(&mut *tx, by_org(vec![county.id])).await,
        [c1],
        "a supervising body sees the complaint"
    );
    assert_eq!(
        listed(&mut *tx, by_org(vec![county.id, town.id, dept.id])).await,
        [c4, c3, c2, c1],
        "each complaint once"
    );
    assert!(listed(&mut *tx, by_org(vec![])).await.is_empty());
    let by_status = |statuses: &[&str]| ComplaintFilter {
        statuses: statuses.iter().map(|s| s.to_string()).collect(),
        ..listing(10)
    };
    assert_eq!(listed(&mut *tx, by_status(&["accepted"])).await, [c1]);
    assert_eq!(
        listed(&mut *tx, by_status(&["received", "accepted"])).await,
        [c2, c1],
        "any of the statuses"
    );
    assert_eq!(
        listed(&mut *tx, by_status(&["answered", "rejected"])).await,
        [c4, c3]
    );
    let by_service = ComplaintFilter {
        service_code: Some("S2".into()),
        ..listing(10)
    };
    assert_eq!(listed(&mut *tx, by_service).await, [c4, c2]);
    let due_before = |d: NaiveDate| ComplaintFilter {
        due_before: Some(d),
        ..listing(10)
    };
    assert_eq!(
        listed(&mut *tx, due_before(day(15))).await,
        [c2],
        "due strictly before the day"
    );
    assert_eq!(listed(&mut *tx, due_before(day(16))).await, [c2, c1]);
    assert_eq!(
        listed(&mut *tx, due_before(day(31))).await,
        [c2, c1],
        "closed complaints have no deadline"
    );
    assert!(listed(&mut *tx, due_before(day(8))).await.is_empty());
    let filed_between = |from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>| ComplaintFilter {
        filed_from: from,
        filed_to: to,
        ..listing(10)
    };
    assert_eq!(
        listed(&mut *tx, filed_between(Some(at(4)), None)).await,
        [c4, c3, c2],
        "filed at or after"
    );
    assert_eq!(
        listed(&mut *tx, filed_between(None, Some(at(6)))).await,
        [c2, c1],
        "filed before"
    );
    assert_eq!(
        listed(&mut *tx, filed_between(Some(at(4)), Some(at(8)))).await,
        [c3, c2]
    );
    let all_of_them = ComplaintFilter {
        org_ids: Some(vec![town.id]),
        statuses: vec!["answered".into()],
        service_code: Some("S1".into()),
        filed_from: Some(at(6)),
        filed_to: Some(at(7)),
        ..listing(10)
    };
    assert_eq!(listed(&mut *tx, all_of_them.clone()).await, [c3]);
    let one_fails = ComplaintFilter {
        service_code: Some("S2".into()),
        ..all_of_them
    };
    assert!(
        listed(&mut *tx, one_fails).await.is_empty(),
        "every condition must hold"
    );

    assert_eq!(listed(&mut *tx, listing(2)).await, [c4, c3]);
    let page = |before_id: Id, limit: i64| ComplaintFilter {
        before_id: Some(before_id),
        ..listing(limit)
    };
    assert_eq!(listed(&mut *tx, page(c3, 2)).await, [c2, c1]);
    assert_eq!(listed(&mut *tx, page(c4, 1)).await, [c3]);
    assert!(listed(&mut *tx, page(c1, 10)).await.is_empty());
    let town_page = ComplaintFilter {
        org_ids: Some(vec![town.id]),
        ..page(c3, 10)
    };
    assert_eq!(listed(&mut *tx, town_page).await, [c1]);
    assert!(listed(&mut *tx, listing(0)).await.is_empty());
    assert!(listed(&mut *tx, listing(-1)).await.is_empty());
    assert_eq!(
        tx.complaints(&by_org(vec![county.id])).await.unwrap(),
        vec![stepped.clone()],
        "lists give the whole complaint"
    );
    drop(tx);

    // A complaint filed in a transaction that rolls back is gone, with its events.
    let mut tx = store.begin().await.unwrap();
    let gone = tx
        .insert_complaint(&new_complaint(
            "TS-2026-00006",
            "S1",
            at(9),
            summary(town.id, "received", Some(day(20))),
        ))
        .await
        .unwrap();
    let received = summary(town.id, "received", Some(day(20)));
    tx.append_complaint_step(&step(gone, 0, at(9), &one, &received))
        .await
        .unwrap();
    drop(tx);
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.complaint_by_tracking("TS-2026-00006").await.unwrap(),
        None
    );
    assert_eq!(tx.complaint(gone).await.unwrap(), None);
    assert!(tx.complaint_events(gone).await.unwrap().is_empty());
    assert_eq!(listed(&mut *tx, listing(10)).await, [c4, c3, c2, c1]);
    drop(tx);

    // An empty commit waits for the writer's open batch (SQLite) to end, so that the
    // tampering connection does not wait for it.
    store.begin().await.unwrap().commit().await.unwrap();
    store
        .tamper_with("complaint_events")
        .await
        .expect_err("complaint events refuse UPDATE and DELETE");
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.complaint_events(c1).await.unwrap(), kept);
    assert_eq!(tx.complaint(c1).await.unwrap(), Some(stepped));
}
