//! Acceptance lists: drafting, consent, assessment, review, publication, filing.

use super::{PageResult, fail, page, parse_date, parse_number, require_date, see};
use crate::WebState;
use crate::extract::{Posted, Visitor};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use zhifa_app::lists::AssessmentInput;
use zhifa_domain::catalog::CatalogSource;
use zhifa_domain::org::OrgKind;

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let lists = state
        .app
        .lists(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let orgs = state
        .app
        .visible_orgs(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let townships: Vec<_> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .collect();
    Ok(page(
        &state,
        &visitor,
        "lists/index.html",
        json!({"lists": lists, "townships": townships}),
    ))
}

#[derive(Deserialize)]
pub struct CreateForm {
    township_id: i64,
    batch: String,
}

pub async fn create(State(state): State<WebState>, posted: Posted<CreateForm>) -> PageResult {
    let id = state
        .app
        .create_list(
            &posted.visitor.actor,
            posted.form.township_id,
            &posted.form.batch,
        )
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{id}")))
}

pub async fn show(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(list_id): Path<i64>,
) -> PageResult {
    let actor = &visitor.actor;
    let view = state.app.list(actor, list_id).await.map_err(fail(&state))?;
    let in_list: Vec<i64> = view.list.items.iter().map(|i| i.item_id).collect();
    let candidates: Vec<_> = if view.actions.contains(&"edit_items") {
        let items = state.app.catalog_items(actor).await.map_err(fail(&state))?;
        items
            .into_iter()
            .filter(|i| i.item.source == CatalogSource::Delegable && !in_list.contains(&i.id))
            .map(|i| json!({"id": i.id, "code": i.item.code, "name": i.item.name, "domain": i.item.domain}))
            .collect()
    } else {
        vec![]
    };
    let suggested = if view.actions.contains(&"assess") {
        state.app.suggested_assessment(actor, list_id).await.ok()
    } else {
        None
    };
    let items: Vec<_> = view
        .items
        .iter()
        .map(|(li, item)| {
            json!({"item_id": item.id, "code": item.item.code, "name": item.item.name, "kind": item.item.kind.label(),
                   "department": item.item.department, "effective_from": li.effective_from, "transition_until": li.transition_until})
        })
        .collect();
    let can = |a: &str| view.actions.contains(&a);
    Ok(page(
        &state,
        &visitor,
        "lists/show.html",
        json!({
            "view": view, "items": items, "candidates": candidates,
            "suggested": suggested.map(|(staff, certified)| json!({"staff": staff, "certified": certified})),
            "act": {"edit": can("edit_items"), "assess": can("assess"), "consent": can("consent"), "submit": can("submit"),
                    "review": can("review"), "publish": can("publish"), "file": can("file")},
        }),
    ))
}

#[derive(Deserialize)]
pub struct AddItemForm {
    item_id: i64,
    effective_from: String,
    #[serde(default)]
    transition_until: String,
}

pub async fn add_item(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<AddItemForm>,
) -> PageResult {
    let f = &posted.form;
    let from = require_date("effective_from", &f.effective_from).map_err(fail(&state))?;
    let until = parse_date("transition_until", &f.transition_until).map_err(fail(&state))?;
    state
        .app
        .add_list_item(&posted.visitor.actor, list_id, f.item_id, from, until)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn remove_item(
    State(state): State<WebState>,
    Path((list_id, item_id)): Path<(i64, i64)>,
    posted: Posted<Empty>,
) -> PageResult {
    state
        .app
        .remove_list_item(&posted.visitor.actor, list_id, item_id)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

#[derive(Deserialize)]
pub struct ConsentForm {
    agreed: String,
    document: String,
}

pub async fn consent(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<ConsentForm>,
) -> PageResult {
    let agreed = posted.form.agreed == "yes";
    state
        .app
        .consent_list(
            &posted.visitor.actor,
            list_id,
            agreed,
            &posted.form.document,
        )
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

#[derive(Deserialize)]
pub struct AssessmentForm {
    staff: String,
    certified_officers: String,
    equipment: String,
    expected_cases_per_year: String,
    conclusion: String,
}

pub async fn assessment(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<AssessmentForm>,
) -> PageResult {
    let f = posted.form;
    let input = (|| {
        Ok::<_, zhifa_app::AppError>(AssessmentInput {
            staff: parse_number("staff", &f.staff)?,
            certified_officers: parse_number("certified_officers", &f.certified_officers)?,
            equipment: f.equipment.clone(),
            expected_cases_per_year: parse_number(
                "expected_cases_per_year",
                &f.expected_cases_per_year,
            )?,
            conclusion: f.conclusion.clone(),
        })
    })()
    .map_err(fail(&state))?;
    state
        .app
        .attach_assessment(&posted.visitor.actor, list_id, input)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

pub async fn submit(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<Empty>,
) -> PageResult {
    state
        .app
        .submit_list(&posted.visitor.actor, list_id)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

#[derive(Deserialize)]
pub struct ReviewForm {
    approved: String,
    #[serde(default)]
    opinion: String,
}

pub async fn review(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<ReviewForm>,
) -> PageResult {
    let approved = posted.form.approved == "yes";
    state
        .app
        .review_list(
            &posted.visitor.actor,
            list_id,
            approved,
            &posted.form.opinion,
        )
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

pub async fn publish(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<Empty>,
) -> PageResult {
    state
        .app
        .publish_list(&posted.visitor.actor, list_id)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

pub async fn file(
    State(state): State<WebState>,
    Path(list_id): Path<i64>,
    posted: Posted<Empty>,
) -> PageResult {
    state
        .app
        .file_list(&posted.visitor.actor, list_id)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/lists/{list_id}")))
}

/// A download: the body with its type and a file name.
fn attachment(
    content_type: &'static str,
    file_name: String,
    body: String,
) -> axum::response::Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

pub async fn filing_json(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(list_id): Path<i64>,
) -> PageResult {
    let package = state
        .app
        .filing_package(&visitor.actor, list_id)
        .await
        .map_err(fail(&state))?;
    let body = serde_json::to_string_pretty(&package).unwrap_or_default();
    Ok(attachment(
        "application/json; charset=utf-8",
        format!("filing-{list_id}.json"),
        body,
    ))
}

pub async fn filing_csv(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(list_id): Path<i64>,
) -> PageResult {
    let package = state
        .app
        .filing_package(&visitor.actor, list_id)
        .await
        .map_err(fail(&state))?;
    // A byte-order mark so that spreadsheet programs read the Chinese headers as UTF-8.
    let body = format!("\u{feff}{}", package.to_csv());
    Ok(attachment(
        "text/csv; charset=utf-8",
        format!("filing-{list_id}.csv"),
        body,
    ))
}
