//! The store conformance suite on PostgreSQL: each check gets a brand-new schema.
//!
//! Needs a server: set `ZHIFA_TEST_PG_URL` (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
//! Without it every test passes trivially, after a note on stderr. When
//! `ZHIFA_PG_SUITE_MARKER` names a file, each check that got a database appends a line to it,
//! so that CI can tell the suite really ran.

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use zhifa_store::Store;
use zhifa_store_postgres::PgStore;

const URL_VAR: &str = "ZHIFA_TEST_PG_URL";
const MARKER_VAR: &str = "ZHIFA_PG_SUITE_MARKER";

/// The server's URL, or `None` (after a note) when there is none to test against.
fn server(check: &str) -> Option<String> {
    let url = std::env::var(URL_VAR).ok();
    if url.is_none() {
        eprintln!("{check}: skipped, {URL_VAR} is not set (no PostgreSQL server to test against)");
    }
    url
}

/// A name no other test, run or process has used.
#[allow(
    clippy::disallowed_methods,
    reason = "test schema names only need to differ between runs"
)]
fn new_schema() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "zt_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Records in the marker file, if any, that `check` ran against the server.
fn mark(check: &str, schema: &str) {
    if let Ok(marker) = std::env::var(MARKER_VAR) {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&marker)
            .unwrap();
        writeln!(file, "ran {check} in schema {schema}").unwrap();
    }
}

/// A store in a schema of its own, not yet migrated; `None` without a server.
async fn empty(check: &str) -> Option<(PgStore, String, String)> {
    let url = server(check)?;
    let schema = new_schema();
    let store = PgStore::open_in_schema(&url, &schema).await.unwrap();
    mark(check, &schema);
    Some((store, url, schema))
}

async fn fresh() -> Option<PgStore> {
    let (store, _, _) = empty("conformance check").await?;
    store.migrate().await.unwrap();
    Some(store)
}

zhifa_store::conformance_tests!(fresh());

#[tokio::test]
async fn migrations_apply_once() {
    let Some((store, _, _)) = empty("migrations_apply_once").await else {
        return;
    };
    assert_eq!(
        store.migrate().await.unwrap(),
        6,
        "foundation, cases, documents, publications, complaints and case codes"
    );
    assert_eq!(store.migrate().await.unwrap(), 0);
    store.ping().await.unwrap();
    assert_eq!(store.backend(), "postgres");
}

/// Two processes starting at once on a fresh schema: one applies the migrations, the other
/// waits for it and finds nothing left to do.
#[tokio::test]
async fn concurrent_migrations_take_turns() {
    let Some((a, url, schema)) = empty("concurrent_migrations_take_turns").await else {
        return;
    };
    // A second pool on the same schema stands for the second process.
    let b = PgStore::open_in_schema(&url, &schema).await.unwrap();
    let (ra, rb) = tokio::join!(a.migrate(), b.migrate());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra + rb, 6, "one of them applies the six migrations");
    assert_eq!(b.migrate().await.unwrap(), 0);
}

#[tokio::test]
async fn backups_are_left_to_pg_dump() {
    let Some(store) = fresh().await else { return };
    let err = store
        .backup_to(std::path::Path::new("zhifa.dump"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, zhifa_store::StoreError::Unsupported(_)),
        "{err:?}"
    );
}

/// PostgreSQL aborts a transaction at its first error; the backend undoes the refused write
/// as a whole (not only its failing statement) and lets the transaction go on.
#[tokio::test]
async fn a_refused_write_is_undone_whole() {
    use zhifa_domain::acceptance::{AcceptanceList, ListItem};
    let Some(store) = fresh().await else { return };
    let mut tx = store.begin().await.unwrap();
    let org = |code: &str| zhifa_store::NewOrg {
        parent_id: None,
        kind: zhifa_domain::org::OrgKind::Province,
        name: "四川省".into(),
        code: code.into(),
    };
    let town = tx.insert_org(&org("51")).await.unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let mut list = AcceptanceList::new(0, town.id, "第一批", day).unwrap();
    list.id = tx.insert_list(&list).await.unwrap();
    let mut bad = list.clone();
    bad.batch = "改名".into();
    bad.items.push(ListItem {
        item_id: 9999,
        effective_from: day,
        transition_until: None,
    });
    assert!(tx.update_list(&bad).await.is_err());
    assert_eq!(
        tx.list(list.id).await.unwrap().unwrap(),
        list,
        "the rename is undone too"
    );
    tx.insert_org(&org("52")).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.orgs().await.unwrap().len(), 2);
}
