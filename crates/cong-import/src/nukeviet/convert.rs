//! From NukeViet rows to the neutral model: entities decoded, statuses mapped, photos located
//! in the uploads folder, keys and old URLs attached.

use super::scheme::{category_key, item_key, tag_key, LegacyScheme, ModuleScheme};
use super::sql::Row;
use super::table::Cols;
use crate::content::{body_photos, clean_html, decode_entities, html_to_text};
use crate::legacy::{percent_decode, url_host, url_path};
use crate::model::*;

/// Plain text from a field NukeViet stored HTML-escaped.
pub(crate) fn plain(s: &str) -> String {
    decode_entities(s.trim()).into_owned()
}

/// NukeViet `status` values (modules/news/language/admin_vi.php) in Cổng's terms.
pub(crate) fn news_status(status: i64) -> ArticleStatus {
    match status {
        1 => ArticleStatus::Published,
        2 => ArticleStatus::Scheduled,
        4 => ArticleStatus::Draft,
        5..=10 => ArticleStatus::PendingReview,
        // 0 stopped, 3 expired, 20+ locked because the category is disabled.
        _ => ArticleStatus::Unpublished,
    }
}

/// Where a URL used by the old site points inside its `uploads` folder, if it does.
pub(crate) fn upload_local(src: &str, domains: &[String]) -> Option<String> {
    let src = src.trim();
    let path = if src.starts_with('/') && !src.starts_with("//") {
        src.to_string()
    } else if src.starts_with("uploads/") {
        format!("/{src}")
    } else {
        let host = url_host(src)?;
        if !domains.iter().any(|d| d.eq_ignore_ascii_case(&host)) {
            return None;
        }
        url_path(src)?
    };
    let path = path.split(['?', '#']).next()?;
    let (_, rest) = path.split_once("/uploads/")?;
    let rest = percent_decode(rest);
    (!rest.is_empty() && !rest.split('/').any(|s| s == "..")).then_some(rest)
}

/// What converting a module's rows needs.
pub(crate) struct ModuleCtx<'a> {
    pub scheme: &'a LegacyScheme,
    pub module: &'a ModuleScheme,
    /// The module's folder under `uploads/`.
    pub upload: &'a str,
    /// The site's own host names (`my_domains`), to recognise its absolute URLs.
    pub domains: &'a [String],
}

pub(crate) fn category(c: &Cols, row: &Row, ctx: &ModuleCtx) -> ImportCategory {
    let data = &ctx.module.data;
    let parent = c.num(row, "parentid");
    let alias = c.str(row, "alias");
    let status = c.num(row, "status");
    let groups = c.str(row, "groups_view");
    let public = groups.is_empty() || groups.split(',').any(|g| g.trim() == "6");
    let description = c.get(row, "description").unwrap_or("");
    ImportCategory {
        key: category_key(data, c.num(row, "catid")),
        parent_key: (parent > 0).then(|| category_key(data, parent)),
        name: plain(c.str(row, "title")),
        slug: alias.to_string(),
        description: html_to_text(description),
        position: if c.has("sort") {
            c.num(row, "sort")
        } else {
            c.num(row, "weight")
        },
        hidden: status == 0 || status >= 10 || !public,
        legacy_paths: ctx.scheme.category_paths(ctx.module, alias),
    }
}

/// A tag (`section` "tag", table `_tags`) or a topic (`section` "topic", table `_topics`).
pub(crate) fn tag(c: &Cols, row: &Row, ctx: &ModuleCtx, section: &str) -> ImportTag {
    let id = if section == "tag" {
        c.num(row, "tid")
    } else {
        c.num(row, "topicid")
    };
    let alias = c.str(row, "alias");
    // 4.x tags often have an empty title and their words in `keywords`.
    let name = ["title", "keywords", "keyword"]
        .iter()
        .map(|col| c.str(row, col).trim())
        .find(|v| !v.is_empty())
        .map_or_else(|| alias.replace('-', " "), str::to_string);
    ImportTag {
        key: tag_key(&ctx.module.data, section, id),
        name: plain(&name),
        slug: alias.to_string(),
        description: html_to_text(c.str(row, "description")),
        legacy_paths: ctx.scheme.tag_paths(ctx.module, section, alias),
    }
}

fn photo(file: &str, kind: i64, alt: &str, ctx: &ModuleCtx) -> Option<ImportPhoto> {
    let file = file.trim();
    if file.is_empty() {
        return None;
    }
    let remote = kind == 3 || file.contains("://") || file.starts_with("//");
    let (src, local) = if remote {
        (file.to_string(), upload_local(file, ctx.domains))
    } else {
        let rel = format!("{}/{}", ctx.upload, file.trim_start_matches('/'));
        (format!("/uploads/{rel}"), Some(rel))
    };
    Some(ImportPhoto {
        src,
        local,
        alt: plain(alt),
        caption: plain(alt),
    })
}

/// A news article from its `_rows` row and `_detail` row.
pub(crate) fn article(
    c: &Cols,
    row: &Row,
    dc: &Cols,
    detail: &Row,
    cat_alias: impl Fn(i64) -> String,
    tags: Vec<String>,
    ctx: &ModuleCtx,
) -> ImportArticle {
    let data = &ctx.module.data;
    let id = c.num(row, "id");
    let catid = c.num(row, "catid");
    let mut category_keys = vec![category_key(data, catid)];
    for other in c
        .str(row, "listcatid")
        .split(',')
        .filter_map(|s| s.trim().parse::<i64>().ok())
    {
        let k = category_key(data, other);
        if other > 0 && !category_keys.contains(&k) {
            category_keys.push(k);
        }
    }
    let body = dc
        .get(detail, "bodyhtml")
        .or_else(|| dc.get(detail, "bodytext"))
        .unwrap_or("");
    let body_html = clean_html(body);
    let body_photos = body_photos(&body_html, |s| upload_local(s, ctx.domains));
    let alias = c.str(row, "alias");
    let publ = c.num(row, "publtime");
    let exp = c.num(row, "exptime");
    let admin = c.num(row, "admin_id");
    let comm = c.str(row, "allowed_comm").trim();
    ImportArticle {
        key: item_key(data, id),
        kind: ArticleKind::Article,
        title: plain(c.str(row, "title")),
        slug: alias.to_string(),
        lead: html_to_text(c.str(row, "hometext")),
        body_html,
        status: news_status(c.num(row, "status")),
        published_at: if publ > 0 {
            publ
        } else {
            c.num(row, "addtime")
        },
        updated_at: c.num(row, "edittime").max(publ),
        expires_at: (exp > 0).then_some(exp),
        author_key: (admin > 0).then(|| format!("user:{admin}")),
        byline: plain(c.str(row, "author")),
        category_keys,
        tag_keys: tags,
        parent_key: None,
        lead_photo: photo(
            c.str(row, "homeimgfile"),
            c.num(row, "homeimgthumb"),
            c.str(row, "homeimgalt"),
            ctx,
        ),
        body_photos,
        source_url: dc.str(detail, "sourcetext").trim().to_string(),
        views: c.num(row, "hitstotal").max(0) as u64,
        rating_total: c.num(row, "total_rating").max(0) as u64,
        rating_count: c.num(row, "click_rating").max(0) as u64,
        comments_open: !comm.is_empty() && comm != "0",
        sticky: false,
        legacy_paths: ctx
            .scheme
            .article_paths(ctx.module, &cat_alias(catid), alias, id),
    }
}

/// A static page from a page module's table.
pub(crate) fn page(c: &Cols, row: &Row, ctx: &ModuleCtx) -> ImportArticle {
    let body_html = clean_html(c.str(row, "bodytext"));
    let body_photos = body_photos(&body_html, |s| upload_local(s, ctx.domains));
    let alias = c.str(row, "alias");
    let added = c.num(row, "add_time");
    let image = c.str(row, "image");
    ImportArticle {
        key: item_key(&ctx.module.data, c.num(row, "id")),
        kind: ArticleKind::Page,
        title: plain(c.str(row, "title")),
        slug: alias.to_string(),
        lead: html_to_text(c.str(row, "description")),
        body_html,
        status: if c.num(row, "status") == 1 {
            ArticleStatus::Published
        } else {
            ArticleStatus::Unpublished
        },
        published_at: added,
        updated_at: c.num(row, "edit_time").max(added),
        expires_at: None,
        author_key: Some(c.num(row, "admin_id"))
            .filter(|a| *a > 0)
            .map(|a| format!("user:{a}")),
        byline: String::new(),
        category_keys: Vec::new(),
        tag_keys: Vec::new(),
        parent_key: None,
        lead_photo: photo(
            image,
            if image.contains("://") { 3 } else { 2 },
            c.str(row, "imagealt"),
            ctx,
        ),
        body_photos,
        source_url: String::new(),
        views: c.num(row, "hitstotal").max(0) as u64,
        rating_total: 0,
        rating_count: 0,
        comments_open: !matches!(c.str(row, "activecomm").trim(), "" | "0"),
        sticky: false,
        legacy_paths: ctx.scheme.page_paths(ctx.module, alias),
    }
}

/// A comment; `article_data` is the data name of the module it was posted in.
pub(crate) fn comment(c: &Cols, row: &Row, article_data: &str) -> ImportComment {
    let pid = c.num(row, "pid");
    ImportComment {
        key: format!("comment:{}", c.num(row, "cid")),
        article_key: item_key(article_data, c.num(row, "id")),
        parent_key: (pid > 0).then(|| format!("comment:{pid}")),
        author_name: plain(c.str(row, "post_name")),
        author_email: c.str(row, "post_email").trim().to_string(),
        author_url: String::new(),
        body: html_to_text(c.str(row, "content")),
        created_at: c.num(row, "post_time"),
        approved: c.num(row, "status") == 1,
        pingback: false,
    }
}

/// A user account that posted articles (its password is never read).
pub(crate) fn author(c: &Cols, row: &Row) -> ImportAuthor {
    let login = plain(c.str(row, "username"));
    let full = format!(
        "{} {}",
        plain(c.str(row, "last_name")),
        plain(c.str(row, "first_name"))
    );
    let full = full.trim();
    ImportAuthor {
        key: format!("user:{}", c.num(row, "userid")),
        display_name: if full.is_empty() {
            login.clone()
        } else {
            full.to_string()
        },
        login,
        email: c.str(row, "email").trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_uploads_on_the_site_only() {
        let d = vec!["localhost".to_string()];
        assert_eq!(
            upload_local("/uploads/news/2017_08/ptt.jpg", &d).as_deref(),
            Some("news/2017_08/ptt.jpg")
        );
        assert_eq!(
            upload_local("/nukeviet/uploads/about/w.png", &d).as_deref(),
            Some("about/w.png")
        );
        assert_eq!(
            upload_local("http://localhost/uploads/a%20b.jpg", &d).as_deref(),
            Some("a b.jpg")
        );
        assert_eq!(
            upload_local("http://dantri4.vcmedia.vn/uploads/x.jpg", &d),
            None
        );
        assert_eq!(upload_local("/uploads/../config.php", &d), None);
    }

    #[test]
    fn maps_every_status() {
        let s: Vec<_> = [0, 1, 2, 3, 4, 5, 10, 21]
            .into_iter()
            .map(news_status)
            .collect();
        use ArticleStatus::*;
        assert_eq!(
            s,
            [
                Unpublished,
                Published,
                Scheduled,
                Unpublished,
                Draft,
                PendingReview,
                PendingReview,
                Unpublished
            ]
        );
    }
}
