//! Random command sequences: whatever order commands come in, no decision to punish skips the
//! notice, the statement window, a hearing asked for, or a legal review the case requires; and
//! sequences biased towards progress do reach decisions.
//!
//! Not here: the shared fixtures (`tests`), the gates tested one by one (`general`,
//! `simplified`, `coercive`).

use super::*;
use proptest::prelude::*;

fn command(kind: u8, amount: i64, day: u64, flag: bool) -> (i64, Command) {
    let on = d(2026, 3, 2).checked_add_days(Days::new(day)).unwrap();
    match kind % 16 {
        0 => (
            OFFICER_A,
            Command::AssignOfficers {
                officer_ids: vec![OFFICER_A, OFFICER_B],
            },
        ),
        1 => (HEAD, Command::File),
        2 => (OFFICER_A, step(Step::Inspection, on, true)),
        3 => (
            OFFICER_A,
            Command::OrderCorrection {
                order: "改正".into(),
                deadline: None,
            },
        ),
        4 => (OFFICER_A, conclude(punish(amount))),
        5 => (OFFICER_A, Command::Notify { served_on: on }),
        6 => (
            OFFICER_A,
            Command::HearStatement {
                on,
                defended: flag,
                summary: "申辩".into(),
            },
        ),
        7 => (OFFICER_A, Command::RequestHearing { on }),
        8 => (
            OFFICER_A,
            Command::ScheduleHearing {
                date: on.checked_add_days(Days::new(12)).unwrap(),
                notified_on: on,
                chair_id: 9,
            },
        ),
        9 => (
            9,
            Command::HoldHearing {
                on,
                party_appeared: flag,
                summary: "听证".into(),
            },
        ),
        10 => (OFFICER_A, Command::WaiveHearing { on }),
        11 => (OFFICER_A, Command::SubmitForReview),
        12 => (
            REVIEWER,
            Command::Review {
                passed: flag,
                opinion: "意见".into(),
            },
        ),
        13 => (
            HEAD,
            Command::Discuss {
                attendee_ids: vec![HEAD, 10, 11],
                conclusion: "同意".into(),
            },
        ),
        14 => (HEAD, decide_cmd(punish(amount))),
        _ => (
            HEAD,
            Command::ExtendPeriod {
                days: 30,
                reason: "复杂".into(),
            },
        ),
    }
}

type Step4 = (u8, i64, u64, bool);

/// Runs one sequence; the decisions to punish it reached, or the invariant it broke.
fn run_sequence(steps: &[Step4]) -> Result<usize, String> {
    let mut w = World::new(person(), d(2026, 3, 2));
    let mut decisions = 0;
    for &(kind, amount, advance, flag) in steps {
        w.advance(advance);
        let (actor, command) = command(kind, amount, 0, flag);
        let command = match command {
            Command::RecordStep { .. } => step(Step::Inspection, w.today, true),
            Command::Notify { .. } => Command::Notify { served_on: w.today },
            Command::HearStatement {
                defended, summary, ..
            } => Command::HearStatement {
                on: w.today,
                defended,
                summary,
            },
            Command::RequestHearing { .. } => Command::RequestHearing { on: w.today },
            Command::ScheduleHearing { chair_id, .. } => Command::ScheduleHearing {
                date: w.today.checked_add_days(Days::new(14)).unwrap(),
                notified_on: w.today,
                chair_id,
            },
            Command::HoldHearing {
                party_appeared,
                summary,
                ..
            } => Command::HoldHearing {
                on: w.today,
                party_appeared,
                summary,
            },
            Command::WaiveHearing { .. } => Command::WaiveHearing { on: w.today },
            other => other,
        };
        let before = w.case.clone();
        let Ok(events) = w.try_run(actor, command) else {
            if w.case != before {
                return Err("a refusal changed the case".into());
            }
            continue;
        };
        for e in &events {
            let CaseEvent::Decided { decision } = e else {
                continue;
            };
            let Outcome::Punish { penalty } = &decision.outcome else {
                continue;
            };
            decisions += 1;
            let Some(notice) = before.notice.as_ref() else {
                return Err("decided without notice".into());
            };
            if before.statement.is_none() && w.today <= notice.statement_due {
                return Err("decided within the statement window".into());
            }
            if matches!(
                before.hearing,
                Hearing::Requested { .. } | Hearing::Scheduled { .. }
            ) {
                return Err("decided with a hearing pending".into());
            }
            if matches!(before.hearing, Hearing::Offered) && w.today <= notice.hearing_due.unwrap()
            {
                return Err("decided within the hearing window".into());
            }
            if !before.review_reasons(&w.rules).is_empty()
                && !matches!(before.review, Review::Passed { .. })
            {
                return Err("decided without review".into());
            }
            if penalty.is_heavier_than(&notice.penalty) {
                return Err("decided a heavier penalty than notified".into());
            }
            if before.correction.is_none() {
                return Err("decided without an order to correct".into());
            }
        }
    }
    Ok(decisions)
}

fn step4() -> impl Strategy<Value = Step4> {
    (
        any::<u8>(),
        prop_oneof![Just(100i64), Just(6_000), Just(20_000), Just(200_000)],
        0u64..4,
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn no_decision_skips_a_required_step(steps in prop::collection::vec(step4(), 1..60)) {
        if let Err(broken) = run_sequence(&steps) {
            prop_assert!(false, "{}", broken);
        }
    }
}

/// The property is not vacuous: sequences biased towards progress reach decisions, and
/// those decisions keep the invariants.
#[test]
fn biased_sequences_reach_decisions() {
    let mut seed: u64 = 0x2026_1127;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        seed >> 33
    };
    let mut decisions = 0;
    for _ in 0..400 {
        let mut steps = Vec::new();
        for progress in 0u8..16 {
            // Mostly the next step of the procedure, sometimes any step.
            let kind = if next() % 4 == 0 {
                (next() % 16) as u8
            } else {
                progress
            };
            let amount = [100, 6_000, 20_000, 200_000][(next() % 4) as usize];
            for _ in 0..1 + next() % 2 {
                steps.push((kind, amount, next() % 4, next() % 3 != 0));
            }
        }
        // Then the closing steps: statement, waiver, review, discussion, decision.
        let amount = steps.last().map_or(100, |s| s.1);
        for kind in [6u8, 10, 11, 12, 13, 14] {
            steps.push((kind, amount, 4, true));
        }
        decisions += run_sequence(&steps).unwrap();
    }
    assert!(decisions >= 40, "only {decisions} decisions reached");
}
