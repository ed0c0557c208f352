//! After the decision: service (送达, R-39), payment with the late fee, review or
//! litigation sought, the reminder and the application to the court, closing (结案)
//! and archiving (归档).
//!
//! Not here: the dispatch and shared helpers (`decide`), the decision (`decision`), the
//! late-fee arithmetic (`deadline::late_fee`), coercive execution (`coercive`).

use super::basis;
use super::command::{Command, Ctx};
use super::decide::{engine, misrouted, not_after_today, refuse, required_text, role_is, stage_is};
use super::events::CaseEvent;
use super::state::*;
use crate::Refusal;
use crate::deadline::{RuleId, late_fee};
use crate::money::Fen;
use crate::org::Role;
use chrono::NaiveDate;

/// Service, payment, remedies, reminder, court application, closing and archiving.
pub(super) fn decide(
    case: &Case,
    command: &Command,
    ctx: &Ctx<'_>,
) -> Result<Vec<CaseEvent>, Refusal> {
    use Command as C;
    let one = |e: CaseEvent| Ok(vec![e]);
    match command {
        C::Serve {
            on,
            method,
            consent_to_electronic,
        } => {
            stage_is(case, &[Stage::Decided], "送达决定书")?;
            not_after_today(ctx, *on, "on")?;
            let decided = case.decision.as_ref().map(|d| d.on).unwrap_or(ctx.today);
            if *on < decided {
                return Err(
                    refuse("case.service_before_decision", "送达日期早于决定日期").on_field("on"),
                );
            }
            if *method == ServiceMethod::Electronic && !consent_to_electronic {
                return Err(refuse(
                    "case.e_service_consent",
                    "当事人同意并签订确认书的，方可采用传真、电子邮件等方式送达",
                )
                .citing(basis::R39_SERVICE)
                .on_field("method"));
            }
            let step = method.step();
            if ctx.rules.av_requirement(step) != super::rules::AvRequirement::None
                && !case.steps.iter().any(|s| s.step == step && s.on == *on)
            {
                return Err(refuse(
                    "case.service_record",
                    format!("{}须先记录送达过程（含音像记录）", step.label()),
                )
                .citing(basis::R60_AUDIO_VIDEO));
            }
            let due = engine(ctx).due(RuleId::Service, decided)?;
            one(CaseEvent::Served {
                service: Service {
                    on: *on,
                    method: *method,
                    late: *on > due.date,
                },
            })
        }
        C::RecordPayment { on, amount } => {
            stage_is(case, &[Stage::Served], "登记缴款")?;
            not_after_today(ctx, *on, "on")?;
            let Some(fine) = case.fine() else {
                return Err(refuse("case.nothing_to_pay", "本案没有罚款"));
            };
            let fee = Fen::new(late_fee_on(case, ctx, *on)?).unwrap_or(Fen::ZERO);
            let owed = fine
                .saturating_sub(case.paid)
                .saturating_add(fee.saturating_sub(case.late_fee_paid));
            if amount.is_zero() || *amount > owed {
                return Err(refuse(
                    "case.payment_amount",
                    format!("应缴金额为{owed}（含加处罚款{fee}）"),
                )
                .citing("《行政处罚法》第六十七条、第七十二条")
                .on_field("amount"));
            }
            let to_fee = (*amount).min(fee.saturating_sub(case.late_fee_paid));
            one(CaseEvent::Paid {
                on: *on,
                amount: amount.saturating_sub(to_fee),
                late_fee: to_fee,
            })
        }
        C::RecordRemedy { kind, from, to } => {
            stage_is(case, &[Stage::Served], "登记复议或诉讼")?;
            required_text(kind, "kind", "复议或诉讼")?;
            if to.is_some_and(|t| t < *from) {
                return Err(refuse("case.remedy_dates", "结束日期早于开始日期").on_field("to"));
            }
            one(CaseEvent::RemedySought {
                kind: kind.clone(),
                from: *from,
                to: *to,
            })
        }
        C::ServeReminder { on } => {
            stage_is(case, &[Stage::Served], "催告")?;
            not_after_today(ctx, *on, "on")?;
            let Some(service) = &case.service else {
                return Err(refuse("case.inconsistent", "案件记录不完整：没有送达记录"));
            };
            let pay_by = engine(ctx).due(RuleId::Payment, service.on)?.date;
            if *on <= pay_by || case.fine_settled(Fen::ZERO) {
                return Err(refuse(
                    "case.reminder_early",
                    format!("缴款期限（{pay_by}）届满且未缴清罚款的，方可催告"),
                )
                .citing("《行政强制法》第五十四条"));
            }
            one(CaseEvent::ReminderServed { on: *on })
        }
        C::ApplyToCourt { on } => {
            stage_is(case, &[Stage::Served], "申请法院强制执行")?;
            let Some(reminded) = case.reminder_on else {
                return Err(refuse(
                    "case.no_reminder",
                    "申请人民法院强制执行前，应当催告当事人履行义务",
                )
                .citing(basis::R46_COURT));
            };
            let d = engine(ctx);
            let not_before = d.due(RuleId::CourtAfterReminder, reminded)?.date;
            let service = case.service.as_ref().map(|s| s.on).unwrap_or(reminded);
            let window = d.court_application_deadline(service, None)?;
            if *on < not_before {
                return Err(refuse(
                    "case.court_early",
                    format!("催告书送达十日后当事人仍未履行的，方可申请（{not_before}起）"),
                )
                .citing(basis::R46_COURT));
            }
            if *on > window.date {
                return Err(refuse(
                    "case.court_late",
                    format!("申请强制执行的期限已于{}届满", window.date),
                )
                .citing(basis::R46_COURT));
            }
            one(CaseEvent::CourtApplied { on: *on })
        }
        C::SignDocument {
            document_id,
            document,
            evidence_id,
            signer,
        } => {
            if !document.kind.signed_on_screen() {
                return Err(refuse(
                    "case.not_signable",
                    format!("《{}》不在屏幕上签收", document.kind.title()),
                ));
            }
            if case.decision.is_none() {
                return Err(refuse("case.nothing_to_sign", "案件尚未作出决定"));
            }
            required_text(signer, "signer", "签名人")?;
            if case
                .signatures
                .iter()
                .any(|s| s.document_id == *document_id)
            {
                return Err(refuse("case.signed_twice", "该文书已经签收"));
            }
            one(CaseEvent::DocumentSigned {
                signature: Signature {
                    on: ctx.today,
                    document_id: *document_id,
                    document: *document,
                    evidence_id: *evidence_id,
                    signer: signer.trim().to_string(),
                },
            })
        }
        C::Close => {
            role_is(ctx, Role::TownshipHead, "结案审批", basis::R59_RECORD)?;
            let closable = match case.stage {
                Stage::Served => {
                    let fee = Fen::new(late_fee_on(case, ctx, ctx.today)?).unwrap_or(Fen::ZERO);
                    case.fine_settled(fee) || case.court_applied_on.is_some()
                }
                Stage::Decided => !matches!(
                    case.decision.as_ref().map(|d| &d.outcome),
                    Some(Outcome::Punish { .. })
                ),
                Stage::TransferredOut | Stage::NotFiled => true,
                _ => false,
            };
            if !closable {
                return Err(refuse(
                    "case.not_closable",
                    "处罚决定尚未执行完毕（罚款未缴清且未申请强制执行），不能结案",
                ));
            }
            if case.measures.iter().any(|m| m.released_on.is_none()) {
                return Err(refuse("case.measure_open", "尚有未解除的查封、扣押措施"));
            }
            one(CaseEvent::Closed { on: ctx.today })
        }
        C::Archive => {
            stage_is(case, &[Stage::Closed], "归档")?;
            one(CaseEvent::Archived { on: ctx.today })
        }
        other => Err(misrouted(other)),
    }
}

/// The late fee owed on `on`: from the day after the payment deadline, paused while
/// review or litigation is pending.
fn late_fee_on(case: &Case, ctx: &Ctx<'_>, on: NaiveDate) -> Result<i64, Refusal> {
    let (Some(fine), Some(service)) = (case.fine(), &case.service) else {
        return Ok(0);
    };
    let due = engine(ctx).due(RuleId::Payment, service.on)?.date;
    let paused: Vec<(NaiveDate, NaiveDate)> = case
        .remedies
        .iter()
        .map(|(f, t)| (*f, t.unwrap_or(on)))
        .collect();
    Ok(late_fee(fine.get(), due, on, &paused))
}

/// What the party owes on a day: the fine unpaid, the late fee accrued and unpaid, and
/// the day the fine was due — as the reminder (催告书) and the application to the court state
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Owed {
    pub on: NaiveDate,
    pub pay_by: NaiveDate,
    pub fine: Fen,
    pub late_fee: Fen,
}

/// What the party owes on `on`, or `None` when the decision imposed no fine or it has not
/// been served yet.
pub fn owed(case: &Case, ctx: &Ctx<'_>, on: NaiveDate) -> Result<Option<Owed>, Refusal> {
    let (Some(fine), Some(service)) = (case.fine(), &case.service) else {
        return Ok(None);
    };
    let pay_by = engine(ctx).due(RuleId::Payment, service.on)?.date;
    let fee = Fen::new(late_fee_on(case, ctx, on)?).unwrap_or(Fen::ZERO);
    Ok(Some(Owed {
        on,
        pay_by,
        fine: fine.saturating_sub(case.paid),
        late_fee: fee.saturating_sub(case.late_fee_paid),
    }))
}
