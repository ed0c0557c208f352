//! Complaints on the portal (投诉举报), open without signing in: the form, with files as
//! evidence and anonymous filing allowed; the page that gives the tracking number and check
//! code once; and the filer's tracking page.
//!
//! The form's fields carry the Open311 GeoReport v2 names (`service_code`, `description`,
//! `address_string`, `first_name`, `phone`, `email`, `attribute[township]` …), so that the
//! form and the Open311 API read a filing with the same code ([`filing_from_multipart`]).
//!
//! Not here: the rules and routing (`zhifa_app::complaints`, `zhifa_domain::complaint`).

use super::{PageResult, fail};
use crate::WebState;
use crate::body_stream::BodyReader;
use axum::Extension;
use axum::extract::{ConnectInfo, Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use zhifa_app::AppError;
use zhifa_app::complaints::{AttachmentUpload, FilingInput};
use zhifa_domain::complaint::{Attachment, Channel, Contact};

/// The text fields of a filing, by their Open311 names, and the files stored from it.
#[derive(Debug, Default)]
pub struct FilingFields {
    pub text: HashMap<String, String>,
    pub attachments: Vec<Attachment>,
}

/// Reads a multipart filing: text fields as they come, each file (`media` or `attachments`)
/// stored at once, by its hash, up to the policy's number of files.
pub async fn filing_from_multipart(
    state: &WebState,
    mut multipart: Multipart,
) -> Result<FilingFields, AppError> {
    let unreadable = || AppError::invalid("attachments", "上传内容无法读取");
    let max = state.app.policy.complaints.max_attachments;
    let mut out = FilingFields::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "media" || name == "attachments" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let media_type = field.content_type().unwrap_or_default().to_string();
            if file_name.is_empty() && media_type == "application/octet-stream" {
                continue; // an empty file input
            }
            if out.attachments.len() >= max {
                return Err(AppError::invalid("attachments", format!("附件最多{max}个")));
            }
            let upload = AttachmentUpload {
                name: file_name,
                media_type,
                declared_size: None,
            };
            let stored = state
                .app
                .put_complaint_attachment(upload, BodyReader::from_field(field))
                .await?;
            out.attachments.push(stored);
            continue;
        }
        let text = read_text(field, MAX_TEXT_FIELD).await?;
        out.text.insert(name, text);
    }
    Ok(out)
}

/// The most bytes a text field of a filing may hold: the longest description allowed is
/// 2,000 characters (6,000 bytes of UTF-8); a field beyond this is refused before it is read
/// whole.
const MAX_TEXT_FIELD: usize = 16 * 1024;

async fn read_text(
    mut field: axum::extract::multipart::Field<'_>,
    max: usize,
) -> Result<String, AppError> {
    let name = field.name().unwrap_or_default().to_string();
    let mut bytes = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|_| AppError::invalid("attachments", "上传内容无法读取"))?
    {
        if bytes.len() + chunk.len() > max {
            return Err(AppError::invalid(
                "description",
                format!("字段“{name}”过长，未提交"),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| AppError::invalid("description", "文字应为 UTF-8 编码"))
}

/// What the fields say, for the use case: a filing is anonymous unless the filer gave a way
/// to reach them (or, on the form, did not tick 匿名).
pub fn filing_input(fields: FilingFields, channel: Channel) -> Result<FilingInput, AppError> {
    let t = |k: &str| {
        fields
            .text
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let name = [t("first_name"), t("last_name")].concat();
    let contact = Contact {
        name,
        phone: t("phone"),
        email: t("email"),
    };
    let anonymous = t("anonymous") == "on"
        || (contact.name.is_empty() && contact.phone.is_empty() && contact.email.is_empty());
    let position = match (t("lat"), t("long")) {
        (lat, long) if lat.is_empty() && long.is_empty() => None,
        (lat, long) => Some((
            lat.parse::<f64>()
                .map_err(|_| AppError::invalid("lat", "纬度应为数字"))?,
            long.parse::<f64>()
                .map_err(|_| AppError::invalid("long", "经度应为数字"))?,
        )),
    };
    let township = t("attribute[township]");
    Ok(FilingInput {
        service_code: t("service_code"),
        township_code: (!township.is_empty()).then_some(township),
        description: t("description"),
        location: t("address_string"),
        position,
        contact: (!anonymous).then_some(contact),
        attachments: fields.attachments,
        media_urls: fields
            .text
            .get("media_url")
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .map(|u| vec![u.to_string()])
            .unwrap_or_default(),
        channel: Some(channel),
    })
}

fn private_page(state: &WebState, template: &str, data: Value, status: StatusCode) -> Response {
    let mut response = (status, Html(state.templates.render(template, data))).into_response();
    // What a filer wrote or was given is not for shared caches.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

async fn form_data(state: &WebState, values: Value) -> Result<Value, AppError> {
    let services = state.app.complaint_services().await?;
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for s in services {
        let entry = json!({"code": s.code, "name": s.name});
        match groups.iter_mut().find(|(g, _)| *g == s.group) {
            Some((_, list)) => list.push(entry),
            None => groups.push((s.group, vec![entry])),
        }
    }
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(g, list)| json!({"group": g, "services": list}))
        .collect();
    let bodies = state.app.public_bodies().await?;
    let townships: Vec<&zhifa_app::portal::PublicBody> =
        bodies.iter().filter(|b| b.township).collect();
    Ok(json!({
        "groups": groups,
        "townships": townships,
        "channels": state.app.complaint_channels(),
        "max_attachments": state.app.policy.complaints.max_attachments,
        "max_mb": state.app.policy.complaints.max_attachment_bytes / (1024 * 1024),
        "v": values,
    }))
}

/// The form.
pub async fn form(State(state): State<WebState>) -> PageResult {
    let data = form_data(&state, json!({})).await.map_err(fail(&state))?;
    Ok(private_page(
        &state,
        "portal/complaint_form.html",
        data,
        StatusCode::OK,
    ))
}

/// The filer's network address, when the server knows it (it does when it serves; a test
/// calling the router directly may give none).
pub type Source = Option<Extension<ConnectInfo<SocketAddr>>>;

/// Counts a filing from `source` before anything of it is read.
pub fn admit(state: &WebState, source: &Source) -> Result<(), AppError> {
    match source {
        Some(Extension(ConnectInfo(addr))) => state.app.admit_filing(addr.ip()),
        None => Ok(()),
    }
}

/// Files the form: the tracking number and check code on success (shown once), else the form
/// again with what was typed and what is wrong.
pub async fn file(
    State(state): State<WebState>,
    source: Source,
    multipart: Multipart,
) -> PageResult {
    let read = match admit(&state, &source) {
        Ok(()) => filing_from_multipart(&state, multipart).await,
        Err(e) => Err(e),
    };
    let (values, result) = match read {
        Ok(fields) => {
            let values = json!(fields.text);
            let filed = match filing_input(fields, Channel::Portal) {
                Ok(input) => state.app.file_complaint(input).await,
                Err(e) => Err(e),
            };
            (values, filed)
        }
        Err(e) => (json!({}), Err(e)),
    };
    match result {
        Ok(filed) => Ok(private_page(
            &state,
            "portal/complaint_filed.html",
            json!({"f": filed}),
            StatusCode::OK,
        )),
        Err(e) => {
            let status = crate::error::status_of(&e);
            let mut data = form_data(&state, values).await.map_err(fail(&state))?;
            data["error"] = json!(crate::error::error_body(&e));
            Ok(private_page(
                &state,
                "portal/complaint_form.html",
                data,
                status,
            ))
        }
    }
}

#[derive(Deserialize)]
pub struct TrackQuery {
    #[serde(default)]
    no: String,
    #[serde(default)]
    check: String,
}

/// The filer follows a complaint with its tracking number and check code; with the number
/// alone, anyone sees where it stands.
pub async fn track(State(state): State<WebState>, Query(q): Query<TrackQuery>) -> Response {
    let (no, check) = (q.no.trim(), q.check.trim());
    let mut data = json!({"no": no, "check": check});
    let mut status = StatusCode::OK;
    if !no.is_empty() {
        let found = if check.is_empty() {
            state
                .app
                .complaint_status(no)
                .await
                .map(|s| json!({"status": s}))
        } else {
            state
                .app
                .complaint_for_filer(no, check)
                .await
                .map(|v| json!(v))
        };
        match found {
            Ok(v) => data["v"] = v,
            Err(e) => {
                status = crate::error::status_of(&e);
                data["problem"] = json!(e.to_string());
            }
        }
    }
    private_page(&state, "portal/complaint_track.html", data, status)
}
