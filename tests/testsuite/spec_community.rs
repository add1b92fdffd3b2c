//! A community written from the spec alone, with rules unlike the sample's (quorum 1/2,
//! majority of votes cast, 3 days to publish, 5 days' notice, 30 days to go stale) and an
//! English UI. Every expected figure is worked out by hand in the comments.

use std::fs;

use serde_json::{Value, json};
use yishi::input::source::Disk;
use yishi::pipeline::BuildOptions;

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "Riverside disclosure board"
community = "Riverside"
base_url = "https://example.org/riverside"
language = "en"
today = 2024-12-31

[rules]
quorum = "1/2"
majority_of = "cast"
publish_within_days = 3
notice_days = 5
stale_days = 30
regular_kinds = ["民主议事会"]
"#,
    ),
    (
        "content/topics/a.md",
        r#"+++
title = "Broken paving"
category = "公益事业"
raised = 2024-01-10
channel = "热线电话"

[[actions]]
id = "x"
task = "Survey"
owner = "Office"
due = 2024-03-31

[[actions.updates]]
date = 2024-02-01
progress = 50

[[actions.updates]]
date = 2024-04-02
progress = 100

[[actions]]
id = "y"
task = "Repair"
owner = "Works"
due = 2024-12-31

[[actions.updates]]
date = 2024-11-15
progress = 20
+++
"#,
    ),
    (
        "content/topics/b.md",
        "+++\ntitle = \"Noise\"\ncategory = \"矛盾纠纷\"\nraised = 2024-02-01\n+++\n",
    ),
    (
        "content/topics/c.md",
        "+++\ntitle = \"Adverts\"\ncategory = \"其他\"\nraised = 2024-05-05\ndeclined = \"commercial\"\n+++\n",
    ),
    (
        "content/meetings/m1.md",
        r#"+++
title = "Paving"
kind = "民主议事会"
start = 2024-02-20T19:00:00
place = "Hall"
topics = ["a"]
notified = 2024-02-16
published = 2024-02-24
expected = 10
present = 5

[[resolutions]]
text = "Repair the paving"
yes = 3
no = 2
abstain = 0
+++
"#,
    ),
    (
        "content/meetings/m2.md",
        "+++\ntitle = \"Noise 1\"\nkind = \"民主议事会\"\nstart = 2024-07-01T19:00:00\nplace = \"Hall\"\ntopics = [\"b\"]\npublished = 2024-07-02\nexpected = 10\npresent = 4\n\n[[resolutions]]\ntext = \"Quiet hours\"\nyes = 4\nno = 0\nabstain = 0\n+++\n",
    ),
    (
        "content/meetings/m3.md",
        "+++\ntitle = \"Noise 2\"\nkind = \"民主听证会\"\nstart = 2024-07-10T19:00:00+00:00\nplace = \"Hall\"\ntopics = [\"b\"]\nexpected = 8\npresent = 8\n\n[[resolutions]]\ntext = \"Quiet hours\"\nyes = 3\nno = 3\nabstain = 2\n+++\n",
    ),
];

fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in FILES {
        let full = dir.path().join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, text).unwrap();
    }
    let out = dir.path().join("site");
    let report = yishi::pipeline::build(
        &Disk::new(dir.path()),
        &BuildOptions {
            out: out.clone(),
            ..BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()))
        },
    );
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    // Warnings: m1 late and short notice, m3 late (never published).
    let warnings: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.path.as_str(), d.code))
        .collect();
    assert_eq!(
        warnings,
        [
            ("content/meetings/m1.md", "short-notice"),
            ("content/meetings/m1.md", "late-publication"),
            ("content/meetings/m3.md", "late-publication")
        ]
    );
    (dir, out)
}

fn data(out: &std::path::Path, name: &str) -> Value {
    serde_json::from_str(&fs::read_to_string(out.join("data").join(name)).unwrap()).unwrap()
}

#[test]
fn facts_follow_the_spec_rules() {
    let (_dir, out) = build();
    let r = data(&out, "resolutions.json");
    // m1: 5 of 10 present meets a 1/2 quorum exactly; 3 yes of 5 cast is more than half.
    assert_eq!(r[0]["topic"], "a");
    assert_eq!(
        (r[0]["quorum_met"].clone(), r[0]["outcome"].clone()),
        (json!(true), json!("passed"))
    );
    // m2: 4 of 10 is under half: invalid.
    assert_eq!(r[1]["outcome"], "invalid");
    // m3 is a 民主听证会, whose votes advise (spec 13.4): the quorum is met (8 of 8), so the
    // outcome is advice; 3 yes of 8 cast did not carry.
    assert_eq!(r[2]["outcome"], "advisory");
    assert_eq!(r[2]["passed"], false);

    let m = data(&out, "meetings.json");
    assert_eq!(
        (m[0]["short_notice"].clone(), m[0]["late"].clone()),
        (json!(true), json!(true))
    ); // told 4 days before; posted on day 4
    assert_eq!(m[1]["late"], false); // posted the next day
    assert_eq!(m[2]["late"], true); // never posted
    assert_eq!(m[2]["start"], "2024-07-11T03:00:00+08:00"); // 19:00 UTC in the site's +08:00

    let t = data(&out, "topics.json");
    assert_eq!(
        (
            t[0]["status"].clone(),
            t[0]["progress"].clone(),
            t[0]["overdue"].clone()
        ),
        (json!("implementing"), json!(60), json!(false))
    );
    assert_eq!(t[1]["status"], "deliberating");
    assert_eq!(t[2]["status"], "declined");

    let a = data(&out, "actions.json");
    assert_eq!(
        (a[0]["status"].clone(), a[0]["completed"].clone()),
        (json!("done_late"), json!("2024-04-02"))
    );
    // Due today is not overdue; last report 46 days ago is stale under a 30-day rule.
    assert_eq!(
        (a[1]["status"].clone(), a[1]["stale"].clone()),
        (json!("in_progress"), json!(true))
    );

    let y = &data(&out, "years.json")[0];
    assert_eq!(y["year"], 2024);
    assert_eq!(y["meetings_by_kind"]["民主议事会"], 2);
    assert_eq!(y["meetings_by_kind"]["民主听证会"], 1);
    assert_eq!(
        (
            y["resolutions_passed"].clone(),
            y["resolutions_failed"].clone(),
            y["resolutions_invalid"].clone()
        ),
        (json!(1), json!(0), json!(1))
    );
    // m3, the hearing, advises (13.4): counted apart, not as failed.
    assert_eq!(y["resolutions_advisory"], 1);
    assert_eq!(y["attendance_rate"], 0.6071); // 17 / 28
    assert_eq!(
        (
            y["actions_due"].clone(),
            y["actions_done"].clone(),
            y["actions_done_late"].clone(),
            y["actions_overdue"].clone(),
            y["actions_open"].clone()
        ),
        (json!(2), json!(0), json!(1), json!(0), json!(1))
    );
    assert_eq!(y["on_time_rate"], 0.0);
    assert_eq!(y["median_days_to_resolution"], 41.0); // Jan 10 → Feb 20
    assert_eq!(y["late_publications"], 2);
    assert_eq!(y["quarters_without_regular_meeting"], json!([2, 4]));
    assert_eq!(y["satisfaction_overall"], Value::Null);
    assert_eq!(y["satisfaction_by_topic"], json!({}));
}

#[test]
fn english_ui_and_absolute_feed() {
    let (_dir, out) = build();
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("lang=\"en\""));
    assert!(home.contains("Data as of 31 December 2024"));
    assert!(!home.contains("数据截至"));
    let meeting = fs::read_to_string(out.join("meetings/m1/index.html")).unwrap();
    assert!(meeting.contains("5 of 10 expected were present, meeting the 1/2 quorum. 3 voted yes, more than half of the 5 votes cast: the resolution passed."), "{meeting}");
    // No Chinese punctuation left in the English interface (vocabulary values are content).
    for page in [
        "index.html",
        "topics/index.html",
        "meetings/m1/index.html",
        "years/2024/index.html",
        "progress/index.html",
        "board/index.html",
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        let cjk_punctuation: String = html
            .chars()
            .filter(|c| matches!(*c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF))
            .collect();
        assert!(cjk_punctuation.is_empty(), "{page}: {cjk_punctuation}");
    }
    let feed = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("<link href=\"https://example.org/riverside/meetings/m1/index.html\"/>"));
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    // One link form in feed, sitemap and pages: …/index.html (no git here: no lastmod).
    assert!(sitemap.contains("<loc>https://example.org/riverside/topics/a/index.html</loc>"));
}
