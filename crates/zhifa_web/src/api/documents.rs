//! A case's documents over the API: the issued ones and the kinds it can issue, a preview,
//! issuing one, an issued document's PDF, the party's signature on screen.
//!
//! Not here: what a document says and when it may be issued (the legal core refuses with the
//! article), the layout.

use super::input::{ApiResult, Body, PathId, ok};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zhifa_app::AppError;
use zhifa_domain::documents::DocRef;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindInput {
    kind: String,
}

/// The document a key names: a kind (`penalty_decision`), with the item where a case may
/// hold several (`interview_record-2`).
pub(crate) fn kind_of(key: &str) -> Result<DocRef, AppError> {
    DocRef::parse(key.trim())
        .ok_or_else(|| AppError::invalid("kind", format!("没有 {key} 这种文书")))
}

/// A PDF response: inline, named after the document, never cached by shared caches.
pub(crate) fn pdf(bytes: Vec<u8>, name: &str) -> Result<Response, AppError> {
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    // The file name is ASCII (the id or kind), so it needs no encoding.
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("inline; filename=\"{name}.pdf\""))
            .map_err(|_| AppError::Internal(format!("file name {name}")))?,
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    Ok(response)
}

pub async fn case_documents(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.case_documents(&a, id).await?)
}

pub async fn issue_document(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<KindInput>,
) -> ApiResult {
    let issued = s.app.issue_document(&a, id, kind_of(&b.kind)?).await?;
    Ok((StatusCode::CREATED, axum::Json(issued)).into_response())
}

pub async fn preview_document(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Query(q): Query<KindInput>,
) -> ApiResult {
    let doc = kind_of(&q.kind)?;
    let bytes = s.app.preview_document(&a, id, doc).await?;
    Ok(pdf(bytes, &format!("preview-{}", doc.key()))?)
}

pub async fn document_content(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let (doc, bytes) = s.app.document_pdf(&a, id).await?;
    let mut response = pdf(bytes, &format!("document-{}", doc.id))?;
    response.headers_mut().insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{}\"", doc.sha256))
            .map_err(|_| AppError::Internal("etag".into()))?,
    );
    Ok(response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureInput {
    signer: String,
    /// The PNG, in Base64 (a `data:image/png;base64,` prefix is accepted).
    image_base64: String,
}

/// The PNG of a signature posted as Base64, with or without its data-URL prefix.
pub(crate) fn signature_png(text: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    let data = text.trim();
    let data = data.strip_prefix("data:image/png;base64,").unwrap_or(data);
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| AppError::invalid("image", "签名图像不是有效的 Base64 PNG"))
}

pub async fn sign_document(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<SignatureInput>,
) -> ApiResult {
    let png = signature_png(&b.image_base64)?;
    ok(s.app.sign_document(&a, id, &b.signer, png).await?)
}
