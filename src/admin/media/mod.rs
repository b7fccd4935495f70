//! The media library's screens under `/admin/tep`: upload, browse, edit, delete. The rules
//! they apply are in [`crate::media`].

pub mod entry;
pub mod library;
pub mod upload;
pub mod view;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

/// The library's form routes (small bodies, under the back office's form limit).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/tep/chon", get(library::pick))
        .route("/admin/tep/{id}", get(entry::show).post(entry::save))
        .route("/admin/tep/{id}/xoa", post(entry::delete))
        .route("/admin/tep/{id}/goc", get(entry::original))
}

/// The upload route: its body is limited by the `[media]` settings as it is read, not by the
/// form limit.
pub fn upload_routes() -> Router<AppState> {
    Router::new()
        .route("/admin/tep", get(library::list).post(upload::upload))
        .layer(DefaultBodyLimit::disable())
}
