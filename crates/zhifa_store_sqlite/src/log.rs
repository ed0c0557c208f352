//! The audit trail as a verifiable log: events (the leaves), the stored hashes of the Merkle
//! tree over them, and signed checkpoints — all append-only, in SQLite's dialect.

use crate::mapping::backend;
use crate::rows::event_row;
use crate::sql::{Row, query};
use crate::tx::SqliteTx;
use zhifa_domain::Id;
use zhifa_store::{Event, NewEvent, StoreResult as R, StoredCheckpoint, StoredCosignature};

/// SQLite allows at most 32,766 bound parameters; stay well below.
const CHUNK: usize = 500;

impl SqliteTx {
    /// The event and the tree hashes it completes, all or nothing.
    pub(crate) async fn store_entry(&mut self, e: &NewEvent, hashes: &[(i64, Vec<u8>)]) -> R<()> {
        self.atomic(|conn| {
            query(
                "insert into events (seq, at, actor_id, org_id, kind, subject, payload, salt, leaf_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(e.seq)
            .bind(e.at)
            .bind(e.actor_id)
            .bind(e.org_id)
            .bind(&e.kind)
            .bind(&e.subject)
            .bind(e.payload.to_string())
            .bind(&e.salt)
            .bind(&e.leaf_hash)
            .execute(conn)
            .map_err(backend)?;
            let mut insert = conn
                .prepare_cached("insert into log_hashes (idx, hash) values (?, ?)")
                .map_err(backend)?;
            for (idx, hash) in hashes {
                insert.execute((idx, hash)).map_err(backend)?;
            }
            Ok(())
        })?;
        self.tx.set_next_seq(e.seq + 1);
        Ok(())
    }

    pub(crate) async fn load_latest_events(&mut self, limit: i64) -> R<Vec<Event>> {
        let rows = query("select * from events order by seq desc limit ?")
            .bind(limit)
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    pub(crate) async fn load_event_count(&mut self) -> R<Id> {
        let row = query("select coalesce(max(seq) + 1, 0) from events")
            .fetch_one(&self.tx)
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_log_hashes(&mut self, indexes: &[i64]) -> R<Vec<(i64, Vec<u8>)>> {
        let mut out = Vec::with_capacity(indexes.len());
        for chunk in indexes.chunks(CHUNK) {
            // One statement per chunk: `idx in (select value from json_each(?))` binds the
            // whole list as one JSON array.
            let list = serde_json::to_string(chunk).expect("integers serialise");
            let rows = query(
                "select idx, hash from log_hashes where idx in (select value from json_each(?))",
            )
            .bind(list)
            .fetch_all(&self.tx)
            .map_err(backend)?;
            for r in rows {
                out.push((
                    r.try_get(0).map_err(backend)?,
                    r.try_get(1).map_err(backend)?,
                ));
            }
        }
        Ok(out)
    }

    pub(crate) async fn store_checkpoint(&mut self, c: &StoredCheckpoint) -> R<()> {
        query("insert into checkpoints (size, at, note) values (?, ?, ?)")
            .bind(c.size)
            .bind(c.at)
            .bind(&c.note)
            .execute(&self.tx)
            .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn load_latest_checkpoint(&mut self) -> R<Option<StoredCheckpoint>> {
        let row = query("select size, at, note from checkpoints order by size desc limit 1")
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(checkpoint_row).transpose()
    }

    pub(crate) async fn load_checkpoints(&mut self) -> R<Vec<StoredCheckpoint>> {
        let rows = query("select size, at, note from checkpoints order by size")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(checkpoint_row).collect()
    }

    pub(crate) async fn store_cosignature(&mut self, c: &StoredCosignature) -> R<()> {
        query("insert into cosignatures (size, witness, line, at) values (?, ?, ?, ?)")
            .bind(c.size)
            .bind(&c.witness)
            .bind(&c.line)
            .bind(c.at)
            .execute(&self.tx)
            .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn load_cosignatures(&mut self, size: i64) -> R<Vec<StoredCosignature>> {
        let rows = query(
            "select size, witness, line, at from cosignatures where size = ? order by witness",
        )
        .bind(size)
        .fetch_all(&self.tx)
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(StoredCosignature {
                    size: r.try_get("size").map_err(backend)?,
                    witness: r.try_get("witness").map_err(backend)?,
                    line: r.try_get("line").map_err(backend)?,
                    at: r.try_get("at").map_err(backend)?,
                })
            })
            .collect()
    }

    pub(crate) async fn load_witness_size(&mut self, witness: &str) -> R<Option<i64>> {
        let row = query("select max(size) from cosignatures where witness = ?")
            .bind(witness)
            .fetch_one(&self.tx)
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }
}

fn checkpoint_row(r: &Row) -> R<StoredCheckpoint> {
    Ok(StoredCheckpoint {
        size: r.try_get("size").map_err(backend)?,
        at: r.try_get("at").map_err(backend)?,
        note: r.try_get("note").map_err(backend)?,
    })
}
