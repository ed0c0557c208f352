//! The cases of county, city and police bodies. Where the demo county has granted the matter
//! to 城关镇 the case is 城关镇's, and the same matter is refused to 青山镇, whose list is not in
//! force (`case.not_competent`, naming the county department) and transferred; a matter no
//! township holds is refused and transferred (C15, C19).

use crate::support::{Replayed, replay};
use zhifa_domain::case::{Procedure, Review, Stage};

/// The 青山镇 script of a county matter: refused, naming `holder`, and transferred there.
fn refused_to_qingshan(cases: &[Replayed], holder: &str) {
    let probes: Vec<&Replayed> = cases
        .iter()
        .filter(|c| c.script.township == "青山镇")
        .collect();
    let [c] = probes.as_slice() else {
        panic!("one 青山镇 case")
    };
    assert_eq!(c.codes(), ["case.not_competent"]);
    assert!(
        c.message("case.not_competent").contains(holder),
        "{}",
        c.message("case.not_competent")
    );
    assert_eq!(c.case.stage, Stage::TransferredOut);
    assert_eq!(c.case.transferred_to.as_deref(), Some(holder));
}

fn chengguan(cases: &[Replayed]) -> Vec<&Replayed> {
    cases
        .iter()
        .filter(|c| c.script.township == "城关镇")
        .collect()
}

/// C08: seven individual businesses, each fined 20 元 on the spot and paying at once.
#[tokio::test]
async fn c08_seven_businesses_fined_on_the_spot_and_collected() {
    let (_w, cases) = replay("C08").await;
    let town = chengguan(&cases);
    assert_eq!(town.len(), 7);
    for c in town {
        assert_eq!(c.case.stage, Stage::Archived, "{}", c.script.label);
        assert_eq!(c.case.procedure, Procedure::Simplified);
        assert_eq!(c.fine(), Some(20));
        assert_eq!(c.paid().get(), 2_000, "collected on the spot");
        match &c.case.party {
            zhifa_domain::party::Party::Organisation { credit_code, .. } => {
                assert!(credit_code.is_individual_business());
            }
            other => panic!("an individual business: {other:?}"),
        }
    }
    refused_to_qingshan(&cases, "县综合行政执法局");
}

/// C11: five residents, one satellite fire point, 2,000 元 each after legal review and
/// collective discussion.
#[tokio::test]
async fn c11_five_residents_one_fire_point_reviewed_and_discussed() {
    let (_w, cases) = replay("C11").await;
    let town = chengguan(&cases);
    assert_eq!(town.len(), 5);
    for c in town {
        assert_eq!(c.case.stage, Stage::Archived, "{}", c.script.label);
        assert_eq!(c.fine(), Some(2_000));
        assert!(matches!(c.case.review, Review::Passed { .. }));
        assert!(c.case.discussion.is_some());
        assert!(c.codes().is_empty());
    }
    refused_to_qingshan(&cases, "县生态环境局");
}

/// C13: a construction company's night work, notice 47 days after the inspection as in the
/// record, no hearing at 10,000 元 for an organisation.
#[tokio::test]
async fn c13_night_construction_noticed_after_47_days() {
    let (_w, cases) = replay("C13").await;
    let town = chengguan(&cases);
    let [c] = town.as_slice() else {
        panic!("one 城关镇 case")
    };
    assert_eq!(c.case.stage, Stage::Archived);
    assert!(!c.case.party.is_natural());
    assert_eq!(c.fine(), Some(10_000));
    let notice = c.case.notice.as_ref().expect("notified");
    assert_eq!((notice.served_on - c.case.act.occurred_on).num_days(), 47);
    assert!(
        notice.hearing_due.is_none(),
        "below an organisation's threshold"
    );
    assert!(c.case.review_reasons(&Default::default()).is_empty());
    refused_to_qingshan(&cases, "县住房和城乡建设局");
}

/// C15: roadside dumping is a 公路 matter no township holds: refused and transferred.
#[tokio::test]
async fn c15_roadside_dumping_is_transferred_to_the_transport_bureau() {
    let (_w, cases) = replay("C15").await;
    let [c] = cases.as_slice() else {
        panic!("one case")
    };
    assert_eq!(c.codes(), ["case.not_competent"]);
    assert!(c.message("case.not_competent").contains("县交通运输局"));
    assert_eq!(c.case.transferred_to.as_deref(), Some("县交通运输局"));
    assert_eq!(c.case.stage, Stage::Archived);
}

/// C16: four loads of renovation waste in a stairwell, 1,000 元.
#[tokio::test]
async fn c16_renovation_waste_in_a_stairwell() {
    let (_w, cases) = replay("C16").await;
    let town = chengguan(&cases);
    let [c] = town.as_slice() else {
        panic!("one 城关镇 case")
    };
    assert_eq!(c.case.stage, Stage::Archived);
    assert_eq!(c.fine(), Some(1_000));
    assert_eq!(c.case.correction.as_deref(), Some("立即清理倾倒的装修垃圾"));
    refused_to_qingshan(&cases, "县综合行政执法局");
}

/// C17: a shop that kept mixing its rubbish after notices: a general-procedure case, 200 元.
#[tokio::test]
async fn c17_a_shop_mixing_rubbish_after_notices() {
    let (_w, cases) = replay("C17").await;
    let town = chengguan(&cases);
    let [c] = town.as_slice() else {
        panic!("one 城关镇 case")
    };
    assert_eq!(c.case.stage, Stage::Archived);
    assert_eq!(c.case.procedure, Procedure::General);
    assert_eq!(c.fine(), Some(200));
    assert!(c.case.act.continuing);
    refused_to_qingshan(&cases, "县综合行政执法局");
}

/// C19: fireworks in a banned area are the police's: the township's filing is refused by the
/// competence finding and each of the four cases goes to the county police.
#[tokio::test]
async fn c19_fireworks_are_a_police_matter_refused_and_transferred() {
    let (_w, cases) = replay("C19").await;
    assert_eq!(cases.len(), 4);
    for c in &cases {
        assert_eq!(c.codes(), ["case.not_competent"], "{}", c.script.label);
        assert_eq!(c.case.transferred_to.as_deref(), Some("示范县公安局"));
        assert!(c.case.filed_on.is_none() && c.case.decision.is_none());
        assert_eq!(c.case.stage, Stage::Archived);
    }
}
