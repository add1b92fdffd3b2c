//! The privacy scan's rendering oracle, coverage-guided: a personal number generated from
//! the input, written in any of the ways a record can hide one (tests/support/leak.rs),
//! must never be readable in what a build publishes unless the build fails, and never be
//! printed by a diagnostic; and `check` agrees with `build` (what check passes is
//! published). (tests/robustness.rs runs the same properties in CI.)
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/leak.rs"]
mod leak;

fuzz_target!(|data: &[u8]| {
    let case = leak::case(data);
    let files: Vec<(&str, &str)> = case.files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let (diagnostics, published) = yishi::pipeline::build_in_memory(&case.site, &files, today);
    if let Some(published) = &published {
        if let Some(at) = leak::leaked(published, &case.number) {
            panic!("{} can be read in {at}; the records:\n{}", case.number, case.files[0].1);
        }
    }
    let checked = yishi::pipeline::check_in_memory(&case.site, &files, today);
    assert_eq!(checked.result.is_some(), published.is_some(), "check and build disagree on:\n{}", case.files[0].1);
    let printed: String = diagnostics.iter().map(|d| d.render()).collect();
    let as_file = yishi::plumbing::output::OutputFile { path: "printed.txt".into(), bytes: printed.into_bytes() };
    assert!(leak::leaked(&[as_file], &case.number).is_none(), "a diagnostic prints {}", case.number);
});
