//! The audit log: [`record`], the one way every back-office change and log-in event is
//! written, and `/admin/nhat-ky`, where administrators read it; read-only by design (no route
//! changes or removes an entry).

use std::net::IpAddr;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, TimeZone};
use cong_store::{AuditEntry, AuditFilter};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::guard::{Admins, Staff};
use super::session::Current;
use super::view::{frame, page};
use crate::error::AppError;
use crate::state::AppState;

/// Who did something: a signed-in user, or at log-in the name typed and where from.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The account, when known.
    pub user_id: Option<i64>,
    /// Its name, or the name typed.
    pub name: &'a str,
    /// Client address.
    pub ip: IpAddr,
}

impl<'a> From<&'a Current> for Actor<'a> {
    fn from(me: &'a Current) -> Actor<'a> {
        Actor {
            user_id: Some(me.user.id),
            name: &me.user.name,
            ip: me.ip,
        }
    }
}

/// Writes one entry: `action` by `actor` on `object` (kind, id), with `detail`. A failure is
/// the caller's error: a change that cannot be logged is not answered as done.
pub async fn record(
    app: &AppState,
    actor: Actor<'_>,
    action: &str,
    object: Option<(&str, i64)>,
    detail: &str,
) -> Result<(), AppError> {
    let (kind, id) = object.map_or((String::new(), String::new()), |(k, id)| {
        (k.to_string(), id.to_string())
    });
    let entry = AuditEntry {
        at: app.now(),
        user_id: actor.user_id,
        // A name typed at log-in is whatever was sent; only a short prefix is kept.
        user_name: actor.name.chars().take(80).collect(),
        action: action.into(),
        object_kind: kind,
        object_id: id,
        ip: actor.ip.to_string(),
        detail: detail.chars().take(2000).collect(),
        ..AuditEntry::default()
    };
    Ok(app.store.audit(&entry).await?)
}

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
    me: Staff<Admins>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
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
        // An unknown name matches nothing rather than everything.
        Some(name) => Some(app.store.user_by_name(name).await?.map_or(-1, |u| u.id)),
        None => None,
    };
    let filter = AuditFilter {
        user_id,
        action: p.hanh_dong.clone().filter(|a| !a.trim().is_empty()),
        from: day(&p.tu, false),
        to: day(&p.den, true),
    };
    // Bounded, so the offset cannot overflow.
    let page_no = p.trang.unwrap_or(1).clamp(1, 1_000_000);
    let entries = app
        .store
        .audit_entries(&filter, PER_PAGE + 1, (page_no - 1) * PER_PAGE)
        .await?;
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
    let ctx = context! {
        filter => context! {
            nguoi => p.nguoi.unwrap_or_default(),
            hanh_dong => p.hanh_dong.unwrap_or_default(),
            tu => p.tu.unwrap_or_default(),
            den => p.den.unwrap_or_default(),
        },
        rows,
        page => page_no,
        more,
        ..frame(&app, &me, "admin_audit")
    };
    Ok(page(&app, StatusCode::OK, "admin/audit.html", ctx))
}
