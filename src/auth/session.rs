//! Session tokens: random, sent once in a cookie, stored only as a hash.

use sha2::{Digest, Sha256};

/// Name of the back-office session cookie.
pub const SESSION_COOKIE: &str = "cong_phien";

/// A new session: (token for the cookie, hash for the database).
pub fn new_token() -> (String, String) {
    let bytes: [u8; 32] = rand::random();
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether a session last seen at `last_seen` is still alive at `now`.
pub fn alive(last_seen: i64, now: i64, idle_secs: i64) -> bool {
    now - last_seen < idle_secs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (t1, h1) = new_token();
        let (t2, _) = new_token();
        assert_ne!(t1, t2);
        assert_eq!(t1.len(), 64);
        assert_eq!(token_hash(&t1), h1);
        assert_ne!(h1, t1);
        assert!(alive(100, 100 + 1799, 1800));
        assert!(!alive(100, 100 + 1800, 1800));
    }
}
