//! WordPress eXtended RSS (WXR 1.0 to 1.2), read as a stream with quick-xml.
//!
//! Drive it in two passes: [`validate`] reads the whole file without cleaning any HTML and
//! returns a [`WxrIndex`] (or the first problem, with its line); then [`Reader::with_index`]
//! reads it again and yields [`ImportItem`]s, each article as soon as its `</item>` is read.
//! The index carries what a single forward pass cannot know in time: attachments (featured
//! images, galleries) that appear after the posts using them.
//!
//! Not imported, each listed in the report: attachments (their URLs stay where posts use them),
//! menu items, revisions, other post types, terms of custom taxonomies. Password-protected posts
//! come in as [`ArticleStatus::Private`](crate::ArticleStatus::Private).

mod convert;
mod header;
mod index;
mod lines;
mod raw;
mod scheme;
mod xml;

use std::collections::{HashSet, VecDeque};
use std::io::BufRead;

use chrono_tz::Tz;

pub use convert::upload_local;
pub use index::WxrIndex;
pub use scheme::LegacyScheme;

use crate::error::{ImportError, Position, Result};
use crate::model::{ArticleKind, ImportItem};
use crate::report::{ItemKind, Report};
use convert::{Clock, Ctx};
use raw::{RawAuthor, RawItem, RawTerm};
use xml::{Cursor, Limit, Ns, Tag};

/// How to read an export.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The old site's address (`--base-url`); when `None` the export's own is used.
    pub base_url: Option<String>,
    /// The old site's time zone, for drafts that have no GMT date; when `None` it is taken
    /// from posts that have both dates, else Asia/Ho_Chi_Minh.
    pub time_zone: Option<Tz>,
}

/// Reads the whole export, checking it, without cleaning HTML: the first pass of an import.
pub fn validate<R: BufRead>(input: R, opts: &Options) -> Result<WxrIndex> {
    let mut r = Reader::build(input, opts.clone(), WxrIndex::default(), true);
    for item in &mut r {
        item?;
    }
    r.index.set_scheme(r.scheme.clone());
    Ok(r.index)
}

#[derive(Default)]
struct Header {
    title: String,
    link: String,
    language: String,
    version: Option<String>,
    base_site_url: String,
    base_blog_url: String,
    authors: Vec<RawAuthor>,
    categories: Vec<RawTerm>,
    tags: Vec<RawTerm>,
    other_terms: u64,
    sent: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stage {
    Prolog,
    Rss,
    Channel,
    AfterChannel,
    Done,
}

/// Streams the items of a WXR file; see the module docs for the two-pass use.
pub struct Reader<R: BufRead> {
    x: Cursor<R>,
    opts: Options,
    validating: bool,
    stage: Stage,
    head: Header,
    queue: VecDeque<ImportItem>,
    index: WxrIndex,
    scheme: LegacyScheme,
    clock: Clock,
    report: Report,
    authors: HashSet<String>,
    categories: HashSet<String>,
    tags: HashSet<String>,
    failed: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader without the first pass's index: featured images and galleries that refer to
    /// attachments later in the file are not resolved. Prefer [`Reader::with_index`].
    pub fn new(input: R, opts: Options) -> Self {
        Self::build(input, opts, WxrIndex::default(), false)
    }

    /// The writing pass: reads the file again using what [`validate`] learnt.
    pub fn with_index(input: R, opts: Options, index: WxrIndex) -> Self {
        Self::build(input, opts, index, false)
    }

    fn build(input: R, opts: Options, index: WxrIndex, validating: bool) -> Self {
        let clock = Clock {
            zone: opts.time_zone,
            seen_offset: None,
            fallback: chrono_tz::Asia::Ho_Chi_Minh,
        };
        Reader {
            x: Cursor::new(input),
            opts,
            validating,
            stage: Stage::Prolog,
            head: Header::default(),
            queue: VecDeque::new(),
            index,
            scheme: LegacyScheme::default(),
            clock,
            report: Report::default(),
            authors: HashSet::new(),
            categories: HashSet::new(),
            tags: HashSet::new(),
            failed: false,
        }
    }

    /// What was skipped so far and why (complete once the iterator has ended).
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The report, once reading is over.
    pub fn into_report(self) -> Report {
        self.report
    }

    /// How old URLs of this site are understood (complete once the header has been read).
    pub fn legacy_scheme(&self) -> &LegacyScheme {
        &self.scheme
    }

    fn wxr_error(at: Position, problem: impl Into<String>) -> ImportError {
        ImportError::Wxr {
            at,
            problem: problem.into(),
        }
    }

    fn step(&mut self) -> Result<()> {
        match self.stage {
            Stage::Prolog => {
                let Some(root) = self.x.next_tag()? else {
                    return Err(Self::wxr_error(
                        self.x.position(),
                        "the file has no XML elements; is this a WordPress export?",
                    ));
                };
                if !root.is(Ns::None, "rss") {
                    return Err(Self::wxr_error(
                        root.at,
                        format!(
                            "the root element is {}, not <rss>; is this a WordPress export?",
                            root.display()
                        ),
                    ));
                }
                self.x.declare_namespaces(&root);
                self.stage = Stage::Rss;
            }
            Stage::Rss => match self.x.next_tag()? {
                Some(t) if t.is(Ns::None, "channel") => self.stage = Stage::Channel,
                Some(t) => {
                    return Err(Self::wxr_error(
                        t.at,
                        format!("expected <channel> inside <rss>, found {}", t.display()),
                    ))
                }
                None => return Err(Self::wxr_error(self.x.position(), "<rss> has no <channel>")),
            },
            Stage::Channel => match self.x.next_tag()? {
                Some(t) => self.channel_child(t)?,
                None => {
                    if !self.head.sent {
                        self.finish_header(self.x.position())?;
                    }
                    if self.head.other_terms > 0 && !self.validating {
                        self.report.note(format!(
                            "{} terms of custom taxonomies or menus were not imported",
                            self.head.other_terms
                        ));
                    }
                    self.stage = Stage::AfterChannel;
                }
            },
            Stage::AfterChannel => match self.x.next_tag()? {
                Some(t) => self.x.skip(&t)?,
                None => match self.x.next_tag()? {
                    None => self.stage = Stage::Done,
                    Some(t) => {
                        return Err(ImportError::Xml {
                            at: t.at,
                            problem: format!("a second root element {} after </rss>", t.display()),
                        })
                    }
                },
            },
            Stage::Done => {}
        }
        Ok(())
    }

    fn channel_child(&mut self, t: Tag) -> Result<()> {
        let x = &mut self.x;
        match (t.ns, t.local.as_str()) {
            (Ns::None, "title") => self.head.title = x.text(&t, Limit::FIELD)?,
            (Ns::None, "link") => self.head.link = x.text(&t, Limit::FIELD)?,
            (Ns::None, "language") => self.head.language = x.text(&t, Limit::FIELD)?,
            (Ns::Wp, "base_site_url") => self.head.base_site_url = x.text(&t, Limit::FIELD)?,
            (Ns::Wp, "base_blog_url") => self.head.base_blog_url = x.text(&t, Limit::FIELD)?,
            (Ns::Wp, "wxr_version") => {
                let v = x.text(&t, Limit::FIELD)?.trim().to_string();
                header::check_version(&v, t.at)?;
                self.head.version = Some(v);
            }
            (Ns::Wp, "author") => {
                let a = raw::author(x)?;
                self.head.authors.push(a);
            }
            (Ns::Wp, local @ ("category" | "tag" | "term")) => {
                let taxonomy = match local {
                    "category" => "category",
                    "tag" => "post_tag",
                    _ => "",
                };
                let term = raw::term(x, taxonomy)?;
                match term.taxonomy.as_str() {
                    "category" => self.head.categories.push(term),
                    "post_tag" => self.head.tags.push(term),
                    _ => self.head.other_terms += 1,
                }
            }
            (Ns::None, "item") => {
                if !self.head.sent {
                    self.finish_header(t.at)?;
                }
                let raw = raw::item(&mut self.x, t.at.line, self.validating)?;
                self.item(raw);
            }
            _ => x.skip(&t)?,
        }
        Ok(())
    }

    fn item(&mut self, raw: RawItem) {
        self.index.items += 1;
        let kind = match raw.post_type.as_str() {
            "post" => Some(ArticleKind::Article),
            "page" => Some(ArticleKind::Page),
            _ => None,
        };
        if self.validating {
            match kind {
                Some(ArticleKind::Article) => self.index.articles += 1,
                Some(ArticleKind::Page) => self.index.pages += 1,
                None if raw.post_type == "attachment" => self.index.add_attachment(&raw),
                None => {}
            }
            self.index.comments += raw.comments.len() as u64;
            return;
        }
        let Some(kind) = kind else {
            let (k, why) = match raw.post_type.as_str() {
                "attachment" => (ItemKind::Attachment, "a media file: posts keep referring to it by URL and photos are copied from the uploads folder".to_string()),
                "nav_menu_item" => (ItemKind::Other, "a menu item: menus are set up again in Cổng".into()),
                "revision" => (ItemKind::Other, "an old revision".into()),
                other => (ItemKind::Other, format!("post type \"{other}\" is not imported")),
            };
            self.report.skipped(
                k,
                format!("{} \"{}\"", raw.post_id, convert::plain_title(&raw.title)),
                why,
            );
            return;
        };
        self.ensure_refs(&raw);
        let mut ctx = Ctx {
            scheme: &self.scheme,
            index: &self.index,
            clock: &mut self.clock,
            report: &mut self.report,
        };
        let Some(article) = convert::article(&raw, kind, &mut ctx) else {
            return;
        };
        let comments = convert::comments(&raw, &mut ctx);
        self.queue.push_back(ImportItem::Article(Box::new(article)));
        self.queue
            .extend(comments.into_iter().map(ImportItem::Comment));
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<ImportItem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(Ok(item));
            }
            if self.failed || self.stage == Stage::Done {
                return None;
            }
            if let Err(e) = self.step() {
                self.failed = true;
                return Some(Err(e));
            }
        }
    }
}
