//! The article form: what an editor sent, checked and turned into the fields the store keeps.
//! Whatever the client sends, the body is stored only as the allow-list keeps it.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use cong_store::ArticleFields;

use crate::participation::check::Posted;

/// Longest headline, in characters.
const TITLE_MAX: usize = 300;
/// Longest slug, in characters.
const SLUG_MAX: usize = 200;
/// Longest lead, in characters.
const LEAD_MAX: usize = 2000;
/// Longest byline, source or alt text, in characters.
const SHORT_MAX: usize = 300;
/// Most tags on one article.
const TAGS_MAX: usize = 20;
/// Longest tag, in characters.
const TAG_MAX: usize = 60;
/// Largest body once cleaned, in bytes (a long report with tables fits many times over).
pub const BODY_MAX: usize = 1024 * 1024;

/// Why a field was refused: the field's name and the UI string that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Form field name.
    pub field: &'static str,
    /// UI string key.
    pub key: &'static str,
    /// The photo the message is about (its file name replaces `{photo}` in the string).
    pub photo: Option<String>,
}

/// A field refused for the reason the UI string `key` gives.
pub fn refuse(field: &'static str, key: &'static str) -> FieldError {
    FieldError {
        field,
        key,
        photo: None,
    }
}

/// An article form, parsed: the fields as they would be stored, and what was wrong.
#[derive(Debug, Clone)]
pub struct ArticleForm {
    /// The fields (kept as typed where refused, so the form shows them again).
    pub fields: ArticleFields,
    /// The revision the edit started from (0 for a new article).
    pub base: i64,
    /// Problems, in the order of the form.
    pub errors: Vec<FieldError>,
    /// The body as sent differed from what the allow-list kept (something was removed).
    pub body_cleaned: bool,
}

/// A text field, trimmed, with its length checked.
fn text(form: &Posted, field: &'static str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = form.all(field).next().unwrap_or("").trim().to_string();
    if v.chars().count() > max {
        errors.push(refuse(field, "article_too_long"));
    }
    v
}

/// Reads the article form. `tz` is the site's zone (the form shows local times); `now` is the
/// default publication time.
pub fn parse(form: &Posted, tz: Tz, now: i64) -> ArticleForm {
    let mut errors = Vec::new();
    let title = text(form, "title", TITLE_MAX, &mut errors);
    if title.is_empty() {
        errors.push(refuse("title", "article_title_missing"));
    }
    let typed_slug = text(form, "slug", SLUG_MAX, &mut errors);
    let slug = cong_text::slugify(if typed_slug.is_empty() {
        &title
    } else {
        &typed_slug
    });
    if slug.is_empty() && !title.is_empty() {
        errors.push(refuse("slug", "article_slug_invalid"));
    }
    let lead = text(form, "lead", LEAD_MAX, &mut errors);
    let raw_body = form.all("body").next().unwrap_or("");
    // Zero-width spaces are the editor's caret placeholders, never the writer's text; a link
    // with no text is what pressing Enter at the end of a link leaves behind.
    let body_html = drop_empty_links(&cong_text::sanitize_html(raw_body).replace('\u{200B}', ""));
    if body_html.len() > BODY_MAX {
        errors.push(refuse("body", "article_body_too_long"));
    }
    // A photo a blind reader cannot be told about is not published (WCAG 1.1.1); the message
    // names it, so the writer knows which of several to fix.
    if let Some(src) = cong_import::content::photo_without_alt(&body_html) {
        let name = src.split(['?', '#']).next().unwrap_or("");
        let name = name.rsplit('/').next().unwrap_or("").to_string();
        errors.push(FieldError {
            photo: Some(name),
            ..refuse("body", "article_photo_alt_missing")
        });
    }
    let image_url = text(form, "image_url", 500, &mut errors);
    let image_url = if image_url.is_empty() {
        None
    } else {
        if !is_site_path(&image_url) {
            errors.push(refuse("image_url", "article_image_not_here"));
        }
        Some(image_url)
    };
    let image_alt = text(form, "image_alt", SHORT_MAX, &mut errors);
    if image_url.is_some() && image_alt.is_empty() {
        errors.push(refuse("image_alt", "article_lead_alt_missing"));
    }
    let category_id = form
        .get("category")
        .and_then(|c| c.parse::<i64>().ok())
        .unwrap_or(0);
    if category_id <= 0 {
        errors.push(refuse("category", "article_category_missing"));
    }
    let mut other_categories: Vec<i64> = form
        .all("other_categories")
        .filter_map(|c| c.parse::<i64>().ok())
        .filter(|c| *c > 0 && *c != category_id)
        .collect();
    other_categories.sort_unstable();
    other_categories.dedup();
    let tags = tags(form.get("tags").unwrap_or(""), &mut errors);
    let byline = text(form, "byline", SHORT_MAX, &mut errors);
    let source = text(form, "source", SHORT_MAX, &mut errors);
    let published_at = match form.get("publish_at") {
        None => now,
        Some(t) => local_time(t, tz).unwrap_or_else(|| {
            errors.push(refuse("publish_at", "article_time_invalid"));
            now
        }),
    };
    let expires_at = match form.get("expire_at").map(str::trim) {
        None | Some("") => None,
        Some(t) => match local_time(t, tz) {
            None => {
                errors.push(refuse("expire_at", "article_time_invalid"));
                None
            }
            Some(end) if end <= published_at => {
                errors.push(refuse("expire_at", "article_expiry_before_publish"));
                Some(end)
            }
            Some(end) => Some(end),
        },
    };
    let base = form
        .get("revision")
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let checked = |name| form.get(name).is_some();
    ArticleForm {
        body_cleaned: body_html.trim() != raw_body.replace('\u{200B}', "").trim(),
        fields: ArticleFields {
            title,
            slug,
            lead,
            body_html,
            image_url,
            image_alt,
            category_id,
            other_categories,
            tags,
            byline,
            source,
            published_at,
            expires_at,
            allow_comments: checked("allow_comments"),
            allow_rating: checked("allow_rating"),
            featured: checked("featured"),
        },
        base,
        errors,
    }
}

/// Removes links that hold nothing a reader could click (only spaces and line breaks), keeping
/// what they held. Works on the allow-list's output, whose markup is regular.
fn drop_empty_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<a ").or_else(|| rest.find("<a>")) {
        let Some(open_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(close) = rest[open_end..].find("</a>").map(|i| open_end + i) else {
            break;
        };
        let inner = &rest[open_end..close];
        out.push_str(&rest[..start]);
        if inner.replace("<br>", "").trim().is_empty() {
            out.push_str(inner);
        } else {
            out.push_str(&rest[start..close + 4]);
        }
        rest = &rest[close + 4..];
    }
    out.push_str(rest);
    out
}

/// Tags typed as a comma-separated list: trimmed, distinct (by slug), bounded.
fn tags(typed: &str, errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in typed.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if t.chars().count() > TAG_MAX {
            errors.push(refuse("tags", "article_tag_too_long"));
            continue;
        }
        let slug = cong_text::slugify(t);
        if !slug.is_empty() && !out.iter().any(|o| cong_text::slugify(o) == slug) {
            out.push(t.to_string());
        }
    }
    if out.len() > TAGS_MAX {
        errors.push(refuse("tags", "article_too_many_tags"));
        out.truncate(TAGS_MAX);
    }
    out
}

/// A path on this site (`/media/…`), not another site's address or a script.
fn is_site_path(url: &str) -> bool {
    url.starts_with('/')
        && !url.starts_with("//")
        && !url.contains('\\')
        && !url
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '"')
}

/// A `datetime-local` value (`2026-12-08T09:00`) in the site's zone, as Unix seconds.
pub fn local_time(value: &str, tz: Tz) -> Option<i64> {
    let t = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    tz.from_local_datetime(&t).earliest().map(|t| t.timestamp())
}

/// Unix seconds as a `datetime-local` value in the site's zone.
pub fn local_value(unix: i64, tz: Tz) -> String {
    tz.timestamp_opt(unix, 0)
        .single()
        .map(|t| t.format("%Y-%m-%dT%H:%M").to_string())
        .unwrap_or_default()
}

/// Names of the fields that differ between two versions, for the list of revisions.
pub fn changed(old: &ArticleFields, new: &ArticleFields) -> String {
    let mut names = Vec::new();
    let mut check = |differs: bool, name: &'static str| {
        if differs {
            names.push(name);
        }
    };
    check(old.title != new.title, "title");
    check(old.slug != new.slug, "slug");
    check(old.lead != new.lead, "lead");
    check(old.body_html != new.body_html, "body");
    check(
        old.image_url != new.image_url || old.image_alt != new.image_alt,
        "image",
    );
    check(
        old.category_id != new.category_id || old.other_categories != new.other_categories,
        "categories",
    );
    check(old.tags != new.tags, "tags");
    check(
        old.byline != new.byline || old.source != new.source,
        "byline",
    );
    check(old.published_at != new.published_at, "publish_at");
    check(old.expires_at != new.expires_at, "expire_at");
    check(
        old.allow_comments != new.allow_comments
            || old.allow_rating != new.allow_rating
            || old.featured != new.featured,
        "options",
    );
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        Posted::parse(&HeaderMap::new(), body.as_bytes())
    }

    const HCM: Tz = chrono_tz::Asia::Ho_Chi_Minh;

    #[test]
    fn a_form_becomes_clean_fields() {
        let f = parse(
            &posted(&[
                ("title", "  Đợt tiêm vắc xin sởi năm 2026 "),
                ("body", "<p onclick=\"x()\">Nội dung</p><script>alert(1)</script><a href=\"javascript:alert(2)\">x</a>"),
                ("category", "3"),
                ("other_categories", "3"),
                ("other_categories", "5"),
                ("other_categories", "5"),
                ("tags", "Vắc xin, vắc xin , Sởi,,"),
                ("publish_at", "2026-12-08T09:00"),
                ("allow_comments", "1"),
                ("revision", "4"),
            ]),
            HCM,
            0,
        );
        assert!(f.errors.is_empty(), "{:?}", f.errors);
        assert_eq!(f.fields.title, "Đợt tiêm vắc xin sởi năm 2026");
        assert_eq!(f.fields.slug, "dot-tiem-vac-xin-soi-nam-2026");
        assert_eq!(
            f.fields.body_html,
            "<p>Nội dung</p><a rel=\"noopener noreferrer\">x</a>"
        );
        assert!(f.body_cleaned);
        assert_eq!(f.fields.other_categories, [5]);
        assert_eq!(f.fields.tags, ["Vắc xin", "Sởi"]);
        // 09:00 in Hà Nội is 02:00 UTC.
        let utc = chrono::Utc.with_ymd_and_hms(2026, 12, 8, 2, 0, 0).unwrap();
        assert_eq!(f.fields.published_at, utc.timestamp());
        assert_eq!(local_value(f.fields.published_at, HCM), "2026-12-08T09:00");
        assert!(f.fields.allow_comments && !f.fields.allow_rating);
        assert_eq!(f.base, 4);
    }

    #[test]
    fn bad_fields_are_named() {
        let long = "a".repeat(301);
        let f = parse(
            &posted(&[
                ("title", &long),
                ("image_url", "https://ke-la.example/anh.jpg"),
                ("publish_at", "ngày mai"),
                ("tags", &"x".repeat(61)),
            ]),
            HCM,
            0,
        );
        let named: Vec<_> = f.errors.iter().map(|e| (e.field, e.key)).collect();
        assert!(named.contains(&("title", "article_too_long")), "{named:?}");
        assert!(named.contains(&("image_url", "article_image_not_here")));
        assert!(named.contains(&("category", "article_category_missing")));
        assert!(named.contains(&("publish_at", "article_time_invalid")));
        assert!(named.contains(&("tags", "article_tag_too_long")));
        let ends_first = parse(
            &posted(&[
                ("publish_at", "2026-12-08T09:00"),
                ("expire_at", "2026-12-08T09:00"),
            ]),
            HCM,
            0,
        );
        assert!(ends_first
            .errors
            .contains(&refuse("expire_at", "article_expiry_before_publish")));
        let no_alt = parse(
            &posted(&[
                ("body", "<p>Ảnh:</p><img src=\"/media/a.jpg\" alt=\"Trạm y tế\"><img src=\"/media/a.jpg\" alt=\" \">"),
                ("image_url", "/media/b.jpg"),
            ]),
            HCM,
            0,
        );
        let photo = no_alt.errors.iter().find(|e| e.field == "body").unwrap();
        assert_eq!(photo.key, "article_photo_alt_missing");
        assert_eq!(photo.photo.as_deref(), Some("a.jpg"));
        assert!(no_alt
            .errors
            .contains(&refuse("image_alt", "article_lead_alt_missing")));
        let bad_end = parse(&posted(&[("expire_at", "31/12/2026 <script>")]), HCM, 0);
        assert!(bad_end
            .errors
            .contains(&refuse("expire_at", "article_time_invalid")));
        assert_eq!(bad_end.fields.expires_at, None);
        let no_end = parse(&posted(&[("expire_at", " ")]), HCM, 0);
        assert_eq!(no_end.fields.expires_at, None);
        let empty = parse(&posted(&[]), HCM, 0);
        assert!(empty
            .errors
            .contains(&refuse("title", "article_title_missing")));
        for bad in ["//x.example/a.jpg", "/a b.jpg", "javascript:x", "/a\"b"] {
            assert!(!is_site_path(bad), "{bad}");
        }
        assert!(is_site_path("/media/anh/tiem-chung.jpg"));
    }

    #[test]
    fn links_with_nothing_to_click_go() {
        assert_eq!(
            drop_empty_links("<p><a href=\"/x\">đây</a></p><p><a href=\"/x\"><br></a></p><p><a href=\"/y\"> </a>z</p>"),
            "<p><a href=\"/x\">đây</a></p><p><br></p><p> z</p>"
        );
        assert_eq!(
            drop_empty_links("<p>không có liên kết</p>"),
            "<p>không có liên kết</p>"
        );
    }

    #[test]
    fn changed_names_what_differs() {
        let a = ArticleFields::default();
        let mut b = a.clone();
        b.title = "Mới".into();
        b.tags = vec!["x".into()];
        b.featured = true;
        assert_eq!(changed(&a, &b), "title, tags, options");
        assert_eq!(changed(&a, &a), "");
    }
}
