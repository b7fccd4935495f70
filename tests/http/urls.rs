//! The id is authoritative: every other address of an article 301s to the canonical one.

use cong_store::{LegacyTarget, TargetKind};

use crate::common::TestApp;

fn split(url: &str) -> (String, String, i64) {
    let parts: Vec<&str> = url.trim_matches('/').split('/').collect();
    let file = parts[1].strip_suffix(".html").unwrap();
    let (slug, id) = file.rsplit_once('-').unwrap();
    (parts[0].to_string(), slug.to_string(), id.parse().unwrap())
}

#[tokio::test]
async fn urls_are_ascii_slugs_with_the_id() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    assert!(url.is_ascii() && url.ends_with(".html"), "{url}");
    let (cat, slug, _) = split(&url);
    assert!(slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    assert!(t.app.config.data.exists());
    assert!(!cat.is_empty());
}

#[tokio::test]
async fn wrong_slug_category_or_case_redirects_permanently() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    let (cat, slug, id) = split(&url);
    for wrong in [
        format!("/{cat}/tieu-de-cu-{id}.html"),
        format!("/chuyen-muc-cu/{slug}-{id}.html"),
        format!("/{cat}/{}-{id}.html", slug.to_uppercase()),
        format!("/{cat}/{id}.html"),
        format!("/an-toan-thuc-pham/{slug}-{id}.html"),
    ] {
        let r = t.get(&wrong).await;
        r.assert_status(301);
        assert_eq!(r.header("location"), url, "from {wrong}");
    }
    t.get(&url).await.assert_status(200);
}

#[tokio::test]
async fn categories_redirect_to_their_canonical_form() {
    let t = TestApp::new().await;
    let r = t.get("/tin-tuc-su-kien").await;
    r.assert_status(301);
    assert_eq!(r.header("location"), "/tin-tuc-su-kien/");
    let r = t.get("/Tin-Tuc-Su-Kien/").await;
    r.assert_status(301);
    assert_eq!(r.header("location"), "/tin-tuc-su-kien/");
    let r = t.get("/trang/Gioi-Thieu").await;
    r.assert_status(301);
    assert_eq!(r.header("location"), "/trang/gioi-thieu");
}

#[tokio::test]
async fn legacy_paths_answer_301_to_the_current_url() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    let (_, _, id) = split(&url);
    let cat = t
        .app
        .store
        .all_categories()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.slug == "tiem-chung")
        .unwrap();
    let entries = vec![
        (
            "/vi/news/tin-tuc/bai-cu-99.html".to_string(),
            LegacyTarget {
                kind: TargetKind::Article,
                id: Some(id),
                url: None,
            },
        ),
        (
            "/index.php?language=vi&nv=news&op=tiem-chung".to_string(),
            LegacyTarget {
                kind: TargetKind::Category,
                id: Some(cat.id),
                url: None,
            },
        ),
        (
            "/?p=123".to_string(),
            LegacyTarget {
                kind: TargetKind::Article,
                id: Some(id),
                url: None,
            },
        ),
        (
            "/cu/lien-he".to_string(),
            LegacyTarget {
                kind: TargetKind::Url,
                id: None,
                url: Some("/trang/lien-he".into()),
            },
        ),
    ];
    t.app.store.add_legacy_paths(&entries).await.unwrap();
    let cases = [
        ("/vi/news/tin-tuc/bai-cu-99.html", url.as_str()),
        (
            "/index.php?language=vi&nv=news&op=tiem-chung",
            "/tiem-chung/",
        ),
        ("/?p=123", url.as_str()),
        ("/cu/lien-he", "/trang/lien-he"),
    ];
    for (old, new) in cases {
        let r = t.get(old).await;
        r.assert_status(301);
        assert_eq!(r.header("location"), new, "from {old}");
    }
    // A legacy path whose article is gone is a 404, not a redirect to nowhere.
    let gone = vec![(
        "/vi/news/x-1.html".to_string(),
        LegacyTarget {
            kind: TargetKind::Article,
            id: Some(9_999_999),
            url: None,
        },
    )];
    t.app.store.add_legacy_paths(&gone).await.unwrap();
    t.get("/vi/news/x-1.html").await.assert_status(404);
}
