//! Configuration: defaults → `cong.toml` → `CONG_*` environment → command-line flags.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use cong_text::Locale;
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

/// Everything Cổng reads at start.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address to listen on.
    pub listen: String,
    /// Data folder: database, media, search index, theme overrides.
    pub data: PathBuf,
    /// Database URL; empty means the SQLite file `cong.db` in the data folder.
    pub database: String,
    /// Fill an empty database with the sample portal.
    pub sample_content: bool,
    /// Addresses of reverse proxies whose X-Forwarded-For is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The agency and how its site reads.
    pub site: SiteConfig,
    /// Reader page sizes.
    pub reader: ReaderConfig,
    /// Rendered-page cache.
    pub cache: CacheConfig,
    /// Ratings, comments and poll votes.
    pub participation: crate::participation::ParticipationConfig,
    /// Back-office sessions and log-in.
    pub admin: crate::admin::config::AdminConfig,
    /// Password rules, lock-outs, session lifetime, audit retention, the government preset.
    pub security: crate::auth::config::SecurityConfig,
    /// Connection limits and timeouts.
    pub server: crate::http::config::ServerConfig,
    /// Uploads and where media are stored.
    pub media: crate::media::config::MediaConfig,
}

/// The agency behind the portal and how the site is presented.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteConfig {
    /// Agency name, shown in the banner.
    pub name: String,
    /// Short name, for titles.
    pub short_name: String,
    /// Line under the name in the banner.
    pub tagline: String,
    /// Absolute URL readers reach the site at (no trailing slash); empty: from `listen`.
    pub base_url: String,
    /// IANA time zone for dates shown to readers.
    pub timezone: String,
    /// Interface language: "vi" or "en".
    pub locale: String,
    /// Owner of the portal (footer).
    pub owner: String,
    /// Person responsible for the content (footer).
    pub responsible: String,
    /// Postal address (footer).
    pub address: String,
    /// Phone (footer).
    pub phone: String,
    /// Contact e-mail (footer).
    pub email: String,
}

/// How many items reader pages list.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReaderConfig {
    /// Articles per category, tag and feed page.
    pub per_page: u32,
    /// Entries in each of the "newer" and "older" lists under an article.
    pub related_count: u32,
    /// Articles per category block on the home page.
    pub home_per_category: u32,
}

/// Rendered-page cache limits.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CacheConfig {
    /// Most memory the cached pages may take, in MiB.
    pub max_mib: u64,
    /// Most memory for recent search results, in MiB (0: every search runs in the index).
    pub search_mib: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data: PathBuf::from("./cong-data"),
            database: String::new(),
            sample_content: true,
            trusted_proxies: Vec::new(),
            site: SiteConfig::default(),
            reader: ReaderConfig::default(),
            cache: CacheConfig::default(),
            participation: Default::default(),
            admin: Default::default(),
            security: Default::default(),
            server: Default::default(),
            media: Default::default(),
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            name: "Sở Y tế tỉnh Hà Giang Nam".into(),
            short_name: "Sở Y tế Hà Giang Nam".into(),
            tagline: "Cổng thông tin điện tử".into(),
            base_url: String::new(),
            timezone: "Asia/Ho_Chi_Minh".into(),
            locale: "vi".into(),
            owner: "Sở Y tế tỉnh Hà Giang Nam".into(),
            responsible: "Giám đốc Sở Y tế".into(),
            address:
                "Số 126 đường Lê Lợi, phường Minh Khai, thành phố Lạc Giang, tỉnh Hà Giang Nam"
                    .into(),
            phone: "(0123) 386 8115".into(),
            email: "soyte@hagiangnam.gov.vn".into(),
        }
    }
}

impl Default for ReaderConfig {
    fn default() -> Self {
        ReaderConfig {
            per_page: 20,
            related_count: 10,
            home_per_category: 5,
        }
    }
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            max_mib: 64,
            search_mib: 16,
        }
    }
}

const TOP_KEYS: &[&str] = &[
    "listen",
    "data",
    "database",
    "sample_content",
    "trusted_proxies",
    "site",
    "reader",
    "cache",
    "participation",
    "admin",
    "security",
    "server",
];

/// A configuration problem, naming the key at fault.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(String);

fn bad(key: &str, msg: impl std::fmt::Display) -> ConfigError {
    ConfigError(format!("key `{key}`: {msg}"))
}

impl Config {
    /// Reads defaults, then `file` (when given, it must exist; else `./cong.toml` if present),
    /// then `CONG_*` variables (`CONG_SITE__NAME` for `site.name`).
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        match file {
            Some(f) if !f.exists() => {
                return Err(ConfigError(format!("file {} not found", f.display())))
            }
            Some(f) => fig = fig.merge(Toml::file_exact(f)),
            None => fig = fig.merge(Toml::file("cong.toml")),
        }
        // Only variables naming a known section are taken, so unrelated CONG_* variables
        // (CONG_TEST_PG_URL, CONG_LOG) do not trip the unknown-key check.
        let fig = fig.merge(
            Env::prefixed("CONG_")
                .filter(|k| {
                    let section = k.as_str().split("__").next().unwrap_or("");
                    TOP_KEYS.iter().any(|t| section.eq_ignore_ascii_case(t))
                })
                .split("__"),
        );
        let mut cfg: Config = fig.extract().map_err(describe_figment)?;
        cfg.apply_preset();
        cfg.validate()?;
        Ok(cfg)
    }

    /// Raises the settings to the floor of the security preset in force (see
    /// [`crate::auth::config::SecurityConfig::apply_preset`]); applying it twice changes nothing.
    pub fn apply_preset(&mut self) {
        self.security.apply_preset(&mut self.admin);
    }

    /// Checks values serde cannot; the error names the key.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.listen.parse::<SocketAddr>().map_err(|e| {
            bad(
                "listen",
                format!("{:?} is not ADDR:PORT ({e})", self.listen),
            )
        })?;
        self.site.timezone.parse::<Tz>().map_err(|_| {
            bad(
                "site.timezone",
                format!("unknown time zone {:?}", self.site.timezone),
            )
        })?;
        Locale::parse(&self.site.locale).ok_or_else(|| {
            bad(
                "site.locale",
                format!("{:?} is not \"vi\" or \"en\"", self.site.locale),
            )
        })?;
        let base = &self.site.base_url;
        if !base.is_empty()
            && (!(base.starts_with("http://") || base.starts_with("https://"))
                || base.ends_with('/'))
        {
            return Err(bad(
                "site.base_url",
                format!("{base:?} must start with http:// or https:// and not end with /"),
            ));
        }
        if self.site.name.trim().is_empty() {
            return Err(bad("site.name", "must not be empty"));
        }
        if !(1..=100).contains(&self.reader.per_page) {
            return Err(bad("reader.per_page", "must be between 1 and 100"));
        }
        if self.reader.related_count > 50 {
            return Err(bad("reader.related_count", "must be at most 50"));
        }
        if !(1..=50).contains(&self.reader.home_per_category) {
            return Err(bad("reader.home_per_category", "must be between 1 and 50"));
        }
        if !(1..=16_384).contains(&self.cache.max_mib) {
            return Err(bad("cache.max_mib", "must be between 1 and 16384"));
        }
        if self.cache.search_mib > 4096 {
            return Err(bad("cache.search_mib", "must be between 0 and 4096"));
        }
        self.participation
            .check()
            .map_err(|(key, problem)| bad(key, problem))?;
        self.admin
            .check()
            .map_err(|(key, problem)| bad(key, problem))?;
        self.security
            .check(&self.base_url())
            .map_err(|(key, problem)| bad(key, problem))?;
        self.server
            .check()
            .map_err(|(key, problem)| bad(key, problem))?;
        self.media
            .check()
            .map_err(|(key, problem)| bad(key, problem))?;
        Ok(())
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        if self.database.is_empty() {
            format!("sqlite://{}", self.data.join("cong.db").display())
        } else {
            self.database.clone()
        }
    }

    /// The site zone (validated at load).
    pub fn tz(&self) -> Tz {
        self.site
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Asia::Ho_Chi_Minh)
    }

    /// The interface locale (validated at load).
    pub fn locale(&self) -> Locale {
        Locale::parse(&self.site.locale).unwrap_or(Locale::Vi)
    }

    /// Absolute base URL for links in feeds, sitemaps and canonical tags.
    pub fn base_url(&self) -> String {
        if self.site.base_url.is_empty() {
            format!("http://{}", self.listen)
        } else {
            self.site.base_url.clone()
        }
    }
}

impl std::fmt::Debug for Config {
    // The database URL may carry a password; never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data", &self.data)
            .field("database", &redact_url(&self.database))
            .field("site.name", &self.site.name)
            .finish_non_exhaustive()
    }
}

/// Hides the password part of a URL.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}

fn describe_figment(e: figment::Error) -> ConfigError {
    let key = e.path.join(".");
    let mut msg = e.kind.to_string();
    if let Some(meta) = &e.metadata {
        msg.push_str(&format!(" (from {})", meta.name));
    }
    if key.is_empty() {
        ConfigError(msg)
    } else {
        bad(&key, msg)
    }
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // figment::Jail fixes the closure's error type
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
    }

    #[test]
    fn wrong_values_name_their_key() {
        // Jail serialises the tests that touch the environment and the working directory.
        figment::Jail::expect_with(|jail| {
            let f = jail.directory().join("wrong.toml");
            for (text, key) in [
                ("listen = \"nowhere\"\n", "`listen`"),
                ("[site]\ntimezone = \"Mars/Olympus\"\n", "`site.timezone`"),
                ("[reader]\nper_page = \"many\"\n", "`reader.per_page`"),
                ("[site]\ncolour = \"red\"\n", "colour"),
            ] {
                std::fs::write(&f, text).unwrap();
                let e = Config::load(Some(&f)).unwrap_err().to_string();
                assert!(e.contains(key), "{e}");
            }
            assert!(Config::load(Some(&jail.directory().join("none.toml"))).is_err());
            Ok(())
        });
    }

    #[test]
    fn environment_overrides_the_file() {
        figment::Jail::expect_with(|jail| {
            jail.create_file(
                "cong.toml",
                "listen = \"127.0.0.1:1\"\n[site]\nname = \"Tệp\"\n",
            )?;
            jail.set_env("CONG_LISTEN", "127.0.0.1:9090");
            jail.set_env("CONG_SITE__NAME", "Sở Y tế tỉnh Mẫu");
            jail.set_env("CONG_TEST_PG_URL", "postgres://ignored");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(c.listen, "127.0.0.1:9090");
            assert_eq!(c.site.name, "Sở Y tế tỉnh Mẫu");
            jail.set_env("CONG_READER__PER_PAGE", "lots");
            let e = Config::load(None).unwrap_err().to_string();
            assert!(e.contains("reader.per_page"), "{e}");
            Ok(())
        });
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h/db"),
            "postgres://***@h/db"
        );
        let c = Config {
            database: "postgres://u:secret@h/db".into(),
            ..Config::default()
        };
        assert!(!format!("{c:?}").contains("secret"));
    }
}
