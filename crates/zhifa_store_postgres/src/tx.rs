//! The store contract in PostgreSQL's dialect.
//!
//! PostgreSQL refuses every further statement of a transaction after an error, where the
//! contract lets a use case carry on after a refused write (and SQLite does). So each write
//! runs under a savepoint: a failed write is undone on its own, and the transaction stays
//! usable, with no half-done write left in it.

use crate::mapping::{backend, from_json, json, parse_enum, to_u32};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, Row, Transaction};
use zhifa_domain::Id;
use zhifa_domain::acceptance::{AcceptanceList, ListItem, ListStatus};
use zhifa_domain::catalog::{CatalogItem, CatalogSource, NewCatalogItem, PowerKind};
use zhifa_domain::jurisdiction::Grant;
use zhifa_domain::law::{ArticleShape, LawText};
use zhifa_domain::officers::{
    AnnualAssessment, Certificate, Grade, Revocation, RevocationGround, TrainingKind,
    TrainingRecord,
};
use zhifa_domain::org::{OrgKind, OrgUnit, Role};
use zhifa_domain::usage::ProblemReport;
use zhifa_store::*;

pub struct PgTx {
    pub(crate) tx: Transaction<'static, Postgres>,
}

type R<T> = StoreResult<T>;

/// Runs the async block `$write` under a savepoint: released when it succeeds, rolled back
/// to (undoing all of the block's statements) when it fails.
macro_rules! atomic {
    ($tx:ident, $write:expr) => {{
        $tx.savepoint().await?;
        let result: R<_> = $write.await;
        $tx.settle(result).await
    }};
}

fn org_row(r: &PgRow) -> R<OrgUnit> {
    Ok(OrgUnit {
        id: r.try_get("id").map_err(backend)?,
        parent_id: r.try_get("parent_id").map_err(backend)?,
        kind: parse_enum(
            &r.try_get::<String, _>("kind").map_err(backend)?,
            OrgKind::parse,
        )?,
        name: r.try_get("name").map_err(backend)?,
        code: r.try_get("code").map_err(backend)?,
        path: r.try_get("path").map_err(backend)?,
        class_id: r.try_get("class_id").map_err(backend)?,
    })
}

fn user_row(r: &PgRow) -> R<User> {
    Ok(User {
        id: r.try_get("id").map_err(backend)?,
        username: r.try_get("username").map_err(backend)?,
        display_name: r.try_get("display_name").map_err(backend)?,
        role: parse_enum(
            &r.try_get::<String, _>("role").map_err(backend)?,
            Role::parse,
        )?,
        org_id: r.try_get("org_id").map_err(backend)?,
        password_hash: r.try_get("password_hash").map_err(backend)?,
        active: r.try_get("active").map_err(backend)?,
        created_at: r.try_get("created_at").map_err(backend)?,
    })
}

fn session_row(r: &PgRow) -> R<Session> {
    Ok(Session {
        token_hash: r.try_get("token_hash").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        csrf_token: r.try_get("csrf_token").map_err(backend)?,
        created_at: r.try_get("created_at").map_err(backend)?,
        expires_at: r.try_get("expires_at").map_err(backend)?,
        revoked_at: r.try_get("revoked_at").map_err(backend)?,
    })
}

fn token_row(r: &PgRow) -> R<ApiToken> {
    Ok(ApiToken {
        id: r.try_get("id").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        name: r.try_get("name").map_err(backend)?,
        token_hash: r.try_get("token_hash").map_err(backend)?,
        created_at: r.try_get("created_at").map_err(backend)?,
        revoked_at: r.try_get("revoked_at").map_err(backend)?,
    })
}

fn article_row(r: &PgRow) -> R<StoredArticle> {
    let number = to_u32(r.try_get("number").map_err(backend)?)?;
    Ok(StoredArticle {
        law_id: r.try_get("law_id").map_err(backend)?,
        title: r.try_get("title").map_err(backend)?,
        version: r.try_get("version").map_err(backend)?,
        number,
        label: format!("第{}条", zhifa_domain::chinese_numeral::format(number)),
        chapter: r.try_get("chapter").map_err(backend)?,
        text: r.try_get("text").map_err(backend)?,
    })
}

fn item_row(r: &PgRow) -> R<CatalogItem> {
    Ok(CatalogItem {
        id: r.try_get("id").map_err(backend)?,
        catalog_id: r.try_get("catalog_id").map_err(backend)?,
        item: NewCatalogItem {
            code: r.try_get("code").map_err(backend)?,
            name: r.try_get("name").map_err(backend)?,
            kind: parse_enum(
                &r.try_get::<String, _>("kind").map_err(backend)?,
                PowerKind::parse,
            )?,
            source: parse_enum(
                &r.try_get::<String, _>("source").map_err(backend)?,
                CatalogSource::parse,
            )?,
            legal_basis: from_json(&r.try_get::<String, _>("legal_basis").map_err(backend)?)?,
            domain: r.try_get("domain").map_err(backend)?,
            department: r.try_get("department").map_err(backend)?,
        },
    })
}

fn opt_json<T: serde::de::DeserializeOwned>(r: &PgRow, col: &str) -> R<Option<T>> {
    let text: Option<String> = r.try_get(col).map_err(backend)?;
    text.as_deref().map(from_json).transpose()
}

fn grant_row(r: &PgRow) -> R<Grant> {
    Ok(Grant {
        id: r.try_get("id").map_err(backend)?,
        township_id: r.try_get("township_id").map_err(backend)?,
        item_id: r.try_get("item_id").map_err(backend)?,
        list_id: r.try_get("list_id").map_err(backend)?,
        effective_from: r.try_get("effective_from").map_err(backend)?,
        transition_until: r.try_get("transition_until").map_err(backend)?,
        until: r.try_get("until").map_err(backend)?,
        withdrawal_reason: r.try_get("withdrawal_reason").map_err(backend)?,
    })
}

fn problem_row(r: &PgRow) -> R<ProblemReport> {
    Ok(ProblemReport {
        id: r.try_get("id").map_err(backend)?,
        township_id: r.try_get("township_id").map_err(backend)?,
        item_id: r.try_get("item_id").map_err(backend)?,
        reported_by: r.try_get("reported_by").map_err(backend)?,
        on: r.try_get("reported_on").map_err(backend)?,
        text: r.try_get("text").map_err(backend)?,
    })
}

fn certificate_row(r: &PgRow) -> R<Certificate> {
    let revoked_on: Option<NaiveDate> = r.try_get("revoked_on").map_err(backend)?;
    let revocation = match revoked_on {
        Some(on) => Some(Revocation {
            on,
            ground: parse_enum(
                &r.try_get::<String, _>("revocation_ground")
                    .map_err(backend)?,
                RevocationGround::parse,
            )?,
            reason: r.try_get("revocation_reason").map_err(backend)?,
        }),
        None => None,
    };
    Ok(Certificate {
        id: r.try_get("id").map_err(backend)?,
        holder_id: r.try_get("holder_id").map_err(backend)?,
        number: r.try_get("number").map_err(backend)?,
        issued_on: r.try_get("issued_on").map_err(backend)?,
        expires_on: r.try_get("expires_on").map_err(backend)?,
        domains: from_json(&r.try_get::<String, _>("domains").map_err(backend)?)?,
        revocation,
        reviews: from_json(&r.try_get::<String, _>("reviews").map_err(backend)?)?,
    })
}

fn training_row(r: &PgRow) -> R<TrainingRecord> {
    Ok(TrainingRecord {
        id: r.try_get("id").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        kind: parse_enum(
            &r.try_get::<String, _>("kind").map_err(backend)?,
            TrainingKind::parse,
        )?,
        hours: to_u32(r.try_get("hours").map_err(backend)?)?,
        course: r.try_get("course").map_err(backend)?,
        on: r.try_get("taken_on").map_err(backend)?,
    })
}

fn assessment_row(r: &PgRow) -> R<AnnualAssessment> {
    Ok(AnnualAssessment {
        id: r.try_get("id").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        year: r.try_get("year").map_err(backend)?,
        grade: parse_enum(
            &r.try_get::<String, _>("grade").map_err(backend)?,
            Grade::parse,
        )?,
        note: r.try_get("note").map_err(backend)?,
        by_user: r.try_get("by_user").map_err(backend)?,
        on: r.try_get("assessed_on").map_err(backend)?,
    })
}

fn event_row(r: &PgRow) -> R<Event> {
    Ok(Event {
        seq: r.try_get("seq").map_err(backend)?,
        at: r.try_get("at").map_err(backend)?,
        actor_id: r.try_get("actor_id").map_err(backend)?,
        org_id: r.try_get("org_id").map_err(backend)?,
        kind: r.try_get("kind").map_err(backend)?,
        subject: r.try_get("subject").map_err(backend)?,
        payload: from_json(&r.try_get::<String, _>("payload").map_err(backend)?)?,
    })
}

macro_rules! list_select {
    ($rest:literal) => {
        concat!(
            "select id, township_id, batch, status, consent, assessment, review, created_on, published_on, filed_on ",
            "from acceptance_lists ",
            $rest
        )
    };
}

impl PgTx {
    async fn savepoint(&mut self) -> R<()> {
        sqlx::query("savepoint zhifa_write")
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn settle<T>(&mut self, result: R<T>) -> R<T> {
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

    async fn list_items(&mut self, list_id: Id) -> R<Vec<ListItem>> {
        let rows = sqlx::query(
            "select item_id, effective_from, transition_until from acceptance_list_items where list_id = $1 order by position",
        )
        .bind(list_id)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(ListItem {
                    item_id: r.try_get("item_id").map_err(backend)?,
                    effective_from: r.try_get("effective_from").map_err(backend)?,
                    transition_until: r.try_get("transition_until").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn list_from_row(&mut self, r: &PgRow) -> R<AcceptanceList> {
        let id: Id = r.try_get("id").map_err(backend)?;
        Ok(AcceptanceList {
            id,
            township_id: r.try_get("township_id").map_err(backend)?,
            batch: r.try_get("batch").map_err(backend)?,
            status: parse_enum(
                &r.try_get::<String, _>("status").map_err(backend)?,
                ListStatus::parse,
            )?,
            items: self.list_items(id).await?,
            consent: opt_json(r, "consent")?,
            assessment: opt_json(r, "assessment")?,
            review: opt_json(r, "review")?,
            created_on: r.try_get("created_on").map_err(backend)?,
            published_on: r.try_get("published_on").map_err(backend)?,
            filed_on: r.try_get("filed_on").map_err(backend)?,
        })
    }

    async fn write_list_items(&mut self, list: &AcceptanceList) -> R<()> {
        sqlx::query("delete from acceptance_list_items where list_id = $1")
            .bind(list.id)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        for (position, item) in list.items.iter().enumerate() {
            sqlx::query(
                "insert into acceptance_list_items (list_id, position, item_id, effective_from, transition_until) values ($1, $2, $3, $4, $5)",
            )
            .bind(list.id)
            .bind(position as i64)
            .bind(item.item_id)
            .bind(item.effective_from)
            .bind(item.transition_until)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        }
        Ok(())
    }
}

#[async_trait]
impl Tx for PgTx {
    async fn commit(self: Box<Self>) -> R<()> {
        self.tx.commit().await.map_err(backend)
    }

    async fn append_event(&mut self, e: &NewEvent) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into events (at, actor_id, org_id, kind, subject, payload) values ($1, $2, $3, $4, $5, $6) returning seq",
            )
            .bind(e.at)
            .bind(e.actor_id)
            .bind(e.org_id)
            .bind(&e.kind)
            .bind(&e.subject)
            .bind(e.payload.to_string())
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn events(&mut self, limit: i64) -> R<Vec<Event>> {
        let rows = sqlx::query("select * from events order by seq desc limit $1")
            .bind(limit)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    async fn insert_org(&mut self, org: &NewOrg) -> R<OrgUnit> {
        atomic!(self, async {
            let parent = match org.parent_id {
                Some(p) => Some(self.org(p).await?.ok_or(StoreError::NotFound)?),
                None => None,
            };
            let row = sqlx::query("insert into orgs (parent_id, kind, name, code) values ($1, $2, $3, $4) returning id")
                .bind(org.parent_id)
                .bind(org.kind.key())
                .bind(&org.name)
                .bind(&org.code)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            let id: Id = row.try_get(0).map_err(backend)?;
            let path = OrgUnit::child_path(parent.as_ref(), id);
            sqlx::query("update orgs set path = $1 where id = $2")
                .bind(&path)
                .bind(id)
                .execute(&mut *self.tx)
                .await
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
        })
    }

    async fn org(&mut self, id: Id) -> R<Option<OrgUnit>> {
        let row = sqlx::query("select * from orgs where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(org_row).transpose()
    }

    async fn orgs(&mut self) -> R<Vec<OrgUnit>> {
        let rows = sqlx::query("select * from orgs order by path collate \"C\"")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(org_row).collect()
    }

    async fn insert_class(&mut self, c: &NewTownshipClass) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query("insert into township_classes (county_id, name, description) values ($1, $2, $3) returning id")
                .bind(c.county_id)
                .bind(&c.name)
                .bind(&c.description)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn classes(&mut self) -> R<Vec<TownshipClass>> {
        let rows = sqlx::query("select * from township_classes order by id")
            .fetch_all(&mut *self.tx)
            .await
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
        atomic!(self, async {
            let done = sqlx::query("update orgs set class_id = $1 where id = $2")
                .bind(class_id)
                .bind(org_id)
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
        atomic!(self, async {
            let row = sqlx::query("insert into laws (title, full_title, version, source, history) values ($1, $2, $3, $4, $5) returning id")
                .bind(&law.title)
                .bind(&law.full_title)
                .bind(&law.version)
                .bind(source)
                .bind(json(&law.history))
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            let id: Id = row.try_get(0).map_err(backend)?;
            for a in &law.articles {
                sqlx::query("insert into articles (law_id, number, chapter, text, shape) values ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(i64::from(a.number))
                    .bind(&a.chapter)
                    .bind(a.text())
                    .bind(json(&a.shape()))
                    .execute(&mut *self.tx)
                    .await
                    .map_err(backend)?;
            }
            Ok(id)
        })
    }

    async fn laws(&mut self) -> R<Vec<LawSummary>> {
        let rows = sqlx::query(
            "select l.id, l.title, l.full_title, l.version, l.source, (select count(*) from articles a where a.law_id = l.id) as n \
             from laws l order by l.title collate \"C\", l.version collate \"C\"",
        )
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(LawSummary {
                    id: r.try_get("id").map_err(backend)?,
                    title: r.try_get("title").map_err(backend)?,
                    full_title: r.try_get("full_title").map_err(backend)?,
                    version: r.try_get("version").map_err(backend)?,
                    source: r.try_get("source").map_err(backend)?,
                    article_count: r.try_get("n").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn law_articles(&mut self, law_id: Id) -> R<Vec<StoredArticle>> {
        let rows = sqlx::query(
            "select a.law_id, l.title, l.version, a.number, a.chapter, a.text from articles a join laws l on l.id = a.law_id \
             where a.law_id = $1 order by a.number",
        )
        .bind(law_id)
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend)?;
        rows.iter().map(article_row).collect()
    }

    async fn article(
        &mut self,
        title: &str,
        version: Option<&str>,
        number: u32,
    ) -> R<Option<StoredArticle>> {
        let row = sqlx::query(
            "select a.law_id, l.title, l.version, a.number, a.chapter, a.text from articles a join laws l on l.id = a.law_id \
             where l.title = $1 and ($2::text is null or l.version = $2) and a.number = $3 \
             order by l.version collate \"C\" desc limit 1",
        )
        .bind(title)
        .bind(version)
        .bind(i64::from(number))
        .fetch_optional(&mut *self.tx)
        .await
        .map_err(backend)?;
        row.as_ref().map(article_row).transpose()
    }

    async fn article_index(&mut self) -> R<Vec<ArticleIndexEntry>> {
        let rows = sqlx::query("select l.title, l.version, a.number, a.shape from articles a join laws l on l.id = a.law_id")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let number = to_u32(r.try_get("number").map_err(backend)?)?;
                let shape: ArticleShape =
                    from_json(&r.try_get::<String, _>("shape").map_err(backend)?)?;
                Ok(ArticleIndexEntry {
                    title: r.try_get("title").map_err(backend)?,
                    version: r.try_get("version").map_err(backend)?,
                    number,
                    shape,
                })
            })
            .collect()
    }

    async fn insert_catalog(&mut self, c: &NewCatalog) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query("insert into catalogs (name, version, source, imported_at) values ($1, $2, $3, $4) returning id")
                .bind(&c.name)
                .bind(&c.version)
                .bind(&c.source)
                .bind(c.imported_at)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn catalogs(&mut self) -> R<Vec<Catalog>> {
        let rows = sqlx::query(
            "select c.*, (select count(*) from catalog_items i where i.catalog_id = c.id) as n from catalogs c order by c.id",
        )
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(Catalog {
                    id: r.try_get("id").map_err(backend)?,
                    name: r.try_get("name").map_err(backend)?,
                    version: r.try_get("version").map_err(backend)?,
                    source: r.try_get("source").map_err(backend)?,
                    imported_at: r.try_get("imported_at").map_err(backend)?,
                    item_count: r.try_get("n").map_err(backend)?,
                })
            })
            .collect()
    }

    async fn insert_catalog_item(&mut self, catalog_id: Id, i: &NewCatalogItem) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into catalog_items (catalog_id, code, name, kind, source, legal_basis, domain, department) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
            )
            .bind(catalog_id)
            .bind(&i.code)
            .bind(&i.name)
            .bind(i.kind.key())
            .bind(i.source.key())
            .bind(json(&i.legal_basis))
            .bind(&i.domain)
            .bind(&i.department)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn catalog_items(&mut self) -> R<Vec<CatalogItem>> {
        let rows = sqlx::query("select * from catalog_items order by code collate \"C\"")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(item_row).collect()
    }

    async fn catalog_item(&mut self, id: Id) -> R<Option<CatalogItem>> {
        let row = sqlx::query("select * from catalog_items where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(item_row).transpose()
    }

    async fn insert_list(&mut self, l: &AcceptanceList) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into acceptance_lists (township_id, batch, status, consent, assessment, review, created_on, published_on, filed_on) \
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
            )
            .bind(l.township_id)
            .bind(&l.batch)
            .bind(l.status.key())
            .bind(l.consent.as_ref().map(json))
            .bind(l.assessment.as_ref().map(json))
            .bind(l.review.as_ref().map(json))
            .bind(l.created_on)
            .bind(l.published_on)
            .bind(l.filed_on)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            let id: Id = row.try_get(0).map_err(backend)?;
            let stored = AcceptanceList { id, ..l.clone() };
            self.write_list_items(&stored).await?;
            Ok(id)
        })
    }

    async fn update_list(&mut self, l: &AcceptanceList) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query(
                "update acceptance_lists set batch = $1, status = $2, consent = $3, assessment = $4, review = $5, published_on = $6, filed_on = $7 \
                 where id = $8",
            )
            .bind(&l.batch)
            .bind(l.status.key())
            .bind(l.consent.as_ref().map(json))
            .bind(l.assessment.as_ref().map(json))
            .bind(l.review.as_ref().map(json))
            .bind(l.published_on)
            .bind(l.filed_on)
            .bind(l.id)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            self.write_list_items(l).await
        })
    }

    async fn list(&mut self, id: Id) -> R<Option<AcceptanceList>> {
        let row = sqlx::query(list_select!("where id = $1"))
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        match row {
            Some(r) => Ok(Some(self.list_from_row(&r).await?)),
            None => Ok(None),
        }
    }

    async fn lists(&mut self) -> R<Vec<AcceptanceList>> {
        let rows = sqlx::query(list_select!("order by id"))
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.list_from_row(r).await?);
        }
        Ok(out)
    }

    async fn insert_grant(&mut self, g: &Grant) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into grants (township_id, item_id, list_id, effective_from, transition_until, until, withdrawal_reason) \
                 values ($1, $2, $3, $4, $5, $6, $7) returning id",
            )
            .bind(g.township_id)
            .bind(g.item_id)
            .bind(g.list_id)
            .bind(g.effective_from)
            .bind(g.transition_until)
            .bind(g.until)
            .bind(&g.withdrawal_reason)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn grant(&mut self, id: Id) -> R<Option<Grant>> {
        let row = sqlx::query("select * from grants where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(grant_row).transpose()
    }

    async fn grants_of(&mut self, township_id: Id, item_id: Option<Id>) -> R<Vec<Grant>> {
        let rows = sqlx::query("select * from grants where township_id = $1 and ($2::bigint is null or item_id = $2) order by effective_from, id")
            .bind(township_id)
            .bind(item_id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(grant_row).collect()
    }

    async fn end_grant(&mut self, id: Id, until: NaiveDate, reason: &str) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query("update grants set until = $1, withdrawal_reason = $2 where id = $3 and until is null")
                .bind(until)
                .bind(reason)
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

    async fn grants(&mut self) -> R<Vec<Grant>> {
        let rows =
            sqlx::query("select * from grants order by township_id, item_id, effective_from")
                .fetch_all(&mut *self.tx)
                .await
                .map_err(backend)?;
        rows.iter().map(grant_row).collect()
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
        atomic!(self, async {
            let row = sqlx::query(
                "insert into certificates (holder_id, number, issued_on, expires_on, domains, revoked_on, revocation_ground, \
                 revocation_reason, reviews) values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id",
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
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn update_certificate(&mut self, c: &Certificate) -> R<()> {
        atomic!(self, async {
            let done = sqlx::query(
                "update certificates set expires_on = $1, domains = $2, revoked_on = $3, revocation_ground = $4, revocation_reason = $5, \
                 reviews = $6 where id = $7",
            )
            .bind(c.expires_on)
            .bind(json(&c.domains))
            .bind(c.revocation.as_ref().map(|r| r.on))
            .bind(c.revocation.as_ref().map(|r| r.ground.key()))
            .bind(c.revocation.as_ref().map(|r| r.reason.clone()))
            .bind(json(&c.reviews))
            .bind(c.id)
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

    async fn certificate(&mut self, id: Id) -> R<Option<Certificate>> {
        let row = sqlx::query("select * from certificates where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(certificate_row).transpose()
    }

    async fn certificate_by_number(&mut self, number: &str) -> R<Option<Certificate>> {
        let row = sqlx::query("select * from certificates where number = $1")
            .bind(number)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(certificate_row).transpose()
    }

    async fn certificates(&mut self) -> R<Vec<Certificate>> {
        let rows = sqlx::query("select * from certificates order by id")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(certificate_row).collect()
    }

    async fn insert_training(&mut self, t: &TrainingRecord) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query("insert into training_records (user_id, kind, hours, course, taken_on) values ($1, $2, $3, $4, $5) returning id")
                .bind(t.user_id)
                .bind(t.kind.key())
                .bind(i64::from(t.hours))
                .bind(&t.course)
                .bind(t.on)
                .fetch_one(&mut *self.tx)
                .await
                .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn training(&mut self) -> R<Vec<TrainingRecord>> {
        let rows = sqlx::query("select * from training_records order by taken_on, id")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(training_row).collect()
    }

    async fn insert_assessment(&mut self, a: &AnnualAssessment) -> R<Id> {
        atomic!(self, async {
            let row = sqlx::query(
                "insert into annual_assessments (user_id, year, grade, note, by_user, assessed_on) values ($1, $2, $3, $4, $5, $6) returning id",
            )
            .bind(a.user_id)
            .bind(a.year)
            .bind(a.grade.key())
            .bind(&a.note)
            .bind(a.by_user)
            .bind(a.on)
            .fetch_one(&mut *self.tx)
            .await
            .map_err(backend)?;
            row.try_get(0).map_err(backend)
        })
    }

    async fn assessments(&mut self) -> R<Vec<AnnualAssessment>> {
        let rows = sqlx::query("select * from annual_assessments order by year, id")
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(assessment_row).collect()
    }
}
