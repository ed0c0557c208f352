//! Zhifa's use cases. Each one loads what it needs, asks `zhifa_domain` to decide, and
//! persists the change together with its audit event in one transaction — or nothing.
//!
//! This crate owns the clock, identifiers, password hashing and authorization: whether an
//! actor may do an action on a body is decided in [`authz`] and nowhere else.
//! Not here: SQL (the store crates), HTTP and templates (`zhifa_web`).

pub mod auth;
pub mod authz;
pub mod blob_store;
pub mod bundle;
pub mod cases;
pub mod catalog;
pub mod clock;
pub mod complaints;
pub mod demo;
pub mod demo_cases;
pub mod documents;
pub mod error;
pub mod evidence;
pub mod jurisdiction;
pub mod laws;
pub mod ledger;
pub mod lists;
pub mod log;
pub mod officers;
pub mod orgs;
pub mod party;
pub mod portal;
pub mod public_powers;
pub mod publicity;
pub mod reference;
pub mod search;
pub mod usage;
pub mod users;

use clock::Clock;
use std::path::PathBuf;
use std::sync::Arc;
use zhifa_domain::policy::Policy;
use zhifa_store::{NewEvent, Store, Tx};

pub use authz::{Action, Actor};
pub use error::{AppError, AppResult};

/// The application: a store, a clock and the configured policy numbers.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub policy: Policy,
    /// The keys that sign the log's checkpoints; without them no checkpoint is signed.
    pub log_keys: Option<Arc<log::LogKeys>>,
    /// Where evidence files are kept (`<data dir>/evidence`); without it evidence cannot be
    /// added or read.
    pub evidence_dir: Option<PathBuf>,
    /// How documents are rendered and where they are verified.
    pub documents: Arc<documents::DocumentSettings>,
    /// The portal's search index; without it the portal lists decisions but cannot search.
    pub search: Option<Arc<zhifa_search::SearchIndex>>,
    /// Wrong codes on the portal's case lookup, per case code.
    pub(crate) party_guard: Arc<party::CodeGuard>,
    /// Complaints filed per network address in the last hour.
    pub(crate) filing_guard: Arc<party::CodeGuard>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, policy: Policy) -> App {
        let filing_guard = Arc::new(party::CodeGuard::new(
            policy.complaints.max_filings_per_hour,
            std::time::Duration::from_secs(3600),
        ));
        App {
            store,
            clock,
            policy,
            log_keys: None,
            evidence_dir: None,
            documents: Arc::default(),
            search: None,
            party_guard: Arc::default(),
            filing_guard,
        }
    }

    /// The same application, signing checkpoints with `keys`.
    pub fn with_log_keys(mut self, keys: log::LogKeys) -> App {
        self.log_keys = Some(Arc::new(keys));
        self
    }

    pub(crate) async fn begin(&self) -> AppResult<Box<dyn Tx>> {
        Ok(self.store.begin().await?)
    }

    /// A transaction for a use case that only reads: it does not wait for writers.
    pub(crate) async fn begin_read(&self) -> AppResult<Box<dyn Tx>> {
        Ok(self.store.begin_read().await?)
    }

    /// Appends the change's entry to the log, in the transaction that makes the change: the
    /// event with its payload, its leaf hash, and the Merkle-tree hashes it completes.
    pub(crate) async fn record(
        &self,
        tx: &mut dyn Tx,
        actor: Option<&Actor>,
        org_id: Option<i64>,
        kind: &str,
        subject: String,
        payload: serde_json::Value,
    ) -> AppResult<()> {
        let entry = PreparedEntry::new(actor, org_id, kind, subject, payload);
        self.append_entry(tx, entry).await.map(|_| ())
    }

    /// Appends a [`PreparedEntry`]: what depends on the log's head (the entry's index, its
    /// time, its leaf and the tree hashes it completes) is settled here, under the log's
    /// append lock. Returns the entry's index.
    pub(crate) async fn append_entry(&self, tx: &mut dyn Tx, e: PreparedEntry) -> AppResult<i64> {
        let seq = tx.lock_log().await?;
        let entry = ledger::LogEntry {
            seq,
            at: ledger::log_time(self.clock.now()),
            actor_id: e.actor_id,
            org_id: e.org_id,
            kind: e.kind,
            subject: e.subject,
            payload_hash: e.payload_hash,
        };
        entry.check()?;
        let leaf = zhifa_ledger::leaf_hash(&entry.encode());
        let n = seq as u64;
        let hashes = ledger::with_stored_hashes(tx, |reader| {
            zhifa_ledger::tree::stored_hashes_for_leaf_hash(n, leaf, reader)
        })
        .await?;
        let start = zhifa_ledger::tree::stored_hash_count(n) as i64;
        let rows: Vec<(i64, Vec<u8>)> = hashes
            .iter()
            .enumerate()
            .map(|(i, h)| (start + i as i64, h.to_vec()))
            .collect();
        tx.append_event(
            &NewEvent {
                seq,
                at: entry.at,
                actor_id: entry.actor_id,
                org_id: entry.org_id,
                kind: entry.kind,
                subject: entry.subject,
                payload: e.payload,
                salt: e.salt,
                leaf_hash: leaf.to_vec(),
            },
            &rows,
        )
        .await?;
        Ok(seq)
    }
}

/// A log entry with what does not depend on the log's head worked out — its salted payload
/// hash above all — so that a use case can prepare it before it takes the one writer.
pub(crate) struct PreparedEntry {
    actor_id: Option<i64>,
    org_id: Option<i64>,
    kind: String,
    subject: String,
    payload: serde_json::Value,
    salt: Vec<u8>,
    payload_hash: zhifa_ledger::Hash,
}

impl PreparedEntry {
    pub(crate) fn actor_id(&self) -> Option<i64> {
        self.actor_id
    }

    pub(crate) fn new(
        actor: Option<&Actor>,
        org_id: Option<i64>,
        kind: &str,
        subject: String,
        payload: serde_json::Value,
    ) -> PreparedEntry {
        let salt = auth::random_bytes::<16>().to_vec();
        PreparedEntry {
            actor_id: actor.map(|a| a.user.id),
            org_id,
            kind: kind.to_string(),
            subject,
            payload_hash: ledger::payload_hash(&salt, &payload),
            payload,
            salt,
        }
    }
}
