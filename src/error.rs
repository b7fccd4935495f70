//! Errors of request handlers; the themed-errors layer turns them into pages.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// What can go wrong while answering a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such page.
    #[error("not found")]
    NotFound,
    /// The request itself is wrong.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Signed in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] cong_store::StoreError),
    /// A template failed.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
}

impl AppError {
    /// Shorthand for a 404.
    pub fn not_found() -> AppError {
        AppError::NotFound
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Store(_) | AppError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        // No body here: the themed-errors layer renders the page for the status.
        status.into_response()
    }
}
