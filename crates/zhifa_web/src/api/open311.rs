//! The Open311 GeoReport v2 API under `/open311/v2/` (JSON only), so that citizen apps and the
//! 12345 hotline can file complaints and follow them: `services.json`,
//! `services/{code}.json`, `requests.json` (GET lists, POST files) and
//! `requests/{id}.json`. See <https://wiki.open311.org/GeoReport_v2/>.
//!
//! As the specification allows, a list shows where each request stands and who handles it,
//! never the filer's words, contact or position; `requests/{id}.json` with the
//! `check_code` that filing returned (an extension) adds the description and the answer.
//! The township a filing concerns is the service attribute `township`. Errors are Open311's
//! `[{"code": …, "description": …}]` with the HTTP status.
//!
//! Not here: the rules (`zhifa_app::complaints`), the portal's form (which shares the field
//! names and [`crate::pages::complaints::filing_from_multipart`]).

use crate::WebState;
use crate::pages::complaints::{FilingFields, Source, admit, filing_from_multipart, filing_input};
use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};
use zhifa_app::AppError;
use zhifa_app::complaints::{ComplaintStatus, FilerView, PublicFilter};
use zhifa_domain::complaint::{Channel, ComplaintKind};

/// An Open311 error answer.
fn error(e: AppError) -> Response {
    // Open311 clients know 400 for what they sent wrong, refusals of the rules included.
    let status = match crate::error::status_of(&e) {
        StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
        other => other,
    };
    let body = crate::error::error_body(&e);
    let description = match body.field {
        Some(field) => format!("{}（{field}）", body.message),
        None => body.message,
    };
    (
        status,
        Json(json!([{"code": status.as_u16(), "description": description}])),
    )
        .into_response()
}

fn not_found() -> Response {
    error(AppError::NotFound("资源"))
}

fn local(at: DateTime<Utc>) -> String {
    format!(
        "{}+08:00",
        zhifa_app::clock::local(at).format("%Y-%m-%dT%H:%M:%S")
    )
}

/// `GET /open311/v2/services.json`.
pub async fn services(State(state): State<WebState>) -> Response {
    match state.app.complaint_services().await {
        Ok(list) => Json(
            list.iter()
                .map(|s| {
                    json!({
                        "service_code": s.code,
                        "service_name": s.name,
                        "description": format!("{}（{}）", s.kind.label(), s.group),
                        "metadata": true,
                        "type": "realtime",
                        "keywords": s.group,
                        "group": s.group,
                    })
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => error(e),
    }
}

/// `GET /open311/v2/services/{code}.json`: the attribute `township`, a list of the
/// townships, required for a report of a matter (it decides who is competent).
pub async fn service(State(state): State<WebState>, Path(file): Path<String>) -> Response {
    let Some(code) = file.strip_suffix(".json") else {
        return not_found();
    };
    let services = match state.app.complaint_services().await {
        Ok(s) => s,
        Err(e) => return error(e),
    };
    let Some(service) = services.into_iter().find(|s| s.code == code) else {
        return error(AppError::NotFound("服务"));
    };
    let townships = match state.app.public_bodies().await {
        Ok(b) => b.into_iter().filter(|b| b.township).collect::<Vec<_>>(),
        Err(e) => return error(e),
    };
    let values: Vec<Value> = townships
        .iter()
        .map(|t| json!({"key": t.code, "name": t.name}))
        .collect();
    Json(json!({
        "service_code": service.code,
        "attributes": [{
            "variable": true,
            "code": "township",
            "datatype": "singlevaluelist",
            "required": service.kind == ComplaintKind::Report && service.item_id.is_some(),
            "datatype_description": "事情发生地所在的乡镇(街道)",
            "order": 1,
            "description": "发生地乡镇(街道)",
            "values": values,
        }],
    }))
    .into_response()
}

/// `POST /open311/v2/requests.json`, form-encoded or multipart (with `media` files).
pub async fn create(State(state): State<WebState>, source: Source, request: Request) -> Response {
    if let Err(e) = admit(&state, &source) {
        return error(e);
    }
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let fields = if multipart {
        match Multipart::from_request(request, &state).await {
            Ok(m) => filing_from_multipart(&state, m).await,
            Err(_) => Err(AppError::invalid("body", "无法读取 multipart 请求体")),
        }
    } else {
        match axum::Form::<Vec<(String, String)>>::from_request(request, &state).await {
            Ok(axum::Form(pairs)) => Ok(FilingFields {
                text: pairs.into_iter().collect(),
                attachments: Vec::new(),
            }),
            Err(_) => Err(AppError::invalid(
                "body",
                "请求体应为 application/x-www-form-urlencoded 或 multipart/form-data",
            )),
        }
    };
    let filed = match fields.and_then(|f| filing_input(f, Channel::Open311)) {
        Ok(input) => state.app.file_complaint(input).await,
        Err(e) => Err(e),
    };
    match filed {
        Ok(f) => Json(json!([{
            "service_request_id": f.tracking_no,
            "service_notice": format!("已分办至{}，应于{}前决定是否受理", f.handler, f.accept_by),
            "account_id": null,
            "check_code": f.check_code,
        }]))
        .into_response(),
        Err(e) => error(e),
    }
}

fn request_json(s: &ComplaintStatus) -> Value {
    json!({
        "service_request_id": s.tracking_no,
        "status": if s.open { "open" } else { "closed" },
        "status_notes": format!("{}：{}", s.status_label, s.latest),
        "service_name": s.service_name,
        "service_code": s.service_code,
        "agency_responsible": s.handler,
        "service_notice": if s.escalated { "已超期，已报县级司法行政部门督办" } else { "" },
        "requested_datetime": local(s.filed_at),
        "updated_datetime": local(s.updated_at),
        "expected_datetime": s.due_on.map(|d| format!("{d}T17:30:00+08:00")),
        "address": s.township,
    })
}

fn filer_json(v: &FilerView) -> Value {
    let mut r = request_json(&v.status);
    r["description"] = json!(v.description);
    r["address"] = json!(v.location);
    if let Some(outcome) = &v.outcome {
        r["status_notes"] = json!(format!("{}：{outcome}", v.status.status_label));
    }
    r
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    service_request_id: String,
    #[serde(default)]
    service_code: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    end_date: String,
    #[serde(default)]
    status: String,
}

fn datetime(field: &'static str, text: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    DateTime::parse_from_rfc3339(text.trim())
        .map(|d| Some(d.with_timezone(&Utc)))
        .map_err(|_| AppError::invalid(field, "时间应为 W3C 格式，如 2026-11-27T09:00:00+08:00"))
}

/// `GET /open311/v2/requests.json`: by ids (comma-separated), or by service, period and
/// status, newest first.
pub async fn list(State(state): State<WebState>, Query(q): Query<ListQuery>) -> Response {
    let ids: Vec<&str> = q
        .service_request_id
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let found = if ids.is_empty() {
        let open = match q.status.trim() {
            "" => None,
            "open" => Some(true),
            "closed" => Some(false),
            _ => return error(AppError::invalid("status", "status 应为 open 或 closed")),
        };
        let filter = (|| {
            Ok::<_, AppError>(PublicFilter {
                service_code: Some(q.service_code.trim().to_string()).filter(|s| !s.is_empty()),
                open,
                from: datetime("start_date", &q.start_date)?,
                to: datetime("end_date", &q.end_date)?,
                limit: None,
            })
        })();
        match filter {
            Ok(f) => state.app.public_complaints(f).await,
            Err(e) => Err(e),
        }
    } else {
        let mut out = Vec::new();
        for id in ids.into_iter().take(zhifa_app::complaints::PAGE as usize) {
            match state.app.complaint_status(id).await {
                Ok(s) => out.push(s),
                Err(AppError::NotFound(_)) => {}
                Err(e) => return error(e),
            }
        }
        Ok(out)
    };
    match found {
        Ok(list) => Json(list.iter().map(request_json).collect::<Vec<_>>()).into_response(),
        Err(e) => error(e),
    }
}

#[derive(Deserialize)]
pub struct OneQuery {
    #[serde(default)]
    check_code: String,
}

/// `GET /open311/v2/requests/{id}.json`; with `check_code`, the filer's view.
pub async fn one(
    State(state): State<WebState>,
    Path(file): Path<String>,
    Query(q): Query<OneQuery>,
) -> Response {
    let Some(id) = file.strip_suffix(".json") else {
        return not_found();
    };
    let found = if q.check_code.trim().is_empty() {
        state
            .app
            .complaint_status(id)
            .await
            .map(|s| request_json(&s))
    } else {
        state
            .app
            .complaint_for_filer(id, &q.check_code)
            .await
            .map(|v| filer_json(&v))
    };
    match found {
        Ok(v) => {
            let mut response = Json(json!([v])).into_response();
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(e) => error(e),
    }
}
