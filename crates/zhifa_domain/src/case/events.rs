//! Everything that happens to a case ([`CaseEvent`]) and how each event changes it: the case
//! the registration starts ([`Case::start`]), the fold of the events ([`Case::replay`]), and
//! [`Case::apply`], which never fails.
//!
//! Not here: the values a case holds and its queries (`state`), which events a command causes
//! (`decide`), coercive measures' own events (`coercive`).

use super::coercive::MeasureEvent;
use super::state::*;
use crate::Id;
use crate::deadline::Extension;
use crate::jurisdiction::CompetenceBasis;
use crate::money::Fen;
use crate::party::Party;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything that happens to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CaseEvent {
    Registered {
        org_id: Id,
        on: NaiveDate,
        source: String,
        matter: Matter,
        procedure: Procedure,
        party: Party,
        facts: String,
        act: ActDates,
    },
    OfficersAssigned {
        officers: Vec<AssignedOfficer>,
    },
    Filed {
        on: NaiveDate,
        approved_by: Id,
        basis: CompetenceBasis,
    },
    NotFiled {
        on: NaiveDate,
        decided_by: Id,
        reason: String,
    },
    StepRecorded {
        record: StepRecord,
    },
    CorrectionOrdered {
        on: NaiveDate,
        order: String,
        deadline: Option<NaiveDate>,
    },
    AssistanceRequested {
        request: AssistanceRequest,
    },
    DocumentSigned {
        signature: Signature,
    },
    Concluded {
        conclusion: Conclusion,
    },
    Notified {
        notice: Notice,
    },
    StatementHeard {
        statement: Statement,
    },
    HearingRequested {
        on: NaiveDate,
    },
    HearingScheduled {
        date: NaiveDate,
        notified_on: NaiveDate,
        chair_id: Id,
    },
    HearingHeld {
        on: NaiveDate,
        summary: String,
    },
    HearingWaived {
        on: NaiveDate,
        how: String,
    },
    ReviewSubmitted {
        on: NaiveDate,
    },
    ReviewPassed {
        on: NaiveDate,
        reviewer_id: Id,
        opinion: String,
    },
    ReviewReturned {
        on: NaiveDate,
        reviewer_id: Id,
        opinion: String,
    },
    Discussed {
        on: NaiveDate,
        attendee_ids: Vec<Id>,
        conclusion: String,
    },
    PeriodExtended {
        extension: Extension,
        approved_by: Id,
        reason: String,
    },
    EducationRecorded {
        on: NaiveDate,
        evidence_id: Id,
        commitment_id: Option<Id>,
    },
    Decided {
        decision: Decision,
    },
    Served {
        service: Service,
    },
    Paid {
        on: NaiveDate,
        amount: Fen,
        late_fee: Fen,
    },
    RemedySought {
        kind: String,
        from: NaiveDate,
        to: Option<NaiveDate>,
    },
    ReminderServed {
        on: NaiveDate,
    },
    CourtApplied {
        on: NaiveDate,
    },
    Closed {
        on: NaiveDate,
    },
    Archived {
        on: NaiveDate,
    },
    TransferredOut {
        on: NaiveDate,
        to: String,
        reason: String,
    },
    Measure {
        event: MeasureEvent,
    },
    Flagged {
        flag: Flag,
    },
}

impl Case {
    /// The case its first event creates; `None` unless that event is `Registered`.
    pub fn start(first: &CaseEvent) -> Option<Case> {
        let CaseEvent::Registered {
            org_id,
            on,
            source,
            matter,
            procedure,
            party,
            facts,
            act,
        } = first
        else {
            return None;
        };
        Some(Case {
            org_id: *org_id,
            procedure: *procedure,
            stage: Stage::Registered,
            registered_on: *on,
            source: source.clone(),
            matter: matter.clone(),
            party: party.clone(),
            facts: facts.clone(),
            act: *act,
            officers: Vec::new(),
            filed_on: None,
            filing_approved_by: None,
            steps: Vec::new(),
            correction: None,
            conclusion: None,
            notice: None,
            statement: None,
            hearing: Hearing::NotApplicable,
            review: Review::NotStarted,
            discussion: None,
            assistance: Vec::new(),
            signatures: Vec::new(),
            extensions: Vec::new(),
            education: None,
            decision: None,
            service: None,
            paid: Fen::ZERO,
            late_fee_paid: Fen::ZERO,
            remedies: Vec::new(),
            reminder_on: None,
            court_applied_on: None,
            closed_on: None,
            archived_on: None,
            transferred_to: None,
            measures: Vec::new(),
            flags: Vec::new(),
        })
    }

    /// Replays events from the first: the case they make, or `None` if the first is not a
    /// registration.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a CaseEvent>) -> Option<Case> {
        let mut events = events.into_iter();
        let mut case = Case::start(events.next()?)?;
        for e in events {
            case.apply(e);
        }
        Some(case)
    }

    /// Applies one event. Events are facts already decided: applying never fails.
    pub fn apply(&mut self, event: &CaseEvent) {
        match event {
            CaseEvent::Registered { .. } => {}
            CaseEvent::OfficersAssigned { officers } => self.officers = officers.clone(),
            CaseEvent::Filed {
                on, approved_by, ..
            } => {
                self.filed_on = Some(*on);
                self.filing_approved_by = Some(*approved_by);
                self.stage = Stage::Filed;
            }
            CaseEvent::NotFiled { .. } => self.stage = Stage::NotFiled,
            CaseEvent::StepRecorded { record } => {
                if let Some(reason) = &record.av_exception {
                    self.flags.push(Flag {
                        on: record.on,
                        code: "av_exception".into(),
                        message: format!("{}未音像记录：{reason}", record.step.label()),
                    });
                }
                self.steps.push(record.clone());
            }
            CaseEvent::CorrectionOrdered { order, .. } => self.correction = Some(order.clone()),
            CaseEvent::AssistanceRequested { request } => self.assistance.push(request.clone()),
            CaseEvent::DocumentSigned { signature } => self.signatures.push(signature.clone()),
            CaseEvent::Concluded { conclusion } => {
                self.conclusion = Some(conclusion.clone());
                self.stage = Stage::Concluded;
            }
            CaseEvent::Notified { notice } => {
                self.hearing = if notice.hearing_due.is_some() {
                    Hearing::Offered
                } else {
                    Hearing::NotApplicable
                };
                self.notice = Some(notice.clone());
                self.stage = Stage::Notified;
            }
            CaseEvent::StatementHeard { statement } => self.statement = Some(statement.clone()),
            CaseEvent::HearingRequested { on } => self.hearing = Hearing::Requested { on: *on },
            CaseEvent::HearingScheduled {
                date,
                notified_on,
                chair_id,
            } => {
                self.hearing = Hearing::Scheduled {
                    date: *date,
                    notified_on: *notified_on,
                    chair_id: *chair_id,
                }
            }
            CaseEvent::HearingHeld { on, summary } => {
                let chair_id = match self.hearing {
                    Hearing::Scheduled { chair_id, .. } => Some(chair_id),
                    _ => None,
                };
                self.hearing = Hearing::Held {
                    on: *on,
                    summary: summary.clone(),
                    chair_id,
                }
            }
            CaseEvent::HearingWaived { on, how } => {
                self.hearing = Hearing::Waived {
                    on: *on,
                    how: how.clone(),
                }
            }
            CaseEvent::ReviewSubmitted { on } => self.review = Review::Submitted { on: *on },
            CaseEvent::ReviewPassed {
                on,
                reviewer_id,
                opinion,
            } => {
                self.review = Review::Passed {
                    on: *on,
                    reviewer_id: *reviewer_id,
                    opinion: opinion.clone(),
                }
            }
            CaseEvent::ReviewReturned {
                on,
                reviewer_id,
                opinion,
            } => {
                self.review = Review::Returned {
                    on: *on,
                    reviewer_id: *reviewer_id,
                    opinion: opinion.clone(),
                }
            }
            CaseEvent::Discussed {
                on,
                attendee_ids,
                conclusion,
            } => {
                self.discussion = Some(Discussion {
                    on: *on,
                    attendee_ids: attendee_ids.clone(),
                    conclusion: conclusion.clone(),
                })
            }
            CaseEvent::PeriodExtended { extension, .. } => self.extensions.push(*extension),
            CaseEvent::EducationRecorded {
                evidence_id,
                commitment_id,
                ..
            } => self.education = Some((*evidence_id, *commitment_id)),
            CaseEvent::Decided { decision } => {
                self.decision = Some(decision.clone());
                self.stage = match decision.outcome {
                    Outcome::TransferCrime { .. } => Stage::TransferredOut,
                    _ => Stage::Decided,
                };
            }
            CaseEvent::Served { service } => {
                if service.late {
                    self.flags.push(Flag {
                        on: service.on,
                        code: "late_service".into(),
                        message: "决定书未在七日内送达".into(),
                    });
                }
                self.service = Some(service.clone());
                self.stage = Stage::Served;
            }
            CaseEvent::Paid {
                amount, late_fee, ..
            } => {
                self.paid = self.paid.saturating_add(*amount);
                self.late_fee_paid = self.late_fee_paid.saturating_add(*late_fee);
            }
            CaseEvent::RemedySought { from, to, .. } => self.remedies.push((*from, *to)),
            CaseEvent::ReminderServed { on } => self.reminder_on = Some(*on),
            CaseEvent::CourtApplied { on } => self.court_applied_on = Some(*on),
            CaseEvent::Closed { on } => {
                self.closed_on = Some(*on);
                self.stage = Stage::Closed;
            }
            CaseEvent::Archived { on } => {
                self.archived_on = Some(*on);
                self.stage = Stage::Archived;
            }
            CaseEvent::TransferredOut { to, .. } => {
                self.transferred_to = Some(to.clone());
                self.stage = Stage::TransferredOut;
            }
            CaseEvent::Measure { event } => super::coercive::apply(self, event),
            CaseEvent::Flagged { flag } => self.flags.push(flag.clone()),
        }
    }
}
