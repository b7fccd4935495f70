//! What a reader sees on each kind of page.

use crate::common::TestApp;

#[tokio::test]
async fn home_has_featured_latest_sections_and_sidebar() {
    let t = TestApp::new().await;
    let home = t.get("/").await;
    home.assert_status(200);
    assert!(home.header("content-type").starts_with("text/html"));
    let body = &home.body;
    assert!(
        body.contains("Sở Y tế tỉnh Hà Giang Nam"),
        "agency name as text in the banner"
    );
    // The featured article of the sample is the one marked featured.
    assert!(body.contains("Khánh thành Trung tâm Tim mạch"));
    let sections = home.texts("main section h2");
    for name in [
        "Tin tức - Sự kiện",
        "Phòng chống dịch bệnh",
        "Khám, chữa bệnh",
    ] {
        assert!(
            sections
                .iter()
                .any(|s| s.contains(&name.to_uppercase()) || s.contains(name)),
            "{name} in {sections:?}"
        );
    }
    // Sidebar blocks: categories (nested), web links, poll with its options, visitor statistics.
    assert!(
        home.count("aside a[href='/tiem-chung/']") == 1,
        "nested category in the menu"
    );
    assert!(home.count("aside a[href='https://moh.gov.vn']") == 1);
    assert_eq!(home.count("aside .poll-form input[name='option']"), 4);
    assert!(home.count("aside a[href^='/tham-do/']") >= 1);
    let stats = home.texts("aside .block--stats, aside [aria-labelledby*='thong-ke']");
    assert!(!stats.is_empty(), "visitor statistics block");
}

#[tokio::test]
async fn article_page_shows_everything_an_article_has() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    let page = t.get(&url).await;
    page.assert_status(200);
    assert_eq!(page.count("h1"), 1);
    let h1 = &page.texts("h1")[0];
    assert!(!h1.is_empty());
    // "Thứ năm - 12/11/2026 08:30": weekday, date and time in the site zone.
    let date = page.texts("article time")[0].clone();
    let re_ok = date.starts_with("Thứ ") || date.starts_with("Chủ nhật");
    assert!(
        re_ok && date.contains(" - ") && date.len() >= 20,
        "date {date:?}"
    );
    assert!(page.count("article figure img[alt]") >= 1);
    assert!(page.count("article figure figcaption .credit") >= 1);
    assert!(page.body.contains("Tác giả bài viết"));
    assert!(
        page.count("a[href^='/tag/']") >= 2,
        "tags link to tag pages"
    );
    assert!(page.count("nav[aria-label] ol li") >= 2, "breadcrumb");
    assert!(page.body.contains("Lượt xem"));
    // The newest article has older ones in its category but no newer ones.
    assert!(page.body.contains("Những tin cũ hơn"));
}

#[tokio::test]
async fn article_dates_follow_the_configured_zone() {
    let hcm = TestApp::new().await;
    let url = hcm.some_article_url().await;
    let a = hcm
        .get(&url)
        .await
        .attr_all("article time[datetime]", "datetime")[0]
        .clone();
    let shown_hcm = hcm.get(&url).await.texts("article time")[0].clone();
    // The same data, served with another zone: the same instant, another wall-clock time.
    let mut config = hcm.app.config.clone();
    config.site.timezone = "UTC".into();
    // A restart: the first app lets go of the database and the search index first.
    let crate::common::TestApp {
        app, _dir: data, ..
    } = hcm;
    app.store.close().await;
    drop(app);
    let utc = crate::common::TestApp {
        app: cong::build_app(config).await.unwrap(),
        _dir: data,
        pg_schema: None,
    };
    let page = utc.get(&url).await;
    let b = page.attr_all("article time[datetime]", "datetime")[0].clone();
    assert_ne!(
        shown_hcm,
        page.texts("article time")[0],
        "wall-clock time moves with the zone"
    );
    assert!(a.ends_with("+07:00"), "{a}");
    assert!(b.ends_with("+00:00"), "{b}");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(&a).unwrap(),
        chrono::DateTime::parse_from_rfc3339(&b).unwrap()
    );
}

#[tokio::test]
async fn newer_and_older_lists_respect_the_configured_count() {
    let t = TestApp::with(|c| c.reader.related_count = 2).await;
    let cat = t.get("/tin-tuc-su-kien/").await;
    let urls = cat.attr_all("main article h2 a, main article h3 a", "href");
    // A middle article of the category has both lists, each capped at 2.
    let middle = &urls[urls.len() / 2];
    let page = t.get(middle).await;
    let newer = page.count("[aria-labelledby='tin-moi-hon'] li, .related--newer li");
    let older = page.count("[aria-labelledby='tin-cu-hon'] li, .related--older li");
    assert!((1..=2).contains(&newer), "newer {newer}");
    assert!((1..=2).contains(&older), "older {older}");
}

#[tokio::test]
async fn category_pages_include_sub_categories_and_paginate() {
    let t = TestApp::with(|c| c.reader.per_page = 3).await;
    let parent = t.get("/phong-chong-dich-benh/").await;
    parent.assert_status(200);
    let child = t.get("/tiem-chung/").await;
    child.assert_status(200);
    let child_first = child.attr_all("main a[href$='.html']", "href")[0].clone();
    // The sample's newest vaccination article is newer than every other article of the parent.
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let path = if page == 1 {
            "/phong-chong-dich-benh/".to_string()
        } else {
            format!("/phong-chong-dich-benh/trang-{page}/")
        };
        let r = t.get(&path).await;
        if r.status.as_u16() == 404 {
            break;
        }
        r.assert_status(200);
        all.extend(r.attr_all("main article a[href$='.html']", "href"));
        page += 1;
    }
    assert!(
        all.contains(&child_first),
        "sub-category article listed in the parent"
    );
    assert!(page > 3, "several pages of 3");
    t.get(&format!("/phong-chong-dich-benh/trang-{page}/"))
        .await
        .assert_status(404);
    // Page 2 links back to page 1 and on to page 3.
    let p2 = t.get("/phong-chong-dich-benh/trang-2/").await;
    assert!(p2.count("a[href='/phong-chong-dich-benh/']") >= 1);
    assert!(p2.count("a[href='/phong-chong-dich-benh/trang-3/']") >= 1);
}

#[tokio::test]
async fn static_pages_tags_and_poll_results() {
    let t = TestApp::new().await;
    for slug in ["gioi-thieu", "co-cau-to-chuc", "lien-he"] {
        let p = t.get(&format!("/trang/{slug}")).await;
        p.assert_status(200);
        assert_eq!(p.count("h1"), 1);
        assert!(p.count("main p") >= 2, "{slug} has paragraphs");
    }
    let url = t.some_article_url().await;
    let tag_url = t.get(&url).await.attr_all("a[href^='/tag/']", "href")[0].clone();
    let tag = t.get(&tag_url).await;
    tag.assert_status(200);
    assert!(tag.body.contains(&url), "tag page lists the article");
    t.get("/tag/khong-ton-tai/").await.assert_status(404);
    let poll_url = t
        .get("/")
        .await
        .attr_all("aside a[href^='/tham-do/']", "href")[0]
        .clone();
    let poll = t.get(&poll_url).await;
    poll.assert_status(200);
    assert_eq!(poll.count("main li, main tr").min(4), 4);
    t.get("/tham-do/999999").await.assert_status(404);
}

#[tokio::test]
async fn menu_highlights_the_current_section() {
    let t = TestApp::new().await;
    let r = t.get("/kham-chua-benh/").await;
    let current = r.attr_all(
        "header nav a[aria-current='page'], nav a[aria-current='page']",
        "href",
    );
    assert!(
        current.contains(&"/kham-chua-benh/".to_string()),
        "{current:?}"
    );
}

#[tokio::test]
async fn a_theme_file_in_the_data_folder_overrides_the_built_in_one() {
    let t = TestApp::with(|c| {
        let dir = c.data.join("theme/templates");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("robots.txt"),
            "User-agent: *\nDisallow: /bi-mat/\n",
        )
        .unwrap();
    })
    .await;
    let r = t.get("/robots.txt").await;
    assert!(r.body.contains("/bi-mat/"), "{}", r.body);
}

#[tokio::test]
async fn a_second_start_reuses_the_data() {
    let t = TestApp::new().await;
    let before = t
        .app
        .store
        .latest_articles(i64::MAX, 0, 1000)
        .await
        .unwrap()
        .len();
    let config = t.app.config.clone();
    let crate::common::TestApp {
        app, _dir: _data, ..
    } = t;
    app.store.close().await;
    drop(app);
    let again = cong::build_app(config).await.unwrap();
    let after = again
        .store
        .latest_articles(i64::MAX, 0, 1000)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "no second seeding");
    assert!(before >= 40);
}

#[tokio::test]
async fn the_english_locale_translates_the_interface() {
    let t = TestApp::with(|c| c.site.locale = "en".into()).await;
    let url = t.some_article_url().await;
    let r = t.get(&url).await;
    assert_eq!(r.attr_all("html", "lang"), vec!["en"]);
    let date = r.texts("article time")[0].clone();
    let weekdays = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    assert!(weekdays.iter().any(|d| date.starts_with(d)), "{date}");
    assert!(
        !r.body.contains("Lượt xem") && !r.body.contains("Tác giả bài viết"),
        "no Vietnamese UI strings"
    );
    assert!(!r.body.contains("Thống kê truy cập"));
}
