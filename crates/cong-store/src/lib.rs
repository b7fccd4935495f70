//! Cổng's storage: one [`Store`] over SQLite or PostgreSQL, with one method per use case.
//!
//! SQL is written once with `$n` placeholders (sqlx binds them by number on SQLite too);
//! the few statements that must differ sit side by side in the same file.

mod articles;
mod audit;
mod comments;
mod connect;
mod imports;
mod legacy;
mod media;
mod newsroom;
mod participation;
mod polls;
mod search_feed;
mod site;
mod stats;
mod taxonomy;
mod throttle;
mod two_factor;
mod users;

pub use articles::{Article, ArticleSummary, NewArticle, SitemapEntry};
pub use audit::{AuditEntry, AuditFilter};
pub use comments::{HeldComment, PublicComment};
pub use connect::Backend;
pub use imports::{
    BatchOutcome, ImportBatch, ImportKind, ImportedArticle, ImportedCategory, ImportedComment,
    ImportedLink, ImportedPage, ImportedPoll, ImportedTag, Saved,
};
pub use legacy::{LegacyTarget, TargetKind};
pub use media::{
    media_hashes, Added, MediaFilter, MediaItem, NewMedia, Removed, UPLOADED_URL_PREFIX,
};
pub use newsroom::{
    ArticleFields, ArticleFilter, EditLock, Editor, ListedArticle, Revision, SaveOutcome,
    StaffArticle,
};
pub use participation::{Accepted, Moderation, NewComment, Outcome, Refusal, Submission};
pub use polls::{NewPoll, Poll, PollOption};
pub use search_feed::IndexableArticle;
pub use site::{MenuItem, NewPage, Page, WebLink};
pub use taxonomy::{Category, NewCategory, Tag};
pub use throttle::FailureRule;
pub use users::{NewUser, SessionRow, User};

use sqlx::{PgPool, SqlitePool};

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// SQLite refused or failed on the readers' writer thread.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The caller asked for something the data does not allow.
    #[error("{0}")]
    Invalid(String),
}

/// Result of a store call.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database behind Cổng: cheap to clone, shared by every request.
#[derive(Clone)]
pub enum Store {
    /// An embedded SQLite file: readers in a pool, writes through one connection.
    Sqlite {
        /// Connections for reads.
        read: SqlitePool,
        /// The writer connection (synchronous=FULL).
        write: SqlitePool,
        /// The thread, with a writer connection of its own, that applies readers' writes.
        submitter: std::sync::Arc<participation::sqlite::Submitter>,
    },
    /// A PostgreSQL server.
    Postgres(PgPool),
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Store::Sqlite { .. } => "Store(sqlite)",
            Store::Postgres(_) => "Store(postgres)",
        })
    }
}

/// Runs `$body` with `$pool` bound to the backend's read pool.
macro_rules! read {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            $crate::Store::Sqlite { read, .. } => {
                let $pool = read;
                $body
            }
            $crate::Store::Postgres(pg) => {
                let $pool = pg;
                $body
            }
        }
    };
}

/// Runs `$body` inside one write transaction bound to `$tx` and commits it.
///
/// On SQLite the transaction starts with BEGIN IMMEDIATE: a deferred one that reads and then
/// writes fails with BUSY at once when another writer got in between, whatever the timeout.
macro_rules! write_tx {
    ($store:expr, $tx:ident => $body:block) => {
        match $store {
            $crate::Store::Sqlite { write, .. } => {
                let mut $tx = write.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::Store::Postgres(pg) => {
                let mut $tx = pg.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

pub(crate) use {read, write_tx};

/// `$first, $first+1, …` placeholders for an IN list of `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
