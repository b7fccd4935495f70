//! Readers' writes: ratings, comments and poll votes, applied in groups.
//!
//! Many small writes arrive at once under load; committing each on its own would pay one
//! flush to disk per write. [`Store::submit`] applies a whole group in one transaction; a
//! refused submission (a replayed form, a second vote) writes nothing and leaves the others
//! untouched. The caller answers each reader only after the group committed, so an
//! acknowledged write is on disk.
//!
//! Each submission decides every refusal from one or two reads, or from its first write (the
//! form's nonce, which writes nothing when the form was sent before), so a refused one leaves
//! nothing behind without a savepoint. The SQL and those decisions are shared; the backends
//! only run them: PostgreSQL through sqlx, SQLite on a thread of its own (see [`sqlite`]).

mod postgres;
pub(crate) mod sqlite;

use crate::{Result, Store};

/// What a reader sent, already checked for shape by the caller.
#[derive(Clone, Debug)]
pub enum Submission {
    /// Stars for an article; a second rating by the same reader replaces the first.
    Rating {
        /// Article rated.
        article_id: i64,
        /// Reader id from the signed cookie.
        reader: String,
        /// 1 to 5.
        stars: i64,
        /// Client address, kept for abuse review.
        ip: String,
        /// Nonce of the form it came from (a form counts once).
        nonce: String,
    },
    /// A comment, or a reply to one.
    Comment(NewComment),
    /// A poll vote.
    Vote {
        /// Poll voted in.
        poll_id: i64,
        /// Chosen options (distinct).
        option_ids: Vec<i64>,
        /// Reader id from the signed cookie.
        reader: String,
        /// Client address.
        ip: String,
        /// Form nonce.
        nonce: String,
    },
}

/// A new comment.
#[derive(Clone, Debug)]
pub struct NewComment {
    /// Article commented on.
    pub article_id: i64,
    /// The comment replied to, if any (a reply to a reply joins the first comment's thread).
    pub parent_id: Option<i64>,
    /// Name shown.
    pub name: String,
    /// E-mail, never shown.
    pub email: String,
    /// Plain text.
    pub body: String,
    /// Reader id from the signed cookie.
    pub reader: String,
    /// Client address.
    pub ip: String,
    /// Form nonce.
    pub nonce: String,
    /// How the site moderates.
    pub moderation: Moderation,
}

/// Which new comments wait for an editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moderation {
    /// Every comment waits.
    HoldAll,
    /// Comments wait unless the same reader (browser) has had a comment published under the
    /// same e-mail address.
    HoldFirstTime,
    /// Comments appear at once.
    PublishAtOnce,
}

/// A submission the store took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// The article's new totals.
    Rated {
        /// Sum of stars.
        total: i64,
        /// Number of ratings.
        count: i64,
        /// Whether this reader had rated before (their rating was replaced).
        replaced: bool,
    },
    /// The comment's id and whether it is visible already.
    Commented {
        /// New comment id.
        id: i64,
        /// Published at once (otherwise held for moderation).
        published: bool,
    },
    /// The vote was counted.
    Voted,
}

/// Why a submission changed nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The form was sent before.
    Replayed,
    /// No such published article.
    NoArticle,
    /// Ratings are off for this article.
    RatingOff,
    /// Comments are off for this article.
    CommentsOff,
    /// The comment replied to is not a published comment of this article.
    NoParent,
    /// No such poll.
    NoPoll,
    /// The poll is not taking votes now.
    PollClosed,
    /// An option is not one of the poll's, or too many or too few were chosen.
    BadOptions,
    /// This reader already voted in this poll.
    AlreadyVoted,
}

/// The outcome of one submission.
pub type Outcome = std::result::Result<Accepted, Refusal>;

/// The form's nonce, recorded once; nothing is written when it was recorded before.
const FORM_USE: &str =
    "INSERT INTO form_uses (nonce, used_at) VALUES ($1, $2) ON CONFLICT DO NOTHING";

/// `(allow_rating, rating_total, rating_count, the reader's earlier stars)` of a published
/// article: `$1` article, `$2` now, `$3` reader.
const RATING_READ: &str = "SELECT a.allow_rating, a.rating_total, a.rating_count, \
     (SELECT r.stars FROM ratings r WHERE r.article_id = a.id AND r.reader = $3) \
     FROM articles a WHERE a.id = $1 AND a.status = 'published' AND a.published_at <= $2 \
     AND (a.expires_at IS NULL OR a.expires_at > $2)";

/// `$1` article, `$2` reader, `$3` stars, `$4` address, `$5` now.
const RATING_UPSERT: &str =
    "INSERT INTO ratings (article_id, reader, stars, ip, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (article_id, reader) DO UPDATE \
     SET stars = excluded.stars, ip = excluded.ip, updated_at = excluded.updated_at";

/// `$1` article, `$2` stars added, `$3` ratings added.
const RATING_TOTALS: &str = "UPDATE articles SET rating_total = rating_total + $2, \
     rating_count = rating_count + $3 WHERE id = $1";

/// `(allow_comments, the thread a reply joins, whether this reader has a published comment
/// under this e-mail)` of a published article: `$1` article, `$2` now, `$3` parent, `$4`
/// e-mail, `$5` whether to look it up, `$6` reader. A reply joins its parent's thread, or the
/// parent's own: one level. The reader (a signed, secret cookie) is part of the match: an
/// address alone is public (anyone can type a known commenter's e-mail to skip moderation).
const COMMENT_READ: &str = "SELECT a.allow_comments, \
     (SELECT COALESCE(p.parent_id, p.id) FROM comments p \
      WHERE p.id = $3 AND p.article_id = a.id AND p.status = 'published'), \
     CASE WHEN $5 THEN EXISTS (SELECT 1 FROM comments k \
      WHERE k.email = $4 AND k.reader = $6 AND k.status = 'published') ELSE FALSE END \
     FROM articles a WHERE a.id = $1 AND a.status = 'published' AND a.published_at <= $2 \
     AND (a.expires_at IS NULL OR a.expires_at > $2)";

/// `$1` article, `$2` thread, `$3` name, `$4` e-mail, `$5` body, `$6` status, `$7` reader,
/// `$8` address, `$9` now; returns the id.
const COMMENT_INSERT: &str = "INSERT INTO comments \
     (article_id, parent_id, name, email, body, status, reader, ip, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";

/// `(multiple, max_choices, opens_at, closes_at, active, whether the reader voted)`: `$1`
/// poll, `$2` reader.
const POLL_READ: &str = "SELECT p.multiple, p.max_choices, p.opens_at, p.closes_at, p.active, \
     EXISTS (SELECT 1 FROM poll_votes v WHERE v.poll_id = p.id AND v.reader = $2) \
     FROM polls p WHERE p.id = $1";

/// The poll's option ids: `$1` poll.
const POLL_OPTIONS: &str = "SELECT id FROM poll_options WHERE poll_id = $1";

/// `$1` poll, `$2` reader, `$3` options (comma list), `$4` address, `$5` now. Inserts nothing
/// when the reader voted since [`POLL_READ`] (only another instance's write can do that).
const VOTE_INSERT: &str = "INSERT INTO poll_votes (poll_id, reader, option_ids, ip, created_at) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (poll_id, reader) DO NOTHING";

/// What [`RATING_READ`] found.
type RatingRow = (bool, i64, i64, Option<i64>);
/// What [`COMMENT_READ`] found.
type CommentRow = (bool, Option<i64>, bool);
/// What [`POLL_READ`] found.
type PollRow = (bool, i64, i64, Option<i64>, bool, bool);

/// The article's row when a rating can be taken, or why not.
fn rating_row(found: Option<RatingRow>) -> std::result::Result<RatingRow, Refusal> {
    match found {
        None => Err(Refusal::NoArticle),
        Some((false, ..)) => Err(Refusal::RatingOff),
        Some(row) => Ok(row),
    }
}

/// The change to the article's totals, and what the reader is told: the row is updated by
/// increments, the figures answered are those read plus this rating (exactly the row's on
/// SQLite, whose transaction holds the write lock from its first statement; with several
/// PostgreSQL instances they may miss a concurrent rating).
fn rated(row: RatingRow, stars: i64) -> ((i64, i64), Accepted) {
    let (_, total, count, old) = row;
    let (added, counted) = (stars - old.unwrap_or(0), i64::from(old.is_none()));
    let accepted = Accepted::Rated {
        total: total + added,
        count: count + counted,
        replaced: old.is_some(),
    };
    ((added, counted), accepted)
}

/// The thread a comment joins (none for a new thread) and whether it shows at once, or why it
/// cannot be taken.
fn comment_plan(
    found: Option<CommentRow>,
    c: &NewComment,
) -> std::result::Result<(Option<i64>, bool), Refusal> {
    match found {
        None => Err(Refusal::NoArticle),
        Some((false, ..)) => Err(Refusal::CommentsOff),
        Some((_, None, _)) if c.parent_id.is_some() => Err(Refusal::NoParent),
        Some((_, thread, known)) => Ok((thread, published_at_once(c.moderation, known))),
    }
}

/// Whether a new comment shows at once, given whether its address has a published comment.
fn published_at_once(moderation: Moderation, known: bool) -> bool {
    match moderation {
        Moderation::HoldAll => false,
        Moderation::PublishAtOnce => true,
        Moderation::HoldFirstTime => known,
    }
}

/// The distinct options of a valid vote, or why it cannot be taken.
fn vote_choices(
    poll: &Option<PollRow>,
    known: &[i64],
    chosen: &[i64],
    now: i64,
) -> std::result::Result<Vec<i64>, Refusal> {
    let Some((multiple, max, opens, closes, active, voted)) = *poll else {
        return Err(Refusal::NoPoll);
    };
    if !active || now < opens || closes.is_some_and(|c| now >= c) {
        return Err(Refusal::PollClosed);
    }
    let mut distinct = chosen.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.is_empty()
        || distinct.len() != chosen.len()
        || distinct.len() as i64 > if multiple { max } else { 1 }
        || !distinct.iter().all(|o| known.contains(o))
    {
        return Err(Refusal::BadOptions);
    }
    if voted {
        return Err(Refusal::AlreadyVoted);
    }
    Ok(distinct)
}

/// The options of a vote as stored in `poll_votes.option_ids`.
fn joined(options: &[i64]) -> String {
    options
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Applies a group of submissions in one transaction and returns one outcome per
    /// submission, in order. An `Err` means nothing was written.
    pub async fn submit(&self, group: &[Submission], now: i64) -> Result<Vec<Outcome>> {
        match self {
            Store::Sqlite { submitter, .. } => submitter.submit(group.to_vec(), now).await,
            Store::Postgres(pg) => postgres::submit(pg, group, now).await,
        }
    }

    /// Forgets sent forms older than `before`: their tokens have expired, so they cannot come
    /// back anyway.
    pub async fn forget_forms_before(&self, before: i64) -> Result<u64> {
        let sql = "DELETE FROM form_uses WHERE used_at < $1";
        Ok(crate::write_tx!(self, tx => {
            sqlx::query(sql).bind(before).execute(&mut *tx).await?.rows_affected()
        }))
    }
}
