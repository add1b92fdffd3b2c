//! The orchestrator: load → validate → compute → render → write, as the spec's commands.

use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::check::{self, Options};
use crate::diagnostics::{self, Diagnostic, Severity, Text};
use crate::facts::{self, Facts};
use crate::input::load;
use crate::input::provenance;
use crate::input::source::{Disk, Memory, Source};
use crate::media::attachments::{self, Attachments};
use crate::media::statics;
use crate::model::Model;
use crate::pipeline::write;
use crate::plumbing::output::{OutputFile, collect_sorted};
use crate::privacy::{self, Backstop};
use crate::settings::{Given, Settings};
use crate::site::context::{Context, RenderOptions};
use crate::site::theme::Theme;
use crate::site::{output, urls};

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
    memo: Option<&mut check::EntryCache>,
    warnings: bool,
    started: Instant,
) -> Report {
    let t = Instant::now();
    let validated = check::validate(
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
            diagnostics.extend(check::cross_file_warnings(loaded, &model, &facts));
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
    privacy::redact_diagnostics(&mut diagnostics, &allow);
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
    let validated = check::validate(
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
        diagnostics.extend(check::cross_file_warnings(&loaded, model, &facts));
        let (_, problems) =
            statics::publishable(&source, static_rules(&model.site), &model.static_files);
        diagnostics.extend(problems);
    }
    let allow = validated
        .model
        .as_ref()
        .map(|m| m.site.privacy_allow.clone())
        .unwrap_or_default();
    privacy::redact_diagnostics(&mut diagnostics, &allow);
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
            let backstop = Backstop::new(&allow);
            files.iter().for_each(|f| backstop.read(&f.path, &f.bytes));
            let mut found = backstop.into_diagnostics(&source, &|p| urls::record_of(&model, p));
            if found.is_empty() {
                return (diagnostics, Some(files));
            }
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
        privacy::redact_diagnostics(&mut attachments.diagnostics, &model.site.privacy_allow);
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
    let backstop = Backstop::new(&model.site.privacy_allow);
    render_community(options, model, facts, attachments, false, &|file| {
        backstop.read(&file.path, &file.bytes);
        staging.put(&file).map_err(|e| e.to_string())
    })?;
    let found = backstop.into_diagnostics(&options.source(), &|p| urls::record_of(model, p));
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
