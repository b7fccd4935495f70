//! Feeds the item stream to the store: runs of one kind are written together, articles, pages
//! and comments in batches of [`BATCH`] per transaction.

use std::collections::{HashMap, HashSet};

use cong_import::{ArticleKind, ImportArticle, ImportItem, ItemKind, Report};
use cong_store::{ImportBatch, ImportedCategory, ImportedLink, ImportedPoll, ImportedTag, Saved};
use cong_store::{Result, Store};

use super::convert;

/// Items per transaction: large enough that the flush to disk is shared, small enough that a
/// running portal's own writes wait well under a second.
pub const BATCH: usize = 500;

/// Key of the category made for articles that have none.
const NO_CATEGORY_KEY: &str = "(none)";

/// One run of items of a kind, waiting to be written.
#[derive(Default)]
enum Run {
    #[default]
    Empty,
    Categories(Vec<(ImportedCategory, bool)>),
    Tags(Vec<ImportedTag>),
    Content(ImportBatch),
    Polls(Vec<ImportedPoll>),
    Links(Vec<ImportedLink>),
}

/// The writing side of an import.
pub struct Writer {
    store: Store,
    source: String,
    now: i64,
    /// What was written, updated and skipped.
    pub report: Report,
    run: Run,
    authors: HashMap<String, String>,
    categories: HashMap<String, i64>,
    hidden: HashSet<i64>,
    tags: HashMap<String, i64>,
    /// Keys of pages: comments on them are skipped with a reason.
    pages: HashSet<String>,
    /// Articles, pages and comments dealt with, for the progress bar.
    pub done: u64,
    several_categories: u64,
    hidden_articles: u64,
    expired: u64,
    expiring: u64,
}

impl Writer {
    /// A writer of items from `source` (its import name).
    pub fn new(store: Store, source: String, now: i64) -> Writer {
        Writer {
            store,
            source,
            now,
            report: Report::default(),
            run: Run::Empty,
            authors: HashMap::new(),
            categories: HashMap::new(),
            hidden: HashSet::new(),
            tags: HashMap::new(),
            pages: HashSet::new(),
            done: 0,
            several_categories: 0,
            hidden_articles: 0,
            expired: 0,
            expiring: 0,
        }
    }

    /// The import's name.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Takes the next item, writing the run before it when this one starts another.
    pub async fn take(&mut self, item: ImportItem) -> Result<()> {
        let same = matches!(
            (&self.run, &item),
            (Run::Categories(_), ImportItem::Category(_))
                | (Run::Tags(_), ImportItem::Tag(_))
                | (Run::Polls(_), ImportItem::Poll(_))
                | (Run::Links(_), ImportItem::WebLink(_))
        ) || matches!(
            (&self.run, &item),
            (Run::Content(b), ImportItem::Article(_) | ImportItem::Comment(_)) if b.len() < BATCH
        );
        if !same {
            self.flush().await?;
        }
        match item {
            ImportItem::Site(_) => {}
            ImportItem::Author(a) => {
                let name = if a.display_name.trim().is_empty() {
                    a.login
                } else {
                    a.display_name
                };
                self.authors.insert(a.key, name);
            }
            ImportItem::Category(c) => {
                let row = convert::category(&c);
                self.push_category(row, c.hidden);
            }
            ImportItem::Tag(t) => match convert::tag(&t) {
                Some(row) => self.tags_run().push(row),
                None => self.report.skipped(
                    ItemKind::Tag,
                    t.key,
                    "neither its slug nor its name has letters or digits",
                ),
            },
            ImportItem::Article(a) => self.article(*a).await?,
            ImportItem::Comment(c) => {
                self.done += 1;
                let why = if c.pingback {
                    Some("a pingback or trackback from another site, not a reader's comment")
                } else if self.pages.contains(&c.article_key) {
                    Some("a comment on a static page: pages take no comments here")
                } else {
                    None
                };
                match why {
                    Some(why) => self.report.skipped(ItemKind::Comment, c.key, why),
                    None => self.content_run().comments.push(convert::comment(c)),
                }
            }
            ImportItem::Poll(p) => match convert::poll(p.clone()) {
                Ok(row) => self.polls_run().push(row),
                Err(why) => self.report.skipped(ItemKind::Poll, p.key, why),
            },
            ImportItem::WebLink(l) => match convert::web_link(l.clone()) {
                Ok(row) => self.links_run().push(row),
                Err(why) => self.report.skipped(ItemKind::WebLink, l.key, why),
            },
        }
        Ok(())
    }

    async fn article(&mut self, a: ImportArticle) -> Result<()> {
        self.done += 1;
        if a.kind == ArticleKind::Page {
            self.pages.insert(a.key.clone());
            if convert::status(a.status) != "published" || a.published_at > self.now {
                let why = format!(
                    "a static page that was not public on the old site ({:?}): pages here have no draft or schedule",
                    a.status
                );
                self.report.skipped(ItemKind::Page, a.key, why);
                return Ok(());
            }
            self.content_run().pages.push(convert::page(a));
            return Ok(());
        }
        let main = a
            .category_keys
            .iter()
            .find_map(|k| self.categories.get(k))
            .copied();
        let category_id = match main {
            Some(id) => id,
            None => self.no_category().await?,
        };
        if a.category_keys.len() > 1 {
            self.several_categories += 1;
        }
        let mut status = convert::status(a.status);
        if status == "published" {
            if a.expires_at.is_some_and(|t| t <= self.now) {
                self.expired += 1;
                status = "unpublished";
            } else if a.expires_at.is_some() {
                self.expiring += 1;
            }
            if self.hidden.contains(&category_id) {
                self.hidden_articles += 1;
                status = "unpublished";
            }
        }
        let byline = if a.byline.trim().is_empty() {
            a.author_key
                .as_ref()
                .and_then(|k| self.authors.get(k))
                .cloned()
                .unwrap_or_default()
        } else {
            a.byline.clone()
        };
        let tag_ids = a
            .tag_keys
            .iter()
            .filter_map(|k| self.tags.get(k))
            .copied()
            .collect();
        let row = convert::article(a, category_id, tag_ids, status, byline);
        self.content_run().articles.push(row);
        Ok(())
    }

    /// The category for articles filed nowhere, made on first need.
    async fn no_category(&mut self) -> Result<i64> {
        if let Some(id) = self.categories.get(NO_CATEGORY_KEY) {
            return Ok(*id);
        }
        let row = ImportedCategory {
            key: NO_CATEGORY_KEY.into(),
            parent_key: None,
            slug: "chua-phan-loai".into(),
            name: "Chưa phân loại".into(),
            description: String::new(),
            position: 1000,
            legacy_paths: Vec::new(),
        };
        let saved = self
            .store
            .save_imported_categories(&self.source, &[row])
            .await?;
        let id = saved[0].id();
        self.categories.insert(NO_CATEGORY_KEY.into(), id);
        Ok(id)
    }

    fn push_category(&mut self, row: ImportedCategory, hidden: bool) {
        if !matches!(self.run, Run::Categories(_)) {
            self.run = Run::Categories(Vec::new());
        }
        if let Run::Categories(v) = &mut self.run {
            v.push((row, hidden));
        }
    }

    fn tags_run(&mut self) -> &mut Vec<ImportedTag> {
        if !matches!(self.run, Run::Tags(_)) {
            self.run = Run::Tags(Vec::new());
        }
        match &mut self.run {
            Run::Tags(v) => v,
            _ => unreachable!("just set"),
        }
    }

    fn content_run(&mut self) -> &mut ImportBatch {
        if !matches!(self.run, Run::Content(_)) {
            self.run = Run::Content(ImportBatch::default());
        }
        match &mut self.run {
            Run::Content(b) => b,
            _ => unreachable!("just set"),
        }
    }

    fn polls_run(&mut self) -> &mut Vec<ImportedPoll> {
        if !matches!(self.run, Run::Polls(_)) {
            self.run = Run::Polls(Vec::new());
        }
        match &mut self.run {
            Run::Polls(v) => v,
            _ => unreachable!("just set"),
        }
    }

    fn links_run(&mut self) -> &mut Vec<ImportedLink> {
        if !matches!(self.run, Run::Links(_)) {
            self.run = Run::Links(Vec::new());
        }
        match &mut self.run {
            Run::Links(v) => v,
            _ => unreachable!("just set"),
        }
    }

    /// Writes the waiting run, in one transaction.
    pub async fn flush(&mut self) -> Result<()> {
        let (store, source) = (&self.store, self.source.as_str());
        match std::mem::take(&mut self.run) {
            Run::Empty => {}
            Run::Categories(rows) => {
                let cats: Vec<ImportedCategory> = rows.iter().map(|r| r.0.clone()).collect();
                let saved = store.save_imported_categories(source, &cats).await?;
                for ((row, hidden), s) in rows.into_iter().zip(saved) {
                    count(&mut self.report, ItemKind::Category, s);
                    if hidden {
                        self.hidden.insert(s.id());
                    }
                    self.categories.insert(row.key, s.id());
                }
            }
            Run::Tags(rows) => {
                let saved = store.save_imported_tags(source, &rows).await?;
                for (row, s) in rows.into_iter().zip(saved) {
                    count(&mut self.report, ItemKind::Tag, s);
                    self.tags.insert(row.key, s.id());
                }
            }
            Run::Content(batch) => {
                let out = store.save_import_batch(source, &batch, self.now).await?;
                for s in out.articles {
                    count(&mut self.report, ItemKind::Article, s);
                }
                for s in out.pages {
                    count(&mut self.report, ItemKind::Page, s);
                }
                for (c, s) in batch.comments.iter().zip(out.comments) {
                    match s {
                        Some(s) => count(&mut self.report, ItemKind::Comment, s),
                        None => self.report.skipped(
                            ItemKind::Comment,
                            c.key.clone(),
                            "its article is not in the database",
                        ),
                    }
                }
            }
            Run::Polls(rows) => {
                for s in store.save_imported_polls(source, &rows).await? {
                    count(&mut self.report, ItemKind::Poll, s);
                }
            }
            Run::Links(rows) => {
                for s in store.save_imported_links(source, &rows).await? {
                    count(&mut self.report, ItemKind::WebLink, s);
                }
            }
        }
        Ok(())
    }

    /// Writes what is left and adds the notes an operator should read.
    pub async fn finish(mut self) -> Result<Report> {
        self.flush().await?;
        let mut r = self.report;
        if self.several_categories > 0 {
            r.note(format!(
                "{} articles were filed in several categories; each is kept in its main one",
                self.several_categories
            ));
        }
        if self.hidden_articles > 0 {
            r.note(format!(
                "{} published articles are in categories the old site did not show to everyone; they were imported unpublished",
                self.hidden_articles
            ));
        }
        if self.expired > 0 {
            r.note(format!(
                "{} articles had expired on the old site; they were imported unpublished",
                self.expired
            ));
        }
        if self.expiring > 0 {
            r.note(format!(
                "{} articles have an expiry time; the portal does not take articles down by itself",
                self.expiring
            ));
        }
        Ok(r)
    }
}

fn count(report: &mut Report, kind: ItemKind, s: Saved) {
    match s {
        Saved::Created(_) => report.imported(kind),
        Saved::Updated(_) => report.updated(kind),
    }
}
