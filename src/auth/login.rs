//! The decisions of a log-in, apart from HTTP: the password step, the second step, and the
//! current password typed again before a sensitive change. Every guess is counted before its
//! password hash or code is checked (see [`cong_store::Store::reserve_attempt`]), and a right
//! one gives its count back.

use std::net::IpAddr;

use cong_store::{FailureRule, StoreError, User};

use super::throttle::keys;
use super::{accounts, device, totp};
use crate::state::App;

/// A hash no password matches, checked for unknown names so they take as long as known ones.
const NO_ACCOUNT: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$bm8tYWNjb3VudC1zYWx0$0H4Qp8dQ1yvhZKzDbZqN3u+Yq1p0m3c9r2s1tQ4xWzE";
/// Seconds between the password and the second factor.
pub const CODE_SECS: i64 = 300;
/// Codes one password step allows before the password must be typed again.
pub const CODE_TRIES: i64 = 5;

/// What a guess (a password or a code) came to.
#[derive(Debug)]
pub enum Outcome<T> {
    /// Right.
    Right(T),
    /// Wrong (an unknown name gets this too).
    Wrong,
    /// Too many wrong guesses: refused unchecked until this time.
    Locked(i64),
    /// Every password check was busy; nothing was counted.
    Busy,
}

/// A password typed on the log-in page.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// Log-in name as typed (lowercased).
    pub name: &'a str,
    /// Password as typed.
    pub password: &'a str,
    /// Where it came from.
    pub ip: IpAddr,
    /// The browser's device cookie, if it sent one.
    pub device: Option<&'a str>,
}

/// The counts a guess is reserved under, and whether they are the browser's own.
fn password_keys(app: &App, a: &Attempt<'_>, device: Option<&str>) -> Vec<(String, FailureRule)> {
    let r = &app.login_rules;
    match device {
        Some(id) => vec![(keys::device(id), r.pair)],
        None if accounts::valid_name(a.name) => vec![
            (keys::pair(a.name, a.ip), r.pair),
            (keys::name(a.name), r.name),
            (keys::network(a.ip), r.network),
        ],
        // A name that cannot exist is not stored anywhere, however long it is.
        None => vec![(keys::network(a.ip), r.network)],
    }
}

fn borrowed(keys: &[(String, FailureRule)]) -> Vec<(&str, FailureRule)> {
    keys.iter().map(|(k, r)| (k.as_str(), *r)).collect()
}

/// Reserves one guess under `keys`: `Err(until)` when one of them is locked.
async fn reserve(app: &App, keys: &[(String, FailureRule)]) -> Result<Result<(), i64>, StoreError> {
    app.store.reserve_attempt(&borrowed(keys), app.now()).await
}

/// The password step. A right password of an enabled account gives the account; the caller
/// then asks for the second factor when it is on.
pub async fn check_password(app: &App, a: Attempt<'_>) -> Result<Outcome<User>, StoreError> {
    let user = if accounts::valid_name(a.name) {
        app.store.user_by_name(a.name).await?
    } else {
        None
    };
    let signer = &app.participation.signer;
    let known = user
        .as_ref()
        .zip(a.device)
        .and_then(|(u, cookie)| device::known(signer, cookie, u.id));
    let mut counted = password_keys(app, &a, known.as_deref());
    if let Err(until) = reserve(app, &counted).await? {
        if known.is_none() {
            return Ok(Outcome::Locked(until));
        }
        // The known browser used up its own tries: from now on it counts as a stranger.
        counted = password_keys(app, &a, None);
        if let Err(until) = reserve(app, &counted).await? {
            return Ok(Outcome::Locked(until));
        }
    }
    let stored = user
        .as_ref()
        .filter(|u| !u.password_hash.is_empty())
        .map_or(NO_ACCOUNT.to_string(), |u| u.password_hash.clone());
    let matches = match app.hasher.verify(stored, a.password.to_string()).await {
        Ok(m) => m,
        Err(_busy) => {
            app.store.release_attempt(&borrowed(&counted)).await?;
            return Ok(Outcome::Busy);
        }
    };
    match user {
        Some(u) if matches && !u.disabled => {
            app.store.release_attempt(&borrowed(&counted)).await?;
            // The owner's own typos from here are forgiven; the counts in bulk are not.
            let mut own = vec![keys::pair(a.name, a.ip)];
            own.extend(known.as_deref().map(keys::device));
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            app.store.clear_attempts(&own).await?;
            Ok(Outcome::Right(u))
        }
        _ => Ok(Outcome::Wrong),
    }
}

/// The second step: a TOTP or recovery code for the log-in waiting under `pending` (the hash
/// of the browser's token), with the account it is for. `Ok(None)` when that log-in is over:
/// too old, used, out of tries, or its account disabled; the password must be typed again.
pub async fn check_code(
    app: &App,
    pending: &str,
    code: &str,
    ip: IpAddr,
) -> Result<Option<(User, Outcome<()>)>, StoreError> {
    let now = app.now();
    let Some(user_id) = app
        .store
        .attempt_pending_login(pending, now, CODE_SECS, CODE_TRIES)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = app.store.user_by_id(user_id).await?.filter(|u| !u.disabled) else {
        return Ok(None);
    };
    let r = &app.login_rules;
    let counted = vec![
        (keys::code(user_id), r.code),
        (keys::network(ip), r.network),
    ];
    if let Err(until) = reserve(app, &counted).await? {
        return Ok(Some((user, Outcome::Locked(until))));
    }
    let secret = user.totp_secret.clone().unwrap_or_default();
    let right = match totp::matching_step(&secret, code, now) {
        // Each step counts once, so a code seen over a shoulder cannot be used again.
        Some(step) => app.store.accept_totp_step(user.id, step).await?,
        None => {
            let hash = totp::recovery_hash(code);
            app.store.use_recovery_code(user.id, &hash, now).await?
        }
    };
    if !right {
        return Ok(Some((user, Outcome::Wrong)));
    }
    app.store.release_attempt(&borrowed(&counted)).await?;
    app.store.end_pending_login(pending).await?;
    Ok(Some((user, Outcome::Right(()))))
}

/// The current password, typed again in a session before a sensitive change (a new password,
/// a new second factor, turning it off); counted per account so a stolen session cannot
/// guess it.
pub async fn check_current_password(
    app: &App,
    user: &User,
    typed: &str,
) -> Result<Outcome<()>, StoreError> {
    let counted = vec![(keys::reauth(user.id), app.login_rules.reauth)];
    if let Err(until) = reserve(app, &counted).await? {
        return Ok(Outcome::Locked(until));
    }
    match app
        .hasher
        .verify(user.password_hash.clone(), typed.to_string())
        .await
    {
        Ok(true) => {
            app.store.release_attempt(&borrowed(&counted)).await?;
            Ok(Outcome::Right(()))
        }
        Ok(false) => Ok(Outcome::Wrong),
        Err(_busy) => {
            app.store.release_attempt(&borrowed(&counted)).await?;
            Ok(Outcome::Busy)
        }
    }
}
