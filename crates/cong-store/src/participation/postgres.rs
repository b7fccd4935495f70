//! Readers' writes on PostgreSQL: the shared statements, one group per transaction.

use sqlx::{PgConnection, PgPool};

use super::*;

pub(super) async fn submit(pg: &PgPool, group: &[Submission], now: i64) -> Result<Vec<Outcome>> {
    let mut tx = pg.begin().await?;
    let mut outcomes = Vec::with_capacity(group.len());
    for s in group {
        outcomes.push(match s {
            Submission::Rating {
                article_id,
                reader,
                stars,
                ip,
                nonce,
            } => rating(&mut tx, *article_id, reader, *stars, ip, nonce, now).await?,
            Submission::Comment(c) => comment(&mut tx, c, now).await?,
            Submission::Vote {
                poll_id,
                option_ids,
                reader,
                ip,
                nonce,
            } => vote(&mut tx, *poll_id, option_ids, reader, ip, nonce, now).await?,
        });
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn first_use(db: &mut PgConnection, nonce: &str, now: i64) -> Result<bool> {
    let done = sqlx::query(FORM_USE)
        .bind(nonce)
        .bind(now)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

async fn rating(
    db: &mut PgConnection,
    article_id: i64,
    reader: &str,
    stars: i64,
    ip: &str,
    nonce: &str,
    now: i64,
) -> Result<Outcome> {
    let found: Option<RatingRow> = sqlx::query_as(RATING_READ)
        .bind(article_id)
        .bind(now)
        .bind(reader)
        .fetch_optional(&mut *db)
        .await?;
    let row = match rating_row(found) {
        Ok(row) => row,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !first_use(db, nonce, now).await? {
        return Ok(Err(Refusal::Replayed));
    }
    sqlx::query(RATING_UPSERT)
        .bind(article_id)
        .bind(reader)
        .bind(stars)
        .bind(ip)
        .bind(now)
        .execute(&mut *db)
        .await?;
    let ((added, counted), accepted) = rated(row, stars);
    sqlx::query(RATING_TOTALS)
        .bind(article_id)
        .bind(added)
        .bind(counted)
        .execute(&mut *db)
        .await?;
    Ok(Ok(accepted))
}

async fn comment(db: &mut PgConnection, c: &NewComment, now: i64) -> Result<Outcome> {
    let found: Option<CommentRow> = sqlx::query_as(COMMENT_READ)
        .bind(c.article_id)
        .bind(now)
        .bind(c.parent_id)
        .bind(&c.email)
        .bind(c.moderation == Moderation::HoldFirstTime)
        .bind(&c.reader)
        .fetch_optional(&mut *db)
        .await?;
    let (thread, published) = match comment_plan(found, c) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !first_use(db, &c.nonce, now).await? {
        return Ok(Err(Refusal::Replayed));
    }
    let id: i64 = sqlx::query_scalar(COMMENT_INSERT)
        .bind(c.article_id)
        .bind(thread)
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.body)
        .bind(if published { "published" } else { "pending" })
        .bind(&c.reader)
        .bind(&c.ip)
        .bind(now)
        .fetch_one(&mut *db)
        .await?;
    Ok(Ok(Accepted::Commented { id, published }))
}

async fn vote(
    db: &mut PgConnection,
    poll_id: i64,
    chosen: &[i64],
    reader: &str,
    ip: &str,
    nonce: &str,
    now: i64,
) -> Result<Outcome> {
    let poll: Option<PollRow> = sqlx::query_as(POLL_READ)
        .bind(poll_id)
        .bind(reader)
        .fetch_optional(&mut *db)
        .await?;
    let known: Vec<i64> = match poll {
        Some(_) => {
            sqlx::query_scalar(POLL_OPTIONS)
                .bind(poll_id)
                .fetch_all(&mut *db)
                .await?
        }
        None => Vec::new(),
    };
    let options = match vote_choices(&poll, &known, chosen, now) {
        Ok(options) => options,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !first_use(db, nonce, now).await? {
        return Ok(Err(Refusal::Replayed));
    }
    let taken = sqlx::query(VOTE_INSERT)
        .bind(poll_id)
        .bind(reader)
        .bind(joined(&options))
        .bind(ip)
        .bind(now)
        .execute(&mut *db)
        .await?
        .rows_affected();
    if taken == 0 {
        // Another instance took this reader's vote since the read; the form stays used.
        return Ok(Err(Refusal::AlreadyVoted));
    }
    let sql = format!(
        "UPDATE poll_options SET votes = votes + 1 WHERE id IN ({})",
        crate::placeholders(1, options.len())
    );
    let mut update = sqlx::query(&sql);
    for option in &options {
        update = update.bind(option);
    }
    update.execute(&mut *db).await?;
    Ok(Ok(Accepted::Voted))
}
