//! yishi (议事) turns a community's deliberation records into its public disclosure board.
//!
//! The build is a compiler pipeline, one module per stage:
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | load | [`load`] | reads `site.toml` and `content/`, splits front matter, keeps offsets |
//! | validate | [`validate`] (+ [`privacy`]) | TOML → typed [`model`], every problem as a [`diagnostics::Diagnostic`] |
//! | compute | [`compute`] | outcomes, statuses, timeliness and year figures as of "today" |
//! | evidence | [`evidence`] (+ [`strip`]) | attachments checked and without metadata, thumbnails, hashes |
//! | render | [`render`] (+ [`markdown`], [`charts`], [`theme`], [`opendata`], [`feeds`], [`popolo`]) | pages, open data, feeds and the calendar, streamed |
//! | search | [`search`] | the CJK bigram index of the records |
//! | write | [`write`](mod@write) | a fresh folder beside the target, swapped in when complete |
//!
//! [`pipeline`] strings them together as `yishi build` and `yishi check`; [`preview`] renders page by page
//! for `serve`, [`provenance`] reads the git history, [`district`] builds a folder of communities; [`scaffold`] writes the files of
//! `yishi new` and `yishi init`.

pub mod charts;
pub mod compute;
pub mod diagnostics;
pub mod district;
pub mod evidence;
pub mod feeds;
pub mod load;
pub mod markdown;
pub mod model;
pub mod opendata;
pub mod pipeline;
pub mod popolo;
pub mod preview;
pub mod privacy;
pub mod provenance;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod strip;
pub mod theme;
pub mod validate;
pub mod write;
