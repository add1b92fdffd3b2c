//! Validate: raw files → the typed [`Model`] and every diagnostic.
//!
//! Each file's TOML is read into a raw struct that rejects unknown fields and keeps the
//! byte span of every value that a later check may point at. Then the checks of section 8
//! of the content spec run over the whole repository — vocabularies, references between
//! entries, counts, progress — collecting every problem instead of stopping at the first.
//!
//! The room follows the work, lowest first: [`values`] (a fraction, yuan, an address) and
//! [`reading`] (fields into diagnostics) are used by the record kinds — [`site`],
//! [`council`], [`topic`], [`meeting`], [`evaluation`], [`page`], [`supervision`], [`visit`],
//! each its raw struct, the record it makes, the staff warnings about one and its checks
//! across kinds (an evaluation not before its topics, a visit's grid and visitor); [`entry`]
//! checks one file by itself, [`cross`] against the other files, [`review`] runs both over
//! every entry and gathers the records by kind, [`files`] checks the names of attachments and
//! `static/` files, [`warnings`] runs over every record; this module strings them together as
//! [`validate`], and [`check()`] is the whole of `yishi check` after loading (validate, the
//! facts, the warnings, every report masked). [`district`] checks a district's own files.
//! [`schema`] exports the raw structs for editors. A new record kind is a new file beside
//! `topic.rs`, and a line in [`review`] and [`validate`].

pub mod council;
pub mod cross;
pub mod district;
pub mod entry;
pub mod evaluation;
pub mod files;
pub mod meeting;
pub mod page;
pub mod reading;
pub mod review;
pub mod schema;
pub mod site;
pub mod supervision;
pub mod topic;
pub mod values;
pub mod visit;
pub mod warnings;

use std::collections::BTreeSet;
use std::time::Instant;

use crate::diagnostics::{Diagnostic, Severity};
use crate::facts::Facts;
use crate::input::load::Loaded;
use crate::input::source::Source;
use crate::media::statics;
use crate::model::{Member, Model, Site};
use crate::plumbing::timings::Stages;
use crate::privacy;
use crate::settings::{Given, Settings};
use council::validate_council;
use site::validate_site;

pub use entry::EntryCache;
pub use schema::{schemas, toml_as_json};
pub use site::{ROOT_FILES, static_collisions};
pub use values::{MoneyError, is_http_url, parse_fraction, parse_offset, parse_yuan};
pub use warnings::cross_file_warnings;

/// Which problems a check reports: `Everything` for `yishi check` and `build`; `Errors` for
/// `serve`, which shows errors only — at 10,000 topics copying 11,000 warnings was a third of
/// a save's check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reporting {
    /// Errors, warnings and the staff warnings.
    Everything,
    /// Errors alone.
    Errors,
}

impl Reporting {
    /// Whether a report holds warnings.
    fn warnings(self) -> bool {
        self == Reporting::Everything
    }
}

/// The result of validation: a model (when site.toml could be read) and the problems.
#[derive(Debug)]
pub struct Validated {
    /// The model; entries with errors are left out.
    pub model: Option<Model>,
    /// The settings resolved from what was given and site.toml (the defaults without it).
    pub settings: Settings,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// With a model: the staff warnings of section 7 (late publication, short notice,
    /// overdue actions), which `check` and `build` add to the problems.
    pub timeliness: Vec<Diagnostic>,
}

/// What `yishi check` finds in a loaded repository.
#[derive(Debug)]
pub struct Checked {
    /// Every problem, masked and sorted (with `Options::warnings` off, the errors alone).
    pub diagnostics: Vec<Diagnostic>,
    /// The model and its facts, when there are no errors.
    pub result: Option<(Model, Facts)>,
    /// The settings resolved from what was given and site.toml.
    pub settings: Settings,
    /// How long validation and compute took.
    pub stages: Stages,
}

/// What `serve` keeps from one check for the next: each entry's own check, and the model
/// and facts of the last preview (whose facts a save did not change are kept:
/// [`crate::facts::compute_after`]).
pub type Remembered<'a> = (Option<&'a mut EntryCache>, Option<(&'a Model, &'a Facts)>);

/// The whole of `yishi check` after loading: validate (the settings resolved from `given` and
/// site.toml once, in [`validate`]), compute the facts, and add the staff warnings (section 7, 13.8, 13.9), the note that base_url is missing and the
/// problems of `static/` (read through `source`); every report masked ([`privacy`]) and
/// sorted. With a [`EntryCache`], entries checked before are taken from it; with an earlier
/// model and its facts, the facts the save cannot have changed
/// ([`crate::facts::compute_after`]).
pub fn check(
    loaded: &Loaded,
    source: &dyn Source,
    given: &Given,
    reporting: Reporting,
    (memo, earlier): Remembered<'_>,
) -> Checked {
    let mut stages = Stages::default();
    let t = Instant::now();
    let validated = validate(loaded, given, reporting, memo);
    let t = stages.mark("validate", t);
    let settings = validated.settings;
    let mut diagnostics = validated.diagnostics;
    let result = validated.model.map(|model| {
        let facts = crate::facts::compute_after(&model, settings.today, earlier);
        diagnostics.extend(validated.timeliness);
        if reporting.warnings() {
            diagnostics.extend(cross_file_warnings(loaded, &model, &facts));
        }
        diagnostics.extend(site::base_url_note(&settings));
        let rules = statics::Rules::of(&model.site);
        let (_, problems) = statics::publishable(source, rules, &model.static_files);
        diagnostics.extend(problems);
        (model, facts)
    });
    stages.mark("compute", t);
    if !reporting.warnings() {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    let allow = result
        .as_ref()
        .map(|(m, _)| m.site.privacy_allow.clone())
        .unwrap_or_default();
    privacy::redact_diagnostics(&mut diagnostics, &allow);
    crate::diagnostics::sort(&mut diagnostics);
    let result = result.filter(|_| !crate::diagnostics::has_errors(&diagnostics));
    Checked {
        diagnostics,
        result,
        settings,
        stages,
    }
}

/// The settings and the site of a repository read from its site.toml alone, the records
/// unread: what `yishi new` needs (the vocabularies, and today in the site's zone). The
/// defaults when site.toml is missing or has errors.
pub fn site_settings(source: &dyn Source, given: &Given) -> (Settings, Option<Site>) {
    let mut diags = Vec::new();
    let site = crate::input::load::read_text(source, "site.toml", &mut diags)
        .and_then(|file| validate_site(&file, &mut diags))
        .map(|(site, _)| site);
    match site {
        Some(site) => (Settings::resolve(given, &site), Some(site)),
        None => (Settings::without_site(given), None),
    }
}

/// Checks the loaded repository, with the settings resolved once from what the command line
/// was `given` and site.toml. With a [`EntryCache`] (`yishi serve`), entries checked before
/// and not forgotten since are taken from it and new checks are kept in it.
pub fn validate(
    loaded: &Loaded,
    given: &Given,
    reporting: Reporting,
    memo: Option<&mut EntryCache>,
) -> Validated {
    let warnings = reporting.warnings();
    let mut diags = loaded.diagnostics.clone();
    let site = loaded
        .site
        .as_ref()
        .and_then(|f| validate_site(f, &mut diags));
    let Some((site, _)) = site else {
        return Validated {
            model: None,
            settings: Settings::without_site(given),
            diagnostics: diags,
            timeliness: Vec::new(),
        };
    };
    let settings = Settings::resolve(given, &site);
    for file in loaded.site.iter().chain(loaded.council.iter()) {
        diags.extend(privacy::scan_record(
            privacy::Record::Toml(file),
            &site.privacy_allow,
        ));
    }
    let council = loaded
        .council
        .as_ref()
        .map(|f| validate_council(f, &site.grids, &mut diags));
    let council_ok = !matches!(council, Some(None));
    let (council, staff): (Option<Vec<Member>>, Vec<crate::model::Staff>) = match council.flatten()
    {
        Some((members, staff)) => (Some(members), staff),
        None => (None, Vec::new()),
    };
    let members: BTreeSet<&str> = council.iter().flatten().map(|m| m.name.as_str()).collect();

    let known_ids = review::known_ids(loaded, settings.drafts);
    let g = review::gather(
        loaded,
        (&site, &settings),
        (&known_ids, &members),
        memo,
        warnings,
        &mut diags,
    );
    // The checks across kinds, each with its kind.
    let mut all_ok = council_ok && g.ok;
    let entries = g.entries.as_slice();
    all_ok &= evaluation::after_their_topics(&g.evaluations, &g.topics, entries, &mut diags);
    all_ok &= topic::grids_known(&g.topics, entries, &site.grids, &mut diags);
    let people = (&council, council_ok, staff.as_slice());
    all_ok &= visit::against_grids_and_people(&g.visits, &site.grids, people, &mut diags);
    all_ok &= supervision::committee_named(&site, entries, &known_ids.drafts, &mut diags);
    all_ok &= topic::dated(&g.topics, &g.meetings, entries, &mut diags);
    all_ok &= files::names(loaded, &site, &known_ids.pages, &mut diags);
    if !all_ok {
        return Validated {
            model: None,
            settings,
            diagnostics: diags,
            timeliness: Vec::new(),
        };
    }
    let model = Model {
        attachments: files::published_attachments(loaded, (entries, &g.linked), &known_ids.drafts),
        site,
        council,
        topics: g.topics,
        meetings: g.meetings,
        evaluations: g.evaluations,
        pages: g.pages,
        supervision: g.supervision,
        staff,
        visits: g.visits.into_iter().map(|(v, _, _)| v).collect(),
        static_files: loaded.static_files.clone(),
    };
    Validated {
        model: Some(model),
        settings,
        diagnostics: diags,
        timeliness: g.timeliness,
    }
}
