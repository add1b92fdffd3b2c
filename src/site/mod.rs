//! Site: the model and its facts made into files, in memory — nothing here touches the disk.
//!
//! One [`context::Context`] is made per build from the model, the facts, the theme and the
//! build's extras; each [`output`] of the site (a family of pages, open data, feeds, the
//! calendar, Popolo, the search index, the board, the theme's files) renders from it the
//! paths it owns. The pages are one file per family under [`pages`]; what templates receive
//! are the view structs of [`views`] and of each family, with words from [`format`] and
//! links from [`urls`]. docs/themes.md lists each template's variables.

pub mod archive;
pub mod charts;
pub mod context;
pub mod district_page;
pub mod editor;
pub mod feeds;
pub mod opendata;
pub mod output;
pub mod pager;
pub mod pages;
pub mod popolo;
pub mod search;
pub mod theme;
pub mod urls;
pub mod views;
pub mod words;
