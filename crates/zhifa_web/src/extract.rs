//! Authentication as extractors: a page visitor from the session cookie, a form post that
//! must carry the session's CSRF token, an API caller from a bearer token.

use crate::WebState;
use crate::error::{ApiError, PageError};
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use zhifa_app::auth::constant_time_eq;
use zhifa_app::{Actor, AppError};

pub const SESSION_COOKIE: &str = "zhifa_session";
pub const LOGIN_CSRF_COOKIE: &str = "zhifa_login_csrf";
/// Largest form or upload accepted (catalog files are far smaller).
pub const MAX_BODY: usize = 8 * 1024 * 1024;

pub fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// A signed-in visitor of the web pages.
pub struct Visitor {
    pub actor: Actor,
    pub csrf: String,
    pub session_token: String,
}

impl FromRequestParts<WebState> for Visitor {
    type Rejection = PageError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let reject = |error| PageError {
            error,
            templates: state.templates.clone(),
        };
        let token =
            cookie(parts, SESSION_COOKIE).ok_or_else(|| reject(AppError::Unauthenticated))?;
        let (actor, csrf) = state.app.session_actor(&token).await.map_err(reject)?;
        let visitor = Visitor {
            actor,
            csrf,
            session_token: token,
        };
        crate::pages::remember_layout(crate::pages::layout(state, &visitor));
        Ok(visitor)
    }
}

/// A form post by a signed-in visitor whose `_csrf` field matches the session's token.
pub struct Posted<T> {
    pub visitor: Visitor,
    pub form: T,
    /// Every field in order, for repeated names (checkbox groups).
    pub pairs: Vec<(String, String)>,
}

pub(crate) fn check_csrf(
    visitor: &Visitor,
    sent: Option<&str>,
    state: &WebState,
) -> Result<(), PageError> {
    if sent.is_some_and(|s| constant_time_eq(s, &visitor.csrf)) {
        Ok(())
    } else {
        let error = AppError::Refused(zhifa_domain::Refusal::new(
            "csrf",
            "页面已过期或来源不明，请刷新页面后重试",
        ));
        Err(PageError {
            error,
            templates: state.templates.clone(),
        })
    }
}

impl<T: DeserializeOwned + Send> FromRequest<WebState> for Posted<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state).await?;
        let reject = |error| PageError {
            error,
            templates: state.templates.clone(),
        };
        let bytes = axum::body::to_bytes(body, MAX_BODY)
            .await
            .map_err(|_| reject(AppError::invalid("body", "提交的内容过大")))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let sent = pairs
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.as_str());
        check_csrf(&visitor, sent, state)?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| reject(AppError::invalid("form", format!("表单填写有误：{e}"))))?;
        Ok(Posted {
            visitor,
            form,
            pairs,
        })
    }
}

/// A multipart upload by a signed-in visitor, CSRF-checked, with its fields in memory.
pub struct Uploaded {
    pub visitor: Visitor,
    pub fields: HashMap<String, String>,
    /// (file name, contents) of the `file` field.
    pub file: Option<(String, Vec<u8>)>,
}

impl FromRequest<WebState> for Uploaded {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &WebState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let visitor = Visitor::from_request_parts(&mut parts, state).await?;
        let reject = |error| PageError {
            error,
            templates: state.templates.clone(),
        };
        let bad = || reject(AppError::invalid("file", "上传内容无法读取"));
        let req = Request::from_parts(parts, body);
        let mut multipart = Multipart::from_request(req, state)
            .await
            .map_err(|_| bad())?;
        let mut fields = HashMap::new();
        let mut file = None;
        while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
            let name = field.name().unwrap_or_default().to_string();
            if name == "file" {
                let file_name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|_| bad())?;
                file = Some((file_name, bytes.to_vec()));
            } else {
                fields.insert(name, field.text().await.map_err(|_| bad())?);
            }
        }
        check_csrf(&visitor, fields.get("_csrf").map(String::as_str), state)?;
        Ok(Uploaded {
            visitor,
            fields,
            file,
        })
    }
}

/// An API caller authenticated by `Authorization: Bearer <token>`. The API takes no cookies,
/// so it needs no CSRF token.
pub struct ApiCaller(pub Actor);

impl FromRequestParts<WebState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let token = header
            .strip_prefix("Bearer ")
            .ok_or(ApiError(AppError::Unauthenticated))?;
        Ok(ApiCaller(state.app.token_actor(token.trim()).await?))
    }
}
