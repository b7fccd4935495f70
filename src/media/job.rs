//! The background job that makes photo variants: one photo at a time (so memory stays bounded
//! by the largest photo allowed), woken by each upload and every half minute in case another
//! instance or a crash left work behind.

use std::time::Duration;

use cong_store::{MediaItem, Store};

use super::config::MediaConfig;
use super::keys;
use super::storage::Storage;
use super::variants;
use crate::state::AppState;

/// Longest wait between looks for pending photos.
const IDLE: Duration = Duration::from_secs(30);

/// Bytes a decoder may allocate per pixel allowed (RGBA, 16-bit channels, and slack).
const BYTES_PER_PIXEL: u64 = 10;

/// Makes variants until `stop` says so.
pub async fn run(app: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    loop {
        match process_pending(&app).await {
            Ok(0) => {}
            Ok(_) => continue,
            Err(e) => tracing::warn!(error = %e, "could not read the photos waiting for variants"),
        }
        tokio::select! {
            biased;
            _ = stop.changed() => return,
            _ = app.media.wake.notified() => {}
            _ = tokio::time::sleep(IDLE) => {}
        }
    }
}

/// Makes the variants of the photos waiting for them; returns how many were handled.
pub async fn process_pending(app: &AppState) -> cong_store::Result<usize> {
    Maker {
        store: &app.store,
        storage: &app.media.storage,
        config: &app.config.media,
    }
    .process_pending()
    .await
}

/// What making variants takes: the server's, or an import's own.
pub struct Maker<'a> {
    /// The library.
    pub store: &'a Store,
    /// Where the files are.
    pub storage: &'a Storage,
    /// Widths and limits.
    pub config: &'a MediaConfig,
}

impl Maker<'_> {
    /// Makes the variants of up to 8 photos waiting for them, one at a time; returns how many
    /// were handled (0: none is waiting).
    pub async fn process_pending(&self) -> cong_store::Result<usize> {
        let pending = self.store.media_pending(8).await?;
        for item in &pending {
            let (state, widths, error) = match self.make_variants(item).await {
                Ok(widths) => ("ready", widths, String::new()),
                Err(e) => {
                    tracing::warn!(id = item.id, key = %item.key, error = %e, "no variants made");
                    ("failed", String::new(), e)
                }
            };
            self.store
                .set_media_variants(item.id, state, &widths, &error)
                .await?;
        }
        Ok(pending.len())
    }

    /// Reads the original, makes and stores each variant; returns the widths, smallest first.
    async fn make_variants(&self, item: &MediaItem) -> Result<String, String> {
        let original = self
            .storage
            .read(&keys::original(item))
            .await
            .map_err(|e| format!("original unreadable: {e}"))?;
        let widths = self.config.widths.clone();
        let max_alloc = self.config.max_megapixels * 1_000_000 * BYTES_PER_PIXEL;
        let made =
            tokio::task::spawn_blocking(move || variants::make(&original, &widths, max_alloc))
                .await
                .map_err(|e| e.to_string())??;
        let mut done = Vec::with_capacity(made.len());
        for v in made {
            for (ext, bytes) in [("webp", v.webp), ("jpg", v.jpeg)] {
                self.storage
                    .put(&keys::variant(&item.key, v.width, ext), bytes.into())
                    .await
                    .map_err(|e| format!("variant not stored: {e}"))?;
            }
            done.push(v.width);
        }
        done.sort_unstable();
        Ok(done
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(","))
    }
}
