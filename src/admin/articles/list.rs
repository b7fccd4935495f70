//! `/admin/bai-viet`: the newsroom's list of articles, most recently changed first, with
//! filters. Authors see their own articles only.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use cong_store::ArticleFilter;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::super::guard::{Authors, Staff};
use super::super::view::{frame, page};
use super::view::category_tree;
use crate::auth::Role;
use crate::error::AppError;
use crate::state::AppState;

/// Rows per page.
const PER_PAGE: i64 = 30;

/// Filters, from the query string (all optional).
#[derive(Deserialize, Default)]
pub struct Params {
    #[serde(rename = "trang-thai")]
    status: Option<String>,
    #[serde(rename = "chuyen-muc")]
    category: Option<String>,
    #[serde(rename = "tac-gia")]
    author: Option<String>,
    #[serde(rename = "tu-khoa")]
    words: Option<String>,
    trang: Option<i64>,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    title: String,
    status: String,
    status_label: String,
    category: String,
    author: String,
    published_at: i64,
    updated_at: i64,
}

/// `GET /admin/bai-viet?trang-thai=&chuyen-muc=&tac-gia=&tu-khoa=&trang=`
pub async fn list(
    State(app): State<AppState>,
    me: Staff<Authors>,
    Query(p): Query<Params>,
) -> Result<Response, AppError> {
    let id = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<i64>().ok());
    let editor = me.role.allows(Role::Editor);
    let status = p
        .status
        .clone()
        .filter(|s| ["draft", "submitted", "published", "unpublished"].contains(&s.as_str()));
    let words = p
        .words
        .as_deref()
        .map(|w| cong_text::fold_vi(&w.chars().take(100).collect::<String>()))
        .filter(|w| !w.trim().is_empty());
    let filter = ArticleFilter {
        status,
        category_id: id(&p.category),
        author_id: if editor {
            id(&p.author)
        } else {
            Some(me.user.id)
        },
        words,
    };
    // Bounded, so the offset cannot overflow.
    let page_no = p.trang.unwrap_or(1).clamp(1, 100_000);
    let found = app
        .store
        .newsroom_list(&filter, PER_PAGE + 1, (page_no - 1) * PER_PAGE)
        .await?;
    let categories = app.store.all_categories().await?;
    let users = if editor {
        app.store.all_users().await?
    } else {
        Vec::new()
    };
    let more = found.len() as i64 > PER_PAGE;
    let rows: Vec<Row> = found
        .into_iter()
        .take(PER_PAGE as usize)
        .map(|a| Row {
            category: categories
                .iter()
                .find(|c| c.id == a.category_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            status_label: app.text(&format!("article_status_{}", a.status)),
            author: a.author_name.unwrap_or_default(),
            id: a.id,
            title: a.title,
            status: a.status,
            published_at: a.published_at,
            updated_at: a.updated_at,
        })
        .collect();
    let category_choices: Vec<_> = category_tree(&categories)
        .into_iter()
        .map(|(c, depth)| context! { id => c.id, label => format!("{}{}", "— ".repeat(depth), c.name) })
        .collect();
    let ctx = context! {
        rows,
        page => page_no,
        more,
        editor,
        filter => context! {
            status => p.status.unwrap_or_default(),
            category => id(&p.category),
            author => id(&p.author),
            words => p.words.unwrap_or_default(),
        },
        categories => category_choices,
        authors => users.iter().map(|u| context! { id => u.id, name => u.display_name.clone() }).collect::<Vec<_>>(),
        ..frame(&app, &me, "admin_articles")
    };
    Ok(page(&app, StatusCode::OK, "admin/articles.html", ctx))
}
