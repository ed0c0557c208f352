//! The store contract in SQLite's dialect.
//!
//! The methods of laws and catalogs (`laws`), acceptance lists and grants (`lists`),
//! officers' records (`officers`), evidence (`evidence`), cases (`cases`) and the log (`log`,
//! `log_scan`) forward to their bodies in those modules; the other areas are written out here.
//! Not here: mapping rows to records (`rows`), errors and column encodings (`mapping`).

use crate::documents::{Column, Key};
use crate::mapping::backend;
use crate::publications::Column as PublicationColumn;
use crate::rows::{org_row, problem_row, session_row, token_row, user_row};
use crate::sql::query;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use zhifa_domain::Id;
use zhifa_domain::acceptance::AcceptanceList;
use zhifa_domain::catalog::{CatalogItem, NewCatalogItem};
use zhifa_domain::jurisdiction::Grant;
use zhifa_domain::law::LawText;
use zhifa_domain::officers::{AnnualAssessment, Certificate, TrainingRecord};
use zhifa_domain::org::OrgUnit;
use zhifa_domain::usage::ProblemReport;
use zhifa_store::*;

/// A use case's transaction: a savepoint in the writer's batch, or a read transaction.
pub struct SqliteTx {
    pub(crate) tx: crate::group::TxConn,
}

pub(crate) type R<T> = StoreResult<T>;

impl SqliteTx {
    /// Runs `write`'s statements all or nothing: under a savepoint, released when they succeed
    /// and rolled back to when one fails, so the transaction goes on without half of the write.
    pub(crate) fn atomic<T>(&mut self, write: impl FnOnce(&Connection) -> R<T>) -> R<T> {
        let conn: &Connection = &self.tx;
        conn.execute_batch("savepoint zhifa_write")
            .map_err(backend)?;
        let result = write(conn);
        let end = if result.is_ok() {
            "release zhifa_write"
        } else {
            "rollback to zhifa_write; release zhifa_write"
        };
        conn.execute_batch(end).map_err(backend)?;
        result
    }
}

#[async_trait]
impl Tx for SqliteTx {
    async fn commit(self: Box<Self>) -> R<()> {
        self.tx.commit().await
    }

    async fn lock_log(&mut self) -> R<Id> {
        // A writing transaction runs on the one writer, whose batch began IMMEDIATE: it
        // already holds SQLite's one write lock.
        if let Some(next) = self.tx.next_seq() {
            return Ok(next);
        }
        let next = self.event_count().await?;
        self.tx.set_next_seq(next);
        Ok(next)
    }

    async fn append_event(&mut self, e: &NewEvent, hashes: &[(i64, Vec<u8>)]) -> R<()> {
        self.store_entry(e, hashes).await
    }

    async fn events(&mut self, limit: i64) -> R<Vec<Event>> {
        self.load_latest_events(limit).await
    }

    async fn events_range(&mut self, from: Id, to: Id) -> R<Vec<Event>> {
        self.load_events_range(from, to).await
    }

    async fn event_count(&mut self) -> R<Id> {
        self.load_event_count().await
    }

    async fn log_hashes(&mut self, indexes: &[i64]) -> R<Vec<(i64, Vec<u8>)>> {
        self.load_log_hashes(indexes).await
    }

    async fn entry_rows_range(&mut self, from: Id, to: Id) -> R<EntryRows> {
        self.load_entry_rows_range(from, to).await
    }

    async fn log_hashes_range(&mut self, from: i64, to: i64) -> R<Vec<(i64, [u8; 32])>> {
        self.load_log_hashes_range(from, to).await
    }

    async fn insert_checkpoint(&mut self, c: &StoredCheckpoint) -> R<()> {
        self.store_checkpoint(c).await
    }

    async fn latest_checkpoint(&mut self) -> R<Option<StoredCheckpoint>> {
        self.load_latest_checkpoint().await
    }

    async fn checkpoints(&mut self) -> R<Vec<StoredCheckpoint>> {
        self.load_checkpoints().await
    }

    async fn insert_cosignature(&mut self, c: &StoredCosignature) -> R<()> {
        self.store_cosignature(c).await
    }

    async fn cosignatures(&mut self, size: i64) -> R<Vec<StoredCosignature>> {
        self.load_cosignatures(size).await
    }

    async fn witness_size(&mut self, witness: &str) -> R<Option<i64>> {
        self.load_witness_size(witness).await
    }

    async fn insert_org(&mut self, org: &NewOrg) -> R<OrgUnit> {
        let parent = match org.parent_id {
            Some(p) => Some(self.org(p).await?.ok_or(StoreError::NotFound)?),
            None => None,
        };
        let row = query(
            "insert into orgs (parent_id, kind, name, code) values (?, ?, ?, ?) returning id",
        )
        .bind(org.parent_id)
        .bind(org.kind.key())
        .bind(&org.name)
        .bind(&org.code)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        let id: Id = row.try_get(0).map_err(backend)?;
        let path = OrgUnit::child_path(parent.as_ref(), id);
        query("update orgs set path = ? where id = ?")
            .bind(&path)
            .bind(id)
            .execute(&self.tx)
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
    }

    async fn org(&mut self, id: Id) -> R<Option<OrgUnit>> {
        let row = query("select * from orgs where id = ?")
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(org_row).transpose()
    }

    async fn orgs(&mut self) -> R<Vec<OrgUnit>> {
        let rows = query("select * from orgs order by path")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(org_row).collect()
    }

    async fn insert_class(&mut self, c: &NewTownshipClass) -> R<Id> {
        let row = query("insert into township_classes (county_id, name, description) values (?, ?, ?) returning id")
            .bind(c.county_id)
            .bind(&c.name)
            .bind(&c.description)
            .fetch_one(&self.tx)
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    async fn classes(&mut self) -> R<Vec<TownshipClass>> {
        let rows = query("select * from township_classes order by id")
            .fetch_all(&self.tx)
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

    async fn set_org_class(&mut self, org_id: Id, class_id: Option<Id>) -> R<()> {
        let done = query("update orgs set class_id = ? where id = ?")
            .bind(class_id)
            .bind(org_id)
            .execute(&self.tx)
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn insert_user(&mut self, u: &NewUser) -> R<Id> {
        let row = query(
            "insert into users (username, display_name, role, org_id, password_hash, created_at) values (?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(u.role.key())
        .bind(u.org_id)
        .bind(&u.password_hash)
        .bind(u.created_at)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    async fn user(&mut self, id: Id) -> R<Option<User>> {
        let row = query("select * from users where id = ?")
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(user_row).transpose()
    }

    async fn user_by_username(&mut self, username: &str) -> R<Option<User>> {
        let row = query("select * from users where username = ?")
            .bind(username)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(user_row).transpose()
    }

    async fn users(&mut self) -> R<Vec<User>> {
        let rows = query("select * from users order by id")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(user_row).collect()
    }

    async fn set_password(&mut self, user_id: Id, hash: &str) -> R<()> {
        let done = query("update users set password_hash = ? where id = ?")
            .bind(hash)
            .bind(user_id)
            .execute(&self.tx)
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn set_user_active(&mut self, user_id: Id, active: bool) -> R<()> {
        let done = query("update users set active = ? where id = ?")
            .bind(active)
            .bind(user_id)
            .execute(&self.tx)
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn insert_session(&mut self, s: &Session) -> R<()> {
        query(
            "insert into sessions (token_hash, user_id, csrf_token, created_at, expires_at, revoked_at) values (?, ?, ?, ?, ?, ?)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(s.revoked_at)
        .execute(&self.tx)
        .map_err(backend)?;
        Ok(())
    }

    async fn session(&mut self, token_hash: &str) -> R<Option<Session>> {
        let row = query("select * from sessions where token_hash = ?")
            .bind(token_hash)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(session_row).transpose()
    }

    async fn revoke_session(&mut self, token_hash: &str, at: DateTime<Utc>) -> R<()> {
        query("update sessions set revoked_at = ? where token_hash = ? and revoked_at is null")
            .bind(at)
            .bind(token_hash)
            .execute(&self.tx)
            .map_err(backend)?;
        Ok(())
    }

    async fn revoke_sessions_of(&mut self, user_id: Id, at: DateTime<Utc>) -> R<()> {
        query("update sessions set revoked_at = ? where user_id = ? and revoked_at is null")
            .bind(at)
            .bind(user_id)
            .execute(&self.tx)
            .map_err(backend)?;
        Ok(())
    }

    async fn insert_api_token(&mut self, t: &NewApiToken) -> R<Id> {
        let row = query("insert into api_tokens (user_id, name, token_hash, created_at) values (?, ?, ?, ?) returning id")
            .bind(t.user_id)
            .bind(&t.name)
            .bind(&t.token_hash)
            .bind(t.created_at)
            .fetch_one(&self.tx)
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    async fn api_token(&mut self, token_hash: &str) -> R<Option<ApiToken>> {
        let row = query("select * from api_tokens where token_hash = ?")
            .bind(token_hash)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(token_row).transpose()
    }

    async fn api_tokens_of(&mut self, user_id: Id) -> R<Vec<ApiToken>> {
        let rows = query("select * from api_tokens where user_id = ? order by id")
            .bind(user_id)
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(token_row).collect()
    }

    async fn revoke_api_token(&mut self, id: Id, at: DateTime<Utc>) -> R<()> {
        let done =
            query("update api_tokens set revoked_at = ? where id = ? and revoked_at is null")
                .bind(at)
                .bind(id)
                .execute(&self.tx)
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    async fn insert_law(&mut self, law: &LawText, source: &str) -> R<Id> {
        self.store_law(law, source).await
    }

    async fn laws(&mut self) -> R<Vec<LawSummary>> {
        self.load_laws().await
    }

    async fn law_articles(&mut self, law_id: Id) -> R<Vec<StoredArticle>> {
        self.load_law_articles(law_id).await
    }

    async fn article(
        &mut self,
        title: &str,
        version: Option<&str>,
        number: u32,
    ) -> R<Option<StoredArticle>> {
        self.load_article(title, version, number).await
    }

    async fn article_index(&mut self) -> R<Vec<ArticleIndexEntry>> {
        self.load_article_index().await
    }

    async fn insert_catalog(&mut self, c: &NewCatalog) -> R<Id> {
        self.store_catalog(c).await
    }

    async fn catalogs(&mut self) -> R<Vec<Catalog>> {
        self.load_catalogs().await
    }

    async fn insert_catalog_item(&mut self, catalog_id: Id, i: &NewCatalogItem) -> R<Id> {
        self.store_catalog_item(catalog_id, i).await
    }

    async fn catalog_items(&mut self) -> R<Vec<CatalogItem>> {
        self.load_catalog_items().await
    }

    async fn catalog_item(&mut self, id: Id) -> R<Option<CatalogItem>> {
        self.load_catalog_item(id).await
    }

    async fn insert_list(&mut self, l: &AcceptanceList) -> R<Id> {
        self.store_new_list(l).await
    }

    async fn update_list(&mut self, l: &AcceptanceList) -> R<()> {
        self.store_list(l).await
    }

    async fn list(&mut self, id: Id) -> R<Option<AcceptanceList>> {
        self.load_list(id).await
    }

    async fn lists(&mut self) -> R<Vec<AcceptanceList>> {
        self.load_lists().await
    }

    async fn insert_grant(&mut self, g: &Grant) -> R<Id> {
        self.store_new_grant(g).await
    }

    async fn grant(&mut self, id: Id) -> R<Option<Grant>> {
        self.load_grant(id).await
    }

    async fn grants_of(&mut self, township_id: Id, item_id: Option<Id>) -> R<Vec<Grant>> {
        self.load_grants_of(township_id, item_id).await
    }

    async fn end_grant(&mut self, id: Id, until: NaiveDate, reason: &str) -> R<()> {
        self.store_grant_end(id, until, reason).await
    }

    async fn grants(&mut self) -> R<Vec<Grant>> {
        self.load_grants().await
    }

    async fn insert_problem(&mut self, p: &ProblemReport) -> R<Id> {
        let row = query(
            "insert into problem_reports (township_id, item_id, reported_by, reported_on, text) values (?, ?, ?, ?, ?) returning id",
        )
        .bind(p.township_id)
        .bind(p.item_id)
        .bind(p.reported_by)
        .bind(p.on)
        .bind(&p.text)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    async fn problems(&mut self) -> R<Vec<ProblemReport>> {
        let rows = query("select * from problem_reports order by id")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(problem_row).collect()
    }

    async fn insert_certificate(&mut self, c: &Certificate) -> R<Id> {
        self.store_new_certificate(c).await
    }

    async fn update_certificate(&mut self, c: &Certificate) -> R<()> {
        self.store_certificate(c).await
    }

    async fn certificate(&mut self, id: Id) -> R<Option<Certificate>> {
        self.load_certificate(id).await
    }

    async fn certificate_by_number(&mut self, number: &str) -> R<Option<Certificate>> {
        self.load_certificate_by_number(number).await
    }

    async fn certificates(&mut self) -> R<Vec<Certificate>> {
        self.load_certificates().await
    }

    async fn insert_training(&mut self, t: &TrainingRecord) -> R<Id> {
        self.store_new_training(t).await
    }

    async fn training(&mut self) -> R<Vec<TrainingRecord>> {
        self.load_training().await
    }

    async fn insert_assessment(&mut self, a: &AnnualAssessment) -> R<Id> {
        self.store_new_assessment(a).await
    }

    async fn assessments(&mut self) -> R<Vec<AnnualAssessment>> {
        self.load_assessments().await
    }

    // Evidence (the SQL is in `evidence`).
    async fn insert_evidence(&mut self, e: &EvidenceRecord) -> R<Id> {
        self.store_evidence(e).await
    }

    async fn evidence(&mut self, id: Id) -> R<Option<EvidenceRecord>> {
        self.load_evidence(id).await
    }

    // Cases (the SQL is in `cases`).
    async fn insert_case(&mut self, case: &NewCase) -> R<Id> {
        self.store_case(case).await
    }

    async fn case_with_events(&mut self, id: Id) -> R<Option<(StoredCase, Vec<CaseEventRecord>)>> {
        self.load_case_with_events(id).await
    }

    async fn cases_of(&mut self, org_ids: &[Id]) -> R<Vec<StoredCase>> {
        self.load_cases_of(org_ids).await
    }

    async fn cases_by_code(&mut self, code: &str) -> R<Vec<StoredCase>> {
        self.load_cases_by_code(code).await
    }

    async fn append_case_step(&mut self, step: &CaseStep<'_>) -> R<()> {
        self.store_case_step(step).await
    }

    // Documents (the SQL is in `documents`).
    async fn insert_document(&mut self, document: &DocumentRecord) -> R<Id> {
        self.store_document(document).await
    }

    async fn document(&mut self, id: Id) -> R<Option<DocumentRecord>> {
        Ok(self.load_documents(Column::Id, Key::Id(id)).await?.pop())
    }

    async fn document_by_code(&mut self, code: &str) -> R<Option<DocumentRecord>> {
        Ok(self
            .load_documents(Column::Code, Key::Text(code))
            .await?
            .pop())
    }

    async fn documents_by_sha256(&mut self, sha256: &str) -> R<Vec<DocumentRecord>> {
        self.load_documents(Column::Sha256, Key::Text(sha256)).await
    }

    async fn documents_of_case(&mut self, case_id: Id) -> R<Vec<DocumentRecord>> {
        self.load_documents(Column::Case, Key::Id(case_id)).await
    }

    // Publications (the SQL is in `publications`).
    async fn insert_publication(&mut self, publication: &PublicationRecord) -> R<Id> {
        self.store_publication(publication).await
    }

    async fn publication(&mut self, id: Id) -> R<Option<PublicationRecord>> {
        self.load_publication(PublicationColumn::Id, id).await
    }

    async fn publication_of_case(&mut self, case_id: Id) -> R<Option<PublicationRecord>> {
        self.load_publication(PublicationColumn::Case, case_id)
            .await
    }

    async fn publications(
        &mut self,
        org_id: Option<Id>,
        before_id: Option<Id>,
        limit: i64,
    ) -> R<Vec<PublicationRecord>> {
        self.load_publications(org_id, before_id, limit).await
    }

    async fn withdraw_publication(&mut self, id: Id, withdrawal: &Withdrawal) -> R<()> {
        self.store_withdrawal(id, withdrawal).await
    }

    // Complaints (the SQL is in `complaints`).
    async fn insert_complaint(&mut self, complaint: &NewComplaint) -> R<Id> {
        self.store_complaint(complaint).await
    }

    async fn complaint(&mut self, id: Id) -> R<Option<StoredComplaint>> {
        self.load_complaint("id", id).await
    }

    async fn complaint_by_tracking(&mut self, tracking_no: &str) -> R<Option<StoredComplaint>> {
        self.load_complaint("tracking_no", tracking_no).await
    }

    async fn complaint_events(&mut self, id: Id) -> R<Vec<ComplaintEventRecord>> {
        self.load_complaint_events(id).await
    }

    async fn append_complaint_step(&mut self, step: &ComplaintStep<'_>) -> R<()> {
        self.store_complaint_step(step).await
    }

    async fn complaints(&mut self, filter: &ComplaintFilter) -> R<Vec<StoredComplaint>> {
        self.load_complaints(filter).await
    }

    async fn next_number(&mut self, org_id: Id, series: &str, year: i32) -> R<i64> {
        self.take_number(org_id, series, year).await
    }
}
