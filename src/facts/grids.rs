//! Grids and who answers for them (网格分片联系, spec 14.2): each grid's current contacts, its
//! topics, its visits and the months in which nobody visited.

use chrono::{Datelike, NaiveDate};

use crate::model::{Grid, Member, Staff, Topic, Visit};

/// Whether a person serves on `day`: `since` (if any) on or before it, `until` (if any) on or
/// after it.
pub fn serves(since: Option<NaiveDate>, until: Option<NaiveDate>, day: NaiveDate) -> bool {
    since.is_none_or(|s| s <= day) && until.is_none_or(|u| u >= day)
}

/// A month as (year, month).
pub type Month = (i32, u32);

/// The month after `m`.
fn next(m: Month) -> Month {
    if m.1 == 12 {
        (m.0 + 1, 1)
    } else {
        (m.0, m.1 + 1)
    }
}

/// The months owed a visit and not visited: from the month of the grid's start (`since`, else
/// its first visit) up to the month before today's (a month still running is not yet owed),
/// oldest first. Nothing is owed by a grid with neither, or whose `since` is after today.
pub fn months_without_visit(
    since: Option<NaiveDate>,
    visits: &[NaiveDate],
    today: NaiveDate,
) -> Vec<Month> {
    let Some(start) = since.or_else(|| visits.iter().min().copied()) else {
        return Vec::new();
    };
    if start > today {
        return Vec::new();
    }
    let this_month = (today.year(), today.month());
    let mut m = (start.year(), start.month());
    let mut out = Vec::new();
    while m < this_month {
        if !visits.iter().any(|d| (d.year(), d.month()) == m) {
            out.push(m);
        }
        m = next(m);
    }
    out
}

/// What a grid's page and data say of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridFacts {
    /// The names of the current members, then current staff, who answer for it (each group
    /// in council.toml's order).
    pub contacts: Vec<String>,
    /// Its topics (indices into the model's, in its order): the grid's pages, sheet, topic
    /// list and open data all list them.
    pub topics: Vec<usize>,
    /// Visits to it, all years.
    pub visits: usize,
    /// The latest visit.
    pub last_visit: Option<NaiveDate>,
    /// Visits that fed results back to its residents.
    pub feedback_visits: usize,
    /// The months owed a visit and not visited, oldest first.
    pub months_without_visit: Vec<Month>,
}

/// The facts of every grid, in site.toml's order.
pub fn grid_facts(
    grids: &[Grid],
    members: &[Member],
    staff: &[Staff],
    topics: &[std::sync::Arc<Topic>],
    visits: &[std::sync::Arc<Visit>],
    today: NaiveDate,
) -> Vec<GridFacts> {
    grids
        .iter()
        .map(|g| {
            let mut contacts: Vec<String> = members
                .iter()
                .filter(|m| m.grids.contains(&g.id) && serves(m.since, m.until, today))
                .map(|m| m.name.clone())
                .collect();
            contacts.extend(
                staff
                    .iter()
                    .filter(|s| s.grids.contains(&g.id) && serves(s.since, s.until, today))
                    .map(|s| s.name.clone()),
            );
            let days: Vec<NaiveDate> = visits
                .iter()
                .filter(|v| v.grid == g.id)
                .map(|v| v.date)
                .collect();
            GridFacts {
                contacts,
                topics: (0..topics.len())
                    .filter(|&ti| topics[ti].grid.as_deref() == Some(g.id.as_str()))
                    .collect(),
                visits: days.len(),
                last_visit: days.iter().max().copied(),
                feedback_visits: visits
                    .iter()
                    .filter(|v| v.grid == g.id && v.feedback)
                    .count(),
                months_without_visit: months_without_visit(g.since, &days, today),
            }
        })
        .collect()
}

/// "2025-03".
pub fn month_label(m: Month) -> String {
    format!("{}-{:02}", m.0, m.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A person serves through their last day and not after it.
    #[test]
    fn serving_includes_both_ends() {
        let (since, until) = (Some(d("2024-03-01")), Some(d("2025-08-31")));
        assert!(!serves(since, until, d("2024-02-29")));
        assert!(serves(since, until, d("2024-03-01")));
        assert!(serves(since, until, d("2025-08-31")));
        assert!(!serves(since, until, d("2025-09-01")));
        assert!(serves(None, None, d("2025-09-01")));
    }

    /// Owed from the start month to the month before today's: today's own month is not yet
    /// owed, the one before it is.
    #[test]
    fn months_owed_stop_before_todays_month() {
        let labels = |v: Vec<Month>| v.into_iter().map(month_label).collect::<Vec<_>>();
        let visits = [d("2025-01-15"), d("2025-03-02")];
        // Today in May: January–April owed; February and April without a visit.
        assert_eq!(
            labels(months_without_visit(
                Some(d("2025-01-01")),
                &visits,
                d("2025-05-31")
            )),
            ["2025-02", "2025-04"]
        );
        // On the first of May, still the same: May is not owed until June.
        assert_eq!(
            labels(months_without_visit(
                Some(d("2025-01-01")),
                &visits,
                d("2025-05-01")
            )),
            ["2025-02", "2025-04"]
        );
        // Without since, from the first visit's month.
        assert_eq!(
            labels(months_without_visit(None, &visits, d("2025-04-10"))),
            ["2025-02"]
        );
        // Nothing owed with neither, or with since after today.
        assert!(months_without_visit(None, &[], d("2025-04-10")).is_empty());
        assert!(months_without_visit(Some(d("2025-05-01")), &[], d("2025-04-10")).is_empty());
        // Across a year's end.
        assert_eq!(
            labels(months_without_visit(
                Some(d("2024-11-20")),
                &[],
                d("2025-01-05")
            )),
            ["2024-11", "2024-12"]
        );
    }
}
