//! The incremental check `yishi serve` runs after each save: the files read and each entry's
//! own check are kept between saves (see ARCHITECTURE.md, "incremental").

use std::sync::Arc;
use std::time::Instant;

use crate::check;
use crate::diagnostics::Severity;
use crate::facts::Facts;
use crate::input::load;
use crate::input::source::Source;
use crate::model::Model;
use crate::pipeline::community::{self, BuildOptions, Report};
use crate::pipeline::district;
use crate::plumbing::timings::Stages;

/// `check`, again and again, of one repository: what `yishi serve` runs after each save. The
/// files read and each entry's own check are kept, and only the files said to have changed
/// ([`Checker::changed`]) are read and parsed again; the checks across files, compute and the
/// warnings run in full, so the report is the one [`check`](super::check) would give.
pub struct Checker {
    /// The repository checked.
    source: Arc<dyn Source>,
    options: BuildOptions,
    /// What was loaded, brought up to date with the changes; `None` loads everything.
    loaded: Option<load::Loaded>,
    /// Paths (relative to the root) changed since the last check.
    changed: Vec<String>,
    memo: check::EntryCache,
    /// What reports hold.
    reporting: check::Reporting,
}

impl Checker {
    /// A checker of the repository `source` that has read nothing yet.
    pub fn new(source: Arc<dyn Source>, options: BuildOptions) -> Self {
        Checker {
            source,
            options,
            loaded: None,
            changed: Vec::new(),
            memo: check::EntryCache::default(),
            reporting: check::Reporting::Everything,
        }
    }

    /// A checker whose reports hold the errors alone (`serve`, which shows only errors): each
    /// check skips copying the warnings, a third of its time at 10,000 topics.
    pub fn errors_only(self) -> Self {
        Checker {
            reporting: check::Reporting::Errors,
            ..self
        }
    }

    /// Notes that the files at these paths (absolute, or relative to the root) changed, were
    /// created or were removed.
    pub fn changed<P: AsRef<std::path::Path>>(&mut self, paths: impl IntoIterator<Item = P>) {
        for path in paths {
            let path = path.as_ref();
            let relative = match self.source.folder() {
                Some(root) => path.strip_prefix(root).unwrap_or(path),
                None => path,
            };
            if relative.is_absolute() {
                self.reset(); // outside the repository: nothing to go by
                continue;
            }
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            self.changed.push(parts.join("/"));
        }
    }

    /// Forgets everything read, so the next check reads the whole repository again (when the
    /// file watcher says it lost track).
    pub fn reset(&mut self) {
        self.loaded = None;
        self.memo = check::EntryCache::default();
    }

    /// The repository checked.
    pub fn source(&self) -> &Arc<dyn Source> {
        &self.source
    }

    /// Checks the repository as it is now.
    pub fn check(&mut self) -> Report {
        self.check_after(None)
    }

    /// [`check`](Self::check), taking from `earlier` (the model and facts of the last
    /// preview) the facts no save changed ([`facts::compute_after`]).
    ///
    /// [`facts::compute_after`]: crate::facts::compute_after
    pub fn check_after(&mut self, earlier: Option<(&Model, &Facts)>) -> Report {
        if district::is_district(&*self.source) {
            let mut report = super::check(&*self.source, &self.options);
            if self.reporting == check::Reporting::Errors {
                report.diagnostics.retain(|d| d.severity == Severity::Error);
            }
            return report;
        }
        let started = Instant::now();
        let changed = std::mem::take(&mut self.changed);
        let refreshed = match self.loaded.as_mut() {
            Some(loaded) => loaded.refresh(&*self.source, &changed),
            None => false,
        };
        if refreshed {
            for path in &changed {
                self.memo.forget(path);
            }
        } else {
            self.reset();
        }
        let loaded = self.loaded.get_or_insert_with(|| load::load(&*self.source));
        let mut stages = Stages::default();
        stages.mark("load", started);
        community::check_loaded(
            &*self.source,
            &self.options,
            loaded,
            (Some(&mut self.memo), earlier),
            self.reporting,
            (started, stages),
        )
    }
}
