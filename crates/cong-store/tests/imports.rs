//! Imports through the store: keys make a re-run update instead of duplicate, old paths point
//! at the new rows, comments keep their threads, counts never go down. On both backends.

mod common;

use common::*;
use cong_store::{
    ImportBatch, ImportKind, ImportedArticle, ImportedCategory, ImportedComment, ImportedLink,
    ImportedPage, ImportedPoll, ImportedTag, NewPage, Saved, Store, TargetKind,
};

const SRC: &str = "wxr:https://old.example.vn";

fn cat(key: &str, parent: Option<&str>, slug: &str) -> ImportedCategory {
    ImportedCategory {
        key: key.into(),
        parent_key: parent.map(str::to_string),
        slug: slug.into(),
        name: format!("Chuyên mục {key}"),
        description: String::new(),
        position: 1,
        legacy_paths: vec![format!("/category/{key}/")],
    }
}

fn art(key: &str, category_id: i64, tag_ids: Vec<i64>) -> ImportedArticle {
    ImportedArticle {
        key: key.into(),
        category_id,
        slug: format!("bai-{key}"),
        title: format!("Bài {key}"),
        body_html: "<p>Nội dung</p>".into(),
        status: "published".into(),
        published_at: NOW - 100,
        updated_at: NOW - 50,
        views: 10,
        rating_total: 9,
        rating_count: 2,
        allow_comments: true,
        tag_ids,
        legacy_paths: vec![format!("/?p={key}"), format!("/2020/01/01/bai-{key}/")],
        ..ImportedArticle::default()
    }
}

fn comment(key: &str, article: &str, parent: Option<&str>, published: bool) -> ImportedComment {
    ImportedComment {
        key: key.into(),
        article_key: article.into(),
        parent_key: parent.map(str::to_string),
        name: format!("Người {key}"),
        email: format!("{key}@example.vn"),
        body: format!("Bình luận {key}"),
        published,
        created_at: NOW - 10 + key.len() as i64,
    }
}

async fn target(s: &Store, path: &str) -> (TargetKind, i64) {
    let t = s
        .legacy_target(path)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{path}"));
    (t.kind, t.id.unwrap())
}

#[tokio::test]
async fn categories_nest_keep_free_slugs_and_update_on_rerun() {
    let b = backends().await;
    for s in &b.stores {
        let existing = category(s, "tin-tuc", None).await;
        let rows = [cat("tin", None, "tin-tuc"), cat("con", Some("tin"), "con")];
        let first = s.save_imported_categories(SRC, &rows).await.unwrap();
        assert!(matches!(first[..], [Saved::Created(_), Saved::Created(_)]));
        let all = s.all_categories().await.unwrap();
        let tin = all.iter().find(|c| c.id == first[0].id()).unwrap();
        assert_eq!(tin.slug, "tin-tuc-2", "the portal's own tin-tuc stays");
        let con = all.iter().find(|c| c.id == first[1].id()).unwrap();
        assert_eq!(con.parent_id, Some(tin.id));
        assert_eq!(
            target(s, "/category/con/").await,
            (TargetKind::Category, con.id)
        );
        let mut renamed = rows.clone();
        renamed[1].name = "Đổi tên".into();
        let again = s.save_imported_categories(SRC, &renamed).await.unwrap();
        assert_eq!(again, [Saved::Updated(tin.id), Saved::Updated(con.id)]);
        let all = s.all_categories().await.unwrap();
        assert_eq!(all.len(), 3);
        assert!(all.iter().any(|c| c.id == con.id && c.name == "Đổi tên"));
        assert!(all.iter().any(|c| c.id == existing && c.slug == "tin-tuc"));
        assert_eq!(
            s.imported_id(SRC, ImportKind::Category, "con")
                .await
                .unwrap(),
            Some(con.id)
        );
        assert_eq!(
            s.imported_id("other", ImportKind::Category, "con")
                .await
                .unwrap(),
            None
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn a_batch_writes_articles_pages_and_threads_once() {
    let b = backends().await;
    for s in &b.stores {
        let cat_id = category(s, "tin-tuc", None).await;
        s.insert_page(
            &NewPage {
                slug: "gioi-thieu".into(),
                title: "Của cổng".into(),
                body_html: String::new(),
                position: 0,
            },
            NOW,
        )
        .await
        .unwrap();
        let tags = s
            .save_imported_tags(
                SRC,
                &[ImportedTag {
                    key: "y-te".into(),
                    slug: "y-te".into(),
                    name: "Y tế".into(),
                    legacy_paths: vec!["/tag/y-te/".into()],
                }],
            )
            .await
            .unwrap();
        let batch = ImportBatch {
            articles: vec![
                art("1", cat_id, vec![tags[0].id()]),
                art("2", cat_id, vec![]),
            ],
            pages: vec![ImportedPage {
                key: "9".into(),
                slug: "gioi-thieu".into(),
                title: "Giới thiệu".into(),
                body_html: "<p>Trang</p>".into(),
                position: 100,
                updated_at: NOW,
                legacy_paths: vec!["/about/".into(), "/?page_id=9".into()],
            }],
            comments: vec![
                comment("c1", "1", None, true),
                comment("c2", "1", Some("c1"), true),
                comment("c3", "1", Some("c2"), false),
                comment("c4", "404", None, true),
            ],
        };
        let head = s.outbox_head().await.unwrap();
        let out = s.save_import_batch(SRC, &batch, NOW).await.unwrap();
        let ids: Vec<i64> = out.articles.iter().map(|s| s.id()).collect();
        assert!(out.articles.iter().all(|s| matches!(s, Saved::Created(_))));
        assert_eq!(out.comments[3], None, "no such article");
        assert_eq!(
            s.outbox_after(head, 10).await.unwrap().len(),
            2,
            "search hears of both"
        );
        let a = s.published_article(ids[0], NOW).await.unwrap().unwrap();
        assert_eq!((a.views, a.rating_total, a.rating_count), (10, 9, 2));
        assert_eq!(a.created_at, NOW - 100);
        assert_eq!(s.tags_of_article(ids[0]).await.unwrap()[0].slug, "y-te");
        assert_eq!(target(s, "/?p=1").await, (TargetKind::Article, ids[0]));
        assert_eq!(
            target(s, "/2020/01/01/bai-2/").await,
            (TargetKind::Article, ids[1])
        );
        let page_id = out.pages[0].id();
        assert_eq!(target(s, "/about/").await, (TargetKind::Page, page_id));
        let pages = s.all_pages().await.unwrap();
        assert!(pages
            .iter()
            .any(|p| p.id == page_id && p.slug == "gioi-thieu-2"));
        // A reply to a reply joins the first comment's thread; the held one waits.
        let shown = s.published_comments(ids[0]).await.unwrap();
        let c1 = out.comments[0].unwrap().id();
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[1].parent_id, Some(c1));
        let held = s.pending_comments(10).await.unwrap();
        assert_eq!(
            (held.len(), held[0].parent_id, held[0].email.as_str()),
            (1, Some(c1), "c3@example.vn")
        );

        // Readers of the new site added views; the re-run must not take them away.
        s.add_article_views(&[(ids[0], 100)]).await.unwrap();
        let mut again = batch.clone();
        again.articles[0].title = "Bài 1 (sửa)".into();
        again.articles[0].tag_ids.clear();
        let out2 = s.save_import_batch(SRC, &again, NOW).await.unwrap();
        assert_eq!(
            out2.articles,
            [Saved::Updated(ids[0]), Saved::Updated(ids[1])]
        );
        assert_eq!(out2.pages, [Saved::Updated(page_id)]);
        assert!(out2.comments[..3]
            .iter()
            .all(|c| matches!(c, Some(Saved::Updated(_)))));
        let a = s.published_article(ids[0], NOW).await.unwrap().unwrap();
        assert_eq!((a.title.as_str(), a.views), ("Bài 1 (sửa)", 110));
        assert!(s.tags_of_article(ids[0]).await.unwrap().is_empty());
        assert_eq!(s.latest_articles(NOW, 0, 100).await.unwrap().len(), 2);
        assert_eq!(s.published_comments(ids[0]).await.unwrap().len(), 2);
        assert_eq!(s.all_pages().await.unwrap().len(), 2);
    }
    b.cleanup().await;
}

#[tokio::test]
async fn big_batches_with_repeated_paths_and_bad_states() {
    let b = backends().await;
    for s in &b.stores {
        let cat_id = category(s, "tin-tuc", None).await;
        let mut articles: Vec<_> = (0..450)
            .map(|i| art(&i.to_string(), cat_id, vec![]))
            .collect();
        // Two items claiming one old path: the later one gets it.
        articles[449].legacy_paths.push("/?p=0".into());
        // 120 comments, every seventh a reply to the one before: several statements.
        let keys: Vec<String> = (0..120).map(|i| format!("k{i}")).collect();
        let comments = (0..120)
            .map(|i| {
                let parent = (i % 7 == 6).then(|| keys[i - 1].as_str());
                comment(&keys[i], &(i % 3).to_string(), parent, true)
            })
            .collect();
        let batch = ImportBatch {
            articles,
            comments,
            ..ImportBatch::default()
        };
        let out = s.save_import_batch(SRC, &batch, NOW).await.unwrap();
        assert_eq!(out.articles.len(), 450);
        for (i, saved) in out.comments.iter().enumerate() {
            let c = s.comment_by_id(saved.unwrap().id()).await.unwrap().unwrap();
            let article = out.articles[i % 3].id();
            assert_eq!((c.body, c.article_id), (format!("Bình luận k{i}"), article));
            let parent = (i % 7 == 6).then(|| out.comments[i - 1].unwrap().id());
            assert_eq!(c.parent_id, parent, "k{i}");
        }
        for (i, saved) in out.articles.iter().enumerate().step_by(37) {
            let a = s.published_article(saved.id(), NOW).await.unwrap().unwrap();
            assert_eq!(a.title, format!("Bài {i}"));
        }
        assert_eq!(target(s, "/?p=0").await.1, out.articles[449].id());
        assert_eq!(
            target(s, "/2020/01/01/bai-448/").await.1,
            out.articles[448].id()
        );
        let mut bad = batch.clone();
        bad.articles[3].status = "trashed".into();
        bad.articles[0].title = "đổi".into();
        assert!(s.save_import_batch(SRC, &bad, NOW).await.is_err());
        let a = s
            .published_article(out.articles[0].id(), NOW)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(a.title, "Bài 0", "a refused batch writes nothing");
        assert_eq!(s.latest_articles(NOW, 0, 1000).await.unwrap().len(), 450);
    }
    b.cleanup().await;
}

#[tokio::test]
async fn polls_links_and_schemes() {
    let b = backends().await;
    for s in &b.stores {
        let poll = ImportedPoll {
            key: "voting:2".into(),
            question: "Bạn biết gì?".into(),
            max_choices: 1,
            opens_at: NOW - 1000,
            closes_at: None,
            active: true,
            options: vec![("Có".into(), 5), ("Không".into(), 3)],
        };
        let id = s
            .save_imported_polls(SRC, std::slice::from_ref(&poll))
            .await
            .unwrap()[0]
            .id();
        let mut again = poll.clone();
        again.options[0].1 = 2; // fewer on the old site: the portal's count stays
        again.options[1].1 = 7;
        again.options.push(("Chưa rõ".into(), 1));
        assert_eq!(
            s.save_imported_polls(SRC, &[again]).await.unwrap(),
            [Saved::Updated(id)]
        );
        let (p, opts) = s.poll_by_id(id).await.unwrap().unwrap();
        assert!(!p.multiple);
        let votes: Vec<i64> = opts.iter().map(|o| o.votes).collect();
        assert_eq!(votes, [5, 7, 1]);
        let mut one = poll.clone();
        one.options.truncate(1);
        assert!(s.save_imported_polls(SRC, &[one]).await.is_err());

        s.insert_web_link("Bộ Y tế", "https://moh.gov.vn", 5)
            .await
            .unwrap();
        let link = ImportedLink {
            key: "weblinks:1".into(),
            name: "Cổng Chính phủ".into(),
            url: "https://chinhphu.vn".into(),
        };
        let lid = s
            .save_imported_links(SRC, std::slice::from_ref(&link))
            .await
            .unwrap()[0]
            .id();
        let links = s.web_links().await.unwrap();
        assert_eq!(
            (links.last().unwrap().id, links.last().unwrap().position),
            (lid, 6)
        );
        let renamed = ImportedLink {
            name: "Chính phủ".into(),
            ..link
        };
        assert_eq!(
            s.save_imported_links(SRC, &[renamed]).await.unwrap(),
            [Saved::Updated(lid)]
        );
        assert_eq!(s.web_links().await.unwrap().len(), 2);

        s.save_import_scheme(SRC, r#"{"base_path":"/"}"#)
            .await
            .unwrap();
        s.save_import_scheme("nukeviet:nv4_vi", "{}").await.unwrap();
        s.save_import_scheme(SRC, r#"{"base_path":"/blog/"}"#)
            .await
            .unwrap();
        s.set_setting("import_schemeless", "x").await.unwrap();
        let schemes = s.import_schemes().await.unwrap();
        assert_eq!(schemes.len(), 2);
        assert_eq!(
            schemes[1],
            (SRC.to_string(), r#"{"base_path":"/blog/"}"#.to_string())
        );
    }
    b.cleanup().await;
}
