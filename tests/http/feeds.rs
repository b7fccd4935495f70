//! Feeds, sitemap and robots.txt are well-formed and complete.

use crate::common::TestApp;

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"))
}

#[tokio::test]
async fn rss_and_atom_for_the_site_and_each_category() {
    let t = TestApp::new().await;
    for (path, ctype) in [
        ("/rss.xml", "application/rss+xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/tiem-chung/rss.xml", "application/rss+xml"),
        ("/tiem-chung/atom.xml", "application/atom+xml"),
    ] {
        let r = t.get(path).await;
        r.assert_status(200);
        assert!(r.header("content-type").starts_with(ctype), "{path}");
        let doc = parse(&r.body);
        let items: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item") || n.has_tag_name("entry"))
            .collect();
        assert!(!items.is_empty(), "{path} has entries");
        for link in doc.descendants().filter(|n| n.has_tag_name("link")) {
            let href = link.attribute("href").or(link.text()).unwrap_or("");
            assert!(
                href.starts_with("https://cong.example.vn/"),
                "{path}: absolute link {href:?}"
            );
        }
    }
    let rss = t.get("/rss.xml").await;
    assert_eq!(
        parse(&rss.body).root_element().attribute("version"),
        Some("2.0")
    );
    t.get("/khong-co/rss.xml").await.assert_status(404);
}

#[tokio::test]
async fn sitemap_lists_every_published_article_and_robots_points_to_it() {
    let t = TestApp::new().await;
    let r = t.get("/sitemap.xml").await;
    r.assert_status(200);
    let doc = parse(&r.body);
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let published = t
        .app
        .store
        .sitemap_articles(t.app.now())
        .await
        .unwrap()
        .len();
    let article_locs = locs.iter().filter(|l| l.ends_with(".html")).count();
    assert_eq!(article_locs, published);
    assert!(locs.contains(&"https://cong.example.vn/trang/lien-he"));
    assert!(!locs.iter().any(|l| l.contains("/admin")));
    let robots = t.get("/robots.txt").await;
    assert!(robots
        .body
        .contains("Sitemap: https://cong.example.vn/sitemap.xml"));
    assert!(robots.body.contains("Disallow: /admin/"));
}

#[tokio::test]
async fn article_metadata_open_graph_json_ld_canonical() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    let r = t.get(&url).await;
    let canonical = r.attr_all("link[rel='canonical']", "href");
    assert_eq!(canonical, vec![format!("https://cong.example.vn{url}")]);
    let og = |p: &str| r.attr_all(&format!("meta[property='{p}']"), "content");
    assert_eq!(og("og:type"), vec!["article"]);
    assert_eq!(og("og:url"), canonical);
    assert!(og("og:image")[0].starts_with("https://cong.example.vn/media/"));
    assert!(!og("og:title")[0].is_empty());
    let sel = scraper::Selector::parse("script[type='application/ld+json']").unwrap();
    let html = r.html();
    let json: String = html.select(&sel).next().unwrap().text().collect();
    let ld: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["mainEntityOfPage"], canonical[0]);
    assert!(ld["datePublished"].as_str().unwrap().ends_with("+07:00"));
    assert_eq!(
        r.attr_all("link[rel='stylesheet'][media='print']", "href")
            .len(),
        1,
        "print stylesheet"
    );
    assert!(r.count("link[rel='alternate'][type='application/rss+xml']") >= 1);
}
