//! `zhifa serve` and `zhifa demo`: the web server with graceful shutdown on Ctrl-C or SIGTERM,
//! and the demo county seeded into an empty database before serving.

use super::witness::WitnessPeer;
use super::{app, open_migrated};
use crate::config::Config;
use crate::report::{CliResult, table};
use anyhow::{Context, Result};
use std::net::SocketAddr;
use tokio::net::TcpListener;
use zhifa_app::App;
use zhifa_app::clock::{Clock, SystemClock};
use zhifa_app::demo::{self, DEMO_PASSWORD};
use zhifa_app::demo_cases;
use zhifa_app::documents::DocumentSettings;
use zhifa_docs::{Renderer, Templates};
use zhifa_domain::policy::Policy;
use zhifa_store::Store;
use zhifa_web::WebState;

/// How often the server publishes the decisions whose publication deadline has come and
/// escalates the complaints whose deadline has passed.
const SWEEP: std::time::Duration = std::time::Duration::from_secs(3600);

/// The demo county's code, by which a demo database is recognised.
const DEMO_COUNTY_CODE: &str = "519901";

pub async fn serve(
    config: &Config,
    checkpoint_interval: u64,
    witness: Option<WitnessPeer>,
) -> Result<()> {
    let store = open_migrated(config).await?;
    let listener = bind(config).await?;
    let app = configure(config, app(store))?;
    let app = with_keys(config, app, checkpoint_interval, witness)?;
    run(config, app, listener).await
}

/// Adds the log's signing keys, if the deployment has them, and signs checkpoints on an
/// interval; without keys the server runs and says how to create them.
fn with_keys(
    config: &Config,
    app: App,
    checkpoint_interval: u64,
    witness: Option<WitnessPeer>,
) -> Result<App> {
    match super::log::load_keys(config)? {
        Some(keys) => {
            let app = app.with_log_keys(keys);
            let every = std::time::Duration::from_secs(checkpoint_interval);
            super::log::spawn_checkpoints(app.clone(), every, witness);
            Ok(app)
        }
        None => {
            tracing::warn!("no log signing key: checkpoints are not signed; run `zhifa keygen`");
            Ok(app)
        }
    }
}

pub async fn demo(
    config: &Config,
    checkpoint_interval: u64,
    witness: Option<WitnessPeer>,
) -> Result<()> {
    let store = open_migrated(config).await?;
    if super::log::load_keys(config)?.is_none() {
        super::log::keygen(config, "zhifa.demo/519901")?;
    }
    let fresh = is_empty(&*store).await?;
    let logins = if fresh {
        let today = SystemClock.today();
        tracing::info!(%today, "seeding the demo county");
        let summary = demo::seed(store.clone(), today, Policy::default())
            .await
            .cli()
            .context("cannot seed the demo county")?;
        // The seed records the real cases' evidence; the files go where the server keeps it.
        demo_cases::write_evidence_files(&config.data_dir.join("evidence"), today)
            .await
            .cli()
            .context("cannot write the demo's evidence files")?;
        let rows = summary.logins.iter().map(|l| {
            vec![
                l.username.to_string(),
                l.role.label().to_string(),
                l.org.clone(),
            ]
        });
        Some(rows.collect::<Vec<_>>())
    } else {
        existing_logins(&*store).await?
    };
    let listener = bind(config).await?;
    let addr = listener.local_addr()?;
    println!("Zhifa 演示环境：http://{addr}");
    println!();
    match logins {
        Some(rows) => {
            let mut all = vec![vec![
                "用户名".to_string(),
                "角色".to_string(),
                "机构".to_string(),
            ]];
            all.extend(rows);
            print!("{}", table(&all));
            println!();
            println!("演示账号密码：{DEMO_PASSWORD}");
        }
        None => println!("数据库中已有非演示数据，未写入演示数据；请用已有账号登录。"),
    }
    println!();
    // The demo's townships seal their documents with demo seals, unless seals are given.
    let mut config = config.clone();
    if config.doc_seals.is_none() {
        let dir = config.data_dir.join("seals");
        if fresh {
            demo_cases::seals::write_demo_seals(&app(store.clone()), &dir)
                .await
                .cli()
                .context("cannot write the demo's seals")?;
        }
        if dir.is_dir() {
            config.doc_seals = Some(dir);
        }
    }
    let config = &config;
    let app = configure(config, app(store))?;
    let app = with_keys(config, app, checkpoint_interval, witness)?;
    if fresh {
        let issued = demo_cases::issue_documents(&app)
            .await
            .cli()
            .context("cannot issue the demo's documents")?;
        tracing::info!(issued, "the decided demo cases' letters issued");
    }
    run(config, app, listener).await
}

/// True when the database holds no bodies yet (so no users either).
async fn is_empty(store: &dyn Store) -> Result<bool> {
    let mut tx = store.begin().await.context("cannot read the database")?;
    Ok(tx
        .orgs()
        .await
        .context("cannot read the database")?
        .is_empty())
}

/// The active accounts of an already seeded demo database, or `None` if it is not a demo.
async fn existing_logins(store: &dyn Store) -> Result<Option<Vec<Vec<String>>>> {
    let mut tx = store.begin().await.context("cannot read the database")?;
    let orgs = tx.orgs().await.context("cannot read the database")?;
    if !orgs.iter().any(|o| o.code == DEMO_COUNTY_CODE) {
        return Ok(None);
    }
    let mut users = tx.users().await.context("cannot read the database")?;
    users.sort_by_key(|u| u.id);
    let rows = users
        .iter()
        .filter(|u| u.active)
        .map(|u| {
            let org = orgs
                .iter()
                .find(|o| o.id == u.org_id)
                .map_or_else(String::new, |o| o.name.clone());
            vec![u.username.clone(), u.role.label().to_string(), org]
        })
        .collect();
    Ok(Some(rows))
}

async fn bind(config: &Config) -> Result<TcpListener> {
    TcpListener::bind(&config.listen).await.with_context(|| {
        format!(
            "cannot listen on --listen (ZHIFA_LISTEN) address '{}'",
            config.listen
        )
    })
}

/// The application as configured: evidence files in the data directory (whichever database
/// holds their records), the policy and its limits, the document layouts.
fn configure(config: &Config, app: App) -> Result<App> {
    let mut app = app.with_evidence_dir(config.data_dir.join("evidence"));
    if let Some(policy) = &config.policy {
        app.policy = policy.clone();
    }
    if let Some(max) = config.evidence_max_bytes {
        app.policy.evidence_max_bytes = max;
    }
    let app = app.with_search(super::search_index(config)?);
    Ok(app.with_documents(document_settings(config)?))
}

/// The document layouts: a county's from `--doc-templates`, each compiled now (a template
/// with an error stops the start with typst's message), or the built-in ones, loaded when the
/// first document is rendered.
fn document_settings(config: &Config) -> Result<DocumentSettings> {
    let settings = match &config.doc_templates {
        None => DocumentSettings::builtin(config.public_url.clone()),
        Some(dir) => {
            let renderer = Renderer::new(Templates::with_dir(dir)?, Vec::new())
                .context("cannot load the document templates (--doc-templates)")?;
            DocumentSettings::new(renderer, config.public_url.clone())
        }
    };
    match &config.doc_seals {
        None => Ok(settings),
        Some(dir) => settings
            .with_seals(dir)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .context("cannot load the seals (--doc-seals)"),
    }
}

/// Serves the web application on `listener` until Ctrl-C or SIGTERM, then lets requests in
/// flight finish.
async fn run(config: &Config, app: App, listener: TcpListener) -> Result<()> {
    let addr = listener.local_addr()?;
    tracing::info!(database = %config.database.describe(), "database ready");
    // Decisions due on the portal go up now and then every hour, and complaints past
    // their deadline go to the county justice bureau (督办). The search index is rebuilt at
    // start and on the first sweep of each day, which also takes down the decisions whose
    // day has come.
    let sweeper = app.clone();
    tokio::spawn(async move {
        let mut indexed_on = None;
        let mut every = tokio::time::interval(SWEEP);
        loop {
            every.tick().await;
            let today = sweeper.clock.today();
            if sweeper.search.is_some() && indexed_on != Some(today) {
                match sweeper.reindex().await {
                    Ok(n) => {
                        indexed_on = Some(today);
                        tracing::info!(indexed = n, "search index rebuilt");
                    }
                    Err(e) => tracing::error!(error = %e, "cannot rebuild the search index"),
                }
            }
            match sweeper.publish_due().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(published = n, "decisions published on the portal"),
                Err(e) => tracing::error!(error = %e, "cannot publish the decisions due"),
            }
            match sweeper.escalate_overdue().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(escalated = n, "overdue complaints escalated"),
                Err(e) => tracing::error!(error = %e, "cannot escalate the overdue complaints"),
            }
        }
    });
    let state = WebState::new(app, config.secure_cookies);
    let router = zhifa_web::router(state);
    tracing::info!("listening on http://{addr}");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("the web server failed")?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
