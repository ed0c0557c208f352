//! The administrative tree and the roles people hold in it.
//!
//! Jurisdiction is a subtree: an organisation's `path` lists its ancestors' ids
//! (`/1/4/9/`), so "is X within Y" is a prefix test that needs no recursion and no database.

use crate::{Id, Refusal};
use serde::{Deserialize, Serialize};

/// Kinds of body in the tree (province → city → county → township; county departments;
/// the county justice bureau and its township 司法所).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Province,
    City,
    County,
    Township,
    CountyDepartment,
    JusticeBureau,
    JusticeOffice,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Province,
        OrgKind::City,
        OrgKind::County,
        OrgKind::Township,
        OrgKind::CountyDepartment,
        OrgKind::JusticeBureau,
        OrgKind::JusticeOffice,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrgKind::Province => "province",
            OrgKind::City => "city",
            OrgKind::County => "county",
            OrgKind::Township => "township",
            OrgKind::CountyDepartment => "county_department",
            OrgKind::JusticeBureau => "justice_bureau",
            OrgKind::JusticeOffice => "justice_office",
        }
    }

    pub fn parse(key: &str) -> Option<OrgKind> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Province => "省",
            OrgKind::City => "市(州)",
            OrgKind::County => "县(市、区)",
            OrgKind::Township => "乡镇(街道)",
            OrgKind::CountyDepartment => "县级行业主管部门",
            OrgKind::JusticeBureau => "县级司法行政部门",
            OrgKind::JusticeOffice => "司法所",
        }
    }

    /// Which kind of body may sit directly under which.
    pub fn may_have_parent(self, parent: Option<OrgKind>) -> bool {
        use OrgKind::*;
        matches!(
            (self, parent),
            (Province, None)
                | (City, Some(Province))
                | (County, Some(City))
                | (Township, Some(County))
                | (CountyDepartment, Some(County))
                | (JusticeBureau, Some(County))
                | (JusticeOffice, Some(Township))
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: Id,
    pub parent_id: Option<Id>,
    pub kind: OrgKind,
    pub name: String,
    /// Unique code, e.g. the administrative division code of a township.
    pub code: String,
    /// `/1/4/9/`: the ids from the root down to and including this unit.
    pub path: String,
    /// For townships: the class (一类乡镇一张清单) it belongs to.
    pub class_id: Option<Id>,
}

impl OrgUnit {
    /// True when `other` is this unit or lies below it.
    pub fn contains(&self, other: &OrgUnit) -> bool {
        other.path.starts_with(&self.path)
    }

    /// The path a child of this unit with `child_id` gets.
    pub fn child_path(parent: Option<&OrgUnit>, child_id: Id) -> String {
        match parent {
            Some(p) => format!("{}{child_id}/", p.path),
            None => format!("/{child_id}/"),
        }
    }

    /// Ids of this unit's ancestors, from the root, excluding itself.
    pub fn ancestor_ids(&self) -> Vec<Id> {
        let mut ids: Vec<Id> = self
            .path
            .split('/')
            .filter_map(|s| s.parse().ok())
            .collect();
        ids.pop();
        ids
    }
}

/// Checks a new unit's name, code and place in the tree.
pub fn check_new_org(
    kind: OrgKind,
    parent: Option<&OrgUnit>,
    name: &str,
    code: &str,
) -> Result<(), Refusal> {
    if name.trim().is_empty() {
        return Err(Refusal::new("org.name_empty", "机构名称不能为空").on_field("name"));
    }
    if code.trim().is_empty() || code.chars().any(char::is_whitespace) {
        return Err(
            Refusal::new("org.code_invalid", "机构编码不能为空且不能含空格").on_field("code"),
        );
    }
    if !kind.may_have_parent(parent.map(|p| p.kind)) {
        let under = parent.map_or("顶层".to_string(), |p| p.kind.label().to_string());
        return Err(Refusal::new(
            "org.bad_parent",
            format!("{}不能设在{}之下", kind.label(), under),
        )
        .on_field("parent"));
    }
    Ok(())
}

/// The roles of REQUIREMENTS "Who uses it".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员 at a level of the tree: users, catalogs, township lists in its subtree.
    Administrator,
    /// 执法人员 (持证).
    Officer,
    /// 执法辅助人员: assists, never counts as an officer.
    Auxiliary,
    /// 法制审核人员.
    LegalReviewer,
    /// 乡镇负责人: approves, decides, consents to accepting powers.
    TownshipHead,
    /// 县级行业主管部门 staff.
    Department,
    /// 县级司法行政部门 / 司法所: supervision, certificates, training.
    Justice,
    /// 市(州)/省 reviewers who review and receive filing of lists.
    FilingReviewer,
    /// 特邀监督员: read-only.
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Administrator,
        Role::Officer,
        Role::Auxiliary,
        Role::LegalReviewer,
        Role::TownshipHead,
        Role::Department,
        Role::Justice,
        Role::FilingReviewer,
        Role::Supervisor,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Officer => "officer",
            Role::Auxiliary => "auxiliary",
            Role::LegalReviewer => "legal_reviewer",
            Role::TownshipHead => "township_head",
            Role::Department => "department",
            Role::Justice => "justice",
            Role::FilingReviewer => "filing_reviewer",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn parse(key: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Administrator => "系统管理员",
            Role::Officer => "执法人员",
            Role::Auxiliary => "执法辅助人员",
            Role::LegalReviewer => "法制审核人员",
            Role::TownshipHead => "乡镇负责人",
            Role::Department => "县级行业主管部门",
            Role::Justice => "司法行政部门",
            Role::FilingReviewer => "市(州)/省审核备案",
            Role::Supervisor => "特邀监督员",
        }
    }

    /// The kinds of body a holder of this role may belong to.
    pub fn fits_org(self, kind: OrgKind) -> bool {
        use OrgKind::*;
        match self {
            Role::Administrator => matches!(kind, Province | City | County),
            Role::Officer | Role::Auxiliary | Role::LegalReviewer => {
                matches!(kind, Township | CountyDepartment)
            }
            Role::TownshipHead => kind == Township,
            Role::Department => kind == CountyDepartment,
            Role::Justice => matches!(kind, JusticeBureau | JusticeOffice),
            Role::FilingReviewer => matches!(kind, Province | City),
            Role::Supervisor => matches!(kind, County | City | Province),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: Id, path: &str, kind: OrgKind) -> OrgUnit {
        OrgUnit {
            id,
            parent_id: None,
            kind,
            name: format!("u{id}"),
            code: format!("c{id}"),
            path: path.into(),
            class_id: None,
        }
    }

    #[test]
    fn a_county_contains_its_townships_but_not_its_neighbours() {
        let county = unit(3, "/1/2/3/", OrgKind::County);
        let township = unit(4, "/1/2/3/4/", OrgKind::Township);
        let other = unit(33, "/1/2/33/", OrgKind::County);
        assert!(county.contains(&township));
        assert!(county.contains(&county));
        assert!(!township.contains(&county));
        assert!(!other.contains(&township));
        assert_eq!(township.ancestor_ids(), vec![1, 2, 3]);
    }

    #[test]
    fn path_prefixes_do_not_confuse_ids_with_common_digits() {
        let a = unit(1, "/1/", OrgKind::Province);
        let b = unit(12, "/12/", OrgKind::Province);
        assert!(!a.contains(&b));
    }

    #[test]
    fn the_tree_only_takes_bodies_in_their_place() {
        let county = unit(3, "/1/2/3/", OrgKind::County);
        assert!(check_new_org(OrgKind::Township, Some(&county), "某镇", "510001").is_ok());
        assert_eq!(
            check_new_org(OrgKind::City, Some(&county), "某市", "5101")
                .unwrap_err()
                .code,
            "org.bad_parent"
        );
        assert_eq!(
            check_new_org(OrgKind::Township, Some(&county), " ", "5")
                .unwrap_err()
                .code,
            "org.name_empty"
        );
    }

    #[test]
    fn roles_round_trip_and_fit_their_bodies() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Some(r));
        }
        assert!(Role::TownshipHead.fits_org(OrgKind::Township));
        assert!(!Role::TownshipHead.fits_org(OrgKind::County));
        assert!(!Role::Auxiliary.fits_org(OrgKind::County));
    }
}
