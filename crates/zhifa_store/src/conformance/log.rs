//! Conformance of the verifiable log: entries numbered from 0 under the append lock, their
//! tree hashes, checkpoints and cosignatures kept, and nothing of it rewritten.

use super::{TamperProbe, at, tree};
use crate::*;

fn event(seq: Id, town: Id, kind: &str) -> NewEvent {
    NewEvent {
        seq,
        at: at(1),
        actor_id: None,
        org_id: Some(town),
        kind: kind.into(),
        subject: format!("org:{town}"),
        payload: serde_json::json!({"名称": "某镇"}),
        salt: vec![7; 16],
        leaf_hash: vec![seq as u8; 32],
    }
}

/// The log numbers entries from 0 under its append lock, keeps their tree hashes and
/// checkpoints, and refuses to be rewritten.
pub async fn the_log_is_append_only<S: Store + TamperProbe>(store: &S) {
    let mut tx = store.begin().await.unwrap();
    let (_, town, _) = tree(&mut *tx).await;
    assert_eq!(tx.lock_log().await.unwrap(), 0);
    tx.append_event(&event(0, town.id, "org.created"), &[(0, vec![1; 32])])
        .await
        .unwrap();
    assert_eq!(tx.lock_log().await.unwrap(), 1);
    tx.append_event(
        &event(1, town.id, "org.renamed"),
        &[(1, vec![2; 32]), (2, vec![3; 32])],
    )
    .await
    .unwrap();
    assert!(
        tx.append_event(&event(1, town.id, "again"), &[])
            .await
            .is_err(),
        "an index is taken once"
    );
    assert!(
        tx.append_event(&event(2, town.id, "org.moved"), &[(2, vec![4; 32])])
            .await
            .is_err(),
        "a stored hash is written once"
    );
    assert_eq!(tx.event_count().await.unwrap(), 2);
    let latest = tx.events(10).await.unwrap();
    assert_eq!(latest[0].kind, "org.renamed");
    assert_eq!(latest[1], event(0, town.id, "org.created"));
    let range = tx.events_range(1, 5).await.unwrap();
    assert_eq!(range.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1]);
    let all = tx.events_range(0, 2).await.unwrap();
    assert_eq!(
        tx.entry_rows_range(0, 2).await.unwrap(),
        crate::EntryRows::of_events(&all),
        "stored texts agree with the events"
    );

    let mut got = tx.log_hashes(&[2, 0, 9]).await.unwrap();
    got.sort();
    assert_eq!(
        got,
        vec![(0, vec![1; 32]), (2, vec![3; 32])],
        "absent indexes are simply absent, and a refused entry left nothing"
    );
    assert_eq!(tx.event_count().await.unwrap(), 2);

    assert_eq!(tx.latest_checkpoint().await.unwrap(), None);
    let c1 = StoredCheckpoint {
        size: 1,
        at: at(2),
        note: "zhifa/test\n1\nAAAA\n".into(),
    };
    let c2 = StoredCheckpoint {
        size: 2,
        at: at(3),
        note: "zhifa/test\n2\nBBBB\n".into(),
    };
    tx.insert_checkpoint(&c1).await.unwrap();
    tx.insert_checkpoint(&c2).await.unwrap();
    assert_eq!(tx.latest_checkpoint().await.unwrap(), Some(c2.clone()));
    assert_eq!(tx.checkpoints().await.unwrap(), vec![c1, c2]);
    let cosig = |size, witness: &str| StoredCosignature {
        size,
        witness: witness.into(),
        line: format!("— {witness} AAAA"),
        at: at(4),
    };
    assert_eq!(tx.witness_size("w1").await.unwrap(), None);
    tx.insert_cosignature(&cosig(1, "w1")).await.unwrap();
    tx.insert_cosignature(&cosig(2, "w1")).await.unwrap();
    tx.insert_cosignature(&cosig(2, "w2")).await.unwrap();
    assert!(
        tx.insert_cosignature(&cosig(2, "w2")).await.is_err(),
        "one cosignature per witness and size"
    );
    assert!(
        tx.insert_cosignature(&cosig(9, "w1")).await.is_err(),
        "only of a stored checkpoint"
    );
    assert_eq!(tx.witness_size("w1").await.unwrap(), Some(2));
    assert_eq!(
        tx.cosignatures(2).await.unwrap(),
        vec![cosig(2, "w1"), cosig(2, "w2")]
    );
    tx.commit().await.unwrap();

    for table in ["events", "log_hashes", "checkpoints", "cosignatures"] {
        assert!(
            store.tamper_with(table).await.is_err(),
            "{table} must refuse UPDATE and DELETE"
        );
    }
    let mut tx = store.begin().await.unwrap();
    assert_eq!(tx.event_count().await.unwrap(), 2, "nothing was removed");
}
