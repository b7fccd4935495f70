//! A poll's results page.

use axum::extract::{Path, State};
use axum::response::Response;
use minijinja::context;
use serde::Serialize;

use super::serve::{uncached, Output};
use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{base_context, crumbs, PageMeta};
use crate::state::AppState;
use crate::urls;

#[derive(Serialize)]
struct OptionResult {
    label: String,
    votes: i64,
    percent: i64,
}

/// `GET /tham-do/<id>`
pub async fn results(
    State(app): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
) -> Result<Response, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    // Not cached: the figures change with every vote.
    uncached(&app, &reader, || render(&app, id)).await
}

async fn render(app: &AppState, id: i64) -> Result<Output, AppError> {
    let Some((poll, options)) = app.store.poll_by_id(id).await? else {
        return Err(AppError::NotFound);
    };
    let data = app.site_data().await?;
    let total: i64 = options.iter().map(|o| o.votes).sum();
    let results: Vec<OptionResult> = options
        .iter()
        .map(|o| OptionResult {
            label: o.label.clone(),
            votes: o.votes,
            percent: (o.votes * 100).checked_div(total).unwrap_or(0),
        })
        .collect();
    let path = urls::poll(poll.id);
    let meta = PageMeta {
        path: &path,
        title: &poll.question,
        description: "",
        category: None,
    };
    let ctx = context! {
        poll => context! {
            id => poll.id,
            question => poll.question.clone(),
            open => poll.is_open(app.now()),
            total_votes => total,
            options => results,
        },
        breadcrumb => crumbs(app, &data, None),
        ..base_context(app, &data, &meta)
    };
    Ok(Output::html(app.renderer.render("poll.html", ctx)?))
}
