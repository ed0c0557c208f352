//! `decide`: a command and a case in, the events it causes or the refusal out. Nothing here
//! changes a case; [`Case::apply`] does, with the events returned.
//!
//! Here: the dispatch to each command group, registration ([`register`]), filing and the
//! investigation up to its conclusion, and the helpers every group shares.
//!
//! Not here: the hearing (`hearing`), review, discussion and the decision (`decision`),
//! service, payment and closing (`execution`), the gates' details (`gates`), coercive
//! measures (`coercive`), on-the-spot decisions (`simplified`).

use super::basis;
use super::command::{Command, Ctx, Facts};
use super::decision::check_outcome;
use super::events::CaseEvent;
use super::gates::{StepCheck, check_competence, check_limitation, check_officers, check_step};
use super::rules::Step;
use super::state::*;
use super::{decision, execution, hearing};
use crate::Refusal;
use crate::deadline::Deadlines;
use crate::org::Role;
use chrono::NaiveDate;

pub(super) fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal::new(code, message)
}

pub(super) fn stage_is(case: &Case, allowed: &[Stage], action: &str) -> Result<(), Refusal> {
    if allowed.contains(&case.stage) {
        Ok(())
    } else {
        Err(refuse(
            "case.out_of_order",
            format!("案件处于“{}”阶段，不能{action}", case.stage.label()),
        ))
    }
}

pub(super) fn role_is(
    ctx: &Ctx<'_>,
    role: Role,
    what: &str,
    basis: &'static str,
) -> Result<(), Refusal> {
    if ctx.role == role {
        Ok(())
    } else {
        Err(refuse(
            "case.wrong_role",
            format!("{what}应当由{}进行", role.label()),
        )
        .citing(basis))
    }
}

pub(super) fn not_after_today(
    ctx: &Ctx<'_>,
    date: NaiveDate,
    field: &'static str,
) -> Result<(), Refusal> {
    if date > ctx.today {
        return Err(refuse("case.future_date", "日期不能晚于今天").on_field(field));
    }
    Ok(())
}

pub(super) fn required_text(text: &str, field: &'static str, what: &str) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        return Err(refuse("case.missing_text", format!("请填写{what}")).on_field(field));
    }
    Ok(())
}

pub(super) fn engine<'a>(ctx: &Ctx<'a>) -> Deadlines<'a> {
    Deadlines::new(ctx.calendar, ctx.deadlines.clone())
}

/// The refusal for a command handed to a group that does not own it; [`decide`] routes each
/// command to its group, so this is never returned to a user.
pub(super) fn misrouted(command: &Command) -> Refusal {
    refuse(
        "case.misrouted",
        format!("命令“{}”未能分派到其处理程序", command.name()),
    )
}

/// Starts a case: the registration's events, or the refusal. Competence is checked at
/// filing, not here, so that a matter outside the township can still be registered and
/// transferred; the police matters that no catalog covers are refused at once.
pub fn register(
    command: &Command,
    ctx: &Ctx<'_>,
    org_id: crate::Id,
) -> Result<Vec<CaseEvent>, Refusal> {
    let Command::Register {
        source,
        matter,
        party,
        facts,
        act,
    } = command
    else {
        return Err(refuse("case.not_registration", "案件须先登记"));
    };
    required_text(source, "source", "案件来源")?;
    required_text(facts, "facts", "违法事实")?;
    party.check(ctx.today)?;
    not_after_today(ctx, act.occurred_on, "act")?;
    check_limitation(act, matter.safety_related, ctx.today)?;
    Ok(vec![CaseEvent::Registered {
        org_id,
        on: ctx.today,
        source: source.clone(),
        matter: matter.clone(),
        procedure: Procedure::General,
        party: party.clone(),
        facts: facts.clone(),
        act: *act,
    }])
}

/// The events `command` causes on `case`, or why the law refuses it.
pub fn decide(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
    facts: &Facts,
) -> Result<Vec<CaseEvent>, Refusal> {
    use Command as C;
    if case.procedure == Procedure::Simplified
        && !matches!(
            command,
            C::RecordPayment { .. } | C::SignDocument { .. } | C::Close | C::Archive
        )
    {
        return Err(refuse(
            "case.simplified",
            "当场处罚案件只能登记缴款、结案和归档",
        ));
    }
    match command {
        C::Register { .. } => Err(refuse("case.registered_twice", "案件已经登记")),
        C::AssignOfficers { .. }
        | C::File
        | C::DeclineFiling { .. }
        | C::TransferOut { .. }
        | C::RecordStep { .. }
        | C::OrderCorrection { .. }
        | C::RequestAssistance { .. }
        | C::Conclude { .. } => investigation(case, command, ctx, facts),
        C::Notify { .. }
        | C::HearStatement { .. }
        | C::RequestHearing { .. }
        | C::ScheduleHearing { .. }
        | C::HoldHearing { .. }
        | C::WaiveHearing { .. } => hearing::decide(case, command, ctx),
        C::SubmitForReview
        | C::Review { .. }
        | C::Discuss { .. }
        | C::ExtendPeriod { .. }
        | C::RecordEducation { .. }
        | C::Decide { .. } => decision::decide(case, command, ctx, facts),
        C::Serve { .. }
        | C::RecordPayment { .. }
        | C::RecordRemedy { .. }
        | C::ServeReminder { .. }
        | C::ApplyToCourt { .. }
        | C::SignDocument { .. }
        | C::Close
        | C::Archive => execution::decide(case, command, ctx),
        C::Measure { command } => super::coercive::decide(case, command, ctx, facts),
    }
}

/// Officers, filing (or not), transfer, investigation steps, the order to correct and the
/// investigation's conclusion.
fn investigation(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
    facts: &Facts,
) -> Result<Vec<CaseEvent>, Refusal> {
    use Command as C;
    let one = |e: CaseEvent| Ok(vec![e]);
    match command {
        C::AssignOfficers { .. } => {
            stage_is(case, &[Stage::Registered, Stage::Filed], "指派办案人员")?;
            check_officers(
                &facts.officers,
                &case.matter.domain,
                ctx.today,
                ctx.rules.min_officers,
            )?;
            one(CaseEvent::OfficersAssigned {
                officers: facts
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
                    .collect(),
            })
        }
        C::File => {
            stage_is(case, &[Stage::Registered], "立案")?;
            role_is(ctx, Role::TownshipHead, "立案审批", basis::R30_FILING)?;
            let basis = check_competence(case.org_id, facts.competence.as_ref())?;
            check_limitation(&case.act, case.matter.safety_related, case.registered_on)?;
            if case.officers.is_empty() {
                return Err(
                    refuse("case.no_officers", "立案前须指派两名以上持证执法人员")
                        .citing(basis::R01_TWO_OFFICERS),
                );
            }
            check_officers(
                &facts.officers,
                &case.matter.domain,
                ctx.today,
                ctx.rules.min_officers,
            )?;
            one(CaseEvent::Filed {
                on: ctx.today,
                approved_by: ctx.actor_id,
                basis,
            })
        }
        C::DeclineFiling { reason } => {
            stage_is(case, &[Stage::Registered], "决定不予立案")?;
            role_is(ctx, Role::TownshipHead, "不予立案", basis::R30_FILING)?;
            required_text(reason, "reason", "不予立案的理由")?;
            one(CaseEvent::NotFiled {
                on: ctx.today,
                decided_by: ctx.actor_id,
                reason: reason.clone(),
            })
        }
        C::TransferOut { to, reason } => {
            stage_is(
                case,
                &[Stage::Registered, Stage::Filed, Stage::Concluded],
                "移送",
            )?;
            role_is(ctx, Role::TownshipHead, "案件移送", basis::R11_JURISDICTION)?;
            required_text(to, "to", "受移送机关")?;
            required_text(reason, "reason", "移送理由")?;
            one(CaseEvent::TransferredOut {
                on: ctx.today,
                to: to.clone(),
                reason: reason.clone(),
            })
        }
        C::RecordStep {
            step,
            on,
            officer_ids,
            certificate_shown,
            evidence_ids,
            audio_video,
            av_exception,
            note,
        } => {
            let service_step = matches!(
                step,
                Step::ServiceDirect | Step::ServiceRetained | Step::ServiceAnnouncement
            );
            if service_step {
                stage_is(
                    case,
                    &[Stage::Decided, Stage::Served, Stage::Notified],
                    "记录送达",
                )?;
            } else {
                stage_is(
                    case,
                    &[
                        Stage::Filed,
                        Stage::Concluded,
                        Stage::Notified,
                        Stage::Decided,
                        Stage::Served,
                    ],
                    "记录调查取证",
                )?;
            }
            not_after_today(ctx, *on, "on")?;
            if case.filed_on.is_some_and(|f| *on < f) && *step != Step::Inspection {
                return Err(
                    refuse("case.step_before_filing", "调查取证日期早于立案日期").on_field("on"),
                );
            }
            if evidence_ids.is_empty() && av_exception.is_none() {
                return Err(
                    refuse("case.no_evidence", "请附上笔录、照片或录音录像等证据")
                        .citing(basis::R59_RECORD)
                        .on_field("evidence"),
                );
            }
            check_step(
                ctx.rules,
                &facts.officers,
                &case.matter.domain,
                &StepCheck {
                    step: *step,
                    on: *on,
                    certificate_shown: *certificate_shown,
                    audio_video: *audio_video,
                    av_exception: av_exception.as_deref(),
                },
            )?;
            one(CaseEvent::StepRecorded {
                record: StepRecord {
                    step: *step,
                    on: *on,
                    officer_ids: officer_ids.clone(),
                    certificate_shown: *certificate_shown,
                    evidence_ids: evidence_ids.clone(),
                    audio_video: *audio_video,
                    av_exception: if *audio_video {
                        None
                    } else {
                        av_exception.clone()
                    },
                    note: note.clone(),
                },
            })
        }
        C::OrderCorrection { order, deadline } => {
            stage_is(
                case,
                &[Stage::Filed, Stage::Concluded, Stage::Notified],
                "责令改正",
            )?;
            required_text(order, "order", "责令改正的内容")?;
            if deadline.is_some_and(|d| d < ctx.today) {
                return Err(
                    refuse("case.correction_deadline", "改正期限不能早于今天").on_field("deadline")
                );
            }
            one(CaseEvent::CorrectionOrdered {
                on: ctx.today,
                order: order.clone(),
                deadline: *deadline,
            })
        }
        C::RequestAssistance { to, request } => {
            stage_is(
                case,
                &[
                    Stage::Filed,
                    Stage::Concluded,
                    Stage::Notified,
                    Stage::Decided,
                    Stage::Served,
                ],
                "请求协助",
            )?;
            required_text(to, "to", "被请求协助的机关")?;
            required_text(request, "request", "请求协助的事项")?;
            one(CaseEvent::AssistanceRequested {
                request: AssistanceRequest {
                    on: ctx.today,
                    to: to.trim().to_string(),
                    request: request.trim().to_string(),
                },
            })
        }
        C::Conclude {
            findings,
            proposed,
            public_interest,
            complex,
            review_by_other_law,
            benchmark_departure,
            mitigated_below_minimum,
            discretion: _,
        } => {
            stage_is(case, &[Stage::Filed], "调查终结")?;
            required_text(findings, "findings", "调查终结报告的事实认定")?;
            if !case.steps.iter().any(|s| {
                !matches!(
                    s.step,
                    Step::ServiceDirect | Step::ServiceRetained | Step::ServiceAnnouncement
                )
            }) {
                return Err(
                    refuse("case.no_investigation", "尚无调查取证记录，不能调查终结")
                        .citing("《行政处罚法》第五十四条"),
                );
            }
            check_outcome(case, proposed, facts)?;
            let (departure, reasoning) =
                apply_benchmark(facts, proposed, findings, benchmark_departure.as_deref())?;
            one(CaseEvent::Concluded {
                conclusion: Conclusion {
                    on: ctx.today,
                    findings: findings.clone(),
                    proposed: proposed.clone(),
                    public_interest: *public_interest,
                    complex: *complex,
                    review_by_other_law: *review_by_other_law,
                    benchmark_departure: departure,
                    mitigated_below_minimum: *mitigated_below_minimum,
                    proposal: facts.proposal.clone(),
                    reasoning,
                },
            })
        }
        other => Err(misrouted(other)),
    }
}

/// S4.5: checks a proposed fine against the benchmark's proposal. Outside the range it needs
/// written reasons and sends the case to legal review (the departure is recorded); within it,
/// no departure is recorded whatever the form said. Returns the departure's reasons and the
/// decision's reasoning (说理).
fn apply_benchmark(
    facts: &Facts,
    proposed: &Outcome,
    findings: &str,
    reasons: Option<&str>,
) -> Result<(Option<String>, Option<String>), Refusal> {
    let reasons = reasons.map(str::trim).filter(|r| !r.is_empty());
    let fine = match proposed {
        Outcome::Punish { penalty } => penalty.fine_amount(),
        _ => None,
    };
    let (Some(proposal), Some(fine)) = (&facts.proposal, fine) else {
        return Ok((reasons.map(str::to_string), None));
    };
    let check = crate::discretion::check_choice(proposal, fine, reasons).map_err(|mut r| {
        r.field = Some("fine");
        r
    })?;
    let departure = check
        .needs_legal_review
        .then(|| reasons.unwrap_or("未说明").to_string());
    let reasoning = crate::discretion::reasoning_text(findings, proposal, fine, reasons);
    Ok((departure, Some(reasoning)))
}
