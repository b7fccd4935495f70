//! RSS 2.0 and Atom feeds (site and per category), sitemap.xml and robots.txt.

use axum::extract::State;
use axum::response::Response;
use minijinja::context;
use serde::Serialize;

use super::serve::{cached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views;
use crate::sitedata::SiteData;
use crate::state::AppState;
use crate::urls;

const RSS: &str = "application/rss+xml; charset=utf-8";
const ATOM: &str = "application/atom+xml; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

#[derive(Clone, Copy)]
enum Kind {
    Rss,
    Atom,
}

#[derive(Serialize)]
struct Item {
    title: String,
    url: String,
    lead: String,
    published_at: i64,
    category: String,
    author: String,
}

/// `GET /rss.xml`
pub async fn site_rss(State(app): State<AppState>, reader: Reader) -> Result<Response, AppError> {
    cached(&app, "/rss.xml", &reader, || render(&app, None, Kind::Rss)).await
}

/// `GET /atom.xml`
pub async fn site_atom(State(app): State<AppState>, reader: Reader) -> Result<Response, AppError> {
    cached(&app, "/atom.xml", &reader, || {
        render(&app, None, Kind::Atom)
    })
    .await
}

/// `GET /<category>/rss.xml`
pub async fn category_rss(
    app: AppState,
    slug: String,
    reader: Reader,
) -> Result<Response, AppError> {
    let key = format!("/{slug}/rss.xml");
    cached(&app, &key, &reader, || render(&app, Some(&slug), Kind::Rss)).await
}

/// `GET /<category>/atom.xml`
pub async fn category_atom(
    app: AppState,
    slug: String,
    reader: Reader,
) -> Result<Response, AppError> {
    let key = format!("/{slug}/atom.xml");
    cached(&app, &key, &reader, || {
        render(&app, Some(&slug), Kind::Atom)
    })
    .await
}

async fn render(app: &AppState, slug: Option<&str>, kind: Kind) -> Result<Output, AppError> {
    let data = app.site_data().await?;
    let now = app.now();
    let limit = app.config.reader.per_page as i64;
    let site = &app.config.site;
    let base = &app.base_url;
    let file = match kind {
        Kind::Rss => "rss.xml",
        Kind::Atom => "atom.xml",
    };
    let (items, title, link, description, self_path) = match slug {
        None => (
            app.store.latest_articles(now, 0, limit).await?,
            site.name.clone(),
            format!("{base}/"),
            site.tagline.clone(),
            format!("/{file}"),
        ),
        Some(slug) => {
            let cat = data.category_by_slug(slug).ok_or(AppError::NotFound)?;
            let ids = data.with_descendants(cat.id);
            (
                app.store
                    .articles_in_categories(&ids, now, 0, limit)
                    .await?,
                format!("{} - {}", cat.name, site.name),
                format!("{base}{}", urls::category(&cat.slug, 1)),
                cat.description.clone(),
                format!("/{}/{file}", cat.slug),
            )
        }
    };
    let updated = items.first().map_or(now, |a| a.published_at);
    let ctx = context! {
        channel => context! {
            title,
            link,
            description,
            self_url => format!("{base}{self_path}"),
            updated,
        },
        items => feed_items(app, &data, &items),
    };
    let (template, content_type) = match kind {
        Kind::Rss => ("feed_rss.xml", RSS),
        Kind::Atom => ("feed_atom.xml", ATOM),
    };
    Ok(Output::Page {
        text: app.renderer.render(template, ctx)?,
        content_type,
        viewed: None,
    })
}

fn feed_items(app: &AppState, data: &SiteData, items: &[cong_store::ArticleSummary]) -> Vec<Item> {
    items
        .iter()
        .map(|a| Item {
            title: a.title.clone(),
            url: format!(
                "{}{}",
                app.base_url,
                views::article_url(data, a.category_id, &a.slug, a.id)
            ),
            lead: a.lead.clone(),
            published_at: a.published_at,
            category: data
                .category(a.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            author: String::new(),
        })
        .collect()
}

#[derive(Serialize)]
struct UrlEntry {
    loc: String,
    lastmod: Option<i64>,
}

/// `GET /sitemap.xml`: home, categories, static pages, tags and every published article.
pub async fn sitemap(State(app): State<AppState>, reader: Reader) -> Result<Response, AppError> {
    cached(&app, "/sitemap.xml", &reader, || async {
        let data = app.site_data().await?;
        let base = &app.base_url;
        let now = app.now();
        let mut urls_out = vec![UrlEntry {
            loc: format!("{base}/"),
            lastmod: None,
        }];
        urls_out.extend(data.categories.iter().map(|c| UrlEntry {
            loc: format!("{base}{}", urls::category(&c.slug, 1)),
            lastmod: None,
        }));
        urls_out.extend(app.store.all_pages().await?.into_iter().map(|p| UrlEntry {
            loc: format!("{base}{}", urls::page(&p.slug)),
            lastmod: Some(p.updated_at),
        }));
        urls_out.extend(
            app.store
                .tags_in_use()
                .await?
                .into_iter()
                .map(|t| UrlEntry {
                    loc: format!("{base}{}", urls::tag(&t.slug, 1)),
                    lastmod: None,
                }),
        );
        urls_out.extend(
            app.store
                .sitemap_articles(now)
                .await?
                .into_iter()
                .map(|a| UrlEntry {
                    loc: format!(
                        "{base}{}",
                        views::article_url(&data, a.category_id, &a.slug, a.id)
                    ),
                    lastmod: Some(a.updated_at),
                }),
        );
        let text = app
            .renderer
            .render("sitemap.xml", context! { urls => urls_out })?;
        Ok(Output::Page {
            text,
            content_type: XML,
            viewed: None,
        })
    })
    .await
}

/// `GET /robots.txt`
pub async fn robots(State(app): State<AppState>, reader: Reader) -> Result<Response, AppError> {
    cached(&app, "/robots.txt", &reader, || async {
        let ctx = context! { sitemap_url => format!("{}/sitemap.xml", app.base_url) };
        let text = app.renderer.render("robots.txt", ctx)?;
        Ok(Output::Page {
            text,
            content_type: TEXT,
            viewed: None,
        })
    })
    .await
}
