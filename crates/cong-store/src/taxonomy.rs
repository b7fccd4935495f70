use serde::Serialize;

use crate::{read, write_tx, Result, Store};

/// A category; categories nest through `parent_id`.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Category {
    /// Stable id.
    pub id: i64,
    /// Parent category, none for a top-level one.
    pub parent_id: Option<i64>,
    /// URL slug, unique over all categories.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Order among siblings.
    pub position: i64,
}

/// What it takes to create a category.
#[derive(Clone, Debug)]
pub struct NewCategory {
    /// Parent category id, if nested.
    pub parent_id: Option<i64>,
    /// URL slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Order among siblings.
    pub position: i64,
}

/// A tag attached to articles.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Tag {
    /// Stable id.
    pub id: i64,
    /// URL slug.
    pub slug: String,
    /// Display name.
    pub name: String,
}

impl Store {
    /// Every category, parents before children is not guaranteed; ordered by position then name.
    pub async fn all_categories(&self) -> Result<Vec<Category>> {
        let sql = "SELECT id, parent_id, slug, name, description, position FROM categories \
                   ORDER BY position, name";
        Ok(read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// Creates a category and returns its id.
    pub async fn insert_category(&self, c: &NewCategory) -> Result<i64> {
        let sql = "INSERT INTO categories (parent_id, slug, name, description, position) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        Ok(write_tx!(self, tx => {
            sqlx::query_scalar(sql)
                .bind(c.parent_id)
                .bind(&c.slug)
                .bind(&c.name)
                .bind(&c.description)
                .bind(c.position)
                .fetch_one(&mut *tx)
                .await?
        }))
    }

    /// The tag with this slug.
    pub async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>> {
        let sql = "SELECT id, slug, name FROM tags WHERE slug = $1";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await?))
    }

    /// The tags of one article, by name.
    pub async fn tags_of_article(&self, article_id: i64) -> Result<Vec<Tag>> {
        let sql = "SELECT t.id, t.slug, t.name FROM tags t \
                   JOIN article_tags at ON at.tag_id = t.id \
                   WHERE at.article_id = $1 ORDER BY t.name";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(article_id).fetch_all(pool).await?))
    }

    /// Every tag that has at least one published article (for the sitemap).
    pub async fn tags_in_use(&self) -> Result<Vec<Tag>> {
        let sql = "SELECT DISTINCT t.id, t.slug, t.name FROM tags t \
                   JOIN article_tags at ON at.tag_id = t.id ORDER BY t.slug";
        Ok(read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// Names of the tags one of whose words starts with `slug_prefix` (a slug: lower-case
    /// ASCII, digits and hyphens), the most used first: suggestions while a tag is typed.
    pub async fn tags_starting_with(&self, slug_prefix: &str, limit: i64) -> Result<Vec<String>> {
        if slug_prefix.is_empty()
            || !slug_prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            // Anything else could be a LIKE wildcard, and is no slug anyway.
            return Ok(Vec::new());
        }
        let sql = "SELECT t.name FROM tags t LEFT JOIN article_tags x ON x.tag_id = t.id \
                   WHERE t.slug LIKE $1 OR t.slug LIKE $2 \
                   GROUP BY t.id, t.name ORDER BY COUNT(x.article_id) DESC, t.name LIMIT $3";
        Ok(read!(self, pool => sqlx::query_scalar(sql)
            .bind(format!("{slug_prefix}%"))
            .bind(format!("%-{slug_prefix}%"))
            .bind(limit)
            .fetch_all(pool)
            .await?))
    }
}
