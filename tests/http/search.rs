//! Search through the site: the results page, the JSON API, freshness and hostile input.

use crate::common::TestApp;

#[tokio::test]
async fn queries_without_diacritics_find_vietnamese_words() {
    let t = TestApp::new().await;
    for (q, word) in [
        ("tiem chung", "tiêm chủng"),
        ("sot xuat huyet", "sốt xuất huyết"),
        ("dang uy", "Đảng ủy"),
    ] {
        let r = t.get(&format!("/tim-kiem?q={}", q.replace(' ', "+"))).await;
        r.assert_status(200);
        let titles = r.texts(".search-result__title");
        assert!(!titles.is_empty(), "{q}: no results");
        let marks = r.texts(".search-result mark");
        assert!(
            marks
                .iter()
                .any(|m| word.to_lowercase().contains(&m.to_lowercase())),
            "{q}: highlights keep the diacritics: {marks:?}"
        );
    }
}

#[tokio::test]
async fn the_api_answers_json_with_absolute_urls() {
    let t = TestApp::new().await;
    let r = t.get("/api/search?q=tiem+chung&limit=3").await;
    r.assert_status(200);
    assert!(r.header("content-type").starts_with("application/json"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let results = v["results"].as_array().unwrap();
    assert!(v["total"].as_u64().unwrap() >= results.len() as u64);
    assert!(!results.is_empty() && results.len() <= 3);
    for item in results {
        assert!(item["id"].as_i64().is_some());
        assert!(item["url"]
            .as_str()
            .unwrap()
            .starts_with("https://cong.example.vn/"));
        assert!(item["title"]
            .as_str()
            .is_some_and(|s| !s.contains("<mark>")));
        assert!(item["published_at"].as_str().unwrap().ends_with("+07:00"));
        assert!(item["snippet"].is_string());
    }
    // The first result's page exists.
    let url = results[0]["url"]
        .as_str()
        .unwrap()
        .trim_start_matches("https://cong.example.vn");
    t.get(url).await.assert_status(200);
}

#[tokio::test]
async fn filters_and_sorting() {
    let t = TestApp::new().await;
    let all = t.get("/api/search?q=y+te&limit=100").await;
    let all: serde_json::Value = serde_json::from_str(&all.body).unwrap();
    let only = t
        .get("/api/search?q=y+te&limit=100&chuyen-muc=tiem-chung")
        .await;
    let only: serde_json::Value = serde_json::from_str(&only.body).unwrap();
    let n_all = all["results"].as_array().unwrap().len();
    let n_only = only["results"].as_array().unwrap().len();
    assert!(
        n_only > 0 && n_only < n_all,
        "category filter narrows: {n_only} of {n_all}"
    );
    assert!(only["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["url"].as_str().unwrap().contains("/tiem-chung/")));
    let dated = t
        .get("/api/search?q=y+te&limit=100&tu=2026-01-01&den=2026-12-31")
        .await;
    let dated: serde_json::Value = serde_json::from_str(&dated.body).unwrap();
    assert!(dated["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["published_at"].as_str().unwrap().starts_with("2026-")));
    let newest = t.get("/api/search?q=y+te&limit=100&sap-xep=moi-nhat").await;
    let newest: serde_json::Value = serde_json::from_str(&newest.body).unwrap();
    let dates: Vec<&str> = newest["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["published_at"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
}

#[tokio::test]
async fn unpublishing_removes_an_article_from_results() {
    let t = TestApp::new().await;
    let first = |body: &str| -> Option<i64> {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["results"]
            .as_array()
            .unwrap()
            .first()
            .and_then(|r| r["id"].as_i64())
    };
    let id = first(&t.get("/api/search?q=tiem+chung").await.body).unwrap();
    t.app
        .store
        .set_article_status(id, "unpublished", t.app.now())
        .await
        .unwrap();
    t.app.content_changed();
    // Hidden at once (the database decides visibility), and gone from the index after the sync.
    let after = t.get("/api/search?q=tiem+chung&limit=100").await;
    assert!(
        !after.body.contains(&format!("\"id\":{id},")),
        "unpublished article still listed"
    );
    cong::search::sync(&t.app.store, &t.app.search)
        .await
        .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&t.get("/api/search?q=tiem+chung&limit=100").await.body).unwrap();
    assert!(v["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"].as_i64() != Some(id)));
    // Publishing again brings it back.
    t.app
        .store
        .set_article_status(id, "published", t.app.now())
        .await
        .unwrap();
    cong::search::sync(&t.app.store, &t.app.search)
        .await
        .unwrap();
    assert_eq!(
        first(&t.get("/api/search?q=tiem+chung").await.body),
        Some(id)
    );
}

#[tokio::test]
async fn hostile_queries_get_a_results_page() {
    let t = TestApp::new().await;
    let long = "ti%C3%AAm+".repeat(100); // 500 characters once decoded
    for q in [
        "",
        "%20%20%20",
        "%22",
        "AND",
        "*",
        ":",
        "title:(x",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "%22%22%22",
        long.as_str(),
        "%FF%FE",
    ] {
        let r = t.get(&format!("/tim-kiem?q={q}")).await;
        r.assert_status(200);
        assert_eq!(
            r.count("script:not([type='application/ld+json']):not([src])"),
            0,
            "{q}"
        );
        let api = t.get(&format!("/api/search?q={q}")).await;
        api.assert_status(200);
        serde_json::from_str::<serde_json::Value>(&api.body).unwrap();
    }
    t.get("/tim-kiem").await.assert_status(200);
    t.get("/tim-kiem?q=y+te&trang=99999")
        .await
        .assert_status(200);
    t.get("/tim-kiem?q=y+te&tu=hom-qua")
        .await
        .assert_status(200);
}

#[tokio::test]
async fn every_page_has_a_labelled_search_box() {
    let t = TestApp::new().await;
    let r = t.get("/").await;
    assert_eq!(
        r.count("form[role='search'][action='/tim-kiem'] input[name='q']"),
        1
    );
    assert_eq!(r.count("label[for='o-tim-kiem']"), 1);
}

#[tokio::test]
async fn a_corrupt_index_is_rebuilt_at_start() {
    let t = TestApp::with(|c| {
        let dir = c.data.join("search");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("meta.json"), "{ ceci n'est pas un index").unwrap();
    })
    .await;
    let r = t.get("/api/search?q=tiem+chung").await;
    r.assert_status(200);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(
        v["total"].as_u64().unwrap() > 0,
        "rebuilt from the database"
    );
    let position = t.app.search.outbox_position().unwrap();
    assert_eq!(position, Some(t.app.store.outbox_head().await.unwrap()));
}

#[tokio::test]
async fn a_scheduled_article_is_found_only_once_it_is_due() {
    let t = TestApp::new().await;
    let total = |body: &str| -> i64 {
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        v["total"].as_i64().unwrap()
    };
    let query = "/api/search?q=Nh%C3%ACu";
    assert_eq!(total(&t.get(query).await.body), 0);
    assert_eq!(
        t.app.next_due.load(std::sync::atomic::Ordering::Relaxed),
        i64::MAX,
        "the sample schedules nothing"
    );
    // Another process (an import) schedules an article two seconds ahead.
    let mut seen = t.app.store.content_version().await.unwrap();
    let due = t.app.now() + 2;
    let category_id = t.app.site_data().await.unwrap().categories[0].id;
    t.app
        .store
        .insert_articles(
            &[cong_store::NewArticle {
                category_id,
                slug: "doan-kham-luu-dong-ve-sung-nhiu".into(),
                title: "Đoàn khám lưu động về bản Sủng Nhìu".into(),
                lead: "Bác sĩ tuyến tỉnh khám miễn phí cho người cao tuổi trong bản.".into(),
                body_html: "<p>Đoàn mang theo máy siêu âm và thuốc thiết yếu.</p>".into(),
                byline: String::new(),
                source: String::new(),
                image_url: None,
                image_alt: String::new(),
                status: "published".into(),
                featured: false,
                published_at: due,
                updated_at: None,
                tags: Vec::new(),
            }],
            t.app.now(),
        )
        .await
        .unwrap();
    t.app.store.touch_content().await.unwrap();
    cong::jobs::notice_outside_changes(&t.app, &mut seen).await;
    assert_eq!(
        t.app.next_due.load(std::sync::atomic::Ordering::Relaxed),
        due
    );
    cong::search::sync(&t.app.store, &t.app.search)
        .await
        .unwrap();
    // Indexed, but neither listed nor counted before its time.
    assert_eq!(total(&t.get(query).await.body), 0);
    while t.app.now() <= due {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let found = t.get(query).await;
    assert_eq!(total(&found.body), 1, "{}", found.body);
    assert!(
        found
            .body
            .contains("\"title\":\"Đoàn khám lưu động về bản Sủng Nhìu\""),
        "{}",
        found.body
    );
}

#[tokio::test]
async fn a_stop_during_the_first_index_build_is_not_kept_waiting() {
    use std::sync::atomic::Ordering;
    let t = TestApp::new().await;
    // As on a first start: the index still has to be built, and nothing is ready.
    t.app.search_needs_rebuild.store(true, Ordering::SeqCst);
    t.app.search_ready.store(false, Ordering::SeqCst);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    stop.send(true).unwrap();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        cong::search::run(t.app.clone(), stopped),
    )
    .await
    .expect("the index task ends when told to stop");
    // It ended without building: the next start still knows it has to.
    assert!(t.app.search_needs_rebuild.load(Ordering::SeqCst));
    assert!(!t.app.search_ready.load(Ordering::SeqCst));
}
