//! Spec revision 2 on a small community built in memory, worked out by hand: months without
//! a regular meeting (13.6) at the bounds of the current month and of other years.

use serde_json::{Value, json};
use yishi::pipeline::community;

fn meeting(day: &str) -> String {
    format!(
        "+++\ntitle = \"例会\"\nkind = \"协商议事委员会例会\"\nstart = {day}T09:00:00\nplace = \"议事室\"\nnotified = {day}\npublished = {day}\nexpected = 9\npresent = 9\n+++\n"
    )
}

#[test]
fn months_without_a_regular_meeting() {
    let site = "title = \"T\"\ncommunity = \"C\"\n\n[rules]\nregular_every = \"month\"\n";
    let files = [
        ("content/meetings/a.md".to_string(), meeting("2024-12-31")),
        ("content/meetings/b.md".to_string(), meeting("2025-01-01")),
        ("content/meetings/c.md".to_string(), meeting("2025-03-31")),
        ("content/meetings/d.md".to_string(), meeting("2025-05-15")),
    ];
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    // Today is 2025-05-15, the day of the May meeting.
    let today = chrono::NaiveDate::from_ymd_opt(2025, 5, 15).unwrap();
    let (diagnostics, out) = community::build_in_memory(site, &files, today);
    let out = out.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let years: Value = serde_json::from_slice(
        &out.iter()
            .find(|f| f.path == "data/years.json")
            .unwrap()
            .bytes,
    )
    .unwrap();
    let year = |y: i64| {
        years
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["year"] == y)
            .unwrap()
            .clone()
    };
    // 2024: only December (the 31st, its last day) had one.
    assert_eq!(
        year(2024)["months_without_regular_meeting"],
        json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    );
    // 2025 up to today's month (May, whose meeting is today): February and April.
    assert_eq!(year(2025)["months_without_regular_meeting"], json!([2, 4]));
    // Quarters stay: Q1 had January and March, Q2 has May.
    assert_eq!(year(2025)["quarters_without_regular_meeting"], json!([]));
    // Without the May meeting, May (today's month) counts as a month without one.
    let (_, out) = community::build_in_memory(site, &files[..3], today);
    let years: Value = serde_json::from_slice(
        &out.unwrap()
            .iter()
            .find(|f| f.path == "data/years.json")
            .unwrap()
            .bytes,
    )
    .unwrap();
    let y2025 = years
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["year"] == 2025)
        .unwrap();
    assert_eq!(y2025["months_without_regular_meeting"], json!([2, 4, 5]));
}

#[test]
fn a_quarterly_site_has_no_month_figures() {
    let site = "title = \"T\"\ncommunity = \"C\"\n";
    let m = meeting("2025-01-10");
    let files = [("content/meetings/a.md", m.as_str())];
    let today = chrono::NaiveDate::from_ymd_opt(2025, 5, 15).unwrap();
    let (_, out) = community::build_in_memory(site, &files, today);
    let years: Value = serde_json::from_slice(
        &out.unwrap()
            .iter()
            .find(|f| f.path == "data/years.json")
            .unwrap()
            .bytes,
    )
    .unwrap();
    assert_eq!(years[0]["months_without_regular_meeting"], Value::Null);
    assert_eq!(years[0]["quarters_without_regular_meeting"], json!([2]));
}
