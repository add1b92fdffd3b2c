//! Meeting pages and the meeting lists.

use chrono::Datelike;

use crate::model::Meeting;
use crate::plumbing::output::OutputFile;
use crate::site::context::*;
use crate::site::pager::*;
use crate::site::urls::*;
use crate::site::views::*;

impl Context<'_> {
    /// Every page of the meeting list, or only the page at `only`.
    pub(crate) fn meetings_index(&self, only: Option<&str>) -> Result<Vec<OutputFile>, String> {
        let mut order: Vec<usize> = (0..self.model.meetings.len()).collect();
        let meetings = &self.model.meetings;
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
        let title = self.words.label("meetings");
        let mut out = Vec::new();
        for (path, slice, pager) in paginate("meetings/", &order) {
            if only.is_some_and(|o| o != path) {
                continue;
            }
            let root = root_of(&path);
            let mut years: Vec<serde_json::Value> = Vec::new();
            let mut current: Option<(i32, Vec<MeetingRow>)> = None;
            for &mi in &slice {
                let y = meetings[mi].start.year();
                if current.as_ref().is_some_and(|c| c.0 != y)
                    && let Some((year, rows)) = current.take()
                {
                    years.push(serde_json::json!({ "year": year, "meetings": rows }));
                }
                current
                    .get_or_insert_with(|| (y, Vec::new()))
                    .1
                    .push(self.meeting_row(mi, &root));
            }
            if let Some((year, rows)) = current {
                years.push(serde_json::json!({ "year": year, "meetings": rows }));
            }
            let chips: Vec<serde_json::Value> = year_starts
                .iter()
                .map(|&(year, first, count)| {
                    let page = first / PER_PAGE + 1;
                    serde_json::json!({ "year": year, "count": count, "href": format!("{root}{}#y{year}", list_page_path("meetings/", page)) })
                })
                .collect();
            out.push(self.page(
                "meetings.html",
                &path,
                &title,
                "meetings",
                &serde_json::json!({ "title": title, "years": years, "chips": chips, "pager": pager }),
            )?);
        }
        Ok(out)
    }

    pub(crate) fn meeting_page(&self, mi: usize) -> Result<OutputFile, String> {
        let m: &Meeting = &self.model.meetings[mi];
        let meeting_facts = &self.facts.meetings[mi];
        let path = meeting_url(&m.id);
        let root = root_of(&path);
        let topics: Vec<serde_json::Value> = m
            .topics
            .iter()
            .filter_map(|id| self.model.topic(id))
            .map(|t| serde_json::json!({ "title": t.title, "href": format!("{root}{}", topic_url(&t.id)) }))
            .collect();
        let resolutions: Vec<ResolutionView> = (0..m.resolutions.len())
            .filter_map(|ri| self.resolution_view(mi, ri, &root))
            .collect();
        let evaluation = self
            .model
            .evaluations
            .iter()
            .find(|e| e.meeting.as_deref() == Some(m.id.as_str()))
            .map(|e| serde_json::json!({ "title": format!("{} {}", e.year, self.words.label("evaluation")), "href": format!("{root}{}", year_url(e.year)) }));
        let view = serde_json::json!({
            "meeting": self.meeting_row(mi, &root),
            "host": m.host,
            "recorder": m.recorder,
            "expected": m.expected.map(|n| self.words.people(n)),
            "present": m.present.map(|n| self.words.people(n)),
            "attendance_rate": meeting_facts.attendance_rate.map(|r| self.words.percent(Some(r))),
            "absent": m.absent.join(&self.words.label("list_sep")),
            "attendees": m.attendees.join(&self.words.label("list_sep")),
            "organiser": m.parties.organiser.join(&self.words.label("list_sep")),
            "stakeholders": m.parties.stakeholders.join(&self.words.label("list_sep")),
            "third": m.parties.third.join(&self.words.label("list_sep")),
            "notified": m.notified.map(|d| self.words.date(d)),
            "published": m.published.map(|d| self.words.date(d)),
            "deadline": meeting_facts.publish_deadline.map(|d| self.words.date(d)),
            // Pending from its own day (spec 13.1), but not yet "took place" that morning.
            "held_today": m.start.date() == self.facts.today,
            "sign_in": m.sign_in.as_ref().map(|s| self.attachment_view(s, &root, format!("{}{}", m.title, self.words.label("sign_in_alt")))),
            "cancelled": m.cancelled,
            "topics": topics,
            "resolutions": resolutions,
            "body": self.body(&m.body, &path),
            "evaluation": evaluation,
        });
        let layout = self.with_record(self.layout(&path, &m.title, "meetings"), &m.path, false);
        self.page_with_layout("meeting.html", &path, layout, &view)
    }
}
