//! The benchmarks' baseline: raw SQLite durable inserts through the same driver, on the same
//! disk, in the same run as what it is compared with.

use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// Rows of `size` bytes into a table of their own, in WAL mode with `synchronous = FULL` as
/// the store opens its file, for `run` each: one durable transaction per row, then 1000 rows
/// per transaction. Returns (rows/s one per transaction, rows/s batched).
pub async fn raw_inserts(
    db: &Path,
    size: usize,
    run: Duration,
) -> Result<(f64, f64), rusqlite::Error> {
    let mut conn = Connection::open(db)?;
    conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get::<_, String>(0))?;
    conn.execute_batch(
        "pragma synchronous = full; \
         create table raw (id integer primary key, data blob not null)",
    )?;
    let data = vec![0x5a_u8; size.saturating_sub(8)];
    let start = Instant::now();
    let mut rows = 0u64;
    while start.elapsed() < run {
        conn.prepare_cached("insert into raw (data) values (?)")?
            .execute([&data])?;
        rows += 1;
    }
    let single = rows as f64 / start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut rows = 0u64;
    while start.elapsed() < run {
        let tx = conn.transaction()?;
        for _ in 0..1000 {
            tx.prepare_cached("insert into raw (data) values (?)")?
                .execute([&data])?;
        }
        tx.commit()?;
        rows += 1000;
    }
    let batched = rows as f64 / start.elapsed().as_secs_f64();
    Ok((single, batched))
}
