//! `cong media check` and `cong media migrate --to s3`: what storage and the library disagree
//! on, and moving a folder store into a bucket.

use std::collections::{BTreeMap, BTreeSet};

use cong_store::Store;
use indicatif::ProgressBar;

use super::keys;
use super::storage::{Storage, ORIGINALS, PUBLIC};

/// What the check found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// Keys the library refers to that storage lacks, with the entry's id.
    pub missing: Vec<(i64, String)>,
    /// Keys under the library's prefixes that no entry refers to.
    pub orphans: Vec<String>,
}

/// Compares every library entry with what storage holds.
pub async fn check(store: &Store, storage: &Storage) -> anyhow::Result<Findings> {
    let mut held = BTreeSet::new();
    for prefix in [PUBLIC, ORIGINALS] {
        held.extend(storage.list(prefix).await?.into_iter().map(|(k, _)| k));
    }
    let mut wanted = BTreeSet::new();
    let mut out = Findings::default();
    for item in store.all_media().await? {
        for key in keys::all(&item) {
            if !held.contains(&key) {
                out.missing.push((item.id, key.clone()));
            }
            wanted.insert(key);
        }
    }
    out.orphans = held.difference(&wanted).cloned().collect();
    Ok(out)
}

/// What a migration did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Moved {
    /// Files copied in this run.
    pub copied: u64,
    /// Files the bucket already held with the same size (an earlier, interrupted run).
    pub skipped: u64,
    /// Bytes copied.
    pub bytes: u64,
}

/// Copies every file of `from` (all of it: uploads, originals, imported photos) into `to`;
/// a file `to` already holds with the same size is left, so a run that was interrupted goes
/// on where it stopped. One file at a time, so memory stays at the largest file.
pub async fn migrate(from: &Storage, to: &Storage, bar: &ProgressBar) -> anyhow::Result<Moved> {
    let files = from.list("").await?;
    let there: BTreeMap<String, u64> = to.list("").await?.into_iter().collect();
    bar.set_length(files.iter().map(|(_, n)| n).sum());
    let mut moved = Moved::default();
    for (key, size) in files {
        if there.get(&key) == Some(&size) {
            moved.skipped += 1;
        } else {
            let bytes = from.read(&key).await?;
            to.put(&key, bytes).await?;
            moved.copied += 1;
            moved.bytes += size;
        }
        bar.inc(size);
    }
    bar.finish();
    Ok(moved)
}
