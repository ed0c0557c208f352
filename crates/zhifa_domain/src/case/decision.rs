//! The decision and what must come before it: legal review (法制审核, R-36), collective
//! discussion (集体讨论), the extension of the decision period, the education recorded
//! for not punishing, and the checks on the outcome itself.
//!
//! Not here: the dispatch and shared helpers (`decide`), notice, statement and hearing
//! (`hearing`), service and execution of the decision (`execution`).

use super::basis;
use super::command::{Command, Ctx, Facts};
use super::decide::{engine, misrouted, refuse, required_text, role_is, stage_is};
use super::events::CaseEvent;
use super::gates::check_separation;
use super::hearing::hearing_settled;
use super::state::*;
use crate::Refusal;
use crate::org::Role;

/// Review, discussion, period extension, education, and the decision.
pub(super) fn decide(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
    facts: &Facts,
) -> Result<Vec<CaseEvent>, Refusal> {
    use Command as C;
    let one = |e: CaseEvent| Ok(vec![e]);
    match command {
        C::SubmitForReview => {
            stage_is(case, &[Stage::Concluded, Stage::Notified], "提交法制审核")?;
            if matches!(
                case.review,
                Review::Submitted { .. } | Review::Passed { .. }
            ) {
                return Err(refuse("case.review_state", "已提交或已通过法制审核"));
            }
            if case.stage == Stage::Notified {
                hearing_settled(case, ctx)?;
            }
            one(CaseEvent::ReviewSubmitted { on: ctx.today })
        }
        C::Review { passed, opinion } => {
            if !matches!(case.review, Review::Submitted { .. }) {
                return Err(refuse("case.review_not_submitted", "案件未提交法制审核"));
            }
            role_is(ctx, Role::LegalReviewer, "法制审核", basis::R36_REVIEW)?;
            check_separation(case, ctx.actor_id, "reviewer")?;
            required_text(opinion, "opinion", "法制审核意见")?;
            one(if *passed {
                CaseEvent::ReviewPassed {
                    on: ctx.today,
                    reviewer_id: ctx.actor_id,
                    opinion: opinion.clone(),
                }
            } else {
                CaseEvent::ReviewReturned {
                    on: ctx.today,
                    reviewer_id: ctx.actor_id,
                    opinion: opinion.clone(),
                }
            })
        }
        C::Discuss {
            attendee_ids,
            conclusion,
        } => {
            stage_is(case, &[Stage::Concluded, Stage::Notified], "集体讨论")?;
            role_is(ctx, Role::TownshipHead, "集体讨论", basis::R35_DECISION)?;
            let mut distinct = attendee_ids.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < 3 || !distinct.contains(&ctx.actor_id) {
                return Err(refuse(
                    "case.discussion_attendees",
                    "集体讨论应当由行政机关负责人主持、集体进行（主持的负责人在内至少三人）",
                )
                .citing(basis::R35_DECISION)
                .on_field("attendee_ids"));
            }
            required_text(conclusion, "conclusion", "集体讨论结论")?;
            one(CaseEvent::Discussed {
                on: ctx.today,
                attendee_ids: attendee_ids.clone(),
                conclusion: conclusion.clone(),
            })
        }
        C::ExtendPeriod { days, reason } => {
            stage_is(
                case,
                &[Stage::Filed, Stage::Concluded, Stage::Notified],
                "延长办案期限",
            )?;
            role_is(
                ctx,
                Role::TownshipHead,
                "延长办案期限",
                basis::R38_DECISION_PERIOD,
            )?;
            required_text(reason, "reason", "延期理由")?;
            let filed = case.filed_on.unwrap_or(case.registered_on);
            let due = engine(ctx).decision_due(filed, &case.extensions)?;
            if ctx.today > due.date {
                return Err(refuse(
                    "case.period_expired",
                    format!("办案期限已于{}届满，不能再延长", due.date),
                )
                .citing(basis::R38_DECISION_PERIOD));
            }
            let extension = crate::deadline::Extension {
                days: *days,
                approved_on: ctx.today,
            };
            let mut all = case.extensions.clone();
            all.push(extension);
            engine(ctx).decision_due(filed, &all)?;
            one(CaseEvent::PeriodExtended {
                extension,
                approved_by: ctx.actor_id,
                reason: reason.clone(),
            })
        }
        C::RecordEducation {
            evidence_id,
            commitment_id,
        } => {
            stage_is(
                case,
                &[
                    Stage::Concluded,
                    Stage::Notified,
                    Stage::Decided,
                    Stage::Served,
                ],
                "记录教育",
            )?;
            one(CaseEvent::EducationRecorded {
                on: ctx.today,
                evidence_id: *evidence_id,
                commitment_id: *commitment_id,
            })
        }
        C::Decide { outcome, number } => decide_case(case, outcome, number, ctx, facts),
        other => Err(misrouted(other)),
    }
}

/// Checks a proposed or decided outcome against the party and the penalty rules.
pub(super) fn check_outcome(case: &Case, outcome: &Outcome, facts: &Facts) -> Result<(), Refusal> {
    match outcome {
        Outcome::Punish { penalty } => {
            penalty.check()?;
            let age = facts
                .party_age
                .or_else(|| case.party.age_on(case.act.occurred_on));
            if case.party.is_natural() && age.is_some_and(|a| a < 14) {
                return Err(refuse(
                    "case.under_fourteen",
                    "不满十四周岁的未成年人有违法行为的，不予行政处罚，责令监护人加以管教",
                )
                .citing(basis::R19_MINORS));
            }
            if case.correction.is_none() {
                return Err(refuse(
                    "case.no_correction",
                    "实施行政处罚时应当责令当事人改正或者限期改正违法行为，请先记录责令改正",
                )
                .citing(basis::R17_CORRECTION));
            }
            Ok(())
        }
        Outcome::NotPunish { ground } => {
            if *ground == NotPunishedGround::UnderFourteen {
                let age = facts
                    .party_age
                    .or_else(|| case.party.age_on(case.act.occurred_on));
                if age.is_none_or(|a| a >= 14) {
                    return Err(refuse(
                        "case.not_under_fourteen",
                        "当事人年龄无法证明不满十四周岁",
                    )
                    .citing(basis::R19_MINORS));
                }
            }
            Ok(())
        }
        Outcome::TransferCrime { to } => required_text(to, "to", "受移送的司法机关"),
    }
}

fn decide_case(
    case: &Case,
    outcome: &Outcome,
    number: &str,
    ctx: &Ctx<'_>,
    facts: &Facts,
) -> Result<Vec<CaseEvent>, Refusal> {
    stage_is(case, &[Stage::Concluded, Stage::Notified], "作出决定")?;
    role_is(ctx, Role::TownshipHead, "行政处罚决定", basis::R35_DECISION)?;
    check_separation(case, ctx.actor_id, "decider")?;
    required_text(number, "number", "决定书文号")?;
    check_outcome(case, outcome, facts)?;
    let filed = case.filed_on.unwrap_or(case.registered_on);
    let due = engine(ctx).decision_due(filed, &case.extensions)?;
    if ctx.today > due.date {
        return Err(refuse(
            "case.decision_period",
            format!(
                "应当自立案之日起九十日内作出决定（{}届满），且未经批准延期",
                due.date
            ),
        )
        .citing(basis::R38_DECISION_PERIOD));
    }
    if let Outcome::Punish { penalty } = outcome {
        let Some(notice) = &case.notice else {
            return Err(refuse("case.no_notice", "作出行政处罚决定前，应当告知当事人拟作出的处罚内容及事实、理由、依据，并告知陈述、申辩、要求听证等权利")
                .citing(basis::R34_NOTICE));
        };
        let statement_done = case.statement.is_some() || ctx.today > notice.statement_due;
        if !statement_done {
            return Err(refuse(
                "case.statement_window_open",
                format!(
                    "当事人陈述、申辩的期限尚未届满（至{}），且尚未听取其意见",
                    notice.statement_due
                ),
            )
            .citing(basis::R34_NOTICE));
        }
        hearing_settled(case, ctx)?;
        let defended = case.statement.as_ref().is_some_and(|s| s.defended)
            || matches!(case.hearing, Hearing::Held { .. });
        if penalty.is_heavier_than(&notice.penalty) {
            if defended {
                return Err(refuse(
                    "case.heavier_after_defence",
                    "行政机关不得因当事人陈述、申辩而给予更重的处罚",
                )
                .citing(basis::R34_NOT_HEAVIER));
            }
            return Err(refuse(
                "case.heavier_than_notified",
                "拟作出的处罚重于已告知的内容，应当重新告知",
            )
            .citing(basis::R34_NOTICE));
        }
    }
    if let Outcome::NotPunish { ground } = outcome
        && ground.needs_education()
    {
        match case.education {
            None => {
                return Err(refuse(
                    "case.no_education",
                    "不予行政处罚的，应当对当事人进行教育，请先记录教育情况",
                )
                .citing(basis::R19_NOT_PUNISHED));
            }
            Some((_, None)) if ground.needs_commitment() => {
                return Err(refuse(
                    "case.no_commitment",
                    "适用包容免罚清单的，应当由当事人签署承诺书",
                )
                .citing("四川省司法厅乡镇执法规范化指导意见 四（五）"));
            }
            _ => {}
        }
    }
    let mut probe = case.clone();
    probe.decision = None;
    let reasons = probe.review_reasons(ctx.rules);
    if !reasons.is_empty() && !matches!(case.review, Review::Passed { .. }) {
        return Err(refuse(
            "case.review_required",
            format!(
                "本案须经法制审核且审核通过后方可作出决定（{}）",
                reasons.join("；")
            ),
        )
        .citing(basis::R36_REVIEW));
    }
    if probe.needs_discussion(ctx.rules) && case.discussion.is_none() {
        return Err(refuse(
            "case.discussion_required",
            "情节复杂或者重大违法行为给予行政处罚，应当由行政机关负责人集体讨论决定",
        )
        .citing(basis::R35_DECISION));
    }
    Ok(vec![CaseEvent::Decided {
        decision: Decision {
            on: ctx.today,
            decider_id: ctx.actor_id,
            outcome: outcome.clone(),
            number: number.to_string(),
            correction: case.correction.clone(),
        },
    }])
}
