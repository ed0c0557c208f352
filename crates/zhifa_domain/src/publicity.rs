//! Publicity after the decision (事后公开, R-55 … ): which decisions are published,
//! what the public reads of one, and when it comes down.
//!
//! What is published is built from the case, never typed: the decision's number, the agency,
//! the party as the public may know it, the act, the provisions and the outcome. Personal
//! data is redacted by rule: a natural person's name is masked (张三 → 张某) wherever it
//! appears, and so is an organisation's representative; numbers long enough to be an
//! identity card, a phone or an account are removed; a natural person's address is not
//! published. An organisation's name and credit code stay.
//!
//! Not here: the deadline arithmetic (the deadline engine's `RuleId::Publication`, R-56),
//! storing, the portal.

use crate::case::{Case, Outcome, Procedure};
use crate::deadline::{Deadlines, RuleId};
use crate::party::Party;
use crate::refusal::Refusal;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// What the public is told in place of a removed number.
const REMOVED: &str = "（已隐去）";
/// A run of this many digits or more is personal (an identity card, a phone, an account).
const PERSONAL_DIGITS: usize = 7;

/// What local rules decide about publication, with the defaults and their sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PublicityPolicy {
    /// warning-only penalties are not published (市场监管总局令第45号); a province may
    /// decide otherwise.
    pub publish_warnings: bool,
    /// Decisions not to punish (不予行政处罚) are published too. Default no
    /// speak of penalties.
    pub publish_not_punished: bool,
    /// years a decision on an organisation stays published (a local example: 5).
    pub keep_years_organisation: u32,
    /// years a decision on a natural person stays published (the same example: 2).
    pub keep_years_natural: u32,
    /// R-70, S6.1: the complaint channels the portal publishes.
    pub complaint_phone: String,
    pub complaint_email: String,
    pub complaint_address: String,
    /// the domains whose inspections are not drawn at random (public safety, life and
    /// health: 优化营商环境条例第五十四条 leaves them to full-coverage key supervision).
    pub key_sector_domains: Vec<String>,
}

impl Default for PublicityPolicy {
    fn default() -> Self {
        PublicityPolicy {
            publish_warnings: false,
            publish_not_punished: false,
            keep_years_organisation: 5,
            keep_years_natural: 2,
            complaint_phone: "12345".into(),
            complaint_email: String::new(),
            complaint_address: String::new(),
            key_sector_domains: ["应急管理", "消防", "卫生健康", "食品药品"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// What kind of decision a published one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// 行政处罚决定 (general procedure).
    Penalty,
    /// 当场行政处罚决定 (simplified procedure).
    OnTheSpot,
    /// 不予行政处罚决定.
    NotPunished,
}

impl DecisionKind {
    /// The key in filters and in the search index.
    pub fn key(self) -> &'static str {
        match self {
            DecisionKind::Penalty => "penalty",
            DecisionKind::OnTheSpot => "on_the_spot",
            DecisionKind::NotPunished => "not_punished",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Penalty => "行政处罚决定",
            DecisionKind::OnTheSpot => "当场行政处罚决定",
            DecisionKind::NotPunished => "不予行政处罚决定",
        }
    }
}

/// A decision as the public reads it: nothing here identifies a natural person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedDecision {
    pub number: String,
    /// The deciding agency's full name, e.g. 示范县城关镇人民政府.
    pub agency: String,
    /// The township (or department) by its short name, for filtering.
    pub township: String,
    /// The party as published: 张某, or an organisation's name.
    pub party: String,
    pub natural_person: bool,
    /// An organisation's unified social credit code; none for a natural person.
    pub credit_code: Option<String>,
    pub matter_code: String,
    pub matter: String,
    pub domain: String,
    /// The facts found, redacted.
    pub facts: String,
    pub legal_basis: String,
    pub kind: DecisionKind,
    /// The penalty, or why none.
    pub outcome: String,
    pub decided_on: NaiveDate,
}

/// Why a decided case is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotPublished {
    /// No decision yet.
    Undecided,
    /// The case went to the judicial organs.
    Transferred,
    /// A warning only, unless the policy publishes warnings.
    WarningOnly,
    /// Not punished, unless the policy publishes such decisions.
    NotPunished,
}

/// The decision of `case` as published by `agency` (full name) of `township`, or why it is
/// not published.
pub fn publication(
    case: &Case,
    agency: &str,
    township: &str,
    policy: &PublicityPolicy,
) -> Result<PublishedDecision, NotPublished> {
    let decision = case.decision.as_ref().ok_or(NotPublished::Undecided)?;
    let (kind, outcome) = match &decision.outcome {
        Outcome::Punish { penalty } => {
            if penalty.is_warning_only() && !policy.publish_warnings {
                return Err(NotPublished::WarningOnly);
            }
            let kind = match case.procedure {
                Procedure::Simplified => DecisionKind::OnTheSpot,
                Procedure::General => DecisionKind::Penalty,
            };
            (kind, penalty.describe())
        }
        Outcome::NotPunish { ground } => {
            if !policy.publish_not_punished {
                return Err(NotPublished::NotPunished);
            }
            (
                DecisionKind::NotPunished,
                format!("不予行政处罚（{}，{}）", ground.label(), ground.basis()),
            )
        }
        Outcome::TransferCrime { .. } => return Err(NotPublished::Transferred),
    };
    let facts = case
        .conclusion
        .as_ref()
        .map(|c| c.findings.as_str())
        .filter(|f| !f.trim().is_empty())
        .unwrap_or(&case.facts);
    let credit_code = match &case.party {
        Party::Organisation { credit_code, .. } => Some(credit_code.to_string()),
        Party::Natural { .. } => None,
    };
    Ok(PublishedDecision {
        number: decision.number.clone(),
        agency: agency.to_string(),
        township: township.to_string(),
        party: case.party.public_name(),
        natural_person: case.party.is_natural(),
        credit_code,
        matter_code: case.matter.code.clone(),
        matter: case.matter.name.clone(),
        domain: case.matter.domain.clone(),
        facts: redact(facts, &case.party),
        legal_basis: case.matter.legal_basis.clone(),
        kind,
        outcome,
        decided_on: decision.on,
    })
}

/// Whether `case`'s decision is due on the portal on `today`: once it is served (an
/// on-the-spot decision is served when made), or once the publication deadline counted from
/// the decision arrives, served or not.
pub fn due(case: &Case, deadlines: &Deadlines<'_>, today: NaiveDate) -> Result<bool, Refusal> {
    let Some(decision) = &case.decision else {
        return Ok(false);
    };
    if case.service.is_some() || case.procedure == Procedure::Simplified {
        return Ok(true);
    }
    Ok(today >= deadlines.due(RuleId::Publication, decision.on)?.date)
}

/// The day a decision published on `published_on` comes down: after the years the
/// policy keeps a natural person's or an organisation's.
pub fn remove_on(
    natural_person: bool,
    published_on: NaiveDate,
    policy: &PublicityPolicy,
) -> NaiveDate {
    let years = if natural_person {
        policy.keep_years_natural
    } else {
        policy.keep_years_organisation
    };
    let year = published_on.year() + years as i32;
    // 29 February falls back to 28 February in a common year.
    NaiveDate::from_ymd_opt(year, published_on.month(), published_on.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, published_on.month(), 28))
        .unwrap_or(published_on)
}

/// `text` as the public may read it about `party`: the names of natural persons it knows
/// masked, runs of seven digits or more removed, a natural person's address removed.
pub fn redact(text: &str, party: &Party) -> String {
    let mut out = text.to_string();
    let mut people: Vec<&str> = Vec::new();
    if let Some(phone) = party.phone() {
        out = out.replace(&phone.to_string(), REMOVED);
    }
    match party {
        Party::Natural { name, address, .. } => {
            people.push(name.trim());
            if let Some(a) = address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                out = out.replace(a, REMOVED);
            }
        }
        Party::Organisation {
            legal_representative,
            ..
        } => people.push(legal_representative.trim()),
    }
    for name in people.into_iter().filter(|n| n.chars().count() >= 2) {
        let masked = Party::Natural {
            name: name.to_string(),
            id_number: None,
            birth_date: None,
            phone: None,
            address: None,
        }
        .public_name();
        out = out.replace(name, &masked);
    }
    remove_long_numbers(&out)
}

/// Removes every run of [`PERSONAL_DIGITS`] or more ASCII digits (an identity number's final
/// X with it).
fn remove_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i < chars.len() && matches!(chars[i], 'X' | 'x') && i - start == 17 {
                i += 1;
            }
            if i - start >= PERSONAL_DIGITS {
                out.push_str(REMOVED);
            } else {
                out.extend(&chars[start..i]);
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// How an inspection item is carried out: by random choice of targets and of
/// inspectors, with the items and results published (双随机、一公开), unless its domain is a
/// key sector of public safety or of life and health.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionMode {
    Random,
    KeySector,
}

/// Where R-64 comes from.
pub const BASIS_RANDOM_INSPECTION: &str = "《优化营商环境条例》第五十四条";

impl InspectionMode {
    pub fn label(self) -> &'static str {
        match self {
            InspectionMode::Random => {
                "双随机、一公开：随机抽取检查对象、随机选派检查人员，抽查事项和查处结果公开"
            }
            InspectionMode::KeySector => "重点监管领域：依法全覆盖重点检查，不适用随机抽查",
        }
    }
}

/// The mode of an inspection item of `domain`.
pub fn inspection_mode(domain: &str, policy: &PublicityPolicy) -> InspectionMode {
    if policy.key_sector_domains.iter().any(|d| d == domain.trim()) {
        InspectionMode::KeySector
    } else {
        InspectionMode::Random
    }
}
