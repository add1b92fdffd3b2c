//! Every integration test of yishi, in one binary: one link instead of one per file, which
//! is most of a test run's build time (mdBook's tests/testsuite layout). Each module is one
//! concern; `cargo test --test testsuite <module>::` runs one of them.

#[path = "../support/leak.rs"]
mod leak;

mod architecture;
mod archive;
mod ci_recipes;
mod cli;
mod diagnostics;
mod district;
mod editor;
mod errors;
mod feeds;
mod incremental;
mod layers;
mod lists;
mod preview;
mod provenance;
mod revision2;
mod revision4;
mod robustness;
mod safety;
mod sample;
mod scaffold;
mod schema;
mod serve;
mod source;
mod spec_community;
mod themes_doc;
mod time_walk;
