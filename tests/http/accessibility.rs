//! WCAG structure on every kind of page: language, landmarks, skip link, headings, alt text.

use crate::common::TestApp;

#[tokio::test]
async fn pages_are_structured_for_assistive_technology() {
    let t = TestApp::new().await;
    let article = t.some_article_url().await;
    for path in [
        "/",
        "/tin-tuc-su-kien/",
        article.as_str(),
        "/trang/gioi-thieu",
        "/khong-co",
        "/tim-kiem?q=tiem+chung",
    ] {
        let r = t.get(path).await;
        let doc = r.html();
        assert_eq!(r.attr_all("html", "lang"), vec!["vi"], "{path}");
        assert_eq!(r.count("meta[name='viewport']"), 1, "{path}");
        for landmark in ["header", "nav", "main#noi-dung", "aside", "footer"] {
            assert!(r.count(landmark) >= 1, "{path}: {landmark}");
        }
        // The skip link is the first link of the page and points at main.
        let first = r.attr_all("a[href]", "href");
        assert_eq!(first[0], "#noi-dung", "{path}: skip link first");
        assert_eq!(r.count("h1"), 1, "{path}: one h1");
        // Heading levels never skip (h2 → h4).
        let sel = scraper::Selector::parse("h1, h2, h3, h4, h5, h6").unwrap();
        let levels: Vec<u8> = doc
            .select(&sel)
            .map(|h| h.value().name()[1..].parse().unwrap())
            .collect();
        for w in levels.windows(2) {
            assert!(w[1] <= w[0] + 1, "{path}: heading jump in {levels:?}");
        }
        for img in doc.select(&scraper::Selector::parse("img").unwrap()) {
            let alt = img.value().attr("alt");
            // The visit beacon is the one decorative image: empty alt, so readers skip it.
            let decorative = img.value().classes().any(|c| c == "beacon");
            assert!(
                alt.is_some_and(|a| decorative || !a.trim().is_empty()),
                "{path}: image without alt"
            );
        }
        for input in doc.select(&scraper::Selector::parse("input:not([type=hidden])").unwrap()) {
            // A radio button or box inside its label is labelled by it.
            let wrapped = input
                .ancestors()
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "label"));
            if wrapped {
                continue;
            }
            let id = input.value().attr("id").expect("inputs have ids");
            assert_eq!(
                r.count(&format!("label[for='{id}']")),
                1,
                "{path}: label for {id}"
            );
        }
        assert_eq!(r.count("[style]"), 0, "{path}: no inline styles (CSP)");
    }
}

#[tokio::test]
async fn stylesheets_cover_focus_phones_and_print() {
    let t = TestApp::new().await;
    let css = t.get("/static/cong.css").await;
    css.assert_status(200);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.body.contains(":focus-visible") || css.body.contains(":focus"));
    assert!(css.body.contains("@media"), "responsive rules");
    let print = t.get("/static/print.css").await;
    print.assert_status(200);
    assert!(print.body.contains("display: none") || print.body.contains("display:none"));
}
