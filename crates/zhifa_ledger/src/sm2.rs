//! 国密 SM2 note signatures (SM2DSA with SM3, GB/T 32918.2-2016 / GM/T 0003-2012), so that a
//! checkpoint can carry a signature a Chinese government verifier accepts next to the
//! Ed25519 signature the transparency-log ecosystem expects.
//!
//! C2SP signed-note assigns no signature type to SM2. Its "Signature types" section reserves
//! `0xff` "for signature types without an identifier byte assigned by this specification",
//! followed by "a longer identifier that is unlikely to collide"; this crate uses exactly that:
//!
//! * signature type: the 21 bytes [`SM2_SIGNATURE_TYPE`], `0xff ‖ "zhifa-sm2dsa-sm3-v1\n"`;
//! * public key: the 33-byte compressed SEC1 point;
//! * key ID: `SHA-256(name ‖ 0x0A ‖ signature type ‖ public key)[:4]`, computed as the spec
//!   recommends for every type;
//! * signature: the 64 bytes `r ‖ s` of SM2DSA over the note text, with the default
//!   distinguishing identifier `1234567812345678` (GM/T 0009-2012).
//!
//! Readers that do not know this type treat such lines as signatures from unknown keys and
//! ignore them, as signed-note requires. Signing is deterministic (RFC 6979 nonces), so no
//! randomness is needed except to generate a key.

use rand_core::CryptoRngCore;
use signature::{Signer as _, Verifier as _};
use sm2::dsa::{Signature, SigningKey, VerifyingKey};
use sm2::elliptic_curve::sec1::ToEncodedPoint as _;

use crate::keys::{is_valid_key_name, key_id};
use crate::note::{NoteError, NoteSigner, NoteVerifier};

/// The signature type prefix of SM2 keys: `0xff` and a newline-terminated identifier.
pub const SM2_SIGNATURE_TYPE: &[u8] = b"\xffzhifa-sm2dsa-sm3-v1\n";

/// The default SM2 distinguishing identifier (GM/T 0009-2012).
const DISTINGUISHING_ID: &str = "1234567812345678";

/// Signs notes with an SM2 key.
#[derive(Clone)]
pub struct Sm2Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

/// Verifies SM2 note signatures.
#[derive(Debug, Clone)]
pub struct Sm2Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl PartialEq for Sm2Verifier {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.public_key() == other.public_key()
    }
}

impl Eq for Sm2Verifier {}

impl std::fmt::Debug for Sm2Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the private key.
        write!(f, "Sm2Signer({}+{:08x})", self.name, self.key_id)
    }
}

impl Sm2Signer {
    /// A new key named `name`, from the caller's random number generator.
    pub fn generate(name: &str, rng: &mut impl CryptoRngCore) -> Result<Self, NoteError> {
        let secret = sm2::SecretKey::random(rng);
        Self::from_secret(name, &secret.to_bytes())
    }

    /// The key with this 32-byte secret scalar.
    pub fn from_secret(name: &str, secret: &[u8]) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::MalformedKey("invalid key name"));
        }
        if secret.len() != 32 {
            return Err(NoteError::MalformedKey("SM2 secret keys are 32 bytes"));
        }
        let key = SigningKey::from_slice(DISTINGUISHING_ID, secret)
            .map_err(|_| NoteError::MalformedKey("not an SM2 secret key"))?;
        Ok(Self {
            name: name.to_owned(),
            key_id: sm2_key_id(name, key.verifying_key()),
            key,
        })
    }

    pub(crate) fn secret(&self) -> Vec<u8> {
        self.key.to_bytes().to_vec()
    }

    pub fn verifier(&self) -> Sm2Verifier {
        Sm2Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key().clone(),
        }
    }
}

impl NoteSigner for Sm2Signer {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, NoteError> {
        let signature: Signature = self
            .key
            .try_sign(msg)
            .map_err(|_| NoteError::SigningFailed)?;
        Ok(signature.to_bytes().to_vec())
    }
}

impl Sm2Verifier {
    /// The verifier for a 33-byte compressed SEC1 public key.
    pub fn from_public_key(name: &str, public_key: &[u8]) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::MalformedKey("invalid key name"));
        }
        // Only the compressed form, so that each key has one encoding and one key ID.
        if public_key.len() != 33 {
            return Err(NoteError::MalformedKey(
                "SM2 public keys are 33-byte compressed points",
            ));
        }
        let key = VerifyingKey::from_sec1_bytes(DISTINGUISHING_ID, public_key)
            .map_err(|_| NoteError::MalformedKey("not an SM2 public key"))?;
        Ok(Self {
            name: name.to_owned(),
            key_id: sm2_key_id(name, &key),
            key,
        })
    }

    /// The 33-byte compressed SEC1 public key.
    pub fn public_key(&self) -> Vec<u8> {
        compressed(&self.key)
    }
}

impl NoteVerifier for Sm2Verifier {
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
        self.key.verify(msg, &sig).is_ok()
    }
}

fn compressed(key: &VerifyingKey) -> Vec<u8> {
    key.to_encoded_point(true).as_bytes().to_vec()
}

/// `SHA-256(name ‖ 0x0A ‖ SM2_SIGNATURE_TYPE ‖ compressed public key)[:4]`.
fn sm2_key_id(name: &str, key: &VerifyingKey) -> u32 {
    let mut encoded = SM2_SIGNATURE_TYPE.to_vec();
    encoded.extend_from_slice(&compressed(key));
    key_id(name, &encoded)
}
