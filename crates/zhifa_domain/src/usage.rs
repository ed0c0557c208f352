//! How delegated items fare in operation (S2.5): which townships hold each item, how often it
//! was granted and withdrawn, and the problems townships report — the province's basis for
//! adjusting the catalog.
//!
//! Not here: counting cases handled under an item, which belongs with case handling.

use crate::jurisdiction::Grant;
use crate::{Id, Refusal};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A township's report of a problem in exercising an item (承接运行问题反馈).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemReport {
    pub id: Id,
    pub township_id: Id,
    pub item_id: Id,
    pub reported_by: Id,
    pub on: NaiveDate,
    pub text: String,
}

pub const MAX_PROBLEM_CHARS: usize = 2000;

/// A report needs words, and must concern an item the township holds or has held.
pub fn check_problem(text: &str, township_has_held_item: bool) -> Result<(), Refusal> {
    let n = text.trim().chars().count();
    if n == 0 || n > MAX_PROBLEM_CHARS {
        return Err(Refusal::new(
            "problem.text",
            format!("请描述问题（1 至 {MAX_PROBLEM_CHARS} 字）"),
        )
        .on_field("text"));
    }
    if !township_has_held_item {
        return Err(
            Refusal::new("problem.not_held", "只能反馈本乡镇承接过的事项").on_field("item_id"),
        );
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemUsage {
    pub item_id: Id,
    /// Townships holding the item on the date asked.
    pub holding: Vec<Id>,
    pub grants: u32,
    pub withdrawals: u32,
    pub problems: u32,
}

/// Usage of each item in `item_ids` on `date`, from the grants and reports given (the caller
/// passes only those of the townships in question).
pub fn item_usage(
    item_ids: &[Id],
    grants: &[Grant],
    problems: &[ProblemReport],
    date: NaiveDate,
) -> Vec<ItemUsage> {
    item_ids
        .iter()
        .map(|&item_id| {
            let of_item: Vec<&Grant> = grants.iter().filter(|g| g.item_id == item_id).collect();
            let mut holding: Vec<Id> = of_item
                .iter()
                .filter(|g| g.covers(date))
                .map(|g| g.township_id)
                .collect();
            holding.sort_unstable();
            ItemUsage {
                item_id,
                holding,
                grants: of_item.len() as u32,
                withdrawals: of_item.iter().filter(|g| g.until.is_some()).count() as u32,
                problems: problems.iter().filter(|p| p.item_id == item_id).count() as u32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, n).unwrap()
    }

    fn grant(township_id: Id, item_id: Id, from: u32, until: Option<u32>) -> Grant {
        Grant {
            id: 0,
            township_id,
            item_id,
            list_id: 1,
            effective_from: day(from),
            transition_until: None,
            until: until.map(day),
            withdrawal_reason: None,
        }
    }

    #[test]
    fn usage_counts_holders_on_the_date_grants_withdrawals_and_problems() {
        let grants = [
            grant(1, 7, 1, None),
            grant(2, 7, 1, Some(10)),
            grant(2, 8, 5, None),
        ];
        let problems = [ProblemReport {
            id: 1,
            township_id: 2,
            item_id: 7,
            reported_by: 9,
            on: day(3),
            text: "缺少检测设备".into(),
        }];
        let usage = item_usage(&[7, 8, 9], &grants, &problems, day(12));
        assert_eq!(
            usage[0],
            ItemUsage {
                item_id: 7,
                holding: vec![1],
                grants: 2,
                withdrawals: 1,
                problems: 1
            }
        );
        assert_eq!(usage[1].holding, vec![2]);
        assert_eq!(
            usage[2],
            ItemUsage {
                item_id: 9,
                holding: vec![],
                grants: 0,
                withdrawals: 0,
                problems: 0
            }
        );
        assert_eq!(
            item_usage(&[7], &grants, &[], day(5))[0].holding,
            vec![1, 2]
        );
    }

    #[test]
    fn a_report_needs_text_and_an_item_the_township_has_held() {
        assert_eq!(check_problem("  ", true).unwrap_err().code, "problem.text");
        assert_eq!(
            check_problem(&"问".repeat(MAX_PROBLEM_CHARS + 1), true)
                .unwrap_err()
                .code,
            "problem.text"
        );
        assert_eq!(
            check_problem("缺少设备", false).unwrap_err().code,
            "problem.not_held"
        );
        assert!(check_problem("缺少设备", true).is_ok());
    }
}
