//! What people ask of a case, and what the application tells the workflow with each request.
//!
//! A command carries what the user entered; [`Ctx`] carries what the application looked up
//! (the actor, the date, the calendar, competence, officers' certificates), never typed in.
//!
//! Not here: the rules applied to them (`decide`).

use super::coercive::MeasureCommand;
use super::gates::OfficerStanding;
use super::rules::{CaseRules, Step};
use super::state::{ActDates, Matter, Outcome, ServiceMethod};
use crate::Id;
use crate::calendar::WorkingCalendar;
use crate::deadline::DeadlineParams;
use crate::jurisdiction::Competence;
use crate::money::Fen;
use crate::org::Role;
use crate::party::Party;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// Who acts, when, and under which rules.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub actor_id: Id,
    /// The actor's role in the case's body, as authorization found it.
    pub role: Role,
    /// Today in the body's time zone.
    pub today: NaiveDate,
    /// Now, local time (coercive execution at night, 24-hour reports).
    pub now: NaiveDateTime,
    pub calendar: &'a WorkingCalendar,
    pub deadlines: &'a DeadlineParams,
    pub rules: &'a CaseRules,
}

/// The competent body for the matter on the day of the act, as the resolver found it, with
/// the names a refusal shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompetenceFinding {
    /// The resolver's answer.
    Resolved {
        competence: Competence,
        holder_name: String,
    },
    /// No catalog item of any township or county department covers the matter (for example a
    /// 治安 matter, which belongs to the police).
    NoCatalogItem { suggested_body: String },
}

/// The requests a general-procedure case accepts. Registration starts a case; see
/// [`Command::Register`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    /// 案源登记.
    Register {
        source: String,
        matter: Matter,
        party: Party,
        facts: String,
        act: ActDates,
    },
    /// Assign the case's officers (at least two certified, R-01).
    AssignOfficers {
        officer_ids: Vec<Id>,
    },
    /// 立案 (the head approves).
    File,
    /// 不予立案.
    DeclineFiling {
        reason: String,
    },
    /// Hand the case to the competent body (移送管辖, R-12) before a decision.
    TransferOut {
        to: String,
        reason: String,
    },
    /// Record a step of the investigation with its evidence.
    RecordStep {
        step: Step,
        on: NaiveDate,
        officer_ids: Vec<Id>,
        certificate_shown: bool,
        evidence_ids: Vec<Id>,
        audio_video: bool,
        av_exception: Option<String>,
        note: String,
    },
    /// 责令改正.
    OrderCorrection {
        order: String,
        deadline: Option<NaiveDate>,
    },
    /// 协助请求: ask another body for assistance (investigation, verification, execution),
    /// by a 协助函 (《行政处罚法》第二十六条).
    RequestAssistance {
        to: String,
        request: String,
    },
    /// The party signs an issued document on an officer's screen (an on-the-spot decision, a
    /// receipt); the signature image is evidence. `document` is the issued document's kind
    /// and item, which the application settles from `document_id`.
    SignDocument {
        document_id: Id,
        document: crate::documents::DocRef,
        evidence_id: Id,
        signer: String,
    },
    /// 调查终结: the findings and the proposed outcome.
    Conclude {
        findings: String,
        proposed: Outcome,
        public_interest: bool,
        complex: bool,
        review_by_other_law: bool,
        /// Written reasons for a fine outside the benchmark's proposed range.
        benchmark_departure: Option<String>,
        mitigated_below_minimum: bool,
        /// The discretion benchmark applied (S4.5): the system proposes the range from it.
        #[serde(default)]
        discretion: Option<DiscretionChoice>,
    },
    /// 事先告知 served on `served_on`.
    Notify {
        served_on: NaiveDate,
    },
    /// The party's statement and defence, or its express waiver.
    HearStatement {
        on: NaiveDate,
        defended: bool,
        summary: String,
    },
    RequestHearing {
        on: NaiveDate,
    },
    ScheduleHearing {
        date: NaiveDate,
        notified_on: NaiveDate,
        chair_id: Id,
    },
    HoldHearing {
        on: NaiveDate,
        party_appeared: bool,
        summary: String,
    },
    WaiveHearing {
        on: NaiveDate,
    },
    SubmitForReview,
    /// The reviewer's opinion: passed or returned with reasons.
    Review {
        passed: bool,
        opinion: String,
    },
    /// 集体讨论.
    Discuss {
        attendee_ids: Vec<Id>,
        conclusion: String,
    },
    /// Extend the 90-day decision period, approved by the head.
    ExtendPeriod {
        days: u32,
        reason: String,
    },
    /// Education and, for the lenient list, the signed commitment letter.
    RecordEducation {
        evidence_id: Id,
        commitment_id: Option<Id>,
    },
    /// 决定 by the head. `number` comes from the agency's document sequence.
    Decide {
        outcome: Outcome,
        number: String,
    },
    Serve {
        on: NaiveDate,
        method: ServiceMethod,
        consent_to_electronic: bool,
    },
    RecordPayment {
        on: NaiveDate,
        amount: Fen,
    },
    RecordRemedy {
        kind: String,
        from: NaiveDate,
        to: Option<NaiveDate>,
    },
    ServeReminder {
        on: NaiveDate,
    },
    ApplyToCourt {
        on: NaiveDate,
    },
    Close,
    Archive,
    /// Coercive measures (查封、扣押) and execution.
    Measure {
        command: MeasureCommand,
    },
}

/// The benchmark row, tier and grounds the officer applies to a fine (S4.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscretionChoice {
    /// The violation and legal basis as the benchmark table names them.
    pub violation: String,
    pub legal_basis: String,
    pub tier: String,
    #[serde(default)]
    pub grounds: Vec<crate::discretion::Ground>,
    #[serde(default)]
    pub mitigation: crate::discretion::Mitigation,
    /// The statutory fine range of the provision applied, when it sets one.
    #[serde(default)]
    pub statutory_min: Option<Fen>,
    #[serde(default)]
    pub statutory_max: Option<Fen>,
}

/// What the application looked up for a command: the officers' standing and competence.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The officers named by the command (or, for filing, those assigned), with their
    /// certificates as of today.
    pub officers: Vec<OfficerStanding>,
    /// Competence on the day of the act, for registration, filing and on-the-spot decisions.
    pub competence: Option<CompetenceFinding>,
    /// The party's age on the day of the act, when known.
    pub party_age: Option<u32>,
    /// For a conclusion applying a benchmark: the range the benchmark proposes.
    pub proposal: Option<crate::discretion::Proposal>,
}

/// An on-the-spot decision (简易程序, R-27 … R-29), which registers, decides and serves at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnTheSpot {
    pub matter: Matter,
    pub party: Party,
    pub facts: String,
    pub act: ActDates,
    pub officer_ids: Vec<Id>,
    pub certificate_shown: bool,
    /// Warning or a fine within R-27.
    pub penalty: super::penalty::Penalty,
    pub correction: String,
    /// The party's statement heard on the spot (R-34 applies here too).
    pub statement: String,
    /// The pre-printed form's serial number, from the agency's sequence.
    pub serial: String,
    /// Collected on the spot; `collection_reason` when above 100 元.
    pub collected: bool,
    pub collection_reason: Option<String>,
    pub evidence_ids: Vec<Id>,
    pub audio_video: bool,
    pub av_exception: Option<String>,
}

impl Command {
    /// The command's name for logs and refused-attempt records.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Register { .. } => "register",
            Command::AssignOfficers { .. } => "assign_officers",
            Command::File => "file",
            Command::DeclineFiling { .. } => "decline_filing",
            Command::TransferOut { .. } => "transfer_out",
            Command::RecordStep { .. } => "record_step",
            Command::OrderCorrection { .. } => "order_correction",
            Command::RequestAssistance { .. } => "request_assistance",
            Command::SignDocument { .. } => "sign_document",
            Command::Conclude { .. } => "conclude",
            Command::Notify { .. } => "notify",
            Command::HearStatement { .. } => "hear_statement",
            Command::RequestHearing { .. } => "request_hearing",
            Command::ScheduleHearing { .. } => "schedule_hearing",
            Command::HoldHearing { .. } => "hold_hearing",
            Command::WaiveHearing { .. } => "waive_hearing",
            Command::SubmitForReview => "submit_for_review",
            Command::Review { .. } => "review",
            Command::Discuss { .. } => "discuss",
            Command::ExtendPeriod { .. } => "extend_period",
            Command::RecordEducation { .. } => "record_education",
            Command::Decide { .. } => "decide",
            Command::Serve { .. } => "serve",
            Command::RecordPayment { .. } => "record_payment",
            Command::RecordRemedy { .. } => "record_remedy",
            Command::ServeReminder { .. } => "serve_reminder",
            Command::ApplyToCourt { .. } => "apply_to_court",
            Command::Close => "close",
            Command::Archive => "archive",
            Command::Measure { .. } => "measure",
        }
    }

    /// Refused attempts that supervision should see (a decision without review, a measure
    /// outside the law): the application records these even though nothing changed.
    pub fn refusal_matters_to_supervision(&self) -> bool {
        matches!(
            self,
            Command::Decide { .. } | Command::Measure { .. } | Command::ApplyToCourt { .. }
        )
    }
}
