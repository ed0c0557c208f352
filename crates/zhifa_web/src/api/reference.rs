//! Reference data over the API: laws and their articles, the catalog of delegable items, its
//! import, and how each item is used across townships.
//!
//! Not here: who holds which power (`jurisdiction`), acceptance lists (`lists`).

use super::input::{ApiResult, Body, Params, PathId, ok};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_app::catalog::{CatalogFormat, CatalogImport};

pub async fn laws(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.laws(&a).await?)
}

pub async fn law(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let (law, articles) = s.app.law(&a, id).await?;
    ok(json!({ "law": law, "articles": articles }))
}

pub async fn article(State(s): State<WebState>, ApiCaller(a): ApiCaller, q: Params) -> ApiResult {
    ok(s.app.cited_article(&a, q.required("citation")?).await?)
}

pub async fn catalog_items(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.catalog_items(&a).await?)
}

pub async fn catalog_item(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.catalog_item(&a, id).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    name: String,
    version: String,
    #[serde(default)]
    source: String,
    format: String,
    content: String,
}

pub async fn import_catalog(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Body(b): Body<ImportBody>,
) -> ApiResult {
    let format = match b.format.trim().to_ascii_lowercase().as_str() {
        "csv" => CatalogFormat::Csv,
        "json" => CatalogFormat::Json,
        _ => return Err(AppError::invalid("format", "format 应为 csv 或 json").into()),
    };
    let import = CatalogImport {
        name: b.name,
        version: b.version,
        source: b.source,
        format,
        text: b.content,
    };
    let report = s.app.import_catalog(Some(&a), import).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": report.catalog_id, "items": report.items })),
    )
        .into_response())
}

pub async fn usage(State(s): State<WebState>, ApiCaller(a): ApiCaller, q: Params) -> ApiResult {
    let on = q.date_or("date", s.app.clock.today())?;
    ok(json!({ "date": on, "items": s.app.item_usage(&a, on).await? }))
}
