//! The repository's files as files: the names under `content/attachments/` and `static/`
//! (published text, so read for personal numbers; no clash with the site's own files) and
//! the kinds of attachment yishi publishes; which attachments are published.

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;

use super::page::RESERVED_IDS;
use super::site::{ROOT_FILES, static_collisions};
use crate::diagnostics::{Diagnostic, Severity};
use crate::input::load::{Kind, Loaded, RawEntry};
use crate::model::Site;
use crate::privacy;

/// The names of the attachments and of `static/`'s files (`pages`: the free pages' ids, whose
/// addresses `static/` may not take). Whether they may be published.
pub(super) fn names(
    loaded: &Loaded,
    site: &Site,
    pages: &FxHashSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    let collisions = static_collisions(
        &loaded.static_files,
        ROOT_FILES,
        |first| RESERVED_IDS.contains(&first) || pages.contains(first),
        &crate::tr!("the site", "网站"),
        &crate::tr!(
            "{files}, {folders} and the free pages' ids",
            "{files}、{folders} 以及其他页面的文件名";
            files = ROOT_FILES.join(", "),
            folders = RESERVED_IDS
                .iter()
                .map(|r| format!("{r}/"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    ok &= collisions.is_empty();
    diags.extend(collisions);
    // File names are published text (the addresses of pages and files).
    let attachments = loaded.attachments.iter().map(|path| {
        let published = path.strip_prefix("attachments/").unwrap_or(path);
        (format!("content/{path}"), published)
    });
    let statics =
        (loaded.static_files.iter()).map(|path| (format!("static/{path}"), path.as_str()));
    for (shown, name) in attachments.chain(statics) {
        let found = privacy::scan_record(
            privacy::Record::Name { path: &shown, name },
            &site.privacy_allow,
        );
        ok &= found.is_empty();
        diags.extend(found);
    }
    // Attachments of a kind that cannot be published clean, by name (their bytes are
    // checked when the site is built).
    for path in &loaded.attachments {
        if let Some(hint) = crate::media::strip::policy(path, &site.attachments_as_is).hint() {
            diags.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "attachment",
                    &format!("content/{path}"),
                    crate::tr!(
                        "is not a kind of file yishi publishes",
                        "是 yishi 不发布的文件类型"
                    ),
                )
                .with_hint(hint),
            );
            ok = false;
        }
    }

    ok
}

/// The attachments published. One that only drafts link (`drafts`: those left out) is part of
/// those drafts: it is published with the first published record that links it. (One that
/// nothing links is published as it is in the folder: a community may keep documents there.)
pub(super) fn published_attachments(
    loaded: &Loaded,
    (entries, linked): (&[&RawEntry], &BTreeSet<String>),
    drafts: &FxHashSet<(Kind, &str)>,
) -> Vec<String> {
    let draft_texts: Vec<&str> = entries
        .iter()
        .filter(|e| drafts.contains(&(e.kind, e.id.as_str())))
        .map(|e| e.file.text.as_str())
        .collect();
    let only_in_drafts =
        |path: &str| !linked.contains(path) && draft_texts.iter().any(|t| t.contains(path));
    loaded
        .attachments
        .iter()
        .filter(|path| !only_in_drafts(path))
        .cloned()
        .collect()
}
