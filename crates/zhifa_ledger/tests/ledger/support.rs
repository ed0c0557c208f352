//! Test fixtures: a deterministic random number generator and an in-memory log.
//!
//! Not production code: the generator is predictable on purpose, so tests are repeatable.

use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};
use zhifa_ledger::tree::stored_hashes;
use zhifa_ledger::{Hash, tree_hash};

/// A predictable stand-in for an operating-system RNG: SHA-256 of a seed and a counter.
pub struct TestRng {
    seed: u64,
    counter: u64,
}

impl TestRng {
    pub fn new(seed: u64) -> Self {
        Self { seed, counter: 0 }
    }
}

impl RngCore for TestRng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }

    fn next_u64(&mut self) -> u64 {
        let mut bytes = [0; 8];
        self.fill_bytes(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(32) {
            let mut hasher = Sha256::new();
            hasher.update(self.seed.to_le_bytes());
            hasher.update(self.counter.to_le_bytes());
            self.counter += 1;
            chunk.copy_from_slice(&hasher.finalize()[..chunk.len()]);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for TestRng {}

/// An append-only log kept in memory: its stored hashes, in stored order.
#[derive(Default, Clone)]
pub struct MemoryLog {
    pub hashes: Vec<Hash>,
    pub size: u64,
}

impl MemoryLog {
    pub fn with_records<D: AsRef<[u8]>>(records: impl IntoIterator<Item = D>) -> Self {
        let mut log = Self::default();
        for record in records {
            log.append(record.as_ref());
        }
        log
    }

    /// A log of `size` records named `"<prefix> <i>"`.
    pub fn numbered(prefix: &str, size: u64) -> Self {
        Self::with_records((0..size).map(|i| format!("{prefix} {i}")))
    }

    pub fn append(&mut self, data: &[u8]) {
        let new = stored_hashes(self.size, data, &self.hashes).expect("append");
        self.hashes.extend(new);
        self.size += 1;
    }

    pub fn root(&self) -> Hash {
        tree_hash(self.size, &self.hashes).expect("tree hash")
    }
}

pub fn hex32(text: &str) -> Hash {
    hex::decode(text)
        .expect("hex")
        .try_into()
        .expect("32 bytes")
}
