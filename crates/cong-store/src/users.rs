//! Back-office accounts and their sessions.

use serde::Serialize;

use crate::{read, write_tx, Result, Store, StoreError};

/// A back-office account.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct User {
    /// Stable id.
    pub id: i64,
    /// Log-in name.
    pub name: String,
    /// Name shown in the back office.
    pub display_name: String,
    /// admin, editor or author.
    pub role: String,
    /// argon2id hash; empty when the account cannot log in.
    #[serde(skip)]
    pub password_hash: String,
    /// Disabled accounts cannot log in and their sessions end.
    pub disabled: bool,
    /// Base32 TOTP secret, once enrolment started.
    #[serde(skip)]
    pub totp_secret: Option<String>,
    /// A new secret waiting for its first code (the one in use stays until then).
    #[serde(skip)]
    pub totp_pending: Option<String>,
    /// Two-factor log-in is on.
    pub totp_enabled: bool,
    /// Last TOTP step accepted (replay guard).
    pub totp_last_step: i64,
    /// Creation time.
    pub created_at: i64,
    /// Last change.
    pub updated_at: i64,
}

/// What it takes to create an account.
#[derive(Clone, Debug)]
pub struct NewUser {
    /// Log-in name.
    pub name: String,
    /// Name shown.
    pub display_name: String,
    /// admin, editor or author.
    pub role: String,
    /// argon2id hash (hashed by the caller, off the async threads).
    pub password_hash: String,
}

/// A live session with its account.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SessionRow {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Account.
    pub user_id: i64,
    /// Start.
    pub created_at: i64,
    /// Last request seen (idle timeout counts from here).
    pub last_seen: i64,
}

const USER_COLS: &str = "id, name, display_name, role, password_hash, disabled, totp_secret, \
                         totp_pending, totp_enabled, totp_last_step, created_at, updated_at";

const ROLES: &[&str] = &["admin", "editor", "author"];

impl Store {
    /// Creates an account; the name must be new and the role known.
    pub async fn create_user(&self, u: &NewUser, now: i64) -> Result<i64> {
        if !ROLES.contains(&u.role.as_str()) {
            return Err(StoreError::Invalid(format!("unknown role {:?}", u.role)));
        }
        if self.user_by_name(&u.name).await?.is_some() {
            return Err(StoreError::Invalid(format!(
                "the user {:?} exists already",
                u.name
            )));
        }
        let sql =
            "INSERT INTO users (name, display_name, role, password_hash, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
        Ok(write_tx!(self, tx => {
            sqlx::query_scalar(sql).bind(&u.name).bind(&u.display_name).bind(&u.role)
                .bind(&u.password_hash).bind(now).fetch_one(&mut *tx).await?
        }))
    }

    /// An account by log-in name.
    pub async fn user_by_name(&self, name: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE name = $1");
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(name).fetch_optional(pool).await?))
    }

    /// An account by id.
    pub async fn user_by_id(&self, id: i64) -> Result<Option<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
        Ok(read!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?))
    }

    /// Every account, by name.
    pub async fn all_users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users ORDER BY name");
        Ok(read!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
    }

    /// Disables or re-enables an account; disabling ends its sessions.
    pub async fn set_user_disabled(&self, id: i64, disabled: bool, now: i64) -> Result<()> {
        let sql = "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1";
        let changed = write_tx!(self, tx => {
            let n = sqlx::query(sql).bind(id).bind(disabled).bind(now)
                .execute(&mut *tx).await?.rows_affected();
            if disabled {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id)
                    .execute(&mut *tx).await?;
            }
            n
        });
        if changed == 0 {
            return Err(StoreError::Invalid(format!("there is no user {id}")));
        }
        Ok(())
    }

    /// Sets a new password hash and ends every session of the account except `keep` (the
    /// session that made the change, if any).
    pub async fn set_password(
        &self,
        id: i64,
        hash: &str,
        keep: Option<&str>,
        now: i64,
    ) -> Result<()> {
        let sql = "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1";
        let ends = "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(id).bind(hash).bind(now).execute(&mut *tx).await?;
            sqlx::query(ends).bind(id).bind(keep.unwrap_or("")).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Starts a session (the token's hash only).
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        ip: &str,
        user_agent: &str,
        now: i64,
    ) -> Result<()> {
        let sql =
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, ip, user_agent) \
                   VALUES ($1, $2, $3, $3, $4, $5)";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(token_hash).bind(user_id).bind(now).bind(ip)
                .bind(user_agent).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// A session by token hash, if it exists.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let sql = "SELECT token_hash, user_id, created_at, last_seen FROM sessions \
                   WHERE token_hash = $1";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(token_hash).fetch_optional(pool).await?))
    }

    /// Records activity on a session (the idle timeout restarts).
    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<()> {
        let sql = "UPDATE sessions SET last_seen = $2 WHERE token_hash = $1";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(token_hash).bind(now).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Ends one session.
    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Ends sessions idle since before `idle_before` or started before `started_before` (the
    /// absolute lifetime); returns how many.
    pub async fn end_stale_sessions(&self, idle_before: i64, started_before: i64) -> Result<u64> {
        let sql = "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2";
        Ok(write_tx!(self, tx => {
            sqlx::query(sql).bind(idle_before).bind(started_before)
                .execute(&mut *tx).await?.rows_affected()
        }))
    }
}
