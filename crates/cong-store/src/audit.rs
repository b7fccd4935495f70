//! The audit log: appended by every back-office change, pruned only past its retention.

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
}

impl Store {
    /// Removes entries older than `before` (the configured retention); returns how many.
    pub async fn forget_audit_before(&self, before: i64) -> Result<u64> {
        Ok(write_tx!(self, tx => {
            sqlx::query("DELETE FROM audit_log WHERE at < $1").bind(before)
                .execute(&mut *tx).await?.rows_affected()
        }))
    }
}
