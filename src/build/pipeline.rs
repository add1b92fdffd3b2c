//! The orchestrator: load → validate → compute → render → write, as the spec's commands.

use std::borrow::Cow;
use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::build::write;
use crate::content::attachments::{self, Attachments};
use crate::content::diagnostics::{self, Diagnostic, Severity, Text};
use crate::content::load;
use crate::content::privacy;
use crate::content::provenance;
use crate::content::source::{Disk, Memory, Node, Source, paths_under};
use crate::content::statics;
use crate::content::validate::{self, Options};
use crate::facts::{self, Facts};
use crate::model::Model;
use crate::plumbing::output::{OutputFile, collect_sorted};
use crate::settings::{Given, Settings};
use crate::site::context::{Context, RenderOptions};
use crate::site::output;
use crate::site::theme::Theme;

/// The generator string written into pages and data/site.json.
pub const GENERATOR: &str = concat!("yishi ", env!("CARGO_PKG_VERSION"));

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The community repository.
    pub root: PathBuf,
    /// Where the site goes (build only).
    pub out: PathBuf,
    /// What the command line was given (today, base URL, drafts, the clock), resolved
    /// against site.toml into [`Settings`] by validation.
    pub given: Given,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
}

/// How a command ended.
#[derive(Debug)]
pub struct Report {
    /// Every problem, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The validated model and its facts, when there were no errors.
    pub result: Option<(Model, Facts)>,
    /// Files written (build only).
    pub files_written: usize,
    /// An I/O or theme failure, or an output yishi may not replace (exit code 2).
    pub fatal: Option<Text>,
    /// Milliseconds taken.
    pub millis: u128,
}

impl BuildOptions {
    /// The repository's files: the folder at `root`.
    pub fn source(&self) -> Disk {
        Disk::new(&self.root)
    }
}

impl Report {
    /// A command that could not start (an output folder yishi may not replace): exit 2.
    pub fn refused(why: Text) -> Report {
        Report {
            diagnostics: Vec::new(),
            result: None,
            files_written: 0,
            fatal: Some(why),
            millis: 0,
        }
    }

    /// 0 success, 1 content errors (or warnings when denied), 2 I/O errors.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        if self.fatal.is_some() {
            2
        } else if diagnostics::has_errors(&self.diagnostics)
            || (deny_warnings && !self.diagnostics.is_empty())
        {
            1
        } else {
            0
        }
    }
}

/// Parses `YYYY-MM-DD` exactly: four digits of year, two of month and day (`25-12-26`, which
/// chrono alone would read as the year 25, is not a date here).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    shape
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
}

/// Whether [`timing`] prints: the command line sets it from `YISHI_TIMINGS` (it reads the
/// environment; nothing here does).
static TIMINGS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns the stage timings on stderr on or off (for profiling; docs/performance.md).
pub fn show_timings(on: bool) {
    TIMINGS.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Prints how long a stage took when [`show_timings`] is on, with the memory in use and the
/// peak so far where the system tells them (Linux).
pub(crate) fn timing(stage: &str, since: Instant) -> Instant {
    if TIMINGS.load(std::sync::atomic::Ordering::Relaxed) {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().trim_end_matches(" kB").trim().to_string())
                .and_then(|kb| kb.parse::<u64>().ok())
                .map_or(String::new(), |kb| format!(" {name} {} MiB", kb / 1024))
        };
        eprintln!(
            "timing: {stage} {} ms{}{}",
            since.elapsed().as_millis(),
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
    Instant::now()
}

/// Hands the memory that checking used and freed (parsed TOML, copies of every file) back to
/// the system before rendering, so the two peaks do not add up: at 50,000 topics mimalloc kept
/// about 400 MB of it through the whole render.
fn return_free_memory() {
    // SAFETY: mi_collect takes no pointers and only releases memory that is already free; when
    // the process does not allocate with mimalloc (the tests), it has nothing to release.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Masks every personal number in what diagnostics print — message, quoted line, hint and
/// the file's path (a file named after a phone number) — because CI logs are often public.
/// Every report passes through here before it is returned.
pub fn redact_diagnostics(diagnostics: &mut [Diagnostic], allow: &[String]) {
    let mask = |text: &mut String| {
        if let Cow::Owned(redacted) = privacy::redact(text, allow) {
            *text = redacted;
        }
    };
    diagnostics.par_iter_mut().for_each(|d| {
        d.message.map(mask);
        if let Some(hint) = d.hint.as_mut() {
            hint.map(mask);
        }
        for text in [d.source_line.as_mut(), Some(&mut d.path)]
            .into_iter()
            .flatten()
        {
            mask(text);
        }
    });
}

/// load → validate → compute of one community, with the staff warnings of section 7.
pub fn check(options: &BuildOptions) -> Report {
    let started = Instant::now();
    let loaded = load::load(&options.source());
    let _ = timing("load", started);
    check_loaded(options, &loaded, None, true, started)
}

/// validate → compute of a loaded community, with the staff warnings of section 7 when
/// `warnings` (else the report holds the errors alone).
pub(crate) fn check_loaded(
    options: &BuildOptions,
    loaded: &load::Loaded,
    memo: Option<&mut validate::EntryCache>,
    warnings: bool,
    started: Instant,
) -> Report {
    let t = Instant::now();
    let validated = validate::validate(
        loaded,
        &Options {
            given: options.given.clone(),
            warnings,
        },
        memo,
    );
    let t = timing("validate", t);
    let mut diagnostics = validated.diagnostics;
    let result = validated.model.map(|model| {
        let facts = facts::compute(&model, validated.settings.today);
        diagnostics.extend(validated.timeliness);
        if warnings {
            diagnostics.extend(validate::cross_file_warnings(loaded, &model, &facts));
        }
        diagnostics.extend(base_url_note(options, &model));
        let (_, problems) = statics::publishable(
            &options.source(),
            static_rules(&model.site),
            &model.static_files,
        );
        diagnostics.extend(problems);
        (model, facts)
    });
    let _ = timing("compute", t);
    if !warnings {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    let allow = result
        .as_ref()
        .map(|(m, _)| m.site.privacy_allow.clone())
        .unwrap_or_default();
    redact_diagnostics(&mut diagnostics, &allow);
    diagnostics::sort(&mut diagnostics);
    let result = if diagnostics::has_errors(&diagnostics) {
        None
    } else {
        result
    };
    Report {
        diagnostics,
        result,
        files_written: 0,
        fatal: None,
        millis: started.elapsed().as_millis(),
    }
}

/// What `check` finds in a repository held in memory, and what building it needs next:
/// the loaded source and, when there are no errors, the model with its settings.
pub struct CheckedInMemory {
    /// The repository.
    pub source: Memory,
    /// Every problem `check` reports.
    pub diagnostics: Vec<Diagnostic>,
    /// The model and its resolved settings, when there are no errors.
    pub model: Option<(Model, Settings)>,
}

/// load → validate → compute for a repository held in memory: `check` without the disk.
pub fn check_in_memory(site: &str, files: &[(&str, &str)], today: NaiveDate) -> CheckedInMemory {
    let source = Memory::community(site, files);
    let loaded = load::load(&source);
    let validated = validate::validate(
        &loaded,
        &Options {
            given: Given::on(today),
            warnings: true,
        },
        None,
    );
    let mut diagnostics = validated.diagnostics;
    if let Some(model) = &validated.model {
        diagnostics.extend(validated.timeliness);
        let facts = facts::compute(model, today);
        diagnostics.extend(validate::cross_file_warnings(&loaded, model, &facts));
        let (_, problems) =
            statics::publishable(&source, static_rules(&model.site), &model.static_files);
        diagnostics.extend(problems);
    }
    let allow = validated
        .model
        .as_ref()
        .map(|m| m.site.privacy_allow.clone())
        .unwrap_or_default();
    redact_diagnostics(&mut diagnostics, &allow);
    let model = validated
        .model
        .filter(|_| !diagnostics::has_errors(&diagnostics))
        .map(|m| (m, validated.settings));
    CheckedInMemory {
        source,
        diagnostics,
        model,
    }
}

/// load → validate → compute → render for a repository held in memory, with no disk
/// access: the robustness tests and the fuzz target drive every stage through this.
pub fn build_in_memory(
    site: &str,
    files: &[(&str, &str)],
    today: NaiveDate,
) -> (Vec<Diagnostic>, Option<Vec<OutputFile>>) {
    let CheckedInMemory {
        source,
        mut diagnostics,
        model,
    } = check_in_memory(site, files, today);
    // As check and build: any error (a personal number, say) and nothing is rendered.
    let Some((model, settings)) = model else {
        return (diagnostics, None);
    };
    let allow = model.site.privacy_allow.clone();
    let facts = facts::compute(&model, today);
    let base_url = settings.base_url;
    // The attachments are known by their paths only (their bytes are not processed).
    let rendered = with_context(
        &source,
        &model,
        &facts,
        RenderOptions {
            base_url: base_url.as_deref(),
            generator: GENERATOR,
            attachments: None,
            provenance: None,
            in_district: false,
        },
        output::render_all,
    );
    match rendered {
        Ok(files) => {
            // As a build does: no file that would publish a personal number.
            let published = Published::new(&allow);
            files.iter().for_each(|f| published.read(f));
            let mut found = published.into_diagnostics(&source);
            if found.is_empty() {
                return (diagnostics, Some(files));
            }
            redact_diagnostics(&mut found, &allow);
            diagnostics.append(&mut found);
            (diagnostics, None)
        }
        Err(e) => {
            diagnostics.push(Diagnostic::whole_file(
                Severity::Error,
                "render",
                "themes",
                crate::tr!("{e}", "主题模板出错：{e}"),
            ));
            (diagnostics, None)
        }
    }
}

/// The whole pipeline of one community; the output is replaced only when there are no errors.
pub fn build(options: &BuildOptions) -> Report {
    // Where the site would go is checked first: a refused --out is a usage error (exit 2),
    // whatever the records hold.
    if let Err(e) = write::preflight(&options.root, &options.out) {
        return Report::refused(e.text());
    }
    let started = Instant::now();
    let mut report = check(options);
    report.diagnostics.extend(shallow_note(&options.root));
    let blocked = options.deny_warnings && !report.diagnostics.is_empty();
    let Some((model, _)) = report.result.as_ref().filter(|_| !blocked) else {
        report.millis = started.elapsed().as_millis();
        return report;
    };
    let t = Instant::now();
    let mut attachments = attachments::process(&options.source(), &model.site, &model.attachments);
    let _ = timing("attachments", t);
    if !attachments.diagnostics.is_empty() {
        redact_diagnostics(&mut attachments.diagnostics, &model.site.privacy_allow);
        report.diagnostics.append(&mut attachments.diagnostics);
        diagnostics::sort(&mut report.diagnostics);
        if diagnostics::has_errors(&report.diagnostics) || options.deny_warnings {
            report.result = None;
            report.millis = started.elapsed().as_millis();
            return report;
        }
    }
    let Some((model, facts)) = report.result.as_ref() else {
        return report;
    };
    return_free_memory();
    match render_and_write(options, model, facts, &mut attachments) {
        Ok((n, mut dropped)) => {
            report.files_written = n;
            report.diagnostics.append(&mut dropped);
        }
        Err(Failure::Fatal(e)) => report.fatal = Some(fatal_text(e)),
        Err(Failure::Published(mut found)) => {
            redact_diagnostics(&mut found, &model.site.privacy_allow);
            report.diagnostics.append(&mut found);
            diagnostics::sort(&mut report.diagnostics);
            report.result = None;
        }
    }
    report.millis = started.elapsed().as_millis();
    report
}

/// Loads the theme and runs `f` with the context every output renders from: the one place
/// a build's context is made.
fn with_context<R>(
    source: &dyn Source,
    model: &Model,
    facts: &Facts,
    options: RenderOptions,
    f: impl FnOnce(&Context) -> Result<R, String>,
) -> Result<R, String> {
    let theme = Theme::load(source, model.site.theme.as_deref(), model.site.language)?;
    f(&Context::new(model, facts, &theme, options))
}

/// An I/O or theme failure's message (English, from the system or Tera) with a Chinese lead.
pub(crate) fn fatal_text(e: String) -> Text {
    crate::tr!("{e}", "生成网站时出错：{e}")
}

/// Why rendering and writing stopped.
pub(crate) enum Failure {
    /// An I/O or theme failure (exit 2).
    Fatal(String),
    /// Files that would have published personal numbers (content errors, exit 1).
    Published(Vec<Diagnostic>),
}

impl From<String> for Failure {
    fn from(e: String) -> Self {
        Failure::Fatal(e)
    }
}

/// The privacy scan's last line: every file about to be published, read as its readers
/// will read it ([`privacy::scan_published`]). What the check of the records cannot see — a
/// number made by two fields side by side, or hidden by markup it does not read — is
/// caught here, and the site is not written.
pub(crate) struct Published {
    allow: Vec<String>,
    found: std::sync::Mutex<Vec<(String, privacy::Finding)>>,
}

impl Published {
    /// A scan with the community's allow list.
    pub(crate) fn new(allow: &[String]) -> Self {
        Published {
            allow: allow.to_vec(),
            found: Default::default(),
        }
    }

    /// Reads one file about to be published.
    pub(crate) fn read(&self, file: &OutputFile) {
        let found = privacy::scan_published(&file.path, &file.bytes, &self.allow);
        if !found.is_empty()
            && let Ok(mut all) = self.found.lock()
        {
            all.extend(found.into_iter().map(|f| (file.path.clone(), f)));
        }
    }

    /// An error for each number found, at the record it comes from when the file is one
    /// record's page (and at the line that holds the number, when one does), else at the
    /// published file; `source` is the community's repository.
    pub(crate) fn into_diagnostics(self, source: &dyn Source) -> Vec<Diagnostic> {
        let read = |rel: &str| {
            source
                .read(rel)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        };
        let found = self.found.into_inner().unwrap_or_default();
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (output, f) in found {
            let mut record =
                record_of(&output).filter(|p| matches!(source.node(p), Ok(Node::File(_))));
            let mut at = record.as_deref().and_then(read).and_then(|text| {
                line_holding(&text, &f.digits).map(|(n, line)| (n, line.to_string()))
            });
            if at.is_none()
                && let Some((path, n, line)) = where_it_begins(source, &f.digits)
            {
                // No one line holds it: the line where it begins, which another field (or
                // the next line) continues.
                record = Some(path);
                at = Some((n, line));
            }
            let key = record.clone().unwrap_or_else(|| output.clone());
            if !seen.insert((key, f.digits.clone())) {
                continue;
            }
            let message = crate::tr!(
                "{kind} would be published in {output} ({masked}): the page joins it from the records, or shows text the check could not read",
                "{output} 会公开{kind_zh}（{masked}）：页面把记录中的内容拼到了一起，或显示了检查时读不出的写法";
                kind = f.kind.describe(),
                kind_zh = f.kind.describe_zh(),
                masked = &f.suggest
            );
            let hint = crate::tr!(
                "find where the number is written (perhaps split across fields, or hidden by markup or escapes) and remove or mask it",
                "找到号码写在哪里（可能分在几个字段里，或被格式、转义写法隐藏），删去或打码"
            );
            let mut d = Diagnostic::whole_file(
                Severity::Error,
                "personal-data",
                record.as_deref().unwrap_or(&output),
                message,
            )
            .with_hint(hint);
            if let Some((line, text)) = at {
                d.line = line;
                d.column = 1;
                d.source_line = Some(text);
            }
            out.push(d);
        }
        out
    }
}

/// The record line where a number that no one line holds begins: the line (of the
/// records under content/ and site.toml) whose digits, read through everything else, end
/// with the longest start of `digits` (at least three of them).
fn where_it_begins(source: &dyn Source, digits: &str) -> Option<(String, usize, String)> {
    let mut files = vec!["site.toml".to_string()];
    files.extend(
        paths_under(source, "content")
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.ends_with(".md") || p.ends_with(".toml")),
    );
    let mut best: Option<(usize, String, usize, String)> = None;
    for rel in files {
        let Some(text) = source
            .read(&rel)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let read: String = privacy::decoded_cells(line)
                .iter()
                .map(|c| c.c.to_ascii_uppercase())
                .filter(|c| c.is_ascii_digit() || *c == 'X')
                .collect();
            let k = (3..digits.len())
                .rev()
                .find(|&k| read.ends_with(&digits[..k]))
                .unwrap_or(0);
            if k >= 3 && best.as_ref().is_none_or(|b| k > b.0) {
                best = Some((k, rel.clone(), i + 1, line.to_string()));
            }
        }
    }
    best.map(|(_, rel, n, line)| (rel, n, line))
}

/// The record whose page a published file is (`topics/x/index.html` →
/// `content/topics/x.md`), for reporting what it shows.
fn record_of(output: &str) -> Option<String> {
    let mut parts = output.split('/');
    let (first, second) = (parts.next()?, parts.next()?);
    Some(match first {
        "topics" if !matches!(second, "status" | "category" | "index.html") => {
            format!("content/topics/{second}.md")
        }
        "meetings" if second != "index.html" => format!("content/meetings/{second}.md"),
        "years" => format!("content/evaluations/{second}.md"),
        "board" => {
            let (kind, id) = second.split_once('-')?;
            match kind {
                "progress" => format!("content/topics/{id}.md"),
                _ => format!("content/meetings/{id}.md"),
            }
        }
        page if second == "index.html" => format!("content/pages/{page}.md"),
        _ => return None,
    })
}

/// The first line (1-based) of `text` whose digits, read through everything else, hold
/// `digits`.
fn line_holding<'a>(text: &'a str, digits: &str) -> Option<(usize, &'a str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let cells = privacy::decoded_cells(line);
        let read: String = cells
            .iter()
            .map(|c| c.c)
            .filter(char::is_ascii_alphanumeric)
            .collect();
        read.to_ascii_uppercase()
            .contains(digits)
            .then_some((i + 1, line))
    })
}

/// A warning for each name at the top of the old site that the new one does not have: a
/// file added there by hand (a `CNAME`) is gone, and belongs in `static/`.
pub(crate) fn dropped_warnings(out: &std::path::Path, dropped: &[String]) -> Vec<Diagnostic> {
    dropped
        .iter()
        .map(|name| {
            let shown = out.join(name).display().to_string();
            Diagnostic::whole_file(
                Severity::Warning,
                "output-file-dropped",
                &shown,
                crate::tr!(
                    "was in the old site but is not made by this build, so it is gone: the output folder is replaced whole by every build",
                    "在旧网站里，但这次生成不再产生它，所以已被删除：每次生成都会整个替换输出文件夹"
                ),
            )
            .with_hint(crate::tr!(
                "to publish a file as it is (CNAME, .nojekyll, a verification file), put it in the repository's static/ folder",
                "要原样发布的文件（CNAME、.nojekyll、验证文件）请放进仓库的 static/ 文件夹"
            ))
        })
        .collect()
}

/// Renders the site straight into a staging folder beside `--out` (pages are written as
/// they are rendered, in parallel) and swaps it in, unless a file would publish a personal
/// number. Returns the number of files, and a warning for each name at the top of the old
/// site that the new one dropped.
fn render_and_write(
    options: &BuildOptions,
    model: &Model,
    facts: &Facts,
    attachments: &mut Attachments,
) -> Result<(usize, Vec<Diagnostic>), Failure> {
    let staging = write::Staging::new(&options.root, &options.out).map_err(|e| e.to_string())?;
    let published = Published::new(&model.site.privacy_allow);
    render_community(options, model, facts, attachments, false, &|file| {
        published.read(&file);
        staging.put(&file).map_err(|e| e.to_string())
    })?;
    let found = published.into_diagnostics(&options.source());
    if !found.is_empty() {
        return Err(Failure::Published(found)); // the staging folder goes; the site stays
    }
    let n = staging.written.load(std::sync::atomic::Ordering::Relaxed)
        + staging.unchanged.load(std::sync::atomic::Ordering::Relaxed);
    let dropped = staging.finish().map_err(|e| e.to_string())?;
    Ok((n, dropped_warnings(&options.out, &dropped)))
}

/// Hands every file of one community's site to `put`, as it is made: `static/`, the
/// published attachments, then every output of the site ([`output::render_site`]).
/// `in_district`: the community is built beneath a district overview, which its pages link.
pub(crate) fn render_community(
    options: &BuildOptions,
    model: &Model,
    facts: &Facts,
    attachments: &mut Attachments,
    in_district: bool,
    put: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
) -> Result<(), String> {
    let source = options.source();
    let base_url = settings_of(options, model).base_url;
    let t = Instant::now();
    static_files(&source, model)?
        .into_par_iter()
        .try_for_each(put)?;
    attachments.take_files().into_par_iter().try_for_each(put)?;
    let provenance = provenance::read(&options.root, model.site.timezone);
    with_context(
        &source,
        model,
        facts,
        RenderOptions {
            base_url: base_url.as_deref(),
            generator: GENERATOR,
            attachments: Some(attachments),
            provenance: provenance.as_ref(),
            in_district,
        },
        |cx| output::render_site(cx, put),
    )?;
    let _ = timing("render+write", t);
    Ok(())
}

/// Renders every file of the site in memory, attachments included, sorted by path: the full
/// build that `serve`'s page-by-page [`crate::serve::preview::Preview`] is tested against.
pub fn render_in_memory(
    options: &BuildOptions,
    model: &Model,
    facts: &Facts,
) -> Result<Vec<OutputFile>, String> {
    let mut attachments = attachments::process(&options.source(), &model.site, &model.attachments);
    collect_sorted(|put| render_community(options, model, facts, &mut attachments, false, put))
}

/// The files under the repository's `static/`, to publish at the site's root (`CNAME`,
/// `.nojekyll`, a host's verification file), read and cleaned ([`statics::publishable`]).
pub(crate) fn static_files(source: &dyn Source, model: &Model) -> Result<Vec<OutputFile>, String> {
    read_static(source, static_rules(&model.site), &model.static_files)
}

/// The site's rules for what `static/` may publish.
pub(crate) fn static_rules(site: &crate::model::Site) -> statics::Rules<'_> {
    statics::Rules {
        allow: &site.privacy_allow,
        as_is: &site.attachments_as_is,
    }
}

/// The files at these paths under `static/`, read and cleaned; a problem (which `check` has
/// reported) stops the build.
pub(crate) fn read_static(
    source: &dyn Source,
    rules: statics::Rules,
    paths: &[String],
) -> Result<Vec<OutputFile>, String> {
    let (files, problems) = statics::publishable(source, rules, paths);
    match problems.first() {
        None => Ok(files),
        Some(d) => Err(format!("{}: {}", d.path, d.message.en)),
    }
}

/// The settings of a checked community, resolved from what was given and its site.toml by
/// the one rule ([`Settings::resolve`]).
pub fn settings_of(options: &BuildOptions, model: &Model) -> Settings {
    Settings::resolve(&options.given, &model.site)
}

/// A warning when the repository is a shallow clone: the site leaves out the records'
/// change dates, which the cut history would get wrong.
pub fn shallow_note(root: &std::path::Path) -> Option<Diagnostic> {
    provenance::is_shallow(root).then(|| {
        Diagnostic::whole_file(
            Severity::Warning,
            "shallow-clone",
            ".git",
            crate::tr!(
                "the repository is a shallow clone: the site is built without the records' change dates, which the cut history would get wrong",
                "仓库是浅克隆：历史不完整，网站不显示各记录的修改日期（否则会显示错误的日期）"
            ),
        )
        .with_hint(crate::tr!(
            "fetch the whole history: in GitHub Actions actions/checkout with fetch-depth: 0, in GitLab CI the variable GIT_DEPTH: 0, or run git fetch --unshallow",
            "获取完整历史：GitHub Actions 的 actions/checkout 设 fetch-depth: 0，GitLab CI 设变量 GIT_DEPTH: 0，或运行 git fetch --unshallow"
        ))
    })
}

/// A warning that base_url is missing, so the feed and sitemap are left out.
pub fn base_url_note(options: &BuildOptions, model: &Model) -> Option<Diagnostic> {
    settings_of(options, model).base_url.is_none().then(|| {
        Diagnostic::whole_file(
            Severity::Warning,
            "no-base-url",
            "site.toml",
            crate::tr!(
                "base_url is not set: feed.xml and sitemap.xml are left out",
                "没有设置 base_url：不生成 feed.xml 和 sitemap.xml（二维码也需要它）"
            ),
        )
        .with_hint(crate::tr!(
            "add base_url = \"https://…/\" to site.toml, or pass --base-url",
            "在 site.toml 里加上 base_url = \"https://…/\"，或用 --base-url 指定"
        ))
    })
}
