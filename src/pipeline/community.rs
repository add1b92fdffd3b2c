//! One community through the stages, as the spec's commands: `check` is load → validate →
//! compute; `build` adds the attachments, render (each file read by the privacy backstop as
//! it is made) and write. The same functions run for a repository on disk, one in memory
//! ([`build_to_memory`]) and each community of a district, so there is one pipeline to
//! test.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::check;
use crate::diagnostics::{self, Diagnostic, Severity, Text};
use crate::facts::Facts;
use crate::input::load;
use crate::input::source::{Memory, Source};
use crate::media::attachments::{self, Attachments};
use crate::media::statics;
use crate::model::Model;
use crate::pipeline::write;
use crate::plumbing::output::{GENERATOR, OutputFile};
use crate::plumbing::timings::{Stages, return_free_memory};
use crate::privacy::{self, Backstop};
use crate::settings::{Given, Settings};
use crate::site::context::{Context, RenderOptions};
use crate::site::theme::Theme;
use crate::site::{output, urls};

/// What `build` and `check` are asked to do with a repository. The repository itself — its
/// files and its git history, a [`Source`] — is handed beside them: a folder on disk for the
/// command line, a map in memory for tests, one of many communities for a district.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Where the site goes (build only).
    pub out: PathBuf,
    /// What the command line was given (today, base URL, drafts, the clock), resolved
    /// against site.toml into the report's [`Settings`] by validation.
    pub given: Given,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Attachments made safe before, reused while their bytes are the same (`serve` after
    /// each save, a build of the same records on many days); none: each is made anew.
    pub attachments_made: Option<Arc<attachments::Cache>>,
}

impl BuildOptions {
    /// What the command line's `build` does with a repository in the folder `root`: builds
    /// it into `root/site`.
    pub fn on_disk(root: impl Into<PathBuf>, given: Given) -> BuildOptions {
        BuildOptions {
            out: root.into().join("site"),
            ..BuildOptions::new(given)
        }
    }

    /// What was `given`, and nothing else asked: the site goes to `site` (a name only when
    /// [`build_to_memory`] builds it without the disk), warnings do not fail the command, the
    /// attachments are made anew.
    pub fn new(given: Given) -> BuildOptions {
        BuildOptions {
            out: PathBuf::from("site"),
            given,
            deny_warnings: false,
            attachments_made: None,
        }
    }
}

/// How a command ended.
#[derive(Debug)]
pub struct Report {
    /// Every problem, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The validated model and its facts, when there were no errors.
    pub result: Option<(Model, Facts)>,
    /// The settings the command ran with, resolved once from what was given and site.toml
    /// (the defaults when site.toml could not be read): today, the address, the language
    /// staff read the report in.
    pub settings: Settings,
    /// Files written (build only).
    pub files_written: usize,
    /// An I/O or theme failure, or an output yishi may not replace (exit code 2).
    pub fatal: Option<Text>,
    /// Milliseconds taken.
    pub millis: u128,
    /// How long each stage took (`YISHI_TIMINGS=1` shows them).
    pub stages: Stages,
}

impl Report {
    /// A command that could not start (an output folder yishi may not replace): exit 2.
    /// The records were not read, so the settings are the defaults.
    pub fn refused(why: Text, given: &Given) -> Report {
        Report {
            diagnostics: Vec::new(),
            result: None,
            settings: Settings::without_site(given),
            files_written: 0,
            fatal: Some(why),
            millis: 0,
            stages: Stages::default(),
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

    /// Whether what was found stops the site being written: an error, or any warning
    /// when warnings are denied.
    pub(crate) fn blocks(&self, deny_warnings: bool) -> bool {
        diagnostics::has_errors(&self.diagnostics)
            || (deny_warnings && !self.diagnostics.is_empty())
    }
}

/// load → validate → compute of one community, with the staff warnings of section 7.
pub fn check(source: &dyn Source, options: &BuildOptions) -> Report {
    let started = Instant::now();
    let loaded = load::load(source);
    let mut stages = Stages::default();
    stages.mark("load", started);
    check_loaded(
        source,
        options,
        &loaded,
        (None, None),
        check::Reporting::Everything,
        (started, stages),
    )
}

/// validate → compute of a loaded community, the report holding what `reporting` asks (with
/// the staff warnings of section 7, or the errors alone): [`check::check`]. `remembered`:
/// what `serve` kept from its last check (the entries' checks, the last preview's model and
/// facts); `so_far`: when the command started and the stages it ran before.
pub(crate) fn check_loaded(
    source: &dyn Source,
    options: &BuildOptions,
    loaded: &load::Loaded,
    remembered: check::Remembered<'_>,
    reporting: check::Reporting,
    (started, mut stages): (Instant, Stages),
) -> Report {
    let checked = check::check(loaded, source, &options.given, reporting, remembered);
    stages.extend(checked.stages);
    Report {
        diagnostics: checked.diagnostics,
        result: checked.result,
        settings: checked.settings,
        files_written: 0,
        fatal: None,
        millis: started.elapsed().as_millis(),
        stages,
    }
}

/// `check` of a community held in memory: `site` is its site.toml, `files` the rest.
pub fn check_in_memory(site: &str, files: &[(&str, &str)], today: NaiveDate) -> Report {
    check(
        &Memory::community(site, files),
        &BuildOptions::new(Given::on(today)),
    )
}

/// `build` of a community held in memory, as the robustness tests and the fuzz targets
/// drive it: every problem, and the files of the site when it would be written.
pub fn build_in_memory(
    site: &str,
    files: &[(&str, &str)],
    today: NaiveDate,
) -> (Vec<Diagnostic>, Option<Vec<OutputFile>>) {
    let source = Memory::community(site, files);
    let (report, files) = build_to_memory(&source, &BuildOptions::new(Given::on(today)));
    (report.diagnostics, files)
}

/// `build` with the files kept in memory, sorted by path, instead of written: the same
/// stages as [`build`], the disk untouched.
pub fn build_to_memory(
    source: &dyn Source,
    options: &BuildOptions,
) -> (Report, Option<Vec<OutputFile>>) {
    publish_in_memory(source, options, check(source, options))
}

/// The stages of `build` after `check`, into memory, for a community checked already
/// (`report`: by [`check()`], or again and again by `serve`'s checker): the files sorted by
/// path when the site would be written.
pub fn publish_in_memory(
    source: &dyn Source,
    options: &BuildOptions,
    mut report: Report,
) -> (Report, Option<Vec<OutputFile>>) {
    let started = Instant::now();
    let Some(mut attachments) = attachments_of(source, options, &mut report) else {
        return (report, None);
    };
    let files = std::sync::Mutex::new(Vec::new());
    let published = publish(source, &mut report, &mut attachments, false, &|file| {
        files.lock().map_err(|e| e.to_string())?.push(file);
        Ok(())
    });
    report.millis += started.elapsed().as_millis();
    let files = published.then(|| {
        let mut files = files.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    });
    (report, files)
}

/// The whole pipeline of one community; the output is replaced only when there are no errors.
pub fn build(source: &dyn Source, options: &BuildOptions) -> Report {
    // Where the site would go is checked first: a refused --out is a usage error (exit 2),
    // whatever the records hold.
    let input = source.folder();
    if let Err(e) = write::preflight(input, &options.out) {
        return Report::refused(e.text(), &options.given);
    }
    let started = Instant::now();
    let mut report = check(source, options);
    report.diagnostics.extend(shallow_note(source));
    let Some(mut attachments) = attachments_of(source, options, &mut report) else {
        report.millis = started.elapsed().as_millis();
        return report;
    };
    return_free_memory();
    let written = write::Staging::new(input, &options.out)
        .map_err(|e| e.to_string())
        .and_then(|staging| {
            let published = publish(source, &mut report, &mut attachments, false, &|file| {
                staging.put(&file).map_err(|e| e.to_string())
            });
            if !published {
                return Ok(()); // the staging folder goes; the site stays
            }
            report.files_written = staging.written.load(std::sync::atomic::Ordering::Relaxed)
                + staging.unchanged.load(std::sync::atomic::Ordering::Relaxed);
            let dropped = staging.finish().map_err(|e| e.to_string())?;
            report
                .diagnostics
                .extend(dropped_warnings(&options.out, &dropped));
            Ok(())
        });
    if let Err(e) = written {
        report.fatal = Some(fatal_text(e));
    }
    report.millis = started.elapsed().as_millis();
    report
}

/// The attachments of a checked community, made safe to publish, when nothing found so far
/// stops the build; their problems join the report's.
pub(crate) fn attachments_of(
    source: &dyn Source,
    options: &BuildOptions,
    report: &mut Report,
) -> Option<Attachments> {
    if report.blocks(options.deny_warnings) {
        return None;
    }
    let (model, _) = report.result.as_ref()?;
    let t = Instant::now();
    let (site, paths) = (&model.site, &model.attachments);
    let mut attachments = match options.attachments_made.as_deref() {
        Some(made) => attachments::process_remembering(source, site, paths, made, None),
        None => attachments::process(source, site, paths),
    };
    report.stages.mark("attachments", t);
    if attachments.diagnostics.is_empty() {
        return Some(attachments);
    }
    privacy::redact_diagnostics(&mut attachments.diagnostics, &model.site.privacy_allow);
    report.diagnostics.append(&mut attachments.diagnostics);
    diagnostics::sort(&mut report.diagnostics);
    if report.blocks(options.deny_warnings) {
        report.result = None;
        return None;
    }
    Some(attachments)
}

/// Renders a checked community and hands each file to `put` as it is made, while the
/// backstop reads it ([`Backstop`]). Returns whether the site may be published: not when
/// rendering failed (the report's `fatal`) or a file would publish a personal number (the
/// report's errors). `in_district`: the community is built beneath a district overview.
pub(crate) fn publish(
    source: &dyn Source,
    report: &mut Report,
    attachments: &mut Attachments,
    in_district: bool,
    put: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
) -> bool {
    let Some((model, facts)) = report.result.as_ref() else {
        return false;
    };
    let backstop = Backstop::new(&model.site.privacy_allow).trusting(crate::site::editor::VENDORED);
    let t = Instant::now();
    let rendered = render_community(
        source,
        model,
        facts,
        &report.settings,
        attachments,
        in_district,
        &|file| {
            backstop.read(&file.path, &file.bytes);
            put(file)
        },
    );
    report.stages.mark("render+write", t);
    if let Err(e) = rendered {
        report.fatal = Some(fatal_text(e));
        return false;
    }
    let mut found = backstop.into_diagnostics(source, &|p| urls::record_of(model, p));
    if found.is_empty() {
        return true;
    }
    report.diagnostics.append(&mut found);
    diagnostics::sort(&mut report.diagnostics);
    report.result = None;
    false
}

/// An I/O or theme failure's message (English, from the system or Tera) with a Chinese lead.
pub(crate) fn fatal_text(e: String) -> Text {
    crate::tr!("{e}", "生成网站时出错：{e}")
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

/// Hands every file of one community's site to `put`, as it is made: `static/`, the
/// published attachments, then every output of the site ([`output::render_site`]).
/// `in_district`: the community is built beneath a district overview, which its pages link.
pub(crate) fn render_community(
    source: &dyn Source,
    model: &Model,
    facts: &Facts,
    settings: &Settings,
    attachments: &mut Attachments,
    in_district: bool,
    put: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
) -> Result<(), String> {
    static_files(source, model)?
        .into_par_iter()
        .try_for_each(put)?;
    attachments.take_files().into_par_iter().try_for_each(put)?;
    let render = (model, facts, settings, &*attachments);
    with_context(source, render, in_district, |cx| {
        output::render_site(cx, put)
    })?;
    Ok(())
}

/// What a community is rendered from: its model and facts, the resolved settings and its
/// attachments as processed.
pub(crate) type Rendering<'a> = (&'a Model, &'a Facts, &'a Settings, &'a Attachments);

/// Runs `f` with the render context of a checked community: its theme and history loaded,
/// its address from `settings` (`build`, and `archive` for the pages it makes itself).
pub(crate) fn with_context<T>(
    source: &dyn Source,
    (model, facts, settings, attachments): Rendering,
    in_district: bool,
    f: impl FnOnce(&Context) -> Result<T, String>,
) -> Result<T, String> {
    let provenance = source.history(settings.time_zone, None, None);
    let theme = Theme::load(source, model.site.theme.as_deref(), settings.language)?;
    let cx = Context::new(
        model,
        facts,
        &theme,
        RenderOptions {
            base_url: settings.base_url.as_deref(),
            generator: GENERATOR,
            attachments: Some(attachments),
            provenance: provenance.as_ref(),
            in_district,
        },
    );
    f(&cx)
}

/// The files under the repository's `static/`, to publish at the site's root (`CNAME`,
/// `.nojekyll`, a host's verification file), read and cleaned ([`statics::publishable`]).
pub(crate) fn static_files(source: &dyn Source, model: &Model) -> Result<Vec<OutputFile>, String> {
    read_static(source, statics::Rules::of(&model.site), &model.static_files)
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

/// A warning when the repository is a shallow clone: the site leaves out the records'
/// change dates, which the cut history would get wrong.
pub fn shallow_note(source: &dyn Source) -> Option<Diagnostic> {
    source.is_shallow().then(|| {
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
