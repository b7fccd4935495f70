//! The second pass: items in the neutral order, tables read where the first pass found them.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;

use super::convert::{self, ModuleCtx};
use super::finish::DumpIndex;
use super::index::InsertAt;
use super::scheme::{tag_key, ModuleScheme};
use super::sql::{Lexer, Row, Stmt};
use super::table::Cols;
use crate::error::{ImportError, Result};
use crate::model::*;
use crate::order::parents_first;
use crate::report::{ItemKind, Report};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Start,
    Authors,
    Taxonomy,
    Articles(usize),
    Pages(usize),
    Comments,
    Polls,
    WebLinks(usize),
    Done,
}

/// The INSERT statements of one table, read row by row.
pub(super) struct Stream {
    table: String,
    marks: Vec<InsertAt>,
    next: usize,
    cols: Option<Cols>,
}

/// Streams the items of a dump already checked by [`super::scan`].
pub struct Reader<R: Read + Seek> {
    pub(super) main: Lexer<R>,
    pub(super) lookup: Lexer<R>,
    pub(super) index: DumpIndex,
    pub(super) phase: Phase,
    pub(super) stream: Option<Stream>,
    pub(super) queue: VecDeque<ImportItem>,
    pub(super) report: Report,
    pub(super) row: Row,
    /// Category aliases by id, per news module data name (article URLs need the main one).
    pub(super) cat_aliases: HashMap<String, HashMap<i64, String>>,
    pub(super) failed: bool,
}

impl Reader<File> {
    /// Opens the dump the index was made from (twice: rows and their bodies are joined).
    pub fn open(path: &Path, index: DumpIndex) -> Result<Self> {
        Ok(Self::new(File::open(path)?, File::open(path)?, index))
    }
}

impl<R: Read + Seek> Reader<R> {
    /// Reads with `main`; `lookup` is a second, independent handle on the same bytes.
    pub fn new(main: R, lookup: R, index: DumpIndex) -> Self {
        Reader {
            main: Lexer::new(main, 256 * 1024),
            lookup: Lexer::new(lookup, 64 * 1024),
            index,
            phase: Phase::Start,
            stream: None,
            queue: VecDeque::new(),
            report: Report::default(),
            row: Row::new(),
            cat_aliases: HashMap::new(),
            failed: false,
        }
    }

    /// What was skipped so far and why.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The report, once reading is over.
    pub fn into_report(self) -> Report {
        self.report
    }

    /// How old URLs of this site are understood.
    pub fn legacy_scheme(&self) -> &super::LegacyScheme {
        &self.index.scheme
    }

    pub(super) fn open_stream(&mut self, table: String) {
        let marks = self
            .index
            .c
            .tables
            .get(&table)
            .map(|t| t.inserts.clone())
            .unwrap_or_default();
        self.stream = Some(Stream {
            table,
            marks,
            next: 0,
            cols: None,
        });
    }

    /// The next row of the open stream (its columns in `self.stream`), or `None` at its end.
    pub(super) fn stream_row(&mut self) -> Result<bool> {
        let Some(s) = self.stream.as_mut() else {
            return Ok(false);
        };
        loop {
            if s.cols.is_some() && self.main.next_row(true, &mut self.row)?.is_some() {
                return Ok(true);
            }
            let Some(at) = s.marks.get(s.next) else {
                self.stream = None;
                return Ok(false);
            };
            let mark = at.mark;
            s.next += 1;
            self.main.seek(mark)?;
            self.main
                .set_delimiter(at.delimiter.as_deref().unwrap_or(b";"));
            let Some((_, Stmt::Insert { columns, .. })) = self.main.next_statement()? else {
                return Err(ImportError::Sql {
                    at: crate::Position::line(mark.line),
                    problem: "the file changed since it was checked".into(),
                });
            };
            let create = self
                .index
                .c
                .tables
                .get(&s.table)
                .and_then(|t| t.create_cols.clone());
            s.cols = columns.or(create).map(|c| Cols::new(&c));
        }
    }

    pub(super) fn cols(&self) -> Cols {
        self.stream
            .as_ref()
            .and_then(|s| s.cols.clone())
            .unwrap_or_default()
    }

    fn module_ctx<'a>(index: &'a DumpIndex, m: &'a super::finish::Module) -> Option<ModuleCtx<'a>> {
        let module: &ModuleScheme = index.scheme.modules.iter().find(|s| s.data == m.data)?;
        Some(ModuleCtx {
            scheme: &index.scheme,
            module,
            upload: &m.upload,
            domains: &index.domains,
        })
    }

    fn step(&mut self) -> Result<()> {
        match self.phase {
            Phase::Start => {
                let ix = &self.index;
                self.queue.push_back(ImportItem::Site(ImportSite {
                    source: SourceKind::NukeViet,
                    source_id: format!("{}_{}", ix.opts.prefix, ix.opts.lang),
                    title: convert::plain(&ix.site_title),
                    base_url: ix.opts.base_url.clone().unwrap_or_default(),
                    language: ix.opts.lang.clone(),
                }));
                for note in &self.index.not_imported {
                    self.report.note(note.clone());
                }
                self.open_stream(format!("{}_users", self.index.opts.prefix));
                self.phase = Phase::Authors;
            }
            Phase::Authors => {
                if !self.stream_row()? {
                    self.phase = Phase::Taxonomy;
                    return Ok(());
                }
                let c = self.cols();
                if self
                    .index
                    .c
                    .admin_ids
                    .contains(&(c.num(&self.row, "userid") as u64))
                {
                    self.queue
                        .push_back(ImportItem::Author(convert::author(&c, &self.row)));
                }
            }
            Phase::Taxonomy => {
                self.taxonomy();
                self.phase = Phase::Articles(0);
            }
            Phase::Articles(i) => self.articles(i)?,
            Phase::Pages(i) => self.pages(i)?,
            Phase::Comments => self.comments()?,
            Phase::Polls => {
                self.polls();
                self.phase = Phase::WebLinks(0);
            }
            Phase::WebLinks(i) => self.weblinks(i)?,
            Phase::Done => {}
        }
        Ok(())
    }

    fn taxonomy(&mut self) {
        let ix = &self.index;
        for m in ix.modules_of("news") {
            let Some(ctx) = Self::module_ctx(ix, m) else {
                continue;
            };
            if let Some(t) = ix.memory(&format!("{}_cat", m.data)) {
                let cats: Vec<ImportCategory> = t
                    .iter()
                    .map(|r| convert::category(&t.cols, r, &ctx))
                    .collect();
                let cats = parents_first(
                    cats,
                    |c| c.key.clone(),
                    |c| c.parent_key.clone(),
                    |c| c.parent_key = None,
                );
                self.queue
                    .extend(cats.into_iter().map(ImportItem::Category));
            }
            for (rest, section) in [("tags", "tag"), ("topics", "topic")] {
                if let Some(t) = ix.memory(&format!("{}_{rest}", m.data)) {
                    let tags = t
                        .iter()
                        .map(|r| ImportItem::Tag(convert::tag(&t.cols, r, &ctx, section)));
                    self.queue.extend(tags);
                }
            }
        }
    }

    fn articles(&mut self, i: usize) -> Result<()> {
        let Some(m) = self.index.modules_of("news").nth(i).cloned() else {
            self.phase = Phase::Pages(0);
            return Ok(());
        };
        if self.stream.is_none() {
            self.open_stream(self.index.table(&format!("{}_rows", m.data)));
        }
        if !self.stream_row()? {
            self.phase = Phase::Articles(i + 1);
            return Ok(());
        }
        let c = self.cols();
        let id = c.num(&self.row, "id");
        let detail_table = self.index.table(&format!("{}_detail", m.data));
        let details = self.index.c.details.get(&detail_table);
        let Some((mark, layout)) = details.and_then(|d| d.rows.get(&(id as u64))).copied() else {
            return Ok(());
        };
        let dc = details
            .map(|d| d.layouts[layout as usize].clone())
            .unwrap_or_default();
        let mut detail = Row::new();
        self.lookup.seek(mark)?;
        self.lookup.tuple(true, &mut detail)?;
        let tags = self.tags_of(&m.data, id, c.num(&self.row, "topicid"));
        let ix = &self.index;
        let aliases = self.cat_aliases.entry(m.data.clone()).or_insert_with(|| {
            ix.memory(&format!("{}_cat", m.data))
                .map_or_else(HashMap::new, |t| {
                    t.iter()
                        .map(|r| (t.cols.num(r, "catid"), t.cols.str(r, "alias").to_string()))
                        .collect()
                })
        });
        let Some(ctx) = Self::module_ctx(ix, &m) else {
            return Ok(());
        };
        let cat_alias = |catid: i64| aliases.get(&catid).cloned().unwrap_or_default();
        let a = convert::article(&c, &self.row, &dc, &detail, cat_alias, tags, &ctx);
        self.queue.push_back(ImportItem::Article(Box::new(a)));
        Ok(())
    }

    fn tags_of(&self, data: &str, id: i64, topic: i64) -> Vec<String> {
        let mut keys = Vec::new();
        if let Some(pairs) = self
            .index
            .c
            .tag_pairs
            .get(&self.index.table(&format!("{data}_tags_id")))
        {
            let from = pairs.partition_point(|(a, _)| *a < id as u64);
            for (_, tid) in pairs[from..].iter().take_while(|(a, _)| *a == id as u64) {
                keys.push(tag_key(data, "tag", *tid as i64));
            }
        }
        if topic > 0 {
            keys.push(tag_key(data, "topic", topic));
        }
        keys
    }

    fn pages(&mut self, i: usize) -> Result<()> {
        let Some(m) = self.index.modules_of("page").nth(i).cloned() else {
            self.open_stream(self.index.table("comment"));
            self.phase = Phase::Comments;
            return Ok(());
        };
        if self.stream.is_none() {
            self.open_stream(self.index.table(&m.data));
        }
        if !self.stream_row()? {
            self.phase = Phase::Pages(i + 1);
            return Ok(());
        }
        let c = self.cols();
        if let Some(ctx) = Self::module_ctx(&self.index, &m) {
            self.queue
                .push_back(ImportItem::Article(Box::new(convert::page(
                    &c, &self.row, &ctx,
                ))));
        }
        Ok(())
    }

    fn comments(&mut self) -> Result<()> {
        if !self.stream_row()? {
            self.phase = Phase::Polls;
            return Ok(());
        }
        let c = self.cols();
        let module = c.str(&self.row, "module");
        let data = self
            .index
            .scheme
            .modules
            .iter()
            .find(|m| m.name == module)
            .map(|m| m.data.clone());
        match data {
            Some(data) => self
                .queue
                .push_back(ImportItem::Comment(convert::comment(&c, &self.row, &data))),
            None => self.report.skipped(
                ItemKind::Comment,
                format!("comment {}", c.num(&self.row, "cid")),
                format!("posted in module \"{module}\", which is not imported"),
            ),
        }
        Ok(())
    }
}

impl<R: Read + Seek> Iterator for Reader<R> {
    type Item = Result<ImportItem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(Ok(item));
            }
            if self.failed || self.phase == Phase::Done {
                return None;
            }
            if let Err(e) = self.step() {
                self.failed = true;
                return Some(Err(e));
            }
        }
    }
}
