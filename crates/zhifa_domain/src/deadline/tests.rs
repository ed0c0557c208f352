//! Tests of the deadline engine.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn engine() -> Deadlines<'static> {
    Deadlines::new(WorkingCalendar::official(), DeadlineParams::default())
}

#[test]
fn service_within_seven_working_days_across_national_day_2024() {
    let due = engine().due(RuleId::Service, d(2024, 9, 29)).unwrap();
    assert_eq!(due.date, d(2024, 10, 14));
    assert!(due.explanation.contains("《行政处罚法》第六十一条第一款"));
    assert!(due.explanation.contains("第八十五条"));
    assert!(due.explanation.contains("国庆节假期不计入"));
    assert!(due.explanation.contains("2024年10月14日"));
}

#[test]
fn adjusted_working_saturday_counts() {
    // From Tuesday 2024-10-08: 9, 10, 11, Saturday 12 (调休上班), Monday 14.
    let due = engine()
        .due(RuleId::HearingRequest, d(2024, 10, 8))
        .unwrap();
    assert_eq!(due.date, d(2024, 10, 14));
}

#[test]
fn calendar_period_ending_on_sunday_moves_to_monday() {
    // Served Saturday 2024-03-02; the 15th day is Sunday 2024-03-17.
    let due = engine().due(RuleId::Payment, d(2024, 3, 2)).unwrap();
    assert_eq!(due.date, d(2024, 3, 18));
    assert!(due.explanation.contains("休息日"));
    assert!(due.explanation.contains(BASIS_PERIOD_RULE));
    assert!(due.explanation.contains("按自然日计算"));
    // Ending inside National Day moves past the whole holiday.
    let due = engine().due(RuleId::Payment, d(2024, 9, 16)).unwrap();
    assert_eq!(due.date, d(2024, 10, 8));
    assert!(due.explanation.contains("国庆节假期"));
}

#[test]
fn months_clamp_to_month_end() {
    let e = engine();
    let end = e.period_end(d(2024, 1, 31), Period::months(1)).unwrap();
    assert_eq!(end.date, d(2024, 2, 29));
    assert_eq!(
        e.period_end(d(2023, 1, 31), Period::months(1))
            .unwrap()
            .date,
        d(2023, 2, 28)
    );
    assert!(end.explanation.contains(BASIS_MONTH_END));
    // Lawsuit: six months from 2024-08-31 is 2025-02-28 (a Friday).
    assert_eq!(
        e.due(RuleId::Lawsuit, d(2024, 8, 31)).unwrap().date,
        d(2025, 2, 28)
    );
}

#[test]
fn decision_due_with_extensions() {
    let e = engine();
    // Filed 2024-01-02: the 90th day is Monday 2024-04-01.
    let due = e.decision_due(d(2024, 1, 2), &[]).unwrap();
    assert_eq!(due.date, d(2024, 4, 1));
    assert!(due.explanation.contains("《行政处罚法》第六十条"));
    // Extended by 30 days: 2024-05-01 is 劳动节, so the period ends on Monday 2024-05-06.
    let ext = Extension {
        days: 30,
        approved_on: d(2024, 3, 25),
    };
    let due = e.decision_due(d(2024, 1, 2), &[ext]).unwrap();
    assert_eq!(due.date, d(2024, 5, 6));
    assert!(due.explanation.contains("劳动节假期"));
    // A second extension runs on from 2024-05-01, not from the moved end.
    let second = Extension {
        days: 10,
        approved_on: d(2024, 5, 6),
    };
    // 2024-05-11 is a Saturday, but a 调休 working day.
    assert_eq!(
        e.decision_due(d(2024, 1, 2), &[ext, second]).unwrap().date,
        d(2024, 5, 11)
    );
    let late = Extension {
        days: 30,
        approved_on: d(2024, 4, 2),
    };
    let err = e.decision_due(d(2024, 1, 2), &[late]).unwrap_err();
    assert_eq!(
        (err.code, err.field),
        ("deadline.extension_late", Some("extensions"))
    );
    let zero = Extension {
        days: 0,
        approved_on: d(2024, 3, 25),
    };
    assert_eq!(
        e.decision_due(d(2024, 1, 2), &[zero]).unwrap_err().code,
        "deadline.extension_days"
    );
    let capped = DeadlineParams {
        decision_extension_max_days: Some(30),
        ..Default::default()
    };
    let long = Extension {
        days: 31,
        approved_on: d(2024, 3, 25),
    };
    let err = Deadlines::new(WorkingCalendar::official(), capped)
        .decision_due(d(2024, 1, 2), &[long])
        .unwrap_err();
    assert_eq!(err.code, "deadline.extension_days");
}

#[test]
fn seizure_term_one_extension_and_testing_days() {
    let e = engine();
    // 30 calendar days (30 > 10, 行政强制法第六十九条): 2024-10-01 moves to 2024-10-08.
    let due = e.seizure_due(d(2024, 9, 1), None, 0).unwrap();
    assert_eq!(due.date, d(2024, 10, 8));
    assert!(due.explanation.contains("第六十九条"));
    let ext = Extension {
        days: 30,
        approved_on: d(2024, 9, 25),
    };
    assert_eq!(
        e.seizure_due(d(2024, 9, 1), Some(ext), 0).unwrap().date,
        d(2024, 10, 31)
    );
    let too_long = Extension { days: 31, ..ext };
    assert_eq!(
        e.seizure_due(d(2024, 9, 1), Some(too_long), 0)
            .unwrap_err()
            .code,
        "deadline.extension_days"
    );
    // Five days of appraisal are added: 2024-10-31 + 5 = Tuesday 2024-11-05.
    let due = e.seizure_due(d(2024, 9, 1), Some(ext), 5).unwrap();
    assert_eq!(due.date, d(2024, 11, 5));
    assert!(due.explanation.contains("第二十五条第三款"));
}

#[test]
fn hearing_notice_is_counted_back_from_the_hearing() {
    // Before Monday 2024-10-14: 12 (调休), 11, 10, 9, 8, [1–7 off], 9-30, 9-29 (调休).
    let due = engine().latest_notice_date(d(2024, 10, 14)).unwrap();
    assert_eq!(due.date, d(2024, 9, 29));
    assert_eq!(due.direction, Direction::Before);
    assert!(due.explanation.contains("第六十四条第二项"));
    assert!(due.explanation.contains("国庆节假期不计入"));
    assert_eq!(
        engine()
            .due(RuleId::HearingNotice, d(2024, 10, 14))
            .unwrap_err()
            .code,
        "deadline.before_event"
    );
}

#[test]
fn court_enforcement_after_reminder_and_application_window() {
    let e = engine();
    // Reminder served Friday 2024-09-27: 10 working days end 2024-10-16, apply from the 17th.
    let due = e.due(RuleId::CourtAfterReminder, d(2024, 9, 27)).unwrap();
    assert_eq!(
        (due.date, due.direction),
        (d(2024, 10, 17), Direction::NotBefore)
    );
    assert!(due.explanation.contains("《行政强制法》第六十九条"));
    // Known 2024-03-15: review ends 2024-05-14; the lawsuit's 2024-09-15 is 中秋节 and moves
    // to 2024-09-18; three months later is 2024-12-18.
    let due = e.court_application_deadline(d(2024, 3, 15), None).unwrap();
    assert_eq!(due.date, d(2024, 12, 18));
    assert!(due.explanation.contains("2024年5月14日") && due.explanation.contains("2024年9月18日"));
    assert!(due.explanation.contains("《行政强制法》第五十三条"));
    let deferred = e
        .court_application_deadline(d(2024, 3, 15), Some(d(2024, 10, 31)))
        .unwrap();
    // 2025-01-31 falls in the Spring Festival holiday (1-28 – 2-4).
    assert_eq!(deferred.date, d(2025, 2, 5));
    assert!(deferred.explanation.contains("第七十二条第二款"));
}

#[test]
fn hour_rules_are_exact_and_not_moved() {
    let at = d(2024, 10, 1).and_hms_opt(10, 30, 0).unwrap();
    let due = engine().due_at(RuleId::EmergencyReport, at).unwrap();
    assert_eq!(due.at, d(2024, 10, 2).and_hms_opt(10, 30, 0).unwrap());
    assert!(due.explanation.contains("《行政强制法》第十九条"));
    assert_eq!(
        engine()
            .due(RuleId::CrimeTransferHandover, d(2024, 10, 1))
            .unwrap_err()
            .code,
        "deadline.hours_rule"
    );
    assert_eq!(
        engine().due_at(RuleId::Payment, at).unwrap_err().code,
        "deadline.not_hours_rule"
    );
}

#[test]
fn every_day_rule_explains_its_article_and_kind_of_day() {
    let e = engine();
    for rule in e.rules() {
        if rule.period.unit == Unit::Hours || rule.direction == Direction::Before {
            continue;
        }
        let due = e.due(rule.id, d(2024, 3, 4)).unwrap();
        assert!(due.explanation.contains(rule.basis), "{:?}", rule.id);
        assert!(
            due.explanation.contains(e.kind_reason(&rule)),
            "{:?}",
            rule.id
        );
        assert!(due.date > d(2024, 3, 4));
        assert_eq!(
            WorkingCalendar::official().is_working_day(due.date),
            Ok(true)
        );
    }
}

#[test]
fn configurable_amounts() {
    let params = DeadlineParams {
        statement_days: 5,
        publication_working_days: 5,
        ..Default::default()
    };
    let e = Deadlines::new(WorkingCalendar::official(), params);
    assert_eq!(e.rule(RuleId::Statement).period, Period::working_days(5));
    // Default statement period: 3 working days from Friday 2024-03-01 → Wednesday 03-06.
    assert_eq!(
        engine().due(RuleId::Statement, d(2024, 3, 1)).unwrap().date,
        d(2024, 3, 6)
    );
    assert_eq!(
        e.due(RuleId::Statement, d(2024, 3, 1)).unwrap().date,
        d(2024, 3, 8)
    );
    assert_eq!(
        engine().rule(RuleId::Publication).period,
        Period::working_days(7)
    );
}

#[test]
fn uncovered_year_is_refused() {
    // 2028 has neither a notice nor a provisional arrangement.
    let err = engine().due(RuleId::Payment, d(2027, 12, 20)).unwrap_err();
    assert_eq!(err.code, crate::calendar::NOT_COVERED);
    assert!(err.message.contains("2028年放假安排尚未收录"));
    // 2027-12-29 could still be moved by the 2028 元旦 arrangement.
    let err = engine().due(RuleId::Payment, d(2027, 12, 14)).unwrap_err();
    assert!(err.message.contains("2028年放假安排尚未收录"));
}

/// The caveat of a period that crosses the provisional 2027.
const NOTE_2027: &str = "（2027年放假安排尚未发布，按《全国年节及纪念日放假办法》的法定节假日和周末预估，发布后以通知为准）";

#[test]
fn a_decision_period_from_today_reaches_into_the_provisional_2027() {
    // Filed 2026-11-27: the 90th day is Thursday 2027-02-25.
    let due = engine().decision_due(d(2026, 11, 27), &[]).unwrap();
    assert_eq!(due.date, d(2027, 2, 25));
    assert!(
        due.explanation
            .ends_with(&format!("最迟应于2027年2月25日完成{NOTE_2027}。")),
        "{}",
        due.explanation
    );
    assert_eq!(due.explanation.matches("尚未发布").count(), 1);
    // Six months to sue: Thursday 2027-05-27.
    let due = engine().due(RuleId::Lawsuit, d(2026, 11, 27)).unwrap();
    assert_eq!(due.date, d(2027, 5, 27));
    assert!(due.explanation.contains(NOTE_2027));
    // So is a period an agency sets itself.
    let end = engine()
        .period_end(d(2026, 11, 27), Period::days(90))
        .unwrap();
    assert!(end.explanation.ends_with(NOTE_2027));
}

#[test]
fn working_days_across_the_provisional_2027_spring_festival() {
    // From Wednesday 2027-02-03: 4, [5 除夕, 6–7 weekend, 8 初三], 9, 10, 11, 12, 15, 16.
    let due = engine().due(RuleId::Service, d(2027, 2, 3)).unwrap();
    assert_eq!(due.date, d(2027, 2, 16));
    assert!(due.explanation.contains("春节假期不计入"));
    assert!(due.explanation.contains(NOTE_2027));
    // A calendar period whose 15th day is 除夕 moves past 初三 to Tuesday 2027-02-09.
    let due = engine().due(RuleId::Payment, d(2027, 1, 21)).unwrap();
    assert_eq!(due.date, d(2027, 2, 9));
    assert!(due.explanation.contains("该日为春节假期"));
    assert!(due.explanation.contains(NOTE_2027));
}

#[test]
fn only_periods_that_cross_the_provisional_arrangement_carry_the_caveat() {
    let e = engine();
    // A 2024 period rests on notices alone.
    let due = e.due(RuleId::Service, d(2024, 9, 29)).unwrap();
    assert!(!due.explanation.contains("预估"));
    // The 15th day 2026-12-28 rests on the 2026 notice; 2026-12-29 on the 2027 元旦
    // arrangement, which is provisional, so it is answered with the caveat.
    let due = e.due(RuleId::Payment, d(2026, 12, 13)).unwrap();
    assert_eq!(due.date, d(2026, 12, 28));
    assert!(!due.explanation.contains("预估"));
    let due = e.due(RuleId::Payment, d(2026, 12, 14)).unwrap();
    assert_eq!(due.date, d(2026, 12, 29));
    assert!(due.explanation.contains(NOTE_2027));
    // Into the new year: 2027-01-04 is a Monday.
    let due = e.due(RuleId::Payment, d(2026, 12, 20)).unwrap();
    assert_eq!(due.date, d(2027, 1, 4));
    assert!(due.explanation.contains(NOTE_2027));
}

#[test]
fn composite_deadlines_carry_the_caveat_once() {
    let e = engine();
    // Hearing on Monday 2027-01-11: 8, 7, 6, 5, 4, [1 元旦, 2–3 weekend], 2026-12-31, 12-30.
    let due = e.latest_notice_date(d(2027, 1, 11)).unwrap();
    assert_eq!(due.date, d(2026, 12, 30));
    assert!(due.explanation.ends_with(&format!("通知{NOTE_2027}。")));
    // A hearing on 2026-12-29 counts back over 2026 days only.
    let due = e.latest_notice_date(d(2026, 12, 29)).unwrap();
    assert_eq!(due.date, d(2026, 12, 18));
    assert!(!due.explanation.contains("预估"));
    // Filed 2026-10-01: the 90th day 2026-12-30; extended by 30 days to Friday 2027-01-29.
    let ext = Extension {
        days: 30,
        approved_on: d(2026, 12, 20),
    };
    let due = e.decision_due(d(2026, 10, 1), &[ext]).unwrap();
    assert_eq!(due.date, d(2027, 1, 29));
    assert_eq!(due.explanation.matches(NOTE_2027).count(), 1);
    assert!(due.explanation.ends_with(&format!("{NOTE_2027}。")));
    // Seized 2026-12-15: 30 days end Thursday 2027-01-14, plus 5 testing days: 2027-01-19.
    let due = e.seizure_due(d(2026, 12, 15), None, 5).unwrap();
    assert_eq!(due.date, d(2027, 1, 19));
    assert_eq!(due.explanation.matches(NOTE_2027).count(), 1);
    // Known 2026-06-01: review to 2026-07-31, lawsuit to 2026-12-01, court until Monday
    // 2027-03-01.
    let due = e.court_application_deadline(d(2026, 6, 1), None).unwrap();
    assert_eq!(due.date, d(2027, 3, 1));
    assert_eq!(due.explanation.matches(NOTE_2027).count(), 1);
}

#[test]
fn urgency_classification() {
    let cal = WorkingCalendar::official();
    let due = d(2024, 10, 14);
    assert_eq!(
        urgency(cal, due, d(2024, 10, 16), 3),
        Ok(Urgency::Overdue { days: 2 })
    );
    assert_eq!(
        urgency(cal, due, due, 3),
        Ok(Urgency::DueSoon {
            working_days_left: 0
        })
    );
    // 11, 12 (调休), 14.
    assert_eq!(
        urgency(cal, due, d(2024, 10, 10), 3),
        Ok(Urgency::DueSoon {
            working_days_left: 3
        })
    );
    assert_eq!(urgency(cal, due, d(2024, 10, 9), 3), Ok(Urgency::Later));
    // Nine calendar days but two working days across National Day.
    assert_eq!(
        urgency(cal, d(2024, 10, 9), d(2024, 9, 30), 3),
        Ok(Urgency::DueSoon {
            working_days_left: 2
        })
    );
    // Far off in an uncovered year is still "later".
    assert_eq!(
        urgency(cal, d(2028, 6, 1), d(2027, 6, 1), 3),
        Ok(Urgency::Later)
    );
    assert_eq!(Urgency::Overdue { days: 2 }.label(), "已逾期2日");
    assert_eq!(engine().urgency(due, due).unwrap().label(), "今日到期");
}

#[test]
fn late_fee_accrues_three_percent_a_day_up_to_the_fine() {
    let due = d(2024, 3, 18);
    let fine = 100_000; // 1000元
    assert_eq!(late_fee(fine, due, due, &[]), 0);
    assert_eq!(late_fee(fine, due, d(2024, 3, 1), &[]), 0);
    assert_eq!(late_fee(fine, due, d(2024, 3, 19), &[]), 3_000);
    assert_eq!(late_fee(fine, due, due + Days::new(33), &[]), 99_000);
    assert_eq!(late_fee(fine, due, due + Days::new(34), &[]), 100_000);
    let detail = late_fee_detail(fine, due, due + Days::new(400), &[]);
    assert_eq!((detail.fen, detail.capped), (100_000, true));
    assert!(detail.explanation.contains("不得超出罚款的数额"));
    // Rounded down: 3 % of 3.33元 is 0.0999元.
    assert_eq!(late_fee(333, due, d(2024, 3, 19), &[]), 9);
    assert_eq!(late_fee(-5, due, d(2024, 4, 19), &[]), 0);
    assert_eq!(
        late_fee(i64::MAX, due, d(2024, 3, 19), &[]),
        (i128::from(i64::MAX) * 3 / 100) as i64
    );
}

#[test]
fn late_fee_pauses_while_review_or_litigation_is_pending() {
    let due = d(2024, 3, 18);
    let review = (d(2024, 3, 20), d(2024, 3, 29));
    // 14 days after the due date, 10 of them paused.
    let detail = late_fee_detail(100_000, due, d(2024, 4, 1), &[review]);
    assert_eq!(
        (detail.days, detail.paused_days, detail.fen),
        (4, 10, 12_000)
    );
    assert!(detail.explanation.contains(BASIS_LATE_FEE_PAUSE));
    // Overlapping intervals pause a day once; days before the due date do not matter.
    let lawsuit = (d(2024, 3, 25), d(2024, 4, 5));
    let early = (d(2024, 1, 1), d(2024, 3, 10));
    assert_eq!(
        late_fee(100_000, due, d(2024, 4, 1), &[review, lawsuit, early]),
        3_000
    );
    assert_eq!(
        late_fee(100_000, due, d(2024, 4, 7), &[review, lawsuit]),
        9_000
    );
}
