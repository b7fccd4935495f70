use serde::Serialize;

use crate::{read, write_tx, Result, Store};

/// A static page (introduction, organisation, contact).
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct Page {
    /// Stable id.
    pub id: i64,
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Sanitised body HTML.
    pub body_html: String,
    /// Order in lists.
    pub position: i64,
    /// Last change.
    pub updated_at: i64,
}

/// What it takes to create a page.
#[derive(Clone, Debug)]
pub struct NewPage {
    /// URL slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// Body HTML, sanitised by the caller.
    pub body_html: String,
    /// Order in lists.
    pub position: i64,
}

/// An entry of the site menu.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct MenuItem {
    /// Stable id.
    pub id: i64,
    /// Text shown.
    pub label: String,
    /// Target (site path or absolute URL).
    pub url: String,
    /// Order.
    pub position: i64,
}

/// A link to a related agency's site.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct WebLink {
    /// Stable id.
    pub id: i64,
    /// Agency name.
    pub name: String,
    /// Absolute URL.
    pub url: String,
    /// Order.
    pub position: i64,
}

impl Store {
    /// The page with this slug.
    pub async fn page_by_slug(&self, slug: &str) -> Result<Option<Page>> {
        let sql =
            "SELECT id, slug, title, body_html, position, updated_at FROM pages WHERE slug = $1";
        Ok(read!(self, pool => sqlx::query_as(sql).bind(slug).fetch_optional(pool).await?))
    }

    /// Every page, in order.
    pub async fn all_pages(&self) -> Result<Vec<Page>> {
        let sql = "SELECT id, slug, title, body_html, position, updated_at FROM pages ORDER BY position, id";
        Ok(read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// Creates a page.
    pub async fn insert_page(&self, p: &NewPage, now: i64) -> Result<i64> {
        let sql = "INSERT INTO pages (slug, title, body_html, position, updated_at) \
                   VALUES ($1, $2, $3, $4, $5) RETURNING id";
        Ok(write_tx!(self, tx => {
            sqlx::query_scalar(sql).bind(&p.slug).bind(&p.title).bind(&p.body_html)
                .bind(p.position).bind(now).fetch_one(&mut *tx).await?
        }))
    }

    /// The site menu, in order.
    pub async fn menu_items(&self) -> Result<Vec<MenuItem>> {
        let sql = "SELECT id, label, url, position FROM menu_items ORDER BY position, id";
        Ok(read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// Adds a menu entry at the end.
    pub async fn insert_menu_item(&self, label: &str, url: &str, position: i64) -> Result<i64> {
        let sql = "INSERT INTO menu_items (label, url, position) VALUES ($1, $2, $3) RETURNING id";
        Ok(write_tx!(self, tx => {
            sqlx::query_scalar(sql).bind(label).bind(url).bind(position).fetch_one(&mut *tx).await?
        }))
    }

    /// The web links block, in order.
    pub async fn web_links(&self) -> Result<Vec<WebLink>> {
        let sql = "SELECT id, name, url, position FROM web_links ORDER BY position, id";
        Ok(read!(self, pool => sqlx::query_as(sql).fetch_all(pool).await?))
    }

    /// Adds a web link.
    pub async fn insert_web_link(&self, name: &str, url: &str, position: i64) -> Result<i64> {
        let sql = "INSERT INTO web_links (name, url, position) VALUES ($1, $2, $3) RETURNING id";
        Ok(write_tx!(self, tx => {
            sqlx::query_scalar(sql).bind(name).bind(url).bind(position).fetch_one(&mut *tx).await?
        }))
    }

    /// A stored setting.
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let sql = "SELECT value FROM settings WHERE key = $1";
        Ok(read!(self, pool => sqlx::query_scalar(sql).bind(key).fetch_optional(pool).await?))
    }

    /// Records that content changed outside a running server (CLI moderation, imports), so
    /// servers polling [`Store::content_version`] drop their cached pages.
    pub async fn touch_content(&self) -> Result<()> {
        let sql = "INSERT INTO settings (key, value) VALUES ('content_version', '1') \
                   ON CONFLICT (key) DO UPDATE \
                   SET value = CAST(CAST(settings.value AS BIGINT) + 1 AS TEXT)";
        write_tx!(self, tx => {
            sqlx::query(sql).execute(&mut *tx).await?;
        });
        Ok(())
    }

    /// The counter [`Store::touch_content`] increments (0 before the first change).
    pub async fn content_version(&self) -> Result<i64> {
        Ok(self
            .setting("content_version")
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// A setting, storing `value` first when it has none; every caller (and every instance)
    /// gets the same stored value.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(key).bind(value).execute(&mut *tx).await?;
        });
        let stored = self.setting(key).await?;
        Ok(stored.unwrap_or_else(|| value.to_string()))
    }

    /// Stores a setting, replacing an older value.
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let sql = "INSERT INTO settings (key, value) VALUES ($1, $2) \
                   ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        write_tx!(self, tx => {
            sqlx::query(sql).bind(key).bind(value).execute(&mut *tx).await?;
        });
        Ok(())
    }
}
