//! A rendered page with holes for live figures, filled on every request.
//!
//! Templates emit a marker (carrying a per-process nonce, so content cannot forge one) where a
//! live number goes; the rendered text is split at the markers once, and each request only
//! copies the parts and prints the current numbers between them.

use std::sync::Arc;

use bytes::Bytes;

use super::{ViewCounter, Visits};

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// A live figure a page can show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hole {
    /// Readers online now.
    Online,
    /// Visits today.
    Today,
    /// Visits this month.
    Month,
    /// Visits in all.
    Total,
    /// Views of an article.
    Views(i64),
}

/// Makes and finds hole markers.
#[derive(Clone, Debug)]
pub struct Marker {
    nonce: String,
}

impl Default for Marker {
    fn default() -> Self {
        Marker {
            nonce: format!("{:016x}", rand::random::<u64>()),
        }
    }
}

impl Marker {
    /// The marker text for a hole.
    pub fn text(&self, hole: &Hole) -> String {
        let code = match hole {
            Hole::Online => "o".to_string(),
            Hole::Today => "d".to_string(),
            Hole::Month => "m".to_string(),
            Hole::Total => "t".to_string(),
            Hole::Views(id) => format!("v{id}"),
        };
        format!("{OPEN}{}{code}{CLOSE}", self.nonce)
    }

    /// Splits rendered text at its markers: n+1 parts around n holes.
    pub fn split(&self, text: &str) -> (Vec<Bytes>, Vec<Hole>) {
        let prefix = format!("{OPEN}{}", self.nonce);
        let mut parts = Vec::new();
        let mut holes = Vec::new();
        let mut current = String::new();
        let mut rest = text;
        while let Some(start) = rest.find(&prefix) {
            let after = &rest[start + prefix.len()..];
            let parsed = after
                .find(CLOSE)
                .and_then(|end| parse_code(&after[..end]).map(|h| (h, end)));
            match parsed {
                Some((hole, end)) => {
                    current.push_str(&rest[..start]);
                    parts.push(Bytes::from(std::mem::take(&mut current)));
                    holes.push(hole);
                    rest = &after[end + CLOSE.len_utf8()..];
                }
                None => {
                    // Not one of ours after all: keep it as text.
                    current.push_str(&rest[..start + prefix.len()]);
                    rest = after;
                }
            }
        }
        current.push_str(rest);
        parts.push(Bytes::from(current));
        (parts, holes)
    }
}

fn parse_code(code: &str) -> Option<Hole> {
    match code {
        "o" => Some(Hole::Online),
        "d" => Some(Hole::Today),
        "m" => Some(Hole::Month),
        "t" => Some(Hole::Total),
        _ => code
            .strip_prefix('v')
            .and_then(|id| id.parse().ok())
            .map(Hole::Views),
    }
}

/// A hole bound to the counter that fills it.
#[derive(Debug)]
enum Bound {
    Online,
    Today,
    Month,
    Total,
    Views(Arc<ViewCounter>),
}

/// A cached response: fixed parts, live holes, and what serving it counts.
#[derive(Debug)]
pub struct CachedPage {
    /// Content-Type header value.
    pub content_type: &'static str,
    /// Content version the page was rendered at.
    pub version: u64,
    parts: Vec<Bytes>,
    holes: Vec<Bound>,
    /// The article whose view this page counts.
    counts_view_of: Option<Arc<ViewCounter>>,
    size: usize,
}

impl CachedPage {
    /// Builds a page from rendered text; `viewed` is the article counter a request to it bumps.
    pub fn new(
        marker: &Marker,
        text: &str,
        content_type: &'static str,
        version: u64,
        viewed: Option<Arc<ViewCounter>>,
        views_of: impl Fn(i64) -> Option<Arc<ViewCounter>>,
    ) -> CachedPage {
        let (parts, holes) = marker.split(text);
        let holes = holes
            .into_iter()
            .map(|h| match h {
                Hole::Online => Bound::Online,
                Hole::Today => Bound::Today,
                Hole::Month => Bound::Month,
                Hole::Total => Bound::Total,
                Hole::Views(id) => match views_of(id) {
                    Some(c) => Bound::Views(c),
                    None => Bound::Total, // unreachable in practice: handlers bind views first
                },
            })
            .collect();
        let size = parts.iter().map(Bytes::len).sum();
        CachedPage {
            content_type,
            version,
            parts,
            holes,
            counts_view_of: viewed,
            size,
        }
    }

    /// Bytes held, for the cache's weigher.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Counts the view this request makes (if any) and prints the page with current figures.
    pub fn serve(&self, visits: &Visits, sep: char, count_view: bool) -> Bytes {
        if count_view {
            if let Some(c) = &self.counts_view_of {
                c.hit();
            }
        }
        if self.holes.is_empty() {
            return self.parts.first().cloned().unwrap_or_default();
        }
        let mut out = Vec::with_capacity(self.size + 16 * self.holes.len());
        for (i, part) in self.parts.iter().enumerate() {
            out.extend_from_slice(part);
            if let Some(h) = self.holes.get(i) {
                let n = match h {
                    Bound::Online => visits.online(),
                    Bound::Today => visits.today(),
                    Bound::Month => visits.month(),
                    Bound::Total => visits.total(),
                    Bound::Views(c) => c.current(),
                };
                out.extend_from_slice(cong_text::group_thousands(n, sep).as_bytes());
            }
        }
        Bytes::from(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_markers_only_with_our_nonce() {
        let m = Marker::default();
        let forged = format!("{OPEN}0000000000000000o{CLOSE}");
        let text = format!(
            "a{}b{}c{forged}",
            m.text(&Hole::Online),
            m.text(&Hole::Views(12))
        );
        let (parts, holes) = m.split(&text);
        assert_eq!(holes, vec![Hole::Online, Hole::Views(12)]);
        assert_eq!(parts.len(), 3);
        assert_eq!(&parts[2][..], format!("c{forged}").as_bytes());
    }

    #[test]
    fn serves_live_numbers() {
        let m = Marker::default();
        let counters = super::super::ViewCounters::default();
        let c = counters.handle(5, 999);
        let text = format!("<p>{}</p>", m.text(&Hole::Views(5)));
        let page = CachedPage::new(&m, &text, "text/html", 1, Some(c.clone()), |id| {
            Some(counters.handle(id, 0))
        });
        let visits = Visits::default();
        assert_eq!(&page.serve(&visits, '.', true)[..], b"<p>1.000</p>");
        assert_eq!(&page.serve(&visits, '.', false)[..], b"<p>1.000</p>");
        assert_eq!(&page.serve(&visits, ',', true)[..], b"<p>1,001</p>");
    }
}
