//! The working-day calendar: parsing, the official table, counting, provisional years.
use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn cal() -> &'static WorkingCalendar {
    WorkingCalendar::official()
}

#[test]
fn official_table_covers_2020_to_2026_by_notice_and_2027_provisionally() {
    let years: Vec<i32> = cal().covered_years().collect();
    assert_eq!(years, (2020..=2027).collect::<Vec<_>>());
    assert!(!cal().covers(2019));
    assert!(!cal().covers(2028));
    assert_eq!(cal().provisional_years().collect::<Vec<_>>(), vec![2027]);
    for year in 2020..=2026 {
        assert!(!cal().is_provisional(year), "{year}");
    }
    assert!(cal().is_provisional(2027));
    assert!(!cal().is_provisional(2028));
    for entry in cal().entries.values() {
        assert_eq!(
            entry.notice == PROVISIONAL_NOTICE,
            entry.year == 2027,
            "{}",
            entry.date
        );
    }
}

#[test]
fn each_year_has_the_days_its_notice_declares() {
    // (year, days off, 调休上班 days): the sums of each notice's "共N天" and its listed
    // working weekend days. 2020 includes the three days of the COVID extension and loses
    // the make-up Saturday it superseded.
    let expected = [
        (2020, 30, 6),
        (2021, 31, 7),
        (2022, 31, 7),
        (2023, 27, 7),
        (2024, 28, 8),
        (2025, 28, 5),
        (2026, 33, 6),
        // Provisional: the 13 statutory days of the 2024 办法, no 调休.
        (2027, 13, 0),
    ];
    for (year, off, on) in expected {
        let count = |kind| {
            cal()
                .entries
                .values()
                .filter(|e| e.year == year && e.kind == kind)
                .count()
        };
        assert_eq!(count(EntryKind::Holiday), off, "{year}");
        assert_eq!(count(EntryKind::Workday), on, "{year}");
    }
}

#[test]
fn weekdays_weekends_holidays_and_adjusted_workdays() {
    // 2024-10-08 Tuesday: after National Day, a working day.
    assert_eq!(cal().is_working_day(d(2024, 10, 8)), Ok(true));
    // 2024-10-07 Monday: National Day holiday.
    assert_eq!(cal().is_working_day(d(2024, 10, 7)), Ok(false));
    // 2024-10-12 Saturday: 调休上班.
    assert_eq!(cal().is_working_day(d(2024, 10, 12)), Ok(true));
    assert_eq!(cal().is_legal_holiday(d(2024, 10, 12)), Ok(false));
    // 2024-10-13 Sunday: an ordinary rest day, not a legal holiday.
    assert_eq!(cal().is_working_day(d(2024, 10, 13)), Ok(false));
    assert_eq!(cal().is_legal_holiday(d(2024, 10, 13)), Ok(false));
    // 2024-10-05 Saturday inside the holiday period: a legal holiday.
    assert_eq!(cal().is_legal_holiday(d(2024, 10, 5)), Ok(true));
    // 除夕 2024 was only encouraged as a rest day: a working day.
    assert_eq!(cal().is_working_day(d(2024, 2, 9)), Ok(true));
}

#[test]
fn the_2020_extension_supersedes_the_make_up_saturday() {
    assert_eq!(cal().is_working_day(d(2020, 2, 1)), Ok(false));
    assert_eq!(cal().is_legal_holiday(d(2020, 1, 31)), Ok(true));
    assert_eq!(
        cal().entry(d(2020, 2, 2)).unwrap().notice,
        "国办发明电〔2020〕1号"
    );
    assert_eq!(cal().next_working_day(d(2020, 1, 23)), Ok(d(2020, 2, 3)));
}

#[test]
fn new_year_holiday_of_2023_begins_in_2022() {
    let entry = cal().entry(d(2022, 12, 31)).unwrap();
    assert_eq!((entry.year, entry.name.as_str()), (2023, "元旦"));
    assert_eq!(cal().is_legal_holiday(d(2022, 12, 31)), Ok(true));
}

#[test]
fn uncovered_years_and_late_december_are_refused_not_guessed() {
    let err = cal().is_working_day(d(2028, 3, 1)).unwrap_err();
    assert_eq!(err.missing_year, 2028);
    assert!(err.to_string().contains("2028年放假安排尚未收录"));
    // 2027-12-29..31 may be moved by the 2028 元旦 arrangement, which is not loaded.
    assert_eq!(cal().is_working_day(d(2027, 12, 28)), Ok(true));
    let err = cal().is_working_day(d(2027, 12, 29)).unwrap_err();
    assert_eq!(err.missing_year, 2028);
    assert_eq!(
        cal()
            .is_working_day(d(2019, 12, 31))
            .unwrap_err()
            .missing_year,
        2019
    );
    // A walk into an uncovered year stops there.
    assert!(cal().add_working_days(d(2027, 12, 20), 10).is_err());
    let refusal: Refusal = err.into();
    assert_eq!(refusal.code, NOT_COVERED);
}

#[test]
fn late_december_2026_is_answered_provisionally() {
    // 2026-12-29..31 rest on the 2027 元旦 arrangement, which is provisional: answered, and
    // flagged.
    assert_eq!(cal().is_working_day(d(2026, 12, 28)), Ok(true));
    assert!(!cal().is_provisional_date(d(2026, 12, 28)));
    for day in 29..=31 {
        assert_eq!(cal().is_working_day(d(2026, 12, day)), Ok(true));
        assert!(cal().is_provisional_date(d(2026, 12, day)));
    }
    assert!(cal().is_provisional_date(d(2027, 7, 1)));
    assert!(!cal().is_provisional_date(d(2028, 1, 3)));
    assert_eq!(cal().is_working_day(d(2027, 1, 1)), Ok(false));
    assert_eq!(cal().next_working_day(d(2026, 12, 31)), Ok(d(2027, 1, 4)));
}

#[test]
fn the_provisional_2027_follows_the_2024_holiday_rules() {
    // 《全国年节及纪念日放假办法》第二条 (国务院令第795号): 元旦 1月1日; 春节 除夕 and 正月初一
    // to 初三; 清明节, 端午节, 中秋节 one day each on the lunar date; 劳动节 5月1日、2日; 国庆节
    // 10月1日至3日. The lunar dates for 2027 are checked in data/calendar/README.md.
    let days = |name: &str| -> Vec<NaiveDate> {
        cal()
            .entries
            .values()
            .filter(|e| e.year == 2027 && e.name == name)
            .inspect(|e| assert_eq!(e.kind, EntryKind::Holiday))
            .map(|e| e.date)
            .collect()
    };
    assert_eq!(days("元旦"), vec![d(2027, 1, 1)]);
    assert_eq!(
        days("春节"),
        (5..=8).map(|day| d(2027, 2, day)).collect::<Vec<_>>()
    );
    assert_eq!(days("清明节"), vec![d(2027, 4, 5)]);
    assert_eq!(days("劳动节"), vec![d(2027, 5, 1), d(2027, 5, 2)]);
    assert_eq!(days("端午节"), vec![d(2027, 6, 9)]);
    assert_eq!(days("中秋节"), vec![d(2027, 9, 15)]);
    assert_eq!(
        days("国庆节"),
        (1..=3).map(|day| d(2027, 10, day)).collect::<Vec<_>>()
    );
    // 除夕 (Friday) and 初三 (Monday) are off; 初一 and 初二 fall on the weekend anyway.
    assert_eq!(cal().is_legal_holiday(d(2027, 2, 5)), Ok(true));
    assert_eq!(cal().is_working_day(d(2027, 2, 8)), Ok(false));
    // No 调休: the weekend after stays a rest day, the Tuesday after is a working day.
    assert_eq!(cal().is_working_day(d(2027, 2, 13)), Ok(false));
    assert_eq!(cal().is_working_day(d(2027, 2, 9)), Ok(true));
}

#[test]
fn working_days_across_the_provisional_2027_spring_festival_skip_chuxi_to_chusan() {
    // From Thursday 2027-02-04: [2-5 除夕, 2-6/2-7 weekend, 2-8 初三] are skipped.
    assert_eq!(cal().add_working_days(d(2027, 2, 4), 1), Ok(d(2027, 2, 9)));
    assert_eq!(
        cal().working_days_between(d(2027, 2, 4), d(2027, 2, 9)),
        Ok(1)
    );
    assert_eq!(cal().sub_working_days(d(2027, 2, 9), 1), Ok(d(2027, 2, 4)));
    assert_eq!(
        cal().holidays_between(d(2027, 2, 4), d(2027, 2, 9)),
        vec!["春节"]
    );
}

#[test]
fn provisional_years_and_their_caveat() {
    assert!(
        cal()
            .provisional_years_in(d(2024, 1, 1), d(2026, 12, 28))
            .is_empty()
    );
    assert_eq!(
        cal().provisional_years_in(d(2026, 12, 28), d(2026, 12, 29)),
        vec![2027]
    );
    assert_eq!(
        cal().provisional_years_in(d(2026, 1, 1), d(2030, 1, 1)),
        vec![2027]
    );
    assert!(
        cal()
            .provisional_years_in(d(2027, 3, 1), d(2027, 2, 1))
            .is_empty()
    );
    assert_eq!(cal().provisional_note(d(2026, 1, 1), d(2026, 12, 1)), None);
    assert_eq!(
        cal()
            .provisional_note(d(2026, 12, 1), d(2027, 2, 25))
            .as_deref(),
        Some(
            "（2027年放假安排尚未发布，按《全国年节及纪念日放假办法》的法定节假日和周末预估，发布后以通知为准）"
        )
    );
}

#[test]
fn provisional_rows_are_checked() {
    let header = "date,kind,name,year,notice\n";
    let cases = [
        // 调休 exists only in a notice.
        ("2027-02-20,workday,春节,2027,provisional\n", 2, "kind"),
        // A provisional year lists only its own statutory days.
        ("2026-12-31,holiday,元旦,2027,provisional\n", 2, "year"),
        // A year is either provisional or from notices, not both.
        (
            "2027-01-01,holiday,元旦,2027,provisional\n2027-02-05,holiday,春节,2027,X\n",
            3,
            "notice",
        ),
    ];
    for (rows, line, field) in cases {
        let err = WorkingCalendar::parse(&format!("{header}{rows}")).unwrap_err();
        assert_eq!((err.line, err.field), (line, field), "{rows}");
    }
    let parsed = WorkingCalendar::parse(&format!(
        "{header}2027-01-01,holiday,元旦,2027,provisional\n2026-10-01,holiday,国庆节,2026,X\n"
    ))
    .unwrap();
    assert!(parsed.covers(2027) && parsed.is_provisional(2027));
    assert!(parsed.covers(2026) && !parsed.is_provisional(2026));
}

#[test]
fn seven_working_days_across_national_day_2024() {
    // From Sunday 2024-09-29 (调休上班, not counted): 9-30, [10-1..10-7 off], 10-8, 10-9,
    // 10-10, 10-11, 10-12 (调休 Saturday), 10-14.
    assert_eq!(
        cal().add_working_days(d(2024, 9, 29), 7),
        Ok(d(2024, 10, 14))
    );
    assert_eq!(
        cal().add_working_days(d(2024, 9, 29), 6),
        Ok(d(2024, 10, 12))
    );
    assert_eq!(
        cal().working_days_between(d(2024, 9, 29), d(2024, 10, 14)),
        Ok(7)
    );
    assert_eq!(
        cal().working_days_between(d(2024, 10, 14), d(2024, 9, 29)),
        Ok(-7)
    );
    assert_eq!(
        cal().sub_working_days(d(2024, 10, 14), 7),
        Ok(d(2024, 9, 29))
    );
    assert_eq!(
        cal().holidays_between(d(2024, 9, 29), d(2024, 10, 14)),
        vec!["国庆节"]
    );
}

#[test]
fn rolling_forward_and_zero_steps() {
    // Sunday 2024-06-09 → Monday 2024-06-10 is 端午节 → Tuesday 2024-06-11.
    assert_eq!(
        cal().working_day_on_or_after(d(2024, 6, 9)),
        Ok(d(2024, 6, 11))
    );
    assert_eq!(
        cal().working_day_on_or_after(d(2024, 6, 11)),
        Ok(d(2024, 6, 11))
    );
    assert_eq!(cal().add_working_days(d(2024, 6, 9), 0), Ok(d(2024, 6, 9)));
    assert_eq!(
        cal().working_days_between(d(2024, 6, 9), d(2024, 6, 9)),
        Ok(0)
    );
}

#[test]
fn bad_tables_are_refused_naming_line_and_column() {
    let header = "date,kind,name,year,notice\n";
    let ok = "2024-10-01,holiday,国庆节,2024,国办发明电〔2023〕7号\n";
    let cases = [
        ("date,kind,name\n", 1, "表头"),
        ("2024-13-01,holiday,国庆节,2024,X\n", 2, "date"),
        ("2024-10-02,day_off,国庆节,2024,X\n", 2, "kind"),
        ("2024-10-08,workday,国庆节,2024,X\n", 2, "kind"),
        ("2024-10-02,holiday,,2024,X\n", 2, "name"),
        ("2024-10-02,holiday,国庆节,二〇二四,X\n", 2, "year"),
        ("2024-10-02,holiday,国庆节,2021,X\n", 2, "year"),
        ("2024-10-02,holiday,国庆节,2024,\n", 2, "notice"),
        ("2024-10-02,holiday,国庆节\n", 2, "year"),
    ];
    for (row, line, field) in cases {
        let text = if line == 1 {
            row.to_string()
        } else {
            format!("{header}{row}")
        };
        let err = WorkingCalendar::parse(&text).unwrap_err();
        assert_eq!((err.line, err.field), (line, field), "{row}");
        assert!(err.to_string().contains(&format!("第{line}行")), "{err}");
    }
    let err = WorkingCalendar::parse(&format!("{header}{ok}{ok}")).unwrap_err();
    assert_eq!((err.line, err.field), (3, "date"));
    assert!(err.message.contains("第2行"));
    let parsed = WorkingCalendar::parse(&format!("{header}{ok}")).unwrap();
    assert!(parsed.covers(2024) && !parsed.covers(2023));
}

fn covered_date() -> impl Strategy<Value = NaiveDate> {
    let start = d(2020, 1, 1);
    let days = (d(2027, 6, 30) - start).num_days() as u64;
    (0..=days).prop_map(move |n| start + chrono::Days::new(n))
}

proptest! {
    #[test]
    fn add_working_days_lands_on_a_working_day_and_between_inverts_it(
        date in covered_date(),
        n in 1u32..=120,
    ) {
        let result = cal().add_working_days(date, n);
        prop_assume!(result.is_ok());
        let end = result.unwrap();
        prop_assert!(end > date);
        prop_assert_eq!(cal().is_working_day(end), Ok(true));
        prop_assert_eq!(cal().working_days_between(date, end), Ok(i64::from(n)));
        // No working day is skipped: one step short lands strictly earlier.
        prop_assert!(cal().add_working_days(date, n - 1).unwrap() < end);
    }

    #[test]
    fn sub_working_days_undoes_add_from_a_working_day(
        date in covered_date(),
        n in 0u32..=60,
    ) {
        let start = cal().working_day_on_or_after(date).unwrap();
        let back = cal().sub_working_days(start, n);
        prop_assume!(back.is_ok());
        prop_assert_eq!(cal().add_working_days(back.unwrap(), n), Ok(start));
    }
}
