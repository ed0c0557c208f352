//! The discretion benchmarks a case's conclusion applies (S4.5): the shipped table, and the
//! proposal for a case from the officer's choice of row, tier and grounds.
//!
//! Not here: the proposal's rules (`zhifa_domain::discretion`), the check of the chosen fine
//! (the case workflow).

use crate::error::{AppError, AppResult};
use zhifa_domain::case::{Case, DiscretionChoice};
use zhifa_domain::discretion::{
    BenchmarkTable, DiscretionPolicy, FineRange, PartyType, Proposal, ProposalRequest, propose,
};

/// The discretion benchmarks shipped with Zhifa (`data/discretion`), parsed once.
pub fn benchmarks() -> &'static BenchmarkTable {
    static TABLE: std::sync::OnceLock<BenchmarkTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        BenchmarkTable::import_jsonl(include_str!("../../../../data/discretion/benchmarks.jsonl"))
            .expect("the shipped benchmarks import")
    })
}

/// The lenient lists (包容免罚清单) shipped with Zhifa (`data/discretion`), parsed once.
pub fn lenient_lists() -> &'static zhifa_domain::discretion::LenientList {
    static LISTS: std::sync::OnceLock<zhifa_domain::discretion::LenientList> =
        std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        zhifa_domain::discretion::LenientList::import_jsonl(include_str!(
            "../../../../data/discretion/exemptions.jsonl"
        ))
        .expect("the shipped lenient lists import")
    })
}

/// The range the benchmark proposes for the case (S4.5), from the officer's choice of row,
/// tier and grounds.
pub(super) fn proposal_for(case: &Case, choice: &DiscretionChoice) -> AppResult<Proposal> {
    let benchmark = benchmarks()
        .violation(&choice.violation, &choice.legal_basis)
        .ok_or(AppError::NotFound("裁量基准"))?;
    let statutory = match (choice.statutory_min, choice.statutory_max) {
        (Some(min), Some(max)) => Some(
            FineRange::new(min, max)
                .ok_or_else(|| AppError::invalid("statutory_max", "法定罚款幅度的下限高于上限"))?,
        ),
        (None, None) => None,
        _ => {
            return Err(AppError::invalid(
                "statutory_max",
                "请同时填写法定罚款幅度的下限和上限",
            ));
        }
    };
    let party = if case.party.is_natural() {
        PartyType::Individual
    } else {
        PartyType::Organisation
    };
    Ok(propose(
        &benchmark,
        &ProposalRequest {
            tier: &choice.tier,
            party,
            statutory,
            grounds: &choice.grounds,
            mitigation: choice.mitigation,
        },
        &DiscretionPolicy::default(),
    )?)
}
