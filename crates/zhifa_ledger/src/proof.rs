//! Merkle audit paths (RFC 6962 §2.1.1, "inclusion proofs") and consistency proofs
//! (RFC 6962 §2.1.2): building them from stored hashes, and checking them against tree hashes.
//!
//! Each builder follows the RFC's recursive definition line by line; each checker runs the
//! same recursion backwards, so the two can be read side by side. Proof hashes are ordered
//! as the RFC orders them: the sibling nearest the leaf first, the root's child last.
//!
//! This file does not decide what to trust: a caller checks a proof against a tree hash it
//! got from a verified checkpoint ([`crate::checkpoint`], [`crate::note`]).

use crate::error::LedgerError;
use crate::hash::{Hash, node_hash};
use crate::tree::{
    HashReader, MAX_TREE_SIZE, StoredNodes, split_point, subtree_hash, with_stored_nodes,
};

/// The proof that record `n` is in the tree of the first `t` records: `PATH(n, D[0:t])`
/// (RFC 6962 §2.1.1), read from stored hashes in one call to `reader`.
pub fn prove_record(
    t: u64,
    n: u64,
    reader: &(impl HashReader + ?Sized),
) -> Result<Vec<Hash>, LedgerError> {
    if n >= t {
        return Err(LedgerError::InvalidInput(
            "record index must be below the tree size",
        ));
    }
    if t > MAX_TREE_SIZE {
        return Err(LedgerError::TreeTooLarge(t));
    }
    with_stored_nodes(reader, |nodes| {
        let mut proof = Vec::new();
        audit_path(0, t, n, nodes, &mut proof);
        proof
    })
}

/// `PATH(m, D[lo:hi])` (RFC 6962 §2.1.1), appended to `proof`.
fn audit_path(lo: u64, hi: u64, m: u64, nodes: &mut dyn StoredNodes, proof: &mut Vec<Hash>) {
    if hi - lo == 1 {
        return; // PATH(0, {d(0)}) = {}
    }
    let k = split_point(hi - lo);
    if m < lo + k {
        // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n])
        audit_path(lo, lo + k, m, nodes, proof);
        proof.push(subtree_hash(lo + k, hi, nodes));
    } else {
        // PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k])
        audit_path(lo + k, hi, m, nodes, proof);
        proof.push(subtree_hash(lo, lo + k, nodes));
    }
}

/// Checks that `proof` shows the tree of `t` records with hash `tree_hash` has record `n`
/// with leaf hash `leaf` (RFC 6962 §2.1.1, the audit path run from leaf to root).
pub fn check_record(
    proof: &[Hash],
    t: u64,
    tree_hash: &Hash,
    n: u64,
    leaf: &Hash,
) -> Result<(), LedgerError> {
    if n >= t {
        return Err(LedgerError::InvalidInput(
            "record index must be below the tree size",
        ));
    }
    match root_from_path(0, t, n, leaf, proof) {
        Some(root) if &root == tree_hash => Ok(()),
        _ => Err(LedgerError::ProofFailed),
    }
}

/// The root implied by an audit path for record `m` of `D[lo:hi]`, or `None` if the path has
/// the wrong length for that position.
fn root_from_path(lo: u64, hi: u64, m: u64, leaf: &Hash, proof: &[Hash]) -> Option<Hash> {
    if hi - lo == 1 {
        return proof.is_empty().then_some(*leaf);
    }
    let (sibling, rest) = proof.split_last()?;
    let k = split_point(hi - lo);
    if m < lo + k {
        Some(node_hash(
            &root_from_path(lo, lo + k, m, leaf, rest)?,
            sibling,
        ))
    } else {
        Some(node_hash(
            sibling,
            &root_from_path(lo + k, hi, m, leaf, rest)?,
        ))
    }
}

/// The proof that the tree of the first `t` records extends the tree of the first `n`:
/// `PROOF(n, D[0:t])` (RFC 6962 §2.1.2), empty when `n == t`.
pub fn prove_tree(
    t: u64,
    n: u64,
    reader: &(impl HashReader + ?Sized),
) -> Result<Vec<Hash>, LedgerError> {
    if n == 0 || n > t {
        return Err(LedgerError::InvalidInput(
            "old size must be in 1..=new size",
        ));
    }
    if t > MAX_TREE_SIZE {
        return Err(LedgerError::TreeTooLarge(t));
    }
    with_stored_nodes(reader, |nodes| {
        let mut proof = Vec::new();
        subproof(0, t, n, true, nodes, &mut proof);
        proof
    })
}

/// `SUBPROOF(m, D[lo:hi], b)` (RFC 6962 §2.1.2) with `m` counted from the start of the tree.
/// `b` says whether `D[lo:m]` is the whole old tree, whose hash the verifier already has.
fn subproof(lo: u64, hi: u64, m: u64, b: bool, nodes: &mut dyn StoredNodes, proof: &mut Vec<Hash>) {
    if m == hi {
        // SUBPROOF(m, D[m], true) = {};  SUBPROOF(m, D[m], false) = {MTH(D[m])}
        if !b {
            proof.push(subtree_hash(lo, hi, nodes));
        }
        return;
    }
    let k = split_point(hi - lo);
    if m <= lo + k {
        // SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
        subproof(lo, lo + k, m, b, nodes, proof);
        proof.push(subtree_hash(lo + k, hi, nodes));
    } else {
        // SUBPROOF(m, D[n], b) = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
        subproof(lo + k, hi, m, false, nodes, proof);
        proof.push(subtree_hash(lo, lo + k, nodes));
    }
}

/// Checks that `proof` shows the tree of `t` records with hash `tree_hash` extends the tree
/// of `n` records with hash `old_hash` (RFC 6962 §2.1.2): both hashes are recomputed from
/// the proof and must match.
pub fn check_tree(
    proof: &[Hash],
    t: u64,
    tree_hash: &Hash,
    n: u64,
    old_hash: &Hash,
) -> Result<(), LedgerError> {
    if n == 0 || n > t {
        return Err(LedgerError::InvalidInput(
            "old size must be in 1..=new size",
        ));
    }
    match roots_from_subproof(0, t, n, true, old_hash, proof) {
        Some((old, new)) if &old == old_hash && &new == tree_hash => Ok(()),
        _ => Err(LedgerError::ProofFailed),
    }
}

/// Runs `SUBPROOF(m, D[lo:hi], b)` backwards: the hashes of `D[lo:m]` (old tree) and
/// `D[lo:hi]` (new tree) it implies, or `None` if the proof has the wrong shape.
fn roots_from_subproof(
    lo: u64,
    hi: u64,
    m: u64,
    b: bool,
    old_hash: &Hash,
    proof: &[Hash],
) -> Option<(Hash, Hash)> {
    if m == hi {
        return match (b, proof) {
            (true, []) => Some((*old_hash, *old_hash)),
            (false, [common]) => Some((*common, *common)),
            _ => None,
        };
    }
    let (sibling, rest) = proof.split_last()?;
    let k = split_point(hi - lo);
    if m <= lo + k {
        // The old tree ends in the left half; the right half is new.
        let (old, new) = roots_from_subproof(lo, lo + k, m, b, old_hash, rest)?;
        Some((old, node_hash(&new, sibling)))
    } else {
        // The left half is complete in both trees.
        let (old, new) = roots_from_subproof(lo + k, hi, m, false, old_hash, rest)?;
        Some((node_hash(sibling, &old), node_hash(sibling, &new)))
    }
}
