//! Ed25519 note signatures, signature type `0x01` of C2SP signed-note ("Ed25519
//! signatures"): RFC 8032 signatures over the note text.
//!
//! This file holds the key pair types only; their text encodings are in [`crate::keys`].

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use rand_core::CryptoRngCore;

use crate::keys::{ALG_ED25519, is_valid_key_name, key_id};
use crate::note::{NoteError, NoteSigner, NoteVerifier};

/// Signs notes with an Ed25519 key.
#[derive(Clone)]
pub struct Ed25519Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

/// Verifies Ed25519 note signatures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ed25519Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl std::fmt::Debug for Ed25519Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the private key.
        write!(f, "Ed25519Signer({}+{:08x})", self.name, self.key_id)
    }
}

impl Ed25519Signer {
    /// A new key named `name`, from the caller's random number generator.
    pub fn generate(name: &str, rng: &mut impl CryptoRngCore) -> Result<Self, NoteError> {
        Self::from_seed(name, &SigningKey::generate(rng).to_bytes())
    }

    /// The key with this 32-byte RFC 8032 seed.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::MalformedKey("invalid key name"));
        }
        let key = SigningKey::from_bytes(seed);
        Ok(Self {
            name: name.to_owned(),
            key_id: ed25519_key_id(name, &key.verifying_key()),
            key,
        })
    }

    pub(crate) fn seed(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    pub fn verifier(&self) -> Ed25519Verifier {
        Ed25519Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }
}

impl NoteSigner for Ed25519Signer {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, NoteError> {
        Ok(self.key.sign(msg).to_bytes().to_vec())
    }
}

/// A key name and a 32-byte RFC 8032 public key, checked: what every Ed25519-based verifier
/// (log signatures, witness cosignatures) is made from.
pub(crate) fn named_public_key(name: &str, public_key: &[u8]) -> Result<VerifyingKey, NoteError> {
    if !is_valid_key_name(name) {
        return Err(NoteError::MalformedKey("invalid key name"));
    }
    let bytes: &[u8; 32] = public_key
        .try_into()
        .map_err(|_| NoteError::MalformedKey("Ed25519 public keys are 32 bytes"))?;
    VerifyingKey::from_bytes(bytes)
        .map_err(|_| NoteError::MalformedKey("not an Ed25519 public key"))
}

impl Ed25519Verifier {
    /// The verifier for a 32-byte RFC 8032 public key.
    pub fn from_public_key(name: &str, public_key: &[u8]) -> Result<Self, NoteError> {
        let key = named_public_key(name, public_key)?;
        Ok(Self {
            name: name.to_owned(),
            key_id: ed25519_key_id(name, &key),
            key,
        })
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

impl NoteVerifier for Ed25519Verifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = Signature::from_slice(sig) else {
            return false;
        };
        // Strict verification refuses malleable and small-order-key signatures.
        self.key.verify_strict(msg, &sig).is_ok()
    }
}

/// `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]` (signed-note, "Ed25519 signatures").
fn ed25519_key_id(name: &str, key: &VerifyingKey) -> u32 {
    let mut encoded = vec![ALG_ED25519];
    encoded.extend_from_slice(key.as_bytes());
    key_id(name, &encoded)
}
