//! Laws with their articles, and catalogs of enforcement matters, in SQLite's dialect.

use crate::mapping::{backend, from_json, json};
use crate::rows::{article_row, item_row};
use crate::sql::query;
use crate::tx::{R, SqliteTx};
use zhifa_domain::Id;
use zhifa_domain::catalog::{CatalogItem, NewCatalogItem};
use zhifa_domain::law::{ArticleShape, LawText};
use zhifa_store::*;

impl SqliteTx {
    pub(crate) async fn store_law(&mut self, law: &LawText, source: &str) -> R<Id> {
        let row = query("insert into laws (title, full_title, version, source, history) values (?, ?, ?, ?, ?) returning id")
            .bind(&law.title)
            .bind(&law.full_title)
            .bind(&law.version)
            .bind(source)
            .bind(json(&law.history))
            .fetch_one(&self.tx)
            .map_err(backend)?;
        let id: Id = row.try_get(0).map_err(backend)?;
        for a in &law.articles {
            query("insert into articles (law_id, number, chapter, text, shape) values (?, ?, ?, ?, ?)")
                .bind(id)
                .bind(i64::from(a.number))
                .bind(&a.chapter)
                .bind(a.text())
                .bind(json(&a.shape()))
                .execute(&self.tx)
                .map_err(backend)?;
        }
        Ok(id)
    }

    pub(crate) async fn load_laws(&mut self) -> R<Vec<LawSummary>> {
        let rows = query(
            "select l.id, l.title, l.full_title, l.version, l.source, (select count(*) from articles a where a.law_id = l.id) as n \
             from laws l order by l.title, l.version",
        )
        .fetch_all(&self.tx)
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(LawSummary {
                    id: r.try_get("id").map_err(backend)?,
                    title: r.try_get("title").map_err(backend)?,
                    full_title: r.try_get("full_title").map_err(backend)?,
                    version: r.try_get("version").map_err(backend)?,
                    source: r.try_get("source").map_err(backend)?,
                    article_count: r.try_get("n").map_err(backend)?,
                })
            })
            .collect()
    }

    pub(crate) async fn load_law_articles(&mut self, law_id: Id) -> R<Vec<StoredArticle>> {
        let rows = query(
            "select a.law_id, l.title, l.version, a.number, a.chapter, a.text from articles a join laws l on l.id = a.law_id \
             where a.law_id = ? order by a.number",
        )
        .bind(law_id)
        .fetch_all(&self.tx)
        .map_err(backend)?;
        rows.iter().map(article_row).collect()
    }

    pub(crate) async fn load_article(
        &mut self,
        title: &str,
        version: Option<&str>,
        number: u32,
    ) -> R<Option<StoredArticle>> {
        let row = query(
            "select a.law_id, l.title, l.version, a.number, a.chapter, a.text from articles a join laws l on l.id = a.law_id \
             where l.title = ? and (? is null or l.version = ?) and a.number = ? order by l.version desc limit 1",
        )
        .bind(title)
        .bind(version)
        .bind(version)
        .bind(i64::from(number))
        .fetch_optional(&self.tx)
        .map_err(backend)?;
        row.as_ref().map(article_row).transpose()
    }

    pub(crate) async fn load_article_index(&mut self) -> R<Vec<ArticleIndexEntry>> {
        let rows = query("select l.title, l.version, a.number, a.shape from articles a join laws l on l.id = a.law_id")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                let number: i64 = r.try_get("number").map_err(backend)?;
                let shape: ArticleShape =
                    from_json(&r.try_get::<String, _>("shape").map_err(backend)?)?;
                Ok(ArticleIndexEntry {
                    title: r.try_get("title").map_err(backend)?,
                    version: r.try_get("version").map_err(backend)?,
                    number: number as u32,
                    shape,
                })
            })
            .collect()
    }

    pub(crate) async fn store_catalog(&mut self, c: &NewCatalog) -> R<Id> {
        let row = query("insert into catalogs (name, version, source, imported_at) values (?, ?, ?, ?) returning id")
            .bind(&c.name)
            .bind(&c.version)
            .bind(&c.source)
            .bind(c.imported_at)
            .fetch_one(&self.tx)
            .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_catalogs(&mut self) -> R<Vec<Catalog>> {
        let rows = query(
            "select c.*, (select count(*) from catalog_items i where i.catalog_id = c.id) as n from catalogs c order by c.id",
        )
        .fetch_all(&self.tx)
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(Catalog {
                    id: r.try_get("id").map_err(backend)?,
                    name: r.try_get("name").map_err(backend)?,
                    version: r.try_get("version").map_err(backend)?,
                    source: r.try_get("source").map_err(backend)?,
                    imported_at: r.try_get("imported_at").map_err(backend)?,
                    item_count: r.try_get("n").map_err(backend)?,
                })
            })
            .collect()
    }

    pub(crate) async fn store_catalog_item(&mut self, catalog_id: Id, i: &NewCatalogItem) -> R<Id> {
        let row = query(
            "insert into catalog_items (catalog_id, code, name, kind, source, legal_basis, domain, department) \
             values (?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(catalog_id)
        .bind(&i.code)
        .bind(&i.name)
        .bind(i.kind.key())
        .bind(i.source.key())
        .bind(json(&i.legal_basis))
        .bind(&i.domain)
        .bind(&i.department)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_catalog_items(&mut self) -> R<Vec<CatalogItem>> {
        let rows = query("select * from catalog_items order by code")
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(item_row).collect()
    }

    pub(crate) async fn load_catalog_item(&mut self, id: Id) -> R<Option<CatalogItem>> {
        let row = query("select * from catalog_items where id = ?")
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(item_row).transpose()
    }
}
