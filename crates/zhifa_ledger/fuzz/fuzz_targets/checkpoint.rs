//! Fuzzes the C2SP tlog-checkpoint parser: it must never panic, and whatever it accepts
//! must print back to exactly the text it read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhifa_ledger::Checkpoint;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(checkpoint) = Checkpoint::parse(text) {
        assert_eq!(checkpoint.to_text(), text);
    }
});
