//! Case-file bundles (案卷): the log entries of a case with their private payloads and salts,
//! inclusion proofs to one signed checkpoint, and the evidence files they name — everything a
//! court or a supervisor needs to check the record without our server or database.
//!
//! Exporting reads the store; checking a bundle is pure (the caller hashes the evidence
//! files, which may be large, and passes the digests in).

use crate::App;
use crate::error::{AppError, AppResult};
use crate::ledger::{LogEntry, with_stored_hashes};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zhifa_ledger::hash::{hash_from_base64, hash_to_base64};
use zhifa_ledger::{Checkpoint, NoteVerifier, VerifierKey, VerifierSet, leaf_hash, open_note};

pub const BUNDLE_FORMAT: &str = "zhifa/bundle/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    /// The signed checkpoint (with any witness cosignatures) the proofs lead to.
    pub checkpoint: String,
    /// The log's verifier keys, for reference; trust comes from keys the checker already has.
    pub log_keys: Vec<String>,
    pub entries: Vec<BundleEntry>,
    /// Evidence files the entries name, stored beside the manifest under `file`.
    pub evidence: Vec<BundleEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleEntry {
    pub seq: i64,
    /// The entry's public text, as in the log.
    pub entry: String,
    /// The private payload and its salt (base64), which the entry commits to.
    pub payload: serde_json::Value,
    pub salt: String,
    /// RFC 6962 §2.1.1 inclusion proof, base64 hashes.
    pub proof: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BundleEvidence {
    pub sha256: String,
    pub size: u64,
    /// Path relative to the bundle directory.
    pub file: String,
}

/// Which entries go into a bundle: those whose subject is one of `subjects`, and those whose
/// payload names one as its `subject` (evidence recorded for a case).
#[derive(Debug, Clone, Default)]
pub struct BundleSelection {
    pub subjects: Vec<String>,
}

impl App {
    /// The entries of the selection, proven against the latest checkpoint. Evidence files are
    /// listed for every entry whose payload names a `sha256` and a `size`.
    pub async fn export_bundle(&self, selection: &BundleSelection) -> AppResult<Bundle> {
        let mut tx = self.begin_read().await?;
        let checkpoint = tx
            .latest_checkpoint()
            .await?
            .ok_or(AppError::NotFound("检查点"))?;
        let mut note = checkpoint.note.clone();
        for c in tx.cosignatures(checkpoint.size).await? {
            note.push_str(&c.line);
        }
        let events = tx.events_range(0, checkpoint.size).await?;
        let mut bundle = Bundle {
            format: BUNDLE_FORMAT.into(),
            checkpoint: note,
            log_keys: self
                .log_keys
                .as_ref()
                .map(|k| k.signers.iter().map(|s| s.verifier().to_text()).collect())
                .unwrap_or_default(),
            entries: vec![],
            evidence: vec![],
        };
        let selected = |e: &&zhifa_store::Event| {
            selection.subjects.contains(&e.subject)
                || e.payload["subject"]
                    .as_str()
                    .is_some_and(|s| selection.subjects.iter().any(|x| x == s))
        };
        for e in events.iter().filter(selected) {
            let (t, n) = (checkpoint.size as u64, e.seq as u64);
            let proof =
                with_stored_hashes(&mut *tx, |r| zhifa_ledger::proof::prove_record(t, n, r))
                    .await?;
            let entry = String::from_utf8(LogEntry::of_event(e).encode())
                .map_err(|e| AppError::Internal(e.to_string()))?;
            if let (Some(sha), Some(size)) =
                (e.payload["sha256"].as_str(), e.payload["size"].as_u64())
            {
                bundle.evidence.push(BundleEvidence {
                    sha256: sha.into(),
                    size,
                    file: format!("evidence/{sha}"),
                });
            }
            bundle.entries.push(BundleEntry {
                seq: e.seq,
                entry,
                payload: e.payload.clone(),
                salt: base64_encode(&e.salt),
                proof: proof.iter().map(hash_to_base64).collect(),
            });
        }
        if bundle.entries.is_empty() {
            return Err(AppError::NotFound("所选记录"));
        }
        Ok(bundle)
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

/// What checking a bundle found: `Ok` with what was checked, or the first problem, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BundleReport {
    pub entries: usize,
    pub evidence: usize,
    pub tree_size: u64,
    pub witnesses: usize,
}

/// Checks a bundle against keys the checker trusts. `evidence_digest(file)` returns the
/// SHA-256 and size of an evidence file beside the manifest, or `None` if it is missing.
pub fn check_bundle(
    bundle: &Bundle,
    trusted: &[VerifierKey],
    evidence_digest: impl Fn(&str) -> Option<([u8; 32], u64)>,
) -> Result<BundleReport, String> {
    if bundle.format != BUNDLE_FORMAT {
        return Err(format!("不是本系统的案卷包格式（{}）", bundle.format));
    }
    let (opened, checkpoint) = open_checkpoint(&bundle.checkpoint, trusted)?;
    for e in &bundle.entries {
        check_entry(e, &checkpoint)?;
    }
    for ev in &bundle.evidence {
        let named = bundle
            .entries
            .iter()
            .any(|e| e.payload["sha256"].as_str() == Some(ev.sha256.as_str()));
        let (digest, size) =
            evidence_digest(&ev.file).ok_or_else(|| format!("证据文件 {} 缺失", ev.file))?;
        if !named || hex::encode(digest) != ev.sha256 || size != ev.size {
            return Err(format!(
                "证据文件 {} 与记录的哈希或大小不符：文件已被改动",
                ev.file
            ));
        }
    }
    // Cosignatures count when they come from witness keys the checker trusts.
    let witnesses = opened
        .verified
        .iter()
        .filter(|sig| {
            trusted.iter().any(|k| {
                matches!(k, VerifierKey::Cosignature(_))
                    && k.name() == sig.name
                    && k.key_id() == sig.key_id
            })
        })
        .count();
    Ok(BundleReport {
        entries: bundle.entries.len(),
        evidence: bundle.evidence.len(),
        tree_size: checkpoint.size(),
        witnesses,
    })
}

/// The signed checkpoint `note`, opened with `trusted` keys: refused unless one of them signed
/// it.
fn open_checkpoint(
    note: &str,
    trusted: &[VerifierKey],
) -> Result<(zhifa_ledger::OpenedNote, Checkpoint), String> {
    let opened = open_note(note.as_bytes(), &VerifierSet::new(trusted.to_vec()))
        .map_err(|e| format!("检查点签名无效：{e}"))?;
    if opened.verified.is_empty() {
        return Err("检查点没有可信公钥的有效签名".into());
    }
    let checkpoint = Checkpoint::parse(&opened.text).map_err(|e| format!("检查点格式错误：{e}"))?;
    Ok((opened, checkpoint))
}

fn check_entry(e: &BundleEntry, checkpoint: &Checkpoint) -> Result<(), String> {
    let bad = |what: &str| format!("第 {} 条记录{what}", e.seq);
    let salt = base64_decode(&e.salt).ok_or_else(|| bad("的盐值格式错误"))?;
    let mut h = Sha256::new();
    h.update(&salt);
    h.update(e.payload.to_string().as_bytes());
    let payload_hash = hex::encode(h.finalize());
    let committed = e
        .entry
        .lines()
        .find_map(|l| l.strip_prefix("payload "))
        .ok_or_else(|| bad("缺少内容哈希"))?;
    if committed != payload_hash {
        return Err(bad("的内容与其承诺的哈希不符：内容已被改动"));
    }
    let seq_line = format!("seq {}", e.seq);
    if !e.entry.lines().any(|l| l == seq_line) {
        return Err(bad("的序号与记录正文不符"));
    }
    included(e.seq, &e.entry, &e.proof, checkpoint).map_err(bad)
}

/// Checks that `entry`, record `seq`, is in the tree `checkpoint` commits to, by `proof`
/// (base64 hashes); the problem, in words, if not.
fn included(
    seq: i64,
    entry: &str,
    proof: &[String],
    checkpoint: &Checkpoint,
) -> Result<(), &'static str> {
    let path: Option<Vec<_>> = proof.iter().map(|p| hash_from_base64(p)).collect();
    let path = path.ok_or("的包含证明格式错误")?;
    zhifa_ledger::proof::check_record(
        &path,
        checkpoint.size(),
        checkpoint.root_hash(),
        seq as u64,
        &leaf_hash(entry.as_bytes()),
    )
    .map_err(|_| "不在检查点所示的日志树中：记录或证明已被改动")
}

/// Checks an entry's proof as the verification page shows it: the checkpoint is signed by one
/// of `trusted`, and the entry is in the tree it commits to. Returns the tree's size.
pub fn check_entry_proof(
    proof: &crate::log::EntryProof,
    trusted: &[VerifierKey],
) -> Result<u64, String> {
    let (_, checkpoint) = open_checkpoint(&proof.checkpoint, trusted)?;
    included(proof.seq, &proof.entry, &proof.inclusion_proof, &checkpoint)
        .map_err(|problem| format!("第 {} 条记录{problem}", proof.seq))?;
    Ok(checkpoint.size())
}
