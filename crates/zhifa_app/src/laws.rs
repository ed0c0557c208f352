//! The law library use cases: import statute texts, read articles, check citations.

use crate::App;
use crate::authz::{Action, Actor, authorize_reference};
use crate::error::{AppError, AppResult};
use serde::Serialize;
use std::collections::HashMap;
use zhifa_domain::Id;
use zhifa_domain::catalog::ImportError;
use zhifa_domain::law::{ArticleLookup, ArticleShape, LegalRef, parse_file_name, parse_law};
use zhifa_store::{ArticleIndexEntry, LawSummary, StoredArticle, Tx};

/// The library's article index, for checking citations without a round trip per citation.
pub struct LawLibrary {
    articles: HashMap<(String, String, u32), ArticleShape>,
    latest: HashMap<String, String>,
}

impl LawLibrary {
    pub fn new(index: Vec<ArticleIndexEntry>) -> LawLibrary {
        let mut latest: HashMap<String, String> = HashMap::new();
        let mut articles = HashMap::new();
        for e in index {
            let newest = latest
                .entry(e.title.clone())
                .or_insert_with(|| e.version.clone());
            if e.version > *newest {
                *newest = e.version.clone();
            }
            articles.insert((e.title, e.version, e.number), e.shape);
        }
        LawLibrary { articles, latest }
    }

    pub(crate) async fn load(tx: &mut dyn Tx) -> AppResult<LawLibrary> {
        Ok(LawLibrary::new(tx.article_index().await?))
    }
}

impl ArticleLookup for LawLibrary {
    fn article_shape(
        &self,
        law: &str,
        version: Option<&str>,
        article: u32,
    ) -> Option<ArticleShape> {
        let version = match version {
            Some(v) => v.to_string(),
            None => self.latest.get(law)?.clone(),
        };
        self.articles
            .get(&(law.to_string(), version, article))
            .cloned()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LawImportReport {
    pub imported: Vec<String>,
    /// Versions already in the library, left as they are.
    pub skipped: Vec<String>,
    pub articles: usize,
}

/// A citation with the article text it points to.
#[derive(Debug, Clone, Serialize)]
pub struct CitedArticle {
    pub citation: String,
    pub article: Option<StoredArticle>,
}

impl App {
    /// Imports statute files `(file name, Markdown)`. All or nothing: one unparsable file
    /// fails the import naming the file, and nothing is written.
    pub async fn import_laws(
        &self,
        actor: Option<&Actor>,
        files: &[(String, String)],
        source: &str,
    ) -> AppResult<LawImportReport> {
        if let Some(a) = actor {
            authorize_reference(a, Action::ManageReference)?;
        }
        let mut parsed = Vec::new();
        let mut errors = Vec::new();
        for (i, (name, text)) in files.iter().enumerate() {
            let result = parse_file_name(name).and_then(|(_, version)| parse_law(&version, text));
            match result {
                Ok(law) => parsed.push(law),
                Err(e) => errors.push(ImportError {
                    line: i + 1,
                    field: Some(name.clone()),
                    message: e.to_string(),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(AppError::Import(errors));
        }
        let mut tx = self.begin().await?;
        let existing: Vec<(String, String)> = tx
            .laws()
            .await?
            .into_iter()
            .map(|l| (l.title, l.version))
            .collect();
        let mut report = LawImportReport {
            imported: vec![],
            skipped: vec![],
            articles: 0,
        };
        for law in &parsed {
            let label = format!("{}({})", law.title, law.version);
            if existing.contains(&(law.title.clone(), law.version.clone())) {
                report.skipped.push(label);
                continue;
            }
            tx.insert_law(law, source).await?;
            report.articles += law.articles.len();
            report.imported.push(label);
        }
        if !report.imported.is_empty() {
            let payload = serde_json::json!({"imported": report.imported, "articles": report.articles, "source": source});
            self.record(
                &mut *tx,
                actor,
                actor.map(|a| a.org.id),
                "laws.imported",
                "laws".into(),
                payload,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(report)
    }

    pub async fn laws(&self, actor: &Actor) -> AppResult<Vec<LawSummary>> {
        authorize_reference(actor, Action::Read)?;
        Ok(self.begin().await?.laws().await?)
    }

    pub async fn law(
        &self,
        actor: &Actor,
        law_id: Id,
    ) -> AppResult<(LawSummary, Vec<StoredArticle>)> {
        authorize_reference(actor, Action::Read)?;
        let mut tx = self.begin().await?;
        let law = tx
            .laws()
            .await?
            .into_iter()
            .find(|l| l.id == law_id)
            .ok_or(AppError::NotFound("法规"))?;
        let articles = tx.law_articles(law_id).await?;
        Ok((law, articles))
    }

    /// The article a citation points to (in its version, or the latest).
    pub async fn cited_article(&self, actor: &Actor, citation: &str) -> AppResult<CitedArticle> {
        authorize_reference(actor, Action::Read)?;
        let r =
            LegalRef::parse(citation).map_err(|e| AppError::invalid("citation", e.to_string()))?;
        let mut tx = self.begin().await?;
        let article = tx.article(&r.law, r.version.as_deref(), r.article).await?;
        Ok(CitedArticle {
            citation: r.to_string(),
            article,
        })
    }

    pub(crate) async fn cite_all(
        &self,
        tx: &mut dyn Tx,
        refs: &[LegalRef],
    ) -> AppResult<Vec<CitedArticle>> {
        let mut out = Vec::new();
        for r in refs {
            let article = tx.article(&r.law, r.version.as_deref(), r.article).await?;
            out.push(CitedArticle {
                citation: r.to_string(),
                article,
            });
        }
        Ok(out)
    }
}
