//! `POST /admin/tep`: an upload, from the library's form or the article editor. The body is a
//! multipart form read as it arrives: the role is checked before any of it is read, the CSRF
//! token (header, or a `csrf` field before the file) before the file is, and reading stops at
//! the configured size, so a 2 GB upload costs no more than the limit.

use axum::extract::{FromRequest, FromRequestParts, Multipart, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bytes::{Bytes, BytesMut};
use serde_json::json;

use super::super::guard::{Authors, Staff};
use super::super::session::{csrf_ok, Current};
use super::super::view::{see_other_to, Notice};
use super::library;
use super::view::item_json;
use crate::admin::audit::record;
use crate::error::AppError;
use crate::media::probe::Refusal;
use crate::media::upload::{accept, UploadError};
use crate::state::AppState;

/// Room for the form's other fields and multipart framing around the file.
const FRAMING: u64 = 64 * 1024;

/// An upload whose sender holds the role and whose token checked.
pub struct Sent {
    me: Current,
    /// The file's name and bytes, or why it was not read.
    file: Result<(String, Bytes), UploadError>,
    /// The sender asked for JSON (the editor), not a page.
    json: bool,
}

impl FromRequest<AppState> for Sent {
    type Rejection = Response;

    async fn from_request(req: Request, app: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let me = Staff::<Authors>::from_request_parts(&mut parts, app)
            .await?
            .0;
        let json = wants_json(&parts.headers);
        let max = app.config.media.limits().max_bytes;
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max + FRAMING) {
            // Refused before a byte of it is read; nothing changes, so no token is needed.
            return Ok(Sent {
                me,
                file: Err(UploadError::Refused(Refusal::TooLarge)),
                json,
            });
        }
        let header_token = csrf_ok(&me, &parts.headers, None);
        let req = Request::from_parts(parts, body);
        let mut form = Multipart::from_request(req, app)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut token_ok = header_token;
        let bad = |_| StatusCode::BAD_REQUEST.into_response();
        while let Some(mut field) = form.next_field().await.map_err(bad)? {
            match field.name() {
                Some("csrf") => {
                    let sent = read_capped(&mut field, 256).await.map_err(bad)?;
                    let sent = sent.ok().map(|b| String::from_utf8_lossy(&b).into_owned());
                    token_ok = token_ok || csrf_ok(&me, &HeaderMap::new(), sent.as_deref());
                }
                Some("file") => {
                    if !token_ok {
                        return Err(StatusCode::FORBIDDEN.into_response());
                    }
                    let name = field.file_name().unwrap_or("").to_string();
                    let file = match read_capped(&mut field, max).await.map_err(bad)? {
                        Ok(bytes) => Ok((name, bytes)),
                        Err(()) => Err(UploadError::Refused(Refusal::TooLarge)),
                    };
                    return Ok(Sent { me, file, json });
                }
                _ => {
                    if read_capped(&mut field, FRAMING)
                        .await
                        .map_err(bad)?
                        .is_err()
                    {
                        return Err(StatusCode::PAYLOAD_TOO_LARGE.into_response());
                    }
                }
            }
        }
        if !token_ok {
            return Err(StatusCode::FORBIDDEN.into_response());
        }
        Ok(Sent {
            me,
            file: Err(UploadError::Refused(Refusal::Empty)),
            json,
        })
    }
}

/// A field's bytes, or `Err(())` once they pass `max` (the rest is not read).
async fn read_capped(
    field: &mut axum::extract::multipart::Field<'_>,
    max: u64,
) -> Result<Result<Bytes, ()>, axum::extract::multipart::MultipartError> {
    let mut buf = BytesMut::new();
    while let Some(chunk) = field.chunk().await? {
        if (buf.len() + chunk.len()) as u64 > max {
            return Ok(Err(()));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Ok(buf.freeze()))
}

/// Whether the request asks for a JSON answer.
pub fn wants_json(h: &HeaderMap) -> bool {
    h.get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// `POST /admin/tep`
pub async fn upload(State(app): State<AppState>, sent: Sent) -> Result<Response, AppError> {
    let Sent { me, file, json } = sent;
    let kept = match file {
        Ok((name, bytes)) => accept(&app, me.user.id, &name, bytes).await,
        Err(e) => Err(e),
    };
    match kept {
        Ok(kept) => {
            let item = app
                .store
                .media_item(kept.id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !kept.existing {
                let detail = format!("{} ({})", item.original_name, item.key);
                record(
                    &app,
                    (&me).into(),
                    "media_upload",
                    Some(("media", item.id)),
                    &detail,
                )
                .await?;
            }
            if json {
                let mut body = item_json(&app, &item);
                body["existing"] = json!(kept.existing);
                let status = if kept.existing {
                    StatusCode::OK
                } else {
                    StatusCode::CREATED
                };
                return Ok((status, Json(body)).into_response());
            }
            let note = if kept.existing { "da-co" } else { "da-tai" };
            Ok(see_other_to(&format!("/admin/tep/{}?{note}=1", item.id)))
        }
        Err(e) => {
            match &e {
                UploadError::Storage(why) => tracing::error!(error = %why, "upload not stored"),
                UploadError::Store(why) => tracing::error!(error = %why, "upload not recorded"),
                UploadError::Refused(_) | UploadError::NameTooLong | UploadError::NameClimbs => {}
            }
            let text = app.text(e.key());
            if json {
                return Ok((e.status(), Json(json!({ "error": text }))).into_response());
            }
            library::render(
                &app,
                &me,
                &Default::default(),
                Notice::error(text),
                e.status(),
            )
            .await
        }
    }
}
