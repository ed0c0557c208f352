//! The only place Zhifa reads the time. Legal dates are China Standard Time (UTC+8): an act
//! at 23:30 in Chengdu happens on that day, not the next one.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in China Standard Time.
    fn today(&self) -> NaiveDate {
        self.local_now().date()
    }

    /// The wall-clock time in China Standard Time (night work, 24-hour reports).
    fn local_now(&self) -> NaiveDateTime {
        local(self.now())
    }
}

/// An instant as the wall clock in China Standard Time shows it.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    let cst = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    at.with_timezone(&cst).naive_local()
}

pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(
        clippy::disallowed_methods,
        reason = "the one place that reads the system clock"
    )]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock tests and demos can set.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> FixedClock {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().expect("clock lock") = at;
    }

    pub fn advance_days(&self, days: u64) {
        let mut t = self.0.lock().expect("clock lock");
        *t = *t + chrono::Days::new(days);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock lock")
    }
}
