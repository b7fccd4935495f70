use serde::Serialize;

use crate::{read, write_tx, Result, Store, StoreError};

/// An opinion poll.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Poll {
    /// Stable id.
    pub id: i64,
    /// The question asked.
    pub question: String,
    /// Several options may be ticked.
    pub multiple: bool,
    /// Most options one reader may tick.
    pub max_choices: i64,
    /// Opening time.
    pub opens_at: i64,
    /// Closing time, none for open-ended.
    pub closes_at: Option<i64>,
    /// Switched on by an editor.
    pub active: bool,
}

impl Poll {
    /// Whether votes are taken at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.active && self.opens_at <= now && self.closes_at.is_none_or(|c| now < c)
    }
}

/// One answer of a poll, with its count.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct PollOption {
    /// Stable id.
    pub id: i64,
    /// Poll it belongs to.
    pub poll_id: i64,
    /// Text shown.
    pub label: String,
    /// Order.
    pub position: i64,
    /// Votes so far.
    pub votes: i64,
}

/// What it takes to create a poll.
#[derive(Clone, Debug)]
pub struct NewPoll {
    /// The question.
    pub question: String,
    /// Multiple choice.
    pub multiple: bool,
    /// Most options one reader may tick.
    pub max_choices: i64,
    /// Opening time.
    pub opens_at: i64,
    /// Closing time.
    pub closes_at: Option<i64>,
    /// Option labels, in order.
    pub options: Vec<String>,
}

const POLL_COLS: &str = "id, question, multiple, max_choices, opens_at, closes_at, active";

impl Store {
    /// The newest active poll that has opened (closed ones still show their results).
    pub async fn current_poll(&self, now: i64) -> Result<Option<(Poll, Vec<PollOption>)>> {
        let sql = format!(
            "SELECT {POLL_COLS} FROM polls WHERE active AND opens_at <= $1 ORDER BY opens_at DESC, id DESC LIMIT 1"
        );
        let poll = read!(self, pool => sqlx::query_as(&sql).bind(now).fetch_optional(pool).await?);
        self.with_options(poll).await
    }

    /// A poll by id, with its options.
    pub async fn poll_by_id(&self, id: i64) -> Result<Option<(Poll, Vec<PollOption>)>> {
        let sql = format!("SELECT {POLL_COLS} FROM polls WHERE id = $1");
        let poll = read!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
        self.with_options(poll).await
    }

    async fn with_options(&self, poll: Option<Poll>) -> Result<Option<(Poll, Vec<PollOption>)>> {
        match poll {
            Some(p) => {
                let options = self.poll_options(p.id).await?;
                Ok(Some((p, options)))
            }
            None => Ok(None),
        }
    }

    async fn poll_options(&self, poll_id: i64) -> Result<Vec<PollOption>> {
        let sql = "SELECT id, poll_id, label, position, votes FROM poll_options \
                   WHERE poll_id = $1 ORDER BY position, id";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(poll_id).fetch_all(pool).await?))
    }

    /// Creates a poll with its options.
    pub async fn insert_poll(&self, p: &NewPoll) -> Result<i64> {
        if p.options.len() < 2 {
            return Err(StoreError::Invalid(
                "a poll needs at least two options".into(),
            ));
        }
        let max = if p.multiple {
            p.max_choices.clamp(1, p.options.len() as i64)
        } else {
            1
        };
        let poll_sql = "INSERT INTO polls (question, multiple, max_choices, opens_at, closes_at) \
                        VALUES ($1, $2, $3, $4, $5) RETURNING id";
        let opt_sql = "INSERT INTO poll_options (poll_id, label, position) VALUES ($1, $2, $3)";
        Ok(write_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(poll_sql).bind(&p.question).bind(p.multiple)
                .bind(max).bind(p.opens_at).bind(p.closes_at).fetch_one(&mut *tx).await?;
            for (i, label) in p.options.iter().enumerate() {
                sqlx::query(opt_sql).bind(id).bind(label).bind(i as i64).execute(&mut *tx).await?;
            }
            id
        }))
    }
}
