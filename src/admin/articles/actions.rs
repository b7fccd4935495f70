//! The workflow, one route per step: submit for review, send back with a note, publish (now
//! or at the article's time), unpublish. Each checks who may, moves the article only from the
//! states the step allows (so a double click or a race changes nothing twice), logs it, and
//! drops the cached pages it touches.

use axum::extract::{Path, State};
use axum::response::Response;

use super::super::guard::{Authors, Change};
use super::super::view::see_other_to;
use super::{article_changed, load};
use crate::error::AppError;
use crate::newsroom::workflow::{allowed, permitted, Action};
use crate::state::AppState;

/// Longest note sent back to an author, in characters.
const NOTE_MAX: usize = 2000;

/// Does `action` to article `id` for the sender of `c`, with the publication time and note
/// given; answers with the article's page and what happened.
async fn step(
    app: &AppState,
    id: i64,
    c: &Change<Authors>,
    action: Action,
    published_at: Option<i64>,
    note: &str,
    done: &str,
) -> Result<Response, AppError> {
    let a = load(app, &c.me, id).await?;
    if !permitted(c.me.role, c.me.user.id, a.author_id, action) {
        return Err(AppError::Forbidden);
    }
    if !allowed(c.me.role, c.me.user.id, a.author_id, &a.status, action) {
        // Allowed to, but not from the state it is in (a second click, or someone was
        // quicker): show it as it is now, as after a lost race.
        return Ok(see_other_to(&format!(
            "/admin/bai-viet/{id}?thao-tac=da-doi"
        )));
    }
    let (from, to) = action.moves();
    let moved = app
        .store
        .move_article(id, from, to, published_at, note, app.now())
        .await?;
    if !moved {
        // Someone else moved it first: show it as it is now.
        return Ok(see_other_to(&format!(
            "/admin/bai-viet/{id}?thao-tac=da-doi"
        )));
    }
    let action_name = format!("article_{to}");
    article_changed(app, &c.me, &action_name, id, note).await?;
    Ok(see_other_to(&format!(
        "/admin/bai-viet/{id}?thao-tac={done}"
    )))
}

/// `POST /admin/bai-viet/<id>/gui-duyet`
pub async fn submit(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Authors>,
) -> Result<Response, AppError> {
    step(&app, id, &c, Action::Submit, None, "", "da-gui-duyet").await
}

/// `POST /admin/bai-viet/<id>/tra-lai` with `note`, which the author sees.
pub async fn send_back(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Authors>,
) -> Result<Response, AppError> {
    let note: String = c
        .form
        .get("note")
        .unwrap_or("")
        .chars()
        .take(NOTE_MAX)
        .collect();
    step(&app, id, &c, Action::SendBack, None, &note, "da-tra-lai").await
}

/// `POST /admin/bai-viet/<id>/dang`: live at the article's publication time; one in the past
/// means now (and the page says so), one in the future schedules it.
pub async fn publish(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Authors>,
) -> Result<Response, AppError> {
    let a = load(&app, &c.me, id).await?;
    let now = app.now();
    let (at, done) = if a.fields.published_at > now {
        (a.fields.published_at, "da-hen-gio")
    } else {
        (now, "da-dang")
    };
    step(&app, id, &c, Action::Publish, Some(at), "", done).await
}

/// `POST /admin/bai-viet/<id>/go`
pub async fn unpublish(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Authors>,
) -> Result<Response, AppError> {
    step(&app, id, &c, Action::Unpublish, None, "", "da-go").await
}
