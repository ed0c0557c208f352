//! Acceptance lists over the API: creating a list, adding items, the township's consent, the
//! capacity assessment, submission, review, publication, filing and the filing package.
//!
//! Not here: the grants a publication produces once they exist (`jurisdiction`).

use super::input::{ApiResult, Body, Params, PathId, created, date, done, ok, optional_date};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use zhifa_app::AppError;
use zhifa_app::lists::AssessmentInput;
use zhifa_domain::Id;

pub async fn lists(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.lists(&a).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewListBody {
    township_id: Id,
    batch: String,
}

pub async fn create_list(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Body(b): Body<NewListBody>,
) -> ApiResult {
    created(s.app.create_list(&a, b.township_id, &b.batch).await?)
}

pub async fn list(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.list(&a, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemBody {
    item_id: Id,
    effective_from: String,
    #[serde(default)]
    transition_until: Option<String>,
}

pub async fn add_item(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ItemBody>,
) -> ApiResult {
    let from = date("effective_from", &b.effective_from)?;
    let until = optional_date("transition_until", b.transition_until.as_deref())?;
    s.app.add_list_item(&a, id, b.item_id, from, until).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentBody {
    agreed: bool,
    document: String,
}

pub async fn consent(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ConsentBody>,
) -> ApiResult {
    s.app.consent_list(&a, id, b.agreed, &b.document).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentBody {
    staff: u32,
    certified_officers: u32,
    equipment: String,
    expected_cases_per_year: u32,
    conclusion: String,
}

pub async fn assessment(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<AssessmentBody>,
) -> ApiResult {
    let input = AssessmentInput {
        staff: b.staff,
        certified_officers: b.certified_officers,
        equipment: b.equipment,
        expected_cases_per_year: b.expected_cases_per_year,
        conclusion: b.conclusion,
    };
    s.app.attach_assessment(&a, id, input).await?;
    done()
}

pub async fn submit(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    s.app.submit_list(&a, id).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    approved: bool,
    #[serde(default)]
    opinion: String,
}

pub async fn review(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ReviewBody>,
) -> ApiResult {
    s.app.review_list(&a, id, b.approved, &b.opinion).await?;
    done()
}

pub async fn publish(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    s.app.publish_list(&a, id).await?;
    done()
}

pub async fn file(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    s.app.file_list(&a, id).await?;
    done()
}

/// The filing package: JSON, or with `?format=csv` the CSV the province receives.
pub async fn filing(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    q: Params,
) -> ApiResult {
    let csv = match q.get("format").map(|f| f.trim().to_ascii_lowercase()) {
        None => false,
        Some(f) if f == "json" => false,
        Some(f) if f == "csv" => true,
        Some(_) => return Err(AppError::invalid("format", "format 应为 json 或 csv").into()),
    };
    let package = s.app.filing_package(&a, id).await?;
    if !csv {
        return ok(package);
    }
    let disposition = format!("attachment; filename=\"filing-{id}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        package.to_csv(),
    )
        .into_response())
}
