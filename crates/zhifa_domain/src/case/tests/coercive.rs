//! Coercive measures (查封、扣押) and coercive execution: approval, the list, the term and its
//! one extension, the emergency report, no execution at night or on holidays.
//!
//! Not here: the shared fixtures (`tests`), the penalty procedure (`general`, `simplified`),
//! random sequences (`sequences`).

use super::*;
use crate::case::coercive::{Item, MeasureCommand, MeasureKind, measure_due};

fn seize() -> Command {
    Command::Measure {
        command: MeasureCommand::Apply {
            kind: MeasureKind::Seize,
            items: vec![Item {
                name: "自卸货车".into(),
                quantity: "1辆".into(),
                note: String::new(),
            }],
            list_delivered: true,
            party_heard: true,
            record_id: Some(300),
            evidence_ids: vec![],
            officer_ids: vec![OFFICER_A, OFFICER_B],
            certificate_shown: true,
            audio_video: true,
            av_exception: None,
            emergency: None,
        },
    }
}

#[test]
fn a_seizure_needs_approval_a_list_and_lasts_thirty_days_extendable_once() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    assert_eq!(w.refused(OFFICER_A, seize()), "measure.head_only");
    let mut no_list = seize();
    if let Command::Measure {
        command: MeasureCommand::Apply { list_delivered, .. },
    } = &mut no_list
    {
        *list_delivered = false;
    }
    assert_eq!(w.refused(HEAD, no_list), "measure.list_not_delivered");
    w.run(HEAD, seize());
    let due = measure_due(&w.ctx(HEAD), &w.case.measures[0]).unwrap();
    assert_eq!(due, d(2026, 4, 1));
    let extend = |days| Command::Measure {
        command: MeasureCommand::Extend {
            index: 0,
            days,
            reason: "需检测".into(),
        },
    };
    assert_eq!(w.refused(HEAD, extend(31)), "measure.extension_days");
    w.run(HEAD, extend(30));
    assert_eq!(w.refused(HEAD, extend(10)), "measure.extended_twice");
    assert_eq!(w.refused(HEAD, Command::Close), "case.not_closable");
    w.run(
        HEAD,
        Command::Measure {
            command: MeasureCommand::Release {
                index: 0,
                reason: "作出处理决定".into(),
            },
        },
    );
    assert!(w.case.measures[0].released_on.is_some());
}

#[test]
fn an_emergency_measure_is_approved_within_twenty_four_hours_or_not_at_all() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    let mut urgent = seize();
    if let Command::Measure {
        command: MeasureCommand::Apply { emergency, .. },
    } = &mut urgent
    {
        *emergency = Some("车辆正在驶离".into());
    }
    w.run(OFFICER_A, urgent);
    w.advance(1);
    w.hour = 11;
    assert_eq!(
        w.refused(
            HEAD,
            Command::Measure {
                command: MeasureCommand::ApproveEmergency { index: 0 }
            }
        ),
        "measure.report_late"
    );
    w.hour = 9;
    w.run(
        HEAD,
        Command::Measure {
            command: MeasureCommand::ApproveEmergency { index: 0 },
        },
    );
}

#[test]
fn coercive_execution_is_refused_at_night_and_on_legal_holidays() {
    let mut w = World::new(person(), d(2026, 3, 2));
    w.file();
    w.case.decision = Some(Decision {
        on: w.today,
        decider_id: HEAD,
        outcome: punish(100),
        number: "1".into(),
        correction: None,
    });
    w.case.reminder_on = Some(w.today);
    let execute = Command::Measure {
        command: MeasureCommand::Execute {
            description: "强制拆除违法建筑".into(),
            emergency: None,
            officer_ids: vec![OFFICER_A, OFFICER_B],
            certificate_shown: true,
            evidence_ids: vec![],
            audio_video: true,
            av_exception: None,
        },
    };
    w.hour = 23;
    assert_eq!(w.refused(HEAD, execute.clone()), "measure.night_or_holiday");
    w.hour = 10;
    w.today = d(2026, 10, 1);
    assert_eq!(w.refused(HEAD, execute.clone()), "measure.night_or_holiday");
    w.today = d(2026, 10, 9);
    w.run(HEAD, execute);
}
