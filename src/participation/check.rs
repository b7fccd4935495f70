//! The checks every reader write passes before it reaches the writer: a known reader, a valid
//! single-use form token, and the per-address limit. Also the posted form itself.

use axum::http::{header, HeaderMap, StatusCode};

use super::{Limit, Purpose, TokenError};
use crate::http::client::Reader;
use crate::state::AppState;

/// Largest form body accepted, in bytes (a comment of 20,000 characters fits).
pub const MAX_FORM_BYTES: usize = 96 * 1024;

/// A posted form: its fields in order (a name may repeat) and how to answer.
#[derive(Debug)]
pub struct Posted {
    fields: Vec<(String, String)>,
    /// The client asked for JSON (the page's script) rather than a page.
    pub wants_json: bool,
}

impl Posted {
    /// Parses an `application/x-www-form-urlencoded` body.
    pub fn parse(headers: &HeaderMap, body: &[u8]) -> Posted {
        let wants_json = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json"));
        Posted {
            fields: form_urlencoded::parse(body).into_owned().collect(),
            wants_json,
        }
    }

    /// The first value of a field, trimmed; `None` when absent or blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Every value of a field, as sent.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a write was refused: the status and the message for the reader.
#[derive(Debug, Clone)]
pub struct Refused {
    /// HTTP status.
    pub status: StatusCode,
    /// Message in the site's language.
    pub message: String,
    /// Seconds until a limited address may try again.
    pub retry_after: Option<i64>,
}

impl Refused {
    /// A refusal with the UI string `key`.
    pub fn new(app: &AppState, status: StatusCode, key: &str) -> Refused {
        Refused {
            status,
            message: app.text(key),
            retry_after: None,
        }
    }
}

/// What passing the checks yields.
#[derive(Debug)]
pub struct Cleared {
    /// Reader id.
    pub reader: String,
    /// Form nonce, for the store's replay check.
    pub nonce: String,
}

/// Checks reader, token and limit for a write of `purpose`.
pub fn clear(
    app: &AppState,
    reader: &Reader,
    form: &Posted,
    purpose: Purpose,
    limit: &Limit,
) -> Result<Cleared, Refused> {
    let p = &app.participation;
    let Some(reader_id) = p.known_reader(reader) else {
        return Err(Refused::new(app, StatusCode::FORBIDDEN, "msg_no_cookie"));
    };
    let cfg = &app.config.participation;
    // Only comments take typing; a star or a tick is one click.
    let min_age = if purpose == Purpose::Comment {
        cfg.min_form_secs
    } else {
        0
    };
    let now = app.now();
    let form_token = form.get("token").unwrap_or("");
    let checked = p.signer.check(
        form_token,
        purpose,
        &reader_id,
        now,
        (min_age, cfg.form_max_age_secs),
    );
    let form_ok = checked.map_err(|e| match e {
        TokenError::Invalid => Refused::new(app, StatusCode::FORBIDDEN, "msg_bad_token"),
        TokenError::Expired => Refused::new(app, StatusCode::FORBIDDEN, "msg_expired"),
        TokenError::TooFast => Refused::new(app, StatusCode::UNPROCESSABLE_ENTITY, "msg_too_fast"),
    })?;
    if let Err(wait) = limit.take(reader.ip, now) {
        let minutes = (wait + 59) / 60;
        return Err(Refused {
            status: StatusCode::TOO_MANY_REQUESTS,
            message: app
                .text("msg_rate_limited")
                .replace("{minutes}", &minutes.to_string()),
            retry_after: Some(wait),
        });
    }
    Ok(Cleared {
        reader: reader_id,
        nonce: form_ok.nonce,
    })
}
