//! The home page: featured article, latest news, latest per top-level category.

use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use minijinja::context;

use super::serve::{cached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{base_context, cards, category_link, PageMeta};
use crate::state::AppState;

/// `GET /` (with a query string, first a legacy address such as WordPress's `/?p=123`)
pub async fn show(
    State(app): State<AppState>,
    reader: Reader,
    uri: Uri,
) -> Result<Response, AppError> {
    if let Some(q) = uri.query().filter(|q| !q.is_empty()) {
        if let Some(to) = super::legacy::target_url(&app, &format!("/?{q}")).await? {
            return Ok(super::serve::moved_permanently(&to));
        }
    }
    cached(&app, "/", &reader, || render(&app)).await
}

#[derive(serde::Serialize)]
struct Section {
    category: crate::render::views::LinkView,
    articles: Vec<crate::render::views::Card>,
}

async fn render(app: &AppState) -> Result<Output, AppError> {
    let data = app.site_data().await?;
    let now = app.now();
    let per_cat = app.config.reader.home_per_category as i64;
    let featured = app.store.featured_article(now).await?;
    let latest = app.store.latest_articles(now, 0, 10).await?;
    let mut sections = Vec::new();
    for top in data.children(None) {
        let ids = data.with_descendants(top.id);
        let items = app
            .store
            .articles_in_categories(&ids, now, 0, per_cat)
            .await?;
        if !items.is_empty() {
            sections.push(Section {
                category: category_link(&data, top.id),
                articles: cards(&data, &items),
            });
        }
    }
    let meta = PageMeta {
        path: "/",
        title: "",
        description: "",
        category: None,
    };
    let featured = featured.map(|f| cards(&data, std::slice::from_ref(&f)).remove(0));
    let ctx = context! {
        featured,
        latest => cards(&data, &latest),
        sections,
        ..base_context(app, &data, &meta)
    };
    Ok(Output::html(app.renderer.render("home.html", ctx)?))
}
