//! Logging set-up: `ZHIFA_LOG` filters (default `info,sqlx=warn`), `ZHIFA_LOG_FORMAT=json`
//! switches to one JSON object per line. Logs go to stderr; command output goes to stdout.

use anyhow::{Result, bail};
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

const DEFAULT_FILTER: &str = "info,sqlx=warn";

pub fn init() -> Result<()> {
    let spec = std::env::var("ZHIFA_LOG")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let filter = match &spec {
        Some(s) => match EnvFilter::try_new(s) {
            Ok(f) => f,
            Err(e) => bail!("invalid ZHIFA_LOG value '{s}': {e}"),
        },
        None => EnvFilter::new(DEFAULT_FILTER),
    };
    let format = std::env::var("ZHIFA_LOG_FORMAT").unwrap_or_default();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let builder = builder.with_ansi(std::io::stderr().is_terminal());
    match format.trim().to_ascii_lowercase().as_str() {
        "json" => builder.json().init(),
        "" | "text" | "compact" => builder.compact().init(),
        other => bail!("invalid ZHIFA_LOG_FORMAT value '{other}': expected json or text"),
    }
    Ok(())
}
