//! A township's powers as of a date, its grants (with withdrawal), and the resolver.

use super::{PageResult, fail, page, parse_date, require_date, see};
use crate::WebState;
use crate::extract::{Posted, Visitor};
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use zhifa_app::authz::{Action, may};

#[derive(Deserialize)]
pub struct DateQuery {
    #[serde(default)]
    date: String,
}

pub async fn show(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(township_id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> PageResult {
    let actor = &visitor.actor;
    let date = parse_date("date", &q.date)
        .map_err(fail(&state))?
        .unwrap_or_else(|| state.app.clock.today());
    let township = state
        .app
        .org(actor, township_id)
        .await
        .map_err(fail(&state))?;
    let powers = state
        .app
        .township_powers(actor, township_id, date)
        .await
        .map_err(fail(&state))?;
    let grants = state
        .app
        .township_grants(actor, township_id)
        .await
        .map_err(fail(&state))?;
    let lists: Vec<_> = state
        .app
        .lists(actor)
        .await
        .map_err(fail(&state))?
        .into_iter()
        .filter(|l| l.list.township_id == township_id)
        .collect();
    let items = state.app.catalog_items(actor).await.map_err(fail(&state))?;
    let powers: Vec<_> = powers
        .iter()
        .map(|p| json!({"item": p.item.item, "id": p.item.id, "kind": p.item.item.kind.label(), "basis": zhifa_app::jurisdiction::basis_label(p.basis),
                        "grant": p.grant, "in_transition": p.in_transition}))
        .collect();
    let grants: Vec<_> = grants
        .iter()
        .map(|(g, i)| json!({"grant": g, "item": i.item, "open": g.until.is_none()}))
        .collect();
    let options: Vec<_> = items
        .iter()
        .map(|i| json!({"id": i.id, "code": i.item.code, "name": i.item.name}))
        .collect();
    Ok(page(
        &state,
        &visitor,
        "townships/show.html",
        json!({"township": township, "date": date, "powers": powers, "grants": grants, "lists": lists, "items": options,
               "can_withdraw": may(actor, Action::ManageLists), "can_report": may(actor, Action::ReportProblem)}),
    ))
}

#[derive(Deserialize)]
pub struct ResolveQuery {
    township_id: i64,
    item_id: i64,
    #[serde(default)]
    date: String,
}

pub async fn resolve(
    State(state): State<WebState>,
    visitor: Visitor,
    Query(q): Query<ResolveQuery>,
) -> PageResult {
    let date = parse_date("date", &q.date)
        .map_err(fail(&state))?
        .unwrap_or_else(|| state.app.clock.today());
    let r = state
        .app
        .resolve(&visitor.actor, q.township_id, q.item_id, date)
        .await
        .map_err(fail(&state))?;
    let item = json!({"id": r.item.id, "code": r.item.item.code, "name": r.item.item.name, "department": r.item.item.department});
    Ok(page(
        &state,
        &visitor,
        "townships/resolve.html",
        json!({"r": r, "item": item}),
    ))
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    effective_on: String,
    reason: String,
}

pub async fn withdraw(
    State(state): State<WebState>,
    Path(grant_id): Path<i64>,
    posted: Posted<WithdrawForm>,
) -> PageResult {
    let on = require_date("effective_on", &posted.form.effective_on).map_err(fail(&state))?;
    let township_id = state
        .app
        .withdraw_grant(&posted.visitor.actor, grant_id, on, &posted.form.reason)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/townships/{township_id}")))
}

#[derive(Deserialize)]
pub struct ProblemForm {
    item_id: i64,
    text: String,
}

pub async fn report_problem(
    State(state): State<WebState>,
    Path(township_id): Path<i64>,
    posted: Posted<ProblemForm>,
) -> PageResult {
    let f = &posted.form;
    state
        .app
        .report_problem(&posted.visitor.actor, township_id, f.item_id, &f.text)
        .await
        .map_err(fail(&state))?;
    Ok(see(format!("/townships/{township_id}")))
}
