//! How delegated items fare in operation (S2.5): holders, grants and withdrawals, and the
//! problems townships report.

use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use crate::jurisdiction::load_township;
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::catalog::{CatalogItem, CatalogSource};
use zhifa_domain::org::OrgUnit;
use zhifa_domain::usage::{ProblemReport, check_problem, item_usage};

#[derive(Debug, Clone, Serialize)]
pub struct UsageRow {
    pub item: CatalogItem,
    pub holding: Vec<OrgUnit>,
    pub grants: u32,
    pub withdrawals: u32,
    pub problems: Vec<ProblemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub report: ProblemReport,
    pub township: String,
}

impl App {
    /// A township reports a problem in exercising an item it holds or has held.
    pub async fn report_problem(
        &self,
        actor: &Actor,
        township_id: Id,
        item_id: Id,
        text: &str,
    ) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let township = load_township(&mut *tx, township_id).await?;
        authorize(actor, Action::ReportProblem, &township)?;
        let item = tx
            .catalog_item(item_id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        let held = !tx.grants_of(township_id, Some(item_id)).await?.is_empty();
        check_problem(text, held)?;
        let report = ProblemReport {
            id: 0,
            township_id,
            item_id,
            reported_by: actor.user.id,
            on: self.clock.today(),
            text: text.trim().to_string(),
        };
        let id = tx.insert_problem(&report).await?;
        let payload = serde_json::json!({"item": item.item.code, "text": report.text});
        self.record(
            &mut *tx,
            Some(actor),
            Some(township_id),
            "problem.reported",
            format!("problem:{id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Usage of every delegable item across the townships the actor sees, on `date`.
    pub async fn item_usage(&self, actor: &Actor, date: NaiveDate) -> AppResult<Vec<UsageRow>> {
        let mut tx = self.begin().await?;
        let orgs: Vec<OrgUnit> = tx
            .orgs()
            .await?
            .into_iter()
            .filter(|o| actor.sees(o))
            .collect();
        let visible = |id: Id| orgs.iter().any(|o| o.id == id);
        let grants: Vec<_> = tx
            .grants()
            .await?
            .into_iter()
            .filter(|g| visible(g.township_id))
            .collect();
        let problems: Vec<_> = tx
            .problems()
            .await?
            .into_iter()
            .filter(|p| visible(p.township_id))
            .collect();
        let items: Vec<CatalogItem> = tx
            .catalog_items()
            .await?
            .into_iter()
            .filter(|i| i.item.source == CatalogSource::Delegable)
            .collect();
        let ids: Vec<Id> = items.iter().map(|i| i.id).collect();
        let name = |id: Id| orgs.iter().find(|o| o.id == id).cloned();
        Ok(item_usage(&ids, &grants, &problems, date)
            .into_iter()
            .zip(items)
            .map(|(u, item)| UsageRow {
                holding: u.holding.iter().filter_map(|id| name(*id)).collect(),
                grants: u.grants,
                withdrawals: u.withdrawals,
                problems: problems
                    .iter()
                    .filter(|p| p.item_id == item.id)
                    .map(|p| ProblemView {
                        report: p.clone(),
                        township: name(p.township_id).map(|o| o.name).unwrap_or_default(),
                    })
                    .collect(),
                item,
            })
            .collect())
    }
}
