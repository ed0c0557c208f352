//! Searching published decisions (公示检索): the index (`zhifa_search`) holds the words and
//! filters of each published decision; what is shown is read from the database. The index
//! follows publication and withdrawal, and is rebuilt from the database on demand
//! (`zhifa reindex`), so it is never the only copy of anything.
//!
//! Not here: the index itself (`zhifa_search`), publishing (`publicity`).

use crate::App;
use crate::error::{AppError, AppResult};
use crate::publicity::{PAGE, PublicDecision};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;
use zhifa_domain::Id;
use zhifa_domain::publicity::PublishedDecision;
use zhifa_search::{Entry, Query, SearchIndex};
use zhifa_store::PublicationRecord;

/// A search of the portal, as the public asks it.
#[derive(Debug, Clone, Default)]
pub struct DecisionSearch {
    pub text: String,
    /// The deciding body's code.
    pub body: Option<String>,
    pub matter: Option<String>,
    /// `penalty`, `on_the_spot` or `not_punished`.
    pub kind: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub page: usize,
}

/// A page of results and how many match in all.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DecisionResults {
    pub total: usize,
    pub decisions: Vec<PublicDecision>,
}

fn search_error(e: zhifa_search::SearchError) -> AppError {
    AppError::Internal(e.to_string())
}

/// What the index holds of a published decision: its words and its filters. Of a withdrawn
/// one, only its number and agency: it is found as withdrawn, not by what it said.
fn entry(record: &PublicationRecord, body_code: &str) -> AppResult<Entry> {
    let d: PublishedDecision = serde_json::from_str(&record.content)
        .map_err(|e| AppError::Internal(format!("publication {}: {e}", record.id)))?;
    let text = if record.withdrawal.is_some() {
        format!("{} {}", d.number, d.agency)
    } else {
        [
            d.number.as_str(),
            d.agency.as_str(),
            d.party.as_str(),
            d.credit_code.as_deref().unwrap_or(""),
            d.matter.as_str(),
            d.domain.as_str(),
            d.facts.as_str(),
            d.legal_basis.as_str(),
            d.outcome.as_str(),
        ]
        .join(" ")
    };
    Ok(Entry {
        id: record.id,
        text,
        body: body_code.to_string(),
        matter: d.matter_code,
        kind: d.kind.key().to_string(),
        day: d.decided_on,
    })
}

impl App {
    /// The same application, searching with `index`.
    pub fn with_search(mut self, index: Arc<SearchIndex>) -> App {
        self.search = Some(index);
        self
    }

    async fn body_codes(&self) -> AppResult<HashMap<Id, String>> {
        let mut tx = self.begin_read().await?;
        Ok(tx
            .orgs()
            .await?
            .into_iter()
            .map(|o| (o.id, o.code))
            .collect())
    }

    /// Puts publication `id` in the index (again, once withdrawn). Without an index, nothing
    /// to do. A failure is logged: `zhifa reindex` repairs the index.
    pub(crate) async fn index_publication(&self, id: Id) {
        let Some(index) = self.search.clone() else {
            return;
        };
        let result = async {
            let mut tx = self.begin_read().await?;
            let Some(record) = tx.publication(id).await? else {
                return Ok(());
            };
            drop(tx);
            let codes = self.body_codes().await?;
            let code = codes.get(&record.org_id).cloned().unwrap_or_default();
            index.put(&entry(&record, &code)?).map_err(search_error)
        }
        .await;
        if let Err(e) = result {
            tracing::error!(publication = id, error = %e, "cannot index the publication; run zhifa reindex");
        }
    }

    /// Rebuilds the index from the database: every publication not past its take-down day
    /// . Returns how many it indexed.
    pub async fn reindex(&self) -> AppResult<usize> {
        let index = self
            .search
            .clone()
            .ok_or_else(|| AppError::Internal("no search index is configured".into()))?;
        let codes = self.body_codes().await?;
        let today = self.clock.today();
        let mut entries = Vec::new();
        let mut before = None;
        loop {
            let mut tx = self.begin_read().await?;
            let page = tx.publications(None, before, 1000).await?;
            drop(tx);
            let Some(last) = page.last() else { break };
            before = Some(last.id);
            for r in page.iter().filter(|r| r.remove_on > today) {
                let code = codes.get(&r.org_id).cloned().unwrap_or_default();
                entries.push(entry(r, &code)?);
            }
        }
        tokio::task::spawn_blocking(move || index.rebuild(entries))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(search_error)
    }

    /// Searches the published decisions (public): all the words of `s.text`, within its
    /// filters, best first (newest first without words); those past their take-down day are
    /// left out.
    pub async fn search_decisions(&self, s: &DecisionSearch) -> AppResult<DecisionResults> {
        let index = self
            .search
            .clone()
            .ok_or_else(|| AppError::invalid("q", "本平台未启用全文检索"))?;
        let query = Query {
            text: s.text.clone(),
            body: s.body.clone(),
            matter: s.matter.clone(),
            kind: s.kind.clone(),
            from: s.from,
            to: s.to,
            offset: s.page * PAGE as usize,
            limit: PAGE as usize,
        };
        let hits = tokio::task::spawn_blocking(move || index.search(&query))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(search_error)?;
        let today = self.clock.today();
        let mut tx = self.begin_read().await?;
        let mut decisions = Vec::with_capacity(hits.ids.len());
        for id in hits.ids {
            if let Some(r) = tx.publication(id).await?
                && r.remove_on > today
            {
                decisions.push(PublicDecision::of(r)?);
            }
        }
        Ok(DecisionResults {
            total: hits.total,
            decisions,
        })
    }
}
