//! The township cases: C01 (首违不罚), C04 (seizure, hearing, review), C05 (a township matter
//! this county has not granted), C07 (on the spot), C09 (two parties), C10.

use crate::support::replay;
use zhifa_domain::case::rules::Step;
use zhifa_domain::case::{Hearing, NotPunishedGround, Outcome, Procedure, Review, Stage};

/// C01: not punished as a first offence, on education and the signed commitment letter; a
/// decision without the letter is refused.
#[tokio::test]
async fn c01_first_offence_not_punished_after_the_commitment_letter() {
    let (_w, cases) = replay("C01").await;
    let [c] = cases.as_slice() else {
        panic!("one case")
    };
    assert_eq!(c.case.stage, Stage::Archived);
    assert_eq!(c.codes(), ["case.no_commitment"]);
    let decision = c.case.decision.as_ref().expect("decided");
    assert_eq!(
        decision.outcome,
        Outcome::NotPunish {
            ground: NotPunishedGround::FirstOffence
        }
    );
    assert!(
        decision.number.contains("罚决〔2026〕"),
        "{}",
        decision.number
    );
    let (_, commitment) = c.case.education.expect("education recorded");
    assert_eq!(commitment, c.played.evidence.get("commitment").copied());
    assert!(
        c.case
            .steps
            .iter()
            .any(|s| s.step == Step::CorrectionRecheck)
    );
    assert!(
        c.case.notice.is_none(),
        "nothing to notify when not punishing"
    );
    // The record's intervals: filed the day after the act, decided on day 8.
    assert_eq!(c.case.filed_on, c.case.act.occurred_on.succ_opt());
    assert_eq!((decision.on - c.case.act.occurred_on).num_days(), 8);
    assert_eq!(c.case.matter.code, "SC-ZJ-003");
}

/// C04: the lorry seized on the spot in an emergency and approved by the head, the hearing the
/// 18,500 元 fine gives, legal review and collective discussion, and no closing while the
/// lorry is held.
#[tokio::test]
async fn c04_seizure_hearing_review_and_discussion_before_the_fine() {
    let (w, cases) = replay("C04").await;
    // The record, and the demo's copy begun earlier that waits with its hearing due.
    assert!(
        !cases.is_empty() && cases.len() <= 2,
        "{} cases",
        cases.len()
    );
    assert!(cases.iter().all(|c| c.case.stage == Stage::Archived));
    let c = &cases[0];
    assert_eq!(c.case.stage, Stage::Archived);
    assert_eq!(
        c.codes(),
        [
            "measure.head_only",
            "case.hearing_chair",
            "case.hearing_pending",
            "case.review_required",
            "case.discussion_required",
            "case.measure_open",
        ]
    );
    assert_eq!(c.fine(), Some(18_500));
    assert_eq!(c.paid().get(), 1_850_000);
    assert!(
        c.case
            .notice
            .as_ref()
            .is_some_and(|n| n.hearing_due.is_some())
    );
    assert!(matches!(c.case.hearing, Hearing::Held { .. }));
    assert!(matches!(c.case.review, Review::Passed { .. }));
    assert!(c.case.discussion.is_some());
    let head = w.people.get("head").unwrap().user.id;
    let [m] = c.case.measures.as_slice() else {
        panic!("one measure")
    };
    assert!(m.emergency);
    assert_eq!(m.approved_by, Some(head));
    assert!(m.released_on.is_some());
    let statement = c.case.statement.as_ref().expect("heard");
    assert!(statement.defended, "no heavier penalty may follow");
    assert!(c.case.flags.is_empty(), "{:?}", c.case.flags);
}

/// C05: 无证挖掘塘渣 is not granted to any township of the demo county: 青山镇's filing is refused
/// by the competence finding, which names 县自然资源局, and the case is transferred there.
#[tokio::test]
async fn c05_unlicensed_digging_is_transferred_to_the_natural_resources_bureau() {
    let (_w, cases) = replay("C05").await;
    let [c] = cases.as_slice() else {
        panic!("one case")
    };
    assert_eq!(c.script.township, "青山镇");
    assert_eq!(c.codes(), ["case.not_competent"]);
    assert!(c.message("case.not_competent").contains("县自然资源局"));
    assert_eq!(c.case.transferred_to.as_deref(), Some("县自然资源局"));
    assert!(c.case.filed_on.is_none() && c.case.decision.is_none());
    assert_eq!(c.case.stage, Stage::Archived);
}

/// C07: on the spot against a restaurant: 5,000 元 is beyond what an organisation may be fined
/// on the spot; 2,000 元 is decided, served at once, paid later.
#[tokio::test]
async fn c07_an_on_the_spot_fine_within_the_organisation_limit() {
    let (_w, cases) = replay("C07").await;
    let [c] = cases.as_slice() else {
        panic!("one case")
    };
    assert_eq!(c.codes(), ["case.on_the_spot_limit"]);
    assert_eq!(c.case.procedure, Procedure::Simplified);
    assert!(!c.case.party.is_natural());
    assert_eq!(c.fine(), Some(2_000));
    assert_eq!(c.paid().get(), 200_000);
    let number = &c.case.decision.as_ref().unwrap().number;
    assert!(number.contains("当罚〔2026〕"), "{number}");
    assert!(
        c.case.steps.iter().all(|s| s.audio_video),
        "filmed on the spot"
    );
    assert_eq!(c.case.stage, Stage::Archived);
}

/// C09: two parties, two cases, each 500 元 after a waived statement.
#[tokio::test]
async fn c09_two_parties_burning_weeds_two_cases() {
    let (_w, cases) = replay("C09").await;
    assert_eq!(cases.len(), 2);
    for c in &cases {
        assert_eq!(c.case.stage, Stage::Archived, "{}", c.script.label);
        assert!(c.codes().is_empty());
        assert!(c.punished());
        assert_eq!(c.fine(), Some(500));
        assert_eq!(c.paid().get(), 50_000);
        assert!(c.case.statement.as_ref().is_some_and(|s| !s.defended));
    }
    let names: Vec<&str> = cases.iter().map(|c| c.case.party.name()).collect();
    assert_eq!(names, ["当事人E", "当事人F"]);
}

/// C10: found before dawn, decided a week after the act, as the record dates it.
#[tokio::test]
async fn c10_straw_burning_at_night_decided_a_week_later() {
    let (_w, cases) = replay("C10").await;
    let [c] = cases.as_slice() else {
        panic!("one case")
    };
    assert_eq!(c.case.stage, Stage::Archived);
    assert_eq!(c.fine(), Some(1_000));
    let decided = c.case.decision.as_ref().unwrap().on;
    assert_eq!((decided - c.case.act.occurred_on).num_days(), 7);
    assert_eq!(c.case.steps[0].step, Step::Inspection);
    assert!(c.case.service.as_ref().is_some_and(|s| !s.late));
}
