//! The law library: laws, their full text, and one cited article.

use super::{PageResult, fail, page};
use crate::WebState;
use crate::extract::Visitor;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;

pub async fn index(State(state): State<WebState>, visitor: Visitor) -> PageResult {
    let laws = state.app.laws(&visitor.actor).await.map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "laws/index.html",
        json!({"laws": laws}),
    ))
}

pub async fn show(
    State(state): State<WebState>,
    visitor: Visitor,
    Path(law_id): Path<i64>,
) -> PageResult {
    let (law, articles) = state
        .app
        .law(&visitor.actor, law_id)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "laws/show.html",
        json!({"law": law, "articles": articles}),
    ))
}

#[derive(Deserialize)]
pub struct CiteQuery {
    #[serde(default)]
    c: String,
}

pub async fn cite(
    State(state): State<WebState>,
    visitor: Visitor,
    Query(q): Query<CiteQuery>,
) -> PageResult {
    let cited = state
        .app
        .cited_article(&visitor.actor, &q.c)
        .await
        .map_err(fail(&state))?;
    Ok(page(
        &state,
        &visitor,
        "laws/cite.html",
        json!({"cited": cited}),
    ))
}
