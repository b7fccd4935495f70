//! Helpers shared by the integration tests: the shared test data, used in place.
#![allow(dead_code)]

use std::fs::File;
use std::io::BufReader;

use cong_import::wxr::{self, Options, Reader};
use cong_import::{ImportArticle, ImportComment, ImportError, ImportItem, Report};

/// A file of `../shared/testdata/<dir>/`.
pub fn data(dir: &str, name: &str) -> String {
    format!(
        "{}/../../../shared/testdata/{dir}/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A WordPress test file.
pub fn path(name: &str) -> String {
    data("wordpress", name)
}

pub fn open(name: &str) -> BufReader<File> {
    BufReader::new(File::open(path(name)).expect("test data in ../shared/testdata"))
}

/// Both passes, as `cong import wxr` drives them.
pub fn import(name: &str) -> (Vec<ImportItem>, Report, wxr::WxrIndex) {
    let index = wxr::validate(open(name), &Options::default()).expect("valid export");
    let mut reader = Reader::with_index(open(name), Options::default(), index.clone());
    let items: Vec<ImportItem> = (&mut reader).collect::<Result<_, _>>().expect("readable");
    (items, reader.into_report(), index)
}

pub fn articles(items: &[ImportItem]) -> Vec<&ImportArticle> {
    items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Article(a) => Some(&**a),
            _ => None,
        })
        .collect()
}

pub fn comments(items: &[ImportItem]) -> Vec<&ImportComment> {
    items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Comment(c) => Some(c),
            _ => None,
        })
        .collect()
}

pub fn by_title<'a>(items: &'a [ImportItem], title: &str) -> &'a ImportArticle {
    articles(items)
        .into_iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no {title}"))
}

pub fn rejected(name: &str) -> ImportError {
    wxr::validate(open(name), &Options::default()).expect_err("must be rejected")
}

/// Every key is used once per kind: what lets a re-run update instead of duplicating.
pub fn assert_unique_keys(items: &[ImportItem]) {
    let mut seen = std::collections::HashSet::new();
    for i in items {
        let key = match i {
            ImportItem::Author(a) => ("author", &a.key),
            ImportItem::Category(c) => ("category", &c.key),
            ImportItem::Tag(t) => ("tag", &t.key),
            ImportItem::Article(a) => ("article", &a.key),
            ImportItem::Comment(c) => ("comment", &c.key),
            ImportItem::Poll(p) => ("poll", &p.key),
            ImportItem::WebLink(l) => ("link", &l.key),
            ImportItem::Site(_) => continue,
        };
        assert!(seen.insert(key), "{key:?} twice");
    }
}
