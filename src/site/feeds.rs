//! Feeds residents can follow without an account: the site's Atom feed of notices
//! (`feed.xml`), one Atom feed per topic (`topics/<id>/feed.xml`) so a resident can follow
//! just the matter that concerns them, and the meeting calendar (`meetings.ics`, RFC 5545)
//! that phones' calendar apps subscribe to.
//!
//! Atom needs absolute IRIs, so the Atom feeds need `base_url`; the calendar does not (its
//! UIDs are built from the community's id and the meeting's), and carries page links only
//! when `base_url` is known. Every timestamp comes from the records or from "today", so the
//! same content and today give the same bytes.

use chrono::{NaiveDate, NaiveDateTime};

use crate::facts::{Facts, MeetingState};
use crate::input::provenance::Provenance;
use crate::model::Model;
use crate::plumbing::escape::xml_escape;
use crate::plumbing::output::OutputFile;
use crate::site::theme::Strings;
use crate::site::urls::{meeting_url, topic_url};

/// One notice.
struct FeedEntry {
    date: NaiveDate,
    title: String,
    path: String,
    id: String,
    summary: String,
}

/// The notices about the whole site (`topic` None) or about one topic: results posted,
/// meeting notices, progress reports and, for a topic, when it was raised.
fn entries(
    model: &Model,
    facts: &Facts,
    base: &str,
    strings: &Strings,
    topic: Option<usize>,
) -> Vec<FeedEntry> {
    let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());
    let colon = s("colon");
    let mut entries: Vec<FeedEntry> = Vec::new();
    let meetings: Vec<usize> = match topic {
        Some(ti) => facts.topics[ti].meetings.clone(),
        None => (0..model.meetings.len()).collect(),
    };
    for mi in meetings {
        let m = &model.meetings[mi];
        match facts.meetings[mi].state {
            MeetingState::Held => {
                let Some(p) = m.published else { continue };
                let on_topic = |ri: &usize| match topic {
                    Some(ti) => facts.topics[ti].resolutions.contains(&(mi, *ri)),
                    None => true,
                };
                let results: Vec<bool> = facts.resolutions[mi]
                    .iter()
                    .enumerate()
                    .filter(|(ri, _)| on_topic(ri))
                    // Advice is counted as advice, never as passed (15.3).
                    .map(|(_, r)| r.is_some_and(|r| r.outcome == crate::facts::Outcome::Passed))
                    .collect();
                if topic.is_some() && results.is_empty() {
                    continue;
                }
                let passed = results.iter().filter(|&&p| p).count();
                entries.push(FeedEntry {
                    date: p,
                    title: format!("{}{colon}{}", s("resolutions"), m.title),
                    path: meeting_url(&m.id),
                    id: format!("{base}{}#results", meeting_url(&m.id)),
                    summary: format!(
                        "{} {} · {} · {} {}/{}",
                        m.kind,
                        m.start.format("%Y-%m-%d"),
                        m.place.as_deref().unwrap_or(&s("unrecorded")),
                        s("resolutions_passed"),
                        passed,
                        results.len()
                    ),
                });
            }
            MeetingState::Upcoming => entries.push(FeedEntry {
                date: crate::facts::posting::notice_window(m.notified, m.start.date(), facts.today)
                    .from,
                title: format!("{}{colon}{}", s("upcoming"), m.title),
                path: meeting_url(&m.id),
                id: format!("{base}{}#notice", meeting_url(&m.id)),
                summary: format!(
                    "{} {} · {}",
                    m.kind,
                    if m.unrecorded.time {
                        m.start.format("%Y-%m-%d").to_string()
                    } else {
                        m.start.format("%Y-%m-%d %H:%M").to_string()
                    },
                    m.place.as_deref().unwrap_or(&s("unrecorded"))
                ),
            }),
            MeetingState::Cancelled => {}
        }
    }
    let topics: Vec<usize> = match topic {
        Some(ti) => vec![ti],
        None => (0..model.topics.len()).collect(),
    };
    for ti in topics {
        let t = &model.topics[ti];
        // A topic whose source gives no raised date has no "raised" event to announce.
        if topic.is_some()
            && let Some(raised) = t.raised
        {
            entries.push(FeedEntry {
                date: raised,
                title: format!("{}{colon}{}", s("raised_event"), t.title),
                path: topic_url(&t.id),
                id: format!("{base}{}#raised", topic_url(&t.id)),
                summary: t.summary.clone().unwrap_or_default(),
            });
        }
        for a in &t.actions {
            // An entry's id is what the report says (its date and progress), not its place
            // in the list, so a report written in later before others keeps every id; the
            // rare same day and same figure are told apart by their order among themselves.
            let mut seen: std::collections::HashMap<(NaiveDate, u8), usize> =
                std::collections::HashMap::new();
            for u in &a.updates {
                let n = seen.entry((u.date, u.progress)).or_insert(0);
                *n += 1;
                let again = if *n > 1 {
                    format!("-{n}")
                } else {
                    String::new()
                };
                entries.push(FeedEntry {
                    date: u.date,
                    title: format!("{}{colon}{}", s("update_event"), a.task),
                    path: topic_url(&t.id),
                    id: format!(
                        "{base}{}#{}-{}-{}{again}",
                        topic_url(&t.id),
                        a.id,
                        u.date.format("%Y%m%d"),
                        u.progress
                    ),
                    summary: format!(
                        "{} {}% {}",
                        t.title,
                        u.progress,
                        u.note.clone().unwrap_or_default()
                    ),
                });
            }
        }
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    entries
}

/// Writes an Atom document.
fn atom(
    model: &Model,
    facts: &Facts,
    strings: &Strings,
    base: &str,
    (path, title, alternate): (&str, &str, &str),
    entries: &[FeedEntry],
) -> OutputFile {
    let lang = strings.get("lang").map_or("zh-CN", String::as_str);
    let offset = model.site.timezone.to_string();
    let stamp = |d: NaiveDate| format!("{}T00:00:00{offset}", d.format("%Y-%m-%d"));
    let updated = entries.first().map_or(facts.today, |e| e.date);
    let mut xml = String::new();
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    xml.push_str(&format!(" xml:lang=\"{}\">\n", xml_escape(lang)));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(title)));
    xml.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        xml_escape(&model.site.community)
    ));
    xml.push_str(&format!(
        "  <link href=\"{}{}\"/>\n",
        xml_escape(base),
        xml_escape(alternate)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}{}\"/>\n",
        xml_escape(base),
        xml_escape(path)
    ));
    // The site feed's id is the site's address (as before topic feeds existed), so
    // readers that already follow it do not see a new feed.
    let id = if path == "feed.xml" {
        String::new()
    } else {
        path.to_string()
    };
    xml.push_str(&format!(
        "  <id>{}{}</id>\n",
        xml_escape(base),
        xml_escape(&id)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", stamp(updated)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&model.site.community)
    ));
    xml.push_str("  <generator>yishi</generator>\n");
    for e in entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&e.title)));
        xml.push_str(&format!(
            "    <link href=\"{}{}\"/>\n",
            xml_escape(base),
            xml_escape(&e.path)
        ));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&e.id)));
        xml.push_str(&format!("    <updated>{}</updated>\n", stamp(e.date)));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(e.summary.trim())
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: path.to_string(),
        bytes: xml.into_bytes(),
    }
}

/// `feed.xml`: the latest 50 notices of the whole site.
pub fn site_feed(model: &Model, facts: &Facts, base: &str, strings: &Strings) -> OutputFile {
    let mut list = entries(model, facts, base, strings, None);
    list.truncate(50);
    atom(
        model,
        facts,
        strings,
        base,
        ("feed.xml", &model.site.title, ""),
        &list,
    )
}

/// Where a topic's feed is written.
pub fn topic_feed_path(id: &str) -> String {
    format!("topics/{id}/feed.xml")
}

/// `topics/<id>/feed.xml`: everything that happened to one topic.
pub fn topic_feed(
    model: &Model,
    facts: &Facts,
    ti: usize,
    base: &str,
    strings: &Strings,
) -> OutputFile {
    let t = &model.topics[ti];
    let list = entries(model, facts, base, strings, Some(ti));
    let title = format!("{} · {}", t.title, model.site.community);
    atom(
        model,
        facts,
        strings,
        base,
        (&topic_feed_path(&t.id), &title, &topic_url(&t.id)),
        &list,
    )
}

// ------------------------------------------------------------------ iCalendar

/// Escapes a TEXT value (RFC 5545 3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if !crate::plumbing::escape::is_text_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1),
/// and ends it with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The first line holds 75 octets; continuation lines 74 after their leading space.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A local time in the site's zone, as UTC (`20250418T010000Z`).
fn ics_utc(local: NaiveDateTime, offset: chrono::FixedOffset) -> String {
    let utc = local - chrono::Duration::seconds(i64::from(offset.local_minus_utc()));
    utc.format("%Y%m%dT%H%M%SZ").to_string()
}

/// How long a meeting is shown in residents' calendars: a record has no end time, and an event
/// with a start alone shows as a zero-length line or a whole day in most calendar apps, so the
/// calendar gives every meeting two hours (`DURATION:PT2H`), the length of a typical
/// deliberation meeting. *Decision* (docs/content.md): a duration rather than a DTEND, which
/// would read as a recorded end time.
pub const MEETING_DURATION: &str = "PT2H";

/// `meetings.ics`: every meeting (upcoming ones are what subscribers need; held ones stay
/// so a calendar keeps its history; cancelled ones are marked CANCELLED so calendars that
/// already have them drop them). Times are UTC (`…Z`), the standard way to need no
/// VTIMEZONE; each event's SEQUENCE counts the later changes of its record and LAST-MODIFIED
/// is the day of the latest, from the repository's history, so calendars update changed
/// meetings.
pub fn calendar(
    model: &Model,
    facts: &Facts,
    base: Option<&str>,
    strings: &Strings,
    generator: &str,
    provenance: Option<&Provenance>,
) -> OutputFile {
    let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());
    let offset = model.site.timezone;
    let domain = base
        .and_then(|b| b.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .filter(|h| !h.is_empty())
        .unwrap_or("yishi.invalid");
    let community_key: String = base
        .and_then(|b| b.split("://").nth(1))
        .map(|rest| rest.trim_end_matches('/').replace('/', "-"))
        .unwrap_or_else(|| {
            crate::plumbing::hash::sha256_hex(model.site.community.as_bytes())[..12].to_string()
        });
    let mut text = String::new();
    let mut line = |l: String| fold(&l, &mut text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//yishi//{generator}//{}",
        s("lang").to_uppercase()
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!(
        "X-WR-CALNAME:{}",
        ics_text(&format!("{} · {}", model.site.community, s("meetings")))
    ));
    let stamp = format!("{}T000000Z", facts.today.format("%Y%m%d"));
    for (mi, m) in model.meetings.iter().enumerate() {
        let state = facts.meetings[mi].state;
        let topics: Vec<&str> = m
            .topics
            .iter()
            .filter_map(|id| model.topic(id).map(|t| t.title.as_str()))
            .collect();
        let mut description = format!("{}{}{}", s("kind"), s("colon"), m.kind);
        if !topics.is_empty() {
            description.push_str(&format!(
                "\n{}{}{}",
                s("topics_discussed"),
                s("colon"),
                topics.join(&s("list_sep"))
            ));
        }
        if let Some(host) = &m.host {
            description.push_str(&format!("\n{}{}{}", s("host"), s("colon"), host));
        }
        if let Some(reason) = &m.cancelled {
            description.push_str(&format!(
                "\n{}{}{}",
                s("cancelled_reason"),
                s("colon"),
                reason
            ));
        }
        if let Some(b) = base {
            description.push_str(&format!("\n{b}{}", meeting_url(&m.id)));
        }
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}-{}@{}", community_key, m.id, domain));
        line(format!("DTSTAMP:{stamp}"));
        if m.unrecorded.time {
            // The source gives the day alone: an all-day event (15.2).
            let day = m.start.date();
            let next = crate::facts::add_days(day, 1);
            line(format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")));
            line(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        } else {
            line(format!("DTSTART:{}", ics_utc(m.start, offset)));
            line(format!("DURATION:{MEETING_DURATION}"));
        }
        let history: Vec<_> = provenance
            .map(|p| p.history(&m.path).collect())
            .unwrap_or_default();
        line(format!("SEQUENCE:{}", history.len().saturating_sub(1)));
        if let Some(last) = history.first() {
            let midnight = last.date.and_hms_opt(0, 0, 0).unwrap_or_default();
            line(format!("LAST-MODIFIED:{}", ics_utc(midnight, offset)));
        }
        line(format!("SUMMARY:{}", ics_text(&m.title)));
        if let Some(place) = &m.place {
            line(format!("LOCATION:{}", ics_text(place)));
        }
        line(format!("DESCRIPTION:{}", ics_text(&description)));
        line(format!("CATEGORIES:{}", ics_text(&m.kind)));
        if let Some(b) = base {
            line(format!("URL:{b}{}", meeting_url(&m.id)));
        }
        line(format!(
            "STATUS:{}",
            if state == MeetingState::Cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ));
        line("TRANSP:OPAQUE".into());
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    OutputFile {
        path: "meetings.ics".into(),
        bytes: text.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_within_75_octets() {
        let mut out = String::new();
        let long = format!("DESCRIPTION:{}", "停车位规划".repeat(20));
        fold(&long, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        let mut short = String::new();
        fold("VERSION:2.0", &mut short);
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        // Controls, DEL and noncharacters never reach a calendar.
        assert_eq!(ics_text("a\u{1}\u{7f}\u{9b}\u{fffe}\u{ffff}b\tc"), "ab\tc");
    }

    #[test]
    fn local_times_become_utc() {
        let local = NaiveDate::from_ymd_opt(2025, 4, 18)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let east8 = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
        assert_eq!(ics_utc(local, east8), "20250418T010000Z");
        let early = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(7, 30, 0)
            .unwrap();
        assert_eq!(ics_utc(early, east8), "20241231T233000Z");
    }
}
