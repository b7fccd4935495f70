//! What an import did, for the operator: counts per kind, every skip with its reason, photos
//! that could not be copied, and markup that had no clean equivalent.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// At most this many skips and missing photos are listed one by one; the rest are counted.
const MAX_LISTED: usize = 1000;

/// Kinds of things an import counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// Author accounts.
    Author,
    /// Categories.
    Category,
    /// Tags and topics.
    Tag,
    /// Articles.
    Article,
    /// Static pages.
    Page,
    /// Comments.
    Comment,
    /// Polls.
    Poll,
    /// Web links.
    WebLink,
    /// WordPress attachments (files are referenced by URL, not imported as items).
    Attachment,
    /// Anything else the export holds (menu items, revisions, custom post types, terms).
    Other,
}

/// Counts for one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Newly created.
    pub imported: u64,
    /// Already there from an earlier run, updated.
    pub updated: u64,
    /// Not imported (see the skip list for why).
    pub skipped: u64,
}

/// One thing not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skip {
    /// What kind of thing.
    pub kind: ItemKind,
    /// Its key or title in the source.
    pub what: String,
    /// Why, in plain words.
    pub reason: String,
}

/// The outcome of an import; readers fill in skips and markup notes, the writer the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Counts per kind.
    pub counts: BTreeMap<ItemKind, Counts>,
    /// Skipped things (the first 1,000; `skips_unlisted` counts the rest).
    pub skips: Vec<Skip>,
    /// Skips beyond the listed ones.
    pub skips_unlisted: u64,
    /// Photo URLs kept as they were because the file was not in the uploads folder.
    pub photos_missing: Vec<String>,
    /// Missing photos beyond the listed ones.
    pub photos_missing_unlisted: u64,
    /// Shortcodes and dynamic blocks with no clean HTML equivalent, by name, with counts.
    pub unsupported_markup: BTreeMap<String, u64>,
    /// Other things the operator should know (one line each).
    pub notes: Vec<String>,
}

impl Report {
    /// Counts one newly created item.
    pub fn imported(&mut self, kind: ItemKind) {
        self.counts.entry(kind).or_default().imported += 1;
    }

    /// Counts one item updated from an earlier run.
    pub fn updated(&mut self, kind: ItemKind) {
        self.counts.entry(kind).or_default().updated += 1;
    }

    /// Records an item not imported, with the reason.
    pub fn skipped(&mut self, kind: ItemKind, what: impl Into<String>, reason: impl Into<String>) {
        self.counts.entry(kind).or_default().skipped += 1;
        if self.skips.len() < MAX_LISTED {
            self.skips.push(Skip {
                kind,
                what: what.into(),
                reason: reason.into(),
            });
        } else {
            self.skips_unlisted += 1;
        }
    }

    /// Records a photo whose file was not found locally (its original URL was kept).
    pub fn photo_missing(&mut self, url: impl Into<String>) {
        if self.photos_missing.len() < MAX_LISTED {
            self.photos_missing.push(url.into());
        } else {
            self.photos_missing_unlisted += 1;
        }
    }

    /// Counts one shortcode or block that was dropped or simplified.
    pub fn unsupported(&mut self, name: &str) {
        *self.unsupported_markup.entry(name.to_string()).or_default() += 1;
    }

    /// Adds a note for the operator.
    pub fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    /// Counts for one kind (zero when nothing of that kind was seen).
    pub fn count(&self, kind: ItemKind) -> Counts {
        self.counts.get(&kind).copied().unwrap_or_default()
    }

    /// Folds another report (e.g. the reader's) into this one.
    pub fn merge(&mut self, other: Report) {
        for (kind, c) in other.counts {
            let mine = self.counts.entry(kind).or_default();
            mine.imported += c.imported;
            mine.updated += c.updated;
            mine.skipped += c.skipped;
        }
        for s in other.skips {
            if self.skips.len() < MAX_LISTED {
                self.skips.push(s);
            } else {
                self.skips_unlisted += 1;
            }
        }
        self.skips_unlisted += other.skips_unlisted;
        for p in other.photos_missing {
            self.photo_missing(p);
        }
        self.photos_missing_unlisted += other.photos_missing_unlisted;
        for (name, n) in other.unsupported_markup {
            *self.unsupported_markup.entry(name).or_default() += n;
        }
        self.notes.extend(other.notes);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (kind, c) in &self.counts {
            writeln!(
                f,
                "{kind:?}: {} imported, {} updated, {} skipped",
                c.imported, c.updated, c.skipped
            )?;
        }
        for s in &self.skips {
            writeln!(f, "skipped {:?} {}: {}", s.kind, s.what, s.reason)?;
        }
        if self.skips_unlisted > 0 {
            writeln!(f, "... and {} more skips", self.skips_unlisted)?;
        }
        for p in &self.photos_missing {
            writeln!(f, "photo not found locally, original URL kept: {p}")?;
        }
        if self.photos_missing_unlisted > 0 {
            writeln!(
                f,
                "... and {} more missing photos",
                self.photos_missing_unlisted
            )?;
        }
        for (name, n) in &self.unsupported_markup {
            writeln!(f, "markup without a clean equivalent: {name} ({n}x)")?;
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        Ok(())
    }
}
