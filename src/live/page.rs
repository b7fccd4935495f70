//! A rendered page with holes for live figures, filled on every request.
//!
//! Templates emit a marker (carrying a per-process nonce, so content cannot forge one) where a
//! live number goes; the rendered text is split at the markers once, and each request only
//! copies the parts and prints the current numbers between them.

use std::sync::Arc;

use bytes::Bytes;

use super::{RatingFigure, ViewCounter, Visits};
use crate::participation::Purpose;

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
    /// A single-use token for one form of the reader asking.
    Token(Purpose),
    /// Sum of an article's stars.
    RatingTotal(i64),
    /// Number of ratings of an article.
    RatingCount(i64),
    /// Average rating of an article, one decimal.
    RatingAverage(i64),
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
            Hole::Token(p) => format!("k{}", p.code()),
            Hole::RatingTotal(id) => format!("s{id}"),
            Hole::RatingCount(id) => format!("n{id}"),
            Hole::RatingAverage(id) => format!("a{id}"),
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
        "o" => return Some(Hole::Online),
        "d" => return Some(Hole::Today),
        "m" => return Some(Hole::Month),
        "t" => return Some(Hole::Total),
        _ => {}
    }
    let mut chars = code.chars();
    let kind = chars.next()?;
    let rest = chars.as_str();
    if kind == 'k' {
        let mut p = rest.chars();
        return match (p.next().and_then(Purpose::from_code), p.next()) {
            (Some(purpose), None) => Some(Hole::Token(purpose)),
            _ => None,
        };
    }
    let id: i64 = rest.parse().ok()?;
    match kind {
        'v' => Some(Hole::Views(id)),
        's' => Some(Hole::RatingTotal(id)),
        'n' => Some(Hole::RatingCount(id)),
        'a' => Some(Hole::RatingAverage(id)),
        _ => None,
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
    Token(Purpose),
    RatingTotal(Arc<RatingFigure>),
    RatingCount(Arc<RatingFigure>),
    RatingAverage(Arc<RatingFigure>),
}

/// What one request fills a page's holes with.
pub struct Fill<'a> {
    /// Visit counters.
    pub visits: &'a Visits,
    /// Thousands separator of the locale.
    pub thousands: char,
    /// Whether this request counts as a view of the page's article.
    pub count_view: bool,
    /// Makes a form token for the reader asking (called only for pages with forms).
    pub token: &'a mut dyn FnMut(Purpose) -> String,
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
    /// Builds a page from rendered text; `viewed` is the article counter a request to it bumps,
    /// `views_of` and `ratings_of` bind the live figures it shows.
    pub fn new(
        marker: &Marker,
        text: &str,
        content_type: &'static str,
        version: u64,
        viewed: Option<Arc<ViewCounter>>,
        views_of: impl Fn(i64) -> Arc<ViewCounter>,
        ratings_of: impl Fn(i64) -> Arc<RatingFigure>,
    ) -> CachedPage {
        let (parts, holes) = marker.split(text);
        let holes = holes
            .into_iter()
            .map(|h| match h {
                Hole::Online => Bound::Online,
                Hole::Today => Bound::Today,
                Hole::Month => Bound::Month,
                Hole::Total => Bound::Total,
                Hole::Views(id) => Bound::Views(views_of(id)),
                Hole::Token(p) => Bound::Token(p),
                Hole::RatingTotal(id) => Bound::RatingTotal(ratings_of(id)),
                Hole::RatingCount(id) => Bound::RatingCount(ratings_of(id)),
                Hole::RatingAverage(id) => Bound::RatingAverage(ratings_of(id)),
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

    /// Whether the page holds a form, so serving it needs a reader and a token.
    pub fn has_forms(&self) -> bool {
        self.holes.iter().any(|h| matches!(h, Bound::Token(_)))
    }

    /// Bytes held, for the cache's weigher.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Counts the view this request makes (if any) and prints the page with current figures.
    pub fn serve(&self, fill: &mut Fill<'_>) -> Bytes {
        if fill.count_view {
            if let Some(c) = &self.counts_view_of {
                c.hit();
            }
        }
        if self.holes.is_empty() {
            return self.parts.first().cloned().unwrap_or_default();
        }
        let sep = fill.thousands;
        let number = |n: u64| cong_text::group_thousands(n, sep);
        let mut out = Vec::with_capacity(self.size + 16 * self.holes.len());
        for (i, part) in self.parts.iter().enumerate() {
            out.extend_from_slice(part);
            let Some(h) = self.holes.get(i) else { continue };
            let text = match h {
                Bound::Online => number(fill.visits.online()),
                Bound::Today => number(fill.visits.today()),
                Bound::Month => number(fill.visits.month()),
                Bound::Total => number(fill.visits.total()),
                Bound::Views(c) => number(c.current()),
                Bound::Token(p) => (fill.token)(*p),
                Bound::RatingTotal(f) => number(f.get().0.max(0) as u64),
                Bound::RatingCount(f) => number(f.get().1.max(0) as u64),
                Bound::RatingAverage(f) => {
                    let (total, count) = f.get();
                    let decimal = if sep == '.' { ',' } else { '.' };
                    super::ratings::average(total, count, decimal)
                }
            };
            out.extend_from_slice(text.as_bytes());
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
        let ratings = super::super::RatingFigures::default();
        let page = CachedPage::new(
            &m,
            &text,
            "text/html",
            1,
            Some(c.clone()),
            |id| counters.handle(id, 0),
            |id| ratings.handle(id, 0, 0),
        );
        let visits = Visits::default();
        let serve = |sep, count_view| {
            let mut no_token = |_| unreachable!("no form on this page");
            page.serve(&mut Fill {
                visits: &visits,
                thousands: sep,
                count_view,
                token: &mut no_token,
            })
        };
        assert!(!page.has_forms());
        assert_eq!(&serve('.', true)[..], b"<p>1.000</p>");
        assert_eq!(&serve('.', false)[..], b"<p>1.000</p>");
        assert_eq!(&serve(',', true)[..], b"<p>1,001</p>");
    }

    #[test]
    fn fills_tokens_and_ratings_per_request() {
        let m = Marker::default();
        let counters = super::super::ViewCounters::default();
        let ratings = super::super::RatingFigures::default();
        ratings.handle(3, 9, 2);
        let text = format!(
            "{}|{}|{}|{}",
            m.text(&Hole::Token(Purpose::Rating)),
            m.text(&Hole::RatingTotal(3)),
            m.text(&Hole::RatingCount(3)),
            m.text(&Hole::RatingAverage(3))
        );
        assert_eq!(m.split(&text).1.len(), 4);
        let page = CachedPage::new(
            &m,
            &text,
            "text/html",
            1,
            None,
            |id| counters.handle(id, 0),
            |id| ratings.handle(id, 0, 0),
        );
        assert!(page.has_forms());
        let visits = Visits::default();
        let mut n = 0;
        let mut token = |p: Purpose| {
            n += 1;
            format!("{}{n}", p.code())
        };
        let mut fill = Fill {
            visits: &visits,
            thousands: '.',
            count_view: true,
            token: &mut token,
        };
        assert_eq!(&page.serve(&mut fill)[..], b"r1|9|2|4,5");
        ratings.set(3, 14, 3);
        assert_eq!(&page.serve(&mut fill)[..], b"r2|14|3|4,7");
    }
}
