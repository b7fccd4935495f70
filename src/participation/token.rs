//! The signed reader cookie and single-use form tokens.
//!
//! A reader is a random id in a first-party cookie, signed so that nobody can pick someone
//! else's id. Every form carries a token bound to that id, to what the form does, to the time
//! the page showed it and to a random nonce: a page on another site cannot produce one (CSRF),
//! a script cannot post faster than a person types, and the store refuses a nonce it has seen
//! (a replayed form). Pages are cached whole, so tokens are printed into a hole of the cached
//! page per request.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Name of the reader cookie.
pub const READER_COOKIE: &str = "cong_r";

/// Hex characters of a reader id: the time it was made (32 bits), then 64 random bits.
const ID_HEX: usize = 24;
/// Hex characters of the reader ids made before the time prefix; still valid.
const OLD_ID_HEX: usize = 16;
/// Hex characters kept of a signature (128 bits).
const MAC_HEX: usize = 32;

/// What a form does; a token for one cannot be used for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Rating an article.
    Rating,
    /// Commenting on an article.
    Comment,
    /// Voting in a poll.
    Vote,
    /// Logging in to the back office.
    Login,
}

impl Purpose {
    /// One-letter code used in tokens and page holes.
    pub fn code(self) -> char {
        match self {
            Purpose::Rating => 'r',
            Purpose::Comment => 'c',
            Purpose::Vote => 'v',
            Purpose::Login => 'l',
        }
    }

    /// The purpose of a code.
    pub fn from_code(c: char) -> Option<Purpose> {
        match c {
            'r' => Some(Purpose::Rating),
            'c' => Some(Purpose::Comment),
            'v' => Some(Purpose::Vote),
            'l' => Some(Purpose::Login),
            _ => None,
        }
    }

    /// The purpose named in `/api/form-token?for=…`.
    pub fn from_name(name: &str) -> Option<Purpose> {
        match name {
            "rating" => Some(Purpose::Rating),
            "comment" => Some(Purpose::Comment),
            "vote" => Some(Purpose::Vote),
            _ => None,
        }
    }
}

/// Why a token was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Missing, malformed, forged, for another reader or another form.
    Invalid,
    /// Sent sooner after the page than a person could have filled it in.
    TooFast,
    /// The page was shown too long ago.
    Expired,
}

/// A checked form token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The nonce the store records so the form counts once.
    pub nonce: String,
}

/// Signs and checks reader ids and form tokens with the site's secret.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    /// A signer with this secret (at least 32 bytes).
    pub fn new(key: &[u8]) -> Signer {
        Signer { key: key.to_vec() }
    }

    /// The secret itself.
    pub fn key(&self) -> &[u8] {
        &self.key
    }

    /// A signature (128 bits, hex) of `parts`, kept apart from one another.
    pub fn mac(&self, parts: &[&str]) -> String {
        let mut m = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        for p in parts {
            m.update(p.as_bytes());
            m.update(b"\x1f");
        }
        let mut out = hex::encode(m.finalize().into_bytes());
        out.truncate(MAC_HEX);
        out
    }

    /// A new reader: (id, cookie value).
    pub fn new_reader(&self) -> (String, String) {
        // The time first: readers' rows are keyed by (article, reader), so ids made around
        // the same time sit side by side and a burst of new readers writes a few index pages,
        // not one page per reader.
        let made = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as u32);
        let id = format!("{made:08x}{:016x}", rand::random::<u64>());
        let value = format!("{id}.{}", self.mac(&["reader", &id]));
        (id, value)
    }

    /// The reader id in a cookie value, if its signature holds.
    pub fn reader_id(&self, cookie: &str) -> Option<String> {
        let (id, mac) = cookie.split_once('.')?;
        let well_formed = (id.len() == ID_HEX || id.len() == OLD_ID_HEX)
            && id.bytes().all(|b| b.is_ascii_hexdigit());
        (well_formed && constant_time_eq(&self.mac(&["reader", id]), mac)).then(|| id.into())
    }

    /// A token for one form of `reader`, issued at `now`.
    pub fn token(&self, purpose: Purpose, reader: &str, now: i64) -> String {
        let nonce = format!("{:016x}", rand::random::<u64>());
        let issued = format!("{now:x}");
        let code = purpose.code().to_string();
        let mac = self.mac(&["form", &code, reader, &issued, &nonce]);
        format!("{code}{issued}.{nonce}.{mac}")
    }

    /// Checks a token sent by `reader` for `purpose` at `now`: signed by us, for this reader
    /// and form, at least `min_age` and at most `max_age` seconds old.
    pub fn check(
        &self,
        token: &str,
        purpose: Purpose,
        reader: &str,
        now: i64,
        (min_age, max_age): (i64, i64),
    ) -> Result<Form, TokenError> {
        let mut parts = token.splitn(3, '.');
        let (head, nonce, mac) = match (parts.next(), parts.next(), parts.next()) {
            (Some(h), Some(n), Some(m)) if !h.is_empty() && n.len() == 16 => (h, n, m),
            _ => return Err(TokenError::Invalid),
        };
        let mut chars = head.chars();
        let code = chars.next().ok_or(TokenError::Invalid)?;
        let issued_hex = chars.as_str();
        if Purpose::from_code(code) != Some(purpose) {
            return Err(TokenError::Invalid);
        }
        let expected = self.mac(&["form", &code.to_string(), reader, issued_hex, nonce]);
        if !constant_time_eq(&expected, mac) {
            return Err(TokenError::Invalid);
        }
        let issued = i64::from_str_radix(issued_hex, 16).map_err(|_| TokenError::Invalid)?;
        let age = now - issued;
        if age < min_age {
            return Err(TokenError::TooFast);
        }
        if age > max_age {
            return Err(TokenError::Expired);
        }
        // Recorded with the issue time in front, for the same reason as reader ids: forms
        // shown around the same time are recorded next to each other.
        Ok(Form {
            nonce: format!("{issued:010x}{nonce}"),
        })
    }
}

/// Whether two strings are equal, in a time that depends on their length only (a signature
/// compared byte by byte with an early exit tells an attacker how much of it was right).
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const AGES: (i64, i64) = (3, 3600);

    #[test]
    fn reader_cookies_verify_and_resist_tampering() {
        let s = Signer::new(&[7; 32]);
        let (id, cookie) = s.new_reader();
        let (later, _) = s.new_reader();
        assert_eq!(id.len(), 24);
        assert!(
            id[..8] <= later[..8],
            "ids made later sort later: {id} {later}"
        );
        assert_eq!(s.reader_id(&cookie), Some(id.clone()));
        let other = Signer::new(&[8; 32]);
        assert_eq!(other.reader_id(&cookie), None, "another site's key");
        let forged = format!("{}{}", "0".repeat(24), &cookie[24..]);
        assert_eq!(s.reader_id(&forged), None);
        // Ids made before the time prefix still verify.
        let old = format!("{}.{}", "ab".repeat(8), s.mac(&["reader", &"ab".repeat(8)]));
        assert_eq!(s.reader_id(&old), Some("ab".repeat(8)));
        assert_eq!(s.reader_id("garbage"), None);
        assert_eq!(s.reader_id(""), None);
    }

    #[test]
    fn tokens_bind_reader_purpose_and_time() {
        let s = Signer::new(&[7; 32]);
        let t = s.token(Purpose::Comment, "aaaa", 1000);
        let ok = s.check(&t, Purpose::Comment, "aaaa", 1005, AGES).unwrap();
        // Recorded as the issue time then the random part, so forms sort by issue time.
        assert_eq!(ok.nonce.len(), 26);
        assert!(ok.nonce.starts_with("00000003e8"), "{}", ok.nonce);
        assert_ne!(
            s.token(Purpose::Comment, "aaaa", 1000),
            t,
            "fresh nonce each time"
        );
        assert_eq!(
            s.check(&t, Purpose::Comment, "bbbb", 1005, AGES),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            s.check(&t, Purpose::Rating, "aaaa", 1005, AGES),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            s.check(&t, Purpose::Comment, "aaaa", 1001, AGES),
            Err(TokenError::TooFast)
        );
        assert_eq!(
            s.check(&t, Purpose::Comment, "aaaa", 1000 + 3601, AGES),
            Err(TokenError::Expired)
        );
        // Moving the issue time back (to dodge the minimum) breaks the signature.
        let older = t.replacen("c3e8", "c3e0", 1);
        assert_eq!(
            s.check(&older, Purpose::Comment, "aaaa", 1005, AGES),
            Err(TokenError::Invalid)
        );
        for junk in [
            "",
            "c",
            "c3e8..",
            "x3e8.0123456789abcdef.00",
            "c3e8.short.00",
        ] {
            assert_eq!(
                s.check(junk, Purpose::Comment, "aaaa", 1005, AGES),
                Err(TokenError::Invalid)
            );
        }
    }
}
