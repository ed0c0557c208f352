//! Jurisdiction use cases (S2.4): who is competent for (township, item, date), the township's
//! powers as of a date, withdrawal of a granted item, and class deviations.

use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use crate::orgs::{county_of, load_org};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::acceptance::class_deviations;
use zhifa_domain::catalog::{CatalogItem, CatalogSource};
use zhifa_domain::jurisdiction::{self as domain, Competence, CompetenceBasis, Grant, ItemSetting};
use zhifa_domain::org::{OrgKind, OrgUnit};
use zhifa_store::Tx;

#[derive(Debug, Clone, Serialize)]
pub struct Resolution {
    pub township: OrgUnit,
    pub item: CatalogItem,
    pub date: NaiveDate,
    pub holder: OrgUnit,
    pub basis: CompetenceBasis,
    pub basis_label: &'static str,
    pub grant: Option<Grant>,
    pub assisting: Option<OrgUnit>,
}

/// One power the township holds on a date (its 权责清单 as of that date).
#[derive(Debug, Clone, Serialize)]
pub struct HeldPower {
    pub item: CatalogItem,
    pub basis: CompetenceBasis,
    pub grant: Option<Grant>,
    pub in_transition: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeviationView {
    pub item: CatalogItem,
    pub holders: Vec<OrgUnit>,
    pub missing: Vec<OrgUnit>,
}

pub fn basis_label(b: CompetenceBasis) -> &'static str {
    match b {
        CompetenceBasis::Statutory => "法定职权",
        CompetenceBasis::Granted => "依承接清单赋权",
        CompetenceBasis::Retained => "未赋权或已撤回，由县级部门行使",
        CompetenceBasis::CountyDefault => {
            "县无对应部门，由县级人民政府行使（《行政处罚法》第二十三条）"
        }
    }
}

/// The item's originating department in the township's county, if the county has it.
pub(crate) async fn item_setting(
    tx: &mut dyn Tx,
    township: &OrgUnit,
    item: &CatalogItem,
) -> AppResult<ItemSetting> {
    let county = county_of(tx, township).await?;
    let department_id = tx
        .orgs()
        .await?
        .into_iter()
        .find(|o| {
            o.kind == OrgKind::CountyDepartment
                && o.parent_id == Some(county.id)
                && o.name == item.item.department
        })
        .map(|o| o.id);
    Ok(ItemSetting {
        source: item.item.source,
        department_id,
        county_id: county.id,
    })
}

/// The one body competent for `item` in `township` on `date`, and why.
pub(crate) async fn competence(
    tx: &mut dyn Tx,
    township: &OrgUnit,
    item: &CatalogItem,
    date: NaiveDate,
) -> AppResult<Competence> {
    let setting = item_setting(tx, township, item).await?;
    let grants = tx.grants_of(township.id, Some(item.id)).await?;
    domain::resolve(&setting, township.id, &grants, date)
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub(crate) async fn load_township(tx: &mut dyn Tx, id: Id) -> AppResult<OrgUnit> {
    let org = load_org(tx, id).await?;
    if org.kind != OrgKind::Township {
        return Err(AppError::invalid("township_id", "请选择乡镇(街道)"));
    }
    Ok(org)
}

impl App {
    /// Signs a checkpoint right after a decision (publishing a list, withdrawing a power), so
    /// that the decision is covered by a signed tree head at once rather than at the next
    /// interval. The decision has committed: a failure here is logged, not returned.
    pub(crate) async fn checkpoint_after_decision(&self) {
        if let Err(e) = self.sign_checkpoint().await {
            tracing::error!(error = %e, "cannot sign a checkpoint after a decision");
        }
    }

    pub async fn resolve(
        &self,
        actor: &Actor,
        township_id: Id,
        item_id: Id,
        date: NaiveDate,
    ) -> AppResult<Resolution> {
        let mut tx = self.begin().await?;
        let township = load_township(&mut *tx, township_id).await?;
        authorize(actor, Action::Read, &township)?;
        let item = tx
            .catalog_item(item_id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        let c = competence(&mut *tx, &township, &item, date).await?;
        let holder = load_org(&mut *tx, c.holder_id).await?;
        let assisting = match c.assisting_id {
            Some(id) => Some(load_org(&mut *tx, id).await?),
            None => None,
        };
        let grant = match c.grant_id {
            Some(id) => tx.grant(id).await?,
            None => None,
        };
        Ok(Resolution {
            township,
            item,
            date,
            holder,
            basis: c.basis,
            basis_label: basis_label(c.basis),
            grant,
            assisting,
        })
    }

    /// The powers the township holds on `date`: statutory items and items granted then.
    pub async fn township_powers(
        &self,
        actor: &Actor,
        township_id: Id,
        date: NaiveDate,
    ) -> AppResult<Vec<HeldPower>> {
        let mut tx = self.begin().await?;
        let township = load_township(&mut *tx, township_id).await?;
        authorize(actor, Action::Read, &township)?;
        powers_held(&mut *tx, township_id, date).await
    }

    /// Every grant the township has had, with the items.
    pub async fn township_grants(
        &self,
        actor: &Actor,
        township_id: Id,
    ) -> AppResult<Vec<(Grant, CatalogItem)>> {
        let mut tx = self.begin().await?;
        let township = load_township(&mut *tx, township_id).await?;
        authorize(actor, Action::Read, &township)?;
        let items = tx.catalog_items().await?;
        let grants = tx.grants_of(township_id, None).await?;
        Ok(grants
            .into_iter()
            .filter_map(|g| {
                items
                    .iter()
                    .find(|i| i.id == g.item_id)
                    .cloned()
                    .map(|i| (g, i))
            })
            .collect())
    }

    /// Withdraws a granted item from `effective_on`: from that day the county department holds
    /// it. Returns the township's id.
    pub async fn withdraw_grant(
        &self,
        actor: &Actor,
        grant_id: Id,
        effective_on: NaiveDate,
        reason: &str,
    ) -> AppResult<Id> {
        if reason.trim().is_empty() {
            return Err(AppError::invalid("reason", "请写明撤回理由"));
        }
        let mut tx = self.begin().await?;
        let grant = tx
            .grant(grant_id)
            .await?
            .ok_or(AppError::NotFound("赋权"))?;
        let township = load_township(&mut *tx, grant.township_id).await?;
        authorize(actor, Action::ManageLists, &township)?;
        let item = tx
            .catalog_item(grant.item_id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        let setting = item_setting(&mut *tx, &township, &item).await?;
        domain::check_withdrawal(&setting, &grant, effective_on, self.clock.today())?;
        tx.end_grant(grant_id, effective_on, reason.trim()).await?;
        let payload = serde_json::json!({"item": item.item.code, "effective_on": effective_on, "reason": reason.trim(), "to_org": setting.department_id});
        self.record(
            &mut *tx,
            Some(actor),
            Some(township.id),
            "grant.withdrawn",
            format!("grant:{grant_id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        self.checkpoint_after_decision().await;
        Ok(township.id)
    }

    /// Items held unevenly by the townships of a class on `date` (一类乡镇一张清单).
    pub async fn class_deviations(
        &self,
        actor: &Actor,
        class_id: Id,
        date: NaiveDate,
    ) -> AppResult<Vec<DeviationView>> {
        let mut tx = self.begin().await?;
        let class = tx
            .classes()
            .await?
            .into_iter()
            .find(|c| c.id == class_id)
            .ok_or(AppError::NotFound("乡镇类别"))?;
        let county = load_org(&mut *tx, class.county_id).await?;
        authorize(actor, Action::Read, &county)?;
        let townships: Vec<OrgUnit> = tx
            .orgs()
            .await?
            .into_iter()
            .filter(|o| o.class_id == Some(class_id))
            .collect();
        let mut holdings = Vec::new();
        for t in &townships {
            let held = tx
                .grants_of(t.id, None)
                .await?
                .into_iter()
                .filter(|g| g.covers(date))
                .map(|g| g.item_id)
                .collect();
            holdings.push((t.id, held));
        }
        let items = tx.catalog_items().await?;
        let name = |ids: &[Id]| {
            townships
                .iter()
                .filter(|t| ids.contains(&t.id))
                .cloned()
                .collect::<Vec<_>>()
        };
        Ok(class_deviations(&holdings)
            .into_iter()
            .filter_map(|d| {
                let item = items.iter().find(|i| i.id == d.item_id)?.clone();
                Some(DeviationView {
                    item,
                    holders: name(&d.holders),
                    missing: name(&d.missing),
                })
            })
            .collect())
    }
}

/// The powers `township_id` holds on `date`: statutory items and items granted then (what the
/// township's page and the public portal list).
pub(crate) async fn powers_held(
    tx: &mut dyn Tx,
    township_id: Id,
    date: NaiveDate,
) -> AppResult<Vec<HeldPower>> {
    let grants = tx.grants_of(township_id, None).await?;
    let mut out = Vec::new();
    for item in tx.catalog_items().await? {
        if item.item.source == CatalogSource::Statutory {
            out.push(HeldPower {
                item,
                basis: CompetenceBasis::Statutory,
                grant: None,
                in_transition: false,
            });
            continue;
        }
        if let Some(g) = grants
            .iter()
            .find(|g| g.item_id == item.id && g.covers(date))
        {
            let in_transition = g.transition_until.is_some_and(|t| date <= t);
            out.push(HeldPower {
                item,
                basis: CompetenceBasis::Granted,
                grant: Some(g.clone()),
                in_transition,
            });
        }
    }
    Ok(out)
}
