//! Complaints and reports from the public (投诉举报): the Open311 GeoReport v2 API (discovery,
//! filing form-encoded and multipart, routing, errors), what the public may read of a filing
//! and what only its check code opens, the portal's form and tracking page, the bodies' desk
//! (accept, answer, supervise, transfer, and who may not), and the sweep that escalates a
//! missed deadline to the county justice bureau.
//!
//! The demo county seeds three complaints of its own (TS-2026-00001..3, all filed about
//! 城关镇); the filings here come after them.
//! Not here: the rules themselves (`zhifa_domain::complaint`'s unit tests), storage
//! (the stores' conformance tests).

mod desk;
mod escalation;
mod filing;
mod privacy;

use crate::support::{Env, Reply, today};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::Value;
use std::collections::BTreeSet;
use std::sync::Arc;
use zhifa_app::clock::FixedClock;
use zhifa_domain::catalog::PowerKind;
use zhifa_domain::complaint::{ComplaintCommand, Status};
use zhifa_web::WebState;

/// The matter 城关镇 holds by law (乱堆垃圾), so a report of it in 城关镇 stays there.
const STATUTORY: &str = "SC-ZJ-003";
/// 城关镇's code.
const CHENGGUAN: &str = "519901001";
/// A 1×1 PNG.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

/// What a filer writes, and who they are: none of it may be public.
const WORDS: &str = "城关镇东街口每天清晨有人把装修垃圾倒在消防通道上，已经堵了一个多月";
const PLACE: &str = "城关镇东街十字路口北侧";
const NAME: &str = "司马相如";
const PHONE: &str = "13912345678";
const EMAIL: &str = "sima.xiangru@example.com";

fn urlencoded(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).expect("form")
}

/// `POST /open311/v2/requests.json`, form-encoded.
async fn open311_post(env: &Env, fields: &[(&str, &str)]) -> Reply {
    let request = Request::post("/open311/v2/requests.json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(urlencoded(fields)))
        .expect("request");
    env.send(request).await
}

/// A multipart request without a session: text fields, then files as (field, file name,
/// media type, content).
fn multipart(
    uri: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> Request<Body> {
    let boundary = "zhifa-complaint-boundary-41d7";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, file_name, media_type, content) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {media_type}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Request::post(uri)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request")
}

/// The one request of a successful Open311 filing: (tracking number, check code, notice).
fn filed(reply: &Reply) -> (String, String, String) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 1, "{json}");
    let s = |k: &str| {
        list[0][k]
            .as_str()
            .unwrap_or_else(|| panic!("{k} in {json}"))
            .to_string()
    };
    (
        s("service_request_id"),
        s("check_code"),
        s("service_notice"),
    )
}

/// An anonymous report through Open311 whose place names no township.
async fn report_nowhere(env: &Env) -> Reply {
    open311_post(
        env,
        &[
            ("service_code", "other"),
            ("description", "县道旁边有人长期非法收购废旧电池，气味刺鼻"),
            ("address_string", "县道旁的废品站"),
        ],
    )
    .await
}

/// A report of rubbish on a fire lane in 城关镇 by a named filer, through Open311.
async fn report_in_chengguan(env: &Env) -> (String, String) {
    let reply = open311_post(
        env,
        &[
            ("service_code", STATUTORY),
            ("attribute[township]", CHENGGUAN),
            ("description", WORDS),
            ("address_string", PLACE),
            ("first_name", NAME),
            ("phone", PHONE),
            ("email", EMAIL),
        ],
    )
    .await;
    let (no, check, _) = filed(&reply);
    (no, check)
}

/// An Open311 error answer: its status and the one error's description.
fn open311_error(reply: &Reply, status: StatusCode) -> String {
    assert_eq!(reply.status, status, "{}", reply.body);
    let json = reply.json();
    let errors = json.as_array().expect("an Open311 error array");
    assert_eq!(errors.len(), 1, "{json}");
    assert_eq!(errors[0]["code"], status.as_u16(), "{json}");
    errors[0]["description"]
        .as_str()
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| panic!("a description: {json}"))
        .to_string()
}

fn is_tracking_no(no: &str) -> bool {
    let prefix = format!("TS-{}-", chrono::Datelike::year(&today()));
    no.strip_prefix(&prefix)
        .is_some_and(|n| n.len() == 5 && n.chars().all(|c| c.is_ascii_digit()))
}

fn track_uri(no: &str, check: Option<&str>) -> String {
    let mut pairs = vec![("no", no)];
    if let Some(check) = check {
        pairs.push(("check", check));
    }
    format!("/portal/complaints/track?{}", urlencoded(&pairs))
}

async fn id_of(env: &Env, no: &str) -> i64 {
    env.app
        .complaint_status(no)
        .await
        .expect("the complaint")
        .id
}

/// How many complaints the public list holds.
async fn public_count(env: &Env) -> usize {
    let list = env.get("/open311/v2/requests.json").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    list.json().as_array().expect("an array").len()
}

/// A step on the desk, posted with the session's CSRF token.
async fn act(env: &Env, session: &str, id: i64, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("_csrf", env.session_csrf(session).await)];
    form.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    env.post_form(&format!("/complaints/{id}/act"), session, &form)
        .await
}

fn assert_redirected_to_complaint(reply: &Reply, id: i64) {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.header("location").as_deref(),
        Some(format!("/complaints/{id}").as_str())
    );
}
