//! Acceptance lists (承接事项清单, S2.2 – S2.3): the county drafts a township's list from the
//! catalog, the township consents, a capability assessment is attached, the city reviews, and
//! only then is the list published — publication is what grants the items.
//!
//! Each step is a function from the list as it is to the list as it becomes, or a [`Refusal`].
//! Changing the items after consent voids the consent: the township agreed to a specific list.
//! Not here: creating the grants (see [`crate::jurisdiction::check_grant`]), storage.

use crate::catalog::{CatalogItem, CatalogSource};
use crate::jurisdiction::BASIS_DELEGATION;
use crate::{Id, Refusal};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 四川指导意见 二(三): consent, assessment, review, publication and filing.
pub const BASIS_LIST: &str = "四川省司法厅乡镇执法规范化指导意见 二（三）";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    /// 拟定中: the county edits it.
    Draft,
    /// 乡镇已同意: consent recorded.
    Consented,
    /// 报市审核: submitted to the city.
    Submitted,
    /// 市级审核通过.
    Approved,
    /// 已公布: items granted.
    Published,
}

impl ListStatus {
    pub fn key(self) -> &'static str {
        match self {
            ListStatus::Draft => "draft",
            ListStatus::Consented => "consented",
            ListStatus::Submitted => "submitted",
            ListStatus::Approved => "approved",
            ListStatus::Published => "published",
        }
    }

    pub fn parse(key: &str) -> Option<ListStatus> {
        [
            ListStatus::Draft,
            ListStatus::Consented,
            ListStatus::Submitted,
            ListStatus::Approved,
            ListStatus::Published,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            ListStatus::Draft => "拟定中",
            ListStatus::Consented => "乡镇已同意",
            ListStatus::Submitted => "待市级审核",
            ListStatus::Approved => "市级审核通过",
            ListStatus::Published => "已公布",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    pub item_id: Id,
    pub effective_from: NaiveDate,
    /// Last day of the transition period (过渡期).
    pub transition_until: Option<NaiveDate>,
}

/// 乡镇同意承接: who consented for the township, when, and on what document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub agreed: bool,
    pub by_user: Id,
    pub on: NaiveDate,
    /// The township's written reply (文号 or description).
    pub document: String,
}

/// 承接能力评估.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    pub staff: u32,
    pub certified_officers: u32,
    pub equipment: String,
    pub expected_cases_per_year: u32,
    pub conclusion: String,
    pub by_user: Id,
    pub on: NaiveDate,
}

/// 市级审核.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub approved: bool,
    pub opinion: String,
    pub by_user: Id,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceList {
    pub id: Id,
    pub township_id: Id,
    /// 批次, e.g. 第二批.
    pub batch: String,
    pub status: ListStatus,
    pub items: Vec<ListItem>,
    pub consent: Option<Consent>,
    pub assessment: Option<Assessment>,
    pub review: Option<Review>,
    pub created_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    /// 报省备案 date.
    pub filed_on: Option<NaiveDate>,
}

impl AcceptanceList {
    pub fn new(
        id: Id,
        township_id: Id,
        batch: &str,
        today: NaiveDate,
    ) -> Result<AcceptanceList, Refusal> {
        if batch.trim().is_empty() {
            return Err(Refusal::new("list.batch_empty", "请填写批次").on_field("batch"));
        }
        Ok(AcceptanceList {
            id,
            township_id,
            batch: batch.trim().to_string(),
            status: ListStatus::Draft,
            items: vec![],
            consent: None,
            assessment: None,
            review: None,
            created_on: today,
            published_on: None,
            filed_on: None,
        })
    }

    fn editable(&self) -> Result<(), Refusal> {
        match self.status {
            ListStatus::Draft | ListStatus::Consented => Ok(()),
            s => Err(Refusal::new(
                "list.not_editable",
                format!("清单状态为“{}”，不能再修改事项", s.label()),
            )),
        }
    }

    /// Editing voids a consent already given: the township agreed to the list as it was.
    fn void_consent(&mut self) {
        self.consent = None;
        self.status = ListStatus::Draft;
    }

    /// Adds a catalog item. Only delegable items from the catalog enter a list.
    pub fn add_item(
        &mut self,
        item: &CatalogItem,
        effective_from: NaiveDate,
        transition_until: Option<NaiveDate>,
    ) -> Result<(), Refusal> {
        self.editable()?;
        if item.item.source != CatalogSource::Delegable {
            return Err(Refusal::new(
                "list.statutory_item",
                format!(
                    "“{}”是法定事项，由乡镇直接行使，不列入承接清单",
                    item.item.name
                ),
            )
            .on_field("item_id"));
        }
        if self.items.iter().any(|i| i.item_id == item.id) {
            return Err(Refusal::new(
                "list.duplicate_item",
                format!("“{}”已在清单中", item.item.name),
            )
            .on_field("item_id"));
        }
        if transition_until.is_some_and(|t| t < effective_from) {
            return Err(Refusal::new(
                "list.transition_before_start",
                "过渡期截止日期不能早于生效日期",
            )
            .on_field("transition_until"));
        }
        self.items.push(ListItem {
            item_id: item.id,
            effective_from,
            transition_until,
        });
        self.void_consent();
        Ok(())
    }

    pub fn remove_item(&mut self, item_id: Id) -> Result<(), Refusal> {
        self.editable()?;
        let before = self.items.len();
        self.items.retain(|i| i.item_id != item_id);
        if self.items.len() == before {
            return Err(Refusal::new("list.item_absent", "清单中没有该事项").on_field("item_id"));
        }
        self.void_consent();
        Ok(())
    }

    /// The township's answer. Only a township head may give it (checked by the caller's
    /// authorization); no delegation without it.
    pub fn record_consent(&mut self, consent: Consent) -> Result<(), Refusal> {
        self.editable()?;
        if self.items.is_empty() {
            return Err(Refusal::new("list.empty", "清单没有事项，无需征求意见"));
        }
        if consent.document.trim().is_empty() {
            return Err(
                Refusal::new("list.consent_document", "请填写乡镇书面意见的文号或说明")
                    .on_field("document"),
            );
        }
        self.status = if consent.agreed {
            ListStatus::Consented
        } else {
            ListStatus::Draft
        };
        self.consent = Some(consent);
        Ok(())
    }

    pub fn attach_assessment(&mut self, assessment: Assessment) -> Result<(), Refusal> {
        self.editable()?;
        if assessment.conclusion.trim().is_empty() {
            return Err(
                Refusal::new("list.assessment_conclusion", "请填写评估结论").on_field("conclusion")
            );
        }
        self.assessment = Some(assessment);
        Ok(())
    }

    /// 报市审核: needs the township's consent and the capability assessment.
    pub fn submit(&mut self) -> Result<(), Refusal> {
        if self.status != ListStatus::Consented || !self.consent.as_ref().is_some_and(|c| c.agreed)
        {
            return Err(Refusal::new(
                "list.no_consent",
                "乡镇尚未书面同意承接，不能报审（未经乡镇同意不得赋权）",
            )
            .citing(BASIS_LIST));
        }
        if self.assessment.is_none() {
            return Err(
                Refusal::new("list.no_assessment", "尚未附承接能力评估，不能报审")
                    .citing(BASIS_LIST),
            );
        }
        self.status = ListStatus::Submitted;
        self.review = None;
        Ok(())
    }

    /// 市级审核. A rejection returns the list to the county with the consent intact.
    pub fn review(&mut self, review: Review) -> Result<(), Refusal> {
        if self.status != ListStatus::Submitted {
            return Err(Refusal::new("list.not_submitted", "清单未报审，不能审核"));
        }
        if !review.approved && review.opinion.trim().is_empty() {
            return Err(
                Refusal::new("list.review_reason", "不同意的，请写明审核意见").on_field("opinion"),
            );
        }
        self.status = if review.approved {
            ListStatus::Approved
        } else {
            ListStatus::Consented
        };
        self.review = Some(review);
        Ok(())
    }

    /// 公布. Items take effect only after publication, so none may start before today.
    pub fn publish(&mut self, today: NaiveDate) -> Result<(), Refusal> {
        if self.status != ListStatus::Approved {
            return Err(
                Refusal::new("list.not_approved", "清单未经市级审核通过，不能公布")
                    .citing(BASIS_LIST),
            );
        }
        if let Some(i) = self.items.iter().find(|i| i.effective_from < today) {
            return Err(Refusal::new(
                "list.effective_in_past",
                format!(
                    "事项生效日期 {} 早于公布日期，赋权须先公布后生效；请退回修改生效日期",
                    i.effective_from
                ),
            )
            .citing(BASIS_DELEGATION));
        }
        self.status = ListStatus::Published;
        self.published_on = Some(today);
        Ok(())
    }

    /// 报省备案: the filing package has gone to the province.
    pub fn mark_filed(&mut self, today: NaiveDate) -> Result<(), Refusal> {
        if self.status != ListStatus::Published {
            return Err(Refusal::new("list.not_published", "清单公布后方可报备"));
        }
        if self.filed_on.is_some() {
            return Err(Refusal::new("list.already_filed", "清单已报备"));
        }
        self.filed_on = Some(today);
        Ok(())
    }
}

/// 一类乡镇一张清单: an item some but not all townships of a class hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deviation {
    pub item_id: Id,
    pub holders: Vec<Id>,
    pub missing: Vec<Id>,
}

/// Items held unevenly across the townships of one class. `holdings` pairs each township
/// with the items it holds on the date in question.
pub fn class_deviations(holdings: &[(Id, Vec<Id>)]) -> Vec<Deviation> {
    let mut items: Vec<Id> = holdings
        .iter()
        .flat_map(|(_, items)| items.iter().copied())
        .collect();
    items.sort_unstable();
    items.dedup();
    items
        .into_iter()
        .filter_map(|item| {
            let (holders, missing): (Vec<_>, Vec<_>) =
                holdings.iter().partition(|(_, held)| held.contains(&item));
            (!missing.is_empty()).then(|| Deviation {
                item_id: item,
                holders: holders.iter().map(|(t, _)| *t).collect(),
                missing: missing.iter().map(|(t, _)| *t).collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
