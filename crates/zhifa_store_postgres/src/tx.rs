//! The store contract in PostgreSQL's dialect.
//!
//! The methods of the administrative tree (`orgs`), laws and catalogs (`laws`), acceptance
//! lists and grants (`lists`), officers' records (`officers`), evidence (`evidence`), cases
//! (`cases`), documents (`documents`), publications (`publications`), complaints
//! (`complaints`) and the log (`log`) forward to their bodies in those modules; the other
//! areas are written out here.
//! Not here: mapping rows to records (`rows`), errors and column encodings (`mapping`).
//!
//! PostgreSQL refuses every further statement of a transaction after an error, where the
//! contract lets a use case carry on after a refused write (and SQLite does). So each write
//! runs under a savepoint: a failed write is undone on its own, and the transaction stays
//! usable, with no half-done write left in it.

use crate::complaints::Key as ComplaintKey;
use crate::documents::{Column, Key};
use crate::mapping::backend;
use crate::publications::Column as PublicationColumn;
use crate::rows::{problem_row, session_row, token_row, user_row};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, Row, Transaction};
use zhifa_domain::Id;
use zhifa_domain::acceptance::AcceptanceList;
use zhifa_domain::catalog::{CatalogItem, NewCatalogItem};
use zhifa_domain::jurisdiction::Grant;
use zhifa_domain::law::LawText;
use zhifa_domain::officers::{AnnualAssessment, Certificate, TrainingRecord};
use zhifa_domain::org::OrgUnit;
use zhifa_domain::usage::ProblemReport;
use zhifa_store::*;

pub struct PgTx {
    pub(crate) tx: Transaction<'static, Postgres>,
}

pub(crate) type R<T> = StoreResult<T>;

/// Runs the async block `$write` under a savepoint: released when it succeeds, rolled back
/// to (undoing all of the block's statements) when it fails.
macro_rules! atomic {
    ($tx:ident, $write:expr) => {{
        $tx.savepoint().await?;
        let result: R<_> = $write.await;
        $tx.settle(result).await
    }};
}
pub(crate) use atomic;

impl PgTx {
    pub(crate) async fn savepoint(&mut self) -> R<()> {
        sqlx::query("savepoint zhifa_write")
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn settle<T>(&mut self, result: R<T>) -> R<T> {
        let sql = if result.is_ok() {
            "release savepoint zhifa_write"
        } else {
            "rollback to savepoint zhifa_write; release savepoint zhifa_write"
        };
        sqlx::raw_sql(sql)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        result
    }
}

#[async_trait]
impl Tx for PgTx {
    async fn commit(self: Box<Self>) -> R<()> {
        self.tx.commit().await.map_err(backend)
    }

    async fn lock_log(&mut self) -> R<Id> {
        self.lock_and_count_events().await
    }

    async fn append_event(&mut self, e: &NewEvent, hashes: &[(i64, Vec<u8>)]) -> R<()> {
        atomic!(self, self.store_entry(e, hashes))
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

    async fn insert_checkpoint(&mut self, c: &StoredCheckpoint) -> R<()> {
        atomic!(self, self.store_checkpoint(c))
    }

    async fn latest_checkpoint(&mut self) -> R<Option<StoredCheckpoint>> {
        self.load_latest_checkpoint().await
    }

    async fn checkpoints(&mut self) -> R<Vec<StoredCheckpoint>> {
        self.load_checkpoints().await
    }

    async fn insert_cosignature(&mut self, c: &StoredCosignature) -> R<()> {
        atomic!(self, self.store_cosignature(c))
    }

    async fn cosignatures(&mut self, size: i64) -> R<Vec<StoredCosignature>> {
        self.load_cosignatures(size).await
    }

    async fn witness_size(&mut self, witness: &str) -> R<Option<i64>> {
        self.load_witness_size(witness).await
    }

    async fn insert_org(&mut self, org: &NewOrg) -> R<OrgUnit> {
        self.store_org(org).await
    }

    async fn org(&mut self, id: Id) -> R<Option<OrgUnit>> {
        self.load_org(id).await
    }

    async fn orgs(&mut self) -> R<Vec<OrgUnit>> {
        self.load_orgs().await
    }

    async fn insert_class(&mut self, c: &NewTownshipClass) -> R<Id> {
        self.store_class(c).await
    }

    async fn classes(&mut self) -> R<Vec<TownshipClass>> {
        self.load_classes().await
    }

    async fn set_org_class(&mut self, org_id: Id, class_id: Option<Id>) -> R<()> {
        self.store_org_class(org_id, class_id).await
    }

    async fn insert_user(&mut self, u: &NewUser) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into users (username, display_name, role, org_id, password_hash, created_at) values ($1, $2, $3, $4, $5, $6) returning id",
            )
            .bind(&u.username)
            .bind(&u.display_name)
            .bind(u.role.key())
            .bind(u.org_id)
            .bind(&u.password_hash)
            .bind(u.created_at)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn user(&mut self, id: Id) -> R<Option<User>> {
        let row = sqlx::query("select * from users where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(user_row).transpose()
    }

    async fn user_by_username(&mut self, username: &str) -> R<Option<User>> {
        let row = sqlx::query("select * from users where username = $1")
            .bind(username)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(user_row).transpose()
    }

    async fn users(&mut self) -> R<Vec<User>> {
        let rows = sqlx::query("select * from users order by id")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(user_row).collect()
    }

    async fn set_password(&mut self, user_id: Id, hash: &str) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query("update users set password_hash = $1 where id = $2")
                .bind(hash)
                .bind(user_id)
                .execute(&mut *self.tx)
                .await
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    async fn set_user_active(&mut self, user_id: Id, active: bool) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query("update users set active = $1 where id = $2")
                .bind(active)
                .bind(user_id)
                .execute(&mut *self.tx)
                .await
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
    }

    async fn insert_session(&mut self, s: &Session) -> R<()> {
        atomic!(self, async {
            sqlx::query(
                "insert into sessions (token_hash, user_id, csrf_token, created_at, expires_at, revoked_at) values ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&s.token_hash)
            .bind(s.user_id)
            .bind(&s.csrf_token)
            .bind(s.created_at)
            .bind(s.expires_at)
            .bind(s.revoked_at)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
            Ok(())
        })
    }

    async fn session(&mut self, token_hash: &str) -> R<Option<Session>> {
        let row = sqlx::query("select * from sessions where token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(session_row).transpose()
    }

    async fn revoke_session(&mut self, token_hash: &str, at: DateTime<Utc>) -> R<()> {
        atomic!(self, async {
            sqlx::query(
                "update sessions set revoked_at = $1 where token_hash = $2 and revoked_at is null",
            )
            .bind(at)
            .bind(token_hash)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
            Ok(())
        })
    }

    async fn revoke_sessions_of(&mut self, user_id: Id, at: DateTime<Utc>) -> R<()> {
        atomic!(self, async {
            sqlx::query(
                "update sessions set revoked_at = $1 where user_id = $2 and revoked_at is null",
            )
            .bind(at)
            .bind(user_id)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
            Ok(())
        })
    }

    async fn insert_api_token(&mut self, t: &NewApiToken) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query("insert into api_tokens (user_id, name, token_hash, created_at) values ($1, $2, $3, $4) returning id")
                .bind(t.user_id)
                .bind(&t.name)
                .bind(&t.token_hash)
                .bind(t.created_at)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn api_token(&mut self, token_hash: &str) -> R<Option<ApiToken>> {
        let row = sqlx::query("select * from api_tokens where token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(token_row).transpose()
    }

    async fn api_tokens_of(&mut self, user_id: Id) -> R<Vec<ApiToken>> {
        let rows = sqlx::query("select * from api_tokens where user_id = $1 order by id")
            .bind(user_id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(token_row).collect()
    }

    async fn revoke_api_token(&mut self, id: Id, at: DateTime<Utc>) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query(
                "update api_tokens set revoked_at = $1 where id = $2 and revoked_at is null",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
            if done.rows_affected() == 0 {
                Err(StoreError::NotFound)
            } else {
                Ok(())
            }
        })
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
        atomic!(self, async {
            let row = sqlx::query(
                "insert into problem_reports (township_id, item_id, reported_by, reported_on, text) values ($1, $2, $3, $4, $5) returning id",
            )
            .bind(p.township_id)
            .bind(p.item_id)
            .bind(p.reported_by)
            .bind(p.on)
            .bind(&p.text)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn problems(&mut self) -> R<Vec<ProblemReport>> {
        let rows = sqlx::query("select * from problem_reports order by id")
            .fetch_all(&mut *self.tx)
            .await
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
        atomic!(self, self.store_evidence(e))
    }

    async fn evidence(&mut self, id: Id) -> R<Option<EvidenceRecord>> {
        self.load_evidence(id).await
    }

    // Cases (the SQL is in `cases`).
    async fn insert_case(&mut self, case: &NewCase) -> R<Id> {
        atomic!(self, self.store_case(case))
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
        atomic!(self, self.store_case_step(step))
    }

    // Documents (the SQL is in `documents`).
    async fn insert_document(&mut self, document: &DocumentRecord) -> R<Id> {
        atomic!(self, self.store_document(document))
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
        atomic!(self, self.store_publication(publication))
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
        atomic!(self, self.store_withdrawal(id, withdrawal))
    }

    // Complaints (the SQL is in `complaints`).
    async fn insert_complaint(&mut self, complaint: &NewComplaint) -> R<Id> {
        atomic!(self, self.store_complaint(complaint))
    }

    async fn complaint(&mut self, id: Id) -> R<Option<StoredComplaint>> {
        self.load_complaint(ComplaintKey::Id(id)).await
    }

    async fn complaint_by_tracking(&mut self, tracking_no: &str) -> R<Option<StoredComplaint>> {
        self.load_complaint(ComplaintKey::Tracking(tracking_no))
            .await
    }

    async fn complaint_events(&mut self, id: Id) -> R<Vec<ComplaintEventRecord>> {
        self.load_complaint_events(id).await
    }

    async fn append_complaint_step(&mut self, step: &ComplaintStep<'_>) -> R<()> {
        atomic!(self, self.store_complaint_step(step))
    }

    async fn complaints(&mut self, filter: &ComplaintFilter) -> R<Vec<StoredComplaint>> {
        self.load_complaints(filter).await
    }

    async fn next_number(&mut self, org_id: Id, series: &str, year: i32) -> R<i64> {
        atomic!(self, self.take_number(org_id, series, year))
    }
}
