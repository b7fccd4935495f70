//! `POST /tham-do/<poll id>`: a reader's vote.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use cong_store::{Accepted, Submission};

use super::rating::refusal;
use super::reply::{self, see_other};
use crate::http::client::Reader;
use crate::participation::check::{clear, Posted, Refused};
use crate::participation::Purpose;
use crate::state::AppState;
use crate::urls;

/// `POST /tham-do/<id>` with `token` and one `option` (or several, for a multiple-choice poll).
pub async fn vote(
    State(app): State<AppState>,
    Path(id): Path<String>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    match submit(&app, &id, &reader, &form).await {
        Ok(poll_id) if form.wants_json => {
            let p = &app.participation;
            let reader_id = p.known_reader(&reader).unwrap_or_default();
            reply::json(
                StatusCode::OK,
                true,
                &app.text("msg_voted"),
                serde_json::json!({
                    "results_url": urls::poll(poll_id),
                    "token": p.signer.token(Purpose::Vote, &reader_id, app.now()),
                }),
            )
        }
        // The results page is where a voter wants to go next.
        Ok(poll_id) => see_other(&urls::poll(poll_id)),
        Err(r) => reply::refused(&app, &reader, &r, form.wants_json).await,
    }
}

async fn submit(app: &AppState, id: &str, reader: &Reader, form: &Posted) -> Result<i64, Refused> {
    let refuse = |status, key: &str| Refused::new(app, status, key);
    let poll_id: i64 = id
        .parse()
        .map_err(|_| refuse(StatusCode::NOT_FOUND, "msg_no_poll"))?;
    let p = &app.participation;
    let cleared = clear(app, reader, form, Purpose::Vote, &p.votes_limit)?;
    let mut options = Vec::new();
    for v in form.all("option") {
        let id = v
            .trim()
            .parse::<i64>()
            .map_err(|_| refuse(StatusCode::UNPROCESSABLE_ENTITY, "msg_bad_option"))?;
        options.push(id);
    }
    if options.is_empty() {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "msg_choose_option",
        ));
    }
    let outcome = p
        .writer
        .submit(Submission::Vote {
            poll_id,
            option_ids: options,
            reader: cleared.reader,
            ip: reader.ip.to_string(),
            nonce: cleared.nonce,
        })
        .await
        .map_err(|_| refuse(StatusCode::SERVICE_UNAVAILABLE, "msg_save_failed"))?;
    match outcome {
        Ok(Accepted::Voted) => Ok(poll_id),
        Ok(_) => Err(refuse(StatusCode::INTERNAL_SERVER_ERROR, "msg_save_failed")),
        Err(r) => Err(refusal(app, r)),
    }
}
