//! What the store keeps about a piece of evidence. The content itself is a file named by its
//! SHA-256 in the data directory, which the application writes and reads; the store keeps
//! the record that says whose it is, what it is and how it was captured.

use chrono::{DateTime, Utc};
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::evidence::MediaType;

/// One piece of evidence. Records are never updated or deleted: both databases refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRecord {
    /// Given by the store on insert (ignored there).
    pub id: Id,
    /// The township (or other body) the evidence belongs to.
    pub org_id: Id,
    /// SHA-256 of the content, 64 lower-case hex digits.
    pub sha256: String,
    /// The content's length in bytes.
    pub size: i64,
    pub media_type: MediaType,
    pub captured_at: DateTime<Utc>,
    pub device: String,
    /// The person who captured it.
    pub officer_id: Id,
    /// What it is evidence of (free text for now).
    pub subject: Option<String>,
    pub uploaded_by: Id,
    pub uploaded_at: DateTime<Utc>,
}
