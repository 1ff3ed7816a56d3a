//! Storage: every query the server runs, over sqlx's `Any` driver so that one code path serves
//! both the embedded SQLite default and PostgreSQL.
//!
//! The SQL is written once in the common dialect (`$1` parameters, `BIGINT` Unix seconds, text
//! ids, `RETURNING`, `ON CONFLICT`); the two backends differ only in how a connection is set up
//! ([`Store::connect`]). Each resource has a file of its own adding methods to [`Store`]; the HTTP
//! layer never writes SQL, and authorization decisions are made above this layer from what these
//! methods return.

mod account;
mod billing;
mod device;
mod invites;
mod jobs;
mod ledger;
mod prune;
mod sites;
mod stripe;
mod tokens;
mod usage;
mod users;
mod workspaces;

pub use account::DeletionOutcome;
pub use billing::{BillingRecord, SubscriptionUpdate};
pub use device::{DeviceLogin, DevicePoll};
pub use invites::InviteAcceptance;
pub use jobs::JobReporter;
pub use prune::PruneCounts;
pub use sites::{
    NewSite, SiteFactsRow, SiteInsert, SiteRecord, SiteRelease, StoredSecret, UserSiteAccess,
};
pub use tokens::{NewToken, TokenRecord};
pub use usage::{day_of, CreditCounter, GrantedReservation, Period};
pub use users::NewAccount;
pub use users::UserRecord;
pub use workspaces::MembershipChange;

use std::path::Path;
use std::time::Duration;

use altloom_shared::api::workspaces::Role;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

/// Which database a [`Store`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from a database URL's scheme.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }
}

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database URL must start with sqlite:// or postgres://")]
    UnsupportedUrl,
    #[error("cannot create the data directory {path}: {source}")]
    DataDirectory {
        path: String,
        source: std::io::Error,
    },
    #[error("a row with that {0} already exists")]
    Duplicate(&'static str),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Maps a unique-constraint violation to [`StoreError::Duplicate`] naming `what`.
    fn duplicate_as(error: sqlx::Error, what: &'static str) -> StoreError {
        match &error {
            sqlx::Error::Database(database_error) if database_error.is_unique_violation() => {
                StoreError::Duplicate(what)
            }
            _ => StoreError::Database(error),
        }
    }
}

/// The handle every request uses; cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

impl Store {
    /// Connects to `url`. For SQLite the file (and its directory) is created when missing and
    /// every connection gets WAL journaling and a busy timeout, so concurrent requests wait for
    /// the single writer instead of failing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10));
        let options = match backend {
            Backend::Sqlite => options.after_connect(|connection, _| {
                Box::pin(async move {
                    connection
                        .execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options.connect(&url).await?;
        Ok(Store { pool, backend })
    }

    /// Applies pending migrations. On PostgreSQL sqlx holds an advisory lock meanwhile, so
    /// several instances starting together migrate once.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    /// Which backend this store uses.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Answers whether the database responds, for `/readyz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes every connection; used on shutdown so SQLite checkpoints its WAL.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes `sqlite://path` create the file (`mode=rwc`) and its parent directory.
fn prepare_sqlite_url(url: &str) -> Result<String, StoreError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = Path::new(path)
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::DataDirectory {
                path: parent.display().to_string(),
                source,
            })?;
        }
    }
    Ok(match query {
        _ if path == ":memory:" || path.is_empty() => url.to_string(),
        Some(query) if query.contains("mode=") => url.to_string(),
        Some(query) => format!("sqlite://{path}?{query}&mode=rwc"),
        None => format!("sqlite://{path}?mode=rwc"),
    })
}

/// Reads a comma-separated list column into typed values, refusing unknown entries so a bad
/// row is noticed instead of silently widening or narrowing access.
fn parse_list<T>(text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, StoreError> {
    text.split(',')
        .filter(|item| !item.is_empty())
        .map(|item| {
            parse(item).ok_or_else(|| StoreError::Corrupt(format!("unknown value `{item}`")))
        })
        .collect()
}

/// Converts a stored count back to the unsigned wire type.
fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Converts an unsigned count to the signed column type, saturating far beyond any real value.
fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// Parses a role column.
fn role_from_column(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| StoreError::Corrupt(format!("unknown role `{text}`")))
}
