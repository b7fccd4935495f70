//! `/admin/login`: name and password, then a TOTP or recovery code when the account has one.
//!
//! The answer never tells whether a name exists: an unknown name gets the same message and
//! takes as long. The decisions and the counting are in [`crate::auth::login`]; here is HTTP:
//! the forms, the cookies, the pages.
//!
//! The second step is held on the server, under a token in a cookie that only this browser
//! has (HttpOnly, SameSite=Strict, path `/admin/login`): it cannot be used from another
//! browser, nor posted by another site to log a victim in to the attacker's account.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use cong_store::User;
use minijinja::context;

use super::audit::{record, Actor};
use super::session::{cookie, session_cookie, set_cookie};
use super::view::{locked_message, page, see_other};
use crate::auth::device::{self, DEVICE_COOKIE, DEVICE_SECS};
use crate::auth::login::{check_code, check_password, Attempt, Outcome, CODE_SECS};
use crate::auth::session;
use crate::error::AppError;
use crate::http::client::{cookie_value, Reader};
use crate::participation::check::Posted;
use crate::participation::Purpose;
use crate::state::AppState;

/// Cookie of a log-in waiting for its second step.
const PENDING_COOKIE: &str = "cong_2b";

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
    // Only what a person could have typed into the field is shown back.
    let name: String = name.chars().take(40).collect();
    let ctx = context! { token, error, name, title => app.text("admin_login") };
    let mut resp = page(app, status, "admin/login.html", ctx);
    if let Some(c) = who.set_cookie {
        set_cookie(&mut resp, c);
    }
    resp
}

fn code_page(app: &AppState, status: StatusCode, error: Option<String>) -> Response {
    let ctx = context! { title => app.text("admin_second_step"), error };
    page(app, status, "admin/totp.html", ctx)
}

/// `POST /admin/login` with `token`, `name`, `password`.
pub async fn submit(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
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
        return Ok(login_page(
            &app,
            &reader,
            StatusCode::FORBIDDEN,
            Some(msg),
            &name,
        ));
    }
    let attempt = Attempt {
        name: &name,
        password: form.get("password").unwrap_or(""),
        ip: reader.ip,
        device: cookie_value(&headers, DEVICE_COOKIE),
    };
    let actor = Actor {
        user_id: None,
        name: &name,
        ip: reader.ip,
    };
    let user = match check_password(&app, attempt).await? {
        Outcome::Right(user) => user,
        Outcome::Wrong => {
            record(&app, actor, "login_failed", None, "").await?;
            let msg = app.text("admin_bad_login");
            return Ok(login_page(
                &app,
                &reader,
                StatusCode::UNAUTHORIZED,
                Some(msg),
                &name,
            ));
        }
        Outcome::Locked(until) => return Ok(locked(&app, &reader, &name, until)),
        Outcome::Busy => return Ok(busy(&app, &reader, &name)),
    };
    if !user.totp_enabled {
        return start_session(&app, &reader, &headers, &user).await;
    }
    let (token, hash) = session::new_token();
    app.store.start_pending_login(&hash, user.id, now).await?;
    let mut resp = code_page(&app, StatusCode::OK, None);
    let attrs = format!("SameSite=Strict; Max-Age={CODE_SECS}");
    let pending = cookie(
        PENDING_COOKIE,
        Some(&token),
        "/admin/login",
        &attrs,
        reader.secure,
    );
    set_cookie(&mut resp, pending);
    Ok(resp)
}

/// `POST /admin/login/ma` with `code` (TOTP or recovery), from the browser that typed the
/// password (its pending-log-in cookie).
pub async fn second_step(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = Posted::parse(&headers, &body);
    let pending = cookie_value(&headers, PENDING_COOKIE).map(session::token_hash);
    let code = form.get("code").unwrap_or("");
    let outcome = match &pending {
        Some(hash) => check_code(&app, hash, code, reader.ip).await?,
        None => None,
    };
    let Some((user, outcome)) = outcome else {
        // No such log-in, or it is over: back to the password.
        let msg = app.text("admin_code_expired");
        let mut resp = login_page(&app, &reader, StatusCode::FORBIDDEN, Some(msg), "");
        set_cookie(&mut resp, clear_pending(&reader));
        return Ok(resp);
    };
    match outcome {
        Outcome::Right(()) => {
            let mut resp = start_session(&app, &reader, &headers, &user).await?;
            set_cookie(&mut resp, clear_pending(&reader));
            Ok(resp)
        }
        Outcome::Wrong => {
            let actor = Actor {
                user_id: Some(user.id),
                name: &user.name,
                ip: reader.ip,
            };
            record(&app, actor, "totp_failed", None, "").await?;
            let msg = app.text("admin_bad_code");
            Ok(code_page(&app, StatusCode::UNAUTHORIZED, Some(msg)))
        }
        Outcome::Locked(until) => {
            let mut resp = locked(&app, &reader, "", until);
            set_cookie(&mut resp, clear_pending(&reader));
            Ok(resp)
        }
        Outcome::Busy => Ok(busy(&app, &reader, "")),
    }
}

fn clear_pending(reader: &Reader) -> axum::http::HeaderValue {
    cookie(
        PENDING_COOKIE,
        None,
        "/admin/login",
        "SameSite=Strict",
        reader.secure,
    )
}

async fn start_session(
    app: &AppState,
    reader: &Reader,
    headers: &HeaderMap,
    user: &User,
) -> Result<Response, AppError> {
    let (token, hash) = session::new_token();
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let agent: String = agent.chars().take(200).collect();
    let ip = reader.ip.to_string();
    app.store
        .create_session(&hash, user.id, &ip, &agent, app.now())
        .await?;
    let actor = Actor {
        user_id: Some(user.id),
        name: &user.name,
        ip: reader.ip,
    };
    record(app, actor, "login", None, "").await?;
    let mut resp = see_other("/admin/");
    set_cookie(&mut resp, session_cookie(Some(&token), reader.secure));
    // This browser is now known to the account: a guesser elsewhere cannot lock it out.
    let known = device::issue(&app.participation.signer, user.id);
    let attrs = format!("SameSite=Strict; Max-Age={DEVICE_SECS}");
    let c = cookie(
        DEVICE_COOKIE,
        Some(&known),
        "/admin/login",
        &attrs,
        reader.secure,
    );
    set_cookie(&mut resp, c);
    Ok(resp)
}

fn locked(app: &AppState, reader: &Reader, name: &str, until: i64) -> Response {
    let msg = locked_message(app, until);
    let mut resp = login_page(app, reader, StatusCode::TOO_MANY_REQUESTS, Some(msg), name);
    let wait = (until - app.now()).max(1);
    resp.headers_mut().insert(
        header::RETRY_AFTER,
        wait.to_string().parse().expect("digits"),
    );
    resp
}

fn busy(app: &AppState, reader: &Reader, name: &str) -> Response {
    let msg = app.text("admin_busy");
    let mut resp = login_page(
        app,
        reader,
        StatusCode::SERVICE_UNAVAILABLE,
        Some(msg),
        name,
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    resp
}
