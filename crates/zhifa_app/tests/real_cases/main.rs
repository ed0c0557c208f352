//! Every published case of `data/cases/cases.jsonl`, replayed end to end through the use cases
//! on the demo county in SQLite, with the mapping `zhifa demo` uses
//! (`zhifa_app::demo_cases`): the matter as a demo catalog item, the party, the procedure, the
//! penalty, the dates moved to the demo's today with their intervals kept. Each test takes the
//! case's path to its end, checks the final stage and the refusals the real case illustrates.
//!
//! What each record gives and what the mapping completes is said next to each case in
//! `src/demo_cases/township.rs` and `src/demo_cases/county.rs`.
//!
//! - `township`: the township cases (C01, C04, C05, C07, C09, C10).
//! - `county`: the cases of county, city and police bodies (C08, C11, C13, C15, C16, C17, C19).
//! - `demo`: the demo's cases at every stage, whatever day it starts, and its evidence files.

mod county;
mod demo;
mod document_set;
mod documents;
mod support;
mod township;

use zhifa_app::demo_cases::plan::Op;
use zhifa_app::demo_cases::{self, parse_records};

/// The project's copy of the cases, as the tests read it.
const CASES: &str = include_str!("../../../../data/cases/cases.jsonl");

/// The records the tests of this file replay, one test each.
const REPLAYED: [&str; 13] = [
    "C01", "C04", "C05", "C07", "C08", "C09", "C10", "C11", "C13", "C15", "C16", "C17", "C19",
];

#[test]
fn every_record_is_replayed() {
    let records = parse_records(CASES).expect("the cases file parses");
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, REPLAYED, "a test per record, no more, no less");
    assert_eq!(
        CASES,
        demo_cases::CASES_JSONL,
        "the demo reads the same file"
    );
    for r in &records {
        assert!(
            r.source_url.starts_with("http"),
            "{} names its source",
            r.id
        );
        assert!(
            !r.completeness.is_empty(),
            "{} says how complete it is",
            r.id
        );
        let scripts = demo_cases::scripts(r, support::today());
        assert!(!scripts.is_empty(), "{} is mapped", r.id);
        assert!(scripts.iter().any(|s| s.in_demo), "{} is in the demo", r.id);
    }
}

/// The mapping follows the records: a case whose `level` is not a township's is refused to a
/// township at filing (and transferred, or handled where the county granted the matter); a
/// simplified case is decided on the spot; a case with a coercive measure applies one.
#[test]
fn the_mapping_follows_level_and_procedure() {
    for r in parse_records(CASES).unwrap() {
        let scripts = demo_cases::scripts(&r, support::today());
        let steps = || scripts.iter().flat_map(|s| &s.steps);
        let refused_filing = steps().any(|s| s.expect == Some("case.not_competent"));
        if !r.level.starts_with("township") {
            assert!(
                refused_filing,
                "{} ({}) is refused to a township",
                r.id, r.level
            );
        }
        let on_the_spot = steps().any(|s| matches!(s.op, Op::OnTheSpot(_)));
        assert_eq!(
            on_the_spot,
            r.procedure.starts_with("simplified"),
            "{}: {}",
            r.id,
            r.procedure
        );
        let measure = steps().any(|s| match &s.op {
            Op::Command(c) => c["action"] == "measure",
            _ => false,
        });
        if r.procedure.contains("coercive") {
            assert!(measure, "{} applies its coercive measure", r.id);
        }
    }
}

#[test]
fn constructed_credit_codes_pass_the_standard_s_checks() {
    use zhifa_domain::party::CreditCode;
    for (kind, serial) in [('1', 70_001), ('1', 13_001), ('2', 17_001), ('2', 80_001)] {
        for n in 0..10 {
            let code = demo_cases::credit_code(kind, serial + n);
            let parsed = CreditCode::parse(&code).unwrap_or_else(|r| panic!("{code}: {r:?}"));
            assert_eq!(parsed.division_code(), "519901");
            assert_eq!(parsed.is_individual_business(), kind == '2', "{code}");
        }
    }
}
