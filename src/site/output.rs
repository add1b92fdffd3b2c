//! The outputs of the site, each a unit that says which paths it owns and renders them
//! (mdBook's `Renderer`, Zola's one file per output).
//!
//! A build renders every output of [`OUTPUTS`] in parallel from one [`Context`], then the
//! sitemap of every page they made. `serve` asks [`owner`] which output makes the path a
//! browser asked for and renders that one alone — or, for a topic, a meeting, the home page
//! or one page of a list, only that file ([`Output::render_one`]). Every file an output
//! makes is owned by it and by no other (tested below), so a path no output owns does not
//! exist and costs nothing to answer.

use rayon::prelude::*;

use crate::plumbing::output::{OutputFile, collect_sorted};
use crate::site::context::Context;
use crate::site::pages::{board, home, meetings, other, progress, topics, years};
use crate::site::urls::{self, meeting_url, topic_url};
use crate::site::{feeds, opendata, popolo, search};

/// Where an output hands each file as it is made (called from any thread).
pub type Emit<'a> = &'a (dyn Fn(OutputFile) -> Result<(), String> + Sync);

/// One output of the site: a family of files it alone makes.
pub trait Output: Sync {
    /// Its name, for errors and timings.
    fn name(&self) -> &'static str;
    /// Whether the file at site path `path` (`topics/x/index.html`) is one this output makes
    /// or would make: decided by where its files are, without rendering.
    fn owns(&self, cx: &Context, path: &str) -> bool;
    /// Every file of this output, each handed to `emit` as it is made.
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String>;
    /// The file at `path` (which this output owns) made by itself, when the output can make
    /// one file without the others: `serve` after a save renders a topic page, the home page
    /// or one page of a list, not the whole family. `None`: render the whole output.
    fn render_one(&self, _cx: &Context, _path: &str) -> Option<Result<OutputFile, String>> {
        None
    }
    /// The pages (HTML) this output makes, when they are known without rendering them; the
    /// sitemap lists them. `None`: the pages it emits are listed.
    fn pages(&self, _cx: &Context) -> Option<Vec<String>> {
        None
    }
}

/// Every output of the site but the sitemap, which lists the pages of all of them.
pub const OUTPUTS: &[&dyn Output] = &[
    &TopicPages,
    &MeetingPages,
    &TopicLists,
    &MeetingLists,
    &Home,
    &Board,
    &Progress,
    &Years,
    &Council,
    &FreePages,
    &SearchPage,
    &SearchIndex,
    &Changes,
    &NotFound,
    &OpenData,
    &Popolo,
    &Feeds,
    &ThemeFiles,
    &EditorFiles,
    &SupervisionPage,
    &EvaluationPages,
    &GridsPage,
];

/// The sitemap's path: the one file made from the pages of every output.
pub const SITEMAP: &str = "sitemap.xml";

/// The index in [`OUTPUTS`] of the output that owns `path`; `None` when no output makes such
/// a file (the sitemap, and files that do not exist).
pub fn owner(cx: &Context, path: &str) -> Option<usize> {
    OUTPUTS.iter().position(|o| o.owns(cx, path))
}

/// Whether a file is a page the sitemap lists (not the theme's files, not the staff's
/// editor).
pub fn is_page(path: &str) -> bool {
    path.ends_with("index.html")
        && !path.starts_with("static/")
        && !path.starts_with(crate::site::editor::FOLDER)
}

/// Every file of the site: each output in parallel, then the sitemap. Files are handed to
/// `sink` as they are made, so the whole site is never held in memory.
pub fn render_site(cx: &Context, sink: Emit) -> Result<(), String> {
    let pages = std::sync::Mutex::new(Vec::<String>::new());
    OUTPUTS.par_iter().try_for_each(|output| {
        let listed = output.pages(cx);
        let known = listed.is_some();
        if let Some(listed) = listed {
            pages.lock().map_err(|e| e.to_string())?.extend(listed);
        }
        output
            .render(cx, &|file: OutputFile| {
                if !known && is_page(&file.path) {
                    pages
                        .lock()
                        .map_err(|e| e.to_string())?
                        .push(file.path.clone());
                }
                sink(file)
            })
            .map_err(|e| format!("{}: {e}", output.name()))
    })?;
    sitemap(cx, pages.into_inner().map_err(|e| e.to_string())?, sink)
}

/// Every file of the site, sorted by path.
pub fn render_all(cx: &Context) -> Result<Vec<OutputFile>, String> {
    collect_sorted(|sink| render_site(cx, sink))
}

/// `sitemap.xml` of these pages (with a base address only: its URLs are absolute).
pub fn sitemap(cx: &Context, pages: Vec<String>, sink: Emit) -> Result<(), String> {
    let Some(base) = cx.options.base_url else {
        return Ok(());
    };
    let dated: Vec<(&str, Option<chrono::NaiveDate>)> = pages
        .iter()
        .map(|p| {
            let lastmod = cx.options.provenance.and_then(|history| {
                // A board sheet is the record's printout: only the record's page is dated.
                Some(p)
                    .filter(|p| is_page(p) && !p.starts_with("board/"))
                    .and_then(|p| urls::record_of(cx.model, p))
                    .and_then(|record| history.last_change(&record).map(|c| c.date))
            });
            (p.as_str(), lastmod)
        })
        .collect();
    sink(opendata::sitemap(&dated, base))
}

/// The id in `topics/<id>/<file>` or `meetings/<id>/<file>`.
fn entry_id<'p>(path: &'p str, section: &str, file: &str) -> Option<&'p str> {
    path.strip_prefix(section)?
        .strip_prefix('/')?
        .strip_suffix(file)?
        .strip_suffix('/')
        .filter(|id| !id.contains('/'))
}

/// One file of a list made alone, or None when the list has no such page.
fn first(files: Result<Vec<OutputFile>, String>) -> Option<Result<OutputFile, String>> {
    match files {
        Ok(files) => files.into_iter().next().map(Ok),
        Err(e) => Some(Err(e)),
    }
}

fn emit_all(files: Vec<OutputFile>, emit: Emit) -> Result<(), String> {
    files.into_iter().try_for_each(emit)
}

/// `topics/<id>/index.html` and the topic's feed `topics/<id>/feed.xml`.
pub struct TopicPages;

impl TopicPages {
    fn topic(cx: &Context, path: &str) -> Option<usize> {
        let id = entry_id(path, "topics", "index.html").or(entry_id(path, "topics", "feed.xml"))?;
        cx.model.topics.iter().position(|t| t.id == id)
    }
}

impl Output for TopicPages {
    fn name(&self) -> &'static str {
        "topic pages"
    }
    fn owns(&self, cx: &Context, path: &str) -> bool {
        TopicPages::topic(cx, path).is_some()
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        (0..cx.model.topics.len())
            .into_par_iter()
            .try_for_each(|ti| {
                emit(topics::topic_page(cx, ti)?)?;
                topics::topic_feed(cx, ti).map_or(Ok(()), emit)
            })
    }
    fn render_one(&self, cx: &Context, path: &str) -> Option<Result<OutputFile, String>> {
        let ti = TopicPages::topic(cx, path)?;
        if path.ends_with("/feed.xml") {
            topics::topic_feed(cx, ti).map(Ok)
        } else {
            Some(topics::topic_page(cx, ti))
        }
    }
    fn pages(&self, cx: &Context) -> Option<Vec<String>> {
        Some(cx.model.topics.iter().map(|t| topic_url(&t.id)).collect())
    }
}

/// `meetings/<id>/index.html`.
pub struct MeetingPages;

impl MeetingPages {
    fn meeting(cx: &Context, path: &str) -> Option<usize> {
        let id = entry_id(path, "meetings", "index.html")?;
        cx.model.meetings.iter().position(|m| m.id == id)
    }
}

impl Output for MeetingPages {
    fn name(&self) -> &'static str {
        "meeting pages"
    }
    fn owns(&self, cx: &Context, path: &str) -> bool {
        MeetingPages::meeting(cx, path).is_some()
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        (0..cx.model.meetings.len())
            .into_par_iter()
            .try_for_each(|mi| emit(meetings::meeting_page(cx, mi)?))
    }
    fn render_one(&self, cx: &Context, path: &str) -> Option<Result<OutputFile, String>> {
        MeetingPages::meeting(cx, path).map(|mi| meetings::meeting_page(cx, mi))
    }
    fn pages(&self, cx: &Context) -> Option<Vec<String>> {
        Some(
            cx.model
                .meetings
                .iter()
                .map(|m| meeting_url(&m.id))
                .collect(),
        )
    }
}

/// The topic lists under `topics/`: all topics, by status, by category, fifty a page.
pub struct TopicLists;

impl Output for TopicLists {
    fn name(&self) -> &'static str {
        "topic lists"
    }
    fn owns(&self, cx: &Context, path: &str) -> bool {
        path.starts_with("topics/") && !TopicPages.owns(cx, path)
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit_all(topics::topic_lists(cx, None)?, emit)
    }
    fn render_one(&self, cx: &Context, path: &str) -> Option<Result<OutputFile, String>> {
        first(topics::topic_lists(cx, Some(path)))
    }
}

/// The meeting lists under `meetings/`.
pub struct MeetingLists;

impl Output for MeetingLists {
    fn name(&self) -> &'static str {
        "meeting lists"
    }
    fn owns(&self, cx: &Context, path: &str) -> bool {
        path.starts_with("meetings/") && !MeetingPages.owns(cx, path)
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit_all(meetings::meetings_index(cx, None)?, emit)
    }
    fn render_one(&self, cx: &Context, path: &str) -> Option<Result<OutputFile, String>> {
        first(meetings::meetings_index(cx, Some(path)))
    }
}

/// `index.html`.
pub struct Home;

impl Output for Home {
    fn name(&self) -> &'static str {
        "home page"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == "index.html"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit(home::home(cx)?)
    }
    fn render_one(&self, cx: &Context, _path: &str) -> Option<Result<OutputFile, String>> {
        Some(home::home(cx))
    }
}

/// The printable sheets under `board/`.
pub struct Board;

impl Output for Board {
    fn name(&self) -> &'static str {
        "board sheets"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("board/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        board::board_pages(cx, emit)
    }
}

/// `progress/`.
pub struct Progress;

impl Output for Progress {
    fn name(&self) -> &'static str {
        "progress"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("progress/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit_all(progress::progress_page(cx)?, emit)
    }
}

/// `years/`.
pub struct Years;

impl Output for Years {
    fn name(&self) -> &'static str {
        "year pages"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("years/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit_all(years::year_pages(cx)?, emit)
    }
}

/// `council/index.html`, when there is a council.toml.
pub struct Council;

impl Output for Council {
    fn name(&self) -> &'static str {
        "council page"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == "council/index.html"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        if cx.model.council.is_some() {
            emit(other::council_page(cx)?)?;
        }
        Ok(())
    }
}

/// The supervision page (14.1), when site.toml has `[supervision]`.
pub struct SupervisionPage;

impl Output for SupervisionPage {
    fn name(&self) -> &'static str {
        "supervision page"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == crate::site::pages::supervision::PATH
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        if let Some(page) = crate::site::pages::supervision::supervision_page(cx)? {
            emit(page)?;
        }
        Ok(())
    }
}

/// The grids' page (14.2), when site.toml lists grids.
pub struct GridsPage;

impl Output for GridsPage {
    fn name(&self) -> &'static str {
        "grids page"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == crate::site::pages::grids::PATH
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        if let Some(page) = crate::site::pages::grids::grids_page(cx)? {
            emit(page)?;
        }
        Ok(())
    }
}

/// The list of evaluations and each project evaluation's page (14.3).
pub struct EvaluationPages;

impl Output for EvaluationPages {
    fn name(&self) -> &'static str {
        "evaluation pages"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("evaluations/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        use crate::site::pages::evaluations::{evaluation_page, evaluations_page};
        if let Some(list) = evaluations_page(cx)? {
            emit(list)?;
        }
        for (ei, e) in cx.model.evaluations.iter().enumerate() {
            if e.is_project() {
                emit(evaluation_page(cx, ei)?)?;
            }
        }
        Ok(())
    }
}

/// The free pages of `content/pages/`, at `<id>/index.html`.
pub struct FreePages;

impl Output for FreePages {
    fn name(&self) -> &'static str {
        "free pages"
    }
    fn owns(&self, cx: &Context, path: &str) -> bool {
        path.strip_suffix("/index.html")
            .is_some_and(|id| cx.model.pages.iter().any(|p| p.id == id))
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        cx.model
            .pages
            .iter()
            .try_for_each(|page| emit(other::free_page(cx, page)?))
    }
}

/// `search/index.html`: the form, over links to every category and year.
pub struct SearchPage;

impl Output for SearchPage {
    fn name(&self) -> &'static str {
        "search page"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == "search/index.html"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit(other::search_page(cx)?)
    }
}

/// The search index beside the search page (`search/*.json`), see [`search`].
pub struct SearchIndex;

impl Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search index"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("search/") && path != "search/index.html"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        search::index_each(&cx.search_records(), emit)
    }
}

/// `changes/index.html`, when the repository's history is known.
pub struct Changes;

impl Output for Changes {
    fn name(&self) -> &'static str {
        "changes"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == "changes/index.html"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        other::changes_page(cx)?.map_or(Ok(()), emit)
    }
}

/// `404.html`.
pub struct NotFound;

impl Output for NotFound {
    fn name(&self) -> &'static str {
        "404 page"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == "404.html"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit(other::not_found(cx)?)
    }
}

/// The open data under `data/` (JSON, CSV, the schemas' twins), Popolo aside.
pub struct OpenData;

impl Output for OpenData {
    fn name(&self) -> &'static str {
        "open data"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("data/") && !path.starts_with("data/popolo/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        let files = opendata::files(
            cx.model,
            cx.facts,
            cx.options.attachments,
            cx.options.generator,
        );
        emit_all(files, emit)
    }
}

/// `data/popolo/`: the council, meetings and votes in the Popolo standard.
pub struct Popolo;

impl Output for Popolo {
    fn name(&self) -> &'static str {
        "Popolo"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("data/popolo/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit_all(popolo::files(cx.model, cx.facts, cx.words.t), emit)
    }
}

/// The site's Atom feed `feed.xml` (with a base address) and the calendar `meetings.ics`.
pub struct Feeds;

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feed and calendar"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path == "feed.xml" || path == "meetings.ics"
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        emit(feeds::calendar(
            cx.model,
            cx.facts,
            cx.options.base_url,
            cx.words.t,
            cx.options.generator,
            cx.options.provenance,
        ))?;
        match cx.options.base_url {
            Some(base) => emit(feeds::site_feed(cx.model, cx.facts, base, cx.words.t)),
            None => Ok(()),
        }
    }
}

/// The theme's files under `static/` (stylesheets, the search script).
pub struct ThemeFiles;

impl Output for ThemeFiles {
    fn name(&self) -> &'static str {
        "theme files"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with("static/")
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        cx.theme.static_files().try_for_each(|(path, bytes)| {
            emit(OutputFile {
                path: format!("static/{path}"),
                bytes,
            })
        })
    }
}

/// The form editor under `admin/` (site.toml `[editor]`): copied, not rendered per record.
pub struct EditorFiles;

impl Output for EditorFiles {
    fn name(&self) -> &'static str {
        "editor"
    }
    fn owns(&self, _cx: &Context, path: &str) -> bool {
        path.starts_with(crate::site::editor::FOLDER)
    }
    fn render(&self, cx: &Context, emit: Emit) -> Result<(), String> {
        for file in crate::site::editor::files(cx.model) {
            emit(file)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::source::Disk;
    use crate::site::context::RenderOptions;
    use crate::site::theme::Theme;

    /// Every file an output of the sample's site makes is owned by that output and no other,
    /// so `serve` renders one output to answer a path and never needs every one made; and
    /// what one file made alone is, is what the whole output makes.
    #[test]
    fn each_file_is_owned_by_the_output_that_makes_it_alone() {
        let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let options = crate::pipeline::community::BuildOptions::on_disk(
            &root,
            crate::settings::Given::at(chrono::Utc::now()),
        );
        let (model, facts) = crate::pipeline::community::check(&Disk::new(&root), &options)
            .result
            .expect("the sample checks");
        let theme = Theme::load(
            &Disk::new(&root),
            model.site.theme.as_deref(),
            model.site.language,
        )
        .expect("the theme");
        let cx = Context::new(
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
        for (i, output) in OUTPUTS.iter().enumerate() {
            let files = std::sync::Mutex::new(Vec::new());
            output
                .render(&cx, &|f| {
                    files.lock().unwrap().push(f);
                    Ok(())
                })
                .unwrap();
            let files = files.into_inner().unwrap();
            let name = output.name();
            // Changes needs the history; the council page a council.toml (the sample has one).
            if name != "changes" {
                assert!(!files.is_empty(), "{name} made nothing");
            }
            for file in &files {
                let owners: Vec<&str> = OUTPUTS
                    .iter()
                    .filter(|o| o.owns(&cx, &file.path))
                    .map(|o| o.name())
                    .collect();
                assert_eq!(owners, [name], "{}", file.path);
                assert_eq!(owner(&cx, &file.path), Some(i));
                if let Some(alone) = output.render_one(&cx, &file.path) {
                    assert_eq!(alone.unwrap(), *file, "{} made alone", file.path);
                }
            }
            if let Some(pages) = output.pages(&cx) {
                let mut emitted: Vec<&str> = files
                    .iter()
                    .map(|f| f.path.as_str())
                    .filter(|p| is_page(p))
                    .collect();
                emitted.sort_unstable();
                let mut pages: Vec<&str> = pages.iter().map(String::as_str).collect();
                pages.sort_unstable();
                assert_eq!(pages, emitted, "{name}: the pages it says it makes");
            }
            made += files.len();
        }
        assert!(made > 100, "{made}");
        assert_eq!(owner(&cx, SITEMAP), None);
        assert_eq!(owner(&cx, "favicon.ico"), None);
        assert_eq!(owner(&cx, "topics/no-such-topic/index.html"), Some(2)); // a list's path
    }
}
