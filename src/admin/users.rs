//! `/admin/nguoi-dung`: administrators create, disable, re-enable users and reset passwords.
//! Every change is written to the audit log.

use axum::extract::{Path, State};
use axum::response::Response;
use cong_store::User;
use minijinja::context;
use serde::Serialize;

use super::account::weak_message;
use super::audit::record;
use super::guard::{Admins, Change, Staff};
use super::session::Current;
use super::view::{frame, page, Notice};
use crate::auth::accounts::{self, AccountError};
use crate::auth::password::{self, Policy};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Serialize)]
struct UserRow {
    id: i64,
    name: String,
    display_name: String,
    role: String,
    disabled: bool,
    totp: bool,
}

/// `GET /admin/nguoi-dung`
pub async fn list(State(app): State<AppState>, me: Staff<Admins>) -> Result<Response, AppError> {
    render(&app, &me, Notice::default()).await
}

async fn render(app: &AppState, me: &Current, notice: Notice) -> Result<Response, AppError> {
    let users: Vec<UserRow> = app
        .store
        .all_users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            role: app.text(&format!("role_{}", u.role)),
            id: u.id,
            name: u.name,
            display_name: u.display_name,
            disabled: u.disabled,
            totp: u.totp_enabled,
        })
        .collect();
    let ctx = context! {
        users,
        notice => notice.value(),
        min_chars => app.config.security.password_min_chars,
        ..frame(app, me, "admin_users")
    };
    Ok(page(app, notice.status(), "admin/users.html", ctx))
}

/// Why an account was not created, in the site's language.
fn refusal(app: &AppState, e: &AccountError) -> String {
    let reason = match e {
        AccountError::BadName(_) => app.text("user_bad_name"),
        AccountError::BadRole(_) => app.text("user_bad_role"),
        AccountError::Taken(_) => app.text("user_name_taken"),
        AccountError::Weak(w) => weak_message(app, w),
        AccountError::Busy(_) => app.text("admin_busy"),
        AccountError::Store(_) => app.text("admin_store_failed"),
    };
    app.text("admin_user_not_created")
        .replace("{reason}", &reason)
}

/// `POST /admin/nguoi-dung` with `csrf`, `name`, `display_name`, `role`, `password`.
pub async fn create(State(app): State<AppState>, c: Change<Admins>) -> Result<Response, AppError> {
    let name = c.form.get("name").unwrap_or("").to_lowercase();
    let role = c.form.get("role").unwrap_or("");
    let new = accounts::NewAccount {
        name: &name,
        display_name: c.form.get("display_name").unwrap_or(""),
        role,
        password: c.form.get("password").unwrap_or(""),
    };
    let made = accounts::create(
        &app.store,
        &app.hasher,
        &app.config.security,
        new,
        app.now(),
    )
    .await;
    let notice = match made {
        Ok(id) => {
            let detail = format!("{name} ({role})");
            record(
                &app,
                (&c.me).into(),
                "user_created",
                Some(("user", id)),
                &detail,
            )
            .await?;
            Notice::done(app.text("admin_user_created").replace("{name}", &name))
        }
        Err(AccountError::Store(e)) => return Err(e.into()),
        Err(e) => Notice::error(refusal(&app, &e)),
    };
    render(&app, &c.me, notice).await
}

/// The account `id` names, or 404.
async fn target(app: &AppState, id: i64) -> Result<User, AppError> {
    app.store.user_by_id(id).await?.ok_or(AppError::NotFound)
}

/// `POST /admin/nguoi-dung/<id>/khoa`: the account can no longer log in; its sessions end.
pub async fn disable(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Admins>,
) -> Result<Response, AppError> {
    let user = target(&app, id).await?;
    if id == c.me.user.id {
        // Locking oneself out would leave nobody to undo it.
        return render(&app, &c.me, Notice::error(app.text("admin_not_yourself"))).await;
    }
    app.store.set_user_disabled(id, true, app.now()).await?;
    record(
        &app,
        (&c.me).into(),
        "user_disabled",
        Some(("user", id)),
        &user.name,
    )
    .await?;
    render(&app, &c.me, Notice::done(app.text("admin_saved"))).await
}

/// `POST /admin/nguoi-dung/<id>/mo-khoa`
pub async fn enable(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Admins>,
) -> Result<Response, AppError> {
    let user = target(&app, id).await?;
    app.store.set_user_disabled(id, false, app.now()).await?;
    record(
        &app,
        (&c.me).into(),
        "user_enabled",
        Some(("user", id)),
        &user.name,
    )
    .await?;
    render(&app, &c.me, Notice::done(app.text("admin_saved"))).await
}

/// `POST /admin/nguoi-dung/<id>/dat-lai-mat-khau` with `password`: every session of that
/// user ends.
pub async fn reset_password(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Admins>,
) -> Result<Response, AppError> {
    let user = target(&app, id).await?;
    let new = c.form.get("password").unwrap_or("").to_string();
    let policy = Policy::of(&app.config.security);
    if let Err(e) = password::check_new(&user.name, &new, policy) {
        return render(&app, &c.me, Notice::error(weak_message(&app, &e))).await;
    }
    let Ok(hash) = app.hasher.hash(new).await else {
        return render(&app, &c.me, Notice::error(app.text("admin_busy"))).await;
    };
    app.store.set_password(id, &hash, None, app.now()).await?;
    record(
        &app,
        (&c.me).into(),
        "password_reset",
        Some(("user", id)),
        &user.name,
    )
    .await?;
    render(&app, &c.me, Notice::done(app.text("admin_saved"))).await
}
