//! The storage contract of Zhifa.
//!
//! A use case opens one [`Tx`], reads and writes through it, and commits: one use case, one
//! transaction. Dropping a `Tx` without committing rolls everything back, so an error half way
//! leaves nothing behind. Each backend (`zhifa_store_sqlite`, `zhifa_store_postgres`)
//! implements these traits in its own dialect and runs the [`conformance`] suite.
//!
//! Not here: rules (the domain decides; the store only keeps), SQL.

mod cases;
mod complaints;
pub mod conformance;
mod documents;
mod entry_rows;
mod evidence;
mod publications;
mod records;

pub use cases::*;
pub use complaints::*;
pub use documents::*;
pub use entry_rows::*;
pub use evidence::*;
pub use publications::*;
pub use records::*;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;
use zhifa_domain::Id;
use zhifa_domain::acceptance::AcceptanceList;
use zhifa_domain::catalog::{CatalogItem, NewCatalogItem};
use zhifa_domain::jurisdiction::Grant;
use zhifa_domain::law::LawText;
use zhifa_domain::officers::{AnnualAssessment, Certificate, TrainingRecord};
use zhifa_domain::org::OrgUnit;
use zhifa_domain::usage::ProblemReport;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness or reference constraint refused the write; `constraint` is its name.
    #[error("constraint {constraint} violated")]
    Constraint { constraint: String },
    #[error("not found")]
    NotFound,
    #[error("operation not supported by this backend: {0}")]
    Unsupported(&'static str),
    #[error("storage backend error: {0}")]
    Backend(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A database: opens transactions and does whole-database maintenance.
#[async_trait]
pub trait Store: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Applies pending migrations; returns how many were applied.
    async fn migrate(&self) -> StoreResult<usize>;
    async fn begin(&self) -> StoreResult<Box<dyn Tx>>;
    /// A transaction for a use case that only reads: it sees committed data only and need
    /// not wait for writers. A backend may refuse writes through it.
    async fn begin_read(&self) -> StoreResult<Box<dyn Tx>> {
        self.begin().await
    }
    /// A cheap round trip for health checks.
    async fn ping(&self) -> StoreResult<()>;
    /// A consistent online copy of the database into `dest_file`.
    async fn backup_to(&self, dest_file: &Path) -> StoreResult<()>;
}

/// One unit of work. Reads see the transaction's own writes.
#[async_trait]
pub trait Tx: Send {
    async fn commit(self: Box<Self>) -> StoreResult<()>;

    // The audit trail and verifiable log: every change a use case makes is recorded in the
    // same transaction.
    /// Takes the log's append lock for the rest of the transaction and returns the next
    /// entry's index (the number of entries so far).
    async fn lock_log(&mut self) -> StoreResult<Id>;
    /// Appends the event with the Merkle-tree hashes it completes, `(index, hash)` as
    /// `zhifa_ledger::tree` numbers them; an index stored before is a constraint violation.
    async fn append_event(
        &mut self,
        event: &NewEvent,
        hashes: &[(i64, Vec<u8>)],
    ) -> StoreResult<()>;
    /// The newest `limit` events, newest first.
    async fn events(&mut self, limit: i64) -> StoreResult<Vec<Event>>;
    /// Events with `from <= seq < to`, in order.
    async fn events_range(&mut self, from: Id, to: Id) -> StoreResult<Vec<Event>>;
    /// Events with `from <= seq < to`, in order, as stored texts for checking the log. A
    /// backend reads them without parsing payloads where it can; this default converts the
    /// events.
    async fn entry_rows_range(&mut self, from: Id, to: Id) -> StoreResult<EntryRows> {
        Ok(EntryRows::of_events(&self.events_range(from, to).await?))
    }
    async fn event_count(&mut self) -> StoreResult<Id>;
    /// Stored Merkle-tree hashes by their stored-hash index; missing ones are absent.
    async fn log_hashes(&mut self, indexes: &[i64]) -> StoreResult<Vec<(i64, Vec<u8>)>>;
    /// Stored Merkle-tree hashes with `from <= index < to`, in order; missing ones are absent,
    /// and one that is not 32 bytes long is an error.
    async fn log_hashes_range(&mut self, from: i64, to: i64) -> StoreResult<Vec<(i64, [u8; 32])>> {
        let mut hashes = self
            .log_hashes(&(from..to).collect::<Vec<_>>())
            .await?
            .into_iter()
            .map(|(idx, hash)| {
                let hash = hash.try_into().map_err(|h: Vec<u8>| {
                    StoreError::Backend(format!("stored hash {idx} is {} bytes long", h.len()))
                })?;
                Ok((idx, hash))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        hashes.sort_unstable_by_key(|(idx, _)| *idx);
        Ok(hashes)
    }
    async fn insert_checkpoint(&mut self, checkpoint: &StoredCheckpoint) -> StoreResult<()>;
    async fn latest_checkpoint(&mut self) -> StoreResult<Option<StoredCheckpoint>>;
    async fn checkpoints(&mut self) -> StoreResult<Vec<StoredCheckpoint>>;
    async fn insert_cosignature(&mut self, cosignature: &StoredCosignature) -> StoreResult<()>;
    /// Cosignatures of the checkpoint of `size`.
    async fn cosignatures(&mut self, size: i64) -> StoreResult<Vec<StoredCosignature>>;
    /// The largest checkpoint size `witness` has cosigned.
    async fn witness_size(&mut self, witness: &str) -> StoreResult<Option<i64>>;

    // The administrative tree.
    async fn insert_org(&mut self, org: &NewOrg) -> StoreResult<OrgUnit>;
    async fn org(&mut self, id: Id) -> StoreResult<Option<OrgUnit>>;
    async fn orgs(&mut self) -> StoreResult<Vec<OrgUnit>>;
    async fn insert_class(&mut self, class: &NewTownshipClass) -> StoreResult<Id>;
    async fn classes(&mut self) -> StoreResult<Vec<TownshipClass>>;
    async fn set_org_class(&mut self, org_id: Id, class_id: Option<Id>) -> StoreResult<()>;

    // Accounts.
    async fn insert_user(&mut self, user: &NewUser) -> StoreResult<Id>;
    async fn user(&mut self, id: Id) -> StoreResult<Option<User>>;
    async fn user_by_username(&mut self, username: &str) -> StoreResult<Option<User>>;
    async fn users(&mut self) -> StoreResult<Vec<User>>;
    async fn set_password(&mut self, user_id: Id, password_hash: &str) -> StoreResult<()>;
    async fn set_user_active(&mut self, user_id: Id, active: bool) -> StoreResult<()>;

    async fn insert_session(&mut self, session: &Session) -> StoreResult<()>;
    async fn session(&mut self, token_hash: &str) -> StoreResult<Option<Session>>;
    async fn revoke_session(&mut self, token_hash: &str, at: DateTime<Utc>) -> StoreResult<()>;
    async fn revoke_sessions_of(&mut self, user_id: Id, at: DateTime<Utc>) -> StoreResult<()>;

    async fn insert_api_token(&mut self, token: &NewApiToken) -> StoreResult<Id>;
    async fn api_token(&mut self, token_hash: &str) -> StoreResult<Option<ApiToken>>;
    async fn api_tokens_of(&mut self, user_id: Id) -> StoreResult<Vec<ApiToken>>;
    async fn revoke_api_token(&mut self, id: Id, at: DateTime<Utc>) -> StoreResult<()>;

    // The law library.
    async fn insert_law(&mut self, law: &LawText, source: &str) -> StoreResult<Id>;
    async fn laws(&mut self) -> StoreResult<Vec<LawSummary>>;
    async fn law_articles(&mut self, law_id: Id) -> StoreResult<Vec<StoredArticle>>;
    /// The article in `version`, or in the latest version when `None`.
    async fn article(
        &mut self,
        title: &str,
        version: Option<&str>,
        number: u32,
    ) -> StoreResult<Option<StoredArticle>>;
    /// Every article's address and shape: what citation checks need.
    async fn article_index(&mut self) -> StoreResult<Vec<ArticleIndexEntry>>;

    // Catalogs.
    async fn insert_catalog(&mut self, catalog: &NewCatalog) -> StoreResult<Id>;
    async fn catalogs(&mut self) -> StoreResult<Vec<Catalog>>;
    async fn insert_catalog_item(
        &mut self,
        catalog_id: Id,
        item: &NewCatalogItem,
    ) -> StoreResult<Id>;
    async fn catalog_items(&mut self) -> StoreResult<Vec<CatalogItem>>;
    async fn catalog_item(&mut self, id: Id) -> StoreResult<Option<CatalogItem>>;

    // Acceptance lists and grants.
    async fn insert_list(&mut self, list: &AcceptanceList) -> StoreResult<Id>;
    /// Replaces the stored list (its items included) by `list`.
    async fn update_list(&mut self, list: &AcceptanceList) -> StoreResult<()>;
    async fn list(&mut self, id: Id) -> StoreResult<Option<AcceptanceList>>;
    async fn lists(&mut self) -> StoreResult<Vec<AcceptanceList>>;
    async fn insert_grant(&mut self, grant: &Grant) -> StoreResult<Id>;
    async fn grant(&mut self, id: Id) -> StoreResult<Option<Grant>>;
    /// Grants of one township, of one item when `item_id` is given.
    async fn grants_of(&mut self, township_id: Id, item_id: Option<Id>) -> StoreResult<Vec<Grant>>;
    async fn end_grant(&mut self, id: Id, until: NaiveDate, reason: &str) -> StoreResult<()>;
    /// Every township's grants.
    async fn grants(&mut self) -> StoreResult<Vec<Grant>>;
    async fn insert_problem(&mut self, report: &ProblemReport) -> StoreResult<Id>;
    async fn problems(&mut self) -> StoreResult<Vec<ProblemReport>>;

    // Officers.
    async fn insert_certificate(&mut self, certificate: &Certificate) -> StoreResult<Id>;
    async fn update_certificate(&mut self, certificate: &Certificate) -> StoreResult<()>;
    async fn certificate(&mut self, id: Id) -> StoreResult<Option<Certificate>>;
    async fn certificate_by_number(&mut self, number: &str) -> StoreResult<Option<Certificate>>;
    async fn certificates(&mut self) -> StoreResult<Vec<Certificate>>;
    async fn insert_training(&mut self, record: &TrainingRecord) -> StoreResult<Id>;
    async fn training(&mut self) -> StoreResult<Vec<TrainingRecord>>;
    async fn insert_assessment(&mut self, assessment: &AnnualAssessment) -> StoreResult<Id>;
    async fn assessments(&mut self) -> StoreResult<Vec<AnnualAssessment>>;

    // Evidence of the full-process record: the record only, never updated or deleted.
    async fn insert_evidence(&mut self, evidence: &EvidenceRecord) -> StoreResult<Id>;
    async fn evidence(&mut self, id: Id) -> StoreResult<Option<EvidenceRecord>>;

    // Cases: their events only grow; the snapshot follows them.
    async fn insert_case(&mut self, case: &NewCase) -> StoreResult<Id>;
    /// The case with its events in order.
    async fn case_with_events(
        &mut self,
        id: Id,
    ) -> StoreResult<Option<(StoredCase, Vec<CaseEventRecord>)>>;
    /// The cases of the given agencies, newest first.
    async fn cases_of(&mut self, org_ids: &[Id]) -> StoreResult<Vec<StoredCase>>;
    /// The cases with `code`, newest first: a code is unique within a body, so at most one
    /// per body (an index answers it).
    async fn cases_by_code(&mut self, code: &str) -> StoreResult<Vec<StoredCase>>;
    /// Appends a step's events and replaces the case's stage and snapshot, all or nothing.
    /// An event number the case already has is a constraint violation named
    /// `case_events_pkey`; an unknown case is `NotFound` (or, with events, `foreign_key`).
    async fn append_case_step(&mut self, step: &CaseStep<'_>) -> StoreResult<()>;
    // Issued documents: never changed.
    async fn insert_document(&mut self, document: &DocumentRecord) -> StoreResult<Id>;
    async fn document(&mut self, id: Id) -> StoreResult<Option<DocumentRecord>>;
    async fn document_by_code(&mut self, code: &str) -> StoreResult<Option<DocumentRecord>>;
    /// The documents whose PDF has this SHA-256, oldest first.
    async fn documents_by_sha256(&mut self, sha256: &str) -> StoreResult<Vec<DocumentRecord>>;
    /// A case's documents, oldest first.
    async fn documents_of_case(&mut self, case_id: Id) -> StoreResult<Vec<DocumentRecord>>;

    // Publications: inserted once, changed only by their withdrawal, once.
    /// A second publication of the case is a constraint violation named
    /// `publications_case_key`; a log entry used before, `publications_seq_key`. The record's
    /// `id` and `withdrawal` are ignored.
    async fn insert_publication(&mut self, publication: &PublicationRecord) -> StoreResult<Id>;
    async fn publication(&mut self, id: Id) -> StoreResult<Option<PublicationRecord>>;
    async fn publication_of_case(&mut self, case_id: Id) -> StoreResult<Option<PublicationRecord>>;
    /// At most `limit` publications (none when it is not positive), of `org_id` when given,
    /// with ids below `before_id` when given, newest first; withdrawn ones included.
    async fn publications(
        &mut self,
        org_id: Option<Id>,
        before_id: Option<Id>,
        limit: i64,
    ) -> StoreResult<Vec<PublicationRecord>>;
    /// Records the withdrawal; `NotFound` when there is no such publication or it is already
    /// withdrawn. A log entry used by another withdrawal is a constraint violation named
    /// `publications_withdrawal_seq_key`; an empty reason,
    /// `publications_withdrawal_reason_nonempty`.
    async fn withdraw_publication(&mut self, id: Id, withdrawal: &Withdrawal) -> StoreResult<()>;

    // Complaints (投诉举报).
    /// Inserts the complaint without events; the tracking number is unique.
    async fn insert_complaint(&mut self, complaint: &NewComplaint) -> StoreResult<Id>;
    async fn complaint(&mut self, id: Id) -> StoreResult<Option<StoredComplaint>>;
    async fn complaint_by_tracking(
        &mut self,
        tracking_no: &str,
    ) -> StoreResult<Option<StoredComplaint>>;
    async fn complaint_events(&mut self, id: Id) -> StoreResult<Vec<ComplaintEventRecord>>;
    /// Appends the step's events and rewrites the summary, all or nothing; a step whose first
    /// number is taken is refused (`complaint_events_pkey`).
    async fn append_complaint_step(&mut self, step: &ComplaintStep<'_>) -> StoreResult<()>;
    async fn complaints(&mut self, filter: &ComplaintFilter) -> StoreResult<Vec<StoredComplaint>>;

    /// The next number of an agency's series in a year (1, 2, …): gap-free, since a number
    /// taken by a transaction that rolls back is taken again by the next.
    async fn next_number(&mut self, org_id: Id, series: &str, year: i32) -> StoreResult<i64>;
}
