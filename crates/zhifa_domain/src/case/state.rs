//! The case as its events have made it: the values it holds (stage, matter, notice, hearing,
//! decision, service …), the [`Case`] itself, and the questions asked of it (the fine, whether
//! it is settled, why review or discussion is required).
//!
//! Not here: the events and how they change the case (`events`), which events a command
//! causes (`decide`), the rules' numbers (`rules`).

use super::coercive::Measure;
use super::penalty::Penalty;
use super::rules::{CaseRules, Step};
use crate::Id;
use crate::deadline::Extension;
use crate::money::Fen;
use crate::party::Party;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 普通程序.
    General,
    /// 简易程序（当场处罚）.
    Simplified,
}

/// Where the case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 案源登记: registered, not yet filed.
    Registered,
    /// 立案: filed, under investigation.
    Filed,
    /// 调查终结: the investigation is concluded and a result proposed.
    Concluded,
    /// 已事先告知: the party has been told of the intended penalty and its rights.
    Notified,
    /// 已决定.
    Decided,
    /// 已送达.
    Served,
    /// 结案.
    Closed,
    /// 归档.
    Archived,
    /// 不予立案.
    NotFiled,
    /// 已移送: handed to the competent body or to the police.
    TransferredOut,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Registered => "案源登记",
            Stage::Filed => "已立案（调查取证）",
            Stage::Concluded => "调查终结",
            Stage::Notified => "已事先告知",
            Stage::Decided => "已作出决定",
            Stage::Served => "已送达（执行中）",
            Stage::Closed => "已结案",
            Stage::Archived => "已归档",
            Stage::NotFiled => "不予立案",
            Stage::TransferredOut => "已移送",
        }
    }
}

/// The catalog matter the case concerns, as the application found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matter {
    pub item_id: Id,
    pub code: String,
    pub name: String,
    /// 执法领域, matched against officers' certificates.
    pub domain: String,
    /// The provisions violated and applied, as text for documents.
    pub legal_basis: String,
    /// the act involves life and health or financial safety (five-year limitation when
    /// it caused harm).
    pub safety_related: bool,
}

/// When the act happened and was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActDates {
    pub occurred_on: NaiveDate,
    /// For a continuing act, the day it ended (R-23 counts from then); `None` if it has not
    /// ended or was not continuing.
    pub ended_on: Option<NaiveDate>,
    pub continuing: bool,
    /// Whether it caused harm (with `safety_related`, the five-year limitation).
    pub caused_harm: bool,
}

/// An officer on the case, as the certificate showed on assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedOfficer {
    pub user_id: Id,
    pub name: String,
    pub certificate_number: String,
}

/// A recorded step of the investigation or of service, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step: Step,
    pub on: NaiveDate,
    pub officer_ids: Vec<Id>,
    pub certificate_shown: bool,
    /// Evidence items (by id in the evidence store) recorded for the step.
    pub evidence_ids: Vec<Id>,
    /// Whether one of them is audio or video.
    pub audio_video: bool,
    /// Why there is no audio/video where the list requires it; flagged for supervision.
    pub av_exception: Option<String>,
    pub note: String,
}

/// The result the investigation proposes and why it may be major.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conclusion {
    pub on: NaiveDate,
    pub findings: String,
    pub proposed: Outcome,
    /// R-36 (1): major public interest.
    pub public_interest: bool,
    /// R-36 (3): difficult or complex, several legal relations.
    pub complex: bool,
    /// R-36 (4): another law requires review.
    pub review_by_other_law: bool,
    /// S4.5: the amount leaves the benchmark's range (with written reasons).
    pub benchmark_departure: Option<String>,
    /// A 减轻 ground brings the fine below the statutory minimum.
    pub mitigated_below_minimum: bool,
    /// The benchmark's proposal the fine was checked against (S4.5).
    #[serde(default)]
    pub proposal: Option<crate::discretion::Proposal>,
    /// The decision's reasoning (说理), from the facts, the grounds and the benchmark.
    #[serde(default)]
    pub reasoning: Option<String>,
}

/// What a decision does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// 给予行政处罚.
    Punish { penalty: Penalty },
    /// 不予行政处罚.
    NotPunish { ground: NotPunishedGround },
    /// 移送司法机关 (suspected crime, 第五十七条第一款第四项).
    TransferCrime { to: String },
}

/// Why not punished, with its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotPunishedGround {
    /// 违法行为轻微并及时改正，没有造成危害后果 (第三十三条第一款前段): must not punish.
    Minor,
    /// 初次违法且危害后果轻微并及时改正 (第三十三条第一款后段, 首违不罚): may not punish.
    FirstOffence,
    /// 当事人有证据足以证明没有主观过错 (第三十三条第二款).
    NoFault,
    /// 违法事实不能成立 (第五十七条第一款第三项).
    Unproven,
    /// 不满十四周岁 (第三十条).
    UnderFourteen,
}

impl NotPunishedGround {
    pub fn label(self) -> &'static str {
        match self {
            NotPunishedGround::Minor => "违法行为轻微并及时改正，没有造成危害后果",
            NotPunishedGround::FirstOffence => "初次违法且危害后果轻微并及时改正（首违不罚）",
            NotPunishedGround::NoFault => "当事人有证据足以证明没有主观过错",
            NotPunishedGround::Unproven => "违法事实不能成立",
            NotPunishedGround::UnderFourteen => "不满十四周岁",
        }
    }

    pub fn basis(self) -> &'static str {
        match self {
            NotPunishedGround::Minor | NotPunishedGround::FirstOffence => {
                "《行政处罚法》第三十三条第一款"
            }
            NotPunishedGround::NoFault => "《行政处罚法》第三十三条第二款",
            NotPunishedGround::Unproven => "《行政处罚法》第五十七条第一款第三项",
            NotPunishedGround::UnderFourteen => "《行政处罚法》第三十条",
        }
    }

    /// education is recorded for every ground of 第三十三条, and a signed
    /// commitment letter (承诺书) for the lenient-list grounds.
    pub fn needs_education(self) -> bool {
        matches!(
            self,
            NotPunishedGround::Minor | NotPunishedGround::FirstOffence | NotPunishedGround::NoFault
        )
    }

    pub fn needs_commitment(self) -> bool {
        matches!(
            self,
            NotPunishedGround::Minor | NotPunishedGround::FirstOffence
        )
    }
}

/// The prior notice (事先告知, R-34) and the windows it opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub served_on: NaiveDate,
    pub penalty: Penalty,
    /// The last day for statement and defence.
    pub statement_due: NaiveDate,
    /// The last day to ask for a hearing, when the penalty gives the right.
    pub hearing_due: Option<NaiveDate>,
}

/// The party's statement and defence (陈述、申辩).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub on: NaiveDate,
    /// The party stated or defended (not merely waived): no heavier penalty may follow.
    pub defended: bool,
    pub summary: String,
}

/// The hearing's course (R-40 … R-42).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Hearing {
    /// The penalty gives no hearing right, or no notice yet.
    NotApplicable,
    /// Offered in the notice; the party may ask until the due day.
    Offered,
    Requested {
        on: NaiveDate,
    },
    Scheduled {
        date: NaiveDate,
        notified_on: NaiveDate,
        chair_id: Id,
    },
    Held {
        on: NaiveDate,
        summary: String,
        /// Who chaired it (as scheduled), for the hearing record.
        #[serde(default)]
        chair_id: Option<Id>,
    },
    /// Waived expressly, by not asking in time, or by not appearing.
    Waived {
        on: NaiveDate,
        how: String,
    },
}

/// Legal review (法制审核, R-36, R-62).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Review {
    NotStarted,
    Submitted {
        on: NaiveDate,
    },
    Passed {
        on: NaiveDate,
        reviewer_id: Id,
        opinion: String,
    },
    Returned {
        on: NaiveDate,
        reviewer_id: Id,
        opinion: String,
    },
}

/// A request for assistance to another body (《行政处罚法》第二十六条).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistanceRequest {
    pub on: NaiveDate,
    /// The body asked, e.g. 示范县市场监督管理局.
    pub to: String,
    /// What it is asked to do.
    pub request: String,
}

/// An issued document the party signed on an officer's screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub on: NaiveDate,
    pub document_id: Id,
    pub document: crate::documents::DocRef,
    /// The signature image, kept as evidence.
    pub evidence_id: Id,
    /// Who signed, as they wrote their name.
    pub signer: String,
}

/// The collective discussion of the agency's heads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discussion {
    pub on: NaiveDate,
    pub attendee_ids: Vec<Id>,
    pub conclusion: String,
}

/// A decision and who made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub on: NaiveDate,
    pub decider_id: Id,
    pub outcome: Outcome,
    /// The document number (文号), given by the agency's sequence.
    pub number: String,
    /// The order to correct, repeated on the decision.
    pub correction: Option<String>,
}

/// How a document reaches the party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceMethod {
    /// 直接送达.
    Direct,
    /// 留置送达.
    Retained,
    /// 邮寄送达.
    Mail,
    /// 电子送达 (fax, e-mail): only with the party's consent.
    Electronic,
    /// 公告送达.
    Announcement,
}

impl ServiceMethod {
    pub fn step(self) -> Step {
        match self {
            ServiceMethod::Direct | ServiceMethod::Mail | ServiceMethod::Electronic => {
                Step::ServiceDirect
            }
            ServiceMethod::Retained => Step::ServiceRetained,
            ServiceMethod::Announcement => Step::ServiceAnnouncement,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub on: NaiveDate,
    pub method: ServiceMethod,
    /// Served after the 7 working days of R-39: recorded, and flagged for supervision.
    pub late: bool,
}

/// Something supervision should see: a deadline missed, an exception to the audio/video
/// list, an attempt the law refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub on: NaiveDate,
    pub code: String,
    pub message: String,
}

/// A case as its events made it. Built only by [`Case::apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub org_id: Id,
    pub procedure: Procedure,
    pub stage: Stage,
    pub registered_on: NaiveDate,
    pub source: String,
    pub matter: Matter,
    pub party: Party,
    pub facts: String,
    pub act: ActDates,
    pub officers: Vec<AssignedOfficer>,
    pub filed_on: Option<NaiveDate>,
    pub filing_approved_by: Option<Id>,
    pub steps: Vec<StepRecord>,
    pub correction: Option<String>,
    pub conclusion: Option<Conclusion>,
    pub notice: Option<Notice>,
    pub statement: Option<Statement>,
    pub hearing: Hearing,
    pub review: Review,
    pub discussion: Option<Discussion>,
    pub extensions: Vec<Extension>,
    /// Education recorded and the commitment letter, as evidence ids.
    pub education: Option<(Id, Option<Id>)>,
    pub decision: Option<Decision>,
    pub service: Option<Service>,
    pub paid: Fen,
    pub late_fee_paid: Fen,
    /// Review or litigation periods, which pause the late fee.
    pub remedies: Vec<(NaiveDate, Option<NaiveDate>)>,
    pub reminder_on: Option<NaiveDate>,
    pub court_applied_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub archived_on: Option<NaiveDate>,
    pub transferred_to: Option<String>,
    pub measures: Vec<Measure>,
    /// Requests for assistance sent to other bodies (协助函).
    #[serde(default)]
    pub assistance: Vec<AssistanceRequest>,
    /// Documents the party signed on screen.
    #[serde(default)]
    pub signatures: Vec<Signature>,
    pub flags: Vec<Flag>,
}

impl Case {
    /// The fine decided, if the decision punishes with one.
    pub fn fine(&self) -> Option<Fen> {
        match &self.decision.as_ref()?.outcome {
            Outcome::Punish { penalty } => penalty.fine_amount(),
            _ => None,
        }
    }

    /// Is the decided penalty executed: fine paid in full with its late fee, or nothing to pay?
    pub fn fine_settled(&self, late_fee_due: Fen) -> bool {
        match self.fine() {
            Some(fine) => self.paid >= fine && self.late_fee_paid >= late_fee_due,
            None => true,
        }
    }

    /// Why legal review is required, empty when it is not.
    pub fn review_reasons(&self, rules: &CaseRules) -> Vec<&'static str> {
        let mut reasons = Vec::new();
        let Some(c) = &self.conclusion else {
            return reasons;
        };
        if c.public_interest {
            reasons.push("涉及重大公共利益");
        }
        if matches!(self.hearing, Hearing::Held { .. }) && rules.review_after_hearing {
            reasons.push("直接关系当事人重大权益，经过听证程序");
        }
        if c.complex {
            reasons.push("案件情况疑难复杂、涉及多个法律关系");
        }
        if c.review_by_other_law {
            reasons.push("法律、法规规定应当进行法制审核");
        }
        if c.benchmark_departure.is_some() && rules.review_on_benchmark_departure {
            reasons.push("罚款数额超出裁量基准的建议幅度");
        }
        if c.mitigated_below_minimum {
            reasons.push("减轻处罚（低于法定最低罚款）");
        }
        if c.proposal.as_ref().is_some_and(|p| p.needs_legal_review) {
            reasons.push("从轻与从重情节并存");
        }
        if let Outcome::Punish { penalty } = &c.proposed {
            let threshold = if self.party.is_natural() {
                rules.review_individual_fine
            } else {
                rules.review_organisation_fine
            };
            if penalty.fine_amount().is_some_and(|f| f >= threshold) {
                reasons.push("罚款数额达到重大执法决定法制审核目录的标准");
            }
            if rules.review_on_heavy_kinds && penalty.kinds.iter().any(|k| k.gives_hearing_right())
            {
                reasons.push("拟作出吊销许可证件、责令停产停业、责令关闭等处罚");
            }
        }
        reasons
    }

    /// Collective discussion is required: the case is major or complex.
    pub fn needs_discussion(&self, rules: &CaseRules) -> bool {
        rules.discussion_when_major
            && self
                .review_reasons(rules)
                .iter()
                .any(|r| !r.starts_with("罚款数额超出") && !r.starts_with("直接关系当事人重大权益"))
    }
}
