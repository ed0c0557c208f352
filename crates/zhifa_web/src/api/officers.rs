//! Enforcement officers over the API: compliance of a body, a person's file, certificates
//! (issue, revocation, annual review), training and annual assessments.
//!
//! Not here: user accounts (`users`).

use super::input::{ApiResult, Body, PathId, choice, created, date, done, ok};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;
use zhifa_domain::officers::{CertificateApplication, Grade, RevocationGround, TrainingKind};

pub async fn compliance(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let (org, compliance) = s.app.compliance(&a, id).await?;
    ok(json!({ "org": org, "compliance": compliance }))
}

pub async fn person(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.person(&a, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateBody {
    number: String,
    issued_on: String,
    expires_on: String,
    domains: Vec<String>,
    in_establishment: bool,
    general_exam_passed: bool,
    domain_exam_passed: bool,
}

pub async fn issue_certificate(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<CertificateBody>,
) -> ApiResult {
    let application = CertificateApplication {
        number: b.number,
        issued_on: date("issued_on", &b.issued_on)?,
        expires_on: date("expires_on", &b.expires_on)?,
        domains: b.domains,
        in_establishment: b.in_establishment,
        general_exam_passed: b.general_exam_passed,
        domain_exam_passed: b.domain_exam_passed,
    };
    created(s.app.issue_certificate(Some(&a), id, application).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevocationBody {
    ground: String,
    reason: String,
}

pub async fn revoke_certificate(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<RevocationBody>,
) -> ApiResult {
    let keys: Vec<&str> = RevocationGround::ALL.iter().map(|g| g.key()).collect();
    let ground = choice("ground", &b.ground, RevocationGround::parse, &keys)?;
    s.app.revoke_certificate(&a, id, ground, &b.reason).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateReviewBody {
    year: i32,
    passed: bool,
}

pub async fn review_certificate(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<CertificateReviewBody>,
) -> ApiResult {
    s.app.review_certificate(&a, id, b.year, b.passed).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingBody {
    kind: String,
    hours: u32,
    course: String,
    on: String,
}

pub async fn training(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<TrainingBody>,
) -> ApiResult {
    let kind = choice("kind", &b.kind, TrainingKind::parse, &["general", "domain"])?;
    let on = date("on", &b.on)?;
    created(
        s.app
            .record_training(Some(&a), id, kind, b.hours, &b.course, on)
            .await?,
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRecordBody {
    year: i32,
    grade: String,
    #[serde(default)]
    note: String,
}

pub async fn assessment_record(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<AssessmentRecordBody>,
) -> ApiResult {
    let keys: Vec<&str> = Grade::ALL.iter().map(|g| g.key()).collect();
    let grade = choice("grade", &b.grade, Grade::parse, &keys)?;
    created(
        s.app
            .record_assessment(&a, id, b.year, grade, &b.note)
            .await?,
    )
}
