//! The demo's real cases: every stage of the procedure has one in 城关镇 (and 青山镇 has its
//! two), whatever day the demo starts; every case replays to its end from that day too; the
//! evidence files `zhifa demo` writes match the seeded records.

use crate::support::{World, replay_on, today, world};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use zhifa_app::cases::CaseView;
use zhifa_app::demo_cases;
use zhifa_domain::case::{Hearing, NotPunishedGround, Outcome, Procedure, Review, Stage};

/// The cases of a township as its head sees them.
async fn views(w: &World, head: &str) -> Vec<CaseView> {
    let actor = w.people.get(head).unwrap();
    let mut out = Vec::new();
    for s in w.app.cases(actor, Some(actor.org.id)).await.unwrap() {
        out.push(w.app.case_view(actor, s.id).await.unwrap());
    }
    out
}

fn find<'a>(views: &'a [CaseView], what: &str, test: impl Fn(&CaseView) -> bool) -> &'a CaseView {
    views
        .iter()
        .find(|v| test(v))
        .unwrap_or_else(|| panic!("no demo case {what}"))
}

/// Checks the demo's stages; returns the records the demo's cases come from.
async fn check_stages(w: &World) -> BTreeSet<String> {
    let cg = views(w, "head").await;
    let stage = |s: Stage| move |v: &CaseView| v.case.stage == s;
    find(&cg, "registered", stage(Stage::Registered));
    let filed = find(&cg, "filed", stage(Stage::Filed));
    assert!(!filed.case.steps.is_empty(), "its investigation has begun");
    find(&cg, "concluded", stage(Stage::Concluded));
    let hearing = find(&cg, "notified with a hearing offered", |v| {
        v.case.stage == Stage::Notified && v.case.hearing == Hearing::Offered
    });
    let labels: Vec<&str> = hearing.deadlines.iter().map(|d| d.label).collect();
    assert!(labels.contains(&"当事人要求听证期限"), "{labels:?}");
    assert!(hearing.deadlines.iter().all(|d| !d.overdue), "{labels:?}");
    find(&cg, "with a seizure running", |v| {
        v.case.measures.iter().any(|m| m.released_on.is_none())
            && v.deadlines
                .iter()
                .any(|d| d.label == "查封、扣押期限" && !d.overdue)
    });
    find(&cg, "notified without a hearing", |v| {
        v.case.stage == Stage::Notified && v.case.hearing == Hearing::NotApplicable
    });
    find(&cg, "under legal review", |v| {
        matches!(v.case.review, Review::Submitted { .. })
    });
    find(&cg, "decided", stage(Stage::Decided));
    find(&cg, "served, the fine running", |v| {
        v.case.stage == Stage::Served
            && v.case.procedure == Procedure::General
            && v.deadlines.iter().any(|d| d.label.starts_with("缴纳罚款"))
    });
    find(&cg, "on the spot, not yet paid", |v| {
        v.case.procedure == Procedure::Simplified && v.case.stage == Stage::Served
    });
    find(&cg, "on the spot, paid and closed", |v| {
        v.case.procedure == Procedure::Simplified && v.case.stage == Stage::Closed
    });
    find(&cg, "archived, 首违不罚", |v| {
        v.case.stage == Stage::Archived
            && v.case.decision.as_ref().is_some_and(|d| {
                d.outcome
                    == Outcome::NotPunish {
                        ground: NotPunishedGround::FirstOffence,
                    }
            })
    });
    let police = find(&cg, "transferred", stage(Stage::TransferredOut));
    assert_eq!(police.case.transferred_to.as_deref(), Some("示范县公安局"));
    let qs = views(w, "qs_head").await;
    assert_eq!(qs.len(), 2, "青山镇 has two");
    find(&qs, "registered in 青山镇", stage(Stage::Registered));
    find(&qs, "transferred by 青山镇", stage(Stage::TransferredOut));
    for v in cg.iter().chain(&qs) {
        assert!(v.case.flags.is_empty(), "{}: {:?}", v.code, v.case.flags);
    }
    cg.iter()
        .chain(&qs)
        .filter_map(|v| {
            let (_, rest) = v.case.facts.split_once("据公开案例")?;
            Some(rest.get(..3)?.to_string())
        })
        .collect()
}

#[tokio::test]
async fn the_demo_has_a_real_case_at_every_stage() {
    let started = std::time::Instant::now();
    let w = world(today()).await;
    eprintln!("demo seeded in {:?}", started.elapsed());
    let records = check_stages(&w).await;
    let all: BTreeSet<String> = demo_cases::records().into_iter().map(|r| r.id).collect();
    assert_eq!(records, all, "every record is in the demo");
}

/// Days around long holidays and year ends, when working-day periods stretch: the demo seeds,
/// has every stage, and every case still replays to its end.
#[tokio::test]
async fn the_demo_starts_whatever_the_day() {
    for day in [(2026, 2, 24), (2026, 10, 9), (2026, 1, 4), (2027, 5, 6)] {
        let today = NaiveDate::from_ymd_opt(day.0, day.1, day.2).unwrap();
        let w = world(today).await;
        check_stages(&w).await;
        for id in crate::REPLAYED {
            replay_on(&w, id, today).await;
        }
    }
}

/// The seed records its evidence without an evidence directory; `zhifa demo` then writes the
/// same files where the server keeps evidence, and each record reads back checked.
#[tokio::test]
async fn the_demo_s_evidence_files_match_their_records() {
    let w = world(today()).await;
    let head = w.people.get("head").unwrap();
    let mut ids = BTreeSet::new();
    for v in views(&w, "head").await {
        ids.extend(v.case.steps.iter().flat_map(|s| s.evidence_ids.clone()));
        if let Some((education, commitment)) = v.case.education {
            ids.insert(education);
            ids.extend(commitment);
        }
    }
    assert!(ids.len() > 20, "{} pieces of evidence", ids.len());
    let first = *ids.first().unwrap();
    assert!(
        w.app.evidence_content(head, first).await.is_err(),
        "not written yet"
    );
    let dir = w.dir.path().join("evidence");
    let written = demo_cases::write_evidence_files(&dir, today())
        .await
        .unwrap();
    assert!(written >= ids.len());
    for id in ids {
        let (view, _) = w
            .app
            .evidence_content(head, id)
            .await
            .unwrap_or_else(|e| panic!("evidence {id}: {e}"));
        assert!(view.record.size > 0);
    }
}

/// Beyond the working-day calendar (2027 is its last year) the demo starts without its cases
/// rather than failing.
#[tokio::test]
async fn beyond_the_calendar_the_demo_starts_without_its_cases() {
    let today = NaiveDate::from_ymd_opt(2027, 12, 20).unwrap();
    assert!(!demo_cases::calendar_covers(today));
    let w = world(today).await;
    assert!(views(&w, "head").await.is_empty());
}
