//! The tamper-evident ledger core of Zhifa (执法台账): the RFC 6962 Merkle tree that every
//! enforcement record is appended to, the proofs that a record is in the tree and that a
//! later tree extends an earlier one, and the C2SP text formats that carry tree heads
//! between a log, its witnesses and an auditor.
//!
//! What this crate is: pure functions and plain data. Hashes are read through the one-method
//! [`HashReader`] trait, tiles are handed in as bytes, time is a number of seconds the caller
//! passes in and key generation takes the caller's random number generator.
//!
//! What it is not: storage, networking or a clock. It never opens a file or a socket, never
//! reads the time and never asks the operating system for randomness; those effects belong
//! to the application that calls it.
//!
//! Specifications implemented, one module each:
//!
//! | module | specification |
//! |---|---|
//! | [`hash`] | RFC 6962 §2.1 leaf and node hashes |
//! | [`tree`] | stored-hash layout (as in Go's `golang.org/x/mod/sumdb/tlog`), RFC 6962 §2.1 tree hash |
//! | [`frontier`] | the tree's right edge, to recompute every stored hash in one pass |
//! | [`proof`] | RFC 6962 §2.1.1 inclusion and §2.1.2 consistency proofs |
//! | [`tile`], [`tile_path`], [`tile_reader`] | C2SP tlog-tiles |
//! | [`checkpoint`] | C2SP tlog-checkpoint |
//! | [`note`], [`keys`], [`ed25519`], [`sm2`] | C2SP signed-note, plus 国密 SM2 signatures |
//! | [`cosignature`] | C2SP tlog-cosignature (`cosignature/v1`) |
//! | [`witness`] | C2SP tlog-witness `add-checkpoint` |

pub mod checkpoint;
pub mod cosignature;
pub mod ed25519;
pub mod error;
pub mod frontier;
pub mod hash;
pub mod keys;
pub mod note;
pub mod proof;
pub mod sm2;
pub mod tile;
pub mod tile_path;
pub mod tile_reader;
pub mod tree;
pub mod witness;

pub use checkpoint::{Checkpoint, CheckpointError};
pub use cosignature::{CosignatureVerifier, Cosigner, cosign};
pub use ed25519::{Ed25519Signer, Ed25519Verifier};
pub use error::LedgerError;
pub use frontier::Frontier;
pub use hash::{EMPTY_TREE_HASH, HASH_SIZE, Hash, leaf_hash, node_hash};
pub use keys::{SignerKey, VerifierKey, key_id};
pub use note::{
    NoteError, NoteSignature, NoteSigner, NoteVerifier, OpenedNote, VerifierSet, open_note,
    sign_note,
};
pub use proof::{check_record, check_tree, prove_record, prove_tree};
pub use sm2::{Sm2Signer, Sm2Verifier};
pub use tile::{EntryBundle, Tile};
pub use tile_path::TileResource;
pub use tile_reader::{FetchedTiles, TileHashReader};
pub use tree::{
    HashReader, split_stored_hash_index, stored_hash_count, stored_hash_index, stored_hashes,
    tree_hash,
};
pub use witness::{AddCheckpointRequest, Cosigned, TreeHead, TrustedLog, WitnessRefusal};
