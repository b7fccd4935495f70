//! Readers' writes on SQLite, on a thread of their own with a connection of their own.
//!
//! sqlx runs every SQLite statement on the connection's worker thread and hands the answer
//! back across threads: two context switches per statement. A rating is four statements, a
//! group of them a hundred, and on the two-core reference machine those switches cost more
//! CPU than the writes themselves, CPU the page server then lacks. This thread receives a
//! whole group in one message and runs it straight through on its own connection
//! (synchronous=FULL, like the store's other writer), then answers once.
//!
//! Two connections now write the file. Both start their transactions with BEGIN IMMEDIATE
//! and wait for each other through the busy timeout; the other one writes seldom (counters
//! once a second, the back office, imports), so groups rarely wait.

use std::path::Path;
use std::sync::{mpsc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use tokio::sync::oneshot;

use super::*;
use crate::StoreError;

type Reply = oneshot::Sender<Result<Vec<Outcome>>>;

enum Job {
    Group(Vec<Submission>, i64, Reply),
    Stop,
}

/// The thread that applies groups of readers' writes, and the way to reach it.
pub struct Submitter {
    jobs: mpsc::Sender<Job>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Submitter {
    /// Opens a connection on the database file and starts the thread.
    pub(crate) fn open(path: &Path, busy_timeout: Duration) -> Result<Submitter> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(busy_timeout)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let (jobs, inbox) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("cong-submit".into())
            .spawn(move || serve(conn, inbox))
            .map_err(|e| StoreError::Invalid(format!("starting the writer thread: {e}")))?;
        Ok(Submitter {
            jobs,
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Applies `group` in one transaction; see [`Store::submit`].
    pub(crate) async fn submit(&self, group: Vec<Submission>, now: i64) -> Result<Vec<Outcome>> {
        let stopped = || StoreError::Invalid("the store is closed".into());
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Group(group, now, reply))
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Finishes the groups already sent, then closes the connection.
    pub(crate) fn close(&self) {
        let _ = self.jobs.send(Job::Stop);
        let thread = self.thread.lock().map(|mut t| t.take());
        if let Ok(Some(thread)) = thread {
            let _ = thread.join();
        }
    }
}

fn serve(mut conn: Connection, inbox: mpsc::Receiver<Job>) {
    while let Ok(Job::Group(group, now, reply)) = inbox.recv() {
        let _ = reply.send(apply(&mut conn, &group, now).map_err(StoreError::from));
    }
}

/// One group, one transaction: committed whole, or (on an error) rolled back whole.
fn apply(conn: &mut Connection, group: &[Submission], now: i64) -> rusqlite::Result<Vec<Outcome>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut outcomes = Vec::with_capacity(group.len());
    for s in group {
        outcomes.push(match s {
            Submission::Rating {
                article_id,
                reader,
                stars,
                ip,
                nonce,
            } => rating(&tx, *article_id, reader, *stars, ip, nonce, now)?,
            Submission::Comment(c) => comment(&tx, c, now)?,
            Submission::Vote {
                poll_id,
                option_ids,
                reader,
                ip,
                nonce,
            } => vote(&tx, *poll_id, option_ids, reader, ip, nonce, now)?,
        });
    }
    tx.commit()?;
    Ok(outcomes)
}

/// The shared statement text with `?N` for sqlx's `$N`: SQLite numbers `$N` parameters in
/// order of appearance, `?N` by their number.
fn prepared<'c>(db: &'c Connection, sql: &str) -> rusqlite::Result<rusqlite::CachedStatement<'c>> {
    db.prepare_cached(&sql.replace('$', "?"))
}

fn first_use(db: &Connection, nonce: &str, now: i64) -> rusqlite::Result<bool> {
    Ok(prepared(db, FORM_USE)?.execute(params![nonce, now])? == 1)
}

fn rating(
    db: &Connection,
    article_id: i64,
    reader: &str,
    stars: i64,
    ip: &str,
    nonce: &str,
    now: i64,
) -> rusqlite::Result<Outcome> {
    let found: Option<RatingRow> = prepared(db, RATING_READ)?
        .query_row(params![article_id, now, reader], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let row = match rating_row(found) {
        Ok(row) => row,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !first_use(db, nonce, now)? {
        return Ok(Err(Refusal::Replayed));
    }
    prepared(db, RATING_UPSERT)?.execute(params![article_id, reader, stars, ip, now])?;
    let ((added, counted), accepted) = rated(row, stars);
    prepared(db, RATING_TOTALS)?.execute(params![article_id, added, counted])?;
    Ok(Ok(accepted))
}

fn comment(db: &Connection, c: &NewComment, now: i64) -> rusqlite::Result<Outcome> {
    let look_up = c.moderation == Moderation::HoldFirstTime;
    let found: Option<CommentRow> = prepared(db, COMMENT_READ)?
        .query_row(
            params![c.article_id, now, c.parent_id, c.email, look_up, c.reader],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (thread, published) = match comment_plan(found, c) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !first_use(db, &c.nonce, now)? {
        return Ok(Err(Refusal::Replayed));
    }
    let status = if published { "published" } else { "pending" };
    let id: i64 = prepared(db, COMMENT_INSERT)?.query_row(
        params![
            c.article_id,
            thread,
            c.name,
            c.email,
            c.body,
            status,
            c.reader,
            c.ip,
            now
        ],
        |r| r.get(0),
    )?;
    Ok(Ok(Accepted::Commented { id, published }))
}

fn vote(
    db: &Connection,
    poll_id: i64,
    chosen: &[i64],
    reader: &str,
    ip: &str,
    nonce: &str,
    now: i64,
) -> rusqlite::Result<Outcome> {
    let poll: Option<PollRow> = prepared(db, POLL_READ)?
        .query_row(params![poll_id, reader], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .optional()?;
    let known: Vec<i64> = match poll {
        Some(_) => prepared(db, POLL_OPTIONS)?
            .query_map(params![poll_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
        None => Vec::new(),
    };
    let options = match vote_choices(&poll, &known, chosen, now) {
        Ok(options) => options,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !first_use(db, nonce, now)? {
        return Ok(Err(Refusal::Replayed));
    }
    let taken =
        prepared(db, VOTE_INSERT)?.execute(params![poll_id, reader, joined(&options), ip, now])?;
    if taken == 0 {
        return Ok(Err(Refusal::AlreadyVoted));
    }
    let mut count = prepared(
        db,
        "UPDATE poll_options SET votes = votes + 1 WHERE id = $1",
    )?;
    for option in &options {
        count.execute(params![option])?;
    }
    Ok(Ok(Accepted::Voted))
}
