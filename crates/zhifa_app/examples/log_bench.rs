//! Benchmarks of the verifiable log on SQLite, each beside its baseline measured in the same
//! run (see BENCHMARKS.md and `bench/log.sh`):
//!
//! ```text
//! log_bench appends [--dir DIR] [--seconds S]   durable appends/s through the use cases,
//!                                               beside raw durable SQLite inserts
//! log_bench build --db FILE --entries N          a log of N entries, through the store
//! log_bench verify --db FILE [--bytes FILE]      App::verify_log over it; optionally writes
//!                                               every byte verification hashes, for openssl
//! log_bench proofs --db FILE [--samples K]       App::entry_proof at random entries, p50/p99
//! ```
//!
//! Not here: assertions. Targets are read off the printed figures, never checked in tests.

#[path = "common/raw_sqlite.rs"]
mod raw_sqlite;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhifa_app::clock::SystemClock;
use zhifa_app::ledger::{LogEntry, log_time, payload_hash};
use zhifa_app::log::LogKeys;
use zhifa_app::{App, demo};
use zhifa_domain::policy::Policy;
use zhifa_ledger::tree::stored_hash_count;
use zhifa_ledger::{Frontier, Hash, SignerKey, leaf_hash};
use zhifa_store::{NewEvent, Store};
use zhifa_store_sqlite::SqliteStore;

const ORIGIN: &str = "bench.zhifa.invalid/log";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let db = || {
        flag("--db")
            .map(PathBuf::from)
            .ok_or("--db FILE is required")
    };
    match args.first().map(String::as_str) {
        Some("appends") => {
            let seconds = flag("--seconds").map_or(Ok(5), |s| s.parse())?;
            let dir = match flag("--dir") {
                Some(d) => tempfile::tempdir_in(d)?,
                None => tempfile::tempdir()?,
            };
            appends(dir.path(), Duration::from_secs(seconds)).await
        }
        Some("build") => {
            let n = flag("--entries").ok_or("--entries N is required")?;
            build(&db()?, n.replace('_', "").parse()?).await
        }
        Some("verify") => verify(&db()?, flag("--bytes").map(PathBuf::from)).await,
        Some("proofs") => {
            let samples = flag("--samples").map_or(Ok(2000), |s| s.parse())?;
            proofs(&db()?, samples).await
        }
        _ => Err("usage: log_bench appends|build|verify|proofs (see the file's header)".into()),
    }
}

async fn open(db: &Path) -> Result<Arc<dyn Store>> {
    let store = SqliteStore::open(db).await?;
    store.migrate().await?;
    Ok(Arc::new(store))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

// --- appends -------------------------------------------------------------------------------

/// Durable appends through a real use case (`App::create_api_token`: a token row, its log
/// entry and tree hashes, one transaction) from many tasks at once; then raw SQLite inserts
/// of rows of the same size, one durable transaction each and in batches of 1000.
async fn appends(dir: &Path, run: Duration) -> Result<()> {
    let db = dir.join("zhifa.db");
    let store = open(&db).await?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date");
    demo::seed(store.clone(), today, Policy::default()).await?;
    let app = App::new(store, Arc::new(SystemClock), Policy::default());
    let admin = app.login("admin", demo::DEMO_PASSWORD).await?.actor;
    println!(
        "application appends (App::create_api_token), {} s per row:",
        run.as_secs()
    );
    println!("| concurrent tasks | appends/s | p50 latency | p99 latency |");
    println!("|---|---|---|---|");
    for tasks in [1usize, 16, 64, 256] {
        let start = Instant::now();
        let workers: Vec<_> = (0..tasks)
            .map(|t| {
                let (app, admin) = (app.clone(), admin.clone());
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    while start.elapsed() < run {
                        let t0 = Instant::now();
                        app.create_api_token(&admin, &format!("bench {t}"))
                            .await
                            .expect("the use case succeeds");
                        latencies.push(t0.elapsed());
                    }
                    latencies
                })
            })
            .collect();
        let mut latencies = Vec::new();
        for w in workers {
            latencies.extend(w.await?);
        }
        let elapsed = start.elapsed();
        latencies.sort();
        println!(
            "| {tasks} | {:.0} | {} | {} |",
            latencies.len() as f64 / elapsed.as_secs_f64(),
            ms(percentile(&latencies, 0.5)),
            ms(percentile(&latencies, 0.99)),
        );
    }
    let size = bytes_per_append(&db).await?;
    println!("bytes written per append (rows' column bytes): {size}");
    raw_inserts(&dir.join("raw.db"), size, run).await
}

/// The column bytes one `create_api_token` writes: its token row, its event and (on average)
/// its stored tree hashes.
async fn bytes_per_append(db: &Path) -> Result<usize> {
    let conn = rusqlite::Connection::open(db)?;
    let size: f64 = conn.query_row(
        "select (select avg(8 + length(at) + 16 + length(kind) + length(subject) + length(payload) \
                 + length(salt) + length(leaf_hash)) from events where kind = 'api_token.created') \
              + (select avg(16 + length(name) + length(token_hash) + length(created_at)) from api_tokens) \
              + (select 1.0 * count(*) / (select count(*) from events) from log_hashes) * 40",
        [],
        |row| row.get(0),
    )?;
    Ok(size.round() as usize)
}

/// The raw SQLite baseline of `common/raw_sqlite.rs`, printed as a table.
async fn raw_inserts(db: &Path, size: usize, run: Duration) -> Result<()> {
    let (single, batched) = raw_sqlite::raw_inserts(db, size, run).await?;
    println!("raw SQLite inserts of {size}-byte rows, one connection:");
    println!("| one durable transaction per row | {single:.0} rows/s |");
    println!("| 1000 rows per durable transaction | {batched:.0} rows/s |");
    Ok(())
}

// --- build ---------------------------------------------------------------------------------

/// What entry `seq` of the benchmark log says: a payload of the size of a small use case's.
fn bench_event(seq: i64, at: DateTime<Utc>, salt: Vec<u8>) -> NewEvent {
    let payload = serde_json::json!({"name": format!("bench {seq}"), "township_id": 17});
    let entry = LogEntry {
        seq,
        at,
        actor_id: None,
        org_id: None,
        kind: "bench.entry".into(),
        subject: format!("bench:{seq}"),
        payload_hash: payload_hash(&salt, &payload),
    };
    NewEvent {
        seq,
        at,
        actor_id: None,
        org_id: None,
        leaf_hash: leaf_hash(&entry.encode()).to_vec(),
        kind: entry.kind,
        subject: entry.subject,
        payload,
        salt,
    }
}

/// A log of `n` entries written through the store (`Tx::append_event`) in transactions of 50,000 entries, with the leaf and tree code
/// the use cases use (`LogEntry::encode`, `leaf_hash`; the stored hashes from the tree's
/// right edge, which the ledger's tests hold equal to `stored_hashes_for_leaf_hash`), and a
/// checkpoint signed at the end. The signing keys are written beside the database.
async fn build(db: &Path, n: i64) -> Result<()> {
    if db.exists() {
        return Err(format!("{} exists", db.display()).into());
    }
    let store = open(db).await?;
    let keys = LogKeys::generate(ORIGIN)?;
    let key_file: Vec<String> = keys.signers.iter().map(SignerKey::to_text).collect();
    std::fs::write(keys_path(db), key_file.join("\n"))?;
    let at0 = Utc
        .with_ymd_and_hms(2026, 11, 27, 2, 0, 0)
        .single()
        .expect("a time");
    let start = Instant::now();
    let mut tree = Frontier::new();
    let mut hashes: Vec<Hash> = Vec::new();
    let mut seq = 0;
    while seq < n {
        let end = (seq + 50_000).min(n);
        let mut tx = store.begin().await?;
        for s in seq..end {
            let at = log_time(at0 + chrono::Duration::microseconds(s * 1000));
            let event = bench_event(s, at, zhifa_app::auth::random_bytes::<16>().to_vec());
            hashes.clear();
            let leaf: Hash = event.leaf_hash.as_slice().try_into()?;
            tree.append(leaf, &mut hashes)?;
            let first = stored_hash_count(s as u64) as i64;
            let rows: Vec<(i64, Vec<u8>)> =
                (first..).zip(hashes.iter().map(|h| h.to_vec())).collect();
            tx.append_event(&event, &rows).await?;
        }
        tx.commit().await?;
        seq = end;
        if seq % 1_000_000 == 0 || seq == n {
            eprintln!("{seq} entries, {:.0} s", start.elapsed().as_secs_f64());
        }
    }
    let app = App::new(store, Arc::new(SystemClock), Policy::default()).with_log_keys(keys);
    let checkpoint = app.sign_checkpoint().await?.ok_or("no checkpoint")?;
    println!(
        "built {n} entries in {:.0} s; checkpoint of size {}",
        start.elapsed().as_secs_f64(),
        checkpoint.size
    );
    Ok(())
}

fn keys_path(db: &Path) -> PathBuf {
    db.with_extension("keys")
}

async fn app_of(db: &Path) -> Result<(App, LogKeys)> {
    let text = std::fs::read_to_string(keys_path(db))?;
    let signers = text
        .lines()
        .map(SignerKey::parse)
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let keys = LogKeys {
        origin: ORIGIN.into(),
        signers,
    };
    let app = App::new(open(db).await?, Arc::new(SystemClock), Policy::default());
    Ok((app.with_log_keys(keys.clone()), keys))
}

// --- verify --------------------------------------------------------------------------------

async fn verify(db: &Path, bytes: Option<PathBuf>) -> Result<()> {
    let (app, keys) = app_of(db).await?;
    let verifiers: Vec<_> = keys.signers.iter().map(SignerKey::verifier).collect();
    let start = Instant::now();
    let report = app.verify_log(ORIGIN, &verifiers).await?;
    let elapsed = start.elapsed();
    if let Some(problem) = report.first_problem {
        return Err(format!("the log does not verify: {problem}").into());
    }
    println!(
        "App::verify_log: {} entries, {} checkpoint(s) in {:.2} s: {:.0} entries/s",
        report.entries,
        report.checkpoints,
        elapsed.as_secs_f64(),
        report.entries as f64 / elapsed.as_secs_f64()
    );
    if let Some(path) = bytes {
        let written = write_hashed_bytes(db, &path, report.entries).await?;
        println!(
            "bytes SHA-256 runs over in verification: {written} in {}",
            path.display()
        );
    }
    Ok(())
}

/// Writes every message verification hashes, back to back: per entry the salted payload
/// (salt ‖ payload JSON) and the leaf input (0x00 ‖ entry text), and per interior node its
/// input (0x01 ‖ left ‖ right).
async fn write_hashed_bytes(db: &Path, path: &Path, count: i64) -> Result<u64> {
    let store = open(db).await?;
    let mut tx = store.begin_read().await?;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut written = 0u64;
    let mut tree = Frontier::new();
    let mut hashes = Vec::new();
    let mut from = 0;
    while from < count {
        let to = (from + 65_536).min(count);
        for e in tx.events_range(from, to).await? {
            let payload = e.payload.to_string();
            let entry = LogEntry::of_event(&e).encode();
            for part in [&e.salt[..], payload.as_bytes(), &[0x00], &entry] {
                out.write_all(part)?;
                written += part.len() as u64;
            }
            let siblings = tree.next_siblings().to_vec();
            hashes.clear();
            tree.append(leaf_hash(&entry), &mut hashes)?;
            for (left, right) in siblings.iter().zip(&hashes) {
                for part in [&[0x01][..], left, right] {
                    out.write_all(part)?;
                }
                written += 65;
            }
        }
        from = to;
    }
    out.flush()?;
    Ok(written)
}

// --- proofs --------------------------------------------------------------------------------

async fn proofs(db: &Path, samples: usize) -> Result<()> {
    let (app, _) = app_of(db).await?;
    let size = app.entry_proof(0).await?.tree_size as u64;
    // xorshift64: a fixed, reproducible spread of entries over the whole log.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % size) as i64
    };
    for _ in 0..100 {
        app.entry_proof(next()).await?;
    }
    let mut times = Vec::with_capacity(samples);
    for _ in 0..samples {
        let seq = next();
        let t0 = Instant::now();
        let proof = app.entry_proof(seq).await?;
        times.push(t0.elapsed());
        assert_eq!(proof.seq, seq);
    }
    times.sort();
    println!(
        "App::entry_proof at tree size {size}, {samples} random entries: p50 {}, p99 {}, max {}",
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().expect("samples")),
    );
    Ok(())
}
