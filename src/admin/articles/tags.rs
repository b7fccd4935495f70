//! `/admin/the`: tags already in use that match what is being typed, for the tag field's
//! suggestions (a JSON list of names).

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;

use super::super::guard::{Authors, Staff};
use crate::error::AppError;
use crate::state::AppState;

/// Most suggestions in one answer.
const SUGGESTIONS: i64 = 10;

/// What has been typed of the tag.
#[derive(Deserialize)]
pub struct Typed {
    #[serde(default)]
    q: String,
}

/// The most used tags with a word starting as typed (folded: "soi" finds "Bệnh sởi").
pub async fn suggest(
    State(app): State<AppState>,
    _me: Staff<Authors>,
    Query(typed): Query<Typed>,
) -> Result<Json<Vec<String>>, AppError> {
    let typed: String = typed.q.chars().take(60).collect();
    let slug = cong_text::slugify(&typed);
    Ok(Json(
        app.store.tags_starting_with(&slug, SUGGESTIONS).await?,
    ))
}
