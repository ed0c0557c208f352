//! The benchmarks' baseline: raw SQLite durable inserts through the same driver, on the same
//! disk, in the same run as what it is compared with.

use sqlx::{Connection, SqliteConnection};
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows of `size` bytes into a table of their own, in WAL mode with `synchronous = FULL` as
/// the store opens its file, for `run` each: one durable transaction per row, then 1000 rows
/// per transaction. Returns (rows/s one per transaction, rows/s batched).
pub async fn raw_inserts(db: &Path, size: usize, run: Duration) -> Result<(f64, f64), sqlx::Error> {
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full);
    let mut conn = SqliteConnection::connect_with(&options).await?;
    sqlx::query("create table raw (id integer primary key, data blob not null)")
        .execute(&mut conn)
        .await?;
    let data = vec![0x5a_u8; size.saturating_sub(8)];
    let start = Instant::now();
    let mut rows = 0u64;
    while start.elapsed() < run {
        sqlx::query("insert into raw (data) values (?)")
            .bind(&data)
            .execute(&mut conn)
            .await?;
        rows += 1;
    }
    let single = rows as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut rows = 0u64;
    while start.elapsed() < run {
        let mut tx = conn.begin().await?;
        for _ in 0..1000 {
            sqlx::query("insert into raw (data) values (?)")
                .bind(&data)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        rows += 1000;
    }
    let batched = rows as f64 / start.elapsed().as_secs_f64();
    Ok((single, batched))
}
