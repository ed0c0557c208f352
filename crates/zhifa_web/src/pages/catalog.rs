//! The catalog of powers: items, one item with the text of its legal basis, and imports.

use super::{PageResult, fail, page, see};
use crate::WebState;
use crate::extract::{Uploaded, Visitor};
use axum::extract::{Path, State};
use serde_json::json;
use zhifa_app::AppError;
use zhifa_app::catalog::{CatalogFormat, CatalogImport};

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let items = state
        .app
        .catalog_items(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let catalogs = state
        .app
        .catalogs(&visitor.actor)
        .await
        .map_err(fail(&state))?;
    let rows: Vec<_> = items
        .iter()
        .map(|i| {
            json!({
                "id": i.id, "code": i.item.code, "name": i.item.name, "kind": i.item.kind.label(),
                "source": i.item.source.label(), "domain": i.item.domain, "department": i.item.department,
                "basis": i.item.legal_basis.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(page(
        &state,
        &visitor,
        "catalog/index.html",
        json!({"items": rows, "catalogs": catalogs}),
    ))
}

pub async fn show(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(item_id): Path<i64>,
) -> PageResult {
    let detail = state
        .app
        .catalog_item(&visitor.actor, item_id)
        .await
        .map_err(fail(&state))?;
    let i = &detail.item.item;
    let item = json!({"id": detail.item.id, "code": i.code, "name": i.name, "kind": i.kind.label(), "source": i.source.label(),
                      "domain": i.domain, "department": i.department});
    Ok(page(
        &state,
        &visitor,
        "catalog/show.html",
        json!({"item": item, "basis": detail.basis}),
    ))
}

pub async fn import(State(state): State<WebState>, upload: Uploaded) -> PageResult {
    let field = |k: &str| upload.fields.get(k).cloned().unwrap_or_default();
    let (file_name, bytes) = upload
        .file
        .clone()
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| {
            fail(&state)(AppError::invalid("file", "请选择要导入的 CSV 或 JSON 文件"))
        })?;
    let format = CatalogFormat::from_file_name(&file_name)
        .ok_or_else(|| fail(&state)(AppError::invalid("file", "文件应为 .csv 或 .json")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| fail(&state)(AppError::invalid("file", "文件不是 UTF-8 编码的文本")))?;
    let import = CatalogImport {
        name: field("name"),
        version: field("version"),
        source: field("source"),
        format,
        text,
    };
    state
        .app
        .import_catalog(Some(&upload.visitor.actor), import)
        .await
        .map_err(fail(&state))?;
    Ok(see("/catalog"))
}

#[derive(serde::Deserialize)]
pub struct DateQuery {
    #[serde(default)]
    date: String,
}

/// S2.5: per delegable item, the townships holding it, grants, withdrawals and problems.
pub async fn usage(
    State(state): State<WebState>,
    visitor: Visitor,
    axum::extract::Query(q): axum::extract::Query<DateQuery>,
) -> PageResult {
    let date = super::parse_date("date", &q.date)
        .map_err(fail(&state))?
        .unwrap_or_else(|| state.app.clock.today());
    let rows = state
        .app
        .item_usage(&visitor.actor, date)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "catalog/usage.html",
        json!({"rows": rows, "date": date}),
    ))
}
