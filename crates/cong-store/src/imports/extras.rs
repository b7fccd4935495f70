//! Polls and web links of an import.

use super::{known_ids, remember_keys, ImportKind, Saved};
use crate::{write_tx, Result, Store, StoreError};

/// An opinion poll to import, with its vote counts.
#[derive(Clone, Debug)]
pub struct ImportedPoll {
    /// Key in the source.
    pub key: String,
    /// The question.
    pub question: String,
    /// Most options one reader may tick (1 = single choice).
    pub max_choices: i64,
    /// Opening time.
    pub opens_at: i64,
    /// Closing time.
    pub closes_at: Option<i64>,
    /// Shown on the site.
    pub active: bool,
    /// Options in order: label and votes received (at least two).
    pub options: Vec<(String, i64)>,
}

/// A web link to import.
#[derive(Clone, Debug)]
pub struct ImportedLink {
    /// Key in the source.
    pub key: String,
    /// Text shown.
    pub name: String,
    /// Absolute URL.
    pub url: String,
}

impl Store {
    /// Creates or updates imported polls in one transaction. Options are matched by position,
    /// and a vote count never drops below what the portal has counted since.
    pub async fn save_imported_polls(
        &self,
        source: &str,
        polls: &[ImportedPoll],
    ) -> Result<Vec<Saved>> {
        if let Some(p) = polls.iter().find(|p| p.options.len() < 2) {
            return Err(StoreError::Invalid(format!(
                "poll {:?} has fewer than two options",
                p.key
            )));
        }
        let kind = ImportKind::Poll;
        let update =
            "UPDATE polls SET question = $2, multiple = $3, max_choices = $4, opens_at = $5, \
                      closes_at = $6, active = $7 WHERE id = $1";
        let insert =
            "INSERT INTO polls (question, multiple, max_choices, opens_at, closes_at, active) \
                      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let update_option = "UPDATE poll_options SET label = $3, \
                             votes = CASE WHEN votes < $4 THEN $4 ELSE votes END \
                             WHERE poll_id = $1 AND position = $2";
        let insert_option =
            "INSERT INTO poll_options (poll_id, label, position, votes) VALUES ($1, $2, $3, $4)";
        Ok(write_tx!(self, tx => {
            let keys: Vec<&str> = polls.iter().map(|p| p.key.as_str()).collect();
            let known = known_ids!(tx, source, kind, &keys);
            let mut out = Vec::with_capacity(polls.len());
            let mut new_keys = Vec::new();
            for p in polls {
                let max = p.max_choices.clamp(1, p.options.len() as i64);
                let multiple = max > 1;
                let mut done = None;
                if let Some(&id) = known.get(&p.key) {
                    let n = sqlx::query(update).bind(id).bind(&p.question).bind(multiple).bind(max)
                        .bind(p.opens_at).bind(p.closes_at).bind(p.active)
                        .execute(&mut *tx).await?.rows_affected();
                    done = (n > 0).then_some(Saved::Updated(id));
                }
                let saved = match done {
                    Some(s) => s,
                    None => {
                        let id: i64 = sqlx::query_scalar(insert).bind(&p.question).bind(multiple).bind(max)
                            .bind(p.opens_at).bind(p.closes_at).bind(p.active).fetch_one(&mut *tx).await?;
                        new_keys.push((p.key.as_str(), id));
                        Saved::Created(id)
                    }
                };
                for (i, (label, votes)) in p.options.iter().enumerate() {
                    let n = match saved {
                        Saved::Updated(id) => sqlx::query(update_option).bind(id).bind(i as i64).bind(label)
                            .bind(*votes).execute(&mut *tx).await?.rows_affected(),
                        Saved::Created(_) => 0,
                    };
                    if n == 0 {
                        sqlx::query(insert_option).bind(saved.id()).bind(label).bind(i as i64).bind(*votes)
                            .execute(&mut *tx).await?;
                    }
                }
                out.push(saved);
            }
            remember_keys!(tx, source, kind, &new_keys);
            out
        }))
    }

    /// Creates or updates imported web links in one transaction; new ones go at the end.
    pub async fn save_imported_links(
        &self,
        source: &str,
        links: &[ImportedLink],
    ) -> Result<Vec<Saved>> {
        let kind = ImportKind::WebLink;
        let update = "UPDATE web_links SET name = $2, url = $3 WHERE id = $1";
        let insert = "INSERT INTO web_links (name, url, position) \
                      VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM web_links)) RETURNING id";
        Ok(write_tx!(self, tx => {
            let keys: Vec<&str> = links.iter().map(|l| l.key.as_str()).collect();
            let known = known_ids!(tx, source, kind, &keys);
            let mut out = Vec::with_capacity(links.len());
            let mut new_keys = Vec::new();
            for l in links {
                let mut done = None;
                if let Some(&id) = known.get(&l.key) {
                    let n = sqlx::query(update).bind(id).bind(&l.name).bind(&l.url)
                        .execute(&mut *tx).await?.rows_affected();
                    done = (n > 0).then_some(Saved::Updated(id));
                }
                let saved = match done {
                    Some(s) => s,
                    None => {
                        let id: i64 = sqlx::query_scalar(insert).bind(&l.name).bind(&l.url).fetch_one(&mut *tx).await?;
                        new_keys.push((l.key.as_str(), id));
                        Saved::Created(id)
                    }
                };
                out.push(saved);
            }
            remember_keys!(tx, source, kind, &new_keys);
            out
        }))
    }
}
