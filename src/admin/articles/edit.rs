//! Writing an article: the empty form, the form of a stored article, and saving either. A
//! save is checked whole before anything is written; one based on an older revision than the
//! stored one is refused, and the editor sees what the other person changed.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use cong_store::{ArticleFields, Editor, SaveOutcome, StaffArticle};
use minijinja::context;
use minijinja::value::merge_maps;
use serde::Deserialize;

use super::super::guard::{Authors, Change, Staff};
use super::super::session::Current;
use super::super::view::{frame, page, see_other_to, Notice};
use super::view::{editor, Editing};
use super::{article_changed, load, ARTICLE_FORM_BYTES};
use crate::error::AppError;
use crate::newsroom::diff;
use crate::newsroom::form::{self, refuse, ArticleForm, FieldError};
use crate::newsroom::workflow::{allowed, Action};
use crate::state::AppState;

/// How long opening an article for editing holds it, seconds.
const LOCK_SECS: i64 = 10 * 60;

/// What the page says after a redirect.
#[derive(Deserialize, Default)]
pub struct Said {
    #[serde(rename = "da-luu")]
    saved: Option<i64>,
    #[serde(rename = "thao-tac")]
    done: Option<String>,
}

/// `GET /admin/bai-viet/moi`
pub async fn new_form(
    State(app): State<AppState>,
    me: Staff<Authors>,
) -> Result<Response, AppError> {
    let fields = ArticleFields {
        byline: me.user.display_name.clone(),
        published_at: app.now(),
        allow_comments: true,
        allow_rating: true,
        ..ArticleFields::default()
    };
    render(&app, &me, &fields, None, &[], Notice::default()).await
}

/// Renders the editor for these fields (of `stored`, when it exists).
async fn render(
    app: &AppState,
    me: &Current,
    fields: &ArticleFields,
    stored: Option<&StaffArticle>,
    errors: &[FieldError],
    notice: Notice,
) -> Result<Response, AppError> {
    let categories = app.store.all_categories().await?;
    let lock = match stored {
        Some(a) => {
            let now = app.now();
            app.store
                .take_edit_lock(a.id, me.user.id, now, now + LOCK_SECS)
                .await?
        }
        None => None,
    };
    let status = if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        notice.status()
    };
    let title = if stored.is_some() {
        "admin_edit_article"
    } else {
        "admin_new_article"
    };
    let editing = Editing {
        stored,
        errors,
        lock,
    };
    let ctx = context! {
        notice => notice.value(),
        ..merge_maps([editor(app, me, fields, &categories, editing), frame(app, me, title)])
    };
    Ok(editor_page(app, status, ctx))
}

/// The editor screen, with the policy that lets the editor lay itself out.
fn editor_page(app: &AppState, status: StatusCode, ctx: minijinja::Value) -> Response {
    let mut resp = page(app, status, "admin/article_edit.html", ctx);
    resp.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_static(crate::http::middleware::EDITOR_CSP),
    );
    resp
}

/// Checks what a form cannot check alone: that its categories exist and its slug is free.
async fn check(app: &AppState, f: &mut ArticleForm, id: i64) -> Result<(), AppError> {
    let categories = app.store.all_categories().await?;
    let known = |c: i64| categories.iter().any(|k| k.id == c);
    if f.fields.category_id > 0 && !known(f.fields.category_id) {
        f.errors
            .push(refuse("category", "article_category_missing"));
    }
    f.fields.other_categories.retain(|c| known(*c));
    if !f.fields.slug.is_empty() && app.store.slug_taken(&f.fields.slug, id).await? {
        f.errors.push(refuse("slug", "article_slug_taken"));
    }
    Ok(())
}

/// `POST /admin/bai-viet`: a new draft, written by the one who sends it.
pub async fn create(
    State(app): State<AppState>,
    c: Change<Authors, ARTICLE_FORM_BYTES>,
) -> Result<Response, AppError> {
    let now = app.now();
    let mut f = form::parse(&c.form, app.tz, now);
    check(&app, &mut f, 0).await?;
    if !f.errors.is_empty() {
        return render(&app, &c.me, &f.fields, None, &f.errors, Notice::default()).await;
    }
    let me = Editor {
        id: c.me.user.id,
        name: &c.me.user.display_name,
    };
    let id = app.store.create_article(&f.fields, me, now).await?;
    article_changed(&app, &c.me, "article_created", id, &f.fields.title).await?;
    let cleaned = if f.body_cleaned {
        "&thao-tac=da-lam-sach"
    } else {
        ""
    };
    Ok(see_other_to(&format!(
        "/admin/bai-viet/{id}?da-luu=1{cleaned}"
    )))
}

/// `GET /admin/bai-viet/<id>`
pub async fn edit_form(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    me: Staff<Authors>,
    Query(said): Query<Said>,
) -> Result<Response, AppError> {
    let a = load(&app, &me, id).await?;
    let mut notice = match said.done.as_deref() {
        Some(action) => Notice::done(app.text(&format!("article_done_{}", slug_key(action)))),
        None => Notice::default(),
    };
    if let Some(rev) = said.saved {
        let mut text = app.text("article_saved").replace("{n}", &rev.to_string());
        if let Some(extra) = notice.done.take() {
            text = format!("{text} {extra}");
        }
        notice = Notice::done(text);
    }
    render(&app, &me, &a.fields, Some(&a), &[], notice).await
}

/// A query word as a UI string key part (`da-lam-sach` → `da_lam_sach`).
fn slug_key(word: &str) -> String {
    word.chars()
        .take(40)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `POST /admin/bai-viet/<id>` with the form and `revision`, the revision it was based on.
pub async fn save(
    State(app): State<AppState>,
    Path(id): Path<i64>,
    c: Change<Authors, ARTICLE_FORM_BYTES>,
) -> Result<Response, AppError> {
    let a = load(&app, &c.me, id).await?;
    if !allowed(
        c.me.role,
        c.me.user.id,
        a.author_id,
        &a.status,
        Action::Edit,
    ) {
        let notice = Notice::error(app.text("article_not_yours_now"));
        return render(&app, &c.me, &a.fields, Some(&a), &[], notice).await;
    }
    let now = app.now();
    let mut f = form::parse(&c.form, app.tz, now);
    check(&app, &mut f, id).await?;
    if !f.errors.is_empty() {
        return render(
            &app,
            &c.me,
            &f.fields,
            Some(&a),
            &f.errors,
            Notice::default(),
        )
        .await;
    }
    let changed = form::changed(&a.fields, &f.fields);
    if changed.is_empty() && f.base == a.revision {
        let notice = Notice::done(app.text("article_unchanged"));
        return render(&app, &c.me, &a.fields, Some(&a), &[], notice).await;
    }
    let me = Editor {
        id: c.me.user.id,
        name: &c.me.user.display_name,
    };
    match app
        .store
        .save_article(id, f.base, &f.fields, me, &changed, "", now)
        .await?
    {
        SaveOutcome::Saved(rev) => {
            // Whoever saves is editing: the lock is theirs for a while (unless someone else's
            // is still running, which this leaves alone).
            app.store
                .take_edit_lock(id, c.me.user.id, now, now + LOCK_SECS)
                .await?;
            article_changed(&app, &c.me, "article_saved", id, &changed).await?;
            let cleaned = if f.body_cleaned {
                "&thao-tac=da-lam-sach"
            } else {
                ""
            };
            Ok(see_other_to(&format!(
                "/admin/bai-viet/{id}?da-luu={rev}{cleaned}"
            )))
        }
        SaveOutcome::Stale(theirs) => {
            // Nothing was written. The form keeps what this editor typed, and shows what the
            // other person's revision changed since the one this edit began from.
            let base = app.store.article_revision(id, f.base).await?;
            let from = base.map(|b| b.fields).unwrap_or_default();
            let pieces = diff::words(
                &diff::body_text(&from.body_html),
                &diff::body_text(&theirs.fields.body_html),
            );
            let current = load(&app, &c.me, id).await?;
            let notice = Notice::error(
                app.text("article_stale")
                    .replace("{name}", &theirs.user_name)
                    .replace("{n}", &theirs.revision.to_string()),
            );
            let categories = app.store.all_categories().await?;
            let ctx = context! {
                notice => notice.value(),
                stale => context! {
                    revision => theirs.revision,
                    by => theirs.user_name.clone(),
                    at => theirs.at,
                    title => (from.title != theirs.fields.title).then(|| theirs.fields.title.clone()),
                    body => pieces,
                },
                ..merge_maps([
                    editor(&app, &c.me, &f.fields, &categories, Editing { stored: Some(&current), errors: &[], lock: None }),
                    frame(&app, &c.me, "admin_edit_article"),
                ])
            };
            Ok(editor_page(&app, StatusCode::CONFLICT, ctx))
        }
    }
}
