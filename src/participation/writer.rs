//! Group commit: readers' writes queue here and reach the database in shared transactions.
//!
//! One task takes everything waiting, applies it in one transaction (one flush to disk for
//! the whole group), and only then answers each sender. While a group commits, the next one
//! gathers, so groups grow with the load; a small group waits a millisecond for more.

use cong_store::{Outcome, Store, Submission};
use tokio::sync::{mpsc, oneshot};

/// Most submissions in one transaction.
const MAX_GROUP: usize = 512;
/// A group smaller than this waits [`GATHER`] for more before it commits.
const GATHER_BELOW: usize = 4;
/// How long a small group waits.
const GATHER: std::time::Duration = std::time::Duration::from_millis(1);

type Reply = oneshot::Sender<Result<Outcome, String>>;

/// Sends submissions to the group-commit task.
#[derive(Clone, Debug)]
pub struct Writer {
    tx: mpsc::Sender<(Submission, Reply)>,
}

impl Writer {
    /// Starts the task on the current runtime; `clock` gives Unix seconds.
    pub fn start(store: Store, clock: impl Fn() -> i64 + Send + 'static) -> Writer {
        let (tx, rx) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(run(store, rx, clock));
        Writer { tx }
    }

    /// Submits one write and waits until it is committed (or refused). `Err` means the
    /// database failed and nothing was written.
    pub async fn submit(&self, s: Submission) -> Result<Outcome, String> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((s, reply))
            .await
            .map_err(|_| "the writer has stopped".to_string())?;
        answer
            .await
            .map_err(|_| "the writer has stopped".to_string())?
    }
}

async fn run(store: Store, mut rx: mpsc::Receiver<(Submission, Reply)>, clock: impl Fn() -> i64) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while rx.recv_many(&mut group, MAX_GROUP).await > 0 {
        if group.len() < GATHER_BELOW {
            // A commit's flush to disk costs the same for one write as for fifty: a small
            // group waits a moment for company, which costs its readers a millisecond.
            tokio::time::sleep(GATHER).await;
            while group.len() < MAX_GROUP {
                match rx.try_recv() {
                    Ok(more) => group.push(more),
                    Err(_) => break,
                }
            }
        }
        let (subs, replies): (Vec<_>, Vec<_>) = group.drain(..).unzip();
        match store.submit(&subs, clock()).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, writes = subs.len(), "a group of reader writes failed");
                for reply in replies {
                    let _ = reply.send(Err(e.to_string()));
                }
            }
        }
    }
}
