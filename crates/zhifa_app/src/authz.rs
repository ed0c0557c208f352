//! Authorization by role × jurisdiction, decided here and nowhere else.
//!
//! An actor's *scope* is the subtree it may see: its own body, except that county departments
//! and the county justice bureau see their county, and a 司法所 sees its township. Within the
//! scope, the role decides what the actor may change. Handlers and templates never decide:
//! they call a use case, which calls [`authorize`] with the body the data belongs to.

use crate::error::{AppError, AppResult};
use zhifa_domain::org::{OrgKind, OrgUnit, Role};
use zhifa_store::User;

/// A signed-in person with their body and scope.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
    pub org: OrgUnit,
    pub scope: OrgUnit,
}

impl Actor {
    /// The scope of a user at `org`, given `org`'s parent.
    pub fn new(user: User, org: OrgUnit, parent: Option<OrgUnit>) -> Actor {
        let widen = matches!(
            org.kind,
            OrgKind::CountyDepartment | OrgKind::JusticeBureau | OrgKind::JusticeOffice
        );
        let scope = match parent {
            Some(p) if widen => p,
            _ => org.clone(),
        };
        Actor { user, org, scope }
    }

    pub fn role(&self) -> Role {
        self.user.role
    }

    pub fn sees(&self, target: &OrgUnit) -> bool {
        self.scope.contains(target)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read a body's data: lists, grants, officers, compliance, users.
    Read,
    /// Import laws and catalogs (reference data shared by all).
    ManageReference,
    /// Create bodies and township classes, assign classes.
    ManageOrgs,
    ManageUsers,
    /// Draft a township's acceptance list, attach the assessment, submit, publish, file,
    /// withdraw grants.
    ManageLists,
    /// Record the township's consent to a list.
    ConsentList,
    /// Review a list as the city (or province).
    ReviewList,
    /// Issue, review and revoke certificates.
    ManageCertificates,
    RecordTraining,
    RecordAssessment,
    /// Report a problem in exercising a delegated item (S2.5).
    ReportProblem,
    /// Add evidence to the full-process record (《行政处罚法》第四十七条).
    AddEvidence,
    /// Register and handle penalty cases: officers, reviewers and heads of the case's township.
    /// Which step each of them may take is the case workflow's rule (办审定分离).
    HandleCases,
    /// Accept, refuse, transfer and answer complaints sent to the body, and, for the county
    /// justice bureau, supervise them (督办).
    HandleComplaints,
}

fn allowed(role: Role, action: Action, actor_kind: OrgKind) -> bool {
    use Action::*;
    match action {
        Read => true,
        ManageReference => role == Role::Administrator,
        ManageOrgs | ManageUsers | ManageLists => role == Role::Administrator,
        ConsentList => role == Role::TownshipHead,
        ReviewList => role == Role::FilingReviewer,
        ManageCertificates => role == Role::Justice && actor_kind == OrgKind::JusticeBureau,
        RecordTraining => matches!(role, Role::Justice | Role::Department),
        RecordAssessment => matches!(role, Role::Justice | Role::TownshipHead),
        ReportProblem => matches!(
            role,
            Role::TownshipHead | Role::Officer | Role::LegalReviewer
        ),
        // Townships only for now: the approvals of a case (filing, decision) are the
        // township head's, and county departments have no such role yet.
        HandleCases => {
            matches!(
                role,
                Role::TownshipHead | Role::Officer | Role::LegalReviewer
            ) && actor_kind == OrgKind::Township
        }
        HandleComplaints => matches!(
            role,
            Role::TownshipHead
                | Role::Officer
                | Role::LegalReviewer
                | Role::Department
                | Role::Justice
        ),
        // Auxiliaries (执法辅助人员) record and upload under an officer's direction.
        AddEvidence => matches!(
            role,
            Role::Officer | Role::Auxiliary | Role::LegalReviewer | Role::TownshipHead
        ),
    }
}

/// May `actor` do `action` on data belonging to `target`?
pub fn authorize(actor: &Actor, action: Action, target: &OrgUnit) -> AppResult<()> {
    if !actor.user.active {
        return Err(AppError::Unauthenticated);
    }
    if actor.sees(target) && allowed(actor.role(), action, actor.org.kind) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Handling a case belongs to the people of the case's own body: a county department that
/// sees a township's cases may read them, never take their steps.
pub fn authorize_case_handling(actor: &Actor, case_org: &OrgUnit) -> AppResult<()> {
    authorize(actor, Action::HandleCases, case_org)?;
    if actor.org.id == case_org.id {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// How an actor stands to a complaint: whether they may read it (and its filer's contact),
/// and whether they act for the bureau that supervises it. A complaint belongs to the body
/// handling it and to the county justice bureau over that body; a body that passed it on no
/// longer sees it.
pub fn complaint_access(
    actor: &Actor,
    handler: &OrgUnit,
    supervisor_id: Option<zhifa_domain::Id>,
) -> AppResult<zhifa_domain::complaint::ActingBody> {
    authorize(actor, Action::Read, handler)?;
    let supervises = actor.org.kind == OrgKind::JusticeBureau;
    if actor.org.id == handler.id || supervises || Some(actor.org.id) == supervisor_id {
        Ok(zhifa_domain::complaint::ActingBody {
            id: actor.org.id,
            supervises,
        })
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the actor's role allows `action` anywhere in its scope: what menus offer. The
/// decision on a particular body is still [`authorize`]'s.
pub fn may(actor: &Actor, action: Action) -> bool {
    actor.user.active && allowed(actor.role(), action, actor.org.kind)
}

/// Actions on reference data (laws, catalogs) that belong to no one body.
pub fn authorize_reference(actor: &Actor, action: Action) -> AppResult<()> {
    if !actor.user.active {
        return Err(AppError::Unauthenticated);
    }
    let ok = match action {
        Action::Read => true,
        Action::ManageReference => actor.role() == Role::Administrator,
        _ => false,
    };
    if ok { Ok(()) } else { Err(AppError::Forbidden) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(id: i64, path: &str, kind: OrgKind) -> OrgUnit {
        OrgUnit {
            id,
            parent_id: None,
            kind,
            name: format!("o{id}"),
            code: format!("c{id}"),
            path: path.into(),
            class_id: None,
        }
    }

    fn actor(role: Role, o: OrgUnit, parent: Option<OrgUnit>) -> Actor {
        let user = zhifa_store::User {
            id: 1,
            username: "u".into(),
            display_name: "u".into(),
            role,
            org_id: o.id,
            password_hash: String::new(),
            active: true,
            created_at: chrono::DateTime::UNIX_EPOCH,
        };
        Actor::new(user, o, parent)
    }

    #[test]
    fn a_township_user_sees_only_its_township() {
        let county = org(3, "/1/2/3/", OrgKind::County);
        let a = org(4, "/1/2/3/4/", OrgKind::Township);
        let b = org(5, "/1/2/3/5/", OrgKind::Township);
        let officer = actor(Role::Officer, a.clone(), Some(county.clone()));
        assert!(authorize(&officer, Action::Read, &a).is_ok());
        assert!(matches!(
            authorize(&officer, Action::Read, &b),
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            authorize(&officer, Action::Read, &county),
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            authorize(&officer, Action::ManageLists, &a),
            Err(AppError::Forbidden)
        ));
    }

    #[test]
    fn county_departments_and_the_justice_bureau_see_their_county() {
        let county = org(3, "/1/2/3/", OrgKind::County);
        let town = org(4, "/1/2/3/4/", OrgKind::Township);
        let other = org(9, "/1/2/9/10/", OrgKind::Township);
        let justice = actor(
            Role::Justice,
            org(6, "/1/2/3/6/", OrgKind::JusticeBureau),
            Some(county.clone()),
        );
        assert!(authorize(&justice, Action::ManageCertificates, &town).is_ok());
        assert!(authorize(&justice, Action::ManageCertificates, &other).is_err());
        let office = actor(
            Role::Justice,
            org(7, "/1/2/3/4/7/", OrgKind::JusticeOffice),
            Some(town.clone()),
        );
        assert!(authorize(&office, Action::Read, &town).is_ok());
        assert!(
            authorize(&office, Action::ManageCertificates, &town).is_err(),
            "a 司法所 does not issue certificates"
        );
    }

    #[test]
    fn only_the_townships_head_consents_and_only_the_city_reviews() {
        let city = org(2, "/1/2/", OrgKind::City);
        let county = org(3, "/1/2/3/", OrgKind::County);
        let town = org(4, "/1/2/3/4/", OrgKind::Township);
        let head = actor(Role::TownshipHead, town.clone(), Some(county.clone()));
        assert!(authorize(&head, Action::ConsentList, &town).is_ok());
        let admin = actor(Role::Administrator, county.clone(), Some(city.clone()));
        assert!(authorize(&admin, Action::ConsentList, &town).is_err());
        assert!(authorize(&admin, Action::ManageLists, &town).is_ok());
        assert!(authorize(&admin, Action::ReviewList, &town).is_err());
        let reviewer = actor(Role::FilingReviewer, city, None);
        assert!(authorize(&reviewer, Action::ReviewList, &town).is_ok());
    }

    #[test]
    fn a_deactivated_user_can_do_nothing() {
        let town = org(4, "/1/2/3/4/", OrgKind::Township);
        let mut officer = actor(Role::Officer, town.clone(), None);
        officer.user.active = false;
        assert!(matches!(
            authorize(&officer, Action::Read, &town),
            Err(AppError::Unauthenticated)
        ));
    }
}
