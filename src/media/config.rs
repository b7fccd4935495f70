//! The `[media]` settings: upload limits, variant widths, and where files are stored.

use serde::{Deserialize, Serialize};

use super::probe::Limits;

/// Uploads and storage.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MediaConfig {
    /// Largest upload, in MB.
    pub max_mb: u64,
    /// Most pixels of an uploaded photo, in megapixels.
    pub max_megapixels: u64,
    /// Widths of the resized variants of a photo (never wider than the photo itself).
    pub widths: Vec<u32>,
    /// `folder` (inside the data folder) or `s3`.
    pub storage: String,
    /// Memory for uploaded files readers ask for, in MiB (folder storage; 0: none).
    pub memory_mib: u64,
    /// The S3-compatible object storage, when `storage = "s3"`.
    pub s3: S3Config,
}

/// An S3-compatible bucket.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct S3Config {
    /// Endpoint URL (e.g. `http://127.0.0.1:8333`); empty means Amazon's own for the region.
    pub endpoint: String,
    /// Bucket name.
    pub bucket: String,
    /// Region (any name for servers that ignore it).
    pub region: String,
    /// Access key id.
    pub access_key: String,
    /// Secret key; better given as `CONG_MEDIA__S3__SECRET_KEY` than written in a file.
    pub secret_key: String,
    /// Address buckets as `endpoint/bucket/key` rather than `bucket.endpoint/key`.
    pub path_style: bool,
    /// Send readers a short-lived signed link to the bucket instead of passing the file through.
    pub redirect: bool,
}

impl Default for MediaConfig {
    fn default() -> Self {
        MediaConfig {
            max_mb: 20,
            max_megapixels: 50,
            widths: vec![320, 640, 1024, 1600],
            storage: "folder".into(),
            memory_mib: 64,
            s3: S3Config {
                region: "us-east-1".into(),
                path_style: true,
                ..S3Config::default()
            },
        }
    }
}

impl MediaConfig {
    /// The limits an upload is probed against.
    pub fn limits(&self) -> Limits {
        Limits {
            max_bytes: self.max_mb * 1024 * 1024,
            max_pixels: self.max_megapixels * 1_000_000,
        }
    }

    /// Checks the values; the error is (key, problem).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        if !(1..=2048).contains(&self.max_mb) {
            return Err(("media.max_mb", "must be between 1 and 2048".into()));
        }
        if !(1..=500).contains(&self.max_megapixels) {
            return Err(("media.max_megapixels", "must be between 1 and 500".into()));
        }
        if self.memory_mib > 16_384 {
            return Err(("media.memory_mib", "must be between 0 and 16384".into()));
        }
        if self.widths.is_empty() || self.widths.len() > 8 {
            return Err(("media.widths", "must list 1 to 8 widths".into()));
        }
        if self.widths.iter().any(|w| !(16..=8192).contains(w)) {
            return Err(("media.widths", "each must be between 16 and 8192".into()));
        }
        match self.storage.as_str() {
            "folder" => Ok(()),
            "s3" if self.s3.bucket.is_empty() => Err((
                "media.s3.bucket",
                "must be set when media.storage is s3".into(),
            )),
            "s3" => Ok(()),
            other => Err((
                "media.storage",
                format!("{other:?} is not \"folder\" or \"s3\""),
            )),
        }
    }
}
