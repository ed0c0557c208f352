//! Penalty cases: registration, on-the-spot decisions, every later step, and what officers,
//! reviewers and heads see of them.
//!
//! A step is one use case and one transaction: the case's events are loaded and folded, the
//! legal core decides, and the new events, the case's snapshot and one log entry are written
//! together — or nothing. A refused decision or coercive measure is itself recorded (in a
//! transaction of its own) so that supervision sees the attempt.
//!
//! Not here: the rules (`zhifa_domain::case`), the deadline arithmetic
//! (`zhifa_domain::deadline`), what screens read (`view`), HTTP.

mod discretion;
mod facts;
mod view;

pub use discretion::{benchmarks, lenient_lists};
pub use view::{CaseDeadline, CaseSummary, CaseView, TimelineEntry};

use crate::authz::{Actor, authorize_case_handling};
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use crate::{App, PreparedEntry};
use chrono::Datelike;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::case::{
    self, ActDates, Case, CaseEvent, CaseRules, Command, Ctx, Facts, OnTheSpot, Stage,
};
use zhifa_domain::deadline::DeadlineParams;
use zhifa_domain::org::OrgUnit;
use zhifa_domain::party::Party;
use zhifa_store::{CaseEventRecord, CaseStep, NewCase, StoredCase, Tx};

/// A step's writes, worked out before the writer is taken: the events and the folded case as
/// texts, and the step's log entry.
struct PreparedStep {
    texts: Vec<String>,
    stage: String,
    snapshot: String,
    entry: PreparedEntry,
}

impl PreparedStep {
    fn new(
        actor: &Actor,
        org: &OrgUnit,
        case_id: Id,
        first: i64,
        events: &[CaseEvent],
        folded: &Case,
        kind: &str,
    ) -> AppResult<PreparedStep> {
        let payload = events.iter().map(to_json).collect::<AppResult<Vec<_>>>()?;
        let texts = payload.iter().map(|e| e.to_string()).collect();
        Ok(PreparedStep {
            texts,
            stage: stage_key(folded.stage)?,
            snapshot: to_text(folded)?,
            entry: PreparedEntry::new(
                Some(actor),
                Some(org.id),
                kind,
                format!("case:{case_id}"),
                serde_json::json!({"from": first, "events": payload}),
            ),
        })
    }
}

/// What an officer enters to register a case.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct RegisterCase {
    pub item_id: Id,
    pub source: String,
    pub party: Party,
    pub facts: String,
    pub act: ActDates,
    /// Whether the act involves life, health or financial safety (R-23's five years).
    #[serde(default)]
    pub safety_related: bool,
}

/// An on-the-spot decision as entered: the matter by catalog item.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct OnTheSpotInput {
    pub item_id: Id,
    #[serde(flatten)]
    pub spot: OnTheSpotFields,
}

/// [`OnTheSpot`] without the matter, which the application looks up.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct OnTheSpotFields {
    pub party: Party,
    pub facts: String,
    pub act: ActDates,
    pub officer_ids: Vec<Id>,
    pub certificate_shown: bool,
    pub penalty: case::Penalty,
    pub correction: String,
    #[serde(default)]
    pub statement: String,
    pub collected: bool,
    #[serde(default)]
    pub collection_reason: Option<String>,
    #[serde(default)]
    pub evidence_ids: Vec<Id>,
    #[serde(default)]
    pub av_exception: Option<String>,
}

fn calendar() -> &'static WorkingCalendar {
    WorkingCalendar::official()
}

fn to_text<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))
}

fn to_json<T: Serialize>(value: &T) -> AppResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| AppError::Internal(e.to_string()))
}

pub(crate) fn stage_key(stage: Stage) -> AppResult<String> {
    match to_json(&stage)? {
        serde_json::Value::String(s) => Ok(s),
        other => Err(AppError::Internal(format!("stage as {other}"))),
    }
}

/// The body's name for case codes: its code, which is unique and short.
fn case_code(org: &OrgUnit, year: i32, n: i64) -> String {
    format!("{}-{year}-{n:04}", org.code)
}

impl App {
    pub(crate) fn ctx<'a>(
        &self,
        actor: &Actor,
        rules: &'a CaseRules,
        params: &'a DeadlineParams,
    ) -> Ctx<'a> {
        Ctx {
            actor_id: actor.user.id,
            role: actor.role(),
            today: self.clock.today(),
            now: self.clock.local_now(),
            calendar: calendar(),
            deadlines: params,
            rules,
        }
    }

    /// Registers a case (案源登记).
    pub async fn register_case(
        &self,
        actor: &Actor,
        org_id: Id,
        input: RegisterCase,
    ) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let org = load_org(&mut *tx, org_id).await?;
        authorize_case_handling(actor, &org)?;
        let matter = Self::matter(&mut *tx, input.item_id, input.safety_related).await?;
        let (rules, params) = (self.policy.cases.clone(), self.policy.deadlines.clone());
        let ctx = self.ctx(actor, &rules, &params);
        let command = Command::Register {
            source: input.source,
            matter,
            party: input.party,
            facts: input.facts,
            act: input.act,
        };
        let events = case::register(&command, &ctx, org.id)?;
        let id = self.create_case(&mut *tx, actor, &org, &events).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Decides on the spot (简易程序): the case is registered, decided and served at once.
    pub async fn on_the_spot(
        &self,
        actor: &Actor,
        org_id: Id,
        input: OnTheSpotInput,
    ) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let org = load_org(&mut *tx, org_id).await?;
        authorize_case_handling(actor, &org)?;
        let f = input.spot;
        let matter = Self::matter(&mut *tx, input.item_id, false).await?;
        let facts = Facts {
            officers: Self::standings(&mut *tx, &org, &f.officer_ids).await?,
            competence: Some(
                Self::competence(&mut *tx, &org, input.item_id, f.act.occurred_on).await?,
            ),
            party_age: None,
            proposal: None,
        };
        let audio_video = Self::checked_evidence(&mut *tx, &org, &f.evidence_ids).await?;
        let year = self.clock.today().year();
        let serial = tx.next_number(org.id, "on_the_spot", year).await?;
        let spot = OnTheSpot {
            matter,
            party: f.party,
            facts: f.facts,
            act: f.act,
            officer_ids: f.officer_ids,
            certificate_shown: f.certificate_shown,
            penalty: f.penalty,
            correction: f.correction,
            statement: f.statement,
            serial: format!("{}当罚〔{year}〕{serial}号", org.name),
            collected: f.collected,
            collection_reason: f.collection_reason,
            evidence_ids: f.evidence_ids,
            audio_video,
            av_exception: f.av_exception,
        };
        let (rules, params) = (self.policy.cases.clone(), self.policy.deadlines.clone());
        let ctx = self.ctx(actor, &rules, &params);
        let events = case::decide_on_the_spot(&spot, &ctx, &facts, org.id)?;
        let id = self.create_case(&mut *tx, actor, &org, &events).await?;
        tx.commit().await?;
        // Served on the spot: published at once.
        self.publish_after(id).await;
        self.checkpoint_after_decision().await;
        Ok(id)
    }

    async fn create_case(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        org: &OrgUnit,
        events: &[CaseEvent],
    ) -> AppResult<Id> {
        let case = Case::replay(events)
            .ok_or_else(|| AppError::Internal("a case starts with its registration".into()))?;
        let year = case.registered_on.year();
        let n = tx.next_number(org.id, "case", year).await?;
        let now = self.clock.now();
        let id = tx
            .insert_case(&NewCase {
                org_id: org.id,
                code: case_code(org, year, n),
                procedure: match case.procedure {
                    case::Procedure::General => "general".into(),
                    case::Procedure::Simplified => "simplified".into(),
                },
                stage: stage_key(case.stage)?,
                title: case.matter.name.clone(),
                registered_on: case.registered_on,
                snapshot: to_text(&case)?,
                updated_at: now,
            })
            .await?;
        let step = PreparedStep::new(actor, org, id, 0, events, &case, "case.registered")?;
        self.write_step(tx, id, 0, step).await?;
        Ok(id)
    }

    /// Appends a step's events from number `first` with the case's stage and snapshot after
    /// them, and the one log entry of the step.
    async fn write_step(
        &self,
        tx: &mut dyn Tx,
        case_id: Id,
        first: i64,
        step: PreparedStep,
    ) -> AppResult<()> {
        tx.append_case_step(&CaseStep {
            case_id,
            first,
            at: self.clock.now(),
            actor_id: step.entry.actor_id(),
            events: &step.texts,
            stage: &step.stage,
            snapshot: &step.snapshot,
        })
        .await?;
        self.append_entry(tx, step.entry).await.map(|_| ())
    }

    /// Loads a case's events and folds them.
    pub(crate) async fn load_case(
        tx: &mut dyn Tx,
        case_id: Id,
    ) -> AppResult<(StoredCase, Case, Vec<CaseEventRecord>)> {
        let (stored, records) = tx
            .case_with_events(case_id)
            .await?
            .ok_or(AppError::NotFound("案件"))?;
        let events = records
            .iter()
            .map(|r| serde_json::from_str::<CaseEvent>(&r.event))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| AppError::Internal(format!("case {case_id}: {e}")))?;
        let case = Case::replay(&events)
            .ok_or_else(|| AppError::Internal(format!("case {case_id} has no registration")))?;
        Ok((stored, case, records))
    }

    /// Takes one step of a case. A refused decision or coercive measure is recorded for
    /// supervision before the refusal is returned.
    ///
    /// The case is loaded and the step decided in a read transaction, outside the one writer,
    /// which is taken only to append the events, the log entry and the snapshot: the events'
    /// key `(case_id, n)` refuses a step decided on a case another step changed meanwhile
    /// (the caller sees a conflict and retries). A decision is taken wholly in the writer,
    /// since it takes the next number of the agency's sequence.
    pub async fn case_command(
        &self,
        actor: &Actor,
        case_id: Id,
        command: Command,
    ) -> AppResult<()> {
        let in_writer = matches!(command, Command::Decide { .. });
        let mut tx = if in_writer {
            self.begin().await?
        } else {
            self.begin_read().await?
        };
        let (stored, case, records) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize_case_handling(actor, &org)?;
        let mut command = command;
        Self::settle_evidence(&mut *tx, &org, case_id, &mut command).await?;
        let facts = self.facts_for(&mut *tx, &org, &case, &command).await?;
        let (rules, params) = (self.policy.cases.clone(), self.policy.deadlines.clone());
        if let Command::Decide { number, .. } = &mut command
            && number.trim().is_empty()
        {
            let year = self.clock.today().year();
            let n = tx.next_number(org.id, "decision", year).await?;
            *number = format!("{}罚决〔{year}〕{n}号", org.name);
        }
        let ctx = self.ctx(actor, &rules, &params);
        let events = match case::decide(&case, &command, &ctx, &facts) {
            Ok(events) => events,
            Err(refusal) => {
                drop(tx);
                if command.refusal_matters_to_supervision() {
                    self.record_refused_attempt(actor, &org, case_id, &command, &refusal)
                        .await?;
                }
                return Err(AppError::Refused(refusal));
            }
        };
        let mut folded = case;
        for e in &events {
            folded.apply(e);
        }
        let decided = events
            .iter()
            .any(|e| matches!(e, CaseEvent::Decided { .. }));
        let served = events.iter().any(|e| matches!(e, CaseEvent::Served { .. }));
        let first = records.len() as i64;
        let kind = format!("case.{}", command.name());
        // Everything but the writes is done before the one writer is taken.
        let step = PreparedStep::new(actor, &org, case_id, first, &events, &folded, &kind)?;
        if !in_writer {
            drop(tx);
            tx = self.begin().await?;
        }
        self.write_step(&mut *tx, case_id, first, step).await?;
        tx.commit().await?;
        // A served decision goes on the portal.
        let published = served && self.publish_after(case_id).await;
        if decided || published {
            self.checkpoint_after_decision().await;
        }
        Ok(())
    }

    async fn record_refused_attempt(
        &self,
        actor: &Actor,
        org: &OrgUnit,
        case_id: Id,
        command: &Command,
        refusal: &zhifa_domain::Refusal,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(org.id),
            "case.attempt_refused",
            format!("case:{case_id}"),
            serde_json::json!({
                "command": command.name(),
                "code": refusal.code,
                "message": refusal.message,
                "basis": refusal.basis,
            }),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
