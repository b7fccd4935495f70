//! `POST /danh-gia/<article id>`: a reader's stars for an article.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cong_store::{Accepted, Refusal, Submission};

use super::reply::{self, see_other};
use crate::http::client::Reader;
use crate::participation::check::{clear, Posted, Refused};
use crate::participation::Purpose;
use crate::render::views;
use crate::state::AppState;

/// `POST /danh-gia/<id>` with `token` and `stars` (1–5).
pub async fn rate(
    State(app): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    match submit(&app, &id, &reader, &form).await {
        Ok((article_id, total, count, replaced)) => {
            let key = if replaced { "msg_rerated" } else { "msg_rated" };
            if form.wants_json {
                let p = &app.participation;
                let reader_id = p.known_reader(&reader).unwrap_or_default();
                let decimal = if app.locale.thousands_sep() == '.' {
                    ','
                } else {
                    '.'
                };
                reply::json(
                    StatusCode::OK,
                    true,
                    &app.text(key),
                    serde_json::json!({
                        "total": total,
                        "count": count,
                        "average": crate::live::ratings::average(total, count, decimal),
                        "token": p.signer.token(Purpose::Rating, &reader_id, app.now()),
                    }),
                )
            } else {
                // Back to the article, which shows the new totals.
                match article_url(&app, article_id).await {
                    Some(url) => see_other(&format!("{url}#danh-gia")),
                    None => see_other("/"),
                }
            }
        }
        Err(r) => reply::refused(&app, &reader, &r, form.wants_json).await,
    }
}

async fn submit(
    app: &AppState,
    id: &str,
    reader: &Reader,
    form: &Posted,
) -> Result<(i64, i64, i64, bool), Refused> {
    let refuse = |status, key: &str| Refused::new(app, status, key);
    let article_id: i64 = id
        .parse()
        .map_err(|_| refuse(StatusCode::NOT_FOUND, "msg_no_article"))?;
    if !app.config.participation.ratings {
        return Err(refuse(StatusCode::FORBIDDEN, "msg_rating_off"));
    }
    let p = &app.participation;
    let cleared = clear(app, reader, form, Purpose::Rating, &p.ratings_limit)?;
    let stars = form
        .get("stars")
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| refuse(StatusCode::UNPROCESSABLE_ENTITY, "msg_stars"))?;
    let outcome = p
        .writer
        .submit(Submission::Rating {
            article_id,
            reader: cleared.reader,
            stars,
            ip: reader.ip.to_string(),
            nonce: cleared.nonce,
        })
        .await
        .map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "msg_save_failed"))?;
    match outcome {
        Ok(Accepted::Rated {
            total,
            count,
            replaced,
        }) => {
            app.ratings.set(article_id, total, count);
            Ok((article_id, total, count, replaced))
        }
        Ok(_) => Err(refuse(StatusCode::INTERNAL_SERVER_ERROR, "msg_save_failed")),
        Err(r) => Err(refusal(app, r)),
    }
}

/// The status and message for a refusal by the store (shared by the three writes).
pub fn refusal(app: &AppState, r: Refusal) -> Refused {
    let (status, key) = match r {
        Refusal::Replayed => (StatusCode::CONFLICT, "msg_replayed"),
        Refusal::NoArticle => (StatusCode::NOT_FOUND, "msg_no_article"),
        Refusal::RatingOff => (StatusCode::FORBIDDEN, "msg_rating_off"),
        Refusal::CommentsOff => (StatusCode::FORBIDDEN, "msg_comments_off"),
        Refusal::NoParent => (StatusCode::UNPROCESSABLE_ENTITY, "msg_no_parent"),
        Refusal::NoPoll => (StatusCode::NOT_FOUND, "msg_no_poll"),
        Refusal::PollClosed => (StatusCode::CONFLICT, "msg_poll_closed"),
        Refusal::BadOptions => (StatusCode::UNPROCESSABLE_ENTITY, "msg_bad_option"),
        Refusal::AlreadyVoted => (StatusCode::CONFLICT, "msg_already_voted"),
    };
    Refused::new(app, status, key)
}

/// The canonical URL of a published article.
pub async fn article_url(app: &AppState, id: i64) -> Option<String> {
    let a = app.store.published_article(id, app.now()).await.ok()??;
    let data = app.site_data().await.ok()?;
    Some(views::article_url(&data, a.category_id, &a.slug, a.id))
}
