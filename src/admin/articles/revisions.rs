//! An article's revisions: the list, one compared with the current text (the words removed
//! and added, not the HTML), and restoring one (which is itself a new revision).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cong_store::{Editor, SaveOutcome};
use minijinja::context;
use serde::Serialize;

use super::super::guard::{Authors, Change, Staff};
use super::super::view::{frame, page, see_other_to};
use super::{article_changed, load};
use crate::error::AppError;
use crate::newsroom::diff::{self, Piece};
use crate::newsroom::form;
use crate::newsroom::workflow::{allowed, Action};
use crate::state::AppState;

#[derive(Serialize)]
struct Listed {
    revision: i64,
    by: String,
    at: i64,
    changed: String,
    note: String,
}

/// `GET /admin/bai-viet/<id>/phien-ban`
pub async fn list(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    me: Staff<Authors>,
) -> Result<Response, AppError> {
    let a = load(&app, &me, id).await?;
    let rows: Vec<Listed> = app
        .store
        .article_revisions(id)
        .await?
        .into_iter()
        .map(|r| Listed {
            revision: r.revision,
            by: r.user_name,
            at: r.at,
            changed: r.changed,
            note: r.note,
        })
        .collect();
    let ctx = context! {
        article => context! { id => a.id, title => a.fields.title.clone(), revision => a.revision },
        rows,
        ..frame(&app, &me, "admin_revisions")
    };
    Ok(page(&app, StatusCode::OK, "admin/revisions.html", ctx))
}

/// `GET /admin/bai-viet/<id>/phien-ban/<n>`: revision `n` against the current text.
pub async fn compare(
    State(app): State<AppState>,
    Path((id, n)): Path<(i64, i64)>,
    me: Staff<Authors>,
) -> Result<Response, AppError> {
    let a = load(&app, &me, id).await?;
    let old = app
        .store
        .article_revision(id, n)
        .await?
        .ok_or(AppError::NotFound)?;
    let (was, now) = (&old.fields, &a.fields);
    let part = |name: &str, pieces: Vec<Piece>| context! { name => app.text(name), pieces };
    let parts = vec![
        part("article_title", diff::words(&was.title, &now.title)),
        part("article_lead", diff::words(&was.lead, &now.lead)),
        part(
            "article_body",
            diff::words(
                &diff::body_text(&was.body_html),
                &diff::body_text(&now.body_html),
            ),
        ),
    ];
    let may_restore =
        allowed(me.role, me.user.id, a.author_id, &a.status, Action::Edit) && n != a.revision;
    let ctx = context! {
        article => context! { id => a.id, title => now.title.clone(), revision => a.revision },
        old => context! { revision => old.revision, by => old.user_name.clone(), at => old.at,
                          changed => form::changed(was, now) },
        parts,
        may_restore,
        ..frame(&app, &me, "admin_compare")
    };
    Ok(page(&app, StatusCode::OK, "admin/compare.html", ctx))
}

/// `POST /admin/bai-viet/<id>/phien-ban/<n>/khoi-phuc`: the fields of revision `n` become the
/// next revision.
pub async fn restore(
    State(app): State<AppState>,
    Path((id, n)): Path<(i64, i64)>,
    c: Change<Authors>,
) -> Result<Response, AppError> {
    let a = load(&app, &c.me, id).await?;
    if !allowed(
        c.me.role,
        c.me.user.id,
        a.author_id,
        &a.status,
        Action::Edit,
    ) {
        return Err(AppError::Forbidden);
    }
    let old = app
        .store
        .article_revision(id, n)
        .await?
        .ok_or(AppError::NotFound)?;
    let changed = form::changed(&a.fields, &old.fields);
    let note = app
        .text("article_restored_note")
        .replace("{n}", &n.to_string());
    let me = Editor {
        id: c.me.user.id,
        name: &c.me.user.display_name,
    };
    let out = app
        .store
        .save_article(id, a.revision, &old.fields, me, &changed, &note, app.now())
        .await?;
    let SaveOutcome::Saved(rev) = out else {
        // Saved by someone else between the read and the write: show the article as it is.
        return Ok(see_other_to(&format!(
            "/admin/bai-viet/{id}?thao-tac=da-doi"
        )));
    };
    article_changed(&app, &c.me, "article_restored", id, &note).await?;
    Ok(see_other_to(&format!("/admin/bai-viet/{id}?da-luu={rev}")))
}
