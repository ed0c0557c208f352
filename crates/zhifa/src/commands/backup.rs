//! `zhifa backup DEST`: a consistent copy of the SQLite database plus every other file of the
//! data directory, so that `zhifa serve --data-dir DEST` starts from it. PostgreSQL databases
//! are backed up with `pg_dump`.

use super::open_store;
use crate::config::{Config, DB_FILE, Database};
use anyhow::{Context, Result, bail};
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::Path;

pub async fn backup(config: &Config, dest: &Path) -> Result<()> {
    if let Database::Postgres { .. } = config.database {
        bail!(
            "zhifa backup copies SQLite data directories only; back up a PostgreSQL database with pg_dump"
        );
    }
    if !config.data_dir.is_dir() {
        bail!(
            "nothing to back up: the data directory '{}' does not exist",
            config.data_dir.display()
        );
    }
    if let Some(file) = config.database.sqlite_file()
        && !file.is_file()
    {
        bail!(
            "nothing to back up: there is no database at '{}'",
            file.display()
        );
    }
    if dest.exists() {
        bail!(
            "backup destination '{}' already exists: choose a new directory",
            dest.display()
        );
    }
    if inside(dest, &config.data_dir)? {
        bail!(
            "backup destination '{}' must not lie inside the data directory",
            dest.display()
        );
    }
    let store = open_store(config).await?;
    std::fs::create_dir_all(dest).with_context(|| format!("cannot create '{}'", dest.display()))?;
    match write(config, &*store, dest).await {
        Ok(copied) => {
            println!(
                "backup written to {} (database and {copied} other file(s))",
                dest.display()
            );
            Ok(())
        }
        Err(e) => {
            // Leave no half backup behind: the directory is ours, we created it just now.
            let _ = std::fs::remove_dir_all(dest);
            Err(e)
        }
    }
}

async fn write(config: &Config, store: &dyn zhifa_store::Store, dest: &Path) -> Result<usize> {
    store
        .backup_to(&dest.join(DB_FILE))
        .await
        .context("cannot copy the database")?;
    copy_dir(&config.data_dir, dest, &live_files(config))
}

/// Names in the data directory that belong to the live database and are not copied.
fn live_files(config: &Config) -> HashSet<OsString> {
    let mut names = HashSet::new();
    let mut add = |base: &OsString| {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut n = base.clone();
            n.push(suffix);
            names.insert(n);
        }
    };
    add(&OsString::from(DB_FILE));
    if let Some(file) = config.database.sqlite_file()
        && let (Some(name), Ok(parent)) = (file.file_name(), canonical_parent(file))
        && std::fs::canonicalize(&config.data_dir).is_ok_and(|d| d == parent)
    {
        add(&name.to_os_string());
    }
    names
}

fn canonical_parent(file: &Path) -> std::io::Result<std::path::PathBuf> {
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(parent)
}

/// True when `dest` (which does not exist yet) would lie inside `dir`.
fn inside(dest: &Path, dir: &Path) -> Result<bool> {
    let dir = std::fs::canonicalize(dir)?;
    let mut probe = dest.to_path_buf();
    // Resolve the nearest existing ancestor; the rest of the path is below it.
    loop {
        if let Ok(c) = std::fs::canonicalize(&probe) {
            return Ok(c.starts_with(&dir));
        }
        match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => probe = p.to_path_buf(),
            _ => return Ok(std::env::current_dir()?.starts_with(&dir)),
        }
    }
}

/// Copies the entries of `from` into `to` recursively, skipping `skip` at the top level.
/// Returns how many files were copied.
fn copy_dir(from: &Path, to: &Path, skip: &HashSet<OsString>) -> Result<usize> {
    let mut copied = 0;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .with_context(|| format!("cannot read '{}'", from.display()))?
        .collect::<std::io::Result<_>>()
        .with_context(|| format!("cannot read '{}'", from.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if skip.contains(&name) {
            continue;
        }
        let source = entry.path();
        let target = to.join(&name);
        let meta = std::fs::metadata(&source)
            .with_context(|| format!("cannot read '{}'", source.display()))?;
        if meta.is_dir() {
            std::fs::create_dir(&target)
                .with_context(|| format!("cannot create '{}'", target.display()))?;
            copied += copy_dir(&source, &target, &HashSet::new())?;
        } else {
            std::fs::copy(&source, &target).with_context(|| {
                format!(
                    "cannot copy '{}' to '{}'",
                    source.display(),
                    target.display()
                )
            })?;
            copied += 1;
        }
    }
    Ok(copied)
}
