//! The server-rendered pages. Each handler parses its input, calls one use case and renders a
//! template (or redirects after a post). Whether a visitor may do something is the use case's
//! decision; pages only offer what [`zhifa_app::authz::may`] says the role can do.

pub mod catalog;
pub mod home;
pub mod laws;
pub mod lists;
pub mod officers;
pub mod orgs;
pub mod session;
pub mod system;
pub mod townships;
pub mod users;

use crate::WebState;
use crate::error::PageError;
use crate::extract::Visitor;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};
use zhifa_app::authz::{Action, may};
use zhifa_app::{Actor, AppError};
use zhifa_domain::org::OrgKind;

pub type PageResult = Result<Response, PageError>;

/// Wraps a use-case error for rendering.
pub fn fail(state: &WebState) -> impl Fn(AppError) -> PageError + '_ {
    move |error| PageError {
        error,
        templates: state.templates.clone(),
    }
}

#[derive(Serialize)]
struct NavLink {
    href: String,
    label: &'static str,
}

/// The menu a visitor's role offers.
fn nav(actor: &Actor) -> Vec<NavLink> {
    let mut links = vec![NavLink {
        href: "/".into(),
        label: "工作台",
    }];
    links.push(NavLink {
        href: "/lists".into(),
        label: "承接清单",
    });
    if actor.scope.kind == OrgKind::Township {
        links.push(NavLink {
            href: format!("/townships/{}", actor.scope.id),
            label: "本乡镇权责",
        });
    } else {
        links.push(NavLink {
            href: "/orgs".into(),
            label: "机构与乡镇",
        });
    }
    links.push(NavLink {
        href: "/catalog".into(),
        label: "事项目录",
    });
    links.push(NavLink {
        href: "/laws".into(),
        label: "法规库",
    });
    links.push(NavLink {
        href: "/officers".into(),
        label: "执法人员",
    });
    links.push(NavLink {
        href: format!("/compliance/{}", actor.scope.id),
        label: "人员合规",
    });
    if may(actor, Action::ManageUsers) {
        links.push(NavLink {
            href: "/users".into(),
            label: "用户管理",
        });
    }
    links.push(NavLink {
        href: "/account".into(),
        label: "我的账号",
    });
    links
}

/// Renders `template` with the visitor, CSRF token, menu and `data` merged in.
pub fn page(state: &WebState, visitor: &Visitor, template: &str, data: Value) -> Response {
    let a = &visitor.actor;
    let mut ctx = json!({
        "user": {"name": a.user.display_name, "role": a.role().label(), "org": a.org.name, "id": a.user.id},
        "csrf": visitor.csrf,
        "nav": nav(a),
        "today": state.app.clock.today().to_string(),
        "can": {
            "manage_reference": may(a, Action::ManageReference),
            "manage_orgs": may(a, Action::ManageOrgs),
            "manage_lists": may(a, Action::ManageLists),
            "manage_users": may(a, Action::ManageUsers),
            "manage_certificates": may(a, Action::ManageCertificates),
            "record_training": may(a, Action::RecordTraining),
            "record_assessment": may(a, Action::RecordAssessment),
        },
    });
    if let (Value::Object(base), Value::Object(extra)) = (&mut ctx, data) {
        base.extend(extra);
    }
    Html(state.templates.render(template, ctx)).into_response()
}

/// After a successful post: back to a page (303 so the browser does a GET).
pub fn see(to: impl AsRef<str>) -> Response {
    Redirect::to(to.as_ref()).into_response()
}

pub fn not_found(state: &WebState) -> Response {
    let body = crate::error::error_body(&AppError::NotFound("页面"));
    (
        StatusCode::NOT_FOUND,
        Html(state.templates.render("error.html", json!({"error": body}))),
    )
        .into_response()
}

/// Parses an optional `YYYY-MM-DD` form or query value.
pub fn parse_date(field: &'static str, value: &str) -> Result<Option<NaiveDate>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            AppError::invalid(
                field,
                format!("日期“{v}”格式应为 年-月-日，例如 2026-03-01"),
            )
        })
}

pub fn require_date(field: &'static str, value: &str) -> Result<NaiveDate, AppError> {
    parse_date(field, value)?.ok_or_else(|| AppError::invalid(field, "请填写日期"))
}

pub fn parse_number(field: &'static str, value: &str) -> Result<u32, AppError> {
    value
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(field, format!("“{}”不是有效的数字", value.trim())))
}
