//! Uploaded files readers ask for, kept whole in memory up to a size: a file under `up/` is
//! named by its content, so a copy in memory is never stale while the entry exists (deleting
//! it evicts the copy). Serving from here costs no file-system call at all; larger files, and
//! anything on S3 (shared by several instances), are always streamed from storage.

use bytes::Bytes;
use moka::sync::Cache;

/// Largest file kept, in bytes: photo copies for pages are well under it.
pub const FILE_MAX: u64 = 1024 * 1024;

/// A file kept in memory, with its last change as an HTTP date.
#[derive(Clone)]
pub struct HotFile {
    /// Its bytes.
    pub bytes: Bytes,
    /// `Last-Modified`.
    pub modified: String,
}

/// The recently served files.
pub struct HotFiles {
    cache: Option<Cache<String, HotFile>>,
}

impl HotFiles {
    /// A cache of at most `mib` MiB (0: none).
    pub fn new(mib: u64) -> HotFiles {
        let cache = (mib > 0).then(|| {
            Cache::builder()
                .max_capacity(mib * 1024 * 1024)
                .weigher(|k: &String, f: &HotFile| (k.len() + f.bytes.len()) as u32)
                .build()
        });
        HotFiles { cache }
    }

    /// Whether files are kept at all.
    pub fn enabled(&self) -> bool {
        self.cache.is_some()
    }

    /// The file under `key`, if kept.
    pub fn get(&self, key: &str) -> Option<HotFile> {
        self.cache.as_ref()?.get(key)
    }

    /// Keeps `file` under `key`.
    pub fn insert(&self, key: &str, file: HotFile) {
        if let Some(c) = &self.cache {
            c.insert(key.to_string(), file);
        }
    }

    /// Forgets the file under `key` (it was deleted).
    pub fn forget(&self, key: &str) {
        if let Some(c) = &self.cache {
            c.invalidate(key);
        }
    }
}
