//! RFC 6962 §2.1 hashing: the leaf and interior-node hashes every other module builds on,
//! and the base64 form in which hashes travel in checkpoints and witness requests.
//!
//! This file is not a tree: which hashes exist and where they are stored is [`crate::tree`].

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

/// A SHA-256 hash of a record or of a node of the tree.
pub type Hash = [u8; HASH_SIZE];

/// The size of a [`Hash`](type@Hash) in bytes.
pub const HASH_SIZE: usize = 32;

/// The root hash of the empty tree, `MTH({}) = SHA-256()` (RFC 6962 §2.1).
///
/// Go's `sumdb/tlog` uses an all-zero hash for the empty tree; checkpoints follow RFC 6962,
/// so this crate does too.
pub const EMPTY_TREE_HASH: Hash = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
    0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];

/// The hash of a record: `SHA-256(0x00 ‖ data)` (RFC 6962 §2.1, `MTH({d(0)})`).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(data);
    hasher.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 ‖ left ‖ right)` (RFC 6962 §2.1).
///
/// The two prefixes keep a leaf from ever being mistaken for a node (second-preimage resistance).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// Standard base64 (RFC 4648 §4, padded) of a hash, as in a checkpoint's root-hash line
/// (C2SP tlog-checkpoint, "Note text" item 3).
pub fn hash_to_base64(hash: &Hash) -> String {
    STANDARD.encode(hash)
}

/// Parses the base64 form of a hash strictly: canonical padded standard base64 of exactly
/// 32 bytes, nothing else (C2SP tlog-checkpoint "Note text" item 3; C2SP tlog-witness
/// consistency proof lines).
pub fn hash_from_base64(text: &str) -> Option<Hash> {
    // 32 bytes always encode to 44 characters; checking first bounds the work on hostile input.
    if text.len() != 44 {
        return None;
    }
    STANDARD.decode(text).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_empty_tree_hash_is_sha256_of_nothing() {
        let digest: Hash = Sha256::digest([]).into();
        assert_eq!(digest, EMPTY_TREE_HASH);
    }

    #[test]
    fn a_hash_survives_base64_and_non_canonical_text_is_refused() {
        let hash = leaf_hash(b"record");
        let text = hash_to_base64(&hash);
        assert_eq!(hash_from_base64(&text), Some(hash));
        assert_eq!(hash_from_base64(&text[..43]), None);
        assert_eq!(hash_from_base64(&format!("{text}=")), None);
        // The zero hash is 43 'A's and '='; the last 'A' carries two unused bits, and a
        // 'B' there sets one of them, which a canonical decoder refuses.
        let zero = hash_to_base64(&[0; HASH_SIZE]);
        assert_eq!(zero, format!("{}=", "A".repeat(43)));
        assert_eq!(hash_from_base64(&format!("{}B=", "A".repeat(42))), None);
    }
}
