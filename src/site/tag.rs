//! Tag pages: newest first, paginated.

use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;

use super::serve::{cached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{base_context, cards, crumbs, LinkView, PageMeta, Pagination};
use crate::state::AppState;
use crate::urls;

/// `GET /tag/<slug>/`
pub async fn first_page(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    reader: Reader,
) -> Result<Response, AppError> {
    show(app, slug, 1, reader).await
}

/// `GET /tag/<slug>/trang-N/`
pub async fn nth_page(
    State(app): State<AppState>,
    Path((slug, seg)): Path<(String, String)>,
    reader: Reader,
) -> Result<Response, AppError> {
    let page = urls::parse_page_segment(&seg).ok_or(AppError::NotFound)?;
    show(app, slug, page, reader).await
}

async fn show(
    app: AppState,
    slug: String,
    page: u32,
    reader: Reader,
) -> Result<Response, AppError> {
    let key = urls::tag(&slug, page);
    cached(&app, &key, &reader, || render(&app, &slug, page)).await
}

async fn render(app: &AppState, slug: &str, page: u32) -> Result<Output, AppError> {
    let Some(tag) = app.store.tag_by_slug(slug).await? else {
        return Err(AppError::NotFound);
    };
    let data = app.site_data().await?;
    let now = app.now();
    let per_page = app.config.reader.per_page;
    let total = app.store.count_with_tag(tag.id, now).await?;
    let pagination = Pagination::new(page, total, per_page, |n| urls::tag(&tag.slug, n));
    if total == 0 || page > pagination.pages {
        return Err(AppError::NotFound);
    }
    let offset = (page as i64 - 1) * per_page as i64;
    let items = app
        .store
        .articles_with_tag(tag.id, now, offset, per_page as i64)
        .await?;
    let path = urls::tag(&tag.slug, page);
    let title = format!("{}: {}", app.text("tag"), tag.name);
    let meta = PageMeta {
        path: &path,
        title: &title,
        description: "",
        category: None,
    };
    let ctx = context! {
        tag => LinkView { name: tag.name.clone(), url: urls::tag(&tag.slug, 1) },
        breadcrumb => crumbs(app, &data, None),
        articles => cards(&data, &items),
        pagination,
        ..base_context(app, &data, &meta)
    };
    Ok(Output::html(app.renderer.render("tag.html", ctx)?))
}
