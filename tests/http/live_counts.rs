//! View counts and visitor figures are live on cached pages and reach the database.

use crate::common::{TestApp, FIREFOX};

fn views_on(body: &str) -> u64 {
    // The figure follows the "Lượt xem" label; digits may be grouped with dots.
    let at = body.find("Lượt xem").expect("view count shown");
    let digits: String = body[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

#[tokio::test]
async fn each_view_shows_the_count_including_itself() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    for n in 1..=25 {
        let r = t.get(&url).await;
        assert_eq!(views_on(&r.body), n, "request {n}");
    }
    // Bots and HEAD requests see the page but are not counted.
    let bot = t
        .request(&url, Some("Mozilla/5.0 (compatible; Googlebot/2.1)"))
        .await;
    assert_eq!(views_on(&bot.body), 25);
    let again = t.get(&url).await;
    assert_eq!(views_on(&again.body), 26);
    // The flush writes them to the database.
    let id = crate::common::article_id(&url);
    cong::jobs::flush(&t.app, 20260101).await;
    assert_eq!(t.app.store.article_views(id).await.unwrap(), 26);
}

#[tokio::test]
async fn visitor_figures_count_readers_not_hits() {
    let t = TestApp::new().await;
    let figures = |body: &str| -> Vec<u64> {
        let doc = scraper::Html::parse_document(body);
        let sel = scraper::Selector::parse(
            ".block--stats dd, .block--stats .stat__value, .block--stats strong",
        )
        .unwrap();
        doc.select(&sel)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
            })
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect()
    };
    // Pages alone count nothing: a visit is counted when the browser loads the page's beacon.
    let first = t.get("/").await;
    let f0 = figures(&first.body);
    assert_eq!(f0.len(), 4, "online, today, month, total: {f0:?}");
    assert_eq!(
        figures(&t.get("/").await.body),
        f0,
        "HTML without its resources"
    );
    assert_eq!(first.count("img.beacon[src='/beacon.gif']"), 1);
    let beacon = t.get("/beacon.gif").await;
    beacon.assert_status(200);
    assert_eq!(beacon.header("cache-control"), "no-store");
    let f1 = figures(&t.get("/").await.body);
    assert_eq!(f1[1..], [f0[1] + 1, f0[2] + 1, f0[3] + 1]);
    // The same reader again: no new visit.
    for _ in 0..5 {
        t.get("/tin-tuc-su-kien/").await;
        t.get("/beacon.gif").await;
    }
    let f2 = figures(&t.get("/").await.body);
    assert_eq!(f2[1..], f1[1..], "same reader, same visit");
    // Another reader (different user agent): one more visit today, this month and in all.
    t.request("/beacon.gif", Some(&format!("{FIREFOX} Other")))
        .await;
    let f3 = figures(&t.get("/").await.body);
    assert_eq!((f3[1], f3[2], f3[3]), (f1[1] + 1, f1[2] + 1, f1[3] + 1));
    // A crawler adds nothing, even when it fetches the beacon.
    t.request("/beacon.gif", Some("Mozilla/5.0 (compatible; bingbot/2.0)"))
        .await;
    assert_eq!(figures(&t.get("/").await.body)[3], f3[3]);
    cong::jobs::flush(&t.app, 20261123).await;
    let (today, _, total) = t.app.store.visit_totals(20261123, 20261101).await.unwrap();
    assert_eq!((today, total), (2, 2));
}
