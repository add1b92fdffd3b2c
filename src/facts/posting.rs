//! What is on the notice board today, and until when (居务公开): the posting windows of the
//! board sheets and of the home page's recent results. Pure functions of the records' dates,
//! the site's `posting_days` and "today", as every rule of the facts layer.

use chrono::NaiveDate;

use crate::facts::add_days;

/// The days a sheet is posted, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first day (the sheet's date: notified, published, reported).
    pub from: NaiveDate,
    /// The last day it stays up.
    pub to: NaiveDate,
}

impl Window {
    /// Whether the sheet is up on `day`.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// A meeting's notice: from the day it was notified — or today when the record does not say,
/// and never later than today, since a notice for an upcoming meeting is up now — until the
/// day of the meeting.
pub fn notice_window(
    notified: Option<NaiveDate>,
    meeting_day: NaiveDate,
    today: NaiveDate,
) -> Window {
    let from = notified.unwrap_or(today).min(today);
    Window {
        from,
        to: meeting_day,
    }
}

/// A meeting's results (or a topic's progress report): up for `posting_days` from the day
/// they were published, that day included as day 0.
pub fn results_window(published: NaiveDate, posting_days: i64) -> Window {
    Window {
        from: published,
        to: add_days(published, posting_days),
    }
}

/// Where a meeting's posted results stand (公示, 13.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostingState {
    /// Today is on or before the objection deadline: residents may still object.
    Open,
    /// Past the deadline and no objection was received on or before it (公示期满无异议).
    ClosedClear,
    /// Past the deadline, with objections received in time.
    ClosedWithObjections,
}

impl PostingState {
    /// The key used in open data and templates.
    pub fn key(self) -> &'static str {
        match self {
            PostingState::Open => "open",
            PostingState::ClosedClear => "closed_clear",
            PostingState::ClosedWithObjections => "closed_with_objections",
        }
    }
}

/// Where results published on `published` stand today, with objections received on these
/// days: open until published + `objection_days` (that day included), then closed — clear
/// when none came on or before the deadline (a late one does not reopen the posting).
pub fn posting_state(
    published: NaiveDate,
    objection_days: i64,
    received: &[NaiveDate],
    today: NaiveDate,
) -> PostingState {
    let deadline = add_days(published, objection_days);
    if today <= deadline {
        PostingState::Open
    } else if received.iter().any(|&r| r <= deadline) {
        PostingState::ClosedWithObjections
    } else {
        PostingState::ClosedClear
    }
}

/// The home page shows results at least this many days after they were published, even when
/// the board's posting period is shorter, so a resident who missed the board still finds
/// them on the first screen.
pub const HOME_RECENT_DAYS: i64 = 30;

/// Whether the home page lists results published on `published`, given their place `rank`
/// among all results newest first: the three newest always (a quiet month still shows the
/// last decisions), the others while within the posting period or [`HOME_RECENT_DAYS`],
/// whichever is longer.
pub fn recent_on_home(
    rank: usize,
    published: NaiveDate,
    today: NaiveDate,
    posting_days: i64,
) -> bool {
    rank < 3 || (today - published).num_days() <= posting_days.max(HOME_RECENT_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn results_are_up_from_publication_for_posting_days() {
        // Published 2025-03-01 with 7 days' posting: up 03-01 … 03-08.
        let w = results_window(d("2025-03-01"), 7);
        let cases = [
            ("2025-02-28", false), // the day before
            ("2025-03-01", true),  // the day published
            ("2025-03-08", true),  // the last day
            ("2025-03-09", false), // the day after
        ];
        for (day, up) in cases {
            assert_eq!(w.contains(d(day)), up, "{day}");
        }
        // posting_days = 0: the day of publication only.
        let w = results_window(d("2025-03-01"), 0);
        assert!(w.contains(d("2025-03-01")) && !w.contains(d("2025-03-02")));
        // Across a year's end and a leap day.
        assert_eq!(results_window(d("2024-02-25"), 5).to, d("2024-03-01"));
        assert_eq!(results_window(d("2025-12-30"), 7).to, d("2026-01-06"));
    }

    #[test]
    fn a_notice_is_up_from_notification_to_the_meeting() {
        let today = d("2025-05-10");
        let meeting = d("2025-05-15");
        let cases = [
            (Some("2025-05-08"), "2025-05-08"), // notified before today
            (None, "2025-05-10"),               // not recorded: from today
            (Some("2025-05-12"), "2025-05-10"), // dated later than today: up now all the same
        ];
        for (notified, from) in cases {
            let w = notice_window(notified.map(d), meeting, today);
            assert_eq!((w.from, w.to), (d(from), meeting), "{notified:?}");
            assert!(w.contains(today) && w.contains(meeting));
            assert!(!w.contains(d("2025-05-16")));
        }
    }

    #[test]
    fn the_home_page_keeps_the_three_newest_and_what_is_recent() {
        let today = d("2025-06-30");
        let cases = [
            // (rank, published, posting_days, listed)
            (0, "2020-01-01", 7, true),   // the newest: always
            (2, "2020-01-01", 7, true),   // the third newest: always
            (3, "2025-05-31", 7, true),   // 30 days ago: within HOME_RECENT_DAYS
            (3, "2025-05-30", 7, false),  // 31 days ago
            (3, "2025-04-01", 90, true),  // 90 days ago: a longer posting period wins
            (3, "2025-03-31", 90, false), // 91 days ago
        ];
        for (rank, published, posting, listed) in cases {
            assert_eq!(
                recent_on_home(rank, d(published), today, posting),
                listed,
                "{rank} {published}"
            );
        }
    }
}
