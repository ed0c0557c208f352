//! The proposed fine (裁量建议): from a benchmark tier, the statutory range and the grounds of
//! the case, the range the fine should fall in; and the check of the amount the officer
//! chooses against it.
//!
//! 从轻 (lighter) keeps the fine at or below the dividing point of the range in play, 从重
//! (heavier) at or above it, and 减轻 (mitigated) goes below the statutory minimum, which only a
//! mitigating ground allows (《行政处罚法》第三十条、第三十一条、第三十二条). The range in play
//! is the tier's, when the benchmark gives one (the tier has already placed the case inside the
//! statutory range by its facts), otherwise the statutory range. The dividing point is the
//! midpoint, configurable in [`DiscretionPolicy`].
//!
//! Not here: choosing the tier from the facts (the officer does, by its condition), penalties
//! other than fines, and who reviews (the application layer routes a flagged case).

use super::benchmark::{BASIS_BENCHMARK, PartyType, ViolationBenchmark};
use super::grounds::{Effect, Ground};
use super::money::FineRange;
use crate::Refusal;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// 《行政处罚法》第三十二条: going below the statutory minimum needs a mitigating ground.
pub const BASIS_MITIGATION: &str = "《行政处罚法》第三十二条";
/// 《行政处罚法》第三十八条第一款: a penalty without legal basis is void; a fine above the
/// statutory maximum has none for the excess.
pub const BASIS_NO_LEGAL_BASIS: &str = "《行政处罚法》第三十八条第一款";
/// 《行政处罚法》第三十三条: not punishing goes by the no-penalty path, not by a zero fine.
pub const BASIS_NO_PENALTY: &str = "《行政处罚法》第三十三条";

/// The numbers of the discretion rule that guidance sets and a province may change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiscretionPolicy {
    /// The point dividing lighter from heavier, in percent of the way from the range's minimum
    /// to its maximum (values above 100 count as 100). R-22 says the midpoint, 50; its source,
    /// 国办发〔2022〕27号, has not been read, so it is kept configurable.
    pub midpoint_percent: u32,
    /// The lowest mitigated (减轻) fine, in percent of the statutory minimum. The law sets no
    /// floor; with 0 the floor is 1 分, a fine rather than none.
    pub mitigated_floor_percent: u32,
}

impl Default for DiscretionPolicy {
    fn default() -> Self {
        DiscretionPolicy {
            midpoint_percent: 50,
            mitigated_floor_percent: 0,
        }
    }
}

/// With a mitigating ground, the officer chooses between 从轻 and 减轻.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mitigation {
    /// 从轻: within the statutory range, at or below the dividing point.
    #[default]
    Lighter,
    /// 减轻: below the statutory minimum.
    Mitigated,
}

/// Where the grounds move the fine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// No mitigating or aggravating ground: the whole range in play.
    Neutral,
    /// 从轻.
    Lighter,
    /// 减轻.
    Mitigated,
    /// 从重.
    Heavier,
    /// Mitigating and aggravating grounds together: the whole range in play, weighed case by
    /// case, and the case goes to legal review.
    Mixed,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Neutral => "一般",
            Direction::Lighter => "从轻",
            Direction::Mitigated => "减轻",
            Direction::Heavier => "从重",
            Direction::Mixed => "从轻与从重情节并存",
        }
    }
}

/// What the officer brings to the proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRequest<'a> {
    /// The tier's name, chosen by its condition.
    pub tier: &'a str,
    pub party: PartyType,
    /// The statutory fine range of the provision applied, when it sets one.
    pub statutory: Option<FineRange>,
    pub grounds: &'a [Ground],
    /// Used only with a mitigating ground.
    pub mitigation: Mitigation,
}

/// The proposed fine and what it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub violation: String,
    pub legal_basis: String,
    pub tier: String,
    pub condition: String,
    pub penalty: String,
    pub party: PartyType,
    /// The benchmark document the tier comes from.
    pub benchmark_document: String,
    pub statutory: Option<FineRange>,
    pub tier_range: Option<FineRange>,
    /// The grounds, each once, in the checklist's order.
    pub grounds: Vec<Ground>,
    pub direction: Direction,
    /// The proposed range; `None` when neither the tier nor the statute gives numbers.
    pub range: Option<FineRange>,
    /// A 首违不罚 ground is present: the agency could have decided not to punish.
    pub may_waive: bool,
    /// The grounds pull both ways: legal review (法制审核) should weigh them.
    pub needs_legal_review: bool,
}

impl Proposal {
    /// Whether a ground allows a penalty below the statutory minimum.
    pub fn has_mitigating_ground(&self) -> bool {
        self.grounds.iter().any(|g| g.effect().mitigates())
    }
}

/// Proposes the fine range for a case.
///
/// Refuses when a ground forbids any penalty (第三十条、第三十一条、第三十三条), when the tier
/// does not exist for the party, when the tier's range leaves the statutory range (a benchmark
/// cannot widen the law, 第三十四条), and when 减轻 is asked without a mitigating ground or
/// without a statutory minimum to go below.
pub fn propose(
    benchmark: &ViolationBenchmark<'_>,
    request: &ProposalRequest<'_>,
    policy: &DiscretionPolicy,
) -> Result<Proposal, Refusal> {
    let mut grounds = request.grounds.to_vec();
    grounds.sort();
    grounds.dedup();
    if let Some(g) = grounds.iter().find(|g| g.effect() == Effect::NoPenalty) {
        return Err(Refusal::new(
            "discretion.no_penalty_ground",
            format!(
                "当事人有“{}”的情形，依法不予行政处罚，不能拟定罚款",
                g.label()
            ),
        )
        .citing(g.basis())
        .on_field("grounds"));
    }
    let tier = benchmark.tier(request.tier, request.party)?;
    check_tier_range(tier.fine, request.statutory, &tier.tier)?;
    let mitigating = grounds.iter().any(|g| g.effect().mitigates());
    let aggravating = grounds.iter().any(|g| g.effect() == Effect::Aggravation);
    if request.mitigation == Mitigation::Mitigated && !mitigating {
        return Err(Refusal::new(
            "discretion.mitigated_without_ground",
            "减轻处罚须有应当或者可以从轻、减轻处罚的法定情形，请先勾选情节",
        )
        .citing(BASIS_MITIGATION)
        .on_field("mitigation"));
    }
    let in_play = tier.fine.or(request.statutory);
    let point = |r: FineRange| r.point(policy.midpoint_percent);
    let lower_part = |r: FineRange| FineRange::new(r.min(), point(r).0);
    let upper_part = |r: FineRange| FineRange::new(point(r).1, r.max());
    let (direction, range) = match (mitigating, aggravating, request.mitigation) {
        (true, _, Mitigation::Mitigated) => (
            Direction::Mitigated,
            Some(mitigated_range(request.statutory, policy)?),
        ),
        (true, true, Mitigation::Lighter) => (Direction::Mixed, in_play),
        (true, false, Mitigation::Lighter) => (Direction::Lighter, in_play.and_then(lower_part)),
        (false, true, _) => (Direction::Heavier, in_play.and_then(upper_part)),
        (false, false, _) => (Direction::Neutral, in_play),
    };
    Ok(Proposal {
        violation: tier.violation.clone(),
        legal_basis: tier.legal_basis.clone(),
        tier: tier.tier.clone(),
        condition: tier.condition.clone(),
        penalty: tier.penalty.clone(),
        party: request.party,
        benchmark_document: tier.source.document.clone(),
        statutory: request.statutory,
        tier_range: tier.fine,
        may_waive: grounds.contains(&Ground::FirstOffenceSlightHarmCorrected),
        needs_legal_review: mitigating && aggravating,
        grounds,
        direction,
        range,
    })
}

fn check_tier_range(
    tier: Option<FineRange>,
    statutory: Option<FineRange>,
    name: &str,
) -> Result<(), Refusal> {
    match (tier, statutory) {
        (Some(t), _) if t.max().is_zero() => Err(Refusal::new(
            "discretion.tier_without_fine",
            format!("“{name}”档不予罚款：请按不予行政处罚办理，不能拟定罚款"),
        )
        .citing(BASIS_NO_PENALTY)
        .on_field("tier")),
        (Some(t), Some(s)) if !s.covers(t) => Err(Refusal::new(
            "discretion.tier_outside_statutory",
            format!(
                "“{name}”档的罚款幅度（{t}）超出法定幅度（{s}）：裁量基准不能突破法定幅度，请核对基准或法定幅度"
            ),
        )
        .citing(BASIS_BENCHMARK)
        .on_field("statutory")),
        _ => Ok(()),
    }
}

/// Below the statutory minimum, down to the policy's floor (at least 1 分).
fn mitigated_range(
    statutory: Option<FineRange>,
    policy: &DiscretionPolicy,
) -> Result<FineRange, Refusal> {
    let Some(s) = statutory else {
        return Err(Refusal::new(
            "discretion.mitigation_needs_statutory_range",
            "减轻处罚是在法定最低罚款额以下处罚，请先填写法定罚款幅度",
        )
        .citing(BASIS_MITIGATION)
        .on_field("statutory"));
    };
    let minimum = s.min().get();
    if minimum == 0 {
        return Err(Refusal::new(
            "discretion.no_minimum_to_go_below",
            format!(
                "法定罚款幅度（{s}）没有最低额，无法在其下减轻；可选择较轻的处罚种类（如警告）"
            ),
        )
        .citing(BASIS_MITIGATION)
        .on_field("mitigation"));
    }
    let percent = i128::from(policy.mitigated_floor_percent.min(100));
    let floor = ((i128::from(minimum) * percent + 99) / 100) as i64;
    let top = minimum - 1;
    let floor = floor.max(1).min(top);
    Ok(FineRange::new(Fen::new(floor)?, Fen::new(top)?).expect("0 < floor ≤ top"))
}

/// Where a chosen amount lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoicePosition {
    WithinProposal,
    OutsideProposal,
    /// The proposal has no numbers to compare with.
    NoProposedRange,
}

/// An accepted choice and what it entails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChoiceCheck {
    pub position: ChoicePosition,
    /// Written reasons are required (and were given).
    pub reasons_required: bool,
    /// The case must pass legal review (法制审核) before the decision.
    pub needs_legal_review: bool,
}

/// Checks the fine the officer chooses (S4.5).
///
/// - Above the statutory maximum: always refused — the excess has no legal basis.
/// - Below the statutory minimum: refused unless a mitigating ground is present (减轻).
/// - Outside the proposed range, or with no proposed range: accepted only with written
///   reasons (《行政处罚法》第三十四条: the benchmark binds unless departure is reasoned), and
///   the case is marked for legal review.
pub fn check_choice(
    proposal: &Proposal,
    chosen_fen: Fen,
    reasons: Option<&str>,
) -> Result<ChoiceCheck, Refusal> {
    if chosen_fen.is_zero() {
        return Err(Refusal::new(
            "discretion.fine_not_positive",
            "罚款金额应大于零；不予罚款的，请按不予行政处罚办理",
        )
        .citing(BASIS_NO_PENALTY)
        .on_field("chosen_fen"));
    }
    if let Some(s) = proposal.statutory {
        if chosen_fen > s.max() {
            return Err(Refusal::new(
                "discretion.above_statutory_maximum",
                format!(
                    "拟罚款{chosen_fen}超过法定最高额{}（{}，法定幅度{s}），超出部分没有法律依据",
                    s.max(),
                    proposal.legal_basis
                ),
            )
            .citing(BASIS_NO_LEGAL_BASIS)
            .on_field("chosen_fen"));
        }
        if chosen_fen < s.min() && !proposal.has_mitigating_ground() {
            return Err(Refusal::new(
                "discretion.below_statutory_minimum",
                format!(
                    "拟罚款{chosen_fen}低于法定最低额{}（法定幅度{s}），属于减轻处罚，须有应当或者可以从轻、减轻处罚的法定情形",
                    s.min()
                ),
            )
            .citing(BASIS_MITIGATION)
            .on_field("chosen_fen"));
        }
    }
    let position = match proposal.range {
        Some(r) if r.contains(chosen_fen) => {
            return Ok(ChoiceCheck {
                position: ChoicePosition::WithinProposal,
                reasons_required: false,
                needs_legal_review: proposal.needs_legal_review,
            });
        }
        Some(_) => ChoicePosition::OutsideProposal,
        None => ChoicePosition::NoProposedRange,
    };
    if reasons.is_none_or(|r| r.trim().is_empty()) {
        let message = match proposal.range {
            Some(r) => format!("拟罚款{chosen_fen}不在裁量建议幅度（{r}）内，须书面说明理由"),
            None => format!(
                "裁量基准未规定具体罚款数额（{}），拟罚款{chosen_fen}须书面说明理由",
                proposal.penalty
            ),
        };
        return Err(Refusal::new("discretion.reasons_required", message)
            .citing(BASIS_BENCHMARK)
            .on_field("reasons"));
    }
    Ok(ChoiceCheck {
        position,
        reasons_required: true,
        needs_legal_review: true,
    })
}
