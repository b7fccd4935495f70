//! Smaller holes, each closed at its mechanism: media that could run as this site's page, a
//! TLS proxy the site does not know about, sessions that never end, rows that only grow,
//! absurd log-in names, and the government preset.

use axum::body::Body;
use axum::http::Request;

use crate::admin::{add_user, PASSWORD};
use crate::common::*;

/// A file under the data folder's `media/`.
fn put_media(t: &TestApp, name: &str, bytes: &[u8]) {
    let path = t.app.config.data.join("media").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[tokio::test]
async fn media_serves_pictures_and_documents_only_inert_and_in_ranges() {
    let t = TestApp::new().await;
    let svg =
        br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>"#;
    for (name, bytes) in [
        ("tai-len/anh.svg", &svg[..]),
        ("tai-len/trang.html", b"<script>alert(1)</script>"),
        ("tai-len/ma.js", b"alert(1)"),
        ("tai-len/kieu.css", b"body{}"),
        ("tai-len/du-lieu.xml", b"<x/>"),
        ("tai-len/khong-duoi", b"<script>alert(1)</script>"),
    ] {
        put_media(&t, name, bytes);
        t.get(&format!("/media/{name}")).await.assert_status(404);
    }
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpeg.extend((0..5000u32).map(|i| (i % 251) as u8));
    put_media(&t, "tai-len/anh.jpg", &jpeg);
    let r = t.get("/media/tai-len/anh.jpg").await;
    r.assert_status(200);
    assert_eq!(r.header("content-type"), "image/jpeg");
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    let csp = r.header("content-security-policy");
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert!(!r.header("last-modified").is_empty());
    // Ranges are served from the file, not from a copy in memory.
    let req = Request::get("/media/tai-len/anh.jpg")
        .header("range", "bytes=100-199")
        .body(Body::empty())
        .unwrap();
    let part = t.send(req).await;
    part.assert_status(206);
    assert_eq!(part.header("content-length"), "100");
    // Documents download; a PDF opens, without the sandbox its viewer refuses.
    put_media(&t, "van-ban/quyet-dinh.docx", b"PK\x03\x04");
    let d = t.get("/media/van-ban/quyet-dinh.docx").await;
    d.assert_status(200);
    assert_eq!(d.header("content-disposition"), "attachment");
    put_media(&t, "van-ban/quyet-dinh.pdf", b"%PDF-1.4\n");
    let p = t.get("/media/van-ban/quyet-dinh.pdf").await;
    assert_eq!(p.header("content-type"), "application/pdf");
    assert!(p
        .header("content-security-policy")
        .starts_with("default-src 'none'"));
    for bad in [
        "/media/../cong.db",
        "/media/%2e%2e/cong.db",
        "/media/tai-len/",
    ] {
        assert_ne!(t.get(bad).await.status, 200, "{bad}");
    }
}

#[tokio::test]
async fn behind_a_tls_proxy_cookies_are_secure_and_hsts_is_sent() {
    let t = TestApp::with(|c| {
        c.site.base_url = "http://cong.example.vn".into();
        c.trusted_proxies = vec!["10.0.0.2".parse().unwrap()];
    })
    .await;
    add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
    // Straight to the server over http: no Secure, no HSTS.
    let mut direct = Browser::from(&t, "203.0.113.5");
    let r = direct.log_in("bientap", PASSWORD).await;
    r.assert_status(303);
    assert!(!r.header("set-cookie").contains("Secure"));
    assert_eq!(r.header("strict-transport-security"), "");
    // Through the trusted proxy that terminated TLS.
    let page = Request::get("/admin/login")
        .header("user-agent", FIREFOX)
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-for", "203.0.113.6");
    let mut req = page.body(Body::empty()).unwrap();
    let proxy = std::net::SocketAddr::new("10.0.0.2".parse().unwrap(), 5000);
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(proxy));
    let r = t.send(req).await;
    assert!(r.header("strict-transport-security").contains("max-age="));
    // A client that claims https itself is not believed.
    let mut liar = Browser::from(&t, "203.0.113.7");
    let r = liar.get("/admin/login").await;
    assert_eq!(r.header("strict-transport-security"), "");
}

#[tokio::test]
async fn sessions_end_at_their_absolute_lifetime_however_busy() {
    for t in TestApp::each_backend(|c| c.security.session_max_secs = 3600).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let user = t.app.store.user_by_name("bientap").await.unwrap().unwrap();
        let (token, hash) = cong::auth::session::new_token();
        let now = t.app.now();
        // Started more than an hour ago, busy a second ago.
        t.app
            .store
            .create_session(&hash, user.id, "203.0.113.5", "", now - 3601)
            .await
            .unwrap();
        t.app.store.touch_session(&hash, now - 1).await.unwrap();
        let mut b = Browser::new(&t);
        b.cookies.push(("cong_phien".into(), token));
        let r = b.get("/admin/").await;
        r.assert_status(303);
        assert!(t.app.store.session(&hash).await.unwrap().is_none());
        // A young session shows how long it has left, the sooner of idle and lifetime.
        let (token, hash) = cong::auth::session::new_token();
        t.app
            .store
            .create_session(&hash, user.id, "203.0.113.5", "", now - 3500)
            .await
            .unwrap();
        t.app.store.touch_session(&hash, now).await.unwrap();
        let mut b = Browser::new(&t);
        b.cookies.push(("cong_phien".into(), token));
        let home = b.get("/admin/").await;
        home.assert_status(200);
        let left: i64 = home.attr_all(".idle-warning", "data-idle-secs")[0]
            .parse()
            .unwrap();
        assert!((90..=100).contains(&left), "{left}");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn rows_that_only_grow_are_pruned() {
    for t in TestApp::each_backend(|c| c.security.audit_retention_days = 730).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let s = &t.app.store;
        let user = s.user_by_name("bientap").await.unwrap().unwrap();
        let now = t.app.now();
        s.create_session("cu", user.id, "", "", now - 7200)
            .await
            .unwrap();
        s.create_session("moi", user.id, "", "", now).await.unwrap();
        let rule = cong_store::FailureRule {
            limit: 5,
            window: 900,
            lock: 900,
        };
        s.reserve_attempt(&[("pair:cu|198.51.100.1", rule)], now - 3 * 86_400)
            .await
            .unwrap()
            .unwrap();
        s.reserve_attempt(&[("pair:moi|198.51.100.1", rule)], now)
            .await
            .unwrap()
            .unwrap();
        s.start_pending_login("cho-cu", user.id, now - 3600)
            .await
            .unwrap();
        s.start_pending_login("cho-moi", user.id, now)
            .await
            .unwrap();
        for (at, action) in [(now - 800 * 86_400, "login"), (now, "logout")] {
            let e = cong_store::AuditEntry {
                at,
                user_name: "bientap".into(),
                action: action.into(),
                ..Default::default()
            };
            s.audit(&e).await.unwrap();
        }
        cong::jobs::hourly(&t.app, now).await;
        assert!(
            s.session("cu").await.unwrap().is_none(),
            "idle session swept"
        );
        assert!(s.session("moi").await.unwrap().is_some());
        // The old count is gone: the same key starts again at 1 (4 more allowed, then locked).
        assert_eq!(
            s.forget_attempts_before(now - 86_400, now).await.unwrap(),
            0
        );
        assert_eq!(
            s.attempt_pending_login("cho-cu", now, 300, 5)
                .await
                .unwrap(),
            None
        );
        assert!(s
            .attempt_pending_login("cho-moi", now, 300, 5)
            .await
            .unwrap()
            .is_some());
        let left = s.audit_entries(&Default::default(), 10, 0).await.unwrap();
        assert_eq!(
            left.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["logout"],
            "only entries past the retention go"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_absurd_log_in_name_is_stored_nowhere() {
    let t = TestApp::new().await;
    let huge = "a".repeat(90_000);
    let mut b = Browser::new(&t);
    let r = b.log_in(&huge, "bất kỳ mật khẩu nào").await;
    r.assert_status(401);
    assert!(r.body.len() < 60_000, "the name is not echoed back whole");
    // Its count is under the address only; the audit keeps a short prefix.
    let db = t.app.config.data.join("cong.db");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let longest: i64 = sqlx::query_scalar("SELECT MAX(LENGTH(key)) FROM login_failures")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(longest < 100, "{longest}");
    let name: String = sqlx::query_scalar("SELECT user_name FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(name.len(), 80);
}

#[tokio::test]
async fn the_government_preset_tightens_the_back_office() {
    let t = TestApp::with(|c| c.security.preset = "government".into()).await;
    let cfg = &t.app.config;
    assert_eq!(cfg.admin.idle_secs, 900);
    assert!(cfg.admin.require_totp);
    assert_eq!(cfg.security.password_min_chars, 12);
    add_user(&t, "quantri", "Trần Văn Bình", "admin").await;
    let mut b = Browser::new(&t);
    b.log_in("quantri", PASSWORD).await.assert_status(303);
    // Administrators must turn on two-factor log-in before anything else.
    let r = b.get("/admin/nguoi-dung").await;
    r.assert_status(303);
    assert_eq!(r.header("location"), "/admin/tai-khoan");
    let account = b.get("/admin/tai-khoan").await;
    // 15 minutes, less the 30 s between renewals: the countdown never promises more.
    assert_eq!(account.attr_all(".idle-warning", "data-idle-secs"), ["870"]);
    let csrf = account.attr_all("input[name='csrf']", "value")[0].clone();
    // Password rules: length and kinds of character, told in Vietnamese.
    let weak = b
        .post(
            "/admin/tai-khoan/mat-khau",
            &[
                ("csrf", &csrf),
                ("current", PASSWORD),
                ("new", "chỉ toàn chữ thường"),
            ],
            None,
        )
        .await;
    weak.assert_status(422);
    assert!(
        weak.body.contains("ít nhất 3 loại ký tự"),
        "{}",
        weak.texts("[role='alert']").join(" ")
    );
    // Five wrong passwords lock a name from a network.
    let mut g = Browser::from(&t, "198.51.100.9");
    for _ in 0..5 {
        g.log_in("quantri", "Sai-Mat-Khau-2026")
            .await
            .assert_status(401);
    }
    g.log_in("quantri", PASSWORD).await.assert_status(429);
    // The preset needs an https address.
    let mut plain = cong::Config {
        data: t.app.config.data.clone(),
        ..cong::Config::default()
    };
    plain.security.preset = "government".into();
    plain.apply_preset();
    let e = plain.validate().unwrap_err().to_string();
    assert!(e.contains("site.base_url"), "{e}");
}
