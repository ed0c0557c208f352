//! Lenient lists (包容免罚清单, 首违不罚清单) and the no-penalty path of
//! 《行政处罚法》第三十三条: a minor violation promptly corrected without harm is not punished
//! (第一款前段); a first violation with slight harm promptly corrected may be left unpunished
//! (第一款后段, 首违不罚); a party who proves no fault is not punished (第二款). Whoever is not
//! punished is educated (第三款), and a listed exemption rests on a signed commitment letter
//! (承诺书) as well.
//!
//! A list is imported from JSON Lines, all or nothing, like the benchmarks.
//! Not here: age and capacity (see [`super::grounds`]; they bar a fine in [`super::propose`]),
//! limitation (第三十六条), the documents themselves.

use super::grounds::Ground;
use super::jsonl::{self, keep, match_key};
use crate::catalog::ImportError;
use serde::{Deserialize, Serialize};

/// 《行政处罚法》第三十三条第一款.
pub const BASIS_MINOR_OR_FIRST: &str = "《行政处罚法》第三十三条第一款";
/// 《行政处罚法》第三十三条第二款.
pub const BASIS_NO_FAULT: &str = "《行政处罚法》第三十三条第二款";
/// 《行政处罚法》第三十三条第三款: whoever is not punished is educated.
pub const BASIS_EDUCATION: &str = "《行政处罚法》第三十三条第三款";
/// The Sichuan guideline: a listed exemption uses a commitment letter with education.
pub const BASIS_COMMITMENT: &str = "四川省司法厅乡镇执法规范化指导意见 四（五）";

/// What kind of entry a list holds. The published lists name their kinds variously; each
/// kind accepts the names found in them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptionKind {
    /// 首违免罚, 首违不罚, 首查免罚: 第三十三条第一款后段.
    FirstOffence,
    /// 轻微免罚, 轻微不罚: 第三十三条第一款前段.
    Minor,
    /// 轻微/首违免罚: either branch of 第三十三条第一款.
    MinorOrFirstOffence,
    /// 无过错不罚: 第三十三条第二款.
    NoFault,
    /// 不予处罚 on any statutory ground (第三十条、第三十一条、第三十三条、第三十六条).
    Statutory,
    /// 定义, 适用口径: how a list reads its terms, not an exempt matter.
    Definition,
}

impl ExemptionKind {
    pub const ALL: [ExemptionKind; 6] = [
        ExemptionKind::FirstOffence,
        ExemptionKind::Minor,
        ExemptionKind::MinorOrFirstOffence,
        ExemptionKind::NoFault,
        ExemptionKind::Statutory,
        ExemptionKind::Definition,
    ];

    pub fn label(self) -> &'static str {
        self.names()[0]
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            ExemptionKind::FirstOffence => &["首违免罚", "首违不罚", "首查免罚"],
            ExemptionKind::Minor => &["轻微免罚", "轻微不罚"],
            ExemptionKind::MinorOrFirstOffence => &["轻微/首违免罚"],
            ExemptionKind::NoFault => &["无过错不罚", "无过错", "无主观过错"],
            ExemptionKind::Statutory => &["不予处罚(法定情形)", "不予处罚"],
            ExemptionKind::Definition => &["适用口径", "定义"],
        }
    }

    /// Accepts any published name, with full- or half-width brackets and slash.
    pub fn parse(text: &str) -> Option<ExemptionKind> {
        let t = normalise_marks(text);
        Self::ALL
            .into_iter()
            .find(|k| k.names().iter().any(|n| normalise_marks(n) == t))
    }
}

fn normalise_marks(text: &str) -> String {
    match_key(text)
        .replace('（', "(")
        .replace('）', ")")
        .replace('／', "/")
}

/// One entry of a published lenient list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LenientItem {
    /// The list's title.
    pub list: String,
    pub issuer: String,
    pub date: Option<String>,
    /// The exempt matter (or, for a definition, the rule it states).
    pub item: String,
    pub legal_basis: String,
    pub kind: ExemptionKind,
    /// The kind as the list names it.
    pub kind_text: String,
    /// The list's own conditions, to be confirmed by the officer.
    pub conditions: String,
    pub note: Option<String>,
    pub source_url: Option<String>,
}

/// A lenient list, or several, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LenientList {
    items: Vec<LenientItem>,
}

const FIELDS: &[(&str, &str)] = &[
    ("list", "清单名称"),
    ("issuer", "发布机关"),
    ("date", "发布日期"),
    ("item", "免罚事项"),
    ("legal_basis", "法律依据"),
    ("kind", "免罚类型"),
    ("conditions", "适用条件"),
    ("note", "备注"),
    ("source_url", "来源地址"),
];

impl LenientList {
    /// Imports JSON Lines, one entry per line, all or nothing; an entry repeating another's
    /// list and matter is an error.
    pub fn import_jsonl(text: &str) -> Result<LenientList, Vec<ImportError>> {
        let mut errors = Vec::new();
        let rows = jsonl::read_rows(text, FIELDS, &mut errors);
        let mut items: Vec<(usize, LenientItem)> = Vec::new();
        for row in rows {
            let Some(item) = read_item(&row, &mut errors) else {
                continue;
            };
            let duplicate = items.iter().find(|(_, i)| {
                match_key(&i.list) == match_key(&item.list)
                    && match_key(&i.item) == match_key(&item.item)
            });
            if let Some((first, _)) = duplicate {
                let message = format!("“{}”在同一清单中与第 {first} 行重复", item.item);
                errors.push(jsonl::error(row.line, Some("item"), message));
                continue;
            }
            items.push((row.line, item));
        }
        if errors.is_empty() {
            Ok(LenientList {
                items: items.into_iter().map(|(_, i)| i).collect(),
            })
        } else {
            Err(jsonl::in_line_order(errors))
        }
    }

    pub fn items(&self) -> &[LenientItem] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The exempt matters named `matter`, or citing `legal_basis` (whitespace ignored).
    /// Definitions are not matters and never match.
    pub fn matching(&self, matter: &str, legal_basis: Option<&str>) -> Vec<&LenientItem> {
        let matter = match_key(matter);
        let basis = legal_basis.map(match_key);
        self.items
            .iter()
            .filter(|i| i.kind != ExemptionKind::Definition)
            .filter(|i| {
                match_key(&i.item) == matter
                    || basis
                        .as_ref()
                        .is_some_and(|b| match_key(&i.legal_basis) == *b)
            })
            .collect()
    }

    /// The lists' definitions of their terms (e.g. what counts as 初次违法).
    pub fn definitions(&self) -> Vec<&LenientItem> {
        self.items
            .iter()
            .filter(|i| i.kind == ExemptionKind::Definition)
            .collect()
    }
}

fn read_item(row: &jsonl::Row, errors: &mut Vec<ImportError>) -> Option<LenientItem> {
    let before = errors.len();
    let list = keep(row.text("list"), errors);
    let issuer = keep(row.text("issuer"), errors);
    let date = keep(row.optional_text("date"), errors);
    let item = keep(row.text("item"), errors);
    let legal_basis = keep(row.text("legal_basis"), errors);
    let kind_text = keep(row.text("kind"), errors);
    let conditions = keep(row.text("conditions"), errors);
    let note = keep(row.optional_text("note"), errors);
    let source_url = keep(row.optional_text("source_url"), errors);
    let kind = kind_text.as_deref().and_then(|text| {
        let kind = ExemptionKind::parse(text);
        if kind.is_none() {
            let message = format!(
                "免罚类型“{text}”无效：应为 首违免罚、轻微免罚、轻微/首违免罚、无过错不罚、不予处罚 或 定义"
            );
            errors.push(jsonl::error(row.line, Some("kind"), message));
        }
        kind
    });
    if errors.len() > before {
        return None;
    }
    Some(LenientItem {
        list: list?,
        issuer: issuer?,
        date: date?,
        item: item?,
        legal_basis: legal_basis?,
        kind: kind?,
        kind_text: kind_text?,
        conditions: conditions?,
        note: note?,
        source_url: source_url?,
    })
}

/// How much harm the act caused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Harm {
    /// 没有造成危害后果.
    #[default]
    None,
    /// 危害后果轻微.
    Slight,
    /// More than slight.
    Serious,
}

/// The facts the no-penalty path turns on, as the officer finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ExemptionFacts {
    /// 初次违法 (a list may define it, e.g. the first within 12 months in the agency's area).
    pub first_offence: bool,
    /// 违法行为轻微.
    pub minor: bool,
    /// 及时改正: before discovery, or within the period ordered.
    pub corrected_promptly: bool,
    pub harm: Harm,
    /// 当事人有证据足以证明没有主观过错.
    pub no_fault_proven: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExemptionOutcome {
    /// 不予行政处罚: the law forbids a penalty.
    MustNotPunish,
    /// 可以不予行政处罚: the agency may decide not to punish.
    MayNotPunish,
    /// The case does not meet 第三十三条.
    NotQualified,
}

/// A document the file must hold when a case is not punished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// 教育记录 (第三十三条第三款).
    EducationRecord,
    /// 承诺书 signed by the party (包容免罚告知承诺书).
    CommitmentLetter,
}

impl Requirement {
    pub fn label(self) -> &'static str {
        match self {
            Requirement::EducationRecord => "教育记录",
            Requirement::CommitmentLetter => "承诺书",
        }
    }

    pub fn basis(self) -> &'static str {
        match self {
            Requirement::EducationRecord => BASIS_EDUCATION,
            Requirement::CommitmentLetter => BASIS_COMMITMENT,
        }
    }
}

/// Whether a case may go the no-penalty way, on which provision, and with what documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExemptionAssessment<'a> {
    pub outcome: ExemptionOutcome,
    /// The provision applied, when the case qualifies.
    pub basis: Option<&'static str>,
    /// The ground of the checklist the case meets.
    pub ground: Option<Ground>,
    /// The list entries for the matter; their conditions are the officer's to confirm.
    pub listed: Vec<&'a LenientItem>,
    pub requires: Vec<Requirement>,
    /// Why the case does not qualify, in Chinese.
    pub unmet: Vec<&'static str>,
}

/// Assesses a case against 第三十三条 and the list.
///
/// The statute decides, the list does not: a minor violation corrected without harm is never
/// punished, listed or not. The list adds the commitment letter: it is required for 首违不罚,
/// whose leniency rests on the party's promise, and for any exemption the list names. A
/// no-fault exemption needs no promise. Education is always required.
pub fn assess_exemption<'a>(
    list: &'a LenientList,
    matter: &str,
    legal_basis: Option<&str>,
    facts: &ExemptionFacts,
) -> ExemptionAssessment<'a> {
    let listed = list.matching(matter, legal_basis);
    let letter_if_listed = if listed.is_empty() {
        vec![Requirement::EducationRecord]
    } else {
        vec![Requirement::EducationRecord, Requirement::CommitmentLetter]
    };
    let qualified = |outcome, ground: Ground, requires| ExemptionAssessment {
        outcome,
        basis: Some(ground.basis()),
        ground: Some(ground),
        listed: listed.clone(),
        requires,
        unmet: Vec::new(),
    };
    let corrected_no_harm = facts.corrected_promptly && facts.harm == Harm::None;
    if facts.no_fault_proven {
        return qualified(
            ExemptionOutcome::MustNotPunish,
            Ground::NoFault,
            vec![Requirement::EducationRecord],
        );
    }
    if facts.minor && corrected_no_harm {
        return qualified(
            ExemptionOutcome::MustNotPunish,
            Ground::MinorCorrectedNoHarm,
            letter_if_listed,
        );
    }
    if facts.first_offence && facts.corrected_promptly && facts.harm != Harm::Serious {
        return qualified(
            ExemptionOutcome::MayNotPunish,
            Ground::FirstOffenceSlightHarmCorrected,
            vec![Requirement::EducationRecord, Requirement::CommitmentLetter],
        );
    }
    let mut unmet = Vec::new();
    if !facts.minor && !facts.first_offence {
        unmet.push("违法行为不属轻微，也不是初次违法");
    }
    if !facts.corrected_promptly {
        unmet.push("未及时改正");
    }
    match facts.harm {
        Harm::Serious => unmet.push("危害后果不属轻微"),
        Harm::Slight if !facts.first_offence => unmet.push("造成了危害后果，且不是初次违法"),
        _ => {}
    }
    ExemptionAssessment {
        outcome: ExemptionOutcome::NotQualified,
        basis: None,
        ground: None,
        listed,
        requires: Vec::new(),
        unmet,
    }
}
