//! `/admin/tai-khoan`: one's own account: change the password (ending one's other sessions),
//! and turn two-factor log-in on (QR code, the secret as text, a first code to confirm,
//! recovery codes shown once) or off.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cong_store::AuditEntry;
use minijinja::{context, Value};

use super::session::{csrf_ok, current, Current};
use super::view::{page, see_other};
use crate::auth::{password, totp};
use crate::http::client::Reader;
use crate::participation::check::Posted;
use crate::state::AppState;

/// What the page shows besides the forms.
#[derive(Default)]
struct Shown {
    error: Option<String>,
    done: Option<String>,
    /// Enrolment under way: (QR code as an SVG data URL, secret as text).
    enrolling: Option<(String, String)>,
    recovery: Vec<String>,
}

/// `GET /admin/tai-khoan`
pub async fn show(State(app): State<AppState>, headers: HeaderMap) -> Response {
    match current(&app, &headers).await {
        Some(me) => render(&app, &me, StatusCode::OK, Shown::default()),
        None => see_other("/admin/login"),
    }
}

fn render(app: &AppState, me: &Current, status: StatusCode, s: Shown) -> Response {
    let cfg = &app.config.admin;
    let must = must_enrol(app, me);
    let ctx = context! {
        title => app.text("admin_account"),
        me => context! { display_name => me.user.display_name.clone(), role => app.text(&format!("role_{}", me.role.name())) },
        csrf => me.csrf.clone(),
        idle_secs => cfg.idle_secs,
        warn_secs => cfg.warn_secs,
        totp_enabled => me.user.totp_enabled,
        must_enrol => must,
        error => s.error,
        done => s.done,
        enrolling => s.enrolling.map(|(qr, secret)| context! { qr => Value::from_safe_string(qr), secret }),
        recovery => s.recovery,
    };
    page(app, status, "admin/account.html", ctx)
}

/// Whether this user must turn two-factor log-in on before using the back office.
pub fn must_enrol(app: &AppState, me: &Current) -> bool {
    app.config.admin.require_totp
        && me.role.allows(crate::auth::Role::Editor)
        && !me.user.totp_enabled
}

async fn audit(app: &AppState, me: &Current, reader: &Reader, action: &str) {
    let entry = AuditEntry {
        at: app.now(),
        user_id: Some(me.user.id),
        user_name: me.user.name.clone(),
        action: action.into(),
        object_kind: "user".into(),
        object_id: me.user.id.to_string(),
        ip: reader.ip.to_string(),
        ..AuditEntry::default()
    };
    if let Err(e) = app.store.audit(&entry).await {
        tracing::error!(error = %e, "could not write the audit log");
    }
}

/// `POST /admin/tai-khoan/<action>` with `csrf`: `mat-khau` (current, new), `totp-bat-dau`,
/// `totp-xac-nhan` (code), `totp-tat` (current password).
pub async fn change(
    State(app): State<AppState>,
    axum::extract::Path(action): axum::extract::Path<String>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let Some(me) = current(&app, &headers).await else {
        return see_other("/admin/login");
    };
    if !csrf_ok(&me, &headers, form.get("csrf")) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let now = app.now();
    let fail = |key: &str| Shown {
        error: Some(app.text(key)),
        ..Shown::default()
    };
    let right_password = |typed: String| {
        let stored = me.user.password_hash.clone();
        tokio::task::spawn_blocking(move || password::verify(&stored, &typed))
    };
    let (status, shown) = match action.as_str() {
        "mat-khau" => {
            let new = form.get("new").unwrap_or("").to_string();
            if !right_password(form.get("current").unwrap_or("").into())
                .await
                .unwrap_or(false)
            {
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    fail("admin_wrong_current"),
                )
            } else if let Err(e) = password::check_new(&me.user.name, &new) {
                let shown = Shown {
                    error: Some(e.to_string()),
                    ..Shown::default()
                };
                (StatusCode::UNPROCESSABLE_ENTITY, shown)
            } else {
                let hash = tokio::task::spawn_blocking(move || password::hash(&new))
                    .await
                    .unwrap_or_default();
                // The other sessions end; this one goes on.
                let _ = app
                    .store
                    .set_password(me.user.id, &hash, Some(&me.session), now)
                    .await;
                audit(&app, &me, &reader, "password_changed").await;
                (
                    StatusCode::OK,
                    Shown {
                        done: Some(app.text("admin_password_changed")),
                        ..Shown::default()
                    },
                )
            }
        }
        "totp-bat-dau" => {
            let secret = totp::new_secret();
            let _ = app.store.set_totp_secret(me.user.id, &secret, now).await;
            let url = totp::otpauth_url(&app.config.site.short_name, &me.user.name, &secret);
            (
                StatusCode::OK,
                Shown {
                    enrolling: Some((qr_data_url(&url), secret)),
                    ..Shown::default()
                },
            )
        }
        "totp-xac-nhan" => {
            let user = app.store.user_by_id(me.user.id).await.ok().flatten();
            let secret = user.and_then(|u| u.totp_secret).unwrap_or_default();
            let step = totp::matching_step(&secret, form.get("code").unwrap_or(""), now);
            let accepted = match step {
                Some(s) => app
                    .store
                    .accept_totp_step(me.user.id, s)
                    .await
                    .unwrap_or(false),
                None => false,
            };
            if secret.is_empty() || !accepted {
                let url = totp::otpauth_url(&app.config.site.short_name, &me.user.name, &secret);
                let enrolling = (!secret.is_empty()).then(|| (qr_data_url(&url), secret.clone()));
                let shown = Shown {
                    error: Some(app.text("admin_bad_code")),
                    enrolling,
                    ..Shown::default()
                };
                (StatusCode::UNPROCESSABLE_ENTITY, shown)
            } else {
                let (codes, hashes) = totp::new_recovery_codes();
                let _ = app.store.enable_totp(me.user.id, &hashes, now).await;
                audit(&app, &me, &reader, "totp_enabled").await;
                (
                    StatusCode::OK,
                    Shown {
                        done: Some(app.text("admin_totp_on")),
                        recovery: codes,
                        ..Shown::default()
                    },
                )
            }
        }
        "totp-tat" => {
            if !right_password(form.get("current").unwrap_or("").into())
                .await
                .unwrap_or(false)
            {
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    fail("admin_wrong_current"),
                )
            } else {
                let _ = app.store.disable_totp(me.user.id, now).await;
                audit(&app, &me, &reader, "totp_disabled").await;
                (
                    StatusCode::OK,
                    Shown {
                        done: Some(app.text("admin_totp_off")),
                        ..Shown::default()
                    },
                )
            }
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    // Show the account as it is now.
    let me = current(&app, &headers).await.unwrap_or(me);
    render(&app, &me, status, shown)
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
