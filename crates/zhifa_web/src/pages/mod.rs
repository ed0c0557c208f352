//! The server-rendered pages. Each handler parses its input, calls one use case and renders a
//! template (or redirects after a post). Whether a visitor may do something is the use case's
//! decision; pages only offer what [`zhifa_app::authz::may`] says the role can do.

pub mod cases;
pub mod catalog;
pub mod complaint_desk;
pub mod complaints;
pub mod home;
pub mod laws;
pub mod lists;
pub mod log;
pub mod officers;
pub mod orgs;
pub mod portal;
pub mod session;
pub mod system;
pub mod townships;
pub mod users;

use crate::WebState;
use crate::error::PageError;
use crate::extract::Visitor;
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
        href: "/cases".into(),
        label: "案件办理",
    });
    if may(actor, Action::HandleComplaints) {
        links.push(NavLink {
            href: "/complaints".into(),
            label: "投诉举报",
        });
    }
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

tokio::task_local! {
    /// The signed-in visitor's layout (name, menu, CSRF token) for the request being served,
    /// so that an error page keeps the header and menu of the page it replaces.
    static LAYOUT: std::cell::RefCell<Option<Value>>;
}

/// Middleware giving each request its own layout slot.
pub async fn with_layout(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    LAYOUT
        .scope(std::cell::RefCell::new(None), next.run(request))
        .await
}

/// Remembers the visitor's layout for error pages of this request.
pub(crate) fn remember_layout(context: Value) {
    // Outside a request (e.g. a unit test) there is no slot, and nothing to remember.
    let _ = LAYOUT.try_with(|slot| *slot.borrow_mut() = Some(context));
}

/// The layout of the request being served, if its visitor has signed in.
pub(crate) fn remembered_layout() -> Option<Value> {
    LAYOUT.try_with(|slot| slot.borrow().clone()).ok().flatten()
}

/// What every page of a signed-in visitor shows: who, the CSRF token, the menu, today.
pub fn layout(state: &WebState, visitor: &Visitor) -> Value {
    let a = &visitor.actor;
    json!({
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
    })
}

/// Renders `template` with the visitor's layout and `data` merged in.
pub fn page(state: &WebState, visitor: &Visitor, template: &str, data: Value) -> Response {
    let mut ctx = layout(state, visitor);
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
    crate::error::PageError {
        error: AppError::NotFound("页面"),
        templates: state.templates.clone(),
    }
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
