//! The article page: the id is authoritative, any other address 301s to the canonical one.

use axum::extract::{Path, State};
use axum::response::Response;
use cong_store::{Article, PublicComment};
use minijinja::{context, Value};
use serde::Serialize;

use super::serve::{cached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{self, base_context, cards, crumbs, ImageView, PageMeta};
use crate::sitedata::SiteData;
use crate::state::AppState;
use crate::urls;

/// `GET /<category>/<file>`: an article (`<slug>-<id>.html`) or a category feed.
pub async fn show(
    State(app): State<AppState>,
    Path((category, file)): Path<(String, String)>,
    reader: Reader,
) -> Result<Response, AppError> {
    match file.as_str() {
        "rss.xml" => return super::feeds::category_rss(app, category, reader).await,
        "atom.xml" => return super::feeds::category_atom(app, category, reader).await,
        _ => {}
    }
    let path = format!("/{category}/{file}");
    let id = urls::parse_article_file(&file).ok_or(AppError::NotFound)?;
    cached(&app, &path, &reader, || render(&app, &path, id)).await
}

async fn render(app: &AppState, path: &str, id: i64) -> Result<Output, AppError> {
    let data = app.site_data().await?;
    let now = app.now();
    let article = app
        .store
        .published_article(id, now)
        .await?
        .ok_or(AppError::NotFound)?;
    let canonical = views::article_url(&data, article.category_id, &article.slug, article.id);
    if canonical != path {
        // An imported site's page can share this shape (NukeViet's `/about/<alias>-4.html`
        // is page 4, not article 4): the legacy table knows such addresses exactly.
        if let Some(listed) = super::legacy::listed_url(app, path).await? {
            return Ok(Output::Redirect(listed));
        }
        return Ok(Output::Redirect(canonical));
    }
    let limit = app.config.reader.related_count as i64;
    let newer = app.store.newer_in_category(&article, now, limit).await?;
    let older = app.store.older_in_category(&article, now, limit).await?;
    let tags = app.store.tags_of_article(article.id).await?;
    let counter = app.views.handle(article.id, article.views);
    app.ratings
        .handle(article.id, article.rating_total, article.rating_count);
    let comments = comments_view(app, &article).await?;
    let cfg = &app.config.participation;
    let meta = PageMeta {
        path: &canonical,
        title: &article.title,
        description: &article.lead,
        category: Some(article.category_id),
    };
    let json_ld = json_ld(app, &data, &article, &canonical, &tags);
    let ctx = context! {
        article => context! {
            id => article.id,
            title => article.title.clone(),
            url => canonical.clone(),
            lead => article.lead.clone(),
            // Bodies are sanitised when stored (editor, importers, seed); this is the allow-listed HTML.
            body_html => article.body_html.clone(),
            byline => article.byline.clone(),
            source => article.source.clone(),
            published_at => article.published_at,
            updated_at => article.updated_at,
            tags => views::tag_links(&tags),
            image => image(&article),
            category => views::category_link(&data, article.category_id),
        },
        rating => context! {
            enabled => cfg.ratings && article.allow_rating,
            action => format!("/danh-gia/{}", article.id),
        },
        comments => comments,
        breadcrumb => crumbs(app, &data, Some(article.category_id)),
        newer => cards(&data, &newer),
        older => cards(&data, &older),
        json_ld => Value::from_safe_string(json_ld),
        ..base_context(app, &data, &meta)
    };
    let text = app.renderer.render("article.html", ctx)?;
    Ok(Output::Page {
        text,
        content_type: super::serve::HTML,
        viewed: Some(counter),
    })
}

/// One published comment, with its replies when it opens a thread.
#[derive(Serialize)]
struct CommentView {
    id: i64,
    name: String,
    created_at: i64,
    body_html: Value,
    replies: Vec<CommentView>,
}

async fn comments_view(app: &AppState, article: &Article) -> Result<Value, AppError> {
    let cfg = &app.config.participation;
    let all = app.store.published_comments(article.id).await?;
    let view = |c: &PublicComment| CommentView {
        id: c.id,
        name: c.name.clone(),
        created_at: c.created_at,
        // Plain text from readers: escaped here, links made `nofollow ugc`.
        body_html: Value::from_safe_string(cong_text::plain_text_html(&c.body)),
        replies: Vec::new(),
    };
    let mut threads: Vec<CommentView> = all
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(view)
        .collect();
    for reply in all.iter().filter(|c| c.parent_id.is_some()) {
        if let Some(t) = threads.iter_mut().find(|t| Some(t.id) == reply.parent_id) {
            t.replies.push(view(reply));
        }
    }
    let note = app
        .text("comment_body_note")
        .replace("{max}", &cfg.comment_max_chars.to_string())
        .replace("{links}", &cfg.comment_max_links.to_string());
    Ok(context! {
        action => format!("/binh-luan/{}", article.id),
        open => cfg.comments && article.allow_comments,
        count => all.len(),
        threads => threads,
        max_chars => cfg.comment_max_chars,
        body_note => note,
        moderated => cfg.moderation != "publish",
    })
}

fn image(a: &Article) -> Option<ImageView> {
    a.image_url.as_ref().map(|u| ImageView {
        url: u.clone(),
        alt: a.image_alt.clone(),
    })
}

/// schema.org NewsArticle, escaped so it cannot close its `<script>` element.
fn json_ld(
    app: &AppState,
    data: &SiteData,
    a: &Article,
    canonical: &str,
    tags: &[cong_store::Tag],
) -> String {
    let base = &app.base_url;
    let mut doc = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.lead,
        "datePublished": cong_text::iso8601(a.published_at, app.tz),
        "dateModified": cong_text::iso8601(a.updated_at.max(a.published_at), app.tz),
        "mainEntityOfPage": format!("{base}{canonical}"),
        "articleSection": data.category(a.category_id).map(|c| c.name.clone()),
        "keywords": tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
        "publisher": { "@type": "Organization", "name": app.config.site.name },
    });
    if !a.byline.is_empty() {
        doc["author"] = serde_json::json!({ "@type": "Person", "name": a.byline });
    }
    if let Some(img) = &a.image_url {
        doc["image"] = serde_json::json!([format!("{base}{img}")]);
    }
    doc.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
