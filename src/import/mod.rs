//! `cong import wxr|nukeviet`: brings a WordPress export or a NukeViet dump into the portal.
//!
//! The file is read twice. The validating pass ([`source::check`]) reads all of it and writes
//! nothing, so a broken file changes nothing and the error names its line. The writing pass
//! reads it again on a thread of its own (parsing, cleaning HTML, copying photos) while this
//! task writes the items in batched transactions. Only the database is opened, never the
//! search index a running portal holds: the store writes the search outbox in the same
//! transactions, and [`Store::touch_content`] at the end makes running portals drop their
//! cached pages, so the import shows without a restart.

mod convert;
mod media;
mod progress;
mod source;
mod writer;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use cong_import::{ImportItem, Report};
use cong_store::Store;
use tokio::sync::mpsc;

pub use source::Format;

use crate::config::{redact_url, Config};
use crate::media::config::MediaConfig;
use crate::media::job::Maker;
use crate::media::storage::Storage;
use media::{Library, Media};
use progress::Progress;
use writer::Writer;

/// Items handed from the reading thread to the writer at a time.
const CHUNK: usize = 100;

/// What to import.
#[derive(Clone, Debug)]
pub struct Request {
    /// The export or dump.
    pub file: PathBuf,
    /// Its format and reading options.
    pub format: Format,
    /// The old site's uploads folder, to copy photos from.
    pub uploads: Option<PathBuf>,
}

/// What an import did.
#[derive(Debug)]
pub struct Outcome {
    /// Counts, skips with their reasons, photos left at their old address, notes.
    pub report: Report,
    /// The name the import goes by (a re-run of the same export has the same).
    pub source: String,
    /// What the validating pass found in the file.
    pub summary: String,
    /// Articles, pages and comments dealt with.
    pub items: u64,
    /// Photos added to the media library (not counting those already there).
    pub photos_copied: u64,
    /// Time taken, both passes.
    pub seconds: f64,
}

enum Message {
    /// The import's name, from the stream's first item.
    Source(String),
    Items(Vec<ImportItem>),
}

/// Imports `req` into the portal `config` describes, running or not.
pub async fn run(config: &Config, req: Request) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let (file, format) = (req.file.clone(), req.format.clone());
    let checked = tokio::task::spawn_blocking(move || source::check(&file, &format))
        .await
        .context("the validating pass stopped")??;
    let summary = checked.summary.clone();
    eprintln!(
        "{} checked in {:.1} s: {summary}",
        req.file.display(),
        started.elapsed().as_secs_f64()
    );
    std::fs::create_dir_all(&config.data)
        .with_context(|| format!("creating data folder {}", config.data.display()))?;
    let url = config.database_url();
    let store = Store::open(&url)
        .await
        .with_context(|| format!("opening database {}", redact_url(&url)))?;
    store.migrate().await.context("applying migrations")?;
    store.prepare_for_import().await?;
    let (scheme_json, total) = (checked.scheme_json.clone(), checked.total);
    let (tx, mut rx) = mpsc::channel(8);
    let storage = Storage::open(&config.media, &config.data)?;
    let library = Library {
        store: store.clone(),
        storage: storage.clone(),
        config: config.media.clone(),
        handle: tokio::runtime::Handle::current(),
    };
    let uploads = req.uploads.clone();
    let reading = std::thread::spawn(move || read(checked, uploads, library, tx));
    let progress = Progress::new(total);
    let now = chrono::Utc::now().timestamp();
    let mut writer: Option<Writer> = None;
    let written: anyhow::Result<()> = async {
        while let Some(msg) = rx.recv().await {
            match msg {
                Message::Source(name) => writer = Some(Writer::new(store.clone(), name, now)),
                Message::Items(items) => {
                    let w = writer
                        .as_mut()
                        .context("the export did not start with its site")?;
                    for item in items {
                        w.take(item).await?;
                    }
                    progress.set(w.done);
                }
            }
        }
        Ok(())
    }
    .await;
    progress.finish();
    // Dropping the receiver stops the reading thread if writing failed.
    drop(rx);
    let read = tokio::task::spawn_blocking(move || reading.join())
        .await?
        .map_err(|_| anyhow::anyhow!("the reading thread panicked"))?;
    let failed = |e: anyhow::Error| {
        e.context(
            "the import stopped part way; what was written stays, and running the same \
             command again completes it without duplicating anything",
        )
    };
    written.map_err(failed)?;
    let (reader_report, photos_copied) = read.map_err(failed)?;
    let writer = writer.context("the file held nothing to import")?;
    let (source, items) = (writer.source().to_string(), writer.done);
    let mut report = writer.finish().await.map_err(|e| failed(e.into()))?;
    report.merge(reader_report);
    store.save_import_scheme(&source, &scheme_json).await?;
    make_copies(&store, &storage, &config.media).await?;
    store.touch_content().await?;
    store.close().await;
    Ok(Outcome {
        report,
        source,
        summary,
        items,
        photos_copied,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Makes the reader copies of every photo waiting for them (this import's, and any a
/// stopped server left), one at a time, with a progress bar.
async fn make_copies(store: &Store, storage: &Storage, config: &MediaConfig) -> anyhow::Result<()> {
    let total = store.media_pending_count().await?;
    if total == 0 {
        return Ok(());
    }
    eprintln!("making the reader copies of {total} photos");
    let progress = Progress::new(total as u64);
    let maker = Maker {
        store,
        storage,
        config,
    };
    let mut done = 0;
    loop {
        let n = maker.process_pending().await?;
        if n == 0 {
            break;
        }
        done += n as u64;
        progress.set(done);
    }
    progress.finish();
    Ok(())
}

/// The writing pass's reading side: items in chunks, photos added to the library on the way.
fn read(
    checked: source::Checked,
    uploads: Option<PathBuf>,
    library: Library,
    tx: mpsc::Sender<Message>,
) -> anyhow::Result<(Report, u64)> {
    let mut items = checked.read()?;
    let site = match items.next().transpose()? {
        Some(ImportItem::Site(site)) => site,
        _ => anyhow::bail!("the export did not start with its site"),
    };
    let name = source::source_name(&site);
    let mut media = Media::new(uploads, library, &site.base_url);
    let stopped = || anyhow::anyhow!("the writer stopped");
    tx.blocking_send(Message::Source(name))
        .map_err(|_| stopped())?;
    let mut report = Report::default();
    let mut chunk = Vec::with_capacity(CHUNK);
    for item in &mut items {
        let mut item = item?;
        if let ImportItem::Article(a) = &mut item {
            media.prepare(a, &mut report);
        }
        chunk.push(item);
        if chunk.len() == CHUNK {
            let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
            tx.blocking_send(Message::Items(full))
                .map_err(|_| stopped())?;
        }
    }
    if !chunk.is_empty() {
        tx.blocking_send(Message::Items(chunk))
            .map_err(|_| stopped())?;
    }
    report.merge(items.into_report());
    Ok((report, media.copied))
}
