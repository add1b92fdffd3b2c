//! Words and numbers in the site's language: dates, times, percentages, counts and the
//! labels of statuses and outcomes, from the theme's strings.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

use crate::facts::{ActionStatus, Outcome, TopicStatus};
use crate::model::Language;
use crate::site::theme::Strings;

/// "812 B", "2.8 KB", "3.4 MB" (decimal units, as phones show them).
pub(crate) fn human_size(bytes: u64) -> String {
    match bytes {
        0..1000 => format!("{bytes} B"),
        1000..1_000_000 => format!("{:.1} KB", bytes as f64 / 1000.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_000_000.0),
    }
}

pub(crate) struct Words<'a> {
    pub(crate) lang: Language,
    pub(crate) t: &'a Strings,
}

impl Words<'_> {
    pub(crate) fn label(&self, key: &str) -> String {
        self.t.get(key).cloned().unwrap_or_else(|| key.to_string())
    }
    pub(crate) fn date(&self, d: NaiveDate) -> String {
        match self.lang {
            Language::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            Language::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
        }
    }
    pub(crate) fn date_weekday(&self, d: NaiveDate) -> String {
        match self.lang {
            Language::ZhCn => format!("{}（{}）", self.date(d), zh_weekday(d.weekday())),
            Language::En => format!("{} {}", en_weekday(d.weekday()), self.date(d)),
        }
    }
    pub(crate) fn datetime(&self, dt: NaiveDateTime) -> String {
        match self.lang {
            Language::ZhCn => format!(
                "{} {}:{:02}",
                self.date_weekday(dt.date()),
                dt.hour(),
                dt.minute()
            ),
            Language::En => format!(
                "{}, {:02}:{:02}",
                self.date_weekday(dt.date()),
                dt.hour(),
                dt.minute()
            ),
        }
    }
    pub(crate) fn percent(&self, rate: Option<f64>) -> String {
        match rate {
            None => self.label("not_applicable"),
            Some(r) => {
                let p = (r * 1000.0).round() / 10.0;
                if p.fract() == 0.0 {
                    format!("{p:.0}%")
                } else {
                    format!("{p:.1}%")
                }
            }
        }
    }
    /// An amount in the site's language: "6,000 元", "CNY 6,000".
    pub(crate) fn yuan(&self, m: crate::model::Money) -> String {
        let amount = m.written();
        match self.lang {
            Language::ZhCn => format!("{amount} 元"),
            Language::En => format!("CNY {amount}"),
        }
    }
    pub(crate) fn people(&self, n: u64) -> String {
        match self.lang {
            Language::ZhCn => format!("{n} 人"),
            Language::En => format!("{n}"),
        }
    }
    /// The vote spelled out in a sentence, as the record sheet states it.
    pub(crate) fn explain(
        &self,
        expected: u64,
        present: u64,
        yes: u64,
        f: &crate::facts::ResolutionFacts,
        quorum: &str,
        base_label: &str,
    ) -> String {
        let base = f.base;
        match (self.lang, f.outcome) {
            (Language::ZhCn, Outcome::Invalid) => format!(
                "应到 {expected} 人，实到 {present} 人，不足应到人数的 {quorum}，未达到法定人数，表决无效。"
            ),
            (Language::ZhCn, Outcome::Advisory) => format!(
                "应到 {expected} 人，实到 {present} 人，达到应到人数的 {quorum}。赞成 {yes} 票，{}{base_label}（{base}）的半数。这是倾向性意见：{}，供决策参考，不是决定。",
                if f.passed { "超过" } else { "未超过" },
                if f.passed {
                    "多数赞成"
                } else {
                    "赞成的不到半数"
                }
            ),
            (Language::En, Outcome::Advisory) => format!(
                "{present} of {expected} expected were present, meeting the {quorum} quorum. {yes} voted yes, {} half of the {base} {base_label}. This is advice: {}; it informs the decision and does not bind.",
                if f.passed {
                    "more than"
                } else {
                    "not more than"
                },
                if f.passed {
                    "most were for it"
                } else {
                    "fewer than half were for it"
                }
            ),
            (Language::ZhCn, _) => format!(
                "应到 {expected} 人，实到 {present} 人，达到应到人数的 {quorum}。赞成 {yes} 票，{}{base_label}（{base}）的半数，决议{}。",
                if f.passed { "超过" } else { "未超过" },
                if f.passed { "通过" } else { "未通过" }
            ),
            (Language::En, Outcome::Invalid) => format!(
                "{present} of {expected} expected were present, short of the {quorum} quorum: the vote is invalid."
            ),
            (Language::En, _) => format!(
                "{present} of {expected} expected were present, meeting the {quorum} quorum. {yes} voted yes, {} half of the {base} {base_label}: the resolution {}.",
                if f.passed {
                    "more than"
                } else {
                    "not more than"
                },
                if f.passed { "passed" } else { "failed" }
            ),
        }
    }
    pub(crate) fn quarter(&self, q: u32) -> String {
        format!(
            "{}{}{}",
            self.label("quarter_prefix"),
            q,
            self.label("quarter_suffix")
        )
    }
    pub(crate) fn topic_status(&self, s: TopicStatus) -> String {
        self.label(&format!("status_{}", s.key()))
    }
    pub(crate) fn action_status(&self, s: ActionStatus) -> String {
        self.label(&format!("action_{}", s.key()))
    }
    pub(crate) fn outcome(&self, o: Outcome) -> String {
        self.label(&format!("outcome_{}", o.key()))
    }
}

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) fn zh_weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

pub(crate) fn en_weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn dates_in_both_languages() {
        let zh: Strings = BTreeMap::new();
        let d = NaiveDate::from_ymd_opt(2025, 4, 18).unwrap();
        let f = Words {
            lang: Language::ZhCn,
            t: &zh,
        };
        assert_eq!(f.date(d), "2025年4月18日");
        assert_eq!(f.date_weekday(d), "2025年4月18日（星期五）");
        assert_eq!(
            f.datetime(d.and_hms_opt(9, 0, 0).unwrap()),
            "2025年4月18日（星期五） 9:00"
        );
        assert_eq!(f.percent(Some(0.9559)), "95.6%");
        assert_eq!(f.percent(Some(1.0)), "100%");
        let f = Words {
            lang: Language::En,
            t: &zh,
        };
        assert_eq!(f.date(d), "18 April 2025");
        assert_eq!(
            f.datetime(d.and_hms_opt(9, 5, 0).unwrap()),
            "Friday 18 April 2025, 09:05"
        );
    }
}
