//! Creating accounts: the checks shared by `cong user add` and the back office.

use cong_store::{NewUser, Store};

use super::config::SecurityConfig;
use super::hashing::{Busy, Hasher};
use super::{password, Role};

/// Why an account was not created.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The log-in name breaks the rules.
    #[error(
        "user name {0:?}: use 3 to 40 characters: lowercase letters a-z, digits, '.', '_' or '-'"
    )]
    BadName(String),
    /// Unknown role.
    #[error("unknown role {0:?}: use admin, editor or author")]
    BadRole(String),
    /// The name is taken.
    #[error("the user {0:?} exists already")]
    Taken(String),
    /// The password breaks the rules.
    #[error(transparent)]
    Weak(#[from] password::WeakPassword),
    /// Every password check was busy.
    #[error(transparent)]
    Busy(#[from] Busy),
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] cong_store::StoreError),
}

/// Whether `name` is a valid log-in name.
pub fn valid_name(name: &str) -> bool {
    (3..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

/// What a new account is made of, as typed.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    /// Log-in name.
    pub name: &'a str,
    /// Name shown (the log-in name when blank).
    pub display_name: &'a str,
    /// admin, editor or author.
    pub role: &'a str,
    /// Password.
    pub password: &'a str,
}

/// Creates an account after checking name, role and password against the `[security]` rules.
pub async fn create(
    store: &Store,
    hasher: &Hasher,
    security: &SecurityConfig,
    new: NewAccount<'_>,
    now: i64,
) -> Result<i64, AccountError> {
    let NewAccount { name, role, .. } = new;
    if !valid_name(name) {
        return Err(AccountError::BadName(name.to_string()));
    }
    let role = Role::parse(role).ok_or_else(|| AccountError::BadRole(role.to_string()))?;
    password::check_new(name, new.password, password::Policy::of(security))?;
    if store.user_by_name(name).await?.is_some() {
        return Err(AccountError::Taken(name.to_string()));
    }
    let hash = hasher.hash(new.password.to_string()).await?;
    let display = match new.display_name.trim() {
        "" => name.to_string(),
        d => d.chars().take(100).collect(),
    };
    Ok(store
        .create_user(
            &NewUser {
                name: name.to_string(),
                display_name: display,
                role: role.name().to_string(),
                password_hash: hash,
            },
            now,
        )
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_and_bounded() {
        for ok in ["admin", "nguyen.van.a", "bien_tap-01"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["ab", "Admin", "nguyễn", "a b", "x;drop", &"a".repeat(41)] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
