//! The back-office log-in: sessions, throttling, two-factor codes, log-out, idle timeout.

use crate::common::*;

pub const PASSWORD: &str = "mật khẩu đủ dài 2026";

/// Creates an account as `cong user add` would.
pub async fn add_user(t: &TestApp, name: &str, display: &str, role: &str) {
    let new = cong::auth::accounts::NewAccount {
        name,
        display_name: display,
        role,
        password: PASSWORD,
    };
    let a = &t.app;
    cong::auth::accounts::create(&a.store, &a.hasher, &a.config.security, new, a.now())
        .await
        .unwrap();
}

async fn with_user(tweak: impl FnOnce(&mut cong::Config)) -> TestApp {
    let t = TestApp::with(tweak).await;
    add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
    t
}

#[tokio::test]
async fn log_in_and_out_with_a_server_side_session() {
    let t = with_user(|_| {}).await;
    let mut b = Browser::new(&t);
    let login = b.get("/admin/login").await;
    login.assert_status(200);
    assert_eq!(login.header("x-robots-tag"), "noindex, nofollow");
    assert_eq!(login.header("cache-control"), "no-store");
    let csp = login.header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(login.header("x-content-type-options"), "nosniff");
    assert!(!login.header("referrer-policy").is_empty());
    assert!(
        login
            .header("strict-transport-security")
            .contains("max-age"),
        "https site: HSTS"
    );
    // Strangers are sent to the log-in page.
    let r = b.get("/admin/").await;
    r.assert_status(303);
    assert_eq!(r.header("location"), "/admin/login");
    let r = b.log_in("bientap", PASSWORD).await;
    r.assert_status(303);
    let cookie = r.header("set-cookie");
    assert!(
        cookie.starts_with("cong_phien=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(
        cookie.contains("SameSite=Lax") && cookie.contains("Secure"),
        "https site: {cookie}"
    );
    let home = b.get("/admin/").await;
    home.assert_status(200);
    assert!(home.body.contains("Lê Thị Mai"));
    assert!(home.body.contains("Biên tập viên"));
    // The session is a row: its token's hash, never the token.
    let token = b
        .cookies
        .iter()
        .find(|(k, _)| k == "cong_phien")
        .unwrap()
        .1
        .clone();
    let hash = cong::auth::session::token_hash(&token);
    assert!(t.app.store.session(&hash).await.unwrap().is_some());
    assert!(t.app.store.session(&token).await.unwrap().is_none());
    // Log-out needs the CSRF token, and ends the session on the server.
    let csrf = home.attr_all("input[name='csrf']", "value")[0].clone();
    b.post("/admin/logout", &[("csrf", "forged")], None)
        .await
        .assert_status(403);
    b.post("/admin/logout", &[("csrf", &csrf)], None)
        .await
        .assert_status(303);
    assert!(t.app.store.session(&hash).await.unwrap().is_none());
    let mut replay = Browser::new(&t);
    replay.cookies.push(("cong_phien".into(), token));
    replay.get("/admin/").await.assert_status(303);
    let log = t
        .app
        .store
        .audit_entries(&Default::default(), 10, 0)
        .await
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["logout", "login"]);
}

#[tokio::test]
async fn wrong_passwords_are_throttled_without_revealing_names() {
    let t = with_user(|_| {}).await;
    let mut b = Browser::new(&t);
    let unknown = b.log_in("khongco", PASSWORD).await;
    unknown.assert_status(401);
    let wrong = b.log_in("bientap", "sai mật khẩu rồi").await;
    wrong.assert_status(401);
    let msg = |r: &TestResponse| r.texts("[role='alert']").join(" ");
    assert_eq!(msg(&unknown), msg(&wrong), "same answer for unknown names");
    for _ in 0..4 {
        b.log_in("bientap", "sai mật khẩu rồi")
            .await
            .assert_status(401);
    }
    // The fifth failure locked the name from here; the right password is refused until the
    // time given, unchecked.
    let locked = b.log_in("bientap", "sai mật khẩu rồi").await;
    locked.assert_status(429);
    assert!(msg(&locked).contains("thử lại sau"), "{}", msg(&locked));
    assert!(locked.header("retry-after").parse::<i64>().unwrap() > 0);
    b.log_in("bientap", PASSWORD).await.assert_status(429);
    // The count is in the database: a new app on the same store still refuses.
    assert!(
        t.app
            .store
            .locked_until("pair:bientap|127.0.0.1")
            .await
            .unwrap()
            > t.app.now()
    );
    let failed = cong_store::AuditFilter {
        action: Some("login_failed".into()),
        ..Default::default()
    };
    assert_eq!(
        t.app
            .store
            .audit_entries(&failed, 20, 0)
            .await
            .unwrap()
            .len(),
        6,
        "refused attempts are not checked, so not logged one by one"
    );
    // A stale or forged log-in form changes nothing.
    let r = b
        .post(
            "/admin/login",
            &[("token", "x"), ("name", "bientap"), ("password", PASSWORD)],
            None,
        )
        .await;
    r.assert_status(403);
}

#[tokio::test]
async fn idle_sessions_end_on_the_server_and_pings_renew_them() {
    let t = with_user(|c| {
        c.admin.idle_secs = 20;
        c.admin.warn_secs = 5;
    })
    .await;
    let mut b = Browser::new(&t);
    b.log_in("bientap", PASSWORD).await.assert_status(303);
    let home = b.get("/admin/").await;
    // 20 s less the renewal step (1 s): the countdown never promises more than is left.
    assert_eq!(home.attr_all(".idle-warning", "data-idle-secs"), ["19"]);
    let csrf = home.attr_all(".idle-warning", "data-csrf")[0].clone();
    let token = b
        .cookies
        .iter()
        .find(|(k, _)| k == "cong_phien")
        .unwrap()
        .1
        .clone();
    let hash = cong::auth::session::token_hash(&token);
    // Without the CSRF header a ping is refused; with it the session is renewed.
    b.post("/admin/ping", &[], None).await.assert_status(403);
    b.post("/admin/ping", &[], Some(("x-csrf-token", &csrf)))
        .await
        .assert_status(200);
    // Pretend the user went quiet for longer than the timeout.
    let long_ago = t.app.now() - 21;
    t.app.store.touch_session(&hash, long_ago).await.unwrap();
    let r = b.get("/admin/").await;
    r.assert_status(303);
    assert!(
        t.app.store.session(&hash).await.unwrap().is_none(),
        "ended on the server"
    );
    b.post("/admin/ping", &[], Some(("x-csrf-token", &csrf)))
        .await
        .assert_status(401);
}

#[tokio::test]
async fn a_session_is_renewed_every_thirty_seconds_at_most_and_never_overstates_what_is_left() {
    let t = with_user(|c| c.admin.idle_secs = 600).await;
    let mut b = Browser::new(&t);
    b.log_in("bientap", PASSWORD).await.assert_status(303);
    let token = b.cookie("cong_phien").unwrap();
    let hash = cong::auth::session::token_hash(&token);
    let idle_left = |r: &TestResponse| -> i64 {
        r.attr_all(".idle-warning", "data-idle-secs")[0]
            .parse()
            .unwrap()
    };
    // Renewed ten seconds ago: this page writes nothing.
    let ten_ago = t.app.now() - 10;
    t.app.store.touch_session(&hash, ten_ago).await.unwrap();
    let first = b.get("/admin/").await;
    first.assert_status(200);
    let stored = t.app.store.session(&hash).await.unwrap().unwrap();
    assert_eq!(stored.last_seen, ten_ago, "not written again");
    // What the page promises is at most what is left (590 s), and the same a second later.
    assert_eq!(idle_left(&first), 570);
    // Twenty-nine seconds ago: still not written, and still no more than is left (571 s).
    t.app
        .store
        .touch_session(&hash, t.app.now() - 29)
        .await
        .unwrap();
    let r = b.get("/admin/").await;
    assert_eq!(idle_left(&r), 570);
    // Forty seconds ago: renewed now.
    t.app
        .store
        .touch_session(&hash, t.app.now() - 40)
        .await
        .unwrap();
    b.get("/admin/").await.assert_status(200);
    let stored = t.app.store.session(&hash).await.unwrap().unwrap();
    assert!(stored.last_seen >= t.app.now() - 1, "renewed");
}

/// Every back-office page, and the least role that may open it.
const PAGES: &[(&str, Option<&str>)] = &[
    ("/admin/", Some("author")),
    ("/admin/bai-viet", Some("author")),
    ("/admin/bai-viet/moi", Some("author")),
    (
        "/admin/bai-viet?trang-thai=draft&tu-khoa=tiem&trang=2",
        Some("author"),
    ),
    ("/admin/tep", Some("author")),
    (
        "/admin/tep?tu-khoa=hoi+nghi&loai=anh&nguoi=1&trang=2",
        Some("author"),
    ),
    ("/admin/tep/chon?tu-khoa=hoi", Some("author")),
    ("/admin/nhat-ky", Some("admin")),
    ("/admin/nguoi-dung", Some("admin")),
    (
        "/admin/nhat-ky?nguoi=bientap&hanh_dong=login&tu=2020-01-01&den=2099-12-31",
        Some("admin"),
    ),
];

#[tokio::test]
async fn every_back_office_page_checks_the_role() {
    let t = with_user(|_| {}).await;
    for (name, role) in [("quantri", "admin"), ("tacgia", "author")] {
        add_user(&t, name, name, role).await;
    }
    let rank = |r: &str| {
        ["author", "editor", "admin"]
            .iter()
            .position(|x| *x == r)
            .unwrap()
    };
    let mut stranger = Browser::new(&t);
    for (name, role) in [
        ("tacgia", "author"),
        ("bientap", "editor"),
        ("quantri", "admin"),
    ] {
        let mut b = Browser::new(&t);
        b.log_in(name, PASSWORD).await.assert_status(303);
        for (path, least) in PAGES {
            let r = b.get(path).await;
            let allowed = least.is_some_and(|l| rank(role) >= rank(l));
            r.assert_status(if allowed { 200 } else { 403 });
            assert_eq!(r.header("x-robots-tag"), "noindex, nofollow", "{path}");
        }
    }
    // The writes of the user pages: administrators only, whatever the form says.
    let target = t
        .app
        .store
        .user_by_name("tacgia")
        .await
        .unwrap()
        .unwrap()
        .id;
    let writes = [
        "/admin/nguoi-dung".to_string(),
        format!("/admin/nguoi-dung/{target}/khoa"),
        format!("/admin/nguoi-dung/{target}/mo-khoa"),
        format!("/admin/nguoi-dung/{target}/dat-lai-mat-khau"),
    ];
    for name in ["tacgia", "bientap"] {
        let mut b = Browser::new(&t);
        b.log_in(name, PASSWORD).await;
        let csrf = b
            .get("/admin/")
            .await
            .attr_all("input[name='csrf']", "value")[0]
            .clone();
        for path in &writes {
            b.post(path, &[("csrf", &csrf)], None)
                .await
                .assert_status(403);
        }
    }
    for path in &writes {
        stranger.post(path, &[], None).await.assert_status(303);
    }
    assert!(
        !t.app
            .store
            .user_by_id(target)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    for (path, _) in PAGES {
        let r = stranger.get(path).await;
        r.assert_status(303);
        assert_eq!(r.header("location"), "/admin/login", "{path}");
    }
    // The audit log lists the log-ins just made, filtered, and offers no way to change them.
    let mut admin = Browser::new(&t);
    admin.log_in("quantri", PASSWORD).await;
    let log = admin.get("/admin/nhat-ky?nguoi=bientap").await;
    assert!(log
        .texts(".audit-log tbody td")
        .iter()
        .any(|c| c == "login"));
    assert!(!log
        .texts(".audit-log tbody td")
        .iter()
        .any(|c| c == "quantri"));
    assert_eq!(log.count(".audit-log form, .audit-log button"), 0);
    // The sitemap never lists the back office.
    assert!(!stranger.get("/sitemap.xml").await.body.contains("/admin"));
}

#[tokio::test]
async fn administrators_manage_users_and_every_change_is_logged() {
    let t = with_user(|_| {}).await;
    add_user(&t, "quantri", "Quản trị", "admin").await;
    let mut admin = Browser::new(&t);
    admin.log_in("quantri", PASSWORD).await.assert_status(303);
    let page = admin.get("/admin/nguoi-dung").await;
    let csrf = page.attr_all("input[name='csrf']", "value")[0].clone();
    // Create: checked like the command line (name, role, password), then logged.
    let bad = admin
        .post(
            "/admin/nguoi-dung",
            &[
                ("csrf", &csrf),
                ("name", "Tac Gia"),
                ("role", "author"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    bad.assert_status(422);
    let r = admin
        .post(
            "/admin/nguoi-dung",
            &[
                ("csrf", &csrf),
                ("name", "tacgia"),
                ("role", "author"),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    r.assert_status(200);
    let author = t.app.store.user_by_name("tacgia").await.unwrap().unwrap();
    // A forged CSRF token changes nothing.
    let path = format!("/admin/nguoi-dung/{}/khoa", author.id);
    admin
        .post(&path, &[("csrf", "forged")], None)
        .await
        .assert_status(403);
    assert!(
        !t.app
            .store
            .user_by_id(author.id)
            .await
            .unwrap()
            .unwrap()
            .disabled
    );
    // Disable: the author's session ends and log-in is refused; enable again.
    let mut writer = Browser::new(&t);
    writer.log_in("tacgia", PASSWORD).await.assert_status(303);
    admin
        .post(&path, &[("csrf", &csrf)], None)
        .await
        .assert_status(200);
    writer.get("/admin/").await.assert_status(303);
    writer.log_in("tacgia", PASSWORD).await.assert_status(401);
    let path = format!("/admin/nguoi-dung/{}/mo-khoa", author.id);
    admin
        .post(&path, &[("csrf", &csrf)], None)
        .await
        .assert_status(200);
    writer.log_in("tacgia", PASSWORD).await.assert_status(303);
    // Reset: weak passwords refused; a good one ends the user's sessions.
    let path = format!("/admin/nguoi-dung/{}/dat-lai-mat-khau", author.id);
    admin
        .post(&path, &[("csrf", &csrf), ("password", "ngan")], None)
        .await
        .assert_status(422);
    let fresh = "một mật khẩu mới hoàn toàn";
    admin
        .post(&path, &[("csrf", &csrf), ("password", fresh)], None)
        .await
        .assert_status(200);
    writer.get("/admin/").await.assert_status(303);
    writer.log_in("tacgia", fresh).await.assert_status(303);
    // An administrator cannot lock themselves out.
    let me = t.app.store.user_by_name("quantri").await.unwrap().unwrap();
    let own = format!("/admin/nguoi-dung/{}/khoa", me.id);
    admin
        .post(&own, &[("csrf", &csrf)], None)
        .await
        .assert_status(422);
    let changes = cong_store::AuditFilter {
        user_id: Some(me.id),
        ..Default::default()
    };
    let actions: Vec<String> = t
        .app
        .store
        .audit_entries(&changes, 20, 0)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in [
        "user_created",
        "user_disabled",
        "user_enabled",
        "password_reset",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn users_enrol_in_two_factor_and_change_their_password() {
    let t = with_user(|c| c.admin.require_totp = true).await;
    let mut b = Browser::new(&t);
    b.log_in("bientap", PASSWORD).await.assert_status(303);
    // Required for editors: every page but the account page sends them to enrol.
    let r = b.get("/admin/").await;
    r.assert_status(303);
    assert_eq!(r.header("location"), "/admin/tai-khoan");
    let account = b.get("/admin/tai-khoan").await;
    account.assert_status(200);
    let csrf = account.attr_all("input[name='csrf']", "value")[0].clone();
    let start = b
        .post(
            "/admin/tai-khoan/totp-bat-dau",
            &[("csrf", &csrf), ("current", PASSWORD)],
            None,
        )
        .await;
    start.assert_status(200);
    let qr = start.attr_all("img.totp-qr", "src")[0].clone();
    assert!(qr.starts_with("data:image/svg+xml,"), "{}", &qr[..40]);
    let secret = start.texts(".totp-secret")[0].clone();
    let now = t.app.now();
    let wrong = b
        .post(
            "/admin/tai-khoan/totp-xac-nhan",
            &[("csrf", &csrf), ("code", "000000")],
            None,
        )
        .await;
    if cong::auth::totp::code_at(&secret, now / 30).unwrap() != "000000" {
        wrong.assert_status(422);
    }
    let code = cong::auth::totp::code_at(&secret, now / 30 + 1).unwrap();
    let done = b
        .post(
            "/admin/tai-khoan/totp-xac-nhan",
            &[("csrf", &csrf), ("code", &code)],
            None,
        )
        .await;
    done.assert_status(200);
    assert_eq!(
        done.count(".recovery-codes li"),
        10,
        "recovery codes shown once"
    );
    let codes = done.texts(".recovery-codes code");
    b.get("/admin/").await.assert_status(200);
    assert!(b.get("/admin/tai-khoan").await.count(".recovery-codes") == 0);
    // Changing the password ends the other sessions but keeps this one.
    let mut other = Browser::new(&t);
    other.log_in("bientap", PASSWORD).await.assert_status(200);
    // The TOTP step just used cannot serve twice; a recovery code shown at enrolment can.
    other
        .post("/admin/login/ma", &[("code", &codes[0])], None)
        .await
        .assert_status(303);
    other.get("/admin/").await.assert_status(200);
    let wrong_current = b
        .post(
            "/admin/tai-khoan/mat-khau",
            &[
                ("csrf", &csrf),
                ("current", "sai"),
                ("new", "mật khẩu mới rất dài"),
            ],
            None,
        )
        .await;
    wrong_current.assert_status(422);
    b.post(
        "/admin/tai-khoan/mat-khau",
        &[
            ("csrf", &csrf),
            ("current", PASSWORD),
            ("new", "mật khẩu mới rất dài"),
        ],
        None,
    )
    .await
    .assert_status(200);
    b.get("/admin/").await.assert_status(200);
    other.get("/admin/").await.assert_status(303);
    let log = t
        .app
        .store
        .audit_entries(&Default::default(), 50, 0)
        .await
        .unwrap();
    for a in ["totp_enabled", "password_changed"] {
        assert!(log.iter().any(|e| e.action == a), "{a}");
    }
}
