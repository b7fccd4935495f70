//! The WXR reader against real exports: counts, content and old URLs.

mod common;

use std::collections::HashMap;

use common::*;
use cong_import::{ArticleKind, ArticleStatus, ImportItem, ItemKind, LegacyTarget};

#[test]
fn theme_unit_test_counts() {
    let (items, report, index) = import("themeunittestdata.wordpress.xml");
    assert!(matches!(items[0], ImportItem::Site(_)));
    assert_unique_keys(&items);
    let count = |f: fn(&ImportItem) -> bool| items.iter().filter(|i| f(i)).count();
    assert_eq!(count(|i| matches!(i, ImportItem::Author(_))), 2);
    assert_eq!(count(|i| matches!(i, ImportItem::Category(_))), 68);
    // 110 declared in the header, plus 4 that posts use without declaring them
    // (sample, test-tag, content, columns).
    assert_eq!(count(|i| matches!(i, ImportItem::Tag(_))), 114);
    let arts = articles(&items);
    let posts: Vec<_> = arts
        .iter()
        .filter(|a| a.kind == ArticleKind::Article)
        .collect();
    let pages = arts.iter().filter(|a| a.kind == ArticleKind::Page).count();
    assert_eq!(posts.len(), 58);
    assert_eq!(pages, 21);
    assert_eq!(
        (index.articles, index.pages, index.attachments()),
        (58, 21, 37)
    );
    let status = |s| posts.iter().filter(|a| a.status == s).count();
    assert_eq!(status(ArticleStatus::Draft), 1);
    assert_eq!(status(ArticleStatus::Scheduled), 1);
    assert_eq!(
        status(ArticleStatus::Private),
        1,
        "the password-protected post"
    );
    assert_eq!(status(ArticleStatus::Published), 55);
    assert_eq!(posts.iter().filter(|a| a.sticky).count(), 1);
    let comments: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            ImportItem::Comment(c) => Some(c),
            _ => None,
        })
        .collect();
    assert_eq!(comments.len(), 33);
    assert_eq!(comments.iter().filter(|c| !c.approved).count(), 3);
    assert_eq!(
        comments.iter().filter(|c| c.parent_key.is_some()).count(),
        10
    );
    assert_eq!(comments.iter().filter(|c| c.pingback).count(), 4);
    assert_eq!(report.count(ItemKind::Attachment).skipped, 37);
    assert_eq!(report.count(ItemKind::Other).skipped, 70, "menu items");
    println!("{report}");
}

#[test]
fn theme_unit_test_details() {
    let (items, _, _) = import("themeunittestdata.wordpress.xml");
    // Dates: GMT twin used when present; the scheduled post keeps its future date.
    assert_eq!(by_title(&items, "Scheduled").published_at, 1_893_524_418);
    // Categories come parents first and keep their nesting.
    let mut seen = std::collections::HashSet::new();
    for i in &items {
        if let ImportItem::Category(c) = i {
            if let Some(p) = &c.parent_key {
                assert!(seen.contains(p), "{} before its parent {p}", c.key);
            }
            seen.insert(c.key.clone());
        }
    }
    let nested = items
        .iter()
        .filter(|i| matches!(i, ImportItem::Category(c) if c.parent_key.is_some()))
        .count();
    assert!(nested >= 10, "{nested} nested categories");
    // [caption] became a figure with its caption; [gallery] the attached images.
    let captions = by_title(&items, "Markup: Image Alignment");
    assert!(
        captions.body_html.contains("<figcaption>"),
        "{}",
        captions.body_html
    );
    assert!(!captions.body_html.contains("[caption"));
    let gallery = by_title(&items, "Post Format: Gallery");
    assert!(
        gallery
            .body_html
            .contains("<figure class=\"gallery\"><img src=\"https://"),
        "{}",
        gallery.body_html
    );
    // Featured image from _thumbnail_id, resolved through the first pass's index.
    let featured = by_title(&items, "Template: Featured Image (Horizontal)");
    let photo = featured.lead_photo.as_ref().expect("featured image");
    assert!(photo.src.ends_with(".jpg"), "{photo:?}");
    assert!(
        photo
            .local
            .as_deref()
            .is_some_and(|l| l.starts_with("2012/") || l.starts_with("2013/")),
        "{photo:?}"
    );
    // Comment threads: every reply after its parent, on the same article.
    let cs = comments(&items);
    for (i, c) in cs.iter().enumerate() {
        if let Some(p) = &c.parent_key {
            let parent = cs[..i]
                .iter()
                .find(|x| &x.key == p)
                .expect("parent before reply");
            assert_eq!(parent.article_key, c.article_key);
        }
    }
    for c in &cs {
        assert!(
            !c.body.contains("<p") && !c.body.contains("<br"),
            "plain text: {}",
            c.body
        );
    }
}

#[test]
fn odd_utf8_survives_byte_for_byte() {
    let (items, _, _) = import("importer-wxr-utf-8-challenges.xml");
    let ImportItem::Site(site) = &items[0] else {
        panic!()
    };
    assert_eq!(site.title, "My WordPress Website 🚀 \u{202E}\u{202D}مرحبا");
    let ImportItem::Author(author) = &items[1] else {
        panic!()
    };
    assert_eq!(
        author.display_name,
        "A̸̰̅d̴̰͝m̵͎̽i̵̱̋n̷̰̎ \u{200b}\u{200d}\u{200c}\u{200e}"
    );
    let a = articles(&items)[0];
    assert_eq!(
        a.title,
        "\"The Road \u{202E}Not\u{202C} Taken\" by Rob\u{202D}ert \u{202E}Frost \u{202A}🌲\u{202C}"
    );
    assert_eq!(a.slug, "hello-w\u{202E}orld\u{202C}-utf8-💫-test");
    assert_eq!(a.category_keys, ["uncat\u{202E}egorized\u{202C}"]);
    for s in [
        "𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄",
        "السلام عليكم وﷲ",
        "I c𝕠uldn't 𝔱𝔯𝔞𝔳𝔢𝔩",
    ] {
        assert!(a.body_html.contains(s), "{s} lost");
    }
    assert!(a.lead.contains("\u{202E}خدسنگ\u{202C}"));
}

#[test]
fn slashes_and_quotes_survive() {
    let (items, _, _) = import("importer-slashes.xml");
    let a = articles(&items)[0];
    assert_eq!(a.body_html, "<p>Slashes aren\\'t \\\"cool\\\"</p>\n");
    assert_eq!(comments(&items)[0].body, r"\o/ ¯\_(ツ)_/¯");
    let cat = items
        .iter()
        .find_map(|i| match i {
            ImportItem::Category(c) => Some(c),
            _ => None,
        })
        .unwrap();
    assert_eq!(cat.name, r#"a \"great\" category"#);
    let tag = items
        .iter()
        .find_map(|i| match i {
            ImportItem::Tag(t) => Some(t),
            _ => None,
        })
        .unwrap();
    assert_eq!(tag.name, r"foo\'bar");
}

#[test]
fn older_versions_read() {
    let (items, _, index) = import("importer-valid-wxr-1.0.xml");
    assert_eq!(index.version, "1.0");
    let child = by_title(&items, "Child post");
    assert_eq!(child.category_keys, ["child"]);
    assert_eq!(child.tag_keys, ["chicken", "face"]);
    assert_eq!(
        by_title(&items, "Child page").parent_key.as_deref(),
        Some("10")
    );
    assert_eq!(comments(&items).len(), 1);
    let (items, _, index) = import("importer-valid-wxr-1.1.xml");
    assert_eq!(index.version, "1.1");
    assert_eq!(articles(&items).len(), 2);
}

#[test]
fn block_content_is_clean_html() {
    let (items, report, _) = import("64-block-test-data.xml");
    let heading = by_title(&items, "Heading");
    assert!(
        heading.body_html.contains("<h2>H1 Heading</h2>"),
        "h1 demoted"
    );
    let all: String = articles(&items)
        .iter()
        .map(|a| a.body_html.as_str())
        .collect();
    assert!(all.contains("<figcaption>"));
    assert!(!all.contains("<!--") && !all.contains("<script") && !all.contains(" style="));
    assert!(report
        .unsupported_markup
        .keys()
        .any(|k| k.contains("wp:latest-posts")));
}

/// Every old URL an item lists leads back to it and to nothing else; those WordPress answers
/// without a permalink (`?p=`, `?page_id=`, category and tag pages) are also understood by the
/// scheme, with paging.
#[test]
fn legacy_urls_lead_back_to_their_items() {
    for file in [
        "themeunittestdata.wordpress.xml",
        "importer-small-export.xml",
        "64-block-test-data.xml",
    ] {
        let (items, _, index) = import(file);
        let scheme = index.legacy_scheme();
        let mut exact: HashMap<String, LegacyTarget> = HashMap::new();
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
            assert!(!paths.is_empty(), "{item:?} has no old URL");
            for p in paths {
                assert_eq!(cong_import::normalize_path(p), *p, "stored normalised");
                if let Some(other) = exact.insert(p.clone(), target.clone()) {
                    assert_eq!(other, target, "{file}: {p} claimed twice");
                }
                let permalink = !p.contains('?') && matches!(target, LegacyTarget::Article(_));
                if !permalink {
                    assert_eq!(scheme.match_path(p).as_ref(), Some(&target), "{file}: {p}");
                }
            }
        }
        let cat = exact
            .iter()
            .find(|(p, t)| p.contains("/category/") && matches!(t, LegacyTarget::Category { .. }))
            .unwrap();
        let LegacyTarget::Category { key, .. } = cat.1 else {
            unreachable!()
        };
        assert_eq!(
            scheme.match_path(&format!("{}page/3/", cat.0)),
            Some(LegacyTarget::Category {
                key: key.clone(),
                page: 3
            })
        );
    }
}
