//! Open data (`data/*.json` and their CSV twins), the Atom feed and the sitemap.
//!
//! The JSON keys and their order follow section 10 of the content spec exactly: downstream
//! tools depend on them. Arrays are sorted by id (resolutions by meeting then index,
//! actions by topic then id). Rates are in [0, 1], rounded to 4 decimals, null without a
//! denominator. CSV files start with a UTF-8 byte-order mark so Excel in zh-CN does not
//! read them as GBK.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::facts::{Facts, MeetingState};
use crate::markdown::linked_attachment;
use crate::media::attachments::{Attachment, Attachments};
use crate::model::Model;
use crate::plumbing::escape::xml_escape;
use crate::plumbing::output::{OutputFile, json_file};
use crate::site::urls::{file_url, meeting_url, page_url, topic_url};

#[derive(Serialize)]
struct TopicRecord {
    id: String,
    title: String,
    category: String,
    /// None when the source does not give it (15.2).
    raised: Option<String>,
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
    /// The money the proposal asks for, yuan (15.5).
    budget: Option<f64>,
    /// Where it would come from.
    funding: Option<String>,
    /// Reports to the supervision committee that name it (14.1).
    supervision_reports: usize,
    /// The latest such report's date.
    last_supervised: Option<String>,
    /// The ids of its ratings' evaluations, by date then id (14.3).
    evaluations: Vec<String>,
    /// The last rating's satisfaction rate.
    satisfaction_rate: Option<f64>,
    /// Completed long enough ago and not yet evaluated.
    evaluation_due: bool,
    /// The grid it comes from (14.2).
    grid: Option<String>,
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
    /// None when the record does not say (15.6).
    standing: Option<bool>,
    affiliation: Option<String>,
    since: Option<String>,
    until: Option<String>,
    regular_meetings: u64,
    attended: u64,
    attendance_rate: Option<f64>,
    longest_absence_run: u64,
    current_absence_run: u64,
    flagged: bool,
    /// The grids the member answers for (14.2).
    grids: Vec<String>,
    /// Visits the member made.
    visits: usize,
}

#[derive(Serialize)]
struct MeetingRecord {
    id: String,
    title: String,
    kind: String,
    /// Date and time with the offset, or the date alone when the source gives no hour.
    start: String,
    place: Option<String>,
    expected: Option<u64>,
    present: Option<u64>,
    attendance_rate: Option<f64>,
    topics: Vec<String>,
    notified: Option<String>,
    published: Option<String>,
    /// None when the source does not say whether the results were posted (15.2).
    late: Option<bool>,
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
    /// What the source does not state (15.2).
    unrecorded: Vec<&'static str>,
    /// Binding or advisory, as the meeting's record or its kind makes it (15.3).
    advisory: bool,
    /// The bodies that issue its postings: its own, else the site's issuer (15.5).
    issued_by: Vec<String>,
}

#[derive(Serialize)]
struct ResolutionRecord {
    meeting: String,
    index: usize,
    topic: Option<String>,
    text: String,
    method: Option<String>,
    expected: Option<u64>,
    present: Option<u64>,
    yes: Option<u64>,
    no: Option<u64>,
    abstain: Option<u64>,
    quorum_met: Option<bool>,
    passed: Option<bool>,
    outcome: &'static str,
    advisory: bool,
    revoked: Option<String>,
    revoked_by: Option<String>,
    revoked_reason: Option<String>,
    reopened: bool,
    /// The outcome the record states (15.1): 通过, 未通过, 暂缓, or null.
    declared: Option<&'static str>,
    /// 人, 户 or 业主 (15.4).
    unit: &'static str,
    /// The owners' vote (15.4), null elsewhere.
    matter: Option<&'static str>,
    owners: Option<u64>,
    area: Option<f64>,
    owners_voting: Option<u64>,
    area_voting: Option<f64>,
    owners_yes: Option<u64>,
    area_yes: Option<f64>,
    participation_met: Option<bool>,
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
    /// Declared put off (15.1).
    resolutions_deferred: u64,
    /// Σ budgets of the year's proposals (15.5), apart from `budget_total`.
    topic_budget_total: f64,
    /// Reports to the supervision committee whose period starts in the year (14.5).
    supervision_reports: u64,
    /// The year's missing periods; null without `[supervision]`.
    supervision_missing: Option<Vec<String>>,
    /// Visits dated in the year (14.5).
    visits: u64,
    /// Months of the year, over all grids, owed a visit and not visited.
    grid_months_without_visit: u64,
    /// Project evaluations dated in the year (14.5).
    project_evaluations: u64,
    /// Third-party evaluations of the year.
    third_party_evaluations: u64,
    /// The year's topics whose evaluation is due as of today.
    topics_evaluation_due: u64,
}

#[derive(Serialize)]
struct SiteRecord {
    title: String,
    community: String,
    today: String,
    generator: String,
    version: String,
    counts: BTreeMap<&'static str, usize>,
    /// The periods due and not reported to the supervision committee, oldest first; null
    /// without `[supervision]` (14.1).
    supervision_missing: Option<Vec<String>>,
}

#[derive(Serialize)]
struct SupervisionRecord {
    id: String,
    date: String,
    period: String,
    period_start: String,
    period_end: String,
    topics: Vec<String>,
    reported_by: Option<String>,
    received_by: Option<String>,
    opinion_date: Option<String>,
    opinion: Option<String>,
    supplement: bool,
    late: bool,
}

#[derive(Serialize)]
struct GridRecord {
    id: String,
    name: String,
    area: String,
    since: Option<String>,
    contacts: Vec<String>,
    topics: Vec<String>,
    topics_open: Vec<String>,
    visits: usize,
    last_visit: Option<String>,
    feedback_visits: usize,
    months_without_visit: Vec<String>,
}

/// data/grids.json: each grid in site.toml's order (14.5).
fn grid_records(model: &Model, facts: &Facts) -> Vec<GridRecord> {
    model
        .site
        .grids
        .iter()
        .zip(&facts.grids)
        .map(|(g, f)| {
            let ids = |filter: &dyn Fn(usize) -> bool| -> Vec<String> {
                let mut v: Vec<String> = f
                    .topics
                    .iter()
                    .copied()
                    .filter(|&ti| filter(ti))
                    .map(|ti| model.topics[ti].id.clone())
                    .collect();
                v.sort();
                v
            };
            GridRecord {
                id: g.id.clone(),
                name: g.name.clone(),
                area: g.area.clone(),
                since: g.since.map(iso_date),
                contacts: f.contacts.clone(),
                topics: ids(&|_| true),
                topics_open: ids(&|ti| facts.topics[ti].status.is_open()),
                visits: f.visits,
                last_visit: f.last_visit.map(iso_date),
                feedback_visits: f.feedback_visits,
                months_without_visit: f
                    .months_without_visit
                    .iter()
                    .map(|&m| crate::facts::grids::month_label(m))
                    .collect(),
            }
        })
        .collect()
}

#[derive(Serialize)]
struct VisitRecord {
    id: String,
    grid: String,
    date: String,
    by: String,
    households: Option<u64>,
    opinions: Option<u64>,
    topics: Vec<String>,
    feedback: bool,
}

/// data/visits.json: each visit, by id (14.5).
fn visit_records(model: &Model) -> Vec<VisitRecord> {
    model
        .visits
        .iter()
        .map(|v| {
            let mut topics = v.topics.clone();
            topics.sort();
            VisitRecord {
                id: v.id.clone(),
                grid: v.grid.clone(),
                date: iso_date(v.date),
                by: v.by.clone(),
                households: v.households,
                opinions: v.opinions,
                topics,
                feedback: v.feedback,
            }
        })
        .collect()
}

impl Row for VisitRecord {
    const HEADER: &'static [&'static str] = &[
        "id",
        "grid",
        "date",
        "by",
        "households",
        "opinions",
        "topics",
        "feedback",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.grid.clone(),
            self.date.clone(),
            self.by.clone(),
            opt_num(self.households),
            opt_num(self.opinions),
            self.topics.join(";"),
            self.feedback.to_string(),
        ]
    }
}

#[derive(Serialize)]
struct StaffRecord {
    name: String,
    role: String,
    grids: Vec<String>,
    since: Option<String>,
    until: Option<String>,
    visits: usize,
}

/// data/staff.json: the staff and 网格员 of council.toml, in its order (14.5).
fn staff_records(model: &Model, facts: &Facts) -> Vec<StaffRecord> {
    model
        .staff
        .iter()
        .zip(&facts.staff_visits)
        .map(|(s, &visits)| StaffRecord {
            name: s.name.clone(),
            role: s.role.clone(),
            grids: s.grids.clone(),
            since: s.since.map(iso_date),
            until: s.until.map(iso_date),
            visits,
        })
        .collect()
}

impl Row for StaffRecord {
    const HEADER: &'static [&'static str] = &["name", "role", "grids", "since", "until", "visits"];
    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.role.clone(),
            self.grids.join(";"),
            opt(&self.since),
            opt(&self.until),
            self.visits.to_string(),
        ]
    }
}

#[derive(Serialize)]
struct EvaluationRecord {
    id: String,
    kind: &'static str,
    year: Option<i32>,
    title: Option<String>,
    date: String,
    meeting: Option<String>,
    method: Option<String>,
    respondents: Option<u64>,
    by: Option<String>,
    third_party: bool,
    topics: Vec<String>,
    satisfied: Option<u64>,
    basic: Option<u64>,
    unsatisfied: Option<u64>,
    satisfaction_rate: Option<f64>,
}

/// data/evaluations.json: every evaluation, a year's and a project's, by id (14.5).
fn evaluation_records(model: &Model) -> Vec<EvaluationRecord> {
    let mut out: Vec<EvaluationRecord> = model
        .evaluations
        .iter()
        .map(|e| {
            let mut topics: Vec<String> = if e.is_project() {
                e.subjects.clone()
            } else {
                e.topics.iter().map(|t| t.topic.clone()).collect()
            };
            topics.sort();
            EvaluationRecord {
                id: e.id.clone(),
                kind: if e.is_project() { "project" } else { "year" },
                year: e.year,
                title: e.title.clone(),
                date: iso_date(e.date),
                meeting: e.meeting.clone(),
                method: e.method.clone(),
                respondents: e.respondents,
                by: e.by.clone(),
                third_party: e.third_party,
                topics,
                satisfied: e.overall.map(|o| o.satisfied),
                basic: e.overall.map(|o| o.basic),
                unsatisfied: e.overall.map(|o| o.unsatisfied),
                satisfaction_rate: e.overall.and_then(crate::facts::satisfaction),
            }
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

impl Row for EvaluationRecord {
    const HEADER: &'static [&'static str] = &[
        "id",
        "kind",
        "year",
        "title",
        "date",
        "meeting",
        "method",
        "respondents",
        "by",
        "third_party",
        "topics",
        "satisfied",
        "basic",
        "unsatisfied",
        "satisfaction_rate",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.kind.to_string(),
            opt_num(self.year),
            opt(&self.title),
            self.date.clone(),
            opt(&self.meeting),
            opt(&self.method),
            opt_num(self.respondents),
            opt(&self.by),
            self.third_party.to_string(),
            self.topics.join(";"),
            opt_num(self.satisfied),
            opt_num(self.basic),
            opt_num(self.unsatisfied),
            opt_num(self.satisfaction_rate),
        ]
    }
}

/// data/supervision.json: each report to the supervision committee, by id (14.5).
fn supervision_records(model: &Model, facts: &Facts) -> Vec<SupervisionRecord> {
    model
        .supervision
        .iter()
        .zip(&facts.supervision.reports)
        .map(|(r, f)| {
            let mut topics = r.topics.clone();
            topics.sort();
            SupervisionRecord {
                id: r.id.clone(),
                date: iso_date(r.date),
                period: r.period.label.clone(),
                period_start: iso_date(r.period.start),
                period_end: iso_date(r.period.end),
                topics,
                reported_by: r.reported_by.clone(),
                received_by: r.received_by.clone(),
                opinion_date: r.opinion.as_ref().map(|o| iso_date(o.date)),
                opinion: r.opinion.as_ref().map(|o| o.text.clone()),
                supplement: f.supplement,
                late: f.late,
            }
        })
        .collect()
}

impl Row for SupervisionRecord {
    const HEADER: &'static [&'static str] = &[
        "id",
        "date",
        "period",
        "period_start",
        "period_end",
        "topics",
        "reported_by",
        "received_by",
        "opinion_date",
        "opinion",
        "supplement",
        "late",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.date.clone(),
            self.period.clone(),
            self.period_start.clone(),
            self.period_end.clone(),
            self.topics.join(";"),
            opt(&self.reported_by),
            opt(&self.received_by),
            opt(&self.opinion_date),
            opt(&self.opinion),
            self.supplement.to_string(),
            self.late.to_string(),
        ]
    }
}

/// The names an `unrecorded` list gave, in the spec's order.
fn unrecorded_names(u: &crate::model::Unrecorded) -> Vec<&'static str> {
    let given = [
        u.expected,
        u.present,
        u.time,
        u.place,
        u.published,
        u.objections,
    ];
    crate::model::Unrecorded::MEETING
        .iter()
        .zip(given)
        .filter(|(_, g)| *g)
        .map(|(n, _)| *n)
        .collect()
}

fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One line of data/attachments.json.
#[derive(Serialize)]
struct AttachmentRecord<'a> {
    #[serde(flatten)]
    attachment: Cow<'a, Attachment>,
    url: String,
    /// Pages that show or link the attachment.
    used_by: Vec<String>,
}

/// data/attachments.json: every published attachment with its SHA-256 and size, and the
/// pages that use it (sign-in sheets, progress photos, links in Markdown bodies).
fn attachment_records<'a>(
    model: &Model,
    attachments: &'a Attachments,
) -> Vec<AttachmentRecord<'a>> {
    let mut used: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut note = |path: &str, url: String| {
        if let Some((key, _)) = attachments.attachments.get_key_value(path) {
            used.entry(key.as_str()).or_default().insert(url);
        }
    };
    let linked = |body: &str| linked_attachments(model, body);
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
            note(&p, crate::site::urls::evaluation_url(e));
        }
    }
    for page in &model.pages {
        for p in linked(&page.body) {
            note(&p, page_url(&page.id));
        }
    }
    attachments
        .attachments
        .values()
        .map(|a| AttachmentRecord {
            attachment: Cow::Borrowed(a),
            url: file_url(&a.path),
            used_by: used
                .get(a.path.as_str())
                .map(|s| s.iter().cloned().collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// data/topics.json: each topic with its status, progress and meetings.
fn topic_records(model: &Model, facts: &Facts) -> Vec<TopicRecord> {
    model
        .topics
        .iter()
        .zip(&facts.topics)
        .map(|(t, f)| TopicRecord {
            id: t.id.clone(),
            title: t.title.clone(),
            category: t.category.clone(),
            raised: t.raised.map(iso_date),
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
            budget: t.budget.map(|m| m.yuan()),
            funding: t.funding.clone(),
            supervision_reports: f.supervision_reports,
            last_supervised: f.last_supervised.map(iso_date),
            evaluations: {
                let mut ids: Vec<String> = Vec::new();
                for &(ei, _) in &f.ratings {
                    let id = &model.evaluations[ei].id;
                    if !ids.contains(id) {
                        ids.push(id.clone());
                    }
                }
                ids
            },
            satisfaction_rate: f.satisfaction_rate,
            evaluation_due: f.evaluation_due,
            grid: t.grid.clone(),
        })
        .collect()
}

/// data/meetings.json: each meeting with its attendance, timeliness and posting.
fn meeting_records(model: &Model, facts: &Facts) -> Vec<MeetingRecord> {
    let offset = model.site.timezone.to_string();
    model
        .meetings
        .iter()
        .zip(&facts.meetings)
        .map(|(m, f)| MeetingRecord {
            id: m.id.clone(),
            title: m.title.clone(),
            kind: m.kind.clone(),
            start: if m.unrecorded.time {
                iso_date(m.start.date())
            } else {
                format!("{}{offset}", m.start.format("%Y-%m-%dT%H:%M:%S"))
            },
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
            unrecorded: unrecorded_names(&m.unrecorded),
            advisory: crate::facts::meeting_advises(m, &model.site.rules),
            issued_by: m
                .issuers(&model.site)
                .into_iter()
                .map(String::from)
                .collect(),
        })
        .collect()
}

/// data/objections.json: each objection to a meeting's results (13.2).
fn objection_records(model: &Model, facts: &Facts) -> Vec<ObjectionRecord> {
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
    objections
}

/// data/reports.json: each report of a topic to the 街道 or the supervision committee (13.3).
fn report_records(model: &Model, facts: &Facts) -> Vec<ReportRecord> {
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
    reports
}

/// data/council.json: each council member with their attendance (13.8).
fn member_records(model: &Model, facts: &Facts) -> Vec<MemberRecord> {
    model
        .council
        .iter()
        .flatten()
        .zip(&facts.members)
        .enumerate()
        .map(|(i, (m, f))| MemberRecord {
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
            grids: m.grids.clone(),
            visits: facts.member_visits.get(i).copied().unwrap_or(0),
        })
        .collect()
}

/// data/resolutions.json: each counted resolution, by meeting then index.
fn resolution_records(model: &Model, facts: &Facts) -> Vec<ResolutionRecord> {
    let mut resolutions = Vec::new();
    for (mi, m) in model.meetings.iter().enumerate() {
        for (ri, r) in m.resolutions.iter().enumerate() {
            let Some(f) = facts.resolutions[mi][ri] else {
                continue;
            };
            resolutions.push(ResolutionRecord {
                meeting: m.id.clone(),
                index: ri + 1,
                topic: m.resolution_topic(ri).map(str::to_string),
                text: r.text.clone(),
                method: r.method.clone(),
                expected: m.expected,
                present: m.present,
                yes: r.tally.map(|t| t.yes),
                no: r.tally.map(|t| t.no),
                abstain: r.tally.map(|t| t.abstain),
                quorum_met: f.quorum_met,
                passed: f.passed,
                outcome: f.outcome.key(),
                advisory: f.advisory,
                revoked: r.revoked.as_ref().map(|v| iso_date(v.date)),
                revoked_by: r.revoked.as_ref().map(|v| v.by.clone()),
                revoked_reason: r.revoked.as_ref().map(|v| v.reason.clone()),
                reopened: f.reopened,
                declared: r.declared.map(|d| d.label()),
                unit: r.unit.label(),
                matter: r.owners.map(|o| o.matter.label()),
                owners: r.owners.map(|o| o.owners),
                area: r.owners.map(|o| o.area.square_metres()),
                owners_voting: r.owners.map(|o| o.owners_voting),
                area_voting: r.owners.map(|o| o.area_voting.square_metres()),
                owners_yes: r.owners.map(|o| o.owners_yes),
                area_yes: r.owners.map(|o| o.area_yes.square_metres()),
                participation_met: f.participation_met,
            });
        }
    }
    resolutions
}

/// data/actions.json: each action, by topic then id.
fn action_records(model: &Model, facts: &Facts) -> Vec<ActionRecord> {
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
    actions
}

/// data/years.json: the figures of each year.
fn year_records(facts: &Facts) -> Vec<YearRecord> {
    facts
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
            resolutions_deferred: y.resolutions_deferred,
            topic_budget_total: y.topic_budget_total.yuan(),
            supervision_reports: y.supervision_reports,
            supervision_missing: y.supervision_missing.clone(),
            visits: y.visits,
            grid_months_without_visit: y.grid_months_without_visit,
            project_evaluations: y.project_evaluations,
            third_party_evaluations: y.third_party_evaluations,
            topics_evaluation_due: y.topics_evaluation_due,
        })
        .collect()
}

/// data/site.json: the community, the day, the generator and how many of each record.
fn site_record(model: &Model, facts: &Facts, generator: &str, counts: [usize; 4]) -> SiteRecord {
    let [resolutions, actions, objections, reports] = counts;
    let (name, version) = generator.split_once(' ').unwrap_or((generator, ""));
    let counts = BTreeMap::from([
        ("topics", model.topics.len()),
        ("meetings", model.meetings.len()),
        ("resolutions", resolutions),
        ("actions", actions),
        ("evaluations", model.evaluations.len()),
        ("objections", objections),
        ("reports", reports),
        ("pages", model.pages.len()),
    ]);
    SiteRecord {
        title: model.site.title.clone(),
        community: model.site.community.clone(),
        today: iso_date(facts.today),
        generator: name.to_string(),
        version: version.to_string(),
        counts,
        supervision_missing: facts
            .supervision
            .missing
            .as_ref()
            .map(|m| m.iter().map(|p| p.label.clone()).collect()),
    }
}

/// A record of a data file that has a CSV twin: its columns, and its cells as text.
trait Row {
    /// The column names, the JSON keys in order.
    const HEADER: &'static [&'static str];
    /// The cells of this record, in the order of [`Row::HEADER`].
    fn cells(&self) -> Vec<String>;
}

impl Row for ObjectionRecord {
    const HEADER: &'static [&'static str] = &[
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
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.meeting.clone(),
            self.index.to_string(),
            self.received.clone(),
            opt_num(self.resolution),
            self.summary.clone(),
            opt(&self.replied),
            opt(&self.answer),
            self.outcome.unwrap_or("").to_string(),
            self.late.to_string(),
            self.reply_due.clone(),
            self.reply_overdue.to_string(),
            self.replied_late.to_string(),
        ]
    }
}

impl Row for ReportRecord {
    const HEADER: &'static [&'static str] = &[
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
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.topic.clone(),
            self.index.to_string(),
            self.kind.to_string(),
            self.to.clone(),
            self.sent.clone(),
            opt(&self.replied),
            opt(&self.answer),
            self.awaiting.to_string(),
            opt_num(self.days_waiting),
            self.reply_overdue.to_string(),
        ]
    }
}

impl Row for MemberRecord {
    const HEADER: &'static [&'static str] = &[
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
        "grids",
        "visits",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.role.clone(),
            opt_num(self.standing),
            opt(&self.affiliation),
            opt(&self.since),
            opt(&self.until),
            self.regular_meetings.to_string(),
            self.attended.to_string(),
            opt_num(self.attendance_rate),
            self.longest_absence_run.to_string(),
            self.current_absence_run.to_string(),
            self.flagged.to_string(),
            self.grids.join(";"),
            self.visits.to_string(),
        ]
    }
}

impl Row for TopicRecord {
    const HEADER: &'static [&'static str] = &[
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
        "budget",
        "funding",
        "supervision_reports",
        "last_supervised",
        "evaluations",
        "satisfaction_rate",
        "evaluation_due",
        "grid",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            self.category.clone(),
            opt(&self.raised),
            opt(&self.channel),
            self.status.into(),
            self.overdue.to_string(),
            self.progress.to_string(),
            self.meetings.join(";"),
            self.url.clone(),
            opt(&self.accepted),
            self.awaiting_reply.to_string(),
            self.unanswered.to_string(),
            opt_num(self.budget),
            opt(&self.funding),
            self.supervision_reports.to_string(),
            opt(&self.last_supervised),
            self.evaluations.join(";"),
            opt_num(self.satisfaction_rate),
            self.evaluation_due.to_string(),
            opt(&self.grid),
        ]
    }
}

impl Row for MeetingRecord {
    const HEADER: &'static [&'static str] = &[
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
        "unrecorded",
        "advisory",
        "issued_by",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            self.kind.clone(),
            self.start.clone(),
            opt(&self.place),
            opt_num(self.expected),
            opt_num(self.present),
            opt_num(self.attendance_rate),
            self.topics.join(";"),
            opt(&self.notified),
            opt(&self.published),
            opt_num(self.late),
            self.short_notice.to_string(),
            self.upcoming.to_string(),
            self.cancelled.to_string(),
            self.url.clone(),
            self.record_pending.to_string(),
            opt(&self.objection_deadline),
            self.posting.unwrap_or("").to_string(),
            self.objections.to_string(),
            self.objections_unanswered.to_string(),
            self.unrecorded.join(";"),
            self.advisory.to_string(),
            self.issued_by.join(";"),
        ]
    }
}

impl Row for ResolutionRecord {
    const HEADER: &'static [&'static str] = &[
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
        "declared",
        "unit",
        "matter",
        "owners",
        "area",
        "owners_voting",
        "area_voting",
        "owners_yes",
        "area_yes",
        "participation_met",
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.meeting.clone(),
            self.index.to_string(),
            opt(&self.topic),
            self.text.clone(),
            opt(&self.method),
            opt_num(self.expected),
            opt_num(self.present),
            opt_num(self.yes),
            opt_num(self.no),
            opt_num(self.abstain),
            opt_num(self.quorum_met),
            opt_num(self.passed),
            self.outcome.into(),
            self.advisory.to_string(),
            opt(&self.revoked),
            opt(&self.revoked_by),
            opt(&self.revoked_reason),
            self.reopened.to_string(),
            self.declared.unwrap_or("").to_string(),
            self.unit.to_string(),
            self.matter.unwrap_or("").to_string(),
            opt_num(self.owners),
            opt_num(self.area),
            opt_num(self.owners_voting),
            opt_num(self.area_voting),
            opt_num(self.owners_yes),
            opt_num(self.area_yes),
            opt_num(self.participation_met),
        ]
    }
}

impl Row for ActionRecord {
    const HEADER: &'static [&'static str] = &[
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
    ];
    fn cells(&self) -> Vec<String> {
        vec![
            self.topic.clone(),
            self.id.clone(),
            self.task.clone(),
            self.owner.clone(),
            opt(&self.supervisor),
            self.due.clone(),
            self.progress.to_string(),
            self.status.into(),
            self.stale.to_string(),
            opt(&self.completed),
            opt(&self.last_update),
            opt_num(self.budget),
            opt(&self.funding),
            opt_num(self.spent),
            opt_num(self.spent_rate),
            self.over_budget.to_string(),
        ]
    }
}

/// A record that shows an address of the community's site (`url`, and an attachment's
/// `thumbnail` and `used_by`), which a district moves under the community's folder.
trait Located {
    /// Prefixes every address the record shows with `folder/`.
    fn relocate(&mut self, _folder: &str) {}
}

impl Located for TopicRecord {
    fn relocate(&mut self, folder: &str) {
        self.url = format!("{folder}/{}", self.url);
    }
}
impl Located for MeetingRecord {
    fn relocate(&mut self, folder: &str) {
        self.url = format!("{folder}/{}", self.url);
    }
}
impl Located for AttachmentRecord<'_> {
    fn relocate(&mut self, folder: &str) {
        self.url = format!("{folder}/{}", self.url);
        if let Some(thumb) = &self.attachment.thumbnail {
            let thumb = format!("{folder}/{thumb}");
            self.attachment.to_mut().thumbnail = Some(thumb);
        }
        for page in &mut self.used_by {
            *page = format!("{folder}/{page}");
        }
    }
}
impl Located for ObjectionRecord {}
impl Located for ReportRecord {}
impl Located for MemberRecord {}
impl Located for ResolutionRecord {}
impl Located for ActionRecord {}
impl Located for YearRecord {}

/// The open data of one community (section 10): every record of every `data/` file.
pub struct OpenData<'a> {
    grids: Vec<GridRecord>,
    visits: Vec<VisitRecord>,
    staff: Vec<StaffRecord>,
    supervision: Vec<SupervisionRecord>,
    evaluations: Vec<EvaluationRecord>,
    topics: Vec<TopicRecord>,
    meetings: Vec<MeetingRecord>,
    resolutions: Vec<ResolutionRecord>,
    actions: Vec<ActionRecord>,
    years: Vec<YearRecord>,
    site: SiteRecord,
    objections: Vec<ObjectionRecord>,
    reports: Vec<ReportRecord>,
    council: Vec<MemberRecord>,
    /// None only for builds held in memory without files.
    attachments: Option<Vec<AttachmentRecord<'a>>>,
}

impl<'a> OpenData<'a> {
    /// The records of a community's model and facts (and its published attachments).
    pub fn of(
        model: &Model,
        facts: &Facts,
        attachments: Option<&'a Attachments>,
        generator: &str,
    ) -> OpenData<'a> {
        let resolutions = resolution_records(model, facts);
        let actions = action_records(model, facts);
        let objections = objection_records(model, facts);
        let reports = report_records(model, facts);
        let counts = [
            resolutions.len(),
            actions.len(),
            objections.len(),
            reports.len(),
        ];
        OpenData {
            grids: grid_records(model, facts),
            visits: visit_records(model),
            staff: staff_records(model, facts),
            supervision: supervision_records(model, facts),
            evaluations: evaluation_records(model),
            topics: topic_records(model, facts),
            meetings: meeting_records(model, facts),
            years: year_records(facts),
            site: site_record(model, facts, generator, counts),
            council: member_records(model, facts),
            attachments: attachments.map(|a| attachment_records(model, a)),
            resolutions,
            actions,
            objections,
            reports,
        }
    }

    /// Every `data/` file: each JSON file, and the CSV twin of each that has one.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut out = vec![
            json_file("data/topics.json", &self.topics),
            json_file("data/meetings.json", &self.meetings),
            json_file("data/resolutions.json", &self.resolutions),
            json_file("data/actions.json", &self.actions),
            json_file("data/years.json", &self.years),
            json_file("data/site.json", &self.site),
            json_file("data/objections.json", &self.objections),
            json_file("data/reports.json", &self.reports),
            json_file("data/council.json", &self.council),
            csv_file("data/objections.csv", &self.objections),
            csv_file("data/reports.csv", &self.reports),
            csv_file("data/council.csv", &self.council),
            csv_file("data/topics.csv", &self.topics),
            csv_file("data/meetings.csv", &self.meetings),
            csv_file("data/resolutions.csv", &self.resolutions),
            csv_file("data/actions.csv", &self.actions),
            json_file("data/supervision.json", &self.supervision),
            csv_file("data/supervision.csv", &self.supervision),
            json_file("data/evaluations.json", &self.evaluations),
            csv_file("data/evaluations.csv", &self.evaluations),
            json_file("data/grids.json", &self.grids),
            json_file("data/visits.json", &self.visits),
            csv_file("data/visits.csv", &self.visits),
            json_file("data/staff.json", &self.staff),
            csv_file("data/staff.csv", &self.staff),
        ];
        if let Some(attachments) = &self.attachments {
            out.push(json_file("data/attachments.json", attachments));
        }
        out
    }
}

/// Every `data/` file of a community's site. `attachments` is None only for builds held in
/// memory without files.
pub fn files(
    model: &Model,
    facts: &Facts,
    attachments: Option<&Attachments>,
    generator: &str,
) -> Vec<OutputFile> {
    OpenData::of(model, facts, attachments, generator).files()
}

/// A record of a district's data file: the community's folder first, then the record.
#[derive(Serialize)]
struct InCommunity<'r, R> {
    community: &'r str,
    #[serde(flatten)]
    record: &'r R,
}

/// The district's `data/` files (section 11): each community's records in community order,
/// with a leading `community` key (JSON) or column (CSV), and the addresses they show moved
/// under the community's folder. `communities` is (folder, open data), in order.
pub fn district_files(communities: Vec<(String, OpenData)>) -> Vec<OutputFile> {
    let mut communities = communities;
    for (folder, data) in &mut communities {
        relocate_all(&mut data.topics, folder);
        relocate_all(&mut data.meetings, folder);
        if let Some(attachments) = &mut data.attachments {
            relocate_all(attachments, folder);
        }
    }
    let all = &communities;
    let mut out = vec![
        district_json("data/topics.json", all, |d| &d.topics),
        district_json("data/meetings.json", all, |d| &d.meetings),
        district_json("data/resolutions.json", all, |d| &d.resolutions),
        district_json("data/actions.json", all, |d| &d.actions),
        district_json("data/years.json", all, |d| &d.years),
        district_site(all),
        district_json("data/objections.json", all, |d| &d.objections),
        district_json("data/reports.json", all, |d| &d.reports),
        district_json("data/council.json", all, |d| &d.council),
        district_csv("data/objections.csv", all, |d| &d.objections),
        district_csv("data/reports.csv", all, |d| &d.reports),
        district_csv("data/council.csv", all, |d| &d.council),
        district_csv("data/topics.csv", all, |d| &d.topics),
        district_csv("data/meetings.csv", all, |d| &d.meetings),
        district_csv("data/resolutions.csv", all, |d| &d.resolutions),
        district_csv("data/actions.csv", all, |d| &d.actions),
        district_json("data/supervision.json", all, |d| &d.supervision),
        district_csv("data/supervision.csv", all, |d| &d.supervision),
        district_json("data/evaluations.json", all, |d| &d.evaluations),
        district_csv("data/evaluations.csv", all, |d| &d.evaluations),
        district_json("data/grids.json", all, |d| &d.grids),
        district_json("data/visits.json", all, |d| &d.visits),
        district_csv("data/visits.csv", all, |d| &d.visits),
        district_json("data/staff.json", all, |d| &d.staff),
        district_csv("data/staff.csv", all, |d| &d.staff),
    ];
    if all.iter().any(|(_, d)| d.attachments.is_some()) {
        out.push(district_json("data/attachments.json", all, |d| {
            d.attachments.as_deref().unwrap_or_default()
        }));
    }
    out
}

/// A community's line of the district's data/site.json. The leading `community` is the
/// community's folder, as in every district file; its name, which a community's own
/// site.json calls `community`, is `community_name` here.
#[derive(Serialize)]
struct DistrictSiteRecord<'r> {
    community: &'r str,
    title: &'r str,
    community_name: &'r str,
    today: &'r str,
    generator: &'r str,
    version: &'r str,
    counts: &'r BTreeMap<&'static str, usize>,
}

/// The district's data/site.json.
fn district_site(communities: &[(String, OpenData)]) -> OutputFile {
    let records: Vec<DistrictSiteRecord> = communities
        .iter()
        .map(|(folder, data)| DistrictSiteRecord {
            community: folder,
            title: &data.site.title,
            community_name: &data.site.community,
            today: &data.site.today,
            generator: &data.site.generator,
            version: &data.site.version,
            counts: &data.site.counts,
        })
        .collect();
    json_file("data/site.json", &records)
}

fn relocate_all<R: Located>(records: &mut [R], folder: &str) {
    records.iter_mut().for_each(|r| r.relocate(folder));
}

/// One district JSON file: the records `table` picks of each community.
fn district_json<'d, R: Serialize + 'd>(
    path: &str,
    communities: &'d [(String, OpenData)],
    table: impl Fn(&'d OpenData) -> &'d [R],
) -> OutputFile {
    let records: Vec<InCommunity<R>> = communities
        .iter()
        .flat_map(|(folder, data)| {
            table(data).iter().map(move |record| InCommunity {
                community: folder,
                record,
            })
        })
        .collect();
    json_file(path, &records)
}

/// One district CSV file: a `community` column, then the records' columns.
fn district_csv<'d, R: Row + 'd>(
    path: &str,
    communities: &'d [(String, OpenData)],
    table: impl Fn(&'d OpenData) -> &'d [R],
) -> OutputFile {
    let header: Vec<&str> = std::iter::once("community")
        .chain(R::HEADER.iter().copied())
        .collect();
    let rows = communities.iter().flat_map(|(folder, data)| {
        table(data).iter().map(move |record| {
            let mut cells = vec![folder.clone()];
            cells.extend(record.cells());
            cells
        })
    });
    write_csv(path, &header, rows)
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn opt_num<T: ToString>(v: Option<T>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// A data file's CSV twin.
fn csv_file<R: Row>(path: &str, records: &[R]) -> OutputFile {
    write_csv(path, R::HEADER, records.iter().map(Row::cells))
}

/// A CSV file with a UTF-8 byte-order mark (so Excel in zh-CN does not read it as GBK),
/// CRLF line ends and every cell made safe to open ([`csv_cell`]).
fn write_csv(path: &str, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> OutputFile {
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

/// The attachments a record's Markdown links or shows (`@/attachments/…`), found as the pages
/// link them (a name may hold `#` or spaces): attachments.json's `used_by`, the archive's 件数.
pub(crate) fn linked_attachments(model: &Model, body: &str) -> Vec<String> {
    let exists = |p: &str| {
        model
            .attachments
            .binary_search_by(|a| a.as_str().cmp(p))
            .is_ok()
    };
    crate::markdown::internal_links(body)
        .into_iter()
        .filter_map(|l| linked_attachment(&l.target, exists).map(str::to_string))
        .collect()
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
        let f = write_csv("x.csv", &["a"], vec![vec!["=1+1".to_string()]].into_iter());
        assert!(String::from_utf8(f.bytes).unwrap().ends_with("'=1+1\r\n"));
    }

    #[test]
    fn csv_has_bom_and_quotes() {
        let f = write_csv(
            "x.csv",
            &["a", "b"],
            vec![vec!["1".to_string(), "含,逗号".to_string()]].into_iter(),
        );
        let text = String::from_utf8(f.bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("1,\"含,逗号\"\r\n"));
    }
}
