//! Reader participation: who the reader is (signed cookie), single-use form tokens, per-address
//! limits, and the group-commit writer every rating, comment and vote goes through.

pub mod check;
pub mod config;
pub mod limit;
pub mod token;
pub mod writer;

use axum::http::HeaderValue;

pub use config::ParticipationConfig;
pub use limit::Limit;
pub use token::{Purpose, Signer, TokenError, READER_COOKIE};
pub use writer::Writer;

use crate::http::client::Reader;

/// Settings key of the secret that signs reader cookies and form tokens; kept in the
/// database so every instance and every restart agree.
pub const SECRET_SETTING: &str = "participation_secret";

/// Everything the participation handlers share.
#[derive(Debug)]
pub struct Participation {
    /// Signs and checks cookies and tokens.
    pub signer: Signer,
    /// Group-commit writer.
    pub writer: Writer,
    /// Ratings per address per hour.
    pub ratings_limit: Limit,
    /// Comments per address per hour.
    pub comments_limit: Limit,
    /// Votes per address per hour.
    pub votes_limit: Limit,
    /// Cookie attributes (Secure when the site is served over https).
    cookie_attributes: &'static str,
}

/// The reader behind a request, once its cookie is checked or a new one is made.
#[derive(Debug, Clone)]
pub struct Identified {
    /// Reader id.
    pub id: String,
    /// Set-Cookie value to send when the reader is new.
    pub set_cookie: Option<HeaderValue>,
}

impl Participation {
    /// Shares `secret`, starts the writer on `store`, and reads the limits from `config`.
    pub fn new(
        secret: &[u8],
        writer: Writer,
        config: &ParticipationConfig,
        https: bool,
    ) -> Participation {
        Participation {
            signer: Signer::new(secret),
            writer,
            ratings_limit: Limit::new(config.ratings_per_ip_hour),
            comments_limit: Limit::new(config.comments_per_ip_hour),
            votes_limit: Limit::new(config.votes_per_ip_hour),
            cookie_attributes: if https {
                "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax; Secure"
            } else {
                "; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
            },
        }
    }

    /// The reader's id from a valid cookie, if the request carries one.
    pub fn known_reader(&self, reader: &Reader) -> Option<String> {
        reader
            .cookie
            .as_deref()
            .and_then(|c| self.signer.reader_id(c))
    }

    /// The reader's id, making a new reader (and its cookie) when the request has none.
    pub fn identify(&self, reader: &Reader) -> Identified {
        if let Some(id) = self.known_reader(reader) {
            return Identified {
                id,
                set_cookie: None,
            };
        }
        let (id, value) = self.signer.new_reader();
        let cookie = format!("{READER_COOKIE}={value}{}", self.cookie_attributes);
        Identified {
            id,
            set_cookie: HeaderValue::from_str(&cookie).ok(),
        }
    }

    /// The site secret, for other signatures (back-office CSRF tokens).
    pub fn signer_key(&self) -> &[u8] {
        self.signer.key()
    }

    /// Forgets idle addresses in the limits.
    pub fn sweep(&self, now: i64) {
        self.ratings_limit.sweep(now);
        self.comments_limit.sweep(now);
        self.votes_limit.sweep(now);
    }
}

/// A fresh random secret for a new site.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}
