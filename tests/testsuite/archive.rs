//! `yishi archive YEAR` (spec 14.4): the sample's volumes of 2025 and 2024 worked out by hand
//! from its files, what an archivist checks (the catalogue, the sums, a second run), and
//! every refusal with the file and line it names.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use yishi::plumbing::hash::sha256_hex;

fn yishi() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yishi"));
    c.env_remove("YISHI_TODAY")
        .env("NO_COLOR", "1")
        .env("YISHI_LANG", "en");
    c
}

fn archive(root: &Path, year: &str, out: &Path, extra: &[&str]) -> Output {
    yishi()
        .args(["archive", year, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

/// Every file under `dir` by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn sample() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The catalogue's rows, BOM and header checked.
fn catalogue(volume: &BTreeMap<String, Vec<u8>>) -> Vec<Vec<String>> {
    let csv = &volume["目录.csv"];
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark first"
    );
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["件号", "档号", "责任者", "题名", "日期", "件数", "备注"]
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_sample_volume_of_2025() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2025");
    let run = archive(sample(), "2025", &out, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let volume = tree(&out);
    let rows = catalogue(&volume);
    // By hand from content/ (today 2025-12-26, site.toml): 16 meetings start in 2025, less
    // the one on 12-30 still to come = 15; 10 topics raised in 2025; 2 evaluations dated in
    // it (the stairwell lights' on 04-20, the yearly file on 12-20); 3 supervision reports
    // dated in it (01-20, 04-08, 10-14); 42 visits.
    assert_eq!(rows.len(), 15 + 10 + 2 + 3 + 42);
    let kind = |code: &str| rows.iter().filter(|r| r[1].contains(code)).count();
    assert_eq!(
        kind("-Y-"),
        15 + 2,
        "meetings and evaluations are kept for ever"
    );
    assert_eq!(
        kind("-D30-"),
        10 + 3,
        "topics and supervision reports for 30 years"
    );
    assert_eq!(kind("-D10-"), 42, "visits for 10 years");
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], (i + 1).to_string());
        assert!(row[1].starts_with("J108-2025-") && row[1].ends_with(&format!("-{:04}", i + 1)));
        assert_eq!(row[2], "幸福里社区居民委员会");
        assert!(row[4].starts_with("2025") && row[4].len() == 8, "{row:?}");
        assert_eq!(row[5], "0", "no 2025 record refers to an attachment");
    }
    let dates: Vec<&String> = rows.iter().map(|r| &r[4]).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "ordered by date");
    let row = |title: &str| {
        rows.iter()
            .find(|r| r[3] == title)
            .unwrap_or_else(|| panic!("{title}"))
    };
    assert_eq!(
        row("2025 年第一季度协商议事委员会例会（扩大会议）")[..5],
        [
            "1",
            "J108-2025-Y-0001",
            "幸福里社区居民委员会",
            "2025 年第一季度协商议事委员会例会（扩大会议）",
            "20250110"
        ]
    );
    assert_eq!(row("2024年第四季度决策执行情况报告")[4], "20250120");
    assert_eq!(row("2025 年第四季度协商议事委员会例会")[6], "已取消");
    assert_eq!(row("2025年度民主评议")[4], "20251220");
    assert_eq!(row("楼道声控灯更换工程完工评议")[4], "20250420");
    assert!(
        rows.iter()
            .all(|r| r[3] != "冬季食堂文明养犬宣传会" && r[4] != "20251230")
    );
    // On one day, a meeting before a visit (03-14), and a meeting before an evaluation (12-20).
    let on = |d: &str| {
        rows.iter()
            .filter(|r| r[4] == d)
            .map(|r| r[3].as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        on("20250314"),
        ["关于垃圾分类投放点的民主议事会", "第一网格入户走访记录"]
    );
    assert_eq!(
        on("20251220"),
        ["2025 年度社区协商工作民主评议会", "2025年度民主评议"]
    );

    // Each item's folder: its page, its source file as it is in the repository.
    let first = &volume["0001/index.html"];
    assert!(String::from_utf8_lossy(first).contains("扩大会议"));
    assert_eq!(
        volume["0001/2025-01-10-council-regular.md"],
        fs::read(sample().join("content/meetings/2025-01-10-council-regular.md")).unwrap()
    );
    let visit = String::from_utf8_lossy(&volume["0002/index.html"]).into_owned();
    assert!(
        visit.contains("第一网格入户走访记录") && visit.contains("走访户数"),
        "a visit's page shows its counts"
    );
    let report = String::from_utf8_lossy(&volume["0005/index.html"]).into_owned();
    assert!(report.contains("2024年第四季度决策执行情况报告") && report.contains("李冬浩"));
    for (path, bytes) in volume.iter().filter(|(p, _)| p.ends_with("/index.html")) {
        self_contained(&out, path, &String::from_utf8_lossy(bytes));
    }
    sums_hold(&volume);

    // The same content and today: the same bytes, into another folder and over the first.
    let again = dir.path().join("again");
    assert_eq!(
        archive(sample(), "2025", &again, &[]).status.code(),
        Some(0)
    );
    assert!(tree(&again) == volume, "a second run is byte-identical");
    assert_eq!(archive(sample(), "2025", &out, &[]).status.code(), Some(0));
    assert!(
        tree(&out) == volume,
        "a run over its own volume replaces it with the same"
    );
}

/// A page of the volume needs nothing outside its folder: no script, no stylesheet or icon to
/// fetch, and every address it embeds or links within the volume names a file beside it.
fn self_contained(out: &Path, path: &str, html: &str) {
    assert!(!html.contains("<script"), "{path}: a script");
    for link in html
        .match_indices("<link")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
    {
        assert!(link.contains("rel=\"canonical\""), "{path}: {link}");
    }
    let folder = out.join(Path::new(path).parent().unwrap());
    for attr in ["src=\"", "href=\""] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            let value = &value[..value.find('"').unwrap()];
            let outside = ["https://", "http://", "#", "mailto:", "tel:", "data:"]
                .iter()
                .any(|p| value.starts_with(p));
            if outside {
                continue;
            }
            let file = value.split('#').next().unwrap();
            let decoded = percent_encoding::percent_decode_str(file)
                .decode_utf8()
                .unwrap();
            assert!(
                folder.join(&*decoded).is_file(),
                "{path}: {attr}{value} is not beside it"
            );
        }
    }
}

/// SHA256SUMS lists every other file of the volume, each with its digest, as `sha256sum -c`
/// reads it.
fn sums_hold(volume: &BTreeMap<String, Vec<u8>>) {
    let sums = String::from_utf8(volume["SHA256SUMS"].clone()).unwrap();
    let mut listed = Vec::new();
    for line in sums.lines() {
        let (digest, name) = line.split_once("  ").unwrap();
        assert_eq!(digest, sha256_hex(&volume[name]), "{name}");
        listed.push(name.to_string());
    }
    let others: Vec<String> = volume
        .keys()
        .filter(|p| *p != "SHA256SUMS")
        .cloned()
        .collect();
    assert_eq!(listed, others);
}

#[test]
fn the_sample_volume_of_2024_holds_each_records_attachments() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("v");
    let run = archive(sample(), "2024", &out, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let volume = tree(&out);
    let rows = catalogue(&volume);
    // 12 meetings start in 2024, 8 topics were raised, 1 evaluation and 3 supervision reports
    // are dated in it; no visit.
    assert_eq!(rows.len(), 12 + 8 + 1 + 3);
    let with: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[5] != "0")
        .map(|r| (r[3].as_str(), r[5].as_str()))
        .collect();
    // The parking topic's registration photo (an update's photos), the parking vote's
    // sign-in sheet, the road repair's photo of the finished road (filed in 2025's folder of
    // attachments, the topic raised in 2024).
    assert_eq!(
        with,
        [
            ("老旧小区停车难：减少荒废绿地增设车位", "1"),
            ("关于东区停车位规划的民主议事会", "1"),
            ("小区路面破损严重：修复主干道和楼间路", "1")
        ]
    );
    let n = |title: &str| {
        format!(
            "{:04}",
            rows.iter().position(|r| r[3] == title).unwrap() + 1
        )
    };
    let vote = n("关于东区停车位规划的民主议事会");
    assert!(volume.contains_key(&format!("{vote}/attachments/2024/0418-signin.png")));
    let road = n("小区路面破损严重：修复主干道和楼间路");
    let page = String::from_utf8_lossy(&volume[&format!("{road}/index.html")]).into_owned();
    assert!(
        page.contains("src=\"attachments/2025/road-main-done.jpg\""),
        "the photo, not the site's thumbnail"
    );
    for (path, bytes) in volume.iter().filter(|(p, _)| p.ends_with("/index.html")) {
        self_contained(&out, path, &String::from_utf8_lossy(bytes));
    }
    sums_hold(&volume);
}

/// A small community: one topic, meetings held, pending, cancelled, upcoming and a draft.
fn community(dir: &Path, archive_table: &str) {
    fs::create_dir_all(dir.join("content/topics")).unwrap();
    fs::create_dir_all(dir.join("content/meetings")).unwrap();
    fs::write(
        dir.join("site.toml"),
        format!("title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/c/\"\ntoday = 2025-06-30\n{archive_table}"),
    )
    .unwrap();
    fs::write(
        dir.join("content/topics/a.md"),
        "+++\ntitle = \"A\"\ncategory = \"其他\"\nraised = 2025-01-02\n+++\n",
    )
    .unwrap();
    let meeting = |id: &str, start: &str, extra: &str| {
        fs::write(
            dir.join(format!("content/meetings/{id}.md")),
            format!("+++\ntitle = \"{id}\"\nkind = \"民主议事会\"\nstart = {start}T09:00:00\nplace = \"活动室\"\n{extra}+++\n"),
        )
        .unwrap();
    };
    meeting("held", "2025-03-01", "expected = 9\npresent = 8\n");
    meeting("pending", "2025-04-01", "");
    meeting("cancelled", "2025-05-01", "cancelled = \"改期\"\n");
    meeting("upcoming", "2025-07-01", "");
    meeting(
        "draft",
        "2025-02-01",
        "draft = true\nexpected = 9\npresent = 8\n",
    );
}

#[test]
fn a_year_of_meetings_held_pending_and_cancelled_with_the_retention_given() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    community(
        &root,
        "[archive]\nfonds = \"J9\"\ncreator = \"C居委会\"\n[archive.retention]\nmeetings = \"30年\"\ntopics = \"10年\"\n",
    );
    let run = archive(&root, "2025", &root.join("archive/2025"), &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let volume = tree(&root.join("archive/2025"));
    let rows = catalogue(&volume);
    let got: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [r[1].as_str(), r[3].as_str(), r[4].as_str(), r[6].as_str()])
        .collect();
    assert_eq!(
        got,
        [
            ["J9-2025-D10-0001", "A", "20250102", ""],
            ["J9-2025-D30-0002", "held", "20250301", ""],
            ["J9-2025-D30-0003", "pending", "20250401", "记录待补"],
            ["J9-2025-D30-0004", "cancelled", "20250501", "已取消"],
        ],
        "the draft and the meeting still to come are not archived"
    );
    // The default --out is ROOT/archive/YEAR.
    let default = archive(&root, "2025", &root.join("archive/2025"), &[]);
    assert_eq!(default.status.code(), Some(0));
    let run = yishi()
        .args(["archive", "2025", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(tree(&root.join("archive/2025")) == volume);
}

#[test]
fn refusals_name_the_file_and_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let out = dir.path().join("out");

    community(&root, "");
    let run = archive(&root, "2025", &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("site.toml has no [archive] table"),
        "{stderr}"
    );
    assert!(!out.exists());

    community(&root, "\n[archive]\nfonds = \"J9\"\n");
    let run = archive(&root, "2025", &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site.toml:6:1") && stderr.contains("[archive] needs creator"),
        "{stderr}"
    );
    assert!(!out.exists());

    community(
        &root,
        "\n[archive]\nfonds = \"J9\"\ncreator = \"C\"\n[archive.retention]\nvisits = \"5年\"\n",
    );
    let run = archive(&root, "2025", &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site.toml:10:10")
            && stderr.contains("visits \"5年\" is not one of 永久、30年、10年"),
        "{stderr}"
    );
    // `check` and `build` read [archive] too.
    let check = yishi()
        .args(["check", "--root"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));

    community(&root, "[archive]\nfonds = \"J9\"\ncreator = \"C\"\n");
    let run = archive(&root, "2019", &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2019 has no record to archive"), "{stderr}");
    assert!(!out.exists());

    // A folder yishi did not make is left as it was.
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("扫描件.pdf"), "keep").unwrap();
    let run = archive(&root, "2025", &out, &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("holds files yishi did not make (扫描件.pdf)"),
        "{stderr}"
    );
    assert_eq!(tree(&out).len(), 1);
    assert_eq!(fs::read_to_string(out.join("扫描件.pdf")).unwrap(), "keep");
    // A district's repository: one volume per community, from the community's folder.
    let district = sample().join("district");
    let run = archive(&district, "2025", &dir.path().join("d"), &[]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--root communities/<id>"), "{stderr}");
    assert!(!dir.path().join("d").exists());
    // Nor is the repository's content.
    let run = archive(&root, "2025", &root.join("content"), &[]);
    assert_eq!(run.status.code(), Some(2));
}
