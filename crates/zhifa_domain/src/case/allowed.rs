//! The actions a case offers now, so that screens show only those. An action listed here may
//! still be refused by `decide` for what the user enters (a date, an amount); one not listed
//! is refused whatever is entered.
//!
//! Not here: who may take them (the application's authorization).

use super::rules::CaseRules;
use super::state::{Case, Hearing, Outcome, Procedure, Review, Stage};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    AssignOfficers,
    File,
    DeclineFiling,
    TransferOut,
    RecordStep,
    OrderCorrection,
    RequestAssistance,
    Conclude,
    Notify,
    HearStatement,
    RequestHearing,
    ScheduleHearing,
    HoldHearing,
    WaiveHearing,
    SubmitForReview,
    Review,
    Discuss,
    ExtendPeriod,
    RecordEducation,
    Decide,
    Serve,
    RecordPayment,
    RecordRemedy,
    ServeReminder,
    ApplyToCourt,
    Measure,
    Close,
    Archive,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::AssignOfficers => "指派办案人员",
            Action::File => "立案审批",
            Action::DeclineFiling => "不予立案",
            Action::TransferOut => "移送",
            Action::RecordStep => "记录调查取证",
            Action::OrderCorrection => "责令改正",
            Action::RequestAssistance => "请求协助",
            Action::Conclude => "调查终结",
            Action::Notify => "事先告知",
            Action::HearStatement => "记录陈述申辩",
            Action::RequestHearing => "登记听证申请",
            Action::ScheduleHearing => "安排听证",
            Action::HoldHearing => "举行听证",
            Action::WaiveHearing => "放弃听证",
            Action::SubmitForReview => "提交法制审核",
            Action::Review => "法制审核",
            Action::Discuss => "集体讨论",
            Action::ExtendPeriod => "延长办案期限",
            Action::RecordEducation => "记录教育及承诺书",
            Action::Decide => "作出决定",
            Action::Serve => "送达决定书",
            Action::RecordPayment => "登记缴款",
            Action::RecordRemedy => "登记复议或诉讼",
            Action::ServeReminder => "催告",
            Action::ApplyToCourt => "申请法院强制执行",
            Action::Measure => "查封扣押及强制执行",
            Action::Close => "结案",
            Action::Archive => "归档",
        }
    }
}

/// The actions `case` offers in its present state.
pub fn allowed(case: &Case, rules: &CaseRules) -> Vec<Action> {
    use Action as A;
    let mut out = Vec::new();
    if case.procedure == Procedure::Simplified {
        if case.stage == Stage::Served && case.fine().is_some_and(|f| case.paid < f) {
            out.push(A::RecordPayment);
        }
        match case.stage {
            Stage::Served => out.push(A::Close),
            Stage::Closed => out.push(A::Archive),
            _ => {}
        }
        return out;
    }
    let punish = |c: &Case| {
        matches!(
            c.conclusion.as_ref().map(|c| &c.proposed),
            Some(Outcome::Punish { .. })
        )
    };
    match case.stage {
        Stage::Registered => {
            out.extend([A::AssignOfficers, A::File, A::DeclineFiling, A::TransferOut]);
        }
        Stage::Filed => {
            out.extend([
                A::AssignOfficers,
                A::RecordStep,
                A::OrderCorrection,
                A::RequestAssistance,
                A::Measure,
            ]);
            if !case.steps.is_empty() {
                out.push(A::Conclude);
            }
            out.extend([A::ExtendPeriod, A::TransferOut]);
        }
        Stage::Concluded => {
            out.extend([A::RecordStep, A::OrderCorrection, A::RequestAssistance]);
            if punish(case) {
                out.push(A::Notify);
            } else {
                out.push(A::RecordEducation);
            }
            review_and_decide(case, rules, &mut out);
            out.extend([A::ExtendPeriod, A::TransferOut, A::Measure]);
        }
        Stage::Notified => {
            if case.statement.is_none() {
                out.push(A::HearStatement);
            }
            match case.hearing {
                Hearing::Offered => out.extend([A::RequestHearing, A::WaiveHearing]),
                Hearing::Requested { .. } => out.extend([A::ScheduleHearing, A::WaiveHearing]),
                Hearing::Scheduled { .. } => out.extend([A::HoldHearing, A::WaiveHearing]),
                _ => {}
            }
            out.extend([A::RecordStep, A::OrderCorrection, A::RequestAssistance]);
            review_and_decide(case, rules, &mut out);
            out.extend([A::ExtendPeriod, A::Measure]);
        }
        Stage::Decided => {
            out.extend([A::RecordStep, A::RequestAssistance]);
            if matches!(
                case.decision.as_ref().map(|d| &d.outcome),
                Some(Outcome::Punish { .. })
            ) {
                out.push(A::Serve);
            } else {
                out.extend([A::Serve, A::Close]);
            }
        }
        Stage::Served => {
            if case.fine().is_some_and(|f| case.paid < f) {
                out.extend([A::RecordPayment, A::RecordRemedy]);
                if case.reminder_on.is_none() {
                    out.push(A::ServeReminder);
                } else if case.court_applied_on.is_none() {
                    out.push(A::ApplyToCourt);
                }
            }
            out.extend([A::RequestAssistance, A::Measure, A::Close]);
        }
        Stage::Closed => out.push(A::Archive),
        Stage::NotFiled | Stage::TransferredOut => {
            if case.closed_on.is_none() {
                out.push(A::Close);
            }
        }
        Stage::Archived => {}
    }
    out
}

fn review_and_decide(case: &Case, rules: &CaseRules, out: &mut Vec<Action>) {
    let review_needed = !case.review_reasons(rules).is_empty();
    match case.review {
        Review::NotStarted | Review::Returned { .. } if review_needed => {
            out.push(Action::SubmitForReview)
        }
        Review::Submitted { .. } => out.push(Action::Review),
        _ => {}
    }
    if case.needs_discussion(rules) && case.discussion.is_none() {
        out.push(Action::Discuss);
    }
    let reviewed = !review_needed || matches!(case.review, Review::Passed { .. });
    if reviewed {
        out.push(Action::Decide);
    }
}
