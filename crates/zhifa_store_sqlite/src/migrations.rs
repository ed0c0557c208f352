//! Embedded migrations, applied in order and recorded in `schema_migrations`. A migration is
//! never edited after it has shipped; a change is a new file.

use crate::mapping::backend;
use rusqlite::{Connection, Transaction, TransactionBehavior};
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

/// Applies the migrations not yet applied, each in a transaction of its own, and returns how
/// many it applied.
pub fn run(conn: &Connection) -> StoreResult<usize> {
    conn.execute_batch("create table if not exists schema_migrations (version integer primary key, name text not null, applied_at text not null)")
        .map_err(backend)?;
    let mut applied = 0;
    for (version, name, sql) in MIGRATIONS {
        let tx =
            Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(backend)?;
        let done = tx
            .query_row(
                "select count(*) from schema_migrations where version = ?",
                [version],
                |r| r.get::<_, i64>(0),
            )
            .map_err(backend)?;
        if done > 0 {
            continue;
        }
        tx.execute_batch(sql).map_err(backend)?;
        tx.execute(
            "insert into schema_migrations (version, name, applied_at) values (?, ?, datetime('now'))",
            (version, name),
        )
        .map_err(backend)?;
        tx.commit().map_err(backend)?;
        applied += 1;
    }
    Ok(applied)
}
