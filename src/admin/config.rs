//! The `[admin]` settings: sessions and two-factor log-in.

use serde::{Deserialize, Serialize};

/// How back-office sessions behave.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// Seconds without a request after which a session ends (enforced on the server).
    pub idle_secs: i64,
    /// Seconds before the end at which the page warns and offers to stay logged in.
    pub warn_secs: i64,
    /// Administrators and editors must log in with a second factor (TOTP).
    pub require_totp: bool,
}

impl Default for AdminConfig {
    fn default() -> Self {
        AdminConfig {
            idle_secs: 30 * 60,
            warn_secs: 60,
            require_totp: false,
        }
    }
}

impl AdminConfig {
    /// Checks the values; the error is (key, problem).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(20..=24 * 3600).contains(&self.idle_secs) {
            return Err(("admin.idle_secs", "must be between 20 and 86400".into()));
        }
        if !(5..self.idle_secs).contains(&self.warn_secs) {
            return Err((
                "admin.warn_secs",
                "must be at least 5 and below admin.idle_secs".into(),
            ));
        }
        Ok(())
    }
}
