//! Two-factor log-in state: TOTP secrets, the replay guard, recovery codes.

use crate::{write_tx, Result, Store};

impl Store {
    /// Starts (or restarts) enrolment with a new secret; two-factor stays off until
    /// [`Store::enable_totp`].
    pub async fn set_totp_secret(&self, user_id: i64, secret: &str, now: i64) -> Result<()> {
        let sql = "UPDATE users SET totp_secret = $2, totp_enabled = FALSE, totp_last_step = 0, \
                   updated_at = $3 WHERE id = $1";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(user_id).bind(secret).bind(now).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Turns two-factor on after the first code, replacing the recovery codes (hashes).
    pub async fn enable_totp(&self, user_id: i64, code_hashes: &[String], now: i64) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("UPDATE users SET totp_enabled = TRUE, updated_at = $2 WHERE id = $1")
                .bind(user_id).bind(now).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id).execute(&mut *tx).await?;
            for h in code_hashes {
                sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                    .bind(user_id).bind(h).execute(&mut *tx).await?;
            }
        });
        Ok(())
    }

    /// Turns two-factor off and forgets the secret and recovery codes.
    pub async fn disable_totp(&self, user_id: i64, now: i64) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("UPDATE users SET totp_enabled = FALSE, totp_secret = NULL, \
                         totp_last_step = 0, updated_at = $2 WHERE id = $1")
                .bind(user_id).bind(now).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                .bind(user_id).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Accepts a TOTP time step once: `false` when that step (or a later one) was used already,
    /// so a code cannot be replayed within its window, also by a second instance.
    pub async fn accept_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let sql = "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2";
        Ok(write_tx!(self, tx => {
            sqlx::query(sql).bind(user_id).bind(step).execute(&mut *tx).await?.rows_affected() == 1
        }))
    }

    /// Uses up a recovery code (by hash); `false` when unknown or used.
    pub async fn use_recovery_code(&self, user_id: i64, code_hash: &str, now: i64) -> Result<bool> {
        let sql = "UPDATE recovery_codes SET used_at = $3 \
                   WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL";
        Ok(write_tx!(self, tx => {
            sqlx::query(sql).bind(user_id).bind(code_hash).bind(now)
                .execute(&mut *tx).await?.rows_affected() == 1
        }))
    }
}
