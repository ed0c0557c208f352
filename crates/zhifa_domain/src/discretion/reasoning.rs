//! The reasoning paragraph (说理) of a fine decision (S4.5, 说理式执法): the facts, the violation
//! and its basis, the statutory range, the benchmark tier and its range, the grounds with
//! their articles, the proposed range and the amount chosen — and, when the amount departs
//! from the proposal, the reasons given. The same inputs always give the same text.
//!
//! Not here: the rest of the decision document (zhifa_docs), the amount in capital numerals.

use super::proposal::{Direction, Proposal};
use crate::money::Fen;

/// The reasoning paragraph for a fine of `chosen` on `proposal`.
pub fn reasoning_text(
    facts_summary: &str,
    proposal: &Proposal,
    chosen: Fen,
    reasons: Option<&str>,
) -> String {
    let mut out = String::new();
    out.push_str(&format!("经查，{}。", sentence(facts_summary)));
    out.push_str(&format!(
        "上述行为属于“{}”，依据为{}。",
        proposal.violation, proposal.legal_basis
    ));
    if let Some(s) = proposal.statutory {
        out.push_str(&format!("法定罚款幅度为{s}。"));
    }
    out.push_str(&format!(
        "依照裁量基准（{}），本案适用“{}”档（适用情形：{}），",
        proposal.benchmark_document, proposal.tier, proposal.condition
    ));
    match proposal.tier_range {
        Some(r) => out.push_str(&format!("该档罚款幅度为{r}。")),
        None => out.push_str(&format!(
            "该档处罚内容为：{}。",
            sentence(&proposal.penalty)
        )),
    }
    if proposal.grounds.is_empty() {
        out.push_str("本案没有从轻、减轻或者从重处罚的情节。");
    } else {
        let listed: Vec<String> = proposal
            .grounds
            .iter()
            .map(|g| format!("{}（{}）", g.label(), g.basis()))
            .collect();
        out.push_str(&format!("当事人具有以下情节：{}。", listed.join("；")));
    }
    if proposal.may_waive {
        out.push_str("当事人的情形依法可以不予行政处罚，本机关综合考虑后仍予处罚。");
    }
    let proposed = match proposal.range {
        Some(r) => format!("建议罚款幅度为{r}"),
        None => "裁量基准未规定具体罚款数额".to_string(),
    };
    out.push_str(&match proposal.direction {
        Direction::Neutral => format!("按一般情节裁量，{proposed}。"),
        Direction::Lighter => format!("依法从轻处罚，{proposed}。"),
        Direction::Mitigated => format!("依法减轻处罚，{proposed}，低于法定最低罚款额。"),
        Direction::Heavier => format!("依法从重处罚，{proposed}。"),
        Direction::Mixed => format!("从轻与从重情节并存，经综合考量，{proposed}。"),
    });
    out.push_str(&format!(
        "综合考虑违法行为的事实、性质、情节以及社会危害程度，决定处以罚款{chosen}。"
    ));
    let departs = proposal.range.is_none_or(|r| !r.contains(chosen));
    let reasons = reasons.map(str::trim).filter(|r| !r.is_empty());
    if let (true, Some(reasons)) = (departs, reasons) {
        let lead = if proposal.range.is_some() {
            "该罚款数额不在建议幅度内"
        } else {
            "确定该罚款数额"
        };
        out.push_str(&format!("{lead}，理由是：{}。", sentence(reasons)));
    }
    out
}

/// The text without the closing punctuation it may already have, so that sentences join once.
fn sentence(text: &str) -> &str {
    text.trim()
        .trim_end_matches(['。', '；', ';', '，', ',', '.', ' '])
}
