//! Publishing decisions (事后公开, R-55 … R-58): a decision goes on the portal when it is
//! served, or when the deadline of R-56 arrives if it is not served by then; what goes up is
//! the legal core's redacted record, with its take-down day and a log entry holding the
//! record's SHA-256, so that anyone can check that what the portal shows is what was
//! published. A withdrawal leaves a notice with its reason in place of the record.
//!
//! Publishing is a use case of its own, run after the step that serves a decision and by a
//! sweep (at start and periodically) that catches any decision whose deadline has come: a
//! failure to publish never undoes the service, and the sweep retries.
//!
//! Not here: what is published (`zhifa_domain::publicity`), the portal's pages.

use crate::authz::{Actor, authorize_case_handling};
use crate::blob_store::hash_of;
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use crate::{App, PreparedEntry};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::case::Stage;
use zhifa_domain::deadline::Deadlines;
use zhifa_domain::org::{OrgKind, Role};
use zhifa_domain::publicity::{self, PublishedDecision};
use zhifa_store::{PublicationRecord, Withdrawal};

/// The most decisions one page of the portal lists.
pub const PAGE: i64 = 50;

/// A published decision as the portal shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicDecision {
    pub id: Id,
    #[serde(flatten)]
    pub decision: PublishedDecision,
    pub published_on: NaiveDate,
    pub remove_on: NaiveDate,
    /// The log entry that recorded the publication, for anyone to check.
    pub seq: Id,
    /// SHA-256 of the published record, as the log entry holds it.
    pub sha256: String,
    pub withdrawn: Option<WithdrawnNotice>,
}

/// What stays of a withdrawn decision: when and why.
#[derive(Debug, Clone, Serialize)]
pub struct WithdrawnNotice {
    pub on: NaiveDate,
    pub reason: String,
}

impl PublicDecision {
    pub(crate) fn of(record: PublicationRecord) -> AppResult<PublicDecision> {
        let decision: PublishedDecision = serde_json::from_str(&record.content)
            .map_err(|e| AppError::Internal(format!("publication {}: {e}", record.id)))?;
        Ok(PublicDecision {
            id: record.id,
            decision,
            published_on: crate::clock::local(record.published_at).date(),
            remove_on: record.remove_on,
            seq: record.seq,
            sha256: hash_of(record.content.as_bytes()).hex(),
            withdrawn: record.withdrawal.map(|w| WithdrawnNotice {
                on: crate::clock::local(w.at).date(),
                reason: w.reason,
            }),
        })
    }
}

impl App {
    /// Publishes case `case_id`'s decision if it is due and the policy publishes it, once.
    /// Returns the publication's id, or `None` when nothing was published.
    pub async fn publish_case(&self, case_id: Id) -> AppResult<Option<Id>> {
        let mut tx = self.begin().await?;
        if tx.publication_of_case(case_id).await?.is_some() {
            return Ok(None);
        }
        let (stored, case, _) = Self::load_case(&mut *tx, case_id).await?;
        let engine = Deadlines::new(WorkingCalendar::official(), self.policy.deadlines.clone());
        if !publicity::due(&case, &engine, self.clock.today())? {
            return Ok(None);
        }
        let org = load_org(&mut *tx, stored.org_id).await?;
        let agency = self.agency(&mut *tx, &org).await?;
        let policy = &self.policy.publicity;
        let Ok(published) = publicity::publication(&case, &agency.name, &org.name, policy) else {
            return Ok(None);
        };
        let content =
            serde_json::to_string(&published).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.clock.now();
        let remove_on = publicity::remove_on(published.natural_person, self.clock.today(), policy);
        let entry = PreparedEntry::new(
            None,
            Some(org.id),
            "decision.published",
            format!("case:{case_id}"),
            serde_json::json!({
                "number": published.number,
                "sha256": hash_of(content.as_bytes()).hex(),
                "remove_on": remove_on,
            }),
        );
        let seq = self.append_entry(&mut *tx, entry).await?;
        let id = tx
            .insert_publication(&PublicationRecord {
                id: 0,
                org_id: org.id,
                case_id,
                number: published.number.clone(),
                content,
                decided_on: published.decided_on,
                published_at: now,
                remove_on,
                seq,
                withdrawal: None,
            })
            .await?;
        tx.commit().await?;
        self.index_publication(id).await;
        Ok(Some(id))
    }

    /// Publishes case `case_id`'s decision after the step that served it; a failure is logged
    /// and left to the sweep. Returns whether it published.
    pub(crate) async fn publish_after(&self, case_id: Id) -> bool {
        match self.publish_case(case_id).await {
            Ok(published) => published.is_some(),
            Err(e) => {
                tracing::error!(case_id, error = %e, "cannot publish the decision; the sweep will retry");
                false
            }
        }
    }

    /// Publishes every decision that is due and not yet published (the sweep). Returns how
    /// many it published.
    pub async fn publish_due(&self) -> AppResult<usize> {
        let candidates: Vec<Id> = {
            let mut tx = self.begin_read().await?;
            let orgs: Vec<Id> = tx
                .orgs()
                .await?
                .into_iter()
                .filter(|o| o.kind != OrgKind::Province)
                .map(|o| o.id)
                .collect();
            let decided = [
                Stage::Decided,
                Stage::Served,
                Stage::Closed,
                Stage::Archived,
            ]
            .map(crate::cases::stage_key)
            .into_iter()
            .collect::<AppResult<Vec<_>>>()?;
            tx.cases_of(&orgs)
                .await?
                .into_iter()
                .filter(|c| decided.contains(&c.stage))
                .map(|c| c.id)
                .collect()
        };
        let mut published = 0;
        for case_id in candidates {
            if self.publish_case(case_id).await?.is_some() {
                published += 1;
            }
        }
        if published > 0 {
            self.checkpoint_after_decision().await;
        }
        Ok(published)
    }

    /// Withdraws a published decision (R-57: within 3 days of its change, revocation or being
    /// found unlawful), leaving a notice with `reason`. The head of the deciding body may.
    pub async fn withdraw_publication(&self, actor: &Actor, id: Id, reason: &str) -> AppResult<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid("reason", "请说明撤回的理由"));
        }
        let mut tx = self.begin().await?;
        let record = tx
            .publication(id)
            .await?
            .ok_or(AppError::NotFound("公开的决定"))?;
        let org = load_org(&mut *tx, record.org_id).await?;
        authorize_case_handling(actor, &org)?;
        if actor.role() != Role::TownshipHead {
            return Err(AppError::Forbidden);
        }
        if record.withdrawal.is_some() {
            return Err(AppError::invalid("id", "该决定已经撤回"));
        }
        let entry = PreparedEntry::new(
            Some(actor),
            Some(org.id),
            "decision.withdrawn",
            format!("case:{}", record.case_id),
            serde_json::json!({ "number": record.number, "reason": reason }),
        );
        let seq = self.append_entry(&mut *tx, entry).await?;
        tx.withdraw_publication(
            id,
            &Withdrawal {
                at: self.clock.now(),
                reason: reason.to_string(),
                seq,
            },
        )
        .await?;
        tx.commit().await?;
        self.index_publication(id).await;
        self.checkpoint_after_decision().await;
        Ok(())
    }

    /// Published decisions, newest first, of the body with `org_code` if given, before
    /// publication `before` if given; those past their take-down day are left out (public).
    pub async fn published_decisions(
        &self,
        org_code: Option<&str>,
        before: Option<Id>,
    ) -> AppResult<Vec<PublicDecision>> {
        let mut tx = self.begin_read().await?;
        let org_id = match org_code {
            Some(code) => Some(
                tx.orgs()
                    .await?
                    .into_iter()
                    .find(|o| o.code == code)
                    .ok_or(AppError::NotFound("机构"))?
                    .id,
            ),
            None => None,
        };
        let today = self.clock.today();
        tx.publications(org_id, before, PAGE)
            .await?
            .into_iter()
            .filter(|r| r.remove_on > today)
            .map(PublicDecision::of)
            .collect()
    }

    /// One published decision (public); one past its take-down day is not found.
    pub async fn published_decision(&self, id: Id) -> AppResult<PublicDecision> {
        let mut tx = self.begin_read().await?;
        let record = tx
            .publication(id)
            .await?
            .filter(|r| r.remove_on > self.clock.today())
            .ok_or(AppError::NotFound("公开的决定"))?;
        PublicDecision::of(record)
    }
}
