//! The log's keys and verification: `zhifa keygen`, `zhifa verify`, loading the signing keys
//! for `serve`, and signing checkpoints on an interval.
//!
//! Keys live in `<data dir>/keys/`: `log.key` (the private keys, one signed-note key line
//! each, readable by the owner only) and `log.pub` (the verifier keys, to hand to witnesses
//! and auditors). The private keys never enter the database or a log line.

use super::{app, open_migrated};
use crate::config::Config;
use crate::report::CliResult;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;
use zhifa_app::App;
use zhifa_app::bundle::check_bundle;
use zhifa_app::log::LogKeys;
use zhifa_ledger::{NoteVerifier, SignerKey, VerifierKey};

/// The default origin for a log, when `keygen` is not given one.
pub const DEFAULT_ORIGIN: &str = "zhifa.local/log";

fn key_file(config: &Config) -> PathBuf {
    config.data_dir.join("keys").join("log.key")
}

fn pub_file(config: &Config) -> PathBuf {
    config.data_dir.join("keys").join("log.pub")
}

/// Writes a new key pair; refuses to overwrite one (a log's key is its identity).
pub fn keygen(config: &Config, origin: &str) -> Result<LogKeys> {
    let private = key_file(config);
    if private.exists() {
        bail!(
            "{} already exists: a log keeps its key for life",
            private.display()
        );
    }
    if !zhifa_ledger::keys::is_valid_key_name(origin) {
        bail!(
            "invalid --origin '{origin}': a key name has no spaces or '+' (e.g. zhifa.example.gov.cn/519901)"
        );
    }
    let keys = LogKeys::generate(origin).cli()?;
    let dir = private.parent().expect("the key file is in a directory");
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let secret: String = keys
        .signers
        .iter()
        .map(|k| format!("{}\n", k.to_text()))
        .collect();
    write_private(&private, &secret)?;
    let public: String = keys
        .signers
        .iter()
        .map(|k| format!("{}\n", k.verifier().to_text()))
        .collect();
    std::fs::write(pub_file(config), public)
        .with_context(|| format!("cannot write {}", pub_file(config).display()))?;
    Ok(keys)
}

#[cfg(unix)]
pub(crate) fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    f.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// The signing keys, if this deployment has them.
pub fn load_keys(config: &Config) -> Result<Option<LogKeys>> {
    let path = key_file(config);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let signers = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| SignerKey::parse(l.trim()).map_err(|e| anyhow::anyhow!("{}: {e}", path.display())))
        .collect::<Result<Vec<_>>>()?;
    let Some(first) = signers.first() else {
        bail!("{} holds no key", path.display())
    };
    let origin = first.verifier().name().to_string();
    Ok(Some(LogKeys { origin, signers }))
}

/// The verifier keys to check the log with: the `--key` files (the log's first, then any
/// witness's) or the data directory's `log.pub`. The origin is the first key's name.
fn load_verifiers(config: &Config, keys: &[PathBuf]) -> Result<(String, Vec<VerifierKey>)> {
    let default = [pub_file(config)];
    let paths = if keys.is_empty() { &default[..] } else { keys };
    let mut all = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read verifier keys {}", path.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            all.push(
                VerifierKey::parse(line.trim())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            );
        }
    }
    let Some(first) = all.first() else {
        bail!("{} holds no key", paths[0].display())
    };
    Ok((first.name().to_string(), all))
}

/// `zhifa keygen`.
pub fn keygen_command(config: &Config, origin: &str) -> Result<()> {
    let keys = keygen(config, origin)?;
    println!(
        "日志签名密钥已生成：{}（仅本机所有者可读）",
        key_file(config).display()
    );
    println!("公钥（交给见证方和审计方）：{}", pub_file(config).display());
    for k in &keys.signers {
        println!("  {}", k.verifier().to_text());
    }
    Ok(())
}

/// `zhifa verify`: recomputes the log from the database and checks every checkpoint, and the
/// cosignatures of the witnesses whose keys are given.
pub async fn verify_command(config: &Config, keys: &[PathBuf]) -> Result<bool> {
    let (origin, verifiers) = load_verifiers(config, keys)?;
    let store = open_migrated(config).await?;
    let report = app(store).verify_log(&origin, &verifiers).await.cli()?;
    match &report.first_problem {
        None => {
            println!(
                "日志完整：{} 条记录，{} 个检查点均与记录一致，签名有效；见证方联署 {} 个均有效。",
                report.entries, report.checkpoints, report.cosignatures
            );
            if report.cosignatures_unchecked > 0 {
                println!(
                    "另有 {} 个联署来自未提供公钥的见证方，未核验（用 --key 指定见证方公钥）。",
                    report.cosignatures_unchecked
                );
            }
            Ok(true)
        }
        Some(problem) => {
            println!("发现问题：{problem}");
            Ok(false)
        }
    }
}

/// `zhifa verify --document FILE`: the PDF must be byte for byte a document the database
/// records as issued; its log entry must commit to that hash and be included in the tree of
/// a checkpoint signed by a trusted key.
pub async fn verify_document(config: &Config, file: &Path, keys: &[PathBuf]) -> Result<bool> {
    let (_, trusted) = load_verifiers(config, keys)?;
    let pdf = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let store = open_migrated(config).await?;
    let found = app(store).document_bundles(&pdf).await.cli()?;
    if found.is_empty() {
        println!(
            "核验未通过：{} 与本系统签发的任何文书都不一致——文件已被改动，或并非本系统签发。",
            file.display()
        );
        return Ok(false);
    }
    let digest = Sha256::digest(&pdf);
    let size = pdf.len() as u64;
    for (doc, bundle) in found {
        match check_bundle(&bundle, &trusted, |_| Some((digest.into(), size))) {
            Ok(report) => println!(
                "核验通过：《{}》{}，{}于 {} 签发；SHA-256 {}，记录于日志第 {} 条，已纳入签名检查点（树大小 {}）。",
                doc.title,
                doc.number,
                doc.agency,
                doc.issued_at.format("%Y-%m-%d %H:%M UTC"),
                doc.sha256,
                doc.proof.seq,
                report.tree_size
            ),
            Err(problem) => {
                println!("核验未通过：{problem}");
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Signs a checkpoint now and then every `interval`, and sends each to the witness, for as
/// long as the server runs.
pub fn spawn_checkpoints(
    app: App,
    interval: Duration,
    witness: Option<super::witness::WitnessPeer>,
) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(interval);
        loop {
            ticker.tick().await;
            match app.sign_checkpoint().await {
                Ok(Some(c)) => tracing::info!(size = c.size, "signed a checkpoint"),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "cannot sign a checkpoint"),
            }
            if let Some(peer) = &witness
                && let Err(e) = super::witness::push(&app, peer).await
            {
                tracing::warn!(error = %format!("{e:#}"), "the witness did not cosign");
            }
        }
    });
}
