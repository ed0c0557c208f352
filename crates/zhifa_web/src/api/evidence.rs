//! Evidence over the API: a streamed upload, the record, and the checked content.
//!
//! The upload is the raw body, its `Content-Type` the media type, the capture metadata in the
//! query string (`org_id`, `captured_at` as RFC 3339, `device`, `officer_id`, optional
//! `subject` and `sha256`). The body is read as it arrives and never collected: the route
//! has no body limit of the router's, the application enforces its own.
//!
//! Not here: limits, hashing and checks (the application), routes (the router).

use super::input::{ApiResult, Params, PathId, ok};
use crate::WebState;
use crate::body_stream::{BodyReader, reader_body};
use crate::error::ApiError;
use crate::extract::ApiCaller;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json};
use chrono::{DateTime, Utc};
use zhifa_app::AppError;
use zhifa_app::evidence::EvidenceUpload;
use zhifa_domain::evidence::{Capture, ContentHash, MediaType};

fn captured_at(value: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ApiError(AppError::invalid(
                "captured_at",
                "captured_at 应为带时区的时间，例如 2026-11-27T09:30:00+08:00",
            ))
        })
}

/// `POST /api/v1/evidence`: stores the body and records it; 201 with id, hash and size.
pub async fn add_evidence(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    params: Params,
    headers: HeaderMap,
    body: Body,
) -> ApiResult {
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let media_type = MediaType::parse(header(header::CONTENT_TYPE).unwrap_or_default())
        .map_err(AppError::from)?;
    let declared_size =
        match header(header::CONTENT_LENGTH) {
            Some(v) => Some(v.trim().parse::<u64>().map_err(|_| {
                ApiError(AppError::invalid("Content-Length", "Content-Length 无效"))
            })?),
            None => None,
        };
    let expected_sha256 = params
        .get("sha256")
        .map(ContentHash::parse)
        .transpose()
        .map_err(AppError::from)?;
    let upload = EvidenceUpload {
        capture: Capture {
            media_type,
            captured_at: captured_at(params.required("captured_at")?)?,
            device: params.get("device").unwrap_or_default().to_string(),
            officer_id: params.id("officer_id")?,
            subject: params.get("subject").map(str::to_string),
        },
        declared_size,
        expected_sha256,
    };
    let org_id = params.id("org_id")?;
    let added = s
        .app
        .add_evidence(&a, org_id, upload, BodyReader::new(body))
        .await?;
    Ok((StatusCode::CREATED, Json(added)).into_response())
}

/// `GET /api/v1/evidence/{evidence_id}`: the record.
pub async fn evidence(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.evidence(&a, id).await?)
}

/// `GET /api/v1/evidence/{evidence_id}/content`: the content, checked against its hash.
pub async fn evidence_content(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let (view, reader) = s.app.evidence_content(&a, id).await?;
    let record = &view.record;
    let value = |v: String| {
        HeaderValue::from_str(&v).map_err(|_| AppError::Internal(format!("header value {v}")))
    };
    let mut response = reader_body(reader).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        value(record.media_type.as_str().into())?,
    );
    h.insert(header::CONTENT_LENGTH, value(record.size.to_string())?);
    h.insert(header::ETAG, value(format!("\"{}\"", record.sha256))?);
    h.insert(
        header::CONTENT_DISPOSITION,
        value(format!(
            "inline; filename=\"evidence-{id}.{}\"",
            record.media_type.extension()
        ))?,
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    Ok(response)
}
