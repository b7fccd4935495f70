//! Per-item limits: an over-long post, field, value or row, or nesting deeper than any export
//! has, is refused by the validating pass with its line, and the readers never take in much
//! more than the limit while finding out. The files are generated as they are read, so the
//! tests hold no big input in memory.

use std::cell::Cell;
use std::io::{BufReader, Read};
use std::rc::Rc;

use cong_import::limits::{
    ITEM_RECORD_BYTES, MAX_BODY_BYTES, MAX_FIELD_BYTES, MAX_ITEM_BYTES, MAX_SQL_COLUMNS,
    MAX_SQL_ROW_BYTES, MAX_SQL_VALUE_BYTES, MAX_TEXT_BYTES, MAX_XML_ATTRIBUTES, MAX_XML_DEPTH,
    MAX_XML_PIECE_BYTES,
};
use cong_import::{nukeviet, wxr, ImportError, ImportItem};

/// A file made of parts, some of them one text repeated: read lazily, counting what was read.
struct Generated {
    parts: Vec<(Vec<u8>, usize)>,
    part: usize,
    offset: usize,
    read: Rc<Cell<usize>>,
}

impl Generated {
    fn new(parts: Vec<(&str, usize)>) -> (Self, Rc<Cell<usize>>) {
        let read = Rc::new(Cell::new(0));
        let g = Generated {
            parts: parts
                .into_iter()
                .map(|(s, n)| (s.as_bytes().to_vec(), s.len() * n))
                .collect(),
            part: 0,
            offset: 0,
            read: read.clone(),
        };
        (g, read)
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while let Some((unit, len)) = self.parts.get(self.part) {
            if self.offset == *len {
                self.part += 1;
                self.offset = 0;
                continue;
            }
            let n = buf.len().min(len - self.offset);
            for (i, b) in buf[..n].iter_mut().enumerate() {
                *b = unit[(self.offset + i) % unit.len()];
            }
            self.offset += n;
            self.read.set(self.read.get() + n);
            return Ok(n);
        }
        Ok(0)
    }
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Sở Y tế</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n";
const ITEM_HEAD: &str =
    "<item>\n<title>Bài dài</title>\n<wp:post_id>1</wp:post_id>\n<wp:post_type>post</wp:post_type>\n";
const TAIL: &str = "</item>\n</channel>\n</rss>\n";

/// Validates a generated export; the error, and how many bytes were read before it.
fn validate(parts: Vec<(&str, usize)>) -> (Result<wxr::WxrIndex, ImportError>, usize) {
    let (g, read) = Generated::new(parts);
    let r = wxr::validate(BufReader::new(g), &wxr::Options::default());
    (r, read.get())
}

/// A post whose body is `n` bytes of text (a multiple of 64).
fn body_parts(n: usize) -> Vec<(&'static str, usize)> {
    const UNIT: &str = "Sở Y tế báo lịch tiêm chủng ở trạm xã nhé!.<br>\n";
    assert_eq!(UNIT.len(), 64);
    vec![
        (HEAD, 1),
        (ITEM_HEAD, 1),
        ("<content:encoded><![CDATA[", 1),
        (UNIT, n / 64),
        ("]]></content:encoded>\n", 1),
        (TAIL, 1),
    ]
}

#[test]
fn a_body_over_the_limit_refuses_the_file_with_its_line() {
    let (r, _) = validate(body_parts(MAX_BODY_BYTES + 64));
    let e = r.expect_err("an over-long body is refused");
    assert_eq!(
        e.to_string(),
        "line 10, column 1: <content:encoded> holds more than 8 MiB of text, the limit for one \
         article body; shorten or remove it on the old site and export again"
    );
    // Exactly at the limit is fine.
    let (r, _) = validate(body_parts(MAX_BODY_BYTES));
    assert_eq!(r.expect("a body at the limit is read").articles, 1);
}

#[test]
fn a_huge_body_is_not_taken_in_beyond_the_limit() {
    for n in [MAX_BODY_BYTES * 3, MAX_XML_PIECE_BYTES * 2] {
        let (r, read) = validate(body_parts(n));
        let e = r.expect_err("refused").to_string();
        assert!(e.contains("<content:encoded> holds more than 8 MiB"), "{e}");
        assert!(
            read < MAX_BODY_BYTES + (1 << 20),
            "read {read} bytes of a {n}-byte body"
        );
    }
    // The reading pass on its own (no validation first) stops the same way.
    let (g, read) = Generated::new(body_parts(MAX_BODY_BYTES * 3));
    let mut reader = wxr::Reader::new(BufReader::new(g), wxr::Options::default());
    let e = reader
        .find_map(|i| i.err())
        .expect("the reader refuses it too");
    assert!(e.to_string().contains("holds more than 8 MiB"), "{e}");
    assert!(read.get() < MAX_BODY_BYTES + (1 << 20));
}

#[test]
fn text_in_elements_that_are_skipped_is_bounded_too() {
    let (r, read) = validate(vec![
        (HEAD, 1),
        ("<generator>", 1),
        ("x", MAX_XML_PIECE_BYTES * 2),
        ("</generator>\n", 1),
        (TAIL, 1),
    ]);
    let e = r.expect_err("refused").to_string();
    assert_eq!(
        e,
        "line 6, column 12: one piece of text or markup starting here, inside <generator> \
         opened at line 6, is longer than 16 MiB, the most the importer holds at once"
    );
    assert!(read < MAX_XML_PIECE_BYTES + (1 << 20), "read {read}");
}

#[test]
fn short_fields_comments_and_whole_items_have_limits() {
    let (r, _) = validate(vec![
        (HEAD, 1),
        ("<item>\n<title>", 1),
        ("a", MAX_FIELD_BYTES + 1),
        ("</title>\n", 1),
        (TAIL, 1),
    ]);
    assert_eq!(
        r.expect_err("long title").to_string(),
        "line 7, column 1: <title> holds more than 64 KiB of text, the limit for a title, \
         name, link, date or other short field; shorten or remove it on the old site and \
         export again"
    );
    let (r, _) = validate(vec![
        (HEAD, 1),
        (ITEM_HEAD, 1),
        ("<wp:comment>\n<wp:comment_content>", 1),
        ("b", MAX_TEXT_BYTES + 1),
        ("</wp:comment_content></wp:comment>\n", 1),
        (TAIL, 1),
    ]);
    let e = r.expect_err("long comment").to_string();
    assert!(
        e.starts_with("line 11, column 1: <wp:comment_content> holds more than 1 MiB"),
        "{e}"
    );
    // Empty comments cost something too, so a post cannot pile up millions of them.
    let (r, _) = validate(vec![
        (HEAD, 1),
        (ITEM_HEAD, 1),
        (
            "<wp:comment></wp:comment>\n",
            MAX_ITEM_BYTES / ITEM_RECORD_BYTES + 1,
        ),
        (TAIL, 1),
    ]);
    assert_eq!(
        r.expect_err("too many comments").to_string(),
        "line 6: this <item> holds more than 32 MiB with its comments, the limit for one \
         post; shorten or remove it on the old site and export again"
    );
}

fn nested(depth: usize) -> Vec<(&'static str, usize)> {
    vec![
        (HEAD, 1),
        ("<x>", depth),
        ("</x>", depth),
        ("\n</channel>\n</rss>\n", 1),
    ]
}

#[test]
fn deep_nesting_is_refused_with_its_line() {
    // The channel and rss are open already: 254 more reach the limit.
    let (r, _) = validate(nested(MAX_XML_DEPTH - 2));
    assert!(r.is_ok(), "{r:?}");
    let (r, _) = validate(nested(MAX_XML_DEPTH - 1));
    let column = 1 + (MAX_XML_DEPTH - 2) * 3;
    assert_eq!(
        r.expect_err("too deep").to_string(),
        format!(
            "line 6, column {column}: elements are nested more than 256 deep here (inside <x> \
             opened at line 6); a WordPress export nests 6 deep"
        )
    );
    let (r, read) = validate(nested(2_000_000));
    assert!(r.is_err());
    assert!(read < 1 << 20, "read {read}");
    // Inside a text field as well.
    let (r, _) = validate(vec![
        (HEAD, 1),
        (ITEM_HEAD, 1),
        ("<content:encoded>", 1),
        ("<b>", 1000),
        ("</b>", 1000),
        ("</content:encoded>\n", 1),
        (TAIL, 1),
    ]);
    let e = r.expect_err("too deep").to_string();
    assert!(e.contains("nested more than 256 deep"), "{e}");
}

#[test]
fn elements_with_thousands_of_attributes_are_refused() {
    let attrs: String = (0..=MAX_XML_ATTRIBUTES)
        .map(|i| format!(" a{i}=\"\""))
        .collect();
    let (r, _) = validate(vec![
        (HEAD, 1),
        ("<generator", 1),
        (&attrs, 1),
        ("/>\n", 1),
        (TAIL, 1),
    ]);
    let e = r.expect_err("too many attributes").to_string();
    assert!(
        e.starts_with("line 6, column 1: <generator> has more than 256 attributes"),
        "{e}"
    );
}

// ---- NukeViet dumps

const DUMP_HEAD: &str = "CREATE TABLE `nv4_vi_modules` (`title` varchar(50), `module_file` varchar(50), `module_data` varchar(50), `module_upload` varchar(50));
INSERT INTO `nv4_vi_modules` VALUES ('news','news','news','news');
CREATE TABLE `nv4_vi_news_cat` (`catid` int, `parentid` int, `title` varchar(250), `alias` varchar(250));
INSERT INTO `nv4_vi_news_cat` VALUES (1,0,'Tin tức','tin-tuc');
CREATE TABLE `nv4_vi_news_rows` (`id` int, `catid` int, `listcatid` varchar(255), `title` varchar(250), `alias` varchar(250), `status` int);
INSERT INTO `nv4_vi_news_rows` VALUES (1,1,'1','Bài','bai',1);
CREATE TABLE `nv4_vi_news_detail` (`id` int, `bodyhtml` longtext);
";

fn scan(parts: Vec<(&str, usize)>) -> (Result<nukeviet::DumpIndex, ImportError>, usize) {
    let (g, read) = Generated::new(parts);
    let r = nukeviet::scan(g, &nukeviet::Options::default());
    (r, read.get())
}

fn dump_with_body(n: usize) -> Vec<(&'static str, usize)> {
    vec![
        (DUMP_HEAD, 1),
        ("INSERT INTO `nv4_vi_news_detail` VALUES (1,'", 1),
        ("<p>Nội dung.</p>\\n", n / 20),
        ("');\n", 1),
    ]
}

#[test]
fn a_dump_body_over_the_limit_is_refused_without_holding_it() {
    assert_eq!("<p>Nội dung.</p>\\n".len(), 20);
    let (r, _) = scan(dump_with_body(MAX_SQL_VALUE_BYTES - 20));
    assert_eq!(r.expect("a body under the limit").articles, 1);
    let (r, read) = scan(dump_with_body(MAX_SQL_VALUE_BYTES * 3));
    assert_eq!(
        r.expect_err("an over-long body").to_string(),
        "line 8, column 44: a value longer than 8 MiB in INSERT INTO `nv4_vi_news_detail` \
         starts here, over the limit for one value (an article body); shorten or remove that \
         row on the old site and dump again"
    );
    assert!(read < MAX_SQL_VALUE_BYTES + (1 << 20), "read {read}");
}

#[test]
fn over_long_rows_in_tables_read_later_are_refused_by_the_scan() {
    const COMMENTS: &str = "CREATE TABLE `nv4_vi_comment` (`cid` int, `module` varchar(55), `id` int, `content` text, `post_name` varchar(100), `status` tinyint);\n";
    let body = (
        "INSERT INTO `nv4_vi_news_detail` VALUES (1,'<p>x</p>');\n",
        1,
    );
    // The comments table is only measured by the scan, not kept, yet refused there: the
    // second pass would hold its rows.
    let (r, _) = scan(vec![
        (DUMP_HEAD, 1),
        body,
        (COMMENTS, 1),
        ("INSERT INTO `nv4_vi_comment` VALUES (1,'news',1,'", 1),
        ("Hay quá! ", MAX_SQL_VALUE_BYTES / 10 + 1),
        ("','A',1);\n", 1),
    ]);
    let e = r.expect_err("an over-long comment").to_string();
    assert!(
        e.starts_with(
            "line 10, column 49: a value longer than 8 MiB in INSERT INTO `nv4_vi_comment`"
        ),
        "{e}"
    );
    // Several values under the limit that make a row over its own.
    let third = MAX_SQL_ROW_BYTES / 3 + 1;
    let (r, _) = scan(vec![
        (DUMP_HEAD, 1),
        body,
        (COMMENTS, 1),
        ("INSERT INTO `nv4_vi_comment` VALUES (1,'news',1,'", 1),
        ("a", third),
        ("','", 1),
        ("b", third),
        ("',", 1),
        ("9", third),
        (");\n", 1),
    ]);
    let e = r.expect_err("an over-long row").to_string();
    assert!(
        e.starts_with("line 10, column 37: a row of INSERT INTO `nv4_vi_comment` starting here holds more than 16 MiB"),
        "{e}"
    );
    // The same in a table the import never reads costs nothing and is no reason to refuse.
    let (r, _) = scan(vec![
        (DUMP_HEAD, 1),
        body,
        (
            "INSERT INTO `nv4_vi_laws_rows` (`id`, `note`) VALUES (1,'",
            1,
        ),
        ("c", MAX_SQL_VALUE_BYTES + 1),
        ("');\n", 1),
    ]);
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn rows_with_more_values_than_mysql_allows_are_refused() {
    let (r, _) = scan(vec![
        (DUMP_HEAD, 1),
        ("INSERT INTO `nv4_vi_other` VALUES (0", 1),
        (",0", MAX_SQL_COLUMNS),
        (");\n", 1),
    ]);
    let e = r.expect_err("too many values").to_string();
    assert!(
        e.contains("INSERT INTO `nv4_vi_other` has more than 4096 columns or values here"),
        "{e}"
    );
    let (r, _) = scan(vec![
        ("INSERT INTO `t` (", 1),
        ("c,", MAX_SQL_COLUMNS),
        ("d) VALUES (1);\n", 1),
    ]);
    assert!(r
        .expect_err("too many columns")
        .to_string()
        .contains("more than 4096"));
    let (r, read) = scan(vec![("SELECT", 1), ("X", 100 << 20), (";\n", 1)]);
    let e = r.expect_err("an endless word").to_string();
    assert!(
        e.starts_with("line 1, column 1: a name or keyword longer than 1 KiB starts here"),
        "{e}"
    );
    assert!(read < 1 << 20);
}

/// The second pass reads what the first accepted: a body just under the limit comes through.
#[test]
fn a_body_under_the_limit_is_imported_whole() {
    let mut dump = Vec::new();
    Generated::new(dump_with_body(MAX_SQL_VALUE_BYTES - 20))
        .0
        .read_to_end(&mut dump)
        .unwrap();
    let index = nukeviet::scan(&dump[..], &nukeviet::Options::default()).unwrap();
    let c = || std::io::Cursor::new(&dump[..]);
    let article = nukeviet::Reader::new(c(), c(), index)
        .find_map(|i| match i.unwrap() {
            ImportItem::Article(a) => Some(a),
            _ => None,
        })
        .unwrap();
    assert!(article.body_html.len() > MAX_SQL_VALUE_BYTES / 2);
}
