//! Officers' records in SQLite's dialect: certificates, training and annual assessments —
//! the bodies of those methods of the `Tx` implementation, which forwards to them (`load_*`
//! read, `store_*` write).
//!
//! Not here: user accounts and sessions (`tx`), row mapping (`rows`).

use crate::mapping::{backend, json};
use crate::rows::{assessment_row, certificate_row, training_row};
use crate::sql::query;
use crate::tx::{R, SqliteTx};
use zhifa_domain::Id;
use zhifa_domain::officers::{AnnualAssessment, Certificate, TrainingRecord};
use zhifa_store::StoreError;

impl SqliteTx {
    pub(crate) async fn store_new_certificate(&mut self, c: &Certificate) -> R<Id> {
        let row = query(
            "insert into certificates (holder_id, number, issued_on, expires_on, domains, revoked_on, revocation_ground, \
             revocation_reason, reviews) values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(c.holder_id)
        .bind(&c.number)
        .bind(c.issued_on)
        .bind(c.expires_on)
        .bind(json(&c.domains))
        .bind(c.revocation.as_ref().map(|r| r.on))
        .bind(c.revocation.as_ref().map(|r| r.ground.key()))
        .bind(c.revocation.as_ref().map(|r| r.reason.clone()))
        .bind(json(&c.reviews))
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn store_certificate(&mut self, c: &Certificate) -> R<()> {
        let done = query(
            "update certificates set expires_on = ?, domains = ?, revoked_on = ?, revocation_ground = ?, revocation_reason = ?, \
             reviews = ? where id = ?",
        )
        .bind(c.expires_on)
        .bind(json(&c.domains))
        .bind(c.revocation.as_ref().map(|r| r.on))
        .bind(c.revocation.as_ref().map(|r| r.ground.key()))
        .bind(c.revocation.as_ref().map(|r| r.reason.clone()))
        .bind(json(&c.reviews))
        .bind(c.id)
        .execute(&self.tx)
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    pub(crate) async fn load_certificate(&mut self, id: Id) -> R<Option<Certificate>> {
        let row = query("select * from certificates where id = ?")
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(certificate_row).transpose()
    }

    pub(crate) async fn load_certificate_by_number(
        &mut self,
        number: &str,
    ) -> R<Option<Certificate>> {
        let row = query("select * from certificates where number = ?")
            .bind(number)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(certificate_row).transpose()
    }

    pub(crate) async fn load_certificates(&mut self) -> R<Vec<Certificate>> {
        let rows = query("select * from certificates order by id")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(certificate_row).collect()
    }

    pub(crate) async fn store_new_training(&mut self, t: &TrainingRecord) -> R<Id> {
        let row = query("insert into training_records (user_id, kind, hours, course, taken_on) values (?, ?, ?, ?, ?) returning id")
            .bind(t.user_id)
            .bind(t.kind.key())
            .bind(i64::from(t.hours))
            .bind(&t.course)
            .bind(t.on)
            .fetch_one(&self.tx)
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_training(&mut self) -> R<Vec<TrainingRecord>> {
        let rows = query("select * from training_records order by taken_on, id")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(training_row).collect()
    }

    pub(crate) async fn store_new_assessment(&mut self, a: &AnnualAssessment) -> R<Id> {
        let row = query(
            "insert into annual_assessments (user_id, year, grade, note, by_user, assessed_on) values (?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(a.user_id)
        .bind(i64::from(a.year))
        .bind(a.grade.key())
        .bind(&a.note)
        .bind(a.by_user)
        .bind(a.on)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_assessments(&mut self) -> R<Vec<AnnualAssessment>> {
        let rows = query("select * from annual_assessments order by year, id")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(assessment_row).collect()
    }
}
