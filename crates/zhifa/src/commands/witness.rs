//! `zhifa witness`: an independent witness (C2SP tlog-witness), run by another body such as
//! the county justice bureau with its own key. It cosigns a log's checkpoint only when a
//! consistency proof connects it to the last checkpoint it cosigned, so a log that forks or
//! rewrites its history cannot get a cosignature for it.
//!
//! Also here: the log side, which sends each new checkpoint to its witness and keeps the
//! cosignatures it gets back.

use crate::config::Config;
use crate::report::CliResult;
use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Mutex;
use zhifa_app::App;
use zhifa_ledger::witness::{
    AddCheckpointRequest, TLOG_SIZE_CONTENT_TYPE, TreeHead, TrustedLog, add_checkpoint,
};
use zhifa_ledger::{Cosigner, NoteVerifier, SignerKey, VerifierKey, VerifierSet};

struct Witness {
    cosigner: Cosigner,
    log: TrustedLog,
    state_file: PathBuf,
    /// Serialises requests: the latest head is read, decided on and written as one step.
    lock: Mutex<()>,
}

/// The witness's key: `<dir>/witness.key`, created on first start with `name`.
fn witness_key(dir: &Path, name: &str) -> Result<Cosigner> {
    let path = dir.join("witness.key");
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        return match SignerKey::parse(text.trim())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        {
            SignerKey::Cosigner(c) => Ok(c),
            _ => bail!("{} is not a witness (cosignature/v1) key", path.display()),
        };
    }
    let cosigner =
        Cosigner::generate(name, &mut rand_core::OsRng).map_err(|e| anyhow::anyhow!("{e}"))?;
    let key = SignerKey::Cosigner(cosigner.clone());
    std::fs::create_dir_all(dir)?;
    super::log::write_private(&path, &format!("{}\n", key.to_text()))?;
    std::fs::write(
        dir.join("witness.pub"),
        format!("{}\n", key.verifier().to_text()),
    )?;
    Ok(cosigner)
}

fn read_head(path: &Path, origin: &str) -> Result<Option<TreeHead>> {
    if !path.exists() {
        return Ok(None);
    }
    let state: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let Some(head) = state.get(origin) else {
        return Ok(None);
    };
    let size = head["size"].as_u64().context("state: size")?;
    let root = head["root_hash"]
        .as_str()
        .and_then(zhifa_ledger::hash::hash_from_base64)
        .context("state: root_hash")?;
    Ok(Some(TreeHead {
        size,
        root_hash: root,
    }))
}

/// Writes the new head durably (temporary file, fsync, rename) before the witness answers.
fn write_head(path: &Path, origin: &str, head: TreeHead) -> Result<()> {
    let mut state: Value = if path.exists() {
        serde_json::from_str(&std::fs::read_to_string(path)?)?
    } else {
        json!({})
    };
    state[origin] = json!({"size": head.size, "root_hash": zhifa_ledger::hash::hash_to_base64(&head.root_hash)});
    let tmp = path.with_extension("tmp");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(state.to_string().as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

async fn add(State(w): State<Arc<Witness>>, body: Bytes) -> Response {
    let _one_at_a_time = w.lock.lock().await;
    let request = match AddCheckpointRequest::parse(&body) {
        Ok(r) => r,
        Err(refusal) => return refuse(&refusal),
    };
    let latest = match read_head(&w.state_file, &w.log.origin) {
        Ok(h) => h,
        Err(e) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("witness state: {e}"),
            )
                .into_response();
        }
    };
    #[allow(
        clippy::disallowed_methods,
        reason = "the witness is its own process with its own clock"
    )]
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    match add_checkpoint(&request, Some(&w.log), latest, &w.cosigner, now) {
        Ok(cosigned) => {
            if let Err(e) = write_head(&w.state_file, &w.log.origin, cosigned.new_head) {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("witness state: {e}"),
                )
                    .into_response();
            }
            tracing::info!(size = cosigned.new_head.size, "cosigned a checkpoint");
            (StatusCode::OK, cosigned.response_body()).into_response()
        }
        Err(refusal) => {
            tracing::warn!(%refusal, "refused a checkpoint");
            refuse(&refusal)
        }
    }
}

fn refuse(refusal: &zhifa_ledger::witness::WitnessRefusal) -> Response {
    let status = StatusCode::from_u16(refusal.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    match refusal.conflict_body() {
        Some(body) => (
            status,
            [(header::CONTENT_TYPE, TLOG_SIZE_CONTENT_TYPE)],
            body,
        )
            .into_response(),
        None => (status, refusal.to_string()).into_response(),
    }
}

/// `zhifa witness`: serves `POST /add-checkpoint` for the log whose verifier keys are in
/// `log_key`, keeping its key and the latest cosigned tree head in the data directory.
pub async fn serve(config: &Config, name: &str, log_key: &Path) -> Result<()> {
    let text = std::fs::read_to_string(log_key)
        .with_context(|| format!("cannot read {}", log_key.display()))?;
    let keys = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            VerifierKey::parse(l.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", log_key.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let Some(first) = keys.first() else {
        bail!("{} holds no key", log_key.display())
    };
    let origin = first.name().to_string();
    std::fs::create_dir_all(&config.data_dir)?;
    let cosigner = witness_key(&config.data_dir, name)?;
    let witness = Arc::new(Witness {
        cosigner,
        log: TrustedLog {
            origin: origin.clone(),
            keys: VerifierSet::new(keys),
        },
        state_file: config.data_dir.join("witness-state.json"),
        lock: Mutex::new(()),
    });
    let router = Router::new()
        .route("/add-checkpoint", post(add))
        .with_state(witness);
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on --listen (ZHIFA_LISTEN) address '{}'",
                config.listen
            )
        })?;
    println!(
        "见证服务：http://{}/add-checkpoint（日志 {origin}）",
        listener.local_addr()?
    );
    println!(
        "见证公钥：{}",
        config.data_dir.join("witness.pub").display()
    );
    axum::serve(listener, router)
        .await
        .context("the witness server failed")
}

/// The log's witness: where it listens and the key its cosignatures are checked with.
#[derive(Debug, Clone)]
pub struct WitnessPeer {
    pub url: String,
    pub key: VerifierKey,
}

impl WitnessPeer {
    pub fn load(url: &str, key_file: &Path) -> Result<WitnessPeer> {
        let text = std::fs::read_to_string(key_file)
            .with_context(|| format!("cannot read {}", key_file.display()))?;
        let key = VerifierKey::parse(text.trim())
            .map_err(|e| anyhow::anyhow!("{}: {e}", key_file.display()))?;
        if !matches!(key, VerifierKey::Cosignature(_)) {
            bail!(
                "{} is not a witness (cosignature/v1) key",
                key_file.display()
            );
        }
        Ok(WitnessPeer {
            url: url.trim_end_matches('/').to_string(),
            key,
        })
    }
}

/// Sends the latest checkpoint to the witness and keeps its cosignature. When the witness
/// answers 409 with the size it has, asks again from that size, once.
pub async fn push(app: &App, peer: &WitnessPeer) -> Result<()> {
    let mut old = None;
    for _ in 0..2 {
        let Some((size, body)) = app.witness_request(peer.key.name(), old).await.cli()? else {
            return Ok(());
        };
        let url = format!("{}/add-checkpoint", peer.url);
        let (status, text) = tokio::task::spawn_blocking(move || post_text(&url, body)).await??;
        match status {
            200 => return app.add_cosignature(size, &peer.key, &text).await.cli(),
            409 => {
                old = Some(
                    text.trim()
                        .parse::<i64>()
                        .context("the witness's 409 body is not a size")?,
                )
            }
            other => bail!(
                "the witness refused the checkpoint of size {size}: {other} {}",
                text.trim()
            ),
        }
    }
    bail!("the witness and the log disagree about the last cosigned size")
}

fn post_text(url: &str, body: String) -> Result<(u16, String)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(url)
        .send(body)
        .with_context(|| format!("cannot reach the witness at {url}"))?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().unwrap_or_default();
    Ok((status, text))
}
