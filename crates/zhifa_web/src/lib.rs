//! Zhifa's web layer: server-rendered pages in Chinese, the JSON API under `/api/v1`, health
//! and metrics. Handlers are thin: they parse input, call one use case of `zhifa_app`, and
//! render. Every route is in [`router`]; every error becomes a response in [`error`].
//!
//! Not here: rules (zhifa_domain), authorization decisions (zhifa_app::authz), SQL.

mod api;
mod assets;
mod body_stream;
mod error;
mod extract;
mod metrics;
mod pages;
mod router;
mod templates;

pub use router::{RouteKind, RouteSpec, route_specs, router};

use std::sync::Arc;
use zhifa_app::App;

/// What every handler shares.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub(crate) templates: Arc<templates::Templates>,
    pub(crate) metrics: Arc<metrics::Metrics>,
    /// Send cookies with `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    pub(crate) started: std::time::Instant,
}

impl WebState {
    pub fn new(app: App, secure_cookies: bool) -> WebState {
        WebState {
            app,
            templates: Arc::new(templates::Templates::load()),
            metrics: Arc::new(metrics::Metrics::default()),
            secure_cookies,
            started: std::time::Instant::now(),
        }
    }
}
