//! C2SP tlog-tiles: path encodings from the spec's examples, the tiles of a tree, and reading
//! hashes from served tiles as a verifier would.

use zhifa_ledger::tile::FULL_TILE_WIDTH;
use zhifa_ledger::{
    EntryBundle, FetchedTiles, HashReader, LedgerError, Tile, TileHashReader, TileResource,
    leaf_hash, prove_record, prove_tree, stored_hash_count, stored_hash_index, tree_hash,
};

use crate::support::MemoryLog;

fn tile(level: u8, n: u64, width: u16) -> Tile {
    Tile::new(level, n, width).unwrap()
}

/// All tiles of `log` at its current size, as a log would serve them.
fn serve_all(log: &MemoryLog) -> FetchedTiles {
    let mut fetched = FetchedTiles::new();
    for tile in Tile::new_tiles(0, log.size) {
        fetched
            .insert(tile, tile.read_data(&log.hashes).unwrap())
            .unwrap();
    }
    fetched
}

#[test]
fn tile_paths_follow_the_spec_examples() {
    // "index 1234067 will be encoded as x001/x234/067"
    assert_eq!(tile(0, 1_234_067, 256).path(), "tile/0/x001/x234/067");
    assert_eq!(tile(0, 1_234_067, 5).path(), "tile/0/x001/x234/067.p/5");
    assert_eq!(tile(2, 0, 1).path(), "tile/2/000.p/1");
    assert_eq!(tile(1, 1000, 256).path(), "tile/1/x001/000");
    assert_eq!(
        tile(63, u64::MAX, 255).path(),
        "tile/63/x018/x446/x744/x073/x709/x551/615.p/255"
    );
    let bundle = EntryBundle {
        n: 1_234_067,
        width: 256,
    };
    assert_eq!(bundle.path(), "tile/entries/x001/x234/067");
    assert_eq!(
        EntryBundle { n: 7, width: 112 }.path(),
        "tile/entries/007.p/112"
    );
}

#[test]
fn tile_paths_parse_back_to_the_same_resource() {
    for path in [
        "tile/0/x001/x234/067",
        "tile/0/x001/x234/067.p/5",
        "tile/63/x018/x446/x744/x073/x709/x551/615.p/255",
        "tile/1/000",
        "tile/entries/x001/x234/067",
        "tile/entries/000.p/1",
    ] {
        let parsed = TileResource::parse(path).unwrap();
        assert_eq!(parsed.path(), path);
    }
    assert_eq!(
        TileResource::parse("tile/3/x001/x234/067.p/5"),
        Ok(TileResource::Hashes(tile(3, 1_234_067, 5)))
    );
    assert_eq!(
        TileResource::parse("tile/entries/042"),
        Ok(TileResource::Entries(EntryBundle { n: 42, width: 256 }))
    );
}

#[test]
fn non_canonical_or_out_of_range_tile_paths_are_refused() {
    for path in [
        "tile/0/1234067",
        "tile/0/x001/x234/67",
        "tile/0/001/x234/067",
        "tile/0/x001/234/067",
        "tile/0/x000/067",
        "tile/00/000",
        "tile/64/000",
        "tile/-1/000",
        "tile/0/000.p/256",
        "tile/0/000.p/0",
        "tile/0/000.p/07",
        "tile/0/000.p/",
        "tile/entries/000.p/300",
        "tile/data/000",
        "tile/0/x018/x446/x744/x073/x709/x551/616",
        "tile/0/000/",
        "/tile/0/000",
        "tile/0/",
        "tile/0",
        "tile/0/+01",
        "tile/0/x001/x234/067.p/5/",
        "tile/0/x001/x234/067.p/5.p/5",
    ] {
        assert_eq!(
            TileResource::parse(path),
            Err(LedgerError::MalformedTilePath),
            "{path}"
        );
    }
}

#[test]
fn a_tree_of_70000_records_has_the_tiles_the_spec_lists() {
    // "273 full level 0 tiles, one partial level 0 tile of width 112, one full level 1 tile,
    // one partial level 1 tile of width 17, and one partial level 2 tile of width 1."
    let tiles = Tile::new_tiles(0, 70_000);
    let count = |level: u8, full: bool| {
        tiles
            .iter()
            .filter(|t| t.level() == level && t.is_full() == full)
            .count()
    };
    assert_eq!((count(0, true), count(0, false)), (273, 1));
    assert_eq!((count(1, true), count(1, false)), (1, 1));
    assert_eq!((count(2, true), count(2, false)), (0, 1));
    assert_eq!(tiles.len(), 277);
    assert!(tiles.contains(&tile(0, 273, 112)));
    assert!(tiles.contains(&tile(1, 1, 17)));
    assert!(tiles.contains(&tile(2, 0, 1)));
    // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1
    // tile of width 1."
    assert_eq!(
        Tile::new_tiles(0, 256),
        vec![tile(0, 0, 256), tile(1, 0, 1)]
    );
}

#[test]
fn growing_a_tree_publishes_only_the_tiles_that_changed() {
    assert_eq!(Tile::new_tiles(100, 101), vec![tile(0, 0, 101)]);
    assert_eq!(
        Tile::new_tiles(255, 256),
        vec![tile(0, 0, 256), tile(1, 0, 1)]
    );
    assert_eq!(Tile::new_tiles(256, 257), vec![tile(0, 1, 1)]);
    assert_eq!(Tile::new_tiles(5, 5), vec![]);
    assert_eq!(Tile::new_tiles(10, 5), vec![], "a log never shrinks");
}

#[test]
fn a_tile_rebuilds_the_hashes_above_its_bottom_row() {
    let log = MemoryLog::numbered("rec", 300);
    let first = tile(0, 0, 256);
    let data = first.read_data(&log.hashes).unwrap();
    for (level, n) in [(0, 5), (3, 1), (7, 1)] {
        let index = stored_hash_index(level, n);
        assert_eq!(first.hash_at(&data, index), Ok(log.hashes[index as usize]));
    }
    // A tile above level 7 would start beyond 2^64 records: every lookup fails cleanly.
    assert!(tile(32, 0, 1).hash_at(&[0; 32], 0).is_err());
    assert!(tile(8, 0, 1).stored_indexes().is_err());
    // Level 8 lives in the tile above; leaf 256 lives in the next tile.
    assert!(first.hash_at(&data, stored_hash_index(8, 0)).is_err());
    assert!(first.hash_at(&data, stored_hash_index(0, 256)).is_err());
}

#[test]
fn served_tiles_reproduce_the_tree_and_its_proofs() {
    let size = 65_536 + 300; // reaches level-2 tiles
    let log = MemoryLog::numbered("rec", size);
    let fetched = serve_all(&log);
    let reader = TileHashReader::new(size, log.root(), &fetched);
    assert_eq!(tree_hash(size, &reader), Ok(log.root()));
    for index in [0, 255, 256, 40_000, 65_535, 65_536, size - 1] {
        assert_eq!(
            prove_record(size, index, &reader),
            prove_record(size, index, &log.hashes)
        );
    }
    for old in [1, 256, 1000, 65_536, size - 1] {
        assert_eq!(
            prove_tree(size, old, &reader),
            prove_tree(size, old, &log.hashes)
        );
    }
}

#[test]
fn a_verifier_learns_which_tiles_to_fetch_and_fetches_only_those() {
    let size = 1000;
    let log = MemoryLog::numbered("rec", size);
    let mut fetched = FetchedTiles::new();
    let proof = loop {
        let reader = TileHashReader::new(size, log.root(), &fetched);
        match prove_record(size, 10, &reader) {
            Err(LedgerError::TilesNeeded(tiles)) => {
                for tile in tiles {
                    fetched
                        .insert(tile, tile.read_data(&log.hashes).unwrap())
                        .unwrap();
                }
            }
            other => break other.unwrap(),
        }
    };
    assert_eq!(Ok(proof), prove_record(size, 10, &log.hashes));
    // Record 10's tile, its parent, and the partial tiles at the right edge.
    assert_eq!(fetched.len(), 3);
}

#[test]
fn a_tampered_tile_is_detected_wherever_the_change_is() {
    let size = 1000;
    let log = MemoryLog::numbered("rec", size);
    let all: Vec<u64> = (0..stored_hash_count(size)).collect();
    for tampered in Tile::new_tiles(0, size) {
        for position in [0, usize::from(tampered.width()) * 32 - 1] {
            let mut fetched = serve_all(&log);
            let mut data = tampered.read_data(&log.hashes).unwrap();
            data[position] ^= 1;
            fetched.insert(tampered, data).unwrap();
            let reader = TileHashReader::new(size, log.root(), &fetched);
            assert_eq!(
                reader.read_hashes(&all),
                Err(LedgerError::InconsistentTile),
                "{}",
                tampered.path()
            );
        }
    }
}

#[test]
fn tiles_of_a_forked_log_do_not_verify_against_the_honest_checkpoint() {
    let honest = MemoryLog::numbered("rec", 600);
    let fork = MemoryLog::numbered("fork", 600);
    let reader_fetched = serve_all(&fork);
    let reader = TileHashReader::new(600, honest.root(), &reader_fetched);
    assert_eq!(reader.read_hashes(&[0]), Err(LedgerError::InconsistentTile));
}

#[test]
fn a_wider_tile_stands_in_for_a_partial_one_that_is_gone() {
    // A verifier of the 900-record checkpoint needs tile/0/003.p/132; the log now serves .p/232.
    let log = MemoryLog::numbered("rec", 1000);
    let old_root = tree_hash(900, &log.hashes).unwrap();
    let fetched = serve_all(&log);
    let reader = TileHashReader::new(900, old_root, &fetched);
    assert_eq!(
        prove_record(900, 899, &reader),
        prove_record(900, 899, &log.hashes)
    );
}

#[test]
fn tile_data_of_the_wrong_length_is_refused() {
    let mut fetched = FetchedTiles::new();
    assert!(fetched.insert(tile(0, 0, 2), vec![0; 63]).is_err());
    assert!(fetched.insert(tile(0, 0, 2), vec![0; 64]).is_ok());
}

#[test]
fn entry_bundles_hash_to_their_level_zero_tile() {
    let records: Vec<String> = (0..300).map(|i| format!("rec {i}")).collect();
    let log = MemoryLog::with_records(&records);
    let bundle = EntryBundle { n: 1, width: 44 };
    let data = EntryBundle::encode(&records[256..]).unwrap();
    let entries = bundle.entries(&data).unwrap();
    let tile_data = tile(0, 1, 44).read_data(&log.hashes).unwrap();
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(
            leaf_hash(entry).as_slice(),
            &tile_data[i * 32..(i + 1) * 32]
        );
    }
    assert!(EntryBundle { n: 1, width: 45 }.entries(&data).is_err());
    assert!(bundle.entries(&data[..data.len() - 1]).is_err());
    assert!(EntryBundle::encode(&[vec![0u8; 65_536]]).is_err());
    assert_eq!(usize::from(FULL_TILE_WIDTH), 256);
}
