//! Every route of the reader site, in one place; the back office's are in [`admin::routes`].

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::admin;
use crate::participation::check::MAX_FORM_BYTES;
use crate::site::{
    article, assets, beacon, category, comment, feeds, home, legacy, media, page, poll, rating,
    search, tag, vote,
};
use crate::state::AppState;

/// The application router with its layer stack.
pub fn router(app: AppState) -> Router {
    // Readers' writes: small forms only.
    let writes = Router::new()
        .route("/danh-gia/{id}", post(rating::rate))
        .route("/binh-luan/{id}", post(comment::post))
        .route("/tham-do/{id}", get(poll::results).post(vote::vote))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES));
    let routes = Router::new()
        .route("/", get(home::show))
        .route("/healthz", get(assets::healthz))
        .route("/robots.txt", get(feeds::robots))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/rss.xml", get(feeds::site_rss))
        .route("/atom.xml", get(feeds::site_atom))
        .route("/static/{*path}", get(assets::theme_file))
        .route("/media/{*path}", get(media::file))
        .route("/trang/{slug}", get(page::show))
        .route("/tag/{slug}/", get(tag::first_page))
        .route("/tag/{slug}/{page}/", get(tag::nth_page))
        .route("/beacon.gif", get(beacon::beacon))
        .route("/api/form-token", get(beacon::form_token))
        .route("/tim-kiem", get(search::page))
        .route("/api/search", get(search::api))
        .route("/{category}", get(category::without_slash))
        .route("/{category}/", get(category::first_page))
        .route("/{category}/{page}/", get(category::nth_page))
        .route("/{category}/{file}", get(article::show))
        .merge(writes)
        .merge(admin::routes())
        .fallback(legacy::fallback)
        .with_state(app.clone());
    super::middleware::layers(routes, app)
}
