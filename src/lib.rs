//! yishi (议事) turns a community's deliberation records into its public disclosure board.
//!
//! The crate is a compiler in layers, one folder each; a layer uses only the layers above it
//! in this table (`tests/testsuite/layers.rs` fails on an arrow pointing up):
//!
//! | layer | what it does |
//! |---|---|
//! | [`plumbing`] | output files, XML escaping, hashes, a file's format by its bytes, stage timings — knows nothing of the domain |
//! | [`model`] | the records as staff wrote them (topics, meetings, actions, the site's rules) |
//! | [`diagnostics`] | a problem in a file, with its place, code, hint and both languages |
//! | [`settings`] | today, time zone, base URL, drafts and languages, resolved once from what the command line was given and `site.toml` |
//! | [`facts`] | every rule of the spec as a pure function of the model and "today" |
//! | [`input`] | the repository: its files and their git history, through one [`input::source::Source`]; records split and read |
//! | [`markdown`] | Markdown to HTML and text, and the `@/…` links between records |
//! | [`privacy`] | the personal-data scan: one entry to scan a record, one to scan a file about to be published |
//! | [`media`] | attachments and `static/` made safe to publish: pictures and PDFs cleaned, thumbnails |
//! | [`check`] | the records checked against the spec into the model, with every problem |
//! | [`site`] | the model and its facts made into pages, open data, feeds and the search index, in memory |
//! | [`pipeline`] | `check` and `build` strung together for a community and a district, and again for `serve`; the output folder replaced in one step |
//! | [`serve`] | the live preview, page by page |
//! | [`cli`] | the command line: its options, the skeletons of `new` and `init`, how problems are printed |
//!
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod facts;
pub mod input;
pub mod markdown;
pub mod media;
pub mod model;
pub mod pipeline;
pub mod plumbing;
pub mod privacy;
pub mod serve;
pub mod settings;
pub mod site;
