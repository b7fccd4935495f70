//! Security headers on every response; hostile content is escaped.

use cong_store::NewArticle;

use crate::common::TestApp;

#[tokio::test]
async fn security_headers_on_every_response() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    for path in [
        "/",
        url.as_str(),
        "/khong-co",
        "/rss.xml",
        "/static/cong.css",
        "/healthz",
    ] {
        let r = t.get(path).await;
        let csp = r.header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(r.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            r.header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            r.header("strict-transport-security").contains("max-age="),
            "{path}: https base URL"
        );
    }
    let plain = TestApp::with(|c| c.site.base_url = "http://127.0.0.1:8080".into()).await;
    assert_eq!(plain.get("/").await.header("strict-transport-security"), "");
}

#[tokio::test]
async fn hostile_text_is_escaped_everywhere() {
    let t = TestApp::new().await;
    let cat = t.app.store.all_categories().await.unwrap()[0].clone();
    let evil = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
    let a = NewArticle {
        category_id: cat.id,
        slug: "bai-doc-hai".into(),
        title: format!("Tiêu đề {evil}"),
        lead: format!("Tóm tắt {evil} </script>"),
        body_html: cong_text::sanitize_html(&format!("<p>Thân bài {evil}</p>")),
        byline: evil.into(),
        source: evil.into(),
        status: "published".into(),
        published_at: t.app.now() - 1,
        tags: vec![evil.into()],
        ..NewArticle::default()
    };
    let id = t
        .app
        .store
        .insert_articles(&[a], t.app.now())
        .await
        .unwrap()[0];
    t.app.content_changed();
    let url = format!("/{}/bai-doc-hai-{id}.html", cat.slug);
    let r = t.get(&url).await;
    r.assert_status(200);
    assert!(!r.body.contains("<script>alert"), "script tag escaped");
    assert_eq!(r.count("[onerror]"), 0, "attribute injection escaped");
    // The body's <img> survived sanitising as a harmless element; the title's did not become one.
    assert_eq!(r.count("h1 img"), 0);
    // Only the JSON-LD block is an inline script, and the hostile text cannot close it.
    assert_eq!(r.count("script:not([src])"), 1);
    for feed in ["/rss.xml", "/atom.xml"] {
        let f = t.get(feed).await;
        roxmltree::Document::parse(&f.body).unwrap();
        assert!(!f.body.contains("<script>"), "{feed}");
    }
}
