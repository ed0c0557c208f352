//! User administration and the visitor's own account (API tokens).

use super::{PageResult, fail, page, see};
use crate::WebState;
use crate::extract::{Posted, Visitor};
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_app::users::UserInput;
use zhifa_domain::org::Role;

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let users = state
        .app
        .users(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let orgs = state
        .app
        .visible_orgs(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let roles: Vec<_> = Role::ALL
        .iter()
        .map(|r| json!({"key": r.key(), "label": r.label()}))
        .collect();
    Ok(page(
        &state,
        &visitor,
        "users/index.html",
        json!({"users": users, "orgs": orgs, "roles": roles}),
    ))
}

#[derive(Deserialize)]
pub struct UserForm {
    username: String,
    display_name: String,
    role: String,
    org_id: i64,
    password: String,
}

pub async fn create(State(state): State<WebState>, posted: Posted<UserForm>) -> PageResult {
    let f = posted.form;
    let role = Role::parse(&f.role)
        .ok_or_else(|| fail(&state)(AppError::invalid("role", "请选择角色")))?;
    let input = UserInput {
        username: f.username,
        display_name: f.display_name,
        role,
        org_id: f.org_id,
        password: f.password,
    };
    state
        .app
        .create_user(Some(&posted.visitor.actor), input)
        .await
        .map_err(fail(&state))?;
    Ok(see("/users"))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
}

pub async fn reset_password(
    State(state): State<WebState>,
    Path(user_id): Path<i64>,
    posted: Posted<PasswordForm>,
) -> PageResult {
    state
        .app
        .reset_password(Some(&posted.visitor.actor), user_id, &posted.form.password)
        .await
        .map_err(fail(&state))?;
    Ok(see("/users"))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(state): State<WebState>,
    Path(user_id): Path<i64>,
    posted: Posted<ActiveForm>,
) -> PageResult {
    let active = posted.form.active == "yes";
    state
        .app
        .set_user_active(Some(&posted.visitor.actor), user_id, active)
        .await
        .map_err(fail(&state))?;
    Ok(see("/users"))
}

pub async fn account(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let tokens = state
        .app
        .api_tokens(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let tokens: Vec<_> = tokens.iter().map(|t| json!({"id": t.id, "name": t.name, "created_at": t.created_at, "revoked": t.revoked_at.is_some()})).collect();
    Ok(page(
        &state,
        &visitor,
        "users/account.html",
        json!({"tokens": tokens, "new_token": null}),
    ))
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
}

/// Shows the new token once, on this response only.
pub async fn create_token(State(state): State<WebState>, posted: Posted<TokenForm>) -> PageResult {
    let token = state
        .app
        .create_api_token(&posted.visitor.actor, &posted.form.name)
        .await
        .map_err(fail(&state))?;
    let tokens = state
        .app
        .api_tokens(&posted.visitor.actor)
        .await
        .map_err(fail(&state))?;
    let tokens: Vec<_> = tokens.iter().map(|t| json!({"id": t.id, "name": t.name, "created_at": t.created_at, "revoked": t.revoked_at.is_some()})).collect();
    Ok(page(
        &state,
        &posted.visitor,
        "users/account.html",
        json!({"tokens": tokens, "new_token": token}),
    ))
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn revoke_token(
    State(state): State<WebState>,
    Path(token_id): Path<i64>,
    posted: Posted<Empty>,
) -> PageResult {
    state
        .app
        .revoke_api_token(&posted.visitor.actor, token_id)
        .await
        .map_err(fail(&state))?;
    Ok(see("/account"))
}
