//! `/admin/login`: name and password, then a TOTP or recovery code when the account has one.
//!
//! The answer never tells whether a name exists: an unknown name gets the same message, and
//! takes as long (a password hash is checked either way). Failures count per name and per
//! address in the database, so the limit holds across restarts and instances.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::TimeZone;
use cong_store::{AuditEntry, FailureRule, User};
use minijinja::context;

use super::session::session_cookie;
use super::view::{page, see_other};
use crate::auth::{password, session, totp};
use crate::http::client::Reader;
use crate::participation::check::Posted;
use crate::participation::Purpose;
use crate::state::AppState;

/// Failures per account before it is locked for a while.
const PER_NAME: FailureRule = FailureRule {
    limit: 5,
    window: 15 * 60,
    lock: 15 * 60,
};
/// Failures per address (offices share one) before it is locked for a while.
const PER_ADDRESS: FailureRule = FailureRule {
    limit: 30,
    window: 15 * 60,
    lock: 15 * 60,
};
/// Seconds between the password and the second factor.
const SECOND_STEP_SECS: i64 = 300;
/// A hash no password matches, checked for unknown names so they take as long as known ones.
const NO_ACCOUNT: &str = "$argon2id$v=19$m=19456,t=2,p=1$bm8tYWNjb3VudC1zYWx0$0H4Qp8dQ1yvhZKzDbZqN3u+Yq1p0m3c9r2s1tQ4xWzE";

/// `GET /admin/login`
pub async fn form(State(app): State<AppState>, reader: Reader) -> Response {
    login_page(&app, &reader, StatusCode::OK, None, "")
}

fn login_page(
    app: &AppState,
    reader: &Reader,
    status: StatusCode,
    error: Option<String>,
    name: &str,
) -> Response {
    let p = &app.participation;
    let who = p.identify(reader);
    let token = p.signer.token(Purpose::Login, &who.id, app.now());
    let ctx = context! { token, error, name, title => app.text("admin_login") };
    let mut resp = page(app, status, "admin/login.html", ctx);
    if let Some(c) = who.set_cookie {
        resp.headers_mut().insert(header::SET_COOKIE, c);
    }
    resp
}

/// `POST /admin/login` with `token`, `name`, `password`.
pub async fn submit(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let name = form.get("name").unwrap_or("").to_lowercase();
    let now = app.now();
    let p = &app.participation;
    let form_ok = p.known_reader(&reader).is_some_and(|id| {
        let ages = (0, app.config.participation.form_max_age_secs);
        let t = form.get("token").unwrap_or("");
        p.signer.check(t, Purpose::Login, &id, now, ages).is_ok()
    });
    if !form_ok {
        let msg = app.text("admin_form_stale");
        return login_page(&app, &reader, StatusCode::FORBIDDEN, Some(msg), &name);
    }
    let (name_key, ip_key) = (format!("user:{name}"), format!("ip:{}", reader.ip));
    let locked = app
        .store
        .locked_until(&name_key)
        .await
        .unwrap_or(0)
        .max(app.store.locked_until(&ip_key).await.unwrap_or(0));
    if locked > now {
        return locked_page(&app, &reader, &name, locked);
    }
    let user = app.store.user_by_name(&name).await.ok().flatten();
    let stored = user
        .as_ref()
        .filter(|u| !u.password_hash.is_empty())
        .map_or(NO_ACCOUNT.to_string(), |u| u.password_hash.clone());
    let typed = form.get("password").unwrap_or("").to_string();
    let matches = tokio::task::spawn_blocking(move || password::verify(&stored, &typed))
        .await
        .unwrap_or(false);
    let user = match user {
        Some(u) if matches && !u.disabled => u,
        _ => return failed(&app, &reader, &name, "login_failed").await,
    };
    if user.totp_enabled {
        let pending = pending_token(&app, user.id, now);
        let ctx =
            context! { pending, title => app.text("admin_second_step"), error => None::<String> };
        return page(&app, StatusCode::OK, "admin/totp.html", ctx);
    }
    start_session(&app, &reader, &headers, &user).await
}

/// `POST /admin/login/ma` with `pending` (from the password step) and `code` (TOTP or recovery).
pub async fn second_step(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let now = app.now();
    let Some(user_id) = form
        .get("pending")
        .and_then(|t| check_pending(&app, t, now))
    else {
        let msg = app.text("admin_form_stale");
        return login_page(&app, &reader, StatusCode::FORBIDDEN, Some(msg), "");
    };
    let Some(user) = app.store.user_by_id(user_id).await.ok().flatten() else {
        return see_other("/admin/login");
    };
    let code = form.get("code").unwrap_or("");
    let secret = user.totp_secret.clone().unwrap_or_default();
    let ok = match totp::matching_step(&secret, code, now) {
        // Each step counts once, so a code seen over a shoulder cannot be used again.
        Some(step) => app
            .store
            .accept_totp_step(user.id, step)
            .await
            .unwrap_or(false),
        None => app
            .store
            .use_recovery_code(user.id, &totp::recovery_hash(code), now)
            .await
            .unwrap_or(false),
    };
    if !ok {
        audit(&app, &reader, Some(&user), &user.name, "totp_failed").await;
        let _ = app
            .store
            .record_login_failure(&format!("user:{}", user.name), PER_NAME, now)
            .await;
        let pending = pending_token(&app, user.id, now);
        let ctx = context! { pending, title => app.text("admin_second_step"), error => Some(app.text("admin_bad_code")) };
        return page(&app, StatusCode::UNAUTHORIZED, "admin/totp.html", ctx);
    }
    start_session(&app, &reader, &headers, &user).await
}

async fn start_session(
    app: &AppState,
    reader: &Reader,
    headers: &HeaderMap,
    user: &User,
) -> Response {
    let (token, hash) = session::new_token();
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let ua: String = ua.chars().take(200).collect();
    let ip = reader.ip.to_string();
    if let Err(e) = app
        .store
        .create_session(&hash, user.id, &ip, &ua, app.now())
        .await
    {
        tracing::error!(error = %e, "could not start a session");
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let _ = app
        .store
        .clear_login_failures(&format!("user:{}", user.name))
        .await;
    audit(app, reader, Some(user), &user.name, "login").await;
    let mut resp = see_other("/admin/");
    resp.headers_mut()
        .insert(header::SET_COOKIE, session_cookie(app, Some(&token)));
    resp
}

async fn failed(app: &AppState, reader: &Reader, name: &str, action: &str) -> Response {
    let now = app.now();
    audit(app, reader, None, name, action).await;
    let by_name = app
        .store
        .record_login_failure(&format!("user:{name}"), PER_NAME, now)
        .await
        .unwrap_or(0);
    let by_ip = app
        .store
        .record_login_failure(&format!("ip:{}", reader.ip), PER_ADDRESS, now)
        .await
        .unwrap_or(0);
    let locked = by_name.max(by_ip);
    if locked > now {
        return locked_page(app, reader, name, locked);
    }
    let msg = app.text("admin_bad_login");
    login_page(app, reader, StatusCode::UNAUTHORIZED, Some(msg), name)
}

fn locked_page(app: &AppState, reader: &Reader, name: &str, until: i64) -> Response {
    let at = app
        .tz
        .timestamp_opt(until, 0)
        .single()
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default();
    let msg = app.text("admin_locked").replace("{time}", &at);
    let mut resp = login_page(app, reader, StatusCode::TOO_MANY_REQUESTS, Some(msg), name);
    let wait = (until - app.now()).max(1).to_string();
    if let Ok(v) = wait.parse() {
        resp.headers_mut().insert(header::RETRY_AFTER, v);
    }
    resp
}

/// Records a log-in event.
pub async fn audit(app: &AppState, reader: &Reader, user: Option<&User>, name: &str, action: &str) {
    let entry = AuditEntry {
        at: app.now(),
        user_id: user.map(|u| u.id),
        user_name: name.chars().take(80).collect(),
        action: action.into(),
        ip: reader.ip.to_string(),
        ..AuditEntry::default()
    };
    if let Err(e) = app.store.audit(&entry).await {
        tracing::error!(error = %e, "could not write the audit log");
    }
}

/// A signed, short-lived proof that the password step succeeded for `user_id`.
fn pending_token(app: &AppState, user_id: i64, now: i64) -> String {
    let reader = format!("2fa-{user_id}");
    format!(
        "{user_id}:{}",
        app.participation.signer.token(Purpose::Login, &reader, now)
    )
}

fn check_pending(app: &AppState, token: &str, now: i64) -> Option<i64> {
    let (id, rest) = token.split_once(':')?;
    let user_id: i64 = id.parse().ok()?;
    let reader = format!("2fa-{user_id}");
    app.participation
        .signer
        .check(rest, Purpose::Login, &reader, now, (0, SECOND_STEP_SECS))
        .ok()
        .map(|_| user_id)
}
