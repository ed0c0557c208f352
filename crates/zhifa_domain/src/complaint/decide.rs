//! What the bodies do with a complaint, and what the citizen reads of it.

use super::{
    BASIS_SUPERVISION, Complaint, ComplaintEvent, ComplaintPolicy, Stage, Status, working_days,
};
use crate::Id;
use crate::calendar::WorkingCalendar;
use crate::refusal::Refusal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A step a body takes on a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ComplaintCommand {
    /// 受理.
    Accept { note: String },
    /// 不予受理, with the reason the citizen is told.
    Reject { reason: String },
    /// 转办 to the competent body.
    Transfer { to_id: Id, reason: String },
    /// 办结 with the answer the citizen is told, and the case it led to.
    Answer {
        text: String,
        #[serde(default)]
        case_code: Option<String>,
    },
    /// 督办: the supervising bureau's instruction.
    Supervise { note: String },
}

/// Who takes a step: the body they act for, and whether it is the county justice bureau that
/// supervises the complaint's county.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActingBody {
    pub id: Id,
    pub supervises: bool,
}

/// The fewest characters an answer may have: a citizen is owed more than 已处理.
pub const MIN_ANSWER: usize = 10;

/// The events `command` adds to `complaint`, taken by `by` on `today`, or why not.
pub fn decide(
    complaint: &Complaint,
    command: &ComplaintCommand,
    by: ActingBody,
    today: NaiveDate,
    calendar: &WorkingCalendar,
    policy: &ComplaintPolicy,
) -> Result<Vec<ComplaintEvent>, Refusal> {
    if complaint.status.is_closed() {
        return Err(Refusal::new(
            "complaint.closed",
            format!("该件已{}，不能再办理", complaint.status.label()),
        ));
    }
    if let ComplaintCommand::Supervise { note } = command {
        if !by.supervises {
            return Err(
                Refusal::new("complaint.not_supervisor", "督办由县级司法行政部门作出")
                    .citing(BASIS_SUPERVISION),
            );
        }
        let note = required(note, "note", "请写明督办意见")?;
        return Ok(vec![ComplaintEvent::Supervised { by_id: by.id, note }]);
    }
    if by.id != complaint.handler_id {
        return Err(Refusal::new(
            "complaint.not_handler",
            "该件不由本单位办理：只有承办单位可以受理、转办或答复",
        ));
    }
    let event = match command {
        ComplaintCommand::Accept { note } => {
            expect(complaint, Status::Received, "受理")?;
            ComplaintEvent::Accepted {
                by_id: by.id,
                note: note.trim().to_string(),
                answer_by: working_days(calendar, today, policy.answer_working_days),
            }
        }
        ComplaintCommand::Reject { reason } => {
            expect(complaint, Status::Received, "不予受理")?;
            ComplaintEvent::Rejected {
                by_id: by.id,
                reason: required(reason, "reason", "不予受理须写明理由，告知投诉举报人")?,
            }
        }
        ComplaintCommand::Transfer { to_id, reason } => {
            if *to_id == complaint.handler_id {
                return Err(
                    Refusal::new("complaint.transfer_self", "不能转办给本单位").on_field("to_id")
                );
            }
            ComplaintEvent::Transferred {
                from_id: by.id,
                to_id: *to_id,
                reason: required(reason, "reason", "转办须写明理由")?,
                accept_by: working_days(calendar, today, policy.accept_working_days),
            }
        }
        ComplaintCommand::Answer { text, case_code } => {
            expect(complaint, Status::Accepted, "答复办结")?;
            let text = required(text, "text", "请写明办理结果")?;
            if text.chars().count() < MIN_ANSWER {
                return Err(Refusal::new(
                    "complaint.answer_short",
                    format!("办理结果至少{MIN_ANSWER}个字：查了什么、结论如何、如何处理"),
                )
                .on_field("text"));
            }
            ComplaintEvent::Answered {
                by_id: by.id,
                text,
                case_code: case_code
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            }
        }
        ComplaintCommand::Supervise { .. } => unreachable!("handled above"),
    };
    Ok(vec![event])
}

fn expect(complaint: &Complaint, status: Status, step: &str) -> Result<(), Refusal> {
    if complaint.status == status {
        Ok(())
    } else {
        Err(Refusal::new(
            "complaint.wrong_status",
            format!("该件{}，不能{step}", complaint.status.label()),
        ))
    }
}

fn required(text: &str, field: &'static str, message: &str) -> Result<String, Refusal> {
    let t = text.trim();
    if t.is_empty() {
        Err(Refusal::new("complaint.required", message).on_field(field))
    } else {
        Ok(t.to_string())
    }
}

impl ComplaintEvent {
    /// The line the citizen reads, naming bodies by `name`.
    pub fn describe(&self, name: impl Fn(Id) -> String) -> String {
        match self {
            ComplaintEvent::Filed { filing, .. } => {
                format!(
                    "收到{}（{}）",
                    filing.service.kind.label(),
                    filing.channel.label()
                )
            }
            ComplaintEvent::Routed {
                to_id,
                route,
                accept_by,
            } => format!(
                "分办至{}（{}），应于{accept_by}前决定是否受理",
                name(*to_id),
                route.label()
            ),
            ComplaintEvent::Accepted {
                by_id, answer_by, ..
            } => format!("{}已受理，应于{answer_by}前办结", name(*by_id)),
            ComplaintEvent::Rejected { by_id, reason } => {
                format!("{}不予受理：{reason}", name(*by_id))
            }
            ComplaintEvent::Transferred {
                to_id,
                reason,
                accept_by,
                ..
            } => format!(
                "转办至{}：{reason}；应于{accept_by}前决定是否受理",
                name(*to_id)
            ),
            ComplaintEvent::Answered { by_id, .. } => format!("{}已办结并答复", name(*by_id)),
            ComplaintEvent::Escalated { to_id, stage, due } => format!(
                "{}期限（{due}）已过，已报{}督办",
                match stage {
                    Stage::Accept => "受理",
                    Stage::Answer => "办结",
                },
                name(*to_id)
            ),
            ComplaintEvent::Supervised { by_id, .. } => format!("{}已督办", name(*by_id)),
        }
    }
}
