//! Where the hashes of an append-only RFC 6962 tree are stored, and how the tree hash is
//! computed from them.
//!
//! The layout is the one of Go's `golang.org/x/mod/sumdb/tlog` (after Crosby and Wallach,
//! "Efficient Data Structures for Tamper-Evident Logging", §3.3): when record `n` is
//! appended, its leaf hash and the hashes of every subtree it completes are written next,
//! so the store is one dense, append-only array of hashes.
//!
//! This file is not storage: it only computes indexes. Hashes are read through
//! [`HashReader`], which a database table, a file or served tiles implement elsewhere.

use crate::error::LedgerError;
use crate::hash::{EMPTY_TREE_HASH, Hash, leaf_hash, node_hash};

/// The largest tree this crate handles: 2^62 records, so that every stored hash index
/// (about twice the record count) fits in a `u64`.
pub const MAX_TREE_SIZE: u64 = 1 << 62;

/// Reads stored hashes by their stored hash index (see [`stored_hash_index`]).
///
/// The one seam between the pure tree code and storage: a database, a file or served tiles
/// ([`crate::TileHashReader`]) implement it.
pub trait HashReader {
    /// Returns the hashes at `indexes`, in the same order and of the same length, or an error.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError>;
}

/// All stored hashes in one slice, in stored order: the shape of an in-memory log.
impl HashReader for [Hash] {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| self.get(i))
                    .copied()
                    .ok_or(LedgerError::HashNotFound(i))
            })
            .collect()
    }
}

impl HashReader for Vec<Hash> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        self.as_slice().read_hashes(indexes)
    }
}

/// The stored index of the hash at tree `level` (0 = leaves) and position `n` in that level.
///
/// Level `L`'s `n`th hash is stored right after level `L-1`'s `(2n+1)`th hash, so it sits
/// `level` places after the leaf `m = ((n + 1) << level) - 1` that completed it; and leaf `m`
/// is preceded by `m + m/2 + m/4 + … = 2m - popcount(m)` hashes.
///
/// # Panics
///
/// Panics if the node lies beyond a tree of [`MAX_TREE_SIZE`] records.
pub fn stored_hash_index(level: u8, n: u64) -> u64 {
    let last_leaf = n
        .checked_add(1)
        .and_then(|n| n.checked_shl(u32::from(level)))
        .filter(|&m| m <= MAX_TREE_SIZE && m >> level == n + 1)
        .expect("node beyond the largest supported tree")
        - 1;
    2 * last_leaf - u64::from(last_leaf.count_ones()) + u64::from(level)
}

/// The inverse of [`stored_hash_index`]: the `(level, n)` stored at `index`.
pub fn split_stored_hash_index(index: u64) -> (u8, u64) {
    // 128-bit arithmetic: any u64 index, even one beyond the largest tree, splits without overflow.
    let count = |m: u128| 2 * m - u128::from(m.count_ones());
    let index = u128::from(index);
    // Find the record `m` whose append wrote `index`: the last with count(m) <= index.
    // count(index / 2) <= index, and at most log2(index) records lie between.
    let mut m = index / 2;
    while count(m + 1) <= index {
        m += 1;
    }
    // Record m wrote (0, m), (1, m >> 1), (2, m >> 2), … in that order.
    let level = (index - count(m)) as u32;
    (level as u8, (m >> level) as u64)
}

/// The number of hashes stored for a tree of `n` records (equivalently, the stored index of
/// record `n`'s leaf hash).
///
/// # Panics
///
/// Panics if `n` exceeds 2^63, where the count no longer fits in a `u64`.
pub fn stored_hash_count(n: u64) -> u64 {
    n.checked_mul(2)
        .expect("tree beyond the largest supported size")
        - u64::from(n.count_ones())
}

/// The hashes to store, starting at index [`stored_hash_count`]`(n)`, when appending record
/// `n` with the given data: its leaf hash (RFC 6962 §2.1) followed by the hash of every
/// subtree it completes. Reads the earlier hashes it needs through `reader`.
pub fn stored_hashes(
    n: u64,
    data: &[u8],
    reader: &(impl HashReader + ?Sized),
) -> Result<Vec<Hash>, LedgerError> {
    stored_hashes_for_leaf_hash(n, leaf_hash(data), reader)
}

/// Like [`stored_hashes`], for a record whose leaf hash the caller already has.
pub fn stored_hashes_for_leaf_hash(
    n: u64,
    leaf: Hash,
    reader: &(impl HashReader + ?Sized),
) -> Result<Vec<Hash>, LedgerError> {
    if n >= MAX_TREE_SIZE {
        return Err(LedgerError::TreeTooLarge(n));
    }
    // Each trailing 1 bit of n completes a subtree whose left sibling is already stored.
    let completed = n.trailing_ones() as u8;
    let siblings: Vec<u64> = (0..completed)
        .rev()
        .map(|level| stored_hash_index(level, (n >> level) - 1))
        .collect();
    let old = read_exactly(reader, &siblings)?;
    let mut hashes = Vec::with_capacity(1 + old.len());
    let mut hash = leaf;
    hashes.push(hash);
    for left in old.iter().rev() {
        hash = node_hash(left, &hash);
        hashes.push(hash);
    }
    Ok(hashes)
}

/// The root hash of the tree of the first `n` records, `MTH(D[0:n])` (RFC 6962 §2.1),
/// from at most `1 + log2(n)` stored hashes read in one call.
pub fn tree_hash(n: u64, reader: &(impl HashReader + ?Sized)) -> Result<Hash, LedgerError> {
    if n == 0 {
        return Ok(EMPTY_TREE_HASH);
    }
    if n > MAX_TREE_SIZE {
        return Err(LedgerError::TreeTooLarge(n));
    }
    with_stored_nodes(reader, |nodes| subtree_hash(0, n, nodes))
}

/// `read_hashes`, holding the reader to its contract of one hash per index.
pub(crate) fn read_exactly(
    reader: &(impl HashReader + ?Sized),
    indexes: &[u64],
) -> Result<Vec<Hash>, LedgerError> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = reader.read_hashes(indexes)?;
    if hashes.len() != indexes.len() {
        return Err(LedgerError::ShortRead {
            wanted: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes)
}

/// A source of stored node hashes, by tree coordinates.
///
/// Tree algorithms are written once against this trait and run twice by
/// [`with_stored_nodes`]: first to learn which hashes they need, then on the hashes read,
/// so every computation makes exactly one call to [`HashReader::read_hashes`].
pub(crate) trait StoredNodes {
    fn node(&mut self, level: u8, n: u64) -> Hash;
}

/// First pass: records the indexes asked for and answers with placeholders.
struct Planner(Vec<u64>);

impl StoredNodes for Planner {
    fn node(&mut self, level: u8, n: u64) -> Hash {
        self.0.push(stored_hash_index(level, n));
        [0; 32]
    }
}

/// Second pass: answers with the hashes read, in the order the first pass asked.
struct Replay {
    hashes: std::vec::IntoIter<Hash>,
}

impl StoredNodes for Replay {
    fn node(&mut self, _level: u8, _n: u64) -> Hash {
        // The computation is deterministic, so it asks for exactly what was planned.
        self.hashes.next().unwrap_or([0; 32])
    }
}

/// Runs `compute` once to plan its reads, reads them in one call, and runs it again.
pub(crate) fn with_stored_nodes<T>(
    reader: &(impl HashReader + ?Sized),
    compute: impl Fn(&mut dyn StoredNodes) -> T,
) -> Result<T, LedgerError> {
    let mut planner = Planner(Vec::new());
    compute(&mut planner);
    let hashes = read_exactly(reader, &planner.0)?;
    Ok(compute(&mut Replay {
        hashes: hashes.into_iter(),
    }))
}

/// The largest power of two strictly less than `n` (`n >= 2`): RFC 6962's split point `k`.
pub(crate) fn split_point(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// `MTH(D[lo:hi])` (RFC 6962 §2.1) for a subtree whose `lo` is aligned to the largest power
/// of two not above `hi - lo`, as every subtree met by the recursions of §2.1 is: the range
/// splits into perfect subtrees, each one stored hash, folded from the right.
pub(crate) fn subtree_hash(lo: u64, hi: u64, nodes: &mut dyn StoredNodes) -> Hash {
    let mut perfect = Vec::new();
    let mut start = lo;
    while start < hi {
        let level = (63 - (hi - start).leading_zeros()) as u8;
        perfect.push(nodes.node(level, start >> level));
        start += 1 << level;
    }
    let mut hash = perfect.pop().unwrap_or(EMPTY_TREE_HASH);
    while let Some(left) = perfect.pop() {
        hash = node_hash(&left, &hash);
    }
    hash
}

/// The stored indexes of the perfect subtrees that make up `[0, size)`: the hashes from
/// which the tree hash is folded ([`tree_hash`]).
pub(crate) fn root_subtree_indexes(size: u64) -> Vec<u64> {
    let mut planner = Planner(Vec::new());
    subtree_hash(0, size, &mut planner);
    planner.0
}
