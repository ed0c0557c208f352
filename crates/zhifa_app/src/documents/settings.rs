//! How documents are rendered, sealed and where they are verified: the layouts (built in, or a
//! county's, checked at start), the agencies' seals, the portal's address.

use crate::error::{AppError, AppResult};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use zhifa_docs::{Renderer, Templates};
use zhifa_domain::org::OrgUnit;

/// The largest seal image a county may configure.
const MAX_SEAL_BYTES: u64 = 512 * 1024;

/// How documents are rendered, sealed and verified.
#[derive(Debug)]
pub struct DocumentSettings {
    /// The layouts; `None` until first needed, then the built-in ones.
    renderer: OnceLock<Arc<Renderer>>,
    /// The portal's address as printed beside the QR code, e.g. `https://zhifa.example.gov.cn`.
    pub public_url: String,
    /// Each agency's electronic seal (SVG), by the body's code or name.
    seals: BTreeMap<String, String>,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        DocumentSettings::builtin("http://127.0.0.1:8080")
    }
}

impl DocumentSettings {
    /// Settings with `renderer` (built, and so checked, at start) and the portal's address.
    pub fn new(renderer: Renderer, public_url: impl Into<String>) -> DocumentSettings {
        let settings = DocumentSettings::builtin(public_url);
        let _ = settings.renderer.set(Arc::new(renderer));
        settings
    }

    /// Settings with the built-in layouts, loaded when the first document is rendered (the
    /// fonts cost memory a server that renders none need not spend).
    pub fn builtin(public_url: impl Into<String>) -> DocumentSettings {
        DocumentSettings {
            renderer: OnceLock::new(),
            public_url: public_url.into().trim_end_matches('/').to_string(),
            seals: BTreeMap::new(),
        }
    }

    /// The same settings with the agencies' seals: every `<code>.svg` or `<name>.svg` file of
    /// `dir` (e.g. `CGZ.svg` or `城关镇.svg`), each checked by drawing it on a sample document,
    /// so that a seal that cannot be drawn stops the start, naming its file.
    pub fn with_seals(mut self, dir: &Path) -> Result<DocumentSettings, String> {
        let renderer = self.renderer().map_err(|e| e.to_string())?;
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("印章目录 {} 无法读取：{e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            let (Some(stem), Some("svg")) = (
                path.file_stem().and_then(|s| s.to_str()),
                path.extension().and_then(|s| s.to_str()),
            ) else {
                continue;
            };
            let too_big = std::fs::metadata(&path)
                .map(|m| m.len() > MAX_SEAL_BYTES)
                .unwrap_or(false);
            if too_big {
                return Err(format!("印章 {} 超过 512 KiB", path.display()));
            }
            let svg = std::fs::read_to_string(&path)
                .map_err(|e| format!("印章 {} 无法读取：{e}", path.display()))?;
            renderer
                .check_seal(&svg)
                .map_err(|e| format!("印章 {} 无法使用：{e}", path.display()))?;
            self.seals.insert(stem.to_string(), svg);
        }
        Ok(self)
    }

    /// The seal of `org`, by its code, else by its name.
    pub(super) fn seal_of(&self, org: &OrgUnit) -> Option<&str> {
        self.seals
            .get(&org.code)
            .or_else(|| self.seals.get(&org.name))
            .map(String::as_str)
    }

    pub(super) fn renderer(&self) -> AppResult<Arc<Renderer>> {
        if let Some(r) = self.renderer.get() {
            return Ok(r.clone());
        }
        let built = Renderer::new(Templates::builtin(), Vec::new())
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(self.renderer.get_or_init(|| Arc::new(built)).clone())
    }
}
