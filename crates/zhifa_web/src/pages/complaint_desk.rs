//! The bodies' complaint desk (投诉举报办理): the complaints a body handles or, for the county
//! justice bureau, supervises; one complaint's whole record; and its steps — 受理, 不予受理,
//! 转办, 办结 and 督办. What may be done is the use case's decision.

use super::{PageResult, fail, page, see};
use crate::WebState;
use crate::body_stream::reader_body;
use crate::extract::{Posted, Visitor};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_app::complaints::Show;
use zhifa_domain::Id;
use zhifa_domain::complaint::ComplaintCommand;

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    show: String,
}

pub async fn list(
    State(state): State<WebState>,
    visitor: Visitor,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let show = match q.show.as_str() {
        "overdue" => Show::Overdue,
        "all" => Show::All,
        _ => Show::Open,
    };
    let complaints = state
        .app
        .complaints_for(&visitor.actor, show)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "complaints/list.html",
        json!({"complaints": complaints, "show": q.show}),
    ))
}

pub async fn show(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> PageResult {
    let c = state
        .app
        .complaint_for_staff(&visitor.actor, id)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "complaints/show.html",
        json!({"c": c}),
    ))
}

#[derive(Deserialize)]
pub struct StepForm {
    action: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    to_id: Option<Id>,
    #[serde(default)]
    case_code: String,
}

/// The step a form asks for.
fn command(form: &StepForm) -> Result<ComplaintCommand, AppError> {
    let text = form.text.clone();
    Ok(match form.action.as_str() {
        "accept" => ComplaintCommand::Accept { note: text },
        "reject" => ComplaintCommand::Reject { reason: text },
        "transfer" => ComplaintCommand::Transfer {
            to_id: form
                .to_id
                .ok_or_else(|| AppError::invalid("to_id", "请选择转办单位"))?,
            reason: text,
        },
        "answer" => ComplaintCommand::Answer {
            text,
            case_code: Some(form.case_code.clone()),
        },
        "supervise" => ComplaintCommand::Supervise { note: text },
        _ => return Err(AppError::invalid("action", "未知的办理操作")),
    })
}

pub async fn act(
    State(state): State<WebState>,
    Path(id): Path<Id>,
    posted: Posted<StepForm>,
) -> PageResult {
    let command = command(&posted.form).map_err(fail(&state))?;
    state
        .app
        .act_on_complaint(&posted.visitor.actor, id, command)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/complaints/{id}")))
}

/// An attached file, for those who may read the complaint.
pub async fn attachment(
    State(state): State<WebState>,
    visitor: Visitor,
    Path((id, sha256)): Path<(Id, String)>,
) -> PageResult {
    let (a, reader) = state
        .app
        .complaint_attachment(&visitor.actor, id, &sha256)
        .await
        .map_err(fail(&state))?;
    let value = |v: String| {
        HeaderValue::from_str(&v)
            .map_err(|_| fail(&state)(AppError::Internal(format!("header {v}"))))
    };
    let mut response = reader_body(reader).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, value(a.media_type.clone())?);
    h.insert(header::CONTENT_LENGTH, value(a.size.to_string())?);
    h.insert(
        header::CONTENT_DISPOSITION,
        value(format!(
            "inline; filename=\"attachment-{}\"",
            &a.sha256[..12]
        ))?,
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    Ok(response)
}
