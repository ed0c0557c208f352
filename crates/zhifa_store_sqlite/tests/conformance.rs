//! The store conformance suite on SQLite: each check gets a fresh database file.

use zhifa_store::Store;
use zhifa_store_sqlite::SqliteStore;

async fn fresh() -> Option<SqliteStore> {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    // The directory must outlive the test; the OS cleans the temp dir.
    std::mem::forget(dir);
    Some(store)
}

zhifa_store::conformance_tests!(fresh());

#[tokio::test]
async fn migrations_apply_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    assert_eq!(
        store.migrate().await.unwrap(),
        6,
        "foundation, cases, documents, publications, complaints and case codes"
    );
    assert_eq!(store.migrate().await.unwrap(), 0);
}

#[tokio::test]
async fn a_backup_is_a_usable_database() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.insert_org(&zhifa_store::NewOrg {
        parent_id: None,
        kind: zhifa_domain::org::OrgKind::Province,
        name: "四川省".into(),
        code: "51".into(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let copy = dir.path().join("copy.db");
    store.backup_to(&copy).await.unwrap();
    assert!(store.backup_to(&copy).await.is_err(), "never overwrites");
    let restored = SqliteStore::open(&copy).await.unwrap();
    assert_eq!(restored.migrate().await.unwrap(), 0);
    let mut tx = restored.begin().await.unwrap();
    assert_eq!(tx.orgs().await.unwrap()[0].name, "四川省");
}
