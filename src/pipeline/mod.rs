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

pub use community::{
    BuildOptions, Report, build_in_memory, build_to_memory, check_in_memory, publish_in_memory,
};

/// `yishi check`: load → validate → compute of a community, or of each community of a
/// district (a repository with `communities/` and no `site.toml`).
pub fn check(options: &BuildOptions) -> Report {
    if district::is_district(&*options.source) {
        district::check(options)
    } else {
        community::check(options)
    }
}

/// `yishi build`: [`check`], then the site written; the output is replaced only when there
/// are no errors.
pub fn build(options: &BuildOptions) -> Report {
    if district::is_district(&*options.source) {
        district::build(options)
    } else {
        community::build(options)
    }
}
