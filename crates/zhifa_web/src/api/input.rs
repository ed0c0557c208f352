//! What every API handler reads and answers with: the JSON body, the path id, the query string,
//! dates and enumerations in, and the JSON or empty responses out. Every input error becomes the
//! structured error of [`crate::error`].
//!
//! Not here: the handlers themselves (the sibling modules by area), authentication
//! ([`crate::extract`]).

use crate::error::ApiError;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_domain::Id;

pub(super) type ApiResult = Result<Response, ApiError>;

// ---------------------------------------------------------------------------------------------
// Input: the JSON body, the path id, the query string, dates and enumerations.

/// A JSON request body. Anything that does not parse becomes the API's structured error rather
/// than axum's plain-text rejection; unknown keys are refused by the body types.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError(AppError::invalid(
                "body",
                format!("请求体无法读取：{}", e.body_text()),
            ))
        })?;
        serde_json::from_slice(&bytes).map(Body).map_err(|e| {
            let message = match e.classify() {
                serde_json::error::Category::Data => format!("请求体字段有误：{e}"),
                _ => format!("请求体不是有效的 JSON：{e}"),
            };
            ApiError(AppError::invalid("body", message))
        })
    }
}

/// The one integer id in the path (every API route has at most one).
pub struct PathId(pub Id);

/// Path parameter names as static field names for errors.
const PATH_PARAMS: [&str; 11] = [
    "law_id",
    "item_id",
    "township_id",
    "grant_id",
    "list_id",
    "org_id",
    "user_id",
    "certificate_id",
    "evidence_id",
    "case_id",
    "document_id",
];

fn param_field(name: &str) -> &'static str {
    PATH_PARAMS.into_iter().find(|p| *p == name).unwrap_or("id")
}

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError(AppError::NotFound("资源")))?;
        let (name, value) = params
            .iter()
            .next()
            .ok_or(ApiError(AppError::NotFound("资源")))?;
        let id = value.parse::<Id>().map_err(|_| {
            ApiError(AppError::invalid(
                param_field(name),
                format!("{name} 应为整数"),
            ))
        })?;
        Ok(PathId(id))
    }
}

/// The query string as name–value pairs.
pub struct Params(Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str(query)
            .map(Params)
            .map_err(|_| ApiError(AppError::invalid("query", "查询参数无法解析")))
    }
}

impl Params {
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }

    pub(super) fn required(&self, name: &'static str) -> Result<&str, ApiError> {
        self.get(name)
            .ok_or_else(|| ApiError(AppError::invalid(name, format!("缺少查询参数 {name}"))))
    }

    pub(super) fn id(&self, name: &'static str) -> Result<Id, ApiError> {
        self.required(name)?
            .trim()
            .parse()
            .map_err(|_| ApiError(AppError::invalid(name, format!("{name} 应为整数"))))
    }

    /// A date parameter; today when absent.
    pub(super) fn date_or(
        &self,
        name: &'static str,
        today: NaiveDate,
    ) -> Result<NaiveDate, ApiError> {
        self.get(name).map_or(Ok(today), |v| date(name, v))
    }
}

pub(super) fn date(field: &'static str, value: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError(AppError::invalid(
            field,
            format!("{field} 应为 YYYY-MM-DD 格式的有效日期，例如 2026-01-31"),
        ))
    })
}

pub(super) fn optional_date(
    field: &'static str,
    value: Option<&str>,
) -> Result<Option<NaiveDate>, ApiError> {
    value
        .filter(|v| !v.trim().is_empty())
        .map(|v| date(field, v))
        .transpose()
}

pub(super) fn choice<T>(
    field: &'static str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
    keys: &[&str],
) -> Result<T, ApiError> {
    parse(value.trim()).ok_or_else(|| {
        ApiError(AppError::invalid(
            field,
            format!("{field} 无效，应为：{}", keys.join("、")),
        ))
    })
}

// ---------------------------------------------------------------------------------------------
// Output.

pub(super) fn ok<T: Serialize>(value: T) -> ApiResult {
    Ok(Json(value).into_response())
}

pub(super) fn created(id: Id) -> ApiResult {
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub(super) fn done() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}
