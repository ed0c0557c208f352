//! Every change as an entry of a verifiable log (RFC 6962 Merkle tree, C2SP tiles and
//! checkpoints).
//!
//! An entry's public form — what the tree commits to and what the log serves — is a short
//! text with the index, time, actor, body, kind and subject, and the payload only as a salted
//! SHA-256: the payload names people, the tree does not. Whoever holds the payload and its
//! salt (the county, a court given the case file) can check it against the entry.
//!
//! Not here: the tree algorithms and formats (`zhifa_ledger`), SQL (the stores).

use crate::error::{AppError, AppResult};
use chrono::{DateTime, Datelike, SecondsFormat, Timelike, Utc};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Write;
use zhifa_domain::Id;
use zhifa_ledger::{Hash, HashReader, LedgerError};
use zhifa_store::{EntryRow, Event, Tx};

/// The first line of every entry: the format and its version.
pub const ENTRY_FORMAT: &str = "zhifa/entry/v1";

/// The public form of a log entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: Id,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Id>,
    pub org_id: Option<Id>,
    pub kind: String,
    pub subject: String,
    /// SHA-256(salt ‖ payload JSON).
    pub payload_hash: Hash,
}

/// SHA-256(salt ‖ payload JSON): commits to the payload without revealing it.
pub fn payload_hash(salt: &[u8], payload: &serde_json::Value) -> Hash {
    let mut h = Sha256::new();
    h.update(salt);
    // The JSON text `payload.to_string()` gives, written straight into the hash.
    serde_json::to_writer(&mut h, payload).expect("a JSON value serialises");
    h.finalize().into()
}

/// Times in the log have microsecond precision, the finest both databases keep.
pub fn log_time(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).expect("a time from a clock fits")
}

fn write_id_or_dash(out: &mut Vec<u8>, id: Option<Id>) {
    match id {
        Some(i) => write!(out, "{i}").expect("writing to memory"),
        None => out.push(b'-'),
    }
}

/// RFC 3339 in UTC with microseconds, as `to_rfc3339_opts(SecondsFormat::Micros, true)`
/// writes it, digit by digit for the common case: formatting the time was most of the cost
/// of encoding an entry.
fn write_time(out: &mut Vec<u8>, at: DateTime<Utc>) {
    let (date, time) = (at.date_naive(), at.time());
    let nanos = time.nanosecond();
    let Ok(year) = u32::try_from(date.year()) else {
        return write_time_by_chrono(out, at);
    };
    if year > 9999 || nanos >= 1_000_000_000 {
        // Years beyond four digits and leap seconds: chrono's own rules.
        return write_time_by_chrono(out, at);
    }
    let fields = [
        (year, 4, b'-'),
        (date.month(), 2, b'-'),
        (date.day(), 2, b'T'),
        (time.hour(), 2, b':'),
        (time.minute(), 2, b':'),
        (time.second(), 2, b'.'),
        (nanos / 1000, 6, b'Z'),
    ];
    for (value, width, then) in fields {
        write_digits(out, value, width);
        out.push(then);
    }
}

fn write_time_by_chrono(out: &mut Vec<u8>, at: DateTime<Utc>) {
    out.extend_from_slice(at.to_rfc3339_opts(SecondsFormat::Micros, true).as_bytes());
}

/// `value` in decimal, zero-padded to `width` digits (`value` has at most `width` digits).
fn write_digits(out: &mut Vec<u8>, mut value: u32, width: usize) {
    let start = out.len();
    out.resize(start + width, b'0');
    for digit in out[start..].iter_mut().rev() {
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn write_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.extend_from_slice(&[DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]]);
    }
}

impl LogEntry {
    /// The entry of a stored event.
    pub fn of_event(e: &Event) -> LogEntry {
        LogEntry {
            seq: e.seq,
            at: e.at,
            actor_id: e.actor_id,
            org_id: e.org_id,
            kind: e.kind.clone(),
            subject: e.subject.clone(),
            payload_hash: payload_hash(&e.salt, &e.payload),
        }
    }

    /// The canonical bytes: one `key value` line each, in a fixed order, UTF-8, `\n` endings.
    ///
    /// Written piece by piece rather than with one `format!`: verifying the log encodes every
    /// entry, and this takes a fraction of the time.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(160 + self.kind.len() + self.subject.len());
        let fields = EntryFields {
            seq: self.seq,
            actor_id: self.actor_id,
            org_id: self.org_id,
            kind: &self.kind,
            subject: &self.subject,
            payload_hash: &self.payload_hash,
        };
        write_entry(&mut out, &fields, |out| write_time(out, self.at));
        out
    }

    /// Checks that kind and subject are single-line codes, so that the encoding is unambiguous.
    pub fn check(&self) -> AppResult<()> {
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic());
        if ok(&self.kind) && ok(&self.subject) {
            Ok(())
        } else {
            Err(AppError::Internal(format!(
                "log entry kind/subject must be ASCII codes: {} {}",
                self.kind, self.subject
            )))
        }
    }
}

/// The fields of an entry besides its time.
struct EntryFields<'a> {
    seq: Id,
    actor_id: Option<Id>,
    org_id: Option<Id>,
    kind: &'a str,
    subject: &'a str,
    payload_hash: &'a Hash,
}

/// The canonical bytes of an entry, appended to `out`; `time` writes the time.
fn write_entry(out: &mut Vec<u8>, f: &EntryFields<'_>, time: impl FnOnce(&mut Vec<u8>)) {
    out.extend_from_slice(ENTRY_FORMAT.as_bytes());
    write!(out, "\nseq {}\ntime ", f.seq).expect("writing to memory");
    time(out);
    out.extend_from_slice(b"\nactor ");
    write_id_or_dash(out, f.actor_id);
    out.extend_from_slice(b"\norg ");
    write_id_or_dash(out, f.org_id);
    out.extend_from_slice(b"\nkind ");
    out.extend_from_slice(f.kind.as_bytes());
    out.extend_from_slice(b"\nsubject ");
    out.extend_from_slice(f.subject.as_bytes());
    out.extend_from_slice(b"\npayload ");
    write_hex(out, f.payload_hash);
    out.push(b'\n');
}

/// The canonical bytes of the entry of a stored row, into `out` (cleared first): the bytes
/// `LogEntry::of_event(e).encode()` gives for the event the row was read from, with the
/// payload hashed as the text it was stored as.
pub fn encode_row(out: &mut Vec<u8>, row: &EntryRow<'_>) {
    let mut h = Sha256::new();
    h.update(row.salt);
    h.update(row.payload.as_bytes());
    let payload_hash: Hash = h.finalize().into();
    out.clear();
    let fields = EntryFields {
        seq: row.seq,
        actor_id: row.actor_id,
        org_id: row.org_id,
        kind: row.kind,
        subject: row.subject,
        payload_hash: &payload_hash,
    };
    write_entry(out, &fields, |out| out.extend_from_slice(row.at.as_bytes()));
}

/// Records which stored hashes an algorithm asks for, answering with zeros. The tree
/// algorithms choose what to read from sizes alone, never from the values read, so a first
/// pass with this reader tells which hashes to fetch from the database.
#[derive(Default)]
struct WhichHashes(RefCell<Vec<u64>>);

impl HashReader for WhichHashes {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        self.0.borrow_mut().extend_from_slice(indexes);
        Ok(vec![[0; 32]; indexes.len()])
    }
}

/// Stored hashes fetched from the database for one computation.
struct Fetched(HashMap<u64, Hash>);

impl HashReader for Fetched {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        indexes
            .iter()
            .map(|i| self.0.get(i).copied().ok_or(LedgerError::HashNotFound(*i)))
            .collect()
    }
}

/// Runs a pure tree computation over the stored hashes of the transaction's database.
pub(crate) async fn with_stored_hashes<T>(
    tx: &mut dyn Tx,
    compute: impl Fn(&dyn HashReader) -> Result<T, LedgerError>,
) -> AppResult<T> {
    let which = WhichHashes::default();
    // The first pass's result is meaningless (all hashes zero); only its reads matter.
    let _ = compute(&which);
    let indexes: Vec<i64> = which.0.into_inner().into_iter().map(|i| i as i64).collect();
    let mut fetched = HashMap::with_capacity(indexes.len());
    for (idx, hash) in tx.log_hashes(&indexes).await? {
        let hash: Hash = hash
            .try_into()
            .map_err(|_| AppError::Internal(format!("stored hash {idx} is not 32 bytes")))?;
        fetched.insert(idx as u64, hash);
    }
    compute(&Fetched(fetched)).map_err(|e| AppError::Internal(format!("log tree: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn entry() -> LogEntry {
        LogEntry {
            seq: 41,
            at: Utc.with_ymd_and_hms(2026, 3, 1, 4, 5, 6).unwrap()
                + chrono::Duration::microseconds(7),
            actor_id: Some(5),
            org_id: None,
            kind: "list.published".into(),
            subject: "list:3".into(),
            payload_hash: [0xab; 32],
        }
    }

    #[test]
    fn the_encoding_is_fixed_line_by_line() {
        let text = String::from_utf8(entry().encode()).unwrap();
        assert_eq!(
            text,
            format!(
                "zhifa/entry/v1\nseq 41\ntime 2026-03-01T04:05:06.000007Z\nactor 5\norg -\nkind list.published\nsubject list:3\npayload {}\n",
                "ab".repeat(32)
            )
        );
    }

    #[test]
    fn a_stored_row_encodes_as_its_event_does() {
        let payload = serde_json::json!({"name": "张三", "n": [1, 0.5, null], "q": "\"\n"});
        for (seq, micros) in [(0, 0), (7, 5_000), (1 << 40, 123_456)] {
            let event = Event {
                seq,
                at: Utc.with_ymd_and_hms(2026, 2, 28, 23, 59, 59).unwrap()
                    + chrono::Duration::microseconds(micros),
                actor_id: (seq % 2 == 1).then_some(3),
                org_id: Some(9),
                kind: "case.filed".into(),
                subject: format!("case:{seq}"),
                payload: payload.clone(),
                salt: vec![seq as u8; 16],
                leaf_hash: vec![0; 32],
            };
            let rows = zhifa_store::EntryRows::of_events(std::slice::from_ref(&event));
            let mut out = b"left over".to_vec();
            encode_row(&mut out, &rows.get(0).unwrap());
            assert_eq!(out, LogEntry::of_event(&event).encode());
        }
    }

    #[test]
    fn the_encoding_is_what_one_format_call_would_write_for_any_time_and_ids() {
        let reference = |e: &LogEntry| {
            let id = |i: Option<Id>| i.map_or_else(|| "-".to_string(), |i| i.to_string());
            format!(
                "{ENTRY_FORMAT}\nseq {}\ntime {}\nactor {}\norg {}\nkind {}\nsubject {}\npayload {}\n",
                e.seq,
                e.at.to_rfc3339_opts(SecondsFormat::Micros, true),
                id(e.actor_id),
                id(e.org_id),
                e.kind,
                e.subject,
                hex::encode(e.payload_hash),
            )
        };
        let times = [
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 31, 23, 59, 59).unwrap()
                + chrono::Duration::nanoseconds(999_999_999),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(-44, 3, 15, 12, 0, 0).unwrap(),
            DateTime::parse_from_rfc3339("2016-12-31T23:59:60.5Z")
                .unwrap()
                .with_timezone(&Utc),
        ];
        for (i, at) in times.into_iter().enumerate() {
            let mut e = entry();
            e.at = at;
            e.seq = -(i as i64) * 1_000_000_007;
            e.actor_id = (i % 2 == 0).then_some(i as i64 - 3);
            e.payload_hash = [i as u8 * 37; 32];
            assert_eq!(
                String::from_utf8(e.encode()).unwrap(),
                reference(&e),
                "{at:?}"
            );
        }
    }

    #[test]
    fn the_payload_is_committed_to_with_its_salt() {
        let payload = serde_json::json!({"name": "张三", "id": 7});
        let a = payload_hash(b"salt-one", &payload);
        assert_ne!(
            a,
            payload_hash(b"salt-two", &payload),
            "the salt changes the commitment"
        );
        assert_ne!(
            a,
            payload_hash(b"salt-one", &serde_json::json!({"name": "李四", "id": 7}))
        );
        assert_eq!(
            a,
            payload_hash(
                b"salt-one",
                &serde_json::from_str(&payload.to_string()).unwrap()
            )
        );
    }

    #[test]
    fn payload_json_is_written_with_sorted_keys() {
        // The commitment is over the JSON text; keys must come out in one order whatever
        // order they were inserted in (serde_json without `preserve_order`).
        let v: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":2}"#).unwrap();
        assert_eq!(v.to_string(), r#"{"a":2,"b":1}"#);
    }

    #[test]
    fn kinds_and_subjects_are_single_line_codes() {
        assert!(entry().check().is_ok());
        let mut bad = entry();
        bad.subject = "list:3\nseq 1".into();
        assert!(bad.check().is_err());
    }

    #[test]
    fn times_keep_microseconds_only() {
        let t = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
            + chrono::Duration::nanoseconds(1_234_567);
        assert_eq!(log_time(t).timestamp_subsec_nanos(), 1_234_000);
    }
}
