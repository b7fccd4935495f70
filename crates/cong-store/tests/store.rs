//! The store's behaviour, on SQLite (a temp file) and on PostgreSQL (a schema of its own per
//! test) when CONG_TEST_PG_URL is set.

mod common;

use common::*;
use cong_store::{Backend, LegacyTarget, NewArticle, NewPage, NewPoll, TargetKind};

#[tokio::test]
async fn reader_sees_only_published_due_articles() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin-tuc", None).await;
        let mut draft = article(cat, "Bản nháp", NOW - 50);
        draft.status = "draft".into();
        let scheduled = article(cat, "Hẹn giờ", NOW + 3600);
        let ids = s
            .insert_articles(&[article(cat, "Đã đăng", NOW - 100), draft, scheduled], NOW)
            .await
            .unwrap();
        assert!(s.published_article(ids[0], NOW).await.unwrap().is_some());
        assert!(
            s.published_article(ids[1], NOW).await.unwrap().is_none(),
            "draft hidden"
        );
        assert!(
            s.published_article(ids[2], NOW).await.unwrap().is_none(),
            "scheduled hidden"
        );
        assert!(
            s.published_article(ids[2], NOW + 3600)
                .await
                .unwrap()
                .is_some(),
            "due later"
        );
        assert_eq!(s.next_scheduled(NOW).await.unwrap(), Some(NOW + 3600));
        assert_eq!(s.latest_articles(NOW, 0, 10).await.unwrap().len(), 1);
        let bad = NewArticle {
            status: "deleted".into(),
            ..article(cat, "x", NOW)
        };
        assert!(s.insert_articles(&[bad], NOW).await.is_err());
        assert_eq!(
            s.latest_articles(NOW + 7200, 0, 10).await.unwrap().len(),
            2,
            "bad batch wrote nothing"
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn category_lists_include_sub_categories_newest_first() {
    let b = backends().await;
    for s in &b.stores {
        let top = category(s, "phong-chong-dich", None).await;
        let sub = category(s, "tiem-chung", Some(top)).await;
        let other = category(s, "khac", None).await;
        let batch: Vec<_> = (0..25)
            .map(|i| {
                article(
                    if i % 2 == 0 { top } else { sub },
                    &format!("Bài {i}"),
                    NOW - 1000 + i,
                )
            })
            .chain([article(other, "Bài khác", NOW)])
            .collect();
        s.insert_articles(&batch, NOW).await.unwrap();
        assert_eq!(s.count_in_categories(&[top, sub], NOW).await.unwrap(), 25);
        assert_eq!(s.count_in_categories(&[sub], NOW).await.unwrap(), 12);
        let page1 = s
            .articles_in_categories(&[top, sub], NOW, 0, 10)
            .await
            .unwrap();
        let page3 = s
            .articles_in_categories(&[top, sub], NOW, 20, 10)
            .await
            .unwrap();
        assert_eq!(page1.len(), 10);
        assert_eq!(page3.len(), 5);
        assert_eq!(page1[0].title, "Bài 24");
        assert!(page1
            .windows(2)
            .all(|w| w[0].published_at >= w[1].published_at));
        assert_eq!(page3.last().unwrap().title, "Bài 0");
        assert!(s
            .articles_in_categories(&[], NOW, 0, 10)
            .await
            .unwrap()
            .is_empty());
        let cats = s.all_categories().await.unwrap();
        assert_eq!(
            cats.iter().find(|c| c.id == sub).unwrap().parent_id,
            Some(top)
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn newer_and_older_in_the_same_category() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin", None).await;
        let other = category(s, "khac", None).await;
        let mut batch: Vec<_> = (0..30)
            .map(|i| article(cat, &format!("Tin {i}"), NOW - 10_000 + i * 10))
            .collect();
        batch.push(article(other, "Khác", NOW - 5000));
        // Same second as "Tin 15": ordered by id after it.
        batch.push(article(cat, "Cùng giờ", NOW - 10_000 + 150));
        let ids = s.insert_articles(&batch, NOW).await.unwrap();
        let a = s.published_article(ids[15], NOW).await.unwrap().unwrap();
        let newer = s.newer_in_category(&a, NOW, 10).await.unwrap();
        let older = s.older_in_category(&a, NOW, 10).await.unwrap();
        assert_eq!(newer.len(), 10);
        assert_eq!(newer[0].title, "Cùng giờ", "nearest newer first");
        assert_eq!(newer[1].title, "Tin 16");
        assert_eq!(older.len(), 10);
        assert_eq!(older[0].title, "Tin 14");
        assert!(newer.iter().chain(&older).all(|x| x.category_id == cat));
    }
    b.cleanup().await;
}

#[tokio::test]
async fn tags_are_shared_and_deduplicated() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin", None).await;
        let ids = s
            .insert_articles(
                &[article(cat, "Một", NOW - 2), article(cat, "Hai", NOW - 1)],
                NOW,
            )
            .await
            .unwrap();
        let tags = s.tags_of_article(ids[0]).await.unwrap();
        assert_eq!(
            tags.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>(),
            ["tiem-chung", "tre-em"]
        );
        let tag = s.tag_by_slug("tiem-chung").await.unwrap().unwrap();
        assert_eq!(tag.name, "tiêm chủng");
        assert_eq!(s.count_with_tag(tag.id, NOW).await.unwrap(), 2);
        assert_eq!(
            s.articles_with_tag(tag.id, NOW, 0, 1).await.unwrap()[0].title,
            "Hai"
        );
        assert_eq!(s.tags_in_use().await.unwrap().len(), 2);
    }
    b.cleanup().await;
}

#[tokio::test]
async fn view_and_visit_counts_accumulate() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin", None).await;
        let ids = s
            .insert_articles(&[article(cat, "Một", NOW)], NOW)
            .await
            .unwrap();
        s.add_article_views(&[(ids[0], 5)]).await.unwrap();
        s.add_article_views(&[(ids[0], 2), (999_999, 1)])
            .await
            .unwrap();
        assert_eq!(s.article_views(ids[0]).await.unwrap(), 7);
        s.add_visit_counts(&[(20261101, 10, 30), (20261123, 4, 9)])
            .await
            .unwrap();
        s.add_visit_counts(&[(20261123, 1, 1)]).await.unwrap();
        s.add_visit_counts(&[(20251231, 100, 100)]).await.unwrap();
        assert_eq!(
            s.visit_totals(20261123, 20261101).await.unwrap(),
            (5, 15, 115)
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn legacy_paths_upsert_and_resolve() {
    let b = backends().await;
    for s in &b.stores {
        let entry = |p: &str, id| {
            (
                p.to_string(),
                LegacyTarget {
                    kind: TargetKind::Article,
                    id: Some(id),
                    url: None,
                },
            )
        };
        s.add_legacy_paths(&[entry("/vi/news/tin/a-1.html", 1)])
            .await
            .unwrap();
        s.add_legacy_paths(&[entry("/vi/news/tin/a-1.html", 2)])
            .await
            .unwrap();
        let t = s
            .legacy_target("/vi/news/tin/a-1.html")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((t.kind, t.id), (TargetKind::Article, Some(2)));
        assert!(s.legacy_target("/khong-co").await.unwrap().is_none());
        let bad = (
            "no-slash".to_string(),
            LegacyTarget {
                kind: TargetKind::Url,
                id: None,
                url: Some("/".into()),
            },
        );
        assert!(s.add_legacy_paths(&[bad]).await.is_err());
    }
    b.cleanup().await;
}

#[tokio::test]
async fn pages_menu_links_polls_settings() {
    let b = backends().await;
    for s in &b.stores {
        let page = NewPage {
            slug: "gioi-thieu".into(),
            title: "Giới thiệu".into(),
            body_html: "<p>x</p>".into(),
            position: 0,
        };
        s.insert_page(&page, NOW).await.unwrap();
        assert!(s.insert_page(&page, NOW).await.is_err(), "slug is unique");
        assert_eq!(
            s.page_by_slug("gioi-thieu").await.unwrap().unwrap().title,
            "Giới thiệu"
        );
        s.insert_menu_item("Liên hệ", "/trang/lien-he", 2)
            .await
            .unwrap();
        s.insert_menu_item("Trang chủ", "/", 1).await.unwrap();
        assert_eq!(s.menu_items().await.unwrap()[0].label, "Trang chủ");
        s.insert_web_link("Bộ Y tế", "https://moh.gov.vn", 0)
            .await
            .unwrap();
        assert_eq!(s.web_links().await.unwrap().len(), 1);
        let poll = NewPoll {
            question: "Câu hỏi?".into(),
            multiple: true,
            max_choices: 9,
            opens_at: NOW - 10,
            closes_at: Some(NOW + 10),
            options: vec!["A".into(), "B".into(), "C".into()],
        };
        let id = s.insert_poll(&poll).await.unwrap();
        let (p, opts) = s.current_poll(NOW).await.unwrap().unwrap();
        assert_eq!(
            (p.id, p.max_choices, opts.len()),
            (id, 3, 3),
            "max choices clamped to options"
        );
        assert!(p.is_open(NOW) && !p.is_open(NOW + 10));
        assert!(s
            .insert_poll(&NewPoll {
                options: vec!["A".into()],
                ..poll
            })
            .await
            .is_err());
        assert_eq!(s.setting("k").await.unwrap(), None);
        s.set_setting("k", "1").await.unwrap();
        s.set_setting("k", "2").await.unwrap();
        assert_eq!(s.setting("k").await.unwrap().as_deref(), Some("2"));
        s.ping().await.unwrap();
    }
    b.cleanup().await;
}

#[tokio::test]
async fn postgres_is_really_tested_when_configured() {
    let b = backends().await;
    let expected = if std::env::var("CONG_TEST_PG_URL").is_ok() {
        2
    } else {
        1
    };
    assert_eq!(b.stores.len(), expected);
    assert_eq!(b.stores[0].backend(), Backend::Sqlite);
    if expected == 2 {
        assert_eq!(b.stores[1].backend(), Backend::Postgres);
    }
    b.cleanup().await;
}

#[test]
fn migration_folders_are_in_step() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |d: &str| {
        let mut v: Vec<String> = std::fs::read_dir(root.join(d))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let (sqlite, postgres) = (names("sqlite"), names("postgres"));
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "every migration needs both a SQLite and a PostgreSQL version"
    );
}

#[tokio::test]
async fn the_search_outbox_records_every_article_change() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin", None).await;
        let ids = s
            .insert_articles(
                &[
                    article(cat, "Một", NOW - 3),
                    article(cat, "Hai", NOW - 2),
                    article(cat, "Ba", NOW + 99),
                ],
                NOW,
            )
            .await
            .unwrap();
        let entries = s.outbox_after(0, 10).await.unwrap();
        assert_eq!(
            entries.iter().map(|e| e.1).collect::<Vec<_>>(),
            ids,
            "one entry per new article, in order"
        );
        let head = s.outbox_head().await.unwrap();
        assert_eq!(head, entries.last().unwrap().0);
        assert!(s
            .set_article_status(ids[0], "unpublished", NOW)
            .await
            .unwrap());
        assert!(!s
            .set_article_status(999_999, "unpublished", NOW)
            .await
            .unwrap());
        assert!(s.set_article_status(ids[1], "gone", NOW).await.is_err());
        assert_eq!(
            s.outbox_after(head, 10)
                .await
                .unwrap()
                .iter()
                .map(|e| e.1)
                .collect::<Vec<_>>(),
            vec![ids[0]]
        );
        // Scheduled articles are indexable (queries hide them until due); unpublished ones are not.
        let indexable: Vec<i64> = s
            .indexable_articles(&ids)
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(indexable.len(), 2);
        assert!(!indexable.contains(&ids[0]));
        assert_eq!(s.indexable_after(0, 10).await.unwrap().len(), 2);
        assert_eq!(
            s.summaries_by_ids(&ids, NOW).await.unwrap().len(),
            1,
            "only the published, due one"
        );
    }
    b.cleanup().await;
}
