//! The deadlines of the procedure (期限): which period each step has, how it is counted, when it
//! ends, and why. Every computed date comes with a Chinese explanation naming the article and
//! the kind of day, for the UI to show.
//!
//! Counting:
//! - **Working days.** 《行政处罚法》第八十五条 makes that law's "二日""三日""五日""七日" working
//!   days, and 《行政强制法》第六十九条 makes that law's periods of ten days or less working
//!   days. Counting starts the day after the event. The nth working day is the last day.
//! - **Calendar days and months.** Counting starts the day after the event. A month period ends
//!   on the same day of the end month, or on its last day if it has no such day
//!   (《民法典》第二百零二条). A last day that is a holiday or a weekend moves to the next working
//!   day. That is the general rule on periods, 《民事诉讼法》第八十五条, which
//!   《行政诉讼法》第一百零一条 and 《行政复议法》第八十八条 apply.
//! - **Hours.** Counted from the moment of the event, exactly, and never moved.
//! - **Provisional years.** A period that crosses a year whose holiday notice is not yet
//!   published is counted on that year's provisional arrangement (statutory holidays and
//!   weekends, see [`crate::calendar`]), and its explanation says so: “（2027年放假安排尚未发布，
//!   按《全国年节及纪念日放假办法》的法定节假日和周末预估，发布后以通知为准）”.
//!
//! Also here: the late-payment surcharge (R-44, [`late_fee`]) and the due-soon classification
//! ([`urgency`]). Not here: which steps a case has taken (the case workflow passes the event
//! dates in), the clock (callers pass *today*), and the working-day table (see
//! [`crate::calendar`]).

use crate::Refusal;
use crate::calendar::{EntryKind, NotCovered, WorkingCalendar};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

mod rules;

pub use rules::{DayKind, DeadlineParams, Direction, Period, Rule, RuleId, Unit};

/// The general rule on periods: the start day is not counted, and a last day that is a rest
/// day moves to the next working day.
pub const BASIS_PERIOD_RULE: &str = "《民事诉讼法》第八十五条";
/// Month periods end on the corresponding day of the end month, or on its last day.
pub const BASIS_MONTH_END: &str = "《民法典》第二百零二条";
/// 3 % of the fine a day, at most the fine.
pub const BASIS_LATE_FEE: &str = "《行政处罚法》第七十二条第一款第一项";
/// No surcharge accrues while review or litigation is pending.
pub const BASIS_LATE_FEE_PAUSE: &str = "《行政处罚法》第七十三条第三款";
/// The default "due soon" window, in working days.
pub const DEFAULT_DUE_SOON_WORKING_DAYS: u32 = 3;

/// A computed date, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    pub rule: RuleId,
    /// The last day to act, or for [`Direction::NotBefore`] the first day allowed.
    pub date: NaiveDate,
    pub direction: Direction,
    pub basis: &'static str,
    /// Chinese, naming the article and the kind of day.
    pub explanation: String,
}

/// A computed moment, for periods in hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueAt {
    pub rule: RuleId,
    pub at: NaiveDateTime,
    pub basis: &'static str,
    pub explanation: String,
}

/// The end of a period counted from a date, with how it was counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodEnd {
    pub date: NaiveDate,
    pub explanation: String,
}

/// An approved extension of a period (延期), by calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub days: u32,
    /// Approval must fall within the period it extends.
    pub approved_on: NaiveDate,
}

/// The deadline engine: the calendar and the configured amounts.
#[derive(Debug, Clone)]
pub struct Deadlines<'c> {
    calendar: &'c WorkingCalendar,
    params: DeadlineParams,
}

impl<'c> Deadlines<'c> {
    pub fn new(calendar: &'c WorkingCalendar, params: DeadlineParams) -> Self {
        Deadlines { calendar, params }
    }

    pub fn params(&self) -> &DeadlineParams {
        &self.params
    }

    /// Where `period` counted from `event` ends, by the counting rules of this module. Also
    /// for periods an agency sets itself (责令限期改正). A period that crosses a year whose
    /// arrangement is provisional says so (see [`WorkingCalendar::provisional_note`]).
    pub fn period_end(&self, event: NaiveDate, period: Period) -> Result<PeriodEnd, Refusal> {
        let mut end = self.period_end_plain(event, period)?;
        self.note_provisional(&mut end.explanation, after(event), end.date);
        Ok(end)
    }

    /// [`Self::period_end`] without the provisional caveat, for explanations that go on.
    fn period_end_plain(&self, event: NaiveDate, period: Period) -> Result<PeriodEnd, Refusal> {
        let cal = self.calendar;
        let n = period.amount;
        let out_of_range = || Refusal::new("deadline.out_of_range", "日期超出可计算范围");
        match (period.unit, period.kind) {
            (Unit::Hours, _) => Err(Refusal::new(
                "deadline.hours_rule",
                "按小时计算的期限须从事件发生的时刻起算",
            )),
            (Unit::Days, DayKind::Working) => {
                let date = cal.add_working_days(event, n)?;
                let mut explanation =
                    format!("自{}的次日起算，第{n}个工作日为{}", cn(event), cn(date));
                let crossed = cal.holidays_between(event, date);
                if !crossed.is_empty() {
                    explanation += &format!("（{}假期不计入）", crossed.join("、"));
                }
                Ok(PeriodEnd { date, explanation })
            }
            (Unit::Days, DayKind::Calendar) => {
                let nominal = event
                    .checked_add_days(Days::new(n.into()))
                    .ok_or_else(out_of_range)?;
                let text = format!("自{}的次日起算，第{n}日为{}", cn(event), cn(nominal));
                self.rolled(nominal, text)
            }
            (Unit::Months, _) => {
                // chrono clamps to the end month's last day, as 《民法典》第二百零二条 requires.
                let nominal = event
                    .checked_add_months(Months::new(n))
                    .ok_or_else(out_of_range)?;
                let text = format!(
                    "自{}起{n}个月，到期月的对应日为{}（没有对应日的为月末日，{BASIS_MONTH_END}）",
                    cn(event),
                    cn(nominal)
                );
                self.rolled(nominal, text)
            }
        }
    }

    /// Moves a last day that is a rest day to the next working day (民事诉讼法第八十五条).
    fn rolled(&self, nominal: NaiveDate, mut explanation: String) -> Result<PeriodEnd, Refusal> {
        let date = self.calendar.working_day_on_or_after(nominal)?;
        if date != nominal {
            let why = match self.calendar.entry(nominal) {
                Some(e) if e.kind == EntryKind::Holiday => format!("{}假期", e.name),
                _ => "休息日".to_string(),
            };
            explanation += &format!(
                "，该日为{why}，依{BASIS_PERIOD_RULE}顺延至其后第一个工作日{}",
                cn(date)
            );
        }
        Ok(PeriodEnd { date, explanation })
    }

    /// Adds the calendar's caveat to `explanation`, before its closing “。” if it has one, when
    /// the days from `first` to `last` rest on a provisional arrangement.
    fn note_provisional(&self, explanation: &mut String, first: NaiveDate, last: NaiveDate) {
        if let Some(note) = self.calendar.provisional_note(first, last) {
            let closed = explanation.ends_with('。');
            if closed {
                explanation.pop();
            }
            explanation.push_str(&note);
            if closed {
                explanation.push('。');
            }
        }
    }

    /// The date of a rule counted from the day of its event: the last day to act, or for
    /// [`RuleId::CourtAfterReminder`] the first day the agency may apply to the court. Refuses
    /// the hour rules (see [`Self::due_at`]) and the hearing notice (see
    /// [`Self::latest_notice_date`]). A period that crosses a year whose arrangement is
    /// provisional says so.
    pub fn due(&self, id: RuleId, event: NaiveDate) -> Result<Due, Refusal> {
        let mut due = self.due_plain(id, event)?;
        self.note_provisional(&mut due.explanation, after(event), due.date);
        Ok(due)
    }

    /// [`Self::due`] without the provisional caveat, for explanations that go on.
    fn due_plain(&self, id: RuleId, event: NaiveDate) -> Result<Due, Refusal> {
        let rule = self.rule(id);
        if rule.period.unit == Unit::Hours {
            return Err(Refusal::new(
                "deadline.hours_rule",
                format!("“{}”按小时计算，须给出事件发生的时刻", rule.label),
            ));
        }
        if rule.direction == Direction::Before {
            return Err(Refusal::new(
                "deadline.before_event",
                format!("“{}”从举行听证之日向前计算", rule.label),
            ));
        }
        let end = self.period_end_plain(event, rule.period)?;
        let window = match rule.direction {
            Direction::NotBefore => {
                format!("{}后满{}方可为之", rule.trigger, rule.period.describe())
            }
            _ => format!("应自{}之日起{}内完成", rule.trigger, rule.period.describe()),
        };
        let head = format!(
            "{}：依据{}，{window}。{}。{}",
            rule.label,
            rule.basis,
            self.kind_reason(&rule),
            end.explanation
        );
        let (date, explanation) = if rule.direction == Direction::NotBefore {
            let first = self.calendar.next_working_day(end.date)?;
            let text = format!("{head}，期满后仍未履行的，自{}起可以申请。", cn(first));
            (first, text)
        } else {
            (end.date, format!("{head}，最迟应于{}完成。", cn(end.date)))
        };
        Ok(Due {
            rule: id,
            date,
            direction: rule.direction,
            basis: rule.basis,
            explanation,
        })
    }

    /// The moment of an hour rule (R-14 hand-over, R-48 emergency report).
    pub fn due_at(&self, id: RuleId, event: NaiveDateTime) -> Result<DueAt, Refusal> {
        let rule = self.rule(id);
        if rule.period.unit != Unit::Hours {
            return Err(Refusal::new(
                "deadline.not_hours_rule",
                format!("“{}”不按小时计算", rule.label),
            ));
        }
        let at = event
            .checked_add_signed(TimeDelta::hours(rule.period.amount.into()))
            .ok_or_else(|| Refusal::new("deadline.out_of_range", "日期超出可计算范围"))?;
        let explanation = format!(
            "{}：依据{}，应自{}时（{}）起{}内完成，最迟于{}。{}。",
            rule.label,
            rule.basis,
            rule.trigger,
            event.format(CN_TIME),
            rule.period.describe(),
            at.format(CN_TIME),
            self.kind_reason(&rule)
        );
        Ok(DueAt {
            rule: id,
            at,
            basis: rule.basis,
            explanation,
        })
    }

    /// The last day to notify the parties of the hearing's time and place: the seventh working
    /// day before the hearing, the hearing day not counted (《行政处罚法》第六十四条第二项、第八十五条).
    pub fn latest_notice_date(&self, hearing: NaiveDate) -> Result<Due, Refusal> {
        let rule = self.rule(RuleId::HearingNotice);
        let n = rule.period.amount;
        let date = self.calendar.sub_working_days(hearing, n)?;
        let mut explanation = format!(
            "{}：依据{}，应在举行听证的{}前通知当事人及有关人员。{}。听证日{}前第{n}个工作日为{}",
            rule.label,
            rule.basis,
            rule.period.describe(),
            self.kind_reason(&rule),
            cn(hearing),
            cn(date)
        );
        let crossed = self.calendar.holidays_between(date, hearing);
        if !crossed.is_empty() {
            explanation += &format!("（{}假期不计入）", crossed.join("、"));
        }
        explanation += &format!("，最迟应于{}通知。", cn(date));
        // The days counted: from the notice date up to the day before the hearing.
        let before_hearing = hearing.pred_opt().unwrap_or(hearing);
        self.note_provisional(&mut explanation, date, before_hearing);
        Ok(Due {
            rule: rule.id,
            date,
            direction: rule.direction,
            basis: rule.basis,
            explanation,
        })
    }

    /// the decision deadline, with the extensions approved so far, in order. Each must be
    /// approved within the period it extends and runs on from the unmoved end of that period.
    pub fn decision_due(
        &self,
        filed_on: NaiveDate,
        extensions: &[Extension],
    ) -> Result<Due, Refusal> {
        let base = self.due_plain(RuleId::Decision, filed_on)?;
        let mut due = self.extend(
            base,
            filed_on,
            self.params.decision_days,
            extensions,
            self.params.decision_extension_max_days,
        )?;
        self.note_provisional(&mut due.explanation, after(filed_on), due.date);
        Ok(due)
    }

    /// the seizure term (《行政强制法》第二十五条): 30 days, at most one extension of at most
    /// 30 days, plus the days of testing, inspection, quarantine or appraisal, which do not
    /// count (第二十五条第三款). The decision on the seized things is due by then (第二十七条).
    pub fn seizure_due(
        &self,
        started_on: NaiveDate,
        extension: Option<Extension>,
        testing_days: u32,
    ) -> Result<Due, Refusal> {
        let base = self.due_plain(RuleId::Seizure, started_on)?;
        let extensions: Vec<Extension> = extension.into_iter().collect();
        let days = self.rule(RuleId::Seizure).period.amount;
        let mut due = self.extend(base, started_on, days, &extensions, Some(days))?;
        if testing_days > 0 {
            let end = self.period_end_plain(due.date, Period::days(testing_days))?;
            due.explanation += &format!(
                "另有检测、检验、检疫或者技术鉴定{testing_days}日不计入查封、扣押期间（《行政强制法》第二十五条第三款），{}，故最迟应于{}作出处理决定。",
                end.explanation,
                cn(end.date)
            );
            due.date = end.date;
        }
        self.note_provisional(&mut due.explanation, after(started_on), due.date);
        Ok(due)
    }

    fn extend(
        &self,
        mut due: Due,
        start: NaiveDate,
        days: u32,
        extensions: &[Extension],
        max_days: Option<u32>,
    ) -> Result<Due, Refusal> {
        // Extensions run on from the unmoved end: stricter than from a moved one.
        let out_of_range = || Refusal::new("deadline.out_of_range", "日期超出可计算范围");
        let mut nominal = start
            .checked_add_days(Days::new(days.into()))
            .ok_or_else(out_of_range)?;
        for (i, ext) in extensions.iter().enumerate() {
            let which = i + 1;
            if ext.days == 0 || max_days.is_some_and(|max| ext.days > max) {
                let max = max_days.map_or(String::new(), |m| format!("，每次最多{m}日"));
                return Err(Refusal::new(
                    "deadline.extension_days",
                    format!("第{which}次延长{}日不符合规定{max}", ext.days),
                )
                .citing(due.basis)
                .on_field("extensions"));
            }
            if ext.approved_on < start || ext.approved_on > due.date {
                return Err(Refusal::new(
                    "deadline.extension_late",
                    format!(
                        "第{which}次延长于{}批准，不在{}至{}的期限内：期限届满后不能再延长",
                        cn(ext.approved_on),
                        cn(start),
                        cn(due.date)
                    ),
                )
                .citing(due.basis)
                .on_field("extensions"));
            }
            nominal = nominal
                .checked_add_days(Days::new(ext.days.into()))
                .ok_or_else(out_of_range)?;
            let text = format!(
                "经负责人于{}批准延长{}日（第{which}次），延长后第{}日为{}",
                cn(ext.approved_on),
                ext.days,
                (nominal - start).num_days(),
                cn(nominal)
            );
            let end = self.rolled(nominal, text)?;
            due.explanation += &format!("{}，最迟应于{}完成。", end.explanation, cn(end.date));
            due.date = end.date;
        }
        Ok(due)
    }

    /// the last day to apply to the court (《行政强制法》第五十三条): three months after
    /// the later of the review period (60 days) and the lawsuit period (6 months), counted from
    /// when the party knew of the decision; or after the end of an approved deferral or
    /// instalment plan, if later (《行政处罚法》第七十二条第二款).
    pub fn court_application_deadline(
        &self,
        known_on: NaiveDate,
        deferral_end: Option<NaiveDate>,
    ) -> Result<Due, Refusal> {
        let review = self.due_plain(RuleId::Review, known_on)?;
        let lawsuit = self.due_plain(RuleId::Lawsuit, known_on)?;
        let mut start = review.date.max(lawsuit.date);
        let mut text = format!(
            "当事人于{}知道该决定，申请行政复议的期限至{}，提起行政诉讼的期限至{}",
            cn(known_on),
            cn(review.date),
            cn(lawsuit.date)
        );
        if let Some(end) = deferral_end.filter(|d| *d > start) {
            start = end;
            text += &format!(
                "；经批准暂缓或者分期缴纳的，自{}期满起算（《行政处罚法》第七十二条第二款）",
                cn(end)
            );
        }
        let mut due = self.due_plain(RuleId::CourtApplication, start)?;
        due.explanation = format!("{text}。{}", due.explanation);
        self.note_provisional(&mut due.explanation, after(known_on), due.date);
        Ok(due)
    }

    /// [`urgency`] with the configured window.
    pub fn urgency(&self, due: NaiveDate, today: NaiveDate) -> Result<Urgency, Refusal> {
        Ok(urgency(
            self.calendar,
            due,
            today,
            self.params.due_soon_working_days,
        )?)
    }
}

/// How close a due date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Urgency {
    /// Past the due date by this many calendar days.
    Overdue {
        days: i64,
    },
    /// Due within the window: this many working days after today up to the due date (0 = today).
    DueSoon {
        working_days_left: u32,
    },
    Later,
}

impl Urgency {
    pub fn label(&self) -> String {
        match self {
            Urgency::Overdue { days } => format!("已逾期{days}日"),
            Urgency::DueSoon {
                working_days_left: 0,
            } => "今日到期".to_string(),
            Urgency::DueSoon { working_days_left } => format!("{working_days_left}个工作日内到期"),
            Urgency::Later => "未到期".to_string(),
        }
    }
}

/// Classifies `due` seen from `today`: overdue once today is past it, due soon while at most
/// `within` working days remain, later otherwise. Looks no further ahead than it must, so a
/// due date far off in an uncovered year is still "later".
pub fn urgency(
    calendar: &WorkingCalendar,
    due: NaiveDate,
    today: NaiveDate,
    within: u32,
) -> Result<Urgency, NotCovered> {
    if today > due {
        return Ok(Urgency::Overdue {
            days: (today - due).num_days(),
        });
    }
    let mut left = 0u32;
    for day in today.iter_days().skip(1).take_while(|d| *d <= due) {
        if calendar.is_working_day(day)? {
            left += 1;
            if left > within {
                return Ok(Urgency::Later);
            }
        }
    }
    Ok(Urgency::DueSoon {
        working_days_left: left,
    })
}

/// The late-payment surcharge (加处罚款) with its reckoning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LateFee {
    /// In fen.
    pub fen: i64,
    /// Days charged: after the due date up to and including today, paused days excluded.
    pub days: i64,
    /// Days not charged because review or litigation was pending.
    pub paused_days: i64,
    /// Whether the cap (the fine itself) was reached.
    pub capped: bool,
    pub explanation: String,
}

/// 3 % of the fine for each day after `due` up to and including `today`, at most the
/// fine (《行政处罚法》第七十二条第一款第一项; 《行政强制法》第四十五条第二款). Days inside a
/// `paused` interval (both ends included) — review or litigation pending — are not charged
/// (《行政处罚法》第七十三条第三款). Integer fen, rounded down in the party's favour.
pub fn late_fee(
    fine_fen: i64,
    due: NaiveDate,
    today: NaiveDate,
    paused: &[(NaiveDate, NaiveDate)],
) -> i64 {
    late_fee_detail(fine_fen, due, today, paused).fen
}

/// [`late_fee`] with its reckoning explained.
pub fn late_fee_detail(
    fine_fen: i64,
    due: NaiveDate,
    today: NaiveDate,
    paused: &[(NaiveDate, NaiveDate)],
) -> LateFee {
    let fine = fine_fen.max(0);
    let (mut days, mut paused_days) = (0i64, 0i64);
    for day in due.iter_days().skip(1).take_while(|d| *d <= today) {
        if paused.iter().any(|(from, to)| *from <= day && day <= *to) {
            paused_days += 1;
        } else {
            days += 1;
        }
    }
    let uncapped = i128::from(fine) * 3 * i128::from(days) / 100;
    let capped = uncapped >= i128::from(fine) && days > 0;
    let fen = if capped { fine } else { uncapped as i64 };
    let mut explanation = format!(
        "罚款{}，缴纳期限于{}届满；至{}逾期计{days}日",
        yuan(fine),
        cn(due),
        cn(today)
    );
    if paused_days > 0 {
        explanation += &format!(
            "（另有{paused_days}日处于行政复议或者行政诉讼期间，依{BASIS_LATE_FEE_PAUSE}不予计算）"
        );
    }
    explanation += &format!(
        "。依{BASIS_LATE_FEE}，每日按罚款数额的百分之三加处罚款，计{}",
        yuan(fen)
    );
    if capped {
        explanation += "，已达上限：加处罚款的数额不得超出罚款的数额";
    }
    explanation += "。";
    LateFee {
        fen,
        days,
        paused_days,
        capped,
        explanation,
    }
}

/// 2024年10月8日 09:30
const CN_TIME: &str = "%Y年%-m月%-d日 %H:%M";

/// The first day counted for a period that runs from `event`: the day after it.
fn after(event: NaiveDate) -> NaiveDate {
    event.succ_opt().unwrap_or(event)
}

/// 2024年10月8日
fn cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 1234.50元
fn yuan(fen: i64) -> String {
    format!("{}.{:02}元", fen / 100, fen % 100)
}

#[cfg(test)]
mod tests;
