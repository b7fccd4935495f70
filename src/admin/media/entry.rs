//! `/admin/tep/{id}`: one library entry: its sizes, the articles that show it, its alt text,
//! caption and credit, and deleting it once no article shows it.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use cong_store::{MediaItem, Removed};
use minijinja::context;
use serde::Deserialize;

use super::super::guard::{Authors, Change, Staff};
use super::super::session::Current;
use super::super::view::{frame, no_store, page, see_other_to, Notice};
use super::view::{item_json, may_change};
use crate::admin::audit::record;
use crate::error::AppError;
use crate::media::keys;
use crate::state::AppState;

/// Longest alt text, in characters.
const ALT_MAX: usize = 300;
/// Longest caption, in characters.
const CAPTION_MAX: usize = 1000;
/// Longest credit, in characters.
const CREDIT_MAX: usize = 200;

/// Notices carried in the address after a redirect.
#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(rename = "da-tai")]
    uploaded: Option<String>,
    #[serde(rename = "da-co")]
    existing: Option<String>,
    #[serde(rename = "da-luu")]
    saved: Option<String>,
}

async fn load(app: &AppState, id: i64) -> Result<MediaItem, AppError> {
    app.store.media_item(id).await?.ok_or(AppError::NotFound)
}

/// Entry `id`, if `me` may change it (404 when there is none, 403 when it is not theirs).
async fn load_to_change(app: &AppState, me: &Current, id: i64) -> Result<MediaItem, AppError> {
    let item = load(app, id).await?;
    if !may_change(me, &item) {
        return Err(AppError::Forbidden);
    }
    Ok(item)
}

/// `GET /admin/tep/{id}`
pub async fn show(
    State(app): State<AppState>,
    me: Staff<Authors>,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<Response, AppError> {
    let item = load(&app, id).await?;
    let key = if done.uploaded.is_some() {
        Some("media_uploaded")
    } else if done.existing.is_some() {
        Some("media_already_there")
    } else if done.saved.is_some() {
        Some("media_saved")
    } else {
        None
    };
    let notice = key.map_or_else(Notice::default, |k| Notice::done(app.text(k)));
    render(&app, &me, &item, notice, StatusCode::OK).await
}

async fn render(
    app: &AppState,
    me: &Current,
    item: &MediaItem,
    notice: Notice,
    status: StatusCode,
) -> Result<Response, AppError> {
    let uses = app.store.media_uses(&item.hash16).await?;
    let ctx = context! {
        item => item_json(app, item),
        uses => uses.iter().map(|(id, title)| context! { id, title }).collect::<Vec<_>>(),
        may_change => may_change(me, item),
        notice => notice.value(),
        ..frame(app, me, "admin_media")
    };
    Ok(page(app, status, "admin/media_entry.html", ctx))
}

/// `POST /admin/tep/{id}`: alt text, caption and credit.
pub async fn save(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    change: Change<Authors>,
) -> Result<Response, AppError> {
    let item = load_to_change(&app, &change.me, id).await?;
    let field = |name, max: usize| {
        let v = change.form.get(name).unwrap_or("").trim().to_string();
        let ok = v.chars().count() <= max && !v.chars().any(char::is_control);
        (v, ok)
    };
    let (alt, alt_ok) = field("alt", ALT_MAX);
    let (caption, caption_ok) = field("caption", CAPTION_MAX);
    let (credit, credit_ok) = field("credit", CREDIT_MAX);
    if !(alt_ok && caption_ok && credit_ok) {
        let mut shown = item.clone();
        (shown.alt, shown.caption, shown.credit) = (alt, caption, credit);
        let notice = Notice::error(app.text("media_text_too_long"));
        return render(
            &app,
            &change.me,
            &shown,
            notice,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if !app
        .store
        .set_media_text(id, &alt, &caption, &credit)
        .await?
    {
        return Err(AppError::NotFound);
    }
    record(
        &app,
        (&change.me).into(),
        "media_edit",
        Some(("media", id)),
        &item.key,
    )
    .await?;
    Ok(see_other_to(&format!("/admin/tep/{id}?da-luu=1")))
}

/// `POST /admin/tep/{id}/xoa`: deletes the entry and its files, unless an article shows it.
pub async fn delete(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    change: Change<Authors>,
) -> Result<Response, AppError> {
    let item = load_to_change(&app, &change.me, id).await?;
    match app.store.remove_media(id).await? {
        Removed::Missing => Err(AppError::NotFound),
        Removed::InUse(_) => {
            let notice = Notice::error(app.text("media_in_use"));
            render(&app, &change.me, &item, notice, StatusCode::CONFLICT).await
        }
        Removed::Deleted(gone) => {
            // The entry is gone first: a file left behind by a failure here is only an
            // orphan (`cong media check` lists it), never a broken picture.
            for key in keys::all(&gone) {
                app.media.hot.forget(&key);
                if let Err(e) = app.media.storage.delete(&key).await {
                    tracing::warn!(error = %e, key, "a deleted entry's file stayed in storage");
                }
            }
            let detail = format!("{} ({})", gone.original_name, gone.key);
            record(
                &app,
                (&change.me).into(),
                "media_delete",
                Some(("media", id)),
                &detail,
            )
            .await?;
            Ok(see_other_to("/admin/tep?da-xoa=1"))
        }
    }
}

/// `GET /admin/tep/{id}/goc`: the file as uploaded, to staff only (a photo's original may
/// carry the camera's location).
pub async fn original(
    State(app): State<AppState>,
    _me: Staff<Authors>,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let item = load(&app, id).await?;
    let got = app
        .media
        .storage
        .get(&keys::original(&item), Default::default())
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, key = %item.key, "original unreadable");
            AppError::NotFound
        })?;
    let mime = crate::media::probe::Kind::from_name(&item.kind)
        .map(|k| k.mime())
        .ok_or(AppError::NotFound)?;
    let mut resp = Response::new(Body::from_stream(got.into_stream()));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    no_store(h);
    Ok(resp)
}
