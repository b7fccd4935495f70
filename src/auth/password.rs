//! argon2id password hashes. Hashing takes tens of milliseconds on purpose; callers run it on
//! the blocking pool, never on the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Longest password accepted (argon2 would take more, but a megabyte of "password" is abuse).
pub const MAX_LEN: usize = 256;

/// What a new password must be (from `[security]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Fewest characters.
    pub min_chars: usize,
    /// Fewest kinds of character (lowercase, uppercase, digits, others).
    pub kinds: usize,
}

impl Policy {
    /// The policy of the `[security]` settings in force.
    pub fn of(s: &super::config::SecurityConfig) -> Policy {
        Policy {
            min_chars: s.password_min_chars,
            kinds: s.password_kinds,
        }
    }
}

/// Why a new password is refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    /// Fewer characters than the policy asks.
    #[error("the password must have at least {0} characters")]
    TooShort(usize),
    /// More than [`MAX_LEN`] characters.
    #[error("the password must have at most {MAX_LEN} characters")]
    TooLong,
    /// The same as the log-in name, or containing it.
    #[error("the password must not contain the user name")]
    HasName,
    /// Fewer kinds of character than the policy asks.
    #[error("the password must mix at least {0} of: lowercase letters, uppercase letters, digits, other characters")]
    TooPlain(usize),
}

impl WeakPassword {
    /// The UI string that explains it, and the number to put in its `{n}`.
    pub fn text_key(&self) -> (&'static str, usize) {
        match self {
            WeakPassword::TooShort(n) => ("password_too_short", *n),
            WeakPassword::TooLong => ("password_too_long", MAX_LEN),
            WeakPassword::HasName => ("password_has_name", 0),
            WeakPassword::TooPlain(n) => ("password_too_plain", *n),
        }
    }
}

/// Checks a new password against the policy.
pub fn check_new(name: &str, password: &str, policy: Policy) -> Result<(), WeakPassword> {
    let n = password.chars().count();
    if n < policy.min_chars {
        return Err(WeakPassword::TooShort(policy.min_chars));
    }
    if n > MAX_LEN {
        return Err(WeakPassword::TooLong);
    }
    // A short name (3 letters) occurs in innocent words; a longer one is a guessable part.
    let (lower, name) = (password.to_lowercase(), name.to_lowercase());
    let has_name = if name.chars().count() >= 4 {
        lower.contains(&name)
    } else {
        lower == name
    };
    if has_name {
        return Err(WeakPassword::HasName);
    }
    let kinds = [
        password.chars().any(char::is_lowercase),
        password.chars().any(char::is_uppercase),
        password.chars().any(|c| c.is_numeric()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    if kinds.iter().filter(|k| **k).count() < policy.kinds {
        return Err(WeakPassword::TooPlain(policy.kinds));
    }
    Ok(())
}

/// An argon2id hash (PHC string) of `password` with a fresh salt.
pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters does not fail")
        .to_string()
}

/// Whether `password` matches `stored`. An empty or malformed hash never matches, but costs the
/// same time as a real check, so the answer for an unknown account takes as long as for a
/// known one.
pub fn verify(stored: &str, password: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => {
            let _ = hash(password);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_are_salted() {
        let h = hash("mật khẩu rất dài");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(&h, "mật khẩu rất dài"));
        assert!(!verify(&h, "mật khẩu rất dàI"));
        assert_ne!(hash("mật khẩu rất dài"), h, "a new salt each time");
        assert!(!verify("", "bất kỳ"));
        assert!(!verify("not a hash", "bất kỳ"));
    }

    #[test]
    fn weak_passwords_are_refused() {
        let p = Policy {
            min_chars: 10,
            kinds: 1,
        };
        assert_eq!(check_new("lan", "ngan", p), Err(WeakPassword::TooShort(10)));
        assert_eq!(
            check_new("nguyenvanlan", "NguyenVanLan", p),
            Err(WeakPassword::HasName)
        );
        assert_eq!(
            check_new("lan.nv", "mật khẩu của LAN.NV", p),
            Err(WeakPassword::HasName)
        );
        assert_eq!(
            check_new("lan", &"x".repeat(257), p),
            Err(WeakPassword::TooLong)
        );
        assert!(check_new("mai", "một câu đủ dài", p).is_ok());
        let strict = Policy {
            min_chars: 12,
            kinds: 3,
        };
        assert_eq!(
            check_new("mai", "một câu đủ dài", strict),
            Err(WeakPassword::TooPlain(3))
        );
        // Vietnamese capitals count as capitals.
        assert!(check_new("mai", "Đường số 7 đủ dài", strict).is_ok());
        assert_eq!(
            WeakPassword::TooShort(12).text_key(),
            ("password_too_short", 12)
        );
    }
}
