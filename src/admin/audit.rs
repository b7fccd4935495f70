//! `/admin/nhat-ky`: the audit log, for administrators only; read-only by design (no route
//! changes or removes an entry).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{NaiveDate, TimeZone};
use cong_store::AuditFilter;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::session::require;
use super::view::page;
use crate::auth::Role;
use crate::state::AppState;

/// Entries per page.
const PER_PAGE: i64 = 50;

/// Filters, from the query string (all optional).
#[derive(Deserialize, Default)]
pub struct Params {
    nguoi: Option<String>,
    hanh_dong: Option<String>,
    tu: Option<String>,
    den: Option<String>,
    trang: Option<i64>,
}

#[derive(Serialize)]
struct Row {
    at: i64,
    user_name: String,
    action: String,
    object: String,
    ip: String,
    detail: String,
}

/// `GET /admin/nhat-ky?nguoi=&hanh_dong=&tu=YYYY-MM-DD&den=YYYY-MM-DD&trang=N`
pub async fn list(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<Params>,
) -> Response {
    let me = match require(&app, &headers, Role::Admin).await {
        Ok(me) => me,
        Err(resp) => return resp,
    };
    let day = |s: &Option<String>, end: bool| -> Option<i64> {
        let d = NaiveDate::parse_from_str(s.as_deref()?.trim(), "%Y-%m-%d").ok()?;
        let t = if end {
            d.and_hms_opt(23, 59, 59)?
        } else {
            d.and_hms_opt(0, 0, 0)?
        };
        app.tz
            .from_local_datetime(&t)
            .earliest()
            .map(|t| t.timestamp())
    };
    let user_id = match p.nguoi.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => match app.store.user_by_name(name).await {
            Ok(Some(u)) => Some(u.id),
            // An unknown name matches nothing rather than everything.
            _ => Some(-1),
        },
        None => None,
    };
    let filter = AuditFilter {
        user_id,
        action: p.hanh_dong.clone().filter(|a| !a.trim().is_empty()),
        from: day(&p.tu, false),
        to: day(&p.den, true),
    };
    let page_no = p.trang.unwrap_or(1).max(1);
    let entries = match app
        .store
        .audit_entries(&filter, PER_PAGE + 1, (page_no - 1) * PER_PAGE)
        .await
    {
        Ok(e) => e,
        Err(e) => {
            tracing::error!(error = %e, "audit log unreadable");
            return axum::response::IntoResponse::into_response(StatusCode::SERVICE_UNAVAILABLE);
        }
    };
    let more = entries.len() as i64 > PER_PAGE;
    let rows: Vec<Row> = entries
        .into_iter()
        .take(PER_PAGE as usize)
        .map(|e| Row {
            at: e.at,
            user_name: e.user_name,
            action: e.action,
            object: if e.object_kind.is_empty() {
                String::new()
            } else {
                format!("{} {}", e.object_kind, e.object_id)
            },
            ip: e.ip,
            detail: e.detail,
        })
        .collect();
    let cfg = &app.config.admin;
    let ctx = context! {
        title => app.text("admin_audit"),
        me => context! { display_name => me.user.display_name, role => app.text(&format!("role_{}", me.role.name())) },
        csrf => me.csrf,
        idle_secs => cfg.idle_secs,
        warn_secs => cfg.warn_secs,
        filter => context! {
            nguoi => p.nguoi.unwrap_or_default(),
            hanh_dong => p.hanh_dong.unwrap_or_default(),
            tu => p.tu.unwrap_or_default(),
            den => p.den.unwrap_or_default(),
        },
        rows,
        page => page_no,
        more,
    };
    page(&app, StatusCode::OK, "admin/audit.html", ctx)
}
