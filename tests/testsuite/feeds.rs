//! The feeds of the sample community: meetings.ics read back with a calendar library and
//! checked against RFC 5545's structural rules; the Atom feeds parsed as XML and checked
//! against RFC 4287's required elements.

use std::path::{Path, PathBuf};

use icalendar::{Calendar, CalendarComponent, Component, EventLike};
use quick_xml::Reader;
use quick_xml::events::Event;
use yishi::input::source::Disk;
use yishi::pipeline::BuildOptions;
use yishi::pipeline::community;

fn build_sample(base_url: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let report = yishi::pipeline::build(
        &Disk::new(Path::new(env!("CARGO_MANIFEST_DIR"))),
        &BuildOptions {
            out: out.clone(),
            ..BuildOptions::new(yishi::settings::Given {
                base_url: base_url.map(str::to_string),
                ..yishi::settings::Given::at(chrono::Utc::now())
            })
        },
    );
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    (dir, out)
}

/// RFC 5545 structure: CRLF line ends, lines of at most 75 octets, balanced BEGIN/END,
/// VERSION and PRODID once, and UID, DTSTAMP, DTSTART in every VEVENT.
fn check_ics_structure(text: &str) {
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("VERSION:")).count(),
        1
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("PRODID:")).count(), 1);
    let mut in_event: Option<Vec<&str>> = None;
    for l in &lines {
        assert!(l.contains(':'), "not a content line: {l}");
        match *l {
            "BEGIN:VEVENT" => {
                assert!(in_event.is_none(), "nested VEVENT");
                in_event = Some(vec![]);
            }
            "END:VEVENT" => {
                let props = in_event.take().expect("END without BEGIN");
                for required in ["UID:", "DTSTAMP:", "DTSTART"] {
                    assert_eq!(
                        props.iter().filter(|p| p.starts_with(required)).count(),
                        1,
                        "{required} in {props:?}"
                    );
                }
                // A start with a time lasts DURATION; a day alone (the source gives no
                // hour, spec 15.2) is an all-day event ending the next day.
                let all_day = props.iter().any(|p| p.starts_with("DTSTART;VALUE=DATE:"));
                let ends = if all_day {
                    "DTEND;VALUE=DATE:"
                } else {
                    "DURATION:"
                };
                assert_eq!(
                    props.iter().filter(|p| p.starts_with(ends)).count(),
                    1,
                    "{ends} in {props:?}"
                );
            }
            _ => {
                if let Some(props) = in_event.as_mut() {
                    props.push(l);
                }
            }
        }
    }
    assert!(in_event.is_none());
}

#[test]
fn the_meeting_calendar_is_valid_icalendar_with_places_and_topics() {
    let (_dir, out) = build_sample(None);
    let text = std::fs::read_to_string(out.join("meetings.ics")).unwrap();
    check_ics_structure(&text);
    let calendar: Calendar = text.parse().expect("icalendar parses meetings.ics");
    // The festival's source gives the day alone (unrecorded = ["time"]): an all-day event.
    let unfolded = text.replace("\r\n ", "");
    let festival = unfolded
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("2024-12-20-festival@"))
        .expect("the festival is in the calendar");
    assert!(
        festival.contains("DTSTART;VALUE=DATE:20241220\r\n"),
        "{festival}"
    );
    assert!(
        festival.contains("DTEND;VALUE=DATE:20241221\r\n"),
        "{festival}"
    );
    assert!(!festival.contains("DURATION:"), "{festival}");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    // Every meeting file in content/meetings/ (28) is one event.
    assert_eq!(events.len(), 28);
    let uids: std::collections::BTreeSet<_> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 28, "UIDs are unique");
    // The upcoming meeting of 2025-12-30 19:00 (+08:00) = 11:00 UTC, with its place and topics.
    let upcoming = events
        .iter()
        .find(|e| e.get_summary() == Some("关于老年助餐点选址和文明养犬公约的民主议事会"))
        .expect("the upcoming meeting");
    assert_eq!(upcoming.property_value("DTSTART"), Some("20251230T110000Z"));
    assert_eq!(upcoming.get_location(), Some("社区协商议事室"));
    let description = upcoming.get_description().unwrap();
    assert!(description.contains("老年助餐点选址"), "{description}");
    assert!(description.contains("制定文明养犬公约"), "{description}");
    assert_eq!(upcoming.property_value("STATUS"), Some("CONFIRMED"));
    // The typhoon-cancelled meeting is marked so calendars drop it.
    let cancelled = events
        .iter()
        .find(|e| e.get_description().is_some_and(|d| d.contains("台风预警")))
        .expect("the cancelled meeting");
    assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"));
    assert!(text.contains("URL:https://example.org/xingfuli/meetings/"));
}

/// Without base_url there are no Atom feeds (they need absolute addresses), but the
/// calendar is still written, without page links.
#[test]
fn without_base_url_the_calendar_stays_and_atom_feeds_go() {
    let site = "title = \"t\"\ncommunity = \"c\"\n";
    let files = [
        (
            "content/topics/a.md",
            "+++\ntitle = \"a\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n",
        ),
        (
            "content/meetings/2025-02-01-m.md",
            "+++\ntitle = \"m, a; b\"\nkind = \"民情恳谈会\"\nstart = 2025-02-01T09:00:00\nplace = \"hall\"\ntopics = [\"a\"]\n+++\n",
        ),
    ];
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
    let (_, out) = community::build_in_memory(site, &files, today);
    let out = out.expect("builds");
    let get = |p: &str| out.iter().find(|f| f.path == p);
    assert!(get("feed.xml").is_none());
    assert!(get("topics/a/feed.xml").is_none());
    let ics = String::from_utf8(get("meetings.ics").expect("calendar").bytes.clone()).unwrap();
    check_ics_structure(&ics);
    assert!(!ics.contains("URL:"));
    assert!(ics.contains("SUMMARY:m\\, a\\; b\r\n"), "{ics}");
    let calendar: Calendar = ics.parse().unwrap();
    assert_eq!(calendar.components.len(), 1);
}

/// RFC 4287: the feed has one id, title and updated and an author; each entry one id,
/// title, updated and a link; dates are RFC 3339. Returns (feed id, entry ids).
fn check_atom(xml: &str) -> (String, Vec<String>) {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut feed: Vec<(String, String)> = Vec::new();
    let mut entries: Vec<Vec<(String, String)>> = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                if name == "entry" {
                    entries.push(vec![]);
                }
                path.push(name);
                text.clear();
            }
            Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let target = if path.last().map(String::as_str) == Some("entry") {
                    entries.last_mut().unwrap()
                } else {
                    &mut feed
                };
                target.push((name, String::new()));
            }
            Event::Text(t) => text.push_str(&t.unescape().unwrap()),
            Event::End(_) => {
                let name = path.pop().unwrap();
                let parent = path.last().map(String::as_str);
                match parent {
                    Some("entry") => entries.last_mut().unwrap().push((name, text.clone())),
                    Some("feed") => feed.push((name, text.clone())),
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let one = |items: &[(String, String)], key: &str| -> String {
        let found: Vec<_> = items.iter().filter(|(k, _)| k == key).collect();
        assert_eq!(found.len(), 1, "{key} in {items:?}");
        found[0].1.clone()
    };
    let id = one(&feed, "id");
    assert!(!one(&feed, "title").is_empty());
    chrono::DateTime::parse_from_rfc3339(&one(&feed, "updated")).unwrap();
    assert!(feed.iter().any(|(k, _)| k == "author"));
    let mut ids = Vec::new();
    for e in &entries {
        ids.push(one(e, "id"));
        assert!(!one(e, "title").is_empty());
        chrono::DateTime::parse_from_rfc3339(&one(e, "updated")).unwrap();
        assert!(e.iter().any(|(k, _)| k == "link"));
    }
    (id, ids)
}

#[test]
fn every_topic_has_a_valid_atom_feed_of_its_own() {
    let (_dir, out) = build_sample(Some("https://example.org/xingfuli/"));
    let site = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let (id, _) = check_atom(&site);
    assert_eq!(id, "https://example.org/xingfuli/");
    for entry in std::fs::read_dir(out.join("topics")).unwrap() {
        let dir = entry.unwrap().path();
        let feed = dir.join("feed.xml");
        if dir.join("index.html").exists()
            && !["status", "category"].iter().any(|d| dir.ends_with(d))
        {
            let xml =
                std::fs::read_to_string(&feed).unwrap_or_else(|_| panic!("{}", feed.display()));
            check_atom(&xml);
        }
    }
    // The road repair: raised 2024-08-12, results of its meeting, four progress reports.
    let xml = std::fs::read_to_string(out.join("topics/2024-08-road-repair/feed.xml")).unwrap();
    let (id, entries) = check_atom(&xml);
    assert_eq!(
        id,
        "https://example.org/xingfuli/topics/2024-08-road-repair/feed.xml"
    );
    let base = "https://example.org/xingfuli/topics/2024-08-road-repair/index.html";
    for want in [
        "#raised",
        // Each report's id is its action, date and progress (content/topics/
        // 2024-08-road-repair.md), so inserting an earlier report keeps every id.
        "#survey-20241020-100",
        "#repair-20241210-20",
        "#repair-20250410-70",
        "#repair-20250620-100",
    ] {
        assert!(
            entries.contains(&format!("{base}{want}")),
            "{want} in {entries:?}"
        );
    }
    assert!(
        entries
            .iter()
            .any(|e| e.contains("/meetings/") && e.ends_with("#results"))
    );
    // Nothing about other topics.
    assert!(!xml.contains("停车"));
    // The page links its feed, for feed readers and for people.
    let page = std::fs::read_to_string(out.join("topics/2024-08-road-repair/index.html")).unwrap();
    assert!(page.contains(r#"<link rel="alternate" type="application/atom+xml" href="feed.xml""#));
    assert!(page.contains(r#"<p class="follow"><a href="feed.xml">"#));
}

/// Feed ids stay when a progress report is written in before the others (issue 18): an id is
/// the report's action, date and progress, not its place in the list.
#[test]
fn feed_ids_stay_when_a_report_is_inserted_before_others() {
    let site = "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/c/\"\n";
    let topic = |updates: &str| {
        format!(
            "+++\ntitle = \"t\"\ncategory = \"其他\"\nraised = 2025-01-01\n\n[[actions]]\nid = \"a\"\ntask = \"做\"\nowner = \"o\"\ndue = 2025-12-31\n{updates}+++\n"
        )
    };
    let later = "\n[[actions.updates]]\ndate = 2025-03-01\nprogress = 50\n";
    let earlier = "\n[[actions.updates]]\ndate = 2025-02-01\nprogress = 20\n";
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let ids = |updates: String| -> Vec<String> {
        let t = topic(&updates);
        let (d, out) =
            community::build_in_memory(site, &[("content/topics/t.md", t.as_str())], today);
        let out = out.unwrap_or_else(|| panic!("{d:#?}"));
        let feed = out.iter().find(|f| f.path == "feed.xml").unwrap();
        let feed = String::from_utf8(feed.bytes.clone()).unwrap();
        feed.split("<id>")
            .skip(1)
            .map(|s| s.split("</id>").next().unwrap().to_string())
            .collect()
    };
    let before = ids(later.to_string());
    let after = ids(format!("{earlier}{later}"));
    for id in before.iter().filter(|id| id.contains('#')) {
        assert!(after.contains(id), "{id} lost: {after:?}");
    }
    assert!(after.iter().any(|id| id.ends_with("#a-20250201-20")));
}

/// The calendar: UTC times and no private time-zone property, a duration, and SEQUENCE 0
/// without a history (no git here).
#[test]
fn the_calendar_uses_utc_a_duration_and_a_sequence() {
    let site = "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/c/\"\n";
    let m = "+++\ntitle = \"m\"\nkind = \"民主议事会\"\nstart = 2025-07-01T19:00:00\nplace = \"p\"\n+++\n";
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let (d, out) = community::build_in_memory(site, &[("content/meetings/m.md", m)], today);
    let out = out.unwrap_or_else(|| panic!("{d:#?}"));
    let ics = String::from_utf8(
        out.iter()
            .find(|f| f.path == "meetings.ics")
            .unwrap()
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(ics.contains("DTSTART:20250701T110000Z\r\n"), "{ics}"); // 19:00 at +08:00
    assert!(ics.contains("DURATION:PT2H\r\n"));
    assert!(ics.contains("SEQUENCE:0\r\n"));
    assert!(!ics.contains("X-WR-TIMEZONE"));
    let calendar: icalendar::Calendar = ics.parse().expect("a second parser reads it");
    assert_eq!(calendar.components.len(), 1);
}
