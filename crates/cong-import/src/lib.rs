//! Importers for Cổng: a WordPress export (WXR) or a NukeViet MySQL dump in, a neutral stream
//! of [`ImportItem`]s out, with every old URL and a [`Report`]. Nothing here writes SQL: the
//! caller (the `cong import` command) feeds the items to the store.
//!
//! Both readers stream, so memory stays bounded however large the file: a WXR item is handed
//! over as soon as its `</item>` is read, a NukeViet article as soon as its row is read.
//!
//! Order of items, for both readers: one [`ImportItem::Site`], then authors, categories
//! (parents before children), tags, then articles (each WordPress article followed by its
//! comments, parents before replies; NukeViet comments after all articles), polls, web links.
//!
//! An import runs in two passes so a broken file changes nothing: first a validating pass
//! ([`wxr::validate`], [`nukeviet::scan`]) reads the whole file cheaply (no HTML cleaning) and
//! fails with the line and the problem; then the writing pass reads it again, using what the
//! first pass learnt (attachments, table layout).

pub mod content;
mod error;
pub mod legacy;
pub mod limits;
mod model;
pub mod nukeviet;
mod order;
mod report;
pub mod wxr;

pub use error::{ImportError, Position, Result};
pub use legacy::{normalize_path, LegacyTarget};
pub use model::{
    ArticleKind, ArticleStatus, ImportArticle, ImportAuthor, ImportCategory, ImportComment,
    ImportItem, ImportPhoto, ImportPoll, ImportPollOption, ImportSite, ImportTag, ImportWebLink,
    SourceKind,
};
pub use report::{Counts, ItemKind, Report, Skip};
