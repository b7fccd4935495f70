//! Creating accounts: the checks shared by `cong user add` and the back office.

use cong_store::{NewUser, Store};

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
    /// The password breaks the rules.
    #[error(transparent)]
    Weak(#[from] password::WeakPassword),
    /// The database refused (for example, the name is taken).
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

/// Creates an account after checking name, role and password; hashes off the async threads.
pub async fn create(
    store: &Store,
    name: &str,
    display_name: &str,
    role: &str,
    secret: &str,
    now: i64,
) -> Result<i64, AccountError> {
    if !valid_name(name) {
        return Err(AccountError::BadName(name.to_string()));
    }
    let role = Role::parse(role).ok_or_else(|| AccountError::BadRole(role.to_string()))?;
    password::check_new(name, secret)?;
    let secret = secret.to_string();
    let hash = tokio::task::spawn_blocking(move || password::hash(&secret))
        .await
        .expect("hashing does not panic");
    let display = if display_name.trim().is_empty() {
        name.to_string()
    } else {
        display_name.trim().to_string()
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
