//! Bad addresses get a themed error page with the right status, never a 500.

use crate::common::TestApp;

#[tokio::test]
async fn bad_addresses_get_themed_error_pages() {
    let t = TestApp::new().await;
    let long_query = format!("/?q={}", "a".repeat(5000));
    let cases: Vec<(String, u16)> = vec![
        ("/khong-co-trang-nay".into(), 404),
        ("/khong-co/".into(), 404),
        ("/tin-tuc-su-kien/tieu-de-abc.html".into(), 404),
        ("/tin-tuc-su-kien/tieu-de-99999999.html".into(), 404),
        (
            "/tin-tuc-su-kien/tieu-de-999999999999999999999999.html".into(),
            404,
        ),
        ("/tin-tuc-su-kien/trang-0/".into(), 404),
        ("/tin-tuc-su-kien/trang-1/".into(), 404),
        ("/tin-tuc-su-kien/trang-99999999999999/".into(), 404),
        ("/tin-tuc-su-kien/trang-abc/".into(), 404),
        ("/tin-tuc-su-kien/trang-999/".into(), 404),
        ("/tham-do/abc".into(), 404),
        ("/trang/khong-co".into(), 404),
        ("/static/../Cargo.toml".into(), 404),
        ("/static/cong.exe".into(), 404),
        ("/media/../cong.db".into(), 404),
        ("/media/mau/khong-co.jpg".into(), 404),
        ("/%FF%FE/".into(), 400),
        (long_query, 414),
    ];
    for (path, status) in cases {
        let r = t.get(&path).await;
        assert_eq!(r.status.as_u16(), status, "{path}");
        assert!(
            r.header("content-type").starts_with("text/html"),
            "{path}: themed page"
        );
        assert!(
            r.body.contains("Sở Y tế tỉnh Hà Giang Nam"),
            "{path}: with the site around it"
        );
        assert_eq!(r.count("h1"), 1, "{path}");
    }
}

#[tokio::test]
async fn wrong_methods_are_refused_with_a_page() {
    let t = TestApp::new().await;
    let req = axum::http::Request::post("/")
        .body(axum::body::Body::from("x=1"))
        .unwrap();
    let r = t.send(req).await;
    assert_eq!(r.status.as_u16(), 405);
    assert!(r.header("content-type").starts_with("text/html"));
}

#[tokio::test]
async fn a_config_file_with_a_wrong_value_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("cong.toml");
    std::fs::write(&f, "[reader]\nper_page = 0\n").unwrap();
    let e = cong::Config::load(Some(&f)).unwrap_err().to_string();
    assert!(e.contains("reader.per_page"), "{e}");
    std::fs::write(&f, "[site]\nlocale = \"fr\"\n").unwrap();
    let e = cong::Config::load(Some(&f)).unwrap_err().to_string();
    assert!(e.contains("site.locale"), "{e}");
}
