//! The caller and user accounts over the API: who is calling, the visible users, creating one.
//!
//! Not here: officers' certificates and records (`officers`), sessions and tokens (pages).

use super::input::{ApiResult, Body, choice, created, ok};
use crate::WebState;
use crate::extract::ApiCaller;
use axum::extract::State;
use serde::Deserialize;
use serde_json::json;
use zhifa_app::users::UserInput;
use zhifa_domain::Id;
use zhifa_domain::org::Role;

pub async fn me(ApiCaller(a): ApiCaller) -> ApiResult {
    ok(json!({
        "id": a.user.id,
        "username": a.user.username,
        "display_name": a.user.display_name,
        "role": a.user.role,
        "role_label": a.user.role.label(),
        "org": a.org,
        "scope": a.scope,
    }))
}

pub async fn users(State(s): State<WebState>, ApiCaller(a): ApiCaller) -> ApiResult {
    ok(s.app.users(&a).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserBody {
    username: String,
    display_name: String,
    role: String,
    org_id: Id,
    password: String,
}

pub async fn create_user(
    State(s): State<WebState>,
    ApiCaller(a): ApiCaller,
    Body(b): Body<UserBody>,
) -> ApiResult {
    let keys: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
    let role = choice("role", &b.role, Role::parse, &keys)?;
    let input = UserInput {
        username: b.username,
        display_name: b.display_name,
        role,
        org_id: b.org_id,
        password: b.password,
    };
    created(s.app.create_user(Some(&a), input).await?)
}
