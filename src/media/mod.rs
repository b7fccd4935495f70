//! Photos and documents uploaded by the staff: deciding what an upload is and whether it may
//! be kept ([`probe`]), its names ([`names`]) and storage keys ([`keys`]), where files live
//! ([`storage`]), taking an upload ([`upload`]), and the resized variants of photos
//! ([`variants`], made by the background [`job`]).

pub mod config;
pub mod hot;
pub mod job;
pub mod keys;
pub mod names;
pub mod probe;
pub mod storage;
pub mod tools;
pub mod upload;
pub mod variants;

/// The media side of the application.
pub struct Media {
    /// Where files are.
    pub storage: storage::Storage,
    /// Wakes the variants job after an upload.
    pub wake: tokio::sync::Notify,
    /// Uploaded files kept in memory for readers (folder storage only).
    pub hot: hot::HotFiles,
}

impl Media {
    /// Opens the storage the configuration names.
    pub fn open(config: &crate::config::Config) -> anyhow::Result<Media> {
        let storage = storage::Storage::open(&config.media, &config.data)?;
        let hot_mib = if storage.folder().is_some() {
            config.media.memory_mib
        } else {
            0
        };
        Ok(Media {
            storage,
            wake: tokio::sync::Notify::new(),
            hot: hot::HotFiles::new(hot_mib),
        })
    }
}
