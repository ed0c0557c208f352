//! Reading long runs of the log — events and stored hashes by range — as verifying the whole
//! log and serving tiles do.
//!
//! SQLite joins each run into one text, read as a single row: the driver hands rows over one
//! by one from SQLite's thread, at a cost per row far above SQLite's own, which over millions
//! of entries decided the speed of verification. Fields are separated by the ASCII unit
//! separator and records by the record separator, which none of the stored texts contains
//! (codes, times and JSON, whose control characters are escaped), blobs are in hexadecimal.
//! A text that does not split as it should is reported as corrupt. Records come in the order
//! of the table's scan, which for a range of the integer primary key is key order; the order
//! is checked rather than asked for, since sorting in SQL costs as much again.
//! Not here: writing the log, checkpoints (`log`).

use crate::mapping::{backend, from_json};
use crate::tx::SqliteTx;
use chrono::{DateTime, Utc};
use sqlx::Row;
use zhifa_domain::Id;
use zhifa_store::{Event, StoreError, StoreResult as R};

/// How many rows go into one text: a few megabytes, far below SQLite's string limit.
const RUN: i64 = 8192;
const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';

impl SqliteTx {
    pub(crate) async fn load_events_range(&mut self, from: Id, to: Id) -> R<Vec<Event>> {
        let mut events: Vec<Event> = self
            .scan(
                "select group_concat(concat_ws(char(31), seq, at, ifnull(actor_id, ''), \
                 ifnull(org_id, ''), kind, subject, payload, hex(salt), hex(leaf_hash)), char(30)) \
                 from events where seq >= ? and seq < ?",
                from..to,
                RUN,
                event,
            )
            .await?;
        if !events.is_sorted_by_key(|e| e.seq) {
            events.sort_by_key(|e| e.seq);
        }
        Ok(events)
    }

    pub(crate) async fn load_log_hashes_range(
        &mut self,
        from: i64,
        to: i64,
    ) -> R<Vec<(i64, Vec<u8>)>> {
        let mut hashes = self
            .scan(
                "select group_concat(idx || char(31) || hex(hash), char(30)) \
                 from log_hashes where idx >= ? and idx < ?",
                from..to,
                2 * RUN,
                |record| {
                    let (idx, hash) = record.split_once(FIELD).ok_or_else(|| corrupt(record))?;
                    Ok((idx.parse().map_err(corrupt)?, unhex(hash)?))
                },
            )
            .await?;
        if !hashes.is_sorted_by_key(|(idx, _)| *idx) {
            hashes.sort_by_key(|(idx, _)| *idx);
        }
        Ok(hashes)
    }

    /// The records of `sql` over the keys `keys`, `run` keys per query: SQLite's thread joins
    /// each run while the one before is split here.
    async fn scan<T>(
        &mut self,
        sql: &'static str,
        keys: std::ops::Range<i64>,
        run: i64,
        parse: impl Fn(&str) -> R<T>,
    ) -> R<Vec<T>> {
        let mut out = Vec::with_capacity((keys.end - keys.start).clamp(0, 8 * run) as usize);
        let mut start = keys.start.min(keys.end);
        let mut end = keys.end.min(start.saturating_add(run));
        let mut text = self.joined(sql, start..end).await?;
        while start < keys.end {
            (start, end) = (end, keys.end.min(end.saturating_add(run)));
            let (next, parsed) = tokio::join!(
                biased;
                async {
                    if start < end {
                        self.joined(sql, start..end).await
                    } else {
                        Ok(String::new())
                    }
                },
                async {
                    for record in text.split_terminator(RECORD) {
                        out.push(parse(record)?);
                    }
                    R::Ok(())
                },
            );
            parsed?;
            text = next?;
        }
        Ok(out)
    }

    /// The one text of an aggregate query over a range of keys (empty when no row matched).
    async fn joined(&mut self, sql: &'static str, keys: std::ops::Range<i64>) -> R<String> {
        let row = sqlx::query(sql)
            .bind(keys.start)
            .bind(keys.end)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
        let text: Option<String> = row.try_get(0).map_err(backend)?;
        Ok(text.unwrap_or_default())
    }
}

/// One event's fields, in the order of the query above.
fn event(record: &str) -> R<Event> {
    let mut fields = record.split(FIELD);
    let mut next = || fields.next().ok_or_else(|| corrupt(record));
    let id = |text: &str| -> R<Option<Id>> {
        (!text.is_empty())
            .then(|| text.parse().map_err(corrupt))
            .transpose()
    };
    let event = Event {
        seq: next()?.parse().map_err(corrupt)?,
        at: DateTime::parse_from_rfc3339(next()?)
            .map_err(corrupt)?
            .with_timezone(&Utc),
        actor_id: id(next()?)?,
        org_id: id(next()?)?,
        kind: next()?.to_string(),
        subject: next()?.to_string(),
        payload: from_json(next()?)?,
        salt: unhex(next()?)?,
        leaf_hash: unhex(next()?)?,
    };
    if fields.next().is_some() {
        return Err(corrupt(record));
    }
    Ok(event)
}

/// The value of each upper-case hexadecimal digit, as SQLite's `hex()` writes them; 0xff
/// for any other byte.
const HEX_DIGIT: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 16 {
        table[b"0123456789ABCDEF"[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// SQLite's `hex()` back to bytes.
fn unhex(text: &str) -> R<Vec<u8>> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(2) {
        return Err(corrupt("odd-length hexadecimal"));
    }
    let mut bad = 0;
    let bytes = text
        .chunks_exact(2)
        .map(|pair| {
            let (hi, lo) = (HEX_DIGIT[pair[0] as usize], HEX_DIGIT[pair[1] as usize]);
            bad |= hi | lo;
            hi << 4 | lo & 0xf
        })
        .collect();
    if bad > 0xf {
        return Err(corrupt("not hexadecimal"));
    }
    Ok(bytes)
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("corrupt stored log: {e}"))
}
