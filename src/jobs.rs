//! Background work: flushing counters, turning the day, publishing scheduled articles.

use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{Datelike, TimeZone, Utc};
use chrono_tz::Tz;

use crate::state::AppState;

/// How often counters are written; a crash can lose at most this much of view counts.
pub const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// The day key (YYYYMMDD) of a moment in the site's zone, and the key of its month's first day.
pub fn day_keys(unix: i64, tz: Tz) -> (i64, i64) {
    let d = Utc
        .timestamp_opt(unix, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive();
    let month = d.year() as i64 * 10_000 + d.month() as i64 * 100;
    (month + d.day() as i64, month + 1)
}

/// Loads today's, this month's and all-time visits into the live figures.
pub async fn load_visit_totals(app: &AppState) -> cong_store::Result<i64> {
    let (day, month_start) = day_keys(app.now(), app.tz);
    let (today, month, total) = app.store.visit_totals(day, month_start).await?;
    app.visits.load(today, month, total);
    Ok(day)
}

/// Writes pending view and visit counts (for `day`), putting them back if the write fails.
pub async fn flush(app: &AppState, day: i64) {
    let views = app.views.take_pending();
    if let Err(e) = app.store.add_article_views(&views).await {
        tracing::warn!(error = %e, "could not write view counts; will retry");
        app.views.restore(&views);
    }
    let (visits, page_views) = app.visits.take_pending();
    if visits > 0 || page_views > 0 {
        if let Err(e) = app
            .store
            .add_visit_counts(&[(day, visits, page_views)])
            .await
        {
            tracing::warn!(error = %e, "could not write visit counts; will retry");
            app.visits.restore(visits, page_views);
        }
    }
}

/// Clean-up that can wait: idle addresses in the write limits, the record of sent forms once
/// their tokens have expired (an expired token is refused before the record is read), and
/// the back office's rows that only grow: ended sessions, old log-in counts, abandoned second
/// steps, and audit entries past their retention.
pub async fn hourly(app: &AppState, now: i64) {
    app.participation.sweep(now);
    let before = now - app.config.participation.form_max_age_secs - 60;
    if let Err(e) = app.store.forget_forms_before(before).await {
        tracing::warn!(error = %e, "could not forget old form records");
    }
    let security = &app.config.security;
    let started_before = match security.session_max_secs {
        0 => i64::MIN,
        max => now - max,
    };
    let idle_before = now - app.config.admin.idle_secs;
    if let Err(e) = app
        .store
        .end_stale_sessions(idle_before, started_before)
        .await
    {
        tracing::warn!(error = %e, "could not end stale sessions");
    }
    // A count is kept a day past its window, so a lock never ends early.
    let counted_before = now - security.lockout_secs - 86_400;
    if let Err(e) = app.store.forget_attempts_before(counted_before, now).await {
        tracing::warn!(error = %e, "could not forget old log-in counts");
    }
    let code_before = now - crate::auth::login::CODE_SECS;
    if let Err(e) = app.store.forget_pending_logins_before(code_before).await {
        tracing::warn!(error = %e, "could not forget abandoned log-ins");
    }
    if security.audit_retention_days > 0 {
        let kept_from = now - security.audit_retention_days * 86_400;
        if let Err(e) = app.store.forget_audit_before(kept_from).await {
            tracing::warn!(error = %e, "could not apply the audit retention");
        }
    }
}

/// Another process (CLI moderation, an import) may have changed content since the version
/// `seen`: then cached pages go, and the publishing schedule is read again, since an import
/// may have scheduled an article (when it is due, its pages must be rendered anew and search
/// must stop hiding it).
pub async fn notice_outside_changes(app: &AppState, seen: &mut i64) {
    match app.store.content_version().await {
        Ok(v) if v != *seen => {
            *seen = v;
            app.content_changed();
            if let Err(e) = app.store.fold_missing_titles().await {
                tracing::warn!(error = %e, "could not fold new titles");
            }
            if let Err(e) = app.refresh_next_due().await {
                tracing::warn!(error = %e, "could not read the publishing schedule");
            }
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not read the content version"),
    }
}

/// Runs until `stop` resolves, then flushes one last time.
pub async fn run(app: AppState, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut day = match load_visit_totals(&app).await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "could not read visit totals");
            day_keys(app.now(), app.tz).0
        }
    };
    let mut seen_version = app.store.content_version().await.unwrap_or(0);
    // Clean-up runs soon after a start, then hourly.
    let mut last_hourly = 0;
    let mut tick = tokio::time::interval(FLUSH_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.changed() => break,
        }
        let now = app.now();
        app.visits.tick(now);
        flush(&app, day).await;
        let (today, _) = day_keys(now, app.tz);
        if today != day {
            day = today;
            if let Err(e) = load_visit_totals(&app).await {
                tracing::warn!(error = %e, "could not read visit totals");
            }
        }
        notice_outside_changes(&app, &mut seen_version).await;
        if now - last_hourly >= 3600 {
            last_hourly = now;
            hourly(&app, now).await;
        }
        if now >= app.next_due.load(Ordering::Relaxed) {
            // A scheduled article has become due: pages listing it must be rendered anew.
            app.content_changed();
            if let Err(e) = app.refresh_next_due().await {
                tracing::warn!(error = %e, "could not read the publishing schedule");
            }
        }
    }
    flush(&app, day).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_keys_use_the_site_zone() {
        // 2026-01-31 18:30 UTC is already 1 February in Việt Nam.
        let t = 1_769_884_200;
        assert_eq!(
            day_keys(t, chrono_tz::Asia::Ho_Chi_Minh),
            (20260201, 20260201)
        );
        assert_eq!(day_keys(t, chrono_tz::UTC), (20260131, 20260101));
    }
}
