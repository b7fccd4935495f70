//! Full-text search for Cổng: one tantivy index with a Vietnamese analyzer.
//!
//! Every title and body is indexed three ways: folded ("Đảng ủy" → "dang uy", so a query typed
//! without diacritics finds it), exact (lowercase with diacritics, so "đảng" ranks above
//! "đăng") and as syllable bigrams ("tiem_chung", so adjacent syllables rank above scattered
//! ones). Queries are built programmatically: no input is a syntax error.
//!
//! The caller owns the feed: it sends changed documents with [`SearchIndex::upsert`] and
//! [`SearchIndex::delete`], then [`SearchIndex::commit`]s with the outbox position it reached,
//! which is stored inside the same index commit so index and cursor always move together.

mod cache;
mod query;
mod schema;
mod snippet;
mod text;
mod tokenize;

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};

pub use query::MAX_QUERY_CHARS;
pub use snippet::SNIPPET_CHARS;
pub use text::html_to_text;

use schema::Fields;
use snippet::Terms;

/// Most hits returned by one search; a larger `limit` is lowered to this.
pub const MAX_LIMIT: usize = 100;
/// Deepest `offset` served; beyond it a search returns the total but no hits.
pub const MAX_OFFSET: usize = 10_000;

/// Marks commit payloads written by this version of the analyzer. Bump the number whenever
/// tokenization changes without a schema change, so old indexes are refused and rebuilt.
const PAYLOAD_PREFIX: &str = "cong-search/1 outbox=";

/// Errors from the index; any of them on `open` means "rebuild the index".
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// tantivy failed (I/O, corrupt files, lock held by another writer, schema mismatch…).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be created or opened.
    #[error("search index directory: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// The index directory could not be created.
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    /// The index was written by another analyzer version (or its payload is unreadable).
    #[error("search index written by an incompatible version ({0:?}); rebuild it")]
    Incompatible(String),
}

impl Error {
    /// Whether another writer (another process) holds the index: not damage, so never wipe it.
    pub fn is_locked(&self) -> bool {
        matches!(self, Error::Tantivy(tantivy::TantivyError::LockFailure(..)))
    }
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One article as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// Article id; [`SearchIndex::upsert`] replaces any document with the same id.
    pub id: i64,
    /// Title as displayed.
    pub title: String,
    /// Plain text of the body, no HTML (see [`html_to_text`]).
    pub body_text: String,
    /// Category, for filtering.
    pub category_id: i64,
    /// Publication time, Unix seconds (UTC), for filtering and [`Sort::Newest`].
    pub published_at: i64,
}

/// Result order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best match first.
    #[default]
    Relevance,
    /// Most recently published first.
    Newest,
}

/// A search request, as a reader typed it; nothing in it can make a search fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words, optionally "quoted phrases"; only the first [`MAX_QUERY_CHARS`] characters count.
    pub text: String,
    /// Categories to search in; empty means all.
    pub category_ids: Vec<i64>,
    /// Earliest `published_at` included, Unix seconds.
    pub from: Option<i64>,
    /// Latest `published_at` included, Unix seconds.
    pub to: Option<i64>,
    /// Result order.
    pub sort: Sort,
    /// Hits to skip (paging); capped at [`MAX_OFFSET`].
    pub offset: usize,
    /// Hits to return; capped at [`MAX_LIMIT`]; 0 returns only the total.
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: String::new(),
            category_ids: Vec::new(),
            from: None,
            to: None,
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
        }
    }
}

/// One page of results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// Number of matching documents (all pages).
    pub total: usize,
    /// The requested page.
    pub hits: Vec<Hit>,
    /// True when no document had every word, so these results match only some of them.
    pub relaxed: bool,
}

/// One matching document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Article id.
    pub id: i64,
    /// Relevance score (0 when sorted by [`Sort::Newest`]).
    pub score: f32,
    /// Title, HTML-escaped, matched words in `<mark>`.
    pub title_html: String,
    /// Up to [`SNIPPET_CHARS`] characters of the body around the matches, HTML-escaped,
    /// matched words in `<mark>`, "…" where cut.
    pub snippet_html: String,
}

/// One tantivy index (in a directory or in memory) with its single writer.
///
/// Holds the directory's writer lock for its whole life: open one per directory per process
/// and share it (it is `Send + Sync`; searches run concurrently with writes).
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    results: cache::ResultCache,
}

/// Memory for recent results unless [`SearchIndex::with_result_cache`] says otherwise.
pub const DEFAULT_RESULT_CACHE_BYTES: u64 = 16 << 20;

impl SearchIndex {
    /// Opens the index in `dir`, creating the directory and an empty index if missing.
    ///
    /// A corrupt or unreadable index, one with another schema or analyzer version, or one
    /// locked by another process, is an error: the caller should wipe the directory, open it
    /// again and rebuild.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir)?;
        let index = Self::builder().open_or_create(directory)?;
        // The writer lives inside the serving process for its whole life, so it gets tantivy's
        // smallest arena (15 MB per thread; 2 × 32 MB took the page server past its 150 MB
        // budget) and two threads on a two-core machine.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(2));
        Self::with_index(index, threads, threads * 15_000_000)
    }

    /// An empty index in memory, for tests.
    pub fn in_memory() -> Result<Self> {
        let index = Self::builder().create_in_ram()?;
        Self::with_index(index, 1, 15_000_000)
    }

    fn builder() -> tantivy::IndexBuilder {
        let (schema, _) = schema::build();
        let tokenizers = tantivy::tokenizer::TokenizerManager::default();
        tokenize::register(&tokenizers);
        Index::builder().schema(schema).tokenizers(tokenizers)
    }

    fn with_index(index: Index, threads: usize, memory: usize) -> Result<Self> {
        let (_, fields) = schema::build();
        if let Some(payload) = index.load_metas()?.payload {
            parse_payload(&payload)?;
        }
        // Reloaded by hand right after each commit, so a change is visible as soon as
        // `commit` returns, with no watcher thread.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let writer = index.writer_with_num_threads(threads, memory)?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            results: cache::ResultCache::new(DEFAULT_RESULT_CACHE_BYTES),
        })
    }

    /// Keeps at most about `max_bytes` of recent results (0: none), each valid until the next
    /// commit.
    pub fn with_result_cache(mut self, max_bytes: u64) -> Self {
        self.results = cache::ResultCache::new(max_bytes);
        self
    }

    // A panic while holding the writer leaves nothing half-applied that the next commit or
    // `clear` would not handle, so a poisoned lock is still usable.
    fn writer(&self) -> MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds documents, replacing any with the same id; visible after the next commit.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<()> {
        let writer = self.writer();
        for doc in docs {
            writer.delete_term(Term::from_field_i64(self.fields.id, doc.id));
            writer.add_document(schema::to_document(&self.fields, doc))?;
        }
        Ok(())
    }

    /// Removes documents by id (unknown ids are ignored); effective at the next commit.
    pub fn delete(&self, ids: &[i64]) -> Result<()> {
        let writer = self.writer();
        for id in ids {
            writer.delete_term(Term::from_field_i64(self.fields.id, *id));
        }
        Ok(())
    }

    /// Commits pending changes together with the outbox position they bring the index up to,
    /// and makes them visible to searches before returning.
    pub fn commit(&self, outbox_position: i64) -> Result<()> {
        {
            let mut writer = self.writer();
            let mut prepared = writer.prepare_commit()?;
            prepared.set_payload(&format!("{PAYLOAD_PREFIX}{outbox_position}"));
            prepared.commit()?;
        }
        self.reader.reload()?;
        self.results.clear();
        Ok(())
    }

    /// Merges every segment into one, for after a rebuild: a search works segment by
    /// segment (term lookups, scorers, filters), and a bulk build leaves a dozen or more.
    /// Searches go on meanwhile; the commit payload (outbox position) is kept. Afterwards the
    /// writer's usual background merging resumes.
    pub fn merge_segments(&self) -> Result<()> {
        let ids = self.index.searchable_segment_ids()?;
        let merged = if ids.len() > 1 {
            let merging = self.writer().merge(&ids);
            merging.wait().map(|_| ())
        } else {
            Ok(())
        };
        self.writer()
            .set_merge_policy(Box::new(tantivy::indexer::LogMergePolicy::default()));
        merged?;
        self.reader.reload()?;
        // Segments merged away are files no searcher needs any more.
        self.writer().garbage_collect_files().wait()?;
        Ok(())
    }

    /// How many segments searches go through (see [`SearchIndex::merge_segments`]).
    pub fn segment_count(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The outbox position stored by the last commit; `None` for a new index (rebuild it).
    pub fn outbox_position(&self) -> Result<Option<i64>> {
        match self.index.load_metas()?.payload {
            Some(payload) => parse_payload(&payload).map(Some),
            None => Ok(None),
        }
    }

    /// Discards uncommitted changes and stages the removal of every document, for a rebuild:
    /// searches keep seeing the old contents until the next commit, so a rebuild is
    /// `clear`, `upsert` everything, one `commit`, then [`SearchIndex::merge_segments`].
    /// Until then the writer merges nothing in the background: the segments of a bulk build
    /// are merged once, at the end, all together.
    pub fn clear(&self) -> Result<()> {
        let mut writer = self.writer();
        writer.rollback()?;
        writer.delete_all_documents()?;
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
        Ok(())
    }

    /// Runs a search. Never fails because of what the query contains; an empty query (no
    /// words) or an empty date range gives empty results.
    pub fn search(&self, q: &SearchQuery) -> Result<Arc<SearchResults>> {
        let parsed = query::parse(&q.text);
        let empty_range = matches!((q.from, q.to), (Some(from), Some(to)) if from > to);
        if parsed.words.is_empty() || empty_range {
            return Ok(Arc::default());
        }
        let key = cache::ResultCache::key(&parsed, q);
        if let Some(results) = self.results.get(&key) {
            return Ok(results);
        }
        let results = Arc::new(self.run(&parsed, q)?);
        self.results.insert(key, results.clone());
        Ok(results)
    }

    fn run(&self, parsed: &query::Parsed, q: &SearchQuery) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let strict = query::build(&self.fields, parsed, q, true);
        let (mut total, mut docs) = self.collect(&searcher, &*strict, q)?;
        // Fall back to "any word" only when no document has them all, so one stray or
        // misspelt word does not leave the reader with nothing; `relaxed` lets the page say so.
        let mut relaxed = false;
        if total == 0 && parsed.can_relax() {
            let any = query::build(&self.fields, parsed, q, false);
            (total, docs) = self.collect(&searcher, &*any, q)?;
            relaxed = total > 0;
        }
        let terms = Terms::new(
            parsed
                .words
                .iter()
                .map(|w| (w.folded.as_str(), &w.exact[..])),
        );
        let hits = docs
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, &terms, score, address))
            .collect::<Result<_>>()?;
        Ok(SearchResults {
            total,
            hits,
            relaxed,
        })
    }

    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        q: &SearchQuery,
    ) -> Result<(usize, Vec<(f32, DocAddress)>)> {
        let limit = q.limit.min(MAX_LIMIT);
        if limit == 0 || q.offset > MAX_OFFSET {
            return Ok((searcher.search(query, &Count)?, Vec::new()));
        }
        let top = TopDocs::with_limit(limit).and_offset(q.offset);
        Ok(match q.sort {
            Sort::Relevance => searcher.search(query, &(Count, top))?,
            Sort::Newest => {
                let by_date = top.order_by_fast_field::<i64>(schema::PUBLISHED_AT, Order::Desc);
                let (total, docs) = searcher.search(query, &(Count, by_date))?;
                (total, docs.into_iter().map(|(_, a)| (0.0, a)).collect())
            }
        })
    }

    fn hit(&self, searcher: &Searcher, terms: &Terms, score: f32, at: DocAddress) -> Result<Hit> {
        let doc: TantivyDocument = searcher.doc(at)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
        let (title_html, snippet_html) =
            snippet::title_and_snippet(text(self.fields.title), text(self.fields.body), terms);
        Ok(Hit {
            id: doc
                .get_first(self.fields.id)
                .and_then(|v| v.as_i64())
                .unwrap_or_default(),
            score,
            title_html,
            snippet_html,
        })
    }
}

fn parse_payload(payload: &str) -> Result<i64> {
    payload
        .strip_prefix(PAYLOAD_PREFIX)
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| Error::Incompatible(payload.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SearchIndex>();
    }

    #[test]
    fn payload_round_trips_and_rejects_other_versions() {
        assert_eq!(parse_payload(&format!("{PAYLOAD_PREFIX}-7")).unwrap(), -7);
        assert!(matches!(
            parse_payload("cong-search/0 outbox=1"),
            Err(Error::Incompatible(_))
        ));
    }
}
