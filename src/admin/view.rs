//! Back-office pages: one frame for every screen, rendered fresh (never cached), never
//! indexed, never stored by browsers.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::{context, Value};

use super::session::Current;
use crate::state::AppState;

/// What every signed-in screen shows around its content: the title (a UI string key), who is
/// signed in, the CSRF token its forms carry and the idle-warning timings. Merge it into a
/// screen's context with `context! { rows, ..frame(app, me, "admin_users") }`.
pub fn frame(app: &AppState, me: &Current, title_key: &str) -> Value {
    context! {
        title => app.text(title_key),
        me => context! {
            id => me.user.id,
            name => me.user.name.clone(),
            display_name => me.user.display_name.clone(),
            role => app.text(&format!("role_{}", me.role.name())),
        },
        csrf => me.csrf.clone(),
        idle_secs => me.secs_left,
        warn_secs => app.config.admin.warn_secs.min(me.secs_left),
    }
}

/// A message shown above a screen's content after a change: done, or what went wrong.
#[derive(Debug, Default)]
pub struct Notice {
    /// What was done.
    pub done: Option<String>,
    /// What went wrong.
    pub error: Option<String>,
}

impl Notice {
    /// A change that went through.
    pub fn done(text: String) -> Notice {
        Notice {
            done: Some(text),
            error: None,
        }
    }

    /// A change refused, with why.
    pub fn error(text: String) -> Notice {
        Notice {
            done: None,
            error: Some(text),
        }
    }

    /// The status an answer with this notice carries: 422 for a refused change.
    pub fn status(&self) -> StatusCode {
        if self.error.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        }
    }

    /// The notice for a template (`done`, `error`).
    pub fn value(&self) -> Value {
        context! { done => self.done.clone(), error => self.error.clone() }
    }
}

/// The message for a lock-out: "try again after HH:MM" in the site's zone.
pub fn locked_message(app: &AppState, until: i64) -> String {
    use chrono::TimeZone;
    let at = app
        .tz
        .timestamp_opt(until, 0)
        .single()
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default();
    app.text("admin_locked").replace("{time}", &at)
}

/// Renders a back-office template with the given status.
pub fn page(app: &AppState, status: StatusCode, template: &str, ctx: Value) -> Response {
    match app.renderer.render(template, ctx) {
        Ok(html) => {
            let mut resp = (status, html).into_response();
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            no_store(h);
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "back-office page failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Headers every back-office answer carries.
pub fn no_store(h: &mut axum::http::HeaderMap) {
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
}

/// A 303 to a back-office page.
pub fn see_other(to: &'static str) -> Response {
    see_other_to(to)
}

/// A 303 to a back-office address built at run time (ASCII: paths and query strings the
/// handlers make).
pub fn see_other_to(to: &str) -> Response {
    let location =
        HeaderValue::from_str(to).unwrap_or_else(|_| HeaderValue::from_static("/admin/"));
    let mut resp = (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response();
    no_store(resp.headers_mut());
    resp
}
