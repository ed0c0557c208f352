//! Every parser and checker of untrusted input returns an answer, never a panic, for
//! arbitrary bytes and for valid inputs with random edits. These run in the normal test
//! suite; the cargo-fuzz targets in `fuzz/` search the same functions deeper when a
//! nightly-capable toolchain is at hand.

use proptest::prelude::*;
use zhifa_ledger::note::parse_note;
use zhifa_ledger::{
    AddCheckpointRequest, Checkpoint, EntryBundle, FetchedTiles, HashReader, SignerKey, Tile,
    TileHashReader, TileResource, VerifierKey, VerifierSet, check_record, check_tree, open_note,
};

const NOTE: &str = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const CHECKPOINT: &str =
    "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
const TILE_PATH: &str = "tile/2/x001/x234/067.p/5";

/// `base` with each `(position, byte)` edit applied (positions wrap around).
fn mutate(base: &str, edits: &[(usize, u8)]) -> Vec<u8> {
    let mut bytes = base.as_bytes().to_vec();
    for &(position, byte) in edits {
        let len = bytes.len();
        bytes[position % len] = byte;
    }
    bytes
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8)>> {
    proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn witness_request(edits: &[(usize, u8)]) -> Vec<u8> {
    let body = format!("old 7\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n\n{NOTE}");
    mutate(&body, edits)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_checkpoint_parser_never_panics(bytes in any::<Vec<u8>>(), edits in edits()) {
        let _ = Checkpoint::parse(&lossy(&bytes));
        let _ = Checkpoint::parse(&lossy(&mutate(CHECKPOINT, &edits)));
    }

    #[test]
    fn the_note_parser_and_verifier_never_panic(bytes in any::<Vec<u8>>(), edits in edits()) {
        let keys = VerifierSet::new(vec![VerifierKey::parse(VKEY).unwrap()]);
        let _ = parse_note(&bytes);
        let _ = open_note(&bytes, &keys);
        let _ = open_note(&mutate(NOTE, &edits), &keys);
    }

    #[test]
    fn the_key_parsers_never_panic(text in any::<String>(), edits in edits()) {
        let _ = VerifierKey::parse(&text);
        let _ = SignerKey::parse(&text);
        let _ = VerifierKey::parse(&lossy(&mutate(VKEY, &edits)));
        let _ = SignerKey::parse(&lossy(&mutate(SKEY, &edits)));
    }

    #[test]
    fn the_tile_path_parser_never_panics(
        text in any::<String>(),
        shaped in "tile/(entries|[0-9]{1,3})(/x?[0-9]{1,4}){1,8}(\\.p/[0-9]{1,4})?",
        edits in edits(),
    ) {
        let _ = TileResource::parse(&text);
        if let Ok(resource) = TileResource::parse(&shaped) {
            prop_assert_eq!(resource.path(), shaped);
        }
        let _ = TileResource::parse(&lossy(&mutate(TILE_PATH, &edits)));
    }

    #[test]
    fn the_witness_request_parser_never_panics(bytes in any::<Vec<u8>>(), edits in edits()) {
        let _ = AddCheckpointRequest::parse(&bytes);
        let _ = AddCheckpointRequest::parse(&witness_request(&edits));
    }

    #[test]
    fn entry_bundles_and_tile_lookups_never_panic(
        bytes in any::<Vec<u8>>(),
        level in any::<u8>(),
        n in any::<u64>(),
        width in any::<u16>(),
        index in any::<u64>(),
    ) {
        let _ = EntryBundle { n, width }.entries(&bytes);
        if let Ok(tile) = Tile::new(level, n, width) {
            let _ = tile.hash_at(&vec![0; usize::from(tile.width()) * 32], index);
            let _ = tile.parent(index);
            let _ = tile.stored_indexes();
        }
        let _ = Tile::in_tree(level, n, index);
    }

    #[test]
    fn proof_checkers_and_tile_readers_never_panic(
        size in any::<u64>(),
        other in any::<u64>(),
        proof in proptest::collection::vec(any::<[u8; 32]>(), 0..70),
        indexes in proptest::collection::vec(any::<u64>(), 0..4),
    ) {
        let hash = [0; 32];
        let _ = check_record(&proof, size, &hash, other, &hash);
        let _ = check_tree(&proof, size, &hash, other, &hash);
        let fetched = FetchedTiles::new();
        let _ = TileHashReader::new(size, hash, &fetched).read_hashes(&indexes);
    }
}
