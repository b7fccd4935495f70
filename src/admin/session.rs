//! Who is logged in: the session cookie checked against the sessions table on every request,
//! with the idle timeout and the absolute lifetime enforced here, on the server.

use std::net::IpAddr;

use axum::http::{header, HeaderMap, HeaderValue};
use cong_store::User;

use crate::auth::session::{alive, token_hash, SESSION_COOKIE};
use crate::auth::Role;
use crate::error::AppError;
use crate::http::client::{cookie_value, Reader};
use crate::participation::token::constant_time_eq;
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
    /// Where the request came from (for the audit log).
    pub ip: IpAddr,
    /// Whether the request reached the site over https (cookies get `Secure`).
    pub secure: bool,
    /// Seconds until the session ends if nothing more is sent (the idle timeout, or what is
    /// left of its lifetime when that is sooner).
    pub secs_left: i64,
}

/// The CSRF token of a session: a signature of its key, so it needs no storage.
pub fn csrf_for(app: &AppState, session: &str) -> String {
    app.participation.signer.mac(&["admin-csrf", session])
}

/// The logged-in user, if the request carries a live session of an enabled account. A session
/// idle for too long, or older than its lifetime, is ended here. A database failure is an
/// error, never "not logged in".
pub async fn current(
    app: &AppState,
    headers: &HeaderMap,
    reader: &Reader,
) -> Result<Option<Current>, AppError> {
    let Some(token) = cookie_value(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(token);
    let Some(row) = app.store.session(&hash).await? else {
        return Ok(None);
    };
    let now = app.now();
    let idle = app.config.admin.idle_secs;
    let max_age = app.config.security.session_max_secs;
    let lifetime_left = if max_age == 0 {
        i64::MAX
    } else {
        row.created_at + max_age - now
    };
    if !alive(row.last_seen, now, idle) || lifetime_left <= 0 {
        app.store.end_session(&hash).await?;
        return Ok(None);
    }
    let Some(user) = app.store.user_by_id(row.user_id).await? else {
        return Ok(None);
    };
    let Some(role) = Role::parse(&user.role).filter(|_| !user.disabled) else {
        return Ok(None);
    };
    // Renewed at most every few seconds, not on every request: a write per page would queue
    // a busy newsroom behind the one SQLite writer. The time left that pages show is the
    // least it can be until the next renewal, so it never overstates, and a page does not
    // change from one second to the next (tools that compare answers rely on that).
    let renew_every = (idle / 20).clamp(1, 30);
    if now - row.last_seen >= renew_every {
        app.store.touch_session(&hash, now).await?;
    }
    Ok(Some(Current {
        csrf: csrf_for(app, &hash),
        user,
        role,
        session: hash,
        ip: reader.ip,
        secure: reader.secure,
        secs_left: (idle - renew_every).min(lifetime_left),
    }))
}

/// Whether this user must turn two-factor log-in on before using the back office.
pub fn must_enrol(app: &AppState, me: &Current) -> bool {
    app.config.admin.require_totp && me.role.allows(Role::Editor) && !me.user.totp_enabled
}

/// Whether a state-changing request carries this session's CSRF token (form field `csrf` or
/// header `X-CSRF-Token`).
pub fn csrf_ok(current: &Current, headers: &HeaderMap, form_value: Option<&str>) -> bool {
    let sent = form_value.or_else(|| headers.get("x-csrf-token").and_then(|v| v.to_str().ok()));
    sent.is_some_and(|s| constant_time_eq(s, &current.csrf))
}

/// A `Set-Cookie` value: `name=value` for `path` with `attributes`, `Secure` over https, and
/// removed (`Max-Age=0`) when `value` is `None`.
pub fn cookie(
    name: &str,
    value: Option<&str>,
    path: &str,
    attributes: &str,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = match value {
        Some(v) => format!("{name}={v}; Path={path}; HttpOnly; {attributes}{secure}"),
        None => format!("{name}=; Path={path}; Max-Age=0; HttpOnly; {attributes}{secure}"),
    };
    HeaderValue::from_str(&text).expect("cookie text is ASCII")
}

/// The Set-Cookie value that starts (`Some(token)`) or ends (`None`) a session.
pub fn session_cookie(token: Option<&str>, secure: bool) -> HeaderValue {
    cookie(SESSION_COOKIE, token, "/admin", "SameSite=Lax", secure)
}

/// Adds `Set-Cookie` to an answer.
pub fn set_cookie(resp: &mut axum::response::Response, value: HeaderValue) {
    resp.headers_mut().append(header::SET_COOKIE, value);
}
