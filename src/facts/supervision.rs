//! Reports to the supervision committee (spec 14.1): the periods owed, which are due and
//! missing, and which reports came late or supplement another.

use chrono::{Datelike, NaiveDate};

use super::add_days;
use crate::model::{Every, Period, Supervision, SupervisionReport};

/// A period as written: exactly `2025-Q1`…`Q4`, `2025-01`…`12` or `2025-H1`/`H2`.
pub fn parse_period(label: &str) -> Option<Period> {
    let (year, rest) = label.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let (first_month, months) = match rest {
        "Q1" | "Q2" | "Q3" | "Q4" => ((u32::from(rest.as_bytes()[1] - b'0') - 1) * 3 + 1, 3),
        "H1" => (1, 6),
        "H2" => (7, 6),
        m if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
            let m: u32 = m.parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            (m, 1)
        }
        _ => return None,
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let end = start
        .checked_add_months(chrono::Months::new(months))?
        .pred_opt()?;
    Some(Period {
        start,
        end,
        label: label.to_string(),
    })
}

/// The period of `every`'s form that holds `day`.
pub fn period_of(every: Every, day: NaiveDate) -> Period {
    let (y, m) = (day.year(), day.month());
    let label = match every {
        Every::Month => format!("{y}-{m:02}"),
        Every::Quarter => format!("{y}-Q{}", (m - 1) / 3 + 1),
        Every::HalfYear => format!("{y}-H{}", if m <= 6 { 1 } else { 2 }),
    };
    // The label is well formed by construction; the month stands in should it not be.
    parse_period(&label).unwrap_or(Period {
        start: day,
        end: day,
        label,
    })
}

/// The periods owed: those of `every`'s form that start on or after `since` and not after
/// `today`, oldest first.
pub fn owed(every: Every, since: NaiveDate, today: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let mut p = period_of(every, since);
    if p.start < since {
        p = period_of(every, add_days(p.end, 1));
    }
    while p.start <= today {
        let next = add_days(p.end, 1);
        out.push(p);
        if next <= out[out.len() - 1].end {
            break; // the calendar's end
        }
        p = period_of(every, next);
    }
    out
}

/// A period in words: 2025年第一季度, 2025年3月, 2025年上半年 (or in English).
pub fn period_words(p: &Period, language: crate::model::Language) -> String {
    let zh = language == crate::model::Language::ZhCn;
    let (year, rest) = p.label.split_once('-').unwrap_or((&p.label, ""));
    match rest {
        "Q1" | "Q2" | "Q3" | "Q4" => {
            let n = &rest[1..];
            if zh {
                let q = ["一", "二", "三", "四"][n.parse::<usize>().unwrap_or(1).clamp(1, 4) - 1];
                format!("{year}年第{q}季度")
            } else {
                format!("Q{n} {year}")
            }
        }
        "H1" => {
            if zh {
                format!("{year}年上半年")
            } else {
                format!("first half of {year}")
            }
        }
        "H2" => {
            if zh {
                format!("{year}年下半年")
            } else {
                format!("second half of {year}")
            }
        }
        m => {
            let month: u32 = m.parse().unwrap_or(1);
            if zh {
                format!("{year}年{month}月")
            } else {
                format!(
                    "{} {year}",
                    crate::facts::MONTH_NAMES[(month.clamp(1, 12) - 1) as usize]
                )
            }
        }
    }
}

/// Whether two periods share a day.
pub fn overlaps(a: &Period, b: &Period) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// What one report came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportFacts {
    /// Another report with the same period label comes earlier (by date, then id).
    pub supplement: bool,
    /// Not a supplement, its period overlaps an owed period, and it came more than
    /// `report_within_days` after the period ended.
    pub late: bool,
}

/// The supervision facts of a community.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupervisionFacts {
    /// Per report, in the model's order.
    pub reports: Vec<ReportFacts>,
    /// The owed periods that are due (today > end + report_within_days) and that no report
    /// overlaps, oldest first; None without `[supervision]`.
    pub missing: Option<Vec<Period>>,
}

/// The facts of every report, and the periods missing as of today.
pub fn supervision_facts(
    rules: Option<&Supervision>,
    reports: &[std::sync::Arc<SupervisionReport>],
    today: NaiveDate,
) -> SupervisionFacts {
    let owed_periods = rules
        .map(|s| owed(s.every, s.since, today))
        .unwrap_or_default();
    let within = rules.map_or(0, |s| s.report_within_days);
    let facts = reports
        .iter()
        .map(|r| {
            let supplement = reports
                .iter()
                .any(|o| o.period.label == r.period.label && (o.date, &o.id) < (r.date, &r.id));
            let late = !supplement
                && owed_periods.iter().any(|p| overlaps(p, &r.period))
                && r.date > add_days(r.period.end, within);
            ReportFacts { supplement, late }
        })
        .collect();
    let missing = rules.map(|s| {
        owed_periods
            .iter()
            .filter(|p| today > add_days(p.end, s.report_within_days))
            .filter(|p| !reports.iter().any(|r| overlaps(p, &r.period)))
            .cloned()
            .collect()
    });
    SupervisionFacts {
        reports: facts,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_in_words() {
        use crate::model::Language::{En, ZhCn};
        let w = |l: &str, lang| period_words(&parse_period(l).unwrap(), lang);
        assert_eq!(w("2025-Q1", ZhCn), "2025年第一季度");
        assert_eq!(w("2025-03", ZhCn), "2025年3月");
        assert_eq!(w("2025-H1", ZhCn), "2025年上半年");
        assert_eq!(w("2025-H2", ZhCn), "2025年下半年");
        assert_eq!(w("2025-Q4", En), "Q4 2025");
    }

    #[test]
    fn periods_are_written_exactly() {
        let p = parse_period("2025-Q1").unwrap();
        assert_eq!((p.start, p.end), (d("2025-01-01"), d("2025-03-31")));
        let p = parse_period("2024-02").unwrap();
        assert_eq!((p.start, p.end), (d("2024-02-01"), d("2024-02-29")));
        let p = parse_period("2025-H2").unwrap();
        assert_eq!((p.start, p.end), (d("2025-07-01"), d("2025-12-31")));
        for wrong in [
            "2025-Q5", "2025-q1", "2025-3", "2025-13", "25-Q1", "2025Q1", "2025-H3", "",
        ] {
            assert!(parse_period(wrong).is_none(), "{wrong}");
        }
    }

    /// `since` on a period's first day owes that period; on its last day, the next one.
    #[test]
    fn periods_are_owed_from_the_first_that_starts_on_or_after_since() {
        let labels = |v: Vec<Period>| v.into_iter().map(|p| p.label).collect::<Vec<_>>();
        let today = d("2025-07-01");
        assert_eq!(
            labels(owed(Every::Quarter, d("2025-01-01"), today)),
            ["2025-Q1", "2025-Q2", "2025-Q3"]
        );
        assert_eq!(
            labels(owed(Every::Quarter, d("2025-03-31"), today)),
            ["2025-Q2", "2025-Q3"]
        );
        assert_eq!(
            labels(owed(Every::HalfYear, d("2025-01-02"), today)),
            ["2025-H2"]
        );
        assert_eq!(
            labels(owed(Every::Month, d("2025-05-01"), today)),
            ["2025-05", "2025-06", "2025-07"]
        );
    }

    fn report(id: &str, date: &str, period: &str) -> Arc<SupervisionReport> {
        Arc::new(SupervisionReport {
            id: id.into(),
            path: format!("content/supervision/{id}.md"),
            date: d(date),
            period: parse_period(period).unwrap(),
            topics: vec!["t".into()],
            reported_by: None,
            received_by: None,
            opinion: None,
            body: String::new(),
            body_offset: 0,
        })
    }

    /// Due on the day after end + report_within_days; late on the same bound; a supplement
    /// is never late; a report of another form covers the periods it overlaps.
    #[test]
    fn a_period_is_due_the_day_after_its_deadline() {
        let rules = Supervision {
            committee: "c".into(),
            members: vec![],
            every: Every::Quarter,
            since: d("2025-01-01"),
            report_within_days: 15,
        };
        // Q1 ends 03-31: due after 04-15.
        let f = supervision_facts(Some(&rules), &[], d("2025-04-15"));
        assert_eq!(f.missing, Some(vec![]));
        let f = supervision_facts(Some(&rules), &[], d("2025-04-16"));
        let missing: Vec<_> = f.missing.unwrap().into_iter().map(|p| p.label).collect();
        assert_eq!(missing, ["2025-Q1"]);
        let reports = [
            report("a", "2025-04-15", "2025-Q1"),
            report("b", "2025-07-16", "2025-Q2"),
            report("c", "2025-07-20", "2025-Q2"),
            report("d", "2025-10-10", "2025-08"),
        ];
        let f = supervision_facts(Some(&rules), &reports, d("2025-12-31"));
        let got: Vec<(bool, bool)> = f.reports.iter().map(|r| (r.supplement, r.late)).collect();
        assert_eq!(
            got,
            [(false, false), (false, true), (true, false), (false, true)]
        );
        // Q3 is covered by the August report; Q4 is not yet due.
        assert_eq!(f.missing, Some(vec![]));
        assert_eq!(
            supervision_facts(None, &reports, d("2025-12-31")).missing,
            None
        );
    }
}
