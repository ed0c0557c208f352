//! Coercive measures (查封、扣押, 《行政强制法》第二章、第三章) and coercive execution
//! (第四章) within a case.
//!
//! - A measure needs the head's approval first, or, in an emergency, a report within 24 hours
//!   and approval afterwards (第十九条); two certified officers, the certificate shown, the party
//!   told and heard, an on-site record (第十八条); a decision with a list in two copies
//!   delivered on site (第二十四条); whole-process video.
//! - It lasts at most 30 days, extendable once by at most 30 with the head's approval
//!   (第二十五条); testing days do not count but are stated.
//! - Execution is never at night or on a legal holiday, except in an emergency (第四十三条).
//!
//! Not here: the deadline arithmetic (`deadline::Deadlines::seizure_due`).

use super::command::{Ctx, Facts};
use super::events::CaseEvent;
use super::gates::{StepCheck, check_step};
use super::rules::Step;
use super::state::{Case, Stage};
use crate::deadline::{Deadlines, Extension};
use crate::org::Role;
use crate::{Id, Refusal};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

const BASIS_PROCEDURE: &str = "《行政强制法》第十八条";
const BASIS_EMERGENCY: &str = "《行政强制法》第十九条";
const BASIS_LIST: &str = "《行政强制法》第二十四条";
const BASIS_TERM: &str = "《行政强制法》第二十五条";
const BASIS_NIGHT: &str = "《行政强制法》第四十三条第一款";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// 查封.
    Seal,
    /// 扣押.
    Seize,
}

impl MeasureKind {
    pub fn label(self) -> &'static str {
        match self {
            MeasureKind::Seal => "查封",
            MeasureKind::Seize => "扣押",
        }
    }
}

/// One thing sealed or seized, as on the list (清单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub name: String,
    pub quantity: String,
    pub note: String,
}

/// A measure on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    pub kind: MeasureKind,
    pub items: Vec<Item>,
    pub started_at: NaiveDateTime,
    pub emergency: bool,
    /// The head's approval: before the measure, or after an emergency report.
    pub approved_by: Option<Id>,
    pub extension: Option<Extension>,
    pub testing_days: u32,
    pub released_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "measure", rename_all = "snake_case")]
pub enum MeasureCommand {
    Apply {
        kind: MeasureKind,
        items: Vec<Item>,
        /// The list was made in two copies, one delivered to the party on site (第二十四条).
        list_delivered: bool,
        /// The party was told the reasons, basis and remedies, and heard (第十八条).
        party_heard: bool,
        /// The on-site record's evidence id, signed by the party or noting the refusal.
        record_id: Option<Id>,
        /// Further evidence of the measure: the whole-process video.
        #[serde(default)]
        evidence_ids: Vec<Id>,
        officer_ids: Vec<Id>,
        certificate_shown: bool,
        /// Set by the application from the media types of the evidence, never by a caller.
        audio_video: bool,
        av_exception: Option<String>,
        /// No prior approval: the emergency that justified acting at once.
        emergency: Option<String>,
    },
    /// The head's approval after an emergency measure (within 24 hours).
    ApproveEmergency {
        index: usize,
    },
    Extend {
        index: usize,
        days: u32,
        reason: String,
    },
    RecordTesting {
        index: usize,
        days: u32,
    },
    Release {
        index: usize,
        reason: String,
    },
    /// Coercive execution (e.g. 强制拆除) at `ctx.now`.
    Execute {
        description: String,
        emergency: Option<String>,
        officer_ids: Vec<Id>,
        certificate_shown: bool,
        /// The whole-process video and records of the execution.
        #[serde(default)]
        evidence_ids: Vec<Id>,
        /// Set by the application from the media types of the evidence, never by a caller.
        audio_video: bool,
        av_exception: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "measure_event", rename_all = "snake_case")]
pub enum MeasureEvent {
    Applied {
        measure: Measure,
        officer_ids: Vec<Id>,
        record_id: Option<Id>,
    },
    EmergencyApproved {
        index: usize,
        by: Id,
        at: NaiveDateTime,
    },
    Extended {
        index: usize,
        extension: Extension,
        reason: String,
    },
    TestingRecorded {
        index: usize,
        days: u32,
    },
    Released {
        index: usize,
        on: NaiveDate,
        reason: String,
    },
    Executed {
        at: NaiveDateTime,
        description: String,
        emergency: Option<String>,
    },
}

pub(super) fn apply(case: &mut Case, event: &MeasureEvent) {
    match event {
        MeasureEvent::Applied { measure, .. } => case.measures.push(measure.clone()),
        MeasureEvent::EmergencyApproved { index, by, .. } => {
            if let Some(m) = case.measures.get_mut(*index) {
                m.approved_by = Some(*by);
            }
        }
        MeasureEvent::Extended {
            index, extension, ..
        } => {
            if let Some(m) = case.measures.get_mut(*index) {
                m.extension = Some(*extension);
            }
        }
        MeasureEvent::TestingRecorded { index, days } => {
            if let Some(m) = case.measures.get_mut(*index) {
                m.testing_days += days;
            }
        }
        MeasureEvent::Released { index, on, .. } => {
            if let Some(m) = case.measures.get_mut(*index) {
                m.released_on = Some(*on);
            }
        }
        MeasureEvent::Executed { .. } => {}
    }
}

/// The last day of a measure's term.
pub fn measure_due(ctx: &Ctx<'_>, m: &Measure) -> Result<NaiveDate, Refusal> {
    let d = Deadlines::new(ctx.calendar, ctx.deadlines.clone());
    Ok(
        d.seizure_due(m.started_at.date(), m.extension, m.testing_days)?
            .date,
    )
}

fn measure(case: &Case, index: usize) -> Result<&Measure, Refusal> {
    case.measures
        .get(index)
        .filter(|m| m.released_on.is_none())
        .ok_or_else(|| Refusal::new("measure.not_found", "没有这项正在执行的强制措施"))
}

fn head_only(ctx: &Ctx<'_>, what: &str, basis: &'static str) -> Result<(), Refusal> {
    if ctx.role == Role::TownshipHead {
        Ok(())
    } else {
        Err(
            Refusal::new("measure.head_only", format!("{what}须经行政机关负责人批准"))
                .citing(basis),
        )
    }
}

pub(super) fn decide(
    case: &Case,
    command: &MeasureCommand,
    ctx: &Ctx<'_>,
    facts: &Facts,
) -> Result<Vec<CaseEvent>, Refusal> {
    if !matches!(
        case.stage,
        Stage::Filed | Stage::Concluded | Stage::Notified | Stage::Decided | Stage::Served
    ) {
        return Err(Refusal::new(
            "measure.stage",
            "案件当前阶段不能采取强制措施",
        ));
    }
    let event = match command {
        MeasureCommand::Apply {
            kind,
            items,
            list_delivered,
            party_heard,
            record_id,
            evidence_ids: _,
            officer_ids: _,
            certificate_shown,
            audio_video,
            av_exception,
            emergency,
        } => {
            check_step(
                ctx.rules,
                &facts.officers,
                &case.matter.domain,
                &StepCheck {
                    step: Step::Seizure,
                    on: ctx.today,
                    certificate_shown: *certificate_shown,
                    audio_video: *audio_video,
                    av_exception: av_exception.as_deref(),
                },
            )?;
            let emergency = emergency
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty());
            if emergency.is_none() {
                head_only(ctx, "实施行政强制措施", BASIS_PROCEDURE)?;
            }
            if items.is_empty() || items.iter().any(|i| i.name.trim().is_empty()) {
                return Err(Refusal::new(
                    "measure.no_list",
                    "请列明查封、扣押的场所、设施或者财物清单",
                )
                .citing(BASIS_LIST)
                .on_field("items"));
            }
            if !list_delivered {
                return Err(Refusal::new(
                    "measure.list_not_delivered",
                    "清单应当一式二份，由当事人和行政机关分别保存，并当场交付当事人",
                )
                .citing(BASIS_LIST)
                .on_field("list_delivered"));
            }
            if !party_heard || record_id.is_none() {
                return Err(Refusal::new(
                    "measure.procedure",
                    "应当通知当事人到场，告知理由、依据和救济途径，听取陈述申辩，并制作现场笔录",
                )
                .citing(BASIS_PROCEDURE)
                .on_field("record_id"));
            }
            MeasureEvent::Applied {
                measure: Measure {
                    kind: *kind,
                    items: items.clone(),
                    started_at: ctx.now,
                    emergency: emergency.is_some(),
                    approved_by: emergency.is_none().then_some(ctx.actor_id),
                    extension: None,
                    testing_days: 0,
                    released_on: None,
                },
                officer_ids: facts.officers.iter().map(|o| o.user_id).collect(),
                record_id: *record_id,
            }
        }
        MeasureCommand::ApproveEmergency { index } => {
            let m = measure(case, *index)?;
            head_only(ctx, "当场实施的行政强制措施", BASIS_EMERGENCY)?;
            if !m.emergency || m.approved_by.is_some() {
                return Err(Refusal::new(
                    "measure.no_approval_needed",
                    "这项强制措施无需补办批准",
                ));
            }
            let hours = (ctx.now - m.started_at).num_minutes();
            if hours > 24 * 60 {
                return Err(Refusal::new(
                    "measure.report_late",
                    "情况紧急当场实施行政强制措施的，应当在二十四小时内报告并补办批准手续；已超过二十四小时，应当立即解除",
                )
                .citing(BASIS_EMERGENCY));
            }
            MeasureEvent::EmergencyApproved {
                index: *index,
                by: ctx.actor_id,
                at: ctx.now,
            }
        }
        MeasureCommand::Extend {
            index,
            days,
            reason,
        } => {
            let m = measure(case, *index)?;
            head_only(ctx, "延长查封、扣押期限", BASIS_TERM)?;
            if m.extension.is_some() {
                return Err(
                    Refusal::new("measure.extended_twice", "查封、扣押期限只能延长一次")
                        .citing(BASIS_TERM),
                );
            }
            if *days == 0 || *days > 30 || reason.trim().is_empty() {
                return Err(Refusal::new(
                    "measure.extension_days",
                    "延长期限不得超过三十日，并应当说明理由、书面告知当事人",
                )
                .citing(BASIS_TERM)
                .on_field("days"));
            }
            if ctx.today > measure_due(ctx, m)? {
                return Err(Refusal::new(
                    "measure.expired",
                    "查封、扣押期限已届满，不能再延长，应当解除",
                )
                .citing(BASIS_TERM));
            }
            MeasureEvent::Extended {
                index: *index,
                extension: Extension {
                    days: *days,
                    approved_on: ctx.today,
                },
                reason: reason.clone(),
            }
        }
        MeasureCommand::RecordTesting { index, days } => {
            measure(case, *index)?;
            MeasureEvent::TestingRecorded {
                index: *index,
                days: *days,
            }
        }
        MeasureCommand::Release { index, reason } => {
            measure(case, *index)?;
            head_only(ctx, "解除查封、扣押", "《行政强制法》第二十八条")?;
            MeasureEvent::Released {
                index: *index,
                on: ctx.today,
                reason: reason.clone(),
            }
        }
        MeasureCommand::Execute {
            description,
            emergency,
            officer_ids: _,
            evidence_ids: _,
            certificate_shown,
            audio_video,
            av_exception,
        } => {
            check_step(
                ctx.rules,
                &facts.officers,
                &case.matter.domain,
                &StepCheck {
                    step: Step::ForcedExecution,
                    on: ctx.today,
                    certificate_shown: *certificate_shown,
                    audio_video: *audio_video,
                    av_exception: av_exception.as_deref(),
                },
            )?;
            let emergency = emergency
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty());
            if case.decision.is_none() || case.reminder_on.is_none() {
                return Err(Refusal::new(
                    "measure.execute_without_reminder",
                    "强制执行前应当有生效的决定，并事先书面催告当事人",
                )
                .citing("《行政强制法》第三十五条"));
            }
            let holiday = ctx.calendar.is_legal_holiday(ctx.now.date())?;
            if emergency.is_none() && (ctx.rules.is_night(ctx.now.hour()) || holiday) {
                return Err(Refusal::new(
                    "measure.night_or_holiday",
                    format!(
                        "不得在夜间或者法定节假日实施行政强制执行（{}年{}月{}日{}时）",
                        ctx.now.year(),
                        ctx.now.month(),
                        ctx.now.day(),
                        ctx.now.hour()
                    ),
                )
                .citing(BASIS_NIGHT));
            }
            MeasureEvent::Executed {
                at: ctx.now,
                description: description.clone(),
                emergency: emergency.map(str::to_string),
            }
        }
    };
    Ok(vec![CaseEvent::Measure { event }])
}
