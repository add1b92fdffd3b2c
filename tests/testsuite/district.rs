//! The district view on the sample district (`district/`: 幸福里 = the main sample, plus
//! 和平里 and 光明里), with figures worked out by hand from their files; and a broken
//! community stopping the whole district with paths from the district root.

use std::path::{Path, PathBuf};

use serde_json::Value;
use yishi::input::source::Disk;
use yishi::pipeline::BuildOptions;

/// A district built into `out`, on the day its district.toml pins (2025-12-26).
fn options(out: PathBuf) -> BuildOptions {
    BuildOptions {
        out,
        ..BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()))
    }
}

fn build_sample_district() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("district");
    let report = yishi::pipeline::build(&Disk::new(&root), &options(out.clone()));
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    (dir, out)
}

fn json(out: &Path, rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join(rel)).unwrap()).unwrap()
}

#[test]
fn the_overview_figures_worked_by_hand() {
    let (_dir, out) = build_sample_district();
    let rows = json(&out, "data/communities.json");
    let row = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(rows.as_array().unwrap().len(), 3);

    // 光明里: 2 topics; the property topic is implementing (its repairs action, due
    // 2025-09-30 at 40%, is overdue), the playground completed. Due in 2025: plan (done
    // 06-10 ≤ 06-15), repairs (overdue), rebuild (done 10-28 ≤ 10-31): 2/3. No evaluation.
    // Last held meeting 2025-06-20 (the 2026-01-09 one is upcoming).
    let g = row("guangming");
    assert_eq!(
        (
            g["topics"].as_u64(),
            g["open_topics"].as_u64(),
            g["overdue_actions"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(g["on_time_rate"], 0.6667);
    assert_eq!(g["satisfaction"], Value::Null);
    assert_eq!(g["last_meeting_date"], "2025-06-20");
    assert_eq!(g["url"], "guangming/index.html");

    // 和平里: elevator implementing (install due 11-30 at 50%: overdue), corridor rated
    // and done (evaluated), parking gate decided (the 09-19 vote had 7 of 11: no quorum;
    // 12-12 passed), heating collected: 3 open. Due 2025: consent ✓, install ✗, clear ✓ = 2/3.
    // Satisfaction (60 + 18) / 88 = 0.8864. Last meeting 2025-12-12.
    let h = row("heping");
    assert_eq!(
        (
            h["topics"].as_u64(),
            h["open_topics"].as_u64(),
            h["overdue_actions"].as_u64()
        ),
        (Some(4), Some(3), Some(1))
    );
    assert_eq!(h["on_time_rate"], 0.6667);
    assert_eq!(
        (h["satisfaction"].as_f64(), h["satisfaction_year"].as_i64()),
        (Some(0.8864), Some(2025))
    );
    assert_eq!(h["last_meeting_date"], "2025-12-12");

    // 幸福里: the figures of tests/sample.rs (docs/sample-figures.md): 18 topics, 2025
    // on-time 5 of 8, satisfaction (110 + 20) / 136 = 0.9559.
    let x = row("xingfuli");
    assert_eq!(x["topics"], 18);
    assert_eq!(x["on_time_rate"], 0.625);
    assert_eq!(x["satisfaction"], 0.9559);

    // The district's own on-time rate is (2 + 2 + 5) / (3 + 3 + 8) = 9/14 = 64.3%, not the
    // mean of the three rates.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<dd>64.3%</dd>"), "district on-time rate");
    assert!(home.contains(r#"<a href="heping/index.html">和平里社区</a>"#));
}

#[test]
fn each_community_is_built_beneath_the_district_and_the_data_concatenated() {
    let (_dir, out) = build_sample_district();
    for id in ["xingfuli", "heping", "guangming"] {
        assert!(out.join(id).join("index.html").exists(), "{id}");
        assert!(out.join(id).join("search/index.html").exists(), "{id}");
    }
    // Every community page links back to the overview, relative to its own depth.
    let home = std::fs::read_to_string(out.join("heping/index.html")).unwrap();
    assert!(home.contains(r#"<a class="district-home" href="../index.html">全部社区</a>"#));
    let topic =
        std::fs::read_to_string(out.join("heping/topics/2025-03-elevator-b2/index.html")).unwrap();
    assert!(topic.contains(r#"<a class="district-home" href="../../../index.html">全部社区</a>"#));
    assert!(
        out.join("heping/topics/2025-03-elevator-b2/../../../index.html")
            .exists()
    );
    // Addresses: each community under the district's base_url.
    let feed = std::fs::read_to_string(out.join("heping/feed.xml")).unwrap();
    assert!(feed.contains("https://example.org/youyilu/heping/topics/"));
    // 18 + 4 + 2 topics, each with its community first and its address from the district root.
    let topics = json(&out, "data/topics.json");
    let topics = topics.as_array().unwrap();
    assert_eq!(topics.len(), 24);
    let first = topics[0].as_object().unwrap();
    assert_eq!(first.keys().next().map(String::as_str), Some("community"));
    assert_eq!(
        first["url"],
        "guangming/topics/2025-04-property-service/index.html"
    );
    assert!(out.join(first["url"].as_str().unwrap()).exists());
    let meetings = json(&out, "data/meetings.json");
    assert_eq!(meetings.as_array().unwrap().len(), 28 + 5 + 3);
    let sites = json(&out, "data/site.json");
    assert_eq!(sites.as_array().unwrap().len(), 3);
    // Each line's `community` is the folder, as in every district file (the other files
    // join on it); the community's name, its own site.json's `community`, is beside it.
    let heping = &sites[1];
    assert_eq!(heping["community"], "heping");
    assert_eq!(heping["community_name"], "和平里社区");
    let raw = std::fs::read_to_string(out.join("data/site.json")).unwrap();
    assert_eq!(raw.matches("\"community\":").count(), 3, "one key a line");
    // CSV: a community column first, BOM kept, addresses relocated.
    let csv = std::fs::read_to_string(out.join("data/topics.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}community,id,title,"));
    assert!(csv.contains("\r\nheping,2025-03-elevator-b2,2 号楼加装电梯,"));
    assert!(csv.contains(",heping/topics/2025-03-elevator-b2/index.html,"));
    // Attachments keep their path in the community and get a district address.
    let attachments = json(&out, "data/attachments.json");
    let photo = attachments
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == "attachments/2025/road-main-done.jpg")
        .unwrap();
    assert_eq!(photo["url"], "xingfuli/attachments/2025/road-main-done.jpg");
    assert_eq!(
        photo["thumbnail"],
        "xingfuli/thumbs/2025/road-main-done.jpg"
    );
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_broken_community_stops_the_district_and_is_named_from_its_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("district");
    let site = "title = \"t\"\ncommunity = \"c\"\n";
    write(&root, "communities/good/site.toml", site);
    write(&root, "communities/bad/site.toml", site);
    write(
        &root,
        "communities/bad/content/topics/x.md",
        "+++\ntitle = \"x\"\ncategory = \"公益\"\nraised = 2025-01-01\n+++\n",
    );
    write(&root, "communities/Bad Name/site.toml", site);
    let out = dir.path().join("site");
    std::fs::create_dir_all(&out).unwrap();
    // A site an earlier build made (marked as such, or yishi would not replace it).
    std::fs::write(out.join(yishi::plumbing::output::MARKER), "yishi 0.1.0\n").unwrap();
    std::fs::write(out.join("keep.txt"), "previous site").unwrap();
    let report = yishi::pipeline::build(&Disk::new(&root), &options(out.clone()));
    assert_eq!(report.exit_code(false), 1);
    let rendered: Vec<String> = report.diagnostics.iter().map(|d| d.render()).collect();
    let text = rendered.join("");
    assert!(
        text.contains("communities/bad/content/topics/x.md:3:12: error[vocabulary]"),
        "{text}"
    );
    assert!(
        text.contains("communities/Bad Name: error[bad-id]"),
        "{text}"
    );
    assert!(text.contains("rename it to communities/bad-name"), "{text}");
    // Nothing written: the previous output is as it was.
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "previous site"
    );
    assert!(!out.join("good").exists());
    // check reports the same.
    let checked = yishi::pipeline::check(&Disk::new(&root), &options(out));
    assert_eq!(checked.exit_code(false), 1);
    assert_eq!(checked.diagnostics.len(), report.diagnostics.len());
}

/// A community folder that links out of the repository is not built (an error); one that
/// links inside it — as the sample district's 幸福里 links the project's sample — is.
#[cfg(unix)]
#[test]
fn a_community_linked_from_outside_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "site.toml",
        "title = \"t\"\ncommunity = \"外\"\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("district");
    write(
        &root,
        "communities/good/site.toml",
        "title = \"t\"\ncommunity = \"c\"\n",
    );
    std::os::unix::fs::symlink(outside.path(), root.join("communities/away")).unwrap();
    let out = dir.path().join("site");
    let report = yishi::pipeline::build(&Disk::new(&root), &options(out.clone()));
    assert_eq!(report.exit_code(false), 1);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.path == "communities/away" && d.code == "linked-folder"),
        "{:#?}",
        report.diagnostics
    );
    assert!(!out.exists());
}

/// A district's static/ is published at its root, except where the district site puts its
/// own files: its pages, data/, static/ and each community's folder.
#[test]
fn district_static_files_never_replace_what_the_district_site_makes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("district");
    write(
        &root,
        "communities/good/site.toml",
        "title = \"t\"\ncommunity = \"c\"\nbase_url = \"https://example.org/good/\"\n",
    );
    write(&root, "static/CNAME", "yishi.example.org\n");
    write(&root, "static/other/x.txt", "x");
    let out = dir.path().join("site");
    let report = yishi::pipeline::build(&Disk::new(&root), &options(out.clone()));
    assert_eq!(report.exit_code(false), 0, "{:#?}", report.diagnostics);
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "yishi.example.org\n"
    );
    assert!(out.join("other/x.txt").is_file());
    for taken in [
        "index.html",
        "404.html",
        "good/x.txt",
        "data/a.json",
        "static/a.css",
    ] {
        write(&root, &format!("static/{taken}"), "x");
        let report = yishi::pipeline::check(&Disk::new(&root), &options(out.clone()));
        let found: Vec<(&str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.code, d.path.as_str()))
            .collect();
        assert_eq!(
            found,
            [("static-collision", &*format!("static/{taken}"))],
            "{taken}"
        );
        assert!(report.diagnostics[0].message.zh.contains("街道网站"));
        std::fs::remove_file(root.join("static").join(taken)).unwrap();
    }
}

/// A district is one repository of many communities, on disk or in memory: checked from
/// memory, each community is checked by the same stages, its problems reported from the
/// district root, and the report speaks the district's language.
#[test]
fn a_district_in_memory_is_checked_like_one_on_disk() {
    let topic = "+++\ntitle = \"路灯\"\ncategory = \"其他\"\nraised = 2025-01-02\n+++\n正文\n";
    let memory = yishi::input::source::Memory::new([
        (
            "district.toml",
            "title = \"D\"\nlanguage = \"en\"\ntoday = 2025-06-01\n",
        ),
        (
            "communities/a/site.toml",
            "title = \"A\"\ncommunity = \"甲\"\n",
        ),
        ("communities/a/content/topics/t.md", topic),
        (
            "communities/b/site.toml",
            "title = \"B\"\ncommunity = \"乙\"\n",
        ),
        (
            "communities/b/content/topics/t.md",
            "+++\ntitle = \"x\"\n+++\n",
        ),
        ("communities/notes.txt", "not a community"),
    ]);
    let options = BuildOptions::new(yishi::settings::Given::at(chrono::Utc::now()));
    let report = yishi::pipeline::check(&memory, &options);
    let errors: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == yishi::diagnostics::Severity::Error)
        .map(|d| d.path.as_str())
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|p| *p == "communities/b/content/topics/t.md"),
        "{errors:?}"
    );
    assert_eq!(
        report.settings.staff_language,
        yishi::model::Language::En,
        "district.toml's language"
    );
    assert_eq!(
        report.settings.today,
        chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    );
}
