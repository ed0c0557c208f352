//! The powers lists the public reads besides a township's own (事前公开, R-55): a county
//! department's list — its delegable items, each with the townships that hold it by grant on
//! the day — and a search across every body's list, for "who deals with 油烟 here?".
//!
//! A search segments the words as the decision search does (jieba, when the portal has its
//! index; else by spaces) and requires every word; the catalog of a county is small enough to
//! be matched in memory.
//!
//! Not here: who holds an item (the resolver's rules, `zhifa_domain::jurisdiction`).

use crate::App;
use crate::error::AppResult;
use crate::portal::PublicPower;
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::catalog::{CatalogItem, CatalogSource};
use zhifa_domain::jurisdiction::Grant;
use zhifa_domain::org::{OrgKind, OrgUnit};
use zhifa_store::Tx;

/// The most items a search lists.
pub const MAX_HITS: usize = 100;

/// A body as a list names it.
#[derive(Debug, Clone, Serialize)]
pub struct Holder {
    pub code: String,
    pub name: String,
}

/// An item found, with the bodies that exercise it today.
#[derive(Debug, Clone, Serialize)]
pub struct PowerHit {
    #[serde(flatten)]
    pub power: PublicPower,
    pub department: String,
    pub holders: Vec<Holder>,
}

fn holder(o: &OrgUnit) -> Holder {
    Holder {
        code: o.code.clone(),
        name: o.name.clone(),
    }
}

fn joined_basis(item: &CatalogItem) -> String {
    item.item
        .legal_basis
        .iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join("；")
}

/// The townships among `townships` that hold `item` by a grant in force on `on`.
fn granted_to<'a>(
    item: &CatalogItem,
    townships: &'a [OrgUnit],
    grants: &[Grant],
    on: NaiveDate,
) -> Vec<&'a OrgUnit> {
    townships
        .iter()
        .filter(|t| {
            grants
                .iter()
                .any(|g| g.township_id == t.id && g.item_id == item.id && g.covers(on))
        })
        .collect()
}

/// A county department's list on `on`: its delegable items, each saying which townships hold
/// it by grant that day (the department exercises it everywhere else).
pub(crate) async fn department_powers(
    tx: &mut dyn Tx,
    department: &OrgUnit,
    on: NaiveDate,
) -> AppResult<Vec<(CatalogItem, PublicPower)>> {
    let townships: Vec<OrgUnit> = tx
        .orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township && o.parent_id == department.parent_id)
        .collect();
    let grants = tx.grants().await?;
    let mut items = tx.catalog_items().await?;
    items.retain(|i| {
        i.item.source == CatalogSource::Delegable && i.item.department == department.name
    });
    items.sort_by(|a, b| a.item.code.cmp(&b.item.code));
    Ok(items
        .into_iter()
        .map(|item| {
            let granted = granted_to(&item, &townships, &grants, on);
            let basis = if granted.is_empty() {
                "本部门行使".to_string()
            } else {
                let names: Vec<&str> = granted.iter().map(|t| t.name.as_str()).collect();
                format!("已赋权{}，其余由本部门行使", names.join("、"))
            };
            let power = PublicPower {
                code: item.item.code.clone(),
                name: item.item.name.clone(),
                legal_basis: joined_basis(&item),
                domain: item.item.domain.clone(),
                basis,
                in_transition: false,
            };
            (item, power)
        })
        .collect())
}

impl App {
    /// The catalog items whose code, name, basis, domain or department hold every word of
    /// `text`, each with the bodies that exercise it today (public).
    pub async fn search_powers(&self, text: &str) -> AppResult<Vec<PowerHit>> {
        let words: Vec<String> = match &self.search {
            Some(index) => index.words(text),
            None => text.split_whitespace().map(str::to_lowercase).collect(),
        };
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let today = self.clock.today();
        let mut tx = self.begin_read().await?;
        let orgs = tx.orgs().await?;
        let townships: Vec<OrgUnit> = orgs
            .iter()
            .filter(|o| o.kind == OrgKind::Township)
            .cloned()
            .collect();
        let grants = tx.grants().await?;
        let mut items = tx.catalog_items().await?;
        items.sort_by(|a, b| a.item.code.cmp(&b.item.code));
        items.dedup_by(|a, b| a.item.code == b.item.code);
        let mut hits = Vec::new();
        for item in items {
            let haystack = format!(
                "{} {} {} {} {}",
                item.item.code,
                item.item.name,
                joined_basis(&item),
                item.item.domain,
                item.item.department
            )
            .to_lowercase();
            if !words.iter().all(|w| haystack.contains(w.as_str())) {
                continue;
            }
            let statutory = item.item.source == CatalogSource::Statutory;
            let mut holders: Vec<Holder> = if statutory {
                townships.iter().map(holder).collect()
            } else {
                granted_to(&item, &townships, &grants, today)
                    .into_iter()
                    .map(holder)
                    .collect()
            };
            if !statutory && holders.len() < townships.len() {
                let elsewhere = !holders.is_empty();
                holders.extend(
                    orgs.iter()
                        .filter(|o| {
                            o.kind == OrgKind::CountyDepartment && o.name == item.item.department
                        })
                        .map(|o| {
                            let mut h = holder(o);
                            if elsewhere {
                                h.name.push_str("（其余乡镇(街道)）");
                            }
                            h
                        }),
                );
            }
            hits.push(PowerHit {
                power: PublicPower {
                    code: item.item.code.clone(),
                    name: item.item.name.clone(),
                    legal_basis: joined_basis(&item),
                    domain: item.item.domain.clone(),
                    basis: item.item.source.label().to_string(),
                    in_transition: false,
                },
                department: item.item.department.clone(),
                holders,
            });
            if hits.len() == MAX_HITS {
                break;
            }
        }
        Ok(hits)
    }
}
