//! Embedded migrations, applied in order and recorded in `schema_migrations`. A migration is
//! never edited after it has shipped; a change is a new file.
//!
//! All pending migrations run in one transaction (PostgreSQL's DDL is transactional, so a
//! failed migration leaves nothing behind) that first takes an advisory lock: two processes
//! starting at once take turns, and the second finds the work done.

use crate::mapping::backend;
use sqlx::PgPool;
use zhifa_store::StoreResult;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (2, "cases", include_str!("../migrations/0002_cases.sql")),
    (
        3,
        "documents",
        include_str!("../migrations/0003_documents.sql"),
    ),
    (
        4,
        "publications",
        include_str!("../migrations/0004_publications.sql"),
    ),
    (
        5,
        "complaints",
        include_str!("../migrations/0005_complaints.sql"),
    ),
    (
        6,
        "case_codes",
        include_str!("../migrations/0006_case_codes.sql"),
    ),
];

/// The advisory lock key of the migration runner (any constant; "zhifa" in ASCII).
const LOCK_KEY: i64 = 0x7a_6869_6661;

pub async fn run(pool: &PgPool) -> StoreResult<usize> {
    let mut tx = pool.begin().await.map_err(backend)?;
    // Released when the transaction ends, by commit or rollback.
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(LOCK_KEY)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    sqlx::query(
        "create table if not exists schema_migrations \
         (version bigint primary key, name text not null, applied_at timestamptz not null default now())",
    )
    .execute(&mut *tx)
    .await
    .map_err(backend)?;
    let mut applied = 0;
    for (version, name, sql) in MIGRATIONS {
        let done: Option<(i64,)> =
            sqlx::query_as("select version from schema_migrations where version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend)?;
        if done.is_some() {
            continue;
        }
        sqlx::raw_sql(*sql)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query("insert into schema_migrations (version, name) values ($1, $2)")
            .bind(version)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tracing::info!(version, name, "applied migration");
        applied += 1;
    }
    tx.commit().await.map_err(backend)?;
    Ok(applied)
}
