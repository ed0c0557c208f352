//! The URL paths of C2SP tlog-tiles resources under a log's prefix: Merkle-tree tiles
//! `tile/<L>/<N>[.p/<W>]` and entry bundles `tile/entries/<N>[.p/<W>]`, encoded and parsed.
//!
//! Parsing is strict: each resource has exactly one accepted spelling, the one the encoder
//! writes, so two paths never name the same tile. This file does not serve or fetch.

use crate::error::LedgerError;
use crate::tile::{EntryBundle, FULL_TILE_WIDTH, Tile};

/// A resource named by a path under `<prefix>/tile/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileResource {
    Hashes(Tile),
    Entries(EntryBundle),
}

/// `<N>[.p/<W>]`: `N` in zero-padded 3-digit groups, all but the last prefixed with `x`
/// (C2SP tlog-tiles: 1234067 is `x001/x234/067`).
pub(crate) fn index_path(n: u64, width: u16) -> String {
    let mut groups = vec![format!("{:03}", n % 1000)];
    let mut rest = n / 1000;
    while rest > 0 {
        groups.push(format!("x{:03}", rest % 1000));
        rest /= 1000;
    }
    groups.reverse();
    let mut path = groups.join("/");
    if width != FULL_TILE_WIDTH {
        path.push_str(&format!(".p/{width}"));
    }
    path
}

impl TileResource {
    /// Parses a path such as `tile/0/x001/x234/067.p/8` or `tile/entries/000`, accepting only
    /// the one encoding C2SP tlog-tiles gives each resource (no extra zeroes or groups).
    pub fn parse(path: &str) -> Result<Self, LedgerError> {
        // The longest valid path has 7 index groups (u64::MAX) and a 3-digit width.
        if path.len() > "tile/entries/".len() + 7 * 5 + ".p/255".len() {
            return Err(LedgerError::MalformedTilePath);
        }
        let rest = path
            .strip_prefix("tile/")
            .ok_or(LedgerError::MalformedTilePath)?;
        let (kind, rest) = rest.split_once('/').ok_or(LedgerError::MalformedTilePath)?;
        let (index, width) = match rest.split_once(".p/") {
            Some((index, width)) => (index, parse_decimal(width)?),
            None => (rest, u64::from(FULL_TILE_WIDTH)),
        };
        let width = u16::try_from(width).map_err(|_| LedgerError::MalformedTilePath)?;
        let mut n: u64 = 0;
        for group in index.split('/') {
            let digits = group.strip_prefix('x').unwrap_or(group);
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(LedgerError::MalformedTilePath);
            }
            n = n
                .checked_mul(1000)
                .and_then(|n| n.checked_add(digits.parse::<u64>().ok()?))
                .ok_or(LedgerError::MalformedTilePath)?;
        }
        let resource = if kind == "entries" {
            if !(1..=FULL_TILE_WIDTH).contains(&width) {
                return Err(LedgerError::MalformedTilePath);
            }
            TileResource::Entries(EntryBundle { n, width })
        } else {
            let level =
                u8::try_from(parse_decimal(kind)?).map_err(|_| LedgerError::MalformedTilePath)?;
            TileResource::Hashes(
                Tile::new(level, n, width).map_err(|_| LedgerError::MalformedTilePath)?,
            )
        };
        // Only the canonical spelling: it must encode back to exactly the same path.
        if resource.path() != path {
            return Err(LedgerError::MalformedTilePath);
        }
        Ok(resource)
    }

    pub fn path(&self) -> String {
        match self {
            TileResource::Hashes(tile) => tile.path(),
            TileResource::Entries(bundle) => bundle.path(),
        }
    }
}

/// A decimal without sign or leading zeroes, as tile levels and widths are written.
fn parse_decimal(text: &str) -> Result<u64, LedgerError> {
    let canonical = !text.is_empty()
        && text.len() <= 3
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if !canonical {
        return Err(LedgerError::MalformedTilePath);
    }
    text.parse().map_err(|_| LedgerError::MalformedTilePath)
}
