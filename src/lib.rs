//! Cổng: a web portal engine for public agencies.
//!
//! [`build_app`] opens the database, applies migrations, loads the sample portal into an empty
//! database and prepares the theme; [`http::router`] serves it. `main.rs` and the tests share both.

pub mod admin;
pub mod auth;
pub mod config;
pub mod error;
pub mod http;
pub mod import;
pub mod jobs;
pub mod live;
pub mod media;
pub mod newsroom;
pub mod participation;
pub mod private;
pub mod render;
pub mod search;
pub mod seed;
pub mod site;
pub mod sitedata;
pub mod state;
pub mod urls;

use std::sync::Arc;

use anyhow::Context;
use cong_store::Store;
use minijinja::context;

pub use config::Config;
pub use state::{App, AppState};

/// Opens everything the server needs, ready to serve.
pub async fn build_app(mut config: Config) -> anyhow::Result<AppState> {
    config.apply_preset();
    private::data_folder(&config.data)?;
    let url = config.database_url();
    let store = Store::open(&url)
        .await
        .with_context(|| format!("opening database {}", config::redact_url(&url)))?;
    private::database_files(&config.data);
    store.migrate().await.context("applying migrations")?;
    let now = chrono::Utc::now().timestamp();
    if config.sample_content && seed::seed_if_empty(&store, &config.data, config.tz(), now).await? {
        tracing::info!("empty database: loaded the sample portal");
    }
    let theme = render::Theme::new(config.data.join("theme"));
    let site = &config.site;
    let site_value = minijinja::Value::from_serialize(context! {
        name => site.name, short_name => site.short_name, tagline => site.tagline,
        owner => site.owner, responsible => site.responsible, address => site.address,
        phone => site.phone, email => site.email, base_url => config.base_url(),
        lang => config.locale().code(),
    });
    let renderer = render::Renderer::new(
        theme.clone(),
        site_value,
        config.tz(),
        config.locale(),
        live::Marker::default(),
    )?;
    renderer
        .check_all(render::theme::TEMPLATES)
        .context("theme templates")?;
    let search = search::open(
        &config.data.join("search"),
        config.cache.search_mib * 1024 * 1024,
    )
    .context("opening the search index")?;
    let secret = store
        .setting_or_insert(participation::SECRET_SETTING, &participation::new_secret())
        .await?;
    let writer = participation::Writer::start(store.clone(), || chrono::Utc::now().timestamp());
    let participation = participation::Participation::new(
        secret.as_bytes(),
        writer,
        &config.participation,
        config.base_url().starts_with("https://"),
    );
    let app = Arc::new(App::new(
        config,
        store,
        renderer,
        theme,
        search,
        participation,
    )?);
    jobs::load_visit_totals(&app).await?;
    // Titles imported or generated since the last start get their folded form (the back
    // office's title filter).
    app.store.fold_missing_titles().await?;
    app.refresh_next_due().await?;
    Ok(app)
}

/// Serves until `shutdown` resolves, then stops taking requests, finishes those under way and
/// flushes the counters.
pub async fn serve(
    app: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let jobs = tokio::spawn(jobs::run(app.clone(), stop_rx.clone()));
    let variants = tokio::spawn(media::job::run(app.clone(), stop_rx.clone()));
    let search = tokio::spawn(search::run(app.clone(), stop_rx));
    http::server::serve(app.clone(), listener, shutdown).await;
    let _ = stop_tx.send(true);
    jobs.await.context("background jobs")?;
    search.await.context("search index sync")?;
    variants.await.context("photo variants")?;
    app.store.close().await;
    Ok(())
}
