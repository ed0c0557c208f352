//! The prior notice (事先告知) and what follows it before the decision: statement and
//! defence (陈述、申辩), and the hearing (听证) from request to holding or waiver (R-34,
//! R-40 … R-42).
//!
//! Not here: the dispatch and shared helpers (`decide`), the decision that waits for the
//! hearing to be settled (`decision`), the hearing thresholds' values (`rules`).

use super::basis;
use super::command::{Command, Ctx};
use super::decide::{engine, misrouted, not_after_today, refuse, required_text, stage_is};
use super::events::CaseEvent;
use super::penalty::Penalty;
use super::state::*;
use crate::Refusal;
use crate::deadline::RuleId;

/// Notice, statement, and the hearing's request, scheduling, holding and waiver.
pub(super) fn decide(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<CaseEvent>, Refusal> {
    use Command as C;
    let one = |e: CaseEvent| Ok(vec![e]);
    match command {
        C::Notify { served_on } => {
            stage_is(case, &[Stage::Concluded], "事先告知")?;
            not_after_today(ctx, *served_on, "served_on")?;
            let Some(Outcome::Punish { penalty }) = case.conclusion.as_ref().map(|c| &c.proposed)
            else {
                return Err(refuse(
                    "case.nothing_to_notify",
                    "拟不予处罚或移送的案件无需事先告知",
                ));
            };
            let d = engine(ctx);
            let statement_due = d.due(RuleId::Statement, *served_on)?.date;
            let hearing_due = if hearing_right(case, penalty, ctx) {
                Some(d.due(RuleId::HearingRequest, *served_on)?.date)
            } else {
                None
            };
            one(CaseEvent::Notified {
                notice: Notice {
                    served_on: *served_on,
                    penalty: penalty.clone(),
                    statement_due,
                    hearing_due,
                },
            })
        }
        C::HearStatement {
            on,
            defended,
            summary,
        } => {
            stage_is(case, &[Stage::Notified], "记录陈述申辩")?;
            not_after_today(ctx, *on, "on")?;
            if *defended {
                required_text(summary, "summary", "陈述申辩的内容及复核意见")?;
            }
            one(CaseEvent::StatementHeard {
                statement: Statement {
                    on: *on,
                    defended: *defended,
                    summary: summary.clone(),
                },
            })
        }
        C::RequestHearing { on } => {
            stage_is(case, &[Stage::Notified], "申请听证")?;
            let Some(due) = case.notice.as_ref().and_then(|n| n.hearing_due) else {
                return Err(
                    refuse("case.no_hearing_right", "拟作出的处罚不属于听证范围")
                        .citing(basis::R40_HEARING),
                );
            };
            if !matches!(case.hearing, Hearing::Offered) {
                return Err(refuse("case.hearing_state", "听证已申请、已放弃或已举行"));
            }
            not_after_today(ctx, *on, "on")?;
            if *on > due {
                return Err(refuse(
                    "case.hearing_request_late",
                    format!("当事人应当在告知后五日内提出听证要求（最后一日为{due}）"),
                )
                .citing(basis::R41_HEARING_PROCEDURE));
            }
            one(CaseEvent::HearingRequested { on: *on })
        }
        C::ScheduleHearing {
            date,
            notified_on,
            chair_id,
        } => {
            stage_is(case, &[Stage::Notified], "安排听证")?;
            if !matches!(case.hearing, Hearing::Requested { .. }) {
                return Err(refuse("case.hearing_not_requested", "当事人未申请听证"));
            }
            if case.officers.iter().any(|o| o.user_id == *chair_id) {
                return Err(refuse("case.hearing_chair", "听证由非本案调查人员主持")
                    .citing(basis::R41_HEARING_PROCEDURE)
                    .on_field("chair_id"));
            }
            not_after_today(ctx, *notified_on, "notified_on")?;
            let latest = engine(ctx).latest_notice_date(*date)?;
            if *notified_on > latest.date {
                return Err(refuse(
                    "case.hearing_notice_late",
                    format!("应当在举行听证的七日前通知当事人（最迟{}）", latest.date),
                )
                .citing(basis::R41_HEARING_PROCEDURE)
                .on_field("date"));
            }
            one(CaseEvent::HearingScheduled {
                date: *date,
                notified_on: *notified_on,
                chair_id: *chair_id,
            })
        }
        C::HoldHearing {
            on,
            party_appeared,
            summary,
        } => {
            let Hearing::Scheduled { date, chair_id, .. } = case.hearing else {
                return Err(refuse("case.hearing_not_scheduled", "听证尚未安排"));
            };
            if ctx.actor_id != chair_id {
                return Err(refuse(
                    "case.hearing_not_chair",
                    "听证应当由指定的非本案调查人员主持，并由主持人记录",
                )
                .citing(basis::R41_HEARING_PROCEDURE));
            }
            not_after_today(ctx, *on, "on")?;
            if *on < date {
                return Err(
                    refuse("case.hearing_early", format!("听证定于{date}举行")).on_field("on")
                );
            }
            if *party_appeared {
                required_text(summary, "summary", "听证笔录摘要")?;
                one(CaseEvent::HearingHeld {
                    on: *on,
                    summary: summary.clone(),
                })
            } else {
                one(CaseEvent::HearingWaived {
                    on: *on,
                    how: "当事人无正当理由拒不参加听证，视为放弃听证权利".into(),
                })
            }
        }
        C::WaiveHearing { on } => {
            if !matches!(
                case.hearing,
                Hearing::Offered | Hearing::Requested { .. } | Hearing::Scheduled { .. }
            ) {
                return Err(refuse("case.hearing_state", "没有可以放弃的听证"));
            }
            not_after_today(ctx, *on, "on")?;
            one(CaseEvent::HearingWaived {
                on: *on,
                how: "当事人明确放弃听证".into(),
            })
        }
        other => Err(misrouted(other)),
    }
}

/// Does the penalty give the party a hearing right?
pub(super) fn hearing_right(case: &Case, penalty: &Penalty, ctx: &Ctx<'_>) -> bool {
    let r = ctx.rules;
    let (fine_min, confiscation_min) = if case.party.is_natural() {
        (r.hearing_individual_fine, r.hearing_individual_confiscation)
    } else {
        (
            r.hearing_organisation_fine,
            r.hearing_organisation_confiscation,
        )
    };
    penalty.fine_amount().is_some_and(|f| f >= fine_min)
        || penalty
            .confiscated_value()
            .is_some_and(|v| v >= confiscation_min)
        || penalty.kinds.iter().any(|k| k.gives_hearing_right())
}

/// The hearing question is settled: not applicable, waived, held, or the request window
/// closed unused.
pub(super) fn hearing_settled(case: &Case, ctx: &Ctx<'_>) -> Result<(), Refusal> {
    match &case.hearing {
        Hearing::NotApplicable | Hearing::Held { .. } | Hearing::Waived { .. } => Ok(()),
        Hearing::Offered => {
            let due = case.notice.as_ref().and_then(|n| n.hearing_due);
            if due.is_some_and(|d| ctx.today > d) {
                Ok(())
            } else {
                Err(refuse(
                    "case.hearing_window_open",
                    format!(
                        "当事人要求听证的期限尚未届满（至{}）",
                        due.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
                .citing(basis::R41_HEARING_PROCEDURE))
            }
        }
        Hearing::Requested { .. } | Hearing::Scheduled { .. } => Err(refuse(
            "case.hearing_pending",
            "当事人已要求听证，听证结束前不得作出决定",
        )
        .citing(basis::R41_HEARING_PROCEDURE)),
    }
}
