//! C2SP tlog-tiles: the tree served as static "tiles" of 256 hashes, their URL paths, the
//! hashes a tile holds, and entry bundles.
//!
//! A tile at level `L`, index `N` holds the tree hashes at tree level `8L` for the records
//! `D[N·256^(L+1) : (N+1)·256^(L+1)]` (C2SP tlog-tiles, "Merkle Tree"). A tile narrower than
//! 256 hashes is partial: the rightmost tile of a level in a tree whose size is not a
//! multiple of its span.
//!
//! This file is not a client or a server: it describes tiles and reads their contents from a
//! [`HashReader`]. Their URL paths are [`crate::tile_path`]; checking served tiles against a
//! checkpoint is [`crate::tile_reader`].

use crate::error::LedgerError;
use crate::hash::{HASH_SIZE, Hash, node_hash};
use crate::tile_path::index_path;
use crate::tree::{
    HashReader, MAX_TREE_SIZE, read_exactly, split_stored_hash_index, stored_hash_index,
};

/// Tile paths are parsed in [`crate::tile_path`]; the type is also reachable from here.
pub use crate::tile_path::TileResource;

/// Tree levels per tile: C2SP tlog-tiles fixes the height at 8.
pub const TILE_HEIGHT: u8 = 8;

/// Hashes in a full tile (C2SP tlog-tiles: "Full tiles MUST be exactly 256 hashes wide").
pub const FULL_TILE_WIDTH: u16 = 1 << TILE_HEIGHT;

/// The highest tile level a path may name (C2SP tlog-tiles: `<L>` "between 0 and 63").
pub const MAX_TILE_LEVEL: u8 = 63;

/// A Merkle-tree tile: level, index within the level, and width in hashes (1..=256).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tile {
    level: u8,
    n: u64,
    width: u16,
}

/// An entry bundle: the records whose leaf hashes form level-0 tile `n` (C2SP tlog-tiles,
/// "Log entries").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryBundle {
    pub n: u64,
    pub width: u16,
}

impl Tile {
    /// A tile, if its coordinates are in the ranges C2SP tlog-tiles allows.
    pub fn new(level: u8, n: u64, width: u16) -> Result<Self, LedgerError> {
        if level > MAX_TILE_LEVEL || !(1..=FULL_TILE_WIDTH).contains(&width) {
            return Err(LedgerError::MalformedTile("level or width out of range"));
        }
        Ok(Self { level, n, width })
    }

    pub fn level(&self) -> u8 {
        self.level
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    pub fn width(&self) -> u16 {
        self.width
    }

    pub fn is_full(&self) -> bool {
        self.width == FULL_TILE_WIDTH
    }

    /// Tile `n` of `level` as it exists in a tree of `tree_size` records: full, partial with
    /// `floor(s / 256^l) mod 256` hashes, or `None` if empty (C2SP tlog-tiles, "Partial Tiles").
    pub fn in_tree(level: u8, n: u64, tree_size: u64) -> Option<Self> {
        let hashes_at_level = tree_size.checked_shr(u32::from(level) * u32::from(TILE_HEIGHT))?;
        let before = n.checked_mul(u64::from(FULL_TILE_WIDTH))?;
        let width = hashes_at_level
            .checked_sub(before)?
            .min(u64::from(FULL_TILE_WIDTH));
        Self::new(level, n, u16::try_from(width).ok()?).ok()
    }

    /// The tiles a log publishes when it grows from `old_size` to `new_size` records: every
    /// tile whose contents differ (C2SP tlog-tiles, "Merkle Tree" and "Partial Tiles").
    pub fn new_tiles(old_size: u64, new_size: u64) -> Vec<Self> {
        let mut tiles = Vec::new();
        if old_size > new_size {
            return tiles; // a log never shrinks; there is nothing to publish
        }
        let width = u64::from(FULL_TILE_WIDTH);
        for level in 0..=MAX_TILE_LEVEL {
            let shift = u32::from(level) * u32::from(TILE_HEIGHT);
            let (Some(old), Some(new)) = (old_size.checked_shr(shift), new_size.checked_shr(shift))
            else {
                break;
            };
            if new == 0 {
                break;
            }
            if old == new {
                continue;
            }
            // From the tile holding the old edge (rewritten unless it was full) to the new edge.
            for n in old / width..=new / width {
                if let Some(tile) = Self::in_tree(level, n, new_size) {
                    let unchanged = Self::in_tree(level, n, old_size) == Some(tile);
                    if !unchanged {
                        tiles.push(tile);
                    }
                }
            }
        }
        tiles
    }

    /// The path of this tile under the log prefix, `tile/<L>/<N>[.p/<W>]` (C2SP tlog-tiles).
    pub fn path(&self) -> String {
        format!("tile/{}/{}", self.level, index_path(self.n, self.width))
    }

    /// The tile one level up whose hash at position `n mod 256` is this tile's subtree hash,
    /// in a tree of `tree_size` records ("each hash in a tile is the Merkle Tree Hash of a
    /// *full* tile at the level below", C2SP tlog-tiles).
    pub fn parent(&self, tree_size: u64) -> Option<Self> {
        Self::in_tree(self.level.checked_add(1)?, self.n >> TILE_HEIGHT, tree_size)
    }

    /// The stored hash indexes of the tile's hashes, in tile order: hash `i` is
    /// `MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l])` (C2SP tlog-tiles, "Merkle Tree").
    /// Fails if the tile does not fit in a tree of [`MAX_TREE_SIZE`] records.
    pub fn stored_indexes(&self) -> Result<Vec<u64>, LedgerError> {
        let first = self
            .first_node()
            .ok_or(LedgerError::MalformedTile("beyond the largest tree"))?;
        let level = self.level * TILE_HEIGHT;
        Ok((0..u64::from(self.width))
            .map(|i| stored_hash_index(level, first + i))
            .collect())
    }

    /// The tile's contents, its hashes concatenated (C2SP tlog-tiles: "concatenated sequences
    /// of consecutive Merkle Tree Hashes"), read from the log's stored hashes.
    pub fn read_data(&self, reader: &(impl HashReader + ?Sized)) -> Result<Vec<u8>, LedgerError> {
        let hashes = read_exactly(reader, &self.stored_indexes()?)?;
        Ok(hashes.concat())
    }

    /// The hash with stored index `index`, computed from this tile's data: a hash at the
    /// tile's bottom level is read directly, one higher up is rebuilt from the bottom-level
    /// hashes below it ("the Merkle Tree levels between … are reconstructed by hashing").
    pub fn hash_at(&self, data: &[u8], index: u64) -> Result<Hash, LedgerError> {
        if data.len() != usize::from(self.width) * HASH_SIZE {
            return Err(LedgerError::MalformedTile(
                "data length does not match width",
            ));
        }
        // Checked first: it also bounds the tile level, so the multiplication below fits.
        let tile_first = self
            .first_node()
            .ok_or(LedgerError::MalformedTile("beyond the largest tree"))?;
        let (level, n) = split_stored_hash_index(index);
        let rise = level
            .checked_sub(self.level * TILE_HEIGHT)
            .filter(|&rise| rise < TILE_HEIGHT)
            .ok_or(LedgerError::MalformedTile(
                "hash is not at this tile's levels",
            ))?;
        let below = 1u64 << rise; // bottom-level hashes under (level, n)
        let start = n
            .checked_mul(below)
            .and_then(|first| first.checked_sub(tile_first))
            .filter(|&start| {
                start
                    .checked_add(below)
                    .is_some_and(|end| end <= u64::from(self.width))
            })
            .ok_or(LedgerError::MalformedTile("hash is not in this tile"))?;
        let (start, below) = (start as usize, below as usize);
        Ok(perfect_subtree_hash(
            &data[start * HASH_SIZE..(start + below) * HASH_SIZE],
        ))
    }

    /// The index, at the tile's bottom tree level, of its first hash, if the whole tile lies
    /// within a tree of [`MAX_TREE_SIZE`] records.
    fn first_node(&self) -> Option<u64> {
        if self.level >= TILE_HEIGHT {
            return None; // such a tile would start beyond 2^64 records
        }
        let first = self.n.checked_mul(u64::from(FULL_TILE_WIDTH))?;
        let end = u128::from(first) + u128::from(self.width);
        let end_leaf = end << (u32::from(self.level) * u32::from(TILE_HEIGHT));
        (end_leaf <= u128::from(MAX_TREE_SIZE)).then_some(first)
    }
}

impl EntryBundle {
    /// The path of this bundle under the log prefix, `tile/entries/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!("tile/entries/{}", index_path(self.n, self.width))
    }

    /// Splits bundle data into entries: a sequence of big-endian uint16 length-prefixed
    /// entries (C2SP tlog-tiles, "Log entries"), exactly `width` of them.
    pub fn entries<'a>(&self, data: &'a [u8]) -> Result<Vec<&'a [u8]>, LedgerError> {
        let entries = split_entries(data)?;
        if entries.len() != usize::from(self.width) {
            return Err(LedgerError::MalformedEntryBundle("wrong number of entries"));
        }
        Ok(entries)
    }

    /// Encodes entries as bundle data.
    pub fn encode<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, LedgerError> {
        let mut data = Vec::new();
        for entry in entries {
            let entry = entry.as_ref();
            let len = u16::try_from(entry.len())
                .map_err(|_| LedgerError::MalformedEntryBundle("entry longer than 65535 bytes"))?;
            data.extend_from_slice(&len.to_be_bytes());
            data.extend_from_slice(entry);
        }
        Ok(data)
    }
}

/// Splits uint16 length-prefixed entries.
fn split_entries(mut data: &[u8]) -> Result<Vec<&[u8]>, LedgerError> {
    let mut entries = Vec::new();
    while !data.is_empty() {
        let [hi, lo, rest @ ..] = data else {
            return Err(LedgerError::MalformedEntryBundle("truncated length"));
        };
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if rest.len() < len {
            return Err(LedgerError::MalformedEntryBundle("truncated entry"));
        }
        entries.push(&rest[..len]);
        data = &rest[len..];
    }
    Ok(entries)
}

/// `MTH` of a perfect subtree given its bottom-level hashes, concatenated (2^k of them).
pub(crate) fn perfect_subtree_hash(bytes: &[u8]) -> Hash {
    if bytes.len() == HASH_SIZE {
        let mut hash = [0; HASH_SIZE];
        hash.copy_from_slice(bytes);
        return hash;
    }
    let (left, right) = bytes.split_at(bytes.len() / 2);
    node_hash(&perfect_subtree_hash(left), &perfect_subtree_hash(right))
}
