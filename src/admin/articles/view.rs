//! What the article screens show: the editor form's context, built from the stored article
//! or from a form sent back with its problems.

use std::collections::BTreeMap;

use cong_store::{ArticleFields, Category, EditLock, StaffArticle};
use minijinja::{context, Value};
use serde::Serialize;

use super::super::session::Current;
use crate::newsroom::form::{local_value, FieldError};
use crate::newsroom::workflow::{allowed, Action};
use crate::state::AppState;

/// A category as a choice in the form, indented under its parent.
#[derive(Serialize)]
pub struct Choice {
    id: i64,
    label: String,
    main: bool,
    other: bool,
}

/// Categories in tree order (parents before their children), each with its depth.
pub fn category_tree(all: &[Category]) -> Vec<(&Category, usize)> {
    fn walk<'a>(
        all: &'a [Category],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(&'a Category, usize)>,
    ) {
        let mut children: Vec<&Category> = all.iter().filter(|c| c.parent_id == parent).collect();
        children.sort_by_key(|c| (c.position, c.id));
        for c in children {
            out.push((c, depth));
            if depth < 8 {
                walk(all, Some(c.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(all, None, 0, &mut out);
    out
}

fn choices(all: &[Category], f: &ArticleFields) -> Vec<Choice> {
    category_tree(all)
        .into_iter()
        .map(|(c, depth)| Choice {
            id: c.id,
            label: format!("{}{}", "— ".repeat(depth), c.name),
            main: c.id == f.category_id,
            other: f.other_categories.contains(&c.id),
        })
        .collect()
}

/// The editor's state besides the fields: which article, what may be done, who else edits.
pub struct Editing<'a> {
    /// The stored article; none for a new one.
    pub stored: Option<&'a StaffArticle>,
    /// Problems of a form sent back.
    pub errors: &'a [FieldError],
    /// Someone else's edit lock.
    pub lock: Option<EditLock>,
}

/// The context of `admin/article_edit.html` for these fields.
pub fn editor(
    app: &AppState,
    me: &Current,
    fields: &ArticleFields,
    categories: &[Category],
    editing: Editing<'_>,
) -> Value {
    let mut errors: BTreeMap<&str, String> = BTreeMap::new();
    for e in editing.errors {
        errors.entry(e.field).or_insert_with(|| {
            app.text(e.key)
                .replace("{photo}", e.photo.as_deref().unwrap_or(""))
        });
    }
    let may = |action| {
        editing
            .stored
            .is_some_and(|a| allowed(me.role, me.user.id, a.author_id, &a.status, action))
    };
    let public_url = editing
        .stored
        .filter(|a| a.status == "published")
        .and_then(|a| {
            let cat = categories.iter().find(|c| c.id == a.fields.category_id)?;
            Some(crate::urls::article(&cat.slug, &a.fields.slug, a.id))
        });
    let lock = editing.lock.map(|l| {
        context! { name => l.user_name, until => l.until }
    });
    context! {
        article => editing.stored.map(|a| context! {
            id => a.id,
            status => a.status.clone(),
            status_label => app.text(&format!("article_status_{}", a.status)),
            revision => a.revision,
            review_note => a.review_note.clone(),
            public_url,
        }),
        fields => Value::from_serialize(fields),
        publish_at => local_value(fields.published_at, app.tz),
        expire_at => fields.expires_at.map(|t| local_value(t, app.tz)).unwrap_or_default(),
        tags => fields.tags.join(", "),
        categories => choices(categories, fields),
        errors,
        lock,
        may => context! {
            edit => editing.stored.is_none() || may(Action::Edit),
            submit => may(Action::Submit),
            send_back => may(Action::SendBack),
            publish => may(Action::Publish),
            unpublish => may(Action::Unpublish),
        },
    }
}
