//! Each event of a case in a line of Chinese, for the case's timeline.
//!
//! Not here: what the events do (`events`).

use super::coercive::MeasureEvent;
use super::events::CaseEvent;
use super::state::Outcome;

impl CaseEvent {
    /// The event in words, e.g. 立案（经负责人批准）.
    pub fn describe(&self) -> String {
        match self {
            CaseEvent::Registered { source, matter, .. } => {
                format!("案源登记：{}（来源：{source}）", matter.name)
            }
            CaseEvent::OfficersAssigned { officers } => format!(
                "指派办案人员：{}",
                officers
                    .iter()
                    .map(|o| format!("{}（证号{}）", o.name, o.certificate_number))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            CaseEvent::Filed { on, .. } => format!("{on} 立案（经负责人批准）"),
            CaseEvent::NotFiled { on, reason, .. } => format!("{on} 不予立案：{reason}"),
            CaseEvent::StepRecorded { record } => {
                let av = if record.audio_video {
                    "，有音像记录"
                } else if record.av_exception.is_some() {
                    "，未音像记录（已说明原因，提交监督）"
                } else {
                    ""
                };
                format!(
                    "{} {}：证据{}件{av}",
                    record.on,
                    record.step.label(),
                    record.evidence_ids.len()
                )
            }
            CaseEvent::CorrectionOrdered {
                order, deadline, ..
            } => match deadline {
                Some(d) => format!("责令改正：{order}（限{d}前）"),
                None => format!("责令改正：{order}"),
            },
            CaseEvent::DocumentSigned { signature } => format!(
                "{}在屏幕上签收《{}》（签名图像为证据{}）",
                signature.signer,
                signature.document.title(),
                signature.evidence_id
            ),
            CaseEvent::AssistanceRequested { request } => {
                format!("请求{}协助：{}", request.to, request.request)
            }
            CaseEvent::Concluded { conclusion } => {
                format!("调查终结，拟{}", outcome(&conclusion.proposed))
            }
            CaseEvent::Notified { notice } => {
                let hearing = match notice.hearing_due {
                    Some(d) => format!("，告知听证权利（{d}前可申请）"),
                    None => String::new(),
                };
                format!(
                    "{} 送达行政处罚事先告知书：拟{}，陈述申辩至{}{hearing}",
                    notice.served_on,
                    notice.penalty.describe(),
                    notice.statement_due
                )
            }
            CaseEvent::StatementHeard { statement } => {
                if statement.defended {
                    format!("{} 听取陈述申辩：{}", statement.on, statement.summary)
                } else {
                    format!("{} 当事人放弃陈述申辩", statement.on)
                }
            }
            CaseEvent::HearingRequested { on } => format!("{on} 当事人申请听证"),
            CaseEvent::HearingScheduled {
                date, notified_on, ..
            } => format!("{notified_on} 通知听证，定于{date}举行"),
            CaseEvent::HearingHeld { on, .. } => format!("{on} 举行听证"),
            CaseEvent::HearingWaived { on, how } => format!("{on} {how}"),
            CaseEvent::ReviewSubmitted { on } => format!("{on} 提交法制审核"),
            CaseEvent::ReviewPassed { on, opinion, .. } => {
                format!("{on} 法制审核通过：{opinion}")
            }
            CaseEvent::ReviewReturned { on, opinion, .. } => {
                format!("{on} 法制审核退回：{opinion}")
            }
            CaseEvent::Discussed { on, conclusion, .. } => {
                format!("{on} 负责人集体讨论：{conclusion}")
            }
            CaseEvent::PeriodExtended {
                extension, reason, ..
            } => format!(
                "{} 批准延长办案期限{}日：{reason}",
                extension.approved_on, extension.days
            ),
            CaseEvent::EducationRecorded { commitment_id, .. } => {
                if commitment_id.is_some() {
                    "记录教育情况及当事人承诺书".into()
                } else {
                    "记录教育情况".into()
                }
            }
            CaseEvent::Decided { decision } => format!(
                "{} 作出决定（{}）：{}",
                decision.on,
                decision.number,
                outcome(&decision.outcome)
            ),
            CaseEvent::Served { service } => {
                let late = if service.late {
                    "（逾期送达，已提交监督）"
                } else {
                    ""
                };
                format!("{} 送达决定书{late}", service.on)
            }
            CaseEvent::Paid {
                on,
                amount,
                late_fee,
            } => {
                if late_fee.is_zero() {
                    format!("{on} 缴纳罚款{amount}")
                } else {
                    format!("{on} 缴纳罚款{amount}，加处罚款{late_fee}")
                }
            }
            CaseEvent::RemedySought { kind, from, .. } => format!("{from} 当事人{kind}"),
            CaseEvent::ReminderServed { on } => format!("{on} 送达催告书"),
            CaseEvent::CourtApplied { on } => format!("{on} 申请人民法院强制执行"),
            CaseEvent::Closed { on } => format!("{on} 结案"),
            CaseEvent::Archived { on } => format!("{on} 归档"),
            CaseEvent::TransferredOut { on, to, reason } => {
                format!("{on} 移送{to}：{reason}")
            }
            CaseEvent::Measure { event } => measure(event),
            CaseEvent::Flagged { flag } => format!("{} 提交监督：{}", flag.on, flag.message),
        }
    }
}

fn outcome(o: &Outcome) -> String {
    match o {
        Outcome::Punish { penalty } => penalty.describe(),
        Outcome::NotPunish { ground } => format!("不予行政处罚（{}）", ground.label()),
        Outcome::TransferCrime { to } => format!("移送{to}（涉嫌犯罪）"),
    }
}

fn measure(e: &MeasureEvent) -> String {
    match e {
        MeasureEvent::Applied { measure, .. } => format!(
            "{} {}{}：{}",
            measure.started_at.format("%Y-%m-%d %H:%M"),
            if measure.emergency {
                "当场"
            } else {
                "经批准"
            },
            measure.kind.label(),
            measure
                .items
                .iter()
                .map(|i| format!("{}{}", i.name, i.quantity))
                .collect::<Vec<_>>()
                .join("、")
        ),
        MeasureEvent::EmergencyApproved { at, .. } => {
            format!("{} 补办批准手续", at.format("%Y-%m-%d %H:%M"))
        }
        MeasureEvent::Extended {
            extension, reason, ..
        } => format!(
            "{} 延长查封扣押期限{}日：{reason}",
            extension.approved_on, extension.days
        ),
        MeasureEvent::TestingRecorded { days, .. } => {
            format!("检测、检验期间{days}日（不计入期限）")
        }
        MeasureEvent::Released { on, reason, .. } => format!("{on} 解除查封扣押：{reason}"),
        MeasureEvent::Executed {
            at, description, ..
        } => format!("{} 强制执行：{description}", at.format("%Y-%m-%d %H:%M")),
    }
}
