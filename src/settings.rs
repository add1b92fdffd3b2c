//! Settings, made once at the door and handed down.
//!
//! Like ripgrep's low-level and high-level arguments: the command line reads its flags, the
//! environment (`YISHI_TODAY`, `YISHI_LANG`) and the clock once, into [`Given`]; when a
//! community's `site.toml` has been read, [`Settings::resolve`] decides each setting in one
//! place by one order of precedence (flag or environment, then `site.toml`, then the
//! default). Nothing else in the crate reads the clock or the environment, so every stage
//! is a function of its inputs and a build can be replayed on any day.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::model::{Language, Site};

/// What the command line was given: flags, the environment and the clock, read once.
#[derive(Debug, Clone)]
pub struct Given {
    /// `--today`, else `YISHI_TODAY`.
    pub today: Option<NaiveDate>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--drafts` (and `serve`, which always shows drafts).
    pub drafts: bool,
    /// `YISHI_LANG`: the language staff read diagnostics in.
    pub language: Option<Language>,
    /// The clock when the command started.
    pub now: DateTime<Utc>,
}

impl Given {
    /// Nothing given but the clock: what a library caller or a test starts from.
    pub fn at(now: DateTime<Utc>) -> Given {
        Given {
            today: None,
            base_url: None,
            drafts: false,
            language: None,
            now,
        }
    }

    /// What community `id` of a district is given: the district's pinned `today` unless the
    /// command line gave one, and an address under the district's (`--base-url` or
    /// district.toml `base_url`) followed by the community's folder.
    pub fn in_district(
        &self,
        district_today: Option<NaiveDate>,
        district_base_url: Option<&str>,
        id: &str,
    ) -> Given {
        Given {
            today: self.today.or(district_today),
            base_url: self
                .base_url
                .as_deref()
                .or(district_base_url)
                .map(|b| format!("{}{id}/", with_slash(b))),
            ..self.clone()
        }
    }

    /// What a command is given when its own `--today` (if any) is laid over the
    /// environment's `YISHI_TODAY`: the flag is the higher source.
    pub fn with_today(self, today: Option<NaiveDate>) -> Given {
        Given {
            today: today.or(self.today),
            ..self
        }
    }

    /// The same, with today pinned (as `--today` does).
    pub fn on(today: NaiveDate) -> Given {
        Given {
            today: Some(today),
            ..Given::at(DateTime::<Utc>::MIN_UTC)
        }
    }
}

/// One community's settings, resolved from [`Given`] and its `site.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The reference date of every rule: `--today`/`YISHI_TODAY`, else `site.toml` `today`,
    /// else the clock read in the site's time zone.
    pub today: NaiveDate,
    /// `site.toml` `timezone`, else +08:00.
    pub time_zone: FixedOffset,
    /// `--base-url`, else `site.toml` `base_url`, always ending in `/`; none when neither.
    pub base_url: Option<String>,
    /// Whether entries marked `draft = true` are included.
    pub drafts: bool,
    /// The language of the pages (`site.toml` `language`).
    pub language: Language,
    /// The language staff read messages in: `YISHI_LANG`, else the site's.
    pub staff_language: Language,
}

impl Settings {
    /// Decides every setting of a community whose `site.toml` says `site`.
    pub fn resolve(given: &Given, site: &Site) -> Settings {
        Settings {
            today: today(given, site.today, site.timezone),
            time_zone: site.timezone,
            base_url: given
                .base_url
                .as_deref()
                .map(with_slash)
                .or_else(|| site.base_url.clone()),
            drafts: given.drafts,
            language: site.language,
            staff_language: staff_language(given.language, Some(site.language)),
        }
    }

    /// The settings when `site.toml` could not be read: the defaults.
    pub fn without_site(given: &Given) -> Settings {
        let time_zone = default_time_zone();
        Settings {
            today: today(given, None, time_zone),
            time_zone,
            base_url: given.base_url.as_deref().map(with_slash),
            drafts: given.drafts,
            language: Language::ZhCn,
            staff_language: staff_language(given.language, None),
        }
    }

    /// Decides the settings of a district's own report from what was given and its
    /// district.toml (`language` and a pinned `today`; none without one): the flag or the
    /// environment first, then district.toml, then the defaults.
    pub fn of_district(given: &Given, district: Option<(Language, Option<NaiveDate>)>) -> Settings {
        let mut settings = Settings::without_site(given);
        if let Some((language, pinned)) = district {
            settings.today = today(given, pinned, settings.time_zone);
            settings.language = language;
            settings.staff_language = staff_language(given.language, Some(language));
        }
        settings
    }
}

/// Beijing time, the time zone of a site that does not name one.
pub fn default_time_zone() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| chrono::Offset::fix(&Utc))
}

/// "Today": what was given, else what the site pins, else the clock in the site's zone.
pub fn today(given: &Given, site_today: Option<NaiveDate>, zone: FixedOffset) -> NaiveDate {
    given
        .today
        .or(site_today)
        .unwrap_or_else(|| given.now.with_timezone(&zone).date_naive())
}

/// The staff language: `YISHI_LANG` when given, else the site's (or district's), else Chinese.
pub fn staff_language(given: Option<Language>, declared: Option<Language>) -> Language {
    given.or(declared).unwrap_or(Language::ZhCn)
}

/// `YISHI_LANG`'s value as a language: `en…` English, `zh…` Chinese, else none.
pub fn parse_language(value: &str) -> Option<Language> {
    let lang = value.trim().to_ascii_lowercase();
    if lang.starts_with("en") {
        Some(Language::En)
    } else if lang.starts_with("zh") {
        Some(Language::ZhCn)
    } else {
        None
    }
}

/// Parses `YYYY-MM-DD` exactly: four digits of year, two of month and day (`25-12-26`, which
/// chrono alone would read as the year 25, is not a date here).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// A base address ending in `/`, so page paths can be appended.
pub fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A district's report: the flag's today over district.toml's, district.toml's over the
    /// clock (in Beijing time); its language for the overview, and for staff unless
    /// `YISHI_LANG` says otherwise; without a district.toml, the defaults.
    #[test]
    fn a_districts_settings_are_given_then_its_own_then_the_defaults() {
        // 2025-12-31T17:00Z is 2026-01-01 in Beijing.
        let now = DateTime::parse_from_rfc3339("2025-12-31T17:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut given = Given::at(now);
        let pinned = Some(d("2025-06-30"));
        let s = Settings::of_district(&given, Some((Language::En, pinned)));
        assert_eq!(
            (s.today, s.language, s.staff_language),
            (d("2025-06-30"), Language::En, Language::En)
        );
        let s = Settings::of_district(&given, Some((Language::En, None)));
        assert_eq!(s.today, d("2026-01-01"));
        let s = Settings::of_district(&given, None);
        assert_eq!(
            (s.today, s.language, s.staff_language),
            (d("2026-01-01"), Language::ZhCn, Language::ZhCn)
        );
        given.today = Some(d("2025-01-02"));
        given.language = Some(Language::ZhCn);
        let s = Settings::of_district(&given, Some((Language::En, pinned)));
        assert_eq!(
            (s.today, s.language, s.staff_language),
            (d("2025-01-02"), Language::En, Language::ZhCn)
        );
    }

    #[test]
    fn today_is_given_then_pinned_then_the_clock_in_the_site_zone() {
        // 2025-12-31T17:00Z is already 2026-01-01 in Beijing, still 2025-12-31 in London.
        let now = DateTime::parse_from_rfc3339("2025-12-31T17:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let mut given = Given::at(now);
        let utc = FixedOffset::east_opt(0).unwrap();
        assert_eq!(today(&given, None, default_time_zone()), d("2026-01-01"));
        assert_eq!(today(&given, None, utc), d("2025-12-31"));
        assert_eq!(today(&given, Some(d("2025-06-30")), utc), d("2025-06-30"));
        given.today = Some(d("2024-02-29"));
        assert_eq!(today(&given, Some(d("2025-06-30")), utc), d("2024-02-29"));
    }

    #[test]
    fn languages_and_addresses() {
        assert_eq!(parse_language(" EN_us "), Some(Language::En));
        assert_eq!(parse_language("zh-CN"), Some(Language::ZhCn));
        assert_eq!(parse_language("fr"), None);
        assert_eq!(staff_language(None, None), Language::ZhCn);
        assert_eq!(staff_language(None, Some(Language::En)), Language::En);
        assert_eq!(
            staff_language(Some(Language::ZhCn), Some(Language::En)),
            Language::ZhCn
        );
        assert_eq!(with_slash("https://a.org/x"), "https://a.org/x/");
        assert_eq!(with_slash("https://a.org/x/"), "https://a.org/x/");
    }

    #[test]
    fn a_district_hands_its_today_and_address_to_each_community() {
        let given = Given::at(DateTime::<Utc>::MIN_UTC);
        let c = given.in_district(Some(d("2025-12-31")), Some("https://q.gov.cn/jd"), "hp");
        assert_eq!(c.today, Some(d("2025-12-31")));
        assert_eq!(c.base_url.as_deref(), Some("https://q.gov.cn/jd/hp/"));
        let pinned = Given {
            today: Some(d("2026-01-05")),
            base_url: Some("https://x.org/".into()),
            ..given.clone()
        };
        let c = pinned.in_district(Some(d("2025-12-31")), Some("https://q.gov.cn/jd/"), "hp");
        assert_eq!(c.today, Some(d("2026-01-05")));
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/hp/"));
        assert_eq!(given.in_district(None, None, "hp").base_url, None);
    }
}
