//! The general procedure end to end, and each of its gates from both sides: filing and
//! competence, limitation, audio/video records, notice and statement window, the decision
//! period, minors.
//!
//! Not here: the shared fixtures (`tests`), on-the-spot and first-offence cases
//! (`simplified`), coercive measures (`coercive`), random sequences (`sequences`).

use super::*;

#[test]
fn a_general_case_with_hearing_review_and_discussion_runs_from_filing_to_archive() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    assert_eq!(w.case.stage, Stage::Filed);
    w.investigate();
    w.conclude(Penalty::fine(yuan(20_000)));
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    let notice = w.case.notice.clone().unwrap();
    assert!(
        notice.hearing_due.is_some(),
        "20,000 元 gives an individual a hearing right"
    );
    assert!(allowed(&w.case, &w.rules).contains(&Action::RequestHearing));
    // The decision is refused while the windows are open.
    assert_eq!(
        w.refused(HEAD, decide_cmd(punish(20_000))),
        "case.statement_window_open"
    );
    w.advance(1);
    w.run(OFFICER_A, Command::RequestHearing { on: w.today });
    w.run(
        OFFICER_A,
        Command::HearStatement {
            on: w.today,
            defended: true,
            summary: "认为罚款过重".into(),
        },
    );
    // The hearing chair cannot be an investigator, and the notice needs 7 working days.
    let date = d(2026, 3, 20);
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::ScheduleHearing {
                date,
                notified_on: w.today,
                chair_id: OFFICER_A
            }
        ),
        "case.hearing_chair"
    );
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::ScheduleHearing {
                date: d(2026, 3, 9),
                notified_on: w.today,
                chair_id: 9
            }
        ),
        "case.hearing_notice_late"
    );
    w.run(
        OFFICER_A,
        Command::ScheduleHearing {
            date,
            notified_on: w.today,
            chair_id: 9,
        },
    );
    assert_eq!(
        w.refused(OFFICER_A, Command::SubmitForReview),
        "case.hearing_pending"
    );
    w.today = date;
    let hold = Command::HoldHearing {
        on: date,
        party_appeared: true,
        summary: "当事人陈述".into(),
    };
    assert_eq!(w.refused(OFFICER_B, hold), "case.hearing_not_chair");
    w.run(
        9,
        Command::HoldHearing {
            on: date,
            party_appeared: true,
            summary: "当事人陈述".into(),
        },
    );
    // Hearing held: review is required; the handler may not review.
    w.run(OFFICER_A, Command::SubmitForReview);
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::Review {
                passed: true,
                opinion: "同意".into()
            }
        ),
        "case.wrong_role"
    );
    w.run(
        REVIEWER,
        Command::Review {
            passed: true,
            opinion: "事实清楚，程序合法".into(),
        },
    );
    // 20,000 元 reaches the review list, which makes the case major: collective discussion.
    assert_eq!(
        w.refused(HEAD, decide_cmd(punish(20_000))),
        "case.discussion_required"
    );
    let discuss = |ids: Vec<i64>| Command::Discuss {
        attendee_ids: ids,
        conclusion: "同意处罚".into(),
    };
    assert_eq!(
        w.refused(HEAD, discuss(vec![10, 11, 10, 12])),
        "case.discussion_attendees",
        "the head who presides is among at least three distinct people"
    );
    w.run(HEAD, discuss(vec![HEAD, 10, 11]));
    // No heavier penalty after the defence.
    assert_eq!(
        w.refused(HEAD, decide_cmd(punish(25_000))),
        "case.heavier_after_defence"
    );
    // Three different people: the reviewer may not decide.
    assert_eq!(
        w.refused(REVIEWER, decide_cmd(punish(20_000))),
        "case.wrong_role"
    );
    w.run(HEAD, decide_cmd(punish(15_000)));
    assert_eq!(w.case.stage, Stage::Decided);
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::Serve {
                on: w.today,
                method: ServiceMethod::Electronic,
                consent_to_electronic: false
            }
        ),
        "case.e_service_consent"
    );
    w.run(
        OFFICER_A,
        Command::Serve {
            on: w.today,
            method: ServiceMethod::Direct,
            consent_to_electronic: false,
        },
    );
    assert_eq!(w.refused(HEAD, Command::Close), "case.not_closable");
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::RecordPayment {
                on: w.today,
                amount: yuan(15_001)
            }
        ),
        "case.payment_amount"
    );
    w.run(
        OFFICER_A,
        Command::RecordPayment {
            on: w.today,
            amount: yuan(15_000),
        },
    );
    assert_eq!(w.refused(OFFICER_A, Command::Close), "case.wrong_role");
    w.run(HEAD, Command::Close);
    w.run(HEAD, Command::Archive);
    assert_eq!(w.case.stage, Stage::Archived);
    assert!(allowed(&w.case, &w.rules).is_empty());
}

#[test]
fn filing_needs_the_head_competence_and_two_certified_officers() {
    let mut w = World::new(person(), d(2026, 3, 2));
    assert_eq!(w.refused(HEAD, Command::File), "case.no_officers");
    w.facts.officers = vec![officer(OFFICER_A)];
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::AssignOfficers {
                officer_ids: vec![OFFICER_A]
            }
        ),
        "case.too_few_officers"
    );
    w.facts.officers = vec![officer(OFFICER_A), officer(AUX)];
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::AssignOfficers {
                officer_ids: vec![OFFICER_A, AUX]
            }
        ),
        "case.auxiliary_officer"
    );
    let mut wrong_domain = officer(OFFICER_B);
    wrong_domain.certificate = Some(certificate(OFFICER_B, "生态环境"));
    w.facts.officers = vec![officer(OFFICER_A), wrong_domain];
    assert_eq!(
        w.refused(
            OFFICER_A,
            Command::AssignOfficers {
                officer_ids: vec![OFFICER_A, OFFICER_B]
            }
        ),
        "case.certificate_not_valid"
    );
    w.facts.officers = vec![officer(OFFICER_A), officer(OFFICER_B)];
    w.run(
        OFFICER_A,
        Command::AssignOfficers {
            officer_ids: vec![OFFICER_A, OFFICER_B],
        },
    );
    assert_eq!(w.refused(OFFICER_A, Command::File), "case.wrong_role");
    w.facts.competence = Some(CompetenceFinding::Resolved {
        competence: Competence {
            holder_id: DEPT,
            basis: CompetenceBasis::Retained,
            grant_id: None,
            assisting_id: None,
        },
        holder_name: "县综合行政执法局".into(),
    });
    let before = w.case.clone();
    let refusal = decide(&w.case, &Command::File, &w.ctx(HEAD), &w.facts).unwrap_err();
    assert_eq!(refusal.code, "case.not_competent");
    assert!(
        refusal.message.contains("县综合行政执法局"),
        "{}",
        refusal.message
    );
    assert_eq!(refusal.basis, Some(basis::R10_DELEGATED));
    assert_eq!(w.case, before);
    assert!(allowed(&w.case, &w.rules).contains(&Action::TransferOut));
    w.run(
        HEAD,
        Command::TransferOut {
            to: "县综合行政执法局".into(),
            reason: "不属于本镇承接事项".into(),
        },
    );
    assert_eq!(w.case.stage, Stage::TransferredOut);
    w.run(HEAD, Command::Close);
}

#[test]
fn a_police_matter_is_refused_for_a_township() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.facts.competence = Some(CompetenceFinding::NoCatalogItem {
        suggested_body: "公安机关".into(),
    });
    w.run(
        OFFICER_A,
        Command::AssignOfficers {
            officer_ids: vec![OFFICER_A, OFFICER_B],
        },
    );
    let r = decide(&w.case, &Command::File, &w.ctx(HEAD), &w.facts).unwrap_err();
    assert_eq!(r.code, "case.not_competent");
    assert!(r.message.contains("公安机关"));
}

#[test]
fn limitation_is_two_years_or_five_for_safety_harm() {
    let act = ActDates {
        occurred_on: d(2023, 1, 10),
        ended_on: None,
        continuing: false,
        caused_harm: true,
    };
    assert!(gates::check_limitation(&act, false, d(2025, 1, 10)).is_ok());
    assert_eq!(
        gates::check_limitation(&act, false, d(2025, 1, 11))
            .unwrap_err()
            .code,
        "case.limitation"
    );
    assert!(gates::check_limitation(&act, true, d(2027, 1, 10)).is_ok());
    let continuing = ActDates {
        continuing: true,
        ended_on: Some(d(2024, 6, 1)),
        ..act
    };
    assert!(gates::check_limitation(&continuing, false, d(2026, 5, 31)).is_ok());
}

#[test]
fn the_audio_video_list_is_enforced_and_exceptions_are_flagged() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    assert_eq!(
        w.refused(OFFICER_A, step(Step::Interview, w.today, false)),
        "case.audio_video_required"
    );
    let mut no_cert = step(Step::Interview, w.today, true);
    if let Command::RecordStep {
        certificate_shown, ..
    } = &mut no_cert
    {
        *certificate_shown = false;
    }
    assert_eq!(w.refused(OFFICER_A, no_cert), "case.certificate_not_shown");
    let mut excused = step(Step::Interview, w.today, false);
    if let Command::RecordStep { av_exception, .. } = &mut excused {
        *av_exception = Some("执法记录仪故障，已报修".into());
    }
    w.run(OFFICER_A, excused);
    assert_eq!(w.case.flags.len(), 1);
    assert_eq!(w.case.flags[0].code, "av_exception");
}

#[test]
fn a_decision_needs_the_notice_the_statement_window_and_an_order_to_correct() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.run(OFFICER_A, step(Step::Inspection, w.today, true));
    assert_eq!(
        w.refused(OFFICER_A, conclude(punish(500))),
        "case.no_correction"
    );
    w.run(
        OFFICER_A,
        Command::OrderCorrection {
            order: "清理".into(),
            deadline: None,
        },
    );
    w.conclude(Penalty::fine(yuan(500)));
    assert_eq!(w.refused(HEAD, decide_cmd(punish(500))), "case.no_notice");
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    assert!(w.case.notice.as_ref().unwrap().hearing_due.is_none());
    assert_eq!(
        w.refused(HEAD, decide_cmd(punish(500))),
        "case.statement_window_open"
    );
    // The window is 3 working days (《行政处罚法》第八十五条): 2026-03-05 is its last day.
    assert_eq!(w.case.notice.as_ref().unwrap().statement_due, d(2026, 3, 5));
    w.today = d(2026, 3, 6);
    assert_eq!(
        w.refused(HEAD, decide_cmd(punish(600))),
        "case.heavier_than_notified"
    );
    w.run(HEAD, decide_cmd(punish(500)));
}

#[test]
fn the_decision_period_is_ninety_days_unless_extended_in_time() {
    let mut w = World::new(person(), d(2026, 1, 5));
    w.file();
    w.investigate();
    w.conclude(Penalty::warning());
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    w.today = d(2026, 4, 10);
    assert_eq!(
        w.refused(
            HEAD,
            decide_cmd(Outcome::Punish {
                penalty: Penalty::warning()
            })
        ),
        "case.decision_period"
    );
    assert_eq!(
        w.refused(
            HEAD,
            Command::ExtendPeriod {
                days: 30,
                reason: "案情复杂".into()
            }
        ),
        "case.period_expired"
    );
    let mut w = World::new(person(), d(2026, 1, 5));
    w.file();
    w.investigate();
    w.conclude(Penalty::warning());
    w.today = d(2026, 3, 30);
    w.run(
        HEAD,
        Command::ExtendPeriod {
            days: 30,
            reason: "案情复杂".into(),
        },
    );
    w.run(OFFICER_A, Command::Notify { served_on: w.today });
    w.today = d(2026, 4, 10);
    w.run(
        HEAD,
        decide_cmd(Outcome::Punish {
            penalty: Penalty::warning(),
        }),
    );
}

#[test]
fn minors_under_fourteen_are_not_punished() {
    let child = Party::Natural {
        name: "李四".into(),
        id_number: None,
        birth_date: Some(d(2013, 6, 1)),
        phone: None,
        address: None,
    };
    let mut w = World::new(child, d(2026, 3, 2));
    w.file();
    w.investigate();
    assert_eq!(
        w.refused(OFFICER_A, conclude(punish(100))),
        "case.under_fourteen"
    );
}

/// S4.5 on a real benchmark: 《大气污染防治法》第一百一十九条第一款, 露天焚烧秸秆, 500–2,000 元
/// for an individual. With a mitigating ground the system proposes the lower half; a fine
/// outside it needs written reasons and sends the case to legal review.
#[test]
fn the_benchmark_proposes_the_range_and_a_departure_needs_reasons_and_review() {
    use crate::discretion::{
        BenchmarkTable, DiscretionPolicy, FineRange, Ground, Mitigation, PartyType,
        ProposalRequest, propose,
    };
    let table = BenchmarkTable::import_jsonl(include_str!(
        "../../../../../data/discretion/benchmarks.jsonl"
    ))
    .unwrap();
    let burning = table
        .violations()
        .into_iter()
        .find(|v| v.violation.starts_with("露天焚烧秸秆"))
        .unwrap();
    let proposal = propose(
        &burning,
        &ProposalRequest {
            tier: "法定幅度",
            party: PartyType::Individual,
            statutory: FineRange::from_yuan(500, 2_000),
            grounds: &[Ground::EliminatedHarm],
            mitigation: Mitigation::Lighter,
        },
        &DiscretionPolicy::default(),
    )
    .unwrap();
    let range = proposal.range.unwrap();
    assert_eq!((range.min(), range.max()), (yuan(500), yuan(1_250)));

    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.investigate();
    w.facts.proposal = Some(proposal);
    let with = |fine: i64, reasons: Option<&str>| {
        let mut c = conclude(punish(fine));
        if let Command::Conclude {
            benchmark_departure,
            ..
        } = &mut c
        {
            *benchmark_departure = reasons.map(str::to_string);
        }
        c
    };
    assert_eq!(
        w.refused(OFFICER_A, with(2_500, Some("情节恶劣"))),
        "discretion.above_statutory_maximum"
    );
    assert_eq!(
        w.refused(OFFICER_A, with(1_800, None)),
        "discretion.reasons_required"
    );
    w.run(OFFICER_A, with(1_800, Some("焚烧面积大，周边群众反映强烈")));
    let c = w.case.conclusion.clone().unwrap();
    assert!(c.benchmark_departure.is_some());
    assert!(c.reasoning.as_deref().unwrap().contains("露天焚烧秸秆"));
    assert!(
        w.case
            .review_reasons(&w.rules)
            .contains(&"罚款数额超出裁量基准的建议幅度")
    );

    // Within the proposal: no departure, whatever the form said, and no review for it.
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.investigate();
    w.facts.proposal = w.facts.proposal.clone().or(c.proposal);
    w.run(OFFICER_A, with(1_000, Some("")));
    assert!(
        w.case
            .conclusion
            .as_ref()
            .unwrap()
            .benchmark_departure
            .is_none()
    );
    assert!(w.case.review_reasons(&w.rules).is_empty());
}
