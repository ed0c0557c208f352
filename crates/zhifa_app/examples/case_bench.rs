//! Complete general-procedure penalty cases per second through the use cases on SQLite, each
//! step a durable transaction with its log entry, beside raw durable SQLite inserts measured
//! in the same run (see BENCHMARKS.md and `bench/cases.sh`):
//!
//! ```text
//! case_bench [--dir DIR] [--seconds S] [--tasks 1,16,64] [--video-bytes B] [--no-baseline]
//! ```
//!
//! `--no-baseline` leaves out the raw SQLite baseline and the checks, for profiling.
//!
//! Every task runs whole cases in a loop for S seconds on one demo county database (城关镇,
//! the township with two certified officers and a head), as `tests/cases.rs` does: register,
//! upload the case's own video evidence, assign officers, file (head), record the inspection
//! with the video, order correction, conclude with a 500 元 fine (below the hearing and review
//! thresholds), notify, hear the statement (waived, so the decision need not wait for the
//! window), decide (head), serve, record payment, close, archive. That is 14 steps, each one
//! use case with one durable commit and one log entry; the log is signed with keys, as a
//! deployment with keys does, so the decision also signs a checkpoint. The clock is fixed at
//! Friday 2026-11-27 10:00 in China.
//!
//! Not here: assertions on the figures. Targets are read off the printed figures; the run
//! only checks that every case it counted is archived and that the log verifies.

#[path = "common/raw_sqlite.rs"]
mod raw_sqlite;

use chrono::{DateTime, Duration as Days, TimeZone, Utc};
use serde_json::json;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use zhifa_app::clock::FixedClock;
use zhifa_app::evidence::EvidenceUpload;
use zhifa_app::log::LogKeys;
use zhifa_app::{Actor, App, demo};
use zhifa_domain::Id;
use zhifa_domain::case::{Case, CaseEvent, Command};
use zhifa_domain::evidence::{Capture, MediaType};
use zhifa_domain::policy::Policy;
use zhifa_ledger::SignerKey;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

const ORIGIN: &str = "bench.zhifa.invalid/cases";

/// The steps of one case, in order; each is one use case, one transaction and one log entry.
const STEPS: [&str; 14] = [
    "register_case",
    "add_evidence (video)",
    "assign_officers",
    "file (head)",
    "record_step (inspection)",
    "order_correction",
    "conclude",
    "notify",
    "hear_statement (waived)",
    "decide (head) + checkpoint",
    "serve",
    "record_payment",
    "close (head)",
    "archive (head)",
];

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
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return Err(
            "usage: case_bench [--dir DIR] [--seconds S] [--tasks 1,16,64] \
                    [--video-bytes B] [--no-baseline] (see the file's header)"
                .into(),
        );
    }
    let seconds: u64 = flag("--seconds").map_or(Ok(10), |s| s.parse())?;
    let tasks: Vec<usize> = flag("--tasks")
        .unwrap_or_else(|| "1,16,64".into())
        .split(',')
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()?;
    let video_bytes: usize = flag("--video-bytes").map_or(Ok(16 * 1024), |s| s.parse())?;
    let dir = match flag("--dir") {
        Some(d) => tempfile::tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    run(
        dir.path(),
        Duration::from_secs(seconds),
        &tasks,
        video_bytes,
        !args.iter().any(|a| a == "--no-baseline"),
    )
    .await
}

fn start_time() -> DateTime<Utc> {
    // 10:00 in Chengdu, a Friday.
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0)
        .single()
        .expect("a time")
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

/// The CPU time of this process so far, all threads, user and system (`/proc/self/stat`,
/// in the kernel's 100 Hz ticks).
fn process_cpu() -> Result<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    let after_name = stat.rsplit_once(')').ok_or("no ) in /proc/self/stat")?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // Fields 14 and 15 of proc(5), utime and stime; `fields` starts at field 3.
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    Ok(Duration::from_millis(ticks * 10))
}

fn command(value: serde_json::Value) -> Result<Command> {
    Ok(serde_json::from_value(value)?)
}

/// What every case uses: the application and the people and ids of 城关镇.
struct Fixture {
    app: App,
    officer: Actor,
    officer2: Actor,
    head: Actor,
    town: Id,
    item: Id,
}

async fn fixture(dir: &Path) -> Result<Fixture> {
    let store = SqliteStore::open(&dir.join("zhifa.db")).await?;
    store.migrate().await?;
    let store: Arc<dyn Store> = Arc::new(store);
    demo::seed(store.clone(), start_time().date_naive(), Policy::default()).await?;
    let app = App::new(
        store,
        Arc::new(FixedClock::new(start_time())),
        Policy::default(),
    )
    .with_evidence_dir(dir.join("evidence"))
    .with_log_keys(LogKeys::generate(ORIGIN)?);
    let login = |name: &'static str| {
        let app = app.clone();
        async move {
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
                app.login(name, demo::DEMO_PASSWORD).await?.actor,
            )
        }
    };
    let (officer, officer2, head) = (
        login("officer").await?,
        login("officer2").await?,
        login("head").await?,
    );
    let town = app
        .visible_orgs(&officer)
        .await?
        .into_iter()
        .find(|o| o.name == "城关镇")
        .ok_or("no 城关镇 in the demo")?
        .id;
    let item = app
        .catalog_items(&officer)
        .await?
        .into_iter()
        .find(|i| i.item.code == "SC-ZJ-003")
        .ok_or("no SC-ZJ-003 in the demo catalog")?
        .id;
    Ok(Fixture {
        app,
        officer,
        officer2,
        head,
        town,
        item,
    })
}

/// One complete general case; adds each step's time to `steps`.
async fn one_case(f: &Fixture, video: &[u8], steps: &mut [Duration; 14]) -> Result<()> {
    let (app, officer, head) = (&f.app, &f.officer, &f.head);
    let mut lap = Instant::now();
    let mut done = |i: usize| {
        let now = Instant::now();
        steps[i] += now - lap;
        lap = now;
    };
    let register = serde_json::from_value(json!({
        "item_id": f.item,
        "source": "群众举报（举报人信息已脱敏）",
        "party": {"kind": "natural", "name": "当事人A", "birth_date": "1978-03-02"},
        "facts": "当事人驾驶车辆将饭馆拆除产生的装修垃圾（木材、石膏板等）倾倒在村内国道旁田间小路上，未经村委会及有关部门同意",
        "act": {"occurred_on": "2026-11-26", "ended_on": null, "continuing": false, "caused_harm": false}
    }))?;
    let id = app.register_case(officer, f.town, register).await?;
    done(0);
    let upload = EvidenceUpload {
        capture: Capture {
            media_type: MediaType::parse("video/mp4")?,
            captured_at: start_time() - Days::hours(1),
            device: "执法记录仪 DSJ-001".into(),
            officer_id: officer.user.id,
            subject: Some("现场检查".into()),
        },
        declared_size: Some(video.len() as u64),
        expected_sha256: None,
    };
    let evidence = app.add_evidence(officer, f.town, upload, video).await?.id;
    done(1);
    let officers = [officer.user.id, f.officer2.user.id];
    let fine =
        json!({"outcome": "punish", "penalty": {"kinds": [{"kind": "fine", "amount": 50000}]}});
    let script: [(&Actor, serde_json::Value); 12] = [
        (
            officer,
            json!({"action": "assign_officers", "officer_ids": officers}),
        ),
        (head, json!({"action": "file"})),
        (
            officer,
            json!({
                "action": "record_step", "step": "inspection", "on": "2026-11-27",
                "officer_ids": officers, "certificate_shown": true, "evidence_ids": [evidence],
                "audio_video": true, "av_exception": null, "note": "现场检查"
            }),
        ),
        (
            officer,
            json!({"action": "order_correction", "order": "清理倾倒的装修垃圾", "deadline": "2026-12-02"}),
        ),
        (
            officer,
            json!({
                "action": "conclude", "findings": "事实清楚，证据确凿；当事人主动改正，配合调查，初次违法",
                "proposed": fine, "public_interest": false, "complex": false,
                "review_by_other_law": false, "benchmark_departure": null,
                "mitigated_below_minimum": false
            }),
        ),
        (
            officer,
            json!({"action": "notify", "served_on": "2026-11-27"}),
        ),
        (
            officer,
            json!({"action": "hear_statement", "on": "2026-11-27", "defended": false, "summary": "当事人明确表示放弃陈述、申辩"}),
        ),
        (
            head,
            json!({"action": "decide", "outcome": fine, "number": ""}),
        ),
        (
            officer,
            json!({"action": "serve", "on": "2026-11-27", "method": "direct", "consent_to_electronic": false}),
        ),
        (
            officer,
            json!({"action": "record_payment", "on": "2026-11-27", "amount": 50000}),
        ),
        (head, json!({"action": "close"})),
        (head, json!({"action": "archive"})),
    ];
    for (i, (actor, value)) in script.into_iter().enumerate() {
        app.case_command(actor, id, command(value)?).await?;
        done(i + 2);
    }
    Ok(())
}

/// Where the demo's own rows end: the benchmark's cases, evidence, log entries and
/// checkpoints are those after these.
#[derive(Clone, Copy)]
struct Marks {
    case: i64,
    evidence: i64,
    seq: i64,
    checkpoint: i64,
}

async fn marks(db: &Path) -> Result<Marks> {
    let conn = rusqlite::Connection::open(db)?;
    Ok(conn.query_row(
        "select (select coalesce(max(id), 0) from cases), \
                (select coalesce(max(id), 0) from evidence), \
                (select coalesce(max(seq), -1) from events), \
                (select coalesce(max(size), 0) from checkpoints)",
        [],
        |row| {
            Ok(Marks {
                case: row.get(0)?,
                evidence: row.get(1)?,
                seq: row.get(2)?,
                checkpoint: row.get(3)?,
            })
        },
    )?)
}

/// What one task did: each case's time, and the time of each step summed over its cases.
struct TaskResult {
    cases: Vec<Duration>,
    steps: [Duration; 14],
}

async fn run(
    dir: &Path,
    run: Duration,
    tasks: &[usize],
    video_bytes: usize,
    baseline: bool,
) -> Result<()> {
    let f = Arc::new(fixture(dir).await?);
    let db = dir.join("zhifa.db");
    let marks = marks(&db).await?;
    println!(
        "complete general cases through the use cases, {} s per row, {} steps per case, \
         a {video_bytes}-byte video uploaded per case:",
        run.as_secs(),
        STEPS.len()
    );
    println!(
        "| concurrent tasks | cases/s | steps/s | p50 case | p99 case | CPU per case | cores busy |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut total_cases = 0usize;
    let mut breakdowns = Vec::new();
    for (row, &n) in tasks.iter().enumerate() {
        let cpu0 = process_cpu()?;
        let start = Instant::now();
        let workers: Vec<_> = (0..n)
            .map(|t| {
                let f = f.clone();
                // Each case's video is its own: the first bytes say which task and case.
                let mut video: Vec<u8> = (0..video_bytes)
                    .map(|i| (i as u32).wrapping_mul(2_654_435_761).to_le_bytes()[3])
                    .collect();
                tokio::spawn(async move {
                    let mut out = TaskResult {
                        cases: Vec::new(),
                        steps: [Duration::ZERO; 14],
                    };
                    let mut k = 0u64;
                    while start.elapsed() < run {
                        let tag = [row as u64, t as u64, k].map(u64::to_le_bytes).concat();
                        let len = tag.len().min(video.len());
                        video[..len].copy_from_slice(&tag[..len]);
                        let t0 = Instant::now();
                        one_case(&f, &video, &mut out.steps)
                            .await
                            .expect("the case runs to its archive");
                        out.cases.push(t0.elapsed());
                        k += 1;
                    }
                    out
                })
            })
            .collect();
        let mut cases = Vec::new();
        let mut steps = [Duration::ZERO; 14];
        for w in workers {
            let r = w.await?;
            cases.extend(r.cases);
            for (sum, s) in steps.iter_mut().zip(r.steps) {
                *sum += s;
            }
        }
        let elapsed = start.elapsed().as_secs_f64();
        let cpu = process_cpu()? - cpu0;
        cases.sort();
        println!(
            "| {n} | {:.0} | {:.0} | {} | {} | {} | {:.2} |",
            cases.len() as f64 / elapsed,
            (cases.len() * STEPS.len()) as f64 / elapsed,
            ms(percentile(&cases, 0.5)),
            ms(percentile(&cases, 0.99)),
            ms(cpu / cases.len().max(1) as u32),
            cpu.as_secs_f64() / elapsed,
        );
        total_cases += cases.len();
        breakdowns.push((n, cases.len(), steps));
    }
    println!("mean time of each step (summed over a row's cases, divided by its cases):");
    let head: Vec<String> = breakdowns
        .iter()
        .map(|(n, _, _)| format!("{n} task(s)"))
        .collect();
    println!("| step | {} |", head.join(" | "));
    println!("|---|{}", "---|".repeat(head.len()));
    for (i, name) in STEPS.iter().enumerate() {
        let cells: Vec<String> = breakdowns
            .iter()
            .map(|(_, count, steps)| ms(steps[i] / (*count).max(1) as u32))
            .collect();
        println!("| {name} | {} |", cells.join(" | "));
    }
    if !baseline {
        return Ok(());
    }
    check(&f.app, &db, marks, total_cases).await?;
    let size = bytes_per_step(&db, marks).await?;
    println!("bytes written per step (rows' column bytes, averaged over a case's steps): {size}");
    raw_inserts(&dir.join("raw.db"), size, run).await
}

/// Every counted case is archived, and the log of all their steps verifies.
async fn check(app: &App, db: &Path, marks: Marks, cases: usize) -> Result<()> {
    let conn = rusqlite::Connection::open(db)?;
    let (registered, archived): (i64, f64) = conn.query_row(
        "select count(*), total(stage = 'archived') from cases where id > ?",
        [marks.case],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    if registered as usize != cases || archived as usize != cases {
        return Err(
            format!("{cases} cases counted, {registered} registered, {archived} archived").into(),
        );
    }
    let keys = app.log_keys.as_ref().ok_or("no log keys")?;
    let verifiers: Vec<_> = keys.signers.iter().map(SignerKey::verifier).collect();
    let report = app.verify_log(ORIGIN, &verifiers).await?;
    if let Some(problem) = report.first_problem {
        return Err(format!("the log does not verify: {problem}").into());
    }
    println!(
        "checked: {archived} cases archived; the log verifies ({} entries, {} checkpoints)",
        report.entries, report.checkpoints
    );
    Ok(())
}

/// The column bytes one step writes, averaged over the 14 steps of the first benchmark case
/// (every case is the same but for its numbers): its case row as written by each step (the
/// snapshot the events so far fold to), its case events, its log entries with their stored
/// tree hashes, its evidence record and log entry, and its share of the signed checkpoints.
async fn bytes_per_step(db: &Path, marks: Marks) -> Result<usize> {
    let conn = rusqlite::Connection::open(db)?;
    let case_id: i64 = conn.query_row(
        "select min(id) from cases where id > ?",
        [marks.case],
        |row| row.get(0),
    )?;
    let entry = "8 + length(at) + 16 + length(kind) + length(subject) + length(payload) \
                 + length(salt) + length(leaf_hash)";
    let queries = [
        // The log entries of the case's steps.
        format!("select total({entry}) from events where subject = 'case:{case_id}'"),
        // Its case events.
        format!(
            "select total(24 + length(at) + length(event)) from case_events where case_id = {case_id}"
        ),
        // An evidence record and its log entry, on average.
        format!(
            "select (select avg({entry}) from events \
                     where kind = 'evidence.added' and seq > {seq}) \
                  + (select avg(40 + length(sha256) + length(media_type) + length(captured_at) \
                     + length(device) + length(subject) + length(uploaded_at)) \
                     from evidence where id > {evidence})",
            seq = marks.seq,
            evidence = marks.evidence
        ),
        // Stored tree hashes (40 bytes with their index) per log entry, on average.
        "select 40.0 * (select count(*) from log_hashes) / (select count(*) from events)".into(),
        // The benchmark's signed checkpoints per benchmark case, on average.
        format!(
            "select (select total(8 + length(at) + length(note)) from checkpoints \
                     where size > {}) / (select count(*) from cases where id > {})",
            marks.checkpoint, marks.case
        ),
        // The case row's columns besides the snapshot.
        format!(
            "select 1.0 * (16 + length(code) + length(procedure) + length(stage) + length(title) \
             + length(registered_on) + length(updated_at)) from cases where id = {case_id}"
        ),
    ];
    let mut v = Vec::new();
    for sql in queries {
        v.push(conn.query_row(&sql, [], |row| row.get::<_, f64>(0))?);
    }
    let [
        entries,
        case_events,
        evidence,
        hashes_per_entry,
        checkpoints,
        row,
    ] = v[..]
    else {
        unreachable!("six queries");
    };
    let texts: Vec<String> = conn
        .prepare("select event from case_events where case_id = ? order by n")?
        .query_map([case_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    let events: Vec<CaseEvent> = texts
        .iter()
        .map(|t| serde_json::from_str(t))
        .collect::<std::result::Result<_, _>>()?;
    // Each step's log entry says which events it appended: the case row after it is the
    // fold of the events up to there.
    let ends: Vec<usize> = conn
        .prepare(
            "select json_extract(payload, '$.from') + json_array_length(payload, '$.events') \
             from events where subject = ? order by seq",
        )?
        .query_map([format!("case:{case_id}")], |r| r.get::<_, i64>(0))?
        .map(|end| end.map(|e| e as usize))
        .collect::<std::result::Result<_, _>>()?;
    let mut snapshots = 0usize;
    for end in &ends {
        let case = Case::replay(&events[..*end]).ok_or("a case without its registration")?;
        snapshots += serde_json::to_string(&case)?.len();
    }
    let steps = ends.len() + 1;
    if steps != STEPS.len() {
        return Err(format!(
            "case {case_id} took {steps} logged steps, not {}",
            STEPS.len()
        )
        .into());
    }
    let total = entries
        + case_events
        + evidence
        + hashes_per_entry * steps as f64
        + checkpoints
        + row * ends.len() as f64
        + snapshots as f64;
    Ok((total / steps as f64).round() as usize)
}

/// The raw SQLite baseline of `common/raw_sqlite.rs`, printed as a table.
async fn raw_inserts(db: &Path, size: usize, run: Duration) -> Result<()> {
    let (single, batched) = raw_sqlite::raw_inserts(db, size, run).await?;
    let per_case = STEPS.len() as f64;
    println!("raw SQLite inserts of {size}-byte rows, one connection:");
    println!(
        "| baseline | rows/s | as cases/s ({} rows each) |",
        STEPS.len()
    );
    println!("|---|---|---|");
    println!(
        "| one durable transaction per row | {single:.0} | {:.0} |",
        single / per_case
    );
    println!(
        "| 1000 rows per durable transaction | {batched:.0} | {:.0} |",
        batched / per_case
    );
    Ok(())
}
