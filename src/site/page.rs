//! Static pages (introduction, organisation, contact).

use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::{context, Value};

use super::serve::{cached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{base_context, crumbs, PageMeta};
use crate::state::AppState;
use crate::urls;

/// `GET /trang/<slug>`
pub async fn show(
    State(app): State<AppState>,
    Path(slug): Path<String>,
    reader: Reader,
) -> Result<Response, AppError> {
    let key = urls::page(&slug);
    cached(&app, &key, &reader, || render(&app, &slug)).await
}

async fn render(app: &AppState, slug: &str) -> Result<Output, AppError> {
    let Some(page) = app.store.page_by_slug(slug).await? else {
        if slug.bytes().any(|b| b.is_ascii_uppercase()) {
            if let Some(p) = app.store.page_by_slug(&slug.to_ascii_lowercase()).await? {
                return Ok(Output::Redirect(urls::page(&p.slug)));
            }
        }
        return Err(AppError::NotFound);
    };
    let data = app.site_data().await?;
    let path = urls::page(&page.slug);
    let meta = PageMeta {
        path: &path,
        title: &page.title,
        description: "",
        category: None,
    };
    let ctx = context! {
        page => context! {
            title => page.title.clone(),
            body_html => Value::from_safe_string(page.body_html.clone()),
            updated_at => page.updated_at,
        },
        breadcrumb => crumbs(app, &data, None),
        ..base_context(app, &data, &meta)
    };
    Ok(Output::html(app.renderer.render("page.html", ctx)?))
}
