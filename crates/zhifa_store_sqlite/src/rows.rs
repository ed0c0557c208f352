//! Row mapping of this backend: one function per stored record, from a Row to the domain
//! or store type it holds, decoding enumerations and JSON columns on the way.
//!
//! Not here: SQL (the `Tx` implementation and its area modules), error mapping (`mapping`).

use crate::mapping::{backend, from_json, parse_enum};
use crate::sql::Row;
use crate::tx::R;
use chrono::NaiveDate;
use zhifa_domain::catalog::{CatalogItem, CatalogSource, NewCatalogItem, PowerKind};
use zhifa_domain::jurisdiction::Grant;
use zhifa_domain::officers::{
    AnnualAssessment, Certificate, Grade, Revocation, RevocationGround, TrainingKind,
    TrainingRecord,
};
use zhifa_domain::org::{OrgKind, OrgUnit, Role};
use zhifa_domain::usage::ProblemReport;
use zhifa_store::*;

pub(crate) fn org_row(r: &Row) -> R<OrgUnit> {
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

pub(crate) fn user_row(r: &Row) -> R<User> {
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

pub(crate) fn session_row(r: &Row) -> R<Session> {
    Ok(Session {
        token_hash: r.try_get("token_hash").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        csrf_token: r.try_get("csrf_token").map_err(backend)?,
        created_at: r.try_get("created_at").map_err(backend)?,
        expires_at: r.try_get("expires_at").map_err(backend)?,
        revoked_at: r.try_get("revoked_at").map_err(backend)?,
    })
}

pub(crate) fn token_row(r: &Row) -> R<ApiToken> {
    Ok(ApiToken {
        id: r.try_get("id").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        name: r.try_get("name").map_err(backend)?,
        token_hash: r.try_get("token_hash").map_err(backend)?,
        created_at: r.try_get("created_at").map_err(backend)?,
        revoked_at: r.try_get("revoked_at").map_err(backend)?,
    })
}

pub(crate) fn article_row(r: &Row) -> R<StoredArticle> {
    let number: i64 = r.try_get("number").map_err(backend)?;
    Ok(StoredArticle {
        law_id: r.try_get("law_id").map_err(backend)?,
        title: r.try_get("title").map_err(backend)?,
        version: r.try_get("version").map_err(backend)?,
        number: number as u32,
        label: format!(
            "第{}条",
            zhifa_domain::chinese_numeral::format(number as u32)
        ),
        chapter: r.try_get("chapter").map_err(backend)?,
        text: r.try_get("text").map_err(backend)?,
    })
}

pub(crate) fn item_row(r: &Row) -> R<CatalogItem> {
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

pub(crate) fn opt_json<T: serde::de::DeserializeOwned>(r: &Row, col: &str) -> R<Option<T>> {
    let text: Option<String> = r.try_get(col).map_err(backend)?;
    text.as_deref().map(from_json).transpose()
}

pub(crate) fn grant_row(r: &Row) -> R<Grant> {
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

pub(crate) fn problem_row(r: &Row) -> R<ProblemReport> {
    Ok(ProblemReport {
        id: r.try_get("id").map_err(backend)?,
        township_id: r.try_get("township_id").map_err(backend)?,
        item_id: r.try_get("item_id").map_err(backend)?,
        reported_by: r.try_get("reported_by").map_err(backend)?,
        on: r.try_get("reported_on").map_err(backend)?,
        text: r.try_get("text").map_err(backend)?,
    })
}

pub(crate) fn certificate_row(r: &Row) -> R<Certificate> {
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

pub(crate) fn training_row(r: &Row) -> R<TrainingRecord> {
    let hours: i64 = r.try_get("hours").map_err(backend)?;
    Ok(TrainingRecord {
        id: r.try_get("id").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        kind: parse_enum(
            &r.try_get::<String, _>("kind").map_err(backend)?,
            TrainingKind::parse,
        )?,
        hours: hours as u32,
        course: r.try_get("course").map_err(backend)?,
        on: r.try_get("taken_on").map_err(backend)?,
    })
}

pub(crate) fn assessment_row(r: &Row) -> R<AnnualAssessment> {
    let year: i64 = r.try_get("year").map_err(backend)?;
    Ok(AnnualAssessment {
        id: r.try_get("id").map_err(backend)?,
        user_id: r.try_get("user_id").map_err(backend)?,
        year: year as i32,
        grade: parse_enum(
            &r.try_get::<String, _>("grade").map_err(backend)?,
            Grade::parse,
        )?,
        note: r.try_get("note").map_err(backend)?,
        by_user: r.try_get("by_user").map_err(backend)?,
        on: r.try_get("assessed_on").map_err(backend)?,
    })
}

pub(crate) fn event_row(r: &Row) -> R<Event> {
    Ok(Event {
        seq: r.try_get("seq").map_err(backend)?,
        at: r.try_get("at").map_err(backend)?,
        actor_id: r.try_get("actor_id").map_err(backend)?,
        org_id: r.try_get("org_id").map_err(backend)?,
        kind: r.try_get("kind").map_err(backend)?,
        subject: r.try_get("subject").map_err(backend)?,
        payload: from_json(&r.try_get::<String, _>("payload").map_err(backend)?)?,
        salt: r.try_get("salt").map_err(backend)?,
        leaf_hash: r.try_get("leaf_hash").map_err(backend)?,
    })
}
