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

use chrono::Datelike;
use rayon::prelude::*;

use crate::check::district::{District, DistrictFiles, check_district};
use crate::diagnostics::{self, Diagnostic};
use crate::facts::{ActionStatus, Facts, MeetingState};
use crate::input::source::Source;
use crate::media::attachments;
use crate::media::statics::Rules;
use crate::model::Model;
use crate::pipeline::community::{self, BuildOptions, Report};
use crate::pipeline::write;
use crate::plumbing::output::{GENERATOR, OutputFile};
use crate::plumbing::timings::Stages;
use crate::privacy::Backstop;
use crate::settings::Settings;
use crate::site::district_page::{self, CommunityRow};
use crate::site::opendata::{self, OpenData};
use crate::site::theme::Theme;

pub use crate::check::district::is_district;

fn prefixed(mut d: Diagnostic, id: &str) -> Diagnostic {
    d.path = format!("communities/{id}/{}", d.path);
    d
}

/// One community, checked: its report keeps the model, facts and settings; its problems
/// are moved into the district's, prefixed with the community's folder.
struct Checked {
    id: String,
    source: Arc<dyn Source>,
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

/// What checking a district found: district.toml (none when it has errors), the settings of
/// the district's report, every community checked, and every problem.
struct CheckedDistrict {
    district: Option<District>,
    settings: Settings,
    communities: Vec<Checked>,
    diagnostics: Vec<Diagnostic>,
}

/// Checks the district's own files and every community, in parallel.
fn check_all(source: &dyn Source, options: &BuildOptions) -> CheckedDistrict {
    let DistrictFiles {
        district,
        settings,
        communities: found,
        mut diagnostics,
    } = check_district(source, &options.given);
    let mut communities: Vec<Checked> = found
        .into_par_iter()
        .map(|community| {
            // Its folder, its place in the output, what the district's check gave it.
            let options = BuildOptions {
                out: options.out.join(&community.id),
                given: community.given,
                deny_warnings: options.deny_warnings,
                attachments_made: options.attachments_made.clone(),
            };
            let report = community::check(&*community.source, &options);
            Checked {
                id: community.id,
                source: community.source,
                options,
                report,
            }
        })
        .collect();
    for c in &mut communities {
        diagnostics.extend(c.take_problems());
    }
    diagnostics::sort(&mut diagnostics);
    CheckedDistrict {
        district,
        settings,
        communities,
        diagnostics,
    }
}

/// `yishi check` of a district.
pub fn check(source: &dyn Source, options: &BuildOptions) -> Report {
    let started = Instant::now();
    let checked = check_all(source, options);
    let mut stages = Stages::default();
    stages.mark("check", started);
    Report {
        diagnostics: checked.diagnostics,
        result: None,
        settings: checked.settings,
        files_written: 0,
        fatal: None,
        millis: started.elapsed().as_millis(),
        stages,
    }
}

/// `yishi build` of a district: every community under `<id>/`, the overview, the open data.
pub fn build(source: &dyn Source, options: &BuildOptions) -> Report {
    // Where the site would go is checked first: a refused --out is a usage error (exit 2),
    // whatever the records hold.
    if let Err(e) = write::preflight(source.folder(), &options.out) {
        return Report::refused(e.text(), &options.given);
    }
    let started = Instant::now();
    let CheckedDistrict {
        district,
        settings,
        mut communities,
        mut diagnostics,
    } = check_all(source, options);
    diagnostics.extend(community::shallow_note(source));
    let mut stages = Stages::default();
    let t = stages.mark("check", started);
    let mut report = Report {
        diagnostics,
        result: None,
        settings,
        files_written: 0,
        fatal: None,
        millis: 0,
        stages,
    };
    let Some(district) = district.filter(|_| !report.blocks(options.deny_warnings)) else {
        report.millis = started.elapsed().as_millis();
        return report;
    };
    // Attachments of every community, processed before anything is written.
    let mut built: Vec<(Checked, Option<attachments::Attachments>)> = communities
        .par_drain(..)
        .map(|mut c| {
            let attachments = community::attachments_of(&*c.source, &c.options, &mut c.report);
            (c, attachments)
        })
        .collect();
    for (c, _) in &mut built {
        report.diagnostics.extend(c.take_problems());
    }
    let t = report.stages.mark("attachments", t);
    diagnostics::sort(&mut report.diagnostics);
    if report.blocks(options.deny_warnings) {
        report.millis = started.elapsed().as_millis();
        return report;
    }
    let written = write_district(source, options, &district, &mut built, &mut report);
    report.stages.mark("render+write", t);
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
    source: &dyn Source,
    options: &BuildOptions,
    district: &District,
    built: &mut [(Checked, Option<attachments::Attachments>)],
    report: &mut Report,
) -> Result<(), String> {
    let staging = write::Staging::new(source.folder(), &options.out).map_err(|e| e.to_string())?;
    let allowed: Vec<String> = built
        .iter()
        .filter_map(|(c, _)| c.report.result.as_ref())
        .flat_map(|(m, _)| m.site.privacy_allow.iter().cloned())
        .collect();
    let district_backstop = Backstop::new(&allowed).trusting(crate::site::editor::VENDORED);
    let published: Vec<bool> = built
        .par_iter_mut()
        .map(|(c, attachments)| {
            let Some(attachments) = attachments.as_mut() else {
                return false;
            };
            let id = c.id.clone();
            community::publish(&*c.source, &mut c.report, attachments, true, &|mut file| {
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
    let theme = Theme::load(source, None, district.language)?;
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
    for file in community::read_static(source, Rules::NONE, &district.static_files)? {
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
    let mut own = district_backstop.into_diagnostics(source, &|_| None);
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
