//! Documents rendered to PDF with typst, from templates a county can adjust without recompiling.
//!
//! The templates (`templates/*.typ`) are compiled into the program and can be overridden by a
//! directory of files of the same names; `<kind>.typ` lays out one kind, `document.typ` all
//! others. A county's templates are compiled at load with sample data, so one with an error
//! is refused then, with typst's message, not when an officer needs the document; the
//! built-in ones are compiled by this crate's tests.
//!
//! Rendering is deterministic: the same content gives the same bytes (no creation date, a
//! stable document identifier), so an issued document's hash can be reproduced. The fonts are
//! part of the program (`fonts/`), so Chinese renders on any machine.
//!
//! Not here: what a document says (`zhifa_domain::documents`), numbering, storing, the ledger.

use qrcode::QrCode;
use qrcode::render::svg;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use typst::foundations::{Bytes, Dict, IntoValue};
use typst_as_lib::{TypstEngine, TypstTemplateCollection};
use typst_layout::PagedDocument;
use zhifa_domain::documents::{DocContent, DocKind, Field, Table};

static REGULAR: &[u8] = include_bytes!("../fonts/NotoSerifCJKsc-Regular.otf");
static BOLD: &[u8] = include_bytes!("../fonts/NotoSerifCJKsc-Bold.otf");

/// The templates compiled into the program, by file name.
const BUILTIN: [(&str, &str); 2] = [
    ("common.typ", include_str!("../templates/common.typ")),
    ("document.typ", include_str!("../templates/document.typ")),
];

/// The template every kind without a template of its own uses.
const GENERIC: &str = "document.typ";

#[derive(Debug, thiserror::Error)]
pub enum DocsError {
    #[error("文书模板 {template} 有误：{message}")]
    Template { template: String, message: String },
    #[error("cannot read the templates in {dir}: {message}")]
    Io { dir: String, message: String },
    #[error("文书生成失败：{0}")]
    Render(String),
}

/// The template files, the built-in ones with a county's overrides.
#[derive(Debug, Clone)]
pub struct Templates {
    files: BTreeMap<String, String>,
    /// Some came from a county's directory: they are compiled when the renderer is built.
    /// The built-in ones are compiled by this crate's tests instead, so that a server that
    /// uses only them does not pay for it at every start.
    local: bool,
}

impl Templates {
    pub fn builtin() -> Templates {
        Templates {
            files: BUILTIN
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
            local: false,
        }
    }

    /// The built-in templates with every `*.typ` file of `dir` in place of (or beside) the
    /// one of its name.
    pub fn with_dir(dir: &Path) -> Result<Templates, DocsError> {
        let io = |e: std::io::Error| DocsError::Io {
            dir: dir.display().to_string(),
            message: e.to_string(),
        };
        let mut templates = Templates::builtin();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.ends_with(".typ") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(io)?;
            templates.files.insert(name.to_string(), text);
            templates.local = true;
        }
        Ok(templates)
    }

    /// The main file for `kind`.
    fn main_for(&self, kind: DocKind) -> String {
        let own = format!("{}.typ", kind.key());
        if self.files.contains_key(&own) {
            own
        } else {
            GENERIC.to_string()
        }
    }
}

/// A document as a template receives it: its content and how it proves itself.
#[derive(Debug, Clone, Serialize)]
pub struct Page<'a> {
    #[serde(flatten)]
    pub content: &'a DocContent,
    /// The short verification code printed on it.
    pub code: &'a str,
    /// Where the portal verifies it, as printed beside the QR code.
    pub verify_url: &'a str,
    /// Issued (numbered, hashed, sealed) rather than a preview.
    pub issued: bool,
    /// The agency's seal as an SVG image, applied when issued.
    pub seal: Option<&'a str>,
}

/// Renders documents; built once, used by every request.
pub struct Renderer {
    engine: TypstEngine<TypstTemplateCollection>,
    templates: Templates,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("templates", &self.templates.files.keys())
            .finish()
    }
}

impl Renderer {
    /// Loads the fonts (the shipped ones and `extra_fonts`, e.g. the official fonts where a
    /// county has them) and, when a county's templates are among them, compiles every main
    /// template once with sample data.
    pub fn new(templates: Templates, extra_fonts: Vec<Vec<u8>>) -> Result<Renderer, DocsError> {
        // The shipped fonts are used where they lie in the binary, not copied.
        let mut fonts: Vec<Bytes> = extra_fonts.into_iter().map(Bytes::new).collect();
        fonts.push(Bytes::new(REGULAR));
        fonts.push(Bytes::new(BOLD));
        let sources: Vec<(String, String)> = templates
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let engine = TypstEngine::builder()
            .fonts(fonts)
            .with_static_source_file_resolver(
                sources
                    .iter()
                    .map(|(name, text)| (name.as_str(), text.clone())),
            )
            .build();
        let renderer = Renderer { engine, templates };
        if renderer.templates.local {
            renderer.check()?;
        }
        Ok(renderer)
    }

    /// Compiles every main template with sample content, as a preview and as issued with a
    /// seal; the first error names its file.
    pub fn check(&self) -> Result<(), DocsError> {
        let sample = sample();
        for kind in DocKind::ALL {
            let main = self.templates.main_for(kind);
            let mut content = sample.clone();
            content.kind = kind;
            content.title = kind.title().to_string();
            let issued = Page {
                issued: true,
                seal: Some(SAMPLE_SEAL),
                ..preview(&content)
            };
            for page in [preview(&content), issued] {
                self.compile(&main, &page)
                    .map_err(|message| DocsError::Template {
                        template: main.clone(),
                        message,
                    })?;
            }
        }
        Ok(())
    }

    /// Checks that `svg` can be drawn as a seal, by rendering a sample document with it.
    pub fn check_seal(&self, svg: &str) -> Result<(), DocsError> {
        let content = sample();
        let page = Page {
            issued: true,
            seal: Some(svg),
            ..preview(&content)
        };
        self.compile(GENERIC, &page)
            .map(|_| ())
            .map_err(DocsError::Render)
    }

    /// The document as PDF bytes.
    pub fn render(&self, page: &Page<'_>) -> Result<Vec<u8>, DocsError> {
        let main = self.templates.main_for(page.content.kind);
        let document = self.compile(&main, page).map_err(DocsError::Render)?;
        let options = typst_pdf::PdfOptions {
            ident: typst::foundations::Smart::Custom(format!(
                "zhifa:{}:{}",
                page.content.kind.key(),
                page.code
            )),
            creator: typst::foundations::Smart::Custom(Some("Zhifa".into())),
            ..Default::default()
        };
        typst_pdf::pdf(&document, &options).map_err(|diags| {
            DocsError::Render(
                diags
                    .iter()
                    .map(|d| d.message.to_string())
                    .collect::<Vec<_>>()
                    .join("；"),
            )
        })
    }

    fn compile(&self, main: &str, page: &Page<'_>) -> Result<PagedDocument, String> {
        let mut data = serde_json::to_value(page).map_err(|e| e.to_string())?;
        data["qr"] = qr_svg(page.verify_url).into();
        let mut inputs = Dict::new();
        inputs.insert("data".into(), data.to_string().into_value());
        self.engine
            .compile_with_input(main, inputs)
            .output
            .map_err(|e| match e {
                typst_as_lib::TypstAsLibError::TypstSource(diags) => diags
                    .iter()
                    .map(|d| {
                        let hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
                        if hints.is_empty() {
                            d.message.to_string()
                        } else {
                            format!("{}（{}）", d.message, hints.join("；"))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
                other => other.to_string(),
            })
    }
}

/// The QR code of `text` as an SVG image.
pub fn qr_svg(text: &str) -> String {
    match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .quiet_zone(true)
            .min_dimensions(160, 160)
            .build(),
        // Longer than a QR code holds: the printed code and address still verify it.
        Err(_) => {
            String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#)
        }
    }
}

fn preview(content: &DocContent) -> Page<'_> {
    Page {
        content,
        code: "SAMPLE-0000",
        verify_url: "https://example.invalid/verify/SAMPLE-0000",
        issued: false,
        seal: None,
    }
}

/// Sample content that uses every part of a template: fields, paragraphs, an addressee.
fn sample() -> DocContent {
    DocContent {
        kind: DocKind::PenaltyDecision,
        title: DocKind::PenaltyDecision.title().to_string(),
        agency: "示范县城关镇人民政府".into(),
        number: "城关镇罚决〔2026〕1号".into(),
        addressee: "某某有限公司：".into(),
        fields: vec![
            Field {
                label: "当事人".into(),
                value: "某某有限公司".into(),
            },
            Field {
                label: "统一社会信用代码".into(),
                value: "91510000MA6C000000".into(),
            },
        ],
        paragraphs: vec!["经查明：当事人于2026年11月1日在某路段倾倒建筑垃圾。".into()],
        tables: vec![Table {
            caption: "清单".into(),
            header: vec!["序号".into(), "名称".into(), "数量".into()],
            rows: vec![vec!["1".into(), "自卸货车".into(), "1辆".into()]],
        }],
        signatures: vec!["当事人签名：".into()],
        date: "2026年11月27日".into(),
        sealed: true,
        case_code: "519901001-2026-0001".into(),
    }
}

/// A plain seal for checking templates: a red ring and star.
const SAMPLE_SEAL: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="46" fill="none" stroke="#d00" stroke-width="4"/><polygon points="50,30 56,46 73,46 59,56 64,72 50,62 36,72 41,56 27,46 44,46" fill="#d00"/></svg>"##;

#[cfg(test)]
mod tests;
