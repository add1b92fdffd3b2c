//! The printable board sheets: notices and results, each with its posting window.

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::facts::{MeetingState, posting};
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::urls::{meeting_url, qr_svg, root_of, topic_url};
use crate::site::views::Sheet;

/// `board.html`: the sheets on the notice board today, each to print on A4 or A3.
#[derive(Serialize)]
pub(crate) struct BoardView {
    /// The page's title.
    pub(crate) title: String,
    /// Notices, results and progress reports in their posting windows.
    pub(crate) sheets: Vec<SheetLink>,
}

/// A sheet in the board's list.
#[derive(Serialize)]
pub(crate) struct SheetLink {
    /// `notice`, `results` or `progress`.
    pub(crate) kind: &'static str,
    /// The kind in words (会议通知).
    pub(crate) kind_label: String,
    /// The meeting's or topic's title.
    pub(crate) title: String,
    /// The sheet's date.
    pub(crate) published: String,
    /// Its posting window ("2025年3月1日 至 2025年3月8日").
    pub(crate) posting: String,
    /// The A4 sheet.
    pub(crate) a4: String,
    /// The A3 sheet.
    pub(crate) a3: String,
}

/// The sheets that belong on the notice board today: meeting notices, results still in
/// their posting period, and a progress report for each topic being carried out.
pub(crate) fn sheets(cx: &Context) -> Vec<Sheet> {
    let f = &cx.words;
    let today = cx.facts.today;
    let posting_days = cx.model.site.rules.posting_days;
    let period = |from: NaiveDate, to: NaiveDate| {
        format!("{} {} {}", f.date(from), f.label("date_to"), f.date(to))
    };
    let mut sheets = Vec::new();
    let mut upcoming: Vec<usize> = (0..cx.model.meetings.len())
        .filter(|&mi| cx.facts.meetings[mi].state == MeetingState::Upcoming)
        .collect();
    upcoming.sort_by_key(|&mi| (cx.model.meetings[mi].start, mi));
    for mi in upcoming {
        let m = &cx.model.meetings[mi];
        let window = posting::notice_window(m.notified, m.start.date(), today);
        let published = window.from;
        let mut facts = vec![
            (f.label("time"), f.start(m)),
            (f.label("place"), f.place(m)),
            (f.label("kind"), m.kind.clone()),
        ];
        if let Some(h) = &m.host {
            facts.push((f.label("host"), h.clone()));
        }
        sheets.push(Sheet {
            id: format!("notice-{}", m.id),
            kind: "notice",
            kind_label: f.label("sheet_notice"),
            title: m.title.clone(),
            target: meeting_url(&m.id),
            sign_date: f.date(published),
            published: f.date(published),
            posting: period(window.from, window.to),
            facts,
            topics: sheet_topics(cx, &m.topics),
            body: Some(m.body.clone()),
            resolutions: vec![],
            actions: vec![],
            closing: f.label("notice_welcome"),
            // The bodies that issue this meeting's postings sign its sheets (15.5).
            signature: m.issuers(&cx.model.site).join("\n"),
            variant: "a4",
            ..Sheet::default()
        });
    }
    // Held and published: the results, and the last day to object (facts).
    let mut results: Vec<(NaiveDate, usize, NaiveDate)> = Vec::new();
    for (mi, m) in cx.model.meetings.iter().enumerate() {
        let meeting_facts = &cx.facts.meetings[mi];
        if let (MeetingState::Held, Some(p), Some(deadline)) = (
            meeting_facts.state,
            m.published,
            meeting_facts.objection_deadline,
        ) && !m.resolutions.is_empty()
            && posting::results_window(p, posting_days).contains(today)
        {
            results.push((p, mi, deadline));
        }
    }
    results.sort();
    for (p, mi, deadline) in results.into_iter().rev() {
        let m = &cx.model.meetings[mi];
        let mut facts = vec![
            (f.label("time"), f.start(m)),
            (f.label("place"), f.place(m)),
            (f.label("kind"), m.kind.clone()),
        ];
        if let (Some(e), Some(pr)) = (m.expected, m.present) {
            facts.push((f.label("expected"), f.people(e)));
            facts.push((f.label("present"), f.people(pr)));
        }
        let resolutions = (0..m.resolutions.len())
            .filter_map(|ri| cx.resolution_view(mi, ri, ""))
            .collect();
        sheets.push(Sheet {
            id: format!("results-{}", m.id),
            kind: "results",
            kind_label: f.label("sheet_results"),
            title: m.title.clone(),
            target: meeting_url(&m.id),
            sign_date: f.date(p),
            published: f.date(p),
            posting: {
                let w = posting::results_window(p, posting_days);
                period(w.from, w.to)
            },
            facts,
            topics: sheet_topics(cx, &m.topics),
            body: None,
            resolutions,
            signature: m.issuers(&cx.model.site).join("\n"),
            actions: vec![],
            closing: {
                let place = cx
                    .model
                    .site
                    .contact
                    .as_ref()
                    .map(|c| c.office.clone())
                    .unwrap_or_else(|| f.label("objection_where_default"));
                f.label("objection_until")
                    .replace("{deadline}", &f.date(deadline))
                    .replace("{where}", &place)
            },
            variant: "a4",
            ..Sheet::default()
        });
    }
    // A progress report is a notice like any other: posted for posting_days from the day
    // of the topic's latest report.
    let mut progress: Vec<(NaiveDate, usize)> = Vec::new();
    for (ti, topic_facts) in cx.facts.topics.iter().enumerate() {
        if let Some(last) = topic_facts
            .actions
            .iter()
            .filter_map(|a| a.last_update)
            .max()
            && posting::results_window(last, posting_days).contains(today)
        {
            progress.push((last, ti));
        }
    }
    progress.sort();
    for (last, ti) in progress.into_iter().rev() {
        let topic = &cx.model.topics[ti];
        let topic_facts = &cx.facts.topics[ti];
        let facts = vec![
            (f.label("status"), f.topic_status(topic_facts.status)),
            (f.label("progress"), format!("{}%", topic_facts.progress)),
            (f.label("progress_as_of"), f.date(last)),
        ];
        let actions = cx.action_rows(ti, "");
        sheets.push(Sheet {
            id: format!("progress-{}", topic.id),
            kind: "progress",
            kind_label: f.label("sheet_progress"),
            title: topic.title.clone(),
            target: topic_url(&topic.id),
            sign_date: f.date(last),
            published: f.date(last),
            posting: {
                let w = posting::results_window(last, posting_days);
                period(w.from, w.to)
            },
            facts,
            topics: vec![],
            body: None,
            resolutions: vec![],
            actions,
            closing: f.label("objection"),
            variant: "a4",
            ..Sheet::default()
        });
    }
    // A standing sheet per grid for a building's notice board (14.2): its open topics with
    // their progress, what was completed within evaluate_within_days, its contacts.
    let within = cx.model.site.rules.evaluate_within_days;
    for (g, gf) in cx.model.site.grids.iter().zip(&cx.facts.grids) {
        let mut topics = Vec::new();
        for &ti in &gf.topics {
            let t = &cx.model.topics[ti];
            let tf = &cx.facts.topics[ti];
            let done = matches!(
                tf.status,
                crate::facts::TopicStatus::Completed | crate::facts::TopicStatus::Evaluated
            );
            let recent = tf
                .last_completion
                .is_some_and(|c| (today - c).num_days() <= within);
            if tf.status == crate::facts::TopicStatus::Declined || (done && !recent) {
                continue;
            }
            let state = if done {
                f.label("grid_recently_done")
            } else {
                format!("{} {}%", f.topic_status(tf.status), tf.progress)
            };
            topics.push(format!("{}{}{}", t.title, f.label("colon"), state));
        }
        let contacts = crate::site::pages::grids::contacts(cx, gf);
        let mut facts = vec![
            (f.label("grid_area"), g.area.clone()),
            (
                f.label("grid_contacts"),
                if contacts.is_empty() {
                    f.label("grid_no_contact")
                } else {
                    contacts.join(&f.label("list_sep"))
                },
            ),
        ];
        if let Some(last) = gf.last_visit {
            facts.push((f.label("grid_last_visit"), f.date(last)));
        }
        sheets.push(Sheet {
            id: format!("grid-{}", g.id),
            kind: "grid",
            kind_label: f.label("sheet_grid"),
            title: g.name.clone(),
            target: format!("grids/index.html#{}", g.id),
            sign_date: f.date(today),
            published: f.date(today),
            posting: f.label("posting_standing"),
            facts,
            topics,
            body: None,
            resolutions: vec![],
            actions: vec![],
            closing: f.label("objection"),
            variant: "a4",
            ..Sheet::default()
        });
    }
    sheets
}

pub(crate) fn sheet_topics(cx: &Context, ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter_map(|id| cx.model.topic(id))
        .map(|t| t.title.clone())
        .collect()
}

pub(crate) fn board_pages(
    cx: &Context,
    emit: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
) -> Result<(), String> {
    let sheets = sheets(cx);
    let index = "board/index.html";
    let list: Vec<SheetLink> = sheets
        .iter()
        .map(|s| SheetLink {
            kind: s.kind,
            kind_label: s.kind_label.clone(),
            title: s.title.clone(),
            published: s.published.clone(),
            posting: s.posting.clone(),
            a4: format!("{}/index.html", s.id),
            a3: format!("{}/a3/index.html", s.id),
        })
        .collect();
    let title = cx.words.label("board");
    emit(cx.page(
        "board.html",
        index,
        &title,
        "board",
        &BoardView {
            title: title.clone(),
            sheets: list,
        },
    )?)?;
    let base = cx.options.base_url;
    sheets
        .into_par_iter()
        .try_for_each(|sheet| -> Result<(), String> {
            // One QR code serves both paper sizes.
            let url = base.map(|b| format!("{b}{}", sheet.target));
            let qr = url.as_deref().and_then(qr_svg);
            for (variant, path) in [
                ("a4", format!("board/{}/index.html", sheet.id)),
                ("a3", format!("board/{}/a3/index.html", sheet.id)),
            ] {
                let root = root_of(&path);
                let mut view = sheet.clone();
                view.variant = variant;
                view.href = format!("{root}{}", sheet.target);
                view.url = url.clone();
                view.qr = qr.clone();
                view.body = sheet.body.as_ref().map(|b| cx.body(b, &path));
                view.board_href = format!("{root}board/index.html");
                view.community = cx.model.site.community.clone();
                view.district = cx.model.site.district.clone();
                if view.signature.is_empty() {
                    view.signature = cx.model.site.issuer.clone();
                }
                view.printed = cx.words.date(cx.facts.today);
                view.contact = cx.contact_view();
                emit(cx.page("sheet.html", &path, &sheet.title, "board", &view)?)?;
            }
            Ok(())
        })
}
