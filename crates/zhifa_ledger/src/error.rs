//! The error type of the Merkle-tree half of the crate: tree hashing, proofs, tiles and
//! their paths. Text formats have their own errors next to their parsers
//! ([`crate::CheckpointError`], [`crate::NoteError`], [`crate::WitnessRefusal`]).
//!
//! These are technical errors for the application and its logs, not messages for a
//! caseworker: the application translates them before anyone sees them.

use crate::tile::Tile;

/// Why a tree, proof or tile operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    /// The arguments cannot describe a tree position, e.g. record 5 of a tree of 3.
    #[error("invalid arguments: {0}")]
    InvalidInput(&'static str),

    /// The tree is larger than [`crate::tree::MAX_TREE_SIZE`] records, beyond which stored
    /// hash indexes no longer fit in 64 bits.
    #[error("a tree of {0} records is larger than supported")]
    TreeTooLarge(u64),

    /// A [`crate::HashReader`] broke its contract and returned the wrong number of hashes.
    #[error("hash reader returned {got} hashes for {wanted} indexes")]
    ShortRead { wanted: usize, got: usize },

    /// A [`crate::HashReader`] does not hold the hash with this stored index.
    #[error("no hash is stored at index {0}")]
    HashNotFound(u64),

    /// A proof does not verify against the given hashes.
    #[error("the proof does not verify")]
    ProofFailed,

    /// Reading hashes from served tiles needs these tiles, which have not been fetched yet.
    /// Fetch them, add them to the [`crate::FetchedTiles`], and ask again.
    #[error("{} tiles must be fetched first", .0.len())]
    TilesNeeded(Vec<Tile>),

    /// Served tile data does not hash to the trusted tree hash (or to its parent tile).
    #[error("tile data is inconsistent with the trusted tree hash")]
    InconsistentTile,

    /// Tile data has the wrong length, or a tile lies outside the tree.
    #[error("malformed tile: {0}")]
    MalformedTile(&'static str),

    /// A tile path is not exactly as C2SP tlog-tiles encodes it.
    #[error("malformed tile path")]
    MalformedTilePath,

    /// An entry bundle is not a sequence of uint16-length-prefixed entries.
    #[error("malformed entry bundle: {0}")]
    MalformedEntryBundle(&'static str),
}
