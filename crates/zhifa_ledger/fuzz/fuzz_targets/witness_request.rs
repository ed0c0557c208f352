//! Fuzzes the C2SP tlog-witness `add-checkpoint` body parser: it must never panic, and
//! whatever it accepts must print back to exactly the body it read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zhifa_ledger::AddCheckpointRequest;

fuzz_target!(|data: &[u8]| {
    if let Ok(request) = AddCheckpointRequest::parse(data) {
        assert_eq!(request.to_text().as_bytes(), data);
    }
});
