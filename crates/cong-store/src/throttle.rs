//! Log-in throttling: attempts counted per key (an account name, an address, a browser) in
//! the database, so the limits hold across restarts and instances.
//!
//! An attempt is reserved before the password is checked, not recorded after: a burst of
//! concurrent guesses is counted one by one as it arrives, so none races past the limit, and
//! a refused guess costs no password hash. A guess that turns out right gives its reservation
//! back.

use crate::{Result, Store};

/// A limit on attempts: at most `limit` within `window` seconds, then `lock` seconds refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FailureRule {
    /// Attempts allowed in the window.
    pub limit: i64,
    /// Window, seconds.
    pub window: i64,
    /// Lock-out, seconds.
    pub lock: i64,
}

/// Counts one more attempt for a key unless it is locked; a window that has passed, or a lock
/// that has run out, starts again at 1. `$1` key, `$2` now, `$3` window. Returns the count and
/// the lock in force.
const RESERVE: &str = "INSERT INTO login_failures (key, failures, window_start, locked_until) \
     VALUES ($1, 1, $2, 0) ON CONFLICT (key) DO UPDATE SET \
     failures = CASE WHEN login_failures.locked_until > $2 THEN login_failures.failures \
                WHEN login_failures.window_start <= $2 - $3 OR login_failures.locked_until > 0 THEN 1 \
                ELSE login_failures.failures + 1 END, \
     window_start = CASE WHEN login_failures.locked_until > $2 THEN login_failures.window_start \
                WHEN login_failures.window_start <= $2 - $3 OR login_failures.locked_until > 0 THEN $2 \
                ELSE login_failures.window_start END, \
     locked_until = CASE WHEN login_failures.locked_until > $2 THEN login_failures.locked_until \
                ELSE 0 END \
     RETURNING failures, locked_until";

/// The attempt that reaches the limit locks the key: `$1` key, `$2` until.
const LOCK: &str = "UPDATE login_failures SET locked_until = $2 WHERE key = $1";

/// A right guess gives its attempt back, and unlocks a key it had locked: `$1` key, `$2` limit.
const RELEASE: &str = "UPDATE login_failures SET \
     failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END, \
     locked_until = CASE WHEN failures <= $2 THEN 0 ELSE locked_until END WHERE key = $1";

/// Runs `$body` (which yields `std::result::Result<T, E>`) in one write transaction, committed
/// when it is `Ok` and rolled back when it is `Err`, so a refused reservation counts nowhere.
macro_rules! all_or_nothing {
    ($store:expr, $tx:ident => $body:block) => {
        match $store {
            Store::Sqlite { write, .. } => {
                let mut $tx = write.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                if out.is_ok() {
                    $tx.commit().await?
                } else {
                    $tx.rollback().await?
                }
                out
            }
            Store::Postgres(pg) => {
                let mut $tx = pg.begin().await?;
                let out = $body;
                if out.is_ok() {
                    $tx.commit().await?
                } else {
                    $tx.rollback().await?
                }
                out
            }
        }
    };
}

impl Store {
    /// Reserves one attempt under every key, or none: `Err(until)` when a key is locked, or
    /// would go past its limit, until that time. The attempt that reaches a limit is allowed
    /// and locks the key for the next one.
    pub async fn reserve_attempt(
        &self,
        keys: &[(&str, FailureRule)],
        now: i64,
    ) -> Result<std::result::Result<(), i64>> {
        Ok(all_or_nothing!(self, tx => {
            let mut out = Ok(());
            for (key, rule) in keys {
                let (count, locked): (i64, i64) = sqlx::query_as(RESERVE)
                    .bind(key).bind(now).bind(rule.window).fetch_one(&mut *tx).await?;
                if locked > now {
                    out = Err(locked);
                    break;
                }
                if count > rule.limit {
                    // Only a lock shorter than the window lets a count outlive its lock.
                    out = Err(now + rule.lock);
                    break;
                }
                if count == rule.limit {
                    sqlx::query(LOCK).bind(key).bind(now + rule.lock).execute(&mut *tx).await?;
                }
            }
            out
        }))
    }

    /// Gives back an attempt reserved by [`Store::reserve_attempt`] that turned out right, so
    /// it counts as no failure (and unlocks a key that it had locked).
    pub async fn release_attempt(&self, keys: &[(&str, FailureRule)]) -> Result<()> {
        crate::write_tx!(self, tx => {
            for (key, rule) in keys {
                sqlx::query(RELEASE).bind(key).bind(rule.limit).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Forgets every attempt of `keys` (the owner's own typos, after a right password).
    pub async fn clear_attempts(&self, keys: &[&str]) -> Result<()> {
        crate::write_tx!(self, tx => {
            for key in keys {
                sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key)
                    .execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Until when `key` is locked (0 or a past time: not locked).
    pub async fn locked_until(&self, key: &str) -> Result<i64> {
        let sql = "SELECT locked_until FROM login_failures WHERE key = $1";
        let until: Option<i64> = crate::read!(self, pool =>
            sqlx::query_scalar(sql).bind(key).fetch_optional(pool).await?);
        Ok(until.unwrap_or(0))
    }

    /// Forgets counts whose window began before `before` and whose lock has run out at `now`;
    /// returns how many.
    pub async fn forget_attempts_before(&self, before: i64, now: i64) -> Result<u64> {
        let sql = "DELETE FROM login_failures WHERE window_start < $1 AND locked_until <= $2";
        Ok(crate::write_tx!(self, tx => {
            sqlx::query(sql).bind(before).bind(now).execute(&mut *tx).await?.rows_affected()
        }))
    }
}
