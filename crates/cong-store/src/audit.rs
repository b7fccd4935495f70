//! The audit log (append-only) and failed log-in counts.

use serde::Serialize;

use crate::{read, write_tx, Result, Store};

/// One audit entry: who did what to which object, when, from where.
#[derive(Clone, Debug, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    /// Stable id (0 before it is stored).
    pub id: i64,
    /// Time, Unix seconds.
    pub at: i64,
    /// Account, when known.
    pub user_id: Option<i64>,
    /// Account name as it was (or as typed, for a failed log-in).
    pub user_name: String,
    /// What happened: login, login_failed, logout, user_created, …
    pub action: String,
    /// Kind of object changed (user, article, …), may be empty.
    pub object_kind: String,
    /// Id of the object changed, may be empty.
    pub object_id: String,
    /// Client address.
    pub ip: String,
    /// Anything else worth keeping.
    pub detail: String,
}

/// Which entries to list.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// Only this account.
    pub user_id: Option<i64>,
    /// Only this action.
    pub action: Option<String>,
    /// From this time on.
    pub from: Option<i64>,
    /// Up to this time.
    pub to: Option<i64>,
}

/// A limit on failed log-ins: at most `limit` failures within `window` seconds, then locked for
/// `lock` seconds.
#[derive(Clone, Copy, Debug)]
pub struct FailureRule {
    /// Failures allowed in the window.
    pub limit: i64,
    /// Window, seconds.
    pub window: i64,
    /// Lock-out, seconds.
    pub lock: i64,
}

impl Store {
    /// Appends an entry.
    pub async fn audit(&self, e: &AuditEntry) -> Result<()> {
        let sql = "INSERT INTO audit_log (at, user_id, user_name, action, object_kind, object_id, ip, detail) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(e.at).bind(e.user_id).bind(&e.user_name).bind(&e.action)
                .bind(&e.object_kind).bind(&e.object_id).bind(&e.ip).bind(&e.detail)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Entries matching `f`, newest first, at most `limit` from `offset`.
    pub async fn audit_entries(
        &self,
        f: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<AuditEntry>> {
        // Unused filters compare a column with itself, so one statement serves every filter.
        let sql = "SELECT id, at, user_id, user_name, action, object_kind, object_id, ip, detail \
                   FROM audit_log WHERE ($1 IS NULL OR user_id = $1) AND ($2 IS NULL OR action = $2) \
                   AND at >= $3 AND at <= $4 ORDER BY at DESC, id DESC LIMIT $5 OFFSET $6";
        Ok(
            read!(self, pool => sqlx::query_as(sql).bind(f.user_id).bind(f.action.as_deref())
            .bind(f.from.unwrap_or(i64::MIN)).bind(f.to.unwrap_or(i64::MAX))
            .bind(limit).bind(offset).fetch_all(pool).await?),
        )
    }

    /// Until when `key` is locked out (0 or a past time: not locked).
    pub async fn locked_until(&self, key: &str) -> Result<i64> {
        let sql = "SELECT locked_until FROM login_failures WHERE key = $1";
        let until: Option<i64> =
            read!(self, pool => sqlx::query_scalar(sql).bind(key).fetch_optional(pool).await?);
        Ok(until.unwrap_or(0))
    }

    /// Counts a failed log-in for `key` under `rule`; returns until when it is locked (0 when
    /// the failure did not reach the limit).
    pub async fn record_login_failure(
        &self,
        key: &str,
        rule: FailureRule,
        now: i64,
    ) -> Result<i64> {
        // A window that has passed starts again at 1; reaching the limit sets the lock.
        let sql = "INSERT INTO login_failures (key, failures, window_start, locked_until) \
                   VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET \
                   failures = CASE WHEN login_failures.window_start <= $2 - $3 THEN 1 \
                              ELSE login_failures.failures + 1 END, \
                   window_start = CASE WHEN login_failures.window_start <= $2 - $3 THEN $2 \
                              ELSE login_failures.window_start END \
                   RETURNING failures";
        let lock = "UPDATE login_failures SET locked_until = $2 WHERE key = $1";
        Ok(write_tx!(self, tx => {
            let failures: i64 = sqlx::query_scalar(sql).bind(key).bind(now).bind(rule.window)
                .fetch_one(&mut *tx).await?;
            if failures >= rule.limit {
                sqlx::query(lock).bind(key).bind(now + rule.lock).execute(&mut *tx).await?;
                now + rule.lock
            } else {
                0
            }
        }))
    }

    /// Forgets the failures of `key` (after a successful log-in).
    pub async fn clear_login_failures(&self, key: &str) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }
}
