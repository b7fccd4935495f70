//! `/admin/nguoi-dung`: administrators create, disable, re-enable users and reset passwords.
//! Every change is written to the audit log.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cong_store::AuditEntry;
use minijinja::context;
use serde::Serialize;

use super::session::{csrf_ok, require, Current};
use super::view::page;
use crate::auth::{accounts, password, Role};
use crate::http::client::Reader;
use crate::participation::check::Posted;
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
pub async fn list(State(app): State<AppState>, headers: HeaderMap) -> Response {
    match require(&app, &headers, Role::Admin).await {
        Ok(me) => render(&app, &me, StatusCode::OK, None, None).await,
        Err(resp) => resp,
    }
}

async fn render(
    app: &AppState,
    me: &Current,
    status: StatusCode,
    error: Option<String>,
    done: Option<String>,
) -> Response {
    let users: Vec<UserRow> = app
        .store
        .all_users()
        .await
        .unwrap_or_default()
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
    let cfg = &app.config.admin;
    let ctx = context! {
        title => app.text("admin_users"),
        me => context! { id => me.user.id, display_name => me.user.display_name.clone(), role => app.text(&format!("role_{}", me.role.name())) },
        csrf => me.csrf.clone(),
        idle_secs => cfg.idle_secs,
        warn_secs => cfg.warn_secs,
        users,
        error,
        done,
    };
    page(app, status, "admin/users.html", ctx)
}

/// Checks role and CSRF for a change; the answer to send when they fail.
async fn allowed(app: &AppState, headers: &HeaderMap, form: &Posted) -> Result<Current, Response> {
    let me = require(app, headers, Role::Admin).await?;
    if !csrf_ok(&me, headers, form.get("csrf")) {
        return Err(StatusCode::FORBIDDEN.into_response());
    }
    Ok(me)
}

async fn audit(app: &AppState, me: &Current, reader: &Reader, action: &str, id: i64, detail: &str) {
    let entry = AuditEntry {
        at: app.now(),
        user_id: Some(me.user.id),
        user_name: me.user.name.clone(),
        action: action.into(),
        object_kind: "user".into(),
        object_id: id.to_string(),
        ip: reader.ip.to_string(),
        detail: detail.into(),
        ..AuditEntry::default()
    };
    if let Err(e) = app.store.audit(&entry).await {
        tracing::error!(error = %e, "could not write the audit log");
    }
}

/// `POST /admin/nguoi-dung` with `csrf`, `name`, `display_name`, `role`, `password`.
pub async fn create(
    State(app): State<AppState>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let me = match allowed(&app, &headers, &form).await {
        Ok(me) => me,
        Err(resp) => return resp,
    };
    let name = form.get("name").unwrap_or("").to_lowercase();
    let role = form.get("role").unwrap_or("");
    let made = accounts::create(
        &app.store,
        &name,
        form.get("display_name").unwrap_or(""),
        role,
        form.get("password").unwrap_or(""),
        app.now(),
    )
    .await;
    match made {
        Ok(id) => {
            audit(
                &app,
                &me,
                &reader,
                "user_created",
                id,
                &format!("{name} ({role})"),
            )
            .await;
            let done = app.text("admin_user_created").replace("{name}", &name);
            render(&app, &me, StatusCode::OK, None, Some(done)).await
        }
        Err(e) => {
            let msg = app
                .text("admin_user_not_created")
                .replace("{reason}", &e.to_string());
            render(&app, &me, StatusCode::UNPROCESSABLE_ENTITY, Some(msg), None).await
        }
    }
}

/// `POST /admin/nguoi-dung/<id>/<action>` with `csrf` (and `password` for a reset):
/// `khoa` disables, `mo-khoa` re-enables, `dat-lai-mat-khau` sets a new password.
pub async fn change(
    State(app): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    reader: Reader,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Posted::parse(&headers, &body);
    let me = match allowed(&app, &headers, &form).await {
        Ok(me) => me,
        Err(resp) => return resp,
    };
    let Some(target) = app.store.user_by_id(id).await.ok().flatten() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let now = app.now();
    let refuse = |key: &str| Some(app.text(key));
    let error = match action.as_str() {
        // Locking oneself out would leave nobody to undo it.
        "khoa" if id == me.user.id => refuse("admin_not_yourself"),
        "khoa" | "mo-khoa" => {
            let disable = action == "khoa";
            match app.store.set_user_disabled(id, disable, now).await {
                Ok(()) => {
                    let what = if disable {
                        "user_disabled"
                    } else {
                        "user_enabled"
                    };
                    audit(&app, &me, &reader, what, id, &target.name).await;
                    None
                }
                Err(e) => Some(e.to_string()),
            }
        }
        "dat-lai-mat-khau" => {
            let new = form.get("password").unwrap_or("").to_string();
            match password::check_new(&target.name, &new) {
                Err(e) => Some(e.to_string()),
                Ok(()) => {
                    let hash = tokio::task::spawn_blocking(move || password::hash(&new))
                        .await
                        .unwrap_or_default();
                    // A reset ends every session of that user.
                    match app.store.set_password(id, &hash, None, now).await {
                        Ok(()) => {
                            audit(&app, &me, &reader, "password_reset", id, &target.name).await;
                            None
                        }
                        Err(e) => Some(e.to_string()),
                    }
                }
            }
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match error {
        None => {
            render(
                &app,
                &me,
                StatusCode::OK,
                None,
                Some(app.text("admin_saved")),
            )
            .await
        }
        Some(e) => render(&app, &me, StatusCode::UNPROCESSABLE_ENTITY, Some(e), None).await,
    }
}
