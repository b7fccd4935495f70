//! Search: the results page `/tim-kiem` and the JSON API `/api/search`.

use std::sync::atomic::Ordering;

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, TimeZone};
use cong_search::{SearchQuery, Sort};
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::http::client::Reader;
use crate::render::views::{self, base_context, crumbs, PageMeta, Pagination};
use crate::state::AppState;

const PER_PAGE: usize = 10;
const MAX_PAGE: u32 = 100;

/// Query-string parameters of the results page (all optional, all forgiving).
#[derive(Deserialize, Default)]
pub struct Params {
    q: Option<String>,
    #[serde(rename = "chuyen-muc")]
    category: Option<String>,
    tu: Option<String>,
    den: Option<String>,
    #[serde(rename = "sap-xep")]
    sort: Option<String>,
    trang: Option<String>,
    limit: Option<String>,
}

#[derive(Serialize)]
struct ResultView {
    id: i64,
    #[serde(skip)]
    title: String,
    title_html: Value,
    snippet_html: Value,
    url: String,
    published_at: i64,
    category: views::LinkView,
}

#[derive(Serialize)]
struct CategoryOption {
    slug: String,
    name: String,
    selected: bool,
}

struct Outcome {
    total: usize,
    relaxed: bool,
    results: Vec<ResultView>,
}

fn parse_date(s: Option<&str>, app: &AppState, end_of_day: bool) -> Option<i64> {
    let d = NaiveDate::parse_from_str(s?.trim(), "%Y-%m-%d").ok()?;
    let t = if end_of_day {
        d.and_hms_opt(23, 59, 59)?
    } else {
        d.and_hms_opt(0, 0, 0)?
    };
    app.tz
        .from_local_datetime(&t)
        .earliest()
        .map(|t| t.timestamp())
}

async fn run(app: &AppState, p: &Params, offset: usize, limit: usize) -> Result<Outcome, AppError> {
    let data = app.site_data().await?;
    let now = app.now();
    let category_ids = p
        .category
        .as_deref()
        .and_then(|slug| data.category_by_slug(slug))
        .map(|c| data.with_descendants(c.id))
        .unwrap_or_default();
    // Scheduled articles are indexed but not yet found: the upper bound is now. Any bound
    // before the next scheduled article finds the same, and the latest such bound stays the
    // same from one second to the next, so repeated searches share the index's result cache.
    let next_due = app.next_due.load(std::sync::atomic::Ordering::Relaxed);
    let horizon = if now < next_due { next_due - 1 } else { now };
    // With nothing scheduled there is nothing to hide, and no bound spares the index a
    // pass over every document's date.
    let to = match parse_date(p.den.as_deref(), app, true) {
        Some(t) => Some(t.min(horizon)),
        None if next_due == i64::MAX => None,
        None => Some(horizon),
    };
    let query = SearchQuery {
        text: p.q.clone().unwrap_or_default(),
        category_ids,
        from: parse_date(p.tu.as_deref(), app, false),
        to,
        sort: if p.sort.as_deref() == Some("moi-nhat") {
            Sort::Newest
        } else {
            Sort::Relevance
        },
        offset,
        limit,
    };
    let index = app.search.clone();
    let found = tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| AppError::BadRequest(e.to_string()))?
        .map_err(|e| {
            tracing::error!(error = %e, "search failed");
            AppError::BadRequest("search failed".into())
        })?;
    let ids: Vec<i64> = found.hits.iter().map(|h| h.id).collect();
    let summaries = app.store.summaries_by_ids(&ids, now).await?;
    let results = found
        .hits
        .iter()
        .filter_map(|h| {
            // The index may lag a change by a moment: trust the database for visibility.
            let a = summaries.iter().find(|a| a.id == h.id)?;
            Some(ResultView {
                id: a.id,
                title: a.title.clone(),
                title_html: Value::from_safe_string(h.title_html.clone()),
                snippet_html: Value::from_safe_string(h.snippet_html.clone()),
                url: views::article_url(&data, a.category_id, &a.slug, a.id),
                published_at: a.published_at,
                category: views::category_link(&data, a.category_id),
            })
        })
        .collect();
    Ok(Outcome {
        total: found.total,
        relaxed: found.relaxed,
        results,
    })
}

/// `GET /tim-kiem?q=…&chuyen-muc=…&tu=YYYY-MM-DD&den=YYYY-MM-DD&sap-xep=moi-nhat&trang=N`
pub async fn page(
    State(app): State<AppState>,
    Query(p): Query<Params>,
    reader: Reader,
) -> Result<Response, AppError> {
    let page: u32 = p
        .trang
        .as_deref()
        .and_then(|t| t.parse().ok())
        .filter(|n| (1..=MAX_PAGE).contains(n))
        .unwrap_or(1);
    let q = p.q.clone().unwrap_or_default();
    let outcome = run(&app, &p, (page as usize - 1) * PER_PAGE, PER_PAGE).await?;
    let data = app.site_data().await?;
    let link = |n: u32| search_url(&p, n);
    let pagination = Pagination::new(
        page,
        outcome.total.min(MAX_PAGE as usize * PER_PAGE) as i64,
        PER_PAGE as u32,
        link,
    );
    let categories: Vec<CategoryOption> = data
        .categories
        .iter()
        .map(|c| CategoryOption {
            slug: c.slug.clone(),
            name: c.name.clone(),
            selected: p.category.as_deref() == Some(c.slug.as_str()),
        })
        .collect();
    let title = app.text("search");
    let meta = PageMeta {
        path: "/tim-kiem",
        title: &title,
        description: "",
        category: None,
    };
    let ctx = context! {
        search => context! {
            q,
            category => p.category.clone().unwrap_or_default(),
            from => p.tu.clone().unwrap_or_default(),
            to => p.den.clone().unwrap_or_default(),
            newest => p.sort.as_deref() == Some("moi-nhat"),
            total => outcome.total,
            relaxed => outcome.relaxed,
            ready => app.search_ready.load(Ordering::Acquire),
            results => outcome.results,
            categories,
        },
        pagination,
        breadcrumb => crumbs(&app, &data, None),
        ..base_context(&app, &data, &meta)
    };
    let text = app.renderer.render("search.html", ctx)?;
    // Fill the visitor figures; results pages are not cached (every query differs).
    let page = super::serve::live_page(&app, &text, super::serve::HTML, 0, None);
    let mut resp = super::serve::respond(&app, &page, &reader);
    resp.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

fn search_url(p: &Params, page: u32) -> String {
    let mut parts = vec![format!("q={}", urlencode(p.q.as_deref().unwrap_or("")))];
    for (k, v) in [
        ("chuyen-muc", &p.category),
        ("tu", &p.tu),
        ("den", &p.den),
        ("sap-xep", &p.sort),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            parts.push(format!("{k}={}", urlencode(v)));
        }
    }
    if page > 1 {
        parts.push(format!("trang={page}"));
    }
    format!("/tim-kiem?{}", parts.join("&"))
}

fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct ApiResult {
    id: i64,
    title: String,
    url: String,
    published_at: String,
    snippet: String,
}

#[derive(Serialize)]
struct ApiResponse {
    total: usize,
    results: Vec<ApiResult>,
}

/// `GET /api/search?q=…&limit=N` (1–100, default 10): the same results as JSON.
pub async fn api(
    State(app): State<AppState>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let limit = p
        .limit
        .as_deref()
        .and_then(|l| l.parse().ok())
        .filter(|n| (1..=100).contains(n))
        .unwrap_or(10);
    let outcome = run(&app, &p, 0, limit).await?;
    let summaries: Vec<ApiResult> = outcome
        .results
        .into_iter()
        .map(|r| ApiResult {
            id: r.id,
            title: r.title,
            url: format!("{}{}", app.base_url, r.url),
            published_at: cong_text::iso8601(r.published_at, app.tz),
            snippet: r.snippet_html.as_str().unwrap_or_default().to_string(),
        })
        .collect();
    Ok(Json(ApiResponse {
        total: outcome.total,
        results: summaries,
    })
    .into_response())
}
