//! A snapshot of the small site-wide tables (categories, menu, links, poll) that every page
//! shows, kept in memory and reloaded when the content version moves.

use std::collections::HashMap;

use cong_store::{Category, MenuItem, Poll, PollOption, Store, WebLink};

/// Site-wide data at one content version.
#[derive(Debug, Default)]
pub struct SiteData {
    /// Content version this snapshot was read at.
    pub version: u64,
    /// Every category.
    pub categories: Vec<Category>,
    /// The site menu.
    pub menu: Vec<MenuItem>,
    /// The web links block.
    pub links: Vec<WebLink>,
    /// The current poll and its options.
    pub poll: Option<(Poll, Vec<PollOption>)>,
    by_id: HashMap<i64, usize>,
    by_slug: HashMap<String, usize>,
}

impl SiteData {
    /// Reads the snapshot from the store.
    pub async fn load(store: &Store, version: u64, now: i64) -> cong_store::Result<SiteData> {
        let categories = store.all_categories().await?;
        let by_id = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, i))
            .collect();
        let by_slug = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.slug.clone(), i))
            .collect();
        Ok(SiteData {
            version,
            menu: store.menu_items().await?,
            links: store.web_links().await?,
            poll: store.current_poll(now).await?,
            categories,
            by_id,
            by_slug,
        })
    }

    /// A category by id.
    pub fn category(&self, id: i64) -> Option<&Category> {
        self.by_id.get(&id).map(|i| &self.categories[*i])
    }

    /// A category by slug.
    pub fn category_by_slug(&self, slug: &str) -> Option<&Category> {
        self.by_slug.get(slug).map(|i| &self.categories[*i])
    }

    /// Direct children of a category (or the top level for `None`), in order.
    pub fn children(&self, parent: Option<i64>) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(move |c| c.parent_id == parent)
    }

    /// A category and all categories below it.
    pub fn with_descendants(&self, id: i64) -> Vec<i64> {
        let mut out = vec![id];
        let mut i = 0;
        // Breadth-first; the guard stops a (corrupt) cycle from looping for ever.
        while i < out.len() && out.len() <= self.categories.len() {
            let parent = out[i];
            out.extend(self.children(Some(parent)).map(|c| c.id));
            i += 1;
        }
        out
    }

    /// The chain from the top-level category down to `id`.
    pub fn ancestry(&self, id: i64) -> Vec<&Category> {
        let mut chain = Vec::new();
        let mut next = self.category(id);
        while let Some(c) = next {
            if chain.len() > self.categories.len() {
                break;
            }
            chain.push(c);
            next = c.parent_id.and_then(|p| self.category(p));
        }
        chain.reverse();
        chain
    }
}
