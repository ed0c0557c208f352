//! What screens read of cases: a case with its timeline, deadlines and the actions it
//! offers, and the lists with each case's nearest deadline and whose turn it is.
//!
//! Not here: taking steps (the parent module).

use super::calendar;
use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::case::{self, Action as CaseAction, Case, CaseEvent, Stage};
use zhifa_domain::deadline::{Deadlines, RuleId, Urgency};
use zhifa_domain::org::OrgUnit;

/// A deadline of a case, as screens show it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDeadline {
    pub label: &'static str,
    pub date: NaiveDate,
    pub explanation: String,
    /// 已逾期 / 即将到期 / 未到期.
    pub urgency: String,
    pub overdue: bool,
    pub due_soon: bool,
}

/// One line of a case's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub n: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The time in China Standard Time, to the minute.
    pub at_local: String,
    pub actor: Option<String>,
    /// The event in words.
    pub text: String,
    pub event: CaseEvent,
}

/// A case as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub id: Id,
    pub code: String,
    pub org: OrgUnit,
    pub case: Case,
    pub stage_label: &'static str,
    /// The actions the case offers now, with their labels; the reader may still lack the
    /// role for some (the workflow refuses those with its reason).
    pub actions: Vec<(CaseAction, &'static str)>,
    pub deadlines: Vec<CaseDeadline>,
    pub timeline: Vec<TimelineEntry>,
    pub review_reasons: Vec<&'static str>,
}

/// A case in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    pub id: Id,
    pub org_id: Id,
    pub code: String,
    pub title: String,
    pub stage: String,
    pub stage_label: &'static str,
    pub registered_on: NaiveDate,
    pub next_deadline: Option<CaseDeadline>,
    /// The actions the case offers now, by their labels.
    pub actions: Vec<&'static str>,
    /// Whose turn it is: `head` (filing, discussion, decision, closing), `reviewer` (legal
    /// review) or `officer` (everything else); `none` when nothing is left to do.
    pub queue: &'static str,
}

/// Whose turn a case is, from the actions it offers.
fn queue(actions: &[CaseAction]) -> &'static str {
    use CaseAction as A;
    if actions.contains(&A::Review) {
        "reviewer"
    } else if actions
        .iter()
        .any(|a| matches!(a, A::File | A::Decide | A::Discuss | A::Close | A::Archive))
    {
        "head"
    } else if actions.is_empty() {
        "none"
    } else {
        "officer"
    }
}

/// A benchmark row as the conclusion form offers it.
#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkOption {
    pub violation: String,
    pub legal_basis: String,
    pub document: String,
    pub tiers: Vec<BenchmarkTierOption>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkTierOption {
    pub tier: String,
    pub condition: String,
    pub party: &'static str,
    pub range: String,
}

/// A ground of the checklist (《行政处罚法》第三十条至第三十三条 and aggravation).
#[derive(Debug, Clone, Serialize)]
pub struct GroundOption {
    pub key: &'static str,
    pub label: &'static str,
    pub basis: &'static str,
}

impl App {
    /// The discretion benchmarks and the grounds checklist, for the conclusion form and the
    /// API (reference data, readable by every signed-in user).
    pub fn discretion_options(
        &self,
        actor: &Actor,
    ) -> AppResult<(Vec<BenchmarkOption>, Vec<GroundOption>)> {
        crate::authz::authorize_reference(actor, Action::Read)?;
        let grounds = zhifa_domain::discretion::Ground::ALL
            .iter()
            .map(|g| GroundOption {
                key: g.key(),
                label: g.label(),
                basis: g.basis(),
            })
            .collect();
        Ok((Self::discretion_benchmarks(), grounds))
    }

    /// The discretion benchmarks, as published (事前公开, S4.5): public reference data.
    pub fn discretion_benchmarks() -> Vec<BenchmarkOption> {
        super::benchmarks()
            .violations()
            .into_iter()
            .map(|v| BenchmarkOption {
                violation: v.violation.to_string(),
                legal_basis: v.legal_basis.to_string(),
                document: v
                    .tiers
                    .first()
                    .map(|t| t.source.document.clone())
                    .unwrap_or_default(),
                tiers: v
                    .tiers
                    .iter()
                    .map(|t| BenchmarkTierOption {
                        tier: t.tier.clone(),
                        condition: t.condition.clone(),
                        party: t.party.label(),
                        range: t.range_text(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// A case with its timeline, deadlines and the actions it offers now.
    pub async fn case_view(&self, actor: &Actor, case_id: Id) -> AppResult<CaseView> {
        let mut tx = self.begin_read().await?;
        let (stored, case, records) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        authorize(actor, Action::Read, &org)?;
        let mut names = std::collections::HashMap::new();
        let mut timeline = Vec::with_capacity(records.len());
        for r in records {
            let actor_name = match r.actor_id {
                Some(id) => match names.get(&id) {
                    Some(name) => Option::clone(name),
                    None => {
                        let name = tx.user(id).await?.map(|u| u.display_name);
                        names.insert(id, name.clone());
                        name
                    }
                },
                None => None,
            };
            let event =
                serde_json::from_str(&r.event).map_err(|e| AppError::Internal(e.to_string()))?;
            let event: CaseEvent = event;
            let cst = chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
            timeline.push(TimelineEntry {
                n: r.n,
                at_local: r
                    .at
                    .with_timezone(&cst)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                at: r.at,
                actor: actor_name,
                text: event.describe(),
                event,
            });
        }
        let rules = &self.policy.cases;
        let deadlines = self.deadlines(&case)?;
        Ok(CaseView {
            id: stored.id,
            code: stored.code,
            org,
            stage_label: case.stage.label(),
            actions: case::allowed(&case, rules)
                .into_iter()
                .map(|a| (a, a.label()))
                .collect(),
            review_reasons: case.review_reasons(rules),
            case,
            deadlines,
            timeline,
        })
    }

    /// A deadline as screens show it: its date, why, and how near it is today.
    pub(crate) fn deadline(
        &self,
        label: &'static str,
        due: zhifa_domain::deadline::Due,
    ) -> AppResult<CaseDeadline> {
        let d = Deadlines::new(calendar(), self.policy.deadlines.clone());
        let urgency = d.urgency(due.date, self.clock.today())?;
        Ok(CaseDeadline {
            label,
            date: due.date,
            explanation: due.explanation,
            urgency: urgency.label(),
            overdue: matches!(urgency, Urgency::Overdue { .. }),
            due_soon: matches!(urgency, Urgency::DueSoon { .. }),
        })
    }

    /// The case's running deadlines, soonest first.
    pub(crate) fn deadlines(&self, case: &Case) -> AppResult<Vec<CaseDeadline>> {
        let params = self.policy.deadlines.clone();
        let d = Deadlines::new(calendar(), params.clone());
        let mut out = Vec::new();
        let mut push = |label: &'static str,
                        due: Result<zhifa_domain::deadline::Due, zhifa_domain::Refusal>|
         -> AppResult<()> {
            out.push(self.deadline(label, due?)?);
            Ok(())
        };
        let open = !matches!(
            case.stage,
            Stage::Closed | Stage::Archived | Stage::NotFiled | Stage::TransferredOut
        );
        if let (Some(filed), true) = (case.filed_on, case.decision.is_none() && open) {
            push(
                "作出处罚决定（立案之日起九十日内）",
                d.decision_due(filed, &case.extensions),
            )?;
        }
        if let (Some(n), Stage::Notified) = (&case.notice, case.stage) {
            if case.statement.is_none() {
                push(
                    "当事人陈述、申辩期限",
                    d.due(RuleId::Statement, n.served_on),
                )?;
            }
            if matches!(case.hearing, case::Hearing::Offered) {
                push(
                    "当事人要求听证期限",
                    d.due(RuleId::HearingRequest, n.served_on),
                )?;
            }
        }
        if let (Some(decision), Stage::Decided) = (&case.decision, case.stage) {
            push("送达决定书", d.due(RuleId::Service, decision.on))?;
        }
        if let (Some(service), Stage::Served) = (&case.service, case.stage)
            && case.fine().is_some_and(|f| case.paid < f)
        {
            push(
                "缴纳罚款（送达之日起十五日内）",
                d.due(RuleId::Payment, service.on),
            )?;
        }
        for m in case.measures.iter().filter(|m| m.released_on.is_none()) {
            push(
                "查封、扣押期限",
                d.seizure_due(m.started_at.date(), m.extension, m.testing_days),
            )?;
        }
        // An emergency measure not yet approved: the 24 hours of 《行政强制法》第十九条.
        let now = self.clock.local_now();
        for m in case
            .measures
            .iter()
            .filter(|m| m.released_on.is_none() && m.emergency && m.approved_by.is_none())
        {
            let due = d.due_at(RuleId::EmergencyReport, m.started_at)?;
            let overdue = now > due.at;
            out.push(CaseDeadline {
                label: "当场实施强制措施后补办批准（二十四小时内）",
                date: due.at.date(),
                explanation: format!(
                    "{}（最迟 {}）",
                    due.explanation,
                    due.at.format("%Y-%m-%d %H:%M")
                ),
                urgency: if overdue {
                    "已逾期，应当立即解除".into()
                } else {
                    "二十四小时内".into()
                },
                overdue,
                due_soon: !overdue,
            });
        }
        out.sort_by_key(|c| c.date);
        Ok(out)
    }

    /// The cases of the actor's body (or, for county bodies, of the bodies they see), newest
    /// first, each with its nearest deadline.
    pub async fn cases(&self, actor: &Actor, org_id: Option<Id>) -> AppResult<Vec<CaseSummary>> {
        let mut tx = self.begin_read().await?;
        let orgs: Vec<OrgUnit> = match org_id {
            Some(id) => {
                let org = load_org(&mut *tx, id).await?;
                authorize(actor, Action::Read, &org)?;
                vec![org]
            }
            None => tx
                .orgs()
                .await?
                .into_iter()
                .filter(|o| actor.sees(o))
                .collect(),
        };
        let ids: Vec<Id> = orgs.iter().map(|o| o.id).collect();
        let mut out = Vec::new();
        for stored in tx.cases_of(&ids).await? {
            let case: Case = serde_json::from_str(&stored.snapshot)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let next_deadline = self.deadlines(&case)?.into_iter().next();
            let actions = case::allowed(&case, &self.policy.cases);
            out.push(CaseSummary {
                queue: queue(&actions),
                actions: actions.iter().map(|a| a.label()).collect(),
                id: stored.id,
                org_id: stored.org_id,
                code: stored.code,
                title: stored.title,
                stage: stored.stage,
                stage_label: case.stage.label(),
                registered_on: stored.registered_on,
                next_deadline,
            });
        }
        Ok(out)
    }
}
