//! yishi (议事) turns a community's deliberation records into its public disclosure board.
//!
//! The crate is a compiler in layers, one folder each; a layer uses only the layers above it
//! in this table (`tests/testsuite/layers.rs` fails on an arrow pointing up):
//!
//! | layer | what it does |
//! |---|---|
//! | [`plumbing`] | output files, XML escaping, hashes — knows nothing of the domain |
//! | [`model`] | the records as staff wrote them (topics, meetings, actions, the site's rules) |
//! | [`settings`] | today, time zone, base URL, drafts and languages, resolved once from the flags, the environment, `site.toml` and the clock |
//! | [`facts`] | every rule of the spec as a pure function of the model and "today" |
//! | [`content`] | the repository read (one [`content::source::Source`]), parsed and checked into the model, with every problem |
//! | [`site`] | the model and its facts made into pages, open data, feeds and the search index, in memory |
//! | [`build`] | `check` and `build` strung together, a district of communities, the output folder replaced in one step |
//! | [`serve`] | the live preview, page by page |
//! | [`cli`] | the skeletons of `new` and `init` (the command line itself is `src/main.rs`) |
//!
//! The command line (`src/main.rs`) is the door: it alone reads the clock and the
//! environment, into a [`settings::Given`] that is handed down.

pub mod build;
pub mod cli;
pub mod content;
pub mod facts;
pub mod model;
pub mod plumbing;
pub mod serve;
pub mod settings;
pub mod site;
