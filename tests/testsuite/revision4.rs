//! Spec revision 4 (section 15) on a small community transcribed the way real villages and
//! communities publish their records, built in memory and worked out by hand: decisions
//! without counts, what a source leaves out, a binding hearing, a household vote, an owners'
//! vote, a proposal's budget, a joint posting.

use serde_json::{Value, json};
use yishi::pipeline::community;

const SITE: &str = "title = \"龙屋村公开栏\"\ncommunity = \"龙屋村\"\nissuer = \"龙屋村村民委员会\"\n\n[rules]\nregular_kinds = []\n";

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/council.toml",
            "[[members]]\nname = \"王建国\"\nrole = \"主任\"\n\n[[members]]\nname = \"李冬浩\"\nrole = \"委员\"\nstanding = true\n",
        ),
        // Raised on a day the source does not give: dated by the meeting that lists it.
        (
            "content/topics/monitor.md",
            "+++\ntitle = \"监控系统安装\"\ncategory = \"公益事业\"\nunrecorded = [\"raised\"]\nbudget = 86000.50\nfunding = \"一事一议财政奖补\"\n+++\n",
        ),
        (
            "content/topics/road.md",
            "+++\ntitle = \"村道硬化\"\ncategory = \"公益事业\"\nraised = 2016-07-01\n+++\n",
        ),
        (
            "content/topics/shelter.md",
            "+++\ntitle = \"避雨亭维修\"\ncategory = \"公益事业\"\nraised = 2016-07-02\n+++\n",
        ),
        (
            "content/topics/elevator.md",
            "+++\ntitle = \"3 号楼加装电梯\"\ncategory = \"公益事业\"\nraised = 2016-07-03\n+++\n",
        ),
        (
            "content/topics/waste.md",
            "+++\ntitle = \"垃圾分类\"\ncategory = \"公益事业\"\nraised = 2016-07-04\n+++\n",
        ),
        // A hearing the village declared binding, recorded without counts or an hour.
        (
            "content/meetings/2016-08-04-hearing.md",
            "+++\ntitle = \"一事一议听证会\"\nkind = \"民主听证会\"\nadvisory = false\nstart = 2016-08-04\nunrecorded = [\"time\", \"expected\", \"place\", \"published\"]\npresent = 10\ntopics = [\"monitor\"]\nissued_by = [\"龙屋村党总支\", \"龙屋村村民委员会\"]\n\n[[resolutions]]\ntext = \"同意实施龙屋小区监控系统安装工程\"\nmethod = \"举手表决\"\ndeclared = \"通过\"\n+++\n",
        ),
        // A door-to-door household vote.
        (
            "content/meetings/2016-09-01-households.md",
            "+++\ntitle = \"村道硬化入户表决\"\nkind = \"居民代表会议\"\nstart = 2016-09-01T09:00:00\nplace = \"各户\"\nunit = \"户\"\nexpected = 1100\npresent = 1062\npublished = 2016-09-03\ntopics = [\"road\"]\n\n[[resolutions]]\ntext = \"同意村道硬化\"\nmethod = \"入户签字\"\nyes = 1000\nno = 40\nabstain = 22\n+++\n",
        ),
        // Put off: nothing decided.
        (
            "content/meetings/2016-09-10-deferred.md",
            "+++\ntitle = \"避雨亭维修议事会\"\nkind = \"民主议事会\"\nstart = 2016-09-10T19:00:00\nplace = \"村委会\"\nexpected = 15\npresent = 12\npublished = 2016-09-12\ntopics = [\"shelter\"]\n\n[[resolutions]]\ntext = \"避雨亭维修暂缓\"\nmethod = \"举手表决\"\ndeclared = \"暂缓\"\n+++\n",
        ),
        // The owners of 3 号楼 decide under 民法典 第二百七十八条.
        (
            "content/meetings/2016-10-01-owners.md",
            "+++\ntitle = \"3 号楼业主表决\"\nkind = \"民主议事会\"\nstart = 2016-10-01T19:00:00\nplace = \"3 号楼\"\npublished = 2016-10-02\ntopics = [\"elevator\"]\n\n[[resolutions]]\ntext = \"同意 3 号楼 2 单元加装电梯\"\nunit = \"业主\"\nmatter = \"改建重建\"\nowners = 24\narea = 2160.5\nowners_voting = 22\narea_voting = 1987.3\nowners_yes = 18\narea_yes = 1650.2\n+++\n",
        ),
        // A council meeting that may only consult.
        (
            "content/meetings/2016-10-20-consult.md",
            "+++\ntitle = \"联席会\"\nkind = \"民主议事会\"\nadvisory = true\nstart = 2016-10-20T19:00:00\nplace = \"村委会\"\nexpected = 9\npresent = 9\npublished = 2016-10-21\ntopics = [\"waste\"]\n\n[[resolutions]]\ntext = \"建议推行垃圾分类\"\nmethod = \"举手表决\"\nyes = 9\nno = 0\nabstain = 0\n+++\n",
        ),
    ]
}

fn build() -> Vec<yishi::plumbing::output::OutputFile> {
    let today = chrono::NaiveDate::from_ymd_opt(2016, 12, 31).unwrap();
    let (diagnostics, out) = community::build_in_memory(SITE, &files(), today);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == yishi::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    out.unwrap_or_else(|| panic!("{diagnostics:#?}"))
}

fn file<'a>(out: &'a [yishi::plumbing::output::OutputFile], path: &str) -> &'a [u8] {
    &out.iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} not written"))
        .bytes
}

fn json(out: &[yishi::plumbing::output::OutputFile], path: &str) -> Value {
    serde_json::from_slice(file(out, path)).unwrap()
}

fn text(out: &[yishi::plumbing::output::OutputFile], path: &str) -> String {
    String::from_utf8(file(out, path).to_vec()).unwrap()
}

#[test]
fn records_say_what_they_say_in_open_data() {
    let out = build();
    let resolutions = json(&out, "data/resolutions.json");
    let r = |meeting: &str| {
        resolutions
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["meeting"] == meeting)
            .unwrap()
            .clone()
    };
    // Declared 通过 at a hearing the village made binding: passed, no counts, quorum unknown.
    let hearing = r("2016-08-04-hearing");
    assert_eq!(hearing["outcome"], "passed");
    assert_eq!(hearing["declared"], "通过");
    assert_eq!(hearing["advisory"], false);
    assert_eq!(
        (
            &hearing["yes"],
            &hearing["expected"],
            &hearing["quorum_met"]
        ),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    // Households: 1062 × 3 ≥ 1100 × 2, 1000 × 2 > 1062: passed, in 户.
    let households = r("2016-09-01-households");
    assert_eq!(households["unit"], "户");
    assert_eq!(households["outcome"], "passed");
    // 暂缓: deferred, passed null.
    let deferred = r("2016-09-10-deferred");
    assert_eq!(deferred["outcome"], "deferred");
    assert_eq!(deferred["passed"], Value::Null);
    assert_eq!(deferred["quorum_met"], true); // 12 × 3 ≥ 15 × 2
    // The owners: 22/24 (66 ≥ 48) and 1,987.3/2,160.5 m² (5,961.9 ≥ 4,321) took part;
    // 18/22 (72 ≥ 66) and 1,650.2/1,987.3 (6,600.8 ≥ 5,961.9) agreed: 3/4 by both.
    let owners = r("2016-10-01-owners");
    assert_eq!(owners["unit"], "业主");
    assert_eq!(owners["matter"], "改建重建");
    assert_eq!(owners["participation_met"], true);
    assert_eq!(owners["outcome"], "passed");
    assert_eq!(owners["area_yes"], 1650.2);
    assert_eq!(owners["participation_met"], owners["quorum_met"]);
    // A 民主议事会 that may only consult: advice.
    assert_eq!(r("2016-10-20-consult")["outcome"], "advisory");

    let meetings = json(&out, "data/meetings.json");
    let m = |id: &str| {
        meetings
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    let hearing = m("2016-08-04-hearing");
    assert_eq!(hearing["start"], "2016-08-04");
    assert_eq!(hearing["record_pending"], false);
    assert_eq!(hearing["late"], Value::Null);
    assert_eq!(hearing["posting"], Value::Null);
    assert_eq!(hearing["place"], Value::Null);
    assert_eq!(hearing["expected"], Value::Null);
    assert_eq!(hearing["present"], 10);
    assert_eq!(hearing["attendance_rate"], Value::Null);
    assert_eq!(
        hearing["issued_by"],
        json!(["龙屋村党总支", "龙屋村村民委员会"])
    );
    assert_eq!(
        m("2016-09-01-households")["issued_by"],
        json!(["龙屋村村民委员会"])
    );
    // The owners' meeting needs no counts and is not pending.
    assert_eq!(m("2016-10-01-owners")["record_pending"], false);

    let topics = json(&out, "data/topics.json");
    let t = |id: &str| {
        topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(t("monitor")["raised"], Value::Null);
    assert_eq!(t("monitor")["budget"], 86000.5);
    assert_eq!(t("monitor")["status"], "decided");
    assert_eq!(t("shelter")["status"], "deliberating"); // deferred decides nothing
    assert_eq!(t("waste")["status"], "deliberating"); // advice decides nothing

    let years = json(&out, "data/years.json");
    let y = years
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2016)
        .unwrap();
    // Passed: the hearing, the households, the owners; advice: the consultation.
    assert_eq!(y["resolutions_passed"], 3);
    assert_eq!(y["resolutions_deferred"], 1);
    assert_eq!(y["resolutions_advisory"], 1);
    // The monitor topic is dated by its meeting (2016-08-04) and left out of the median:
    // road 62 (07-01 → 09-01), elevator 90 (07-03 → 10-01).
    assert_eq!(y["median_days_to_resolution"], 76.0);
    assert_eq!(y["topic_budget_total"], 86000.5);
    assert_eq!(y["budget_total"], 0.0);
    // Attendance: households 1062/1100, deferred 12/15, consultation 9/9; not the hearing
    // (expected unrecorded) nor the owners' vote: 1083 / 1124.
    assert_eq!(y["attendance_rate"], 0.9635);
    // No regular kinds: nothing owed.
    assert_eq!(y["quarters_without_regular_meeting"], json!([]));

    let council = json(&out, "data/council.json");
    let members = council.as_array().unwrap();
    assert_eq!(members[0]["standing"], Value::Null);
    assert_eq!(members[1]["standing"], true);

    // The calendar: the hearing is an all-day event without a place.
    let ics = text(&out, "meetings.ics").replace("\r\n ", "");
    let hearing = ics
        .split("BEGIN:VEVENT")
        .find(|e| e.contains("2016-08-04-hearing@"))
        .unwrap();
    assert!(
        hearing.contains("DTSTART;VALUE=DATE:20160804\r\n"),
        "{hearing}"
    );
    assert!(!hearing.contains("LOCATION:"), "{hearing}");
}

#[test]
fn pages_say_what_the_record_says_and_no_more() {
    let out = build();
    let hearing = text(&out, "meetings/2016-08-04-hearing/index.html");
    assert!(
        hearing.contains("会议宣布通过（记录未载明票数）"),
        "{hearing}"
    );
    assert!(hearing.contains("原记录未载明"));
    assert!(!hearing.contains("倾向性意见"), "binding by its own record");
    assert!(
        !hearing.contains("逾期"),
        "nothing is late when the source does not say"
    );
    assert!(!hearing.contains("公示期满无异议"));
    assert!(
        !hearing.contains("class=\"chart-box\""),
        "no tally chart without counts"
    );
    assert!(hearing.contains("龙屋村党总支、龙屋村村民委员会") || hearing.contains("龙屋村党总支"));
    assert!(!hearing.contains("0:00"), "no invented hour");

    let households = text(&out, "meetings/2016-09-01-households/index.html");
    assert!(
        households.contains("应到 1100 户，实到 1062 户"),
        "{households}"
    );
    assert!(households.contains("赞成 1000 户"));
    assert!(!households.contains("1000 票"));

    let owners = text(&out, "meetings/2016-10-01-owners/index.html");
    assert!(owners.contains("18/22"), "{owners}");
    assert!(owners.contains("1,650.2/1,987.3"));
    assert!(owners.contains("人数达到三分之二以上，面积达到三分之二以上"));
    assert!(
        owners.contains("人数达到参与表决的四分之三以上，面积达到参与表决的四分之三以上，决议通过")
    );

    let deferred = text(&out, "meetings/2016-09-10-deferred/index.html");
    assert!(
        deferred.contains("会议宣布暂缓（记录未载明票数）"),
        "{deferred}"
    );

    // Every summary counts advice as advice: the consultation is never "通过 1/1".
    let home = text(&out, "index.html");
    let list = text(&out, "meetings/index.html");
    for page in [&home, &list] {
        if let Some(at) = page.find("联席会</a>") {
            let near = &page[at..];
            let near = &near[..near.find("</li>").unwrap_or(near.len())];
            assert!(!near.contains("通过 1/1"), "{near}");
        }
    }
    assert!(home.contains("通过 0/1 · 倾向性意见 1"), "{home}");

    let topic = text(&out, "topics/monitor/index.html");
    assert!(topic.contains("原记录未载明"), "{topic}");
    assert!(topic.contains("86,000.50"));

    let council = text(&out, "council/index.html");
    assert!(
        !council.contains(">否<"),
        "unknown standing is shown as nothing"
    );
}
