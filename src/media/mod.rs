//! Photos and documents uploaded by the staff: deciding what an upload is and whether it may
//! be kept ([`probe`]), its names ([`names`]) and storage keys ([`keys`]), where files live
//! ([`storage`]), taking an upload ([`upload`]), and the resized variants of photos
//! ([`variants`], made by the background [`job`]).

pub mod config;
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
}

impl Media {
    /// Opens the storage the configuration names.
    pub fn open(config: &crate::config::Config) -> anyhow::Result<Media> {
        Ok(Media {
            storage: storage::Storage::open(&config.media, &config.data)?,
            wake: tokio::sync::Notify::new(),
        })
    }
}
