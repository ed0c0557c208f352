//! Cases for people: the workbench with each role's queue and what is overdue or due soon, a
//! case's page with its timeline, deadlines and a form for each step it offers now,
//! registration, on-the-spot decisions, and evidence uploads from the phone.
//!
//! Forms are turned into the workflow's commands by [`command_from_form`]; the workflow
//! refuses what the law refuses, and its message is shown on the error page.
//! Not here: the rules, the JSON API (`api::cases`).

use super::{PageResult, fail, page, see};
use crate::WebState;
use crate::body_stream::BodyReader;
use crate::extract::{Posted, Visitor};
use axum::extract::{Multipart, Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};
use zhifa_app::AppError;
use zhifa_app::authz::{Action, may};
use zhifa_app::cases::{OnTheSpotInput, RegisterCase};
use zhifa_app::evidence::EvidenceUpload;
use zhifa_domain::Id;
use zhifa_domain::case::Command;
use zhifa_domain::case::rules::Step;
use zhifa_domain::evidence::{Capture, MediaType};
use zhifa_domain::money::Fen;
use zhifa_domain::org::Role;

mod forms;

pub use forms::command_from_form;

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let cases = state
        .app
        .cases(&visitor.actor, None)
        .await
        .map_err(fail(&state))?;
    let mine = match visitor.actor.role() {
        Role::TownshipHead => "head",
        Role::LegalReviewer => "reviewer",
        _ => "officer",
    };
    let queue: Vec<_> = cases.iter().filter(|c| c.queue == mine).collect();
    let overdue = cases
        .iter()
        .filter(|c| c.next_deadline.as_ref().is_some_and(|d| d.overdue))
        .count();
    let due_soon = cases
        .iter()
        .filter(|c| c.next_deadline.as_ref().is_some_and(|d| d.due_soon))
        .count();
    Ok(page(
        &state,
        &visitor,
        "cases/index.html",
        json!({
            "cases": cases, "queue": queue, "overdue": overdue, "due_soon": due_soon,
            "may_handle": may(&visitor.actor, Action::HandleCases),
        }),
    ))
}

/// The items a case may concern, for the registration and on-the-spot forms.
async fn items(state: &WebState, visitor: &Visitor) -> Result<Value, crate::error::PageError> {
    let items = state
        .app
        .catalog_items(&visitor.actor)
        .await
        .map_err(fail(state))?;
    Ok(Value::Array(
        items
            .iter()
            .map(|i| json!({"id": i.id, "code": i.item.code, "name": i.item.name}))
            .collect(),
    ))
}

/// The case body's people, for the officer checkboxes.
async fn people(
    state: &WebState,
    visitor: &Visitor,
    org_id: Id,
) -> Result<Vec<Value>, crate::error::PageError> {
    let users = state.app.users(&visitor.actor).await.map_err(fail(state))?;
    Ok(users
        .iter()
        .filter(|u| u.org_id == org_id && u.active)
        .map(|u| json!({"id": u.id, "name": u.display_name, "role": u.role_label, "officer": u.role == Role::Officer}))
        .collect())
}

pub async fn new_form(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let items = items(&state, &visitor).await?;
    Ok(page(
        &state,
        &visitor,
        "cases/new.html",
        json!({"items": items}),
    ))
}

pub async fn create(
    State(state): State<WebState>,
    posted: Posted<serde::de::IgnoredAny>,
) -> PageResult {
    let mut f = forms::Fields::new(&posted.pairs);
    let input: RegisterCase = f
        .registration()
        .and_then(|v| forms::parse(v, "登记信息"))
        .map_err(fail(&state))?;
    let org = posted.visitor.actor.org.id;
    let id = state
        .app
        .register_case(&posted.visitor.actor, org, input)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/cases/{id}")))
}

pub async fn spot_form(
    State(state): State<WebState>,
    visitor: Visitor,
    Query(q): Query<UploadedQuery>,
) -> PageResult {
    let items = items(&state, &visitor).await?;
    let people = people(&state, &visitor, visitor.actor.org.id).await?;
    Ok(page(
        &state,
        &visitor,
        "cases/spot.html",
        json!({"items": items, "people": people, "uploaded": q.evidence}),
    ))
}

/// `?evidence=` after an upload, to fill the evidence fields of the page's forms.
#[derive(serde::Deserialize)]
pub struct UploadedQuery {
    evidence: Option<Id>,
}

pub async fn spot(
    State(state): State<WebState>,
    posted: Posted<serde::de::IgnoredAny>,
) -> PageResult {
    let mut f = forms::Fields::new(&posted.pairs);
    let input: OnTheSpotInput = f
        .on_the_spot()
        .and_then(|v| forms::parse(v, "当场处罚信息"))
        .map_err(fail(&state))?;
    let org = posted.visitor.actor.org.id;
    let id = state
        .app
        .on_the_spot(&posted.visitor.actor, org, input)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/cases/{id}")))
}

pub async fn show(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Query(q): Query<UploadedQuery>,
) -> PageResult {
    let view = state
        .app
        .case_view(&visitor.actor, id)
        .await
        .map_err(fail(&state))?;
    let people = people(&state, &visitor, view.org.id).await?;
    let steps: Vec<_> = Step::ALL
        .iter()
        .map(|s| json!({"key": serde_json::to_value(s).unwrap_or_default(), "label": s.label()}))
        .collect();
    let actions: Vec<_> = view
        .actions
        .iter()
        .map(|(a, label)| json!({"key": serde_json::to_value(a).unwrap_or_default(), "label": label}))
        .collect();
    let evidence: Vec<Id> = view
        .case
        .steps
        .iter()
        .flat_map(|s| s.evidence_ids.iter().copied())
        .collect();
    let handles = may(&visitor.actor, Action::HandleCases) && visitor.actor.org.id == view.org.id;
    let (benchmarks, grounds) = state
        .app
        .discretion_options(&visitor.actor)
        .map_err(fail(&state))?;
    let documents = state
        .app
        .case_documents(&visitor.actor, id)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "cases/show.html",
        json!({
            "v": view, "actions": actions, "people": people, "steps": steps,
            "evidence": evidence, "handles": handles, "uploaded": q.evidence,
            "benchmarks": benchmarks, "grounds": grounds, "documents": documents,
        }),
    ))
}

pub async fn act(
    State(state): State<WebState>,
    Path(id): Path<Id>,
    posted: Posted<serde::de::IgnoredAny>,
) -> PageResult {
    let command: Command = command_from_form(&posted.pairs).map_err(fail(&state))?;
    state
        .app
        .case_command(&posted.visitor.actor, id, command)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/cases/{id}")))
}

#[derive(Deserialize)]
pub struct KindQuery {
    kind: String,
}

/// Issues a document from the case page and returns to its list.
pub async fn issue_document(
    State(state): State<WebState>,
    Path(id): Path<Id>,
    posted: Posted<KindQuery>,
) -> PageResult {
    let kind = crate::api::kind_of(&posted.form.kind).map_err(fail(&state))?;
    state
        .app
        .issue_document(&posted.visitor.actor, id, kind)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/cases/{id}#documents")))
}

/// A document as it would be issued now, marked as a preview.
pub async fn preview_document(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(id): Path<Id>,
    Query(q): Query<KindQuery>,
) -> PageResult {
    let kind = crate::api::kind_of(&q.kind).map_err(fail(&state))?;
    let bytes = state
        .app
        .preview_document(&visitor.actor, id, kind)
        .await
        .map_err(fail(&state))?;
    crate::api::pdf(bytes, &format!("preview-{}", kind.key())).map_err(fail(&state))
}

/// An issued document's PDF, checked against its hash.
pub async fn document(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> PageResult {
    let (doc, bytes) = state
        .app
        .document_pdf(&visitor.actor, id)
        .await
        .map_err(fail(&state))?;
    crate::api::pdf(bytes, &format!("document-{}", doc.id)).map_err(fail(&state))
}

/// The page where the party signs an issued document on the officer's screen.
pub async fn sign_form(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(id): Path<Id>,
) -> PageResult {
    let doc = state
        .app
        .signable_document(&visitor.actor, id)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "documents/sign.html",
        json!({ "d": doc }),
    ))
}

#[derive(Deserialize)]
pub struct SignatureForm {
    signer: String,
    image: String,
}

/// Keeps the signature drawn on the signing page and returns to the case.
pub async fn sign(
    State(state): State<WebState>,
    Path(id): Path<Id>,
    posted: Posted<SignatureForm>,
) -> PageResult {
    let png = crate::api::signature_png(&posted.form.image).map_err(fail(&state))?;
    let doc = state
        .app
        .sign_document(&posted.visitor.actor, id, &posted.form.signer, png)
        .await
        .map_err(fail(&state))?;
    let case = doc.case_id.map(|c| format!("/cases/{c}#documents"));
    Ok(see(case.unwrap_or_else(|| "/cases".into())))
}

/// An evidence file from the case page, streamed to the evidence store as it arrives (a
/// video from a phone can be large).
pub async fn upload(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(id): Path<Id>,
    multipart: Multipart,
) -> PageResult {
    let view = state
        .app
        .case_view(&visitor.actor, id)
        .await
        .map_err(fail(&state))?;
    let subject = format!("案件 {}", view.code);
    let added = store_upload(&state, &visitor, view.org.id, subject, multipart).await?;
    Ok(see(format!("/cases/{id}?evidence={added}#steps")))
}

/// The video of an on-the-spot decision, uploaded before the decision is made.
pub async fn spot_upload(
    State(state): State<WebState>,
    visitor: Visitor,
    multipart: Multipart,
) -> PageResult {
    let org = visitor.actor.org.id;
    let added = store_upload(&state, &visitor, org, "当场处罚".into(), multipart).await?;
    Ok(see(format!("/cases/on-the-spot?evidence={added}")))
}

/// Stores the `file` of a multipart form as evidence of `org_id`. The form sends `_csrf` and
/// the capture fields before the file, so they are checked before any byte is stored.
async fn store_upload(
    state: &WebState,
    visitor: &Visitor,
    org_id: Id,
    subject: String,
    mut multipart: Multipart,
) -> Result<Id, crate::error::PageError> {
    let bad = |m: &str| fail(state)(AppError::invalid("file", m.to_string()));
    let mut fields = std::collections::HashMap::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad("上传内容无法读取"))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name != "file" {
            let text = field.text().await.map_err(|_| bad("上传内容无法读取"))?;
            fields.insert(name, text);
            continue;
        }
        crate::extract::check_csrf(visitor, fields.get("_csrf").map(String::as_str), state)?;
        let media_type = field.content_type().map(str::to_string).unwrap_or_default();
        let media_type = MediaType::parse(&media_type).map_err(|r| fail(state)(r.into()))?;
        let upload = EvidenceUpload {
            capture: Capture {
                media_type,
                captured_at: state.app.clock.now(),
                device: fields.get("device").cloned().unwrap_or_default(),
                officer_id: visitor.actor.user.id,
                subject: Some(subject),
            },
            declared_size: None,
            expected_sha256: None,
        };
        let added = state
            .app
            .add_evidence(
                &visitor.actor,
                org_id,
                upload,
                BodyReader::from_field(field),
            )
            .await
            .map_err(fail(state))?;
        return Ok(added.id);
    }
    Err(bad("请选择要上传的文件"))
}

/// A fine entered in 元 on a form, as fen for the workflow.
pub(super) fn yuan_field(field: &'static str, text: &str) -> Result<Option<i64>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Fen::parse_yuan(text).map(|f| Some(f.get())).map_err(|r| {
        let mut r = r;
        r.field = Some(field);
        AppError::Refused(r)
    })
}
