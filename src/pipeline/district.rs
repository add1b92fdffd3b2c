//! The district view: a folder of communities builds into one site.
//!
//! ```text
//! district.toml                      title, district name, base_url, language, today (optional)
//! communities/<id>/site.toml         each community's own repository, as in spec section 1
//! communities/<id>/content/…
//! ```
//!
//! A root with `communities/` and no `site.toml` is a district. Every community is checked
//! and built by the same stages as a single community, in parallel, into `<id>/` under the
//! output; the district adds an overview page (per community: open topics, overdue
//! actions, this year's on-time rate, the latest satisfaction rate, the last meeting) and
//! open data that concatenates the communities' with a `community` key. Problems are
//! reported with paths from the district root (`communities/<id>/content/…`), all at once;
//! any error leaves the previous output as it was, for every community.

use std::sync::Arc;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Deserialize;

use crate::check;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::facts::{ActionStatus, Facts, MeetingState};
use crate::input::load;
use crate::input::source::{Kind, Node, Source, linked_part};
use crate::media::attachments;
use crate::model::{Language, Model};
use crate::pipeline::community::{self, BuildOptions, Report};
use crate::pipeline::write;
use crate::plumbing::output::GENERATOR;
use crate::plumbing::output::OutputFile;
use crate::privacy::{self, Backstop};
use crate::settings::Settings;
use crate::site::district_page::{self, CommunityRow};
use crate::site::opendata::{self, OpenData};
use crate::site::theme::Theme;

/// district.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    title: Option<String>,
    district: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    today: Option<toml::value::Datetime>,
}

/// The district's own settings.
#[derive(Debug, Clone)]
pub struct District {
    /// Title of the overview page.
    pub title: Option<String>,
    /// Name of the district (街道 / 区).
    pub district: Option<String>,
    /// Address of the district site, ending in `/`; communities live beneath it.
    pub base_url: Option<String>,
    /// Interface language of the overview.
    pub language: Language,
    /// Pinned reference date for every community.
    pub today: Option<NaiveDate>,
    /// Files under the district's `static/`, published as they are at the district site's
    /// root (paths relative to `static/`).
    pub static_files: Vec<String>,
}

impl Default for District {
    /// No district.toml: no title or address of its own, Chinese, each community's today.
    fn default() -> Self {
        District {
            title: None,
            district: None,
            base_url: None,
            language: Language::ZhCn,
            today: None,
            static_files: Vec::new(),
        }
    }
}

/// Whether the repository is a district (has `communities/` and no `site.toml`).
pub fn is_district(source: &dyn Source) -> bool {
    source.node("site.toml").is_err()
        && matches!(source.node("communities"), Ok(Node::Folder | Node::Link))
}

/// Reads district.toml (optional) into settings, or the problems with it.
fn read_district(source: &dyn Source) -> Result<District, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let Some(file) = source
        .node("district.toml")
        .is_ok()
        .then(|| load::read_text(source, "district.toml", &mut diagnostics))
    else {
        return Ok(District::default());
    };
    let Some(file) = file else {
        return Err(diagnostics);
    };
    let raw: RawDistrict = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(vec![
                Diagnostic::error(
                    "syntax",
                    &file,
                    span,
                    crate::tr!("{message}", "district.toml 写法有误：{message}"; message = e.message().trim()),
                )
                .with_hint(crate::tr!(
                    "district.toml takes title, district, base_url, language and today",
                    "district.toml 可以写 title、district、base_url、language 和 today"
                )),
            ]);
        }
    };
    let today = match &raw.today {
        None => None,
        Some(d) => match d.date.filter(|_| d.time.is_none()) {
            Some(date) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            None => {
                return Err(vec![whole(
                    "type",
                    crate::tr!(
                        "today is not a date such as 2025-12-31",
                        "today 不是日期，应写成 2025-12-31 这样"
                    ),
                    crate::tr!(
                        "write today = 2025-12-31 without quotes",
                        "写 today = 2025-12-31，不加引号"
                    ),
                )]);
            }
        },
    };
    if let Some(url) = raw.base_url.as_deref()
        && !crate::check::is_http_url(url)
    {
        return Err(vec![whole(
            "type",
            crate::tr!(
                "base_url must be an absolute http(s) address",
                "base_url 必须是完整的 http(s) 网址"
            ),
            crate::tr!(
                "for example \"https://example.org/jiedao/\"",
                "例如 \"https://example.org/jiedao/\""
            ),
        )]);
    }
    let language = match raw.language.as_deref().map(Language::from_code) {
        None => Language::ZhCn,
        Some(Some(language)) => language,
        Some(None) => {
            let other = raw.language.as_deref().unwrap_or_default();
            return Err(vec![whole(
                "vocabulary",
                crate::tr!(
                    "language \"{other}\" is not supported",
                    "不支持界面语言“{other}”"
                ),
                crate::tr!("use \"zh-CN\" or \"en\"", "写 \"zh-CN\" 或 \"en\""),
            )]);
        }
    };
    Ok(District {
        title: raw.title,
        district: raw.district,
        base_url: raw.base_url.as_deref().map(crate::settings::with_slash),
        language,
        today,
        static_files: Vec::new(),
    })
}

fn whole(
    code: &'static str,
    message: crate::diagnostics::Text,
    hint: crate::diagnostics::Text,
) -> Diagnostic {
    Diagnostic::whole_file(Severity::Error, code, "district.toml", message).with_hint(hint)
}

/// The communities: folders under `communities/` holding a site.toml, each as a source of
/// its own, sorted by id. A link is followed only to a folder of the same repository
/// ([`Source::scoped`]).
fn communities(
    source: &dyn Source,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Arc<dyn Source>)> {
    let mut ids = Vec::new();
    if linked_part(source, "communities").is_some() {
        diagnostics.push(
            Diagnostic::whole_file(
                Severity::Error,
                "linked-folder",
                "communities",
                crate::tr!(
                    "is a symbolic link; yishi reads only folders inside the repository",
                    "是一个符号链接；yishi 只读取仓库内的文件夹"
                ),
            )
            .with_hint(crate::tr!(
                "move the folder itself into the repository in place of the link",
                "把文件夹本身移到仓库里，替换这个链接"
            )),
        );
        return ids;
    }
    let Ok(entries) = source.list("communities") else {
        return ids;
    };
    for entry in entries {
        let name = entry.name.unwrap_or_else(|lossy| lossy);
        if name.starts_with('.') {
            continue;
        }
        let path = format!("communities/{name}");
        let community = source.scoped(&path);
        if entry.kind == Kind::Link && community.is_none() {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "linked-folder",
                    &format!("communities/{name}"),
                    crate::tr!("is a symbolic link to a folder outside the repository, so this community is not built", "是指向仓库外文件夹的符号链接，这个社区不会生成"),
                )
                .with_hint(crate::tr!("move the community's folder itself under communities/, or link only to a folder of the same git repository", "把社区的文件夹本身放在 communities/ 下，或只链接同一个 git 仓库里的文件夹")),
            );
            continue;
        }
        let Some(community) = community else {
            continue;
        };
        if community.node("site.toml").is_err() {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Warning,
                    "ignored-file",
                    &format!("communities/{name}"),
                    crate::tr!(
                        "has no site.toml and is not built",
                        "没有 site.toml，不会生成"
                    ),
                )
                .with_hint(crate::tr!(
                    "each community folder holds its own site.toml and content/",
                    "每个社区的文件夹里要有自己的 site.toml 和 content/"
                )),
            );
            continue;
        }
        if !load::is_valid_id(&name) {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "bad-id",
                    &format!("communities/{name}"),
                    crate::tr!("a community folder name is its address: ASCII lowercase letters, digits and - only", "社区文件夹名就是它的网址：只能用小写英文字母、数字和 -"),
                )
                .with_hint(crate::tr!("rename it to communities/{suggested}", "改名为 communities/{suggested}"; suggested = load::suggest_id(&name))),
            );
            continue;
        }
        if matches!(name.as_str(), "data" | "static") {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "reserved-id",
                    &format!("communities/{name}"),
                    crate::tr!(
                        "\"{name}\" is used by the district site itself",
                        "“{name}”已被街道网站自己使用"
                    ),
                )
                .with_hint(crate::tr!(
                    "rename the community folder",
                    "给社区文件夹改名"
                )),
            );
            continue;
        }
        let shown = format!("communities/{name}");
        let named = crate::privacy::scan_record(
            crate::privacy::Record::Name {
                path: &shown,
                name: &name,
            },
            &[],
        );
        if !named.is_empty() {
            diagnostics.extend(named);
            continue;
        }
        ids.push((name, community));
    }
    ids.sort_by(|a, b| a.0.cmp(&b.0));
    ids
}

/// The options one community is built with: its folder, its place in the output, the
/// district's today and address.
fn community_options(
    options: &BuildOptions,
    district: &District,
    id: &str,
    source: Arc<dyn Source>,
) -> BuildOptions {
    BuildOptions {
        source,
        out: options.out.join(id),
        given: options
            .given
            .in_district(district.today, district.base_url.as_deref(), id),
        deny_warnings: options.deny_warnings,
        attachments_made: options.attachments_made.clone(),
    }
}

fn prefixed(mut d: Diagnostic, id: &str) -> Diagnostic {
    d.path = format!("communities/{id}/{}", d.path);
    d
}

/// One community, checked: its report keeps the model, facts and settings; its problems
/// are moved into the district's, prefixed with the community's folder.
struct Checked {
    id: String,
    options: BuildOptions,
    report: Report,
}

impl Checked {
    /// The problems the community's report gained since they were last taken, with paths
    /// from the district root.
    fn take_problems(&mut self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.report
            .diagnostics
            .drain(..)
            .map(|d| prefixed(d, &self.id))
    }
}

/// Checks the district file and every community, in parallel.
fn check_all(options: &BuildOptions) -> (Option<District>, Vec<Checked>, Vec<Diagnostic>) {
    let source = &*options.source;
    let mut diagnostics = Vec::new();
    let district = match read_district(source) {
        Ok(d) => Some(d),
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            None
        }
    };
    let found = communities(source, &mut diagnostics);
    let static_files = load::list_static(source, &mut diagnostics);
    let root_files = ["index.html", "404.html", crate::plumbing::output::MARKER];
    diagnostics.extend(check::static_collisions(
        &static_files,
        &root_files,
        |first| found.iter().any(|(id, _)| id == first) || ["data", "static"].contains(&first),
        &crate::tr!("the district site", "街道网站"),
        &crate::tr!(
            "{files}, data/, static/ and the communities' folders",
            "{files}、data/、static/ 以及各社区的文件夹";
            files = root_files.join(", ")
        ),
    ));
    let (_, problems) = crate::media::statics::publishable(source, OWN_STATIC, &static_files);
    diagnostics.extend(problems);
    let district = district.map(|d| District { static_files, ..d });
    if found.is_empty() {
        diagnostics.push(
            Diagnostic::whole_file(
                Severity::Error,
                "missing-file",
                "communities",
                crate::tr!(
                    "holds no community (a folder with a site.toml)",
                    "里面没有社区（有 site.toml 的文件夹）"
                ),
            )
            .with_hint(crate::tr!(
                "put each community in communities/<id>/ with its site.toml and content/",
                "每个社区放在 communities/<id>/ 下，里面有它的 site.toml 和 content/"
            )),
        );
    }
    let settings = district.clone().unwrap_or_default();
    let mut communities: Vec<Checked> = found
        .into_par_iter()
        .map(|(id, source)| {
            let options = community_options(options, &settings, &id, source);
            let report = community::check(&options);
            Checked {
                id,
                options,
                report,
            }
        })
        .collect();
    // The district's own problems (a folder's name, district.toml) are masked too; the
    // communities' were, with their own allow lists.
    privacy::redact_diagnostics(&mut diagnostics, &[]);
    for c in &mut communities {
        diagnostics.extend(c.take_problems());
    }
    diagnostics::sort(&mut diagnostics);
    (district, communities, diagnostics)
}

/// The rules for the district's own `static/`: no allow list of its own, nothing as it is.
const OWN_STATIC: crate::media::statics::Rules<'static> = crate::media::statics::Rules {
    allow: &[],
    as_is: &[],
};

/// The settings of the district's report: its language for staff, its pinned today.
fn district_settings(options: &BuildOptions, district: Option<&District>) -> Settings {
    let mut settings = Settings::without_site(&options.given);
    if let Some(d) = district {
        settings.language = d.language;
        settings.staff_language =
            crate::settings::staff_language(options.given.language, Some(d.language));
        if options.given.today.is_none()
            && let Some(today) = d.today
        {
            settings.today = today;
        }
    }
    settings
}

/// `yishi check` of a district.
pub fn check(options: &BuildOptions) -> Report {
    let started = Instant::now();
    let (district, _, diagnostics) = check_all(options);
    Report {
        diagnostics,
        result: None,
        settings: district_settings(options, district.as_ref()),
        files_written: 0,
        fatal: None,
        millis: started.elapsed().as_millis(),
    }
}

/// `yishi build` of a district: every community under `<id>/`, the overview, the open data.
pub fn build(options: &BuildOptions) -> Report {
    // Where the site would go is checked first: a refused --out is a usage error (exit 2),
    // whatever the records hold.
    if let Err(e) = write::preflight(options.source.folder(), &options.out) {
        return Report::refused(e.text(), &options.given);
    }
    let started = Instant::now();
    let (district, mut communities, mut diagnostics) = check_all(options);
    diagnostics.extend(community::shallow_note(&*options.source));
    let mut report = Report {
        diagnostics,
        result: None,
        settings: district_settings(options, district.as_ref()),
        files_written: 0,
        fatal: None,
        millis: 0,
    };
    let Some(district) = district.filter(|_| !report.blocks(options.deny_warnings)) else {
        report.millis = started.elapsed().as_millis();
        return report;
    };
    // Attachments of every community, processed before anything is written.
    let mut built: Vec<(Checked, Option<attachments::Attachments>)> = communities
        .par_drain(..)
        .map(|mut c| {
            let attachments = community::attachments_of(&c.options, &mut c.report);
            (c, attachments)
        })
        .collect();
    for (c, _) in &mut built {
        report.diagnostics.extend(c.take_problems());
    }
    diagnostics::sort(&mut report.diagnostics);
    if report.blocks(options.deny_warnings) {
        report.millis = started.elapsed().as_millis();
        return report;
    }
    let written = write_district(options, &district, &mut built, &mut report);
    if let Err(e) = written {
        report.fatal = Some(community::fatal_text(e));
    }
    report.millis = started.elapsed().as_millis();
    report
}

/// The overview figures of one community, computed from its model and facts.
pub fn community_row(id: &str, model: &Model, facts: &Facts) -> CommunityRow {
    let year = facts.today.year();
    let this_year = facts.years.iter().find(|y| y.year == year);
    let latest_rating = facts
        .years
        .iter()
        .rev()
        .find(|y| y.satisfaction_overall.is_some());
    let last = model
        .meetings
        .iter()
        .zip(&facts.meetings)
        .filter(|(_, f)| f.state == MeetingState::Held)
        .max_by(|a, b| a.0.start.cmp(&b.0.start).then(a.0.id.cmp(&b.0.id)))
        .map(|(m, _)| m);
    CommunityRow {
        id: id.to_string(),
        community: model.site.community.clone(),
        url: format!("{id}/index.html"),
        topics: model.topics.len(),
        open_topics: facts.topics.iter().filter(|t| t.status.is_open()).count(),
        overdue_actions: facts
            .topics
            .iter()
            .flat_map(|t| &t.actions)
            .filter(|a| a.status == ActionStatus::Overdue)
            .count(),
        on_time_year: year,
        on_time_rate: this_year.and_then(|y| y.on_time_rate),
        due: this_year.map_or(0, |y| y.actions_due),
        done: this_year.map_or(0, |y| y.actions_done),
        satisfaction_year: latest_rating.map(|y| y.year),
        satisfaction: latest_rating.and_then(|y| y.satisfaction_overall),
        last_meeting_date: last.map(|m| m.start.date().format("%Y-%m-%d").to_string()),
        last_meeting: last.map(|m| m.title.clone()),
        last_meeting_url: last.map(|m| format!("{id}/{}", crate::site::urls::meeting_url(&m.id))),
        today: facts.today.format("%Y-%m-%d").to_string(),
    }
}

/// Builds every community into its folder of one staging area, then the district's pages
/// and data, and swaps it in unless a file would publish a personal number (each
/// community's files are read by the backstop as it builds them, the district's own with
/// every allow list). Problems found on the way join `report`.
fn write_district(
    options: &BuildOptions,
    district: &District,
    built: &mut [(Checked, Option<attachments::Attachments>)],
    report: &mut Report,
) -> Result<(), String> {
    let staging =
        write::Staging::new(options.source.folder(), &options.out).map_err(|e| e.to_string())?;
    let allowed: Vec<String> = built
        .iter()
        .filter_map(|(c, _)| c.report.result.as_ref())
        .flat_map(|(m, _)| m.site.privacy_allow.iter().cloned())
        .collect();
    let district_backstop = Backstop::new(&allowed);
    let published: Vec<bool> = built
        .par_iter_mut()
        .map(|(c, attachments)| {
            let Some(attachments) = attachments.as_mut() else {
                return false;
            };
            let id = c.id.clone();
            community::publish(&c.options, &mut c.report, attachments, true, &|mut file| {
                file.path = format!("{id}/{}", file.path);
                staging.put(&file).map_err(|e| e.to_string())
            })
        })
        .collect();
    let mut rows = Vec::new();
    for (c, _) in built.iter_mut() {
        if let Some(fatal) = c.report.fatal.take() {
            report.fatal.get_or_insert(fatal);
        }
        report.diagnostics.extend(c.take_problems());
        if let Some((model, facts)) = c.report.result.as_ref() {
            rows.push(community_row(&c.id, model, facts));
        }
    }
    if report.fatal.is_some() {
        return Ok(()); // the staging folder goes; the site stays
    }
    let put = |file: &OutputFile| -> Result<(), String> {
        district_backstop.read(&file.path, &file.bytes);
        staging.put(file).map_err(|e| e.to_string())
    };
    let theme = Theme::load(&*options.source, None, district.language)?;
    let today = built
        .iter()
        .filter_map(|(c, _)| c.report.result.as_ref().map(|(_, f)| f.today))
        .max()
        .unwrap_or_default();
    for file in district_page::district_overview(
        &theme,
        &district_page::DistrictInfo {
            title: district.title.clone(),
            district: district.district.clone(),
            language: district.language,
            today,
            generator: GENERATOR,
            base_url: options
                .given
                .base_url
                .as_deref()
                .map(crate::settings::with_slash)
                .or_else(|| district.base_url.clone())
                .as_deref(),
        },
        &rows,
    )? {
        put(&file)?;
    }
    for file in community::read_static(&*options.source, OWN_STATIC, &district.static_files)? {
        put(&file)?;
    }
    // The communities' open data, concatenated (section 11).
    let data = built
        .iter()
        .filter_map(|(c, attachments)| {
            let (model, facts) = c.report.result.as_ref()?;
            let open = OpenData::of(model, facts, attachments.as_ref(), GENERATOR);
            Some((c.id.clone(), open))
        })
        .collect();
    for file in opendata::district_files(data) {
        put(&file)?;
    }
    put(&crate::plumbing::output::json_file(
        "data/communities.json",
        &rows,
    ))?;
    // The district's own files show many records: none is one record's page.
    let mut own = district_backstop.into_diagnostics(&*options.source, &|_| None);
    if !own.is_empty() || published.contains(&false) {
        report.diagnostics.append(&mut own);
        diagnostics::sort(&mut report.diagnostics);
        return Ok(()); // the staging folder goes; the site stays
    }
    report.files_written = staging.written.load(std::sync::atomic::Ordering::Relaxed)
        + staging.unchanged.load(std::sync::atomic::Ordering::Relaxed);
    let dropped = staging.finish().map_err(|e| e.to_string())?;
    report
        .diagnostics
        .extend(community::dropped_warnings(&options.out, &dropped));
    Ok(())
}
