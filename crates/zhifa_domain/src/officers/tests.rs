use super::*;
use crate::policy::Policy;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn application() -> CertificateApplication {
    CertificateApplication {
        number: "川A0001".into(),
        issued_on: day(2024, 1, 1),
        expires_on: day(2029, 12, 31),
        domains: vec!["生态环境".into()],
        in_establishment: true,
        general_exam_passed: true,
        domain_exam_passed: true,
    }
}

fn certificate(expires: NaiveDate) -> Certificate {
    Certificate {
        id: 1,
        holder_id: 5,
        number: "川A0001".into(),
        issued_on: day(2024, 1, 1),
        expires_on: expires,
        domains: vec!["生态环境".into()],
        revocation: None,
        reviews: vec![],
    }
}

#[test]
fn auxiliary_staff_can_never_hold_a_certificate() {
    let e = check_application(Role::Auxiliary, &application(), false).unwrap_err();
    assert_eq!(
        (e.code, e.basis),
        ("certificate.auxiliary", Some(BASIS_CERTIFICATE))
    );
    assert!(check_application(Role::Officer, &application(), false).is_ok());
}

#[test]
fn a_certificate_needs_an_established_post_and_both_exams() {
    let mut a = application();
    a.in_establishment = false;
    assert_eq!(
        check_application(Role::Officer, &a, false)
            .unwrap_err()
            .code,
        "certificate.not_established"
    );
    let mut a = application();
    a.domain_exam_passed = false;
    assert_eq!(
        check_application(Role::Officer, &a, false)
            .unwrap_err()
            .code,
        "certificate.exam"
    );
    assert_eq!(
        check_application(Role::Officer, &application(), true)
            .unwrap_err()
            .code,
        "certificate.number_taken"
    );
    let mut a = application();
    a.expires_on = a.issued_on;
    assert_eq!(
        check_application(Role::Officer, &a, false)
            .unwrap_err()
            .code,
        "certificate.validity"
    );
}

#[test]
fn a_certificate_is_valid_only_within_its_dates_and_domains() {
    let c = certificate(day(2026, 6, 30));
    assert_eq!(
        c.status_on(day(2023, 12, 31)),
        CertificateStatus::NotYetValid
    );
    assert!(c.authorises("生态环境", day(2026, 6, 30)));
    assert!(!c.authorises("林业草原", day(2026, 6, 30)));
    assert_eq!(c.status_on(day(2026, 7, 1)), CertificateStatus::Expired);
}

#[test]
fn revocation_and_a_failed_annual_review_end_validity() {
    let mut c = certificate(day(2029, 12, 31));
    c.record_review(AnnualReview {
        year: 2025,
        passed: false,
        on: day(2026, 2, 1),
    })
    .unwrap();
    assert_eq!(c.status_on(day(2026, 1, 31)), CertificateStatus::Valid);
    assert_eq!(c.status_on(day(2026, 2, 1)), CertificateStatus::Suspended);
    assert_eq!(
        c.record_review(AnnualReview {
            year: 2025,
            passed: true,
            on: day(2026, 3, 1)
        })
        .unwrap_err()
        .code,
        "certificate.review_exists"
    );
    assert_eq!(
        c.revoke(day(2026, 3, 1), RevocationGround::Disciplined, " ")
            .unwrap_err()
            .code,
        "certificate.revocation_reason"
    );
    c.revoke(
        day(2026, 3, 1),
        RevocationGround::Disciplined,
        "受到警告处分",
    )
    .unwrap();
    assert_eq!(c.status_on(day(2026, 3, 1)), CertificateStatus::Revoked);
    assert_eq!(
        c.revoke(day(2026, 3, 2), RevocationGround::Other, "x")
            .unwrap_err()
            .code,
        "certificate.already_revoked"
    );
}

fn training(user_id: Id, kind: TrainingKind, hours: u32, on: NaiveDate) -> TrainingRecord {
    TrainingRecord {
        id: 0,
        user_id,
        kind,
        hours,
        course: "培训".into(),
        on,
    }
}

#[test]
fn compliance_counts_certificates_expiry_training_and_reviewers() {
    let today = day(2026, 11, 1);
    let soon = [certificate(day(2027, 1, 15))];
    let later = [certificate(day(2029, 1, 1))];
    let t_full = [
        training(1, TrainingKind::General, 30, day(2026, 3, 1)),
        training(1, TrainingKind::Domain, 32, day(2026, 4, 1)),
    ];
    let t_short = [
        training(2, TrainingKind::General, 30, day(2025, 3, 1)),
        training(2, TrainingKind::Domain, 12, day(2026, 4, 1)),
    ];
    let people = vec![
        PersonFacts {
            user_id: 1,
            name: "甲",
            role: Role::Officer,
            certificates: &soon,
            training: &t_full,
        },
        PersonFacts {
            user_id: 2,
            name: "乙",
            role: Role::Officer,
            certificates: &later,
            training: &t_short,
        },
        PersonFacts {
            user_id: 3,
            name: "丙",
            role: Role::Officer,
            certificates: &[],
            training: &[],
        },
        PersonFacts {
            user_id: 4,
            name: "丁",
            role: Role::Auxiliary,
            certificates: &[],
            training: &[],
        },
    ];
    let c = compliance(&Policy::default(), &people, today);
    assert_eq!(
        c.total(Indicator::Officers),
        3,
        "auxiliaries are not officers"
    );
    assert_eq!(c.total(Indicator::ValidCertificates), 2);
    assert_eq!(c.total(Indicator::ExpiringCertificates), 1);
    assert_eq!(c.total(Indicator::TrainingShortfalls), 2);
    assert_eq!(
        c.rows[1].general_shortfall, 30,
        "last year's hours do not count"
    );
    assert_eq!(c.rows[1].domain_shortfall, 18);
    assert_eq!(c.total(Indicator::LegalReviewersNeeded), 1);
    assert!(!c.reviewers_sufficient);
}

/// R-09, 《行政处罚法》第七十四条: fine revenue is never an indicator of a person or body.
#[test]
fn no_indicator_measures_fines() {
    for i in Indicator::ALL {
        let words = format!("{} {} {:?}", i.key(), i.label(), i.unit()).to_lowercase();
        for banned in [
            "fine", "amount", "revenue", "money", "yuan", "罚", "款", "收入", "金额",
        ] {
            assert!(
                !words.contains(banned),
                "indicator {words} mentions {banned}"
            );
        }
    }
    let c = compliance(&Policy::default(), &[], day(2026, 1, 1));
    let json = serde_json::to_string(&c).unwrap().to_lowercase();
    for banned in ["fine", "amount", "revenue", "罚"] {
        assert!(
            !json.contains(banned),
            "compliance output mentions {banned}: {json}"
        );
    }
}
