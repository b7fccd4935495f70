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
        assert_eq!(s.end_idle_sessions(NOW + 61).await.unwrap(), 1);
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
        s.set_totp_secret(id, "JBSWY3DPEHPK3PXP", NOW)
            .await
            .unwrap();
        assert!(!s.user_by_id(id).await.unwrap().unwrap().totp_enabled);
        s.enable_totp(id, &["a1".into(), "b2".into()], NOW)
            .await
            .unwrap();
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
async fn failed_logins_lock_after_the_limit_within_the_window() {
    let b = backends().await;
    let rule = FailureRule {
        limit: 3,
        window: 600,
        lock: 900,
    };
    for s in &b.stores {
        assert_eq!(
            s.record_login_failure("user:a", rule, NOW).await.unwrap(),
            0
        );
        assert_eq!(
            s.record_login_failure("user:a", rule, NOW + 10)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            s.record_login_failure("user:a", rule, NOW + 20)
                .await
                .unwrap(),
            NOW + 920
        );
        assert_eq!(s.locked_until("user:a").await.unwrap(), NOW + 920);
        assert_eq!(s.locked_until("ip:203.0.113.5").await.unwrap(), 0);
        // Failures spread wider than the window never lock.
        for i in 0..5 {
            let t = NOW + i * 700;
            assert_eq!(
                s.record_login_failure("user:b", rule, t).await.unwrap(),
                0,
                "{i}"
            );
        }
        s.clear_login_failures("user:a").await.unwrap();
        assert_eq!(s.locked_until("user:a").await.unwrap(), 0);
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
    }
    b.cleanup().await;
}
