//! Events as stored texts, for checking the log over millions of entries.
//!
//! Verifying the log needs each event's fields only to re-encode its entry and hash its
//! payload: parsing the payload's JSON into a value and writing it out again, and giving each
//! field an allocation of its own, cost several times the hashing. [`EntryRows`] keeps a run
//! of events in two buffers (texts and bytes) with fixed-size rows of offsets, and hands out
//! borrowed [`EntryRow`]s. The payload is the JSON text exactly as written, so checking it is
//! also stricter than checking a re-serialised value: any change to the stored text shows.
//!
//! Not here: what the fields mean (`Event`), the entry encoding (the application's ledger).

use crate::Event;
use chrono::{DateTime, SecondsFormat, Utc};
use std::ops::Range;
use zhifa_domain::Id;

/// A run of events as stored texts. See the module documentation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryRows {
    text: String,
    bytes: Vec<u8>,
    rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    seq: Id,
    actor_id: Option<Id>,
    org_id: Option<Id>,
    /// Ends, in `text`, of the time, kind, subject and payload (each starts where the one
    /// before ends, the first where the previous row's payload ends).
    text_ends: [u32; 4],
    /// Ends, in `bytes`, of the salt and the leaf hash.
    byte_ends: [u32; 2],
}

/// One event of an [`EntryRows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryRow<'a> {
    pub seq: Id,
    /// RFC 3339 in UTC with exactly six fraction digits and `Z`, as
    /// `to_rfc3339_opts(SecondsFormat::Micros, true)` writes it.
    pub at: &'a str,
    pub actor_id: Option<Id>,
    pub org_id: Option<Id>,
    pub kind: &'a str,
    pub subject: &'a str,
    /// The payload's JSON text exactly as stored.
    pub payload: &'a str,
    pub salt: &'a [u8],
    pub leaf_hash: &'a [u8],
}

impl EntryRows {
    pub fn with_capacity(rows: usize) -> EntryRows {
        EntryRows {
            text: String::with_capacity(rows * 96),
            bytes: Vec::with_capacity(rows * 48),
            rows: Vec::with_capacity(rows),
        }
    }

    /// The rows of events read as values: times written in the canonical form, payloads
    /// serialised as the stores write them.
    pub fn of_events(events: &[Event]) -> EntryRows {
        let mut rows = EntryRows::with_capacity(events.len());
        for e in events {
            rows.push(
                e.seq,
                e.actor_id,
                e.org_id,
                [
                    &canonical_time(e.at),
                    &e.kind,
                    &e.subject,
                    &e.payload.to_string(),
                ],
                [&e.salt, &e.leaf_hash],
            );
        }
        rows
    }

    /// Appends a row: `texts` are the time (in the canonical form of [`EntryRow::at`]),
    /// kind, subject and payload; `bytes` the salt and the leaf hash.
    ///
    /// # Panics
    /// When the buffers pass 4 GiB, which a run meant for memory never comes near.
    pub fn push(
        &mut self,
        seq: Id,
        actor_id: Option<Id>,
        org_id: Option<Id>,
        texts: [&str; 4],
        bytes: [&[u8]; 2],
    ) {
        let [at, kind, subject, payload] = texts;
        let written = self.push_with_time(
            seq,
            actor_id,
            org_id,
            |out| {
                out.push_str(at);
                Ok::<(), std::convert::Infallible>(())
            },
            [kind, subject, payload],
            bytes,
        );
        let Ok(()) = written;
    }

    /// Appends a row whose time `write_time` writes straight into the buffer, in the
    /// canonical form of [`EntryRow::at`]; `texts` are the kind, subject and payload, `bytes`
    /// the salt and the leaf hash. When `write_time` fails, nothing is appended.
    ///
    /// # Panics
    /// When the buffers pass 4 GiB, which a run meant for memory never comes near.
    pub fn push_with_time<E>(
        &mut self,
        seq: Id,
        actor_id: Option<Id>,
        org_id: Option<Id>,
        write_time: impl FnOnce(&mut String) -> Result<(), E>,
        texts: [&str; 3],
        bytes: [&[u8]; 2],
    ) -> Result<(), E> {
        let start = self.text.len();
        if let Err(e) = write_time(&mut self.text) {
            self.text.truncate(start);
            return Err(e);
        }
        let mut text_ends = [offset(self.text.len()); 4];
        for (end, t) in text_ends[1..].iter_mut().zip(texts) {
            self.text.push_str(t);
            *end = offset(self.text.len());
        }
        let mut byte_ends = [0; 2];
        for (end, b) in byte_ends.iter_mut().zip(bytes) {
            self.bytes.extend_from_slice(b);
            *end = offset(self.bytes.len());
        }
        self.rows.push(Row {
            seq,
            actor_id,
            org_id,
            text_ends,
            byte_ends,
        });
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, i: usize) -> Option<EntryRow<'_>> {
        let row = self.rows.get(i)?;
        let text_start = i
            .checked_sub(1)
            .map_or(0, |p| self.rows[p].text_ends[3] as usize);
        let byte_start = i
            .checked_sub(1)
            .map_or(0, |p| self.rows[p].byte_ends[1] as usize);
        let [t0, t1, t2, t3] = row.text_ends.map(|e| e as usize);
        let [b0, b1] = row.byte_ends.map(|e| e as usize);
        let text = |r: Range<usize>| &self.text[r];
        Some(EntryRow {
            seq: row.seq,
            at: text(text_start..t0),
            actor_id: row.actor_id,
            org_id: row.org_id,
            kind: text(t0..t1),
            subject: text(t1..t2),
            payload: text(t2..t3),
            salt: &self.bytes[byte_start..b0],
            leaf_hash: &self.bytes[b0..b1],
        })
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = EntryRow<'_>> {
        (0..self.rows.len()).map(|i| self.get(i).expect("an index below the length"))
    }
}

fn offset(len: usize) -> u32 {
    u32::try_from(len).expect("a run of entry rows stays below 4 GiB")
}

/// The canonical text of a time in [`EntryRow::at`].
pub fn canonical_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_give_back_what_was_pushed() {
        let mut rows = EntryRows::default();
        rows.push(
            0,
            Some(1),
            None,
            ["2026-01-01T00:00:00.000000Z", "a.b", "x:1", "{}"],
            [b"salt", &[7; 32]],
        );
        rows.push(1, None, Some(9), ["t", "", "s", "[1]"], [b"", &[8; 32]]);
        let got: Vec<_> = rows.iter().collect();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].at, "2026-01-01T00:00:00.000000Z");
        assert_eq!(
            (got[0].kind, got[0].subject, got[0].payload),
            ("a.b", "x:1", "{}")
        );
        assert_eq!(
            (got[0].salt, got[0].leaf_hash),
            (&b"salt"[..], &[7; 32][..])
        );
        assert_eq!((got[1].actor_id, got[1].org_id), (None, Some(9)));
        assert_eq!((got[1].at, got[1].kind, got[1].payload), ("t", "", "[1]"));
        assert_eq!((got[1].salt, got[1].leaf_hash), (&b""[..], &[8; 32][..]));
        assert!(rows.get(2).is_none());
    }

    #[test]
    fn a_failed_time_leaves_the_rows_as_they_were() {
        let mut rows = EntryRows::default();
        rows.push(0, None, None, ["t", "k", "s", "p"], [b"", b""]);
        let before = rows.clone();
        let failed = rows.push_with_time(
            1,
            None,
            None,
            |out| {
                out.push_str("half");
                Err("bad time")
            },
            ["k", "s", "p"],
            [b"", b""],
        );
        assert_eq!(failed, Err("bad time"));
        assert_eq!(rows, before);
    }
}
