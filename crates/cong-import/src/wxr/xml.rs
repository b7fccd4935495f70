//! A thin cursor over quick-xml for the WXR reader: element-at-a-time navigation, text with
//! CDATA sections joined, namespace prefixes mapped by URI, and line numbers for every error.

use std::io::BufRead;

use quick_xml::events::Event;

use super::lines::{Lines, PieceTooLong};
use crate::error::{ImportError, Position, Result};
use crate::limits::{
    human, MAX_BODY_BYTES, MAX_FIELD_BYTES, MAX_TEXT_BYTES, MAX_XML_ATTRIBUTES, MAX_XML_DEPTH,
    MAX_XML_PIECE_BYTES,
};

/// How much text an element may hold, and what that limit is for (for the message).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit {
    pub bytes: usize,
    pub what: &'static str,
}

impl Limit {
    /// `content:encoded`.
    pub const BODY: Limit = Limit {
        bytes: MAX_BODY_BYTES,
        what: "one article body",
    };
    /// Excerpts, comments, descriptions, kept meta values.
    pub const TEXT: Limit = Limit {
        bytes: MAX_TEXT_BYTES,
        what: "an excerpt, comment, description or meta value",
    };
    /// Everything else.
    pub const FIELD: Limit = Limit {
        bytes: MAX_FIELD_BYTES,
        what: "a title, name, link, date or other short field",
    };
}

/// A buffer that grew past this for one big piece is dropped rather than kept for the rest
/// of the file.
const KEEP_BUF: usize = 1 << 20;

/// The namespaces a WXR file uses, recognised by URI so `http`/`https` and 1.0–1.2 all match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ns {
    /// No prefix (RSS elements).
    None,
    /// `wp:` (`…wordpress.org/export/1.x/`).
    Wp,
    /// `content:` (`content:encoded`).
    Content,
    /// `excerpt:` (`…/export/1.x/excerpt/`).
    Excerpt,
    /// `dc:` (`dc:creator`).
    Dc,
    /// Any other prefix.
    Other,
}

fn ns_of_uri(uri: &str) -> Ns {
    if uri.contains("wordpress.org/export/") {
        if uri.trim_end_matches('/').ends_with("excerpt") {
            Ns::Excerpt
        } else {
            Ns::Wp
        }
    } else if uri.contains("purl.org/rss/1.0/modules/content") {
        Ns::Content
    } else if uri.contains("purl.org/dc/elements/") {
        Ns::Dc
    } else {
        Ns::Other
    }
}

/// A start tag: its namespace, local name, attributes and line.
#[derive(Debug)]
pub(crate) struct Tag {
    pub ns: Ns,
    pub local: String,
    pub attrs: Vec<(String, String)>,
    /// `<x/>`: there is no content and no end tag to read.
    pub empty: bool,
    pub at: Position,
}

impl Tag {
    /// Whether this is `ns:local`.
    pub fn is(&self, ns: Ns, local: &str) -> bool {
        self.ns == ns && self.local == local
    }

    /// An attribute's value by (unprefixed) name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The name as written in the file, for messages.
    pub fn display(&self) -> String {
        display(self.ns, &self.local)
    }
}

/// `<prefix:local>` for messages.
fn display(ns: Ns, local: &str) -> String {
    let p = match ns {
        Ns::Wp => "wp:",
        Ns::Content => "content:",
        Ns::Excerpt => "excerpt:",
        Ns::Dc => "dc:",
        Ns::None | Ns::Other => "",
    };
    format!("<{p}{local}>")
}

/// Element-at-a-time reading of an XML document.
pub(crate) struct Cursor<R: BufRead> {
    xml: quick_xml::Reader<Lines<R>>,
    buf: Vec<u8>,
    prefixes: Vec<(Vec<u8>, Ns)>,
    /// Open elements (namespace, local name, line) for "ends inside" messages.
    open: Vec<(Ns, String, u64)>,
    /// Where the last event read started.
    last_start: u64,
}

impl<R: BufRead> Cursor<R> {
    pub fn new(input: R) -> Self {
        let mut xml = quick_xml::Reader::from_reader(Lines::new(input, MAX_XML_PIECE_BYTES));
        let cfg = xml.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        Cursor {
            xml,
            buf: Vec::with_capacity(64 * 1024),
            prefixes: Vec::new(),
            open: Vec::new(),
            last_start: 0,
        }
    }

    /// Learns namespace prefixes from `xmlns:*` attributes (WXR declares them all on `<rss>`).
    pub fn declare_namespaces(&mut self, tag: &Tag) {
        for (k, v) in &tag.attrs {
            if let Some(p) = k.strip_prefix("xmlns:") {
                self.prefixes.push((p.as_bytes().to_vec(), ns_of_uri(v)));
            }
        }
    }

    /// Where the last thing read (a tag, an end tag, the end of the file) starts.
    pub fn position(&self) -> Position {
        self.xml.get_ref().position(self.last_start)
    }

    fn xml_error(&self, e: quick_xml::Error) -> ImportError {
        if is_too_long(&e) {
            let inside = match self.open.last() {
                Some((ns, local, line)) => {
                    format!(", inside {} opened at line {line},", display(*ns, local))
                }
                None => String::new(),
            };
            return ImportError::Wxr {
                at: self.position(),
                problem: format!(
                    "one piece of text or markup starting here{inside} is longer than {}, \
                     the most the importer holds at once",
                    human(MAX_XML_PIECE_BYTES)
                ),
            };
        }
        let at = self.xml.get_ref().position(self.xml.error_position());
        ImportError::Xml {
            at,
            problem: e.to_string(),
        }
    }

    /// Notes an element as open, refusing nesting deeper than any export has.
    fn open_element(&mut self, tag: &Tag) -> Result<()> {
        if self.open.len() >= MAX_XML_DEPTH {
            let (ns, local, line) =
                self.open
                    .last()
                    .cloned()
                    .unwrap_or((Ns::None, String::new(), 0));
            return Err(ImportError::Wxr {
                at: tag.at,
                problem: format!(
                    "elements are nested more than {MAX_XML_DEPTH} deep here (inside {} opened \
                     at line {line}); a WordPress export nests 6 deep",
                    display(ns, &local)
                ),
            });
        }
        self.open.push((tag.ns, tag.local.clone(), tag.at.line));
        Ok(())
    }

    /// Hands a scratch buffer back, unless one big piece made it large.
    fn give_back(&mut self, buf: Vec<u8>) {
        if buf.capacity() <= KEEP_BUF {
            self.buf = buf;
        } else {
            self.buf = Vec::with_capacity(64 * 1024);
        }
    }

    fn bad(&self, at: Position, problem: impl Into<String>) -> ImportError {
        ImportError::Xml {
            at,
            problem: problem.into(),
        }
    }

    /// The next start tag inside the current element, or `None` once that element has ended.
    /// Text between elements is ignored; at the top level, `None` means the end of the file.
    pub fn next_tag(&mut self) -> Result<Option<Tag>> {
        let mut buf = std::mem::take(&mut self.buf);
        let r = self.next_tag_with(&mut buf);
        self.give_back(buf);
        r
    }

    fn next_tag_with(&mut self, buf: &mut Vec<u8>) -> Result<Option<Tag>> {
        let depth = self.open.len();
        loop {
            let start_pos = self.xml.buffer_position();
            self.xml.get_mut().mark(start_pos);
            self.last_start = start_pos;
            buf.clear();
            let ev = match self.xml.read_event_into(buf) {
                Ok(ev) => ev,
                Err(e) => return Err(self.xml_error(e)),
            };
            let (s, empty) = match ev {
                Event::Start(s) => (Some(s), false),
                Event::Empty(s) => (Some(s), true),
                other => {
                    if self.other_event(other, depth, start_pos)? {
                        return Ok(None);
                    }
                    (None, false)
                }
            };
            if let Some(s) = s {
                let tag = self.make_tag(&s, start_pos, empty)?;
                if !empty {
                    self.open_element(&tag)?;
                }
                return Ok(Some(tag));
            }
        }
    }

    /// Handles an event that is not a start tag; true when the current element has ended.
    fn other_event(&mut self, ev: Event, depth: usize, start_pos: u64) -> Result<bool> {
        match ev {
            Event::End(_) => {
                self.open.pop();
                return Ok(true);
            }
            Event::Eof => {
                if let Some((ns, local, line)) = self.open.last() {
                    let name = display(*ns, local);
                    let at = self.position();
                    return Err(self.bad(
                        at,
                        format!(
                            "the file ends inside {name} opened at line {line} (truncated file?)"
                        ),
                    ));
                }
                return Ok(true);
            }
            Event::Text(t) => {
                if t.contains(&b'>') && t.windows(3).any(|w| w == b"]]>") {
                    let at = self.text_error_at(start_pos, &t);
                    return Err(self.bad(at, "\"]]>\" outside a CDATA section"));
                }
                if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) {
                    let at = self.position();
                    return Err(self.bad(at, "text outside the root element"));
                }
            }
            _ => {}
        }
        Ok(false)
    }

    fn text_error_at(&self, start: u64, text: &[u8]) -> Position {
        let off = text.windows(3).position(|w| w == b"]]>").unwrap_or(0) as u64;
        self.xml.get_ref().position(start + off)
    }

    fn make_tag(&self, s: &quick_xml::events::BytesStart, start: u64, empty: bool) -> Result<Tag> {
        let at = self.xml.get_ref().position(start);
        let name = s.name();
        let (ns, local) = match name.as_ref().iter().position(|b| *b == b':') {
            Some(i) => {
                let prefix = &name.as_ref()[..i];
                let ns = self
                    .prefixes
                    .iter()
                    .find(|(p, _)| p == prefix)
                    .map_or(Ns::Other, |(_, ns)| *ns);
                (ns, &name.as_ref()[i + 1..])
            }
            None => (Ns::None, name.as_ref()),
        };
        let local = std::str::from_utf8(local)
            .map_err(|_| self.bad(at, "an element name is not valid UTF-8"))?
            .to_string();
        let mut attrs = Vec::new();
        for a in s.attributes() {
            if attrs.len() == MAX_XML_ATTRIBUTES {
                return Err(ImportError::Wxr {
                    at,
                    problem: format!(
                        "<{local}> has more than {MAX_XML_ATTRIBUTES} attributes; \
                         a WordPress export has a few"
                    ),
                });
            }
            let a = a.map_err(|e| self.bad(at, e.to_string()))?;
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .unescape_value()
                .map_err(|e| self.bad(at, e.to_string()))?;
            attrs.push((key, value.into_owned()));
        }
        Ok(Tag {
            ns,
            local,
            attrs,
            empty,
            at,
        })
    }

    /// The text content of `tag` (CDATA sections and references joined), consuming its end
    /// tag; child elements, which WXR text fields never have, are skipped. More than `limit`
    /// bytes of text refuse the file, and no more than that is ever held.
    pub fn text(&mut self, tag: &Tag, limit: Limit) -> Result<String> {
        let mut out = String::new();
        self.text_into(tag, Some(&mut out), Some(limit))?;
        Ok(out)
    }

    /// Checks the text of `tag` (well-formed, UTF-8, within `limit`) without keeping it, and
    /// says how many bytes it has.
    pub fn check(&mut self, tag: &Tag, limit: Limit) -> Result<usize> {
        self.text_into(tag, None, Some(limit))
    }

    /// Skips the content of `tag` and its end tag.
    pub fn skip(&mut self, tag: &Tag) -> Result<()> {
        self.text_into(tag, None, None).map(drop)
    }

    /// Reads the text of `tag` into `out` when given, counting it against `limit` when given;
    /// returns its length in bytes.
    fn text_into(
        &mut self,
        tag: &Tag,
        out: Option<&mut String>,
        limit: Option<Limit>,
    ) -> Result<usize> {
        if tag.empty {
            return Ok(0);
        }
        let mut buf = std::mem::take(&mut self.buf);
        let mut sink = String::new();
        let keep = out.is_some();
        // A piece longer than the limit cannot fit in it: stop the parser from taking it in.
        // The margin is for the CDATA markers around text that is exactly at the limit.
        if let Some(l) = limit {
            self.xml.get_mut().set_cap(l.bytes + 64);
        }
        let mut field = Field {
            keep,
            len: 0,
            limit,
        };
        let r = self.text_with(tag, &mut buf, out.unwrap_or(&mut sink), &mut field);
        self.xml.get_mut().set_cap(MAX_XML_PIECE_BYTES);
        self.give_back(buf);
        r.map(|()| field.len)
    }

    fn text_with(
        &mut self,
        tag: &Tag,
        buf: &mut Vec<u8>,
        out: &mut String,
        field: &mut Field,
    ) -> Result<()> {
        let depth = self.open.len();
        loop {
            let start_pos = self.xml.buffer_position();
            self.xml.get_mut().mark(start_pos);
            self.last_start = start_pos;
            buf.clear();
            let ev = match self.xml.read_event_into(buf) {
                Ok(ev) => ev,
                Err(e) if is_too_long(&e) && field.limit.is_some() => {
                    return Err(field.too_long(tag));
                }
                Err(e) => return Err(self.xml_error(e)),
            };
            let at = self.xml.get_ref().position(start_pos);
            match ev {
                Event::Text(t) => {
                    if t.windows(3).any(|w| w == b"]]>") {
                        return Err(self.bad(
                            self.text_error_at(start_pos, &t),
                            "\"]]>\" outside a CDATA section",
                        ));
                    }
                    let t = utf8(&t).map_err(|e| self.bad(at, e))?;
                    if self.open.len() == depth {
                        field.add(t, out, tag)?;
                    }
                }
                Event::CData(c) => {
                    let c = utf8(&c).map_err(|e| self.bad(at, e))?;
                    if self.open.len() == depth {
                        field.add(c, out, tag)?;
                    }
                }
                Event::GeneralRef(r) => {
                    let c = resolve_ref(&r).ok_or_else(|| {
                        let name = String::from_utf8_lossy(&r).into_owned();
                        self.bad(at, format!("unknown entity &{name};"))
                    })?;
                    if self.open.len() == depth {
                        field.add(c.encode_utf8(&mut [0; 4]), out, tag)?;
                    }
                }
                Event::Start(s) => {
                    let child = self.make_tag(&s, start_pos, false)?;
                    self.open_element(&child)?;
                }
                Event::Empty(_) => {}
                Event::End(_) => {
                    self.open.pop();
                    if self.open.len() < depth {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    let at = self.position();
                    let (ns, local, line) =
                        self.open
                            .last()
                            .cloned()
                            .unwrap_or((Ns::None, String::new(), 0));
                    let name = display(ns, &local);
                    return Err(self.bad(
                        at,
                        format!(
                            "the file ends inside {name} opened at line {line} (truncated file?)"
                        ),
                    ));
                }
                _ => {}
            }
        }
    }
}

/// The text of one element as it is read: how much so far, against which limit.
struct Field {
    keep: bool,
    len: usize,
    limit: Option<Limit>,
}

impl Field {
    fn add(&mut self, text: &str, out: &mut String, tag: &Tag) -> Result<()> {
        self.len += text.len();
        if self.limit.is_some_and(|l| self.len > l.bytes) {
            return Err(self.too_long(tag));
        }
        if self.keep {
            out.push_str(text);
        }
        Ok(())
    }

    fn too_long(&self, tag: &Tag) -> ImportError {
        let l = self.limit.unwrap_or(Limit::BODY);
        ImportError::Wxr {
            at: tag.at,
            problem: format!(
                "{} holds more than {} of text, the limit for {}; shorten or remove it on the \
                 old site and export again",
                tag.display(),
                human(l.bytes),
                l.what
            ),
        }
    }
}

/// Whether the parser stopped because one piece of XML ran past the cap.
fn is_too_long(e: &quick_xml::Error) -> bool {
    matches!(e, quick_xml::Error::Io(io) if io.get_ref().is_some_and(|i| i.is::<PieceTooLong>()))
}

/// Text bytes as UTF-8; checked with SIMD because bodies are most of a WXR file and
/// Vietnamese text is mostly multi-byte, where the standard check is slowest.
fn utf8(bytes: &[u8]) -> std::result::Result<&str, String> {
    simdutf8::basic::from_utf8(bytes).map_err(|_| {
        let at = bytes.utf8_chunks().next().map_or(0, |c| c.valid().len());
        format!("invalid UTF-8 (byte {at} of this text); WXR files are UTF-8")
    })
}

/// A character or predefined entity reference; `None` for anything XML does not define.
fn resolve_ref(r: &quick_xml::events::BytesRef) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    Some(match r.as_ref() {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(s: &str) -> Cursor<&[u8]> {
        Cursor::new(s.as_bytes())
    }

    #[test]
    fn joins_split_cdata_and_references() {
        let mut x = cursor("<a>\n<b><![CDATA[x]]]]><![CDATA[>y]]> &amp; &#x1F680;</b></a>");
        let a = x.next_tag().unwrap().unwrap();
        assert_eq!(a.local, "a");
        let b = x.next_tag().unwrap().unwrap();
        assert_eq!(b.at, Position { line: 2, column: 1 });
        assert_eq!(x.text(&b, Limit::FIELD).unwrap(), "x]]>y & \u{1F680}");
        assert!(x.next_tag().unwrap().is_none());
    }

    #[test]
    fn reports_lines_of_errors() {
        let mut x = cursor("<a>\n<b>\n</c></a>");
        x.next_tag().unwrap();
        let b = x.next_tag().unwrap().unwrap();
        let e = x.text(&b, Limit::FIELD).unwrap_err().to_string();
        assert!(
            e.starts_with("line 3, column 1: the XML is not well-formed"),
            "{e}"
        );
        let mut x = cursor("<a>\n<b>text");
        x.next_tag().unwrap();
        let e = x
            .next_tag()
            .unwrap()
            .map(|b| x.text(&b, Limit::FIELD))
            .unwrap()
            .unwrap_err()
            .to_string();
        assert!(e.contains("ends inside <b> opened at line 2"), "{e}");
        let mut x = cursor("<a>&nbsp;</a>");
        let a = x.next_tag().unwrap().unwrap();
        assert!(x
            .text(&a, Limit::FIELD)
            .unwrap_err()
            .to_string()
            .contains("unknown entity &nbsp;"));
    }
}
