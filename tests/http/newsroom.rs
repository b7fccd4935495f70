//! The newsroom over HTTP, on every backend: write, submit, send back, publish, schedule,
//! unpublish, revise, compare, restore; a stale save refused; the edit lock; a changed slug
//! still reached; and every role's permission on every action.

use crate::admin::{add_user, PASSWORD};
use crate::common::*;

/// A browser logged in as `name`, with its CSRF token.
async fn signed_in<'a>(t: &'a TestApp, name: &str) -> (Browser<'a>, String) {
    let mut b = Browser::new(t);
    b.log_in(name, PASSWORD).await.assert_status(303);
    let csrf = b.csrf().await;
    (b, csrf)
}

/// Posts a workflow step's one-button form (`/admin/bai-viet/<id>/<action>`).
async fn step(b: &mut Browser<'_>, id: i64, action: &str, csrf: &str) -> TestResponse {
    b.post(
        &format!("/admin/bai-viet/{id}/{action}"),
        &[("csrf", csrf)],
        None,
    )
    .await
}

/// The id of the first category of the sample portal, and its slug.
async fn a_category(t: &TestApp) -> (i64, String) {
    let c = t.app.store.all_categories().await.unwrap()[0].clone();
    (c.id, c.slug)
}

/// Posts the article form; `extra` adds or replaces fields.
async fn send_article(
    b: &mut Browser<'_>,
    path: &str,
    csrf: &str,
    category: i64,
    extra: &[(&str, &str)],
) -> TestResponse {
    let category = category.to_string();
    let mut form: Vec<(&str, &str)> = vec![
        ("csrf", csrf),
        ("title", "Tiêm chủng mở rộng đợt cuối năm cho trẻ em"),
        ("lead", "Sở Y tế tổ chức đợt tiêm bù cho trẻ chưa tiêm đủ mũi."),
        (
            "body",
            "<h2>Lịch tiêm</h2><p>Trạm y tế <strong>mở cửa</strong> cả thứ Bảy.</p>\
             <table><caption>Lịch</caption><tr><th scope=\"col\">Ngày</th></tr><tr><td>Thứ Bảy</td></tr></table>",
        ),
        ("category", &category),
        ("tags", "Tiêm chủng, Trẻ em"),
        ("byline", "Minh Anh"),
        ("allow_comments", "1"),
    ];
    for (k, v) in extra {
        form.retain(|(key, _)| key != k);
        form.push((k, v));
    }
    b.post(path, &form, None).await
}

fn id_in(location: &str) -> i64 {
    location
        .trim_start_matches("/admin/bai-viet/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn an_article_goes_from_draft_to_the_public_site_and_back() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let (cat, _) = a_category(&t).await;
        let (mut author, acsrf) = signed_in(&t, "tacgia").await;
        // Written without JavaScript: the textarea's HTML, cleaned by the allow-list.
        let r = send_article(
            &mut author,
            "/admin/bai-viet",
            &acsrf,
            cat,
            &[(
                "body",
                "<p onclick=\"steal()\">Đoạn mở đầu.</p><script>alert(1)</script>\
                 <p><a href=\"javascript:alert(2)\">bấm</a></p>\
                 <table><caption>Lịch</caption><tr><th scope=\"col\">Ngày</th></tr></table>",
            )],
        )
        .await;
        r.assert_status(303);
        let id = id_in(r.header("location"));
        let page = author.get(r.header("location")).await;
        page.assert_status(200);
        assert!(
            page.body.contains("Đã lưu phiên bản 1"),
            "{}",
            page.texts("[role=status]").join("|")
        );
        assert!(
            page.body.contains("không an toàn"),
            "the editor is told markup was removed"
        );
        let stored = t.app.store.newsroom_article(id).await.unwrap().unwrap();
        let body = &stored.fields.body_html;
        assert!(
            !body.contains("script") && !body.contains("onclick") && !body.contains("javascript"),
            "{body}"
        );
        assert!(
            body.contains("<caption>Lịch</caption>") && body.contains("scope=\"col\""),
            "{body}"
        );
        assert!(stored.author_id.is_some());
        // The author submits; may neither publish nor edit it while it is under review.
        step(&mut author, id, "gui-duyet", &acsrf)
            .await
            .assert_status(303);
        step(&mut author, id, "dang", &acsrf)
            .await
            .assert_status(403);
        let refused = send_article(
            &mut author,
            &format!("/admin/bai-viet/{id}"),
            &acsrf,
            cat,
            &[("revision", "1"), ("title", "Đổi khi đang chờ duyệt")],
        )
        .await;
        refused.assert_status(422);
        assert_eq!(
            t.app
                .store
                .newsroom_article(id)
                .await
                .unwrap()
                .unwrap()
                .revision,
            1
        );
        // The editor sends it back with a note the author sees.
        let (mut editor, ecsrf) = signed_in(&t, "bientap").await;
        editor
            .post(
                &format!("/admin/bai-viet/{id}/tra-lai"),
                &[
                    ("csrf", &ecsrf),
                    ("note", "Bổ sung số điện thoại đường dây nóng."),
                ],
                None,
            )
            .await
            .assert_status(303);
        let back = author.get(&format!("/admin/bai-viet/{id}")).await;
        assert!(back.body.contains("Bổ sung số điện thoại đường dây nóng."));
        assert!(back.body.contains("Bản nháp"));
        // Fixed and submitted again; the editor publishes: live at once.
        send_article(
            &mut author,
            &format!("/admin/bai-viet/{id}"),
            &acsrf,
            cat,
            &[("revision", "1"), ("lead", "Gọi 1900 0000 để được tư vấn.")],
        )
        .await
        .assert_status(303);
        step(&mut author, id, "gui-duyet", &acsrf)
            .await
            .assert_status(303);
        let published = step(&mut editor, id, "dang", &ecsrf).await;
        published.assert_status(303);
        // A second click (or a replay of the form) changes nothing and says the article had
        // already moved; it is no refusal of the editor's right to publish.
        let again = step(&mut editor, id, "dang", &ecsrf).await;
        again.assert_status(303);
        assert!(again.header("location").ends_with("thao-tac=da-doi"));
        let shown = editor.get(published.header("location")).await;
        assert!(
            shown.body.contains("đăng ngay"),
            "{}",
            shown.texts("[role=status]").join("|")
        );
        let url = shown
            .attr_all(".article-state a", "href")
            .into_iter()
            .find(|h| h.ends_with(".html"))
            .unwrap();
        let public = t.get(&url).await;
        public.assert_status(200);
        assert!(public
            .body
            .contains("Tiêm chủng mở rộng đợt cuối năm cho trẻ em"));
        assert!(public.body.contains("Gọi 1900 0000"));
        let home = t.get("/").await;
        assert!(home.body.contains(&url), "on the home page");
        assert!(t
            .get("/rss.xml")
            .await
            .body
            .contains("Tiêm chủng mở rộng đợt cuối năm"));
        assert!(t.get("/sitemap.xml").await.body.contains(&url));
        cong::search::catch_up(&t.app).await.unwrap();
        let found = t
            .get("/api/search?q=tiem%20chung%20mo%20rong%20dot%20cuoi%20nam")
            .await;
        assert!(
            found.body.contains(&format!("\"id\":{id}")),
            "{}",
            found.body
        );
        // A changed slug: the old address answers 301 to the new one.
        let rev = t
            .app
            .store
            .newsroom_article(id)
            .await
            .unwrap()
            .unwrap()
            .revision
            .to_string();
        send_article(
            &mut editor,
            &format!("/admin/bai-viet/{id}"),
            &ecsrf,
            cat,
            &[("revision", &rev), ("slug", "tiem-bu-cuoi-nam")],
        )
        .await
        .assert_status(303);
        let old = t.get(&url).await;
        old.assert_status(301);
        assert!(
            old.header("location").contains("tiem-bu-cuoi-nam"),
            "{}",
            old.header("location")
        );
        // Unpublished: gone from the site.
        step(&mut editor, id, "go", &ecsrf).await.assert_status(303);
        assert_eq!(t.get(old.header("location")).await.status, 404);
        assert!(!t.get("/").await.body.contains("tiem-bu-cuoi-nam"));
        // Every step is in the audit log.
        let log = t
            .app
            .store
            .audit_entries(&Default::default(), 50, 0)
            .await
            .unwrap();
        for a in [
            "article_created",
            "article_submitted",
            "article_draft",
            "article_published",
            "article_saved",
            "article_unpublished",
        ] {
            assert!(log.iter().any(|e| e.action == a), "{a}");
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn revisions_are_compared_by_words_and_restored_and_a_stale_save_is_refused() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        add_user(&t, "quantri", "Trần Văn Bình", "admin").await;
        let (cat, _) = a_category(&t).await;
        let (mut mai, mcsrf) = signed_in(&t, "bientap").await;
        let r = send_article(&mut mai, "/admin/bai-viet", &mcsrf, cat, &[]).await;
        let id = id_in(r.header("location"));
        let path = format!("/admin/bai-viet/{id}");
        send_article(
            &mut mai,
            &path,
            &mcsrf,
            cat,
            &[
                ("revision", "1"),
                ("body", "<p>Trạm y tế mở cửa cả Chủ nhật.</p>"),
            ],
        )
        .await
        .assert_status(303);
        // Bình opens revision 2; Mai saves revision 3 meanwhile; Bình's save is refused.
        let (mut binh, bcsrf) = signed_in(&t, "quantri").await;
        let opened = binh.get(&path).await;
        assert!(
            opened.body.contains("Lê Thị Mai đang sửa bài này"),
            "the lock names its holder"
        );
        send_article(
            &mut mai,
            &path,
            &mcsrf,
            cat,
            &[
                ("revision", "2"),
                ("body", "<p>Trạm y tế mở cửa cả Chủ nhật và ngày lễ.</p>"),
            ],
        )
        .await
        .assert_status(303);
        let stale = send_article(
            &mut binh,
            &path,
            &bcsrf,
            cat,
            &[("revision", "2"), ("title", "Tiêu đề của Bình")],
        )
        .await;
        stale.assert_status(409);
        assert!(
            stale.body.contains("Lê Thị Mai đã lưu phiên bản 3"),
            "{}",
            stale.texts("[role=alert]").join("|")
        );
        assert_eq!(stale.texts(".stale ins"), ["và ngày lễ"]);
        assert_eq!(
            stale.attr_all("#truong-title", "value"),
            ["Tiêu đề của Bình"],
            "what Bình typed is kept"
        );
        let a = t.app.store.newsroom_article(id).await.unwrap().unwrap();
        assert_eq!(
            (a.revision, a.fields.title.as_str()),
            (3, "Tiêm chủng mở rộng đợt cuối năm cho trẻ em")
        );
        // The same form sent twice (a double click, a replay): the second is stale too.
        let body = "<p>Trạm y tế mở cửa cả Chủ nhật và ngày lễ.</p>";
        let twice = [("revision", "3"), ("lead", "Lần một"), ("body", body)];
        send_article(&mut mai, &path, &mcsrf, cat, &twice)
            .await
            .assert_status(303);
        send_article(
            &mut mai,
            &path,
            &mcsrf,
            cat,
            &[("revision", "3"), ("lead", "Lần hai"), ("body", body)],
        )
        .await
        .assert_status(409);
        // The list of revisions, one compared with the current text, restored.
        let list = mai.get(&format!("{path}/phien-ban")).await;
        assert_eq!(list.count(".revision-list tbody tr"), 4);
        let cmp = mai.get(&format!("{path}/phien-ban/1")).await;
        cmp.assert_status(200);
        assert!(
            cmp.texts(".diff del").iter().any(|d| d.contains("thứ Bảy")),
            "{:?}",
            cmp.texts(".diff del")
        );
        assert!(cmp
            .texts(".diff ins")
            .iter()
            .any(|d| d.contains("Chủ nhật và ngày lễ")));
        mai.post(
            &format!("{path}/phien-ban/1/khoi-phuc"),
            &[("csrf", &mcsrf)],
            None,
        )
        .await
        .assert_status(303);
        let a = t.app.store.newsroom_article(id).await.unwrap().unwrap();
        assert_eq!(a.revision, 5);
        assert!(a.fields.body_html.contains("thứ Bảy"));
        let revs = t.app.store.article_revisions(id).await.unwrap();
        assert!(revs[0].note.contains("khôi phục phiên bản 1"));
        assert_eq!(mai.get(&format!("{path}/phien-ban/99")).await.status, 404);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_scheduled_article_is_published_by_the_job_on_time() {
    let t = TestApp::new().await;
    add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
    let (cat, slug) = a_category(&t).await;
    let (mut mai, csrf) = signed_in(&t, "bientap").await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let jobs = tokio::spawn(cong::jobs::run(t.app.clone(), stopped));
    // Two minutes ahead, at the minute the form can say; then moved nearer in the store.
    let at = cong::newsroom::form::local_value(t.app.now() + 120, t.app.tz);
    let r = send_article(
        &mut mai,
        "/admin/bai-viet",
        &csrf,
        cat,
        &[("title", "Thông báo lịch trực Tết"), ("publish_at", &at)],
    )
    .await;
    let id = id_in(r.header("location"));
    let done = step(&mut mai, id, "dang", &csrf).await;
    let page = mai.get(done.header("location")).await;
    assert!(
        page.body.contains("thời gian đã hẹn"),
        "{}",
        page.texts("[role=status]").join("|")
    );
    let listing = format!("/{slug}/");
    assert!(
        !t.get(&listing)
            .await
            .body
            .contains("Thông báo lịch trực Tết"),
        "not before its time"
    );
    // Bring the time to two seconds from now, as if the clock had moved on.
    let soon = t.app.now() + 2;
    t.app
        .store
        .move_article(id, &["published"], "published", Some(soon), "", t.app.now())
        .await
        .unwrap();
    t.app.refresh_next_due().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(8);
    loop {
        if t.get(&listing)
            .await
            .body
            .contains("Thông báo lịch trực Tết")
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not published by the job on time"
        );
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(t.app.now() >= soon);
    let _ = stop.send(true);
    jobs.await.unwrap();
}

#[tokio::test]
async fn bad_input_is_refused_with_a_message_and_writes_nothing() {
    let t = TestApp::new().await;
    add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
    let (cat, _) = a_category(&t).await;
    let (mut mai, csrf) = signed_in(&t, "bientap").await;
    let before = t
        .app
        .store
        .newsroom_list(&Default::default(), 1000, 0)
        .await
        .unwrap()
        .len();
    // A slug another article uses.
    let taken = t
        .app
        .store
        .newsroom_list(&Default::default(), 1, 0)
        .await
        .unwrap()[0]
        .slug
        .clone();
    let r = send_article(&mut mai, "/admin/bai-viet", &csrf, cat, &[("slug", &taken)]).await;
    r.assert_status(422);
    assert!(r.body.contains("đã được một bài khác dùng"));
    // No title, a category that does not exist, a photo from elsewhere, a bad time.
    let r = send_article(
        &mut mai,
        "/admin/bai-viet",
        &csrf,
        cat,
        &[
            ("title", ""),
            ("category", "999999"),
            ("image_url", "https://ngoai.example/a.jpg"),
            ("publish_at", "31/12"),
        ],
    )
    .await;
    r.assert_status(422);
    for m in [
        "Hãy nhập tiêu đề",
        "chuyên mục có thật",
        "đường dẫn trên cổng",
        "Thời gian đăng không hợp lệ",
    ] {
        assert!(r.body.contains(m), "{m}");
    }
    // A 10 MB body.
    let huge = "<p>".to_string() + &"chữ ".repeat(2_600_000) + "</p>";
    let r = send_article(&mut mai, "/admin/bai-viet", &csrf, cat, &[("body", &huge)]).await;
    r.assert_status(413);
    assert!(r.body.contains("lớn hơn mức cho phép"));
    // An end before the start.
    let r = send_article(
        &mut mai,
        "/admin/bai-viet",
        &csrf,
        cat,
        &[
            ("publish_at", "2026-12-08T09:00"),
            ("expire_at", "2026-12-01T09:00"),
        ],
    )
    .await;
    r.assert_status(422);
    assert!(r.body.contains("phải sau thời gian đăng"));
    // A photo in the body with no text alternative, and a lead photo with none.
    let r = send_article(
        &mut mai,
        "/admin/bai-viet",
        &csrf,
        cat,
        &[
            ("body", "<p>Ảnh hiện trường:</p><figure><img src=\"/media/a.jpg\"><figcaption>Trạm y tế</figcaption></figure>"),
            ("image_url", "/media/b.jpg"),
            ("image_alt", " "),
        ],
    )
    .await;
    r.assert_status(422);
    assert!(r.body.contains("Ảnh «a.jpg» trong bài cần có mô tả"));
    assert!(r.body.contains("Ảnh đại diện cần có mô tả"));
    // What was typed comes back, for the writer to fix rather than retype.
    assert!(r.body.contains("Ảnh hiện trường:"));
    // A forged or missing CSRF token.
    let r = send_article(&mut mai, "/admin/bai-viet", "gia-mao", cat, &[]).await;
    r.assert_status(403);
    let after = t
        .app
        .store
        .newsroom_list(&Default::default(), 1000, 0)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "nothing was written");
}

#[tokio::test]
async fn every_newsroom_route_checks_the_role_and_the_owner() {
    let t = TestApp::new().await;
    add_user(&t, "tacgia", "Nguyễn Thu Hà", "author").await;
    add_user(&t, "tacgia2", "Phạm Văn Nam", "author").await;
    add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
    let (cat, _) = a_category(&t).await;
    let (mut ha, hcsrf) = signed_in(&t, "tacgia").await;
    let r = send_article(&mut ha, "/admin/bai-viet", &hcsrf, cat, &[]).await;
    let id = id_in(r.header("location"));
    let (mut nam, ncsrf) = signed_in(&t, "tacgia2").await;
    // Another author: cannot see, edit or move Hà's article; the list shows only their own.
    for path in [
        format!("/admin/bai-viet/{id}"),
        format!("/admin/bai-viet/{id}/phien-ban"),
        format!("/admin/bai-viet/{id}/phien-ban/1"),
    ] {
        nam.get(&path).await.assert_status(403);
    }
    for action in [
        "gui-duyet",
        "tra-lai",
        "dang",
        "go",
        "phien-ban/1/khoi-phuc",
    ] {
        step(&mut nam, id, action, &ncsrf).await.assert_status(403);
    }
    send_article(
        &mut nam,
        &format!("/admin/bai-viet/{id}"),
        &ncsrf,
        cat,
        &[("revision", "1")],
    )
    .await
    .assert_status(403);
    assert_eq!(
        nam.get("/admin/bai-viet")
            .await
            .count(".article-list tbody a"),
        0
    );
    assert_eq!(
        ha.get("/admin/bai-viet")
            .await
            .count(".article-list tbody a"),
        1
    );
    // An author cannot publish, send back or unpublish even their own.
    for action in ["tra-lai", "dang", "go"] {
        step(&mut ha, id, action, &hcsrf).await.assert_status(403);
    }
    // An editor sees every article, the sample's included.
    let (mut mai, _) = signed_in(&t, "bientap").await;
    assert!(
        mai.get("/admin/bai-viet")
            .await
            .count(".article-list tbody a")
            >= 30
    );
    mai.get(&format!("/admin/bai-viet/{id}"))
        .await
        .assert_status(200);
    // A stranger is sent to the log-in page, whatever the route.
    let mut stranger = Browser::new(&t);
    for path in [
        "/admin/bai-viet",
        "/admin/bai-viet/moi",
        &format!("/admin/bai-viet/{id}"),
    ] {
        let r = stranger.get(path).await;
        r.assert_status(303);
        assert_eq!(r.header("location"), "/admin/login");
    }
    stranger
        .post(&format!("/admin/bai-viet/{id}/dang"), &[], None)
        .await
        .assert_status(303);
    assert_eq!(
        t.app
            .store
            .newsroom_article(id)
            .await
            .unwrap()
            .unwrap()
            .status,
        "draft"
    );
}

#[tokio::test]
async fn an_article_past_its_end_is_no_longer_shown() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let (cat, slug) = a_category(&t).await;
        let (mut mai, csrf) = signed_in(&t, "bientap").await;
        let now = t.app.now();
        let start = cong::newsroom::form::local_value(now - 3600, t.app.tz);
        let end = cong::newsroom::form::local_value(now + 7200, t.app.tz);
        let r = send_article(
            &mut mai,
            "/admin/bai-viet",
            &csrf,
            cat,
            &[
                ("title", "Thông báo tạm ngừng tiếp nhận hồ sơ"),
                ("publish_at", &start),
                ("expire_at", &end),
            ],
        )
        .await;
        let id = id_in(r.header("location"));
        step(&mut mai, id, "dang", &csrf).await.assert_status(303);
        let listing = format!("/{slug}/");
        assert!(t
            .get(&listing)
            .await
            .body
            .contains("Thông báo tạm ngừng tiếp nhận hồ sơ"));
        assert_eq!(
            t.app
                .store
                .next_scheduled(now)
                .await
                .unwrap()
                .map(|n| n > now),
            Some(true)
        );
        // The end comes (moved into the past in the store, as the clock would).
        let mut a = t.app.store.newsroom_article(id).await.unwrap().unwrap();
        a.fields.expires_at = Some(now - 1);
        let user = t.app.store.user_by_name("bientap").await.unwrap().unwrap();
        let me = cong_store::Editor {
            id: user.id,
            name: &user.display_name,
        };
        t.app
            .store
            .save_article(id, a.revision, &a.fields, me, "publish_at", "", now)
            .await
            .unwrap();
        t.app.content_changed();
        assert!(!t
            .get(&listing)
            .await
            .body
            .contains("Thông báo tạm ngừng tiếp nhận hồ sơ"));
        let url = cong::urls::article(&slug, &a.fields.slug, id);
        assert_eq!(t.get(&url).await.status, 404);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_article_is_listed_in_its_other_categories_too() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let tops: Vec<_> = t
            .app
            .store
            .all_categories()
            .await
            .unwrap()
            .into_iter()
            .filter(|c| c.parent_id.is_none())
            .collect();
        let (main, other, neither) = (&tops[0], &tops[1], &tops[2]);
        let (mut mai, csrf) = signed_in(&t, "bientap").await;
        let title = "Hướng dẫn phòng sốt xuất huyết cho trường học";
        let other_id = other.id.to_string();
        let r = send_article(
            &mut mai,
            "/admin/bai-viet",
            &csrf,
            main.id,
            &[("title", title), ("other_categories", &other_id)],
        )
        .await;
        let id = id_in(r.header("location"));
        step(&mut mai, id, "dang", &csrf).await.assert_status(303);
        for (c, shown) in [(main, true), (other, true), (neither, false)] {
            let page = t.get(&format!("/{}/", c.slug)).await;
            page.assert_status(200);
            assert_eq!(page.body.contains(title), shown, "category {}", c.slug);
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn tags_in_use_are_suggested_as_they_are_typed() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let (cat, _) = a_category(&t).await;
        let (mut mai, csrf) = signed_in(&t, "bientap").await;
        send_article(
            &mut mai,
            "/admin/bai-viet",
            &csrf,
            cat,
            &[(
                "tags",
                "Quai bị người lớn, Sởi vùng cao, Vi chất dinh dưỡng",
            )],
        )
        .await
        .assert_status(303);
        let suggested = |r: TestResponse| -> Vec<String> {
            r.assert_status(200);
            serde_json::from_str(&r.body).unwrap()
        };
        // Accents and case do not matter, and a later word of the tag counts too.
        let has = |found: &[String], name: &str| found.iter().any(|f| f == name);
        let soi = suggested(mai.get("/admin/the?q=S%E1%BB%9Fi").await);
        assert!(has(&soi, "Sởi vùng cao"), "{soi:?}");
        assert!(!has(&soi, "Quai bị người lớn"), "{soi:?}");
        let cao = suggested(mai.get("/admin/the?q=VUNG%20c").await);
        assert!(has(&cao, "Sởi vùng cao"), "{cao:?}");
        let vi = suggested(mai.get("/admin/the?q=vi%20chat").await);
        assert_eq!(vi, ["Vi chất dinh dưỡng"]);
        // Wildcards and nothing at all find nothing.
        for q in ["%25", "_", "", "%20"] {
            let found = suggested(mai.get(&format!("/admin/the?q={q}")).await);
            assert!(found.is_empty(), "{q}: {found:?}");
        }
        // A long text is cut to its first 60 characters, not looked up whole; a flood is
        // refused before any handler runs.
        let long = format!("vi{}", "a".repeat(1_500));
        let found = suggested(mai.get(&format!("/admin/the?q={long}")).await);
        assert!(found.is_empty(), "{found:?}");
        let flood = format!("/admin/the?q={}", "a".repeat(20_000));
        mai.get(&flood).await.assert_status(414);
        // Only for the staff.
        let anonymous = t.get("/admin/the?q=vi").await;
        assert_ne!(anonymous.status, 200);
        assert!(!anonymous.body.contains("Vi chất"));
        t.cleanup().await;
    }
}
