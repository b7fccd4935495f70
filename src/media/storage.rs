//! Where media files live: one interface (the `object_store` crate) over a folder inside the
//! data folder, or an S3-compatible bucket shared by several instances.
//!
//! Keys: `up/…` is public (served under `/media/up/…`), `goc/…` holds photo originals, which
//! may carry the camera's location and serial number and are never served to readers.
//! Imported photos sit under `imported/…` as before.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::TryStreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::signer::Signer;
use object_store::{ClientOptions, GetOptions, GetResult, ObjectStore, PutPayload, RetryConfig};

use super::config::MediaConfig;

/// Prefix of public files.
pub const PUBLIC: &str = "up/";
/// Prefix of photo originals (staff only).
pub const ORIGINALS: &str = "goc/";

/// A storage failure, said plainly enough to log.
pub type StorageError = object_store::Error;

/// The media storage in force.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// The folder, when storage is a folder (served straight from disk).
    folder: Option<PathBuf>,
    /// The bucket, when readers are sent signed links to it.
    redirect_to: Option<Arc<AmazonS3>>,
    /// What to call this storage in messages (`folder /srv/…` or `s3 bucket`).
    pub label: String,
}

impl Storage {
    /// Opens the storage `cfg` names; a folder is `<data>/media`, made if missing.
    pub fn open(cfg: &MediaConfig, data: &Path) -> anyhow::Result<Storage> {
        if cfg.storage == "s3" {
            Storage::s3(cfg)
        } else {
            Storage::folder_in(data)
        }
    }

    /// The folder `<data>/media`, made if missing.
    pub fn folder_in(data: &Path) -> anyhow::Result<Storage> {
        let dir = data.join("media");
        std::fs::create_dir_all(&dir)?;
        let store = LocalFileSystem::new_with_prefix(&dir)?.with_automatic_cleanup(true);
        Ok(Storage {
            store: Arc::new(store),
            label: format!("folder {}", dir.display()),
            folder: Some(dir),
            redirect_to: None,
        })
    }

    /// The bucket in `cfg.s3`.
    pub fn s3(cfg: &MediaConfig) -> anyhow::Result<Storage> {
        let s = &cfg.s3;
        let mut b = AmazonS3Builder::new()
            .with_bucket_name(&s.bucket)
            .with_region(&s.region)
            .with_access_key_id(&s.access_key)
            .with_secret_access_key(&s.secret_key)
            .with_virtual_hosted_style_request(!s.path_style)
            // A bucket that does not answer fails an upload in seconds, not after the
            // library's default three minutes of retries.
            .with_retry(RetryConfig {
                max_retries: 2,
                retry_timeout: Duration::from_secs(10),
                ..RetryConfig::default()
            })
            .with_client_options(
                ClientOptions::new()
                    .with_connect_timeout(Duration::from_secs(3))
                    .with_timeout(Duration::from_secs(120)),
            );
        if !s.endpoint.is_empty() {
            b = b
                .with_endpoint(&s.endpoint)
                .with_allow_http(s.endpoint.starts_with("http://"));
        }
        let s3 = Arc::new(b.build()?);
        Ok(Storage {
            store: s3.clone(),
            folder: None,
            redirect_to: s.redirect.then_some(s3),
            label: format!("s3 {}", s.bucket),
        })
    }

    /// The folder files are in, when storage is a folder.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// Stores `bytes` under `key`, unless a file is there already (keys name their content).
    pub async fn put_once(&self, key: &str, bytes: Bytes) -> Result<(), StorageError> {
        let k = Key::from(key);
        match self.store.head(&k).await {
            Ok(_) => Ok(()),
            Err(StorageError::NotFound { .. }) => self.put(key, bytes).await,
            Err(e) => Err(e),
        }
    }

    /// Stores `bytes` under `key`, replacing what was there.
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), StorageError> {
        self.store
            .put(&Key::from(key), PutPayload::from(bytes))
            .await
            .map(|_| ())
    }

    /// The whole file under `key`.
    pub async fn read(&self, key: &str) -> Result<Bytes, StorageError> {
        self.store.get(&Key::from(key)).await?.bytes().await
    }

    /// The file under `key` as `opts` ask (a range, or nothing when it is unchanged).
    pub async fn get(&self, key: &str, opts: GetOptions) -> Result<GetResult, StorageError> {
        self.store.get_opts(&Key::from(key), opts).await
    }

    /// Deletes the file under `key`; one already gone is no error.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        match self.store.delete(&Key::from(key)).await {
            Ok(()) | Err(StorageError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Whether a file is under `key`.
    pub async fn exists(&self, key: &str) -> Result<bool, StorageError> {
        match self.store.head(&Key::from(key)).await {
            Ok(_) => Ok(true),
            Err(StorageError::NotFound { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Every key under `prefix`, with its size.
    pub async fn list(&self, prefix: &str) -> Result<Vec<(String, u64)>, StorageError> {
        let prefix = Key::from(prefix.trim_end_matches('/'));
        self.store
            .list(Some(&prefix))
            .map_ok(|m| (m.location.to_string(), m.size))
            .try_collect()
            .await
    }

    /// A link to `key` in the bucket that works for `secs` seconds, when readers are to be
    /// sent to the bucket rather than served through the portal.
    pub async fn signed_link(&self, key: &str, secs: u64) -> Option<String> {
        let s3 = self.redirect_to.as_ref()?;
        match s3
            .signed_url(
                http::Method::GET,
                &Key::from(key),
                Duration::from_secs(secs),
            )
            .await
        {
            Ok(url) => Some(url.to_string()),
            Err(e) => {
                tracing::warn!(error = %e, key, "could not sign a media link");
                None
            }
        }
    }
}
