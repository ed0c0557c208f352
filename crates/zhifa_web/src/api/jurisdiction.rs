//! Bodies and jurisdiction over the API: visible orgs, a township's powers on a date and its
//! grants, resolving who handles an item, withdrawing a grant and reporting a problem with one.
//!
//! Not here: how grants come about (`lists`), the catalog itself (`reference`).

use super::input::{ApiResult, Body, Params, PathId, created, date, done, ok};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use zhifa_domain::Id;

pub async fn orgs(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.visible_orgs(&a).await?)
}

pub async fn powers(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    q: Params,
) -> ApiResult {
    let on = q.date_or("date", s.app.clock.today())?;
    ok(json!({ "township_id": id, "date": on, "powers": s.app.township_powers(&a, id, on).await? }))
}

pub async fn grants(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    let grants: Vec<Value> = s
        .app
        .township_grants(&a, id)
        .await?
        .into_iter()
        .map(|(grant, item)| json!({ "grant": grant, "item": item }))
        .collect();
    ok(grants)
}

pub async fn resolve(State(s): State<WebState>, ApiCaller(a): ApiCaller, q: Params) -> ApiResult {
    let (township_id, item_id) = (q.id("township_id")?, q.id("item_id")?);
    let on = q.date_or("date", s.app.clock.today())?;
    ok(s.app.resolve(&a, township_id, item_id, on).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WithdrawBody {
    effective_on: String,
    reason: String,
}

pub async fn withdraw(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<WithdrawBody>,
) -> ApiResult {
    let on = date("effective_on", &b.effective_on)?;
    s.app.withdraw_grant(&a, id, on, &b.reason).await?;
    done()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProblemBody {
    item_id: Id,
    text: String,
}

pub async fn report_problem(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(b): Body<ProblemBody>,
) -> ApiResult {
    created(s.app.report_problem(&a, id, b.item_id, &b.text).await?)
}
