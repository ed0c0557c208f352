//! Request metrics in the Prometheus text format, and the per-request log line with its
//! request id. Neither records query strings, bodies or anything else a person typed.

use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

const BUCKETS_MS: [f64; 8] = [5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 1000.0, 5000.0];

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(String, String, u16), u64>,
    buckets: [u64; 8],
    count: u64,
    sum_ms: f64,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, ms: f64) {
        let mut m = self.inner.lock().expect("metrics lock");
        *m.requests
            .entry((method.to_string(), route.to_string(), status))
            .or_default() += 1;
        for (i, b) in BUCKETS_MS.iter().enumerate() {
            if ms <= *b {
                m.buckets[i] += 1;
            }
        }
        m.count += 1;
        m.sum_ms += ms;
    }

    pub fn render(&self, started: Instant) -> String {
        let m = self.inner.lock().expect("metrics lock");
        let mut out = String::new();
        out.push_str(
            "# HELP zhifa_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE zhifa_http_requests_total counter\n");
        for ((method, route, status), n) in &m.requests {
            out.push_str(&format!("zhifa_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}\n"));
        }
        out.push_str("# HELP zhifa_http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE zhifa_http_request_duration_seconds histogram\n");
        for (b, n) in BUCKETS_MS.iter().zip(m.buckets) {
            out.push_str(&format!(
                "zhifa_http_request_duration_seconds_bucket{{le=\"{}\"}} {n}\n",
                b / 1000.0
            ));
        }
        out.push_str(&format!(
            "zhifa_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n",
            m.count
        ));
        out.push_str(&format!(
            "zhifa_http_request_duration_seconds_sum {}\n",
            m.sum_ms / 1000.0
        ));
        out.push_str(&format!(
            "zhifa_http_request_duration_seconds_count {}\n",
            m.count
        ));
        out.push_str("# HELP zhifa_uptime_seconds Seconds since the server started.\n# TYPE zhifa_uptime_seconds gauge\n");
        out.push_str(&format!(
            "zhifa_uptime_seconds {}\n",
            started.elapsed().as_secs()
        ));
        out
    }
}

/// Times the request, counts it by route template (never the raw path), logs one line with a
/// request id, and returns the id in `x-request-id`.
pub async fn track(State(state): State<crate::WebState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_string();
    let request_id = zhifa_app::auth::random_token()[..16].to_string();
    let span =
        tracing::info_span!("request", request_id = %request_id, method = %method, route = %route);
    let mut response = {
        let _enter = span.enter();
        next.run(request).await
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let status = response.status().as_u16();
    state.metrics.observe(&method, &route, status, ms);
    tracing::info!(parent: &span, status, ms = format!("{ms:.1}"), "handled");
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    response
}
