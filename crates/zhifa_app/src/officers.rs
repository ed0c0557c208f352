//! Officer use cases (S3): certificates, annual reviews, revocation, training, annual
//! assessments and the compliance view per township.

use crate::App;
use crate::authz::{Action, Actor, authorize};
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use chrono::NaiveDate;
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::officers::{
    AnnualAssessment, AnnualReview, Certificate, CertificateApplication, CertificateStatus,
    Compliance, Grade, PersonFacts, RevocationGround, TrainingKind, TrainingRecord,
    check_application, check_training, compliance,
};
use zhifa_domain::org::OrgUnit;
use zhifa_store::{Tx, User};

#[derive(Debug, Clone, Serialize)]
pub struct CertificateView {
    pub certificate: Certificate,
    pub status: CertificateStatus,
    pub status_label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub user_id: Id,
    pub display_name: String,
    pub role_label: &'static str,
    pub org: OrgUnit,
    pub certificates: Vec<CertificateView>,
    pub training: Vec<TrainingRecord>,
    pub assessments: Vec<AnnualAssessment>,
}

async fn load_person(tx: &mut dyn Tx, user_id: Id) -> AppResult<(User, OrgUnit)> {
    let user = tx.user(user_id).await?.ok_or(AppError::NotFound("人员"))?;
    let org = load_org(tx, user.org_id).await?;
    Ok((user, org))
}

fn view(c: Certificate, today: NaiveDate) -> CertificateView {
    let status = c.status_on(today);
    CertificateView {
        certificate: c,
        status,
        status_label: status.label(),
    }
}

impl App {
    pub async fn person(&self, actor: &Actor, user_id: Id) -> AppResult<PersonView> {
        let mut tx = self.begin().await?;
        let (user, org) = load_person(&mut *tx, user_id).await?;
        authorize(actor, Action::Read, &org)?;
        let today = self.clock.today();
        let certificates = tx
            .certificates()
            .await?
            .into_iter()
            .filter(|c| c.holder_id == user_id)
            .map(|c| view(c, today))
            .collect();
        let training = tx
            .training()
            .await?
            .into_iter()
            .filter(|t| t.user_id == user_id)
            .collect();
        let assessments = tx
            .assessments()
            .await?
            .into_iter()
            .filter(|a| a.user_id == user_id)
            .collect();
        Ok(PersonView {
            user_id,
            display_name: user.display_name,
            role_label: user.role.label(),
            org,
            certificates,
            training,
            assessments,
        })
    }

    /// Issues a certificate: only to non-auxiliary staff with an established post who
    /// passed both exams. `actor` is `None` for the system (demo set-up).
    pub async fn issue_certificate(
        &self,
        actor: Option<&Actor>,
        holder_id: Id,
        app: CertificateApplication,
    ) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let (holder, org) = load_person(&mut *tx, holder_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::ManageCertificates, &org)?;
        }
        let taken = tx.certificate_by_number(app.number.trim()).await?.is_some();
        check_application(holder.role, &app, taken)?;
        let c = Certificate {
            id: 0,
            holder_id,
            number: app.number.trim().to_string(),
            issued_on: app.issued_on,
            expires_on: app.expires_on,
            domains: app
                .domains
                .iter()
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect(),
            revocation: None,
            reviews: vec![],
        };
        let id = tx.insert_certificate(&c).await?;
        let payload = serde_json::json!({"number": c.number, "holder_id": holder_id, "domains": c.domains, "expires_on": c.expires_on});
        self.record(
            &mut *tx,
            actor,
            Some(org.id),
            "certificate.issued",
            format!("certificate:{id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn change_certificate(
        &self,
        actor: &Actor,
        certificate_id: Id,
        kind: &str,
        change: impl FnOnce(&mut Certificate) -> Result<serde_json::Value, zhifa_domain::Refusal>,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let mut c = tx
            .certificate(certificate_id)
            .await?
            .ok_or(AppError::NotFound("证件"))?;
        let (_, org) = load_person(&mut *tx, c.holder_id).await?;
        authorize(actor, Action::ManageCertificates, &org)?;
        let payload = change(&mut c)?;
        tx.update_certificate(&c).await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(org.id),
            kind,
            format!("certificate:{certificate_id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn review_certificate(
        &self,
        actor: &Actor,
        certificate_id: Id,
        year: i32,
        passed: bool,
    ) -> AppResult<()> {
        let on = self.clock.today();
        self.change_certificate(actor, certificate_id, "certificate.reviewed", |c| {
            c.record_review(AnnualReview { year, passed, on })?;
            Ok(serde_json::json!({"year": year, "passed": passed}))
        })
        .await
    }

    pub async fn revoke_certificate(
        &self,
        actor: &Actor,
        certificate_id: Id,
        ground: RevocationGround,
        reason: &str,
    ) -> AppResult<()> {
        let on = self.clock.today();
        self.change_certificate(actor, certificate_id, "certificate.revoked", |c| {
            c.revoke(on, ground, reason)?;
            Ok(serde_json::json!({"ground": ground.key(), "reason": reason.trim()}))
        })
        .await
    }

    pub async fn record_training(
        &self,
        actor: Option<&Actor>,
        user_id: Id,
        kind: TrainingKind,
        hours: u32,
        course: &str,
        on: NaiveDate,
    ) -> AppResult<Id> {
        check_training(hours, course)?;
        let mut tx = self.begin().await?;
        let (_, org) = load_person(&mut *tx, user_id).await?;
        if let Some(a) = actor {
            authorize(a, Action::RecordTraining, &org)?;
        }
        if on > self.clock.today() {
            return Err(AppError::invalid("on", "培训日期不能晚于今日"));
        }
        let record = TrainingRecord {
            id: 0,
            user_id,
            kind,
            hours,
            course: course.trim().to_string(),
            on,
        };
        let id = tx.insert_training(&record).await?;
        let payload = serde_json::json!({"kind": kind.key(), "hours": hours, "course": record.course, "on": on});
        self.record(
            &mut *tx,
            actor,
            Some(org.id),
            "training.recorded",
            format!("user:{user_id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn record_assessment(
        &self,
        actor: &Actor,
        user_id: Id,
        year: i32,
        grade: Grade,
        note: &str,
    ) -> AppResult<Id> {
        let mut tx = self.begin().await?;
        let (_, org) = load_person(&mut *tx, user_id).await?;
        authorize(actor, Action::RecordAssessment, &org)?;
        let today = self.clock.today();
        if year > chrono::Datelike::year(&today) {
            return Err(AppError::invalid("year", "不能考核未来年度"));
        }
        let a = AnnualAssessment {
            id: 0,
            user_id,
            year,
            grade,
            note: note.trim().to_string(),
            by_user: actor.user.id,
            on: today,
        };
        let id = tx.insert_assessment(&a).await?;
        self.record(
            &mut *tx,
            Some(actor),
            Some(org.id),
            "assessment.recorded",
            format!("user:{user_id}"),
            serde_json::json!({"year": year, "grade": grade.key()}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The compliance view of one body's people (S3) on today's date.
    pub async fn compliance(&self, actor: &Actor, org_id: Id) -> AppResult<(OrgUnit, Compliance)> {
        let mut tx = self.begin().await?;
        let org = load_org(&mut *tx, org_id).await?;
        authorize(actor, Action::Read, &org)?;
        let users: Vec<User> = tx
            .users()
            .await?
            .into_iter()
            .filter(|u| u.org_id == org_id && u.active)
            .collect();
        let certificates = tx.certificates().await?;
        let training = tx.training().await?;
        let per_person: Vec<(Vec<Certificate>, Vec<TrainingRecord>)> = users
            .iter()
            .map(|u| {
                (
                    certificates
                        .iter()
                        .filter(|c| c.holder_id == u.id)
                        .cloned()
                        .collect(),
                    training
                        .iter()
                        .filter(|t| t.user_id == u.id)
                        .cloned()
                        .collect(),
                )
            })
            .collect();
        let people: Vec<PersonFacts<'_>> = users
            .iter()
            .zip(&per_person)
            .map(|(u, (c, t))| PersonFacts {
                user_id: u.id,
                name: &u.display_name,
                role: u.role,
                certificates: c,
                training: t,
            })
            .collect();
        Ok((
            org.clone(),
            compliance(&self.policy, &people, self.clock.today()),
        ))
    }

    /// Every certificate in the actor's scope, for the certificate register.
    pub async fn certificates(
        &self,
        actor: &Actor,
    ) -> AppResult<Vec<(CertificateView, String, OrgUnit)>> {
        let mut tx = self.begin().await?;
        let orgs = tx.orgs().await?;
        let users = tx.users().await?;
        let today = self.clock.today();
        Ok(tx
            .certificates()
            .await?
            .into_iter()
            .filter_map(|c| {
                let u = users.iter().find(|u| u.id == c.holder_id)?;
                let o = orgs.iter().find(|o| o.id == u.org_id)?;
                actor
                    .sees(o)
                    .then(|| (view(c, today), u.display_name.clone(), o.clone()))
            })
            .collect())
    }
}
