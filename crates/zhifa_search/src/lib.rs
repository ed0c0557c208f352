//! Chinese full-text search over what the portal publishes, with tantivy and jieba word
//! segmentation: the words of a query are all required (AND), and filters narrow by body,
//! matter, kind and date range.
//!
//! The index is never the only copy of anything: it holds the words and filters of each
//! published record and its id, and the application reads the records themselves from the
//! database. It is rebuilt from the database on demand (`zhifa reindex`) and kept current as
//! decisions are published or withdrawn.
//!
//! Text is indexed with jieba's search mode (a long word also yields the words within it), and
//! a query is cut precisely, so 餐饮油烟 finds a record of 餐饮服务油烟 and a record of 油烟
//! is found by 油烟 alone — two-character words included.

use chrono::NaiveDate;
use std::path::Path;
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};
use tantivy_jieba::JiebaTokenizer;

/// The tokenizer name the text field is indexed with.
const JIEBA: &str = "jieba";
/// A writer's memory for one update (tantivy's minimum).
const UPDATE_ARENA: usize = 15_000_000;
/// A writer's memory for a rebuild.
const REBUILD_ARENA: usize = 64_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("搜索索引出错：{0}（可运行 zhifa reindex 重建）")]
    Index(#[from] tantivy::TantivyError),
    #[error("搜索索引目录 {0} 无法使用：{1}")]
    Dir(String, String),
}

pub type SearchResult<T> = Result<T, SearchError>;

/// What is indexed of one published record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: i64,
    /// Everything searchable, e.g. number, party as published, matter, facts, outcome.
    pub text: String,
    /// The deciding body's code.
    pub body: String,
    /// The matter's catalog code.
    pub matter: String,
    /// The kind of decision (`penalty`, `on_the_spot`, `not_punished`).
    pub kind: String,
    pub day: NaiveDate,
}

/// A search: words (all required) and filters; an empty `text` matches every record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub body: Option<String>,
    pub matter: Option<String>,
    pub kind: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub offset: usize,
    pub limit: usize,
}

/// The ids found, best first (newest first when there are no words), and how many match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits {
    pub total: usize,
    pub ids: Vec<i64>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    text: Field,
    body: Field,
    matter: Field,
    kind: Field,
    day: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(JIEBA)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: b.add_i64_field("id", INDEXED | STORED | FAST),
        text: b.add_text_field("text", text_options),
        body: b.add_text_field("body", STRING),
        matter: b.add_text_field("matter", STRING),
        kind: b.add_text_field("kind", STRING),
        day: b.add_i64_field("day", INDEXED | FAST),
    };
    (b.build(), fields)
}

/// Days since 1970-01-01, the date as the index holds it.
fn day_number(day: NaiveDate) -> i64 {
    (day - NaiveDate::default()).num_days()
}

/// The search index of published records.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// One writer at a time: tantivy allows one per index.
    writing: Mutex<()>,
    /// Cuts queries precisely (the index is cut in search mode).
    query_words: TextAnalyzer,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (empty) when the directory holds none.
    pub fn open(dir: &Path) -> SearchResult<SearchIndex> {
        let fail =
            |e: &dyn std::fmt::Display| SearchError::Dir(dir.display().to_string(), e.to_string());
        std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(|e| fail(&e))?;
        let index = Index::open_or_create(directory, schema)?;
        SearchIndex::with(index, fields)
    }

    /// An index in memory (tests, and a server without a data directory for it).
    pub fn in_memory() -> SearchResult<SearchIndex> {
        let (schema, fields) = schema();
        SearchIndex::with(Index::create_in_ram(schema), fields)
    }

    fn with(index: Index, fields: Fields) -> SearchResult<SearchIndex> {
        index.tokenizers().register(JIEBA, JiebaTokenizer::new());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchIndex {
            index,
            reader,
            fields,
            writing: Mutex::new(()),
            query_words: TextAnalyzer::from(JiebaTokenizer::with_search_mode(false)),
        })
    }

    fn document(&self, e: &Entry) -> TantivyDocument {
        let f = self.fields;
        let mut d = TantivyDocument::default();
        d.add_i64(f.id, e.id);
        d.add_text(f.text, &e.text);
        d.add_text(f.body, &e.body);
        d.add_text(f.matter, &e.matter);
        d.add_text(f.kind, &e.kind);
        d.add_i64(f.day, day_number(e.day));
        d
    }

    /// Runs `change` with the one writer and commits it.
    fn write(
        &self,
        arena: usize,
        change: impl FnOnce(&mut IndexWriter) -> SearchResult<()>,
    ) -> SearchResult<()> {
        let _one = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let mut writer: IndexWriter = self.index.writer_with_num_threads(1, arena)?;
        change(&mut writer)?;
        writer.commit()?;
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index with `entries`. Returns how many were indexed.
    pub fn rebuild(&self, entries: impl IntoIterator<Item = Entry>) -> SearchResult<usize> {
        let mut n = 0;
        self.write(REBUILD_ARENA, |w| {
            w.delete_all_documents()?;
            for e in entries {
                w.add_document(self.document(&e))?;
                n += 1;
            }
            Ok(())
        })?;
        Ok(n)
    }

    /// Adds `entry`, or replaces the record of its id.
    pub fn put(&self, entry: &Entry) -> SearchResult<()> {
        self.write(UPDATE_ARENA, |w| {
            w.delete_term(Term::from_field_i64(self.fields.id, entry.id));
            w.add_document(self.document(entry))?;
            Ok(())
        })
    }

    /// Removes the record of `id`, if indexed.
    pub fn remove(&self, id: i64) -> SearchResult<()> {
        self.write(UPDATE_ARENA, |w| {
            w.delete_term(Term::from_field_i64(self.fields.id, id));
            Ok(())
        })
    }

    /// How many records the index holds.
    pub fn len(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The words of `text` as a query requires them: cut precisely, punctuation dropped.
    pub fn words(&self, text: &str) -> Vec<String> {
        let mut analyzer = self.query_words.clone();
        let mut stream = analyzer.token_stream(text);
        let mut out: Vec<String> = Vec::new();
        while stream.advance() {
            let word = stream.token().text.trim().to_lowercase();
            if word.chars().any(char::is_alphanumeric) && !out.contains(&word) {
                out.push(word);
            }
        }
        out
    }

    /// Runs `q`.
    pub fn search(&self, q: &Query) -> SearchResult<Hits> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        let words = self.words(&q.text);
        for w in &words {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.text, w),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        for (field, value) in [(f.body, &q.body), (f.matter, &q.matter), (f.kind, &q.kind)] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::Basic,
                    )),
                ));
            }
        }
        if q.from.is_some() || q.to.is_some() {
            use std::ops::Bound::{Included, Unbounded};
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => Included(Term::from_field_i64(f.day, day_number(d))),
                None => Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(q.from), bound(q.to))),
            ));
        }
        let query: Box<dyn tantivy::query::Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let searcher = self.reader.searcher();
        let limit = q.limit.max(1);
        let addresses: Vec<tantivy::DocAddress> = if words.is_empty() {
            let top = TopDocs::with_limit(limit)
                .and_offset(q.offset)
                .order_by_fast_field::<i64>("day", Order::Desc);
            searcher
                .search(&query, &top)?
                .into_iter()
                .map(|(_, a)| a)
                .collect()
        } else {
            let top = TopDocs::with_limit(limit)
                .and_offset(q.offset)
                .order_by_score();
            searcher
                .search(&query, &top)?
                .into_iter()
                .map(|(_, a)| a)
                .collect()
        };
        let total = searcher.search(&query, &Count)?;
        let mut ids = Vec::with_capacity(addresses.len());
        for a in addresses {
            let d: TantivyDocument = searcher.doc(a)?;
            if let Some(id) = d.get_first(f.id).and_then(|v| v.as_i64()) {
                ids.push(id);
            }
        }
        Ok(Hits { total, ids })
    }
}

#[cfg(test)]
mod tests;
