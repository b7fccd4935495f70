//! The WXR reader on broken, odd and large input: refusals with their line, split CDATA,
//! streaming.

mod common;

use std::fs::File;
use std::io::BufReader;

use common::*;
use cong_import::wxr::{self, Options, Reader};
use cong_import::ImportItem;

#[test]
fn bad_files_are_rejected_with_line_and_problem() {
    let e = rejected("importer-malformed.xml").to_string();
    assert_eq!(
        e,
        "line 27, column 1: expected <channel> inside <rss>, found <notachanneltag>"
    );
    let e = rejected("importer-missing-version-tag.xml");
    assert_eq!(e.line(), Some(89), "at </channel>: {e}");
    assert!(
        e.to_string()
            .contains("<wp:wxr_version> element is missing"),
        "{e}"
    );
    let e = rejected("importer-invalid-version-tag.xml").to_string();
    assert!(
        e.starts_with("line 33, column 2: the WXR version \"abc\""),
        "{e}"
    );
    let e = rejected("importer-crazy-cdata.xml").to_string();
    assert!(
        e.starts_with("line 18, column 70: the XML is not well-formed"),
        "{e}"
    );
    // The reader (not only the validator) refuses the same files before yielding articles.
    let items: Vec<_> =
        Reader::new(open("importer-invalid-version-tag.xml"), Options::default()).collect();
    assert!(items
        .iter()
        .all(|i| !matches!(i, Ok(ImportItem::Article(_)))));
    assert!(items.last().is_some_and(|r| r.is_err()));
}

#[test]
fn other_versions_and_foreign_xml_are_refused() {
    let v = r#"<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>2.0</wp:wxr_version></channel></rss>"#;
    let e = wxr::validate(v.as_bytes(), &Options::default())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "line 1, column 80: unsupported WXR version 2.0 (this importer reads 1.0 to 1.2)"
    );
    let e = wxr::validate(
        "<?xml version=\"1.0\"?>\n<feed/>".as_bytes(),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2, column 1: the root element is <feed>, not <rss>; is this a WordPress export?"
    );
    let cut = std::fs::read_to_string(path("importer-small-export.xml")).unwrap();
    let cut = &cut[..cut.len() / 2];
    let e = wxr::validate(cut.as_bytes(), &Options::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the file ends inside") && e.contains("(truncated file?)"),
        "{e}"
    );
}

#[test]
fn split_cdata_decodes_the_closing_sequence() {
    let (items, _, _) = import("importer-crazy-cdata-escaped.xml");
    let a = articles(&items)[0];
    // "<![CDATA[ tags ]]>" is a bogus comment in HTML (readers never saw it); had the split
    // "]]>" been decoded wrongly, the comment would have swallowed " :)" or left "]]" behind.
    assert_eq!(a.body_html, "<p>Content with nested  :)</p>\n");
}

/// A reader that says how much has been read, to show items come before the end of the file.
struct Counting<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<usize>>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n);
        Ok(n)
    }
}

#[test]
fn articles_stream_before_the_file_is_read() {
    let size = std::fs::metadata(path("themeunittestdata.wordpress.xml"))
        .unwrap()
        .len() as usize;
    let read = std::rc::Rc::new(std::cell::Cell::new(0));
    let file = File::open(path("themeunittestdata.wordpress.xml")).unwrap();
    let input = BufReader::with_capacity(
        8192,
        Counting {
            inner: file,
            read: read.clone(),
        },
    );
    let mut reader = Reader::new(input, Options::default());
    let first = reader
        .find(|i| matches!(i, Ok(ImportItem::Article(_))))
        .unwrap();
    assert!(first.is_ok());
    assert!(
        read.get() < size / 4,
        "read {} of {size} bytes before the first article",
        read.get()
    );
}
