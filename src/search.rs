//! This instance's search index: opened at start (rebuilt when missing or broken, while the
//! site keeps serving), then kept in step with the store's outbox of article changes.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use cong_search::{html_to_text, SearchDoc, SearchIndex};
use cong_store::{IndexableArticle, Store};

use crate::state::AppState;

/// Articles read and indexed per batch.
const BATCH: i64 = 1000;

/// Opens the index in `dir`, keeping up to `cache_bytes` of recent results; a broken index is
/// wiped and opened empty. Returns whether it needs a rebuild (new, or wiped).
pub fn open(dir: &Path, cache_bytes: u64) -> anyhow::Result<(Arc<SearchIndex>, bool)> {
    match SearchIndex::open(dir) {
        Ok(index) => {
            let fresh = index.outbox_position()?.is_none();
            Ok((Arc::new(index.with_result_cache(cache_bytes)), fresh))
        }
        // Locked is not broken: wiping would destroy the index another `cong` is writing.
        Err(e) if e.is_locked() => Err(anyhow::anyhow!(
            "the search index in {} is in use by another cong process (serve or reindex); stop it first",
            dir.display()
        )),
        Err(e) => {
            tracing::warn!(error = %e, dir = %dir.display(), "search index unusable; rebuilding it");
            std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
            let index = SearchIndex::open(dir)?.with_result_cache(cache_bytes);
            Ok((Arc::new(index), true))
        }
    }
}

fn to_doc(a: &IndexableArticle) -> SearchDoc {
    SearchDoc {
        id: a.id,
        title: a.title.clone(),
        body_text: format!("{}\n{}", a.lead, html_to_text(&a.body_html)),
        category_id: a.category_id,
        published_at: a.published_at,
    }
}

async fn blocking<T: Send + 'static>(
    index: &Arc<SearchIndex>,
    f: impl FnOnce(&SearchIndex) -> cong_search::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let index = index.clone();
    Ok(tokio::task::spawn_blocking(move || f(&index)).await??)
}

/// Rebuilds the whole index from the database; readers see the old contents until the end.
pub async fn rebuild(store: &Store, index: &Arc<SearchIndex>) -> anyhow::Result<usize> {
    // The head first: changes made during the rebuild are replayed by the next sync.
    let head = store.outbox_head().await?;
    blocking(index, |ix| ix.clear()).await?;
    let (mut after, mut count) = (0, 0);
    loop {
        let batch = store.indexable_after(after, BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        count += batch.len();
        let docs: Vec<SearchDoc> = batch.iter().map(to_doc).collect();
        blocking(index, move |ix| ix.upsert(&docs)).await?;
    }
    blocking(index, move |ix| ix.commit(head)).await?;
    blocking(index, |ix| ix.merge_segments()).await?;
    Ok(count)
}

/// Applies outbox entries not yet in the index; returns how many it applied.
pub async fn sync(store: &Store, index: &Arc<SearchIndex>) -> anyhow::Result<usize> {
    let mut applied = 0;
    loop {
        let position = blocking(index, |ix| ix.outbox_position())
            .await?
            .unwrap_or(0);
        let entries = store.outbox_after(position, BATCH).await?;
        let Some(&(last, _)) = entries.last() else {
            return Ok(applied);
        };
        let mut ids: Vec<i64> = entries.iter().map(|(_, id)| *id).collect();
        ids.sort_unstable();
        ids.dedup();
        let present = store.indexable_articles(&ids).await?;
        let gone: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !present.iter().any(|a| a.id == *id))
            .collect();
        let docs: Vec<SearchDoc> = present.iter().map(to_doc).collect();
        blocking(index, move |ix| {
            ix.delete(&gone)?;
            ix.upsert(&docs)?;
            ix.commit(last)
        })
        .await?;
        applied += entries.len();
    }
}

/// Rebuilds if needed, then applies pending changes (start-up, tests, `cong reindex`).
pub async fn catch_up(app: &AppState) -> anyhow::Result<()> {
    if app.search_needs_rebuild.swap(false, Ordering::AcqRel) {
        let n = rebuild(&app.store, &app.search).await?;
        tracing::info!(articles = n, "search index rebuilt");
    }
    sync(&app.store, &app.search).await?;
    app.search_ready.store(true, Ordering::Release);
    Ok(())
}

/// Keeps the index in step until `stop`: at once when content changes, else every second.
pub async fn run(app: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    // A first build of a large index takes minutes; a stop meanwhile must not wait for it.
    // Dropped between batches, it leaves the index without an outbox position, so the next
    // start builds it again.
    tokio::select! {
        biased;
        _ = stop.changed() => {
            tracing::info!("stopped before the search index caught up; the next start goes on");
            return;
        }
        built = catch_up(&app) => if let Err(e) = built {
            tracing::error!(error = %e, "search index could not be built");
        }
    }
    loop {
        tokio::select! {
            _ = app.search_wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => return,
        }
        if let Err(e) = sync(&app.store, &app.search).await {
            tracing::warn!(error = %e, "search index sync failed; will retry");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_index_is_refused_not_wiped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search");
        let (first, fresh) = open(&path, 0).unwrap();
        assert!(fresh);
        first.commit(7).unwrap();
        let err = open(&path, 0)
            .err()
            .expect("second writer refused")
            .to_string();
        assert!(err.contains("in use by another cong process"), "{err}");
        assert_eq!(
            first.outbox_position().unwrap(),
            Some(7),
            "the index was not wiped"
        );
    }

    #[test]
    fn a_corrupt_index_is_wiped_and_marked_for_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("search");
        std::fs::create_dir_all(&path).unwrap();
        std::fs::write(path.join("meta.json"), "not json").unwrap();
        let (_, fresh) = open(&path, 0).unwrap();
        assert!(fresh);
    }
}
