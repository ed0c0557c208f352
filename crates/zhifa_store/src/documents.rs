//! Issued documents as the store keeps them: never changed, found by id, by case, by their
//! verification code or by the hash of their PDF.
//!
//! Not here: what a document says (`zhifa_domain::documents`), rendering (`zhifa_docs`), the
//! PDF file (the application's blob store).

use chrono::{DateTime, Utc};
use serde::Serialize;
use zhifa_domain::Id;

/// An issued document. Records are never updated or deleted: both databases refuse it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRecord {
    /// Given by the store on insert (ignored there).
    pub id: Id,
    pub org_id: Id,
    pub case_id: Option<Id>,
    /// The kind's key (`penalty_decision` …).
    pub kind: String,
    /// The document number (文号), empty where the kind has none.
    pub number: String,
    /// The verification code printed on it; unique.
    pub code: String,
    /// SHA-256 of the PDF, 64 lower-case hex digits.
    pub sha256: String,
    pub size: i64,
    /// What it says (`DocContent` as JSON text), from which it is rendered again.
    pub content: String,
    /// The index of the log entry that records its issue; unique.
    pub seq: Id,
    pub issued_by: Id,
    pub issued_at: DateTime<Utc>,
}
