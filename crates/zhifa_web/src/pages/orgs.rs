//! The administrative tree and township classes (一类乡镇一张清单).

use super::{PageResult, fail, page, parse_date, require_date, see};
use crate::WebState;
use crate::extract::{Posted, Visitor};
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use zhifa_app::AppError;
use zhifa_app::orgs::NewOrg;
use zhifa_domain::org::OrgKind;

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let orgs = state
        .app
        .visible_orgs(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let classes = state
        .app
        .classes(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let rows: Vec<_> = orgs
        .iter()
        .map(|o| {
            let depth = o.path.matches('/').count().saturating_sub(2);
            let class = classes.iter().find(|c| Some(c.class.id) == o.class_id).map(|c| c.class.name.clone());
            json!({"org": o, "kind": o.kind.label(), "depth": depth, "township": o.kind == OrgKind::Township, "class": class})
        })
        .collect();
    let kinds: Vec<_> = OrgKind::ALL
        .iter()
        .map(|k| json!({"key": k.key(), "label": k.label()}))
        .collect();
    let counties: Vec<_> = orgs.iter().filter(|o| o.kind == OrgKind::County).collect();
    Ok(page(
        &state,
        &visitor,
        "orgs/index.html",
        json!({"orgs": rows, "classes": classes, "kinds": kinds, "counties": counties}),
    ))
}

#[derive(Deserialize)]
pub struct OrgForm {
    parent_id: i64,
    kind: String,
    name: String,
    code: String,
}

pub async fn create(State(state): State<WebState>, posted: Posted<OrgForm>) -> PageResult {
    let f = posted.form;
    let kind = OrgKind::parse(&f.kind)
        .ok_or_else(|| fail(&state)(AppError::invalid("kind", "请选择机构类型")))?;
    let new = NewOrg {
        parent_id: Some(f.parent_id),
        kind,
        name: f.name,
        code: f.code,
    };
    state
        .app
        .create_org(Some(&posted.visitor.actor), new)
        .await
        .map_err(fail(&state))?;
    Ok(see("/orgs"))
}

#[derive(Deserialize)]
pub struct ClassForm {
    county_id: i64,
    name: String,
    #[serde(default)]
    description: String,
}

pub async fn create_class(State(state): State<WebState>, posted: Posted<ClassForm>) -> PageResult {
    let f = posted.form;
    state
        .app
        .create_class(
            Some(&posted.visitor.actor),
            f.county_id,
            &f.name,
            &f.description,
        )
        .await
        .map_err(fail(&state))?;
    Ok(see("/orgs"))
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    class_id: String,
}

pub async fn assign_class(
    State(state): State<WebState>,
    Path(township_id): Path<i64>,
    posted: Posted<AssignForm>,
) -> PageResult {
    let class_id = match posted.form.class_id.trim() {
        "" => None,
        v => Some(
            v.parse()
                .map_err(|_| fail(&state)(AppError::invalid("class_id", "请选择类别")))?,
        ),
    };
    state
        .app
        .assign_class(Some(&posted.visitor.actor), township_id, class_id)
        .await
        .map_err(fail(&state))?;
    Ok(see("/orgs"))
}

#[derive(Deserialize)]
pub struct DateQuery {
    #[serde(default)]
    date: String,
}

pub async fn class(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(class_id): Path<i64>,
    Query(q): Query<DateQuery>,
) -> PageResult {
    let date = parse_date("date", &q.date)
        .map_err(fail(&state))?
        .unwrap_or_else(|| state.app.clock.today());
    let deviations = state
        .app
        .class_deviations(&visitor.actor, class_id, date)
        .await
        .map_err(fail(&state))?;
    let classes = state
        .app
        .classes(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let class = classes
        .into_iter()
        .find(|c| c.class.id == class_id)
        .ok_or_else(|| fail(&state)(AppError::NotFound("乡镇类别")))?;
    let items = state
        .app
        .catalog_items(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let delegable: Vec<_> = items
        .iter()
        .filter(|i| i.item.source == zhifa_domain::catalog::CatalogSource::Delegable)
        .map(|i| json!({"id": i.id, "code": i.item.code, "name": i.item.name}))
        .collect();
    Ok(page(
        &state,
        &visitor,
        "orgs/class.html",
        json!({"class": class, "deviations": deviations, "date": date, "items": delegable}),
    ))
}

#[derive(Deserialize)]
pub struct ClassListsForm {
    batch: String,
    effective_from: String,
    #[serde(default)]
    transition_until: String,
}

/// Drafts the same list for every township of the class; the ticked items arrive as repeated
/// `items` fields.
pub async fn class_lists(
    State(state): State<WebState>,
    Path(class_id): Path<i64>,
    posted: Posted<ClassListsForm>,
) -> PageResult {
    let f = posted.form;
    let from = require_date("effective_from", &f.effective_from).map_err(fail(&state))?;
    let until = parse_date("transition_until", &f.transition_until).map_err(fail(&state))?;
    let ids: Vec<i64> = posted
        .pairs
        .iter()
        .filter(|(k, _)| k == "items")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    if ids.is_empty() {
        return Err(fail(&state)(AppError::invalid(
            "items",
            "请至少选择一个事项",
        )));
    }
    state
        .app
        .create_class_lists(&posted.visitor.actor, class_id, &f.batch, &ids, from, until)
        .await
        .map_err(fail(&state))?;
    Ok(see("/lists"))
}
