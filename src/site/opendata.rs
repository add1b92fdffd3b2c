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

use crate::content::attachments::{Attachment, Attachments};
use crate::facts::{Facts, MeetingState};
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
        crate::content::markdown::internal_links(body)
            .into_iter()
            .filter_map(|l| {
                crate::content::validate::linked_attachment(&l.target, |p| {
                    attachments.attachments.contains_key(p)
                })
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
        })
        .collect();
    let (name, version) = generator.split_once(' ').unwrap_or((generator, ""));
    let counts = BTreeMap::from([
        ("topics", model.topics.len()),
        ("meetings", model.meetings.len()),
        ("resolutions", resolutions.len()),
        ("actions", actions.len()),
        ("evaluations", model.evaluations.len()),
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
    ];
    out.push(csv_file(
        "data/topics.csv",
        &[
            "id", "title", "category", "raised", "channel", "status", "overdue", "progress",
            "meetings", "url",
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
pub fn sitemap(html_paths: &[&str], base: &str) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = html_paths.to_vec();
    paths.sort_unstable();
    for p in paths {
        let p = p.strip_suffix("index.html").unwrap_or(p);
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc></url>\n",
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
