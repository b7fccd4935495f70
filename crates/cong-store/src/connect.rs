use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::participation::sqlite::Submitter;
use crate::{Result, Store, StoreError};

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a connection waits for another's write transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Which database a URL points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:` URLs and plain file paths.
    Sqlite,
    /// `postgres:` / `postgresql:` URLs.
    Postgres,
}

impl Backend {
    /// Tells the backend from a database URL.
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

impl Store {
    /// Opens the database at `url` (`sqlite://path`, or `postgres://…`), creating a SQLite file if missing.
    pub async fn open(url: &str) -> Result<Store> {
        match Backend::of_url(url) {
            Backend::Postgres => Self::open_postgres(PgConnectOptions::from_str(url)?).await,
            Backend::Sqlite => Self::open_sqlite(url).await,
        }
    }

    /// Opens PostgreSQL with every connection's search_path set to `schema` (one schema per test).
    pub async fn open_postgres_schema(url: &str, schema: &str) -> Result<Store> {
        if !schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(StoreError::Invalid(format!("bad schema name {schema:?}")));
        }
        let admin = PgPoolOptions::new().max_connections(1).connect(url).await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .execute(&admin)
            .await?;
        admin.close().await;
        let opts = PgConnectOptions::from_str(url)?.options([("search_path", schema)]);
        Self::open_postgres(opts).await
    }

    async fn open_postgres(opts: PgConnectOptions) -> Result<Store> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(opts)
            .await?;
        Ok(Store::Postgres(pool))
    }

    async fn open_sqlite(url: &str) -> Result<Store> {
        let base = if url.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(url)?
        } else {
            SqliteConnectOptions::new().filename(url)
        };
        let base = base
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        // One writer with FULL sync: an acknowledged write survives a power cut, not only a crash.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(base.clone().synchronous(SqliteSynchronous::Full))
            .await?;
        let read = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(base.clone().pragma("query_only", "ON"))
            .await?;
        let submitter = Submitter::open(base.get_filename(), BUSY_TIMEOUT)?;
        Ok(Store::Sqlite {
            read,
            write,
            submitter: Arc::new(submitter),
        })
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite { .. } => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    /// Applies every migration not yet applied.
    pub async fn migrate(&self) -> Result<()> {
        match self {
            Store::Sqlite { write, .. } => SQLITE_MIGRATIONS.run(write).await?,
            Store::Postgres(pg) => POSTGRES_MIGRATIONS.run(pg).await?,
        }
        Ok(())
    }

    /// Answers once the database does (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        crate::read!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Closes every connection, waiting for running queries.
    pub async fn close(&self) {
        match self {
            Store::Sqlite {
                read,
                write,
                submitter,
            } => {
                let submitter = submitter.clone();
                let _ = tokio::task::spawn_blocking(move || submitter.close()).await;
                read.close().await;
                write.close().await;
            }
            Store::Postgres(pg) => pg.close().await,
        }
    }
}
