//! Answers to readers' writes: JSON for the page's script, a themed page or a redirect for a
//! plain form post.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use minijinja::context;

use super::serve::{fill, live_page};
use crate::http::client::Reader;
use crate::participation::check::Refused;
use crate::render::views::{base_context, crumbs, PageMeta};
use crate::state::AppState;

/// Where a message page leads back to.
pub struct Back<'a> {
    /// Link target.
    pub url: &'a str,
    /// Link text.
    pub label: String,
}

/// A JSON answer with `ok` and `message` plus `extra` fields.
pub fn json(status: StatusCode, ok: bool, message: &str, extra: serde_json::Value) -> Response {
    let mut body = serde_json::json!({ "ok": ok, "message": message });
    if let (Some(out), serde_json::Value::Object(more)) = (body.as_object_mut(), extra) {
        out.extend(more);
    }
    let mut resp = (status, axum::Json(body)).into_response();
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// The answer to a refused write, in the form the client asked for.
pub async fn refused(app: &AppState, reader: &Reader, r: &Refused, wants_json: bool) -> Response {
    let mut resp = if wants_json {
        json(r.status, false, &r.message, serde_json::Value::Null)
    } else {
        let title = app.text("msg_not_sent");
        message_page(app, reader, r.status, "error", &title, &r.message, None).await
    };
    if let Some(secs) = r.retry_after {
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            resp.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    resp
}

/// A themed page with one message (and a way back), with the given status.
pub async fn message_page(
    app: &AppState,
    reader: &Reader,
    status: StatusCode,
    kind: &str,
    title: &str,
    message: &str,
    back: Option<Back<'_>>,
) -> Response {
    let rendered = match app.site_data().await {
        Ok(data) => {
            let meta = PageMeta {
                path: "/",
                title,
                description: "",
                category: None,
            };
            let ctx = context! {
                kind => kind,
                title => title,
                message => message,
                back_url => back.as_ref().map(|b| b.url),
                back_label => back.as_ref().map(|b| b.label.clone()),
                breadcrumb => crumbs(app, &data, None),
                ..base_context(app, &data, &meta)
            };
            app.renderer.render("message.html", ctx).ok()
        }
        Err(_) => None,
    };
    let Some(text) = rendered else {
        return (status, format!("{title}\n{message}\n")).into_response();
    };
    let page = live_page(app, &text, super::serve::HTML, 0, None);
    let (body, cookie) = fill(app, &page, reader, false);
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(super::serve::HTML),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(c) = cookie {
        h.insert(header::SET_COOKIE, c);
    }
    resp
}

/// A 303 to a page of this site (after a successful plain form post).
pub fn see_other(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
        Err(_) => StatusCode::SEE_OTHER.into_response(),
    }
}
