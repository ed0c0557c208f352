//! Adding and reading evidence through the use cases, on the demo county in SQLite with a real
//! evidence directory: who may add and read, what the log records, and that refused or bad
//! uploads leave neither a file nor a record.

use chrono::{Duration, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::AsyncReadExt;
use zhifa_app::clock::FixedClock;
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::evidence::EvidenceUpload;
use zhifa_app::{Actor, App, AppError};
use zhifa_domain::Id;
use zhifa_domain::evidence::{Capture, MediaType, TOO_LARGE};
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

struct World {
    app: App,
    evidence_dir: PathBuf,
    _dir: tempfile::TempDir,
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap()
}

async fn demo_world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let store: Arc<dyn Store> = Arc::new(store);
    demo::seed(store.clone(), now().date_naive(), Policy::default())
        .await
        .unwrap();
    let policy = Policy {
        evidence_max_bytes: 64 * 1024,
        ..Policy::default()
    };
    let evidence_dir = dir.path().join("evidence");
    let app =
        App::new(store, Arc::new(FixedClock::new(now())), policy).with_evidence_dir(&evidence_dir);
    World {
        app,
        evidence_dir,
        _dir: dir,
    }
}

async fn login(app: &App, username: &str) -> Actor {
    app.login(username, DEMO_PASSWORD).await.unwrap().actor
}

async fn org_id(app: &App, actor: &Actor, name: &str) -> Id {
    let orgs = app.visible_orgs(actor).await.unwrap();
    orgs.iter().find(|o| o.name == name).unwrap().id
}

fn upload(officer_id: Id) -> EvidenceUpload {
    EvidenceUpload {
        capture: Capture {
            media_type: MediaType::parse("video/mp4").unwrap(),
            captured_at: now() - Duration::hours(1),
            device: " 执法记录仪 DSJ-001 ".into(),
            officer_id,
            subject: Some("占道经营 现场检查".into()),
        },
        declared_size: None,
        expected_sha256: None,
    }
}

async fn event_count(app: &App) -> i64 {
    let mut tx = app.store.begin().await.unwrap();
    tx.event_count().await.unwrap()
}

fn files_under(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { files_under(&p) } else { 1 })
        .sum()
}

#[tokio::test]
async fn an_officer_adds_evidence_and_the_log_records_its_hash() {
    let w = demo_world().await;
    let officer = login(&w.app, "officer").await;
    let town = org_id(&w.app, &officer, "城关镇").await;
    let content = b"fake mp4 bytes from a body camera".to_vec();
    let added = w
        .app
        .add_evidence(&officer, town, upload(officer.user.id), &content[..])
        .await
        .unwrap();
    assert_eq!(added.size, content.len() as u64);
    assert!(!added.already_stored);

    let view = w.app.evidence(&officer, added.id).await.unwrap();
    assert_eq!(view.record.sha256, added.sha256);
    assert_eq!(view.record.device, "执法记录仪 DSJ-001", "trimmed");
    assert_eq!(view.record.uploaded_by, officer.user.id);
    assert_eq!(view.record.org_id, town);

    let mut tx = w.app.store.begin().await.unwrap();
    let entry = tx.events(1).await.unwrap().remove(0);
    assert_eq!(entry.kind, "evidence.added");
    assert_eq!(entry.subject, format!("evidence:{}", added.id));
    assert_eq!(entry.payload["sha256"], added.sha256.as_str());
    assert_eq!(entry.payload["size"], content.len() as i64);
    drop(tx);

    let (_, mut reader) = w.app.evidence_content(&officer, added.id).await.unwrap();
    let mut back = Vec::new();
    reader.read_to_end(&mut back).await.unwrap();
    assert_eq!(back, content);

    // An auxiliary records the same video for the officer: a second record, one file.
    let aux = login(&w.app, "aux").await;
    let again = w
        .app
        .add_evidence(&aux, town, upload(officer.user.id), &content[..])
        .await
        .unwrap();
    assert_ne!(again.id, added.id);
    assert_eq!(again.sha256, added.sha256);
    assert!(again.already_stored);
    assert_eq!(files_under(&w.evidence_dir), 1);
}

#[tokio::test]
async fn refused_and_bad_uploads_leave_no_file_and_no_record() {
    let w = demo_world().await;
    let officer = login(&w.app, "officer").await;
    let town = org_id(&w.app, &officer, "城关镇").await;
    let added = w
        .app
        .add_evidence(&officer, town, upload(officer.user.id), &b"kept"[..])
        .await
        .unwrap();
    let other = login(&w.app, "qs_officer").await;
    let admin = login(&w.app, "admin").await;
    // Sign-ins are logged too: count from here.
    let events = event_count(&w.app).await;

    let refused = w
        .app
        .add_evidence(&other, town, upload(other.user.id), &b"intruder"[..])
        .await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    assert!(matches!(
        w.app.evidence(&other, added.id).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        w.app.evidence_content(&other, added.id).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        w.app
            .add_evidence(&admin, town, upload(officer.user.id), &b"x"[..])
            .await,
        Err(AppError::Forbidden)
    ));

    let wrong_capturer = w
        .app
        .add_evidence(&officer, town, upload(other.user.id), &b"x"[..])
        .await;
    assert!(
        matches!(&wrong_capturer, Err(AppError::Refused(r)) if r.code == "evidence.capturer"),
        "{wrong_capturer:?}"
    );

    let big = vec![1u8; 64 * 1024 + 1];
    let too_large = w
        .app
        .add_evidence(&officer, town, upload(officer.user.id), &big[..])
        .await;
    assert!(
        matches!(&too_large, Err(AppError::Refused(r)) if r.code == TOO_LARGE),
        "{too_large:?}"
    );
    let mut truncated = upload(officer.user.id);
    truncated.declared_size = Some(100);
    let cut = w
        .app
        .add_evidence(&officer, town, truncated, &[2u8; 60][..])
        .await;
    assert!(matches!(cut, Err(AppError::Invalid(_))), "{cut:?}");

    assert_eq!(event_count(&w.app).await, events, "nothing recorded");
    assert_eq!(files_under(&w.evidence_dir), 1, "only the first file");
}

#[tokio::test]
async fn a_damaged_file_is_reported_naming_the_evidence() {
    let w = demo_world().await;
    let officer = login(&w.app, "officer").await;
    let town = org_id(&w.app, &officer, "城关镇").await;
    let added = w
        .app
        .add_evidence(&officer, town, upload(officer.user.id), &b"original"[..])
        .await
        .unwrap();
    let path = w
        .evidence_dir
        .join("sha256")
        .join(&added.sha256[..2])
        .join(&added.sha256);
    std::fs::write(&path, b"tampered").unwrap();
    let err = w
        .app
        .evidence_content(&officer, added.id)
        .await
        .err()
        .unwrap();
    assert!(matches!(err, AppError::Integrity(_)), "{err:?}");
    assert!(
        err.to_string().contains(&format!("证据 {}", added.id)),
        "{err}"
    );
}
