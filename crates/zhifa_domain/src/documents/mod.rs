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

mod file;
mod letters;
mod measures;
mod records;

use crate::Id;
use crate::case::{Case, Owed};
use crate::refusal::Refusal;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The standard set of documents, in the order of a case file (卷内文件排列顺序: cover and
/// index, filing, evidence, measures, notices, hearing, review, decision, service, execution,
/// closing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 案卷封面与卷内目录.
    FileCover,
    /// 立案审批表.
    FilingApproval,
    /// 现场检查（勘验）笔录, one per inspection.
    InspectionRecord,
    /// 询问（调查）笔录, one per interview.
    InterviewRecord,
    /// 先行登记保存证据通知书, one per preservation.
    EvidenceNotice,
    /// 查封（扣押）决定书 with its 清单, one per measure.
    SeizureDecision,
    /// 责令改正（停止违法行为）通知书.
    CorrectionOrder,
    /// 协助函, one per request.
    AssistanceLetter,
    /// 案件移送书.
    TransferLetter,
    /// 移送案件涉案物品清单.
    TransferInventory,
    /// 案件移送书送达回证, signed by the receiving body.
    TransferReceipt,
    /// 行政处罚事先告知书.
    PenaltyNotice,
    /// 行政处罚听证告知书.
    HearingRightsNotice,
    /// 行政处罚听证通知书.
    HearingNotice,
    /// 听证笔录.
    HearingRecord,
    /// 重大行政执法决定法制审核意见书.
    ReviewOpinion,
    /// 案件集体讨论记录.
    DiscussionRecord,
    /// 行政处罚决定书.
    PenaltyDecision,
    /// 不予行政处罚决定书.
    NoPenaltyDecision,
    /// 承诺书 (免罚清单, R-26).
    Commitment,
    /// 当场行政处罚决定书.
    OnTheSpotDecision,
    /// 送达回证.
    ServiceReceipt,
    /// 催告书.
    PaymentReminder,
    /// 强制执行申请书.
    EnforcementApplication,
    /// 结案报告.
    ClosingReport,
}

impl DocKind {
    pub const ALL: [DocKind; 25] = [
        DocKind::FileCover,
        DocKind::FilingApproval,
        DocKind::InspectionRecord,
        DocKind::InterviewRecord,
        DocKind::EvidenceNotice,
        DocKind::SeizureDecision,
        DocKind::CorrectionOrder,
        DocKind::AssistanceLetter,
        DocKind::TransferLetter,
        DocKind::TransferInventory,
        DocKind::TransferReceipt,
        DocKind::PenaltyNotice,
        DocKind::HearingRightsNotice,
        DocKind::HearingNotice,
        DocKind::HearingRecord,
        DocKind::ReviewOpinion,
        DocKind::DiscussionRecord,
        DocKind::PenaltyDecision,
        DocKind::NoPenaltyDecision,
        DocKind::Commitment,
        DocKind::OnTheSpotDecision,
        DocKind::ServiceReceipt,
        DocKind::PaymentReminder,
        DocKind::EnforcementApplication,
        DocKind::ClosingReport,
    ];

    /// The key in URLs, template file names and number series.
    pub fn key(self) -> &'static str {
        match self {
            DocKind::FileCover => "file_cover",
            DocKind::FilingApproval => "filing_approval",
            DocKind::InspectionRecord => "inspection_record",
            DocKind::InterviewRecord => "interview_record",
            DocKind::EvidenceNotice => "evidence_notice",
            DocKind::SeizureDecision => "seizure_decision",
            DocKind::CorrectionOrder => "correction_order",
            DocKind::AssistanceLetter => "assistance_letter",
            DocKind::TransferLetter => "transfer_letter",
            DocKind::TransferInventory => "transfer_inventory",
            DocKind::TransferReceipt => "transfer_receipt",
            DocKind::PenaltyNotice => "penalty_notice",
            DocKind::HearingRightsNotice => "hearing_rights_notice",
            DocKind::HearingNotice => "hearing_notice",
            DocKind::HearingRecord => "hearing_record",
            DocKind::ReviewOpinion => "review_opinion",
            DocKind::DiscussionRecord => "discussion_record",
            DocKind::PenaltyDecision => "penalty_decision",
            DocKind::NoPenaltyDecision => "no_penalty_decision",
            DocKind::Commitment => "commitment",
            DocKind::OnTheSpotDecision => "on_the_spot_decision",
            DocKind::ServiceReceipt => "service_receipt",
            DocKind::PaymentReminder => "payment_reminder",
            DocKind::EnforcementApplication => "enforcement_application",
            DocKind::ClosingReport => "closing_report",
        }
    }

    pub fn parse(key: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The document's title as printed.
    pub fn title(self) -> &'static str {
        match self {
            DocKind::FileCover => "案卷封面与卷内目录",
            DocKind::FilingApproval => "立案审批表",
            DocKind::InspectionRecord => "现场检查（勘验）笔录",
            DocKind::InterviewRecord => "询问（调查）笔录",
            DocKind::EvidenceNotice => "先行登记保存证据通知书",
            DocKind::SeizureDecision => "查封（扣押）决定书",
            DocKind::CorrectionOrder => "责令改正通知书",
            DocKind::AssistanceLetter => "协助函",
            DocKind::TransferLetter => "案件移送书",
            DocKind::TransferInventory => "移送案件涉案物品清单",
            DocKind::TransferReceipt => "案件移送书送达回证",
            DocKind::PenaltyNotice => "行政处罚事先告知书",
            DocKind::HearingRightsNotice => "行政处罚听证告知书",
            DocKind::HearingNotice => "行政处罚听证通知书",
            DocKind::HearingRecord => "听证笔录",
            DocKind::ReviewOpinion => "重大行政执法决定法制审核意见书",
            DocKind::DiscussionRecord => "案件集体讨论记录",
            DocKind::PenaltyDecision => "行政处罚决定书",
            DocKind::NoPenaltyDecision => "不予行政处罚决定书",
            DocKind::Commitment => "承诺书",
            DocKind::OnTheSpotDecision => "当场行政处罚决定书",
            DocKind::ServiceReceipt => "送达回证",
            DocKind::PaymentReminder => "催告书",
            DocKind::EnforcementApplication => "强制执行申请书",
            DocKind::ClosingReport => "结案报告",
        }
    }

    /// The abbreviation in its number, e.g. 城关镇罚告〔2026〕3号. `None`: the document has no
    /// number of its own — a form or record (笔录) of the file, a paper that goes with a
    /// numbered one (a receipt, the list of a transfer), or a decision, whose number is given
    /// when it is made.
    pub fn abbreviation(self) -> Option<&'static str> {
        match self {
            DocKind::FilingApproval => Some("立审"),
            DocKind::EvidenceNotice => Some("登保"),
            DocKind::SeizureDecision => Some("强决"),
            DocKind::CorrectionOrder => Some("责改"),
            DocKind::AssistanceLetter => Some("协"),
            DocKind::TransferLetter => Some("移"),
            DocKind::PenaltyNotice => Some("罚告"),
            DocKind::HearingRightsNotice => Some("听告"),
            DocKind::HearingNotice => Some("听通"),
            DocKind::ReviewOpinion => Some("法审"),
            DocKind::NoPenaltyDecision => Some("不罚决"),
            DocKind::PaymentReminder => Some("催"),
            DocKind::EnforcementApplication => Some("强执申"),
            DocKind::ClosingReport => Some("结"),
            DocKind::FileCover
            | DocKind::InspectionRecord
            | DocKind::InterviewRecord
            | DocKind::TransferInventory
            | DocKind::TransferReceipt
            | DocKind::HearingRecord
            | DocKind::DiscussionRecord
            | DocKind::PenaltyDecision
            | DocKind::Commitment
            | DocKind::OnTheSpotDecision
            | DocKind::ServiceReceipt => None,
        }
    }

    /// Whether the agency's seal goes on the issued document: on what it sends out, not on
    /// its internal forms or on records the people present sign.
    pub fn sealed(self) -> bool {
        !matches!(
            self,
            DocKind::FileCover
                | DocKind::FilingApproval
                | DocKind::InspectionRecord
                | DocKind::InterviewRecord
                | DocKind::TransferReceipt
                | DocKind::HearingRecord
                | DocKind::ReviewOpinion
                | DocKind::DiscussionRecord
                | DocKind::Commitment
                | DocKind::ServiceReceipt
                | DocKind::ClosingReport
        )
    }

    /// Whether a case may hold several of the kind (one per inspection, measure …), told
    /// apart by their item number.
    pub fn per_item(self) -> bool {
        matches!(
            self,
            DocKind::InspectionRecord
                | DocKind::InterviewRecord
                | DocKind::EvidenceNotice
                | DocKind::SeizureDecision
                | DocKind::AssistanceLetter
        )
    }

    /// Whether the party may sign it on an officer's screen (an on-the-spot decision and a
    /// receipt are handed over in the field).
    pub fn signed_on_screen(self) -> bool {
        matches!(self, DocKind::OnTheSpotDecision | DocKind::ServiceReceipt)
    }
}

/// One document of a case: its kind and, for a kind a case may hold several of, which one
/// (1 for the first inspection record …; 0 for the others). Written `inspection_record-2`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocRef {
    pub kind: DocKind,
    pub item: u32,
}

impl DocRef {
    /// The case's one document of `kind`.
    pub fn of(kind: DocKind) -> DocRef {
        DocRef { kind, item: 0 }
    }

    pub fn item(kind: DocKind, item: u32) -> DocRef {
        DocRef { kind, item }
    }

    pub fn key(self) -> String {
        if self.item == 0 {
            self.kind.key().to_string()
        } else {
            format!("{}-{}", self.kind.key(), self.item)
        }
    }

    /// Parses a key; an item number is accepted only on a kind that has items, and required
    /// there.
    pub fn parse(key: &str) -> Option<DocRef> {
        let (kind, item) = match key.rsplit_once('-') {
            Some((kind, n)) => (DocKind::parse(kind)?, n.parse::<u32>().ok()?),
            None => (DocKind::parse(key)?, 0),
        };
        (kind.per_item() == (item > 0)).then_some(DocRef { kind, item })
    }

    /// The title, with the item's number where there may be several: 询问（调查）笔录（第2份）.
    pub fn title(self) -> String {
        if self.item == 0 {
            self.kind.title().to_string()
        } else {
            format!("{}（第{}份）", self.kind.title(), self.item)
        }
    }
}

impl From<DocRef> for String {
    fn from(r: DocRef) -> String {
        r.key()
    }
}

impl TryFrom<String> for DocRef {
    type Error = String;
    fn try_from(key: String) -> Result<DocRef, String> {
        DocRef::parse(&key).ok_or_else(|| format!("unknown document: {key}"))
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
    /// Tables after the body: the list (清单) of a measure, the index of a case file.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Who signs it by hand, a line each (当事人签名 …), above the date.
    #[serde(default)]
    pub signatures: Vec<String>,
    /// The date it bears, written out (`2026年11月27日`).
    pub date: String,
    /// Whether the agency's seal belongs on it once issued.
    pub sealed: bool,
    /// The case's code, printed with the verification code: with both, the party follows its
    /// case on the portal.
    #[serde(default)]
    pub case_code: String,
}

/// A table of a document, with its caption and column heads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
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

/// A document issued earlier, as the case file's index lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FiledDocument {
    pub doc: DocRef,
    pub number: String,
    pub date: NaiveDate,
    /// Its verification code.
    pub code: String,
}

/// What some documents need beyond the case and the agency, which the application looks up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    /// The case's code (案件编号), e.g. `CGZ-2026-0007`.
    pub case_code: String,
    /// The names of the people the case names by id: officers, the reviewer, the hearing's
    /// chair, the discussion's attendees, the head who decided.
    pub names: BTreeMap<Id, String>,
    /// What the party owed on the days the reminder and the court application bear.
    pub owed: Vec<Owed>,
    /// The documents issued so far, oldest first (for the index and for papers that name
    /// the letter they go with).
    pub filed: Vec<FiledDocument>,
    /// How long the case file is kept (保管期限), for its cover.
    pub retention: String,
}

impl Extras {
    fn name(&self, id: Id) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("（用户{id}）"))
    }

    fn owed_on(&self, on: NaiveDate) -> Option<&Owed> {
        self.owed.iter().find(|o| o.on == on)
    }

    /// The number of the last issued document of `kind`.
    fn number_of(&self, kind: DocKind) -> Option<&str> {
        self.filed
            .iter()
            .rev()
            .find(|f| f.doc.kind == kind)
            .map(|f| f.number.as_str())
    }
}

/// Builds the document `doc` of `case`, numbered `number`, dated `today`, or refuses when the
/// case has not reached it or an item the law prescribes is missing.
pub fn build(
    doc: DocRef,
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    number: &str,
    today: NaiveDate,
) -> Result<DocContent, Refusal> {
    let kind = doc.kind;
    let mut content = DocContent {
        kind,
        title: kind.title().to_string(),
        agency: agency.name.clone(),
        number: number.to_string(),
        addressee: String::new(),
        fields: Vec::new(),
        paragraphs: Vec::new(),
        tables: Vec::new(),
        signatures: Vec::new(),
        date: written_date(today),
        sealed: kind.sealed(),
        case_code: extras.case_code.clone(),
    };
    let d = &mut content;
    let n = doc.item as usize;
    match kind {
        DocKind::FileCover => file::cover(case, agency, extras, d)?,
        DocKind::FilingApproval => letters::filing_approval(case, d)?,
        DocKind::InspectionRecord => records::inspection(case, extras, n, d)?,
        DocKind::InterviewRecord => records::interview(case, extras, n, d)?,
        DocKind::EvidenceNotice => measures::evidence_notice(case, agency, extras, n, d)?,
        DocKind::SeizureDecision => measures::seizure(case, agency, n, d)?,
        DocKind::CorrectionOrder => letters::correction_order(case, d)?,
        DocKind::AssistanceLetter => measures::assistance(case, agency, n, d)?,
        DocKind::TransferLetter => letters::transfer_letter(case, d)?,
        DocKind::TransferInventory => measures::transfer_inventory(case, extras, d)?,
        DocKind::TransferReceipt => measures::transfer_receipt(case, agency, extras, d)?,
        DocKind::PenaltyNotice => letters::penalty_notice(case, agency, d)?,
        DocKind::HearingRightsNotice => records::hearing_rights(case, agency, d)?,
        DocKind::HearingNotice => records::hearing_notice(case, agency, extras, d)?,
        DocKind::HearingRecord => records::hearing_record(case, extras, d)?,
        DocKind::ReviewOpinion => records::review_opinion(case, extras, d)?,
        DocKind::DiscussionRecord => records::discussion(case, extras, d)?,
        DocKind::PenaltyDecision => letters::penalty_decision(case, agency, d)?,
        DocKind::NoPenaltyDecision => letters::no_penalty_decision(case, agency, d)?,
        DocKind::Commitment => measures::commitment(case, agency, d)?,
        DocKind::OnTheSpotDecision => letters::on_the_spot_decision(case, agency, d)?,
        DocKind::ServiceReceipt => letters::service_receipt(case, d)?,
        DocKind::PaymentReminder => file::reminder(case, agency, extras, d)?,
        DocKind::EnforcementApplication => file::court_application(case, agency, extras, d)?,
        DocKind::ClosingReport => letters::closing_report(case, d)?,
    }
    Ok(content)
}

/// How many documents of a per-item kind the case holds material for.
fn items(kind: DocKind, case: &Case) -> u32 {
    use crate::case::rules::Step;
    let steps = |wanted: &[Step]| {
        case.steps
            .iter()
            .filter(|s| wanted.contains(&s.step))
            .count()
    };
    let n = match kind {
        DocKind::InspectionRecord => steps(&records::INSPECTIONS),
        DocKind::InterviewRecord => steps(&[Step::Interview]),
        DocKind::EvidenceNotice => steps(&[Step::EvidencePreservation]),
        DocKind::SeizureDecision => case.measures.len(),
        DocKind::AssistanceLetter => case.assistance.len(),
        _ => 0,
    };
    n as u32
}

/// A date as documents write it.
pub fn written_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

/// A number of a series, e.g. `城关镇罚告〔2026〕3号`.
pub fn document_number(short_name: &str, abbreviation: &str, year: i32, n: i64) -> String {
    format!("{short_name}{abbreviation}〔{year}〕{n}号")
}

/// The documents the case has reached, in the order of a case file, each with its content as
/// it would be issued today (unnumbered), or the refusal it would meet because an item the
/// law prescribes is missing (shown beside it, so that the officer knows what to complete).
pub fn available(
    case: &Case,
    agency: &Agency,
    extras: &Extras,
    today: NaiveDate,
) -> Vec<(DocRef, Result<DocContent, Refusal>)> {
    DocKind::ALL
        .into_iter()
        .flat_map(|kind| -> Vec<DocRef> {
            if kind.per_item() {
                (1..=items(kind, case))
                    .map(|i| DocRef::item(kind, i))
                    .collect()
            } else {
                vec![DocRef::of(kind)]
            }
        })
        .filter_map(|r| match build(r, case, agency, extras, "", today) {
            Err(e) if e.code != "document.missing_content" => None,
            built => Some((r, built)),
        })
        .collect()
}
