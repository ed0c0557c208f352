//! The administrative tree in PostgreSQL's dialect: organisations with their ancestry path,
//! and township classes.

use crate::mapping::backend;
use crate::rows::org_row;
use crate::tx::{PgTx, R, atomic};
use sqlx::Row;
use zhifa_domain::Id;
use zhifa_domain::org::OrgUnit;
use zhifa_store::{NewOrg, NewTownshipClass, StoreError, TownshipClass};

impl PgTx {
    pub(crate) async fn store_org(&mut self, org: &NewOrg) -> R<OrgUnit> {
        atomic!(self, async {
            let parent = match org.parent_id {
                Some(p) => Some(self.load_org(p).await?.ok_or(StoreError::NotFound)?),
                None => None,
            };
            let row = sqlx::query("insert into orgs (parent_id, kind, name, code) values ($1, $2, $3, $4) returning id")
                .bind(org.parent_id)
                .bind(org.kind.key())
                .bind(&org.name)
                .bind(&org.code)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            let id: Id = row.try_get(0).map_err(backend)?;
            let path = OrgUnit::child_path(parent.as_ref(), id);
            sqlx::query("update orgs set path = $1 where id = $2")
                .bind(&path)
                .bind(id)
                .execute(&mut *self.tx)
                .await
                .map_err(backend)?;
            Ok(OrgUnit {
                id,
                parent_id: org.parent_id,
                kind: org.kind,
                name: org.name.clone(),
                code: org.code.clone(),
                path,
                class_id: None,
            })
        })
    }

    pub(crate) async fn load_org(&mut self, id: Id) -> R<Option<OrgUnit>> {
        let row = sqlx::query("select * from orgs where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(org_row).transpose()
    }

    pub(crate) async fn load_orgs(&mut self) -> R<Vec<OrgUnit>> {
        let rows = sqlx::query("select * from orgs order by path collate \"C\"")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(org_row).collect()
    }

    pub(crate) async fn store_class(&mut self, c: &NewTownshipClass) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query("insert into township_classes (county_id, name, description) values ($1, $2, $3) returning id")
                .bind(c.county_id)
                .bind(&c.name)
                .bind(&c.description)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    pub(crate) async fn load_classes(&mut self) -> R<Vec<TownshipClass>> {
        let rows = sqlx::query("select * from township_classes order by id")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(TownshipClass {
                    id: r.try_get("id").map_err(backend)?,
                    county_id: r.try_get("county_id").map_err(backend)?,
                    name: r.try_get("name").map_err(backend)?,
                    description: r.try_get("description").map_err(backend)?,
                })
            })
            .collect()
    }

    pub(crate) async fn store_org_class(&mut self, org_id: Id, class_id: Option<Id>) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query("update orgs set class_id = $1 where id = $2")
                .bind(class_id)
                .bind(org_id)
                .execute(&mut *self.tx)
                .await
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }
}
