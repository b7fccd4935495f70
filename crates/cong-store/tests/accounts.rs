//! Accounts, sessions, two-factor state, failed log-ins and the audit log, on every backend.

mod common;

use common::*;
use cong_store::{AuditEntry, AuditFilter, FailureRule, NewUser, Store};

async fn user(s: &Store, name: &str, role: &str) -> i64 {
    s.create_user(
        &NewUser {
            name: name.into(),
            display_name: format!("Cán bộ {name}"),
            role: role.into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        },
        NOW,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn accounts_are_unique_and_disabling_ends_sessions() {
    let b = backends().await;
    for s in &b.stores {
        let id = user(s, "bientap", "editor").await;
        let again = NewUser {
            name: "bientap".into(),
            display_name: "x".into(),
            role: "editor".into(),
            password_hash: String::new(),
        };
        assert!(s.create_user(&again, NOW).await.is_err(), "same name twice");
        let bad_role = NewUser {
            name: "khac".into(),
            role: "root".into(),
            ..again
        };
        assert!(s.create_user(&bad_role, NOW).await.is_err(), "unknown role");
        assert_eq!(s.user_by_name("bientap").await.unwrap().unwrap().id, id);
        s.create_session("h1", id, "203.0.113.5", "Firefox", NOW)
            .await
            .unwrap();
        s.create_session("h2", id, "203.0.113.5", "Firefox", NOW)
            .await
            .unwrap();
        s.touch_session("h1", NOW + 60).await.unwrap();
        assert_eq!(s.session("h1").await.unwrap().unwrap().last_seen, NOW + 60);
        // A password change ends the other sessions only.
        s.set_password(id, "new-hash", Some("h1"), NOW + 70)
            .await
            .unwrap();
        assert!(s.session("h1").await.unwrap().is_some());
        assert!(s.session("h2").await.unwrap().is_none());
        assert_eq!(s.end_stale_sessions(NOW + 61, 0).await.unwrap(), 1);
        s.create_session("old", id, "", "", NOW - 100)
            .await
            .unwrap();
        s.touch_session("old", NOW + 100).await.unwrap();
        assert_eq!(
            s.end_stale_sessions(NOW, NOW - 50).await.unwrap(),
            1,
            "past its absolute lifetime, however busy"
        );
        s.create_session("h3", id, "", "", NOW).await.unwrap();
        s.set_user_disabled(id, true, NOW).await.unwrap();
        assert!(
            s.session("h3").await.unwrap().is_none(),
            "disabled: sessions end"
        );
        assert!(s.user_by_id(id).await.unwrap().unwrap().disabled);
        assert!(s.set_user_disabled(9999, true, NOW).await.is_err());
    }
    b.cleanup().await;
}

#[tokio::test]
async fn totp_steps_count_once_and_recovery_codes_once() {
    let b = backends().await;
    for s in &b.stores {
        let id = user(s, "quantri", "admin").await;
        s.begin_totp_enrolment(id, "JBSWY3DPEHPK3PXP", NOW)
            .await
            .unwrap();
        let u = s.user_by_id(id).await.unwrap().unwrap();
        assert!(!u.totp_enabled && u.totp_secret.is_none());
        assert!(
            !s.confirm_totp_enrolment(id, "OTHERSECRET", 90, &[], NOW)
                .await
                .unwrap(),
            "only the secret waiting is confirmed"
        );
        s.confirm_totp_enrolment(id, "JBSWY3DPEHPK3PXP", 99, &["a1".into(), "b2".into()], NOW)
            .await
            .unwrap();
        let u = s.user_by_id(id).await.unwrap().unwrap();
        assert!(u.totp_enabled && u.totp_pending.is_none());
        assert_eq!(u.totp_secret.as_deref(), Some("JBSWY3DPEHPK3PXP"));
        assert!(
            !s.accept_totp_step(id, 99).await.unwrap(),
            "the step that confirmed enrolment is used"
        );
        assert!(s.accept_totp_step(id, 100).await.unwrap());
        assert!(
            !s.accept_totp_step(id, 100).await.unwrap(),
            "replay of the same step"
        );
        assert!(!s.accept_totp_step(id, 99).await.unwrap(), "an older step");
        assert!(s.accept_totp_step(id, 101).await.unwrap());
        assert!(s.use_recovery_code(id, "a1", NOW).await.unwrap());
        assert!(
            !s.use_recovery_code(id, "a1", NOW).await.unwrap(),
            "used once"
        );
        assert!(!s.use_recovery_code(id, "zz", NOW).await.unwrap());
        s.disable_totp(id, NOW).await.unwrap();
        let u = s.user_by_id(id).await.unwrap().unwrap();
        assert!(!u.totp_enabled && u.totp_secret.is_none());
        assert!(
            !s.use_recovery_code(id, "b2", NOW).await.unwrap(),
            "codes gone"
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn a_new_second_factor_waits_beside_the_old_one() {
    let b = backends().await;
    for s in &b.stores {
        let id = user(s, "bientap", "editor").await;
        s.begin_totp_enrolment(id, "OLDSECRET", NOW).await.unwrap();
        s.confirm_totp_enrolment(id, "OLDSECRET", 10, &["cu".into()], NOW)
            .await
            .unwrap();
        // Starting again changes nothing in use: the old secret and codes still work.
        s.begin_totp_enrolment(id, "NEWSECRET", NOW + 1)
            .await
            .unwrap();
        let u = s.user_by_id(id).await.unwrap().unwrap();
        assert!(u.totp_enabled);
        assert_eq!(u.totp_secret.as_deref(), Some("OLDSECRET"));
        assert_eq!(u.totp_pending.as_deref(), Some("NEWSECRET"));
        // Confirmed: the new one replaces the old one and its recovery codes.
        assert!(s
            .confirm_totp_enrolment(id, "NEWSECRET", 20, &["moi".into()], NOW + 2)
            .await
            .unwrap());
        let u = s.user_by_id(id).await.unwrap().unwrap();
        assert_eq!(u.totp_secret.as_deref(), Some("NEWSECRET"));
        assert!(!s.use_recovery_code(id, "cu", NOW).await.unwrap());
        assert!(s.use_recovery_code(id, "moi", NOW).await.unwrap());
        assert!(
            !s.confirm_totp_enrolment(id, "NEWSECRET", 30, &[], NOW + 3)
                .await
                .unwrap(),
            "a confirmation cannot be replayed"
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn a_waiting_log_in_takes_a_few_codes_then_dies() {
    let b = backends().await;
    for s in &b.stores {
        let id = user(s, "tacgia", "author").await;
        s.start_pending_login("p1", id, NOW).await.unwrap();
        for i in 0..3 {
            assert_eq!(
                s.attempt_pending_login("p1", NOW + i, 300, 3)
                    .await
                    .unwrap(),
                Some(id),
                "{i}"
            );
        }
        assert_eq!(
            s.attempt_pending_login("p1", NOW + 4, 300, 3)
                .await
                .unwrap(),
            None,
            "no attempts left"
        );
        s.start_pending_login("p2", id, NOW).await.unwrap();
        assert_eq!(
            s.attempt_pending_login("p2", NOW + 300, 300, 3)
                .await
                .unwrap(),
            None,
            "too old"
        );
        assert_eq!(
            s.attempt_pending_login("nope", NOW, 300, 3).await.unwrap(),
            None
        );
        s.start_pending_login("p3", id, NOW + 10).await.unwrap();
        s.end_pending_login("p3").await.unwrap();
        assert_eq!(
            s.attempt_pending_login("p3", NOW + 11, 300, 3)
                .await
                .unwrap(),
            None
        );
        s.start_pending_login("p4", id, NOW + 500).await.unwrap();
        assert_eq!(s.forget_pending_logins_before(NOW + 400).await.unwrap(), 2);
        assert_eq!(
            s.attempt_pending_login("p4", NOW + 501, 300, 3)
                .await
                .unwrap(),
            Some(id)
        );
    }
    b.cleanup().await;
}

const RULE: FailureRule = FailureRule {
    limit: 3,
    window: 600,
    lock: 900,
};

#[tokio::test]
async fn attempts_are_reserved_up_to_the_limit_then_locked() {
    let b = backends().await;
    for s in &b.stores {
        let keys = [("user:a", RULE), ("ip:203.0.113.0", RULE)];
        for i in 0..3 {
            assert_eq!(
                s.reserve_attempt(&keys, NOW + i).await.unwrap(),
                Ok(()),
                "{i}"
            );
        }
        // The third reached the limit: locked, and a refused attempt counts nowhere.
        assert_eq!(s.locked_until("user:a").await.unwrap(), NOW + 2 + 900);
        assert_eq!(
            s.reserve_attempt(&[("ip:198.51.100.0", RULE), ("user:a", RULE)], NOW + 5)
                .await
                .unwrap(),
            Err(NOW + 902)
        );
        assert_eq!(
            s.reserve_attempt(&[("ip:198.51.100.0", RULE)], NOW + 6)
                .await
                .unwrap(),
            Ok(()),
        );
        s.release_attempt(&[("ip:198.51.100.0", RULE)])
            .await
            .unwrap();
        // A right guess gives its attempt back and undoes the lock it set.
        s.release_attempt(&keys).await.unwrap();
        assert_eq!(s.locked_until("user:a").await.unwrap(), 0);
        assert_eq!(s.reserve_attempt(&keys, NOW + 7).await.unwrap(), Ok(()));
        assert!(s.reserve_attempt(&keys, NOW + 8).await.unwrap().is_err());
        // After the lock, counting starts again.
        assert_eq!(s.reserve_attempt(&keys, NOW + 920).await.unwrap(), Ok(()));
        s.clear_attempts(&["user:a"]).await.unwrap();
        assert_eq!(s.locked_until("user:a").await.unwrap(), 0);
        // Attempts spread wider than the window never lock.
        for i in 0..6 {
            let t = NOW + i * 700;
            assert_eq!(
                s.reserve_attempt(&[("user:b", RULE)], t).await.unwrap(),
                Ok(())
            );
        }
        assert_eq!(
            s.forget_attempts_before(NOW + 10_000, NOW + 10_000)
                .await
                .unwrap(),
            3
        );
    }
    b.cleanup().await;
}

#[tokio::test]
async fn concurrent_attempts_never_pass_the_limit() {
    let b = backends().await;
    for s in &b.stores {
        let tries: Vec<_> = (0..40)
            .map(|_| {
                let s = s.clone();
                tokio::spawn(async move {
                    s.reserve_attempt(&[("user:dong-thoi", RULE)], NOW)
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut allowed = 0;
        for t in tries {
            allowed += usize::from(t.await.unwrap().is_ok());
        }
        assert_eq!(allowed, RULE.limit as usize);
    }
    b.cleanup().await;
}

#[tokio::test]
async fn the_audit_log_filters_by_user_action_and_time() {
    let b = backends().await;
    for s in &b.stores {
        let id = user(s, "tacgia", "author").await;
        for (i, action) in ["login_failed", "login", "logout", "login"]
            .iter()
            .enumerate()
        {
            s.audit(&AuditEntry {
                at: NOW + i as i64,
                user_id: (i > 0).then_some(id),
                user_name: "tacgia".into(),
                action: action.to_string(),
                ip: "203.0.113.5".into(),
                ..AuditEntry::default()
            })
            .await
            .unwrap();
        }
        let all = s
            .audit_entries(&AuditFilter::default(), 10, 0)
            .await
            .unwrap();
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].action, "login", "newest first");
        let logins = AuditFilter {
            action: Some("login".into()),
            ..AuditFilter::default()
        };
        assert_eq!(s.audit_entries(&logins, 10, 0).await.unwrap().len(), 2);
        let mine = AuditFilter {
            user_id: Some(id),
            from: Some(NOW + 2),
            ..AuditFilter::default()
        };
        assert_eq!(s.audit_entries(&mine, 10, 0).await.unwrap().len(), 2);
        assert_eq!(
            s.audit_entries(&AuditFilter::default(), 2, 3)
                .await
                .unwrap()
                .len(),
            1
        );
        // Retention removes the oldest entries only.
        assert_eq!(s.forget_audit_before(NOW + 2).await.unwrap(), 2);
        let left = s
            .audit_entries(&AuditFilter::default(), 10, 0)
            .await
            .unwrap();
        assert_eq!(left.iter().map(|e| e.at).min(), Some(NOW + 2));
    }
    b.cleanup().await;
}
