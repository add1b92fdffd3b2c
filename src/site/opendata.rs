//! Open data (`data/*.json` and their CSV twins), the Atom feed and the sitemap.
//!
//! The JSON keys and their order follow section 10 of the content spec exactly: downstream
//! tools depend on them. Arrays are sorted by id (resolutions by meeting then index,
//! actions by topic then id). Rates are in [0, 1], rounded to 4 decimals, null without a
//! denominator. CSV files start with a UTF-8 byte-order mark so Excel in zh-CN does not
//! read them as GBK.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::facts::{Facts, MeetingState};
use crate::markdown::linked_attachment;
use crate::media::attachments::{Attachment, Attachments};
use crate::model::Model;
use crate::plumbing::escape::xml_escape;
use crate::plumbing::output::{OutputFile, json_file};
use crate::site::urls::{file_url, meeting_url, page_url, topic_url, year_url};

#[derive(Serialize)]
struct TopicRecord {
    id: String,
    title: String,
    category: String,
    raised: String,
    channel: Option<String>,
    status: &'static str,
    overdue: bool,
    progress: u8,
    meetings: Vec<String>,
    url: String,
    /// 确定议题的日期 (13.9).
    accepted: Option<String>,
    /// A report awaits its answer (13.3).
    awaiting_reply: bool,
    /// Collected, its proposer unanswered past answer_days (13.9).
    unanswered: bool,
}

#[derive(Serialize)]
struct ObjectionRecord {
    meeting: String,
    index: usize,
    received: String,
    resolution: Option<usize>,
    summary: String,
    replied: Option<String>,
    answer: Option<String>,
    outcome: Option<&'static str>,
    late: bool,
    reply_due: String,
    reply_overdue: bool,
    replied_late: bool,
}

#[derive(Serialize)]
struct ReportRecord {
    topic: String,
    index: usize,
    kind: &'static str,
    to: String,
    sent: String,
    replied: Option<String>,
    answer: Option<String>,
    awaiting: bool,
    days_waiting: Option<i64>,
    reply_overdue: bool,
}

#[derive(Serialize)]
struct MemberRecord {
    name: String,
    role: String,
    standing: bool,
    affiliation: Option<String>,
    since: Option<String>,
    until: Option<String>,
    regular_meetings: u64,
    attended: u64,
    attendance_rate: Option<f64>,
    longest_absence_run: u64,
    current_absence_run: u64,
    flagged: bool,
}

#[derive(Serialize)]
struct MeetingRecord {
    id: String,
    title: String,
    kind: String,
    start: String,
    place: String,
    expected: Option<u64>,
    present: Option<u64>,
    attendance_rate: Option<f64>,
    topics: Vec<String>,
    notified: Option<String>,
    published: Option<String>,
    late: bool,
    short_notice: bool,
    upcoming: bool,
    cancelled: bool,
    url: String,
    /// Held, its record still to be written (spec 13.1).
    record_pending: bool,
    /// The last day to object (13.2).
    objection_deadline: Option<String>,
    /// open | closed_clear | closed_with_objections.
    posting: Option<&'static str>,
    /// Objections recorded.
    objections: usize,
    /// … not yet answered.
    objections_unanswered: usize,
}

#[derive(Serialize)]
struct ResolutionRecord {
    meeting: String,
    index: usize,
    topic: Option<String>,
    text: String,
    method: Option<String>,
    expected: u64,
    present: u64,
    yes: u64,
    no: u64,
    abstain: u64,
    quorum_met: bool,
    passed: bool,
    outcome: &'static str,
    advisory: bool,
    revoked: Option<String>,
    revoked_by: Option<String>,
    revoked_reason: Option<String>,
    reopened: bool,
}

#[derive(Serialize)]
struct ActionRecord {
    topic: String,
    id: String,
    task: String,
    owner: String,
    supervisor: Option<String>,
    due: String,
    progress: u8,
    status: &'static str,
    stale: bool,
    completed: Option<String>,
    last_update: Option<String>,
    budget: Option<f64>,
    funding: Option<String>,
    spent: Option<f64>,
    spent_rate: Option<f64>,
    over_budget: bool,
}

#[derive(Serialize)]
struct YearRecord {
    year: i32,
    meetings_by_kind: BTreeMap<String, u64>,
    topics_by_category: BTreeMap<String, u64>,
    topics_by_channel: BTreeMap<String, u64>,
    resolutions_passed: u64,
    resolutions_failed: u64,
    resolutions_invalid: u64,
    attendance_rate: Option<f64>,
    actions_due: u64,
    actions_done: u64,
    actions_done_late: u64,
    actions_overdue: u64,
    actions_open: u64,
    on_time_rate: Option<f64>,
    median_days_to_resolution: Option<f64>,
    late_publications: u64,
    quarters_without_regular_meeting: Vec<u32>,
    satisfaction_overall: Option<f64>,
    satisfaction_by_topic: BTreeMap<String, Option<f64>>,
    resolutions_advisory: u64,
    resolutions_revoked: u64,
    objections_received: u64,
    objections_replied_on_time: u64,
    objections_reply_overdue: u64,
    postings_closed_clear: u64,
    reports_sent: u64,
    reports_awaiting: u64,
    budget_total: f64,
    spent_total: f64,
    months_without_regular_meeting: Option<Vec<u32>>,
    topics_unanswered: u64,
}

#[derive(Serialize)]
struct SiteRecord {
    title: String,
    community: String,
    today: String,
    generator: String,
    version: String,
    counts: BTreeMap<&'static str, usize>,
}

fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One line of data/attachments.json.
#[derive(Serialize)]
struct AttachmentRecord<'a> {
    #[serde(flatten)]
    attachment: &'a Attachment,
    url: String,
    /// Pages that show or link the attachment.
    used_by: Vec<String>,
}

/// data/attachments.json: every published attachment with its SHA-256 and size, and the
/// pages that use it (sign-in sheets, progress photos, links in Markdown bodies).
fn attachments_file(model: &Model, attachments: &Attachments) -> OutputFile {
    let mut used: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut note = |path: &str, url: String| {
        if let Some((key, _)) = attachments.attachments.get_key_value(path) {
            used.entry(key.as_str()).or_default().insert(url);
        }
    };
    // The same links the pages make (a name may hold `#` or spaces).
    let linked = |body: &str| -> Vec<String> {
        crate::markdown::internal_links(body)
            .into_iter()
            .filter_map(|l| {
                linked_attachment(&l.target, |p| attachments.attachments.contains_key(p))
                    .map(str::to_string)
            })
            .collect()
    };
    for m in &model.meetings {
        let url = meeting_url(&m.id);
        for p in m.sign_in.iter().cloned().chain(linked(&m.body)) {
            note(&p, url.clone());
        }
    }
    for t in &model.topics {
        let url = topic_url(&t.id);
        let photos = t
            .actions
            .iter()
            .flat_map(|a| a.updates.iter().flat_map(|u| u.photos.iter().cloned()));
        for p in photos.chain(linked(&t.body)) {
            note(&p, url.clone());
        }
    }
    for e in &model.evaluations {
        for p in linked(&e.body) {
            note(&p, year_url(e.year));
        }
    }
    for page in &model.pages {
        for p in linked(&page.body) {
            note(&p, page_url(&page.id));
        }
    }
    let records: Vec<AttachmentRecord> = attachments
        .attachments
        .values()
        .map(|a| AttachmentRecord {
            attachment: a,
            url: file_url(&a.path),
            used_by: used
                .get(a.path.as_str())
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default(),
        })
        .collect();
    json_file("data/attachments.json", &records)
}

/// Every `data/` file. `attachments` is None only for builds held in memory without files.
pub fn files(
    model: &Model,
    facts: &Facts,
    attachments: Option<&Attachments>,
    generator: &str,
) -> Vec<OutputFile> {
    let offset = model.site.timezone.to_string();
    let topics: Vec<TopicRecord> = model
        .topics
        .iter()
        .zip(&facts.topics)
        .map(|(t, f)| TopicRecord {
            id: t.id.clone(),
            title: t.title.clone(),
            category: t.category.clone(),
            raised: iso_date(t.raised),
            channel: t.channel.clone(),
            status: f.status.key(),
            overdue: f.overdue,
            progress: f.progress,
            meetings: f
                .meetings
                .iter()
                .map(|&mi| model.meetings[mi].id.clone())
                .collect(),
            url: topic_url(&t.id),
            accepted: t.accepted.map(iso_date),
            awaiting_reply: f.awaiting_reply,
            unanswered: f.unanswered,
        })
        .collect();
    let meetings: Vec<MeetingRecord> = model
        .meetings
        .iter()
        .zip(&facts.meetings)
        .map(|(m, f)| MeetingRecord {
            id: m.id.clone(),
            title: m.title.clone(),
            kind: m.kind.clone(),
            start: format!("{}{offset}", m.start.format("%Y-%m-%dT%H:%M:%S")),
            place: m.place.clone(),
            expected: m.expected,
            present: m.present,
            attendance_rate: f.attendance_rate,
            topics: m.topics.clone(),
            notified: m.notified.map(iso_date),
            published: m.published.map(iso_date),
            late: f.late,
            short_notice: f.short_notice,
            upcoming: f.state == MeetingState::Upcoming,
            cancelled: f.state == MeetingState::Cancelled,
            url: meeting_url(&m.id),
            record_pending: f.record_pending,
            objection_deadline: f.objection_deadline.map(iso_date),
            posting: f.posting.map(|p| p.key()),
            objections: f.objections,
            objections_unanswered: f.objections_unanswered,
        })
        .collect();
    let mut objections = Vec::new();
    for (m, per_meeting) in model.meetings.iter().zip(&facts.objections) {
        for (oi, (o, of)) in m.objections.iter().zip(per_meeting).enumerate() {
            objections.push(ObjectionRecord {
                meeting: m.id.clone(),
                index: oi + 1,
                received: iso_date(o.received),
                resolution: o.resolution.map(|r| r + 1),
                summary: o.summary.clone(),
                replied: o.replied.map(iso_date),
                answer: o.answer.clone(),
                outcome: o.outcome.map(|x| x.label()),
                late: of.late,
                reply_due: iso_date(of.reply_due),
                reply_overdue: of.reply_overdue,
                replied_late: of.replied_late,
            });
        }
    }
    let mut reports = Vec::new();
    for (t, f) in model.topics.iter().zip(&facts.topics) {
        for (ri, (r, rf)) in t.reports.iter().zip(&f.reports).enumerate() {
            reports.push(ReportRecord {
                topic: t.id.clone(),
                index: ri + 1,
                kind: r.kind.label(),
                to: r.to.clone(),
                sent: iso_date(r.sent),
                replied: r.replied.map(iso_date),
                answer: r.answer.clone(),
                awaiting: rf.awaiting,
                days_waiting: rf.days_waiting,
                reply_overdue: rf.reply_overdue,
            });
        }
    }
    let council: Vec<MemberRecord> = model
        .council
        .iter()
        .flatten()
        .zip(&facts.members)
        .map(|(m, f)| MemberRecord {
            name: m.name.clone(),
            role: m.role.clone(),
            standing: m.standing,
            affiliation: m.affiliation.clone(),
            since: m.since.map(iso_date),
            until: m.until.map(iso_date),
            regular_meetings: f.regular_meetings,
            attended: f.attended,
            attendance_rate: f.attendance_rate,
            longest_absence_run: f.longest_absence_run,
            current_absence_run: f.current_absence_run,
            flagged: f.flagged,
        })
        .collect();
    let mut resolutions = Vec::new();
    for (mi, m) in model.meetings.iter().enumerate() {
        for (ri, r) in m.resolutions.iter().enumerate() {
            let Some(f) = facts.resolutions[mi][ri] else {
                continue;
            };
            resolutions.push(ResolutionRecord {
                meeting: m.id.clone(),
                index: ri + 1,
                topic: facts.resolution_topics[mi][ri].clone(),
                text: r.text.clone(),
                method: r.method.clone(),
                expected: m.expected.unwrap_or(0),
                present: m.present.unwrap_or(0),
                yes: r.tally.yes,
                no: r.tally.no,
                abstain: r.tally.abstain,
                quorum_met: f.quorum_met,
                passed: f.passed,
                outcome: f.outcome.key(),
                advisory: f.advisory,
                revoked: r.revoked.as_ref().map(|v| iso_date(v.date)),
                revoked_by: r.revoked.as_ref().map(|v| v.by.clone()),
                revoked_reason: r.revoked.as_ref().map(|v| v.reason.clone()),
                reopened: f.reopened,
            });
        }
    }
    let mut actions = Vec::new();
    for (t, topic_facts) in model.topics.iter().zip(&facts.topics) {
        let mut list: Vec<ActionRecord> = t
            .actions
            .iter()
            .zip(&topic_facts.actions)
            .map(|(a, f)| ActionRecord {
                topic: t.id.clone(),
                id: a.id.clone(),
                task: a.task.clone(),
                owner: a.owner.clone(),
                supervisor: a.supervisor.clone(),
                due: iso_date(a.due),
                progress: f.progress,
                status: f.status.key(),
                stale: f.stale,
                completed: f.completed.map(iso_date),
                last_update: f.last_update.map(iso_date),
                budget: a.budget.map(|m| m.yuan()),
                funding: a.funding.clone(),
                spent: f.spent.map(|m| m.yuan()),
                spent_rate: f.spent_rate,
                over_budget: f.over_budget,
            })
            .collect();
        list.sort_by(|a, b| a.id.cmp(&b.id));
        actions.extend(list);
    }
    let years: Vec<YearRecord> = facts
        .years
        .iter()
        .map(|y| YearRecord {
            year: y.year,
            meetings_by_kind: y.meetings_by_kind.clone(),
            topics_by_category: y.topics_by_category.clone(),
            topics_by_channel: y.topics_by_channel.clone(),
            resolutions_passed: y.resolutions_passed,
            resolutions_failed: y.resolutions_failed,
            resolutions_invalid: y.resolutions_invalid,
            attendance_rate: y.attendance_rate,
            actions_due: y.actions_due,
            actions_done: y.actions_done,
            actions_done_late: y.actions_done_late,
            actions_overdue: y.actions_overdue,
            actions_open: y.actions_open,
            on_time_rate: y.on_time_rate,
            median_days_to_resolution: y.median_days_to_resolution,
            late_publications: y.late_publications,
            quarters_without_regular_meeting: y.quarters_without_regular_meeting.clone(),
            satisfaction_overall: y.satisfaction_overall,
            satisfaction_by_topic: y.satisfaction_by_topic.clone(),
            resolutions_advisory: y.resolutions_advisory,
            resolutions_revoked: y.resolutions_revoked,
            objections_received: y.objections_received,
            objections_replied_on_time: y.objections_replied_on_time,
            objections_reply_overdue: y.objections_reply_overdue,
            postings_closed_clear: y.postings_closed_clear,
            reports_sent: y.reports_sent,
            reports_awaiting: y.reports_awaiting,
            budget_total: y.budget_total.yuan(),
            spent_total: y.spent_total.yuan(),
            months_without_regular_meeting: y.months_without_regular_meeting.clone(),
            topics_unanswered: y.topics_unanswered,
        })
        .collect();
    let (name, version) = generator.split_once(' ').unwrap_or((generator, ""));
    let counts = BTreeMap::from([
        ("topics", model.topics.len()),
        ("meetings", model.meetings.len()),
        ("resolutions", resolutions.len()),
        ("actions", actions.len()),
        ("evaluations", model.evaluations.len()),
        ("objections", objections.len()),
        ("reports", reports.len()),
        ("pages", model.pages.len()),
    ]);
    let site = SiteRecord {
        title: model.site.title.clone(),
        community: model.site.community.clone(),
        today: iso_date(facts.today),
        generator: name.to_string(),
        version: version.to_string(),
        counts,
    };

    let mut out = vec![
        json_file("data/topics.json", &topics),
        json_file("data/meetings.json", &meetings),
        json_file("data/resolutions.json", &resolutions),
        json_file("data/actions.json", &actions),
        json_file("data/years.json", &years),
        json_file("data/site.json", &site),
        json_file("data/objections.json", &objections),
        json_file("data/reports.json", &reports),
        json_file("data/council.json", &council),
    ];
    out.push(csv_file(
        "data/objections.csv",
        &[
            "meeting",
            "index",
            "received",
            "resolution",
            "summary",
            "replied",
            "answer",
            "outcome",
            "late",
            "reply_due",
            "reply_overdue",
            "replied_late",
        ],
        objections.iter().map(|o| {
            vec![
                o.meeting.clone(),
                o.index.to_string(),
                o.received.clone(),
                opt_num(o.resolution),
                o.summary.clone(),
                opt(&o.replied),
                opt(&o.answer),
                o.outcome.unwrap_or("").to_string(),
                o.late.to_string(),
                o.reply_due.clone(),
                o.reply_overdue.to_string(),
                o.replied_late.to_string(),
            ]
        }),
    ));
    out.push(csv_file(
        "data/reports.csv",
        &[
            "topic",
            "index",
            "kind",
            "to",
            "sent",
            "replied",
            "answer",
            "awaiting",
            "days_waiting",
            "reply_overdue",
        ],
        reports.iter().map(|r| {
            vec![
                r.topic.clone(),
                r.index.to_string(),
                r.kind.to_string(),
                r.to.clone(),
                r.sent.clone(),
                opt(&r.replied),
                opt(&r.answer),
                r.awaiting.to_string(),
                opt_num(r.days_waiting),
                r.reply_overdue.to_string(),
            ]
        }),
    ));
    out.push(csv_file(
        "data/council.csv",
        &[
            "name",
            "role",
            "standing",
            "affiliation",
            "since",
            "until",
            "regular_meetings",
            "attended",
            "attendance_rate",
            "longest_absence_run",
            "current_absence_run",
            "flagged",
        ],
        council.iter().map(|m| {
            vec![
                m.name.clone(),
                m.role.clone(),
                m.standing.to_string(),
                opt(&m.affiliation),
                opt(&m.since),
                opt(&m.until),
                m.regular_meetings.to_string(),
                m.attended.to_string(),
                opt_num(m.attendance_rate),
                m.longest_absence_run.to_string(),
                m.current_absence_run.to_string(),
                m.flagged.to_string(),
            ]
        }),
    ));
    out.push(csv_file(
        "data/topics.csv",
        &[
            "id",
            "title",
            "category",
            "raised",
            "channel",
            "status",
            "overdue",
            "progress",
            "meetings",
            "url",
            "accepted",
            "awaiting_reply",
            "unanswered",
        ],
        topics.iter().map(|t| {
            vec![
                t.id.clone(),
                t.title.clone(),
                t.category.clone(),
                t.raised.clone(),
                opt(&t.channel),
                t.status.into(),
                t.overdue.to_string(),
                t.progress.to_string(),
                t.meetings.join(";"),
                t.url.clone(),
                opt(&t.accepted),
                t.awaiting_reply.to_string(),
                t.unanswered.to_string(),
            ]
        }),
    ));
    out.push(csv_file(
        "data/meetings.csv",
        &[
            "id",
            "title",
            "kind",
            "start",
            "place",
            "expected",
            "present",
            "attendance_rate",
            "topics",
            "notified",
            "published",
            "late",
            "short_notice",
            "upcoming",
            "cancelled",
            "url",
            "record_pending",
            "objection_deadline",
            "posting",
            "objections",
            "objections_unanswered",
        ],
        meetings.iter().map(|m| {
            vec![
                m.id.clone(),
                m.title.clone(),
                m.kind.clone(),
                m.start.clone(),
                m.place.clone(),
                opt_num(m.expected),
                opt_num(m.present),
                opt_num(m.attendance_rate),
                m.topics.join(";"),
                opt(&m.notified),
                opt(&m.published),
                m.late.to_string(),
                m.short_notice.to_string(),
                m.upcoming.to_string(),
                m.cancelled.to_string(),
                m.url.clone(),
                m.record_pending.to_string(),
                opt(&m.objection_deadline),
                m.posting.unwrap_or("").to_string(),
                m.objections.to_string(),
                m.objections_unanswered.to_string(),
            ]
        }),
    ));
    out.push(csv_file(
        "data/resolutions.csv",
        &[
            "meeting",
            "index",
            "topic",
            "text",
            "method",
            "expected",
            "present",
            "yes",
            "no",
            "abstain",
            "quorum_met",
            "passed",
            "outcome",
            "advisory",
            "revoked",
            "revoked_by",
            "revoked_reason",
            "reopened",
        ],
        resolutions.iter().map(|r| {
            vec![
                r.meeting.clone(),
                r.index.to_string(),
                opt(&r.topic),
                r.text.clone(),
                opt(&r.method),
                r.expected.to_string(),
                r.present.to_string(),
                r.yes.to_string(),
                r.no.to_string(),
                r.abstain.to_string(),
                r.quorum_met.to_string(),
                r.passed.to_string(),
                r.outcome.into(),
                r.advisory.to_string(),
                opt(&r.revoked),
                opt(&r.revoked_by),
                opt(&r.revoked_reason),
                r.reopened.to_string(),
            ]
        }),
    ));
    out.push(csv_file(
        "data/actions.csv",
        &[
            "topic",
            "id",
            "task",
            "owner",
            "supervisor",
            "due",
            "progress",
            "status",
            "stale",
            "completed",
            "last_update",
            "budget",
            "funding",
            "spent",
            "spent_rate",
            "over_budget",
        ],
        actions.iter().map(|a| {
            vec![
                a.topic.clone(),
                a.id.clone(),
                a.task.clone(),
                a.owner.clone(),
                opt(&a.supervisor),
                a.due.clone(),
                a.progress.to_string(),
                a.status.into(),
                a.stale.to_string(),
                opt(&a.completed),
                opt(&a.last_update),
                opt_num(a.budget),
                opt(&a.funding),
                opt_num(a.spent),
                opt_num(a.spent_rate),
                a.over_budget.to_string(),
            ]
        }),
    ));
    if let Some(attachments) = attachments {
        out.push(attachments_file(model, attachments));
    }
    out
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn opt_num<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

fn csv_file(path: &str, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> OutputFile {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::from(*b"\xEF\xBB\xBF"));
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        for cell in &row {
            let _ = writer.write_field(csv_cell(cell).as_bytes());
        }
        let _ = writer.write_record(None::<&[u8]>);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    OutputFile {
        path: path.into(),
        bytes,
    }
}

/// A CSV cell as spreadsheet software may safely open it: a cell starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be taken for a formula (CSV injection, OWASP),
/// so it gets a leading `'`, which spreadsheets show as text and do not display.
pub fn csv_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The sitemap of every HTML page.
/// The sitemap of every HTML page but the A3 print copies of board sheets (the A4 page is
/// the sheet's address), each with the day its record last changed when the history is known.
/// Addresses are written as the pages link them (`…/index.html`), as the feed does.
pub fn sitemap(pages: &[(&str, Option<NaiveDate>)], base: &str) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&(&str, Option<NaiveDate>)> = pages
        .iter()
        .filter(|(p, _)| !p.ends_with("/a3/index.html"))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    for (p, lastmod) in pages {
        let lastmod = lastmod
            .map(|d| format!("<lastmod>{}</lastmod>", iso_date(d)))
            .unwrap_or_default();
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>{lastmod}</url>\n",
            xml_escape(base),
            xml_escape(p)
        ));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(xml_escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        // Every character XML 1.0 forbids or discourages is left out; the rest stay.
        assert_eq!(
            xml_escape(
                "x\u{0}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{85}\u{9f}\u{fdd0}\u{fffe}\u{ffff}\u{1fffe}\u{10ffff}y"
            ),
            "xy"
        );
        assert_eq!(
            xml_escape("\t\n\r\u{a0}\u{fffd}\u{10000}停"),
            "\t\n\r\u{a0}\u{fffd}\u{10000}停"
        );
    }

    #[test]
    fn csv_cells_that_spreadsheets_would_run_are_neutralised() {
        for (cell, shown) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("2025-04-18", "2025-04-18"),
            ("停车 = 难", "停车 = 难"),
            ("", ""),
        ] {
            assert_eq!(csv_cell(cell), shown);
        }
        let f = csv_file("x.csv", &["a"], vec![vec!["=1+1".to_string()]].into_iter());
        assert!(String::from_utf8(f.bytes).unwrap().ends_with("'=1+1\r\n"));
    }

    #[test]
    fn csv_has_bom_and_quotes() {
        let f = csv_file(
            "x.csv",
            &["a", "b"],
            vec![vec!["1".to_string(), "含,逗号".to_string()]].into_iter(),
        );
        let text = String::from_utf8(f.bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("1,\"含,逗号\"\r\n"));
    }
}
