//! Helpers of the import tests: running the binary, reading the test files independently,
//! and the portal on the imported data folder, driven through its router.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use axum::body::Body;
use axum::http::Request;
use cong::{AppState, Config};
use cong_import::{nukeviet, wxr, ArticleKind, ArticleStatus, ImportItem};
use cong_store::ImportKind;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
pub const THEME_TEST: &str = "wordpress/themeunittestdata.wordpress.xml";
pub const EGOV: &str = "nukeviet/nukeviet-egov-sample-data.sql";
pub const PR3494: &str = "nukeviet/nukeviet45-pr3494-phpmyadmin-dump.sql";

pub fn testdata(rel: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/testdata")).join(rel)
}

/// Runs `cong --data DATA ARGS…` to the end.
pub fn cong(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cong"))
        .arg("--data")
        .arg(data)
        .args(args)
        .env("CONG_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

pub fn import(data: &Path, format: &str, rel: &str) -> String {
    let file = testdata(rel);
    let out = cong(data, &["import", format, file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// What the importer reads from a file, read independently of the command.
pub fn items(format: &str, rel: &str) -> Vec<ImportItem> {
    let path = testdata(rel);
    let open = || BufReader::new(File::open(&path).unwrap());
    if format == "wxr" {
        let index = wxr::validate(open(), &wxr::Options::default()).unwrap();
        wxr::Reader::with_index(open(), wxr::Options::default(), index)
            .collect::<Result<_, _>>()
            .unwrap()
    } else {
        let index = nukeviet::scan(open(), &nukeviet::Options::default()).unwrap();
        nukeviet::Reader::open(&path, index)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }
}

/// Rows in the tables an import writes, to compare before and after.
pub async fn counts(data: &Path) -> Vec<i64> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", data.join("cong.db").display()))
        .await
        .unwrap();
    let mut out = Vec::new();
    for t in [
        "articles",
        "pages",
        "categories",
        "tags",
        "comments",
        "legacy_paths",
        "import_keys",
        "polls",
    ] {
        out.push(
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {t}"))
                .fetch_one(&pool)
                .await
                .unwrap(),
        );
    }
    pool.close().await;
    out
}

/// The portal on a data folder, through its router.
pub struct Portal(pub AppState);

impl Portal {
    pub async fn open(data: &Path) -> Portal {
        let config = Config {
            data: data.to_path_buf(),
            sample_content: false,
            ..Config::default()
        };
        Portal(cong::build_app(config).await.unwrap())
    }

    /// Status, Location and body.
    pub async fn get(&self, path: &str) -> (u16, String, String) {
        let req = Request::get(path)
            .header("user-agent", FIREFOX)
            .body(Body::empty())
            .unwrap();
        let resp = cong::http::router(self.0.clone())
            .oneshot(req)
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .map_or("", |v| v.to_str().unwrap())
            .to_string();
        let body = resp.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            location,
            String::from_utf8_lossy(&body).into_owned(),
        )
    }

    /// Where each old URL of the items should lead now: (old path → new URL). Items that were
    /// not public (drafts, scheduled, tags without public articles) have no page to lead to.
    pub async fn expected(&self, source: &str, items: &[ImportItem]) -> BTreeMap<String, String> {
        let (s, now) = (&self.0.store, self.0.now());
        let cats = s.all_categories().await.unwrap();
        let pages = s.all_pages().await.unwrap();
        let mut map = BTreeMap::new();
        for item in items {
            let (kind, key, paths) = match item {
                ImportItem::Article(a) if a.kind == ArticleKind::Page => {
                    (ImportKind::Page, &a.key, &a.legacy_paths)
                }
                ImportItem::Article(a) => (ImportKind::Article, &a.key, &a.legacy_paths),
                ImportItem::Category(c) => (ImportKind::Category, &c.key, &c.legacy_paths),
                ImportItem::Tag(t) => (ImportKind::Tag, &t.key, &t.legacy_paths),
                _ => continue,
            };
            let public = match item {
                ImportItem::Article(a) => {
                    a.status == ArticleStatus::Published && a.published_at <= now
                }
                _ => true,
            };
            let Some(id) = s
                .imported_id(source, kind, key)
                .await
                .unwrap()
                .filter(|_| public)
            else {
                continue;
            };
            if kind == ImportKind::Tag && s.count_with_tag(id, now).await.unwrap() == 0 {
                continue;
            }
            let url = match kind {
                ImportKind::Article => s.published_article(id, now).await.unwrap().map(|a| {
                    let cat = cats.iter().find(|c| c.id == a.category_id).unwrap();
                    cong::urls::article(&cat.slug, &a.slug, a.id)
                }),
                ImportKind::Page => pages
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| cong::urls::page(&p.slug)),
                ImportKind::Category => cats
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| cong::urls::category(&c.slug, 1)),
                _ => s
                    .tags_in_use()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|t| t.id == id)
                    .map(|t| cong::urls::tag(&t.slug, 1)),
            };
            let url = url.unwrap_or_else(|| panic!("{key} was imported but has no page"));
            for p in paths {
                map.insert(p.clone(), url.clone());
            }
        }
        map
    }

    /// Every old URL answers 301 to its new URL (or is that URL already), which answers 200.
    /// Returns the old URLs the article route sends elsewhere (see [`claimed_by_article_route`]).
    pub async fn check_old_urls(&self, expected: &BTreeMap<String, String>) -> Vec<String> {
        let mut misrouted = Vec::new();
        for (old, new) in expected {
            let (status, location, _) = self.get(old).await;
            if status == 200 {
                assert_eq!(old, new, "{old} answered 200 but is not the new URL");
                continue;
            }
            if status == 301 && location != *new && claimed_by_article_route(old) {
                misrouted.push(format!("{old} → {location} instead of {new}"));
                continue;
            }
            assert_eq!((status, location.as_str()), (301, new.as_str()), "{old}");
            let (status, _, body) = self.get(new).await;
            assert_eq!(
                status,
                200,
                "{old} → {new}: {}",
                &body[..body.len().min(300)]
            );
        }
        misrouted
    }
}

/// `/<segment>/<name>-<n>.html` is an article address to the router (`n` the id), so an old
/// address of that shape reaches the legacy table only when src/site/article.rs asks it
/// (`legacy::listed_url`) before redirecting to article `n`'s canonical address.
pub fn claimed_by_article_route(path: &str) -> bool {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    !path.contains('?') && segs.len() == 2 && cong::urls::parse_article_file(segs[1]).is_some()
}

pub fn source_of(items: &[ImportItem]) -> String {
    match &items[0] {
        ImportItem::Site(s) if s.source == cong_import::SourceKind::Wxr => {
            format!("wxr:{}", s.source_id)
        }
        ImportItem::Site(s) => format!("nukeviet:{}", s.source_id),
        _ => panic!("no site first"),
    }
}

pub fn article_id(url: &str) -> i64 {
    url.trim_end_matches(".html")
        .rsplit(['-', '/'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
