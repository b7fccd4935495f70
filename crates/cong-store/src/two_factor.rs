//! Two-factor log-in state: TOTP secrets and their enrolment, the replay guard, recovery
//! codes, and password steps waiting for their code.

use crate::{write_tx, Result, Store};

impl Store {
    /// Starts (or restarts) enrolment: `secret` waits beside the factor in use, which keeps
    /// working until [`Store::confirm_totp_enrolment`].
    pub async fn begin_totp_enrolment(&self, user_id: i64, secret: &str, now: i64) -> Result<()> {
        let sql = "UPDATE users SET totp_pending = $2, updated_at = $3 WHERE id = $1";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(user_id).bind(secret).bind(now).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Puts the waiting secret in use, once a code of it (time step `step`) was right: it
    /// replaces the old factor and the recovery codes (hashes). `false` when the waiting
    /// secret is no longer `secret` (enrolment was started again meanwhile).
    pub async fn confirm_totp_enrolment(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        code_hashes: &[String],
        now: i64,
    ) -> Result<bool> {
        let swap = "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, \
                    totp_enabled = TRUE, totp_last_step = $3, updated_at = $4 \
                    WHERE id = $1 AND totp_pending = $2";
        Ok(write_tx!(self, tx => {
            let swapped = sqlx::query(swap).bind(user_id).bind(secret).bind(step).bind(now)
                .execute(&mut *tx).await?.rows_affected() == 1;
            if swapped {
                sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
                    .bind(user_id).execute(&mut *tx).await?;
                for h in code_hashes {
                    sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                        .bind(user_id).bind(h).execute(&mut *tx).await?;
                }
            }
            swapped
        }))
    }

    /// Turns two-factor off and forgets the secrets and recovery codes.
    pub async fn disable_totp(&self, user_id: i64, now: i64) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("UPDATE users SET totp_enabled = FALSE, totp_secret = NULL, \
                         totp_pending = NULL, totp_last_step = 0, updated_at = $2 WHERE id = $1")
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

    /// Records a right password of `user_id` waiting for its code, under the hash of the token
    /// its browser holds.
    pub async fn start_pending_login(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
    ) -> Result<()> {
        let sql =
            "INSERT INTO pending_logins (token_hash, user_id, created_at) VALUES ($1, $2, $3)";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(token_hash).bind(user_id).bind(now).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Takes one attempt at the code of a waiting log-in, before the code is checked: the
    /// account's id while the log-in is younger than `max_age` and has had fewer than
    /// `max_attempts` tries, else `None` (the password must be typed again).
    pub async fn attempt_pending_login(
        &self,
        token_hash: &str,
        now: i64,
        max_age: i64,
        max_attempts: i64,
    ) -> Result<Option<i64>> {
        let sql = "UPDATE pending_logins SET attempts = attempts + 1 \
                   WHERE token_hash = $1 AND attempts < $2 AND created_at > $3 RETURNING user_id";
        Ok(write_tx!(self, tx => {
            sqlx::query_scalar(sql).bind(token_hash).bind(max_attempts).bind(now - max_age)
                .fetch_optional(&mut *tx).await?
        }))
    }

    /// Ends a waiting log-in (its code was right, or it is abandoned).
    pub async fn end_pending_login(&self, token_hash: &str) -> Result<()> {
        write_tx!(self, tx => {
            sqlx::query("DELETE FROM pending_logins WHERE token_hash = $1").bind(token_hash)
                .execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// Forgets waiting log-ins started before `before`; returns how many.
    pub async fn forget_pending_logins_before(&self, before: i64) -> Result<u64> {
        Ok(write_tx!(self, tx => {
            sqlx::query("DELETE FROM pending_logins WHERE created_at < $1").bind(before)
                .execute(&mut *tx).await?.rows_affected()
        }))
    }
}
