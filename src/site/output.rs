//! The outputs of the site.

use rayon::prelude::*;

use crate::plumbing::output::{OutputFile, collect_sorted};
use crate::site::context::*;
use crate::site::urls::*;
use crate::site::{feeds, opendata, popolo};

/// The parts of the site beyond the topic and meeting pages, each made on its own: `serve`
/// makes only the part of the page asked for (the home page alone after a save, not every
/// list, data file and feed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The printable sheets under `board/`.
    Board,
    /// `index.html`.
    Home,
    /// The topic lists under `topics/` (all, by status, by category).
    TopicLists,
    /// The meeting lists under `meetings/`.
    Meetings,
    /// `progress/`.
    Progress,
    /// `years/`.
    Years,
    /// The council, free pages, the search page, `changes/` and `404.html`.
    Other,
    /// `data/` but Popolo.
    OpenData,
    /// `feed.xml`, `meetings.ics` and `data/popolo/`.
    Feeds,
    /// The theme's `static/`.
    Static,
}

impl Part {
    /// Every part.
    pub const ALL: [Part; 10] = [
        Part::Board,
        Part::Home,
        Part::TopicLists,
        Part::Meetings,
        Part::Progress,
        Part::Years,
        Part::Other,
        Part::OpenData,
        Part::Feeds,
        Part::Static,
    ];

    /// The part that makes the file at site path `path`, by where such files are (a test
    /// checks every file each part makes). A path no part makes still gets one here — the
    /// sitemap, made from all of them, and files that do not exist.
    pub fn of(path: &str) -> Part {
        let (first, rest) = path.split_once('/').unwrap_or((path, ""));
        match first {
            "index.html" => Part::Home,
            "board" => Part::Board,
            "topics" => Part::TopicLists,
            "meetings" => Part::Meetings,
            "progress" => Part::Progress,
            "years" => Part::Years,
            "static" => Part::Static,
            "data" if rest.starts_with("popolo/") => Part::Feeds,
            "data" => Part::OpenData,
            "feed.xml" | "meetings.ics" => Part::Feeds,
            _ => Part::Other,
        }
    }

    /// Whether a file a part makes is a page the sitemap lists (not the theme's files).
    pub fn lists_in_sitemap(path: &str) -> bool {
        path.ends_with("index.html") && !path.starts_with("static/")
    }
}

impl Context<'_> {
    /// Every page and file of the site (HTML, open data, feed, sitemap, static assets).
    pub fn render_all(&self) -> Result<Vec<OutputFile>, String> {
        collect_sorted(|sink| self.render_each(sink))
    }

    /// Renders every file and hands each to `sink` as soon as it is made, so the whole site
    /// is never held in memory. The topic and meeting pages — nearly all of a site — are
    /// rendered in parallel, and so is everything else beside them; `sink` is called from
    /// several threads.
    pub fn render_each(
        &self,
        sink: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let (entries, rest) = rayon::join(
            || {
                (0..self.model.topics.len())
                    .into_par_iter()
                    .try_for_each(|ti| {
                        sink(self.topic_page(ti)?)?;
                        self.topic_feed(ti).map_or(Ok(()), sink)
                    })?;
                (0..self.model.meetings.len())
                    .into_par_iter()
                    .try_for_each(|mi| sink(self.meeting_page(mi)?))
            },
            || self.render_rest(sink),
        );
        entries.and(rest)
    }

    /// The one file at `path` when it is a topic page, a topic's feed or a meeting page (what
    /// `serve` renders on its own when it is asked for); `None` for any other path, which
    /// [`Context::render_rest`] makes.
    pub fn render_entry(&self, path: &str) -> Option<Result<OutputFile, String>> {
        let (section, rest) = path.split_once('/')?;
        let (id, file) = rest.split_once('/')?;
        match (section, file) {
            ("topics", "index.html") => {
                let ti = self.model.topics.iter().position(|t| t.id == id)?;
                Some(self.topic_page(ti))
            }
            ("topics", "feed.xml") => {
                let ti = self.model.topics.iter().position(|t| t.id == id)?;
                self.topic_feed(ti).map(Ok)
            }
            ("meetings", "index.html") => {
                let mi = self.model.meetings.iter().position(|m| m.id == id)?;
                Some(self.meeting_page(mi))
            }
            _ => None,
        }
    }

    /// The home page or one page of a topic or meeting list, made by itself (`serve`, after
    /// a save: a list page costs its 50 rows, not the whole list's hundreds of pages); None
    /// for any other path, and for a list page that does not exist.
    pub fn render_alone(&self, path: &str) -> Option<Result<OutputFile, String>> {
        let one = |files: Result<Vec<OutputFile>, String>| match files {
            Ok(files) => files.into_iter().next().map(Ok),
            Err(e) => Some(Err(e)),
        };
        match Part::of(path) {
            Part::Home if path == "index.html" => Some(self.home()),
            Part::TopicLists => one(self.topic_lists(Some(path))),
            Part::Meetings => one(self.meetings_index(Some(path))),
            _ => None,
        }
    }

    /// Every file but the topic pages, their feeds and the meeting pages: lists, the board,
    /// years, open data, feeds, static files (every [`Part`], in parallel), then the sitemap
    /// of every page.
    pub fn render_rest(
        &self,
        sink: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let html_paths = std::sync::Mutex::new(Vec::<String>::new());
        let emit = |file: OutputFile| -> Result<(), String> {
            if Part::lists_in_sitemap(&file.path) {
                html_paths
                    .lock()
                    .map_err(|e| e.to_string())?
                    .push(file.path.clone());
            }
            sink(file)
        };
        Part::ALL
            .par_iter()
            .try_for_each(|&part| self.render_part(part, &emit))?;
        let paths = html_paths.into_inner().map_err(|e| e.to_string())?;
        self.sitemap(paths, sink)
    }

    /// `sitemap.xml` (with a base address only): the pages of `rest_pages` (those the parts
    /// made) and every topic and meeting page.
    pub fn sitemap(
        &self,
        mut rest_pages: Vec<String>,
        sink: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let Some(base) = self.options.base_url else {
            return Ok(());
        };
        rest_pages.extend(self.model.topics.iter().map(|t| topic_url(&t.id)));
        rest_pages.extend(self.model.meetings.iter().map(|m| meeting_url(&m.id)));
        let paths: Vec<&str> = rest_pages.iter().map(String::as_str).collect();
        sink(opendata::sitemap(&paths, base))
    }

    /// The files of one part of the site beyond the record pages.
    pub fn render_part(
        &self,
        part: Part,
        emit: &(dyn Fn(OutputFile) -> Result<(), String> + Sync),
    ) -> Result<(), String> {
        let emit_all = |files: Vec<OutputFile>| files.into_iter().try_for_each(emit);
        match part {
            Part::Board => self.board_pages(emit),
            Part::Home => emit(self.home()?),
            Part::TopicLists => emit_all(self.topic_lists(None)?),
            Part::Meetings => emit_all(self.meetings_index(None)?),
            Part::Progress => emit_all(self.progress_page()?),
            Part::Years => emit_all(self.year_pages()?),
            Part::Other => {
                if self.model.council.is_some() {
                    emit(self.council_page()?)?;
                }
                for page in &self.model.pages {
                    emit(self.free_page(page)?)?;
                }
                emit(self.search_page()?)?;
                if let Some(file) = self.changes_page()? {
                    emit(file)?;
                }
                emit(self.not_found()?)
            }
            Part::OpenData => emit_all(opendata::files(
                self.model,
                self.facts,
                self.options.attachments,
                self.options.generator,
            )),
            Part::Feeds => {
                emit(feeds::calendar(
                    self.model,
                    self.facts,
                    self.options.base_url,
                    self.words.t,
                    self.options.generator,
                ))?;
                emit_all(popolo::files(self.model, self.facts, self.words.t))?;
                match self.options.base_url {
                    Some(base) => {
                        emit(feeds::site_feed(self.model, self.facts, base, self.words.t))
                    }
                    None => Ok(()),
                }
            }
            Part::Static => self.theme.static_files().try_for_each(|(path, bytes)| {
                emit(OutputFile {
                    path: format!("static/{path}"),
                    bytes,
                })
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::theme::Theme;

    /// Every file a part of the sample's site makes is one `Part::of` sends a request for
    /// to that part, so `serve` never needs every part made to find a page.
    #[test]
    fn each_file_of_a_part_is_found_in_that_part() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let options = crate::build::pipeline::BuildOptions {
            root: root.clone(),
            out: root.join("site"),
            given: crate::settings::Given {
                today: None,
                base_url: Some("https://example.org/x/".into()),
                drafts: false,
                ..crate::settings::Given::at(chrono::Utc::now())
            },
            deny_warnings: false,
        };
        let (model, facts) = crate::build::pipeline::check(&options)
            .result
            .expect("the sample checks");
        let theme = Theme::load(
            &crate::content::source::Disk::new(&root),
            model.site.theme.as_deref(),
            model.site.language,
        )
        .expect("the theme");
        let renderer = Context::new(
            &model,
            &facts,
            &theme,
            RenderOptions {
                base_url: Some("https://example.org/x/"),
                generator: "yishi test",
                attachments: None,
                provenance: None,
                in_district: false,
            },
        );
        let mut made = 0;
        for part in Part::ALL {
            let files = std::sync::Mutex::new(Vec::new());
            renderer
                .render_part(part, &|f| {
                    files.lock().unwrap().push(f.path);
                    Ok(())
                })
                .unwrap();
            let files = files.into_inner().unwrap();
            assert!(!files.is_empty(), "{part:?} made nothing");
            for path in &files {
                assert_eq!(Part::of(path), part, "{path}");
            }
            made += files.len();
        }
        assert!(made > 50, "{made}");
        assert_eq!(Part::of("index.html"), Part::Home);
        assert_eq!(Part::of("data/popolo/persons.json"), Part::Feeds);
        assert_eq!(Part::of("sitemap.xml"), Part::Other);
    }
}
