//! From the importer's neutral items to the store's rows: slugs, states, bylines.

use cong_import::legacy::percent_decode;
use cong_import::{
    ArticleStatus, ImportArticle, ImportCategory, ImportComment, ImportPoll, ImportTag,
    ImportWebLink,
};
use cong_store::{
    ImportedArticle, ImportedCategory, ImportedComment, ImportedLink, ImportedPage, ImportedPoll,
    ImportedTag,
};

/// Order of imported pages: after the portal's own (the sample's are 0 to 9).
const PAGE_POSITION: i64 = 100;

/// A slug from the old one or, failing that, from the name; `fallback` when neither gives one.
pub fn slug(old: &str, name: &str, fallback: &str) -> String {
    let s = cong_text::slugify(&percent_decode(old));
    if !s.is_empty() {
        return s;
    }
    let s = cong_text::slugify(name);
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

/// A category; its slug never takes a first path segment the portal uses itself.
pub fn category(c: &ImportCategory) -> ImportedCategory {
    let mut slug = slug(&c.slug, &c.name, "chuyen-muc");
    if crate::urls::RESERVED.contains(&slug.as_str()) {
        slug.push_str("-1");
    }
    ImportedCategory {
        key: c.key.clone(),
        parent_key: c.parent_key.clone(),
        slug,
        name: c.name.clone(),
        description: c.description.clone(),
        position: c.position,
        legacy_paths: c.legacy_paths.clone(),
    }
}

/// A tag, or `None` when neither its slug nor its name gives a usable slug.
pub fn tag(t: &ImportTag) -> Option<ImportedTag> {
    let slug = slug(&t.slug, &t.name, "");
    (!slug.is_empty()).then(|| ImportedTag {
        key: t.key.clone(),
        slug,
        name: t.name.clone(),
        legacy_paths: t.legacy_paths.clone(),
    })
}

/// The portal's state for an old state: scheduled articles are published ones with a
/// publication time still to come.
pub fn status(s: ArticleStatus) -> &'static str {
    match s {
        ArticleStatus::Published | ArticleStatus::Scheduled => "published",
        ArticleStatus::Draft => "draft",
        ArticleStatus::PendingReview => "submitted",
        ArticleStatus::Private | ArticleStatus::Unpublished => "unpublished",
    }
}

/// An article in `category_id` with `tag_ids`, in state `status`, signed `byline`.
pub fn article(
    a: ImportArticle,
    category_id: i64,
    tag_ids: Vec<i64>,
    status: &str,
    byline: String,
) -> ImportedArticle {
    let clamp = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    // Only web addresses go into `<img src>`: not `data:` or `javascript:` from an old site.
    let web = |u: &str| u.starts_with("https://") || u.starts_with("http://") || u.starts_with('/');
    let (image_url, image_alt) = match a.lead_photo.filter(|p| web(&p.src)) {
        Some(p) => {
            let alt = if p.alt.is_empty() { p.caption } else { p.alt };
            (Some(p.src), alt)
        }
        None => (None, String::new()),
    };
    ImportedArticle {
        slug: slug(&a.slug, &a.title, ""),
        key: a.key,
        category_id,
        title: a.title,
        lead: a.lead,
        body_html: a.body_html,
        byline,
        source: a.source_url,
        image_url,
        image_alt,
        status: status.to_string(),
        featured: a.sticky,
        published_at: a.published_at,
        updated_at: a.updated_at.max(a.published_at),
        views: clamp(a.views),
        rating_total: clamp(a.rating_total),
        rating_count: clamp(a.rating_count),
        allow_comments: a.comments_open,
        tag_ids,
        legacy_paths: a.legacy_paths,
    }
}

/// A static page.
pub fn page(a: ImportArticle) -> ImportedPage {
    ImportedPage {
        slug: slug(&a.slug, &a.title, "trang"),
        key: a.key,
        title: a.title,
        body_html: a.body_html,
        position: PAGE_POSITION,
        updated_at: a.updated_at.max(a.published_at),
        legacy_paths: a.legacy_paths,
    }
}

/// A comment; a nameless one is signed "Khách" (guest), as NukeViet shows them.
pub fn comment(c: ImportComment) -> ImportedComment {
    let name = c.author_name.trim();
    ImportedComment {
        name: if name.is_empty() {
            "Khách".into()
        } else {
            name.into()
        },
        key: c.key,
        article_key: c.article_key,
        parent_key: c.parent_key,
        email: c.author_email,
        body: c.body,
        published: c.approved,
        created_at: c.created_at,
    }
}

/// A poll, or why it cannot be one.
pub fn poll(p: ImportPoll) -> Result<ImportedPoll, &'static str> {
    if p.options.len() < 2 {
        return Err("a poll needs at least two options");
    }
    if p.question.trim().is_empty() {
        return Err("the poll has no question");
    }
    Ok(ImportedPoll {
        key: p.key,
        question: p.question,
        max_choices: i64::from(p.max_choices.max(1)),
        opens_at: p.opens_at,
        closes_at: p.closes_at,
        active: p.active,
        options: p
            .options
            .into_iter()
            .map(|o| (o.title, i64::try_from(o.votes).unwrap_or(i64::MAX)))
            .collect(),
    })
}

/// A web link, or why it is left out.
pub fn web_link(l: ImportWebLink) -> Result<ImportedLink, &'static str> {
    if !l.active {
        return Err("hidden on the old site");
    }
    if !(l.url.starts_with("http://") || l.url.starts_with("https://")) {
        return Err("its address is not an http(s) URL");
    }
    Ok(ImportedLink {
        key: l.key,
        name: l.title,
        url: l.url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fall_back_and_avoid_reserved_segments() {
        assert_eq!(slug("Tin-tuc", "x", "y"), "tin-tuc");
        assert_eq!(slug("h%C3%A0-n%E1%BB%99i", "x", "y"), "ha-noi");
        assert_eq!(slug("", "Tiêm chủng", "y"), "tiem-chung");
        assert_eq!(slug("", "«»", "y"), "y");
        let c = ImportCategory {
            key: "k".into(),
            parent_key: None,
            name: "Tag".into(),
            slug: "tag".into(),
            description: String::new(),
            position: 0,
            hidden: false,
            legacy_paths: vec![],
        };
        assert_eq!(category(&c).slug, "tag-1");
    }
}
