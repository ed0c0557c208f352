//! The commands, and what they share: opening the configured store and building the `App`.

pub mod admin;
pub mod backup;
pub mod bundle;
pub mod import;
pub mod log;
pub mod remote;
pub mod serve;
pub mod witness;

use crate::config::{Config, Database};
use crate::report::CliResult;
use anyhow::{Context, Result};
use std::sync::Arc;
use zhifa_app::App;
use zhifa_app::clock::SystemClock;
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_store_postgres::PgStore;
use zhifa_store_sqlite::SqliteStore;

/// Opens the configured database (creating the data directory for SQLite when missing).
pub async fn open_store(config: &Config) -> Result<Arc<dyn Store>> {
    config.ensure_data_dir()?;
    let described = config.database.describe();
    tracing::debug!(database = %described, "opening database");
    let store: Arc<dyn Store> = match &config.database {
        Database::SqliteFile(path) => Arc::new(
            SqliteStore::open(path)
                .await
                .with_context(|| format!("cannot open database {described}"))?,
        ),
        Database::SqliteUrl { url, .. } => Arc::new(
            SqliteStore::open_url(url)
                .await
                .with_context(|| format!("cannot open database {described}"))?,
        ),
        // The driver's message may quote the URL: show only ours, which is redacted.
        Database::Postgres { url } => Arc::new(PgStore::open(url).await.map_err(|e| {
            anyhow::anyhow!(
                "cannot open database {described}: {}",
                redact_error(&e.to_string(), url)
            )
        })?),
    };
    Ok(store)
}

/// A driver message with the URL (and so its password) taken out, should it appear.
fn redact_error(message: &str, url: &str) -> String {
    message.replace(url, &crate::config::redact_url(url))
}

/// Opens the store and applies pending migrations, logging how many.
pub async fn open_migrated(config: &Config) -> Result<Arc<dyn Store>> {
    let store = open_store(config).await?;
    let applied = store.migrate().await.context("cannot apply migrations")?;
    if applied > 0 {
        tracing::info!(applied, backend = store.backend(), "applied migrations");
    }
    Ok(store)
}

/// The application over `store` with the system clock and the default policy.
pub fn app(store: Arc<dyn Store>) -> App {
    App::new(store, Arc::new(SystemClock), Policy::default())
}

/// The portal's search index in the data directory, opened (created when missing).
pub fn search_index(config: &Config) -> Result<Arc<zhifa_search::SearchIndex>> {
    let dir = config.data_dir.join("search");
    let index = zhifa_search::SearchIndex::open(&dir)
        .with_context(|| format!("cannot open the search index in {}", dir.display()))?;
    Ok(Arc::new(index))
}

/// `zhifa reindex`: rebuilds the search index from the database and prints how many
/// decisions it holds.
pub async fn reindex(config: &Config) -> Result<()> {
    let store = open_migrated(config).await?;
    let app = app(store).with_search(search_index(config)?);
    let n = app.reindex().await.cli()?;
    println!("已重建检索索引：{n} 条公开的决定");
    Ok(())
}

/// `zhifa migrate`: applies pending migrations and prints how many.
pub async fn migrate(config: &Config) -> Result<()> {
    let store = open_store(config).await?;
    let applied = store.migrate().await.context("cannot apply migrations")?;
    println!("{applied} migration(s) applied");
    Ok(())
}
