//! argon2id password hashes. Hashing takes tens of milliseconds on purpose; callers run it on
//! the blocking pool, never on the async threads.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// Shortest password accepted.
pub const MIN_LEN: usize = 10;
/// Longest password accepted (argon2 would take more, but a megabyte of "password" is abuse).
pub const MAX_LEN: usize = 256;

/// Why a new password is refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum WeakPassword {
    /// Fewer than [`MIN_LEN`] characters.
    #[error("the password must have at least {MIN_LEN} characters")]
    TooShort,
    /// More than [`MAX_LEN`] characters.
    #[error("the password must have at most {MAX_LEN} characters")]
    TooLong,
    /// The same as the log-in name.
    #[error("the password must not be the user name")]
    SameAsName,
}

/// Checks a new password against the rules.
pub fn check_new(name: &str, password: &str) -> Result<(), WeakPassword> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(WeakPassword::TooShort);
    }
    if n > MAX_LEN {
        return Err(WeakPassword::TooLong);
    }
    if password.eq_ignore_ascii_case(name) {
        return Err(WeakPassword::SameAsName);
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
        assert_eq!(check_new("lan", "ngan"), Err(WeakPassword::TooShort));
        assert_eq!(
            check_new("nguyenvanlan", "NguyenVanLan"),
            Err(WeakPassword::SameAsName)
        );
        assert_eq!(
            check_new("lan", &"x".repeat(257)),
            Err(WeakPassword::TooLong)
        );
        assert!(check_new("lan", "một câu đủ dài").is_ok());
    }
}
