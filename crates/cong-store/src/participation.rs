//! Readers' writes: ratings, comments and poll votes, applied in groups.
//!
//! Many small writes arrive at once under load; committing each on its own would pay one
//! flush to disk per write. [`Store::submit`] applies a whole group in one transaction; a
//! refused submission (a replayed form, a second vote) writes nothing and leaves the others
//! untouched. The caller answers each reader only after the
//! group committed, so an acknowledged write is on disk.

use crate::{write_tx, Result, Store};

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
    /// Comments from an e-mail address with no published comment yet wait.
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

/// Marks the form as sent; evaluates to `false` when it was sent before (and then wrote
/// nothing).
macro_rules! first_use {
    ($tx:ident, $nonce:expr, $now:expr) => {
        sqlx::query("INSERT INTO form_uses (nonce, used_at) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind($nonce)
            .bind($now)
            .execute(&mut *$tx)
            .await?
            .rows_affected()
            == 1
    };
}

// The three appliers are macros, not functions: the transaction is a different type on each
// backend and `write_tx!` expands the body once per backend.
//
// Each one decides every refusal from one or two reads, or from its first write (the form's
// nonce, which writes nothing when the form was sent before), so a refused submission leaves
// nothing behind without a savepoint; every statement is a round trip to the database
// connection's thread, and under load those round trips were most of a write's cost.

macro_rules! apply_rating {
    ($tx:ident, $article_id:expr, $reader:expr, $stars:expr, $ip:expr, $nonce:expr, $now:expr) => {{
        let found: Option<(bool, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT a.allow_rating, a.rating_total, a.rating_count, \
             (SELECT r.stars FROM ratings r WHERE r.article_id = a.id AND r.reader = $3) \
             FROM articles a WHERE a.id = $1 AND a.status = 'published' AND a.published_at <= $2",
        )
        .bind($article_id)
        .bind($now)
        .bind($reader)
        .fetch_optional(&mut *$tx)
        .await?;
        match found {
            None => Err(Refusal::NoArticle),
            Some((false, ..)) => Err(Refusal::RatingOff),
            Some(_) if !first_use!($tx, $nonce, $now) => Err(Refusal::Replayed),
            Some((true, total, count, old)) => {
                sqlx::query(
                    "INSERT INTO ratings (article_id, reader, stars, ip, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (article_id, reader) DO UPDATE \
                     SET stars = excluded.stars, ip = excluded.ip, updated_at = excluded.updated_at",
                )
                .bind($article_id)
                .bind($reader)
                .bind($stars)
                .bind($ip)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
                // The row is updated by increments; the figures answered are the ones read
                // above plus this rating (on SQLite exactly the row's, as one connection
                // writes; with several PostgreSQL instances one may miss a concurrent rating).
                let (added, counted) = ($stars - old.unwrap_or(0), i64::from(old.is_none()));
                sqlx::query(
                    "UPDATE articles SET rating_total = rating_total + $2, \
                     rating_count = rating_count + $3 WHERE id = $1",
                )
                .bind($article_id)
                .bind(added)
                .bind(counted)
                .execute(&mut *$tx)
                .await?;
                Ok(Accepted::Rated {
                    total: total + added,
                    count: count + counted,
                    replaced: old.is_some(),
                })
            }
        }
    }};
}

macro_rules! apply_comment {
    ($tx:ident, $c:expr, $now:expr) => {{
        let c: &NewComment = $c;
        // The thread a reply joins (its parent's, or the parent itself: one level of
        // nesting), and whether the address has a published comment, in the same read.
        let found: Option<(bool, Option<i64>, bool)> = sqlx::query_as(
            "SELECT a.allow_comments, \
             (SELECT COALESCE(p.parent_id, p.id) FROM comments p \
              WHERE p.id = $3 AND p.article_id = a.id AND p.status = 'published'), \
             CASE WHEN $5 THEN EXISTS (SELECT 1 FROM comments k \
              WHERE k.email = $4 AND k.status = 'published') ELSE FALSE END \
             FROM articles a WHERE a.id = $1 AND a.status = 'published' AND a.published_at <= $2",
        )
        .bind(c.article_id)
        .bind($now)
        .bind(c.parent_id)
        .bind(&c.email)
        .bind(c.moderation == Moderation::HoldFirstTime)
        .fetch_optional(&mut *$tx)
        .await?;
        match found {
            None => Err(Refusal::NoArticle),
            Some((false, ..)) => Err(Refusal::CommentsOff),
            Some((_, None, _)) if c.parent_id.is_some() => Err(Refusal::NoParent),
            Some(_) if !first_use!($tx, &c.nonce, $now) => Err(Refusal::Replayed),
            Some((true, thread, known)) => {
                let published = match c.moderation {
                    Moderation::HoldAll => false,
                    Moderation::PublishAtOnce => true,
                    Moderation::HoldFirstTime => known,
                };
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO comments \
                     (article_id, parent_id, name, email, body, status, reader, ip, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                )
                .bind(c.article_id)
                .bind(thread)
                .bind(&c.name)
                .bind(&c.email)
                .bind(&c.body)
                .bind(if published { "published" } else { "pending" })
                .bind(&c.reader)
                .bind(&c.ip)
                .bind($now)
                .fetch_one(&mut *$tx)
                .await?;
                Ok(Accepted::Commented { id, published })
            }
        }
    }};
}

macro_rules! apply_vote {
    ($tx:ident, $poll_id:expr, $option_ids:expr, $reader:expr, $ip:expr, $nonce:expr, $now:expr) => {{
        let option_ids: &[i64] = $option_ids;
        let poll: Option<(bool, i64, i64, Option<i64>, bool, bool)> = sqlx::query_as(
            "SELECT p.multiple, p.max_choices, p.opens_at, p.closes_at, p.active, \
             EXISTS (SELECT 1 FROM poll_votes v WHERE v.poll_id = p.id AND v.reader = $2) \
             FROM polls p WHERE p.id = $1",
        )
        .bind($poll_id)
        .bind($reader)
        .fetch_optional(&mut *$tx)
        .await?;
        let known: Vec<i64> = match poll {
            Some(_) => {
                sqlx::query_scalar("SELECT id FROM poll_options WHERE poll_id = $1")
                    .bind($poll_id)
                    .fetch_all(&mut *$tx)
                    .await?
            }
            None => Vec::new(),
        };
        let mut distinct = option_ids.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        match poll {
            None => Err(Refusal::NoPoll),
            Some((_, _, opens, closes, active, _))
                if !active || $now < opens || closes.is_some_and(|c| $now >= c) =>
            {
                Err(Refusal::PollClosed)
            }
            Some((multiple, max, ..))
                if distinct.is_empty()
                    || distinct.len() != option_ids.len()
                    || distinct.len() as i64 > if multiple { max } else { 1 }
                    || !distinct.iter().all(|o| known.contains(o)) =>
            {
                Err(Refusal::BadOptions)
            }
            Some((.., true)) => Err(Refusal::AlreadyVoted),
            Some(_) if !first_use!($tx, $nonce, $now) => Err(Refusal::Replayed),
            Some(_) => {
                let joined = distinct
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                let taken = sqlx::query(
                    "INSERT INTO poll_votes (poll_id, reader, option_ids, ip, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (poll_id, reader) DO NOTHING",
                )
                .bind($poll_id)
                .bind($reader)
                .bind(&joined)
                .bind($ip)
                .bind($now)
                .execute(&mut *$tx)
                .await?
                .rows_affected();
                if taken == 0 {
                    // Only another instance's vote for this reader since the read above
                    // gets here; the form stays used, as it was.
                    Err(Refusal::AlreadyVoted)
                } else {
                    let sql = format!(
                        "UPDATE poll_options SET votes = votes + 1 WHERE id IN ({})",
                        crate::placeholders(1, distinct.len())
                    );
                    let mut update = sqlx::query(&sql);
                    for option in &distinct {
                        update = update.bind(option);
                    }
                    update.execute(&mut *$tx).await?;
                    Ok(Accepted::Voted)
                }
            }
        }
    }};
}

impl Store {
    /// Applies a group of submissions in one transaction and returns one outcome per
    /// submission, in order. An `Err` means nothing was written.
    pub async fn submit(&self, group: &[Submission], now: i64) -> Result<Vec<Outcome>> {
        Ok(write_tx!(self, tx => {
            let mut outcomes = Vec::with_capacity(group.len());
            for s in group {
                outcomes.push(match s {
                    Submission::Rating { article_id, reader, stars, ip, nonce } => {
                        apply_rating!(tx, *article_id, reader, *stars, ip, nonce, now)
                    }
                    Submission::Comment(c) => apply_comment!(tx, c, now),
                    Submission::Vote { poll_id, option_ids, reader, ip, nonce } => {
                        apply_vote!(tx, *poll_id, option_ids, reader, ip, nonce, now)
                    }
                });
            }
            outcomes
        }))
    }

    /// Forgets sent forms older than `before`: their tokens have expired, so they cannot come
    /// back anyway.
    pub async fn forget_forms_before(&self, before: i64) -> Result<u64> {
        let sql = "DELETE FROM form_uses WHERE used_at < $1";
        Ok(write_tx!(self, tx => {
            sqlx::query(sql).bind(before).execute(&mut *tx).await?.rows_affected()
        }))
    }
}
