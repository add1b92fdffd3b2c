//! Build: the layers strung together as `yishi check` and `yishi build` of one community
//! ([`pipeline`]), of a district of communities ([`district`]), again and again for `serve`
//! ([`incremental`]), and the output folder replaced in one step ([`write`](mod@write)).
//!
//! Within the layer the arrows point one way: `write` ← `pipeline` ← `district` ←
//! `incremental` and this module, which sends a root to the right one.

pub mod community;
pub mod district;
pub mod incremental;
pub mod write;

pub use community::{BuildOptions, Report, build_in_memory, check_in_memory};

/// `yishi check`: load → validate → compute of a community, or of each community of a
/// district (a root with `communities/` and no `site.toml`).
pub fn check(options: &BuildOptions) -> Report {
    if district::is_district(&options.root) {
        district::check(options)
    } else {
        community::check(options)
    }
}

/// `yishi build`: [`check`], then the site written; the output is replaced only when there
/// are no errors.
pub fn build(options: &BuildOptions) -> Report {
    if !district::is_district(&options.root) {
        return community::build(options);
    }
    // Where the site would go is checked first: a refused --out is a usage error (exit 2),
    // whatever the records hold.
    match write::preflight(&options.root, &options.out) {
        Ok(()) => district::build(options),
        Err(e) => Report::refused(e.text()),
    }
}
