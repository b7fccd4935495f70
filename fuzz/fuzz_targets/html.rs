//! The HTML that reaches readers: the sanitiser (`cong_text::sanitize_html`), the WordPress
//! body cleaner (block comments, shortcodes, paragraphs, then the sanitiser), the other
//! content converters, and the comment formatter, over arbitrary text.
//!
//! What is checked is what a browser would see: the output is tokenized as a browser does,
//! and every tag must be on the article allow-list, no attribute may run script or style, no
//! URL may have a scheme other than http, https, mailto or tel, and no comment or doctype may
//! remain. The sanitiser's output is also a fixed point: cleaning it again changes nothing
//! (see README.md for why that holds and what would break it).
#![no_main]

use std::cell::RefCell;

use cong_import::content::{
    autop, body_photos, clean_wordpress_body, decode_entities, html_to_text, rewrite_photo_srcs,
};
use cong_import::{ImportPhoto, Report};
use cong_text::{count_links, plain_text_html, sanitize_html};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use libfuzzer_sys::fuzz_target;

/// The article allow-list, written out again here on purpose: a change to the policy that
/// lets more through has to be made twice.
const ARTICLE_TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "span",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "code",
    "pre",
    "abbr",
    "small",
];

/// What comments may contain: line breaks and links.
const COMMENT_TAGS: &[&str] = &["a", "br"];

/// Attributes whose value is a URL a browser may follow or load.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "cite",
    "action",
    "formaction",
    "poster",
    "background",
    "srcset",
    "xlink:href",
    "ping",
    "longdesc",
    "usemap",
    "data",
];

const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Collects what a browser's tokenizer sees.
#[derive(Default)]
struct Seen(RefCell<Vec<Token>>);

impl TokenSink for Seen {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if !matches!(token, Token::ParseError(_) | Token::CharacterTokens(_)) {
            self.0.borrow_mut().push(token);
        }
        TokenSinkResult::Continue
    }
}

fn tokens(html: &str) -> Vec<Token> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tok = Tokenizer::new(Seen::default(), Default::default());
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.0.take()
}

/// The scheme a browser would use for this URL, if it has one.
fn scheme(url: &str) -> Option<String> {
    // Browsers drop tabs and newlines anywhere in a URL and C0 controls and spaces around it.
    let url: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    let end = url.find([':', '/', '?', '#'])?;
    let scheme = &url[..end];
    // Anything else before the colon is no scheme: the URL is a relative path.
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (url.as_bytes()[end] == b':' && valid).then(|| scheme.to_ascii_lowercase())
}

fn check_tag(tag: &Tag, allowed: &[&str], html: &str) {
    let name = &*tag.name;
    assert!(allowed.contains(&name), "<{name}> let through in {html:?}");
    for a in &tag.attrs {
        let attr = &*a.name.local;
        let prefixed = a.name.prefix.is_some() || attr.contains(':');
        assert!(
            !attr.starts_with("on") && !prefixed,
            "attribute {attr} on <{name}> let through in {html:?}"
        );
        assert!(
            !["style", "srcdoc", "formaction", "is", "xmlns"].contains(&attr),
            "attribute {attr} on <{name}> let through in {html:?}"
        );
        if URL_ATTRS.contains(&attr) {
            if let Some(s) = scheme(&a.value) {
                assert!(
                    SCHEMES.contains(&s.as_str()),
                    "{s}: URL in {attr} let through in {html:?}"
                );
            }
        }
    }
}

/// Asserts that `html` holds nothing a browser would run, style or load from elsewhere.
fn check_safe(html: &str, allowed: &[&str]) {
    for t in tokens(html) {
        match t {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => check_tag(&tag, allowed, html),
            Token::TagToken(tag) => {
                assert!(allowed.contains(&&*tag.name), "</{}> in {html:?}", tag.name)
            }
            Token::CommentToken(c) => panic!("comment {c:?} let through in {html:?}"),
            Token::DoctypeToken(_) => panic!("doctype let through in {html:?}"),
            _ => {}
        }
    }
}

fn photos() -> Vec<ImportPhoto> {
    vec![
        ImportPhoto {
            src: "https://example.org/wp-content/uploads/2024/01/a.jpg".into(),
            local: Some("2024/01/a.jpg".into()),
            alt: "Ảnh \"một\" <b>".into(),
            caption: "Chú thích & <i>nghiêng</i>".into(),
        },
        ImportPhoto {
            src: "javascript:alert(1)".into(),
            local: None,
            alt: String::new(),
            caption: String::new(),
        },
    ]
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let clean = sanitize_html(&text);
    check_safe(&clean, ARTICLE_TAGS);
    assert_eq!(
        sanitize_html(&clean),
        clean,
        "not a fixed point for {text:?}"
    );

    let mut report = Report::default();
    let body = clean_wordpress_body(&text, &photos(), &mut report);
    check_safe(&body, ARTICLE_TAGS);

    // The importer's later steps run on clean HTML and must keep it clean.
    let found = body_photos(&body, |src| {
        src.strip_prefix("https://").map(str::to_string)
    });
    let moved = rewrite_photo_srcs(&body, |src| {
        found
            .iter()
            .any(|p| p.src == src)
            .then(|| format!("/media/{}", src.len()))
    });
    check_safe(&moved, ARTICLE_TAGS);

    let _ = autop(&text);
    let _ = decode_entities(&text);
    let _ = html_to_text(&text);

    let comment = plain_text_html(&text);
    check_safe(&comment, COMMENT_TAGS);
    let _ = count_links(&text);
});
