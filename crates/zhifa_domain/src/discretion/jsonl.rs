//! Reading JSON Lines for the benchmark and lenient-list imports: one JSON object per line,
//! blank lines skipped, each field read with an error that names its line and field.
//!
//! Imports here follow [`crate::catalog`]: every error is collected (not only the first) so
//! that a clerk can fix a file in one pass, and nothing is imported while any error remains.
//! Not here: what the fields mean (see the importing modules).

use crate::catalog::ImportError;
use crate::money::Fen;
use serde_json::{Map, Value};

/// One object and the 1-based line it stands on.
pub(super) struct Row {
    pub line: usize,
    fields: Map<String, Value>,
    /// Every field the file may hold, with its Chinese name for messages.
    labels: &'static [(&'static str, &'static str)],
}

/// Splits the text into rows. A line that is not a JSON object, or that holds a field not in
/// `known` (a misspelt `fine_max_cny` would otherwise be read silently as “no range”), is an
/// error of that line.
pub(super) fn read_rows(
    text: &str,
    labels: &'static [(&'static str, &'static str)],
    errors: &mut Vec<ImportError>,
) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let fields = match serde_json::from_str::<Value>(raw) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => {
                errors.push(error(line, None, "每行应为一个 JSON 对象"));
                continue;
            }
            Err(e) => {
                let message = format!("不是有效的 JSON（第 {} 列附近）", e.column());
                errors.push(error(line, None, message));
                continue;
            }
        };
        for key in fields.keys() {
            if !labels.iter().any(|(k, _)| k == key) {
                let message = format!("未知字段“{key}”");
                errors.push(error(line, Some(key), message));
            }
        }
        rows.push(Row {
            line,
            fields,
            labels,
        });
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(error(1, None, "文件中没有任何记录"));
    }
    rows
}

pub(super) fn error(line: usize, field: Option<&str>, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        field: field.map(str::to_string),
        message: message.into(),
    }
}

impl Row {
    /// The Chinese name of a field, for messages.
    pub fn label(&self, field: &str) -> &'static str {
        self.labels
            .iter()
            .find(|(k, _)| *k == field)
            .map_or("字段", |(_, label)| label)
    }

    /// A text field that must be present and not blank, trimmed.
    pub fn text(&self, field: &str) -> Result<String, ImportError> {
        let label = self.label(field);
        match self.optional_text(field)? {
            Some(t) => Ok(t),
            None => Err(error(self.line, Some(field), format!("{label}不能为空"))),
        }
    }

    /// A text field that may be absent, null or blank (all read as `None`), trimmed.
    pub fn optional_text(&self, field: &str) -> Result<Option<String>, ImportError> {
        let label = self.label(field);
        match self.fields.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            Some(_) => Err(error(self.line, Some(field), format!("{label}应为文本"))),
        }
    }

    /// An amount in 元 (a JSON number, at most two decimals, not negative, at most
    /// [`Fen::MAX`]) as 分; absent or null is `None`.
    pub fn yuan(&self, field: &str) -> Result<Option<Fen>, ImportError> {
        let label = self.label(field);
        let number = match self.fields.get(field) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::Number(n)) => n,
            Some(_) => {
                let message = format!("{label}应为以元计的数字或 null");
                return Err(error(self.line, Some(field), message));
            }
        };
        // An integer converts directly; any other number goes through its shortest decimal
        // text, which is exact for every amount written with at most two decimals (and is
        // never in exponent form within the range of amounts). `-0.0` is zero.
        let fen = match number.as_i64() {
            Some(yuan) => Fen::from_yuan(yuan),
            None if number.as_f64() == Some(0.0) => Ok(Fen::ZERO),
            None => Fen::parse_yuan(&number.to_string()),
        };
        fen.map(Some).map_err(|refusal| {
            let message = match refusal.code {
                "money.negative" => format!("{label}不能为负数（{number}）"),
                "money.too_large" => format!("{label}“{number}”过大（上限为9999亿元）"),
                _ => format!("{label}“{number}”无法精确换算为分（最多两位小数）"),
            };
            error(self.line, Some(field), message)
        })
    }
}

/// The errors by line, each line's in the order its fields were read.
pub(super) fn in_line_order(mut errors: Vec<ImportError>) -> Vec<ImportError> {
    errors.sort_by_key(|e| e.line);
    errors
}

/// Keeps a field's value, or records its error and keeps `None`.
pub(super) fn keep<T>(result: Result<T, ImportError>, errors: &mut Vec<ImportError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// The text used to match names and citations: without whitespace.
pub(super) fn match_key(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}
