//! Vietnamese text handling for Cổng: folding, slugs, dates, numbers and the HTML allow-list.
//! Pure functions, no I/O, so every layer above can share one definition of each rule.

mod dates;
mod fold;
mod numbers;
mod plain;
mod sanitize;
mod slug;

pub use dates::{format_date, format_datetime, iso8601, rfc2822, Locale};
pub use fold::fold_vi;
pub use numbers::group_thousands;
pub use plain::{count_links, plain_text_html};
pub use sanitize::sanitize_html;
pub use slug::slugify;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
