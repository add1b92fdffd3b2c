//! Free pages (`content/pages/*.md`) and the names of the site's own sections they may
//! not take.

use serde::Deserialize;

use super::reading::Ctx;
use crate::diagnostics::Diagnostic;
use crate::input::load::RawEntry;
use crate::model::Page;

/// Sections of the built site that a free page may not take as its id.
pub const RESERVED_IDS: &[&str] = &[
    "topics",
    "meetings",
    "progress",
    "years",
    "board",
    "council",
    "data",
    "search",
    "supervision",
    "evaluations",
    "grids",
    "admin",
    "changes",
    "static",
    "attachments",
    "thumbs",
    "feed",
    "404",
];

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPage {
    /// 标题
    pub(super) title: String,
    // Read when the file is loaded (`RawEntry::draft`); declared so that the field is known
    // (a plain comment: the doc comment below is the editor's label).
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    pub(super) _draft: Option<bool>,
}

pub(super) fn page_from(entry: &RawEntry, diags: &mut Vec<Diagnostic>) -> Option<Page> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawPage = cx.parse(entry.front_text())?;
    if RESERVED_IDS.contains(&entry.id.as_str()) {
        cx.error_at(
            "reserved-id",
            0..3,
            crate::tr!(
                "page id \"{id}\" collides with a section of the built site",
                "页面 id“{id}”和网站的栏目重名";
                id = &entry.id
            ),
            crate::tr!(
                "rename content/pages/{id}.md; these names are taken: {taken}",
                "给 content/pages/{id}.md 改名；这些名字已被占用：{taken}";
                id = &entry.id,
                taken = RESERVED_IDS.join(", ")
            ),
        );
        return None;
    }
    Some(Page {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        title: raw.title,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    })
}
