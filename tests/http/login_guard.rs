//! The log-in against an attacker: the second step bound to its browser, throttled and single
//! use; enrolment that needs the password and keeps the old factor; lock-outs that stop a
//! guesser without locking out the owner; bursts that cannot race past a limit; names and
//! sessions that cannot grow without bound. On every backend.

use crate::admin::{add_user, PASSWORD};
use crate::common::*;

const WRONG: &str = "không phải mật khẩu này";

/// Turns two-factor log-in on for `name` (as enrolment does) and returns its secret and
/// recovery codes.
async fn with_totp(t: &TestApp, name: &str) -> (String, Vec<String>) {
    let s = &t.app.store;
    let user = s.user_by_name(name).await.unwrap().unwrap();
    let secret = cong::auth::totp::new_secret();
    let (codes, hashes) = cong::auth::totp::new_recovery_codes();
    s.begin_totp_enrolment(user.id, &secret, 0).await.unwrap();
    // An early step, so the codes of now are all still unused.
    assert!(s
        .confirm_totp_enrolment(user.id, &secret, 1, &hashes, 0)
        .await
        .unwrap());
    (secret, codes)
}

fn code(secret: &str, t: &TestApp) -> String {
    cong::auth::totp::code_at(secret, t.app.now() / 30).unwrap()
}

fn wrong_code(right: &str) -> &'static str {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
}

#[tokio::test]
async fn the_second_step_is_bound_to_its_browser_throttled_and_single_use() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let (secret, codes) = with_totp(&t, "bientap").await;
        let mut b = Browser::new(&t);
        let step = b.log_in("bientap", PASSWORD).await;
        step.assert_status(200);
        assert!(
            b.cookie("cong_phien").is_none(),
            "no session before the code"
        );
        assert_eq!(
            step.count("input[name='pending']"),
            0,
            "nothing to copy out"
        );
        let pending = step.header("set-cookie").to_string();
        assert!(
            pending.starts_with("cong_2b=")
                && pending.contains("HttpOnly")
                && pending.contains("SameSite=Strict")
                && pending.contains("Path=/admin/login"),
            "{pending}"
        );
        // The right code from another browser (or a page on another site, which cannot send
        // the cookie) starts nothing.
        let mut stranger = Browser::new(&t);
        let right = code(&secret, &t);
        stranger
            .post("/admin/login/ma", &[("code", &right)], None)
            .await
            .assert_status(403);
        assert!(stranger.cookie("cong_phien").is_none());
        let mut forged = Browser::new(&t);
        forged.cookies.push(("cong_2b".into(), "0".repeat(64)));
        forged
            .post("/admin/login/ma", &[("code", &right)], None)
            .await
            .assert_status(403);
        // Five wrong codes, then the waiting log-in is dead, even for the right code.
        for _ in 0..5 {
            b.post("/admin/login/ma", &[("code", wrong_code(&right))], None)
                .await
                .assert_status(401);
        }
        let dead = b.post("/admin/login/ma", &[("code", &right)], None).await;
        dead.assert_status(403);
        assert!(
            dead.body.contains("nhập lại mật khẩu"),
            "told to start again"
        );
        assert!(b.cookie("cong_phien").is_none());
        // A new password step, the right code: in; that waiting log-in cannot serve twice.
        b.log_in("bientap", PASSWORD).await.assert_status(200);
        let used = b.cookie("cong_2b").unwrap();
        b.post("/admin/login/ma", &[("code", &right)], None)
            .await
            .assert_status(303);
        b.get("/admin/").await.assert_status(200);
        let mut replay = Browser::new(&t);
        replay.cookies.push(("cong_2b".into(), used));
        replay
            .post("/admin/login/ma", &[("code", &codes[0])], None)
            .await
            .assert_status(403);
        // The same TOTP code again, from a fresh password step: refused (used once).
        let mut c = Browser::new(&t);
        c.log_in("bientap", PASSWORD).await.assert_status(200);
        c.post("/admin/login/ma", &[("code", &right)], None)
            .await
            .assert_status(401);
        // A recovery code works once.
        c.post("/admin/login/ma", &[("code", &codes[0])], None)
            .await
            .assert_status(303);
        let mut d = Browser::new(&t);
        d.log_in("bientap", PASSWORD).await.assert_status(200);
        d.post("/admin/login/ma", &[("code", &codes[0])], None)
            .await
            .assert_status(401);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn wrong_codes_lock_the_second_step_across_password_steps() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let (secret, _) = with_totp(&t, "bientap").await;
        let right = code(&secret, &t);
        // Someone who knows the password tries codes, starting over every five.
        let mut b = Browser::new(&t);
        let mut refused = None;
        for i in 0..12 {
            if i % 5 == 0 {
                b.log_in("bientap", PASSWORD).await.assert_status(200);
            }
            let r = b
                .post("/admin/login/ma", &[("code", wrong_code(&right))], None)
                .await;
            if r.status == 429 {
                refused = Some(i);
                assert!(r.header("retry-after").parse::<i64>().unwrap() > 0);
                break;
            }
            r.assert_status(401);
        }
        assert_eq!(
            refused,
            Some(10),
            "ten wrong codes per account, then locked"
        );
        let failed = cong_store::AuditFilter {
            action: Some("totp_failed".into()),
            ..Default::default()
        };
        let logged = t.app.store.audit_entries(&failed, 50, 0).await.unwrap();
        assert_eq!(logged.len(), 10);
        assert_eq!(logged[0].user_name, "bientap");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_new_second_factor_needs_the_password_and_keeps_the_old_one_until_confirmed() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        let (old, _) = with_totp(&t, "bientap").await;
        let mut b = Browser::new(&t);
        b.log_in("bientap", PASSWORD).await.assert_status(200);
        b.post("/admin/login/ma", &[("code", &code(&old, &t))], None)
            .await
            .assert_status(303);
        let csrf = b.csrf().await;
        // A stolen session alone cannot move the second factor.
        for typed in ["", WRONG] {
            let r = b
                .post(
                    "/admin/tai-khoan/totp-bat-dau",
                    &[("csrf", &csrf), ("current", typed)],
                    None,
                )
                .await;
            r.assert_status(422);
        }
        let user = t.app.store.user_by_name("bientap").await.unwrap().unwrap();
        assert!(user.totp_enabled && user.totp_pending.is_none());
        assert_eq!(user.totp_secret.as_deref(), Some(old.as_str()));
        // With the password: a new secret waits; the old factor still logs in meanwhile.
        let started = b
            .post(
                "/admin/tai-khoan/totp-bat-dau",
                &[("csrf", &csrf), ("current", PASSWORD)],
                None,
            )
            .await;
        started.assert_status(200);
        let new = started.texts(".totp-secret")[0].clone();
        assert_ne!(new, old);
        let user = t.app.store.user_by_name("bientap").await.unwrap().unwrap();
        assert!(user.totp_enabled);
        assert_eq!(user.totp_secret.as_deref(), Some(old.as_str()));
        let mut other = Browser::new(&t);
        other.log_in("bientap", PASSWORD).await.assert_status(200);
        let next_step = t.app.now() / 30 + 1;
        let old_code = cong::auth::totp::code_at(&old, next_step).unwrap();
        other
            .post("/admin/login/ma", &[("code", &old_code)], None)
            .await
            .assert_status(303);
        // The first code of the new secret confirms it: new recovery codes, old factor gone.
        let new_code = code(&new, &t);
        let done = b
            .post(
                "/admin/tai-khoan/totp-xac-nhan",
                &[("csrf", &csrf), ("code", &new_code)],
                None,
            )
            .await;
        done.assert_status(200);
        assert_eq!(done.count(".recovery-codes li"), 10);
        let user = t.app.store.user_by_name("bientap").await.unwrap().unwrap();
        assert_eq!(user.totp_secret.as_deref(), Some(new.as_str()));
        let mut third = Browser::new(&t);
        third.log_in("bientap", PASSWORD).await.assert_status(200);
        let older = cong::auth::totp::code_at(&old, next_step).unwrap();
        let newer = cong::auth::totp::code_at(&new, next_step).unwrap();
        if older != newer {
            third
                .post("/admin/login/ma", &[("code", &older)], None)
                .await
                .assert_status(401);
        }
        third
            .post("/admin/login/ma", &[("code", &newer)], None)
            .await
            .assert_status(303);
        // Guessing the current password in a session is throttled like a log-in.
        for _ in 0..5 {
            b.post(
                "/admin/tai-khoan/totp-tat",
                &[("csrf", &csrf), ("current", WRONG)],
                None,
            )
            .await
            .assert_status(422);
        }
        let locked = b
            .post(
                "/admin/tai-khoan/totp-tat",
                &[("csrf", &csrf), ("current", PASSWORD)],
                None,
            )
            .await;
        locked.assert_status(422);
        assert!(locked.body.contains("thử lại sau"));
        let user = t.app.store.user_by_name("bientap").await.unwrap().unwrap();
        assert!(user.totp_enabled, "the right password was not even checked");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_guesser_cannot_lock_the_owner_out() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        // The owner's usual browser, known to the account from an earlier log-in.
        let mut owner = Browser::from(&t, "203.0.113.10");
        owner.log_in("bientap", PASSWORD).await.assert_status(303);
        let device = owner.cookie("cong_tb").unwrap();
        // A guesser from one address: twelve wrong passwords; locked after five.
        let mut guesser = Browser::from(&t, "198.51.100.7");
        let statuses: Vec<u16> = {
            let mut v = Vec::new();
            for _ in 0..12 {
                v.push(guesser.log_in("bientap", WRONG).await.status.as_u16());
            }
            v
        };
        assert_eq!(&statuses[..5], &[401; 5]);
        assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
        // The owner, from a new browser elsewhere: in.
        let mut elsewhere = Browser::from(&t, "192.0.2.44");
        elsewhere
            .log_in("bientap", PASSWORD)
            .await
            .assert_status(303);
        // The owner's known browser, even from the guesser's own address: in.
        let mut known = Browser::from(&t, "198.51.100.7");
        known.cookies.push(("cong_tb".into(), device.clone()));
        known.log_in("bientap", PASSWORD).await.assert_status(303);
        // A botnet: wrong passwords from many addresses lock the name for strangers...
        for i in 0..20 {
            let mut bot = Browser::from(&t, &format!("100.64.0.{}", i + 1));
            bot.log_in("bientap", WRONG).await;
        }
        let mut new_browser = Browser::from(&t, "192.0.2.99");
        new_browser
            .log_in("bientap", PASSWORD)
            .await
            .assert_status(429);
        // ...but not for the owner's known browser.
        let mut usual = Browser::from(&t, "203.0.113.10");
        usual.cookies.push(("cong_tb".into(), device.clone()));
        usual.log_in("bientap", PASSWORD).await.assert_status(303);
        // A device cookie of this account does not vouch for another one.
        add_user(&t, "quantri", "Trần Văn Bình", "admin").await;
        let mut borrowed = Browser::from(&t, "198.51.100.7");
        borrowed.cookies.push(("cong_tb".into(), device));
        borrowed
            .log_in("quantri", PASSWORD)
            .await
            .assert_status(303);
        let mut forged = Browser::from(&t, "198.51.100.7");
        forged
            .cookies
            .push(("cong_tb".into(), "1.000000000000000000000000.00".into()));
        forged.log_in("bientap", PASSWORD).await.assert_status(429);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_burst_of_guesses_cannot_race_past_the_limit() {
    for t in TestApp::each_backend(|_| {}).await {
        add_user(&t, "bientap", "Lê Thị Mai", "editor").await;
        // Forty browsers at once from one address, each with its own form token.
        let mut browsers: Vec<Browser> =
            (0..40).map(|_| Browser::from(&t, "198.51.100.8")).collect();
        let mut forms = Vec::new();
        for b in &mut browsers {
            let page = b.get("/admin/login").await;
            forms.push(page.attr_all("input[name='token']", "value")[0].clone());
        }
        let guesses = browsers
            .iter_mut()
            .zip(&forms)
            .map(|(b, token)| async move {
                let form = [
                    ("token", token.as_str()),
                    ("name", "bientap"),
                    ("password", WRONG),
                ];
                b.post("/admin/login", &form, None).await
            });
        let answers = futures_util::future::join_all(guesses).await;
        let checked = answers.iter().filter(|r| r.status == 401).count();
        let refused = answers.iter().filter(|r| r.status == 429).count();
        assert_eq!((checked, refused), (5, 35));
        t.cleanup().await;
    }
}
