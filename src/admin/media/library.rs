//! `/admin/tep`: the media library, newest first, with search by name, caption and alt text,
//! and filters by type and uploader; the same list as JSON for the editor's picker.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use cong_store::MediaFilter;
use minijinja::context;
use serde::Deserialize;
use serde_json::json;

use super::super::guard::{Authors, Staff};
use super::super::session::Current;
use super::super::view::{frame, page, Notice};
use super::view::item_json;
use crate::error::AppError;
use crate::state::AppState;

/// Entries per page.
const PER_PAGE: i64 = 24;

/// Filters, from the query string (all optional).
#[derive(Deserialize, Default, Clone)]
pub struct Params {
    #[serde(rename = "tu-khoa")]
    words: Option<String>,
    /// `anh` (photos) or `tai-lieu` (documents).
    loai: Option<String>,
    /// Uploader's id.
    nguoi: Option<String>,
    trang: Option<i64>,
    #[serde(rename = "da-xoa")]
    deleted: Option<String>,
}

impl Params {
    fn filter(&self) -> MediaFilter {
        let words = self
            .words
            .as_deref()
            .map(|w| cong_text::fold_vi(&w.chars().take(100).collect::<String>()))
            .unwrap_or_default();
        MediaFilter {
            words: words
                .split_whitespace()
                .take(8)
                .map(str::to_string)
                .collect(),
            photos: match self.loai.as_deref() {
                Some("anh") => Some(true),
                Some("tai-lieu") => Some(false),
                _ => None,
            },
            uploader: self.nguoi.as_deref().and_then(|n| n.trim().parse().ok()),
        }
    }

    fn page(&self) -> i64 {
        // Bounded, so the offset cannot overflow.
        self.trang.unwrap_or(1).clamp(1, 100_000)
    }
}

/// The page of entries `p` asks for, as shown, with how many match in all and the page number.
async fn found(app: &AppState, p: &Params) -> Result<(Vec<serde_json::Value>, i64, i64), AppError> {
    let page_no = p.page();
    let (items, total) = app
        .store
        .media_list(&p.filter(), PER_PAGE, (page_no - 1) * PER_PAGE)
        .await?;
    Ok((
        items.iter().map(|i| item_json(app, i)).collect(),
        total,
        page_no,
    ))
}

/// `GET /admin/tep?tu-khoa=&loai=&nguoi=&trang=`
pub async fn list(
    State(app): State<AppState>,
    me: Staff<Authors>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let notice = if p.deleted.is_some() {
        Notice::done(app.text("media_deleted"))
    } else {
        Notice::default()
    };
    render(&app, &me, &p, notice, StatusCode::OK).await
}

/// The library page for `p`, with `notice` above it.
pub async fn render(
    app: &AppState,
    me: &Current,
    p: &Params,
    notice: Notice,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (items, total, page_no) = found(app, p).await?;
    let users = app.store.all_users().await?;
    let ctx = context! {
        items,
        total,
        page => page_no,
        more => page_no * PER_PAGE < total,
        notice => notice.value(),
        max_mb => app.config.media.max_mb,
        filter => context! {
            words => p.words.clone().unwrap_or_default(),
            loai => p.loai.clone().unwrap_or_default(),
            nguoi => p.filter().uploader,
        },
        uploaders => users.iter().map(|u| context! { id => u.id, name => u.display_name.clone() }).collect::<Vec<_>>(),
        ..frame(app, me, "admin_media")
    };
    Ok(page(app, status, "admin/media.html", ctx))
}

/// `GET /admin/tep/chon?tu-khoa=&loai=&trang=`: entries as JSON, for the editor.
pub async fn pick(
    State(app): State<AppState>,
    _me: Staff<Authors>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let (items, total, page_no) = found(&app, &p).await?;
    let mut resp = Json(json!({ "items": items, "total": total, "page": page_no })).into_response();
    super::super::view::no_store(resp.headers_mut());
    Ok(resp)
}
