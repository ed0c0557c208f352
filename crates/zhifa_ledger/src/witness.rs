//! C2SP tlog-witness `add-checkpoint`: the request body a log sends a witness, and the
//! witness's decision whether to cosign.
//!
//! The decision is a pure function of the request, the log's configured keys, the latest
//! tree head the witness cosigned for that log, the witness key and the time. It never
//! accepts a smaller tree, a fork (same size, other root) or a tree that a consistency proof
//! does not connect to the one it cosigned before.
//!
//! This file is not the HTTP service or its storage. The caller reads the latest tree head,
//! calls [`add_checkpoint`], and must store [`Cosigned::new_head`] atomically with a check
//! that the stored size is still the one it read, before it answers (tlog-witness: otherwise
//! two concurrent requests can roll the witness back).

use crate::checkpoint::Checkpoint;
use crate::cosignature::{Cosigner, cosign};
use crate::hash::{Hash, hash_from_base64, hash_to_base64};
use crate::note::{NoteError, NoteSignature, VerifierSet, open_note, parse_note};
use crate::proof::check_tree;

/// The most consistency proof lines a request may carry (tlog-witness, `add-checkpoint`).
pub const MAX_PROOF_LINES: usize = 63;

/// Content type of a 409 Conflict body, the witness's latest cosigned size.
pub const TLOG_SIZE_CONTENT_TYPE: &str = "text/x.tlog.size";

/// The body of an `add-checkpoint` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddCheckpointRequest {
    /// The size of the checkpoint the log believes the witness last cosigned.
    pub old_size: u64,
    /// RFC 6962 §2.1.2 consistency proof from `old_size` to the new checkpoint.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note.
    pub checkpoint: String,
}

/// A tree size and its root hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeHead {
    pub size: u64,
    pub root_hash: Hash,
}

/// A log the witness is configured to cosign for: its origin and the keys that sign it.
#[derive(Debug, Clone)]
pub struct TrustedLog {
    pub origin: String,
    pub keys: VerifierSet,
}

/// The witness's answer to an accepted request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosigned {
    pub checkpoint: Checkpoint,
    /// The tree head to store as the latest cosigned one before answering.
    pub new_head: TreeHead,
    pub cosignature: NoteSignature,
}

impl Cosigned {
    /// The 200 response body: the cosignature line (tlog-witness, `add-checkpoint`).
    pub fn response_body(&self) -> String {
        self.cosignature.to_line()
    }
}

/// Why the witness refuses, with the HTTP status tlog-witness assigns to each case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessRefusal {
    /// 400: the body is not an `add-checkpoint` request.
    #[error("malformed request: {0}")]
    BadRequest(&'static str),
    /// 404: the witness does not cosign for this origin.
    #[error("unknown log origin")]
    UnknownOrigin,
    /// 403: no signature from a key trusted for the origin verifies.
    #[error("no valid signature from a trusted log key")]
    Forbidden,
    /// 400: "The old size MUST be equal to or lower than the checkpoint size."
    #[error("old size {old_size} is above the checkpoint size {size}")]
    OldSizeAboveCheckpoint { old_size: u64, size: u64 },
    /// 409: the log's idea of what the witness last cosigned is wrong; the body tells it.
    #[error("old size {old_size} is not the latest cosigned size {latest_size}")]
    Conflict { old_size: u64, latest_size: u64 },
    /// 409: same size as the latest cosigned checkpoint, different root hash: a fork.
    #[error("root hash differs from the cosigned checkpoint of the same size")]
    RootMismatch { latest_size: u64 },
    /// 422: the consistency proof does not connect the cosigned tree to the new one.
    #[error("the consistency proof does not verify")]
    BadProof,
    /// 500: the witness cannot cosign (its clock is beyond the cosignature timestamp range).
    #[error("the witness cannot cosign")]
    CannotCosign,
}

impl WitnessRefusal {
    /// The HTTP status code tlog-witness prescribes.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::BadRequest(_) | Self::OldSizeAboveCheckpoint { .. } => 400,
            Self::Forbidden => 403,
            Self::UnknownOrigin => 404,
            Self::Conflict { .. } | Self::RootMismatch { .. } => 409,
            Self::BadProof => 422,
            Self::CannotCosign => 500,
        }
    }

    /// For a 409 Conflict, the body: the latest cosigned size and a newline, to be sent with
    /// content type [`TLOG_SIZE_CONTENT_TYPE`].
    pub fn conflict_body(&self) -> Option<String> {
        match self {
            Self::Conflict { latest_size, .. } | Self::RootMismatch { latest_size } => {
                Some(format!("{latest_size}\n"))
            }
            _ => None,
        }
    }
}

impl AddCheckpointRequest {
    /// Parses a request body: `old <size>`, up to 63 base64 proof lines, an empty line, and
    /// a signed checkpoint note, every line newline-terminated (tlog-witness, `add-checkpoint`).
    /// The note's syntax is checked here, its signatures by [`add_checkpoint`].
    pub fn parse(body: &[u8]) -> Result<Self, WitnessRefusal> {
        let body =
            std::str::from_utf8(body).map_err(|_| WitnessRefusal::BadRequest("not UTF-8"))?;
        let (first, mut rest) = body
            .split_once('\n')
            .ok_or(WitnessRefusal::BadRequest("missing old size line"))?;
        let old_size = first
            .strip_prefix("old ")
            .and_then(parse_size)
            .ok_or(WitnessRefusal::BadRequest("malformed old size line"))?;
        let mut proof = Vec::new();
        loop {
            let (line, after) = rest.split_once('\n').ok_or(WitnessRefusal::BadRequest(
                "missing empty line before checkpoint",
            ))?;
            rest = after;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(WitnessRefusal::BadRequest("more than 63 proof lines"));
            }
            proof.push(
                hash_from_base64(line).ok_or(WitnessRefusal::BadRequest("malformed proof line"))?,
            );
        }
        parse_note(rest.as_bytes())
            .map_err(|_| WitnessRefusal::BadRequest("malformed checkpoint note"))?;
        Ok(Self {
            old_size,
            proof,
            checkpoint: rest.to_owned(),
        })
    }

    /// The request body, as [`AddCheckpointRequest::parse`] reads it.
    pub fn to_text(&self) -> String {
        let mut body = format!("old {}\n", self.old_size);
        for hash in &self.proof {
            body.push_str(&hash_to_base64(hash));
            body.push('\n');
        }
        body.push('\n');
        body.push_str(&self.checkpoint);
        body
    }

    /// The origin line of the checkpoint, not yet authenticated: only for finding the
    /// [`TrustedLog`] and latest tree head to decide with.
    pub fn origin(&self) -> Option<&str> {
        self.checkpoint.split_once('\n').map(|(origin, _)| origin)
    }
}

/// Decides an `add-checkpoint` request (tlog-witness, `add-checkpoint`), in the spec's order:
/// unknown origin (404), no trusted signature (403), old size above the checkpoint (400),
/// old size not the latest cosigned size (409), then the proof (422) — or, at equal sizes,
/// the root hashes (409). On success, cosigns at `now_secs`.
///
/// `log` is the configuration for the request's origin, `None` if there is none; `latest`
/// is the latest tree head cosigned for it, `None` if never.
pub fn add_checkpoint(
    request: &AddCheckpointRequest,
    log: Option<&TrustedLog>,
    latest: Option<TreeHead>,
    cosigner: &Cosigner,
    now_secs: u64,
) -> Result<Cosigned, WitnessRefusal> {
    let log = log
        .filter(|log| request.origin() == Some(log.origin.as_str()))
        .ok_or(WitnessRefusal::UnknownOrigin)?;
    let opened = open_note(request.checkpoint.as_bytes(), &log.keys).map_err(|e| match e {
        NoteError::Malformed(_) => WitnessRefusal::BadRequest("malformed checkpoint note"),
        _ => WitnessRefusal::Forbidden,
    })?;
    let checkpoint = Checkpoint::parse(&opened.text)
        .map_err(|_| WitnessRefusal::BadRequest("malformed checkpoint"))?;
    let (old_size, size) = (request.old_size, checkpoint.size());
    if old_size > size {
        return Err(WitnessRefusal::OldSizeAboveCheckpoint { old_size, size });
    }
    let latest = latest.filter(|head| head.size > 0);
    let latest_size = latest.map_or(0, |head| head.size);
    if old_size != latest_size {
        return Err(WitnessRefusal::Conflict {
            old_size,
            latest_size,
        });
    }
    if let Some(latest) = latest {
        check_consistency(&request.proof, latest, &checkpoint)?;
    } else if !request.proof.is_empty() {
        // "The proof MUST be empty if the old size is zero."
        return Err(WitnessRefusal::BadProof);
    }
    let cosignature =
        cosign(&opened.text, now_secs, cosigner).map_err(|_| WitnessRefusal::CannotCosign)?;
    Ok(Cosigned {
        new_head: TreeHead {
            size,
            root_hash: *checkpoint.root_hash(),
        },
        checkpoint,
        cosignature,
    })
}

/// The new checkpoint must extend the latest cosigned tree: at equal size, the same root
/// (else 409); above it, a valid RFC 6962 §2.1.2 consistency proof (else 422).
fn check_consistency(
    proof: &[Hash],
    latest: TreeHead,
    checkpoint: &Checkpoint,
) -> Result<(), WitnessRefusal> {
    if checkpoint.size() == latest.size && checkpoint.root_hash() != &latest.root_hash {
        return Err(WitnessRefusal::RootMismatch {
            latest_size: latest.size,
        });
    }
    check_tree(
        proof,
        checkpoint.size(),
        checkpoint.root_hash(),
        latest.size,
        &latest.root_hash,
    )
    .map_err(|_| WitnessRefusal::BadProof)
}

/// A decimal without leading zeroes (tlog-witness: "no leading zeroes").
fn parse_size(text: &str) -> Option<u64> {
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    text.parse().ok()
}
