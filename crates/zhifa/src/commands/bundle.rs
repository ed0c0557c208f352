//! `zhifa export-case` and `zhifa verify --bundle`: a case file (案卷) as a directory holding
//! `manifest.json` (entries, payloads, proofs, the signed checkpoint) and the evidence files
//! it names, checked anywhere with this binary alone — no server, no database.

use super::{app, open_migrated};
use crate::config::Config;
use crate::report::CliResult;
use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use zhifa_app::bundle::{Bundle, BundleSelection, check_bundle};
use zhifa_ledger::VerifierKey;

const MANIFEST: &str = "manifest.json";
/// Where an exported case's documents lie in archive order, for people to read.
const CASE_FILE: &str = "案卷";

/// Writes the bundle of the entries whose subject is one of `subjects` into `dest`.
pub async fn export(config: &Config, subjects: Vec<String>, dest: &Path) -> Result<()> {
    if dest.exists() {
        bail!("{} already exists", dest.display());
    }
    let store = open_migrated(config).await?;
    let mut app = app(store);
    if let Some(keys) = super::log::load_keys(config)? {
        app = app.with_log_keys(keys);
    }
    let bundle = app
        .export_bundle(&BundleSelection {
            subjects: subjects.clone(),
        })
        .await
        .cli()?;
    std::fs::create_dir_all(dest.join("evidence"))
        .with_context(|| format!("cannot create {}", dest.display()))?;
    for ev in &bundle.evidence {
        let blob = blob_path(config, &ev.sha256);
        std::fs::copy(&blob, dest.join(&ev.file))
            .with_context(|| format!("cannot copy evidence {}", blob.display()))?;
    }
    let manifest = serde_json::to_string_pretty(&bundle)?;
    std::fs::write(dest.join(MANIFEST), manifest)
        .with_context(|| format!("cannot write {}", dest.display()))?;
    let mut filed = 0;
    for subject in &subjects {
        if let Some(case_id) = subject.strip_prefix("case:").and_then(|s| s.parse().ok()) {
            filed += write_case_file(config, &app, case_id, &dest.join(CASE_FILE)).await?;
        }
    }
    println!(
        "已导出 {} 条记录、{} 个证据文件到 {}",
        bundle.entries.len(),
        bundle.evidence.len(),
        dest.display()
    );
    if filed > 0 {
        println!("案卷文书 {filed} 件按归档顺序存于 {CASE_FILE}/");
    }
    Ok(())
}

/// The case's issued documents in archive order (cover and index first), as
/// `01-行政处罚案卷.pdf`, `02-立案审批表-城关镇立审〔2026〕1号.pdf` …: copies of the files
/// `evidence/` holds under their hashes, for people to read in order. Returns how many.
async fn write_case_file(
    config: &Config,
    app: &zhifa_app::App,
    case_id: i64,
    dir: &Path,
) -> Result<usize> {
    let file = app.case_file(case_id).await.cli()?;
    if file.is_empty() {
        return Ok(0);
    }
    let dir = dir.join(format!("case-{case_id}"));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (i, (doc, record)) in file.iter().enumerate() {
        let title = match doc.kind {
            zhifa_domain::documents::DocKind::FileCover => "行政处罚案卷（封面与卷内目录）".into(),
            _ => doc.title(),
        };
        let name = if record.number.is_empty() {
            format!("{:02}-{title}.pdf", i + 1)
        } else {
            format!("{:02}-{title}-{}.pdf", i + 1, record.number)
        };
        let blob = blob_path(config, &record.sha256);
        std::fs::copy(&blob, dir.join(&name))
            .with_context(|| format!("cannot copy document {}", blob.display()))?;
    }
    Ok(file.len())
}

fn blob_path(config: &Config, sha256: &str) -> PathBuf {
    config
        .data_dir
        .join("evidence")
        .join("sha256")
        .join(&sha256[..2])
        .join(sha256)
}

/// SHA-256 and size of a file, read in chunks (evidence may be large).
fn digest(path: &Path) -> Option<([u8; 32], u64)> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).ok()?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Some((h.finalize().into(), size))
}

fn read_keys(files: &[PathBuf]) -> Result<Vec<VerifierKey>> {
    let mut keys = Vec::new();
    for f in files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            keys.push(
                VerifierKey::parse(line.trim())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?,
            );
        }
    }
    Ok(keys)
}

/// Checks a bundle directory. Trust comes from `key_files` (the log's and any witness's
/// public keys, obtained independently); without them the bundle's own keys are used and
/// the result says that this proves only internal consistency.
pub fn verify(dir: &Path, key_files: &[PathBuf]) -> Result<bool> {
    let text = std::fs::read_to_string(dir.join(MANIFEST))
        .with_context(|| format!("cannot read {}", dir.join(MANIFEST).display()))?;
    let bundle: Bundle =
        serde_json::from_str(&text).context("manifest.json is not a case bundle")?;
    let own_keys = key_files.is_empty();
    let trusted = if own_keys {
        bundle
            .log_keys
            .iter()
            .filter_map(|k| VerifierKey::parse(k).ok())
            .collect()
    } else {
        read_keys(key_files)?
    };
    match check_bundle(&bundle, &trusted, |file| digest(&dir.join(file))) {
        Ok(report) => {
            println!(
                "案卷包完整：{} 条记录、{} 个证据文件均与检查点（树大小 {}）一致；见证签名 {} 个。",
                report.entries, report.evidence, report.tree_size, report.witnesses
            );
            if own_keys {
                println!(
                    "注意：未用 --key 提供独立获得的公钥，仅以包内公钥校验，只能证明包内一致。"
                );
            }
            Ok(true)
        }
        Err(problem) => {
            println!("发现问题：{problem}");
            Ok(false)
        }
    }
}
