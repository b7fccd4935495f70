//! Ratings, comments and poll votes through the router: the happy paths, and every kind of
//! bad input answered with a clear message, the fitting status, and no change in the database.

use axum::body::Body;
use axum::http::Request;

use crate::common::*;

/// A reader with a cookie jar of one cookie.
struct Visitor<'a> {
    t: &'a TestApp,
    cookie: Option<String>,
}

impl<'a> Visitor<'a> {
    fn new(t: &'a TestApp) -> Self {
        Visitor { t, cookie: None }
    }

    async fn open(&mut self, path: &str) -> TestResponse {
        let mut req = Request::get(path).header("user-agent", FIREFOX);
        if let Some(c) = &self.cookie {
            req = req.header("cookie", format!("cong_r={c}"));
        }
        let r = self.t.send(req.body(Body::empty()).unwrap()).await;
        self.keep_cookie(&r);
        r
    }

    fn keep_cookie(&mut self, r: &TestResponse) {
        let set = r.header("set-cookie");
        if let Some(rest) = set.strip_prefix("cong_r=") {
            self.cookie = Some(rest.split(';').next().unwrap().to_string());
        }
    }

    async fn post(&self, path: &str, form: &[(&str, &str)], json: bool) -> TestResponse {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut req = Request::post(path)
            .header("user-agent", FIREFOX)
            .header("content-type", "application/x-www-form-urlencoded");
        if json {
            req = req.header("accept", "application/json");
        }
        if let Some(c) = &self.cookie {
            req = req.header("cookie", format!("cong_r={c}"));
        }
        self.t.send(req.body(Body::from(body)).unwrap()).await
    }
}

/// The token of the first form matching `form` on a page.
fn token(page: &TestResponse, form: &str) -> String {
    page.attr_all(&format!("{form} input[name='token']"), "value")[0].clone()
}

fn json(r: &TestResponse) -> serde_json::Value {
    assert!(
        r.header("content-type").starts_with("application/json"),
        "{}",
        r.body
    );
    serde_json::from_str(&r.body).unwrap()
}

async fn totals(t: &TestApp, id: i64) -> (i64, i64) {
    let a = t
        .app
        .store
        .published_article(id, t.app.now())
        .await
        .unwrap()
        .unwrap();
    (a.rating_total, a.rating_count)
}

#[tokio::test]
async fn ratings_count_once_per_reader_and_show_at_once() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    let id = article_id(&url);
    let action = format!("/danh-gia/{id}");
    let mut a = Visitor::new(&t);
    let page = a.open(&url).await;
    assert!(a.cookie.is_some(), "a new reader gets a cookie");
    assert!(page.header("set-cookie").contains("HttpOnly"));
    assert!(page.header("set-cookie").contains("SameSite=Lax"));
    assert_eq!(page.header("cache-control"), "private, no-cache");
    assert_eq!(page.count(".rating-form input[name='stars']"), 5);
    // Without JavaScript: a plain post and a redirect back to the widget.
    let r = a
        .post(
            &action,
            &[("token", &token(&page, ".rating-form")), ("stars", "4")],
            false,
        )
        .await;
    r.assert_status(303);
    assert_eq!(r.header("location"), format!("{url}#danh-gia"));
    assert_eq!(totals(&t, id).await, (4, 1));
    let page = a.open(&url).await;
    assert_eq!(page.texts("[data-rating-average]"), ["4,0"]);
    assert_eq!(page.texts("[data-rating-count]"), ["1"]);
    // The same form again changes nothing.
    let used = token(&page, ".rating-form");
    a.post(&action, &[("token", &used), ("stars", "1")], true)
        .await
        .assert_status(200);
    let replay = a
        .post(&action, &[("token", &used), ("stars", "3")], true)
        .await;
    replay.assert_status(409);
    assert_eq!(json(&replay)["ok"], false);
    assert!(json(&replay)["message"]
        .as_str()
        .unwrap()
        .contains("đã được gửi"));
    // Rating again replaces this reader's rating; the answer carries the next token.
    assert_eq!(totals(&t, id).await, (1, 1));
    let mut b = Visitor::new(&t);
    let page_b = b.open(&url).await;
    let r = b
        .post(
            &action,
            &[("token", &token(&page_b, ".rating-form")), ("stars", "5")],
            true,
        )
        .await;
    let answer = json(&r);
    assert_eq!(
        (answer["total"].as_i64(), answer["count"].as_i64()),
        (Some(6), Some(2))
    );
    assert_eq!(answer["average"], "3,0");
    let next = answer["token"].as_str().unwrap().to_string();
    let r = b
        .post(&action, &[("token", &next), ("stars", "2")], true)
        .await;
    assert_eq!(json(&r)["message"], "Đã cập nhật đánh giá của bạn.");
    assert_eq!(totals(&t, id).await, (3, 2));
    // A cached copy of the page shows the new figures without being rendered again.
    assert_eq!(a.open(&url).await.texts("[data-rating-total]"), ["3"]);
}

#[tokio::test]
async fn bad_ratings_are_refused_with_a_reason_and_change_nothing() {
    let t = TestApp::new().await;
    let url = t.some_article_url().await;
    let id = article_id(&url);
    let action = format!("/danh-gia/{id}");
    let mut a = Visitor::new(&t);
    let page = a.open(&url).await;
    let good = token(&page, ".rating-form");
    let comment_token = token(&page, ".comment-form");
    let mut forged = good.clone();
    forged.pop();
    forged.push(if good.ends_with('0') { '1' } else { '0' });
    let mut other = Visitor::new(&t);
    let other_token = token(&other.open(&url).await, ".rating-form");
    let stranger = Visitor::new(&t);
    // (who posts, form, status, what the message says)
    type Case<'a> = (&'a Visitor<'a>, Vec<(&'a str, &'a str)>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (&a, vec![("stars", "4")], 403, "không hợp lệ"),
        (
            &a,
            vec![("token", &forged), ("stars", "4")],
            403,
            "không hợp lệ",
        ),
        (
            &a,
            vec![("token", &other_token), ("stars", "4")],
            403,
            "không hợp lệ",
        ),
        (
            &a,
            vec![("token", &comment_token), ("stars", "4")],
            403,
            "không hợp lệ",
        ),
        (
            &stranger,
            vec![("token", &good), ("stars", "4")],
            403,
            "cookie",
        ),
        (
            &a,
            vec![("token", &good), ("stars", "0")],
            422,
            "từ 1 đến 5 sao",
        ),
        (
            &a,
            vec![("token", &good), ("stars", "6")],
            422,
            "từ 1 đến 5 sao",
        ),
        (
            &a,
            vec![("token", &good), ("stars", "bốn")],
            422,
            "từ 1 đến 5 sao",
        ),
        (&a, vec![("token", &good)], 422, "từ 1 đến 5 sao"),
    ];
    for (who, form, status, says) in &cases {
        for as_json in [true, false] {
            let r = who.post(&action, form, as_json).await;
            r.assert_status(*status);
            let message = if as_json {
                json(&r)["message"].as_str().unwrap().to_string()
            } else {
                r.texts(".message-page__message").join(" ")
            };
            assert!(message.contains(says), "{form:?}: {message}");
        }
    }
    let r = a
        .post(
            "/danh-gia/999999",
            &[("token", &good), ("stars", "4")],
            true,
        )
        .await;
    r.assert_status(404);
    assert_eq!(totals(&t, id).await, (0, 0), "nothing was written");
    // The good token was never consumed by the refusals above.
    a.post(&action, &[("token", &good), ("stars", "4")], true)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn comments_wait_for_approval_and_never_show_the_email() {
    let t = TestApp::with(|c| c.participation.min_form_secs = 0).await;
    let url = t.some_article_url().await;
    let id = article_id(&url);
    let action = format!("/binh-luan/{id}");
    let mut a = Visitor::new(&t);
    let page = a.open(&url).await;
    assert_eq!(
        page.count(".comment-form label abbr.req"),
        3,
        "required fields marked"
    );
    let text = "Cảm ơn Sở <script>alert(1)</script>, xem thêm www.vidu.vn";
    let r = a
        .post(
            &action,
            &[
                ("token", &token(&page, ".comment-form")),
                ("name", "Trần Văn Bình"),
                ("email", "binh.tran@vidu.vn"),
                ("body", text),
                ("website", ""),
            ],
            false,
        )
        .await;
    r.assert_status(200);
    assert!(r.body.contains("đang chờ ban biên tập duyệt"), "{}", r.body);
    let held = t.app.store.pending_comments(10).await.unwrap();
    assert_eq!(held.len(), 1);
    assert!(
        a.open(&url).await.texts(".comment__body").is_empty(),
        "held, not shown"
    );
    // Approved (as `cong comments approve` does): shown, escaped, link made nofollow.
    t.app
        .store
        .moderate_comment(held[0].id, true)
        .await
        .unwrap();
    t.app.content_changed();
    let page = a.open(&url).await;
    assert_eq!(page.texts(".comment__name"), ["Trần Văn Bình"]);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(
        page.count(".comment__body a[rel='nofollow ugc'][href='http://www.vidu.vn']"),
        1
    );
    // A reply joins the thread under the comment.
    let reply_token = token(&page, "details.comment__reply .comment-form");
    let parent = held[0].id.to_string();
    a.post(
        &action,
        &[
            ("token", &reply_token),
            ("name", "Lan"),
            ("email", "lan@vidu.vn"),
            ("body", "Đồng ý"),
            ("parent_id", &parent),
        ],
        true,
    )
    .await
    .assert_status(200);
    let reply = &t.app.store.pending_comments(10).await.unwrap()[0];
    assert_eq!(reply.parent_id, Some(held[0].id));
    t.app.store.moderate_comment(reply.id, true).await.unwrap();
    t.app.content_changed();
    let page = a.open(&url).await;
    assert_eq!(page.texts(".comments__replies .comment__name"), ["Lan"]);
    // E-mail addresses appear nowhere public.
    for path in [url.as_str(), "/", "/rss.xml", "/atom.xml", "/sitemap.xml"] {
        let body = a.open(path).await.body;
        assert!(
            !body.contains("binh.tran@") && !body.contains("lan@vidu"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn bad_comments_are_refused_with_a_reason_and_change_nothing() {
    let t = TestApp::with(|c| {
        c.participation.min_form_secs = 0;
        c.participation.comment_max_chars = 40;
    })
    .await;
    let url = t.some_article_url().await;
    let action = format!("/binh-luan/{}", article_id(&url));
    let mut a = Visitor::new(&t);
    let page = a.open(&url).await;
    let tk = token(&page, ".comment-form");
    let long = "Ý kiến ".repeat(10);
    let base = [
        ("token", tk.as_str()),
        ("name", "Hoa"),
        ("email", "hoa@vidu.vn"),
        ("body", "Rất hay"),
    ];
    let with = |k: &'static str, v: &'static str| -> Vec<(&'static str, String)> {
        let mut f: Vec<(&str, String)> = base.iter().map(|(a, b)| (*a, b.to_string())).collect();
        f.retain(|(name, _)| *name != k);
        if !v.is_empty() {
            f.push((k, v.to_string()));
        }
        f
    };
    let mut cases = vec![
        (with("name", ""), "họ và tên"),
        (with("email", ""), "thư điện tử"),
        (with("email", "hoa@vidu"), "không đúng dạng"),
        (with("body", ""), "nội dung"),
        (
            with("body", "xem http://a.vn http://b.vn http://c.vn"),
            "tối đa 2 đường dẫn",
        ),
        (with("website", "http://spam.example"), "Không nhận được"),
        (with("parent_id", "99999"), "không tìm thấy ý kiến"),
    ];
    let mut too_long = with("body", "");
    too_long.push(("body", long));
    cases.push((too_long, "dài quá 40 ký tự"));
    for (form, says) in &cases {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = a.post(&action, &pairs, true).await;
        assert!(matches!(r.status.as_u16(), 422), "{form:?}: {}", r.status);
        let message = json(&r)["message"].as_str().unwrap().to_lowercase();
        assert!(
            message.contains(&says.to_lowercase()),
            "{form:?}: {message}"
        );
    }
    assert!(t.app.store.pending_comments(10).await.unwrap().is_empty());
    // A form sent faster than anyone types is refused under the default settings.
    let quick = TestApp::new().await;
    let quick_url = quick.some_article_url().await;
    let mut q = Visitor::new(&quick);
    let page = q.open(&quick_url).await;
    let form = [
        ("token", token(&page, ".comment-form")),
        ("name", "An".into()),
        ("email", "an@vidu.vn".into()),
        ("body", "Nhanh".into()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = q
        .post(
            &format!("/binh-luan/{}", article_id(&quick_url)),
            &pairs,
            true,
        )
        .await;
    r.assert_status(422);
    assert!(json(&r)["message"].as_str().unwrap().contains("nhanh quá"));
}

#[tokio::test]
async fn one_vote_per_reader_and_closed_polls_show_results_only() {
    let t = TestApp::new().await;
    let mut a = Visitor::new(&t);
    let home = a.open("/").await;
    let action = home.attr_all("form.poll-form", "action")[0].clone();
    let options = home.attr_all("form.poll-form input[name='option']", "value");
    let r = a
        .post(
            &action,
            &[
                ("token", &token(&home, ".poll-form")),
                ("option", &options[1]),
            ],
            false,
        )
        .await;
    r.assert_status(303);
    assert_eq!(r.header("location"), action);
    let results = a.open(&action).await;
    assert!(
        results
            .texts(".poll-results__figures")
            .iter()
            .any(|s| s.starts_with("100%")),
        "{:?}",
        results.texts(".poll-results__figures")
    );
    // A second vote by the same reader, with a fresh form: refused.
    let home = a.open("/").await;
    let r = a
        .post(
            &action,
            &[
                ("token", &token(&home, ".poll-form")),
                ("option", &options[0]),
            ],
            true,
        )
        .await;
    r.assert_status(409);
    assert!(json(&r)["message"]
        .as_str()
        .unwrap()
        .contains("đã biểu quyết"));
    // Unknown option, none chosen, two for a single-choice poll.
    let mut b = Visitor::new(&t);
    let home = b.open("/").await;
    let tk = token(&home, ".poll-form");
    for form in [
        vec![("token", tk.as_str()), ("option", "987654")],
        vec![("token", tk.as_str())],
        vec![("token", tk.as_str()), ("option", "mot")],
        vec![
            ("token", tk.as_str()),
            ("option", &options[0]),
            ("option", &options[1]),
        ],
    ] {
        let r = b.post(&action, &form, true).await;
        r.assert_status(422);
    }
    // A closed poll takes no votes.
    let closed = t
        .app
        .store
        .insert_poll(&cong_store::NewPoll {
            question: "Cuộc thăm dò đã kết thúc".into(),
            multiple: false,
            max_choices: 1,
            opens_at: 0,
            closes_at: Some(1),
            options: vec!["Có".into(), "Không".into()],
        })
        .await
        .unwrap();
    let (_, closed_options) = t.app.store.poll_by_id(closed).await.unwrap().unwrap();
    let r = b
        .post(
            &format!("/tham-do/{closed}"),
            &[
                ("token", &tk),
                ("option", &closed_options[0].id.to_string()),
            ],
            true,
        )
        .await;
    r.assert_status(409);
    assert!(json(&r)["message"]
        .as_str()
        .unwrap()
        .contains("không nhận biểu quyết"));
    let votes: i64 = t
        .app
        .store
        .poll_by_id(closed)
        .await
        .unwrap()
        .unwrap()
        .1
        .iter()
        .map(|o| o.votes)
        .sum();
    assert_eq!(votes, 0);
    // The token b used in all those refusals is still good for one real vote.
    b.post(&action, &[("token", &tk), ("option", &options[2])], true)
        .await
        .assert_status(200);
}

#[tokio::test]
async fn one_address_is_limited_and_oversized_forms_are_refused() {
    let t = TestApp::with(|c| c.participation.ratings_per_ip_hour = 2).await;
    let url = t.some_article_url().await;
    let action = format!("/danh-gia/{}", article_id(&url));
    // New cookies every time: the address limit still holds.
    for round in 0..3 {
        let mut v = Visitor::new(&t);
        let page = v.open(&url).await;
        let r = v
            .post(
                &action,
                &[("token", &token(&page, ".rating-form")), ("stars", "5")],
                true,
            )
            .await;
        if round < 2 {
            r.assert_status(200);
        } else {
            r.assert_status(429);
            assert!(r.header("retry-after").parse::<i64>().unwrap() > 0);
            assert!(json(&r)["message"]
                .as_str()
                .unwrap()
                .contains("quá nhiều lần"));
        }
    }
    let mut v = Visitor::new(&t);
    let page = v.open(&url).await;
    let huge = "a".repeat(200 * 1024);
    let r = v
        .post(
            &format!("/binh-luan/{}", article_id(&url)),
            &[("token", &token(&page, ".comment-form")), ("body", &huge)],
            false,
        )
        .await;
    r.assert_status(413);
    // A form token for scripts: bound to the reader, and named purposes only.
    let r = v.open("/api/form-token?for=rating").await;
    assert!(json(&r)["token"].as_str().unwrap().starts_with('r'));
    v.open("/api/form-token?for=other").await.assert_status(400);
}

#[tokio::test]
async fn ratings_and_comments_can_be_switched_off_per_article_and_site_wide() {
    let t = TestApp::with(|c| c.participation.min_form_secs = 0).await;
    let url = t.some_article_url().await;
    let id = article_id(&url);
    t.app
        .store
        .set_article_participation(id, false, false)
        .await
        .unwrap();
    t.app.content_changed();
    let mut a = Visitor::new(&t);
    let page = a.open(&url).await;
    assert_eq!(page.count(".rating-form"), 0, "no rating widget");
    assert_eq!(page.count(".comment-form"), 0, "no comment form");
    assert!(page.body.contains("không nhận ý kiến"));
    // A form kept from before is refused by the store, which knows the switch.
    let token = a.open("/api/form-token?for=rating").await;
    let tk = json(&token)["token"].as_str().unwrap().to_string();
    let r = a
        .post(
            &format!("/danh-gia/{id}"),
            &[("token", &tk), ("stars", "5")],
            true,
        )
        .await;
    r.assert_status(403);
    assert!(json(&r)["message"]
        .as_str()
        .unwrap()
        .contains("không nhận đánh giá"));
    assert_eq!(totals(&t, id).await, (0, 0));
    // Site-wide: no widget on any article, and posts are refused.
    let off = TestApp::with(|c| c.participation.ratings = false).await;
    let url = off.some_article_url().await;
    let mut b = Visitor::new(&off);
    assert_eq!(b.open(&url).await.count(".rating-form"), 0);
    let token = b.open("/api/form-token?for=rating").await;
    let tk = json(&token)["token"].as_str().unwrap().to_string();
    let r = b
        .post(
            &format!("/danh-gia/{}", article_id(&url)),
            &[("token", &tk), ("stars", "5")],
            true,
        )
        .await;
    r.assert_status(403);
}
