//! Catalog use cases (S2.1): import a catalog version from CSV or JSON, list and show items
//! with the text of the articles they cite.

use crate::App;
use crate::authz::{Action, Actor, authorize_reference};
use crate::error::{AppError, AppResult};
use crate::laws::{CitedArticle, LawLibrary};
use serde::Serialize;
use std::collections::HashSet;
use zhifa_domain::Id;
use zhifa_domain::catalog::{self as domain, CatalogItem};
use zhifa_store::{Catalog, NewCatalog};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    Csv,
    Json,
}

impl CatalogFormat {
    /// From a file name's extension.
    pub fn from_file_name(name: &str) -> Option<CatalogFormat> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(CatalogFormat::Csv)
        } else if lower.ends_with(".json") {
            Some(CatalogFormat::Json)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone)]
pub struct CatalogImport {
    pub name: String,
    pub version: String,
    /// Where the catalog comes from, e.g. 川府发〔2021〕42号.
    pub source: String,
    pub format: CatalogFormat,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogImportReport {
    pub catalog_id: Id,
    pub items: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemDetail {
    pub item: CatalogItem,
    pub basis: Vec<CitedArticle>,
}

impl App {
    /// Imports a catalog version. Every row is checked first; any error fails the import with
    /// the line and what is wrong, and nothing is written.
    pub async fn import_catalog(
        &self,
        actor: Option<&Actor>,
        import: CatalogImport,
    ) -> AppResult<CatalogImportReport> {
        if let Some(a) = actor {
            authorize_reference(a, Action::ManageReference)?;
        }
        if import.name.trim().is_empty() {
            return Err(AppError::invalid("name", "请填写目录名称"));
        }
        if import.version.trim().is_empty() {
            return Err(AppError::invalid("version", "请填写目录版本"));
        }
        let rows = match import.format {
            CatalogFormat::Csv => domain::read_csv(&import.text),
            CatalogFormat::Json => domain::read_json(&import.text),
        }
        .map_err(AppError::Import)?;
        let mut tx = self.begin().await?;
        let library = LawLibrary::load(&mut *tx).await?;
        let existing: HashSet<String> = tx
            .catalog_items()
            .await?
            .into_iter()
            .map(|i| i.item.code)
            .collect();
        let items = domain::validate(rows, &existing, &library).map_err(AppError::Import)?;
        let catalog_id = tx
            .insert_catalog(&NewCatalog {
                name: import.name.trim().to_string(),
                version: import.version.trim().to_string(),
                source: import.source.trim().to_string(),
                imported_at: self.clock.now(),
            })
            .await?;
        for item in &items {
            tx.insert_catalog_item(catalog_id, item).await?;
        }
        let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
        let payload = serde_json::json!({"name": import.name.trim(), "version": import.version.trim(), "codes": codes});
        self.record(
            &mut *tx,
            actor,
            actor.map(|a| a.org.id),
            "catalog.imported",
            format!("catalog:{catalog_id}"),
            payload,
        )
        .await?;
        tx.commit().await?;
        Ok(CatalogImportReport {
            catalog_id,
            items: items.len(),
        })
    }

    pub async fn catalogs(&self, actor: &Actor) -> AppResult<Vec<Catalog>> {
        authorize_reference(actor, Action::Read)?;
        Ok(self.begin().await?.catalogs().await?)
    }

    pub async fn catalog_items(&self, actor: &Actor) -> AppResult<Vec<CatalogItem>> {
        authorize_reference(actor, Action::Read)?;
        Ok(self.begin().await?.catalog_items().await?)
    }

    pub async fn catalog_item(&self, actor: &Actor, id: Id) -> AppResult<ItemDetail> {
        authorize_reference(actor, Action::Read)?;
        let mut tx = self.begin().await?;
        let item = tx
            .catalog_item(id)
            .await?
            .ok_or(AppError::NotFound("事项"))?;
        let basis = self.cite_all(&mut *tx, &item.item.legal_basis).await?;
        Ok(ItemDetail { item, basis })
    }
}
