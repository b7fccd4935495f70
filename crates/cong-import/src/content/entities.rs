//! HTML character references, for turning titles, leads and comments into plain text.
//!
//! The table covers HTML 4's Latin-1 and typographic names plus the Vietnamese letters HTML 5
//! names; NukeViet's input filter writes numeric references, so unknown names are left as they
//! are rather than guessed at.

use std::borrow::Cow;

/// Names for U+00A0 to U+00FF, in code-point order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

const OTHER: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ndash", '\u{2013}'),
    ("mdash", '\u{2014}'),
    ("lsquo", '\u{2018}'),
    ("rsquo", '\u{2019}'),
    ("sbquo", '\u{201A}'),
    ("ldquo", '\u{201C}'),
    ("rdquo", '\u{201D}'),
    ("bdquo", '\u{201E}'),
    ("hellip", '\u{2026}'),
    ("bull", '\u{2022}'),
    ("lsaquo", '\u{2039}'),
    ("rsaquo", '\u{203A}'),
    ("dagger", '\u{2020}'),
    ("Dagger", '\u{2021}'),
    ("permil", '\u{2030}'),
    ("prime", '\u{2032}'),
    ("Prime", '\u{2033}'),
    ("trade", '\u{2122}'),
    ("euro", '\u{20AC}'),
    ("ensp", '\u{2002}'),
    ("emsp", '\u{2003}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200C}'),
    ("zwj", '\u{200D}'),
    ("lrm", '\u{200E}'),
    ("rlm", '\u{200F}'),
    ("larr", '\u{2190}'),
    ("uarr", '\u{2191}'),
    ("rarr", '\u{2192}'),
    ("darr", '\u{2193}'),
    ("harr", '\u{2194}'),
    ("minus", '\u{2212}'),
    ("Abreve", '\u{0102}'),
    ("abreve", '\u{0103}'),
    ("Dstrok", '\u{0110}'),
    ("dstrok", '\u{0111}'),
    ("Itilde", '\u{0128}'),
    ("itilde", '\u{0129}'),
    ("Utilde", '\u{0168}'),
    ("utilde", '\u{0169}'),
];

fn named(name: &str) -> Option<char> {
    if let Some(i) = LATIN1.iter().position(|n| *n == name) {
        return char::from_u32(0xA0 + i as u32);
    }
    OTHER.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

fn numeric(body: &str) -> Option<char> {
    let code = if let Some(h) = body.strip_prefix(['x', 'X']) {
        u32::from_str_radix(h, 16).ok()?
    } else {
        body.parse::<u32>().ok()?
    };
    // Browsers show U+FFFD for NUL, surrogates and out-of-range references; so do we.
    Some(
        char::from_u32(code)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}'),
    )
}

/// Decodes character references (`&amp;`, `&#33;`, `&#x002F;`); unknown names stay as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let end = tail
            .char_indices()
            .take(33)
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '#'))
            .map(|(i, c)| (i, c == ';'));
        let decoded = match end {
            Some((i, true)) if i > 0 => {
                let body = &tail[..i];
                let c = match body.strip_prefix('#') {
                    Some(num) => numeric(num),
                    None => named(body),
                };
                c.map(|c| (c, i + 1))
            }
            _ => None,
        };
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &tail[used..];
            }
            None => {
                out.push('&');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_nukeviet_title_references() {
        assert_eq!(
            decode_entities("NukeViet&#33; GD&amp;ĐT &#x002F; a&#x3A; &quot;b&quot; &#039;c&#039;"),
            "NukeViet! GD&ĐT / a: \"b\" 'c'"
        );
        assert_eq!(
            decode_entities("&agrave;&hellip;&nbsp;&dstrok;"),
            "à…\u{a0}đ"
        );
    }

    #[test]
    fn leaves_what_is_not_a_reference() {
        assert_eq!(
            decode_entities("a & b &unknown; &#xD800; &;"),
            "a & b &unknown; \u{FFFD} &;"
        );
        assert_eq!(decode_entities("AT&T"), "AT&T");
    }
}
