//! Catalogs of powers (S2.1): the province's guide catalog of county powers that may be
//! delegated (赋权指导目录) and the townships' statutory powers (法定目录).
//!
//! An import is all or nothing: every row is checked — fields, duplicate codes, and that each
//! legal basis resolves to an article of the law library — and any error names its line.
//! Not here: reading files or storing items.

use crate::law::{ArticleLookup, LegalRef, check_ref};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// 权力类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerKind {
    Penalty,
    Inspection,
    Coercion,
    Permit,
    Other,
}

impl PowerKind {
    pub const ALL: [PowerKind; 5] = [
        PowerKind::Penalty,
        PowerKind::Inspection,
        PowerKind::Coercion,
        PowerKind::Permit,
        PowerKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PowerKind::Penalty => "行政处罚",
            PowerKind::Inspection => "行政检查",
            PowerKind::Coercion => "行政强制",
            PowerKind::Permit => "行政许可",
            PowerKind::Other => "其他",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            PowerKind::Penalty => "penalty",
            PowerKind::Inspection => "inspection",
            PowerKind::Coercion => "coercion",
            PowerKind::Permit => "permit",
            PowerKind::Other => "other",
        }
    }

    /// Accepts the label (行政处罚), its short form (处罚) or the key (penalty).
    pub fn parse(text: &str) -> Option<PowerKind> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|k| t == k.label() || t == k.key() || Some(t) == k.label().strip_prefix("行政"))
    }
}

/// Which catalog an item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogSource {
    /// 法定: the law gives the power to townships directly.
    Statutory,
    /// 赋权: a county department's power that may be delegated.
    Delegable,
}

impl CatalogSource {
    pub fn label(self) -> &'static str {
        match self {
            CatalogSource::Statutory => "法定",
            CatalogSource::Delegable => "赋权",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CatalogSource::Statutory => "statutory",
            CatalogSource::Delegable => "delegable",
        }
    }

    pub fn parse(text: &str) -> Option<CatalogSource> {
        let t = text.trim();
        [CatalogSource::Statutory, CatalogSource::Delegable]
            .into_iter()
            .find(|s| t == s.label() || t == s.key())
    }
}

/// A catalog item as imported: what a row must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCatalogItem {
    pub code: String,
    pub name: String,
    pub kind: PowerKind,
    pub source: CatalogSource,
    pub legal_basis: Vec<LegalRef>,
    pub domain: String,
    /// Name of the originating county department, e.g. 县生态环境局.
    pub department: String,
}

/// A stored catalog item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub id: crate::Id,
    pub catalog_id: crate::Id,
    #[serde(flatten)]
    pub item: NewCatalogItem,
}

/// One import error: the line (1 = header for CSV, 1-based element for JSON), the field and
/// what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportError {
    pub line: usize,
    pub field: Option<String>,
    pub message: String,
}

impl ImportError {
    fn at(line: usize, field: &str, message: impl Into<String>) -> Self {
        ImportError {
            line,
            field: Some(field.to_string()),
            message: message.into(),
        }
    }
}

/// The raw text fields of one row, whatever the file format.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawItem {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub catalog: String,
    #[serde(default, deserialize_with = "basis_text")]
    pub legal_basis: String,
    #[serde(default)]
    pub domain: String,
    #[serde(default)]
    pub department: String,
}

/// JSON may give the basis as one string or as an array of citations.
fn basis_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Basis {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Basis::deserialize(d)? {
        Basis::One(s) => s,
        Basis::Many(v) => v.join(";"),
    })
}

pub const CSV_HEADER: [&str; 7] = [
    "code",
    "name",
    "kind",
    "catalog",
    "legal_basis",
    "domain",
    "department",
];

/// Reads CSV rows (header required, columns as [`CSV_HEADER`], any order) with their line numbers.
pub fn read_csv(text: &str) -> Result<Vec<(usize, RawItem)>, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![csv_error(1, &e)])?
        .clone();
    let missing: Vec<&str> = CSV_HEADER
        .iter()
        .copied()
        .filter(|h| !headers.iter().any(|x| x == *h))
        .collect();
    if !missing.is_empty() {
        return Err(vec![ImportError {
            line: 1,
            field: None,
            message: format!("表头缺少列：{}", missing.join("、")),
        }]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line() as usize);
                match r.deserialize::<RawItem>(Some(&headers)) {
                    Ok(item) => rows.push((line, item)),
                    Err(e) => errors.push(csv_error(line, &e)),
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(csv_error(line, &e));
            }
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn csv_error(line: usize, e: &csv::Error) -> ImportError {
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("CSV 格式错误：应有 {expected_len} 列，实有 {len} 列")
        }
        csv::ErrorKind::Utf8 { .. } => "CSV 不是有效的 UTF-8 文本".to_string(),
        _ => "CSV 格式错误".to_string(),
    };
    ImportError {
        line,
        field: None,
        message,
    }
}

/// Reads a JSON array of items; element *n* (1-based) is reported as line *n*.
pub fn read_json(text: &str) -> Result<Vec<(usize, RawItem)>, Vec<ImportError>> {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).map_err(|e| {
        vec![ImportError {
            line: e.line(),
            field: None,
            message: format!("JSON 格式错误（第 {} 列）：应为事项数组", e.column()),
        }]
    })?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, v) in values.into_iter().enumerate() {
        match serde_json::from_value::<RawItem>(v) {
            Ok(item) => rows.push((i + 1, item)),
            Err(_) => errors.push(ImportError {
                line: i + 1,
                field: None,
                message: "事项应为对象，字段均为文本".into(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Validates rows into items. `existing_codes` are codes already in the catalogs: a code is
/// never reused. Returns every error found, not only the first, so a clerk can fix a file in
/// one pass.
pub fn validate(
    rows: Vec<(usize, RawItem)>,
    existing_codes: &HashSet<String>,
    library: &impl ArticleLookup,
) -> Result<Vec<NewCatalogItem>, Vec<ImportError>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    if rows.is_empty() {
        errors.push(ImportError {
            line: 1,
            field: None,
            message: "文件中没有任何事项".into(),
        });
    }
    for (line, raw) in rows {
        let before = errors.len();
        let code = raw.code.trim().to_string();
        if code.is_empty() || code.chars().any(char::is_whitespace) {
            errors.push(ImportError::at(
                line,
                "code",
                "事项编码不能为空且不能含空格",
            ));
        } else if existing_codes.contains(&code) {
            errors.push(ImportError::at(
                line,
                "code",
                format!("事项编码 {code} 已存在于目录中"),
            ));
        } else if !seen.insert(code.clone()) {
            errors.push(ImportError::at(
                line,
                "code",
                format!("事项编码 {code} 在文件中重复"),
            ));
        }
        for (field, value) in [
            ("name", &raw.name),
            ("domain", &raw.domain),
            ("department", &raw.department),
        ] {
            if value.trim().is_empty() {
                errors.push(ImportError::at(
                    line,
                    field,
                    format!("{} 不能为空", field_label(field)),
                ));
            }
        }
        let kind = PowerKind::parse(&raw.kind);
        if kind.is_none() {
            errors.push(ImportError::at(
                line,
                "kind",
                format!(
                    "权力类型“{}”无效：应为 处罚、检查、强制、许可 或 其他",
                    raw.kind
                ),
            ));
        }
        let source = CatalogSource::parse(&raw.catalog);
        if source.is_none() {
            errors.push(ImportError::at(
                line,
                "catalog",
                format!("目录类别“{}”无效：应为 法定 或 赋权", raw.catalog),
            ));
        }
        let basis = match LegalRef::parse_list(&raw.legal_basis) {
            Ok(refs) => refs,
            Err(e) => {
                errors.push(ImportError::at(line, "legal_basis", e.to_string()));
                vec![]
            }
        };
        for r in &basis {
            if let Err(msg) = check_ref(r, library) {
                errors.push(ImportError::at(line, "legal_basis", msg));
            }
        }
        if errors.len() == before {
            items.push(NewCatalogItem {
                code,
                name: raw.name.trim().to_string(),
                kind: kind.expect("checked above"),
                source: source.expect("checked above"),
                legal_basis: basis,
                domain: raw.domain.trim().to_string(),
                department: raw.department.trim().to_string(),
            });
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

fn field_label(field: &str) -> &'static str {
    match field {
        "name" => "事项名称",
        "domain" => "执法领域",
        "department" => "原实施部门",
        _ => "字段",
    }
}

#[cfg(test)]
mod tests;
