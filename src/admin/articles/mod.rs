//! The newsroom's screens under `/admin/bai-viet`: the list, the editor, the workflow steps
//! and the revisions. The rules they apply are in [`crate::newsroom`].

pub mod actions;
pub mod edit;
pub mod list;
pub mod revisions;
pub mod tags;
pub mod view;

use axum::routing::{get, post};
use axum::Router;
use cong_store::StaffArticle;

use super::audit::record;
use super::session::Current;
use crate::error::AppError;
use crate::newsroom::workflow::may_see;
use crate::state::AppState;

/// Largest article form, in bytes: a body pasted from a word processor comes with a lot of
/// markup the allow-list then drops; what is kept is bounded by [`crate::newsroom::form::BODY_MAX`].
pub const ARTICLE_FORM_BYTES: usize = 4 * 1024 * 1024;

/// The newsroom's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/bai-viet", get(list::list).post(edit::create))
        .route("/admin/bai-viet/moi", get(edit::new_form))
        .route("/admin/the", get(tags::suggest))
        .route(
            "/admin/bai-viet/{id}",
            get(edit::edit_form).post(edit::save),
        )
        .route("/admin/bai-viet/{id}/gui-duyet", post(actions::submit))
        .route("/admin/bai-viet/{id}/tra-lai", post(actions::send_back))
        .route("/admin/bai-viet/{id}/dang", post(actions::publish))
        .route("/admin/bai-viet/{id}/go", post(actions::unpublish))
        .route("/admin/bai-viet/{id}/phien-ban", get(revisions::list))
        .route(
            "/admin/bai-viet/{id}/phien-ban/{n}",
            get(revisions::compare),
        )
        .route(
            "/admin/bai-viet/{id}/phien-ban/{n}/khoi-phuc",
            post(revisions::restore),
        )
}

/// Article `id` if `me` may see it: 404 when there is none, 403 when it is someone else's
/// and `me` is an author.
pub async fn load(app: &AppState, me: &Current, id: i64) -> Result<StaffArticle, AppError> {
    let a = app
        .store
        .newsroom_article(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_see(me.role, me.user.id, a.author_id) {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

/// After `me` changed article `id`: the audit line (`action`, `detail`), then this instance's
/// cached pages go and the search index is woken, the publishing schedule is read again, and
/// other instances and processes see the new content version.
pub async fn article_changed(
    app: &AppState,
    me: &Current,
    action: &str,
    id: i64,
    detail: &str,
) -> Result<(), AppError> {
    record(app, me.into(), action, Some(("article", id)), detail).await?;
    app.store.touch_content().await?;
    app.content_changed();
    app.refresh_next_due().await?;
    Ok(())
}
