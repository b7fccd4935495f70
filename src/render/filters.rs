//! Template filters for dates and numbers, bound to the site's zone and locale.

use chrono_tz::Tz;
use cong_text::{format_date, format_datetime, group_thousands, iso8601, rfc2822, Locale};
use minijinja::Environment;

pub(super) fn register(env: &mut Environment<'static>, tz: Tz, locale: Locale) {
    env.add_filter("datetime_vi", move |t: i64| format_datetime(t, tz, locale));
    env.add_filter("date_vi", move |t: i64| format_date(t, tz));
    env.add_filter("time_vi", move |t: i64| {
        use chrono::TimeZone;
        tz.timestamp_opt(t, 0)
            .single()
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_default()
    });
    env.add_filter("iso", move |t: i64| iso8601(t, tz));
    env.add_filter("rfc2822", move |t: i64| rfc2822(t, tz));
    env.add_filter("number", move |n: i64| {
        let sign = if n < 0 { "-" } else { "" };
        format!(
            "{sign}{}",
            group_thousands(n.unsigned_abs(), locale.thousands_sep())
        )
    });
}
