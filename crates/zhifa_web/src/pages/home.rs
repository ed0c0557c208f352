//! The workbench: what needs the visitor's attention now.

use super::{PageResult, fail, page};
use crate::WebState;
use crate::extract::Visitor;
use axum::extract::State;
use serde_json::json;
use zhifa_app::authz::{Action, may};
use zhifa_app::complaints::Show;

pub async fn home(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let lists = state
        .app
        .lists(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let waiting: Vec<_> = lists.iter().filter(|l| !l.actions.is_empty()).collect();
    let (org, compliance) = state
        .app
        .compliance(&visitor.actor, visitor.actor.scope.id)
        .await
        .map_err(fail(&state))?;
    let totals: Vec<_> = compliance
        .totals
        .iter()
        .map(|(i, v)| json!({"label": i.label(), "value": v}))
        .collect();
    let badges = state
        .app
        .badges(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    // Complaints the body must act on (or, for the bureau, supervise), overdue first.
    let mut complaints = if may(&visitor.actor, Action::HandleComplaints) {
        state
            .app
            .complaints_for(&visitor.actor, Show::Open)
            .await
            .map_err(fail(&state))?
    } else {
        Vec::new()
    };
    complaints.sort_by_key(|c| (!c.overdue, c.due_on));
    Ok(page(
        &state,
        &visitor,
        "home.html",
        json!({"complaints": complaints, "waiting": waiting, "lists": lists.len(), "scope": org, "totals": totals, "reviewers_sufficient": compliance.reviewers_sufficient, "badges": badges}),
    ))
}
