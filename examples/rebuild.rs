//! Measures what `yishi serve` does after a save, on a community made by `gen_corpus`:
//! one meeting file is edited, the records are checked again, a new preview is made, and
//! the pages a reload asks for (the meeting and its topics) are rendered. Prints the median
//! of each step over RUNS edits, and a full in-memory render for comparison. When DIR is a
//! git repository (bench/bench.sh makes it one), the preview asks git what is uncommitted
//! after each save, as `serve` does.
//!   cargo run --release --example rebuild -- DIR [RUNS]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use yishi::input::source::{Disk, Source};
use yishi::pipeline::BuildOptions;
use yishi::serve::preview::{Changed, Git, Preview};

/// The allocator the `yishi` binary uses, so the times are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The times of one kind of save, in milliseconds.
#[derive(Default)]
struct Saves {
    /// Each stage of the check, by name.
    stages: std::collections::BTreeMap<&'static str, Vec<f64>>,
    check: Vec<f64>,
    git: Vec<f64>,
    pages: Vec<f64>,
    total: Vec<f64>,
    home: Vec<f64>,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().ok_or("usage: rebuild DIR [RUNS]")?);
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let options = BuildOptions::on_disk(&root, yishi::settings::Given::at(chrono::Utc::now()));
    let source: Arc<dyn Source> = Arc::new(Disk::new(&root));
    let mut meetings: Vec<PathBuf> = std::fs::read_dir(root.join("content/meetings"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    meetings.sort();
    let file = meetings.first().ok_or("no meetings")?.clone();
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let id = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();

    let memo = yishi::media::attachments::Cache::default();
    // What serve keeps: the first check reads everything, later ones only what changed.
    let mut checker =
        yishi::pipeline::incremental::Checker::new(source.clone(), options.clone()).errors_only();
    let first = Instant::now();
    let report = checker.check();
    let settings = report.settings.clone();
    let (model, facts) = report.result.ok_or("the corpus has errors")?;
    let first_ms = ms(first);
    // The edit below leaves the meeting's topics as they are.
    let topics: Vec<String> = model
        .meetings
        .iter()
        .find(|m| m.id == id)
        .map(|m| m.topics.clone())
        .unwrap_or_default();
    let t = Instant::now();
    let mut previous = Some(Preview::new(
        &source,
        (model, facts, settings),
        &memo,
        None,
        Changed {
            themes: true,
            sources: None,
        },
        Git::Ask,
    )?);
    let first_preview_ms = ms(t);
    let in_git = root.join(".git").exists();
    let edited = vec![
        file.strip_prefix(&root)
            .map_err(|e| e.to_string())?
            .to_string_lossy()
            .into_owned(),
    ];
    // The count of those present, changed by the second kind of save (to one or two fewer,
    // so that each save differs from the one before it).
    let present: u64 = original
        .lines()
        .find_map(|l| l.strip_prefix("present = "))
        .and_then(|v| v.trim().parse().ok())
        .filter(|&p: &u64| p >= 2)
        .ok_or("the meeting has no count of those present")?;
    type Edit<'a> = Box<dyn Fn(usize) -> String + 'a>;
    let kinds: [(&str, Edit); 2] = [
        (
            "a save of the minutes' text (no fact changes)",
            Box::new(|run| format!("{original}\n第 {run} 次修改：会后补充意见。\n")),
        ),
        (
            "a save of the count of those present (every fact computed again)",
            Box::new(|run| {
                let now = format!("present = {}", present - 1 - run as u64 % 2);
                original
                    .lines()
                    .map(|l| {
                        if l.starts_with("present = ") {
                            now.as_str()
                        } else {
                            l
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        ),
    ];
    let mut measured: Vec<(&str, Saves)> = Vec::new();
    let mut rest = Vec::new();
    for (kind, edit) in &kinds {
        let mut saves = Saves::default();
        for run in 0..runs {
            std::fs::write(&file, edit(run)).map_err(|e| e.to_string())?;
            let start = Instant::now();
            checker.changed([&file]);
            let (report, made) = Preview::after_save(
                &mut checker,
                &memo,
                previous.as_ref(),
                Changed {
                    themes: false,
                    sources: Some(&edited),
                },
            );
            let preview = made.ok_or("the corpus has errors")??;
            for stage in report.stages.iter() {
                saves
                    .stages
                    .entry(stage.name)
                    .or_default()
                    .push(stage.took.as_secs_f64() * 1000.0);
            }
            let checked = ms(start);
            saves.check.push(checked);
            // git alone, as it ran beside the check (not part of the total).
            let t = Instant::now();
            source.history(preview.zone(), preview.provenance(), Some(&edited));
            saves.git.push(ms(t));
            let t = Instant::now();
            preview.get(&format!("meetings/{id}/index.html"))?;
            for topic in &topics {
                preview.get(&format!("topics/{topic}/index.html"))?;
            }
            let rendered = ms(t);
            saves.pages.push(rendered);
            saves.total.push(checked + rendered);
            // The home page, as a reload of it asks for after the save.
            let t = Instant::now();
            preview.get("index.html")?;
            saves.home.push(checked + ms(t));
            // The first page of the topic list (made alone, as the home page is): timed once.
            if rest.is_empty() {
                let t = Instant::now();
                preview.get("topics/index.html")?;
                rest.push(ms(t));
            }
            previous = Some(preview);
        }
        measured.push((kind, saves));
    }
    std::fs::write(&file, &original).map_err(|e| e.to_string())?;

    let t = Instant::now();
    let (_, full) = yishi::pipeline::build_to_memory(&*source, &options);
    let full = full.ok_or("the corpus has errors")?;
    let full_ms = ms(t);
    println!(
        "after editing {id} (medians of {runs} saves of each kind; {}):",
        if in_git {
            "in a git repository"
        } else {
            "not in a git repository"
        }
    );
    println!("  first check when serve starts (everything): {first_ms:.0} ms");
    println!(
        "  first preview when serve starts (theme, attachments, git history): {first_preview_ms:.0} ms"
    );
    for (kind, saves) in measured {
        println!("  {kind}:");
        println!(
            "    check again and new preview (the edited file read and parsed; cross-checks, compute; git asked meanwhile): {:.1} ms",
            median(saves.check)
        );
        for (stage, times) in saves.stages {
            println!("      of which {stage}: {:.1} ms", median(times));
        }
        println!(
            "      of which beside the check, git alone (HEAD, the saved file's status): {:.1} ms",
            median(saves.git)
        );
        println!(
            "    render the meeting and its topics: {:.1} ms",
            median(saves.pages)
        );
        println!(
            "    save to reloaded page (the meeting): {:.1} ms",
            median(saves.total)
        );
        println!(
            "    save to reloaded home page (check again, then the home page alone): {:.1} ms",
            median(saves.home)
        );
    }
    println!(
        "  first page of the topic list after the first save (that page alone): {:.0} ms",
        median(rest)
    );
    println!(
        "full build in memory ({} files: check, attachments, render), as serve did before: {full_ms:.0} ms",
        full.len()
    );
    Ok(())
}
