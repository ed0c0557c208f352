//! Discretion benchmarks (裁量基准, 《行政处罚法》第三十四条; R-21): for each violation, the
//! tiers (档次) a published benchmark sets — the condition of each tier, its penalty as
//! published, its fine range when the benchmark states one, and the party it applies to.
//!
//! A table is imported from JSON Lines, all or nothing. A tier without a numeric range is kept:
//! its penalty text is then the benchmark. Tiers are matched to a case by the violation's name
//! and legal basis as the benchmark writes them.
//! Not here: reading files, storage, whether a benchmark has been published (the caller's
//! record of it).

use super::jsonl::{self, keep, match_key};
use super::money::FineRange;
use crate::Refusal;
use crate::catalog::ImportError;
use serde::{Deserialize, Serialize};

/// 《行政处罚法》第三十四条: benchmarks are set by law and published.
pub const BASIS_BENCHMARK: &str = "《行政处罚法》第三十四条";

/// Whom a tier applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartyType {
    /// 个人.
    #[serde(rename = "individual")]
    Individual,
    /// 单位. The file's key keeps the published data's spelling, `organization`.
    #[serde(rename = "organization", alias = "organisation")]
    Organisation,
    /// Not distinguished (the file's `null`).
    #[serde(rename = "any")]
    Any,
}

impl PartyType {
    pub fn label(self) -> &'static str {
        match self {
            PartyType::Individual => "个人",
            PartyType::Organisation => "单位",
            PartyType::Any => "不限",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            PartyType::Individual => "individual",
            PartyType::Organisation => "organization",
            PartyType::Any => "any",
        }
    }

    /// Accepts the key (either spelling of organisation) or the label.
    pub fn parse(text: &str) -> Option<PartyType> {
        let t = text.trim();
        if t == "organisation" {
            return Some(PartyType::Organisation);
        }
        [
            PartyType::Individual,
            PartyType::Organisation,
            PartyType::Any,
        ]
        .into_iter()
        .find(|p| t == p.key() || t == p.label())
    }

    /// Whether a tier for `self` applies to a party of type `party`.
    fn applies_to(self, party: PartyType) -> bool {
        self == PartyType::Any || party == PartyType::Any || self == party
    }
}

/// Where a tier was published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkSource {
    /// The benchmark document's title.
    pub document: String,
    pub issuer: String,
    /// As published: a date, a year, or a revision note.
    pub date: Option<String>,
    pub url: Option<String>,
}

/// One tier of a benchmark for one violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkTier {
    pub violation: String,
    /// The legal basis as the benchmark cites it.
    pub legal_basis: String,
    /// The statutory range as the benchmark states it, if it does.
    pub statutory_range_text: Option<String>,
    /// The tier's name, e.g. 初次, 一般, 严重.
    pub tier: String,
    /// When the tier applies.
    pub condition: String,
    /// The penalty as published.
    pub penalty: String,
    /// The fine range; `None` when the benchmark states none (the penalty text governs).
    pub fine: Option<FineRange>,
    pub party: PartyType,
    pub note: Option<String>,
    pub source: BenchmarkSource,
}

impl BenchmarkTier {
    /// `1000元至5000元`, or the penalty text when there is no numeric range.
    pub fn range_text(&self) -> String {
        match self.fine {
            Some(range) => range.to_string(),
            None => format!("见处罚内容：{}", self.penalty),
        }
    }

    fn same_violation(&self, violation: &str, legal_basis: &str) -> bool {
        match_key(&self.violation) == match_key(violation)
            && match_key(&self.legal_basis) == match_key(legal_basis)
    }
}

/// Benchmarks for many violations, in file order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BenchmarkTable {
    tiers: Vec<BenchmarkTier>,
}

/// The tiers of one violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViolationBenchmark<'a> {
    pub violation: &'a str,
    pub legal_basis: &'a str,
    pub tiers: Vec<&'a BenchmarkTier>,
}

/// The fields of a benchmark row, with their names for messages.
const FIELDS: &[(&str, &str)] = &[
    ("source_doc", "基准文件名称"),
    ("issuer", "制定机关"),
    ("date", "发布日期"),
    ("violation", "违法行为"),
    ("legal_basis", "法律依据"),
    ("statutory_range", "法定幅度"),
    ("tier", "裁量档次"),
    ("condition", "适用情形"),
    ("penalty", "处罚内容"),
    ("fine_min_cny", "罚款下限"),
    ("fine_max_cny", "罚款上限"),
    ("party_type", "当事人类型"),
    ("note", "备注"),
    ("source_url", "来源地址"),
];

impl BenchmarkTable {
    /// Imports JSON Lines, one tier per line. Every error is reported with its line and field;
    /// nothing is imported while any remains. A tier repeating another's violation, legal
    /// basis, tier name and party is an error: a case could not tell them apart.
    pub fn import_jsonl(text: &str) -> Result<BenchmarkTable, Vec<ImportError>> {
        let mut errors = Vec::new();
        let rows = jsonl::read_rows(text, FIELDS, &mut errors);
        let mut tiers: Vec<(usize, BenchmarkTier)> = Vec::new();
        for row in rows {
            let Some(tier) = read_tier(&row, &mut errors) else {
                continue;
            };
            let duplicate = tiers.iter().find(|(_, t)| {
                t.same_violation(&tier.violation, &tier.legal_basis)
                    && match_key(&t.tier) == match_key(&tier.tier)
                    && t.party == tier.party
            });
            if let Some((first, _)) = duplicate {
                let message = format!(
                    "“{}”的“{}”档（{}）与第 {first} 行重复",
                    tier.violation,
                    tier.tier,
                    tier.party.label()
                );
                errors.push(jsonl::error(row.line, Some("tier"), message));
                continue;
            }
            tiers.push((row.line, tier));
        }
        if errors.is_empty() {
            Ok(BenchmarkTable {
                tiers: tiers.into_iter().map(|(_, t)| t).collect(),
            })
        } else {
            Err(jsonl::in_line_order(errors))
        }
    }

    pub fn tiers(&self) -> &[BenchmarkTier] {
        &self.tiers
    }

    pub fn len(&self) -> usize {
        self.tiers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tiers.is_empty()
    }

    /// Every violation with its tiers, in the order each first appears.
    pub fn violations(&self) -> Vec<ViolationBenchmark<'_>> {
        let mut out: Vec<ViolationBenchmark<'_>> = Vec::new();
        for t in &self.tiers {
            match out
                .iter_mut()
                .find(|v| t.same_violation(v.violation, v.legal_basis))
            {
                Some(v) => v.tiers.push(t),
                None => out.push(ViolationBenchmark {
                    violation: &t.violation,
                    legal_basis: &t.legal_basis,
                    tiers: vec![t],
                }),
            }
        }
        out
    }

    /// The tiers of one violation, matched by name and legal basis (whitespace ignored).
    pub fn violation(&self, name: &str, legal_basis: &str) -> Option<ViolationBenchmark<'_>> {
        self.violations()
            .into_iter()
            .find(|v| v.tiers[0].same_violation(name, legal_basis))
    }
}

impl<'a> ViolationBenchmark<'a> {
    /// The tier of this name for this party: a tier for the party's own type is preferred to
    /// one for any party.
    pub fn tier(&self, name: &str, party: PartyType) -> Result<&'a BenchmarkTier, Refusal> {
        let named: Vec<&'a BenchmarkTier> = self
            .tiers
            .iter()
            .copied()
            .filter(|t| match_key(&t.tier) == match_key(name) && t.party.applies_to(party))
            .collect();
        let exact: Vec<&'a BenchmarkTier> =
            named.iter().copied().filter(|t| t.party == party).collect();
        let candidates = if exact.is_empty() { named } else { exact };
        match candidates.as_slice() {
            [one] => Ok(one),
            [] => {
                let names: Vec<String> = self
                    .tiers
                    .iter()
                    .map(|t| format!("{}（{}）", t.tier, t.party.label()))
                    .collect();
                Err(Refusal::new(
                    "discretion.no_such_tier",
                    format!(
                        "“{}”的裁量基准中没有适用于{}的“{}”档；可选：{}",
                        self.violation,
                        party.label(),
                        name,
                        names.join("、")
                    ),
                )
                .citing(BASIS_BENCHMARK)
                .on_field("tier"))
            }
            _ => Err(Refusal::new(
                "discretion.ambiguous_tier",
                format!(
                    "“{}”的“{}”档对个人和单位各有规定，请选择当事人类型",
                    self.violation, name
                ),
            )
            .on_field("party")),
        }
    }
}

fn read_tier(row: &jsonl::Row, errors: &mut Vec<ImportError>) -> Option<BenchmarkTier> {
    let before = errors.len();
    let document = keep(row.text("source_doc"), errors);
    let issuer = keep(row.text("issuer"), errors);
    let date = keep(row.optional_text("date"), errors);
    let violation = keep(row.text("violation"), errors);
    let legal_basis = keep(row.text("legal_basis"), errors);
    let statutory_range_text = keep(row.optional_text("statutory_range"), errors);
    let tier = keep(row.text("tier"), errors);
    let condition = keep(row.text("condition"), errors);
    let penalty = keep(row.text("penalty"), errors);
    let note = keep(row.optional_text("note"), errors);
    let url = keep(row.optional_text("source_url"), errors);
    let party = keep(read_party(row), errors);
    let fine = read_range(row, errors);
    if errors.len() > before {
        return None;
    }
    Some(BenchmarkTier {
        violation: violation?,
        legal_basis: legal_basis?,
        statutory_range_text: statutory_range_text?,
        tier: tier?,
        condition: condition?,
        penalty: penalty?,
        fine: fine?,
        party: party?,
        note: note?,
        source: BenchmarkSource {
            document: document?,
            issuer: issuer?,
            date: date?,
            url: url?,
        },
    })
}

fn read_party(row: &jsonl::Row) -> Result<PartyType, ImportError> {
    match row.optional_text("party_type")? {
        None => Ok(PartyType::Any),
        Some(text) => PartyType::parse(&text).ok_or_else(|| {
            let message = format!(
                "当事人类型“{text}”无效：应为 individual（个人）、organization（单位）或 null（不限）"
            );
            jsonl::error(row.line, Some("party_type"), message)
        }),
    }
}

/// Both ends or neither: a range with one end would be read as wider than published.
fn read_range(row: &jsonl::Row, errors: &mut Vec<ImportError>) -> Option<Option<FineRange>> {
    let min = keep(row.yuan("fine_min_cny"), errors);
    let max = keep(row.yuan("fine_max_cny"), errors);
    let result = match (min?, max?) {
        (None, None) => Ok(None),
        (Some(min), Some(max)) => FineRange::new(min, max).map(Some).ok_or_else(|| {
            let message = format!("罚款下限（{min}）高于罚款上限（{max}）");
            jsonl::error(row.line, Some("fine_min_cny"), message)
        }),
        (None, Some(_)) => Err(half_range(row, "fine_min_cny")),
        (Some(_), None) => Err(half_range(row, "fine_max_cny")),
    };
    keep(result, errors)
}

fn half_range(row: &jsonl::Row, missing: &str) -> ImportError {
    let message = format!(
        "{}为空：罚款下限与上限应同时填写或同时为空",
        row.label(missing)
    );
    jsonl::error(row.line, Some(missing), message)
}
