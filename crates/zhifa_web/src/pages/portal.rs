//! The public disclosure portal (公示), open without signing in: the bodies and their powers
//! as of any day, their officers, published decisions, checking an officer's certificate
//! (亮证) and a document by its code. Nothing here shows a natural person's name, an identity
//! number or a phone number.
//!
//! Not here: what is published and how it is redacted (`zhifa_app::publicity`,
//! `zhifa_domain::publicity`).

use super::{PageResult as PortalResult, fail, parse_date};
use crate::WebState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use zhifa_app::AppError;
use zhifa_app::search::DecisionSearch;
use zhifa_domain::Id;

/// Renders a portal page; its pages may be cached briefly by the browser only.
fn portal_page(state: &WebState, template: &str, data: Value) -> Response {
    let mut response = Html(state.templates.render(template, data)).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("public, max-age=60"),
    );
    response
}

pub async fn home(State(state): State<WebState>) -> PortalResult {
    let app = &state.app;
    let bodies = app.public_bodies().await.map_err(fail(&state))?;
    let mut decisions = app
        .published_decisions(None, None)
        .await
        .map_err(fail(&state))?;
    decisions.truncate(10);
    Ok(portal_page(
        &state,
        "portal/home.html",
        json!({"bodies": bodies, "decisions": decisions, "complaints": app.complaint_channels()}),
    ))
}

/// The discretion benchmarks and the lenient lists, as published (S4.5).
pub async fn discretion(State(state): State<WebState>) -> Response {
    portal_page(
        &state,
        "portal/discretion.html",
        json!({
            "benchmarks": zhifa_app::App::discretion_benchmarks(),
            "lenient": zhifa_app::cases::lenient_lists().items(),
        }),
    )
}

#[derive(Deserialize)]
pub struct OnQuery {
    #[serde(default)]
    on: String,
}

pub async fn body(
    State(state): State<WebState>,
    Path(code): Path<String>,
    Query(q): Query<OnQuery>,
) -> PortalResult {
    let on = parse_date("on", &q.on).map_err(fail(&state))?;
    let d = state
        .app
        .body_disclosure(&code, on)
        .await
        .map_err(fail(&state))?;
    Ok(portal_page(
        &state,
        "portal/body.html",
        json!({"d": d, "complaints": d.complaints}),
    ))
}

#[derive(Deserialize)]
pub struct PowersQuery {
    #[serde(default)]
    q: String,
}

/// The powers lists searched: which items hold every word, and who exercises each today.
pub async fn powers(State(state): State<WebState>, Query(q): Query<PowersQuery>) -> PortalResult {
    let hits = state.app.search_powers(&q.q).await.map_err(fail(&state))?;
    let bodies = state.app.public_bodies().await.map_err(fail(&state))?;
    Ok(portal_page(
        &state,
        "portal/powers.html",
        json!({"q": q.q.trim(), "hits": hits, "bodies": bodies, "max": zhifa_app::public_powers::MAX_HITS}),
    ))
}

#[derive(Deserialize)]
pub struct DecisionsQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: usize,
    #[serde(default)]
    before: Option<Id>,
}

fn some(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The published decisions: searched (all the words, within the filters) when the portal has
/// an index, else listed newest first.
pub async fn decisions(
    State(state): State<WebState>,
    Query(q): Query<DecisionsQuery>,
) -> PortalResult {
    let bodies = state.app.public_bodies().await.map_err(fail(&state))?;
    let mut data = json!({
        "bodies": bodies, "q": q.q.trim(), "org": q.org.trim(), "kind": q.kind.trim(),
        "from": q.from.trim(), "to": q.to.trim(), "searchable": state.app.search.is_some(),
    });
    if state.app.search.is_some() {
        let search = DecisionSearch {
            text: q.q.clone(),
            body: some(&q.org),
            matter: None,
            kind: some(&q.kind),
            from: parse_date("from", &q.from).map_err(fail(&state))?,
            to: parse_date("to", &q.to).map_err(fail(&state))?,
            page: q.page,
        };
        let found = state
            .app
            .search_decisions(&search)
            .await
            .map_err(fail(&state))?;
        let shown = (q.page + 1) * zhifa_app::publicity::PAGE as usize;
        data["decisions"] = json!(found.decisions);
        data["total"] = json!(found.total);
        data["next_page"] = json!((found.total > shown).then_some(q.page + 1));
    } else {
        let decisions = state
            .app
            .published_decisions(some(&q.org).as_deref(), q.before)
            .await
            .map_err(fail(&state))?;
        let next = (decisions.len() as i64 == zhifa_app::publicity::PAGE)
            .then(|| decisions.last().map(|d| d.id))
            .flatten();
        data["decisions"] = json!(decisions);
        data["next"] = json!(next);
    }
    Ok(portal_page(&state, "portal/decisions.html", data))
}

pub async fn decision(State(state): State<WebState>, Path(id): Path<Id>) -> PortalResult {
    let d = state
        .app
        .published_decision(id)
        .await
        .map_err(fail(&state))?;
    let kind_label = d.decision.kind.label();
    Ok(portal_page(
        &state,
        "portal/decision.html",
        json!({"d": d, "kind_label": kind_label}),
    ))
}

#[derive(Deserialize)]
pub struct PartyQuery {
    #[serde(default)]
    case: String,
    #[serde(default)]
    check: String,
}

/// A party follows its own case with the case code and a document's verification code.
pub async fn party_case(State(state): State<WebState>, Query(q): Query<PartyQuery>) -> Response {
    let (case_code, check) = (q.case.trim(), q.check.trim());
    let mut data = json!({"case_code": case_code, "check": check});
    let mut status = axum::http::StatusCode::OK;
    if !case_code.is_empty() || !check.is_empty() {
        match state.app.party_case(case_code, check).await {
            Ok(v) => data["v"] = json!(v),
            Err(e) => {
                status = crate::error::status_of(&e);
                data["problem"] = json!(e.to_string());
            }
        }
    }
    let mut response = portal_page(&state, "portal/case.html", data);
    *response.status_mut() = status;
    // What a party reads of its own case is not for shared caches.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// A document of the party's case, as PDF, given the same codes.
pub async fn party_document(
    State(state): State<WebState>,
    Path(id): Path<Id>,
    Query(q): Query<PartyQuery>,
) -> PortalResult {
    let (doc, bytes) = state
        .app
        .party_document(&q.case, &q.check, id)
        .await
        .map_err(fail(&state))?;
    crate::api::pdf(bytes, &format!("document-{}", doc.id)).map_err(fail(&state))
}

#[derive(Deserialize)]
pub struct NumberQuery {
    #[serde(default)]
    number: String,
}

/// Checks an officer's certificate by its number (the code an officer shows on the phone
/// links here with the number filled in).
pub async fn officer(State(state): State<WebState>, Query(q): Query<NumberQuery>) -> PortalResult {
    let number = q.number.trim();
    let found = if number.is_empty() {
        None
    } else {
        match state.app.check_certificate(number).await {
            Ok(o) => Some(o),
            Err(AppError::NotFound(_)) => None,
            Err(e) => return Err(fail(&state)(e)),
        }
    };
    Ok(portal_page(
        &state,
        "portal/officer.html",
        json!({"number": number, "o": found}),
    ))
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// The verification page behind a document's code: what it is, the page's own check of its
/// log entry against the signed checkpoint, and the materials for an auditor.
pub async fn verify(State(state): State<WebState>, Query(q): Query<CodeQuery>) -> PortalResult {
    verify_page(&state, q.code.trim()).await
}

async fn verify_page(state: &WebState, code: &str) -> PortalResult {
    let checked = if code.is_empty() {
        None
    } else {
        match state.app.check_document(code).await {
            Ok(c) => Some(c),
            Err(AppError::NotFound(_)) => None,
            Err(e) => return Err(fail(state)(e)),
        }
    };
    let data = match &checked {
        Some(c) => json!({
            "code": code,
            "c": c.document,
            "ok": c.verdict.is_ok(),
            "tree_size": c.verdict.as_ref().ok(),
            "problem": c.verdict.as_ref().err(),
            "issued_at": zhifa_app::clock::local(c.document.issued_at).format("%Y-%m-%d %H:%M").to_string(),
        }),
        None => json!({"code": code}),
    };
    Ok(portal_page(state, "portal/verify.html", data))
}

/// `/verify/{code}`, where a document's QR code points: the page for a browser, the JSON
/// record for a program (by the `Accept` header).
pub async fn verify_code(
    State(state): State<WebState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if wants_html {
        return verify_page(&state, code.trim())
            .await
            .unwrap_or_else(IntoResponse::into_response);
    }
    match state.app.verify_document(&code).await {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => crate::error::ApiError::from(e).into_response(),
    }
}
