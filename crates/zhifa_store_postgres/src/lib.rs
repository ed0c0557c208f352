//! The PostgreSQL backend: for deployments that already run PostgreSQL, or that need more
//! than one application server on one database.
//!
//! Transactions run at PostgreSQL's default READ COMMITTED level. PostgreSQL aborts a whole
//! transaction at its first error, while the contract lets a use case go on after a refused
//! write (a duplicate code, say): every write therefore runs under a savepoint and a failed
//! one is rolled back alone, as SQLite does.
//! Backups are PostgreSQL's business (`pg_dump`), not this crate's.
//! Not here: SQLite (its own crate), rules.

mod cases;
mod complaints;
mod documents;
mod evidence;
mod laws;
mod lists;
mod log;
mod mapping;
mod migrations;
mod officers;
mod orgs;
mod publications;
mod rows;
mod tx;

use async_trait::async_trait;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;
use zhifa_store::{Store, StoreError, StoreResult, Tx};

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Opens a `postgres://user:password@host:port/database` URL. Tables live in the first
    /// schema of the role's default `search_path` (normally `public`).
    pub async fn open(url: &str) -> StoreResult<PgStore> {
        let options = Self::options(url)?;
        let pool = Self::pool_options()
            .connect_with(options)
            .await
            .map_err(mapping::backend)?;
        Ok(PgStore { pool })
    }

    /// Opens `url` with every table in `schema`, created if missing: one database can hold
    /// several independent stores, as tests do.
    pub async fn open_in_schema(url: &str, schema: &str) -> StoreResult<PgStore> {
        let options = Self::options(url)?;
        let mut conn = options.connect().await.map_err(mapping::backend)?;
        // The name travels as a value and is quoted by the server: no SQL is built from it.
        sqlx::query("select set_config('zhifa.new_schema', $1, false)")
            .bind(schema)
            .execute(&mut conn)
            .await
            .map_err(mapping::backend)?;
        sqlx::raw_sql("do $$ begin execute format('create schema if not exists %I', current_setting('zhifa.new_schema')); end $$")
            .execute(&mut conn)
            .await
            .map_err(mapping::backend)?;
        conn.close().await.map_err(mapping::backend)?;

        let schema = schema.to_string();
        let pool = Self::pool_options()
            .after_connect(move |conn, _meta| {
                let schema = schema.clone();
                Box::pin(async move {
                    sqlx::query("select set_config('search_path', quote_ident($1), false)")
                        .bind(schema)
                        .execute(conn)
                        .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(mapping::backend)?;
        Ok(PgStore { pool })
    }

    fn options(url: &str) -> StoreResult<PgConnectOptions> {
        let options = PgConnectOptions::from_str(url).map_err(mapping::backend)?;
        Ok(options
            .application_name("zhifa")
            .disable_statement_logging())
    }

    fn pool_options() -> PgPoolOptions {
        PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> StoreResult<usize> {
        migrations::run(&self.pool).await
    }

    async fn begin(&self) -> StoreResult<Box<dyn Tx>> {
        let tx = self.pool.begin().await.map_err(mapping::backend)?;
        Ok(Box::new(tx::PgTx { tx }))
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("select 1")
            .execute(&self.pool)
            .await
            .map_err(mapping::backend)?;
        Ok(())
    }

    /// Not done here: back PostgreSQL up with its own tools, e.g.
    /// `pg_dump --format=custom --file=zhifa.dump DATABASE` (consistent while the application
    /// runs) and restore with `pg_restore --dbname=DATABASE zhifa.dump`.
    async fn backup_to(&self, _dest_file: &Path) -> StoreResult<()> {
        Err(StoreError::Unsupported(
            "backups of a PostgreSQL database are taken with pg_dump",
        ))
    }
}

#[async_trait]
impl zhifa_store::conformance::TamperProbe for PgStore {
    async fn tamper_with(&self, table: &'static str) -> StoreResult<()> {
        let (update, delete) = match table {
            "events" => ("update events set kind = 'forged'", "delete from events"),
            "log_hashes" => (
                "update log_hashes set hash = '\\x00'",
                "delete from log_hashes",
            ),
            "evidence" => evidence::TAMPER,
            "case_events" => cases::TAMPER,
            "complaint_events" => complaints::TAMPER,
            "documents" => documents::TAMPER,
            "publications" => publications::TAMPER,
            "publications_delete" => publications::TAMPER_DELETE,
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
