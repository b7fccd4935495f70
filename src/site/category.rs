//! Category pages: newest first, including sub-categories, paginated.

use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;

use super::serve::{cached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{base_context, cards, crumbs, LinkView, PageMeta, Pagination};
use crate::state::AppState;
use crate::urls;

/// `GET /<category>/`
pub async fn first_page(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    reader: Reader,
) -> Result<Response, AppError> {
    show(app, slug, 1, reader).await
}

/// `GET /<category>/trang-N/`
pub async fn nth_page(
    State(app): State<AppState>,
    Path((slug, seg)): Path<(String, String)>,
    reader: Reader,
) -> Result<Response, AppError> {
    let page = urls::parse_page_segment(&seg).ok_or(AppError::NotFound)?;
    show(app, slug, page, reader).await
}

/// `GET /<category>` (no slash): the same page with its slash.
pub async fn without_slash(
    State(app): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let data = app.site_data().await?;
    match data.category_by_slug(&slug.to_ascii_lowercase()) {
        Some(c) => Ok(super::serve::moved_permanently(&urls::category(&c.slug, 1))),
        None => Err(AppError::NotFound),
    }
}

async fn show(
    app: AppState,
    slug: String,
    page: u32,
    reader: Reader,
) -> Result<Response, AppError> {
    let key = urls::category(&slug, page);
    cached(&app, &key, &reader, || render(&app, &slug, page)).await
}

async fn render(app: &AppState, slug: &str, page: u32) -> Result<Output, AppError> {
    let data = app.site_data().await?;
    let Some(cat) = data.category_by_slug(slug) else {
        // Mixed case (as NukeViet made them) or an old slug: send to the current address.
        if let Some(c) = data.category_by_slug(&slug.to_ascii_lowercase()) {
            return Ok(Output::Redirect(urls::category(&c.slug, page)));
        }
        return Err(AppError::NotFound);
    };
    let now = app.now();
    let per_page = app.config.reader.per_page;
    let ids = data.with_descendants(cat.id);
    let total = app.store.count_in_categories(&ids, now).await?;
    let pagination = Pagination::new(page, total, per_page, |n| urls::category(&cat.slug, n));
    if page > pagination.pages {
        return Err(AppError::NotFound);
    }
    let offset = (page as i64 - 1) * per_page as i64;
    let items = app
        .store
        .articles_in_categories(&ids, now, offset, per_page as i64)
        .await?;
    let path = urls::category(&cat.slug, page);
    let meta = PageMeta {
        path: &path,
        title: &cat.name,
        description: &cat.description,
        category: Some(cat.id),
    };
    let subcategories: Vec<LinkView> = data
        .children(Some(cat.id))
        .map(|c| LinkView {
            name: c.name.clone(),
            url: urls::category(&c.slug, 1),
        })
        .collect();
    let ctx = context! {
        category => context! {
            name => cat.name.clone(),
            url => urls::category(&cat.slug, 1),
            description => cat.description.clone(),
        },
        breadcrumb => crumbs(app, &data, Some(cat.id)),
        subcategories,
        articles => cards(&data, &items),
        pagination,
        ..base_context(app, &data, &meta)
    };
    Ok(Output::html(app.renderer.render("category.html", ctx)?))
}
