//! The audit trail as a verifiable log: events (the leaves), the stored hashes of the Merkle
//! tree over them, and signed checkpoints — all append-only, in PostgreSQL's dialect.
//!
//! Appenders serialise on a transaction-scoped advisory lock, so that two transactions never
//! take the same index: the lock is held until commit or rollback.

use crate::mapping::backend;
use crate::rows::event_row;
use crate::tx::PgTx;
use sqlx::Row;
use sqlx::postgres::PgRow;
use zhifa_domain::Id;
use zhifa_store::{Event, NewEvent, StoreResult as R, StoredCheckpoint, StoredCosignature};

/// The advisory-lock key of the log's append lock ("zhifalog" in ASCII).
const LOG_LOCK: i64 = 0x7a68_6966_616c_6f67;

impl PgTx {
    pub(crate) async fn lock_and_count_events(&mut self) -> R<Id> {
        sqlx::query("select pg_advisory_xact_lock($1)")
            .bind(LOG_LOCK)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        self.load_event_count().await
    }

    /// The event and the tree hashes it completes (under the caller's savepoint).
    pub(crate) async fn store_entry(&mut self, e: &NewEvent, hashes: &[(i64, Vec<u8>)]) -> R<()> {
        self.store_event(e).await?;
        if hashes.is_empty() {
            return Ok(());
        }
        self.store_log_hashes(hashes).await
    }

    async fn store_event(&mut self, e: &NewEvent) -> R<()> {
        sqlx::query(
            "insert into events (seq, at, actor_id, org_id, kind, subject, payload, salt, leaf_hash) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
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
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn load_latest_events(&mut self, limit: i64) -> R<Vec<Event>> {
        let rows = sqlx::query("select * from events order by seq desc limit $1")
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    pub(crate) async fn load_events_range(&mut self, from: Id, to: Id) -> R<Vec<Event>> {
        let rows = sqlx::query("select * from events where seq >= $1 and seq < $2 order by seq")
            .bind(from)
            .bind(to)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    pub(crate) async fn load_event_count(&mut self) -> R<Id> {
        let row = sqlx::query("select coalesce(max(seq) + 1, 0)::bigint from events")
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_log_hashes(&mut self, indexes: &[i64]) -> R<Vec<(i64, Vec<u8>)>> {
        let rows = sqlx::query("select idx, hash from log_hashes where idx = any($1)")
            .bind(indexes)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get(0).map_err(backend)?,
                    r.try_get(1).map_err(backend)?,
                ))
            })
            .collect()
    }

    async fn store_log_hashes(&mut self, hashes: &[(i64, Vec<u8>)]) -> R<()> {
        let (idx, hash): (Vec<i64>, Vec<Vec<u8>>) = hashes.iter().cloned().unzip();
        sqlx::query(
            "insert into log_hashes (idx, hash) select * from unnest($1::bigint[], $2::bytea[])",
        )
        .bind(idx)
        .bind(hash)
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn store_checkpoint(&mut self, c: &StoredCheckpoint) -> R<()> {
        sqlx::query("insert into checkpoints (size, at, note) values ($1, $2, $3)")
            .bind(c.size)
            .bind(c.at)
            .bind(&c.note)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn load_latest_checkpoint(&mut self) -> R<Option<StoredCheckpoint>> {
        let row = sqlx::query("select size, at, note from checkpoints order by size desc limit 1")
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(checkpoint_row).transpose()
    }

    pub(crate) async fn load_checkpoints(&mut self) -> R<Vec<StoredCheckpoint>> {
        let rows = sqlx::query("select size, at, note from checkpoints order by size")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(checkpoint_row).collect()
    }

    pub(crate) async fn store_cosignature(&mut self, c: &StoredCosignature) -> R<()> {
        sqlx::query("insert into cosignatures (size, witness, line, at) values ($1, $2, $3, $4)")
            .bind(c.size)
            .bind(&c.witness)
            .bind(&c.line)
            .bind(c.at)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn load_cosignatures(&mut self, size: i64) -> R<Vec<StoredCosignature>> {
        let rows = sqlx::query(
            "select size, witness, line, at from cosignatures where size = $1 order by witness",
        )
        .bind(size)
        .fetch_all(&mut *self.tx)
        .await
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
        let row = sqlx::query("select max(size) from cosignatures where witness = $1")
            .bind(witness)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }
}

fn checkpoint_row(r: &PgRow) -> R<StoredCheckpoint> {
    Ok(StoredCheckpoint {
        size: r.try_get("size").map_err(backend)?,
        at: r.try_get("at").map_err(backend)?,
        note: r.try_get("note").map_err(backend)?,
    })
}
