//! A legal or business "no": the message a caseworker reads, the rule it applies, and the field
//! of the input it concerns. Every refusal that applies a statute names the article in `basis`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    /// Stable machine-readable code, e.g. `list.no_consent`.
    pub code: &'static str,
    /// Chinese message for people.
    pub message: String,
    /// The provision applied, e.g. 《行政处罚法》第二十四条, when the refusal applies one.
    pub basis: Option<&'static str>,
    /// The input field concerned, when there is one.
    pub field: Option<&'static str>,
}

impl Refusal {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            code,
            message: message.into(),
            basis: None,
            field: None,
        }
    }

    pub fn citing(mut self, basis: &'static str) -> Self {
        self.basis = Some(basis);
        self
    }

    pub fn on_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }
}
