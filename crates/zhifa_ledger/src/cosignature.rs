//! C2SP tlog-cosignature, Ed25519 `cosignature/v1` (signature type `0x04`): a witness's
//! timestamped statement that, as of that time, the checkpoint is the largest consistent
//! tree head it has seen for the log.
//!
//! The signed message is `cosignature/v1\ntime <seconds>\n` followed by the checkpoint text;
//! the note signature is the 8-byte big-endian timestamp followed by the 64-byte Ed25519
//! signature (tlog-cosignature, "Format" and "Ed25519 signed message").
//!
//! This file reads no clock: the caller passes the time. Deciding whether to cosign is
//! [`crate::witness`].

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;

use crate::checkpoint::Checkpoint;
use crate::keys::{ALG_COSIGNATURE_V1, is_valid_key_name, key_id};
use crate::note::{NoteError, NoteSignature, NoteVerifier};

/// The largest timestamp a cosignature may carry, 2^63 - 1 (tlog-cosignature, "Format").
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// A witness's cosigning key.
#[derive(Clone)]
pub struct Cosigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

/// Verifies `cosignature/v1` signatures by one witness key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl std::fmt::Debug for Cosigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the private key.
        write!(f, "Cosigner({}+{:08x})", self.name, self.key_id)
    }
}

impl Cosigner {
    /// A new witness key named `name`, from the caller's random number generator.
    pub fn generate(name: &str, rng: &mut impl CryptoRngCore) -> Result<Self, NoteError> {
        Self::from_seed(name, &SigningKey::generate(rng).to_bytes())
    }

    /// The witness key with this 32-byte RFC 8032 seed.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::MalformedKey("invalid key name"));
        }
        let key = SigningKey::from_bytes(seed);
        Ok(Self {
            name: name.to_owned(),
            key_id: cosigner_key_id(name, &key.verifying_key()),
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    pub(crate) fn seed(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    pub fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }
}

/// Cosigns a checkpoint text (the note text, without signature lines) at `timestamp_secs`
/// (tlog-cosignature, "Ed25519 signed message").
pub fn cosign(
    checkpoint_text: &str,
    timestamp_secs: u64,
    key: &Cosigner,
) -> Result<NoteSignature, NoteError> {
    Checkpoint::parse(checkpoint_text)?;
    if timestamp_secs > MAX_TIMESTAMP {
        return Err(NoteError::TimestampOutOfRange);
    }
    let message = signed_message(timestamp_secs, checkpoint_text.as_bytes());
    let mut signature = timestamp_secs.to_be_bytes().to_vec();
    signature.extend_from_slice(&key.key.sign(&message).to_bytes());
    Ok(NoteSignature {
        name: key.name.clone(),
        key_id: key.key_id,
        signature,
    })
}

/// The timestamp of a `cosignature/v1` signature (the bytes after the key ID).
pub fn cosignature_timestamp(signature: &[u8]) -> Result<u64, NoteError> {
    split_signature(signature)
        .map(|(timestamp, _)| timestamp)
        .ok_or(NoteError::Malformed("not a cosignature/v1 signature"))
}

/// `timestamped_signature`: a u64 timestamp no larger than 2^63 - 1, then 64 signature bytes.
fn split_signature(signature: &[u8]) -> Option<(u64, Signature)> {
    if signature.len() != 8 + 64 {
        return None;
    }
    let (timestamp, ed25519) = signature.split_at(8);
    let timestamp = u64::from_be_bytes(timestamp.try_into().ok()?);
    if timestamp > MAX_TIMESTAMP {
        return None;
    }
    Some((timestamp, Signature::from_slice(ed25519).ok()?))
}

/// `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint's note text.
fn signed_message(timestamp_secs: u64, checkpoint_text: &[u8]) -> Vec<u8> {
    let mut message = format!("cosignature/v1\ntime {timestamp_secs}\n").into_bytes();
    message.extend_from_slice(checkpoint_text);
    message
}

impl CosignatureVerifier {
    /// The verifier for a witness's 32-byte Ed25519 public key.
    pub fn from_public_key(name: &str, public_key: &[u8]) -> Result<Self, NoteError> {
        let key = crate::ed25519::named_public_key(name, public_key)?;
        Ok(Self {
            name: name.to_owned(),
            key_id: cosigner_key_id(name, &key),
            key,
        })
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

impl NoteVerifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some((timestamp, signature)) = split_signature(sig) else {
            return false;
        };
        let message = signed_message(timestamp, msg);
        self.key.verify_strict(&message, &signature).is_ok()
    }
}

/// `SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4]` (tlog-cosignature, "Format").
fn cosigner_key_id(name: &str, key: &VerifyingKey) -> u32 {
    let mut encoded = vec![ALG_COSIGNATURE_V1];
    encoded.extend_from_slice(key.as_bytes());
    key_id(name, &encoded)
}
