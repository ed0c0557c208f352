//! Tests of the discretion module, one file per part, with the shipped data files imported as
//! they are.

use super::*;
use crate::money::Fen;

mod data;
mod grounds;
mod import;
mod lenient;
mod money;
mod proposal;
mod reasoning;

const BENCHMARKS: &str = include_str!("../../../../../data/discretion/benchmarks.jsonl");
const EXEMPTIONS: &str = include_str!("../../../../../data/discretion/exemptions.jsonl");

/// An amount in 分 that the test knows to be valid.
fn fen(f: i64) -> Fen {
    Fen::new(f).unwrap()
}

fn yuan(y: i64) -> Fen {
    Fen::from_yuan(y).unwrap()
}

fn range(min_yuan: i64, max_yuan: i64) -> FineRange {
    FineRange::from_yuan(min_yuan, max_yuan).unwrap()
}

/// A tier built directly, for tests that need no file.
fn tier(name: &str, party: PartyType, fine: Option<FineRange>) -> BenchmarkTier {
    BenchmarkTier {
        violation: "违法行为甲".into(),
        legal_basis: "《某某条例》第十条".into(),
        statutory_range_text: None,
        tier: name.into(),
        condition: format!("{name}的情形"),
        penalty: match fine {
            Some(r) => format!("罚款{r}"),
            None => "责令改正，依法处罚".into(),
        },
        fine,
        party,
        note: None,
        source: BenchmarkSource {
            document: "某县裁量基准".into(),
            issuer: "某县人民政府".into(),
            date: None,
            url: None,
        },
    }
}

fn benchmark(tiers: &[BenchmarkTier]) -> ViolationBenchmark<'_> {
    ViolationBenchmark {
        violation: &tiers[0].violation,
        legal_basis: &tiers[0].legal_basis,
        tiers: tiers.iter().collect(),
    }
}
