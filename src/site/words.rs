//! Words and numbers in the site's language: dates, times, percentages, counts and the
//! labels of statuses and outcomes, from the theme's strings.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

use crate::facts::{ActionStatus, Outcome, ResolutionFacts, TopicStatus};
use crate::model::{Declared, Language, Meeting, OwnersVote, Resolution, Unit};
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
            Language::En => format!(
                "{} {} {}",
                d.day(),
                crate::facts::MONTH_NAMES[d.month0() as usize],
                d.year()
            ),
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
    /// When a meeting starts: the date and hour, or the date alone when the source gives no
    /// hour (15.2).
    pub(crate) fn start(&self, m: &Meeting) -> String {
        if m.unrecorded.time {
            self.date_weekday(m.start.date())
        } else {
            self.datetime(m.start)
        }
    }
    /// Where a meeting took place, or 原记录未载明.
    pub(crate) fn place(&self, m: &Meeting) -> String {
        m.place.clone().unwrap_or_else(|| self.label("unrecorded"))
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
    /// What a vote counts, in words: 人 or 户 (15.4).
    pub(crate) fn unit_word(&self, unit: Unit) -> &'static str {
        match (self.lang, unit) {
            (Language::ZhCn, Unit::Household) => "户",
            (Language::ZhCn, _) => "人",
            (Language::En, Unit::Household) => "households",
            (Language::En, _) => "people",
        }
    }
    /// The vote spelled out in a sentence, as the record sheet states it: what the record
    /// gives and what follows from it, never more (15.1, 15.2, 15.4).
    pub(crate) fn explain(
        &self,
        m: &Meeting,
        r: &Resolution,
        f: &ResolutionFacts,
        quorum: &str,
        base_label: &str,
    ) -> String {
        if let Some(v) = &r.owners {
            return self.explain_owners(v, f);
        }
        let zh = self.lang == Language::ZhCn;
        let u = self.unit_word(r.unit);
        // Attendance, as far as the record gives it (households named, persons as before).
        let en_unit = if r.unit == Unit::Household {
            " households"
        } else {
            ""
        };
        let attendance = match (m.expected, m.present, f.quorum_met) {
            (Some(e), Some(p), Some(met)) => match (zh, met) {
                (true, true) => format!("应到 {e} {u}，实到 {p} {u}，达到应到人数的 {quorum}。"),
                (true, false) => {
                    format!("应到 {e} {u}，实到 {p} {u}，不足应到人数的 {quorum}，未达到法定人数")
                }
                (false, true) => format!(
                    "{p} of {e} expected{en_unit} were present, meeting the {quorum} quorum. "
                ),
                (false, false) => format!(
                    "{p} of {e} expected{en_unit} were present, short of the {quorum} quorum"
                ),
            },
            _ => match zh {
                true => "原记录未载明应到、实到人数，无法核对法定人数。".to_string(),
                false => "The record does not give attendance, so the quorum cannot be checked. "
                    .to_string(),
            },
        };
        let advice = match zh {
            true => "这是倾向性意见，供决策参考，不是决定。",
            false => "This is advice: it informs the decision and does not bind.",
        };
        let Some(t) = r.tally else {
            // Declared without counts (15.1).
            let word = r.declared.map_or("", |d| d.label());
            let said = match (zh, r.declared) {
                (true, Some(Declared::Deferred)) => {
                    "会议宣布暂缓（记录未载明票数）：本次未作决定。".to_string()
                }
                (true, _) => format!("会议宣布{word}（记录未载明票数）。"),
                (false, Some(Declared::Deferred)) => {
                    "The meeting declared the matter deferred (the record gives no counts): nothing was decided.".to_string()
                }
                (false, Some(Declared::Failed)) => {
                    "The meeting declared it not passed (the record gives no counts).".to_string()
                }
                (false, _) => {
                    "The meeting declared it passed (the record gives no counts).".to_string()
                }
            };
            let quorum_part = match (m.expected.is_some() && m.present.is_some(), f.quorum_met) {
                (false, _) => String::new(),
                (true, Some(false)) if zh => format!("{attendance}。"),
                (true, Some(false)) => format!("{attendance}. "),
                (true, _) => attendance,
            };
            let advisory = if f.outcome == Outcome::Advisory {
                advice
            } else {
                ""
            };
            return format!("{quorum_part}{said}{advisory}")
                .trim_end()
                .to_string();
        };
        let yes = t.yes;
        let votes = if r.unit == Unit::Household { u } else { "票" };
        let base = f.base.unwrap_or(0);
        let carried = f.passed == Some(true);
        let base_label = if f.quorum_met.is_none() {
            match zh {
                true => "投票数",
                false => "votes cast",
            }
        } else {
            base_label
        };
        match (zh, f.outcome) {
            (true, Outcome::Invalid) => format!("{attendance}，表决无效。"),
            (false, Outcome::Invalid) => format!("{attendance}: the vote is invalid."),
            (true, Outcome::Advisory) => format!(
                "{attendance}赞成 {yes} {votes}，{}{base_label}（{base}）的半数。这是倾向性意见：{}，供决策参考，不是决定。",
                if carried { "超过" } else { "未超过" },
                if carried {
                    "多数赞成"
                } else {
                    "赞成的不到半数"
                }
            ),
            (false, Outcome::Advisory) => format!(
                "{attendance}{yes}{en_unit} voted yes, {} half of the {base} {base_label}. This is advice: {}; it informs the decision and does not bind.",
                if carried {
                    "more than"
                } else {
                    "not more than"
                },
                if carried {
                    "most were for it"
                } else {
                    "fewer than half were for it"
                }
            ),
            (true, _) => format!(
                "{attendance}赞成 {yes} {votes}，{}{base_label}（{base}）的半数，决议{}。",
                if carried { "超过" } else { "未超过" },
                if carried { "通过" } else { "未通过" }
            ),
            (false, _) => format!(
                "{attendance}{yes}{en_unit} voted yes, {} half of the {base} {base_label}: the resolution {}.",
                if carried {
                    "more than"
                } else {
                    "not more than"
                },
                if carried { "passed" } else { "failed" }
            ),
        }
    }
    /// An owners' vote in a sentence: both fractions and which thresholds were met (15.4).
    fn explain_owners(&self, v: &OwnersVote, f: &ResolutionFacts) -> String {
        let t = crate::facts::owners_thresholds(v);
        let three_quarters = v.matter.needs_three_quarters();
        let (ov, oy, o) = (v.owners_voting, v.owners_yes, v.owners);
        let (a, av, ay) = (
            v.area.written(),
            v.area_voting.written(),
            v.area_yes.written(),
        );
        let matter = v.matter.label();
        if self.lang == Language::En {
            let met = |b: bool| if b { "met" } else { "not met" };
            let share = if three_quarters {
                "three quarters"
            } else {
                "more than half"
            };
            return format!(
                "Owners' decision (Civil Code art. 278, {matter}): {ov} of {o} owners and {av} of {a} m² took part (two thirds by headcount {}, by area {}). In favour: {oy}/{ov} owners and {ay}/{av} m² ({share} by headcount {}, by area {}): {}.",
                met(t.heads_took_part),
                met(t.area_took_part),
                met(t.heads_agreed),
                met(t.area_agreed),
                match f.outcome {
                    Outcome::Invalid => "participation fell short, the vote is invalid",
                    _ if f.passed == Some(true) => "the resolution passed",
                    _ => "the resolution failed",
                }
            );
        }
        let reach = |b: bool| if b { "达到" } else { "未达到" };
        let share = if three_quarters {
            "四分之三以上"
        } else {
            "过半数"
        };
        let took_part = format!(
            "业主共同决定（民法典第二百七十八条，{matter}）：专有部分业主 {o} 人、面积 {a} m²，参与表决 {ov} 人、{av} m²，人数{}三分之二以上，面积{}三分之二以上。",
            reach(t.heads_took_part),
            reach(t.area_took_part)
        );
        if f.outcome == Outcome::Invalid {
            return format!("{took_part}参与表决的业主不足，表决无效。");
        }
        format!(
            "{took_part}同意：人数 {oy}/{ov}，面积 {ay}/{av} m²；人数{}参与表决的{share}，面积{}参与表决的{share}，决议{}。",
            reach(t.heads_agreed),
            reach(t.area_agreed),
            if f.passed == Some(true) {
                "通过"
            } else {
                "未通过"
            }
        )
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
