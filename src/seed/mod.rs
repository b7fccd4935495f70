//! The sample portal a first start fills an empty database with, and a generator of many
//! articles for benchmarks. The text is original Vietnamese written for Cổng.

pub mod photos;

use std::path::Path;

use anyhow::Context;
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use cong_store::{NewArticle, NewCategory, NewPage, NewPoll, Store};
use cong_text::{escape_html, sanitize_html, slugify};
use serde::Deserialize;

const CONTENT: &str = include_str!("content.toml");
/// Setting that records that the sample was loaded (so it is never loaded twice).
const SEEDED_KEY: &str = "sample_content_loaded_at";

#[derive(Deserialize)]
struct Content {
    categories: Vec<CategoryIn>,
    articles: Vec<ArticleIn>,
    pages: Vec<PageIn>,
    menu: Vec<MenuIn>,
    links: Vec<MenuIn>,
    poll: PollIn,
}

#[derive(Deserialize)]
struct CategoryIn {
    slug: String,
    name: String,
    description: String,
    parent: String,
}

#[derive(Deserialize, Clone)]
struct PhotoIn {
    image: String,
    caption: String,
    credit: String,
    alt: String,
}

#[derive(Deserialize, Clone)]
struct ArticleIn {
    title: String,
    category: String,
    published: String,
    lead: String,
    paragraphs: Vec<String>,
    photo: PhotoIn,
    photo2: Option<PhotoIn>,
    byline: String,
    #[serde(default)]
    source: String,
    tags: Vec<String>,
    #[serde(default)]
    featured: bool,
}

#[derive(Deserialize)]
struct PageIn {
    slug: String,
    title: String,
    paragraphs: Vec<String>,
}

#[derive(Deserialize)]
struct MenuIn {
    #[serde(alias = "name")]
    label: String,
    url: String,
}

#[derive(Deserialize)]
struct PollIn {
    question: String,
    multiple: bool,
    max_choices: i64,
    options: Vec<String>,
}

fn content() -> anyhow::Result<Content> {
    toml::from_str(CONTENT).context("built-in sample content")
}

fn photo_url(key: &str) -> String {
    format!("/media/mau/{key}.jpg")
}

fn figure(p: &PhotoIn) -> String {
    let (w, h) = photos::PHOTO_SIZE;
    format!(
        "<figure><img src=\"{}\" alt=\"{}\" width=\"{w}\" height=\"{h}\" loading=\"lazy\">\
         <figcaption>{} <span class=\"credit\">{}</span></figcaption></figure>",
        photo_url(&p.image),
        escape_html(&p.alt),
        escape_html(&p.caption),
        escape_html(&p.credit)
    )
}

fn body_html(a: &ArticleIn) -> String {
    let mut html = String::new();
    for (i, para) in a.paragraphs.iter().enumerate() {
        html.push_str(&format!("<p>{}</p>", escape_html(para)));
        if i == 0 {
            html.push_str(&figure(&a.photo));
        }
        if i == 2 {
            if let Some(p2) = &a.photo2 {
                html.push_str(&figure(p2));
            }
        }
    }
    sanitize_html(&html)
}

fn parse_local(s: &str, tz: Tz) -> anyhow::Result<i64> {
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .with_context(|| format!("bad date {s:?} in sample content"))?;
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
        .with_context(|| format!("date {s:?} does not exist in {tz}"))
}

/// Loads the sample portal into an empty database; returns whether it did.
pub async fn seed_if_empty(
    store: &Store,
    data_dir: &Path,
    tz: Tz,
    now: i64,
) -> anyhow::Result<bool> {
    if store.setting(SEEDED_KEY).await?.is_some() || !store.all_categories().await?.is_empty() {
        return Ok(false);
    }
    let c = content()?;
    write_photos(data_dir)?;
    let mut ids = std::collections::HashMap::new();
    // Parents first, so children can name them.
    let (tops, subs): (Vec<_>, Vec<_>) = c.categories.iter().partition(|k| k.parent.is_empty());
    for (pos, k) in tops.iter().chain(subs.iter()).enumerate() {
        let parent_id = if k.parent.is_empty() {
            None
        } else {
            Some(
                *ids.get(&k.parent)
                    .with_context(|| format!("unknown parent {:?}", k.parent))?,
            )
        };
        let id = store
            .insert_category(&NewCategory {
                parent_id,
                slug: k.slug.clone(),
                name: k.name.clone(),
                description: k.description.clone(),
                position: pos as i64,
            })
            .await?;
        ids.insert(k.slug.clone(), id);
    }
    let mut articles = Vec::with_capacity(c.articles.len());
    for a in &c.articles {
        let category_id = *ids
            .get(&a.category)
            .with_context(|| format!("article {:?}: unknown category {:?}", a.title, a.category))?;
        articles.push(new_article(a, category_id, parse_local(&a.published, tz)?));
    }
    articles.sort_by_key(|a| a.published_at);
    store.insert_articles(&articles, now).await?;
    for (pos, p) in c.pages.iter().enumerate() {
        let body: String = p
            .paragraphs
            .iter()
            .map(|t| format!("<p>{}</p>", escape_html(t)))
            .collect();
        let page = NewPage {
            slug: p.slug.clone(),
            title: p.title.clone(),
            body_html: sanitize_html(&body),
            position: pos as i64,
        };
        store.insert_page(&page, now).await?;
    }
    for (pos, m) in c.menu.iter().enumerate() {
        store.insert_menu_item(&m.label, &m.url, pos as i64).await?;
    }
    for (pos, l) in c.links.iter().enumerate() {
        store.insert_web_link(&l.label, &l.url, pos as i64).await?;
    }
    store
        .insert_poll(&NewPoll {
            question: c.poll.question.clone(),
            multiple: c.poll.multiple,
            max_choices: c.poll.max_choices,
            opens_at: now - 30 * 86_400,
            closes_at: None,
            options: c.poll.options.clone(),
        })
        .await?;
    store.set_setting(SEEDED_KEY, &now.to_string()).await?;
    Ok(true)
}

fn new_article(a: &ArticleIn, category_id: i64, published_at: i64) -> NewArticle {
    NewArticle {
        category_id,
        slug: slugify(&a.title),
        title: a.title.clone(),
        lead: a.lead.clone(),
        body_html: body_html(a),
        byline: a.byline.clone(),
        source: a.source.clone(),
        image_url: Some(photo_url(&a.photo.image)),
        image_alt: a.photo.alt.clone(),
        status: "published".into(),
        featured: a.featured,
        published_at,
        updated_at: None,
        tags: a.tags.clone(),
    }
}

/// The sample photos, drawn once per process (drawing takes a while in unoptimised builds,
/// and tests start many portals).
fn sample_photos() -> &'static [(&'static str, Vec<u8>)] {
    static PHOTOS: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    PHOTOS.get_or_init(|| {
        photos::PHOTO_KEYS
            .iter()
            .filter_map(|k| photos::draw_jpeg(k).map(|jpeg| (*k, jpeg)))
            .collect()
    })
}

fn write_photos(data_dir: &Path) -> anyhow::Result<()> {
    let dir = data_dir.join("media").join("mau");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for (key, jpeg) in sample_photos() {
        let path = dir.join(format!("{key}.jpg"));
        if !path.exists() {
            std::fs::write(&path, jpeg).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    Ok(())
}

/// Adds `count` generated articles (variations of the sample ones, spread over three years
/// before `now`) for load tests; returns how many were added.
pub async fn generate_articles(
    store: &Store,
    data_dir: &Path,
    count: usize,
    now: i64,
) -> anyhow::Result<usize> {
    let c = content()?;
    write_photos(data_dir)?;
    let cats = store.all_categories().await?;
    anyhow::ensure!(
        !cats.is_empty(),
        "no categories: start the portal once so the sample is loaded"
    );
    let by_slug: std::collections::HashMap<_, _> =
        cats.iter().map(|k| (k.slug.as_str(), k.id)).collect();
    let span = 3 * 365 * 86_400_i64;
    let mut batch = Vec::with_capacity(1000);
    for i in 0..count {
        let src = &c.articles[i % c.articles.len()];
        let category_id = by_slug
            .get(src.category.as_str())
            .copied()
            .unwrap_or(cats[i % cats.len()].id);
        let mut a = new_article(
            src,
            category_id,
            now - span + (span / count.max(1) as i64) * i as i64,
        );
        a.title = format!("{} (kỳ {})", src.title, i + 1);
        a.slug = slugify(&a.title);
        a.featured = false;
        batch.push(a);
        if batch.len() == 1000 {
            store.insert_articles(&batch, now).await?;
            batch.clear();
        }
    }
    store.insert_articles(&batch, now).await?;
    Ok(count)
}
