//! C2SP tlog-checkpoint: the note text a log signs to commit to its tree, three lines and
//! optional extension lines:
//!
//! ```text
//! example.com/behind-the-sofa
//! 20852163
//! CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
//! ```
//!
//! This file is the text only. Signatures around it are [`crate::note`]; a checkpoint's text
//! must not be believed before its note has been opened with a trusted key.

use crate::hash::{Hash, hash_from_base64, hash_to_base64};

/// Why a checkpoint text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("checkpoint text must end with a newline")]
    MissingFinalNewline,
    #[error("checkpoint text must hold no control characters but newlines")]
    ControlCharacter,
    #[error("checkpoint text needs an origin, a tree size and a root hash line")]
    TooFewLines,
    #[error("checkpoint origin is empty")]
    EmptyOrigin,
    #[error("tree size is not a decimal without leading zeroes")]
    MalformedSize,
    #[error("root hash is not the base64 of 32 bytes")]
    MalformedRootHash,
    #[error("extension lines must be non-empty")]
    EmptyExtensionLine,
}

/// A log's signed statement of its tree: origin, tree size, root hash and opaque extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    origin: String,
    size: u64,
    root_hash: Hash,
    extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: &str, size: u64, root_hash: Hash) -> Result<Self, CheckpointError> {
        Self::with_extensions(origin, size, root_hash, Vec::new())
    }

    /// A checkpoint with extension lines (NOT RECOMMENDED by the spec: monitors cannot audit them).
    pub fn with_extensions(
        origin: &str,
        size: u64,
        root_hash: Hash,
        extensions: Vec<String>,
    ) -> Result<Self, CheckpointError> {
        check_line(origin, CheckpointError::EmptyOrigin)?;
        for line in &extensions {
            check_line(line, CheckpointError::EmptyExtensionLine)?;
        }
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root_hash,
            extensions,
        })
    }

    /// Parses a checkpoint note text strictly (C2SP tlog-checkpoint, "Note text"): at least
    /// three newline-terminated lines; a non-empty origin; the size in decimal without
    /// leading zeroes; the root hash as canonical base64 of 32 bytes; non-empty extensions.
    pub fn parse(text: &str) -> Result<Self, CheckpointError> {
        let body = text
            .strip_suffix('\n')
            .ok_or(CheckpointError::MissingFinalNewline)?;
        if text.chars().any(|c| c < ' ' && c != '\n') {
            return Err(CheckpointError::ControlCharacter);
        }
        let mut lines = body.split('\n');
        let (Some(origin), Some(size), Some(root_hash)) =
            (lines.next(), lines.next(), lines.next())
        else {
            return Err(CheckpointError::TooFewLines);
        };
        if origin.is_empty() {
            return Err(CheckpointError::EmptyOrigin);
        }
        let size = parse_size(size)?;
        let root_hash = hash_from_base64(root_hash).ok_or(CheckpointError::MalformedRootHash)?;
        let extensions = lines
            .map(|line| match line.is_empty() {
                true => Err(CheckpointError::EmptyExtensionLine),
                false => Ok(line.to_owned()),
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            origin: origin.to_owned(),
            size,
            root_hash,
            extensions,
        })
    }

    /// The note text of this checkpoint, as [`Checkpoint::parse`] reads it.
    pub fn to_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            hash_to_base64(&self.root_hash)
        );
        for line in &self.extensions {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The log identity (first line).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The number of records in the tree.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The RFC 6962 root hash of the tree at [`Checkpoint::size`].
    pub fn root_hash(&self) -> &Hash {
        &self.root_hash
    }

    pub fn extensions(&self) -> &[String] {
        &self.extensions
    }
}

/// A line of a checkpoint: non-empty, no control characters (hence no newline).
fn check_line(line: &str, if_empty: CheckpointError) -> Result<(), CheckpointError> {
    if line.is_empty() {
        return Err(if_empty);
    }
    if line.chars().any(|c| c < ' ') {
        return Err(CheckpointError::ControlCharacter);
    }
    Ok(())
}

/// "The ASCII decimal representation of the number of leaves in the tree, with no leading
/// zeroes (unless the tree is empty, in which case the tree size is `0`)."
fn parse_size(text: &str) -> Result<u64, CheckpointError> {
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || (text.len() > 1 && text.starts_with('0')) {
        return Err(CheckpointError::MalformedSize);
    }
    text.parse().map_err(|_| CheckpointError::MalformedSize)
}
