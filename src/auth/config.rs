//! The `[security]` settings, and the government preset that sets a floor under them.

use serde::{Deserialize, Serialize};

use crate::admin::config::AdminConfig;

/// How hard the back office is to get into, and how long its traces are kept.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// `"standard"`, or `"government"`: a floor under the settings below and the `[admin]`
    /// ones, which a file or variable may tighten but never loosen.
    pub preset: String,
    /// Shortest new password, in characters.
    pub password_min_chars: usize,
    /// Kinds of character a new password must mix: lowercase, uppercase, digits, others (1–4).
    pub password_kinds: usize,
    /// Wrong passwords for one name from one browser or address before they are locked out.
    pub lockout_failures: i64,
    /// Seconds a lock-out lasts, and the window failures are counted in.
    pub lockout_secs: i64,
    /// Longest a session lasts however busy it is, in seconds (0: no limit).
    pub session_max_secs: i64,
    /// Days the audit log is kept (0: for ever).
    pub audit_retention_days: i64,
    /// Password checks running at once; each holds about 19 MiB (0: one per CPU).
    pub max_concurrent_hashes: usize,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig {
            preset: "standard".into(),
            password_min_chars: 10,
            password_kinds: 1,
            lockout_failures: 5,
            lockout_secs: 15 * 60,
            session_max_secs: 12 * 3600,
            audit_retention_days: 0,
            max_concurrent_hashes: 0,
        }
    }
}

/// What the government preset guarantees (Decree 42/2022-style rules for agency portals).
pub mod government {
    /// Shortest password.
    pub const PASSWORD_MIN_CHARS: usize = 12;
    /// Kinds of character mixed.
    pub const PASSWORD_KINDS: usize = 3;
    /// Failures before a lock-out.
    pub const LOCKOUT_FAILURES: i64 = 5;
    /// Idle timeout of a session, seconds.
    pub const IDLE_SECS: i64 = 15 * 60;
    /// Longest session, seconds.
    pub const SESSION_MAX_SECS: i64 = 8 * 3600;
    /// Shortest audit retention, days, when one is set.
    pub const AUDIT_RETENTION_DAYS: i64 = 730;
}

impl SecurityConfig {
    /// Whether the government preset is on.
    pub fn government(&self) -> bool {
        self.preset == "government"
    }

    /// Raises the settings to the preset's floor (nothing changes for `"standard"`).
    pub fn apply_preset(&mut self, admin: &mut AdminConfig) {
        if !self.government() {
            return;
        }
        use government::*;
        self.password_min_chars = self.password_min_chars.max(PASSWORD_MIN_CHARS);
        self.password_kinds = self.password_kinds.max(PASSWORD_KINDS);
        self.lockout_failures = self.lockout_failures.min(LOCKOUT_FAILURES);
        if self.session_max_secs == 0 || self.session_max_secs > SESSION_MAX_SECS {
            self.session_max_secs = SESSION_MAX_SECS;
        }
        if self.audit_retention_days != 0 {
            self.audit_retention_days = self.audit_retention_days.max(AUDIT_RETENTION_DAYS);
        }
        admin.idle_secs = admin.idle_secs.min(IDLE_SECS);
        admin.warn_secs = admin.warn_secs.min(admin.idle_secs / 2);
        admin.require_totp = true;
    }

    /// Checks the values; the error is (key, problem).
    pub fn check(&self, base_url: &str) -> Result<(), (&'static str, String)> {
        if !matches!(self.preset.as_str(), "standard" | "government") {
            return Err((
                "security.preset",
                format!("{:?} is not \"standard\" or \"government\"", self.preset),
            ));
        }
        if self.government() && !base_url.starts_with("https://") {
            return Err((
                "site.base_url",
                "the government preset needs the public https:// address (Secure cookies, HSTS)"
                    .into(),
            ));
        }
        if !(8..=crate::auth::password::MAX_LEN).contains(&self.password_min_chars) {
            return Err((
                "security.password_min_chars",
                "must be between 8 and 256".into(),
            ));
        }
        if !(1..=4).contains(&self.password_kinds) {
            return Err(("security.password_kinds", "must be between 1 and 4".into()));
        }
        if !(3..=20).contains(&self.lockout_failures) {
            return Err((
                "security.lockout_failures",
                "must be between 3 and 20".into(),
            ));
        }
        if !(60..=24 * 3600).contains(&self.lockout_secs) {
            return Err((
                "security.lockout_secs",
                "must be between 60 and 86400".into(),
            ));
        }
        if self.session_max_secs != 0 && !(600..=30 * 86_400).contains(&self.session_max_secs) {
            return Err((
                "security.session_max_secs",
                "must be 0 (no limit) or between 600 and 2592000".into(),
            ));
        }
        if !(0..=36_500).contains(&self.audit_retention_days) {
            return Err((
                "security.audit_retention_days",
                "must be between 0 (for ever) and 36500".into(),
            ));
        }
        if self.max_concurrent_hashes > 64 {
            return Err((
                "security.max_concurrent_hashes",
                "must be between 0 (one per CPU) and 64".into(),
            ));
        }
        Ok(())
    }

    /// Password checks allowed at once.
    pub fn hash_permits(&self) -> usize {
        match self.max_concurrent_hashes {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get().min(8)),
            n => n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_government_preset_is_a_floor() {
        let mut s = SecurityConfig {
            preset: "government".into(),
            password_min_chars: 16,
            lockout_failures: 10,
            session_max_secs: 0,
            audit_retention_days: 30,
            ..SecurityConfig::default()
        };
        let mut admin = AdminConfig {
            idle_secs: 3600,
            require_totp: false,
            ..AdminConfig::default()
        };
        s.apply_preset(&mut admin);
        assert_eq!(s.password_min_chars, 16, "stricter values stay");
        assert_eq!(s.password_kinds, 3);
        assert_eq!(s.lockout_failures, 5);
        assert_eq!(s.session_max_secs, 8 * 3600);
        assert_eq!(s.audit_retention_days, 730);
        assert_eq!(admin.idle_secs, 900);
        assert!(admin.require_totp);
        admin.check().unwrap();
        assert!(s.check("http://cong.example.vn").is_err(), "https only");
        s.check("https://cong.example.vn").unwrap();
        let mut standard = SecurityConfig::default();
        let mut admin = AdminConfig::default();
        standard.apply_preset(&mut admin);
        assert!(!admin.require_totp && admin.idle_secs == 1800);
        let wrong = SecurityConfig {
            preset: "strict".into(),
            ..SecurityConfig::default()
        };
        assert_eq!(wrong.check("").unwrap_err().0, "security.preset");
    }
}
