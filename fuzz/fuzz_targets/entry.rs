//! Any bytes as a content file, through every stage: front-matter split, TOML loading,
//! validation, compute, Markdown and templates. The first byte picks the file's kind.
//! `check` and `build` must agree: what check passes is published, in reasonable time.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SITE: &str = "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/\"\n";
const TOPIC: &str = "+++\ntitle = \"b\"\ncategory = \"其他\"\nraised = 2025-01-01\n+++\n";

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let path = match selector % 5 {
        0 => "content/topics/a.md",
        1 => "content/meetings/m.md",
        2 => "content/evaluations/2025.md",
        3 => "content/pages/p.md",
        _ => "content/council.toml",
    };
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let files = [(path, text), ("content/topics/b.md", TOPIC)];
    let (diagnostics, published) = yishi::pipeline::build_in_memory(SITE, &files, today);
    let checked = yishi::pipeline::check_in_memory(SITE, &files, today);
    assert_eq!(checked.result.is_some(), published.is_some(), "check and build disagree");
    for d in &diagnostics {
        let _ = d.render();
    }
    let _ = yishi::privacy::redact(text, &[]);
});
