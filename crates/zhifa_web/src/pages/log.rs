//! The verifiable log served to anyone, as C2SP tlog-tiles clients expect: the latest signed
//! checkpoint, hash tiles and entry bundles, and one entry with its inclusion proof.
//! Nothing here carries personal data: entries commit to their payloads by salted hashes.

use crate::WebState;
use crate::error::ApiError;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use zhifa_app::AppError;

pub async fn checkpoint(State(state): State<WebState>) -> Result<Response, ApiError> {
    let note = state
        .app
        .latest_checkpoint()
        .await?
        .ok_or(AppError::NotFound("检查点"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        note,
    )
        .into_response())
}

/// `/log/tile/…`: a full tile never changes, so it may be cached for good; a partial one
/// grows with the tree.
pub async fn tile(
    State(state): State<WebState>,
    Path(path): Path<String>,
) -> Result<Response, ApiError> {
    let path = format!("tile/{path}");
    let data = state.app.tile(&path).await?;
    let cache = if path.contains(".p/") {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/octet-stream"),
            (header::CACHE_CONTROL, cache),
        ],
        data,
    )
        .into_response())
}

pub async fn entry(
    State(state): State<WebState>,
    Path(seq): Path<String>,
) -> Result<Response, ApiError> {
    let seq: i64 = seq
        .parse()
        .map_err(|_| AppError::invalid("seq", "记录序号应为非负整数"))?;
    Ok(Json(state.app.entry_proof(seq).await?).into_response())
}
