//! Reading tree hashes out of tiles a log has served (C2SP tlog-tiles), trusting nothing but
//! the tree hash of a verified checkpoint.
//!
//! [`TileHashReader`] implements [`HashReader`] over [`FetchedTiles`], so a verifier can run
//! [`crate::tree_hash`], [`crate::prove_record`] or [`crate::prove_tree`] on served data.
//! Before it returns a hash it authenticates every tile involved: the partial tiles at the
//! right edge of the tree must fold to the checkpoint's tree hash, and every full tile must
//! hash to its entry in the tile one level up (the approach of Go's `tlog.TileHashReader`).
//!
//! This file does not fetch: when tiles are missing it answers
//! [`LedgerError::TilesNeeded`] with the list, the caller fetches them (I/O stays at the
//! edge), adds them and asks again.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::LedgerError;
use crate::hash::{HASH_SIZE, Hash, node_hash};
use crate::tile::{FULL_TILE_WIDTH, TILE_HEIGHT, Tile, perfect_subtree_hash};
use crate::tree::{
    HashReader, MAX_TREE_SIZE, root_subtree_indexes, split_stored_hash_index, stored_hash_count,
    stored_hash_index,
};

/// Tile data a client has fetched, not yet trusted.
#[derive(Debug, Clone, Default)]
pub struct FetchedTiles {
    tiles: BTreeMap<Tile, Vec<u8>>,
}

impl FetchedTiles {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a served tile; its data must be exactly `width` hashes long (C2SP tlog-tiles:
    /// full tiles are 8,192 bytes, a partial tile of width `W` is `W` hashes).
    pub fn insert(&mut self, tile: Tile, data: Vec<u8>) -> Result<(), LedgerError> {
        if data.len() != usize::from(tile.width()) * HASH_SIZE {
            return Err(LedgerError::MalformedTile(
                "data length does not match width",
            ));
        }
        self.tiles.insert(tile, data);
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.tiles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tiles.is_empty()
    }

    /// The data of `tile`: the tile itself, or the prefix of a wider fetched tile at the same
    /// position (C2SP tlog-tiles allows fetching the full tile once a partial one is gone).
    fn data_for(&self, tile: &Tile) -> Option<&[u8]> {
        let widest = Tile::new(tile.level(), tile.n(), FULL_TILE_WIDTH).ok()?;
        let (_, data) = self.tiles.range(tile..=&widest).next()?;
        Some(&data[..usize::from(tile.width()) * HASH_SIZE])
    }
}

/// A [`HashReader`] over served tiles, authenticated against a trusted tree head.
#[derive(Debug, Clone, Copy)]
pub struct TileHashReader<'a> {
    tree_size: u64,
    tree_hash: Hash,
    tiles: &'a FetchedTiles,
}

impl<'a> TileHashReader<'a> {
    /// A reader for the tree of `tree_size` records whose hash (from a verified checkpoint)
    /// is `tree_hash`.
    pub fn new(tree_size: u64, tree_hash: Hash, tiles: &'a FetchedTiles) -> Self {
        Self {
            tree_size,
            tree_hash,
            tiles,
        }
    }

    /// Every tile needed to return the hashes at `indexes` and authenticate them: the partial
    /// tiles the tree hash is folded from, and for each index its tile and the chain of
    /// parents up to one of those.
    pub fn tiles_needed(&self, indexes: &[u64]) -> Result<BTreeSet<Tile>, LedgerError> {
        let size = self.tree_size;
        if size == 0 {
            return Err(LedgerError::InvalidInput("the empty tree has no hashes"));
        }
        if size > MAX_TREE_SIZE {
            return Err(LedgerError::TreeTooLarge(size));
        }
        let mut needed = BTreeSet::new();
        for index in root_subtree_indexes(size) {
            needed.insert(self.tile_of(index)?);
        }
        for &index in indexes {
            if index >= stored_hash_count(size) {
                return Err(LedgerError::HashNotFound(index));
            }
            // Full tiles are vouched for by their parent; the chain ends at a partial tile,
            // which the tree hash vouches for.
            let mut tile = self.tile_of(index)?;
            while needed.insert(tile) && tile.is_full() {
                tile = tile
                    .parent(size)
                    .ok_or(LedgerError::MalformedTile("full tile without a parent"))?;
            }
        }
        Ok(needed)
    }

    /// The tile of this tree that holds the hash with stored index `index`.
    fn tile_of(&self, index: u64) -> Result<Tile, LedgerError> {
        let (level, n) = split_stored_hash_index(index);
        let bottom = n << (level % TILE_HEIGHT);
        Tile::in_tree(level / TILE_HEIGHT, bottom >> TILE_HEIGHT, self.tree_size)
            .ok_or(LedgerError::HashNotFound(index))
    }

    /// Checks the needed tiles, all present, against the trusted tree hash.
    fn authenticate(&self, needed: &BTreeSet<Tile>) -> Result<(), LedgerError> {
        let data = |tile: &Tile| {
            self.tiles
                .data_for(tile)
                .ok_or(LedgerError::TilesNeeded(vec![*tile]))
        };
        let mut roots = Vec::new();
        for index in root_subtree_indexes(self.tree_size) {
            let tile = self.tile_of(index)?;
            roots.push(tile.hash_at(data(&tile)?, index)?);
        }
        let mut hash = roots.pop().ok_or(LedgerError::InconsistentTile)?;
        while let Some(left) = roots.pop() {
            hash = node_hash(&left, &hash);
        }
        if hash != self.tree_hash {
            return Err(LedgerError::InconsistentTile);
        }
        for tile in needed.iter().filter(|tile| tile.is_full()) {
            let parent = tile
                .parent(self.tree_size)
                .ok_or(LedgerError::MalformedTile("full tile without a parent"))?;
            let index = stored_hash_index((tile.level() + 1) * TILE_HEIGHT, tile.n());
            if parent.hash_at(data(&parent)?, index)? != perfect_subtree_hash(data(tile)?) {
                return Err(LedgerError::InconsistentTile);
            }
        }
        Ok(())
    }
}

impl HashReader for TileHashReader<'_> {
    /// Returns the hashes at `indexes` from authenticated tiles, or
    /// [`LedgerError::TilesNeeded`] listing the tiles still to fetch.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        let needed = self.tiles_needed(indexes)?;
        let missing: Vec<Tile> = needed
            .iter()
            .filter(|tile| self.tiles.data_for(tile).is_none())
            .copied()
            .collect();
        if !missing.is_empty() {
            return Err(LedgerError::TilesNeeded(missing));
        }
        self.authenticate(&needed)?;
        indexes
            .iter()
            .map(|&index| {
                let tile = self.tile_of(index)?;
                let data = self
                    .tiles
                    .data_for(&tile)
                    .ok_or(LedgerError::TilesNeeded(vec![tile]))?;
                tile.hash_at(data, index)
            })
            .collect()
    }
}
