//! Static assets served by the binary itself: nothing is loaded from the internet.

use axum::http::header;
use axum::response::IntoResponse;

const CSS: &str = include_str!("../static/app.css");
const SIGN_JS: &str = include_str!("../static/sign.js");

pub async fn sign_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        SIGN_JS,
    )
}

pub async fn css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}
