//! What the public reads of a decision: a natural person's name masked wherever it appears,
//! identity and phone numbers and a private address removed, a business named with its
//! credit code; warnings and decisions not to punish unpublished unless the policy says so;
//! the take-down day.

use super::documents::decided;
use super::*;
use crate::party::{CreditCode, Phone};
use crate::publicity::{self, DecisionKind, NotPublished, PublicityPolicy};

fn with_findings(w: &mut World, findings: &str) {
    if let Some(c) = &mut w.case.conclusion {
        c.findings = findings.to_string();
    }
}

#[test]
fn a_natural_persons_decision_is_published_without_anything_that_identifies_them() {
    let mut party = person();
    if let Party::Natural { phone, .. } = &mut party {
        *phone = Some(Phone::parse("13812345678").unwrap());
    }
    let mut w = decided(party);
    with_findings(
        &mut w,
        "张三（身份证号110101198005010011，电话13812345678，住某村）于3月1日在村道旁倾倒装修垃圾2立方米",
    );
    let p = publicity::publication(
        &w.case,
        "示范县城关镇人民政府",
        "城关镇",
        &PublicityPolicy::default(),
    )
    .unwrap();
    assert_eq!(p.party, "张某");
    assert!(p.natural_person && p.credit_code.is_none());
    assert_eq!(p.kind, DecisionKind::Penalty);
    assert_eq!(p.number, "城关镇罚决〔2026〕1号");
    let all = serde_json::to_string(&p).unwrap();
    for secret in ["张三", "110101198005010011", "13812345678", "某村"] {
        assert!(!all.contains(secret), "{secret} is published: {all}");
    }
    assert!(
        p.facts.contains("张某") && p.facts.contains("倾倒装修垃圾2立方米"),
        "{}",
        p.facts
    );
    assert!(p.outcome.contains("罚款"), "{}", p.outcome);
}

#[test]
fn a_business_keeps_its_name_and_credit_code_but_not_its_representatives_name() {
    let company = Party::Organisation {
        name: "示范县某建材有限公司".into(),
        credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
        legal_representative: "李四".into(),
        phone: None,
        address: Some("示范县工业园区1号".into()),
    };
    let mut w = decided(company);
    with_findings(
        &mut w,
        "示范县某建材有限公司（法定代表人李四）在工地外倾倒建筑垃圾",
    );
    let p = publicity::publication(
        &w.case,
        "示范县城关镇人民政府",
        "城关镇",
        &PublicityPolicy::default(),
    )
    .unwrap();
    assert_eq!(p.party, "示范县某建材有限公司");
    assert_eq!(p.credit_code.as_deref(), Some("91350100M000100Y43"));
    assert!(
        !p.facts.contains("李四") && p.facts.contains("李某"),
        "{}",
        p.facts
    );
    assert!(!p.natural_person);
}

#[test]
fn warnings_and_decisions_not_to_punish_are_published_only_if_the_policy_says_so() {
    let mut w = decided(person());
    if let Some(d) = &mut w.case.decision {
        d.outcome = Outcome::Punish {
            penalty: Penalty::warning(),
        };
    }
    let policy = PublicityPolicy::default();
    assert_eq!(
        publicity::publication(&w.case, "机关", "镇", &policy).unwrap_err(),
        NotPublished::WarningOnly,
        "R-69: warning-only penalties are not published"
    );
    let warnings = PublicityPolicy {
        publish_warnings: true,
        ..policy.clone()
    };
    assert!(publicity::publication(&w.case, "机关", "镇", &warnings).is_ok());
    if let Some(d) = &mut w.case.decision {
        d.outcome = Outcome::NotPunish {
            ground: NotPunishedGround::FirstOffence,
        };
    }
    assert_eq!(
        publicity::publication(&w.case, "机关", "镇", &policy).unwrap_err(),
        NotPublished::NotPunished
    );
    let everything = PublicityPolicy {
        publish_not_punished: true,
        ..policy
    };
    let p = publicity::publication(&w.case, "机关", "镇", &everything).unwrap();
    assert_eq!(p.kind, DecisionKind::NotPunished);
    assert!(p.outcome.contains("首违不罚") && p.outcome.contains("第三十三条"));
    let undecided = World::new(person(), d(2026, 3, 2));
    assert_eq!(
        publicity::publication(&undecided.case, "机关", "镇", &everything).unwrap_err(),
        NotPublished::Undecided
    );
}

#[test]
fn a_decision_comes_down_after_two_years_for_a_person_and_five_for_a_business() {
    let policy = PublicityPolicy::default();
    assert_eq!(
        publicity::remove_on(true, d(2026, 3, 2), &policy),
        d(2028, 3, 2)
    );
    assert_eq!(
        publicity::remove_on(false, d(2026, 3, 2), &policy),
        d(2031, 3, 2)
    );
    assert_eq!(
        publicity::remove_on(true, d(2028, 2, 29), &policy),
        d(2030, 2, 28)
    );
}

#[test]
fn short_numbers_stay_and_long_ones_go() {
    let party = person();
    assert_eq!(
        publicity::redact("罚款500元，2立方米，账号6222021234567890123", &party),
        "罚款500元，2立方米，账号（已隐去）"
    );
    assert_eq!(
        publicity::redact("身份证11010119800501001X。", &party),
        "身份证（已隐去）。"
    );
}

#[test]
fn a_decision_is_due_on_the_portal_when_served_or_seven_working_days_after_it() {
    let mut w = decided(person());
    let engine =
        crate::deadline::Deadlines::new(WorkingCalendar::official(), DeadlineParams::default());
    let due = |w: &World, on| publicity::due(&w.case, &engine, on).unwrap();
    let undecided = World::new(person(), d(2026, 3, 2));
    assert!(
        !due(&undecided, d(2026, 12, 31)),
        "nothing decided, nothing due"
    );
    // Decided on Monday 2 March 2026: the seventh working day after is 11 March.
    assert!(!due(&w, d(2026, 3, 10)));
    assert!(
        due(&w, d(2026, 3, 11)),
        "R-56: due once the deadline arrives, served or not"
    );
    w.run(
        OFFICER_A,
        Command::Serve {
            on: w.today,
            method: ServiceMethod::Direct,
            consent_to_electronic: false,
        },
    );
    assert!(due(&w, d(2026, 3, 2)), "due as soon as it is served");
}

#[test]
fn inspections_are_drawn_at_random_except_in_the_key_sectors() {
    let policy = PublicityPolicy::default();
    use publicity::{InspectionMode, inspection_mode};
    assert_eq!(inspection_mode("林业草原", &policy), InspectionMode::Random);
    assert_eq!(inspection_mode("生态环境", &policy), InspectionMode::Random);
    assert_eq!(
        inspection_mode("应急管理", &policy),
        InspectionMode::KeySector
    );
    let local = PublicityPolicy {
        key_sector_domains: vec!["生态环境".into()],
        ..PublicityPolicy::default()
    };
    assert_eq!(
        inspection_mode("生态环境", &local),
        InspectionMode::KeySector
    );
    assert_eq!(inspection_mode("应急管理", &local), InspectionMode::Random);
}
