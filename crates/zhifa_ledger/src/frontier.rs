//! The right edge of a tree rebuilt leaf by leaf: what a verifier keeps in memory to recompute
//! every stored hash of a log in one pass over its leaves, without reading a stored hash.
//!
//! After `n` leaves the frontier holds the root of each complete subtree along the tree's
//! right edge — one per 1 bit of `n`, at most 64 hashes — which are exactly the left siblings
//! that [`crate::tree::stored_hashes_for_leaf_hash`] reads for the next leaf.
//!
//! Not here: where the hashes are stored ([`crate::tree`]), proofs ([`crate::proof`]).

use crate::error::LedgerError;
use crate::hash::{EMPTY_TREE_HASH, Hash, node_hash};
use crate::tree::MAX_TREE_SIZE;

/// The complete subtrees on the right edge of a tree of [`Frontier::size`] leaves.
#[derive(Debug, Clone, Default)]
pub struct Frontier {
    size: u64,
    /// `edge[level]` is the root of the complete subtree of `2^level` leaves that ends the
    /// tree when bit `level` of `size` is set; other entries are stale.
    edge: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Frontier {
        Frontier::default()
    }

    /// The number of leaves appended.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The left siblings the next leaf completes, lowest first: with the leaf, the inputs of
    /// the hashes [`Frontier::append`] stores for it.
    pub fn next_siblings(&self) -> &[Hash] {
        &self.edge[..self.size.trailing_ones() as usize]
    }

    /// Appends leaf `size()` and writes to `out` the hashes stored for it, as
    /// [`crate::tree::stored_hashes_for_leaf_hash`] returns them: the leaf hash, then the
    /// root of every subtree the leaf completes, lowest first.
    pub fn append(&mut self, leaf: Hash, out: &mut Vec<Hash>) -> Result<(), LedgerError> {
        let n = self.size;
        if n >= MAX_TREE_SIZE {
            return Err(LedgerError::TreeTooLarge(n));
        }
        let completed = n.trailing_ones() as usize;
        let mut hash = leaf;
        out.push(hash);
        for left in &self.edge[..completed] {
            hash = node_hash(left, &hash);
            out.push(hash);
        }
        if self.edge.len() == completed {
            self.edge.push(hash);
        } else {
            self.edge[completed] = hash;
        }
        self.size = n + 1;
        Ok(())
    }

    /// The tree hash `MTH(D[0:size])` (RFC 6962 §2.1): the edge's subtrees folded from the
    /// smallest up, each the right child of the next larger.
    pub fn root(&self) -> Hash {
        let mut root: Option<Hash> = None;
        for level in 0..self.edge.len() {
            if self.size >> level & 1 == 1 {
                let left = &self.edge[level];
                root = Some(match root {
                    None => *left,
                    Some(right) => node_hash(left, &right),
                });
            }
        }
        root.unwrap_or(EMPTY_TREE_HASH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::leaf_hash;
    use crate::tree::{stored_hashes_for_leaf_hash, tree_hash};

    #[test]
    fn every_append_stores_what_the_reader_based_algorithm_stores_and_the_roots_agree() {
        let mut stored: Vec<Hash> = Vec::new();
        let mut frontier = Frontier::new();
        assert_eq!(frontier.root(), EMPTY_TREE_HASH);
        for n in 0..600u64 {
            let leaf = leaf_hash(&n.to_be_bytes());
            let expected = stored_hashes_for_leaf_hash(n, leaf, &stored).unwrap();
            let siblings = frontier.next_siblings().to_vec();
            let mut got = Vec::new();
            frontier.append(leaf, &mut got).unwrap();
            for (k, left) in siblings.iter().enumerate() {
                assert_eq!(got[k + 1], node_hash(left, &got[k]));
            }
            assert_eq!(got, expected, "leaf {n}");
            stored.extend(got);
            assert_eq!(frontier.size(), n + 1);
            assert_eq!(
                frontier.root(),
                tree_hash(n + 1, &stored).unwrap(),
                "size {}",
                n + 1
            );
        }
    }
}
