//! Embedded migrations, applied in order and recorded in `schema_migrations`. A migration is
//! never edited after it has shipped; a change is a new file.

use crate::mapping::backend;
use sqlx::SqlitePool;
use zhifa_store::StoreResult;

const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (2, "cases", include_str!("../migrations/0002_cases.sql")),
];

pub async fn run(pool: &SqlitePool) -> StoreResult<usize> {
    sqlx::query("create table if not exists schema_migrations (version integer primary key, name text not null, applied_at text not null)")
        .execute(pool)
        .await
        .map_err(backend)?;
    let mut applied = 0;
    for (version, name, sql) in MIGRATIONS {
        let mut tx = pool.begin_with("begin immediate").await.map_err(backend)?;
        let done: Option<(i64,)> =
            sqlx::query_as("select version from schema_migrations where version = ?")
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
        sqlx::query("insert into schema_migrations (version, name, applied_at) values (?, ?, datetime('now'))")
            .bind(version)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        applied += 1;
    }
    Ok(applied)
}
