//! Meeting pages and the meeting lists.

use chrono::Datelike;
use serde::Serialize;

use crate::model::Meeting;
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::pager::{PER_PAGE, Pager, list_page_path, paginate};
use crate::site::urls::{meeting_url, root_of};
use crate::site::views::{AttachmentView, Link, MeetingRow, ResolutionView};

/// `meetings.html`: one page of the meeting list, grouped by year.
#[derive(Serialize)]
pub(crate) struct MeetingsView {
    /// The page's title.
    pub(crate) title: String,
    /// The meetings of this page, by year (newest first).
    pub(crate) years: Vec<MeetingYear>,
    /// Every year with meetings, each linking to the list page where it begins.
    pub(crate) chips: Vec<YearChip>,
    /// Links to the other pages of the list.
    pub(crate) pager: Pager,
}

/// The meetings of one year on a list page.
#[derive(Serialize)]
pub(crate) struct MeetingYear {
    /// The year.
    pub(crate) year: i32,
    /// Its meetings on this page, newest first.
    pub(crate) meetings: Vec<MeetingRow>,
}

/// A year above the meeting list: how many meetings it had and where they begin.
#[derive(Serialize)]
pub(crate) struct YearChip {
    /// The year.
    pub(crate) year: i32,
    /// Its meetings in all.
    pub(crate) count: usize,
    /// The list page (and anchor) where its meetings begin.
    pub(crate) href: String,
}

/// `meeting.html`: a meeting's record in the official sheet's order.
#[derive(Serialize)]
pub(crate) struct MeetingView {
    /// The meeting's row: title, kind, time, place, state, attendance.
    pub(crate) meeting: MeetingRow,
    /// 主持人.
    pub(crate) host: Option<String>,
    /// 记录人.
    pub(crate) recorder: Option<String>,
    /// 应到 ("35 人").
    pub(crate) expected: Option<String>,
    /// 实到.
    pub(crate) present: Option<String>,
    /// The bodies that issue its postings (15.5).
    pub(crate) issued_by: String,
    /// The source does not say whether results were posted or objected to (15.2).
    pub(crate) posting_unrecorded: bool,
    /// 出席率 ("85.7%").
    pub(crate) attendance_rate: Option<String>,
    /// 缺席, joined by the list separator.
    pub(crate) absent: String,
    /// 参会人员.
    pub(crate) attendees: String,
    /// 组织方.
    pub(crate) organiser: String,
    /// 利益相关方.
    pub(crate) stakeholders: String,
    /// 第三方.
    pub(crate) third: String,
    /// 通知日期.
    pub(crate) notified: Option<String>,
    /// 公示日期.
    pub(crate) published: Option<String>,
    /// The day the record is due (publish_within_days after the meeting).
    pub(crate) deadline: Option<String>,
    /// The meeting is today: its record is pending but it has not "taken place" yet.
    pub(crate) held_today: bool,
    /// The sign-in sheet, when attached.
    pub(crate) sign_in: Option<AttachmentView>,
    /// 已取消: why the meeting was cancelled.
    pub(crate) cancelled: Option<String>,
    /// The topics discussed.
    pub(crate) topics: Vec<Link>,
    /// Each resolution with its tally, quorum and outcome.
    pub(crate) resolutions: Vec<ResolutionView>,
    /// The record's body (HTML).
    pub(crate) body: String,
    /// The year's evaluation held at this meeting.
    pub(crate) evaluation: Option<Link>,
    /// The posting (公示) and until when residents may object.
    pub(crate) posting: Option<PostingView>,
    /// Objections to the posted results and their answers.
    pub(crate) objections: Vec<ObjectionView>,
}

/// Where a meeting's posted results stand.
#[derive(Serialize)]
pub(crate) struct PostingView {
    /// `open`, `closed_clear` or `closed_with_objections`.
    pub(crate) state: &'static str,
    /// In words: "公示期至 2025年9月29日，如有异议请在此前反映", "公示期满无异议".
    pub(crate) label: String,
}

/// An objection and its answer (解释说明).
#[derive(Serialize)]
pub(crate) struct ObjectionView {
    /// When it was received, written out.
    pub(crate) received: String,
    /// What was objected to.
    pub(crate) summary: String,
    /// The resolution it concerns (1-based).
    pub(crate) resolution: Option<usize>,
    /// When it was answered.
    pub(crate) replied: Option<String>,
    /// The answer.
    pub(crate) answer: Option<String>,
    /// What it came to (维持, 修改, 再协商).
    pub(crate) outcome: Option<&'static str>,
    /// Received after the objection deadline.
    pub(crate) late: bool,
    /// When the answer is due, written out.
    pub(crate) reply_due: String,
    /// Not answered and past its reply date.
    pub(crate) reply_overdue: bool,
}

/// Every page of the meeting list, or only the page at `only`.
pub(crate) fn meetings_index(cx: &Context, only: Option<&str>) -> Result<Vec<OutputFile>, String> {
    let mut order: Vec<usize> = (0..cx.model.meetings.len()).collect();
    let meetings = &cx.model.meetings;
    order.sort_by(|&a, &b| meetings[b].start.cmp(&meetings[a].start).then(a.cmp(&b)));
    // Years for the chips: where each year's meetings begin.
    let mut year_starts: Vec<(i32, usize, usize)> = Vec::new(); // (year, first index, count)
    for (i, &mi) in order.iter().enumerate() {
        let y = meetings[mi].start.year();
        match year_starts.last_mut() {
            Some(last) if last.0 == y => last.2 += 1,
            _ => year_starts.push((y, i, 1)),
        }
    }
    let title = cx.words.label("meetings");
    let mut out = Vec::new();
    for (path, slice, pager) in paginate("meetings/", &order) {
        if only.is_some_and(|o| o != path) {
            continue;
        }
        let root = root_of(&path);
        let mut years: Vec<MeetingYear> = Vec::new();
        let mut current: Option<(i32, Vec<MeetingRow>)> = None;
        for &mi in &slice {
            let y = meetings[mi].start.year();
            if current.as_ref().is_some_and(|c| c.0 != y)
                && let Some((year, rows)) = current.take()
            {
                years.push(MeetingYear {
                    year,
                    meetings: rows,
                });
            }
            current
                .get_or_insert_with(|| (y, Vec::new()))
                .1
                .push(cx.meeting_row(mi, &root));
        }
        if let Some((year, rows)) = current {
            years.push(MeetingYear {
                year,
                meetings: rows,
            });
        }
        let chips: Vec<YearChip> = year_starts
            .iter()
            .map(|&(year, first, count)| {
                let page = first / PER_PAGE + 1;
                YearChip {
                    year,
                    count,
                    href: format!("{root}{}#y{year}", list_page_path("meetings/", page)),
                }
            })
            .collect();
        out.push(cx.page(
            "meetings.html",
            &path,
            &title,
            "meetings",
            &MeetingsView {
                title: title.clone(),
                years,
                chips,
                pager,
            },
        )?);
    }
    Ok(out)
}

pub(crate) fn meeting_page(cx: &Context, mi: usize) -> Result<OutputFile, String> {
    let m: &Meeting = &cx.model.meetings[mi];
    let meeting_facts = &cx.facts.meetings[mi];
    let path = meeting_url(&m.id);
    let root = root_of(&path);
    let topics: Vec<Link> = cx.topic_links(&m.topics, &root);
    let resolutions: Vec<ResolutionView> = (0..m.resolutions.len())
        .filter_map(|ri| cx.resolution_view(mi, ri, &root))
        .collect();
    let evaluation = cx
        .model
        .evaluations
        .iter()
        .find(|e| e.meeting.as_deref() == Some(m.id.as_str()))
        .map(|e| Link {
            title: cx.evaluation_name(e),
            href: format!("{root}{}", crate::site::urls::evaluation_url(e)),
        });
    let sep = cx.words.label("list_sep");
    // A count as the record gives it: in 人 or 户, or 原记录未载明 (15.2, 15.4).
    let counted = |n: Option<u64>, unrecorded: bool| match n {
        Some(n) if m.unit == crate::model::Unit::Household => {
            Some(format!("{n} {}", cx.words.unit_word(m.unit)))
        }
        Some(n) => Some(cx.words.people(n)),
        None if unrecorded => Some(cx.words.label("unrecorded")),
        None => None,
    };
    let view = MeetingView {
        meeting: cx.meeting_row(mi, &root),
        host: m.host.clone(),
        recorder: m.recorder.clone(),
        expected: counted(m.expected, m.unrecorded.expected),
        present: counted(m.present, m.unrecorded.present),
        issued_by: m.issuers(&cx.model.site).join(&sep),
        posting_unrecorded: meeting_facts.state == crate::facts::MeetingState::Held
            && (m.unrecorded.published || m.unrecorded.objections),
        attendance_rate: meeting_facts
            .attendance_rate
            .map(|r| cx.words.percent(Some(r))),
        absent: m.absent.join(&sep),
        attendees: m.attendees.join(&sep),
        organiser: m.parties.organiser.join(&sep),
        stakeholders: m.parties.stakeholders.join(&sep),
        third: m.parties.third.join(&sep),
        notified: m.notified.map(|d| cx.words.date(d)),
        published: if m.unrecorded.published {
            Some(cx.words.label("unrecorded"))
        } else {
            m.published.map(|d| cx.words.date(d))
        },
        deadline: meeting_facts.publish_deadline.map(|d| cx.words.date(d)),
        // Pending from its own day (spec 13.1), but not yet "took place" that morning.
        held_today: m.start.date() == cx.facts.today,
        sign_in: m.sign_in.as_ref().map(|s| {
            let alt = format!("{}{}", m.title, cx.words.label("sign_in_alt"));
            cx.attachment_view(s, &root, alt)
        }),
        cancelled: m.cancelled.clone(),
        topics,
        resolutions,
        body: cx.body(&m.body, &path),
        evaluation,
        posting: meeting_facts.posting.map(|p| {
            let deadline = meeting_facts
                .objection_deadline
                .map(|d| cx.words.date(d))
                .unwrap_or_default();
            let label = cx
                .words
                .label(&format!("posting_{}", p.key()))
                .replace("{deadline}", &deadline)
                .replace("{count}", &m.objections.len().to_string());
            PostingView {
                state: p.key(),
                label,
            }
        }),
        objections: m
            .objections
            .iter()
            .zip(&cx.facts.objections[mi])
            .map(|(o, of)| ObjectionView {
                received: cx.words.date(o.received),
                summary: o.summary.clone(),
                resolution: o.resolution.map(|r| r + 1),
                replied: o.replied.map(|d| cx.words.date(d)),
                answer: o.answer.clone(),
                outcome: o.outcome.map(|x| x.label()),
                late: of.late,
                reply_due: cx.words.date(of.reply_due),
                reply_overdue: of.reply_overdue,
            })
            .collect(),
    };
    let layout = cx.with_record(cx.layout(&path, &m.title, "meetings"), &m.path, false);
    cx.page_with_layout("meeting.html", &path, layout, &view)
}
