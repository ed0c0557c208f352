//! Reading long runs of the log — events and stored hashes by range — as verifying the whole
//! log and serving tiles do.
//!
//! SQLite joins each run of rows into one value, read as a single row: the values of a row
//! are copied out of SQLite one by one, at a cost per row above SQLite's own, which over
//! millions of entries decides the speed of verification.
//!
//! - Texts are joined with the ASCII unit separator between fields and the record separator
//!   between records, which none of the stored texts contains (codes, times and JSON, whose
//!   control characters are escaped). A text that does not split as it should is corrupt.
//! - Blobs (salts, leaf hashes, tree hashes) are joined as they are, without separators, into
//!   one blob per column; each record's text carries the lengths that cut them apart again.
//!   Turning them into hexadecimal and back had cost as much as all the rest.
//! - Records come in the order of the table's scan, which for a range of the integer primary
//!   key is key order. Events carry their number, and the order is checked; tree hashes are
//!   counted (a run with gaps or a hash of the wrong length is read again row by row) and
//!   taken in scan order, so that an order other than key order could only show as a
//!   mismatch, never pass unnoticed.
//!
//! Not here: writing the log, checkpoints (`log`).

use crate::mapping::{backend, from_json};
use crate::sql::{Row, query};
use crate::tx::SqliteTx;
use chrono::{DateTime, NaiveDate, Utc};
use zhifa_domain::Id;
use zhifa_store::{EntryRows, Event, StoreError, StoreResult as R, canonical_time};

/// How many rows go into one value: a few megabytes, far below SQLite's string limit.
const RUN: i64 = 8192;
const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';
/// The length of every tree hash (SHA-256).
const HASH_LEN: usize = 32;

/// Every field of an event, in the order `for_each_record` takes them, then the salts and the
/// leaf hashes joined.
const EVENTS: &str = "select group_concat(concat_ws(char(31), seq, at, ifnull(actor_id, ''), \
     ifnull(org_id, ''), kind, subject, payload, length(salt), length(leaf_hash)), char(30)), \
     cast(group_concat(salt, '') as blob), cast(group_concat(leaf_hash, '') as blob) \
     from events where seq >= ? and seq < ?";

/// A run of tree hashes: how many, the first and last index, how many are 32 bytes long, and
/// the hashes joined.
const HASHES: &str = "select count(*), ifnull(min(idx), 0), ifnull(max(idx), -1), \
     ifnull(sum(length(hash) = 32), 0), cast(group_concat(hash, '') as blob) \
     from log_hashes where idx >= ? and idx < ?";

impl SqliteTx {
    pub(crate) async fn load_events_range(&mut self, from: Id, to: Id) -> R<Vec<Event>> {
        let mut events: Vec<Event> = Vec::with_capacity(capacity(from..to, RUN));
        self.scan(EVENTS, from..to, RUN, |row| {
            for_each_record(row, |r| {
                events.push(r.event()?);
                Ok(())
            })
        })
        .await?;
        if !events.is_sorted_by_key(|e| e.seq) {
            events.sort_by_key(|e| e.seq);
        }
        Ok(events)
    }

    /// The events as stored texts: no payload is parsed and nothing is allocated per event.
    pub(crate) async fn load_entry_rows_range(&mut self, from: Id, to: Id) -> R<EntryRows> {
        let mut rows = EntryRows::with_capacity(capacity(from..to, RUN));
        let mut last = None;
        let mut in_order = true;
        self.scan(EVENTS, from..to, RUN, |row| {
            for_each_record(row, |r| {
                let seq: Id = r.seq.parse().map_err(corrupt)?;
                rows.push_with_time(
                    seq,
                    r.id(r.actor_id)?,
                    r.id(r.org_id)?,
                    |out| write_canonical_time(out, r.at),
                    [r.kind, r.subject, r.payload],
                    [r.salt, r.leaf_hash],
                )?;
                in_order &= last.is_none_or(|l| l < seq);
                last = Some(seq);
                Ok(())
            })
        })
        .await?;
        if in_order {
            Ok(rows)
        } else {
            Ok(EntryRows::of_events(
                &self.load_events_range(from, to).await?,
            ))
        }
    }

    pub(crate) async fn load_log_hashes_range(
        &mut self,
        from: i64,
        to: i64,
    ) -> R<Vec<(i64, [u8; 32])>> {
        let mut hashes = Vec::with_capacity(capacity(from..to, 2 * RUN));
        let mut irregular = Vec::new();
        self.scan(HASHES, from..to, 2 * RUN, |row| {
            let count: i64 = row.try_get(0).map_err(backend)?;
            let (first, last): (i64, i64) = (
                row.try_get(1).map_err(backend)?,
                row.try_get(2).map_err(backend)?,
            );
            let full_length: i64 = row.try_get(3).map_err(backend)?;
            let joined = row.blob(4).map_err(backend)?;
            let joined = joined.unwrap_or_default();
            // Indexes are unique, so `count` of them from `first` to `last` are all of them.
            if count != last - first + 1 || full_length != count {
                irregular.push((first, last + 1));
                return Ok(());
            }
            if joined.len() != count as usize * HASH_LEN {
                return Err(corrupt("joined tree hashes of the wrong length"));
            }
            for (idx, hash) in (first..).zip(joined.chunks_exact(HASH_LEN)) {
                hashes.push((idx, hash.try_into().expect("chunks of 32 bytes")));
            }
            Ok(())
        })
        .await?;
        for (from, to) in irregular {
            self.load_log_hashes_row_by_row(from, to, &mut hashes)
                .await?;
        }
        if !hashes.is_sorted_by_key(|(idx, _)| *idx) {
            hashes.sort_by_key(|(idx, _)| *idx);
        }
        Ok(hashes)
    }

    /// A run of tree hashes with gaps or hashes of the wrong length (an error), one row at a
    /// time.
    async fn load_log_hashes_row_by_row(
        &mut self,
        from: i64,
        to: i64,
        hashes: &mut Vec<(i64, [u8; 32])>,
    ) -> R<()> {
        let rows = query("select idx, hash from log_hashes where idx >= ? and idx < ?")
            .bind(from)
            .bind(to)
            .fetch_all(&self.tx)
            .map_err(backend)?;
        for row in rows {
            let idx: i64 = row.try_get(0).map_err(backend)?;
            let hash = row.blob(1).map_err(backend)?.unwrap_or_default();
            let hash = hash
                .try_into()
                .map_err(|_| corrupt(format!("stored hash {idx} is not 32 bytes long")))?;
            hashes.push((idx, hash));
        }
        Ok(())
    }

    /// Hands the one row of `sql` over each run of `run` keys of `keys` to `each`.
    async fn scan(
        &mut self,
        sql: &'static str,
        keys: std::ops::Range<i64>,
        run: i64,
        mut each: impl FnMut(&Row) -> R<()>,
    ) -> R<()> {
        let mut start = keys.start.min(keys.end);
        while start < keys.end {
            let end = keys.end.min(start.saturating_add(run));
            let row = query(sql)
                .bind(start)
                .bind(end)
                .fetch_one(&self.tx)
                .map_err(backend)?;
            each(&row)?;
            start = end;
        }
        Ok(())
    }
}

/// Room for the records of `keys`, at most a few runs' worth ahead of time.
fn capacity(keys: std::ops::Range<i64>, run: i64) -> usize {
    (keys.end - keys.start).clamp(0, 8 * run) as usize
}

/// One event of a run of [`EVENTS`], borrowed from its row.
struct Record<'a> {
    text: &'a str,
    seq: &'a str,
    at: &'a str,
    actor_id: &'a str,
    org_id: &'a str,
    kind: &'a str,
    subject: &'a str,
    payload: &'a str,
    salt: &'a [u8],
    leaf_hash: &'a [u8],
}

/// Calls `each` with every event of a row of [`EVENTS`].
fn for_each_record(row: &Row, mut each: impl FnMut(&Record<'_>) -> R<()>) -> R<()> {
    let text = row.text(0).map_err(backend)?;
    let salts = row.blob(1).map_err(backend)?;
    let leaves = row.blob(2).map_err(backend)?;
    let (mut salts, mut leaves) = (salts.unwrap_or_default(), leaves.unwrap_or_default());
    for text in text.unwrap_or_default().split_terminator(RECORD) {
        let mut fields = text.split(FIELD);
        let mut next = || fields.next().ok_or_else(|| corrupt(text));
        let (seq, at, actor_id, org_id) = (next()?, next()?, next()?, next()?);
        let (kind, subject, payload) = (next()?, next()?, next()?);
        let salt_len: usize = next()?.parse().map_err(corrupt)?;
        let leaf_len: usize = next()?.parse().map_err(corrupt)?;
        if fields.next().is_some() || salt_len > salts.len() || leaf_len > leaves.len() {
            return Err(corrupt(text));
        }
        let (salt, leaf_hash);
        ((salt, salts), (leaf_hash, leaves)) =
            (salts.split_at(salt_len), leaves.split_at(leaf_len));
        each(&Record {
            text,
            seq,
            at,
            actor_id,
            org_id,
            kind,
            subject,
            payload,
            salt,
            leaf_hash,
        })?;
    }
    if !salts.is_empty() || !leaves.is_empty() {
        return Err(corrupt(
            "joined salts or leaf hashes longer than their records",
        ));
    }
    Ok(())
}

impl Record<'_> {
    fn id(&self, text: &str) -> R<Option<Id>> {
        (!text.is_empty())
            .then(|| text.parse().map_err(|_| corrupt(self.text)))
            .transpose()
    }

    fn event(&self) -> R<Event> {
        Ok(Event {
            seq: self.seq.parse().map_err(corrupt)?,
            at: DateTime::parse_from_rfc3339(self.at)
                .map_err(corrupt)?
                .with_timezone(&Utc),
            actor_id: self.id(self.actor_id)?,
            org_id: self.id(self.org_id)?,
            kind: self.kind.to_string(),
            subject: self.subject.to_string(),
            payload: from_json(self.payload)?,
            salt: self.salt.to_vec(),
            leaf_hash: self.leaf_hash.to_vec(),
        })
    }
}

/// Writes a time as stored (`2026-11-27T02:00:00.005+00:00`, the form the store binds a UTC
/// time: no fraction or 3, 6 or 9 digits) in the canonical form of `EntryRow::at`. The
/// common form is rewritten digit by digit; anything else goes through chrono.
fn write_canonical_time(out: &mut String, stored: &str) -> R<()> {
    match fast_time(stored) {
        Some((seconds, fraction)) => {
            out.push_str(seconds);
            out.push('.');
            out.push_str(&fraction[..fraction.len().min(6)]);
            for _ in fraction.len()..6 {
                out.push('0');
            }
            out.push('Z');
        }
        None => {
            let at = DateTime::parse_from_rfc3339(stored).map_err(corrupt)?;
            out.push_str(&canonical_time(at.with_timezone(&Utc)));
        }
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]+00:00` with a valid date and time, split into the part
/// up to the seconds and the fraction's digits.
fn fast_time(stored: &str) -> Option<(&str, &str)> {
    let (main, rest) = (stored.get(..19)?, stored.get(19..)?);
    let fraction = rest.strip_suffix("+00:00")?;
    let fraction = match fraction.strip_prefix('.') {
        Some(digits) if (1..=9).contains(&digits.len()) => digits,
        None if fraction.is_empty() => "",
        _ => return None,
    };
    let b = main.as_bytes();
    let pattern = b"dddd-dd-ddTdd:dd:dd";
    let shaped = b.iter().zip(pattern).all(|(&c, &p)| {
        if p == b'd' {
            c.is_ascii_digit()
        } else {
            c == p
        }
    });
    if !shaped || !fraction.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| main[r].parse::<u32>().ok();
    let valid = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?).is_some()
        && num(11..13)? < 24
        && num(14..16)? < 60
        && num(17..19)? < 60;
    valid.then_some((main, fraction))
}

fn corrupt(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("corrupt stored log: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(stored: &str) -> R<String> {
        let mut out = String::from("kept ");
        write_canonical_time(&mut out, stored)?;
        Ok(out.split_off(5))
    }

    #[test]
    fn stored_times_are_rewritten_in_the_canonical_form() {
        for (stored, want) in [
            ("2026-11-27T02:00:00+00:00", "2026-11-27T02:00:00.000000Z"),
            (
                "2026-11-27T02:00:00.005+00:00",
                "2026-11-27T02:00:00.005000Z",
            ),
            (
                "2026-11-27T02:00:00.123456+00:00",
                "2026-11-27T02:00:00.123456Z",
            ),
            (
                "2026-11-27T02:00:00.123456789+00:00",
                "2026-11-27T02:00:00.123456Z",
            ),
            // Not the form the store writes: chrono reads it.
            ("2026-11-27T10:00:00.5+08:00", "2026-11-27T02:00:00.500000Z"),
            ("2026-11-27T02:00:00.5Z", "2026-11-27T02:00:00.500000Z"),
        ] {
            assert_eq!(canonical(stored).unwrap(), want, "{stored}");
        }
        for bad in [
            "",
            "2026-02-30T02:00:00+00:00",
            "2026-11-27T24:00:00+00:00",
            "2026-11-27 02:00:00",
            "2026-11-27T02:00:00.+00:00",
        ] {
            assert!(canonical(bad).is_err(), "{bad}");
        }
    }
}
