//! `/admin/tai-khoan`: one's own account: change the password (ending one's other sessions),
//! and turn two-factor log-in on (QR code, the secret as text, a first code to confirm,
//! recovery codes shown once) or off. Every change asks for the current password again, and
//! a new second factor replaces the old one only once its first code is right.

use axum::extract::State;
use axum::response::Response;
use minijinja::{context, Value};

use super::audit::record;
use super::guard::{Anyone, Change, Staff};
use super::session::{must_enrol, Current};
use super::view::{frame, locked_message, page, Notice};
use crate::auth::login::{check_current_password, Outcome};
use crate::auth::password::{self, Policy, WeakPassword};
use crate::auth::totp;
use crate::error::AppError;
use crate::state::AppState;

/// `GET /admin/tai-khoan`
pub async fn show(State(app): State<AppState>, me: Staff<Anyone>) -> Result<Response, AppError> {
    render(&app, &me, Notice::default(), Vec::new()).await
}

/// The page with the account as it is now (a change may just have altered it).
async fn render(
    app: &AppState,
    me: &Current,
    notice: Notice,
    recovery: Vec<String>,
) -> Result<Response, AppError> {
    let mut me = me.clone();
    if let Some(user) = app.store.user_by_id(me.user.id).await? {
        me.user = user;
    }
    let enrolling = me.user.totp_pending.as_deref().map(|secret| {
        let url = totp::otpauth_url(&app.config.site.short_name, &me.user.name, secret);
        context! { qr => Value::from_safe_string(qr_data_url(&url)), secret }
    });
    let ctx = context! {
        totp_enabled => me.user.totp_enabled,
        must_enrol => must_enrol(app, &me),
        notice => notice.value(),
        enrolling,
        recovery,
        min_chars => app.config.security.password_min_chars,
        ..frame(app, &me, "admin_account")
    };
    Ok(page(app, notice.status(), "admin/account.html", ctx))
}

/// The notice for a current password that was not right, or `None` when it was.
async fn reauth(app: &AppState, me: &Current, typed: &str) -> Result<Option<Notice>, AppError> {
    Ok(match check_current_password(app, &me.user, typed).await? {
        Outcome::Right(()) => None,
        Outcome::Wrong => Some(Notice::error(app.text("admin_wrong_current"))),
        Outcome::Locked(until) => Some(Notice::error(locked_message(app, until))),
        Outcome::Busy => Some(Notice::error(app.text("admin_busy"))),
    })
}

/// A refused new password, in the site's language.
pub fn weak_message(app: &AppState, e: &WeakPassword) -> String {
    let (key, n) = e.text_key();
    app.text(key).replace("{n}", &n.to_string())
}

/// `POST /admin/tai-khoan/mat-khau` with `current`, `new`: the other sessions end.
pub async fn change_password(
    State(app): State<AppState>,
    c: Change<Anyone>,
) -> Result<Response, AppError> {
    let new = c.form.get("new").unwrap_or("").to_string();
    if let Some(refused) = reauth(&app, &c.me, c.form.get("current").unwrap_or("")).await? {
        return render(&app, &c.me, refused, Vec::new()).await;
    }
    let policy = Policy::of(&app.config.security);
    if let Err(e) = password::check_new(&c.me.user.name, &new, policy) {
        return render(
            &app,
            &c.me,
            Notice::error(weak_message(&app, &e)),
            Vec::new(),
        )
        .await;
    }
    let Ok(hash) = app.hasher.hash(new).await else {
        return render(
            &app,
            &c.me,
            Notice::error(app.text("admin_busy")),
            Vec::new(),
        )
        .await;
    };
    // The other sessions end; this one goes on.
    app.store
        .set_password(c.me.user.id, &hash, Some(&c.me.session), app.now())
        .await?;
    record(
        &app,
        (&c.me).into(),
        "password_changed",
        Some(("user", c.me.user.id)),
        "",
    )
    .await?;
    let done = Notice::done(app.text("admin_password_changed"));
    render(&app, &c.me, done, Vec::new()).await
}

/// `POST /admin/tai-khoan/totp-bat-dau` with `current`: a new secret waits for its first
/// code; a second factor already on stays on until then.
pub async fn begin_totp(
    State(app): State<AppState>,
    c: Change<Anyone>,
) -> Result<Response, AppError> {
    if let Some(refused) = reauth(&app, &c.me, c.form.get("current").unwrap_or("")).await? {
        return render(&app, &c.me, refused, Vec::new()).await;
    }
    let secret = totp::new_secret();
    app.store
        .begin_totp_enrolment(c.me.user.id, &secret, app.now())
        .await?;
    record(
        &app,
        (&c.me).into(),
        "totp_enrolment_started",
        Some(("user", c.me.user.id)),
        "",
    )
    .await?;
    render(&app, &c.me, Notice::default(), Vec::new()).await
}

/// `POST /admin/tai-khoan/totp-xac-nhan` with `code`: the first code of the waiting secret
/// puts it in use, replacing the old factor and its recovery codes.
pub async fn confirm_totp(
    State(app): State<AppState>,
    c: Change<Anyone>,
) -> Result<Response, AppError> {
    let now = app.now();
    let user = app.store.user_by_id(c.me.user.id).await?;
    let Some(secret) = user.and_then(|u| u.totp_pending) else {
        return render(
            &app,
            &c.me,
            Notice::error(app.text("admin_no_enrolment")),
            Vec::new(),
        )
        .await;
    };
    let Some(step) = totp::matching_step(&secret, c.form.get("code").unwrap_or(""), now) else {
        return render(
            &app,
            &c.me,
            Notice::error(app.text("admin_bad_code")),
            Vec::new(),
        )
        .await;
    };
    let (codes, hashes) = totp::new_recovery_codes();
    let confirmed = app
        .store
        .confirm_totp_enrolment(c.me.user.id, &secret, step, &hashes, now)
        .await?;
    if !confirmed {
        // Enrolment was started again meanwhile (another tab): its QR code is the one to use.
        return render(
            &app,
            &c.me,
            Notice::error(app.text("admin_bad_code")),
            Vec::new(),
        )
        .await;
    }
    record(
        &app,
        (&c.me).into(),
        "totp_enabled",
        Some(("user", c.me.user.id)),
        "",
    )
    .await?;
    render(&app, &c.me, Notice::done(app.text("admin_totp_on")), codes).await
}

/// `POST /admin/tai-khoan/totp-tat` with `current`.
pub async fn disable_totp(
    State(app): State<AppState>,
    c: Change<Anyone>,
) -> Result<Response, AppError> {
    if let Some(refused) = reauth(&app, &c.me, c.form.get("current").unwrap_or("")).await? {
        return render(&app, &c.me, refused, Vec::new()).await;
    }
    app.store.disable_totp(c.me.user.id, app.now()).await?;
    record(
        &app,
        (&c.me).into(),
        "totp_disabled",
        Some(("user", c.me.user.id)),
        "",
    )
    .await?;
    render(
        &app,
        &c.me,
        Notice::done(app.text("admin_totp_off")),
        Vec::new(),
    )
    .await
}

/// A QR code of `text` as an SVG data URL (the CSP allows `data:` images, not inline SVG
/// scripts, and an `<img>` keeps it inert).
fn qr_data_url(text: &str) -> String {
    let svg = qrcode::QrCode::new(text.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color<'_>>()
                .min_dimensions(220, 220)
                .build()
        })
        .unwrap_or_default();
    let encoded: String = svg
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b' '
            | b'='
            | b':'
            | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("data:image/svg+xml,{}", encoded.replace(' ', "%20"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_an_inert_data_url() {
        let url = qr_data_url("otpauth://totp/S%E1:x?secret=ABC");
        assert!(url.starts_with("data:image/svg+xml,"));
        assert!(!url.contains('<') && !url.contains('"') && !url.contains(' '));
    }
}
