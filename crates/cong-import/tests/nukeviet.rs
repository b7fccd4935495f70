//! The NukeViet reader against real dumps (the shared test data, used in place).

mod common;

use std::fs::File;
use std::io::BufReader;

use cong_import::nukeviet::{self, Options, Reader};
use cong_import::{ArticleStatus, ImportError, ImportItem, LegacyTarget};

fn path(name: &str) -> String {
    format!(
        "{}/../../../shared/testdata/nukeviet/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn import_path(p: &str) -> (Vec<ImportItem>, cong_import::Report, nukeviet::DumpIndex) {
    let index = nukeviet::scan(BufReader::new(File::open(p).unwrap()), &Options::default())
        .expect("valid dump");
    let scheme = index.legacy_scheme().clone();
    let mut reader = Reader::open(std::path::Path::new(p), index).unwrap();
    let items: Vec<ImportItem> = (&mut reader).collect::<Result<_, _>>().expect("readable");
    let report = reader.into_report();
    let index =
        nukeviet::scan(BufReader::new(File::open(p).unwrap()), &Options::default()).unwrap();
    assert_eq!(index.legacy_scheme(), &scheme);
    (items, report, index)
}

fn import(name: &str) -> (Vec<ImportItem>, cong_import::Report, nukeviet::DumpIndex) {
    import_path(&path(name))
}

fn articles(items: &[ImportItem]) -> Vec<&cong_import::ImportArticle> {
    items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Article(a) => Some(&**a),
            _ => None,
        })
        .collect()
}

fn count(items: &[ImportItem], f: fn(&ImportItem) -> bool) -> usize {
    items.iter().filter(|i| f(i)).count()
}

fn article<'a>(items: &'a [ImportItem], key: &str) -> &'a cong_import::ImportArticle {
    articles(items)
        .into_iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no {key}"))
}

fn scan_err(bytes: &[u8], opts: &Options) -> ImportError {
    nukeviet::scan(bytes, opts).expect_err("must be rejected")
}

#[test]
fn phpmyadmin_dump_of_a_real_site() {
    let (items, _, index) = import("nukeviet45-pr3494-phpmyadmin-dump.sql");
    assert_eq!((index.articles, index.pages), (15, 10));
    common::assert_unique_keys(&items);
    let news: Vec<_> = articles(&items)
        .into_iter()
        .filter(|a| a.key.starts_with("news:"))
        .collect();
    assert_eq!(news.len(), 15);
    assert!(news
        .iter()
        .all(|a| a.status == ArticleStatus::Published && !a.body_html.is_empty()));
    assert_eq!(count(&items, |i| matches!(i, ImportItem::Category(_))), 7);
    let nested = count(
        &items,
        |i| matches!(i, ImportItem::Category(c) if c.parent_key.as_deref() == Some("news:cat:1")),
    );
    assert_eq!(nested, 3);
    // 42 tags and 1 topic ("dòng sự kiện"), both as tags.
    assert_eq!(count(&items, |i| matches!(i, ImportItem::Tag(_))), 43);
    assert_eq!(count(&items, |i| matches!(i, ImportItem::Author(_))), 1);
    // Multi-category articles keep their main category first.
    assert_eq!(
        article(&items, "news:1").category_keys,
        ["news:cat:1", "news:cat:5", "news:cat:7"]
    );
    // Mixed-case slugs are kept as they were.
    let first = article(&items, "news:1");
    assert_eq!(
        first.slug,
        "Ra-mat-cong-ty-ma-nguon-mo-dau-tien-tai-Viet-Nam"
    );
    assert_eq!(
        first.title,
        "Ra mắt công ty mã nguồn mở đầu tiên tại Việt Nam"
    );
    assert_eq!(first.byline, "Quỳnh Nhi");
    assert_eq!(first.author_key.as_deref(), Some("user:1"));
    // Entity-encoded titles come out as plain text.
    assert_eq!(
        article(&items, "news:2").title,
        "Hãy trở thành nhà cung cấp dịch vụ của NukeViet!"
    );
    assert!(article(&items, "news:11").title.contains("Bộ GD&ĐT"));
    // Counters.
    assert_eq!(article(&items, "news:2").views, 13);
    let rated = article(&items, "news:9");
    assert_eq!((rated.rating_total, rated.rating_count), (5, 1));
    assert_eq!(article(&items, "news:9").tag_keys.len(), 6);
    let photo = article(&items, "news:3").lead_photo.clone().unwrap();
    assert_eq!(photo.src, "/uploads/news/tuyendung-kythuat.jpg");
    assert_eq!(photo.local.as_deref(), Some("news/tuyendung-kythuat.jpg"));
    assert_eq!(photo.alt, "Tuyển dụng");
    // Pages of the two page modules.
    let pages: Vec<_> = articles(&items)
        .into_iter()
        .filter(|a| a.kind == cong_import::ArticleKind::Page)
        .collect();
    assert_eq!(pages.len(), 10);
    let logo = article(&items, "about:3");
    assert!(logo
        .body_photos
        .iter()
        .any(|p| p.local.as_deref() == Some("about/nukevietcms_mu_noel_180x84.png")));
    // Polls with their options.
    let polls: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Poll(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(polls.len(), 2);
    assert_eq!(polls[0].question, "Bạn biết gì về NukeViet 4?");
    assert_eq!((polls[0].options.len(), polls[1].options.len()), (4, 5));
    assert!(polls.iter().all(|p| p.active && p.max_choices == 1));
}

#[test]
fn egovernment_sample_data() {
    let (items, report, index) = import("nukeviet-egov-sample-data.sql");
    assert_eq!(index.articles, 12);
    common::assert_unique_keys(&items);
    // The 16 legal documents are not part of the neutral model: the report says so.
    let laws = report
        .notes
        .iter()
        .find(|n| n.contains("\"laws\""))
        .expect("a note on legal documents");
    assert!(laws.contains("not imported"), "{laws}");
    assert_eq!(
        articles(&items)
            .iter()
            .filter(|a| a.key.starts_with("news:"))
            .count(),
        12
    );
    assert_eq!(count(&items, |i| matches!(i, ImportItem::Category(_))), 9);
    assert_eq!(count(&items, |i| matches!(i, ImportItem::Poll(_))), 2);
    let multi = article(&items, "news:9");
    assert_eq!(
        multi.category_keys,
        ["news:cat:6", "news:cat:3", "news:cat:4"]
    );
    assert!(articles(&items)
        .iter()
        .all(|a| !a.body_html.contains("<script")));
}

/// Every old URL of every item is understood by the scheme and leads back to that item, in
/// any letter case; category pages keep their paging.
#[test]
fn every_old_url_leads_back() {
    for file in [
        "nukeviet45-pr3494-phpmyadmin-dump.sql",
        "nukeviet-egov-sample-data.sql",
    ] {
        let (items, _, index) = import(file);
        let scheme = index.legacy_scheme();
        let mut checked = 0;
        for item in &items {
            let (paths, target) = match item {
                ImportItem::Article(a) => (&a.legacy_paths, LegacyTarget::Article(a.key.clone())),
                ImportItem::Category(c) => (
                    &c.legacy_paths,
                    LegacyTarget::Category {
                        key: c.key.clone(),
                        page: 1,
                    },
                ),
                ImportItem::Tag(t) => (
                    &t.legacy_paths,
                    LegacyTarget::Tag {
                        key: t.key.clone(),
                        page: 1,
                    },
                ),
                _ => continue,
            };
            assert!(paths.len() >= 4, "{item:?}");
            for p in paths {
                assert_eq!(scheme.match_path(p).as_ref(), Some(&target), "{file}: {p}");
                let upper = p
                    .to_uppercase()
                    .replace("INDEX.PHP", "index.php")
                    .replace("LANGUAGE=", "language=")
                    .replace("&NV=", "&nv=")
                    .replace("&OP=", "&op=")
                    .replace("/VI/", "/vi/");
                assert_eq!(
                    scheme.match_path(&upper).as_ref(),
                    Some(&target),
                    "{file}: {upper}"
                );
                checked += 1;
            }
            if let LegacyTarget::Category { key, .. } = &target {
                let paged = format!("{}page-4/", paths[0]);
                assert_eq!(
                    scheme.match_path(&paged),
                    Some(LegacyTarget::Category {
                        key: key.clone(),
                        page: 4
                    })
                );
            }
        }
        assert!(checked > 100, "{checked}");
    }
    let (_, _, index) = import("nukeviet45-pr3494-phpmyadmin-dump.sql");
    // The id decides, as on the old site: a stale slug or category still finds the article.
    assert_eq!(
        index
            .legacy_scheme()
            .match_path("/vi/news/old-category/old-title-9.html"),
        Some(LegacyTarget::Article("news:9".into()))
    );
}

#[test]
fn truncated_dumps_are_rejected_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let full = std::fs::read(path("nukeviet45-pr3494-phpmyadmin-dump.sql")).unwrap();
    // Cut inside an article body.
    let at = full
        .windows(24)
        .position(|w| w == b"INSERT INTO `nv4_vi_news".as_slice())
        .unwrap()
        + 2000;
    let cut = dir.path().join("cut.sql");
    std::fs::write(&cut, &full[..at]).unwrap();
    let e = nukeviet::scan(File::open(&cut).unwrap(), &Options::default()).unwrap_err();
    assert!(e.line().is_some_and(|l| l > 4000), "{e}");
    assert!(e.to_string().contains("(truncated file?)"), "{e}");
    // Cut between two statements: phpMyAdmin's transaction never commits.
    let commit = full
        .windows(8)
        .rposition(|w| w == b"\nCOMMIT;".as_slice())
        .unwrap();
    let e = scan_err(&full[..commit + 1], &Options::default()).to_string();
    assert!(e.contains("ends before the COMMIT"), "{e}");
    // The eGovernment sample has no transaction; a cut inside a statement still shows.
    let egov = std::fs::read(path("nukeviet-egov-sample-data.sql")).unwrap();
    let e = scan_err(&egov[..egov.len() * 3 / 4], &Options::default());
    assert!(
        e.to_string().contains("truncated file?") && e.line().is_some(),
        "{e}"
    );
}

#[test]
fn foreign_dumps_and_wrong_prefixes_are_rejected() {
    let wp = b"CREATE TABLE `wp_posts` (`ID` bigint(20) unsigned NOT NULL, `post_title` text NOT NULL, PRIMARY KEY (`ID`));\nINSERT INTO `wp_posts` VALUES (1,'Hello world!');\n";
    let e = scan_err(wp, &Options::default()).to_string();
    assert_eq!(
        e,
        "this is not a NukeViet dump: no table nv4_vi_news_rows (tables found: wp_posts)"
    );
    let opts = Options {
        prefix: "nv3".into(),
        ..Options::default()
    };
    let e = nukeviet::scan(
        File::open(path("nukeviet-egov-sample-data.sql")).unwrap(),
        &opts,
    )
    .unwrap_err()
    .to_string();
    assert!(e.ends_with("; try --prefix nv4 --lang vi"), "{e}");
    let e = scan_err(b"<?xml version=\"1.0\"?><rss/>", &Options::default()).to_string();
    assert!(
        e.starts_with("line 1, column 1: expected an SQL statement"),
        "{e}"
    );
}
