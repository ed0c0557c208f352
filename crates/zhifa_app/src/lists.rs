//! Acceptance-list use cases (S2.2 – S2.3): draft, consent, assessment, city review,
//! publication (which grants the items) and the filing package for the province.

use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use crate::jurisdiction::{item_setting, load_township};
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::acceptance::{AcceptanceList, Assessment, Consent, ListItem, ListStatus, Review};
use zhifa_domain::catalog::CatalogItem;
use zhifa_domain::jurisdiction::{Grant, check_grant};
use zhifa_domain::officers::CertificateStatus;
use zhifa_domain::org::OrgUnit;
use zhifa_store::Tx;

/// A list with its township, its items' catalog entries, and what the actor may do now.
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    pub list: AcceptanceList,
    pub status_label: &'static str,
    pub township: OrgUnit,
    pub items: Vec<(ListItem, CatalogItem)>,
    /// The steps the actor may take on the list in its present state.
    pub actions: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct AssessmentInput {
    pub staff: u32,
    pub certified_officers: u32,
    pub equipment: String,
    pub expected_cases_per_year: u32,
    pub conclusion: String,
}

/// 备案材料: the published list in the municipal column layout, with its consent, assessment
/// and review.
#[derive(Debug, Clone, Serialize)]
pub struct FilingPackage {
    pub township: String,
    pub township_code: String,
    pub batch: String,
    pub published_on: Option<NaiveDate>,
    pub consent: Option<Consent>,
    pub assessment: Option<Assessment>,
    pub review: Option<Review>,
    pub items: Vec<FilingRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilingRow {
    /// 序号
    pub seq: usize,
    /// 省序号 (catalog code)
    pub code: String,
    /// 权力类型
    pub kind: &'static str,
    /// 权力名称
    pub name: String,
    /// 主要设立依据
    pub basis: String,
    pub domain: String,
    pub department: String,
    pub effective_from: NaiveDate,
    pub transition_until: Option<NaiveDate>,
}

impl FilingPackage {
    /// The package as CSV, columns as in the municipal 承接清单.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "序号",
            "省序号",
            "权力类型",
            "权力名称",
            "主要设立依据",
            "执法领域",
            "原实施部门",
            "生效日期",
            "过渡期至",
            "承接乡镇",
        ];
        w.write_record(header).expect("writing to memory");
        for r in &self.items {
            let t = r
                .transition_until
                .map(|d| d.to_string())
                .unwrap_or_default();
            w.write_record([
                &r.seq.to_string(),
                &r.code,
                r.kind,
                &r.name,
                &r.basis,
                &r.domain,
                &r.department,
                &r.effective_from.to_string(),
                &t,
                &self.township,
            ])
            .expect("writing to memory");
        }
        String::from_utf8(w.into_inner().expect("in-memory writer")).expect("CSV of UTF-8 fields")
    }
}

/// Which steps `actor` may take on `list` now — for offering only those.
fn available_actions(
    actor: &Actor,
    list: &AcceptanceList,
    township: &OrgUnit,
) -> Vec<&'static str> {
    let can = |action| authorize(actor, action, township).is_ok();
    let mut out = Vec::new();
    let editable = matches!(list.status, ListStatus::Draft | ListStatus::Consented);
    if can(Action::ManageLists) {
        if editable {
            out.extend(["edit_items", "assess"]);
        }
        if list.status == ListStatus::Consented && list.assessment.is_some() {
            out.push("submit");
        }
        if list.status == ListStatus::Approved {
            out.push("publish");
        }
        if list.status == ListStatus::Published && list.filed_on.is_none() {
            out.push("file");
        }
    }
    if can(Action::ConsentList) && editable && !list.items.is_empty() {
        out.push("consent");
    }
    if can(Action::ReviewList) && list.status == ListStatus::Submitted {
        out.push("review");
    }
    out
}

impl App {
    async fn load_list(
        &self,
        tx: &mut dyn Tx,
        actor: &Actor,
        list_id: Id,
        action: Action,
    ) -> AppResult<(AcceptanceList, OrgUnit)> {
        let list = tx
            .list(list_id)
            .await?
            .ok_or(AppError::NotFound("承接清单"))?;
        let township = load_township(tx, list.township_id).await?;
        authorize(actor, action, &township)?;
        Ok((list, township))
    }

    async fn save_list(
        &self,
        mut tx: Box<dyn Tx>,
        actor: &Actor,
        list: &AcceptanceList,
        kind: &str,
        payload: serde_json::Value,
    ) -> AppResult<()> {
        tx.update_list(list).await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(list.township_id),
            kind,
            format!("list:{}", list.id),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn create_list(&self, actor: &Actor, township_id: Id, batch: &str) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let township = load_township(&mut *tx, township_id).await?;
        authorize(actor, Action::ManageLists, &township)?;
        let list = AcceptanceList::new(0, township_id, batch, self.clock.today())?;
        let id = tx.insert_list(&list).await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(township_id),
            "list.created",
            format!("list:{id}"),
            serde_json::json!({"batch": list.batch}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// 一类乡镇一张清单: the same draft for every township of a class, in one transaction.
    pub async fn create_class_lists(
        &self,
        actor: &Actor,
        class_id: Id,
        batch: &str,
        item_ids: &[Id],
        effective_from: NaiveDate,
        transition_until: Option<NaiveDate>,
    ) -> AppResult<Vec<Id>> {
        let mut tx = self.begin().await?;
        let townships: Vec<OrgUnit> = tx
            .orgs()
            .await?
            .into_iter()
            .filter(|o| o.class_id == Some(class_id))
            .collect();
        if townships.is_empty() {
            return Err(AppError::invalid("class_id", "该类别下没有乡镇"));
        }
        let mut items = Vec::new();
        for id in item_ids {
            items.push(
                tx.catalog_item(*id)
                    .await?
                    .ok_or(AppError::NotFound("事项"))?,
            );
        }
        let mut ids = Vec::new();
        for t in &townships {
            authorize(actor, Action::ManageLists, t)?;
            let mut list = AcceptanceList::new(0, t.id, batch, self.clock.today())?;
            for item in &items {
                list.add_item(item, effective_from, transition_until)?;
            }
            let id = tx.insert_list(&list).await?;
            let codes: Vec<&str> = items.iter().map(|i| i.item.code.as_str()).collect();
            let payload =
                serde_json::json!({"batch": list.batch, "class_id": class_id, "items": codes});
            self.record(
                &mut *tx,
                Some(actor),
                Some(t.id),
                "list.created",
                format!("list:{id}"),
                payload,
            )
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn lists(&self, actor: &Actor) -> AppResult<Vec<ListView>> {
        let mut tx = self.begin().await?;
        let orgs = tx.orgs().await?;
        let mut out = Vec::new();
        for list in tx.lists().await? {
            let Some(township) = orgs.iter().find(|o| o.id == list.township_id) else {
                continue;
            };
            if actor.sees(township) {
                let actions = available_actions(actor, &list, township);
                out.push(ListView {
                    status_label: list.status.label(),
                    township: township.clone(),
                    items: vec![],
                    actions,
                    list,
                });
            }
        }
        Ok(out)
    }

    pub async fn list(&self, actor: &Actor, list_id: Id) -> AppResult<ListView> {
        let mut tx = self.begin().await?;
        let (list, township) = self
            .load_list(&mut *tx, actor, list_id, Action::Read)
            .await?;
        let mut items = Vec::new();
        for li in &list.items {
            let item = tx
                .catalog_item(li.item_id)
                .await?
                .ok_or(AppError::NotFound("事项"))?;
            items.push((li.clone(), item));
        }
        let actions = available_actions(actor, &list, &township);
        Ok(ListView {
            status_label: list.status.label(),
            township,
            items,
            actions,
            list,
        })
    }

    pub async fn add_list_item(
        &self,
        actor: &Actor,
        list_id: Id,
        item_id: Id,
        effective_from: NaiveDate,
        transition_until: Option<NaiveDate>,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ManageLists)
            .await?;
        let item = tx
            .catalog_item(item_id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        list.add_item(&item, effective_from, transition_until)?;
        let payload = serde_json::json!({"item": item.item.code, "effective_from": effective_from, "transition_until": transition_until});
        self.save_list(tx, actor, &list, "list.item_added", payload)
            .await
    }

    pub async fn remove_list_item(&self, actor: &Actor, list_id: Id, item_id: Id) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ManageLists)
            .await?;
        list.remove_item(item_id)?;
        self.save_list(
            tx,
            actor,
            &list,
            "list.item_removed",
            serde_json::json!({"item_id": item_id}),
        )
        .await
    }

    /// The township head's written answer.
    pub async fn consent_list(
        &self,
        actor: &Actor,
        list_id: Id,
        agreed: bool,
        document: &str,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ConsentList)
            .await?;
        let consent = Consent {
            agreed,
            by_user: actor.user.id,
            on: self.clock.today(),
            document: document.trim().to_string(),
        };
        list.record_consent(consent)?;
        self.save_list(
            tx,
            actor,
            &list,
            "list.consent_recorded",
            serde_json::json!({"agreed": agreed, "document": document.trim()}),
        )
        .await
    }

    /// Figures for the capability assessment the system already knows, so nobody types them.
    pub async fn suggested_assessment(&self, actor: &Actor, list_id: Id) -> AppResult<(u32, u32)> {
        let mut tx = self.begin().await?;
        let (list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::Read)
            .await?;
        let staff: Vec<Id> = tx
            .users()
            .await?
            .into_iter()
            .filter(|u| u.org_id == list.township_id && u.active)
            .map(|u| u.id)
            .collect();
        let today = self.clock.today();
        let certified = tx
            .certificates()
            .await?
            .into_iter()
            .filter(|c| {
                staff.contains(&c.holder_id) && c.status_on(today) == CertificateStatus::Valid
            })
            .map(|c| c.holder_id)
            .collect::<std::collections::HashSet<_>>()
            .len();
        Ok((staff.len() as u32, certified as u32))
    }

    pub async fn attach_assessment(
        &self,
        actor: &Actor,
        list_id: Id,
        input: AssessmentInput,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ManageLists)
            .await?;
        let assessment = Assessment {
            staff: input.staff,
            certified_officers: input.certified_officers,
            equipment: input.equipment.trim().to_string(),
            expected_cases_per_year: input.expected_cases_per_year,
            conclusion: input.conclusion.trim().to_string(),
            by_user: actor.user.id,
            on: self.clock.today(),
        };
        list.attach_assessment(assessment.clone())?;
        self.save_list(
            tx,
            actor,
            &list,
            "list.assessment_attached",
            serde_json::to_value(&assessment).unwrap_or_default(),
        )
        .await
    }

    pub async fn submit_list(&self, actor: &Actor, list_id: Id) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ManageLists)
            .await?;
        list.submit()?;
        self.save_list(tx, actor, &list, "list.submitted", serde_json::json!({}))
            .await
    }

    pub async fn review_list(
        &self,
        actor: &Actor,
        list_id: Id,
        approved: bool,
        opinion: &str,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ReviewList)
            .await?;
        list.review(Review {
            approved,
            opinion: opinion.trim().to_string(),
            by_user: actor.user.id,
            on: self.clock.today(),
        })?;
        self.save_list(
            tx,
            actor,
            &list,
            "list.reviewed",
            serde_json::json!({"approved": approved, "opinion": opinion.trim()}),
        )
        .await
    }

    /// Publishes the list and grants each item from its effective date, in one transaction:
    /// if any item cannot be granted, nothing is published.
    pub async fn publish_list(&self, actor: &Actor, list_id: Id) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, township) = self
            .load_list(&mut *tx, actor, list_id, Action::ManageLists)
            .await?;
        let today = self.clock.today();
        list.publish(today)?;
        for li in &list.items {
            let item = tx
                .catalog_item(li.item_id)
                .await?
                .ok_or(AppError::NotFound("事项"))?;
            let setting = item_setting(&mut *tx, &township, &item).await?;
            let existing = tx.grants_of(township.id, Some(item.id)).await?;
            check_grant(
                &setting,
                &existing,
                li.effective_from,
                li.transition_until,
                today,
            )
            .map_err(|mut r| {
                r.message = format!("“{}”：{}", item.item.name, r.message);
                r
            })?;
            let grant = Grant {
                id: 0,
                township_id: township.id,
                item_id: item.id,
                list_id: list.id,
                effective_from: li.effective_from,
                transition_until: li.transition_until,
                until: None,
                withdrawal_reason: None,
            };
            let gid = tx.insert_grant(&grant).await?;
            let payload = serde_json::json!({"item": item.item.code, "effective_from": li.effective_from, "list_id": list.id});
            self.record(
                &mut *tx,
                Some(actor),
                Some(township.id),
                "grant.created",
                format!("grant:{gid}"),
                payload,
            )
            .await?;
        }
        self.save_list(
            tx,
            actor,
            &list,
            "list.published",
            serde_json::json!({"published_on": today}),
        )
        .await?;
        self.checkpoint_after_decision().await;
        Ok(())
    }

    pub async fn file_list(&self, actor: &Actor, list_id: Id) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (mut list, _) = self
            .load_list(&mut *tx, actor, list_id, Action::ManageLists)
            .await?;
        list.mark_filed(self.clock.today())?;
        self.save_list(
            tx,
            actor,
            &list,
            "list.filed",
            serde_json::json!({"filed_on": list.filed_on}),
        )
        .await
    }

    pub async fn filing_package(&self, actor: &Actor, list_id: Id) -> AppResult<FilingPackage> {
        let view = self.list(actor, list_id).await?;
        if view.list.status != ListStatus::Published {
            return Err(AppError::Refused(zhifa_domain::Refusal::new(
                "list.not_published",
                "清单公布后方可生成备案材料",
            )));
        }
        let items = view
            .items
            .iter()
            .enumerate()
            .map(|(i, (li, item))| FilingRow {
                seq: i + 1,
                code: item.item.code.clone(),
                kind: item.item.kind.label(),
                name: item.item.name.clone(),
                basis: item
                    .item
                    .legal_basis
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("；"),
                domain: item.item.domain.clone(),
                department: item.item.department.clone(),
                effective_from: li.effective_from,
                transition_until: li.transition_until,
            })
            .collect();
        Ok(FilingPackage {
            township: view.township.name.clone(),
            township_code: view.township.code.clone(),
            batch: view.list.batch.clone(),
            published_on: view.list.published_on,
            consent: view.list.consent.clone(),
            assessment: view.list.assessment.clone(),
            review: view.list.review.clone(),
            items,
        })
    }
}
