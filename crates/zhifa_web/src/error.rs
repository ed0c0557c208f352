//! The one mapping from use-case errors to responses: an HTML page for people, JSON for the
//! API. Internal details are logged, never shown.

use crate::templates::Templates;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;
use std::sync::Arc;
use zhifa_app::AppError;

pub(crate) fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Refused(r) if r.code == zhifa_domain::evidence::TOO_LARGE => {
            StatusCode::PAYLOAD_TOO_LARGE
        }
        AppError::Refused(r)
            if r.code == zhifa_app::party::TOO_MANY_ATTEMPTS
                || r.code == zhifa_app::complaints::TOO_MANY_ATTEMPTS
                || r.code == zhifa_app::complaints::TOO_MANY_FILINGS =>
        {
            StatusCode::TOO_MANY_REQUESTS
        }
        AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Invalid(_) | AppError::Import(_) => StatusCode::BAD_REQUEST,
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::Integrity(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The structured error of the API: code, message, field, the provision applied, and for
/// imports every line's error.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub basis: Option<&'static str>,
    pub errors: Vec<ErrorDetail>,
}

#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

pub fn error_body(e: &AppError) -> ErrorBody {
    let (field, basis, errors) = match e {
        AppError::Refused(r) => (r.field.map(str::to_string), r.basis, vec![]),
        AppError::Invalid(list) => (
            list.first().map(|f| f.field.to_string()),
            None,
            list.iter()
                .map(|f| ErrorDetail {
                    line: None,
                    field: Some(f.field.to_string()),
                    message: f.message.clone(),
                })
                .collect(),
        ),
        AppError::Import(list) => (
            None,
            None,
            list.iter()
                .map(|i| ErrorDetail {
                    line: Some(i.line),
                    field: i.field.clone(),
                    message: i.message.clone(),
                })
                .collect(),
        ),
        AppError::Conflict { field, .. } => (Some(field.to_string()), None, vec![]),
        _ => (None, None, vec![]),
    };
    let message = match e {
        AppError::Invalid(list) if list.len() == 1 => list[0].message.clone(),
        other => other.to_string(),
    };
    ErrorBody {
        code: e.code(),
        message,
        field,
        basis,
        errors,
    }
}

fn log(e: &AppError) {
    if let AppError::Internal(detail) = e {
        tracing::error!(error = %detail, "internal error");
    }
}

/// An error on a page: rendered in Chinese with a way back; unauthenticated goes to login.
pub struct PageError {
    pub error: AppError,
    pub templates: Arc<Templates>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        log(&self.error);
        if matches!(self.error, AppError::Unauthenticated) {
            return Redirect::to("/login").into_response();
        }
        let mut context =
            crate::pages::remembered_layout().unwrap_or_else(|| serde_json::json!({}));
        context["error"] = serde_json::to_value(error_body(&self.error)).unwrap_or_default();
        let html = self.templates.render("error.html", context);
        (status_of(&self.error), Html(html)).into_response()
    }
}

/// An error of the JSON API.
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log(&self.0);
        (status_of(&self.0), Json(error_body(&self.0))).into_response()
    }
}
