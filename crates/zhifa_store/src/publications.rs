//! Published decisions as the store keeps them: the redacted record put on the portal, when it
//! went up and when it comes down, and its withdrawal. Records are inserted once; the only
//! change ever made to one is its withdrawal, once: both databases refuse any other.
//!
//! Not here: what is published and how it is redacted (`zhifa_domain::publicity`), the portal.

use chrono::{DateTime, NaiveDate, Utc};
use zhifa_domain::Id;

/// A decision as published on the portal: its redacted content, when it went up,
/// when it comes down, and its withdrawal, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationRecord {
    /// Given by the store on insert (ignored there).
    pub id: Id,
    /// The body that decided.
    pub org_id: Id,
    /// The case decided; a case is published once.
    pub case_id: Id,
    /// The decision's number (文号).
    pub number: String,
    /// The redacted record as JSON text, kept as written.
    pub content: String,
    pub decided_on: NaiveDate,
    pub published_at: DateTime<Utc>,
    /// The take-down day.
    pub remove_on: NaiveDate,
    /// The index of the log entry that records the publication; unique.
    pub seq: Id,
    /// `None` on insert (ignored there); set once by `Tx::withdraw_publication`.
    pub withdrawal: Option<Withdrawal>,
}

/// The withdrawal of a publication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub at: DateTime<Utc>,
    /// Why it was withdrawn; never empty.
    pub reason: String,
    /// The index of the log entry that records the withdrawal; unique.
    pub seq: Id,
}
