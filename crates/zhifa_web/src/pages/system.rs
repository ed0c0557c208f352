//! Health, metrics and the not-found page.

use crate::WebState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<WebState>) -> Response {
    match state.app.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            format!(
                "{{\"status\":\"ok\",\"database\":\"{}\"}}",
                state.app.store.backend()
            ),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"status\":\"unavailable\"}",
            )
                .into_response()
        }
    }
}

pub async fn metrics(State(state): State<WebState>) -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(state.started),
    )
        .into_response()
}

pub async fn not_found(State(state): State<WebState>) -> Response {
    super::not_found(&state)
}
