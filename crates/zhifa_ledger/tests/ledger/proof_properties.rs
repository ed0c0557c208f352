//! Properties of the tree and its proofs over random sizes: what holds for every tree, not
//! just the 8-leaf reference.

use proptest::prelude::*;
use zhifa_ledger::{
    Hash, check_record, check_tree, leaf_hash, node_hash, prove_record, prove_tree,
    split_stored_hash_index, stored_hash_count, stored_hash_index,
};

use crate::support::MemoryLog;

/// `MTH(D[0:n])` straight from the recursive definition of RFC 6962 §2.1, for cross-checking.
fn reference_root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => zhifa_ledger::EMPTY_TREE_HASH,
        1 => leaves[0],
        n => {
            // k is the largest power of two smaller than n.
            let mut k = 1;
            while k * 2 < n {
                k *= 2;
            }
            node_hash(&reference_root(&leaves[..k]), &reference_root(&leaves[k..]))
        }
    }
}

fn flip_bit(proof: &mut [Hash], bit: usize) {
    let hash = bit / 256 % proof.len();
    proof[hash][bit / 8 % 32] ^= 1 << (bit % 8);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_stored_tree_hash_equals_the_recursive_definition(size in 1u64..300) {
        let log = MemoryLog::numbered("rec", size);
        let leaves: Vec<Hash> = (0..size).map(|i| leaf_hash(format!("rec {i}").as_bytes())).collect();
        prop_assert_eq!(log.root(), reference_root(&leaves));
        prop_assert_eq!(log.hashes.len() as u64, stored_hash_count(size));
    }

    #[test]
    fn every_inclusion_proof_verifies_and_a_flipped_bit_fails(
        size in 1u64..300,
        index_seed in any::<u64>(),
        bit in any::<usize>(),
    ) {
        let log = MemoryLog::numbered("rec", size);
        let root = log.root();
        let index = index_seed % size;
        let leaf = leaf_hash(format!("rec {index}").as_bytes());
        let mut proof = prove_record(size, index, &log.hashes).unwrap();
        prop_assert_eq!(check_record(&proof, size, &root, index, &leaf), Ok(()));
        if !proof.is_empty() {
            flip_bit(&mut proof, bit);
            prop_assert!(check_record(&proof, size, &root, index, &leaf).is_err());
        }
        let mut wrong_leaf = leaf;
        wrong_leaf[bit % 32] ^= 0x80;
        prop_assert!(check_record(&proof, size, &root, index, &wrong_leaf).is_err());
    }

    #[test]
    fn every_consistency_proof_verifies_and_a_flipped_bit_fails(
        new in 1u64..300,
        old_seed in any::<u64>(),
        bit in any::<usize>(),
    ) {
        let log = MemoryLog::numbered("rec", new);
        let old = 1 + old_seed % new;
        let old_root = MemoryLog::numbered("rec", old).root();
        let mut proof = prove_tree(new, old, &log.hashes).unwrap();
        prop_assert_eq!(check_tree(&proof, new, &log.root(), old, &old_root), Ok(()));
        if !proof.is_empty() {
            flip_bit(&mut proof, bit);
            prop_assert!(check_tree(&proof, new, &log.root(), old, &old_root).is_err());
        }
    }

    #[test]
    fn a_log_with_a_rewritten_record_is_not_consistent_with_its_past(
        new in 2u64..200,
        old_seed in any::<u64>(),
        rewritten_seed in any::<u64>(),
    ) {
        let old = 1 + old_seed % (new - 1);
        let rewritten = rewritten_seed % old;
        let honest_old_root = MemoryLog::numbered("rec", old).root();
        let mut forged = MemoryLog::default();
        for i in 0..new {
            let text = if i == rewritten { "forged".to_owned() } else { format!("rec {i}") };
            forged.append(text.as_bytes());
        }
        let proof = prove_tree(new, old, &forged.hashes).unwrap();
        prop_assert!(check_tree(&proof, new, &forged.root(), old, &honest_old_root).is_err());
    }

    #[test]
    fn stored_hash_indexes_split_back_into_their_coordinates(level in 0u8..40, n in 0u64..(1 << 20)) {
        prop_assert_eq!(split_stored_hash_index(stored_hash_index(level, n)), (level, n));
    }
}

#[test]
fn stored_hash_indexes_follow_the_append_order() {
    // Records 0..4 store: (0,0) | (0,1) (1,0) | (0,2) | (0,3) (1,1) (2,0).
    let expected = [(0, 0), (0, 1), (1, 0), (0, 2), (0, 3), (1, 1), (2, 0)];
    for (index, (level, n)) in expected.into_iter().enumerate() {
        assert_eq!(stored_hash_index(level, n), index as u64);
        assert_eq!(split_stored_hash_index(index as u64), (level, n));
    }
    assert_eq!(stored_hash_count(4), 7);
}
