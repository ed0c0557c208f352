//! Penalty cases over the API: registration, on-the-spot decisions, every later step as a
//! command, a case with its timeline, deadlines and the actions it offers, and the lists.
//!
//! Not here: the rules (the legal core refuses with the article), the pages.

use super::input::{ApiResult, Body, PathId, created, done, ok};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::extract::{Query, State};
use serde::Deserialize;
use zhifa_app::cases::{OnTheSpotInput, RegisterCase};
use zhifa_domain::Id;
use zhifa_domain::case::Command;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesQuery {
    org_id: Option<Id>,
}

pub async fn cases(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Query(q): Query<CasesQuery>,
) -> ApiResult {
    ok(s.app.cases(&a, q.org_id).await?)
}

pub async fn register_case(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(org_id): PathId,
    Body(b): Body<RegisterCase>,
) -> ApiResult {
    created(s.app.register_case(&a, org_id, b).await?)
}

pub async fn on_the_spot(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(org_id): PathId,
    Body(b): Body<OnTheSpotInput>,
) -> ApiResult {
    created(s.app.on_the_spot(&a, org_id, b).await?)
}

pub async fn case(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
) -> ApiResult {
    ok(s.app.case_view(&a, id).await?)
}

pub async fn case_command(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    PathId(id): PathId,
    Body(command): Body<Command>,
) -> ApiResult {
    s.app.case_command(&a, id, command).await?;
    done()
}

pub async fn discretion(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    let (benchmarks, grounds) = s.app.discretion_options(&a)?;
    ok(serde_json::json!({ "benchmarks": benchmarks, "grounds": grounds }))
}
