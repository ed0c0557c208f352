//! Proportionate discretion (宽严相济, S4.5): published discretion benchmarks (裁量基准,
//! 《行政处罚法》第三十四条) applied case by case, the statutory grounds that rule out, lighten,
//! mitigate or aggravate a penalty (第三十条至第三十三条、第四十九条), lenient lists
//! (包容免罚清单) with commitment letters instead of penalties, and the reasoning (说理) of
//! the amount chosen.
//!
//! The flow: import a [`BenchmarkTable`] and a [`LenientList`]; for a case, first
//! [`assess_exemption`]; if it is punished, [`propose`] a range from the tier, the statutory
//! range and the grounds; [`check_choice`] the amount the officer picks (reasons and legal
//! review when it leaves the proposal, a refusal when it leaves the law); and write the
//! [`reasoning_text`].
//!
//! Money is whole 分 ([`Fen`](crate::money::Fen)), never floating point; ranges are [`FineRange`].
//! Not here: reading files, storage, penalties other than fines (warnings, confiscation,
//! suspension), publication of the benchmarks, the clock.

mod benchmark;
mod grounds;
mod jsonl;
mod lenient;
mod money;
mod proposal;
mod reasoning;

pub use benchmark::{
    BASIS_BENCHMARK, BenchmarkSource, BenchmarkTable, BenchmarkTier, PartyType, ViolationBenchmark,
};
pub use grounds::{BASIS_PROPORTIONALITY, Effect, Ground, age_ground};
pub use lenient::{
    BASIS_COMMITMENT, BASIS_EDUCATION, BASIS_MINOR_OR_FIRST, BASIS_NO_FAULT, ExemptionAssessment,
    ExemptionFacts, ExemptionKind, ExemptionOutcome, Harm, LenientItem, LenientList, Requirement,
    assess_exemption,
};
pub use money::FineRange;
pub use proposal::{
    BASIS_MITIGATION, BASIS_NO_LEGAL_BASIS, BASIS_NO_PENALTY, ChoiceCheck, ChoicePosition,
    Direction, DiscretionPolicy, Mitigation, Proposal, ProposalRequest, check_choice, propose,
};
pub use reasoning::reasoning_text;

#[cfg(test)]
mod tests;
