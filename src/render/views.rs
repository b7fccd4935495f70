//! The shapes templates receive (see the theme contract in `themes/README.md`).

use cong_store::{ArticleSummary, Tag};
use minijinja::{context, Value};
use serde::Serialize;

use crate::sitedata::SiteData;
use crate::state::App;
use crate::urls;

/// A name with a link.
#[derive(Serialize, Clone, Debug)]
pub struct LinkView {
    /// Text.
    pub name: String,
    /// Target.
    pub url: String,
}

/// A photo reference.
#[derive(Serialize, Clone, Debug)]
pub struct ImageView {
    /// Image URL.
    pub url: String,
    /// Alt text.
    pub alt: String,
}

/// An article in a list.
#[derive(Serialize, Clone, Debug)]
pub struct Card {
    /// Article id.
    pub id: i64,
    /// Headline.
    pub title: String,
    /// Canonical URL (site-relative).
    pub url: String,
    /// Lead paragraph.
    pub lead: String,
    /// Lead photo.
    pub image: Option<ImageView>,
    /// Publication time.
    pub published_at: i64,
    /// Its category.
    pub category: LinkView,
}

/// Paging links.
#[derive(Serialize, Clone, Debug)]
pub struct Pagination {
    /// Current page (1-based).
    pub page: u32,
    /// Number of pages.
    pub pages: u32,
    /// Previous page URL.
    pub prev_url: Option<String>,
    /// Next page URL.
    pub next_url: Option<String>,
}

impl Pagination {
    /// Paging for `total` items shown `per_page` at a time, with `url(n)` for page n.
    pub fn new(page: u32, total: i64, per_page: u32, url: impl Fn(u32) -> String) -> Pagination {
        let pages = (total.max(0) as u64).div_ceil(per_page as u64).max(1) as u32;
        Pagination {
            page,
            pages,
            prev_url: (page > 1).then(|| url(page - 1)),
            next_url: (page < pages).then(|| url(page + 1)),
        }
    }
}

/// A category as a link.
pub fn category_link(data: &SiteData, id: i64) -> LinkView {
    match data.category(id) {
        Some(c) => LinkView {
            name: c.name.clone(),
            url: urls::category(&c.slug, 1),
        },
        None => LinkView {
            name: String::new(),
            url: "/".into(),
        },
    }
}

/// The canonical URL of an article summary.
pub fn article_url(data: &SiteData, category_id: i64, slug: &str, id: i64) -> String {
    let cat = data.category(category_id).map_or("", |c| c.slug.as_str());
    urls::article(cat, slug, id)
}

/// Cards for a list of summaries.
pub fn cards(data: &SiteData, items: &[ArticleSummary]) -> Vec<Card> {
    items
        .iter()
        .map(|a| Card {
            id: a.id,
            title: a.title.clone(),
            url: article_url(data, a.category_id, &a.slug, a.id),
            lead: a.lead.clone(),
            image: a.image_url.as_ref().map(|u| ImageView {
                url: u.clone(),
                alt: a.image_alt.clone(),
            }),
            published_at: a.published_at,
            category: category_link(data, a.category_id),
        })
        .collect()
}

/// Tags as links.
pub fn tag_links(tags: &[Tag]) -> Vec<LinkView> {
    tags.iter()
        .map(|t| LinkView {
            name: t.name.clone(),
            url: urls::tag(&t.slug, 1),
        })
        .collect()
}

/// Breadcrumb from the home page through a category's ancestry.
pub fn crumbs(app: &App, data: &SiteData, category_id: Option<i64>) -> Vec<LinkView> {
    let mut out = vec![LinkView {
        name: app.text("home"),
        url: "/".into(),
    }];
    if let Some(id) = category_id {
        out.extend(data.ancestry(id).into_iter().map(|c| LinkView {
            name: c.name.clone(),
            url: urls::category(&c.slug, 1),
        }));
    }
    out
}

/// What every page states about itself.
pub struct PageMeta<'a> {
    /// Site-relative canonical path.
    pub path: &'a str,
    /// Page title, without the site name (empty for the home page).
    pub title: &'a str,
    /// Meta description (the site tagline when empty).
    pub description: &'a str,
    /// Category the page belongs to, for highlighting the menu.
    pub category: Option<i64>,
}

#[derive(Serialize)]
struct FeedLink {
    title: String,
    url: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct NavItem {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct CategoryNode {
    name: String,
    url: String,
    current: bool,
    children: Vec<CategoryNode>,
}

#[derive(Serialize)]
struct PollOptionView {
    id: i64,
    label: String,
}

#[derive(Serialize)]
struct PollView {
    id: i64,
    question: String,
    multiple: bool,
    max_choices: i64,
    options: Vec<PollOptionView>,
    results_url: String,
    open: bool,
}

/// The globals every page template expects: title, canonical link, feeds, menu and sidebar.
pub fn base_context(app: &App, data: &SiteData, meta: &PageMeta<'_>) -> Value {
    let site = &app.config.site;
    let page_title = if meta.title.is_empty() {
        format!("{} - {}", site.name, site.tagline)
    } else {
        format!("{} - {}", meta.title, site.short_name)
    };
    let description = if meta.description.is_empty() {
        format!("{} - {}", site.tagline, site.name)
    } else {
        meta.description.to_string()
    };
    let trail: Vec<String> = meta
        .category
        .map(|id| {
            data.ancestry(id)
                .iter()
                .map(|c| urls::category(&c.slug, 1))
                .collect()
        })
        .unwrap_or_default();
    let nav: Vec<NavItem> = data
        .menu
        .iter()
        .map(|m| NavItem {
            label: m.label.clone(),
            url: m.url.clone(),
            current: m.url == meta.path || trail.contains(&m.url),
        })
        .collect();
    let mut feeds = vec![
        FeedLink {
            title: format!("{} (RSS)", site.name),
            url: "/rss.xml".into(),
            kind: "rss",
        },
        FeedLink {
            title: format!("{} (Atom)", site.name),
            url: "/atom.xml".into(),
            kind: "atom",
        },
    ];
    if let Some(c) = meta.category.and_then(|id| data.category(id)) {
        feeds.push(FeedLink {
            title: format!("{} - {} (RSS)", c.name, site.short_name),
            url: format!("/{}/rss.xml", c.slug),
            kind: "rss",
        });
    }
    let now = app.now();
    let poll = data.poll.as_ref().map(|(p, opts)| PollView {
        id: p.id,
        question: p.question.clone(),
        multiple: p.multiple,
        max_choices: p.max_choices,
        options: opts
            .iter()
            .map(|o| PollOptionView {
                id: o.id,
                label: o.label.clone(),
            })
            .collect(),
        results_url: urls::poll(p.id),
        open: p.is_open(now),
    });
    let links: Vec<LinkView> = data
        .links
        .iter()
        .map(|l| LinkView {
            name: l.name.clone(),
            url: l.url.clone(),
        })
        .collect();
    context! {
        page_title,
        canonical => format!("{}{}", app.base_url, meta.path),
        meta_description => description,
        feeds,
        nav,
        sidebar => context! {
            categories => category_tree(data, None, &trail, 0),
            links,
            poll,
        },
    }
}

fn category_tree(
    data: &SiteData,
    parent: Option<i64>,
    trail: &[String],
    depth: usize,
) -> Vec<CategoryNode> {
    if depth > 4 {
        return Vec::new();
    }
    data.children(parent)
        .map(|c| {
            let url = urls::category(&c.slug, 1);
            CategoryNode {
                name: c.name.clone(),
                current: trail.last() == Some(&url),
                children: category_tree(data, Some(c.id), trail, depth + 1),
                url,
            }
        })
        .collect()
}
