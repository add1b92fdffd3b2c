//! Topic pages, their feeds, and the topic lists (all, by status, by category).

use chrono::NaiveDate;
use serde::Serialize;

use crate::facts::{MeetingState, TopicStatus};
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::feeds;
use crate::site::pager::{Pager, paginate};
use crate::site::urls::{category_url, grid_topics_url, root_of, status_url, topic_url};
use crate::site::views::{ActionRow, CountLink, ResolutionView, TimelineItem, TopicRow};

/// `topics.html`: one page of a topic list (all topics, one status, one category).
#[derive(Serialize)]
pub(crate) struct TopicsView {
    /// The list's title ("议题：实施中").
    pub(crate) title: String,
    /// The topics of this page.
    pub(crate) topics: Vec<TopicRow>,
    /// How many the whole list holds.
    pub(crate) count: usize,
    /// Links to the other pages of the list.
    pub(crate) pager: Pager,
    /// The status and category filters above the list.
    pub(crate) filters: TopicFilters,
}

/// The filters above a topic list.
#[derive(Serialize)]
pub(crate) struct TopicFilters {
    /// One per status, in the lifecycle's order.
    pub(crate) statuses: Vec<StatusLink>,
    /// One per category of site.toml.
    pub(crate) categories: Vec<CountLink>,
    /// One per grid of site.toml (14.2); none without grids.
    pub(crate) grids: Vec<CountLink>,
    /// The list of all topics.
    pub(crate) all_href: String,
    /// The list shown is all topics.
    pub(crate) all_current: bool,
}

/// A status filter: the status's key (`implementing`, for styling) and its link.
#[derive(Serialize)]
pub(crate) struct StatusLink {
    /// The status's key.
    pub(crate) key: &'static str,
    /// Its label, link, count and whether it is shown.
    #[serde(flatten)]
    pub(crate) link: CountLink,
}

/// `topic.html`: a topic's whole lifecycle.
#[derive(Serialize)]
pub(crate) struct TopicView {
    /// The topic's row: title, category, status, progress.
    pub(crate) topic: TopicRow,
    /// 来源渠道.
    pub(crate) channel: Option<String>,
    /// 提出人.
    pub(crate) raised_by: Option<String>,
    /// 利益相关方, joined by the list separator.
    pub(crate) stakeholders: String,
    /// 不予协商: the reason given.
    pub(crate) declined: Option<String>,
    /// The money the proposal asks for, with where it would come from (15.5).
    pub(crate) budget: Option<String>,
    /// When its implementation was last reported to the supervision committee (14.1).
    pub(crate) supervised: Option<String>,
    /// The grid it comes from, and its part of the grids page (14.2).
    pub(crate) grid: Option<crate::site::views::Link>,
    /// The record's body (HTML).
    pub(crate) body: String,
    /// Meetings, reports and evaluations in date order.
    pub(crate) timeline: Vec<TimelineItem>,
    /// The actions agreed, with owner, due date and status.
    pub(crate) actions: Vec<ActionRow>,
    /// What was sent to the 街道 or the residents' meeting, and the answers.
    pub(crate) reports: Vec<ReportView>,
    /// 确定议题: when and by whom it was taken up.
    pub(crate) accepted: Option<String>,
    /// While collected: "已等待 38 天" — and whether past answer_days.
    pub(crate) waiting: Option<String>,
    /// Collected and unanswered past answer_days.
    pub(crate) unanswered: bool,
}

/// A report upward or a referral, and its answer.
#[derive(Serialize)]
pub(crate) struct ReportView {
    /// 报告, 报批, 备案 or 提请决定.
    pub(crate) kind: &'static str,
    /// To whom.
    pub(crate) to: String,
    /// When it was sent, written out.
    pub(crate) sent: String,
    /// When the answer came.
    pub(crate) replied: Option<String>,
    /// The answer.
    pub(crate) answer: Option<String>,
    /// While awaiting: "已等待 18 天".
    pub(crate) waiting: Option<String>,
    /// Awaiting longer than report_reply_days.
    pub(crate) reply_overdue: bool,
}

/// Every page of every topic list (all, by status, by category), or only the page at
/// `only`.
pub(crate) fn topic_lists(cx: &Context, only: Option<&str>) -> Result<Vec<OutputFile>, String> {
    let mut out = Vec::new();
    let mut order: Vec<usize> = (0..cx.model.topics.len()).collect();
    let topics = &cx.model.topics;
    let dated = |i: usize| cx.facts.topics[i].dated;
    order.sort_by(|&a, &b| {
        dated(b)
            .cmp(&dated(a))
            .then(topics[a].id.cmp(&topics[b].id))
    });

    // Counts per status and category, once for all lists.
    let status_counts: Vec<usize> = TopicStatus::ALL
        .iter()
        .map(|s| cx.facts.topics.iter().filter(|f| f.status == *s).count())
        .collect();
    let category_counts: Vec<usize> = cx
        .model
        .site
        .rules
        .categories
        .iter()
        .map(|c| topics.iter().filter(|t| &t.category == c).count())
        .collect();
    let filters = |root: &str, current: &str| -> TopicFilters {
        let statuses: Vec<StatusLink> = TopicStatus::ALL
            .iter()
            .zip(&status_counts)
            .map(|(s, count)| StatusLink {
                key: s.key(),
                link: CountLink {
                    label: cx.words.topic_status(*s),
                    href: format!("{root}{}", status_url(*s)),
                    count: *count,
                    current: current == s.key(),
                },
            })
            .collect();
        let categories: Vec<CountLink> = cx
            .model
            .site
            .rules
            .categories
            .iter()
            .zip(&category_counts)
            .enumerate()
            .map(|(i, (c, count))| CountLink {
                label: c.clone(),
                href: format!("{root}{}", category_url(i)),
                count: *count,
                current: current == format!("category-{}", i + 1),
            })
            .collect();
        let grids: Vec<CountLink> = cx
            .model
            .site
            .grids
            .iter()
            .zip(&cx.facts.grids)
            .map(|(g, f)| CountLink {
                label: g.name.clone(),
                href: format!("{root}{}", grid_topics_url(&g.id)),
                count: f.topics.len(),
                current: current == format!("grid-{}", g.id),
            })
            .collect();
        TopicFilters {
            statuses,
            categories,
            grids,
            all_href: format!("{root}topics/index.html"),
            all_current: current == "all",
        }
    };

    let mut list = |path: String,
                    title: String,
                    current: &str,
                    pick: &dyn Fn(usize) -> bool|
     -> Result<(), String> {
        let dir = path.trim_end_matches("index.html").to_string();
        if only.is_some_and(|o| !o.starts_with(&dir)) {
            return Ok(());
        }
        let picked: Vec<usize> = order.iter().copied().filter(|&ti| pick(ti)).collect();
        let count = picked.len();
        for (page_path, slice, pager) in paginate(&dir, &picked) {
            if only.is_some_and(|o| o != page_path) {
                continue;
            }
            let root = root_of(&page_path);
            let rows: Vec<TopicRow> = slice.iter().map(|&ti| cx.topic_row(ti, &root)).collect();
            let view = TopicsView {
                title: title.clone(),
                topics: rows,
                count,
                pager,
                filters: filters(&root, current),
            };
            out.push(cx.page("topics.html", &page_path, &title, "topics", &view)?);
        }
        Ok(())
    };
    list(
        "topics/index.html".into(),
        cx.words.label("all_topics"),
        "all",
        &|_| true,
    )?;
    for s in TopicStatus::ALL {
        list(
            status_url(s),
            format!(
                "{}{}{}",
                cx.words.label("topics"),
                cx.words.label("colon"),
                cx.words.topic_status(s)
            ),
            s.key(),
            &|ti| cx.facts.topics[ti].status == s,
        )?;
    }
    for (i, c) in cx.model.site.rules.categories.iter().enumerate() {
        list(
            category_url(i),
            format!(
                "{}{}{}",
                cx.words.label("topics"),
                cx.words.label("colon"),
                c
            ),
            &format!("category-{}", i + 1),
            &|ti| &topics[ti].category == c,
        )?;
    }
    for g in &cx.model.site.grids {
        list(
            grid_topics_url(&g.id),
            format!(
                "{}{}{}",
                cx.words.label("topics"),
                cx.words.label("colon"),
                g.name
            ),
            &format!("grid-{}", g.id),
            &|ti| topics[ti].grid.as_deref() == Some(g.id.as_str()),
        )?;
    }
    Ok(out)
}

pub(crate) fn topic_page(cx: &Context, ti: usize) -> Result<OutputFile, String> {
    let topic = &cx.model.topics[ti];
    let topic_facts = &cx.facts.topics[ti];
    let path = topic_url(&topic.id);
    let root = root_of(&path);
    let mut timeline: Vec<(NaiveDate, u8, TimelineItem)> = vec![(
        topic_facts.dated,
        0,
        TimelineItem {
            // 提出日期：原记录未载明 when the source does not give it (15.2).
            date: topic
                .raised
                .map_or_else(|| cx.words.label("unrecorded"), |d| cx.words.date(d)),
            label: cx.words.label("raised_event"),
            title: topic.title.clone(),
            href: None,
            text: match (&topic.raised_by, &topic.channel) {
                (Some(by), Some(ch)) => Some(format!("{by} · {ch}")),
                (Some(by), None) => Some(by.clone()),
                (None, Some(ch)) => Some(ch.clone()),
                (None, None) => None,
            },
            resolutions: vec![],
            progress: None,
        },
    )];
    for &mi in &topic_facts.meetings {
        let m = &cx.model.meetings[mi];
        let row = cx.meeting_row(mi, &root);
        let resolutions: Vec<ResolutionView> = topic_facts
            .resolutions
            .iter()
            .filter(|&&(rm, _)| rm == mi)
            .filter_map(|&(rm, ri)| cx.resolution_view(rm, ri, &root))
            .collect();
        let text = match cx.facts.meetings[mi].state {
            MeetingState::Held => row
                .attendance
                .as_ref()
                .map(|a| format!("{} {a}", cx.words.label("present"))),
            _ => Some(row.state_label.clone()),
        };
        timeline.push((
            m.start.date(),
            1,
            TimelineItem {
                date: row.date.clone(),
                label: m.kind.clone(),
                title: m.title.clone(),
                href: Some(row.href.clone()),
                text,
                resolutions,
                progress: None,
            },
        ));
    }
    for (a, action_facts) in topic.actions.iter().zip(&topic_facts.actions) {
        for u in &a.updates {
            let label = if Some(u.date) == action_facts.completed && u.progress == 100 {
                cx.words.label("completed_event")
            } else {
                cx.words.label("update_event")
            };
            timeline.push((
                u.date,
                2,
                TimelineItem {
                    date: cx.words.date(u.date),
                    label,
                    title: a.task.clone(),
                    href: None,
                    text: u.note.clone(),
                    resolutions: vec![],
                    progress: Some(u.progress),
                },
            ));
        }
    }
    for (&(ei, ri), &counts) in topic_facts.ratings.iter().zip(&topic_facts.rating_counts) {
        let e = &cx.model.evaluations[ei];
        let (ratings, comment) = match ri {
            Some(ri) => (Some(e.topics[ri].ratings), e.topics[ri].comment.clone()),
            None => (e.overall, None),
        };
        let mut text = format!(
            "{} {}",
            cx.words.label("satisfaction"),
            cx.words
                .percent(ratings.and_then(crate::facts::satisfaction))
        );
        if let Some(c) = comment {
            text.push_str(&format!(" · {c}"));
        }
        if e.third_party {
            text.push_str(&format!(" · {}", cx.words.label("third_party")));
        }
        // A rating before the work was completed says so: it does not count (14.3).
        if !counts {
            text.push_str(&format!(
                " · {}",
                cx.words.label("rating_before_completion")
            ));
        }
        timeline.push((
            e.date,
            3,
            TimelineItem {
                date: cx.words.date(e.date),
                label: cx.words.label("evaluation"),
                title: cx.evaluation_name(e),
                href: Some(format!("{root}{}", crate::site::urls::evaluation_url(e))),
                text: Some(text),
                resolutions: vec![],
                progress: None,
            },
        ));
    }
    timeline.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let view = TopicView {
        topic: cx.topic_row(ti, &root),
        channel: topic.channel.clone(),
        raised_by: topic.raised_by.clone(),
        stakeholders: topic.stakeholders.join(&cx.words.label("list_sep")),
        declined: topic.declined.clone(),
        budget: topic.budget.map(|b| match &topic.funding {
            Some(f) => format!(
                "{}{}{f}{}",
                cx.words.yuan(b),
                cx.words.label("lparen"),
                cx.words.label("rparen")
            ),
            None => cx.words.yuan(b),
        }),
        supervised: topic_facts.last_supervised.map(|d| cx.words.date(d)),
        grid: topic
            .grid
            .as_deref()
            .and_then(|id| cx.model.site.grids.iter().find(|g| g.id == id))
            .map(|g| crate::site::views::Link {
                title: format!(
                    "{}{}{}{}",
                    g.name,
                    cx.words.label("lparen"),
                    g.area,
                    cx.words.label("rparen")
                ),
                href: format!("{root}grids/index.html#{}", g.id),
            }),
        body: cx.body(&topic.body, &path),
        timeline: timeline.into_iter().map(|(_, _, item)| item).collect(),
        actions: cx.action_rows(ti, &root),
        reports: topic
            .reports
            .iter()
            .zip(&topic_facts.reports)
            .map(|(r, f)| ReportView {
                kind: r.kind.label(),
                to: r.to.clone(),
                sent: cx.words.date(r.sent),
                replied: r.replied.map(|d| cx.words.date(d)),
                answer: r.answer.clone(),
                waiting: f.days_waiting.map(|d| {
                    cx.words
                        .label("days_waiting")
                        .replace("{days}", &d.to_string())
                }),
                reply_overdue: f.reply_overdue,
            })
            .collect(),
        accepted: topic.accepted.map(|d| {
            let by = topic
                .accepted_by
                .as_ref()
                .map(|b| format!("{}{b}", cx.words.label("list_sep")))
                .unwrap_or_default();
            format!("{}{by}", cx.words.date(d))
        }),
        waiting: topic_facts.days_waiting.map(|d| {
            cx.words
                .label("days_waiting")
                .replace("{days}", &d.to_string())
        }),
        unanswered: topic_facts.unanswered,
    };
    let layout = cx.layout(&path, &topic.title, "topics");
    let mut layout = cx.with_record(layout, &topic.path, true);
    if cx.options.base_url.is_some() {
        layout.page_feed = Some("feed.xml".into());
    }
    cx.page_with_layout("topic.html", &path, layout, &view)
}

/// A topic's own feed (with a base address only: Atom ids are absolute).
pub(crate) fn topic_feed(cx: &Context, ti: usize) -> Option<OutputFile> {
    let base = cx.options.base_url?;
    Some(feeds::topic_feed(cx.model, cx.facts, ti, base, cx.words.t))
}
