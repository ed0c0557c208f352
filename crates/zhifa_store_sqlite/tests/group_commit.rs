//! Group commit seen from outside: use cases from many tasks at once each keep "one use case,
//! one transaction" — committed ones survive closing and reopening the file, failed or
//! abandoned ones leave nothing, and neither kind disturbs the others in its batch.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use zhifa_domain::org::OrgKind;
use zhifa_store::{NewOrg, Store, StoreError};
use zhifa_store_sqlite::SqliteStore;

async fn open(db: &Path) -> Arc<SqliteStore> {
    let store = SqliteStore::open(db).await.unwrap();
    store.migrate().await.unwrap();
    Arc::new(store)
}

fn org(code: &str) -> NewOrg {
    NewOrg {
        parent_id: None,
        kind: OrgKind::Province,
        name: format!("省{code}"),
        code: code.to_string(),
    }
}

/// The codes of all bodies, read from a fresh connection to the file.
async fn codes_after_reopening(db: &Path) -> BTreeSet<String> {
    let store = SqliteStore::open(db).await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    tx.orgs()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.code)
        .collect()
}

/// What each of the concurrent use cases does.
#[derive(Clone, Copy)]
enum Fate {
    Commit,
    /// Writes, then tries a second body with a code already taken and gives up on the error.
    FailOnDuplicate,
    /// Writes, then ends without committing (an error elsewhere, a dropped request).
    Abandon,
}

async fn use_case(store: Arc<SqliteStore>, i: usize, fate: Fate) -> Result<(), StoreError> {
    let mut tx = store.begin().await?;
    tx.insert_org(&org(&format!("{i:04}"))).await?;
    // Give the other tasks a chance to queue behind this one, so batches form.
    tokio::task::yield_now().await;
    match fate {
        Fate::Commit => tx.commit().await,
        Fate::FailOnDuplicate => {
            tx.insert_org(&org("0000")).await?;
            tx.commit().await
        }
        Fate::Abandon => Ok(()),
    }
}

fn fate(i: usize) -> Fate {
    match i % 10 {
        3 => Fate::FailOnDuplicate,
        7 => Fate::Abandon,
        _ => Fate::Commit,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn use_cases_from_many_tasks_are_all_committed_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhifa.db");
    let store = open(&db).await;
    let tasks: Vec<_> = (0..300)
        .map(|i| tokio::spawn(use_case(store.clone(), i, Fate::Commit)))
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    drop(store);
    let codes = codes_after_reopening(&db).await;
    assert_eq!(codes.len(), 300);
    assert!(codes.contains("0000") && codes.contains("0299"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_or_abandoned_use_case_leaves_nothing_and_the_others_all_commit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhifa.db");
    let store = open(&db).await;
    // Body 0000 exists before the burst, so every duplicate attempt fails.
    let mut tx = store.begin().await.unwrap();
    tx.insert_org(&org("0000")).await.unwrap();
    tx.commit().await.unwrap();

    let tasks: Vec<_> = (1..200)
        .map(|i| (i, tokio::spawn(use_case(store.clone(), i, fate(i)))))
        .collect();
    for (i, t) in tasks {
        let result = t.await.unwrap();
        match fate(i) {
            Fate::FailOnDuplicate => assert!(
                matches!(result, Err(StoreError::Constraint { .. })),
                "use case {i}: {result:?}"
            ),
            _ => assert!(result.is_ok(), "use case {i}: {result:?}"),
        }
    }
    drop(store);
    let expected: BTreeSet<String> = std::iter::once(0)
        .chain((1..200).filter(|&i| matches!(fate(i), Fate::Commit)))
        .map(|i| format!("{i:04}"))
        .collect();
    assert_eq!(codes_after_reopening(&db).await, expected);
}

#[tokio::test]
async fn a_use_case_abandoned_in_the_middle_of_a_batch_does_not_take_the_batch_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhifa.db");
    let store = open(&db).await;
    let mut first = store.begin().await.unwrap();
    first.insert_org(&org("0001")).await.unwrap();
    // The second asks for the writer while the first holds it, so both share one batch.
    let second = tokio::spawn({
        let store = store.clone();
        async move {
            let mut tx = store.begin().await.unwrap();
            tx.insert_org(&org("0002")).await.unwrap();
            assert_eq!(
                tx.orgs().await.unwrap().len(),
                2,
                "it sees the first's body"
            );
            drop(tx);
        }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    first.commit().await.unwrap();
    second.await.unwrap();
    let mut tx = store.begin().await.unwrap();
    tx.insert_org(&org("0003")).await.unwrap();
    tx.commit().await.unwrap();
    drop(store);
    let codes: Vec<String> = codes_after_reopening(&db).await.into_iter().collect();
    assert_eq!(codes, ["0001", "0003"]);
}

#[tokio::test]
async fn a_read_transaction_sees_only_committed_changes() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("zhifa.db")).await;
    let mut writing = store.begin().await.unwrap();
    writing.insert_org(&org("0001")).await.unwrap();
    let mut reading = store.begin_read().await.unwrap();
    assert!(
        reading.orgs().await.unwrap().is_empty(),
        "a read does not wait for the writer and does not see its uncommitted work"
    );
    drop(reading);
    writing.commit().await.unwrap();
    let mut reading = store.begin_read().await.unwrap();
    assert_eq!(reading.orgs().await.unwrap().len(), 1);
}

fn entry(seq: i64) -> zhifa_store::NewEvent {
    zhifa_store::NewEvent {
        seq,
        at: chrono::DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
        actor_id: None,
        org_id: None,
        kind: "test.entry".into(),
        subject: format!("entry:{seq}"),
        payload: serde_json::json!({}),
        salt: vec![],
        leaf_hash: vec![0; 32],
    }
}

#[tokio::test]
async fn an_abandoned_append_gives_its_index_back_to_the_next_use_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir.path().join("zhifa.db")).await;
    for expected in [0, 1] {
        let mut tx = store.begin().await.unwrap();
        assert_eq!(tx.lock_log().await.unwrap(), expected);
        tx.append_event(&entry(expected), &[]).await.unwrap();
        drop(tx);
        let mut tx = store.begin().await.unwrap();
        assert_eq!(
            tx.lock_log().await.unwrap(),
            expected,
            "the rolled-back index"
        );
        tx.append_event(&entry(expected), &[]).await.unwrap();
        // A second use case queued in the same batch sees the index after this one's.
        let next = tokio::spawn({
            let store = store.clone();
            async move {
                let mut tx = store.begin().await.unwrap();
                let seq = tx.lock_log().await.unwrap();
                tx.append_event(&entry(seq), &[]).await.unwrap();
                drop(tx);
                seq
            }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        tx.commit().await.unwrap();
        assert_eq!(next.await.unwrap(), expected + 1);
    }
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.event_count().await.unwrap(), 2);
}
