//! Enforcement documents (文书): which kinds there are, what each says, and when the law lets
//! one be issued.
//!
//! A document's content is built from the case record only — never typed a second time — as
//! a [`DocContent`]: a title, the agency, the document number, an addressee, labelled fields
//! (the rows of a form) and paragraphs (the body of a letter). How it looks on paper is the
//! templates' business (`zhifa_docs`). A document whose content the law prescribes cannot be
//! built while an item is missing: the builder refuses, citing the article (R-37 for a
//! decision, R-28 for an on-the-spot decision).
//!
//! Not here: numbering (the application takes numbers from the agency's gap-free sequences),
//! rendering, storing, the ledger entry of an issued document.

mod letters;

use crate::case::Case;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use letters::build;

/// The standard set of documents, in the order of a case file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 立案审批表.
    FilingApproval,
    /// 责令改正（停止违法行为）通知书.
    CorrectionOrder,
    /// 行政处罚事先告知书.
    PenaltyNotice,
    /// 行政处罚决定书.
    PenaltyDecision,
    /// 不予行政处罚决定书.
    NoPenaltyDecision,
    /// 当场行政处罚决定书.
    OnTheSpotDecision,
    /// 送达回证.
    ServiceReceipt,
    /// 案件移送书.
    TransferLetter,
    /// 结案报告.
    ClosingReport,
}

impl DocKind {
    pub const ALL: [DocKind; 9] = [
        DocKind::FilingApproval,
        DocKind::CorrectionOrder,
        DocKind::PenaltyNotice,
        DocKind::PenaltyDecision,
        DocKind::NoPenaltyDecision,
        DocKind::OnTheSpotDecision,
        DocKind::ServiceReceipt,
        DocKind::TransferLetter,
        DocKind::ClosingReport,
    ];

    /// The key in URLs, template file names and number series.
    pub fn key(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "filing_approval",
            DocKind::CorrectionOrder => "correction_order",
            DocKind::PenaltyNotice => "penalty_notice",
            DocKind::PenaltyDecision => "penalty_decision",
            DocKind::NoPenaltyDecision => "no_penalty_decision",
            DocKind::OnTheSpotDecision => "on_the_spot_decision",
            DocKind::ServiceReceipt => "service_receipt",
            DocKind::TransferLetter => "transfer_letter",
            DocKind::ClosingReport => "closing_report",
        }
    }

    pub fn parse(key: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The document's title as printed.
    pub fn title(self) -> &'static str {
        match self {
            DocKind::FilingApproval => "立案审批表",
            DocKind::CorrectionOrder => "责令改正通知书",
            DocKind::PenaltyNotice => "行政处罚事先告知书",
            DocKind::PenaltyDecision => "行政处罚决定书",
            DocKind::NoPenaltyDecision => "不予行政处罚决定书",
            DocKind::OnTheSpotDecision => "当场行政处罚决定书",
            DocKind::ServiceReceipt => "送达回证",
            DocKind::TransferLetter => "案件移送书",
            DocKind::ClosingReport => "结案报告",
        }
    }

    /// The abbreviation in its number, e.g. 城关镇罚告〔2026〕3号. `None`: the document takes
    /// the number of the document it goes with (a decision's number is given when it is made;
    /// a service receipt serves a numbered document).
    pub fn abbreviation(self) -> Option<&'static str> {
        match self {
            DocKind::FilingApproval => Some("立审"),
            DocKind::CorrectionOrder => Some("责改"),
            DocKind::PenaltyNotice => Some("罚告"),
            DocKind::NoPenaltyDecision => Some("不罚决"),
            DocKind::TransferLetter => Some("移"),
            DocKind::ClosingReport => Some("结"),
            DocKind::PenaltyDecision | DocKind::OnTheSpotDecision | DocKind::ServiceReceipt => None,
        }
    }

    /// Whether the agency's seal goes on the issued document.
    pub fn sealed(self) -> bool {
        !matches!(self, DocKind::FilingApproval | DocKind::ClosingReport)
    }
}

/// A labelled field of a form, e.g. 当事人 — 某公司.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub label: String,
    pub value: String,
}

/// What a document says, ready for a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocContent {
    pub kind: DocKind,
    pub title: String,
    /// The issuing agency's full name.
    pub agency: String,
    /// The document number (文号); empty where the kind has none.
    pub number: String,
    /// To whom it is addressed, e.g. `当事人：某某公司`; empty for internal forms.
    pub addressee: String,
    /// The rows of a form.
    pub fields: Vec<Field>,
    /// The body, paragraph by paragraph.
    pub paragraphs: Vec<String>,
    /// The date it bears, written out (`2026年11月27日`).
    pub date: String,
    /// Whether the agency's seal belongs on it once issued.
    pub sealed: bool,
}

/// What a document needs of its agency beyond the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agency {
    /// The full name, e.g. 示范县城关镇人民政府.
    pub name: String,
    /// The short name in document numbers, e.g. 城关镇.
    pub short_name: String,
    /// Where fines are paid (the agency's designated bank), for decisions.
    pub payment_place: String,
    /// The people's government and court that hear review applications and lawsuits.
    pub review_body: String,
    pub court: String,
}

/// A date as documents write it.
pub fn written_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// A number of a series, e.g. `城关镇罚告〔2026〕3号`.
pub fn document_number(short_name: &str, abbreviation: &str, year: i32, n: i64) -> String {
    format!("{short_name}{abbreviation}〔{year}〕{n}号")
}

/// The kinds the case has reached, in the order of a case file, each with the refusal that
/// issuing it would meet now because an item the law prescribes is missing (shown beside it,
/// so that the officer knows what to complete), or `None` when it can be issued.
pub fn available(
    case: &Case,
    agency: &Agency,
    today: NaiveDate,
) -> Vec<(DocKind, Option<crate::refusal::Refusal>)> {
    DocKind::ALL
        .into_iter()
        .filter_map(|k| match build(k, case, agency, "", today) {
            Ok(_) => Some((k, None)),
            Err(r) if r.code == "document.missing_content" => Some((k, Some(r))),
            Err(_) => None,
        })
        .collect()
}
