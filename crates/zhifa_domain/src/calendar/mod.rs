//! China's official working-day calendar: which days are working days (工作日), which are the
//! holidays the State Council General Office declares each year (放假日), and which weekend days
//! it turns into working days (调休上班).
//!
//! The calendar is data, not arithmetic: holidays follow the lunar calendar and the yearly
//! notices (国务院办公厅关于20XX年部分节假日安排的通知), so a year is known for certain only once its
//! notice is loaded. A year whose notice is not yet published can carry a **provisional**
//! arrangement instead: the statutory holidays of 《全国年节及纪念日放假办法》第二条 (as revised by
//! 国务院令第795号) on their dates, ordinary weekends, and no 调休. Such answers are estimates;
//! [`WorkingCalendar::is_provisional`] and [`WorkingCalendar::is_provisional_date`] say so, and
//! callers must tell the user. A date in a year with no arrangement at all is refused with
//! [`NotCovered`] rather than guessed. The official table is `data/calendar/cn-holidays.csv`,
//! compiled in; its README names each year's notice and the sources of the provisional rows.
//!
//! Not here: what a period is and how it is counted (see [`crate::deadline`]), reading files
//! (the official table is compiled in; other tables are passed in as text), the clock.

use crate::Refusal;
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The official table, `data/calendar/cn-holidays.csv`.
pub const OFFICIAL_CSV: &str = include_str!("../../../../data/calendar/cn-holidays.csv");

/// The refusal code of a date whose year's arrangement is not loaded.
pub const NOT_COVERED: &str = "calendar.not_covered";

/// 《行政强制法》第四十三条: no coercive execution at night or on legal holidays.
pub const BASIS_NO_EXECUTION_ON_HOLIDAYS: &str = "《行政强制法》第四十三条";

/// The `notice` of a provisional row: a statutory holiday listed before the year's notice is
/// published (see [`BASIS_PROVISIONAL`]).
pub const PROVISIONAL_NOTICE: &str = "provisional";

/// The rule a provisional arrangement follows: 《全国年节及纪念日放假办法》第二条 as revised by
/// 国务院令第795号 (in force 1 January 2025): 元旦 1 day, 春节 4 days (除夕 and 正月初一 to 初三),
/// 清明节 1 day, 劳动节 2 days, 端午节 1 day, 中秋节 1 day, 国庆节 3 days.
pub const BASIS_PROVISIONAL: &str = "《全国年节及纪念日放假办法》";

const HEADER: [&str; 5] = ["date", "kind", "name", "year", "notice"];

/// A 元旦 arrangement can reach back to 29 December of the year before (the 2019 arrangement
/// made 2018-12-29 a working day); from this day on, December also needs next year's notice.
const SPILLOVER_FROM_DAY: u32 = 29;

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// 放假: a day of a declared holiday period, whatever its weekday.
    Holiday,
    /// 调休上班: a Saturday or Sunday declared a working day.
    Workday,
}

impl EntryKind {
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Holiday => "holiday",
            EntryKind::Workday => "workday",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [EntryKind::Holiday, EntryKind::Workday]
            .into_iter()
            .find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Holiday => "放假",
            EntryKind::Workday => "调休上班",
        }
    }
}

/// One listed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub kind: EntryKind,
    /// The holiday as the notice names it, e.g. 国庆节、中秋节.
    pub name: String,
    /// The year whose arrangement the day belongs to (2022-12-31 belongs to 2023's).
    pub year: i32,
    /// The notice's document number, e.g. 国办发明电〔2023〕7号, or [`PROVISIONAL_NOTICE`].
    pub notice: String,
}

/// A table that cannot be read, naming the line (1 = header) and the column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("节假日表第{line}行“{field}”列：{message}")]
pub struct ParseError {
    pub line: u64,
    pub field: &'static str,
    pub message: String,
}

/// A date the loaded arrangements cannot decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "{date}所需的{missing_year}年放假安排尚未收录（国务院办公厅当年的节假日安排通知未公布或未导入），无法确定是否为工作日，请勿自行推算"
)]
pub struct NotCovered {
    pub date: NaiveDate,
    /// The year whose arrangement is missing: the date's own, or the next one for 29–31 December.
    pub missing_year: i32,
}

impl From<NotCovered> for Refusal {
    fn from(e: NotCovered) -> Refusal {
        Refusal::new(NOT_COVERED, e.to_string())
    }
}

/// The working-day calendar of the loaded arrangements.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkingCalendar {
    entries: BTreeMap<NaiveDate, CalendarEntry>,
    years: BTreeSet<i32>,
    /// The loaded years whose arrangement is provisional (a subset of `years`).
    provisional: BTreeSet<i32>,
}

impl WorkingCalendar {
    /// Reads a table in the format of `data/calendar/cn-holidays.csv`: header
    /// `date,kind,name,year,notice`, one listed day a line. Refuses the whole table on the first
    /// bad line: unknown kind, a 调休上班 day that is not a weekend, a date listed twice, a date
    /// more than a year away from its arrangement year, an empty name or notice. A row whose
    /// notice is [`PROVISIONAL_NOTICE`] must be a holiday in its own year, and a year's rows are
    /// either all provisional or all from notices.
    pub fn parse(text: &str) -> Result<WorkingCalendar, ParseError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut calendar = WorkingCalendar::default();
        let mut first_line: BTreeMap<NaiveDate, u64> = BTreeMap::new();
        // Per arrangement year: whether it is provisional, and the line that said so first.
        let mut modes: BTreeMap<i32, (bool, u64)> = BTreeMap::new();
        for (index, record) in reader.records().enumerate() {
            let line = index as u64 + 1;
            let record = record.map_err(|e| ParseError {
                line: e.position().map_or(line, |p| p.line()),
                field: "—",
                message: format!("无法读取：{e}"),
            })?;
            let line = record.position().map_or(line, |p| p.line());
            let bad = |field: &'static str, message: String| ParseError {
                line,
                field,
                message,
            };
            if index == 0 {
                let header: Vec<&str> = record.iter().collect();
                if header != HEADER {
                    return Err(bad("表头", format!("应为“{}”", HEADER.join(","))));
                }
                continue;
            }
            if record.len() != HEADER.len() {
                let field = HEADER.get(record.len()).copied().unwrap_or("notice");
                return Err(bad(
                    field,
                    format!("应有{}列，实有{}列", HEADER.len(), record.len()),
                ));
            }
            let date = NaiveDate::parse_from_str(&record[0], "%Y-%m-%d")
                .ok()
                .filter(|_| record[0].len() == 10)
                .ok_or_else(|| bad("date", format!("“{}”不是YYYY-MM-DD日期", &record[0])))?;
            let kind = EntryKind::parse(&record[1])
                .ok_or_else(|| bad("kind", format!("“{}”应为holiday或workday", &record[1])))?;
            if kind == EntryKind::Workday && !is_weekend(date) {
                return Err(bad(
                    "kind",
                    format!("{date}不是周六或周日，不能列为调休上班日"),
                ));
            }
            let name = record[2].to_string();
            if name.is_empty() {
                return Err(bad("name", "节日名称为空".into()));
            }
            let year: i32 = record[3]
                .parse()
                .map_err(|_| bad("year", format!("“{}”不是年份", &record[3])))?;
            if (date.year() - year).abs() > 1 {
                return Err(bad("year", format!("{date}不属于{year}年的放假安排")));
            }
            let notice = record[4].to_string();
            if notice.is_empty() {
                return Err(bad("notice", "通知文号为空".into()));
            }
            let provisional = notice == PROVISIONAL_NOTICE;
            if provisional && kind == EntryKind::Workday {
                return Err(bad(
                    "kind",
                    format!("{date}：调休上班日只能来自放假通知，预估安排不能列出"),
                ));
            }
            if provisional && date.year() != year {
                return Err(bad(
                    "year",
                    format!("{date}不在{year}年内：预估安排只列当年的法定节假日"),
                ));
            }
            let (was_provisional, since) = *modes.entry(year).or_insert((provisional, line));
            if was_provisional != provisional {
                let how = |p: bool| if p { "预估" } else { "放假通知" };
                return Err(bad(
                    "notice",
                    format!(
                        "{year}年的安排在第{since}行按{}列出，本行按{}：同一年不能两者并用",
                        how(was_provisional),
                        how(provisional)
                    ),
                ));
            }
            if let Some(earlier) = first_line.insert(date, line) {
                return Err(bad("date", format!("{date}已在第{earlier}行列出")));
            }
            calendar.years.insert(year);
            let entry = CalendarEntry {
                date,
                kind,
                name,
                year,
                notice,
            };
            calendar.entries.insert(date, entry);
        }
        calendar.provisional = modes
            .into_iter()
            .filter(|(_, (provisional, _))| *provisional)
            .map(|(year, _)| year)
            .collect();
        Ok(calendar)
    }

    /// The official table, `data/calendar/cn-holidays.csv`, read once.
    pub fn official() -> &'static WorkingCalendar {
        static OFFICIAL: OnceLock<WorkingCalendar> = OnceLock::new();
        OFFICIAL.get_or_init(|| {
            WorkingCalendar::parse(OFFICIAL_CSV)
                .expect("data/calendar/cn-holidays.csv is checked by the calendar tests")
        })
    }

    /// Whether an arrangement for `year` is loaded, from its notice or provisional (see
    /// [`Self::is_provisional`]). 29–31 December also need the next year's (see
    /// [`WorkingCalendar::covers_date`]).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    /// The years whose arrangements are loaded, provisional ones included, ascending.
    pub fn covered_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether the arrangement loaded for `year` is provisional: its notice is not yet
    /// published, so the year has the statutory holidays of [`BASIS_PROVISIONAL`] and ordinary
    /// weekends, but none of the 调休 days or the make-up days (补假) the notice will set.
    pub fn is_provisional(&self, year: i32) -> bool {
        self.provisional.contains(&year)
    }

    /// The years whose loaded arrangement is provisional, ascending.
    pub fn provisional_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.provisional.iter().copied()
    }

    /// Whether what the calendar says about `date` rests on a provisional arrangement: the
    /// date's own year's, or for 29–31 December the next year's, whose 元旦 notice could still
    /// move the day. Says nothing about coverage: see [`Self::covers_date`].
    pub fn is_provisional_date(&self, date: NaiveDate) -> bool {
        !self.provisional_years_in(date, date).is_empty()
    }

    /// The provisional arrangements that the days from `first` to `last` (both included) rest
    /// on, ascending: what a counted period crosses, for explanations. Empty when `last` is
    /// before `first`.
    pub fn provisional_years_in(&self, first: NaiveDate, last: NaiveDate) -> Vec<i32> {
        if last < first {
            return Vec::new();
        }
        self.provisional
            .iter()
            .copied()
            .filter(|&year| {
                // A year's arrangement decides 29 December of the year before to 31 December.
                let from = NaiveDate::from_ymd_opt(year - 1, 12, SPILLOVER_FROM_DAY);
                let to = NaiveDate::from_ymd_opt(year, 12, 31);
                from.zip(to)
                    .is_some_and(|(from, to)| first <= to && from <= last)
            })
            .collect()
    }

    /// The caveat an answer about the days from `first` to `last` (both included) must carry
    /// when it rests on a provisional arrangement, e.g.
    /// “（2027年放假安排尚未发布，按《全国年节及纪念日放假办法》的法定节假日和周末预估，发布后以通知为准）”;
    /// `None` when every day rests on a notice.
    pub fn provisional_note(&self, first: NaiveDate, last: NaiveDate) -> Option<String> {
        let years = self.provisional_years_in(first, last);
        if years.is_empty() {
            return None;
        }
        let years: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
        Some(format!(
            "（{}放假安排尚未发布，按{BASIS_PROVISIONAL}的法定节假日和周末预估，发布后以通知为准）",
            years.join("、")
        ))
    }

    /// Whether the loaded arrangements decide `date`, or which one is missing.
    pub fn covers_date(&self, date: NaiveDate) -> Result<(), NotCovered> {
        let year = date.year();
        let missing_year = if !self.covers(year) {
            year
        } else if date.month() == 12 && date.day() >= SPILLOVER_FROM_DAY && !self.covers(year + 1) {
            year + 1
        } else {
            return Ok(());
        };
        Err(NotCovered { date, missing_year })
    }

    /// The listed day, if `date` is listed: the holiday's name and notice, for explanations.
    pub fn entry(&self, date: NaiveDate) -> Option<&CalendarEntry> {
        self.entries.get(&date)
    }

    /// Monday to Friday unless declared a holiday; Saturday and Sunday only when declared a
    /// 调休上班 day.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, NotCovered> {
        self.covers_date(date)?;
        Ok(match self.entries.get(&date).map(|e| e.kind) {
            Some(EntryKind::Holiday) => false,
            Some(EntryKind::Workday) => true,
            None => !is_weekend(date),
        })
    }

    /// Whether `date` is a day of a declared holiday period (法定节假日 as the notices declare
    /// them, 调休 days inside the period included), as R-51 needs for
    /// 《行政强制法》第四十三条. An ordinary weekend is a rest day but not a legal holiday here;
    /// a caller that reads 第四十三条 to cover weekends too asks [`Self::is_working_day`]. In a
    /// provisional year only the statutory days themselves are known: the notice will add
    /// days around them, so a caller that must not act on a holiday checks
    /// [`Self::is_provisional_date`] too.
    pub fn is_legal_holiday(&self, date: NaiveDate) -> Result<bool, NotCovered> {
        self.covers_date(date)?;
        Ok(self
            .entries
            .get(&date)
            .is_some_and(|e| e.kind == EntryKind::Holiday))
    }

    /// The first working day after `date` (`date` itself not considered).
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, NotCovered> {
        self.add_working_days(date, 1)
    }

    /// `date` if it is a working day, else the first working day after it: where a period whose
    /// last day is a rest day ends.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> Result<NaiveDate, NotCovered> {
        if self.is_working_day(date)? {
            Ok(date)
        } else {
            self.next_working_day(date)
        }
    }

    /// The `n`th working day after `date`, `date` itself not counted (期间开始的日不计算在内);
    /// `date` itself for `n` = 0.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, NotCovered> {
        self.step_working_days(date, n, true)
    }

    /// The `n`th working day before `date`, `date` itself not counted; `date` for `n` = 0.
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, NotCovered> {
        self.step_working_days(date, n, false)
    }

    fn step_working_days(
        &self,
        date: NaiveDate,
        n: u32,
        forward: bool,
    ) -> Result<NaiveDate, NotCovered> {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            let next = if forward {
                day.succ_opt()
            } else {
                day.pred_opt()
            };
            // Past chrono's range no arrangement is loaded either.
            day = next.ok_or(NotCovered {
                date: day,
                missing_year: day.year(),
            })?;
            if self.is_working_day(day)? {
                left -= 1;
            }
        }
        Ok(day)
    }

    /// The working days after `from` up to and including `to`; negative when `to` is before
    /// `from`. The inverse of [`Self::add_working_days`]:
    /// `working_days_between(d, add_working_days(d, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, NotCovered> {
        let (start, end, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0i64;
        for day in start.iter_days().skip(1).take_while(|d| *d <= end) {
            if self.is_working_day(day)? {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// The names of the declared holidays with a day after `from` up to and including `to`, in
    /// order and each once: what a period has crossed, for explanations.
    pub fn holidays_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        let Some(after) = from.succ_opt() else {
            return names;
        };
        if after > to {
            return names;
        }
        for entry in self.entries.range(after..=to).map(|(_, e)| e) {
            if entry.kind == EntryKind::Holiday && !names.contains(&entry.name.as_str()) {
                names.push(&entry.name);
            }
        }
        names
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests;
