//! The layer stack: request limits, security headers, themed error pages, panic safety.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use minijinja::context;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::http::client::Reader;
use crate::render::views::{base_context, crumbs, PageMeta};
use crate::state::AppState;

/// Longest path plus query string accepted; longer gets 414.
const MAX_URI_LEN: usize = 2048;

/// Content-Security-Policy: only our own resources, no inline scripts or styles, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
                   frame-ancestors 'none'";

/// The policy of the back office's article editor: [`CSP`], but inline styles allowed. The
/// editor (SunEditor) positions its toolbars and dialogs with style attributes and style
/// elements; scripts stay limited to this site's files, and what the editor saves goes through
/// the allow-list, which keeps no style at all.
pub const EDITOR_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                              img-src 'self' data:; font-src 'self'; object-src 'none'; \
                              base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// HSTS for answers that went out over https: a year, subdomains included.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Wraps the routes in the layer stack.
pub fn layers(routes: Router, app: AppState) -> Router {
    let timeout = Duration::from_secs(app.config.server.request_timeout_secs);
    routes
        // Inside `finish`, so a slow request's 408 still gets the themed page.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(middleware::from_fn_with_state(app, finish))
        .layer(CatchPanicLayer::new())
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ))
}

/// Adds HSTS when the request came over https (the site's address says so, or a trusted
/// proxy does).
fn hsts(mut resp: Response, reader: &Reader) -> Response {
    if reader.secure {
        resp.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    resp
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Around every request: refuses over-long URIs, lets a 404 become a legacy 301, and replaces
/// any error response that is not already a page with the themed error page. One layer, not
/// three, because each `from_fn` layer costs a boxed service on the hot path.
async fn finish(State(app): State<AppState>, req: Request, next: Next) -> Response {
    // Cache first: a page already rendered needs no routing or extraction. Only canonical
    // pages are ever cached, and a query string may be a legacy address (`/?p=123`), so
    // those requests take the routed way.
    if matches!(*req.method(), Method::GET | Method::HEAD) && req.uri().query().is_none() {
        if let Some(page) = app.cache.get(req.uri().path()) {
            let reader = Reader::of(req.method(), req.headers(), req.extensions(), &app);
            return hsts(crate::site::serve::respond(&app, &page, &reader), &reader);
        }
    }
    let uri = req.uri().clone();
    let reader = Reader::of(req.method(), req.headers(), req.extensions(), &app);
    let len = uri.path().len() + uri.query().map_or(0, |q| q.len() + 1);
    let mut resp = if len > MAX_URI_LEN {
        StatusCode::URI_TOO_LONG.into_response()
    } else {
        next.run(req).await
    };
    if resp.status() == StatusCode::NOT_FOUND {
        if let Some(redirect) = crate::site::legacy::redirect_for(&app, &uri).await {
            resp = redirect;
        }
    }
    let status = resp.status();
    // Pages and JSON answers (to the page's scripts) already say what went wrong.
    let has_body = resp.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
        let v = v.as_bytes();
        v.starts_with(b"text/html") || v.starts_with(b"application/json")
    });
    if !(status.is_client_error() || status.is_server_error()) || has_body {
        return hsts(resp, &reader);
    }
    let mut page = error_page(&app, status, &reader).await;
    if uri.path().starts_with("/admin") {
        // Back-office addresses stay out of search engines, errors included.
        page.headers_mut().insert(
            "x-robots-tag",
            HeaderValue::from_static("noindex, nofollow"),
        );
    }
    hsts(page, &reader)
}

/// The themed page for an error status (plain text if even that fails).
pub async fn error_page(app: &AppState, status: StatusCode, reader: &Reader) -> Response {
    let code = status.as_u16();
    let key = match code {
        400 | 403 | 404 | 408 | 413 | 414 | 500 => code,
        c if c >= 500 => 500,
        _ => 400,
    };
    let title = app.text(&format!("error_{key}_title"));
    let message = app.text(&format!("error_{key}_message"));
    let rendered = match app.site_data().await {
        Ok(data) => {
            let meta = PageMeta {
                path: "/",
                title: &title,
                description: "",
                category: None,
            };
            let ctx = context! {
                status => code,
                title => title.clone(),
                message => message.clone(),
                breadcrumb => crumbs(app, &data, None),
                ..base_context(app, &data, &meta)
            };
            app.renderer.render("error.html", ctx).ok()
        }
        Err(_) => None,
    };
    let mut cookie = None;
    let (body, ctype) = match rendered {
        // The page holds live figures (visitors) and forms (the poll): fill them in.
        Some(text) => {
            let page = crate::site::serve::live_page(app, &text, "", 0, None);
            let (body, c) = crate::site::serve::fill(app, &page, reader, false);
            cookie = c;
            (Body::from(body), "text/html; charset=utf-8")
        }
        None => (
            Body::from(format!("{code} {title}\n")),
            "text/plain; charset=utf-8",
        ),
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = cookie {
        resp.headers_mut().insert(header::SET_COOKIE, c);
    }
    resp
}
