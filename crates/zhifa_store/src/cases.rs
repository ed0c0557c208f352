//! Cases as the store keeps them: each case's events in order (the record the workflow folds),
//! a snapshot of the folded case for lists and screens, and per-agency number sequences for
//! documents and case codes.
//!
//! Not here: what the events mean (`zhifa_domain::case`), who may see a case (the
//! application's authorization).

use chrono::{DateTime, NaiveDate, Utc};
use zhifa_domain::Id;

/// A new case: its first events are appended as a step, in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub org_id: Id,
    /// The case's code, unique per agency, e.g. `城关镇-2026-0003`.
    pub code: String,
    /// `general` or `simplified`.
    pub procedure: String,
    /// The stage as the workflow names it (`registered`, `filed` …).
    pub stage: String,
    /// The matter's name, for lists.
    pub title: String,
    pub registered_on: NaiveDate,
    /// The folded case, as JSON text.
    pub snapshot: String,
    pub updated_at: DateTime<Utc>,
}

/// A stored case. Its snapshot and its events are JSON texts, kept and given back as they are:
/// the application parses them into its own types at once, without an untyped detour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCase {
    pub id: Id,
    pub org_id: Id,
    pub code: String,
    pub procedure: String,
    pub stage: String,
    pub title: String,
    pub registered_on: NaiveDate,
    pub snapshot: String,
    pub updated_at: DateTime<Utc>,
}

/// One event of a case: `n` counts from 0 without gaps, so that two use cases appending to
/// the same case at once collide on `(case_id, n)` and the second is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseEventRecord {
    pub case_id: Id,
    pub n: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    /// The event as JSON text.
    pub event: String,
}

/// A step of a case as the store writes it: one actor's events at one time, numbered on from
/// the case's last, and the case's stage and snapshot after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseStep<'a> {
    pub case_id: Id,
    /// The number of the step's first event: how many events the case had before it.
    pub first: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    /// The events as JSON texts.
    pub events: &'a [String],
    /// The stage after the step, as the workflow names it.
    pub stage: &'a str,
    /// The folded case after the step, as JSON text.
    pub snapshot: &'a str,
}
