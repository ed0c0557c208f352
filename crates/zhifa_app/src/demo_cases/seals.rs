//! The demo's electronic seals: a round red seal per township, its agency's name along the
//! rim and a star in the middle, marked 演示 so that it cannot pass for a real one. A county
//! configures its real seals with `--doc-seals DIR`.

use crate::App;
use crate::error::{AppError, AppResult};
use std::fmt::Write;
use std::path::Path;
use zhifa_domain::org::OrgKind;

/// The seal of `agency` as SVG: 42 mm across when printed.
pub fn seal_svg(agency: &str) -> String {
    let chars: Vec<char> = agency.chars().collect();
    let n = chars.len().max(1) as f64;
    // The name runs clockwise over the top, from 215° to 505° (i.e. -145° .. +145°).
    let span = 290.0_f64.min(24.0 * n);
    let mut text = String::new();
    for (i, c) in chars.iter().enumerate() {
        let angle = -span / 2.0 + span * (i as f64 + 0.5) / n;
        let _ = write!(
            text,
            r##"<text transform="rotate({angle:.2} 100 100)" x="100" y="40" text-anchor="middle" font-family="Noto Serif CJK SC" font-weight="bold" font-size="22" fill="#d6001c">{c}</text>"##
        );
    }
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200"><g opacity="0.85"><circle cx="100" cy="100" r="94" fill="none" stroke="#d6001c" stroke-width="6"/>{text}<polygon points="100,72 108,94 131,94 112,108 119,130 100,116 81,130 88,108 69,94 92,94" fill="#d6001c"/><text x="100" y="162" text-anchor="middle" font-family="Noto Serif CJK SC" font-size="18" fill="#d6001c">演示专用</text></g></svg>"##
    )
}

/// Writes a demo seal for every township into `dir`, named by the township's code. Returns
/// how many it wrote.
pub async fn write_demo_seals(app: &App, dir: &Path) -> AppResult<usize> {
    std::fs::create_dir_all(dir)
        .map_err(|e| AppError::Internal(format!("cannot create {}: {e}", dir.display())))?;
    let mut tx = app.begin_read().await?;
    let townships: Vec<_> = tx
        .orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township)
        .collect();
    let mut written = 0;
    for org in townships {
        let agency = app.agency(&mut *tx, &org).await?;
        let path = dir.join(format!("{}.svg", org.code));
        std::fs::write(&path, seal_svg(&agency.name))
            .map_err(|e| AppError::Internal(format!("cannot write {}: {e}", path.display())))?;
        written += 1;
    }
    Ok(written)
}
