//! Fuzzes the C2SP tlog-tiles path parser: it must never panic, it accepts only the one
//! canonical spelling of each tile or entry bundle, and the tiles it accepts can be asked
//! for their hashes without panicking, however far beyond any real tree they lie.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhifa_ledger::TileResource;

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(resource) = TileResource::parse(path) else {
        return;
    };
    assert_eq!(resource.path(), path);
    if let TileResource::Hashes(tile) = resource {
        let zeros = vec![0; usize::from(tile.width()) * 32];
        let _ = tile.parent(u64::MAX);
        if let Ok(indexes) = tile.stored_indexes() {
            for index in [indexes[0], indexes[indexes.len() - 1], indexes[0] + 1] {
                let _ = tile.hash_at(&zeros, index);
            }
        }
        let _ = tile.hash_at(&zeros, path.len() as u64);
    }
});
