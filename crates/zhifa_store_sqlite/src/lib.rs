//! The embedded SQLite backend: one file in the data directory, WAL journal, foreign keys on,
//! `synchronous = FULL` so that a committed record survives power loss.
//!
//! SQLite has one writer at a time, so every writing transaction runs on one connection,
//! which holds the write lock from the start of its batch (`BEGIN IMMEDIATE`): a would-be
//! "database is locked" failure in the middle of a use case becomes a short wait at its start.
//! Use cases share durable commits (`group`); reads that do not write use a pool of
//! connections beside the writer (`readers`). Statements run on the calling thread (`sql`):
//! SQLite is a library in this process, and a statement takes microseconds.
//! Not here: PostgreSQL (its own crate), rules.

mod cases;
mod complaints;
mod documents;
mod evidence;
mod group;
mod laws;
mod lists;
mod log;
mod log_scan;
mod mapping;
mod migrations;
mod officers;
mod publications;
mod readers;
mod rows;
mod sql;
mod tx;

use async_trait::async_trait;
use std::path::Path;
use std::sync::Arc;
use zhifa_store::{Store, StoreError, StoreResult, Tx};

pub struct SqliteStore {
    readers: Arc<readers::Readers>,
    writer: Arc<group::Group>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        let writer = group::Group::start(readers::connect(path)?)?;
        Ok(SqliteStore {
            readers: readers::Readers::new(path, 4),
            writer,
        })
    }

    /// Opens a `sqlite:` URL naming a file, e.g. `sqlite://zhifa-data/zhifa.db`; options
    /// after `?` are ignored (the file is created if missing). An in-memory database cannot
    /// be shared by the store's connections and is refused.
    pub async fn open_url(url: &str) -> StoreResult<SqliteStore> {
        let path = url
            .strip_prefix("sqlite:")
            .ok_or(StoreError::Unsupported("not a sqlite: URL"))?
            .trim_start_matches("//");
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() || path == ":memory:" {
            return Err(StoreError::Unsupported(
                "an in-memory SQLite database: the store's connections must share one file",
            ));
        }
        Self::open(Path::new(path)).await
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> StoreResult<usize> {
        migrations::run(&*self.readers.lease().await?)
    }

    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let slot = self.writer.begin().await?;
        Ok(Box::new(tx::SqliteTx {
            tx: group::TxConn::Write(slot),
        }))
    }

    async fn begin_read(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.readers.begin().await?;
        Ok(Box::new(tx::SqliteTx {
            tx: group::TxConn::Read(tx),
        }))
    }

    async fn ping(&self) -> StoreResult<()> {
        self.readers
            .lease()
            .await?
            .execute_batch("select 1")
            .map_err(mapping::backend)
    }

    async fn backup_to(&self, dest_file: &Path) -> StoreResult<()> {
        if dest_file.exists() {
            return Err(StoreError::Backend(format!(
                "{} already exists",
                dest_file.display()
            )));
        }
        let dest = dest_file
            .to_str()
            .ok_or(StoreError::Unsupported("non-UTF-8 backup path"))?;
        // VACUUM INTO writes a consistent snapshot while other connections go on working; it
        // reads the whole database, so it runs off the runtime's threads.
        let lease = self.readers.lease().await?;
        let dest = dest.to_string();
        tokio::task::spawn_blocking(move || {
            lease
                .execute("vacuum into ?", [dest])
                .map(|_| ())
                .map_err(mapping::backend)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("the backup stopped: {e}")))?
    }
}

#[async_trait]
impl zhifa_store::conformance::TamperProbe for SqliteStore {
    async fn tamper_with(&self, table: &'static str) -> StoreResult<()> {
        let (update, delete) = match table {
            "events" => ("update events set kind = 'forged'", "delete from events"),
            "log_hashes" => (
                "update log_hashes set hash = x'00'",
                "delete from log_hashes",
            ),
            "evidence" => evidence::TAMPER,
            "case_events" => cases::TAMPER,
            "documents" => documents::TAMPER,
            "publications" => publications::TAMPER,
            "publications_delete" => publications::TAMPER_DELETE,
            "complaint_events" => complaints::TAMPER,
            "checkpoints" => (
                "update checkpoints set note = 'forged'",
                "delete from checkpoints",
            ),
            "cosignatures" => (
                "update cosignatures set line = 'forged'",
                "delete from cosignatures",
            ),
            other => panic!("{other} is not an append-only table"),
        };
        let lease = self.readers.lease().await?;
        lease.execute_batch(update).map_err(mapping::backend)?;
        lease.execute_batch(delete).map_err(mapping::backend)?;
        Ok(())
    }
}
