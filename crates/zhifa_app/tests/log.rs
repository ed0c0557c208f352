//! The verifiable log over the demo county: every change is an entry, checkpoints are signed,
//! proofs check, and a single altered byte in the database is caught and named.

use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;
use zhifa_app::App;
use zhifa_app::clock::FixedClock;
use zhifa_app::demo;
use zhifa_app::log::LogKeys;
use zhifa_domain::policy::Policy;
use zhifa_ledger::{Checkpoint, SignerKey, VerifierKey, VerifierSet, open_note};
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

const ORIGIN: &str = "zhifa.test/519901";

struct World {
    app: App,
    keys: LogKeys,
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhifa.db");
    let store = SqliteStore::open(&db).await.unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    demo::seed(store.clone(), today, Policy::default())
        .await
        .unwrap();
    let keys = LogKeys::generate(ORIGIN).unwrap();
    let clock = Arc::new(FixedClock::new(
        Utc.from_utc_datetime(&today.and_hms_opt(2, 0, 0).unwrap()),
    ));
    let app = App::new(store, clock, Policy::default()).with_log_keys(keys.clone());
    World {
        app,
        keys,
        db,
        _dir: dir,
    }
}

fn verifiers(keys: &LogKeys) -> Vec<VerifierKey> {
    keys.signers.iter().map(SignerKey::verifier).collect()
}

/// Changes the database behind the application's back, as someone with the file could.
async fn tamper(db: &std::path::Path, sql: &'static str) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[tokio::test]
async fn the_demo_log_verifies_and_every_entry_proves_its_inclusion() {
    let w = world().await;
    let checkpoint = w
        .app
        .sign_checkpoint()
        .await
        .unwrap()
        .expect("a first checkpoint");
    assert!(
        checkpoint.size > 50,
        "the demo made {} changes",
        checkpoint.size
    );
    assert!(
        w.app.sign_checkpoint().await.unwrap().is_none(),
        "nothing new, no new checkpoint"
    );

    // The checkpoint carries an Ed25519 and an SM2 signature; a verifier knowing only the
    // Ed25519 key accepts it and ignores the SM2 line.
    let ed_only = VerifierSet::new(vec![w.keys.signers[0].verifier()]);
    let opened = open_note(checkpoint.note.as_bytes(), &ed_only).unwrap();
    assert_eq!((opened.verified.len(), opened.unverified.len()), (1, 1));
    let parsed = Checkpoint::parse(&opened.text).unwrap();
    assert_eq!(
        (parsed.origin(), parsed.size() as i64),
        (ORIGIN, checkpoint.size)
    );

    for seq in [0, 1, checkpoint.size / 2, checkpoint.size - 1] {
        let p = w.app.entry_proof(seq).await.unwrap();
        assert!(p.entry.starts_with("zhifa/entry/v1\n"));
        assert!(
            !p.entry.contains("Zhifa-Demo"),
            "no secrets in the public entry"
        );
        let proof: Vec<_> = p
            .inclusion_proof
            .iter()
            .map(|h| zhifa_ledger::hash::hash_from_base64(h).unwrap())
            .collect();
        let leaf = zhifa_ledger::leaf_hash(p.entry.as_bytes());
        zhifa_ledger::proof::check_record(
            &proof,
            p.tree_size as u64,
            parsed.root_hash(),
            seq as u64,
            &leaf,
        )
        .unwrap();
    }
    assert!(
        w.app.entry_proof(checkpoint.size).await.is_err(),
        "beyond the checkpoint there is no proof yet"
    );

    let report = w.app.verify_log(ORIGIN, &verifiers(&w.keys)).await.unwrap();
    assert_eq!(report.first_problem, None, "{report:?}");
    assert_eq!((report.entries, report.checkpoints), (checkpoint.size, 1));
}

#[tokio::test]
async fn a_changed_payload_is_named_by_its_entry() {
    let w = world().await;
    w.app.sign_checkpoint().await.unwrap();
    tamper(
        &w.db,
        "drop trigger events_no_update; update events set payload = replace(payload, '}', ',\"x\":1}') where seq = 30",
    )
    .await;
    let report = w.app.verify_log(ORIGIN, &verifiers(&w.keys)).await.unwrap();
    assert_eq!(report.at, Some(30), "{report:?}");
    assert!(report.first_problem.unwrap().contains("第 30 条"));
}

#[tokio::test]
async fn a_changed_tree_hash_or_a_foreign_checkpoint_is_caught() {
    let w = world().await;
    w.app.sign_checkpoint().await.unwrap();
    tamper(&w.db, "drop trigger log_hashes_no_update; update log_hashes set hash = zeroblob(32) where idx = 11").await;
    let report = w.app.verify_log(ORIGIN, &verifiers(&w.keys)).await.unwrap();
    assert!(
        report
            .first_problem
            .as_ref()
            .is_some_and(|p| p.contains("哈希表")),
        "{report:?}"
    );

    let w = world().await;
    w.app.sign_checkpoint().await.unwrap();
    let stranger = LogKeys::generate(ORIGIN).unwrap();
    let report = w
        .app
        .verify_log(ORIGIN, &verifiers(&stranger))
        .await
        .unwrap();
    assert!(
        report.first_problem.is_some_and(|p| p.contains("签名")),
        "a checkpoint not signed by the expected key fails"
    );
}

#[tokio::test]
async fn tiles_and_entry_bundles_rebuild_the_checkpoints_root() {
    let w = world().await;
    let c = w.app.sign_checkpoint().await.unwrap().unwrap();
    let size = c.size as u64;
    let tile = zhifa_ledger::tile::Tile::in_tree(0, 0, size).unwrap();
    let data = w.app.tile(&tile.path()).await.unwrap();
    assert_eq!(data.len(), tile.width() as usize * 32);
    let bundle = w
        .app
        .tile(&format!("tile/entries/000.p/{}", tile.width()))
        .await
        .unwrap();
    let entries = zhifa_ledger::tile::EntryBundle {
        n: 0,
        width: tile.width(),
    }
    .entries(&bundle)
    .unwrap();
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(
            &data[i * 32..(i + 1) * 32],
            zhifa_ledger::leaf_hash(e).as_slice(),
            "entry {i} hashes to its leaf"
        );
    }
    assert!(
        w.app.tile("tile/0/001").await.is_err(),
        "no tile beyond the tree"
    );
    assert!(
        w.app.tile("tile/0/01").await.is_err(),
        "only canonical paths"
    );
}

#[tokio::test]
async fn a_case_bundle_checks_offline_and_any_changed_byte_is_named() {
    use zhifa_app::bundle::{BundleSelection, check_bundle};
    let w = world().await;
    w.app.sign_checkpoint().await.unwrap();
    let selection = BundleSelection {
        subjects: vec!["list:1".into()],
    };
    let bundle = w.app.export_bundle(&selection).await.unwrap();
    assert!(
        bundle.entries.len() >= 5,
        "the list's whole history: {}",
        bundle.entries.len()
    );
    let trusted = verifiers(&w.keys);
    let no_files = |_: &str| None;
    let report = check_bundle(&bundle, &trusted, no_files).unwrap();
    assert_eq!(report.entries, bundle.entries.len());

    let mut changed = bundle.clone();
    changed.entries[2].payload["batch"] = serde_json::json!("第九批");
    let e = check_bundle(&changed, &trusted, no_files).unwrap_err();
    assert!(
        e.contains(&format!("第 {} 条", bundle.entries[2].seq)) && e.contains("内容"),
        "{e}"
    );

    let mut changed = bundle.clone();
    changed.entries[1].entry = changed.entries[1]
        .entry
        .replace("kind list.", "kind list.x");
    let e = check_bundle(&changed, &trusted, no_files).unwrap_err();
    assert!(
        e.contains(&format!("第 {} 条", bundle.entries[1].seq)),
        "{e}"
    );

    let mut changed = bundle.clone();
    changed.checkpoint = changed.checkpoint.replacen('\n', "\n\n", 1);
    assert!(
        check_bundle(&changed, &trusted, no_files).is_err(),
        "a changed checkpoint fails its signature"
    );

    let stranger = LogKeys::generate(ORIGIN).unwrap();
    assert!(
        check_bundle(&bundle, &verifiers(&stranger), no_files)
            .unwrap_err()
            .contains("签名")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_concurrent_use_cases_leaves_a_log_that_verifies() {
    let w = world().await;
    let admin = w
        .app
        .login("admin", demo::DEMO_PASSWORD)
        .await
        .unwrap()
        .actor;
    let before = w.app.sign_checkpoint().await.unwrap().unwrap().size;
    let tasks: Vec<_> = (0..40)
        .map(|t| {
            let (app, admin) = (w.app.clone(), admin.clone());
            tokio::spawn(async move {
                for i in 0..10 {
                    app.create_api_token(&admin, &format!("批量{t}-{i}"))
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let after = w.app.sign_checkpoint().await.unwrap().unwrap().size;
    assert_eq!(after, before + 400, "one entry per use case");
    let report = w.app.verify_log(ORIGIN, &verifiers(&w.keys)).await.unwrap();
    assert_eq!(report.first_problem, None, "{report:?}");
    assert_eq!(report.checkpoints, 2);
    let p = w.app.entry_proof(after - 1).await.unwrap();
    assert!(p.entry.contains("kind api_token.created"), "{}", p.entry);
}

#[tokio::test]
async fn a_deleted_entry_is_named() {
    let w = world().await;
    tamper(
        &w.db,
        "drop trigger events_no_delete; delete from events where seq = 40",
    )
    .await;
    let report = w.app.verify_log(ORIGIN, &verifiers(&w.keys)).await.unwrap();
    assert_eq!(report.at, Some(40), "{report:?}");
    assert!(report.first_problem.unwrap().contains("第 40 条记录缺失"));
}
