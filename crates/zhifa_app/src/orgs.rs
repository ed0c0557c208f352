//! The administrative tree and township classes (一类乡镇一张清单, S2.2).

use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::org::{OrgKind, OrgUnit, check_new_org};
pub use zhifa_store::NewOrg;
use zhifa_store::{NewTownshipClass, TownshipClass, Tx};

#[derive(Debug, Clone, Serialize)]
pub struct ClassView {
    pub class: TownshipClass,
    pub townships: Vec<OrgUnit>,
}

pub(crate) async fn load_org(tx: &mut dyn Tx, id: Id) -> AppResult<OrgUnit> {
    tx.org(id).await?.ok_or(AppError::NotFound("机构"))
}

/// The county a township (or anything below a county) lies in.
pub(crate) async fn county_of(tx: &mut dyn Tx, org: &OrgUnit) -> AppResult<OrgUnit> {
    for id in org.ancestor_ids().into_iter().rev() {
        let o = load_org(tx, id).await?;
        if o.kind == OrgKind::County {
            return Ok(o);
        }
    }
    Err(AppError::NotFound("所属县"))
}

impl App {
    /// Creates a body. `actor` is `None` for the system itself (set-up from the command line).
    pub async fn create_org(&self, actor: Option<&Actor>, new: NewOrg) -> AppResult<OrgUnit> {
        let mut tx = self.begin().await?;
        let parent = match new.parent_id {
            Some(p) => Some(load_org(&mut *tx, p).await?),
            None => None,
        };
        match (actor, &parent) {
            (Some(a), Some(p)) => authorize(a, Action::ManageOrgs, p)?,
            (Some(_), None) => return Err(AppError::Forbidden),
            (None, _) => {}
        }
        check_new_org(new.kind, parent.as_ref(), &new.name, &new.code)?;
        let new = NewOrg {
            name: new.name.trim().to_string(),
            code: new.code.trim().to_string(),
            ..new
        };
        let org = tx.insert_org(&new).await?;
        let payload = serde_json::json!({"kind": org.kind.key(), "name": org.name, "code": org.code, "parent_id": org.parent_id});
        self.record(
            &mut *tx,
            actor,
            Some(org.id),
            "org.created",
            format!("org:{}", org.id),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(org)
    }

    /// The bodies the actor can see, in tree order.
    pub async fn visible_orgs(&self, actor: &Actor) -> AppResult<Vec<OrgUnit>> {
        let mut tx = self.begin().await?;
        Ok(tx
            .orgs()
            .await?
            .into_iter()
            .filter(|o| actor.sees(o))
            .collect())
    }

    pub async fn org(&self, actor: &Actor, id: Id) -> AppResult<OrgUnit> {
        let mut tx = self.begin().await?;
        let org = load_org(&mut *tx, id).await?;
        authorize(actor, Action::Read, &org)?;
        Ok(org)
    }

    pub async fn create_class(
        &self,
        actor: Option<&Actor>,
        county_id: Id,
        name: &str,
        description: &str,
    ) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let county = load_org(&mut *tx, county_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::ManageOrgs, &county)?;
        }
        if county.kind != OrgKind::County {
            return Err(AppError::invalid("county_id", "乡镇类别由县(市、区)设定"));
        }
        if name.trim().is_empty() {
            return Err(AppError::invalid("name", "请填写类别名称"));
        }
        let class = NewTownshipClass {
            county_id,
            name: name.trim().to_string(),
            description: description.trim().to_string(),
        };
        let id = tx.insert_class(&class).await?;
        self.record(
            &mut *tx,
            actor,
            Some(county_id),
            "class.created",
            format!("class:{id}"),
            serde_json::json!({"name": class.name}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn assign_class(
        &self,
        actor: Option<&Actor>,
        township_id: Id,
        class_id: Option<Id>,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let town = load_org(&mut *tx, township_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::ManageOrgs, &town)?;
        }
        if town.kind != OrgKind::Township {
            return Err(AppError::invalid("township_id", "只有乡镇(街道)可以归类"));
        }
        if let Some(c) = class_id {
            let county = county_of(&mut *tx, &town).await?;
            let class = tx
                .classes()
                .await?
                .into_iter()
                .find(|x| x.id == c)
                .ok_or(AppError::NotFound("乡镇类别"))?;
            if class.county_id != county.id {
                return Err(AppError::invalid("class_id", "只能归入本县设定的类别"));
            }
        }
        tx.set_org_class(township_id, class_id).await?;
        self.record(
            &mut *tx,
            actor,
            Some(township_id),
            "org.class_assigned",
            format!("org:{township_id}"),
            serde_json::json!({"class_id": class_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Township classes the actor can see, with their townships.
    pub async fn classes(&self, actor: &Actor) -> AppResult<Vec<ClassView>> {
        let mut tx = self.begin().await?;
        let orgs = tx.orgs().await?;
        let mut out = Vec::new();
        for class in tx.classes().await? {
            let Some(county) = orgs.iter().find(|o| o.id == class.county_id) else {
                continue;
            };
            if !actor.sees(county)
                && !orgs
                    .iter()
                    .any(|o| o.class_id == Some(class.id) && actor.sees(o))
            {
                continue;
            }
            let townships = orgs
                .iter()
                .filter(|o| o.class_id == Some(class.id) && actor.sees(o))
                .cloned()
                .collect();
            out.push(ClassView { class, townships });
        }
        Ok(out)
    }
}
