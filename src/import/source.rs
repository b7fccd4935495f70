//! The two formats behind one face: the validating pass, then a reader of items.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::Context;
use cong_import::{nukeviet, wxr, ImportItem, ImportSite, Report, SourceKind};

/// Which format a file is in, with its reading options.
#[derive(Clone, Debug)]
pub enum Format {
    /// A WordPress export.
    Wxr(wxr::Options),
    /// A NukeViet 4 MySQL dump.
    NukeViet(nukeviet::Options),
}

/// A file that passed the validating pass, ready to be read again for writing.
pub struct Checked {
    path: PathBuf,
    index: Index,
    /// Articles, pages and comments in the file (the progress bar's total).
    pub total: u64,
    /// One line on what the file holds.
    pub summary: String,
    /// The source's old-URL scheme, as JSON, for the redirects.
    pub scheme_json: String,
}

enum Index {
    Wxr(wxr::Options, Box<wxr::WxrIndex>),
    NukeViet(Box<nukeviet::DumpIndex>),
}

/// Reads the whole file once, checking it; nothing is written, so a broken file changes nothing.
pub fn check(path: &Path, format: &Format) -> anyhow::Result<Checked> {
    let open = || File::open(path).with_context(|| format!("opening {}", path.display()));
    let refused = || format!("{} was refused, nothing was imported", path.display());
    match format {
        Format::Wxr(opts) => {
            let index = wxr::validate(BufReader::new(open()?), opts).with_context(refused)?;
            Ok(Checked {
                path: path.to_path_buf(),
                total: index.articles + index.pages + index.comments,
                summary: format!(
                    "WordPress export (WXR {}): {} posts, {} pages, {} comments, {} attachments",
                    index.version,
                    index.articles,
                    index.pages,
                    index.comments,
                    index.attachments()
                ),
                scheme_json: serde_json::to_string(index.legacy_scheme())?,
                index: Index::Wxr(opts.clone(), Box::new(index)),
            })
        }
        Format::NukeViet(opts) => {
            let index = nukeviet::scan(open()?, opts).with_context(refused)?;
            Ok(Checked {
                path: path.to_path_buf(),
                total: index.articles + index.pages + index.comments,
                summary: format!(
                    "NukeViet dump ({}_{}): {} articles, {} pages, {} comments",
                    opts.prefix, opts.lang, index.articles, index.pages, index.comments
                ),
                scheme_json: serde_json::to_string(index.legacy_scheme())?,
                index: Index::NukeViet(Box::new(index)),
            })
        }
    }
}

/// The writing pass's reader.
pub enum Items {
    /// WordPress.
    Wxr(Box<wxr::Reader<BufReader<File>>>),
    /// NukeViet.
    NukeViet(Box<nukeviet::Reader<File>>),
}

impl Checked {
    /// Opens the file again for the writing pass.
    pub fn read(self) -> anyhow::Result<Items> {
        let file = File::open(&self.path)
            .with_context(|| format!("opening {} again", self.path.display()))?;
        Ok(match self.index {
            Index::Wxr(opts, index) => Items::Wxr(Box::new(wxr::Reader::with_index(
                BufReader::new(file),
                opts,
                *index,
            ))),
            Index::NukeViet(index) => {
                drop(file);
                Items::NukeViet(Box::new(nukeviet::Reader::open(&self.path, *index)?))
            }
        })
    }
}

impl Items {
    /// What the reader skipped and why.
    pub fn into_report(self) -> Report {
        match self {
            Items::Wxr(r) => r.into_report(),
            Items::NukeViet(r) => r.into_report(),
        }
    }
}

impl Iterator for Items {
    type Item = cong_import::Result<ImportItem>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Items::Wxr(r) => r.next(),
            Items::NukeViet(r) => r.next(),
        }
    }
}

/// The name an import goes by in `import_keys` and the settings: the system and the site, so
/// that running the same export again finds what the first run made.
pub fn source_name(site: &ImportSite) -> String {
    match site.source {
        SourceKind::Wxr => format!("wxr:{}", site.source_id),
        // Every NukeViet site is `nv4_vi` by default: the address, when given, tells them apart.
        SourceKind::NukeViet => match cong_import::legacy::url_host(&site.base_url) {
            Some(host) => format!("nukeviet:{}@{host}", site.source_id),
            None => format!("nukeviet:{}", site.source_id),
        },
    }
}
