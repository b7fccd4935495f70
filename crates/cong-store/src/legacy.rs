use crate::{read, write_tx, Result, Store, StoreError};

/// What an old URL points at now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// An article by id.
    Article,
    /// A category by id.
    Category,
    /// A static page by id.
    Page,
    /// A tag by id.
    Tag,
    /// A fixed URL.
    Url,
}

impl TargetKind {
    fn as_str(self) -> &'static str {
        match self {
            TargetKind::Article => "article",
            TargetKind::Category => "category",
            TargetKind::Page => "page",
            TargetKind::Tag => "tag",
            TargetKind::Url => "url",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "article" => TargetKind::Article,
            "category" => TargetKind::Category,
            "page" => TargetKind::Page,
            "tag" => TargetKind::Tag,
            "url" => TargetKind::Url,
            _ => return None,
        })
    }
}

/// The target of a legacy path: an object (resolved to its current URL when asked) or a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyTarget {
    /// Kind of target.
    pub kind: TargetKind,
    /// Object id for object targets.
    pub id: Option<i64>,
    /// URL for `Url` targets.
    pub url: Option<String>,
}

impl Store {
    /// Where an old path (with its query string, if any) leads now.
    pub async fn legacy_target(&self, path: &str) -> Result<Option<LegacyTarget>> {
        let sql = "SELECT target_kind, target_id, target_url FROM legacy_paths WHERE path = $1";
        let row: Option<(String, Option<i64>, Option<String>)> =
            read!(self, pool => sqlx::query_as(sql).bind(path).fetch_optional(pool).await?);
        Ok(row.and_then(|(kind, id, url)| {
            TargetKind::parse(&kind).map(|kind| LegacyTarget { kind, id, url })
        }))
    }

    /// Records (or re-points) old paths; re-running with the same paths updates, never duplicates.
    pub async fn add_legacy_paths(&self, entries: &[(String, LegacyTarget)]) -> Result<()> {
        for (path, t) in entries {
            let ok = match t.kind {
                TargetKind::Url => t.url.is_some(),
                _ => t.id.is_some(),
            };
            if !ok || !path.starts_with('/') {
                return Err(StoreError::Invalid(format!(
                    "bad legacy path entry {path:?}"
                )));
            }
        }
        let sql = "INSERT INTO legacy_paths (path, target_kind, target_id, target_url) \
                   VALUES ($1, $2, $3, $4) ON CONFLICT (path) DO UPDATE SET \
                   target_kind = excluded.target_kind, target_id = excluded.target_id, \
                   target_url = excluded.target_url";
        write_tx!(self, tx => {
            for (path, t) in entries {
                sqlx::query(sql).bind(path).bind(t.kind.as_str()).bind(t.id).bind(&t.url)
                    .execute(&mut *tx).await?;
            }
        });
        Ok(())
    }
}
