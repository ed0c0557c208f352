//! Real cases in the demo county: the 13 published cases of `data/cases/cases.jsonl`, mapped
//! onto the demo's townships, catalog, people and calendar, and played through the use cases.
//!
//! One mapping serves the demo and the replay tests (`tests/real_cases`): [`scripts`] turns a
//! record into scripts (one per party, and for county matters one more in a township that may
//! not handle them); [`play`] runs a script through `register_case`, `on_the_spot` and
//! `case_command`, checking that every step the law should refuse is refused with the expected
//! code. `zhifa demo` ([`seed`], called at the end of `demo::seed`) plays each demo script up
//! to its stop, so that the townships have cases at every stage; the tests play every script
//! to its end.
//!
//! Dates are relative to the demo's `today` (the day it is seeded, by the system clock) and
//! keep the records' intervals; the seed's clock is set to each step's time, so the timeline
//! and the log read as the cases happened.
//!
//! Evidence: the seed's application has no evidence directory (the server adds it), so the
//! seed adds its evidence through [`App::add_evidence`] into a scratch directory and
//! `zhifa demo` writes the same files into the data directory with
//! [`write_evidence_files`]: evidence is kept by content, so the records and files match.
//! The files are small placeholders, not playable media.
//!
//! Not here: the demo county itself (`demo`), the rules (`zhifa_domain::case`).

mod common;
pub mod complaints;
mod county;
pub mod plan;
pub mod seals;
mod township;

use crate::blob_store::{BlobStore, PutLimits};
use crate::cases::{OnTheSpotInput, RegisterCase};
use crate::clock::FixedClock;
use crate::error::{AppError, AppResult};
use crate::evidence::EvidenceUpload;
use crate::{Actor, App};
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use plan::{CaseScript, Op, fill};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;
use zhifa_domain::Id;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::case::Command;
use zhifa_domain::evidence::{Capture, MediaType};
use zhifa_domain::policy::Policy;

/// The project's copy of the published cases.
pub const CASES_JSONL: &str = include_str!("../../../data/cases/cases.jsonl");

/// A published case as the data file records it (the fields the mapping reads).
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub id: String,
    pub level: String,
    pub issuing_body: String,
    pub matter: String,
    pub party_type: String,
    pub party: String,
    pub facts: String,
    #[serde(default)]
    pub penalty: serde_json::Value,
    #[serde(default)]
    pub dates: serde_json::Value,
    pub procedure: String,
    pub source_url: String,
    pub completeness: String,
}

/// Parses the cases file, one record a line.
pub fn parse_records(text: &str) -> Result<Vec<Record>, serde_json::Error> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect()
}

/// The shipped records.
pub fn records() -> Vec<Record> {
    parse_records(CASES_JSONL).expect("data/cases/cases.jsonl parses")
}

/// A record mapped onto the demo county as of `today`: its scripts, or none for a record the
/// mapping does not know.
pub fn scripts(record: &Record, today: NaiveDate) -> Vec<CaseScript> {
    match record.id.as_str() {
        "C01" => township::c01(record, today),
        "C04" => township::c04(record, today),
        "C05" => township::c05(record, today),
        "C07" => township::c07(record, today),
        "C08" => county::c08(record, today),
        "C09" => township::c09(record, today),
        "C10" => township::c10(record, today),
        "C11" => county::c11(record, today),
        "C13" => county::c13(record, today),
        "C15" => county::c15(record, today),
        "C16" => county::c16(record, today),
        "C17" => county::c17(record, today),
        "C19" => county::c19(record, today),
        _ => Vec::new(),
    }
}

/// Whether the working-day calendar covers the demo's cases as of `today` (their history and
/// the deadlines their stages open). Beyond the calendar the demo starts without them rather
/// than failing: deadlines cannot be counted there until the calendar is extended.
pub fn calendar_covers(today: NaiveDate) -> bool {
    let calendar = WorkingCalendar::official();
    [plan::shift(today, -60), plan::shift(today, 45)]
        .into_iter()
        .all(|d| calendar.covers_date(d).is_ok())
}

/// The scripts `zhifa demo` loads: none where the calendar does not reach.
pub fn demo_scripts(today: NaiveDate) -> Vec<CaseScript> {
    if !calendar_covers(today) {
        return Vec::new();
    }
    records()
        .iter()
        .flat_map(|r| scripts(r, today))
        .filter(|s| s.in_demo)
        .collect()
}

/// A unified social credit code (GB 32100-2015) registered in the demo county (519901):
/// `kind` '1' for a company, '2' for an individual business, `serial` the organisation code's
/// body, both check characters computed.
pub fn credit_code(kind: char, serial: u32) -> String {
    let body = format!("MA{:06}", serial % 1_000_000);
    zhifa_domain::party::CreditCode::complete(&format!("9{kind}519901"), &body)
        .expect("a demo credit code is well formed")
        .as_str()
        .to_string()
}

/// The demo's people who take the cases' steps, signed in.
pub struct People {
    actors: HashMap<String, Actor>,
}

const PEOPLE: [&str; 8] = [
    "officer",
    "officer2",
    "officer3",
    "aux",
    "reviewer",
    "head",
    "qs_officer",
    "qs_head",
];

impl People {
    pub async fn load(app: &App) -> AppResult<People> {
        let mut tx = app.begin().await?;
        let mut actors = HashMap::new();
        for name in PEOPLE {
            let user = tx
                .user_by_username(name)
                .await?
                .ok_or(AppError::NotFound("演示用户"))?;
            actors.insert(name.to_string(), app.actor_for(&mut *tx, user.id).await?);
        }
        Ok(People { actors })
    }

    pub fn get(&self, username: &str) -> AppResult<&Actor> {
        self.actors
            .get(username)
            .ok_or_else(|| AppError::Internal(format!("no demo user {username}")))
    }
}

/// How far to play a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    DemoStop,
    End,
}

/// What playing a script did.
#[derive(Debug, Clone)]
pub struct Played {
    pub case_id: Id,
    /// The refusals met, in order, as (code, message).
    pub refusals: Vec<(String, String)>,
    /// The evidence added, by the script's keys.
    pub evidence: HashMap<&'static str, Id>,
}

/// China Standard Time to UTC.
fn utc(local: NaiveDateTime) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&(local - Duration::hours(8)))
}

/// The content of a piece of demo evidence: small, and the same whatever day the demo starts.
fn evidence_content(script: &CaseScript, key: &str, subject: &str) -> Vec<u8> {
    format!(
        "Zhifa 演示证据（占位文件）\n{}\n{subject}\n{key}\n",
        script.label
    )
    .into_bytes()
}

fn internal(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("{what}: {e}"))
}

/// Plays `script` on `app`, setting `clock` to each step's time, up to `until`.
pub async fn play(
    app: &App,
    clock: &FixedClock,
    people: &People,
    script: &CaseScript,
    until: Until,
) -> AppResult<Played> {
    let (township, item) = {
        let mut tx = app.begin().await?;
        let township = tx
            .orgs()
            .await?
            .into_iter()
            .find(|o| o.name == script.township)
            .ok_or(AppError::NotFound("乡镇"))?
            .id;
        let item = tx
            .catalog_items()
            .await?
            .into_iter()
            .find(|i| i.item.code == script.item)
            .ok_or(AppError::NotFound("事项"))?
            .id;
        (township, item)
    };
    let mut case_id = None;
    let mut refusals = Vec::new();
    let mut evidence: HashMap<&'static str, Id> = HashMap::new();
    for (n, step) in script.steps.iter().enumerate() {
        if matches!(step.op, Op::DemoStop) {
            if until == Until::DemoStop {
                break;
            }
            continue;
        }
        clock.set(utc(step.at));
        let actor = people.get(step.who)?;
        let lookup = |s: &str| -> Option<i64> {
            if s == "$item" {
                Some(item)
            } else if let Some(u) = s.strip_prefix("$u:") {
                people.get(u).ok().map(|a| a.user.id)
            } else {
                s.strip_prefix("$e:").and_then(|k| evidence.get(k).copied())
            }
        };
        let what = || format!("{} step {n}", script.label);
        let result: AppResult<()> = match &step.op {
            Op::DemoStop => Ok(()),
            Op::Evidence {
                key,
                media,
                subject,
            } => {
                let upload = EvidenceUpload {
                    capture: Capture {
                        media_type: MediaType::parse(media).map_err(AppError::Refused)?,
                        captured_at: utc(step.at) - Duration::minutes(5),
                        device: "执法记录仪".into(),
                        officer_id: actor.user.id,
                        subject: Some(subject.clone()),
                    },
                    declared_size: None,
                    expected_sha256: None,
                };
                let content = evidence_content(script, key, subject);
                app.add_evidence(actor, township, upload, content.as_slice())
                    .await
                    .map(|added| {
                        evidence.insert(key, added.id);
                    })
            }
            Op::Register(input) => {
                let input: RegisterCase = serde_json::from_value(fill(input, &lookup))
                    .map_err(|e| internal(&what(), e))?;
                app.register_case(actor, township, input)
                    .await
                    .map(|id| case_id = Some(id))
            }
            Op::OnTheSpot(input) => {
                let input: OnTheSpotInput = serde_json::from_value(fill(input, &lookup))
                    .map_err(|e| internal(&what(), e))?;
                app.on_the_spot(actor, township, input)
                    .await
                    .map(|id| case_id = Some(id))
            }
            Op::Command(command) => {
                let command: Command = serde_json::from_value(fill(command, &lookup))
                    .map_err(|e| internal(&what(), e))?;
                let id = case_id.ok_or_else(|| internal(&what(), "no case yet"))?;
                app.case_command(actor, id, command).await
            }
        };
        match (result, step.expect) {
            (Ok(()), None) => {}
            (Err(AppError::Refused(r)), Some(code)) if r.code == code => {
                refusals.push((r.code.to_string(), r.message.clone()));
            }
            (Err(AppError::Refused(r)), expected) => {
                return Err(internal(
                    &what(),
                    format!("refused {} ({}), expected {expected:?}", r.code, r.message),
                ));
            }
            (Err(e), _) => return Err(internal(&what(), e)),
            (Ok(()), Some(code)) => {
                return Err(internal(&what(), format!("expected the refusal {code}")));
            }
        }
    }
    let case_id = case_id.ok_or_else(|| internal(&script.label, "no case was created"))?;
    Ok(Played {
        case_id,
        refusals,
        evidence,
    })
}

/// Loads the demo's real cases, each stopped at its stage (see [`demo_scripts`]). Called at
/// the end of `demo::seed` with the seed's application and clock.
pub async fn seed(app: &App, clock: &FixedClock, today: NaiveDate) -> AppResult<()> {
    let scratch = match &app.evidence_dir {
        Some(_) => None,
        None => Some(std::env::temp_dir().join(format!(
            "zhifa-demo-evidence-{}",
            hex::encode(crate::auth::random_bytes::<8>())
        ))),
    };
    let app = match &scratch {
        Some(dir) => app.clone().with_evidence_dir(dir),
        None => app.clone(),
    };
    if !calendar_covers(today) {
        tracing::warn!(%today, "the working-day calendar does not cover the demo's real cases");
    }
    let result = async {
        let people = People::load(&app).await?;
        for script in demo_scripts(today) {
            play(&app, clock, &people, &script, Until::DemoStop).await?;
        }
        Ok(())
    }
    .await;
    if let Some(dir) = scratch {
        // Only the scratch copies go; the records stay, and `write_evidence_files` puts the
        // same content where the server keeps evidence.
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

/// Writes the demo's evidence files into `dir` (the server's evidence directory), as the seed
/// of `today` recorded them. Returns how many pieces of evidence they are.
pub async fn write_evidence_files(dir: &Path, today: NaiveDate) -> AppResult<usize> {
    let blobs = BlobStore::new(dir);
    let limits = PutLimits {
        max_bytes: Policy::default().evidence_max_bytes,
        declared_size: None,
        expected_hash: None,
    };
    let mut n = 0;
    for script in demo_scripts(today) {
        for step in &script.steps {
            match &step.op {
                Op::DemoStop => break,
                Op::Evidence { key, subject, .. } => {
                    let content = evidence_content(&script, key, subject);
                    blobs
                        .put(content.as_slice(), limits)
                        .await
                        .map_err(|e| internal("demo evidence", e))?;
                    n += 1;
                }
                _ => {}
            }
        }
    }
    Ok(n)
}

/// Issues the letter of every decided demo case (the decision, the not-punished decision, the
/// on-the-spot decision) and then, for a closed case, the cover and index of its file, as its
/// township's first officer, so that a newcomer finds issued documents to open and verify.
/// Returns how many it issued.
pub async fn issue_documents(app: &App) -> AppResult<usize> {
    use zhifa_domain::documents::{DocKind, DocRef};
    // In this order: the cover lists what was issued before it.
    const KINDS: [DocKind; 4] = [
        DocKind::PenaltyDecision,
        DocKind::NoPenaltyDecision,
        DocKind::OnTheSpotDecision,
        DocKind::FileCover,
    ];
    let people = People::load(app).await?;
    let mut issued = 0;
    for officer in ["officer", "qs_officer"] {
        let actor = people.get(officer)?;
        for case in app.cases(actor, Some(actor.org.id)).await? {
            for kind in KINDS {
                let documents = app.case_documents(actor, case.id).await?;
                let ready = documents
                    .available
                    .iter()
                    .any(|k| k.doc.kind == kind && k.missing.is_none());
                if ready {
                    app.issue_document(actor, case.id, DocRef::of(kind)).await?;
                    issued += 1;
                }
            }
        }
    }
    Ok(issued)
}
