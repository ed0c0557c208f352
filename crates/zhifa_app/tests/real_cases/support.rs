//! The demo county in SQLite, and replaying a record's scripts to their end.

use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use zhifa_app::App;
use zhifa_app::clock::FixedClock;
use zhifa_app::demo;
use zhifa_app::demo_cases::{self, People, Played, Record, Until, plan::CaseScript};
use zhifa_domain::case::{Case, Outcome};
use zhifa_domain::money::Fen;
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

/// The demo's today in the replays: a Friday.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("a date")
}

pub struct World {
    pub app: App,
    pub clock: Arc<FixedClock>,
    pub people: People,
    pub dir: tempfile::TempDir,
}

/// The demo county seeded as of `today`, with an evidence directory.
pub async fn world(today: NaiveDate) -> World {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .expect("SQLite opens");
    store.migrate().await.expect("migrations apply");
    let store: Arc<dyn Store> = Arc::new(store);
    demo::seed(store.clone(), today, Policy::default())
        .await
        .expect("the demo seeds");
    let noon = Utc.from_utc_datetime(&today.and_hms_opt(4, 0, 0).expect("a time"));
    let clock = Arc::new(FixedClock::new(noon));
    let app = App::new(store, clock.clone(), Policy::default())
        .with_evidence_dir(dir.path().join("evidence"));
    let people = People::load(&app).await.expect("the demo's people");
    World {
        app,
        clock,
        people,
        dir,
    }
}

pub fn record(id: &str) -> Record {
    demo_cases::parse_records(crate::CASES)
        .expect("the cases file parses")
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no record {id}"))
}

/// One script played to its end, with the case it left.
pub struct Replayed {
    pub script: CaseScript,
    pub played: Played,
    pub case: Case,
}

impl Replayed {
    /// The refusal codes met, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.played
            .refusals
            .iter()
            .map(|(c, _)| c.as_str())
            .collect()
    }

    /// The message of the first refusal with `code`.
    pub fn message(&self, code: &str) -> &str {
        self.played
            .refusals
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, m)| m.as_str())
            .unwrap_or_else(|| panic!("{}: no refusal {code}", self.script.label))
    }

    /// The decided fine in 元.
    pub fn fine(&self) -> Option<i64> {
        self.case.fine().map(|f| f.get() / 100)
    }

    pub fn paid(&self) -> Fen {
        self.case.paid
    }

    pub fn punished(&self) -> bool {
        matches!(
            self.case.decision.as_ref().map(|d| &d.outcome),
            Some(Outcome::Punish { .. })
        )
    }
}

/// Plays every script of `id` to its end on `world`, returning them in the mapping's order.
pub async fn replay_on(w: &World, id: &str, today: NaiveDate) -> Vec<Replayed> {
    let mut out = Vec::new();
    for script in demo_cases::scripts(&record(id), today) {
        let played = demo_cases::play(&w.app, &w.clock, &w.people, &script, Until::End)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", script.label));
        let reader = if script.township == "青山镇" {
            "qs_head"
        } else {
            "head"
        };
        let actor = w.people.get(reader).expect("a reader");
        let case = w
            .app
            .case_view(actor, played.case_id)
            .await
            .expect("the case reads")
            .case;
        out.push(Replayed {
            script,
            played,
            case,
        });
    }
    out
}

/// Plays every script of `id` to its end on a fresh demo county.
pub async fn replay(id: &str) -> (World, Vec<Replayed>) {
    let w = world(today()).await;
    let replayed = replay_on(&w, id, today()).await;
    (w, replayed)
}
