//! The integration tests of `zhifa_ledger`, one test binary with a module per area.
//!
//! External vectors come from the RFC 6962 reference tests of google/certificate-transparency,
//! transparency-dev/merkle, Go's `golang.org/x/mod/sumdb/note`, the C2SP specifications and
//! transparency-dev/formats; each module cites its sources next to the values.

mod checkpoint;
mod cosignature;
mod note;
mod parsers_never_panic;
mod proof_properties;
mod rfc6962_vectors;
mod support;
mod tiles;
mod witness;
