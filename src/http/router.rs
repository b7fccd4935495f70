//! Every route of the reader site, in one place.

use axum::routing::get;
use axum::Router;

use crate::site::{article, assets, category, feeds, home, legacy, page, poll, search, tag};
use crate::state::AppState;

/// The application router with its layer stack.
pub fn router(app: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(home::show))
        .route("/healthz", get(assets::healthz))
        .route("/robots.txt", get(feeds::robots))
        .route("/sitemap.xml", get(feeds::sitemap))
        .route("/rss.xml", get(feeds::site_rss))
        .route("/atom.xml", get(feeds::site_atom))
        .route("/static/{*path}", get(assets::theme_file))
        .route("/media/{*path}", get(assets::media_file))
        .route("/trang/{slug}", get(page::show))
        .route("/tag/{slug}/", get(tag::first_page))
        .route("/tag/{slug}/{page}/", get(tag::nth_page))
        .route("/tham-do/{id}", get(poll::results))
        .route("/tim-kiem", get(search::page))
        .route("/api/search", get(search::api))
        .route("/{category}", get(category::without_slash))
        .route("/{category}/", get(category::first_page))
        .route("/{category}/{page}/", get(category::nth_page))
        .route("/{category}/{file}", get(article::show))
        .fallback(legacy::fallback)
        .with_state(app.clone());
    super::middleware::layers(routes, app)
}
