//! The simplified procedure (简易程序): an on-the-spot decision (R-27 … R-29) registers,
//! decides and serves a case at once; afterwards the case only takes payment, closing and
//! archiving, and is filed with the agency by its serial number.
//!
//! Not here: the general procedure (`decide`).

use super::basis;
use super::command::{Ctx, Facts, OnTheSpot};
use super::decide::{refuse, required_text};
use super::events::CaseEvent;
use super::gates::{StepCheck, check_competence, check_limitation, check_step};
use super::penalty::PenaltyKind;
use super::rules::Step;
use super::state::*;
use crate::Refusal;
use crate::money::Fen;

/// Decides on the spot (简易程序): the registration, decision and service events of a new
/// case, or the refusal.
pub fn decide_on_the_spot(
    spot: &OnTheSpot,
    ctx: &Ctx<'_>,
    facts: &Facts,
    org_id: crate::Id,
) -> Result<Vec<CaseEvent>, Refusal> {
    spot.party.check(ctx.today)?;
    required_text(&spot.facts, "facts", "违法事实")?;
    required_text(&spot.correction, "correction", "责令改正的内容")?;
    required_text(&spot.serial, "serial", "预定格式、编有号码的决定书编号")?;
    check_competence(org_id, facts.competence.as_ref())?;
    check_limitation(&spot.act, spot.matter.safety_related, ctx.today)?;
    spot.penalty.check()?;
    let max = if spot.party.is_natural() {
        ctx.rules.on_the_spot_individual_max
    } else {
        ctx.rules.on_the_spot_organisation_max
    };
    let only_warning_or_fine = spot
        .penalty
        .kinds
        .iter()
        .all(|k| matches!(k, PenaltyKind::Warning | PenaltyKind::Fine { .. }));
    if !only_warning_or_fine || spot.penalty.fine_amount().is_some_and(|f| f > max) {
        return Err(refuse(
            "case.on_the_spot_limit",
            format!(
                "当场处罚仅限警告或{}以下罚款（{}）",
                max,
                if spot.party.is_natural() {
                    "公民"
                } else {
                    "法人或者其他组织"
                }
            ),
        )
        .citing(basis::R27_ON_THE_SPOT)
        .on_field("penalty"));
    }
    check_step(
        ctx.rules,
        &facts.officers,
        &spot.matter.domain,
        &StepCheck {
            step: Step::OnTheSpot,
            on: ctx.today,
            certificate_shown: spot.certificate_shown,
            audio_video: spot.audio_video,
            av_exception: spot.av_exception.as_deref(),
        },
    )?;
    if let Some(age) = facts
        .party_age
        .or_else(|| spot.party.age_on(spot.act.occurred_on))
        && spot.party.is_natural()
        && age < 18
    {
        return Err(refuse(
            "case.on_the_spot_minor",
            "未成年人违法的，应当依法从轻或者减轻处罚，不适用当场处罚，请按普通程序办理",
        )
        .citing(basis::R19_MINORS));
    }
    if spot.collected {
        let fine = spot.penalty.fine_amount().unwrap_or(Fen::ZERO);
        let reason = spot
            .collection_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if fine.is_zero() || (fine > ctx.rules.collect_on_the_spot_max && reason.is_none()) {
            return Err(refuse(
                "case.on_the_spot_collection",
                format!(
                    "当场收缴罚款仅限{}以下，或不当场收缴事后难以执行的情形（须说明）",
                    ctx.rules.collect_on_the_spot_max
                ),
            )
            .citing(basis::R29_COLLECTION)
            .on_field("collected"));
        }
    }
    let register = CaseEvent::Registered {
        org_id,
        on: ctx.today,
        source: "现场发现（当场处罚）".into(),
        matter: spot.matter.clone(),
        procedure: Procedure::Simplified,
        party: spot.party.clone(),
        facts: spot.facts.clone(),
        act: spot.act,
    };
    let officers: Vec<AssignedOfficer> = facts
        .officers
        .iter()
        .map(|o| AssignedOfficer {
            user_id: o.user_id,
            name: o.name.clone(),
            certificate_number: o
                .certificate
                .as_ref()
                .map(|c| c.number.clone())
                .unwrap_or_default(),
        })
        .collect();
    let mut events = vec![
        register,
        CaseEvent::OfficersAssigned { officers },
        CaseEvent::StepRecorded {
            record: StepRecord {
                step: Step::OnTheSpot,
                on: ctx.today,
                officer_ids: spot.officer_ids.clone(),
                certificate_shown: spot.certificate_shown,
                evidence_ids: spot.evidence_ids.clone(),
                audio_video: spot.audio_video,
                av_exception: if spot.audio_video {
                    None
                } else {
                    spot.av_exception.clone()
                },
                note: spot.statement.clone(),
            },
        },
        CaseEvent::CorrectionOrdered {
            on: ctx.today,
            order: spot.correction.clone(),
            deadline: None,
        },
        CaseEvent::StatementHeard {
            statement: Statement {
                on: ctx.today,
                defended: !spot.statement.trim().is_empty(),
                summary: spot.statement.clone(),
            },
        },
        CaseEvent::Decided {
            decision: Decision {
                on: ctx.today,
                decider_id: ctx.actor_id,
                outcome: Outcome::Punish {
                    penalty: spot.penalty.clone(),
                },
                number: spot.serial.clone(),
                correction: Some(spot.correction.clone()),
            },
        },
        CaseEvent::Served {
            service: Service {
                on: ctx.today,
                method: ServiceMethod::Direct,
                late: false,
            },
        },
    ];
    if spot.collected {
        events.push(CaseEvent::Paid {
            on: ctx.today,
            amount: spot.penalty.fine_amount().unwrap_or(Fen::ZERO),
            late_fee: Fen::ZERO,
        });
    }
    Ok(events)
}
