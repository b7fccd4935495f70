//! From raw WXR elements to the neutral model: dates into UTC, statuses, keys, photos,
//! old URLs and cleaned bodies.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::raw::{RawComment, RawItem, RawTerm};
use super::scheme::LegacyScheme;
use super::WxrIndex;
use crate::content::{body_photos, clean_wordpress, decode_entities, html_to_text, Attachments};
use crate::legacy::{normalize_path, percent_decode, url_host, url_path};
use crate::model::*;
use crate::order::parents_first;
use crate::report::{ItemKind, Report};

/// Turns WordPress's local `post_date` into UTC when `post_date_gmt` is missing (drafts).
pub(crate) struct Clock {
    /// The zone given by the operator, if any; it wins over what the file suggests.
    pub zone: Option<Tz>,
    /// Offset (local minus UTC, seconds) seen on the last item that had both dates.
    pub seen_offset: Option<i64>,
    /// Used when neither of the above is known.
    pub fallback: Tz,
}

fn parse_wp_date(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if s.is_empty() || s.starts_with("0000-00-00") {
        return None;
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").ok()
}

impl Clock {
    /// Unix seconds for a local/GMT date pair as WordPress stores them.
    pub fn utc(&mut self, local: &str, gmt: &str) -> Option<i64> {
        let (l, g) = (parse_wp_date(local), parse_wp_date(gmt));
        if let (Some(l), Some(g)) = (l, g) {
            self.seen_offset = Some((l - g).num_seconds());
        }
        if let Some(g) = g {
            return Some(g.and_utc().timestamp());
        }
        let l = l?;
        let in_zone = |z: Tz| z.from_local_datetime(&l).earliest().map(|d| d.timestamp());
        match (self.zone, self.seen_offset) {
            (Some(z), _) => in_zone(z),
            (None, Some(off)) => Some(l.and_utc().timestamp() - off),
            (None, None) => in_zone(self.fallback),
        }
    }
}

/// Where a WordPress upload URL lives inside the uploads folder (`wp-content/uploads`).
pub fn upload_local(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let rel = if let Some((_, rest)) = path.split_once("/wp-content/uploads/") {
        rest.to_string()
    } else if url_host(url).is_some_and(|h| h.ends_with(".files.wordpress.com")) {
        url_path(path)?.trim_start_matches('/').to_string()
    } else if let Some((_, rest)) = path.split_once("/files/") {
        rest.to_string()
    } else {
        return None;
    };
    let rel = percent_decode(&rel);
    (!rel.is_empty() && !rel.split('/').any(|s| s == "..")).then_some(rel)
}

/// A login as WordPress allows them: stray `<`, `>` and blanks around it (seen in real
/// exports, e.g. `>themereviewteam`) are not part of it.
pub(crate) fn login(s: &str) -> &str {
    s.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace())
}

/// A title as plain text: markup dropped, references decoded, otherwise byte for byte.
pub(crate) fn plain_title(s: &str) -> String {
    if s.contains('<') {
        html_to_text(s)
    } else {
        decode_entities(s.trim()).into_owned()
    }
}

/// The attachments of one post, as the content cleaner sees them.
pub(crate) struct PostMedia<'a> {
    pub index: &'a WxrIndex,
    pub post: u64,
}

impl Attachments for PostMedia<'_> {
    fn by_id(&self, id: &str) -> Option<ImportPhoto> {
        self.index.photo(id.parse().ok()?)
    }
    fn of_post(&self) -> Vec<ImportPhoto> {
        self.index.photos_of(self.post)
    }
}

/// What conversion needs besides the raw item.
pub(crate) struct Ctx<'a> {
    pub scheme: &'a LegacyScheme,
    pub index: &'a WxrIndex,
    pub clock: &'a mut Clock,
    pub report: &'a mut Report,
}

fn status(raw: &RawItem) -> Result<ArticleStatus, &'static str> {
    Ok(match raw.status.as_str() {
        _ if !raw.post_password.is_empty() => ArticleStatus::Private,
        "publish" => ArticleStatus::Published,
        "future" => ArticleStatus::Scheduled,
        "draft" => ArticleStatus::Draft,
        "pending" => ArticleStatus::PendingReview,
        "private" => ArticleStatus::Private,
        "trash" => return Err("in the trash on the old site"),
        "auto-draft" => return Err("an automatic draft nobody saved"),
        _ => return Err("has a status WordPress does not publish"),
    })
}

/// Converts a post or page; `None` (with the reason in the report) when it is not imported.
pub(crate) fn article(raw: &RawItem, kind: ArticleKind, ctx: &mut Ctx) -> Option<ImportArticle> {
    let title = plain_title(&raw.title);
    let report_kind = if kind == ArticleKind::Page {
        ItemKind::Page
    } else {
        ItemKind::Article
    };
    let status = match status(raw) {
        Ok(s) => s,
        Err(why) => {
            ctx.report
                .skipped(report_kind, format!("{} \"{title}\"", raw.post_id), why);
            return None;
        }
    };
    if !raw.post_password.is_empty() {
        ctx.report.note(format!(
            "post {} \"{title}\" was password-protected; imported as private",
            raw.post_id
        ));
    }
    let published = ctx.clock.utc(&raw.post_date, &raw.post_date_gmt);
    let published_at = published
        .or_else(|| {
            chrono::DateTime::parse_from_rfc2822(raw.pub_date.trim())
                .ok()
                .map(|d| d.timestamp())
        })
        .unwrap_or(0);
    let updated_at = ctx
        .clock
        .utc(&raw.post_modified, &raw.post_modified_gmt)
        .unwrap_or(published_at);
    let media = PostMedia {
        index: ctx.index,
        post: raw.post_id,
    };
    let body_html = clean_wordpress(&raw.content, &media, ctx.report);
    let body_photos = body_photos(&body_html, upload_local);
    let lead_photo = raw
        .meta("_thumbnail_id")
        .and_then(|id| id.trim().parse().ok())
        .and_then(|id| ctx.index.photo(id));
    let (mut category_keys, mut tag_keys) = (Vec::new(), Vec::new());
    for t in &raw.terms {
        let list = match t.domain.as_str() {
            "category" => &mut category_keys,
            "post_tag" | "tag" => &mut tag_keys,
            _ => continue,
        };
        let key = term_key(&t.nicename, &t.name);
        if !key.is_empty() && !list.contains(&key) {
            list.push(key);
        }
    }
    Some(ImportArticle {
        key: raw.post_id.to_string(),
        kind,
        title,
        slug: percent_decode(raw.post_name.trim()),
        lead: html_to_text(&raw.excerpt),
        body_html,
        status,
        published_at,
        updated_at,
        expires_at: None,
        author_key: Some(login(&raw.creator).to_string()).filter(|l| !l.is_empty()),
        byline: String::new(),
        category_keys,
        tag_keys,
        parent_key: (kind == ArticleKind::Page && raw.post_parent != 0)
            .then(|| raw.post_parent.to_string()),
        lead_photo,
        body_photos,
        source_url: String::new(),
        views: 0,
        rating_total: 0,
        rating_count: 0,
        comments_open: raw.comment_status.trim() == "open",
        sticky: raw.is_sticky,
        legacy_paths: item_paths(raw, kind, ctx),
    })
}

/// The key of a term an item refers to: its slug, decoded (WXR 1.0 may give only the name).
pub(crate) fn term_key(nicename: &str, name: &str) -> String {
    if nicename.is_empty() {
        cong_text::slugify(name)
    } else {
        percent_decode(nicename.trim())
    }
}

fn item_paths(raw: &RawItem, kind: ArticleKind, ctx: &Ctx) -> Vec<String> {
    let mut paths = Vec::new();
    let mut add = |p: String| {
        if !paths.contains(&p) {
            paths.push(p);
        }
    };
    if let Some(p) = url_path(&raw.link) {
        add(p);
    }
    add(ctx.scheme.query_path(&format!("p={}", raw.post_id)));
    if kind == ArticleKind::Page {
        add(ctx.scheme.query_path(&format!("page_id={}", raw.post_id)));
    }
    for p in ctx.index.attachment_paths_of(raw.post_id) {
        add(p);
    }
    paths
}

/// Converts an item's comments, parents before replies; spam and trash are skipped.
pub(crate) fn comments(raw: &RawItem, ctx: &mut Ctx) -> Vec<ImportComment> {
    let mut kept: Vec<ImportComment> = Vec::new();
    for c in &raw.comments {
        match comment(c, raw.post_id, ctx.clock) {
            Ok(ic) => kept.push(ic),
            Err(why) => ctx.report.skipped(ItemKind::Comment, c.id.clone(), why),
        }
    }
    order_threads(kept)
}

fn comment(c: &RawComment, post: u64, clock: &mut Clock) -> Result<ImportComment, &'static str> {
    let approved = match c.approved.trim() {
        "1" | "approve" => true,
        "0" | "hold" => false,
        "spam" => return Err("marked as spam"),
        _ => return Err("in the trash on the old site"),
    };
    let parent = c.parent.trim();
    Ok(ImportComment {
        key: c.id.trim().to_string(),
        article_key: post.to_string(),
        parent_key: (!parent.is_empty() && parent != "0").then(|| parent.to_string()),
        author_name: decode_entities(c.author.trim()).into_owned(),
        author_email: c.email.trim().to_string(),
        author_url: c.url.trim().to_string(),
        body: html_to_text(&c.content),
        created_at: clock.utc(&c.date, &c.date_gmt).unwrap_or(0),
        approved,
        pingback: matches!(c.kind.trim(), "pingback" | "trackback"),
    })
}

/// Puts every comment after the one it replies to; a reply to a comment that is not there
/// (skipped as spam, say) becomes a top-level comment.
fn order_threads(comments: Vec<ImportComment>) -> Vec<ImportComment> {
    parents_first(
        comments,
        |c| c.key.clone(),
        |c| c.parent_key.clone(),
        |c| c.parent_key = None,
    )
}

/// Orders categories parents first; a parent the file does not define makes a root.
pub(crate) fn order_terms(terms: Vec<RawTerm>) -> Vec<RawTerm> {
    parents_first(
        terms,
        |t| term_key(&t.slug, &t.name),
        |t| Some(term_key(&t.parent, "")).filter(|p| !p.is_empty()),
        |t| t.parent.clear(),
    )
}

/// A category from the channel header, with its old URLs.
pub(crate) fn category(t: &RawTerm, chain: &[&str], scheme: &LegacyScheme) -> ImportCategory {
    let parent = term_key(&t.parent, "");
    ImportCategory {
        key: term_key(&t.slug, &t.name),
        parent_key: (!parent.is_empty()).then_some(parent),
        name: plain_title(&t.name),
        slug: term_key(&t.slug, &t.name),
        description: html_to_text(&t.description),
        position: 0,
        hidden: false,
        legacy_paths: scheme.category_paths(chain, t.term_id),
    }
}

/// A tag from the channel header, with its old URLs.
pub(crate) fn tag(t: &RawTerm, scheme: &LegacyScheme) -> ImportTag {
    let key = term_key(&t.slug, &t.name);
    ImportTag {
        legacy_paths: scheme.tag_paths(&key),
        slug: key.clone(),
        key,
        name: plain_title(&t.name),
        description: html_to_text(&t.description),
    }
}

/// The path of the blog's home, with a trailing slash.
pub(crate) fn base_path(url: &str) -> String {
    let p = url_path(url).unwrap_or_else(|| "/".into());
    let p = p.split('?').next().unwrap_or("/");
    let p = normalize_path(p);
    if p.ends_with('/') {
        p
    } else {
        format!("{p}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_dates_use_the_seen_offset_then_the_zone() {
        let mut c = Clock {
            zone: None,
            seen_offset: None,
            fallback: chrono_tz::Asia::Ho_Chi_Minh,
        };
        assert_eq!(
            c.utc("2020-01-01 07:00:00", "0000-00-00 00:00:00"),
            Some(1_577_836_800)
        );
        assert_eq!(
            c.utc("2020-01-01 02:00:00", "2020-01-01 00:00:00"),
            Some(1_577_836_800)
        );
        assert_eq!(c.utc("2020-01-01 02:00:00", ""), Some(1_577_836_800));
        assert_eq!(c.utc("", ""), None);
    }

    #[test]
    fn maps_upload_urls_into_the_uploads_folder() {
        assert_eq!(
            upload_local("https://so.gov.vn/wp-content/uploads/2020/05/%E1%BA%A3nh.jpg?w=300")
                .as_deref(),
            Some("2020/05/ảnh.jpg")
        );
        assert_eq!(
            upload_local("https://wpthemetestdata.files.wordpress.com/2013/03/a.jpg").as_deref(),
            Some("2013/03/a.jpg")
        );
        assert_eq!(upload_local("https://elsewhere.org/a.jpg"), None);
        assert_eq!(
            upload_local("https://x.org/wp-content/uploads/../../etc/passwd"),
            None
        );
    }
}
