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
use chrono::{DateTime, SecondsFormat, Utc};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use zhifa_domain::Id;
use zhifa_ledger::{Hash, HashReader, LedgerError};
use zhifa_store::{Event, Tx};

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
    h.update(payload.to_string().as_bytes());
    h.finalize().into()
}

/// Times in the log have microsecond precision, the finest both databases keep.
pub fn log_time(at: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(at.timestamp_micros()).expect("a time from a clock fits")
}

fn id_or_dash(id: Option<Id>) -> String {
    id.map_or_else(|| "-".to_string(), |i| i.to_string())
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
    pub fn encode(&self) -> Vec<u8> {
        format!(
            "{ENTRY_FORMAT}\nseq {}\ntime {}\nactor {}\norg {}\nkind {}\nsubject {}\npayload {}\n",
            self.seq,
            self.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            id_or_dash(self.actor_id),
            id_or_dash(self.org_id),
            self.kind,
            self.subject,
            hex::encode(self.payload_hash),
        )
        .into_bytes()
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
