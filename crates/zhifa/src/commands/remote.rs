//! `zhifa verify --url`: checks a log as any tlog-tiles client would, from what its server
//! publishes — the signed checkpoint, hash tiles and entry bundles — trusting only the
//! public keys given. Every entry's leaf hash is compared with the authenticated level-0 tile.

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use zhifa_ledger::tile::{EntryBundle, FULL_TILE_WIDTH, Tile};
use zhifa_ledger::tile_reader::{FetchedTiles, TileHashReader};
use zhifa_ledger::tree::stored_hash_index;
use zhifa_ledger::{
    Checkpoint, HashReader, LedgerError, VerifierKey, VerifierSet, leaf_hash, open_note,
};

fn get(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>> {
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("cannot fetch {url}"))?;
    if response.status().as_u16() != 200 {
        bail!("{url}: HTTP {}", response.status().as_u16());
    }
    Ok(response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()?)
}

/// Reads hashes through `reader`, fetching whatever tiles it says it needs.
fn read_authenticated(
    agent: &ureq::Agent,
    base: &str,
    size: u64,
    root: zhifa_ledger::Hash,
    fetched: &mut FetchedTiles,
    indexes: &[u64],
) -> Result<Vec<zhifa_ledger::Hash>> {
    loop {
        let attempt = TileHashReader::new(size, root, fetched).read_hashes(indexes);
        match attempt {
            Ok(hashes) => return Ok(hashes),
            Err(LedgerError::TilesNeeded(tiles)) => {
                for tile in tiles {
                    let data = get(agent, &format!("{base}/{}", tile.path()))?;
                    fetched
                        .insert(tile, data)
                        .map_err(|e| anyhow::anyhow!("tile {}: {e}", tile.path()))?;
                }
            }
            Err(e) => bail!("发现问题：服务端的瓦片与检查点不符（{e}）"),
        }
    }
}

/// `zhifa verify --url URL --key FILE…`: `URL` is the log's prefix, e.g. http://host:8080/log.
pub fn verify(url: &str, key_files: &[PathBuf]) -> Result<bool> {
    let base = url.trim_end_matches('/');
    let mut keys = Vec::new();
    for f in key_files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            keys.push(
                VerifierKey::parse(line.trim())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?,
            );
        }
    }
    if keys.is_empty() {
        bail!("--key is required with --url: the log's public key, obtained independently");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let note = get(&agent, &format!("{base}/checkpoint"))?;
    let opened = match open_note(&note, &VerifierSet::new(keys)) {
        Ok(o) if !o.verified.is_empty() => o,
        _ => {
            println!("发现问题：检查点没有可信公钥的有效签名");
            return Ok(false);
        }
    };
    let checkpoint = Checkpoint::parse(&opened.text).context("malformed checkpoint")?;
    let (size, root) = (checkpoint.size(), *checkpoint.root_hash());
    let mut fetched = FetchedTiles::new();
    let width = u64::from(FULL_TILE_WIDTH);
    for k in 0..size.div_ceil(width) {
        let count = (size - k * width).min(width) as u16;
        let indexes: Vec<u64> = (0..u64::from(count))
            .map(|i| stored_hash_index(0, k * width + i))
            .collect();
        let leaves = read_authenticated(&agent, base, size, root, &mut fetched, &indexes)?;
        let bundle = EntryBundle { n: k, width: count };
        let data = get(&agent, &format!("{base}/{}", bundle.path()))?;
        let entries = bundle
            .entries(&data)
            .map_err(|e| anyhow::anyhow!("{}: {e}", bundle.path()))?;
        for (i, (entry, leaf)) in entries.iter().zip(&leaves).enumerate() {
            if leaf_hash(entry) != *leaf {
                println!(
                    "发现问题：第 {} 条记录与日志树不符：记录已被改动",
                    k * width + i as u64
                );
                return Ok(false);
            }
        }
        // Tiles of finished bundles are no longer needed.
        if Tile::in_tree(0, k, size).is_some_and(|t| t.width() == FULL_TILE_WIDTH) {
            fetched = FetchedTiles::new();
        }
    }
    println!("日志完整（来自 {base}）：{size} 条记录均与签名检查点一致。");
    Ok(true)
}
