//! Render on demand, for `serve`: after a save the records are checked again (load →
//! validate → compute) and the pages are made only when they are asked for.
//!
//! A live preview shows one page at a time, so rendering all of a large community's
//! 30,000 pages after every save (as `hugo server` and `zola serve` do) is work nobody
//! looks at: at 10,000 topics it took seconds. A [`Preview`] holds the checked model and
//! renders a topic page, a topic's feed or a meeting page by itself when it is requested,
//! and everything else (lists, board, years, open data, feeds) or the search index as one
//! group the first time any of its files is requested. Every file is the same bytes a
//! full build writes (tested on the sample, before and after an edit).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::FixedOffset;

use crate::facts::Facts;
use crate::input::provenance::Provenance;
use crate::input::source::Source;
use crate::media::attachments::{self, Attachments};
use crate::model::{Language, Model};
use crate::pipeline::community::Report;
use crate::pipeline::incremental::Checker;
use crate::plumbing::output::GENERATOR;
use crate::plumbing::output::OutputFile;
use crate::privacy::Backstop;
use crate::settings::Settings;
use crate::site::context::{Context, RenderOptions};
use crate::site::output::{self, OUTPUTS};
use crate::site::theme::Theme;
use crate::site::urls;

/// One checked state of a community, and the files made of it so far.
pub struct Preview {
    /// The repository, to tell staff where a number found on a page is written.
    source: Arc<dyn Source>,
    /// The settings the records were checked with.
    settings: Settings,
    model: Model,
    facts: Facts,
    /// Shared with the next preview when the theme did not change.
    theme: Arc<Theme>,
    /// Which theme and language `theme` was loaded for.
    theme_key: (Option<String>, Language),
    attachments: Attachments,
    /// Attachments that are not published (broken, misnamed, a number in a CSV), masked.
    attachment_problems: Vec<crate::diagnostics::Diagnostic>,
    provenance: Option<Provenance>,
    made: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// Each output of the site ([`OUTPUTS`]), made whole when a file of it is asked for that
    /// it cannot make alone.
    outputs: [OnceLock<Result<(), String>>; OUTPUTS.len()],
    /// The pages the outputs made, for the sitemap.
    pages: Mutex<Vec<String>>,
    sitemap: OnceLock<Result<(), String>>,
}

/// What changed since the previous preview, as far as the file watcher knows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Changed<'a> {
    /// A file under themes/ (the theme is loaded again).
    pub themes: bool,
    /// Every path under site.toml and content/ changed (relative to the root), when all are
    /// known: git is asked about those only, and attachments not among them are not read.
    pub sources: Option<&'a [String]>,
}

/// How a new preview gets its git provenance.
pub enum Git {
    /// Ask git, keeping what still holds of the previous preview's.
    Ask,
    /// Already read (`serve` asks git while the records are checked again).
    Read(Option<Provenance>),
}

impl Preview {
    /// What `serve` does after a save: checks the records again with `checker` (only the
    /// changed files are read) while git is asked what is uncommitted — 10–20 ms at 10,000
    /// topics, in the previous preview's time zone; `new` reads again if site.toml changed
    /// it — then, when the records have no errors, makes the new preview of them. The
    /// report comes back without its result, which the preview holds.
    pub fn after_save(
        checker: &mut Checker,
        memo: &attachments::Cache,
        previous: Option<&Preview>,
        changed: Changed,
    ) -> (Report, Option<Result<Preview, String>>) {
        let source = checker.source().clone();
        let (mut report, read) = std::thread::scope(|scope| {
            let git = previous
                .map(|p| scope.spawn(|| source.history(p.zone(), p.provenance(), changed.sources)));
            let report = checker.check_after(previous.map(|p| (&p.model, &p.facts)));
            (report, git.and_then(|g| g.join().ok()))
        });
        let git = match read {
            Some(read) => Git::Read(read),
            None => Git::Ask,
        };
        let settings = report.settings.clone();
        let made = report.result.take().map(|(model, facts)| {
            Preview::new(
                &source,
                (model, facts, settings),
                memo,
                previous,
                changed,
                git,
            )
        });
        (report, made)
    }

    /// How many topics and meetings it shows.
    pub fn records(&self) -> usize {
        self.model.topics.len() + self.model.meetings.len()
    }

    /// The attachments a build would refuse, with why (serve shows them as errors).
    pub fn attachment_problems(&self) -> &[crate::diagnostics::Diagnostic] {
        &self.attachment_problems
    }

    /// The language staff read the preview's messages in.
    pub fn staff_language(&self) -> Language {
        self.settings.staff_language
    }

    /// The time zone of the records (site.toml's), for reading git dates.
    pub fn zone(&self) -> FixedOffset {
        self.settings.time_zone
    }

    /// The git provenance shown.
    pub fn provenance(&self) -> Option<&Provenance> {
        self.provenance.as_ref()
    }

    /// Prepares the community of `repository` checked into `model` and `facts` with its
    /// resolved `settings`:
    /// loads the theme, reads the git history and publishes the attachments (metadata
    /// removed), which are kept; attachments `memo` holds unchanged from an earlier preview
    /// are not processed again (nor read, when `changed` knows every changed source). From
    /// `previous` (the preview this one replaces) the theme is kept unless a theme file
    /// changed or site.toml names another theme or language, and the git history while HEAD
    /// has not moved; `git` says how to get the provenance.
    pub fn new(
        repository: &Arc<dyn Source>,
        (model, facts, settings): (Model, Facts, Settings),
        memo: &attachments::Cache,
        previous: Option<&Preview>,
        changed: Changed,
        git: Git,
    ) -> Result<Preview, String> {
        let source = &**repository;
        let theme_key = (model.site.theme.clone(), settings.language);
        let theme = match previous.filter(|p| !changed.themes && p.theme_key == theme_key) {
            Some(p) => p.theme.clone(),
            None => Arc::new(Theme::load(
                source,
                model.site.theme.as_deref(),
                settings.language,
            )?),
        };
        // What the memo holds was made for the previous preview: without one, read all.
        let sources = previous.and(changed.sources);
        let mut attachments = attachments::process_remembering(
            source,
            &model.site,
            &model.attachments,
            memo,
            sources,
        );
        let mut attachment_problems = std::mem::take(&mut attachments.diagnostics);
        crate::privacy::redact_diagnostics(&mut attachment_problems, &model.site.privacy_allow);
        let made = crate::pipeline::community::static_files(source, &model)?
            .into_iter()
            .chain(attachments.take_files())
            .map(|f| (f.path, Arc::new(f.bytes)))
            .collect();
        let zone = settings.time_zone;
        let provenance = match git {
            Git::Ask => source.history(
                zone,
                previous.and_then(|p| p.provenance.as_ref()),
                changed.sources,
            ),
            Git::Read(read) => match read {
                // Read in another zone (site.toml's timezone changed): the dates again.
                Some(p) if p.zone() != Some(zone) => source.history(zone, Some(&p), Some(&[])),
                read => read,
            },
        };
        Ok(Preview {
            source: repository.clone(),
            settings,
            provenance,
            model,
            facts,
            theme,
            theme_key,
            attachments,
            attachment_problems,
            made: Mutex::new(made),
            outputs: [const { OnceLock::new() }; OUTPUTS.len()],
            pages: Mutex::new(Vec::new()),
            sitemap: OnceLock::new(),
        })
    }

    fn context(&self) -> Context<'_> {
        Context::new(
            &self.model,
            &self.facts,
            &self.theme,
            RenderOptions {
                base_url: self.settings.base_url.as_deref(),
                generator: GENERATOR,
                attachments: Some(&self.attachments),
                provenance: self.provenance.as_ref(),
                in_district: false,
            },
        )
    }

    fn cached(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, String> {
        let made = self.made.lock().map_err(|e| e.to_string())?;
        Ok(made.get(path).cloned())
    }

    fn keep(&self, file: OutputFile) -> Result<Arc<Vec<u8>>, String> {
        // As a build would, the preview never shows a page that publishes a personal number,
        // and says so as the build does: at the record and line, in the site's language.
        let backstop =
            Backstop::new(&self.model.site.privacy_allow).trusting(crate::site::editor::VENDORED);
        backstop.read(&file.path, &file.bytes);
        let found = backstop.into_diagnostics(&*self.source, &|p| urls::record_of(&self.model, p));
        if !found.is_empty() {
            let language = self.settings.staff_language;
            let shown: Vec<String> = found.iter().map(|d| d.render_in(language)).collect();
            return Err(shown.join("\n"));
        }
        let bytes = Arc::new(file.bytes);
        let mut made = self.made.lock().map_err(|e| e.to_string())?;
        made.insert(file.path, bytes.clone());
        Ok(bytes)
    }

    /// The file at site path `path` (`topics/x/index.html`), made now if it was not yet;
    /// `None` when the site has no such file.
    pub fn get(&self, path: &str) -> Result<Option<Arc<Vec<u8>>>, String> {
        if let Some(bytes) = self.cached(path)? {
            return Ok(Some(bytes));
        }
        let cx = self.context();
        let Some(at) = output::owner(&cx, path) else {
            return self.get_sitemap(&cx, path);
        };
        let owner = OUTPUTS[at];
        if let Some(file) = owner.render_one(&cx, path) {
            return self.keep(file?).map(Some);
        }
        // Every file an output makes is one it owns (tested in site/output.rs), so a path
        // its output did not make does not exist: a browser's /favicon.ico costs nothing,
        // a board sheet costs the board, not the whole site.
        self.make(&cx, at)?;
        self.cached(path)
    }

    /// Makes the whole output `at` once, keeping its files and its pages for the sitemap.
    fn make(&self, cx: &Context, at: usize) -> Result<(), String> {
        self.outputs[at]
            .get_or_init(|| {
                let output = OUTPUTS[at];
                let listed = output.pages(cx);
                let known = listed.is_some();
                if let Some(listed) = listed {
                    self.pages.lock().map_err(|e| e.to_string())?.extend(listed);
                }
                output.render(cx, &|f| {
                    if !known && output::is_page(&f.path) {
                        self.pages
                            .lock()
                            .map_err(|e| e.to_string())?
                            .push(f.path.clone());
                    }
                    self.keep(f).map(drop)
                })
            })
            .clone()
    }

    /// The sitemap, which lists the pages of every output: each output made (but those whose
    /// pages are known without rendering them), then the sitemap. One output at a time, from
    /// this thread: a rayon worker must never wait on an output another thread is making
    /// with rayon's workers. Any other path no output owns does not exist.
    fn get_sitemap(&self, cx: &Context, path: &str) -> Result<Option<Arc<Vec<u8>>>, String> {
        if path != output::SITEMAP {
            return Ok(None);
        }
        for (at, output) in OUTPUTS.iter().enumerate() {
            match output.pages(cx) {
                Some(listed) if self.outputs[at].get().is_none() => {
                    self.pages.lock().map_err(|e| e.to_string())?.extend(listed)
                }
                Some(_) => {}
                None => self.make(cx, at)?,
            }
        }
        self.sitemap
            .get_or_init(|| {
                let mut pages = self.pages.lock().map_err(|e| e.to_string())?.clone();
                pages.sort_unstable();
                pages.dedup();
                output::sitemap(cx, pages, &|f| self.keep(f).map(drop))
            })
            .clone()?;
        self.cached(path)
    }

    /// The site paths made so far (attachments from the start, pages as they were asked for).
    pub fn paths(&self) -> Vec<String> {
        self.made
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
}
