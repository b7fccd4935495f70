//! The back office under `/admin/`: log-in (with a second factor), sessions with an idle
//! timeout, and the screens behind them. Every route is listed in [`routes`]; every handler
//! takes a [`guard`] extractor that already checked the role (and, for a change, the CSRF
//! token), renders in the one [`view::frame`] and logs through [`audit::record`].

pub mod account;
pub mod articles;
pub mod audit;
pub mod config;
pub mod guard;
pub mod home;
pub mod login;
pub mod media;
pub mod session;
pub mod users;
pub mod view;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::participation::check::MAX_FORM_BYTES;
use crate::state::AppState;

/// Every back-office route: one route and one handler per action.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { view::see_other("/admin/") }))
        .route("/admin/", get(home::dashboard))
        .route("/admin/login", get(login::form).post(login::submit))
        .route("/admin/login/ma", post(login::second_step))
        .route("/admin/logout", post(home::logout))
        .route("/admin/ping", post(home::ping))
        .route("/admin/nhat-ky", get(audit::list))
        .route("/admin/tai-khoan", get(account::show))
        .route("/admin/tai-khoan/mat-khau", post(account::change_password))
        .route("/admin/tai-khoan/totp-bat-dau", post(account::begin_totp))
        .route(
            "/admin/tai-khoan/totp-xac-nhan",
            post(account::confirm_totp),
        )
        .route("/admin/tai-khoan/totp-tat", post(account::disable_totp))
        .route("/admin/nguoi-dung", get(users::list).post(users::create))
        .route("/admin/nguoi-dung/{id}/khoa", post(users::disable))
        .route("/admin/nguoi-dung/{id}/mo-khoa", post(users::enable))
        .route(
            "/admin/nguoi-dung/{id}/dat-lai-mat-khau",
            post(users::reset_password),
        )
        .merge(articles::routes())
        .merge(media::routes())
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .merge(media::upload_routes())
}
