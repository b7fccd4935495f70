//! Taking an upload into the library: decided by its bytes, named by its content, stored
//! before it is recorded (so the library never lists a file storage lacks), and queued for
//! its variants.

use bytes::Bytes;
use cong_store::{Added, NewMedia, StoreError};
use sha2::{Digest, Sha256};

use super::probe::{probe, Refusal};
use super::{keys, names, variants};
use crate::state::App;

/// Why an upload was not kept; each has a UI string.
#[derive(Debug)]
pub enum UploadError {
    /// The file itself was refused.
    Refused(Refusal),
    /// The file's name is longer than [`names::NAME_MAX`].
    NameTooLong,
    /// The file's name climbs out of its folder (`../`): no browser sends that.
    NameClimbs,
    /// Storage did not take the file.
    Storage(String),
    /// The database did not record it.
    Store(StoreError),
}

impl UploadError {
    /// The UI string key that says why.
    pub fn key(&self) -> &'static str {
        match self {
            UploadError::Refused(r) => r.key(),
            UploadError::NameTooLong => "media_name_too_long",
            UploadError::NameClimbs => "media_name_climbs",
            UploadError::Storage(_) => "media_storage_down",
            UploadError::Store(_) => "media_not_recorded",
        }
    }

    /// The HTTP status that goes with it.
    pub fn status(&self) -> http::StatusCode {
        match self {
            UploadError::Refused(Refusal::TooLarge) => http::StatusCode::PAYLOAD_TOO_LARGE,
            UploadError::Refused(_) | UploadError::NameTooLong | UploadError::NameClimbs => {
                http::StatusCode::UNPROCESSABLE_ENTITY
            }
            UploadError::Storage(_) | UploadError::Store(_) => {
                http::StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }
}

/// A file kept in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// Its library entry.
    pub id: i64,
    /// The same content was there already (nothing new was stored).
    pub existing: bool,
}

/// Keeps the file `bytes` that user `uploader` sent under the name `sent_name`.
pub async fn accept(
    app: &App,
    uploader: i64,
    sent_name: &str,
    bytes: Bytes,
) -> Result<Kept, UploadError> {
    if sent_name.split(['/', '\\']).any(|segment| segment == "..") {
        return Err(UploadError::NameClimbs);
    }
    let name = names::original_name(sent_name).ok_or(UploadError::NameTooLong)?;
    let limits = app.config.media.limits();
    let (probed, sha256, shown) = {
        let bytes = bytes.clone();
        tokio::task::spawn_blocking(move || {
            let probed = probe(&bytes, limits)?;
            let sha = hex::encode(Sha256::digest(&bytes));
            let shown = probed
                .kind
                .is_photo()
                .then(|| variants::shown_size(&bytes).or(probed.size))
                .flatten();
            Ok((probed, sha, shown))
        })
        .await
        .map_err(|e| UploadError::Storage(e.to_string()))?
        .map_err(UploadError::Refused)?
    };
    let hash16 = sha256[..16].to_string();
    if let Some(existing) = app
        .store
        .media_by_hash(&hash16)
        .await
        .map_err(UploadError::Store)?
    {
        return Ok(Kept {
            id: existing.id,
            existing: true,
        });
    }
    let kind = probed.kind.name();
    let key = names::storage_key(&sha256, &name, probed.kind);
    let size = bytes.len() as i64;
    app.media
        .storage
        .put_once(&keys::original_of(kind, &key), bytes)
        .await
        .map_err(|e| UploadError::Storage(e.to_string()))?;
    let (width, height) = shown.unwrap_or((0, 0));
    let new = NewMedia {
        hash16,
        sha256,
        key,
        kind: kind.to_string(),
        bytes: size,
        width: width as i64,
        height: height as i64,
        original_name: name,
        uploaded_by: Some(uploader),
        uploaded_at: app.now(),
    };
    let id = match record(&app.store, &app.media.storage, &new)
        .await
        .map_err(UploadError::Store)?
    {
        Added::New(id) => id,
        Added::Existing(id) => return Ok(Kept { id, existing: true }),
    };
    if !probed.kind.is_photo() {
        // A document has no variants to wait for.
        app.store
            .set_media_variants(id, "ready", "", "")
            .await
            .map_err(UploadError::Store)?;
    }
    app.media.wake.notify_one();
    Ok(Kept {
        id,
        existing: false,
    })
}

/// Records `new`, whose file is already stored. When the same content got into the library
/// meanwhile under another name (two uploads at once, or an upload beside an import), that
/// entry stands and the file stored for `new` is removed, so nothing is left that nobody uses.
pub async fn record(
    store: &cong_store::Store,
    storage: &super::storage::Storage,
    new: &NewMedia,
) -> Result<Added, StoreError> {
    let added = store.add_media(new).await?;
    if let Added::Existing(id) = added {
        let kept = store.media_item(id).await?;
        if kept.is_none_or(|k| k.key != new.key) {
            let ours = keys::original_of(&new.kind, &new.key);
            if let Err(e) = storage.delete(&ours).await {
                tracing::warn!(error = %e, key = ours, "a duplicate upload stayed in storage");
            }
        }
    }
    Ok(added)
}
