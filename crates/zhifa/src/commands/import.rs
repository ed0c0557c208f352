//! `zhifa import-laws` and `zhifa import-catalog`: reference data from files, all or nothing,
//! with every error named by its file or line.

use super::{app, open_migrated};
use crate::config::Config;
use crate::report::CliResult;
use anyhow::{Context, Result, bail};
use std::path::Path;
use zhifa_app::AppError;
use zhifa_app::catalog::{CatalogFormat, CatalogImport};

/// `import-laws DIR`: every `*.md` file of DIR except a README, in name order.
pub async fn laws(config: &Config, dir: &Path) -> Result<()> {
    let files = read_law_files(dir)?;
    if files.is_empty() {
        bail!("no law files (*.md) in {}", dir.display());
    }
    let source = source_name(dir);
    let store = open_migrated(config).await?;
    match app(store).import_laws(None, &files, &source).await {
        Ok(report) => {
            for title in &report.imported {
                println!("imported  {title}");
            }
            for title in &report.skipped {
                println!("skipped   {title}（已在法规库中）");
            }
            println!(
                "imported {}, skipped {}, articles {}",
                report.imported.len(),
                report.skipped.len(),
                report.articles
            );
            Ok(())
        }
        Err(AppError::Import(errors)) => {
            for e in &errors {
                let file = e.field.as_deref().unwrap_or("?");
                eprintln!("{file}: {}", e.message);
            }
            bail!("导入失败，未写入任何数据（{} 个文件有误）", errors.len())
        }
        Err(other) => Err(other).cli(),
    }
}

fn read_law_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read directory {}", dir.display()))?
            .path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        if !name.ends_with(".md") || name.eq_ignore_ascii_case("README.md") || !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{name}: cannot read as UTF-8 text"))?;
        files.push((name, text));
    }
    files.sort();
    Ok(files)
}

/// The directory's own name, recorded as the texts' source.
fn source_name(dir: &Path) -> String {
    let absolute = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    absolute
        .file_name()
        .and_then(|n| n.to_str())
        .map_or_else(|| dir.display().to_string(), str::to_string)
}

/// `import-catalog FILE --name --version [--source]`.
pub async fn catalog(
    config: &Config,
    file: &Path,
    name: String,
    version: String,
    source: Option<String>,
) -> Result<()> {
    let file_name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let Some(format) = CatalogFormat::from_file_name(&file_name) else {
        bail!("{}: expected a .csv or .json file", file.display());
    };
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read {} as UTF-8 text", file.display()))?;
    let import = CatalogImport {
        name,
        version,
        source: source.unwrap_or(file_name),
        format,
        text,
    };
    let store = open_migrated(config).await?;
    match app(store).import_catalog(None, import).await {
        Ok(report) => {
            println!(
                "imported {} items (catalog {})",
                report.items, report.catalog_id
            );
            Ok(())
        }
        Err(AppError::Import(errors)) => {
            for e in &errors {
                match &e.field {
                    Some(field) => eprintln!("第{}行 [{field}]: {}", e.line, e.message),
                    None => eprintln!("第{}行: {}", e.line, e.message),
                }
            }
            bail!("导入失败，未写入任何数据（{} 处错误）", errors.len())
        }
        Err(other) => Err(other).cli(),
    }
}
