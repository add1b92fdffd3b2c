//! The sample community's open data against figures worked out by hand from the files in
//! `content/` (the working is in docs/sample-figures.md), not copied from the program.

use std::path::Path;

use serde_json::{Value, json};
use yishi::input::source::Disk;
use yishi::pipeline::BuildOptions;

fn build_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    // The sample pins today = 2025-12-26 in site.toml.
    let options = BuildOptions {
        out: out.clone(),
        ..BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()))
    };
    let report = yishi::pipeline::build(&Disk::new(env!("CARGO_MANIFEST_DIR")), &options);
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    (dir, out)
}

fn json(out: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(out.join("data").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn year(years: &Value, y: i64) -> &Value {
    years
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["year"] == y)
        .unwrap()
}

#[test]
fn topic_statuses_cover_the_lifecycle() {
    let (_dir, out) = build_sample();
    let topics = json(&out, "topics.json");
    let status = |id: &str| -> String {
        let t = topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap();
        t["status"].as_str().unwrap().to_string()
    };
    assert_eq!(topics.as_array().unwrap().len(), 18);
    // Rated in an evaluation, every action done (on time or late):
    assert_eq!(status("2024-03-parking"), "evaluated");
    assert_eq!(status("2024-05-warm-house"), "evaluated");
    assert_eq!(status("2024-08-road-repair"), "evaluated");
    assert_eq!(status("2025-06-neighbour-leak"), "evaluated");
    // Revision 3 (14.3): the stairwell lights were finished on 2025-03-25 and evaluated by a
    // third party on 2025-04-20, after the work was done: the rating counts.
    assert_eq!(status("2024-09-stairwell-lights"), "evaluated");
    // Passed, all actions done, not rated:
    assert_eq!(status("2024-06-stone-tables"), "completed");
    assert_eq!(status("2024-12-festival"), "completed");
    // Passed, work under way:
    assert_eq!(status("2024-11-waste-sorting"), "implementing");
    assert_eq!(status("2025-03-square-dance-noise"), "implementing");
    assert_eq!(status("2025-04-elevator"), "implementing");
    assert_eq!(status("2025-05-sewage"), "implementing");
    // Passed, no actions: the 低保 hearing advised (spec 13.4), the council decided on
    // 2024-11-12 and the 街道 approved the 报批 on 2024-12-02.
    assert_eq!(status("2024-10-dibao-hearing"), "decided");
    // Passed at the 居民代表会议, a 报批 sent 2025-12-08 awaits the 街道 (13.3 rule 5).
    assert_eq!(status("2025-07-resident-compact"), "awaiting_approval");
    // Discussed at a held meeting, nothing passed (a tie):
    assert_eq!(status("2025-02-dog-rules"), "deliberating");
    // The hearing's vote is advice (and failed); sent to the 居民代表会议 to decide (rule 7).
    assert_eq!(status("2025-06-property-fee"), "referred");
    // Only on a cancelled and an upcoming meeting:
    assert_eq!(status("2025-10-canteen"), "scheduled");
    assert_eq!(status("2025-11-bike-shed"), "collected");
    assert_eq!(status("2025-09-wall-ads"), "declined");

    let topic = |id: &str| {
        topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    // (100 + 60) / 2 = 80; (100 + 40) / 2 = 70.
    assert_eq!(topic("2024-11-waste-sorting")["progress"], 80);
    assert_eq!(topic("2024-11-waste-sorting")["overdue"], true);
    assert_eq!(topic("2025-03-square-dance-noise")["progress"], 70);
    assert_eq!(topic("2025-03-square-dance-noise")["overdue"], false);
    assert_eq!(topic("2025-05-sewage")["progress"], 0);
    assert_eq!(
        topic("2024-03-parking")["meetings"],
        serde_json::json!(["2024-03-20-parking-talk", "2024-04-18-parking-vote"])
    );
    assert_eq!(
        topic("2024-03-parking")["url"],
        "topics/2024-03-parking/index.html"
    );
}

#[test]
fn resolutions_quorum_tie_and_roll_call() {
    let (_dir, out) = build_sample();
    let resolutions = json(&out, "resolutions.json");
    let list = resolutions.as_array().unwrap();
    assert_eq!(list.len(), 23); // 20, and the decisions of 2024-11-12, 2025-05-09, 2025-05-30
    let find = |m: &str, i: i64| {
        list.iter()
            .find(|r| r["meeting"] == m && r["index"] == i)
            .unwrap()
            .clone()
    };
    // 9 of 15 present: 27 < 30, no quorum.
    let r = find("2025-01-10-council-regular", 1);
    assert_eq!(
        (
            r["quorum_met"].clone(),
            r["passed"].clone(),
            r["outcome"].clone()
        ),
        (
            Value::Bool(false),
            Value::Bool(false),
            Value::from("invalid")
        )
    );
    assert_eq!(r["topic"], "2024-11-waste-sorting"); // the meeting's only topic
    // A tie: 10 yes of 20 present is not more than half.
    let r = find("2025-04-11-dog-rules", 1);
    assert_eq!(r["quorum_met"], true);
    assert_eq!(r["outcome"], "failed");
    // Roll call: six names yes, one abstains.
    let r = find("2024-11-05-dibao-hearing", 1);
    assert_eq!(
        (r["yes"].clone(), r["no"].clone(), r["abstain"].clone()),
        (Value::from(6), Value::from(0), Value::from(1))
    );
    // A 民主听证会 advises (13.4): quorum met (7 of 9), so its outcome is advice.
    assert_eq!(r["outcome"], "advisory");
    assert_eq!(
        (r["passed"].clone(), r["advisory"].clone()),
        (json!(true), json!(true))
    );
    // A general resolution on a meeting with no topic.
    assert_eq!(find("2024-01-12-council-regular", 1)["topic"], Value::Null);
    // Second item of the parking vote.
    let r = find("2024-04-18-parking-vote", 2);
    assert_eq!(
        (
            r["yes"].clone(),
            r["expected"].clone(),
            r["present"].clone()
        ),
        (Value::from(19), Value::from(25), Value::from(21))
    );
    // Sorted by meeting then index.
    let keys: Vec<(String, i64)> = list
        .iter()
        .map(|r| {
            (
                r["meeting"].as_str().unwrap().to_string(),
                r["index"].as_i64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn meetings_timeliness_and_states() {
    let (_dir, out) = build_sample();
    let meetings = json(&out, "meetings.json");
    let list = meetings.as_array().unwrap();
    assert_eq!(list.len(), 28); // 25, and 2024-11-12, 2025-05-09, 2025-05-30 (revision 2)
    let m = |id: &str| list.iter().find(|m| m["id"] == id).unwrap().clone();
    // Published 2024-07-10, deadline 2024-06-28 + 7 = 2024-07-05.
    assert_eq!(m("2024-06-28-council-regular")["late"], true);
    // Never published, deadline 2025-05-23 is past today.
    assert_eq!(m("2025-05-16-elevator-hearing")["late"], true);
    assert_eq!(m("2025-05-16-elevator-hearing")["published"], Value::Null);
    // Told 2 days before; 3 days before is enough (2024-06-25 for 2024-06-28).
    assert_eq!(m("2024-09-20-road-repair")["short_notice"], true);
    assert_eq!(m("2024-06-28-council-regular")["short_notice"], false);
    assert_eq!(m("2025-12-30-canteen-dogs")["upcoming"], true);
    assert_eq!(m("2025-12-30-canteen-dogs")["attendance_rate"], Value::Null);
    assert_eq!(m("2025-10-17-council-regular")["cancelled"], true);
    // 21 of 25.
    assert_eq!(m("2024-04-18-parking-vote")["attendance_rate"], 0.84);
    assert_eq!(
        m("2024-04-18-parking-vote")["start"],
        "2024-04-18T09:00:00+08:00"
    );
    let late: Vec<&str> = list
        .iter()
        .filter(|m| m["late"] == true)
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        late,
        ["2024-06-28-council-regular", "2025-05-16-elevator-hearing"]
    );
}

#[test]
fn actions_status_and_stale() {
    let (_dir, out) = build_sample();
    let actions = json(&out, "actions.json");
    let list = actions.as_array().unwrap();
    assert_eq!(list.len(), 19);
    let a = |t: &str, id: &str| {
        list.iter()
            .find(|a| a["topic"] == t && a["id"] == id)
            .unwrap()
            .clone()
    };
    let paint = a("2024-03-parking", "paint-lines");
    assert_eq!(
        (paint["status"].clone(), paint["completed"].clone()),
        (Value::from("done_late"), Value::from("2024-09-10"))
    );
    // Completed exactly on the due date is on time.
    assert_eq!(a("2024-12-festival", "organise")["status"], "done");
    // Last report 2025-07-01, 178 days before today, due 2025-09-30.
    let rota = a("2024-11-waste-sorting", "volunteer-rota");
    assert_eq!(
        (
            rota["status"].clone(),
            rota["stale"].clone(),
            rota["progress"].clone()
        ),
        (Value::from("overdue"), Value::Bool(true), Value::from(60))
    );
    // Not yet due but silent for 116 days: stale, still in progress.
    let consent = a("2025-04-elevator", "consent-signing");
    assert_eq!(
        (consent["status"].clone(), consent["stale"].clone()),
        (Value::from("in_progress"), Value::Bool(true))
    );
    // Last report 4 days ago: not stale.
    assert_eq!(
        a("2025-03-square-dance-noise", "speaker-limits")["stale"],
        false
    );
    // No reports at all: overdue, progress 0, never stale.
    let dredge = a("2025-05-sewage", "dredge");
    assert_eq!(
        (
            dredge["status"].clone(),
            dredge["stale"].clone(),
            dredge["last_update"].clone()
        ),
        (Value::from("overdue"), Value::Bool(false), Value::Null)
    );
}

#[test]
fn year_figures_worked_by_hand() {
    let (_dir, out) = build_sample();
    let years = json(&out, "years.json");
    let years_list: Vec<i64> = years
        .as_array()
        .unwrap()
        .iter()
        .map(|y| y["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years_list, [2024, 2025, 2026]); // 2026: two actions fall due then

    let y = year(&years, 2024);
    assert_eq!(y["meetings_by_kind"]["民情恳谈会"], 2);
    assert_eq!(y["meetings_by_kind"]["民主议事会"], 3);
    assert_eq!(y["meetings_by_kind"]["民主听证会"], 1);
    assert_eq!(y["meetings_by_kind"]["民主评议会"], 1);
    assert_eq!(y["meetings_by_kind"]["居民代表会议"], 1);
    assert_eq!(y["meetings_by_kind"]["协商议事委员会例会"], 4); // with 11-12, on the 低保
    assert_eq!(y["topics_by_category"]["公益事业"], 4);
    assert_eq!(y["topics_by_category"]["工作部署"], 3);
    assert_eq!(y["topics_by_category"]["其他"], 1);
    assert_eq!(y["topics_by_category"]["矛盾纠纷"], 0);
    assert_eq!(y["topics_by_channel"]["入户走访"], 2);
    assert_eq!(y["topics_by_channel"]["会议提出"], 2);
    assert_eq!(y["topics_by_channel"]["QQ群"], 0);
    assert_eq!(
        (
            y["resolutions_passed"].clone(),
            y["resolutions_failed"].clone(),
            y["resolutions_invalid"].clone()
        ),
        (Value::from(9), Value::from(0), Value::from(0))
    );
    // The 低保 hearing's vote is advice, counted apart; the 11-12 例会 decided instead.
    assert_eq!(y["resolutions_advisory"], 1);
    // (229 + 9) / (276 + 9) = 238 / 285 before revision 4; the festival's record (12-20)
    // gives 30 present and leaves expected unrecorded (15.2), so it is left out:
    // (238 - 30) / (285 - 35) = 208 / 250.
    assert_eq!(y["attendance_rate"], 0.832);
    // The warm-house 议事会 (06-15) and the festival declare 通过 without counts: still
    // passed (15.1); nothing deferred.
    assert_eq!(y["resolutions_deferred"], 0);
    assert_eq!(y["topic_budget_total"], 0.0);
    assert_eq!(y["actions_due"], 9);
    assert_eq!(y["actions_done"], 8);
    assert_eq!(y["actions_done_late"], 1);
    assert_eq!(y["actions_overdue"], 0);
    assert_eq!(y["actions_open"], 0);
    assert_eq!(y["on_time_rate"], 0.8889); // 8 / 9
    // The 低保 topic: raised 10-08, decided 11-12 (35 days; the hearing on 11-05 advised).
    assert_eq!(y["median_days_to_resolution"], 37.5); // 18 25 35 36 | 39 40 47 122
    assert_eq!(y["late_publications"], 1);
    assert_eq!(y["quarters_without_regular_meeting"], serde_json::json!([]));
    assert_eq!(y["satisfaction_overall"], 0.95); // 114 / 120
    assert_eq!(y["satisfaction_by_topic"]["2024-03-parking"], 0.9259); // 100 / 108
    assert_eq!(y["satisfaction_by_topic"]["2024-05-warm-house"], 1.0);

    let y = year(&years, 2025);
    assert_eq!(y["meetings_by_kind"]["民情恳谈会"], 3);
    assert_eq!(y["meetings_by_kind"]["民主议事会"], 3); // with 05-30; the 12-30 one is upcoming
    assert_eq!(y["meetings_by_kind"]["民主听证会"], 2);
    assert_eq!(y["meetings_by_kind"]["协商议事委员会例会"], 4); // with 05-09; the cancelled one not counted
    assert_eq!(y["topics_by_category"]["矛盾纠纷"], 4);
    assert_eq!(y["topics_by_category"]["公益事业"], 3);
    assert_eq!(y["topics_by_category"]["自治制度"], 2);
    assert_eq!(y["topics_by_category"]["工作部署"], 0);
    assert_eq!(y["topics_by_channel"]["微信公众号"], 2);
    assert_eq!(
        (
            y["resolutions_passed"].clone(),
            y["resolutions_failed"].clone(),
            y["resolutions_invalid"].clone()
        ),
        (Value::from(6), Value::from(1), Value::from(1))
    );
    // Passed before revision 2: 03-14, 04-25, 05-16, 06-13, 06-20, 09-19, 11-07, 12-23;
    // failed 04-11, 07-18; invalid 01-10. Advice now (13.4): the 恳谈会 04-25, 06-20, 12-23
    // and the 听证会 05-16, 07-18 (which had failed). Added: 05-09 and 05-30, both passed.
    assert_eq!(y["resolutions_advisory"], 5);
    assert_eq!(y["resolutions_revoked"], 0);
    // 221 / 273 before; 06-13 and 11-07 now 8 present of 9 (赵德明 absent); 05-09 8/9,
    // 05-30 20/24: (221 - 2 + 8 + 20) / (273 + 9 + 24) = 247 / 306. Revision 4: 05-30 is
    // the owners' vote of 9 号楼 (15.4), with no attendance counts and left out of the
    // rate: (247 - 20) / (306 - 24) = 227 / 282 = 0.80496.
    assert_eq!(y["attendance_rate"], 0.805);
    // The bike shed's proposal (raised 11-18) asks 36,000 元; actions' budgets apart.
    assert_eq!(y["topic_budget_total"], 36000.0);
    assert_eq!(y["resolutions_deferred"], 0);
    assert_eq!(y["actions_due"], 8);
    assert_eq!(y["actions_done"], 5);
    assert_eq!(y["actions_done_late"], 1);
    assert_eq!(y["actions_overdue"], 2);
    assert_eq!(y["actions_open"], 0);
    assert_eq!(y["on_time_rate"], 0.625);
    // sewage 36 (05-08 → 06-13), elevator 58 (04-02 → 05-30), square dance 65 (03-05 → 05-09),
    // compact 80 (07-01 → 09-19); the leak's only vote was advice (no day to count).
    assert_eq!(y["median_days_to_resolution"], 61.5); // 36 58 | 65 80
    assert_eq!(y["late_publications"], 1);
    assert_eq!(
        y["quarters_without_regular_meeting"],
        serde_json::json!([3])
    );
    assert_eq!(y["satisfaction_overall"], 0.9559); // 130 / 136
    assert_eq!(y["satisfaction_by_topic"]["2024-08-road-repair"], 0.9231); // 120 / 130
    assert_eq!(y["satisfaction_by_topic"]["2025-06-neighbour-leak"], 0.9474); // 36 / 38

    let y = year(&years, 2026);
    assert_eq!(
        (y["actions_due"].clone(), y["actions_open"].clone()),
        (Value::from(2), Value::from(2))
    );
    assert_eq!(y["attendance_rate"], Value::Null);
    assert_eq!(y["on_time_rate"], 0.0);
    assert_eq!(y["satisfaction_overall"], Value::Null);
    assert_eq!(y["quarters_without_regular_meeting"], serde_json::json!([])); // after today's year
}

#[test]
fn every_page_kind_exists() {
    let (_dir, out) = build_sample();
    for path in [
        "index.html",
        "topics/index.html",
        "topics/status/implementing/index.html",
        "topics/category/1/index.html",
        "topics/2024-03-parking/index.html",
        "meetings/index.html",
        "meetings/2024-04-18-parking-vote/index.html",
        "progress/index.html",
        "years/index.html",
        "years/2024/index.html",
        "years/2025/index.html",
        "council/index.html",
        "rules/index.html",
        "data/topics.json",
        "data/topics.csv",
        "data/meetings.csv",
        "data/resolutions.csv",
        "data/actions.csv",
        "data/years.json",
        "data/site.json",
        "feed.xml",
        "sitemap.xml",
        "404.html",
        "static/style.css",
        "attachments/2024/0418-signin.png",
    ] {
        assert!(out.join(path).is_file(), "missing {path}");
    }
    let meeting =
        std::fs::read_to_string(out.join("meetings/2024-04-18-parking-vote/index.html")).unwrap();
    for fact in [
        "应到人数",
        "25 人",
        "实到人数",
        "21 人",
        "主持人",
        "王建国",
        "记录人",
        "李冬浩",
        "缺席",
        "通过",
        "达到应到人数的 2/3",
        "../../attachments/2024/0418-signin.png",
    ] {
        assert!(meeting.contains(fact), "meeting page lacks {fact}");
    }
    let invalid =
        std::fs::read_to_string(out.join("meetings/2025-01-10-council-regular/index.html"))
            .unwrap();
    assert!(invalid.contains("未达到法定人数，表决无效"));
    let site = json(&out, "site.json");
    assert_eq!(site["today"], "2025-12-26");
    assert_eq!(site["counts"]["topics"], 18);
    // No page links outside the site with an absolute path: everything works from file://.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!home.contains("href=\"/"), "absolute link on the home page");
    assert!(home.contains("数据截至 2025年12月26日"));
    // A community built on its own has no district overview to link back to.
    assert!(!home.contains("district-home"));
}

#[test]
fn every_page_weighs_under_100_kb_before_images() {
    let (_dir, out) = build_sample();
    let css = std::fs::metadata(out.join("static/style.css"))
        .unwrap()
        .len();
    let sheet_css = std::fs::metadata(out.join("static/sheet.css"))
        .unwrap()
        .len();
    let mut heaviest = (0, String::new());
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") {
            let rel = path.strip_prefix(&out).unwrap().display().to_string();
            let extra = if rel.starts_with("board/") && rel.matches('/').count() > 1 {
                sheet_css
            } else {
                0
            };
            let weight = entry.metadata().unwrap().len() + css + extra;
            assert!(
                weight <= 100 * 1024,
                "{rel} weighs {weight} bytes with its CSS"
            );
            heaviest = heaviest.max((weight, rel));
        }
    }
    eprintln!(
        "heaviest page: {} at {} bytes with CSS",
        heaviest.1, heaviest.0
    );
}

/// Attachments: every attachment listed with the hash and size of what is published; the
/// phone photo's GPS position (in its EXIF, see content/attachments/2025/) is gone.
#[test]
fn attachments_are_listed_hashed_and_stripped_of_metadata() {
    use sha2::{Digest, Sha256};
    let (_dir, out) = build_sample();
    let list = json(&out, "attachments.json");
    let list = list.as_array().unwrap();
    let paths: Vec<&str> = list.iter().map(|a| a["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "attachments/2024/0418-signin.png",
            "attachments/2024/parking-register.png",
            "attachments/2025/road-main-done.jpg"
        ]
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for a in list {
        let path = a["path"].as_str().unwrap();
        let published = std::fs::read(out.join(path)).unwrap();
        let hex: String = Sha256::digest(&published)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(a["sha256"], hex, "{path}");
        assert_eq!(a["size"], published.len() as u64, "{path}");
        let source = std::fs::read(root.join(path)).unwrap();
        if path.ends_with(".png") {
            // These PNGs carry no metadata chunks: published byte for byte.
            assert_eq!(published, source, "{path}");
        }
    }
    // The sign-in scan is used by its meeting, the photos by their topics.
    assert_eq!(
        list[0]["used_by"],
        serde_json::json!(["meetings/2024-04-18-parking-vote/index.html"])
    );
    assert_eq!(
        list[2]["used_by"],
        serde_json::json!(["topics/2024-08-road-repair/index.html"])
    );
    // The photo: 1600×1200 with GPS in its EXIF; published without it, thumbnail 640×480.
    let photo = &list[2];
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(1600), Some(1200))
    );
    assert_eq!(photo["thumbnail"], "thumbs/2025/road-main-done.jpg");
    let source = std::fs::read(root.join("attachments/2025/road-main-done.jpg")).unwrap();
    let published = std::fs::read(out.join("attachments/2025/road-main-done.jpg")).unwrap();
    let has = |b: &[u8], s: &[u8]| b.windows(s.len()).any(|w| w == s);
    assert!(
        has(&source, b"Exif\0\0") && has(&source, b"Redmi"),
        "the sample photo has EXIF"
    );
    assert!(!has(&published, b"Exif\0\0") && !has(&published, b"Redmi"));
    let thumb = std::fs::read(out.join("thumbs/2025/road-main-done.jpg")).unwrap();
    assert!(!has(&thumb, b"Exif\0\0"));
    // Shown on the pages that use them.
    let topic = std::fs::read_to_string(out.join("topics/2024-08-road-repair/index.html")).unwrap();
    assert!(topic.contains(r#"<img src="../../thumbs/2025/road-main-done.jpg""#));
    assert!(topic.contains(r#"<a href="../../attachments/2025/road-main-done.jpg">"#));
    let meeting =
        std::fs::read_to_string(out.join("meetings/2024-04-18-parking-vote/index.html")).unwrap();
    assert!(meeting.contains(r#"<img src="../../attachments/2024/0418-signin.png""#));
}

/// Popolo: the 9 members of council.toml and the one non-member who voted in a roll call
/// (马秀英, an attendee of the 低保 hearing); one motion and vote event per resolution.
#[test]
fn popolo_votes_worked_by_hand() {
    let (_dir, out) = build_sample();
    let popolo = |name: &str| json(&out, &format!("popolo/{name}"));
    let persons = popolo("persons.json");
    let persons = persons.as_array().unwrap();
    assert_eq!(persons.len(), 10);
    assert_eq!(persons[0]["id"], "member-1");
    assert_eq!(persons[0]["name"], "王建国");
    assert_eq!(persons[9]["id"], "voter-1");
    assert_eq!(persons[9]["name"], "马秀英");
    assert_eq!(popolo("memberships.json").as_array().unwrap().len(), 9);
    let org = popolo("organizations.json");
    assert_eq!(org[0]["name"], "幸福里社区协商议事委员会");
    let motions = popolo("motions.json");
    let events = popolo("vote_events.json");
    assert_eq!(motions.as_array().unwrap().len(), 23); // = resolutions.json
    assert_eq!(events.as_array().unwrap().len(), 23);
    let event = |id: &str| {
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id)
            .unwrap()
            .clone()
    };
    // The roll call: 6 yes (5 members and 马秀英), 赵德明 (member-6) abstains; 9 − 7 absent.
    let e = event("2024-11-05-dibao-hearing/1");
    assert_eq!(e["result"], "pass");
    assert_eq!(
        e["counts"],
        serde_json::json!([
            {"option": "yes", "value": 6},
            {"option": "no", "value": 0},
            {"option": "abstain", "value": 1},
            {"option": "absent", "value": 2}
        ])
    );
    let votes = e["votes"].as_array().unwrap();
    assert_eq!(votes.len(), 7);
    assert!(votes.contains(&serde_json::json!({"voter_id": "voter-1", "option": "yes"})));
    assert!(votes.contains(&serde_json::json!({"voter_id": "member-6", "option": "abstain"})));
    // No quorum (9 of 15): Popolo "fail", with yishi's "invalid" kept beside it.
    let e = event("2025-01-10-council-regular/1");
    assert_eq!(
        (e["result"].as_str(), e["outcome"].as_str()),
        (Some("fail"), Some("invalid"))
    );
    assert_eq!(e["quorum_met"], false);
    // The tie fails.
    assert_eq!(event("2025-04-11-dog-rules/1")["result"], "fail");
    let m = motions
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "2024-04-18-parking-vote/2")
        .unwrap();
    assert_eq!(m["legislative_session_id"], "2024-04-18-parking-vote");
    assert_eq!(m["date"], "2024-04-18");
}

/// Search: the index covers the records (18 topics, 25 meetings, the years 2024–2026 and the
/// rules page = 47 records, not the lists or the board), finds the parking topic by the
/// bigrams of 停车位, and adds at most 30% to the site's size. The searches themselves run in
/// Chromium (tests/browser/search.mjs).
#[test]
fn search_index_covers_the_records_and_stays_small() {
    let (_dir, out) = build_sample();
    let meta = json(&out, "../search/meta.json");
    // 18 topics, 28 meetings, 3 years, 1 free page, the council (its members by name) and
    // the grids page (their contacts by name, 14.2).
    assert_eq!(meta["records"], 52, "{meta}");
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let mut urls: Vec<String> = Vec::new();
    for n in 0..52usize.div_ceil(chunk) {
        let docs = json(&out, &format!("../search/docs/{n}.json"));
        for d in docs.as_array().unwrap() {
            urls.push(d[0].as_str().unwrap().to_string());
        }
    }
    assert_eq!(urls.len(), 52);
    assert!(urls.contains(&"council/index.html".to_string()), "{urls:?}");
    assert!(urls.contains(&"grids/index.html".to_string()), "{urls:?}");
    assert_eq!(urls.iter().filter(|u| u.starts_with("topics/")).count(), 18);
    assert_eq!(
        urls.iter().filter(|u| u.starts_with("meetings/")).count(),
        28
    );
    assert_eq!(urls.iter().filter(|u| u.starts_with("years/")).count(), 3);
    assert!(urls.contains(&"rules/index.html".to_string()), "{urls:?}");
    // Both bigrams of 停车位 list the parking topic.
    let parking = urls
        .iter()
        .position(|u| u == "topics/2024-03-parking/index.html")
        .unwrap() as u64;
    // A name: 吴桂芳, a council member, is found on the council's record.
    let council = urls.iter().position(|u| u == "council/index.html").unwrap() as u64;
    let files = meta["terms"].as_u64().unwrap() as u32;
    for term in ["吴桂", "桂芳"] {
        let n = yishi::site::search::term_hash(term) & (files - 1);
        let table = json(&out, &format!("../search/terms/{n}.json"));
        let mut record = 0;
        let mut records = Vec::new();
        for pair in table[term].as_array().unwrap().chunks(2) {
            record += pair[0].as_u64().unwrap();
            records.push(record);
        }
        assert!(records.contains(&council), "{term}: {records:?}");
    }
    for term in ["停车", "车位"] {
        let n = yishi::site::search::term_hash(term) & (files - 1);
        let table = json(&out, &format!("../search/terms/{n}.json"));
        let postings = table[term].as_array().unwrap();
        let mut record = 0;
        let mut records = Vec::new();
        for pair in postings.chunks(2) {
            record += pair[0].as_u64().unwrap();
            records.push(record);
        }
        assert!(records.contains(&parking), "{term}: {records:?}");
    }
    let size = |dir: &Path| -> u64 {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.metadata().unwrap().len())
            .sum()
    };
    let index = size(&out.join("search")) - size(&out.join("search/index.html"));
    let rest = size(&out) - index;
    assert!(
        index * 10 <= rest * 3,
        "index {index} bytes vs site {rest} bytes"
    );
    let search = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(search.contains(r#"<script type="module" src="../static/search.js"></script>"#));
    // The page carries what meta.json says, so the script starts with the term files.
    for key in ["terms", "chunk", "records"] {
        let attr = format!(r#"data-{key}="{}""#, meta[key]);
        assert!(search.contains(&attr), "{attr}");
    }
    // Each record's kind, category and year for the filters: 18 topics, 28 meetings, 3 years,
    // then the rules page, the council and the grids.
    let filters = json(&out, "../search/filters.json");
    assert_eq!(
        filters["kind"],
        serde_json::json!([0, 18, 1, 28, 2, 3, 3, 3]),
        "{filters}"
    );
    assert_eq!(filters["category"].as_str().unwrap().chars().count(), 18);
}

/// Spec revision 2 (section 13) in the sample, worked out from the files; today 2025-12-26,
/// posting_days 7 (so objection_days 7), reply_days 15, report_reply_days 30, answer_days 30,
/// absence_limit 3.
#[test]
fn revision_2_objections_reports_money_and_attendance() {
    let (_dir, out) = build_sample();
    // Objections: the parking vote's second item (published 2024-04-20, deadline 04-27),
    // received 04-22, reply due 05-07, answered 04-28 with 再协商; the compact's (published
    // 2025-09-22, deadline 09-29) received 09-25, due 10-10, answered 10-09, 维持.
    let o = json(&out, "objections.json");
    let o = o.as_array().unwrap();
    assert_eq!(o.len(), 2);
    assert_eq!(
        (
            o[0]["meeting"].clone(),
            o[0]["resolution"].clone(),
            o[0]["outcome"].clone()
        ),
        (json!("2024-04-18-parking-vote"), json!(2), json!("再协商"))
    );
    assert_eq!(
        (
            o[0]["reply_due"].clone(),
            o[0]["late"].clone(),
            o[0]["replied_late"].clone()
        ),
        (json!("2024-05-07"), json!(false), json!(false))
    );
    assert_eq!(
        (
            o[1]["meeting"].clone(),
            o[1]["reply_due"].clone(),
            o[1]["outcome"].clone()
        ),
        (
            json!("2025-09-19-resident-compact"),
            json!("2025-10-10"),
            json!("维持")
        )
    );
    // The reopened item keeps "passed" in the tallies; the parking topic stays evaluated.
    let r = json(&out, "resolutions.json");
    let parking2 = r
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["meeting"] == "2024-04-18-parking-vote" && r["index"] == 2)
        .unwrap();
    assert_eq!(
        (parking2["outcome"].clone(), parking2["reopened"].clone()),
        (json!("passed"), json!(true))
    );
    let m = json(&out, "meetings.json");
    let meeting = |id: &str| {
        m.as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    let compact = meeting("2025-09-19-resident-compact");
    assert_eq!(
        (
            compact["objection_deadline"].clone(),
            compact["posting"].clone(),
            compact["objections"].clone()
        ),
        (
            json!("2025-09-29"),
            json!("closed_with_objections"),
            json!(1)
        )
    );
    // Published 2025-12-24: open until 12-31.
    assert_eq!(meeting("2025-12-23-snow-talk")["posting"], "open");
    assert_eq!(
        meeting("2024-01-12-council-regular")["posting"],
        "closed_clear"
    );
    assert_eq!(
        meeting("2025-05-16-elevator-hearing")["posting"],
        Value::Null
    ); // never posted

    // Reports: the compact's 报批 sent 12-08 (18 days), the fee's 提请决定 sent 12-01 (25
    // days): awaiting, not overdue; the 低保's and the elevator's answered.
    let reports = json(&out, "reports.json");
    let reports = reports.as_array().unwrap();
    assert_eq!(reports.len(), 4);
    let report = |topic: &str| {
        reports
            .iter()
            .find(|r| r["topic"] == topic)
            .unwrap()
            .clone()
    };
    let compact = report("2025-07-resident-compact");
    assert_eq!(
        (
            compact["kind"].clone(),
            compact["awaiting"].clone(),
            compact["days_waiting"].clone(),
            compact["reply_overdue"].clone()
        ),
        (json!("报批"), json!(true), json!(18), json!(false))
    );
    assert_eq!(report("2025-06-property-fee")["days_waiting"], 25);
    assert_eq!(
        (
            report("2024-10-dibao-hearing")["awaiting"].clone(),
            report("2024-10-dibao-hearing")["days_waiting"].clone()
        ),
        (json!(false), Value::Null)
    );
    let topics = json(&out, "topics.json");
    let topic = |id: &str| {
        topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(topic("2025-06-property-fee")["awaiting_reply"], true);
    assert_eq!(topic("2025-04-elevator")["awaiting_reply"], false);
    // Raised 2025-11-18, on no meeting, not accepted: 38 days > 30.
    assert_eq!(topic("2025-11-bike-shed")["unanswered"], true);
    assert_eq!(topic("2025-11-bike-shed")["status"], "collected");

    // Money: the speakers' budget 6,000, spent 3,800 at the last report that says: 0.6333.
    let actions = json(&out, "actions.json");
    let speakers = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "speaker-limits")
        .unwrap();
    assert_eq!(
        (
            speakers["budget"].clone(),
            speakers["spent"].clone(),
            speakers["spent_rate"].clone(),
            speakers["over_budget"].clone()
        ),
        (json!(6000.0), json!(3800.0), json!(0.6333), json!(false))
    );

    // Attendance: 14 regular meetings with a record in 赵德明's term (2024: 01-12, 04-18,
    // 06-15, 06-28, 09-20, 10-15, 11-12; 2025: 01-10, 03-14, 04-11, 05-09, 05-30, 06-13,
    // 11-07 — 10-17 has no record, 12-30 is upcoming); absent 04-18 and the last four.
    let council = json(&out, "council.json");
    let member = |name: &str| {
        council
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap()
            .clone()
    };
    let zhao = member("赵德明");
    assert_eq!(
        (
            zhao["regular_meetings"].clone(),
            zhao["attended"].clone(),
            zhao["attendance_rate"].clone()
        ),
        (json!(14), json!(9), json!(0.6429))
    );
    assert_eq!(
        (
            zhao["longest_absence_run"].clone(),
            zhao["current_absence_run"].clone(),
            zhao["flagged"].clone()
        ),
        (json!(4), json!(4), json!(true))
    );
    assert_eq!(member("王建国")["attended"], 14);
    assert_eq!(member("王建国")["flagged"], false);

    // Year figures of revision 2.
    let years = json(&out, "years.json");
    let y = year(&years, 2024);
    assert_eq!(
        (
            y["objections_received"].clone(),
            y["objections_replied_on_time"].clone(),
            y["objections_reply_overdue"].clone()
        ),
        (json!(1), json!(1), json!(0))
    );
    // Posted in 2024: 01-12, 04-18, 06-15, 06-28, 09-20, 10-15, 11-05, 11-12, 12-20; all
    // closed, clear but 04-18 (an objection in time).
    assert_eq!(y["postings_closed_clear"], 8);
    assert_eq!(
        (y["reports_sent"].clone(), y["reports_awaiting"].clone()),
        (json!(1), json!(0))
    );
    assert_eq!(y["months_without_regular_meeting"], Value::Null); // regular_every = quarter
    let y = year(&years, 2025);
    // Posted in 2025 and closed: 01-10, 03-14, 04-11, 04-25, 05-09, 05-30, 06-13, 06-20,
    // 07-18, 11-07 clear; 09-19 with an objection; 12-23 still open.
    assert_eq!(y["postings_closed_clear"], 10);
    assert_eq!(
        (y["reports_sent"].clone(), y["reports_awaiting"].clone()),
        (json!(3), json!(2))
    );
    assert_eq!(y["topics_unanswered"], 1);
    // The speakers' action is due 2026: its money counts there.
    assert_eq!(
        (y["budget_total"].clone(), y["spent_total"].clone()),
        (json!(0.0), json!(0.0))
    );
    let y = year(&years, 2026);
    assert_eq!(
        (y["budget_total"].clone(), y["spent_total"].clone()),
        (json!(6000.0), json!(3800.0))
    );
}

/// What a chat app reads to draw a link card (WeChat, QQ): every page has a title that reads
/// as a card, a description, og:title/description/url/image, a canonical address and an icon;
/// the image is a PNG of the size cards ask for (issue 18).
#[test]
fn every_page_shares_as_a_card() {
    let (_dir, out) = build_sample();
    let site = out.as_path();
    let meta = |html: &str, key: &str| -> Option<String> {
        let at = html
            .find(&format!("property=\"{key}\" content=\""))
            .or_else(|| html.find(&format!("name=\"{key}\" content=\"")))?;
        let rest = &html[at..];
        let start = rest.find("content=\"")? + 9;
        Some(rest[start..start + rest[start..].find('"')?].to_string())
    };
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        if html.contains("sheet-body") {
            continue; // board sheets are printed, not shared
        }
        if html.contains("<meta name=\"robots\" content=\"noindex\">") {
            continue; // the staff's editor and problems page are not for sharing
        }
        pages += 1;
        let rel = path
            .strip_prefix(site)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for key in ["og:title", "og:description", "og:image", "description"] {
            assert!(
                meta(&html, key).is_some_and(|v| !v.is_empty()),
                "{rel}: {key}"
            );
        }
        // The 404 page is served at any missing address: it has no address of its own.
        assert_eq!(meta(&html, "og:url").is_none(), rel == "404.html", "{rel}");
        if rel != "404.html" {
            assert_eq!(
                meta(&html, "og:url").unwrap(),
                format!("https://example.org/xingfuli/{rel}")
            );
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"https://example.org/xingfuli/{rel}\">"
                )),
                "{rel}"
            );
        }
        assert!(html.contains("rel=\"icon\""), "{rel}");
    }
    assert!(pages > 50, "{pages}");
    let topic = std::fs::read_to_string(site.join("topics/2024-03-parking/index.html")).unwrap();
    assert!(
        topic.contains("<title>议题：老旧小区停车难：减少荒废绿地增设车位 · 幸福里社区</title>")
    );
    assert_eq!(
        meta(&topic, "og:description").unwrap(),
        "东区夜间停车占道，消防通道常被堵塞"
    );
    let png = std::fs::read(site.join("static/share.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1200);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 630);
}

/// Which record each kind of published file shows, worked from the sample's file names:
/// the backstop reports a number at that record, and the sitemap dates the page by it.
#[test]
fn each_page_is_traced_to_the_record_it_shows() {
    let options = BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()));
    let (model, _) = yishi::pipeline::check(&Disk::new(env!("CARGO_MANIFEST_DIR")), &options)
        .result
        .expect("the sample checks");
    let of = |page: &str| yishi::site::urls::record_of(&model, page);
    let topic = "content/topics/2024-03-parking.md";
    let meeting = "content/meetings/2024-04-18-parking-vote.md";
    for (page, record) in [
        ("topics/2024-03-parking/index.html", Some(topic)),
        ("topics/2024-03-parking/feed.xml", Some(topic)),
        ("board/progress-2024-03-parking/index.html", Some(topic)),
        ("board/progress-2024-03-parking/a3/index.html", Some(topic)),
        ("meetings/2024-04-18-parking-vote/index.html", Some(meeting)),
        (
            "board/results-2024-04-18-parking-vote/index.html",
            Some(meeting),
        ),
        (
            "board/notice-2024-04-18-parking-vote/index.html",
            Some(meeting),
        ),
        ("years/2025/index.html", Some("content/evaluations/2025.md")),
        ("rules/index.html", Some("content/pages/rules.md")),
        // Lists, other pages and records that do not exist show no one record.
        ("topics/index.html", None),
        ("topics/status/done/index.html", None),
        ("board/index.html", None),
        ("meetings/no-such-meeting/index.html", None),
        ("board/progress-no-such-topic/index.html", None),
        ("years/1999/index.html", None),
        ("search/index.html", None),
        ("index.html", None),
        ("data/topics.json", None),
    ] {
        assert_eq!(of(page).as_deref(), record, "{page}");
    }
}

/// Reports to the supervision committee (spec 14.1), worked out from the files by hand:
/// quarterly since 2024-01-01, due 15 days after each quarter. Today is 2025-12-26, so the
/// quarters owed are 2024-Q1 … 2025-Q4; 2025-Q4 (ends 12-31) is not yet due, 2025-Q3 was
/// due by 10-15 and was reported on 10-14. 2025-Q2 (due 07-15) has no report: missing. The
/// 2024-Q4 report came on 2025-01-20, after 01-15: late.
#[test]
fn supervision_reports_and_the_periods_missing() {
    let (_dir, out) = build_sample();
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(p)).unwrap()).unwrap()
    };
    assert_eq!(
        read("data/site.json")["supervision_missing"],
        json!(["2025-Q2"])
    );
    let reports = read("data/supervision.json");
    let late: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["late"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(late, ["2025-01-20-q4"]);
    assert!(
        reports
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["supplement"] == false)
    );
    let q1 = &reports[4];
    assert_eq!(q1["period_start"], "2025-01-01");
    assert_eq!(q1["period_end"], "2025-03-31");
    assert_eq!(q1["opinion_date"], "2025-04-15");
    let years = read("data/years.json");
    let year = |y: i64| {
        years
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["year"] == y)
            .unwrap()
            .clone()
    };
    assert_eq!(year(2024)["supervision_reports"], 4);
    assert_eq!(year(2024)["supervision_missing"], json!([]));
    assert_eq!(year(2025)["supervision_reports"], 2);
    assert_eq!(year(2025)["supervision_missing"], json!(["2025-Q2"]));
    // The parking topic was named in the 2024-Q1 and 2024-Q2 reports.
    let topics = read("data/topics.json");
    let parking = topics
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "2024-03-parking")
        .unwrap();
    assert_eq!(parking["supervision_reports"], 2);
    assert_eq!(parking["last_supervised"], "2024-07-12");
    let page = std::fs::read_to_string(out.join("supervision/index.html")).unwrap();
    assert!(page.contains("尚未报告"), "{page}");
    assert!(page.contains("2025年第二季度"));
    assert!(page.contains("监督意见"));
    let topic = std::fs::read_to_string(out.join("topics/2024-03-parking/index.html")).unwrap();
    assert!(topic.contains("2024年7月12日"));
}

/// Evaluation when the work is done (spec 14.3), worked out by hand: the stairwell lights'
/// last action reached 100 on 2025-03-25; the third-party evaluation of 2025-04-20 rates
/// them after that, so it counts (status evaluated, 38 / 40 = 0.95). The festival's work
/// was done on 2025-01-25, on or after evaluate_since (2025-01-01), and 335 days before
/// today (2025-12-26) > 90: its evaluation is due. The stone tables were done in 2024,
/// before evaluate_since: nothing is owed.
#[test]
fn project_evaluations_and_evaluations_due() {
    let (_dir, out) = build_sample();
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(p)).unwrap()).unwrap()
    };
    let topics = read("data/topics.json");
    let topic = |id: &str| {
        topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    let lights = topic("2024-09-stairwell-lights");
    assert_eq!(lights["status"], "evaluated");
    assert_eq!(lights["evaluations"], json!(["2025-04-stairwell-lights"]));
    assert_eq!(lights["satisfaction_rate"], 0.95);
    assert_eq!(topic("2024-12-festival")["evaluation_due"], true);
    assert_eq!(topic("2024-06-stone-tables")["evaluation_due"], false);
    // The parking topic keeps its yearly rating (2024-12-27, after 2024-10-30).
    assert_eq!(topic("2024-03-parking")["evaluations"], json!(["2024"]));
    let evaluations = read("data/evaluations.json");
    let kinds: Vec<(&str, &str)> = evaluations
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("2024", "year"),
            ("2025", "year"),
            ("2025-04-stairwell-lights", "project")
        ]
    );
    assert_eq!(evaluations[2]["third_party"], true);
    assert_eq!(evaluations[2]["year"], Value::Null);
    let years = read("data/years.json");
    let year = |y: i64| {
        years
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["year"] == y)
            .unwrap()
            .clone()
    };
    assert_eq!(year(2025)["project_evaluations"], 1);
    assert_eq!(year(2025)["third_party_evaluations"], 1);
    // The festival was raised in 2024.
    assert_eq!(year(2024)["topics_evaluation_due"], 1);
    assert_eq!(year(2025)["topics_evaluation_due"], 0);
    let page = std::fs::read_to_string(out.join("evaluations/2025-04-stairwell-lights/index.html"))
        .unwrap();
    assert!(
        page.contains("第三方评估") && page.contains("明德社会工作服务中心"),
        "{page}"
    );
    let list = std::fs::read_to_string(out.join("evaluations/index.html")).unwrap();
    assert!(list.contains("楼道声控灯更换工程完工评议") && list.contains("2025 年度民主评议"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("待评议") && home.contains("春节邻里联欢活动安排"),
        "{home}"
    );
}

/// Grids and visits (spec 14.2), worked out from the files by hand. Four grids owed a visit
/// every month since 2025-01-01; today is 2025-12-26, so January–November are owed (December
/// is still running). 第二网格 was not visited in June, 第四网格 not in November (the month
/// before today's: a warning). 黄建平 answered for 第四网格 until 2025-08-31, so only 孙丽萍 is
/// its contact today; feedback was given in March, June and September.
#[test]
fn grids_contacts_and_months_without_a_visit() {
    let (_dir, out) = build_sample();
    let read = |p: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(out.join(p)).unwrap()).unwrap()
    };
    let grids = read("data/grids.json");
    let g = |id: &str| {
        grids
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(g("g1")["contacts"], json!(["张秀兰"]));
    assert_eq!(g("g2")["contacts"], json!(["陈晓燕"]));
    assert_eq!(g("g4")["contacts"], json!(["孙丽萍"]));
    assert_eq!(
        (
            g("g1")["visits"].clone(),
            g("g2")["visits"].clone(),
            g("g4")["visits"].clone()
        ),
        (json!(11), json!(10), json!(10))
    );
    assert_eq!(g("g1")["months_without_visit"], json!([]));
    assert_eq!(g("g2")["months_without_visit"], json!(["2025-06"]));
    assert_eq!(g("g4")["months_without_visit"], json!(["2025-11"]));
    assert_eq!(g("g2")["feedback_visits"], 2); // March and September; no visit in June
    assert_eq!(
        g("g2")["topics"],
        json!(["2025-04-elevator", "2025-06-neighbour-leak"])
    );
    assert_eq!(g("g2")["topics_open"], json!(["2025-04-elevator"])); // the leak is evaluated
    let staff = read("data/staff.json");
    assert_eq!(staff[1]["name"], "黄建平");
    assert_eq!(staff[1]["visits"], 8); // January–August
    let years = read("data/years.json");
    let y2025 = years
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["year"] == 2025)
        .unwrap();
    assert_eq!(y2025["visits"], 42); // 11 + 10 + 11 + 10
    assert_eq!(y2025["grid_months_without_visit"], 2);
    let page = std::fs::read_to_string(out.join("grids/index.html")).unwrap();
    assert!(
        page.contains("第四网格") && page.contains("孙丽萍（委员）"),
        "{page}"
    );
    assert!(!page.contains("黄建平"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("grids/index.html"));
    let topic = std::fs::read_to_string(out.join("topics/2025-04-elevator/index.html")).unwrap();
    assert!(topic.contains("第二网格（7—12 号楼）"));
    // The topic list's grid filter: 第二网格 has the elevator and the leak.
    let list = std::fs::read_to_string(out.join("topics/grid/g2/index.html")).unwrap();
    assert!(
        list.contains("老楼加装电梯的费用分摊") && list.contains("楼上漏水"),
        "{list}"
    );
    assert!(!list.contains("建设电动自行车集中充电棚"));
    // The grid sheet for the buildings' notice boards: open topics with their progress;
    // the leak, completed 2025-07-05, more than 90 days ago, is no longer on it.
    let sheet = std::fs::read_to_string(out.join("board/grid-g2/index.html")).unwrap();
    assert!(
        sheet.contains("片区公示") && sheet.contains("陈晓燕（网格员）"),
        "{sheet}"
    );
    assert!(sheet.contains("落实中 45%") && !sheet.contains("楼上漏水"));
}
