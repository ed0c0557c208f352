//! A case bundle with its evidence: exported from the demo county, checked as a court would
//! with only the bundle and the log's public key, and one changed byte of an evidence file
//! is caught and named.

use chrono::{Duration, TimeZone, Utc};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use zhifa_app::App;
use zhifa_app::bundle::{BundleSelection, check_bundle};
use zhifa_app::clock::FixedClock;
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::evidence::EvidenceUpload;
use zhifa_app::log::LogKeys;
use zhifa_domain::evidence::{Capture, MediaType};
use zhifa_domain::policy::Policy;
use zhifa_ledger::SignerKey;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

#[tokio::test]
async fn a_bundle_carries_its_evidence_and_a_changed_byte_of_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap();
    demo::seed(store.clone(), now.date_naive(), Policy::default())
        .await
        .unwrap();
    let keys = LogKeys::generate("zhifa.test/519901").unwrap();
    let evidence_dir = dir.path().join("evidence");
    let app = App::new(store, Arc::new(FixedClock::new(now)), Policy::default())
        .with_log_keys(keys.clone())
        .with_evidence_dir(&evidence_dir);

    let officer = app.login("officer", DEMO_PASSWORD).await.unwrap().actor;
    let photo = b"\x89PNG\r\n\x1a\n a photo of the site".to_vec();
    let upload = EvidenceUpload {
        capture: Capture {
            media_type: MediaType::parse("image/png").unwrap(),
            captured_at: now - Duration::hours(2),
            device: "执法记录仪 DSJ-002".into(),
            officer_id: officer.user.id,
            subject: Some("list:1".into()),
        },
        declared_size: Some(photo.len() as u64),
        expected_sha256: None,
    };
    let added = app
        .add_evidence(&officer, officer.org.id, upload, photo.as_slice())
        .await
        .unwrap();
    app.sign_checkpoint().await.unwrap().unwrap();

    let bundle = app
        .export_bundle(&BundleSelection {
            subjects: vec!["list:1".into()],
        })
        .await
        .unwrap();
    assert_eq!(bundle.evidence.len(), 1);
    let sha = hex::encode(Sha256::digest(&photo));
    assert_eq!(bundle.evidence[0].sha256, sha);
    assert!(
        bundle
            .entries
            .iter()
            .any(|e| e.entry.contains(&format!("subject evidence:{}", added.id)))
    );

    // The bundle's files, as a court would receive them.
    let mut files: HashMap<String, Vec<u8>> = HashMap::new();
    files.insert(bundle.evidence[0].file.clone(), photo.clone());
    let digest = |files: &HashMap<String, Vec<u8>>, f: &str| {
        files
            .get(f)
            .map(|b| (<[u8; 32]>::from(Sha256::digest(b)), b.len() as u64))
    };
    let trusted: Vec<_> = keys.signers.iter().map(SignerKey::verifier).collect();
    let report = check_bundle(&bundle, &trusted, |f| digest(&files, f)).unwrap();
    assert_eq!(report.evidence, 1);

    let mut changed = files.clone();
    changed.get_mut(&bundle.evidence[0].file).unwrap()[3] ^= 1;
    let e = check_bundle(&bundle, &trusted, |f| digest(&changed, f)).unwrap_err();
    assert!(
        e.contains(&bundle.evidence[0].file) && e.contains("改动"),
        "{e}"
    );
    let e = check_bundle(&bundle, &trusted, |_| None).unwrap_err();
    assert!(e.contains("缺失"), "{e}");
}

#[tokio::test]
async fn publishing_a_list_signs_a_checkpoint_that_covers_it_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap();
    demo::seed(store.clone(), now.date_naive(), Policy::default())
        .await
        .unwrap();
    let keys = LogKeys::generate("zhifa.test/519901").unwrap();
    let app = App::new(
        store.clone(),
        Arc::new(FixedClock::new(now)),
        Policy::default(),
    )
    .with_log_keys(keys);
    let admin = app.login("admin", DEMO_PASSWORD).await.unwrap().actor;
    let city = app.login("city", DEMO_PASSWORD).await.unwrap().actor;
    let lists = app.lists(&admin).await.unwrap();
    let qs = lists
        .iter()
        .find(|l| l.township.name == "青山镇")
        .unwrap()
        .list
        .id;
    app.review_list(&city, qs, true, "同意").await.unwrap();
    assert!(
        app.latest_checkpoint().await.unwrap().is_none(),
        "a review is not a decision that signs"
    );
    app.publish_list(&admin, qs).await.unwrap();
    let note = app
        .latest_checkpoint()
        .await
        .unwrap()
        .expect("publication signs a checkpoint");
    let size: i64 = note.lines().nth(1).unwrap().parse().unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(
        size,
        tx.event_count().await.unwrap(),
        "the checkpoint covers the publication"
    );
}
