//! Complaints as the store keeps them: each complaint's events in order (the record the
//! application folds) and a summary of the folded complaint for lists, deadlines and lookups by
//! tracking number.
//!
//! Not here: what the events mean (`zhifa_domain::complaint`), who may see a complaint.

use chrono::{DateTime, NaiveDate, Utc};
use zhifa_domain::Id;

/// The summary of a complaint that lists and the deadline sweep read; the application
/// rewrites it with each step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSummary {
    /// The body that must act now.
    pub org_id: Id,
    /// The bureau supervising it, once a deadline was missed.
    pub supervisor_id: Option<Id>,
    /// As `zhifa_domain::complaint::Status::key` names it.
    pub status: String,
    /// The running deadline; `None` once closed.
    pub due_on: Option<NaiveDate>,
    /// The folded complaint, as JSON text.
    pub snapshot: String,
}

/// A new complaint: its first events are appended as a step, in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComplaint {
    /// Unique, e.g. `TS-2026-00012`.
    pub tracking_no: String,
    /// SHA-256 (hex) of the check code given to the filer; the code itself is never kept.
    pub check_hash: String,
    pub service_code: String,
    pub filed_at: DateTime<Utc>,
    pub summary: ComplaintSummary,
}

/// A stored complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredComplaint {
    pub id: Id,
    pub tracking_no: String,
    pub check_hash: String,
    pub service_code: String,
    pub filed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub summary: ComplaintSummary,
}

/// One event of a complaint: `n` counts from 0 without gaps, so that two steps taken at once
/// collide and the second is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintEventRecord {
    pub complaint_id: Id,
    pub n: i64,
    pub at: DateTime<Utc>,
    /// `None` for the filer and the deadline sweep.
    pub actor_id: Option<Id>,
    /// The event as JSON text.
    pub event: String,
}

/// A step of a complaint as the store writes it: events numbered on from the complaint's last,
/// and its summary after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintStep<'a> {
    pub complaint_id: Id,
    /// How many events the complaint had before the step.
    pub first: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    pub events: &'a [String],
    pub summary: &'a ComplaintSummary,
}

/// Which complaints a list holds, newest first. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintFilter {
    /// Handled or supervised by one of these bodies.
    pub org_ids: Option<Vec<Id>>,
    /// One of these statuses; empty: any.
    pub statuses: Vec<String>,
    pub service_code: Option<String>,
    /// Still running with a deadline before this day.
    pub due_before: Option<NaiveDate>,
    /// Filed at or after.
    pub filed_from: Option<DateTime<Utc>>,
    /// Filed before.
    pub filed_to: Option<DateTime<Utc>>,
    /// Only ids below this (the next page).
    pub before_id: Option<Id>,
    pub limit: i64,
}
