//! The home page: what is on the board now, open topics, overdue work.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::facts::{ActionStatus, MeetingState, posting};
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::pager::HOME_LIMIT;
use crate::site::pages::years;
use crate::site::urls::{meeting_url, topic_url};
use crate::site::views::{ActionRow, Link, MeetingRow, TopicRow, YearView};

/// `index.html`: what is on the board now, open topics, overdue work, this year's figures.
#[derive(Serialize)]
pub(crate) struct HomeView {
    /// Upcoming meetings, soonest first.
    pub(crate) upcoming: Vec<MeetingRow>,
    /// Meetings held whose record is still to come (spec 13.1), oldest first.
    pub(crate) pending: Vec<MeetingRow>,
    /// Recent results ([`crate::facts::posting::recent_on_home`]), newest first.
    pub(crate) latest: Vec<MeetingRow>,
    /// Open topics, those with overdue work first (at most 20).
    pub(crate) open: Vec<TopicRow>,
    /// Overdue actions, the longest overdue first (at most 20).
    pub(crate) overdue: Vec<ActionRow>,
    /// This year's figures (or the latest year's).
    pub(crate) year: Option<YearView>,
    /// Topics in all.
    pub(crate) topic_count: usize,
    /// Open topics in all.
    pub(crate) open_count: usize,
    /// Overdue actions in all.
    pub(crate) overdue_count: usize,
    /// Meetings in all.
    pub(crate) meeting_count: usize,
    /// Objections not answered by their reply date (13.2), oldest first.
    pub(crate) objections_overdue: Vec<Link>,
    /// Reports to the 街道 waiting past report_reply_days (13.3), longest first.
    pub(crate) reports_overdue: Vec<Link>,
    /// Proposals waiting past answer_days (13.9), oldest first.
    pub(crate) unanswered: Vec<TopicRow>,
    /// Finished work whose evaluation is due (14.3).
    pub(crate) evaluation_due: Vec<TopicRow>,
}

pub(crate) fn home(cx: &Context) -> Result<OutputFile, String> {
    let path = "index.html";
    let root = "";
    let today = cx.facts.today;
    let posting_days = cx.model.site.rules.posting_days;
    // Sorted by the records' dates, and rows made only for what the page shows: the
    // home page costs the same at 100 topics and at 10,000.
    let (meetings, topics) = (&cx.model.meetings, &cx.model.topics);
    // Notices: upcoming meetings, soonest first, and results still within their posting
    // period, newest first.
    let mut upcoming: Vec<usize> = Vec::new();
    let mut notices: Vec<(NaiveDate, usize)> = Vec::new();
    // Meetings held whose record is still to come (spec 13.1), the oldest first.
    let mut pending: Vec<usize> = Vec::new();
    for (mi, m) in meetings.iter().enumerate() {
        match cx.facts.meetings[mi].state {
            MeetingState::Upcoming => upcoming.push(mi),
            MeetingState::Held if cx.facts.meetings[mi].record_pending => pending.push(mi),
            MeetingState::Held => notices.extend(m.published.map(|p| (p, mi))),
            MeetingState::Cancelled => {}
        }
    }
    pending.sort_by_key(|&mi| (meetings[mi].start, mi));
    let pending: Vec<MeetingRow> = pending
        .into_iter()
        .map(|mi| cx.meeting_row(mi, root))
        .collect();
    upcoming.sort_by_key(|&mi| (meetings[mi].start, mi));
    let upcoming: Vec<MeetingRow> = upcoming
        .into_iter()
        .map(|mi| cx.meeting_row(mi, root))
        .collect();
    notices.sort_by(|a, b| b.0.cmp(&a.0).then(meetings[a.1].id.cmp(&meetings[b.1].id)));
    // Results still recent, and never fewer than three (facts::posting).
    let latest: Vec<MeetingRow> = notices
        .iter()
        .enumerate()
        .filter(|(i, (p, _))| posting::recent_on_home(*i, *p, today, posting_days))
        .map(|(_, &(_, mi))| cx.meeting_row(mi, root))
        .collect();
    // Open topics, those with overdue work first, then the newest.
    let mut open: Vec<usize> = (0..topics.len())
        .filter(|&ti| cx.facts.topics[ti].status.is_open())
        .collect();
    open.sort_by(|&a, &b| {
        let (fa, fb) = (&cx.facts.topics[a], &cx.facts.topics[b]);
        fb.overdue
            .cmp(&fa.overdue)
            .then(fb.dated.cmp(&fa.dated))
            .then(topics[a].id.cmp(&topics[b].id))
    });
    // Overdue actions, the longest overdue first.
    let mut overdue: Vec<(usize, usize)> = (0..topics.len())
        .flat_map(|ti| {
            let facts = &cx.facts.topics[ti].actions;
            (0..facts.len())
                .filter(move |&ai| facts[ai].status == ActionStatus::Overdue)
                .map(move |ai| (ti, ai))
        })
        .collect();
    overdue.sort_by_key(|&(ti, ai)| topics[ti].actions[ai].due);
    // The home page stays short at any size: the most urgent first, the rest one click away.
    let (open_count, overdue_count) = (open.len(), overdue.len());
    let open: Vec<TopicRow> = open
        .into_iter()
        .take(HOME_LIMIT)
        .map(|ti| cx.topic_row(ti, root))
        .collect();
    let overdue: Vec<ActionRow> = overdue
        .into_iter()
        .take(HOME_LIMIT)
        .map(|(ti, ai)| cx.action_row(ti, ai, root))
        .collect();
    let year = cx
        .facts
        .years
        .iter()
        .find(|y| y.year == today.year())
        .or_else(|| cx.facts.years.iter().rev().find(|y| y.year <= today.year()))
        .map(|y| years::year_view(cx, y, root));
    // Waiting past their dates: objections, reports upward, proposals.
    let mut objections_overdue: Vec<(NaiveDate, Link)> = Vec::new();
    for (mi, m) in meetings.iter().enumerate() {
        let f = &cx.facts.meetings[mi];
        if f.objections_overdue == 0 {
            continue;
        }
        for (o, of) in m.objections.iter().zip(&cx.facts.objections[mi]) {
            if of.reply_overdue {
                objections_overdue.push((
                    o.received,
                    Link {
                        title: format!("{}{}{}", m.title, cx.words.label("colon"), o.summary),
                        href: format!("{root}{}", meeting_url(&m.id)),
                    },
                ));
            }
        }
    }
    objections_overdue.sort_by_key(|a| a.0);
    let mut reports_overdue: Vec<(i64, Link)> = Vec::new();
    let mut unanswered: Vec<usize> = Vec::new();
    for (ti, t) in topics.iter().enumerate() {
        let f = &cx.facts.topics[ti];
        if f.unanswered {
            unanswered.push(ti);
        }
        for (r, rf) in t.reports.iter().zip(&f.reports) {
            if rf.reply_overdue {
                let days = rf.days_waiting.unwrap_or(0);
                let waiting = cx
                    .words
                    .label("days_waiting")
                    .replace("{days}", &days.to_string());
                reports_overdue.push((
                    days,
                    Link {
                        title: format!(
                            "{}{}{} {}{}{waiting}",
                            t.title,
                            cx.words.label("colon"),
                            r.kind.label(),
                            r.to,
                            cx.words.label("list_sep")
                        ),
                        href: format!("{root}{}", topic_url(&t.id)),
                    },
                ));
            }
        }
    }
    reports_overdue.sort_by_key(|a| std::cmp::Reverse(a.0));
    unanswered.sort_by_key(|&ti| (cx.facts.topics[ti].dated, ti));
    let view = HomeView {
        objections_overdue: objections_overdue.into_iter().map(|(_, l)| l).collect(),
        reports_overdue: reports_overdue.into_iter().map(|(_, l)| l).collect(),
        unanswered: unanswered
            .into_iter()
            .map(|ti| cx.topic_row(ti, root))
            .collect(),
        evaluation_due: (0..cx.model.topics.len())
            .filter(|&ti| cx.facts.topics[ti].evaluation_due)
            .map(|ti| cx.topic_row(ti, root))
            .collect(),
        upcoming,
        pending,
        latest,
        open,
        overdue,
        year,
        topic_count: cx.model.topics.len(),
        open_count,
        overdue_count,
        meeting_count: cx.model.meetings.len(),
    };
    cx.page("index.html", path, &cx.model.site.title, "home", &view)
}
