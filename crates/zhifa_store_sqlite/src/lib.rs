//! The embedded SQLite backend: one file in the data directory, WAL journal, foreign keys on,
//! `synchronous = FULL` so that a committed record survives power loss.
//!
//! SQLite has one writer at a time, so every writing transaction runs on one connection,
//! which holds the write lock from the start of its batch (`BEGIN IMMEDIATE`): a would-be
//! "database is locked" failure in the middle of a use case becomes a short wait at its start.
//! Use cases share durable commits (`group`); reads that do not write use a pool of
//! connections beside the writer.
//! Not here: PostgreSQL (its own crate), rules.

mod cases;
mod evidence;
mod group;
mod lists;
mod log;
mod log_scan;
mod mapping;
mod migrations;
mod officers;
mod rows;
mod tx;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use zhifa_store::{Store, StoreError, StoreResult, Tx};

pub struct SqliteStore {
    pool: SqlitePool,
    writer: Arc<group::Group>,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file at `path`.
    pub async fn open(path: &Path) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::new().filename(path);
        Self::connect(options).await
    }

    /// Opens a `sqlite:` URL, e.g. `sqlite://zhifa-data/zhifa.db`.
    pub async fn open_url(url: &str) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url).map_err(mapping::backend)?;
        Self::connect(options).await
    }

    async fn connect(options: SqliteConnectOptions) -> StoreResult<SqliteStore> {
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .disable_statement_logging();
        let writer = group::Group::start(&options).await?;
        // A connection to a local file has nothing to test before use: the default test is a
        // round trip to SQLite's thread for every read transaction.
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .connect_with(options)
            .await
            .map_err(mapping::backend)?;
        Ok(SqliteStore { pool, writer })
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> StoreResult<usize> {
        migrations::run(&self.pool).await
    }

    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let slot = self.writer.begin().await?;
        Ok(Box::new(tx::SqliteTx {
            tx: group::TxConn::Write(slot),
        }))
    }

    async fn begin_read(&self) -> StoreResult<Box<dyn Tx>> {
        // A deferred transaction: its first read fixes the snapshot it sees (WAL), and it
        // never waits for the writer.
        let tx = self.pool.begin().await.map_err(mapping::backend)?;
        Ok(Box::new(tx::SqliteTx {
            tx: group::TxConn::Read(tx),
        }))
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map_err(mapping::backend)?;
        Ok(())
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
        // VACUUM INTO writes a consistent snapshot while other connections go on working.
        sqlx::query("vacuum into ?")
            .bind(dest)
            .execute(&self.pool)
            .await
            .map_err(mapping::backend)?;
        Ok(())
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
        sqlx::query(update)
            .execute(&self.pool)
            .await
            .map_err(mapping::backend)?;
        sqlx::query(delete)
            .execute(&self.pool)
            .await
            .map_err(mapping::backend)?;
        Ok(())
    }
}
