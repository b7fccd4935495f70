use chrono::{DateTime, Datelike, TimeZone, Utc};
use chrono_tz::Tz;

/// Interface language of the rendered site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    /// Vietnamese, the default.
    Vi,
    /// English.
    En,
}

impl Locale {
    /// Parses "vi" or "en".
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "vi" => Some(Self::Vi),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    /// The language code used in `lang` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }

    /// Thousands separator used when printing counts.
    pub fn thousands_sep(self) -> char {
        match self {
            Self::Vi => '.',
            Self::En => ',',
        }
    }
}

const WEEKDAYS_VI: [&str; 7] = [
    "Thứ hai",
    "Thứ ba",
    "Thứ tư",
    "Thứ năm",
    "Thứ sáu",
    "Thứ bảy",
    "Chủ nhật",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn local(unix: i64, tz: Tz) -> DateTime<Tz> {
    let utc = Utc.timestamp_opt(unix, 0).single().unwrap_or_default();
    utc.with_timezone(&tz)
}

/// "Thứ ba - 07/02/2023 22:19": weekday, date and time in the site's zone.
pub fn format_datetime(unix: i64, tz: Tz, locale: Locale) -> String {
    let t = local(unix, tz);
    let day = t.weekday().num_days_from_monday() as usize;
    let name = match locale {
        Locale::Vi => WEEKDAYS_VI[day],
        Locale::En => WEEKDAYS_EN[day],
    };
    format!("{name} - {}", t.format("%d/%m/%Y %H:%M"))
}

/// "07/02/2023" in the site's zone.
pub fn format_date(unix: i64, tz: Tz) -> String {
    local(unix, tz).format("%d/%m/%Y").to_string()
}

/// RFC 3339 with the site's offset, for `<time datetime>`, Atom and sitemaps.
pub fn iso8601(unix: i64, tz: Tz) -> String {
    local(unix, tz).to_rfc3339()
}

/// RFC 2822, for RSS.
pub fn rfc2822(unix: i64, tz: Tz) -> String {
    local(unix, tz).to_rfc2822()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HCM: Tz = chrono_tz::Asia::Ho_Chi_Minh;

    #[test]
    fn vietnamese_article_date() {
        // 2023-02-07 15:19 UTC is 22:19 in Hồ Chí Minh City, a Tuesday.
        let t = 1_675_783_140;
        assert_eq!(
            format_datetime(t, HCM, Locale::Vi),
            "Thứ ba - 07/02/2023 22:19"
        );
        assert_eq!(
            format_datetime(t, HCM, Locale::En),
            "Tuesday - 07/02/2023 22:19"
        );
        assert_eq!(format_date(t, HCM), "07/02/2023");
        assert_eq!(iso8601(t, HCM), "2023-02-07T22:19:00+07:00");
    }

    #[test]
    fn zone_moves_the_day() {
        // 20:00 UTC on a Sunday is already Monday morning in Việt Nam.
        let t = 1_675_540_800; // 2023-02-04 20:00 UTC, Saturday
        assert_eq!(
            format_datetime(t, HCM, Locale::Vi),
            "Chủ nhật - 05/02/2023 03:00"
        );
        assert_eq!(
            format_datetime(t, chrono_tz::UTC, Locale::Vi),
            "Thứ bảy - 04/02/2023 20:00"
        );
    }
}
