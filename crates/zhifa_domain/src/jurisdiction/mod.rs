//! Jurisdiction over time (S2.4): for any (township, item, date) exactly one body is
//! competent — never none (监管盲区), never two.
//!
//! A delegable item belongs to its originating county department except while a grant to the
//! township is in force: a grant runs from its effective date until the day a withdrawal takes
//! effect (exclusive). Grants of one (township, item) never overlap, which the commands below
//! refuse; where the county has no such department, the county government itself is competent
//! (《行政处罚法》第二十三条: county level is the default). Statutory (法定) items are always the
//! township's own.
//!
//! Not here: finding the department's id (the caller passes it) or storing grants.

use crate::catalog::CatalogSource;
use crate::{Id, Refusal};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// 《行政处罚法》第二十四条: delegation to townships must be decided and published.
pub const BASIS_DELEGATION: &str = "《行政处罚法》第二十四条";
/// 四川指导意见 二(四): dynamic adjustment must hand powers back seamlessly (无缝衔接).
pub const BASIS_SEAMLESS: &str = "四川省司法厅乡镇执法规范化指导意见 二（四）";

/// A township's hold on a delegated item for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: Id,
    pub township_id: Id,
    pub item_id: Id,
    /// The acceptance list that granted it.
    pub list_id: Id,
    pub effective_from: NaiveDate,
    /// Last day of the transition period in which the department still assists, if any.
    pub transition_until: Option<NaiveDate>,
    /// The day a withdrawal took effect: from then on the department holds the power again.
    pub until: Option<NaiveDate>,
    pub withdrawal_reason: Option<String>,
}

impl Grant {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.until.is_none_or(|u| date < u)
    }
}

/// What the resolver needs to know about the item and the county around the township.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSetting {
    pub source: CatalogSource,
    /// The item's originating department in the township's county, if the county has one.
    pub department_id: Option<Id>,
    /// The township's county.
    pub county_id: Id,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompetenceBasis {
    /// The law gives the power to the township (法定).
    Statutory,
    /// A published acceptance list granted it.
    Granted,
    /// Never granted, or withdrawn: it stays with the county department.
    Retained,
    /// Retained, and the county has no such department: the county government is competent.
    CountyDefault,
}

/// The one competent body and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competence {
    pub holder_id: Id,
    pub basis: CompetenceBasis,
    pub grant_id: Option<Id>,
    /// During a transition period, the department that still assists.
    pub assisting_id: Option<Id>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JurisdictionError {
    #[error("数据完整性错误：同一日期有 {0} 项赋权同时有效")]
    Overlap(usize),
}

/// The competent body for `township_id`, the item and `date`.
pub fn resolve(
    setting: &ItemSetting,
    township_id: Id,
    grants: &[Grant],
    date: NaiveDate,
) -> Result<Competence, JurisdictionError> {
    if setting.source == CatalogSource::Statutory {
        return Ok(Competence {
            holder_id: township_id,
            basis: CompetenceBasis::Statutory,
            grant_id: None,
            assisting_id: None,
        });
    }
    let covering: Vec<&Grant> = grants
        .iter()
        .filter(|g| g.township_id == township_id && g.covers(date))
        .collect();
    match covering.as_slice() {
        [] => Ok(match setting.department_id {
            Some(dept) => Competence {
                holder_id: dept,
                basis: CompetenceBasis::Retained,
                grant_id: None,
                assisting_id: None,
            },
            None => Competence {
                holder_id: setting.county_id,
                basis: CompetenceBasis::CountyDefault,
                grant_id: None,
                assisting_id: None,
            },
        }),
        [g] => {
            let in_transition = g.transition_until.is_some_and(|t| date <= t);
            Ok(Competence {
                holder_id: township_id,
                basis: CompetenceBasis::Granted,
                grant_id: Some(g.id),
                assisting_id: if in_transition {
                    setting.department_id
                } else {
                    None
                },
            })
        }
        many => Err(JurisdictionError::Overlap(many.len())),
    }
}

/// May the township be granted the item from `from`? `existing` are the grants of this
/// (township, item).
pub fn check_grant(
    setting: &ItemSetting,
    existing: &[Grant],
    from: NaiveDate,
    transition_until: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if setting.source == CatalogSource::Statutory {
        return Err(
            Refusal::new("grant.statutory", "法定事项由乡镇依法直接行使，无需赋权")
                .on_field("item_id"),
        );
    }
    if setting.department_id.is_none() {
        return Err(Refusal::new(
            "grant.no_department",
            "本县没有该事项的原实施部门，赋权后无法交还，不能赋权",
        )
        .on_field("item_id"));
    }
    if from < today {
        return Err(Refusal::new(
            "grant.retroactive",
            "赋权须先公布后生效，生效日期不能早于公布日期",
        )
        .citing(BASIS_DELEGATION)
        .on_field("effective_from"));
    }
    if transition_until.is_some_and(|t| t < from) {
        return Err(Refusal::new(
            "grant.transition_before_start",
            "过渡期截止日期不能早于生效日期",
        )
        .on_field("transition_until"));
    }
    if let Some(g) = existing.iter().find(|g| g.until.is_none_or(|u| u > from)) {
        return Err(Refusal::new(
            "grant.overlap",
            format!(
                "该乡镇自 {} 起已承接该事项，不能重复赋权（同一事项同一时间只能有一个执法主体）",
                g.effective_from
            ),
        )
        .citing(BASIS_SEAMLESS)
        .on_field("item_id"));
    }
    Ok(())
}

/// May `grant` be withdrawn with effect from `effective_on`?
pub fn check_withdrawal(
    setting: &ItemSetting,
    grant: &Grant,
    effective_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if grant.until.is_some() {
        return Err(Refusal::new("withdrawal.already", "该赋权已经撤回"));
    }
    if effective_on < today {
        return Err(Refusal::new(
            "withdrawal.retroactive",
            "撤回不能追溯：此前乡镇已依法行使的职权不能事后变为无主体，撤回生效日期不能早于今日",
        )
        .citing(BASIS_SEAMLESS)
        .on_field("effective_on"));
    }
    if effective_on <= grant.effective_from {
        return Err(
            Refusal::new("withdrawal.before_start", "撤回生效日期须晚于赋权生效日期")
                .on_field("effective_on"),
        );
    }
    if setting.department_id.is_none() {
        return Err(Refusal::new(
            "withdrawal.gap",
            "本县没有该事项的原实施部门承接，撤回将形成监管盲区，不能撤回",
        )
        .citing(BASIS_SEAMLESS)
        .on_field("grant_id"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
