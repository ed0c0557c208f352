//! Long runs of the log read back exactly as written: events and stored hashes by range,
//! across the runs in which SQLite joins them, in order, with nothing added or lost.

use chrono::{Duration, TimeZone, Utc};
use zhifa_domain::org::{OrgKind, Role};
use zhifa_store::{EntryRows, NewEvent, NewOrg, NewUser, Store};
use zhifa_store_sqlite::SqliteStore;

const N: i64 = 20_000;

fn event(seq: i64, actor: i64, org: i64) -> NewEvent {
    let payload = match seq % 3 {
        0 => {
            serde_json::json!({"name": format!("“引号”\"{seq}\"\n\\"), "nested": [1, {"x": null}]})
        }
        1 => serde_json::json!({}),
        _ => serde_json::json!({"n": seq, "f": 0.5, "t": true}),
    };
    NewEvent {
        seq,
        at: Utc.with_ymd_and_hms(2026, 11, 27, 2, 0, 0).unwrap() + Duration::microseconds(seq * 7),
        actor_id: (seq % 2 == 0).then_some(actor),
        org_id: (seq % 5 != 0).then_some(org),
        kind: format!("kind.{}", seq % 7),
        subject: format!("subject:{seq}"),
        payload,
        salt: (0..(seq % 17) as u8).collect(),
        leaf_hash: seq.to_be_bytes().repeat(4),
    }
}

#[tokio::test]
async fn long_runs_of_events_and_hashes_read_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("zhifa.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .insert_org(&NewOrg {
            parent_id: None,
            kind: OrgKind::Province,
            name: "四川省".into(),
            code: "51".into(),
        })
        .await
        .unwrap();
    let actor = tx
        .insert_user(&NewUser {
            username: "u".into(),
            display_name: "用户".into(),
            role: Role::Administrator,
            org_id: org.id,
            password_hash: "h".into(),
            created_at: Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap(),
        })
        .await
        .unwrap();
    let written: Vec<NewEvent> = (0..N).map(|seq| event(seq, actor, org.id)).collect();
    // Every other index, so that missing ones show; all with the first entry, which is more
    // than one statement takes.
    let hashes: Vec<(i64, [u8; 32])> = (0..2 * N)
        .step_by(2)
        .map(|idx| (idx, idx.to_le_bytes().repeat(4).try_into().unwrap()))
        .collect();
    let stored: Vec<(i64, Vec<u8>)> = hashes.iter().map(|(i, h)| (*i, h.to_vec())).collect();
    for (i, e) in written.iter().enumerate() {
        let with = if i == 0 { &stored[..] } else { &[] };
        tx.append_event(e, with).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.events_range(0, N).await.unwrap(), written);
    assert_eq!(
        tx.events_range(8000, 8400).await.unwrap(),
        written[8000..8400]
    );
    assert!(tx.events_range(5, 5).await.unwrap().is_empty());
    assert!(tx.events_range(N, N + 10).await.unwrap().is_empty());
    // The stored texts: the same fields, times in the canonical form, payloads as written.
    assert_eq!(
        tx.entry_rows_range(0, N).await.unwrap(),
        EntryRows::of_events(&written)
    );
    assert_eq!(
        tx.entry_rows_range(8190, 8200).await.unwrap(),
        EntryRows::of_events(&written[8190..8200])
    );
    assert!(tx.entry_rows_range(N, N + 1).await.unwrap().is_empty());
    assert_eq!(tx.log_hashes_range(0, 2 * N).await.unwrap(), hashes);
    assert_eq!(
        tx.log_hashes_range(16_383, 16_390).await.unwrap(),
        hashes[8192..8195]
    );
    assert!(tx.log_hashes_range(101, 102).await.unwrap().is_empty());
}
