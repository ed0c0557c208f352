//! Signing in and out. The login form is protected by a double-submit cookie, since there is
//! no session yet to hold its CSRF token.

use super::{PageResult, fail, see};
use crate::WebState;
use crate::extract::{LOGIN_CSRF_COOKIE, Posted, SESSION_COOKIE, cookie};
use axum::extract::{Form, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_app::auth::{SESSION_HOURS, constant_time_eq, random_token};

fn cookie_attrs(state: &WebState) -> &'static str {
    if state.secure_cookies {
        "; Path=/; HttpOnly; SameSite=Strict; Secure"
    } else {
        "; Path=/; HttpOnly; SameSite=Strict"
    }
}

fn login_page(state: &WebState, error: Option<String>, status: StatusCode) -> Response {
    let token = random_token();
    let html = state
        .templates
        .render("login.html", json!({"login_csrf": token, "error": error}));
    let set = format!(
        "{LOGIN_CSRF_COOKIE}={token}; Max-Age=3600{}",
        cookie_attrs(state)
    );
    (status, [(header::SET_COOKIE, set)], Html(html)).into_response()
}

pub async fn login_form(State(state): State<WebState>) -> Response {
    login_page(&state, None, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default, rename = "_csrf")]
    csrf: String,
}

pub async fn login(State(state): State<WebState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let expected = cookie(&parts, LOGIN_CSRF_COOKIE).unwrap_or_default();
    let Ok(Form(form)) =
        Form::<LoginForm>::from_request(Request::from_parts(parts, body), &state).await
    else {
        return login_page(
            &state,
            Some("请填写用户名和密码".into()),
            StatusCode::BAD_REQUEST,
        );
    };
    if expected.is_empty() || !constant_time_eq(&expected, &form.csrf) {
        return login_page(
            &state,
            Some("登录页面已过期，请重新输入".into()),
            StatusCode::FORBIDDEN,
        );
    }
    match state.app.login(&form.username, &form.password).await {
        Ok(ticket) => {
            let max_age = SESSION_HOURS * 3600;
            let set = format!(
                "{SESSION_COOKIE}={}; Max-Age={max_age}{}",
                ticket.session_token,
                cookie_attrs(&state)
            );
            let clear = format!("{LOGIN_CSRF_COOKIE}=; Max-Age=0{}", cookie_attrs(&state));
            let mut response = see("/");
            response
                .headers_mut()
                .append(header::SET_COOKIE, set.parse().expect("cookie header"));
            response
                .headers_mut()
                .append(header::SET_COOKIE, clear.parse().expect("cookie header"));
            response
        }
        Err(AppError::Refused(r)) => login_page(&state, Some(r.message), StatusCode::UNAUTHORIZED),
        Err(e) => fail(&state)(e).into_response(),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(State(state): State<WebState>, posted: Posted<Empty>) -> PageResult {
    state
        .app
        .logout(&posted.visitor.session_token)
        .await
        .map_err(fail(&state))?;
    let mut response = see("/login");
    let clear = format!("{SESSION_COOKIE}=; Max-Age=0{}", cookie_attrs(&state));
    response
        .headers_mut()
        .append(header::SET_COOKIE, clear.parse().expect("cookie header"));
    Ok(response)
}
