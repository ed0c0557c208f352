//! The law library: statute texts split into articles, and citations of them.
//!
//! A law is identified by its short title (without the 中华人民共和国 prefix) and a version (the
//! date of the text, as in 行政处罚法(2021-01-22)). An article is addressed by
//! (law, version, article number); a citation may go down to 款 (paragraph) and 项 (item).
//! In Chinese legislative drafting a 项 line — "（一）…" — belongs to the 款 before it, so 款
//! are counted over the paragraphs that do not open with a parenthesised numeral.
//!
//! Not here: reading files (the caller passes the text in), storage.

use crate::chinese_numeral;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One statute text as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawText {
    /// Full title as published, e.g. 中华人民共和国行政处罚法.
    pub full_title: String,
    /// Short title used in citations, e.g. 行政处罚法.
    pub title: String,
    /// Version: the date of the text, `YYYY-MM-DD`.
    pub version: String,
    /// The text's own preamble lines (adoption and amendment history).
    pub history: Vec<String>,
    pub articles: Vec<Article>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub number: u32,
    /// The chapter (and section) heading the article stands under, if any.
    pub chapter: Option<String>,
    /// 款 in order; each holds its own text and its 项 lines.
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    pub text: String,
    pub items: Vec<String>,
}

impl Article {
    /// 第一百一十九条
    pub fn label(&self) -> String {
        format!("第{}条", chinese_numeral::format(self.number))
    }

    /// The article as one text, paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        let mut out = Vec::new();
        for p in &self.paragraphs {
            out.push(p.text.clone());
            out.extend(p.items.iter().cloned());
        }
        out.join("\n\n")
    }

    pub fn shape(&self) -> ArticleShape {
        ArticleShape {
            items_per_paragraph: self.paragraphs.iter().map(|p| p.items.len()).collect(),
        }
    }
}

/// How many 款 an article has and how many 项 each 款 has: enough to check a citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleShape {
    pub items_per_paragraph: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LawParseError {
    #[error("文件名应为“法规名称(YYYY-MM-DD).md”：{0}")]
    FileName(String),
    #[error("缺少一级标题（# 法规名称）")]
    MissingTitle,
    #[error("未找到任何条文（段落应以“第X条”开头）")]
    NoArticles,
    #[error("条文编号不连续：第{expected}条之后出现第{found}条")]
    OutOfOrder { expected: u32, found: u32 },
}

/// Splits `法规名称(YYYY-MM-DD).md` into title and version.
pub fn parse_file_name(name: &str) -> Result<(String, String), LawParseError> {
    let err = || LawParseError::FileName(name.to_string());
    let stem = name.strip_suffix(".md").ok_or_else(err)?;
    let open = stem.rfind('(').ok_or_else(err)?;
    let version = stem[open + 1..].strip_suffix(')').ok_or_else(err)?;
    let valid_date = chrono::NaiveDate::parse_from_str(version, "%Y-%m-%d").is_ok();
    if !valid_date || open == 0 {
        return Err(err());
    }
    Ok((short_title(&stem[..open]), version.to_string()))
}

/// Removes the 中华人民共和国 prefix that citations commonly omit.
pub fn short_title(title: &str) -> String {
    title
        .trim()
        .trim_start_matches("中华人民共和国")
        .to_string()
}

/// Parses a statute text in the library's Markdown form: `# 标题`, history lines, optional
/// `<!-- INFO END -->`, `## 章` / `### 节` headings, and one paragraph per line group, each
/// article opening with `第X条`.
pub fn parse_law(version: &str, markdown: &str) -> Result<LawText, LawParseError> {
    let mut full_title = None;
    let mut history = Vec::new();
    let mut in_body = false;
    let mut chapter: Option<String> = None;
    let mut section: Option<String> = None;
    let mut articles: Vec<Article> = Vec::new();
    for raw in markdown.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(t) = line.strip_prefix("# ") {
            full_title.get_or_insert_with(|| t.trim().to_string());
            continue;
        }
        if line.starts_with("<!--") {
            in_body = true;
            continue;
        }
        if let Some(h) = line.strip_prefix("## ") {
            in_body = true;
            chapter = Some(h.trim().to_string());
            section = None;
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            section = Some(h.trim().to_string());
            continue;
        }
        if let Some((number, rest)) = split_article_opening(line) {
            in_body = true;
            let expected = articles.last().map_or(1, |a| a.number + 1);
            if number != expected {
                return Err(LawParseError::OutOfOrder {
                    expected,
                    found: number,
                });
            }
            let heading = match (&chapter, &section) {
                (Some(c), Some(s)) => Some(format!("{c} {s}")),
                (Some(c), None) => Some(c.clone()),
                (None, s) => s.clone(),
            };
            let first = Paragraph {
                text: format!("{} {}", label(number), rest),
                items: vec![],
            };
            articles.push(Article {
                number,
                chapter: heading,
                paragraphs: vec![first],
            });
            continue;
        }
        match articles.last_mut() {
            Some(article) if in_body => {
                if is_item_line(line) {
                    let last = article
                        .paragraphs
                        .last_mut()
                        .expect("an article has its opening paragraph");
                    last.items.push(line.to_string());
                } else {
                    article.paragraphs.push(Paragraph {
                        text: line.to_string(),
                        items: vec![],
                    });
                }
            }
            _ => history.push(line.to_string()),
        }
    }
    let full_title = full_title.ok_or(LawParseError::MissingTitle)?;
    if articles.is_empty() {
        return Err(LawParseError::NoArticles);
    }
    Ok(LawText {
        title: short_title(&full_title),
        full_title,
        version: version.to_string(),
        history,
        articles,
    })
}

fn label(number: u32) -> String {
    format!("第{}条", chinese_numeral::format(number))
}

/// `第十二条　text` → (12, "text"). The numeral must be followed by 条 and then whitespace or
/// the end of the line, so that prose starting with 第 is not taken for an article.
fn split_article_opening(line: &str) -> Option<(u32, &str)> {
    let rest = line.strip_prefix('第')?;
    let end = rest.find('条')?;
    let number = chinese_numeral::parse(&rest[..end])?;
    let after = &rest[end + '条'.len_utf8()..];
    let body = after.trim_start_matches([' ', '\u{3000}', '\t']);
    if body.len() == after.len() && !after.is_empty() {
        return None;
    }
    Some((number, body))
}

fn is_item_line(line: &str) -> bool {
    let inner = line.strip_prefix('（').or_else(|| line.strip_prefix('('));
    match inner {
        Some(rest) => {
            let close = rest.find(['）', ')']);
            close.is_some_and(|i| chinese_numeral::parse(&rest[..i]).is_some())
        }
        None => false,
    }
}

/// A citation of a provision: 《大气污染防治法》第一百一十九条第一款第（二）项.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LegalRef {
    pub law: String,
    pub version: Option<String>,
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("无法识别的法律依据“{text}”：应为《法律名称》第X条（可加第X款、第（X）项）")]
pub struct LegalRefParseError {
    pub text: String,
}

impl LegalRef {
    /// Parses one citation. A version may follow the title as `(YYYY-MM-DD)`.
    pub fn parse(text: &str) -> Result<LegalRef, LegalRefParseError> {
        let err = || LegalRefParseError {
            text: text.to_string(),
        };
        let t = text.trim();
        let t = t.strip_prefix('《').ok_or_else(err)?;
        let close = t.find('》').ok_or_else(err)?;
        let law = short_title(&t[..close]);
        let mut rest = t[close + '》'.len_utf8()..].trim_start();
        let mut version = None;
        if let Some(r) = rest.strip_prefix('(').or_else(|| rest.strip_prefix('（')) {
            let end = r.find([')', '）']).ok_or_else(err)?;
            let v = &r[..end];
            chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| err())?;
            version = Some(v.to_string());
            rest = r[end..].trim_start_matches([')', '）']);
        }
        let (article, rest) = take_unit(rest, '条').ok_or_else(err)?;
        let (paragraph, rest) = match take_unit(rest, '款') {
            Some((n, r)) => (Some(n), r),
            None => (None, rest),
        };
        let (item, rest) = match take_item(rest) {
            Some((n, r)) => (Some(n), r),
            None => (None, rest),
        };
        if !rest.trim().is_empty() || law.is_empty() {
            return Err(err());
        }
        Ok(LegalRef {
            law,
            version,
            article,
            paragraph,
            item,
        })
    }

    /// Parses a list of citations separated by `;` `；` or `、` between closing and opening marks.
    pub fn parse_list(text: &str) -> Result<Vec<LegalRef>, LegalRefParseError> {
        let parts: Vec<&str> = text
            .split([';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if parts.is_empty() {
            return Err(LegalRefParseError {
                text: text.to_string(),
            });
        }
        parts.into_iter().map(LegalRef::parse).collect()
    }

    /// Checks the cited 款 and 项 exist in an article of this shape.
    pub fn fits(&self, shape: &ArticleShape) -> bool {
        match (self.paragraph, self.item) {
            (None, None) => true,
            (None, Some(item)) => {
                shape.items_per_paragraph.len() == 1
                    && item as usize <= shape.items_per_paragraph[0]
            }
            (Some(p), item) => {
                let Some(items) = shape.items_per_paragraph.get(p as usize - 1) else {
                    return false;
                };
                item.is_none_or(|i| i as usize <= *items)
            }
        }
    }
}

fn take_unit(text: &str, unit: char) -> Option<(u32, &str)> {
    let rest = text.strip_prefix('第')?;
    let end = rest.find(unit)?;
    let n = chinese_numeral::parse(&rest[..end])?;
    Some((n, &rest[end + unit.len_utf8()..]))
}

fn take_item(text: &str) -> Option<(u32, &str)> {
    let rest = text.strip_prefix('第')?;
    let rest = rest.strip_prefix('（').or_else(|| rest.strip_prefix('('))?;
    let end = rest.find(['）', ')'])?;
    let n = chinese_numeral::parse(&rest[..end])?;
    let rest = rest[end..].trim_start_matches(['）', ')']);
    Some((n, rest.strip_prefix('项')?))
}

impl fmt::Display for LegalRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "《{}》", self.law)?;
        if let Some(v) = &self.version {
            write!(f, "({v})")?;
        }
        write!(f, "第{}条", chinese_numeral::format(self.article))?;
        if let Some(p) = self.paragraph {
            write!(f, "第{}款", chinese_numeral::format(p))?;
        }
        if let Some(i) = self.item {
            write!(f, "第（{}）项", chinese_numeral::format(i))?;
        }
        Ok(())
    }
}

/// What the law library knows, as far as checking a citation needs.
pub trait ArticleLookup {
    /// The shape of the article, in the given version or (when `None`) the latest version.
    fn article_shape(&self, law: &str, version: Option<&str>, article: u32)
    -> Option<ArticleShape>;
}

/// Why a citation does not resolve, in words a clerk can act on.
pub fn check_ref(reference: &LegalRef, library: &impl ArticleLookup) -> Result<(), String> {
    let version = reference.version.as_deref();
    match library.article_shape(&reference.law, version, reference.article) {
        None => Err(format!(
            "法规库中没有{}",
            LegalRef {
                paragraph: None,
                item: None,
                ..reference.clone()
            }
        )),
        Some(shape) if !reference.fits(&shape) => {
            Err(format!("法规库中该条没有所引的款或项：{reference}"))
        }
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests;
