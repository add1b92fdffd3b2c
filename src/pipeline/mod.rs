//! The stages strung together as `yishi check` and `yishi build`: of one community
//! ([`community`]), of a district of communities ([`district`]), again and again for
//! `serve` ([`incremental`]); the output folder replaced in one step ([`write`](mod@write)).
//!
//! Within the room the arrows point one way: `write` ← `community` ←
//! `district` ← `incremental` and this module, which sends a repository to the right one.

pub mod archive;
pub mod community;
pub mod district;
pub mod incremental;
pub mod write;

use crate::input::source::Source;

pub use community::{
    BuildOptions, Report, build_in_memory, build_to_memory, check_in_memory, publish_in_memory,
};

/// `yishi check`: load → validate → compute of a community, or of each community of a
/// district (a repository with `communities/` and no `site.toml`).
pub fn check(source: &dyn Source, options: &BuildOptions) -> Report {
    if district::is_district(source) {
        district::check(source, options)
    } else {
        community::check(source, options)
    }
}

/// `yishi build`: [`check`], then the site written; the output is replaced only when there
/// are no errors.
pub fn build(source: &dyn Source, options: &BuildOptions) -> Report {
    if district::is_district(source) {
        district::build(source, options)
    } else {
        community::build(source, options)
    }
}
