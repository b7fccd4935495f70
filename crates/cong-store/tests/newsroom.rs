//! The newsroom's articles on every backend: create, list with filters, save with revisions,
//! a stale save refused, workflow moves, the edit lock.

mod common;

use common::*;
use cong_store::{ArticleFields, ArticleFilter, Editor, NewUser, SaveOutcome, Store};

async fn staff(s: &Store, name: &str) -> i64 {
    s.create_user(
        &NewUser {
            name: name.into(),
            display_name: format!("Phóng viên {name}"),
            role: "author".into(),
            password_hash: String::new(),
        },
        NOW,
    )
    .await
    .unwrap()
}

fn fields(category_id: i64, title: &str) -> ArticleFields {
    ArticleFields {
        title: title.into(),
        slug: cong_text::slugify(title),
        lead: "Tóm tắt ngắn của bài.".into(),
        body_html: "<p>Nội dung bài viết.</p>".into(),
        category_id,
        tags: vec!["Tiêm chủng".into(), "Trẻ em".into()],
        byline: "Minh Anh".into(),
        published_at: NOW,
        allow_comments: true,
        allow_rating: true,
        ..ArticleFields::default()
    }
}

#[tokio::test]
async fn articles_are_saved_as_revisions_and_a_stale_save_changes_nothing() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin-tuc", None).await;
        let other = category(s, "y-te-co-so", None).await;
        let lan = staff(s, "lan").await;
        let hung = staff(s, "hung").await;
        let me = Editor {
            id: lan,
            name: "Lan",
        };
        let mut f = fields(cat, "Tiêm chủng mở rộng cho trẻ dưới 5 tuổi");
        f.other_categories = vec![other];
        let id = s.create_article(&f, me, NOW).await.unwrap();
        let a = s.newsroom_article(id).await.unwrap().unwrap();
        assert_eq!(
            (a.status.as_str(), a.revision, a.author_id),
            ("draft", 1, Some(lan))
        );
        assert_eq!(a.fields, f);
        assert!(s.slug_taken(&f.slug, 0).await.unwrap());
        assert!(!s.slug_taken(&f.slug, id).await.unwrap());
        // Two editors open revision 1; the first saves, the second is refused.
        let mut first = f.clone();
        first.title = "Tiêm chủng mở rộng: lịch tháng Mười Hai".into();
        first.tags = vec!["Tiêm chủng".into()];
        first.other_categories = vec![];
        let out = s
            .save_article(id, 1, &first, me, "title, tags", "", NOW + 10)
            .await
            .unwrap();
        assert_eq!(out, SaveOutcome::Saved(2));
        let mut second = f.clone();
        second.body_html = "<p>Sửa khác.</p>".into();
        let him = Editor {
            id: hung,
            name: "Hùng",
        };
        match s
            .save_article(id, 1, &second, him, "body_html", "", NOW + 20)
            .await
            .unwrap()
        {
            SaveOutcome::Stale(current) => {
                assert_eq!(current.revision, 2);
                assert_eq!(current.user_name, "Lan");
                assert_eq!(current.fields.title, first.title);
            }
            other => panic!("a stale save went through: {other:?}"),
        }
        let a = s.newsroom_article(id).await.unwrap().unwrap();
        assert_eq!(a.fields, first, "nothing of the stale save was written");
        assert_eq!(a.revision, 2);
        // Every revision is kept whole, newest first.
        let revs = s.article_revisions(id).await.unwrap();
        assert_eq!(revs.iter().map(|r| r.revision).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(revs[0].changed, "title, tags");
        assert_eq!(s.article_revision(id, 1).await.unwrap().unwrap().fields, f);
        // The list filters by state, category, author and folded title words.
        let id2 = s
            .create_article(&fields(other, "Khám sức khỏe định kỳ"), him, NOW)
            .await
            .unwrap();
        s.fold_missing_titles().await.unwrap();
        let list = |f: ArticleFilter| async move { s.newsroom_list(&f, 10, 0).await.unwrap() };
        let ids = |v: Vec<cong_store::ListedArticle>| v.iter().map(|a| a.id).collect::<Vec<_>>();
        assert_eq!(ids(list(ArticleFilter::default()).await), [id, id2]);
        let by_words = ArticleFilter {
            words: Some("tiem chung".into()),
            ..ArticleFilter::default()
        };
        assert_eq!(ids(list(by_words).await), [id]);
        // Words in any order, each the start of a title word; a word of no title finds none.
        let words = |w: &str| ArticleFilter {
            words: Some(w.into()),
            ..ArticleFilter::default()
        };
        assert_eq!(ids(list(words("muoi thang")).await), [id]);
        assert_eq!(ids(list(words("dinh kh")).await), [id2]);
        assert!(
            list(words("khu")).await.is_empty(),
            "no title word starts so"
        );
        assert!(
            list(words("tuoi")).await.is_empty(),
            "the words of the title before the save are gone"
        );
        assert!(
            list(words("hung")).await.is_empty(),
            "the middle of a word is no match"
        );
        let by_author = ArticleFilter {
            author_id: Some(hung),
            ..ArticleFilter::default()
        };
        let listed = list(by_author).await;
        assert_eq!(ids(listed.clone()), [id2]);
        assert_eq!(listed[0].author_name.as_deref(), Some("Phóng viên hung"));
        let by_category = ArticleFilter {
            category_id: Some(other),
            status: Some("draft".into()),
            ..ArticleFilter::default()
        };
        assert_eq!(ids(list(by_category).await), [id2]);
        let wild = ArticleFilter {
            words: Some("%".into()),
            ..ArticleFilter::default()
        };
        assert_eq!(list(wild).await.len(), 2, "a % typed is no wildcard trick");
    }
    b.cleanup().await;
}

#[tokio::test]
async fn workflow_moves_only_from_the_states_given_and_the_lock_names_its_holder() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin-tuc", None).await;
        let lan = staff(s, "lan").await;
        let hung = staff(s, "hung").await;
        let me = Editor {
            id: lan,
            name: "Lan",
        };
        let id = s
            .create_article(&fields(cat, "Phòng chống sốt xuất huyết"), me, NOW)
            .await
            .unwrap();
        assert!(s
            .move_article(id, &["draft"], "submitted", None, "", NOW + 1)
            .await
            .unwrap());
        assert!(
            !s.move_article(id, &["draft"], "submitted", None, "", NOW + 2)
                .await
                .unwrap(),
            "already submitted"
        );
        assert!(s
            .move_article(
                id,
                &["submitted"],
                "draft",
                None,
                "Thêm nguồn số liệu",
                NOW + 3
            )
            .await
            .unwrap());
        let a = s.newsroom_article(id).await.unwrap().unwrap();
        assert_eq!(
            (a.status.as_str(), a.review_note.as_str()),
            ("draft", "Thêm nguồn số liệu")
        );
        assert!(s
            .move_article(
                id,
                &["draft", "submitted"],
                "published",
                Some(NOW + 3600),
                "",
                NOW + 4
            )
            .await
            .unwrap());
        assert_eq!(s.next_scheduled(NOW + 5).await.unwrap(), Some(NOW + 3600));
        assert!(s
            .move_article(id, &["draft"], "gone", None, "", NOW)
            .await
            .is_err());
        // The edit lock: Lan takes it; Hùng is told who holds it until when; it runs out.
        assert_eq!(
            s.take_edit_lock(id, lan, NOW, NOW + 600).await.unwrap(),
            None
        );
        let held = s
            .take_edit_lock(id, hung, NOW + 1, NOW + 601)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((held.user_id, held.until), (lan, NOW + 600));
        assert_eq!(held.user_name, "Phóng viên lan");
        assert_eq!(
            s.take_edit_lock(id, lan, NOW + 2, NOW + 602).await.unwrap(),
            None,
            "the holder renews it"
        );
        assert_eq!(
            s.take_edit_lock(id, hung, NOW + 602, NOW + 1200)
                .await
                .unwrap(),
            None
        );
        s.release_edit_lock(id, lan).await.unwrap();
        assert!(s
            .take_edit_lock(id, lan, NOW + 603, NOW + 1200)
            .await
            .unwrap()
            .is_some());
        s.release_edit_lock(id, hung).await.unwrap();
        assert_eq!(
            s.take_edit_lock(id, lan, NOW + 604, NOW + 1200)
                .await
                .unwrap(),
            None
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn imported_titles_are_folded_into_words_once_even_when_nothing_is_left() {
    let b = backends().await;
    for s in &b.stores {
        let cat = category(s, "tin-tuc", None).await;
        // Imported rows carry no folded title; one title is only a combining mark.
        let mut odd = article(cat, "x", NOW);
        odd.title = "\u{0301}".into();
        odd.slug = "dau-sac".into();
        let ids = s
            .insert_articles(
                &[article(cat, "Phòng chống dịch sốt xuất huyết", NOW), odd],
                NOW,
            )
            .await
            .unwrap();
        let folded =
            tokio::time::timeout(std::time::Duration::from_secs(10), s.fold_missing_titles())
                .await
                .expect("the fold ends")
                .unwrap();
        assert_eq!(folded, 2);
        let found = s
            .newsroom_list(
                &ArticleFilter {
                    words: Some("sot xuat".into()),
                    ..ArticleFilter::default()
                },
                10,
                0,
            )
            .await
            .unwrap();
        assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), [ids[0]]);
    }
    b.cleanup().await;
}
