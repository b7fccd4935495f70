//! The theme: the built-in one embedded in the binary, overridable file by file from
//! `<data>/theme/` without recompiling.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cong_text::Locale;
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "themes/default/"]
#[include = "templates/*"]
#[include = "static/*"]
#[include = "locales/*"]
struct DefaultTheme;

/// Template names the reader site uses; all must compile at start.
pub const TEMPLATES: &[&str] = &[
    "base.html",
    "home.html",
    "category.html",
    "article.html",
    "tag.html",
    "page.html",
    "poll.html",
    "error.html",
    "message.html",
    "admin/login.html",
    "admin/totp.html",
    "admin/home.html",
    "admin/audit.html",
    "admin/users.html",
    "admin/account.html",
    "search.html",
    "feed_rss.xml",
    "feed_atom.xml",
    "sitemap.xml",
    "robots.txt",
];

/// Where theme files come from: an override folder, then the built-in theme.
#[derive(Clone, Debug)]
pub struct Theme {
    overrides: PathBuf,
}

impl Theme {
    /// A theme whose files in `overrides` (usually `<data>/theme`) win over the built-in ones.
    pub fn new(overrides: PathBuf) -> Theme {
        Theme { overrides }
    }

    fn file(&self, rel: &str) -> Option<Cow<'static, [u8]>> {
        if !is_safe_relative(rel) {
            return None;
        }
        let local = self.overrides.join(rel);
        if let Ok(bytes) = std::fs::read(&local) {
            return Some(Cow::Owned(bytes));
        }
        DefaultTheme::get(rel).map(|f| f.data)
    }

    /// A template's source text.
    pub fn template(&self, name: &str) -> Option<String> {
        let bytes = self.file(&format!("templates/{name}"))?;
        String::from_utf8(bytes.into_owned()).ok()
    }

    /// A static file (CSS, images) by its path under `static/`.
    pub fn static_file(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        self.file(&format!("static/{path}"))
    }

    /// The UI strings of a locale: the built-in file, with the override's keys on top.
    pub fn strings(&self, locale: Locale) -> anyhow::Result<BTreeMap<String, String>> {
        let rel = format!("locales/{}.toml", locale.code());
        let builtin =
            DefaultTheme::get(&rel).ok_or_else(|| anyhow::anyhow!("built-in theme lacks {rel}"))?;
        let mut strings =
            super::parse_strings(&String::from_utf8_lossy(&builtin.data), Path::new(&rel))?;
        let local = self.overrides.join(&rel);
        if let Ok(text) = std::fs::read_to_string(&local) {
            strings.extend(super::parse_strings(&text, &local)?);
        }
        Ok(strings)
    }
}

/// Only plain relative paths: no `..`, no absolute paths, no backslashes.
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && !rel.contains('\0')
        && rel
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_escaping_paths() {
        assert!(is_safe_relative("static/cong.css"));
        assert!(!is_safe_relative("../etc/passwd"));
        assert!(!is_safe_relative("static/../../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a//b"));
    }

    #[test]
    fn override_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/robots.txt"), "custom").unwrap();
        let theme = Theme::new(dir.path().to_path_buf());
        assert_eq!(theme.template("robots.txt").as_deref(), Some("custom"));
        assert!(theme.template("base.html").is_some());
        assert!(theme.template("../cong.toml").is_none());
    }
}
