//! Known-answer tests for RFC 6962 §2.1, §2.1.1 and §2.1.2 on the 8-leaf reference tree.
//!
//! Sources (the same values in both):
//! - google/certificate-transparency, `cpp/merkletree/merkle_tree_test.cc`: `kInputs`,
//!   `kSHA256Roots`, `kSHA256Paths`, `kSHA256Proofs` (leaf numbers there are 1-based).
//! - transparency-dev/merkle, `proof/verify_test.go` (`inclusionProofs`, `consistencyProofs`,
//!   which add the 6→7 consistency proof) and `testonly/constants.go` (`NodeHashes`).

use zhifa_ledger::{
    EMPTY_TREE_HASH, Hash, LedgerError, check_record, check_tree, leaf_hash, prove_record,
    prove_tree, tree_hash,
};

use crate::support::{MemoryLog, hex32};

const LEAVES: [&[u8]; 8] = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
];

/// `kSHA256Roots`: the root after each of the 8 leaves.
const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// `NodeHashes()[0]`: the leaf hashes.
const LEAF_HASHES: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
];

/// `kSHA256Paths` without the invalid first entry: (0-based leaf index, tree size, path).
const INCLUSION: [(u64, u64, &[&str]); 5] = [
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// `kSHA256Proofs` plus transparency-dev/merkle's 6→7: (old size, new size, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 5] = [
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn hashes(hex: &[&str]) -> Vec<Hash> {
    hex.iter().map(|h| hex32(h)).collect()
}

fn root(size: u64) -> Hash {
    hex32(ROOTS[size as usize - 1])
}

#[test]
fn leaf_hashes_match_the_reference_tree() {
    for (leaf, expected) in LEAVES.iter().zip(LEAF_HASHES) {
        assert_eq!(leaf_hash(leaf), hex32(expected));
    }
}

#[test]
fn every_prefix_of_the_reference_tree_has_the_published_root() {
    let log = MemoryLog::with_records(LEAVES);
    assert_eq!(tree_hash(0, &log.hashes), Ok(EMPTY_TREE_HASH));
    for size in 1..=8 {
        assert_eq!(tree_hash(size, &log.hashes), Ok(root(size)), "size {size}");
    }
}

#[test]
fn inclusion_proofs_equal_the_published_paths_and_verify() {
    let log = MemoryLog::with_records(LEAVES);
    for (index, size, path) in INCLUSION {
        let expected = hashes(path);
        assert_eq!(
            prove_record(size, index, &log.hashes).as_ref(),
            Ok(&expected)
        );
        let leaf = leaf_hash(LEAVES[index as usize]);
        assert_eq!(
            check_record(&expected, size, &root(size), index, &leaf),
            Ok(())
        );
    }
}

#[test]
fn consistency_proofs_equal_the_published_proofs_and_verify() {
    let log = MemoryLog::with_records(LEAVES);
    for (old, new, proof) in CONSISTENCY {
        let expected = hashes(proof);
        assert_eq!(prove_tree(new, old, &log.hashes).as_ref(), Ok(&expected));
        assert_eq!(
            check_tree(&expected, new, &root(new), old, &root(old)),
            Ok(())
        );
    }
}

/// The corruptions of `VerifierCheck` in merkle_tree_test.cc: each must be refused.
#[test]
fn corrupted_inclusion_proofs_are_refused() {
    for (index, size, path) in INCLUSION {
        let proof = hashes(path);
        let leaf = leaf_hash(LEAVES[index as usize]);
        let good_root = root(size);
        let fails = |proof: &[Hash], size: u64, root: &Hash, index: u64, leaf: &Hash| {
            check_record(proof, size, root, index, leaf).is_err()
        };
        assert!(index == 0 || fails(&proof, size, &good_root, index - 1, &leaf));
        assert!(fails(&proof, size, &good_root, index + 1, &leaf));
        assert!(fails(&proof, size, &good_root, index ^ 2, &leaf));
        assert!(fails(&proof, size * 2, &good_root, index, &leaf));
        assert!(fails(&proof, size / 2, &good_root, index, &leaf));
        assert!(fails(
            &proof,
            size,
            &good_root,
            index,
            &leaf_hash(b"WrongLeaf")
        ));
        assert!(fails(&proof, size, &EMPTY_TREE_HASH, index, &leaf));
        for i in 0..proof.len() {
            let mut wrong = proof.clone();
            wrong[i] = EMPTY_TREE_HASH;
            assert!(fails(&wrong, size, &good_root, index, &leaf));
        }
        let mut longer = proof.clone();
        longer.push(good_root);
        assert!(fails(&longer, size, &good_root, index, &leaf));
        let mut prefixed = vec![good_root];
        prefixed.extend(&proof);
        assert!(fails(&prefixed, size, &good_root, index, &leaf));
        if !proof.is_empty() {
            assert!(fails(
                &proof[..proof.len() - 1],
                size,
                &good_root,
                index,
                &leaf
            ));
        }
    }
}

/// The corruptions of `VerifierConsistencyCheck` in merkle_tree_test.cc for non-trivial proofs.
#[test]
fn corrupted_consistency_proofs_are_refused() {
    for (old, new, proof) in CONSISTENCY.into_iter().filter(|(_, _, p)| !p.is_empty()) {
        let proof = hashes(proof);
        let (old_root, new_root) = (root(old), root(new));
        let fails = |proof: &[Hash], new: u64, new_root: &Hash, old: u64, old_root: &Hash| {
            check_tree(proof, new, new_root, old, old_root).is_err()
        };
        assert!(fails(&proof, new, &new_root, old - 1, &old_root));
        assert!(fails(&proof, new, &new_root, old + 1, &old_root));
        assert!(fails(&proof, new, &new_root, old ^ 2, &old_root));
        assert!(fails(&proof, new * 2, &new_root, old, &old_root));
        assert!(fails(&proof, new / 2, &new_root, old, &old_root));
        assert!(fails(&proof, new, &leaf_hash(b"WrongRoot"), old, &old_root));
        assert!(fails(&proof, new, &new_root, old, &leaf_hash(b"WrongRoot")));
        assert!(fails(&proof, new, &old_root, old, &new_root));
        assert!(fails(&[], new, &new_root, old, &old_root));
        for i in 0..proof.len() {
            let mut wrong = proof.clone();
            wrong[i] = EMPTY_TREE_HASH;
            assert!(fails(&wrong, new, &new_root, old, &old_root));
        }
        let mut longer = proof.clone();
        longer.push(proof[proof.len() - 1]);
        assert!(fails(&longer, new, &new_root, old, &old_root));
        assert!(fails(
            &proof[..proof.len() - 1],
            new,
            &new_root,
            old,
            &old_root
        ));
        let mut prefixed = vec![proof[0]];
        prefixed.extend(&proof);
        assert!(fails(&prefixed, new, &new_root, old, &old_root));
    }
}

#[test]
fn proofs_for_positions_outside_the_tree_are_invalid_input() {
    let log = MemoryLog::with_records(LEAVES);
    assert!(matches!(
        prove_record(8, 8, &log.hashes),
        Err(LedgerError::InvalidInput(_))
    ));
    assert!(matches!(
        prove_tree(4, 5, &log.hashes),
        Err(LedgerError::InvalidInput(_))
    ));
    assert!(matches!(
        prove_tree(4, 0, &log.hashes),
        Err(LedgerError::InvalidInput(_))
    ));
    let leaf = leaf_hash(LEAVES[0]);
    assert!(matches!(
        check_record(&[], 0, &root(1), 0, &leaf),
        Err(LedgerError::InvalidInput(_))
    ));
    assert!(matches!(
        check_tree(&[], 1, &root(1), 2, &root(2)),
        Err(LedgerError::InvalidInput(_))
    ));
}

#[test]
fn a_reader_that_lacks_hashes_makes_proofs_fail_instead_of_inventing_them() {
    let log = MemoryLog::with_records(LEAVES);
    let truncated = &log.hashes[..5];
    assert!(matches!(
        prove_record(8, 6, truncated),
        Err(LedgerError::HashNotFound(_))
    ));
    assert!(matches!(
        tree_hash(8, truncated),
        Err(LedgerError::HashNotFound(_))
    ));
}
