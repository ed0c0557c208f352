//! Officers: the certificate register, a person's file, and the compliance view.

use super::{PageResult, fail, page, parse_number, require_date, see};
use crate::WebState;
use crate::extract::{Posted, Visitor};
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_domain::officers::{
    CertificateApplication, Grade, Indicator, RevocationGround, TrainingKind,
};

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let certificates = state
        .app
        .certificates(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let users = state
        .app
        .users(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let rows: Vec<_> = certificates
        .iter()
        .map(|(c, name, org)| json!({"c": c, "holder": name, "org": org.name}))
        .collect();
    Ok(page(
        &state,
        &visitor,
        "officers/index.html",
        json!({"certificates": rows, "people": users}),
    ))
}

pub async fn person(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(user_id): Path<i64>,
) -> PageResult {
    let person = state
        .app
        .person(&visitor.actor, user_id)
        .await
        .map_err(fail(&state))?;
    let grounds: Vec<_> = RevocationGround::ALL
        .iter()
        .map(|g| json!({"key": g.key(), "label": g.label()}))
        .collect();
    let grades: Vec<_> = Grade::ALL
        .iter()
        .map(|g| json!({"key": g.key(), "label": g.label()}))
        .collect();
    let training: Vec<_> = person
        .training
        .iter()
        .map(|t| json!({"t": t, "kind": t.kind.label()}))
        .collect();
    let assessments: Vec<_> = person
        .assessments
        .iter()
        .map(|a| json!({"a": a, "grade": a.grade.label()}))
        .collect();
    Ok(page(
        &state,
        &visitor,
        "officers/person.html",
        json!({"person": person, "grounds": grounds, "grades": grades, "training": training, "assessments": assessments}),
    ))
}

#[derive(Deserialize)]
pub struct IssueForm {
    number: String,
    issued_on: String,
    expires_on: String,
    domains: String,
    #[serde(default)]
    in_establishment: Option<String>,
    #[serde(default)]
    general_exam_passed: Option<String>,
    #[serde(default)]
    domain_exam_passed: Option<String>,
}

pub async fn issue(
    State(state): State<WebState>,
    Path(user_id): Path<i64>,
    posted: Posted<IssueForm>,
) -> PageResult {
    let f = posted.form;
    let application = CertificateApplication {
        number: f.number,
        issued_on: require_date("issued_on", &f.issued_on).map_err(fail(&state))?,
        expires_on: require_date("expires_on", &f.expires_on).map_err(fail(&state))?,
        domains: f
            .domains
            .split(['，', ',', '、', ' '])
            .map(str::to_string)
            .filter(|d| !d.trim().is_empty())
            .collect(),
        in_establishment: f.in_establishment.is_some(),
        general_exam_passed: f.general_exam_passed.is_some(),
        domain_exam_passed: f.domain_exam_passed.is_some(),
    };
    state
        .app
        .issue_certificate(Some(&posted.visitor.actor), user_id, application)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/people/{user_id}")))
}

#[derive(Deserialize)]
pub struct TrainingForm {
    kind: String,
    hours: String,
    course: String,
    on: String,
}

pub async fn training(
    State(state): State<WebState>,
    Path(user_id): Path<i64>,
    posted: Posted<TrainingForm>,
) -> PageResult {
    let f = posted.form;
    let kind = TrainingKind::parse(&f.kind)
        .ok_or_else(|| fail(&state)(AppError::invalid("kind", "请选择培训类别")))?;
    let hours = parse_number("hours", &f.hours).map_err(fail(&state))?;
    let on = require_date("on", &f.on).map_err(fail(&state))?;
    state
        .app
        .record_training(
            Some(&posted.visitor.actor),
            user_id,
            kind,
            hours,
            &f.course,
            on,
        )
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/people/{user_id}")))
}

#[derive(Deserialize)]
pub struct AssessmentForm {
    year: String,
    grade: String,
    #[serde(default)]
    note: String,
}

pub async fn assessment(
    State(state): State<WebState>,
    Path(user_id): Path<i64>,
    posted: Posted<AssessmentForm>,
) -> PageResult {
    let f = posted.form;
    let grade = Grade::parse(&f.grade)
        .ok_or_else(|| fail(&state)(AppError::invalid("grade", "请选择考核等次")))?;
    let year = parse_number("year", &f.year).map_err(fail(&state))? as i32;
    state
        .app
        .record_assessment(&posted.visitor.actor, user_id, year, grade, &f.note)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/people/{user_id}")))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    year: String,
    passed: String,
    user_id: i64,
}

pub async fn review(
    State(state): State<WebState>,
    Path(certificate_id): Path<i64>,
    posted: Posted<ReviewForm>,
) -> PageResult {
    let f = posted.form;
    let year = parse_number("year", &f.year).map_err(fail(&state))? as i32;
    state
        .app
        .review_certificate(
            &posted.visitor.actor,
            certificate_id,
            year,
            f.passed == "yes",
        )
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/people/{}", f.user_id)))
}

#[derive(Deserialize)]
pub struct RevokeForm {
    ground: String,
    reason: String,
    user_id: i64,
}

pub async fn revoke(
    State(state): State<WebState>,
    Path(certificate_id): Path<i64>,
    posted: Posted<RevokeForm>,
) -> PageResult {
    let f = posted.form;
    let ground = RevocationGround::parse(&f.ground)
        .ok_or_else(|| fail(&state)(AppError::invalid("ground", "请选择注销情形")))?;
    state
        .app
        .revoke_certificate(&posted.visitor.actor, certificate_id, ground, &f.reason)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/people/{}", f.user_id)))
}

pub async fn compliance(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(org_id): Path<i64>,
) -> PageResult {
    let (org, c) = state
        .app
        .compliance(&visitor.actor, org_id)
        .await
        .map_err(fail(&state))?;
    let totals: Vec<_> = Indicator::ALL
        .iter()
        .map(|i| json!({"label": i.label(), "value": c.total(*i)}))
        .collect();
    let policy = &state.app.policy;
    Ok(page(
        &state,
        &visitor,
        "officers/compliance.html",
        json!({"org": org, "c": c, "totals": totals, "general_hours": policy.general_training_hours, "domain_hours": policy.domain_training_hours,
               "warning_days": policy.certificate_warning_days, "reviewer_percent": policy.reviewer_percent}),
    ))
}
