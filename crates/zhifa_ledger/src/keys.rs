//! Key names, key IDs and the text encodings of keys used by C2SP signed-note and Go's
//! `sumdb/note`:
//!
//! * verifier key: `<name>+<hex key ID>+<base64(signature type ‖ public key)>`;
//! * signer key: `PRIVATE+KEY+<name>+<hex key ID>+<base64(signature type ‖ private key)>`,
//!   where the Ed25519 private key is its 32-byte seed and the SM2 one its 32-byte scalar.
//!
//! The key ID is `SHA-256(name ‖ 0x0A ‖ signature type ‖ public key)[:4]` (signed-note,
//! "Signatures"), checked on every parse so a mistyped key is refused, not trusted.
//!
//! This file does not sign or verify; the key types in [`crate::ed25519`], [`crate::sm2`] and
//! [`crate::cosignature`] do.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::cosignature::{CosignatureVerifier, Cosigner};
use crate::ed25519::{Ed25519Signer, Ed25519Verifier};
use crate::note::{NoteError, NoteSigner, NoteVerifier};
use crate::sm2::{SM2_SIGNATURE_TYPE, Sm2Signer, Sm2Verifier};

/// Signature type of Ed25519 note signatures (signed-note, "Signature types").
pub const ALG_ED25519: u8 = 0x01;

/// Signature type of timestamped Ed25519 witness cosignatures (tlog-cosignature).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;

const PRIVATE_KEY_PREFIX: &str = "PRIVATE+KEY+";

/// A key ID: `SHA-256(name ‖ 0x0A ‖ encoded_key)[:4]` as a big-endian `u32`, where
/// `encoded_key` is the signature type followed by the public key (signed-note, "Signatures").
pub fn key_id(name: &str, encoded_key: &[u8]) -> u32 {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    hasher.update(b"\n");
    hasher.update(encoded_key);
    let digest = hasher.finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Key names are non-empty and contain neither Unicode spaces nor `+` (signed-note, "Format").
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// A public key a reader trusts, of any signature type this crate knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifierKey {
    Ed25519(Ed25519Verifier),
    Sm2(Sm2Verifier),
    Cosignature(CosignatureVerifier),
}

impl VerifierKey {
    /// Parses `<name>+<hex key ID>+<base64(signature type ‖ public key)>`.
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id), Some(encoded)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(NoteError::MalformedKey("expected <name>+<key ID>+<key>"));
        };
        let (claimed_id, key) = decode_id_and_key(name, id, encoded)?;
        let verifier = match key.as_slice() {
            [ALG_ED25519, public @ ..] => {
                Self::Ed25519(Ed25519Verifier::from_public_key(name, public)?)
            }
            [ALG_COSIGNATURE_V1, public @ ..] => {
                Self::Cosignature(CosignatureVerifier::from_public_key(name, public)?)
            }
            key if key.starts_with(SM2_SIGNATURE_TYPE) => Self::Sm2(Sm2Verifier::from_public_key(
                name,
                &key[SM2_SIGNATURE_TYPE.len()..],
            )?),
            _ => return Err(NoteError::UnknownAlgorithm),
        };
        if verifier.key_id() != claimed_id {
            return Err(NoteError::KeyIdMismatch);
        }
        Ok(verifier)
    }

    /// The verifier-key text, as [`VerifierKey::parse`] reads it.
    pub fn to_text(&self) -> String {
        let mut key = Vec::new();
        match self {
            Self::Ed25519(v) => {
                key.push(ALG_ED25519);
                key.extend_from_slice(&v.public_key());
            }
            Self::Sm2(v) => {
                key.extend_from_slice(SM2_SIGNATURE_TYPE);
                key.extend_from_slice(&v.public_key());
            }
            Self::Cosignature(v) => {
                key.push(ALG_COSIGNATURE_V1);
                key.extend_from_slice(&v.public_key());
            }
        }
        format!(
            "{}+{:08x}+{}",
            self.name(),
            self.key_id(),
            STANDARD.encode(key)
        )
    }

    fn inner(&self) -> &dyn NoteVerifier {
        match self {
            Self::Ed25519(v) => v,
            Self::Sm2(v) => v,
            Self::Cosignature(v) => v,
        }
    }
}

impl NoteVerifier for VerifierKey {
    fn name(&self) -> &str {
        self.inner().name()
    }

    fn key_id(&self) -> u32 {
        self.inner().key_id()
    }

    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        self.inner().verify(msg, sig)
    }
}

/// A private key, of any signature type this crate knows.
#[derive(Debug, Clone)]
pub enum SignerKey {
    Ed25519(Ed25519Signer),
    Sm2(Sm2Signer),
    Cosigner(Cosigner),
}

impl SignerKey {
    /// Parses `PRIVATE+KEY+<name>+<hex key ID>+<base64(signature type ‖ private key)>`; the key
    /// ID must match the public key derived from the private key.
    pub fn parse(text: &str) -> Result<Self, NoteError> {
        let rest = text
            .strip_prefix(PRIVATE_KEY_PREFIX)
            .ok_or(NoteError::MalformedKey(
                "signer keys start with PRIVATE+KEY+",
            ))?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(encoded)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(NoteError::MalformedKey(
                "expected PRIVATE+KEY+<name>+<key ID>+<key>",
            ));
        };
        let (claimed_id, key) = decode_id_and_key(name, id, encoded)?;
        let seed = |private: &[u8]| -> Result<[u8; 32], NoteError> {
            private
                .try_into()
                .map_err(|_| NoteError::MalformedKey("Ed25519 seeds are 32 bytes"))
        };
        let signer = match key.as_slice() {
            [ALG_ED25519, private @ ..] => {
                Self::Ed25519(Ed25519Signer::from_seed(name, &seed(private)?)?)
            }
            [ALG_COSIGNATURE_V1, private @ ..] => {
                Self::Cosigner(Cosigner::from_seed(name, &seed(private)?)?)
            }
            key if key.starts_with(SM2_SIGNATURE_TYPE) => Self::Sm2(Sm2Signer::from_secret(
                name,
                &key[SM2_SIGNATURE_TYPE.len()..],
            )?),
            _ => return Err(NoteError::UnknownAlgorithm),
        };
        if signer.verifier().key_id() != claimed_id {
            return Err(NoteError::KeyIdMismatch);
        }
        Ok(signer)
    }

    /// The signer-key text, as [`SignerKey::parse`] reads it. It is a secret.
    pub fn to_text(&self) -> String {
        let mut key = Vec::new();
        match self {
            Self::Ed25519(s) => {
                key.push(ALG_ED25519);
                key.extend_from_slice(&s.seed());
            }
            Self::Sm2(s) => {
                key.extend_from_slice(SM2_SIGNATURE_TYPE);
                key.extend_from_slice(&s.secret());
            }
            Self::Cosigner(s) => {
                key.push(ALG_COSIGNATURE_V1);
                key.extend_from_slice(&s.seed());
            }
        }
        let verifier = self.verifier();
        format!(
            "{PRIVATE_KEY_PREFIX}{}+{:08x}+{}",
            verifier.name(),
            verifier.key_id(),
            STANDARD.encode(key)
        )
    }

    /// The matching public key.
    pub fn verifier(&self) -> VerifierKey {
        match self {
            Self::Ed25519(s) => VerifierKey::Ed25519(s.verifier()),
            Self::Sm2(s) => VerifierKey::Sm2(s.verifier()),
            Self::Cosigner(s) => VerifierKey::Cosignature(s.verifier()),
        }
    }

    /// The key as a plain note signer; a cosigner signs with a timestamp instead
    /// ([`crate::cosign`]).
    pub fn as_note_signer(&self) -> Option<&dyn NoteSigner> {
        match self {
            Self::Ed25519(s) => Some(s),
            Self::Sm2(s) => Some(s),
            Self::Cosigner(_) => None,
        }
    }
}

/// Checks the name, decodes the 8-hex-digit key ID and the base64 key material.
fn decode_id_and_key(name: &str, id: &str, encoded: &str) -> Result<(u32, Vec<u8>), NoteError> {
    if !is_valid_key_name(name) {
        return Err(NoteError::MalformedKey("invalid key name"));
    }
    if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NoteError::MalformedKey("key ID must be 8 hex digits"));
    }
    let id = u32::from_str_radix(id, 16).map_err(|_| NoteError::MalformedKey("bad key ID"))?;
    let key = STANDARD
        .decode(encoded)
        .map_err(|_| NoteError::MalformedKey("key is not base64"))?;
    if key.is_empty() {
        return Err(NoteError::MalformedKey("empty key"));
    }
    Ok((id, key))
}
