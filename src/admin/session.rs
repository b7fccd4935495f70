//! Who is logged in: the session cookie checked against the sessions table on every request,
//! with the idle timeout enforced here, on the server.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cong_store::User;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::auth::session::{alive, token_hash, SESSION_COOKIE};
use crate::auth::Role;
use crate::state::AppState;

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct Current {
    /// The account.
    pub user: User,
    /// Its role.
    pub role: Role,
    /// Hash of the session token (the session's key).
    pub session: String,
    /// Token every state-changing form and request of this session must carry.
    pub csrf: String,
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (k, v) = pair.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// The CSRF token of a session: a signature of its key, so it needs no storage.
pub fn csrf_for(app: &AppState, session: &str) -> String {
    let mut m =
        Hmac::<Sha256>::new_from_slice(app.participation.signer_key()).expect("any key length");
    m.update(b"admin-csrf\x1f");
    m.update(session.as_bytes());
    let mut out = hex::encode(m.finalize().into_bytes());
    out.truncate(32);
    out
}

/// The logged-in user, if the request carries a live session of an enabled account. A session
/// idle for too long is ended here.
pub async fn current(app: &AppState, headers: &HeaderMap) -> Option<Current> {
    let token = cookie_value(headers, SESSION_COOKIE)?;
    let hash = token_hash(token);
    let row = app.store.session(&hash).await.ok()??;
    let now = app.now();
    if !alive(row.last_seen, now, app.config.admin.idle_secs) {
        let _ = app.store.end_session(&hash).await;
        return None;
    }
    let user = app.store.user_by_id(row.user_id).await.ok()??;
    let role = Role::parse(&user.role)?;
    if user.disabled {
        return None;
    }
    let _ = app.store.touch_session(&hash, now).await;
    Some(Current {
        csrf: csrf_for(app, &hash),
        user,
        role,
        session: hash,
    })
}

/// The logged-in user with at least `role`; otherwise the answer to send: the log-in page for a
/// stranger, 403 for a user whose role is too low.
pub async fn require(app: &AppState, headers: &HeaderMap, role: Role) -> Result<Current, Response> {
    match current(app, headers).await {
        // Two-factor log-in required but not set up: only the account page is open.
        Some(c) if super::account::must_enrol(app, &c) => {
            Err(super::view::see_other("/admin/tai-khoan"))
        }
        Some(c) if c.role.allows(role) => Ok(c),
        Some(_) => Err(StatusCode::FORBIDDEN.into_response()),
        None => Err(super::view::see_other("/admin/login")),
    }
}

/// Whether a state-changing request carries this session's CSRF token (form field `csrf` or
/// header `X-CSRF-Token`).
pub fn csrf_ok(current: &Current, headers: &HeaderMap, form_value: Option<&str>) -> bool {
    let sent = form_value.or_else(|| headers.get("x-csrf-token").and_then(|v| v.to_str().ok()));
    sent.is_some_and(|s| s == current.csrf)
}

/// The Set-Cookie value that starts (`Some(token)`) or ends (`None`) a session.
pub fn session_cookie(app: &AppState, token: Option<&str>) -> HeaderValue {
    let secure = if app.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let value = match token {
        Some(t) => format!("{SESSION_COOKIE}={t}; Path=/admin; HttpOnly; SameSite=Lax{secure}"),
        None => {
            format!("{SESSION_COOKIE}=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Lax{secure}")
        }
    };
    HeaderValue::from_str(&value).expect("cookie text is ASCII")
}
