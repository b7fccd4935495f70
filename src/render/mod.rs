//! Turning data into pages: the template environment, the theme, filters and view shapes.

mod filters;
pub mod theme;
pub mod views;

use std::collections::BTreeMap;
use std::path::Path;

use chrono_tz::Tz;
use cong_text::Locale;
use minijinja::value::Value;
use minijinja::{Environment, UndefinedBehavior};

use crate::live::{Hole, Marker};
use crate::participation::Purpose;
pub use theme::Theme;

/// The template environment with the theme, the UI strings and the site's globals.
pub struct Renderer {
    env: Environment<'static>,
    marker: Marker,
}

/// A render failure (a theme error), reported as a 500.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {source:#}")]
pub struct RenderError {
    name: String,
    #[source]
    source: minijinja::Error,
}

impl Renderer {
    /// Builds the environment: templates from the data folder's theme first, then the built-in one.
    pub fn new(
        theme: Theme,
        site: Value,
        tz: Tz,
        locale: Locale,
        marker: Marker,
    ) -> anyhow::Result<Renderer> {
        let strings = theme.strings(locale)?;
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_formatter(escape_minimal);
        env.set_loader(move |name| Ok(theme.template(name)));
        env.add_global("site", site);
        env.add_global("t", Value::from_serialize(&strings));
        filters::register(&mut env, tz, locale);
        let m = marker.clone();
        env.add_function("live", move |kind: &str, id: Option<i64>| {
            let hole = match (kind, id) {
                ("online", None) => Hole::Online,
                ("today", None) => Hole::Today,
                ("month", None) => Hole::Month,
                ("total", None) => Hole::Total,
                ("views", Some(id)) => Hole::Views(id),
                ("rating_total", Some(id)) => Hole::RatingTotal(id),
                ("rating_count", Some(id)) => Hole::RatingCount(id),
                ("rating_average", Some(id)) => Hole::RatingAverage(id),
                ("token_rating", None) => Hole::Token(Purpose::Rating),
                ("token_comment", None) => Hole::Token(Purpose::Comment),
                ("token_vote", None) => Hole::Token(Purpose::Vote),
                _ => {
                    return Err(minijinja::Error::new(
                        minijinja::ErrorKind::InvalidOperation,
                        format!("live(): unknown figure {kind:?}"),
                    ))
                }
            };
            Ok(Value::from_safe_string(m.text(&hole)))
        });
        Ok(Renderer { env, marker })
    }

    /// Renders a template with a context.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String, RenderError> {
        let err = |source| RenderError {
            name: name.to_string(),
            source,
        };
        self.env
            .get_template(name)
            .map_err(err)?
            .render(ctx)
            .map_err(err)
    }

    /// The marker the `live()` function writes, to split pages at.
    pub fn marker(&self) -> &Marker {
        &self.marker
    }

    /// Checks that every template of the theme compiles (used at start).
    pub fn check_all(&self, names: &[&str]) -> Result<(), RenderError> {
        for name in names {
            self.env.get_template(name).map_err(|source| RenderError {
                name: name.to_string(),
                source,
            })?;
        }
        Ok(())
    }
}

/// HTML-escapes `& < > " '` only: minijinja's default also escapes `/`, which bloats every URL
/// in the page to `&#x2f;` without adding safety inside quoted attributes and text.
fn escape_minimal(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    match (state.auto_escape(), value.as_str()) {
        (minijinja::AutoEscape::Html, Some(s)) if !value.is_safe() => out
            .write_str(&cong_text::escape_html(s))
            .map_err(minijinja::Error::from),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Loads a flat TOML file of UI strings.
pub(crate) fn parse_strings(text: &str, origin: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    toml::from_str(text).map_err(|e| anyhow::anyhow!("{}: {e}", origin.display()))
}
