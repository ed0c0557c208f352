//! A real case as a script: the steps people take, each at a local time, by a demo user, with
//! the refusal the law answers where the step is meant to be refused.
//!
//! Steps carry the application's JSON (the use cases' inputs and the case [`Command`]s as the
//! API takes them), with placeholders the player fills in: `"$item"` (the case's catalog item),
//! `"$u:<username>"` (a user's id) and `"$e:<key>"` (an evidence item added earlier in the
//! script).
//!
//! Not here: the cases' contents (`township`, `county`), playing a script (the parent module).
//!
//! [`Command`]: zhifa_domain::case::Command

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::{Value, json};

/// What a step does.
#[derive(Debug, Clone)]
pub enum Op {
    /// Adds a small evidence file to the case's township (as `who`, who captured it).
    Evidence {
        key: &'static str,
        media: &'static str,
        subject: String,
    },
    /// `register_case` with a [`crate::cases::RegisterCase`] as JSON.
    Register(Value),
    /// `on_the_spot` with an [`crate::cases::OnTheSpotInput`] as JSON.
    OnTheSpot(Value),
    /// `case_command` with a case command as JSON.
    Command(Value),
    /// Where the demo leaves the case; the replay tests go on.
    DemoStop,
}

#[derive(Debug, Clone)]
pub struct Step {
    /// Local time (China Standard Time) the step is taken.
    pub at: NaiveDateTime,
    pub who: &'static str,
    pub op: Op,
    /// The refusal code the step must meet, for a step the law refuses.
    pub expect: Option<&'static str>,
}

/// One case of a real record: one party, in one township.
#[derive(Debug, Clone)]
pub struct CaseScript {
    /// The record's id (C01 …).
    pub record: String,
    /// The record and the party, e.g. "C09 当事人E".
    pub label: String,
    pub township: &'static str,
    /// The demo catalog item's code.
    pub item: &'static str,
    /// Whether `zhifa demo` loads this case (stopped at its [`Op::DemoStop`]).
    pub in_demo: bool,
    pub steps: Vec<Step>,
}

/// Builds a script day by day from the day of the act.
#[derive(Debug)]
pub struct Plan {
    anchor: NaiveDate,
    at: NaiveDateTime,
    steps: Vec<Step>,
}

impl Plan {
    /// A plan whose day 0 is `anchor`, the day of the act; the first step is at 09:00.
    pub fn new(anchor: NaiveDate) -> Plan {
        Plan {
            anchor,
            at: anchor.and_time(nine()),
            steps: Vec::new(),
        }
    }

    /// The day `offset` days after the act.
    pub fn d(&self, offset: i64) -> NaiveDate {
        shift(self.anchor, offset)
    }

    /// The day `offset` days after the act, as JSON.
    pub fn j(&self, offset: i64) -> Value {
        json!(self.d(offset).to_string())
    }

    /// Goes on to day `offset` (09:00); staying on the same day keeps the time.
    pub fn day(&mut self, offset: i64) -> &mut Plan {
        self.on(self.d(offset))
    }

    /// Goes on to `date` (09:00); staying on the same day keeps the time.
    pub fn on(&mut self, date: NaiveDate) -> &mut Plan {
        assert!(date >= self.at.date(), "a script runs forward in time");
        if date != self.at.date() {
            self.at = date.and_time(nine());
        }
        self
    }

    /// Sets the time of the next step on the current day.
    pub fn time(&mut self, hour: u32, minute: u32) -> &mut Plan {
        let t = NaiveTime::from_hms_opt(hour, minute, 0).expect("a valid time");
        self.at = self.at.date().and_time(t);
        self
    }

    /// The current day.
    pub fn today(&self) -> NaiveDate {
        self.at.date()
    }

    fn push(&mut self, who: &'static str, op: Op, expect: Option<&'static str>) -> &mut Plan {
        self.steps.push(Step {
            at: self.at,
            who,
            op,
            expect,
        });
        self.at += chrono::Duration::minutes(10);
        self
    }

    pub fn evidence(
        &mut self,
        who: &'static str,
        key: &'static str,
        media: &'static str,
        subject: impl Into<String>,
    ) -> &mut Plan {
        let subject = subject.into();
        self.push(
            who,
            Op::Evidence {
                key,
                media,
                subject,
            },
            None,
        )
    }

    pub fn register(&mut self, who: &'static str, input: Value) -> &mut Plan {
        self.push(who, Op::Register(input), None)
    }

    pub fn on_the_spot(&mut self, who: &'static str, input: Value) -> &mut Plan {
        self.push(who, Op::OnTheSpot(input), None)
    }

    pub fn on_the_spot_refused(
        &mut self,
        who: &'static str,
        code: &'static str,
        input: Value,
    ) -> &mut Plan {
        self.push(who, Op::OnTheSpot(input), Some(code))
    }

    pub fn cmd(&mut self, who: &'static str, command: Value) -> &mut Plan {
        self.push(who, Op::Command(command), None)
    }

    /// A command the law refuses with `code`; the case stays as it was.
    pub fn refused(&mut self, who: &'static str, code: &'static str, command: Value) -> &mut Plan {
        self.push(who, Op::Command(command), Some(code))
    }

    pub fn demo_stop(&mut self) -> &mut Plan {
        self.steps.push(Step {
            at: self.at,
            who: "",
            op: Op::DemoStop,
            expect: None,
        });
        self
    }

    pub fn finish(
        self,
        record: &str,
        label: String,
        township: &'static str,
        item: &'static str,
        in_demo: bool,
    ) -> CaseScript {
        CaseScript {
            record: record.to_string(),
            label,
            township,
            item,
            in_demo,
            steps: self.steps,
        }
    }
}

fn nine() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time")
}

/// `date` moved by `offset` days, either way.
pub fn shift(date: NaiveDate, offset: i64) -> NaiveDate {
    let n = Days::new(offset.unsigned_abs());
    if offset >= 0 {
        date.checked_add_days(n)
    } else {
        date.checked_sub_days(n)
    }
    .expect("a date within the calendar")
}

/// Replaces the placeholders of `value` by `lookup`'s answers; a placeholder it does not know
/// stays as it is (and the use case then refuses the input).
pub fn fill(value: &Value, lookup: &dyn Fn(&str) -> Option<i64>) -> Value {
    match value {
        Value::String(s) if s.starts_with('$') => {
            lookup(s).map_or_else(|| value.clone(), |id| json!(id))
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, lookup)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, lookup)))
                .collect(),
        ),
        other => other.clone(),
    }
}
