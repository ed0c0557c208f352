//! C2SP signed-note: a text signed by one or more keys, each signature on its own line
//! `— <key name> base64(key ID ‖ signature)` after a blank line.
//!
//! Opening a note follows the spec's rules for verifiers: signatures from unknown keys are
//! ignored (kept aside as unverified), a known key's signature must verify or the whole
//! note is refused, and a note with no verified signature from a known key is refused.
//!
//! This file is the format and the rules, not the algorithms: keys live in [`crate::keys`],
//! [`crate::ed25519`], [`crate::sm2`] and [`crate::cosignature`].

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::checkpoint::CheckpointError;
use crate::keys::{VerifierKey, is_valid_key_name};

/// The most signature lines a note may carry. The spec requires accepting at least 16
/// ("Format"); Go's `sumdb/note` stops at 100, and so does this crate.
pub const MAX_SIGNATURES: usize = 100;

const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Why a note or key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    #[error("the key ID does not match the key")]
    KeyIdMismatch,
    #[error("unknown signature type")]
    UnknownAlgorithm,
    /// Two configured keys share a name and key ID; which one signed cannot be told.
    #[error("ambiguous key {name}+{key_id:08x}")]
    AmbiguousKey { name: String, key_id: u32 },
    /// A known key's signature does not verify: the note is refused whole (spec, "Signatures").
    #[error("invalid signature for key {name}+{key_id:08x}")]
    InvalidSignature { name: String, key_id: u32 },
    /// No signature from a known key: the note's text must be ignored (spec, "Signatures").
    #[error("no signature from a known key ({unverified} from unknown keys)")]
    NoVerifiedSignature { unverified: usize },
    #[error("signing failed")]
    SigningFailed,
    /// A cosignature timestamp above 2^63 - 1 (C2SP tlog-cosignature, "Format").
    #[error("timestamp out of range")]
    TimestampOutOfRange,
    #[error("cosigned text is not a checkpoint: {0}")]
    NotACheckpoint(#[from] CheckpointError),
}

/// Signs note texts with one key.
pub trait NoteSigner {
    fn name(&self) -> &str;
    fn key_id(&self) -> u32;
    /// The signature of `msg`, without the key ID.
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, NoteError>;
}

/// Verifies note signatures by one key.
pub trait NoteVerifier {
    fn name(&self) -> &str;
    fn key_id(&self) -> u32;
    /// Whether `sig` (without the key ID) is this key's signature of `msg`.
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool;
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The signature bytes after the 4-byte key ID.
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// The line `— <name> base64(key ID ‖ signature)\n` (signed-note, "Signatures").
    pub fn to_line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.signature);
        format!("{SIGNATURE_PREFIX}{} {}\n", self.name, STANDARD.encode(raw))
    }

    /// Parses one signature line, without its newline (signed-note, "Format").
    pub fn parse_line(line: &str) -> Result<Self, NoteError> {
        let rest = line
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(NoteError::Malformed(
                "signature line must start with an em dash",
            ))?;
        let (name, encoded) = rest
            .split_once(' ')
            .ok_or(NoteError::Malformed("signature line has no signature"))?;
        if !is_valid_key_name(name) {
            return Err(NoteError::Malformed("invalid key name"));
        }
        let raw = STANDARD
            .decode(encoded)
            .map_err(|_| NoteError::Malformed("signature is not base64"))?;
        let [a, b, c, d, signature @ ..] = raw.as_slice() else {
            return Err(NoteError::Malformed("signature shorter than a key ID"));
        };
        if signature.is_empty() {
            return Err(NoteError::Malformed("empty signature"));
        }
        Ok(Self {
            name: name.to_owned(),
            key_id: u32::from_be_bytes([*a, *b, *c, *d]),
            signature: signature.to_vec(),
        })
    }
}

/// The signature line `signer` adds to `text`, for appending to a note or returning from a
/// witness (C2SP tlog-witness, `add-checkpoint` response).
pub fn signature_for(text: &str, signer: &dyn NoteSigner) -> Result<NoteSignature, NoteError> {
    check_text(text)?;
    if !is_valid_key_name(signer.name()) {
        return Err(NoteError::MalformedKey("invalid key name"));
    }
    Ok(NoteSignature {
        name: signer.name().to_owned(),
        key_id: signer.key_id(),
        signature: signer.sign(text.as_bytes())?,
    })
}

/// Signs `text` (which must end in a newline) with every signer: the text, a blank line and
/// one signature line per signer (signed-note, "Format").
pub fn sign_note(text: &str, signers: &[&dyn NoteSigner]) -> Result<String, NoteError> {
    if signers.is_empty() || signers.len() > MAX_SIGNATURES {
        return Err(NoteError::Malformed(
            "a note needs between 1 and 100 signatures",
        ));
    }
    let mut note = format!("{text}\n");
    for signer in signers {
        note.push_str(&signature_for(text, *signer)?.to_line());
    }
    Ok(note)
}

/// A note's text must end in a newline and hold no control characters but newlines.
fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') {
        return Err(NoteError::Malformed("text must end with a newline"));
    }
    if text.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed("control character"));
    }
    Ok(())
}

/// Splits a signed note into its text and signature lines, checking syntax only; nothing
/// is verified, so the text must not be trusted (signed-note: "The text MUST be ignored
/// unless the note is signed by a trusted key").
pub fn parse_note(msg: &[u8]) -> Result<(&str, Vec<NoteSignature>), NoteError> {
    let msg = std::str::from_utf8(msg).map_err(|_| NoteError::Malformed("not UTF-8"))?;
    if msg.chars().any(|c| c < ' ' && c != '\n') {
        return Err(NoteError::Malformed("control character"));
    }
    // The text is separated from the signatures by the last empty line.
    let split = msg
        .rfind("\n\n")
        .ok_or(NoteError::Malformed("no signature block"))?;
    let (text, signatures) = (&msg[..split + 1], &msg[split + 2..]);
    let lines = signatures.strip_suffix('\n').ok_or(NoteError::Malformed(
        "signature block must end with a newline",
    ))?;
    let mut parsed = Vec::new();
    for line in lines.split('\n') {
        if parsed.len() == MAX_SIGNATURES {
            return Err(NoteError::Malformed("too many signatures"));
        }
        parsed.push(NoteSignature::parse_line(line)?);
    }
    Ok((text, parsed))
}

/// A note whose signatures were checked against a [`VerifierSet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedNote {
    /// The note text, including its final newline.
    pub text: String,
    /// Signatures by known keys, all verified.
    pub verified: Vec<NoteSignature>,
    /// Signatures by keys the verifier set does not know, ignored.
    pub unverified: Vec<NoteSignature>,
}

/// The keys a reader trusts, looked up by key name and key ID together.
#[derive(Debug, Clone, Default)]
pub struct VerifierSet {
    keys: Vec<VerifierKey>,
}

impl VerifierSet {
    pub fn new(keys: Vec<VerifierKey>) -> Self {
        Self { keys }
    }

    pub fn keys(&self) -> &[VerifierKey] {
        &self.keys
    }

    /// The one key with this name and ID, `None` if unknown. A key matching on name or ID
    /// alone is a different key (signed-note, "Signatures").
    fn find(&self, name: &str, key_id: u32) -> Result<Option<&VerifierKey>, NoteError> {
        let mut matches = self
            .keys
            .iter()
            .filter(|key| key.name() == name && key.key_id() == key_id);
        let first = matches.next();
        if matches.next().is_some() {
            return Err(NoteError::AmbiguousKey {
                name: name.to_owned(),
                key_id,
            });
        }
        Ok(first)
    }
}

/// Opens a signed note: parses it and verifies every signature from a known key
/// (signed-note, "Signatures"). Repeated lines from one key are checked once.
pub fn open_note(msg: &[u8], verifiers: &VerifierSet) -> Result<OpenedNote, NoteError> {
    let (text, signatures) = parse_note(msg)?;
    let mut opened = OpenedNote {
        text: text.to_owned(),
        verified: Vec::new(),
        unverified: Vec::new(),
    };
    let mut seen_keys = HashSet::new();
    let mut seen_unknown = HashSet::new();
    for signature in signatures {
        let Some(key) = verifiers.find(&signature.name, signature.key_id)? else {
            if seen_unknown.insert(signature.clone()) {
                opened.unverified.push(signature);
            }
            continue;
        };
        if !seen_keys.insert((signature.name.clone(), signature.key_id)) {
            continue;
        }
        if !key.verify(text.as_bytes(), &signature.signature) {
            return Err(NoteError::InvalidSignature {
                name: signature.name,
                key_id: signature.key_id,
            });
        }
        opened.verified.push(signature);
    }
    if opened.verified.is_empty() {
        return Err(NoteError::NoVerifiedSignature {
            unverified: opened.unverified.len(),
        });
    }
    Ok(opened)
}
