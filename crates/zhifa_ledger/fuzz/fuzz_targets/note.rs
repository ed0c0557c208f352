//! Fuzzes the C2SP signed-note parser and verifier, and the key parsers: they must never
//! panic, and a note that opens must have been signed by the one trusted key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhifa_ledger::note::parse_note;
use zhifa_ledger::{SignerKey, VerifierKey, VerifierSet, open_note};

/// Go's `sumdb/note` example key.
const VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

fuzz_target!(|data: &[u8]| {
    let _ = parse_note(data);
    let keys = VerifierSet::new(vec![VerifierKey::parse(VKEY).unwrap()]);
    if let Ok(opened) = open_note(data, &keys) {
        assert!(opened.verified.iter().all(|s| s.name == "PeterNeumann"));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = VerifierKey::parse(text);
        let _ = SignerKey::parse(text);
    }
});
