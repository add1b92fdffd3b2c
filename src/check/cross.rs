//! The checks of one entry against the rest of the repository: the ids, council members
//! and attachments it names, and its body's `@/…` links.

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::NaiveDate;
use rustc_hash::FxHashSet;

use super::entry::{EntryCheck, Parsed};
use super::evaluation::RawAnyEvaluation;
use super::meeting::check_meeting;
use super::reading::{Ctx, find_in_front};
use crate::diagnostics::{Diagnostic, Text};
use crate::input::load::{Kind, Loaded, RawEntry, is_valid_id};
use crate::markdown;
use crate::markdown::{LinkTarget, linked_attachment, parse_link};

/// What an entry may refer to, summed up: every id that exists (with drafts apart), the
/// attachments, the council's members and today. An entry's checks against the other files
/// are kept while it stays the same ([`EntryCache`]).
pub(super) fn universe(
    loaded: &Loaded,
    known: &KnownIds,
    members: &BTreeSet<&str>,
    today: NaiveDate,
) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    today.hash(&mut h);
    loaded.found.len().hash(&mut h);
    for (kind, id) in &loaded.found {
        (*kind as u8).hash(&mut h);
        id.hash(&mut h);
        known.drafts.contains(&(*kind, id.as_str())).hash(&mut h);
    }
    loaded.attachments.hash(&mut h);
    members.hash(&mut h);
    h.finish()
}

/// One entry's checks against the other files — its references to topics, meetings,
/// attachments and council members, and its body's `@/` links — into `diags`. Whether they
/// pass; None for a draft, which is left out of the build.
pub(super) fn cross_check(
    entry: &RawEntry,
    check: &EntryCheck,
    known_ids: &KnownIds,
    members: &BTreeSet<&str>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<bool> {
    let draft_hint = |kind: Kind, id: &str| known_ids.missing_hint(kind, id);
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let mut ok = match &check.parsed {
        Parsed::Draft => return None,
        Parsed::Rejected => false,
        Parsed::Meeting(raw, meeting) => {
            let mut ok = check_meeting(raw, meeting, entry, today, members, cx.diags);
            let topic_refs = raw
                .topics
                .iter()
                .filter(|t| is_valid_id(t.get_ref()))
                .chain(
                    raw.resolutions
                        .iter()
                        .filter_map(|r| r.get_ref().topic.as_ref()),
                );
            for t in topic_refs {
                let at = cx.span(t);
                ok &= topic_exists(&mut cx, known_ids, t.get_ref(), at);
            }
            if let Some(s) = &raw.sign_in
                && !known_ids
                    .attachments
                    .contains(super::values::attachment_path(s.get_ref()))
            {
                cx.error("unknown-ref", s, crate::tr!("attachment \"{name}\" does not exist", "附件“{name}”不存在"; name = s.get_ref()), known_ids.attachment_hint(s.get_ref(), crate::tr!("put the scan under content/attachments/ and name it by its path under content/, such as \"attachments/2025/0418-signin.jpg\"", "把扫描件放在 content/attachments/ 下，按它在 content/ 下的路径写，例如 \"attachments/2025/0418-signin.jpg\"")));
                ok = false;
            }
            ok
        }
        Parsed::Topic(topic) => {
            let mut ok = true;
            // Photos: find each name's line in the front matter for the message.
            let photos = topic
                .actions
                .iter()
                .flat_map(|a| &a.updates)
                .flat_map(|u| &u.photos);
            for photo in photos {
                if photo.starts_with("attachments/")
                    && !known_ids.attachments.contains(photo.as_str())
                {
                    let span = find_in_front(entry, photo);
                    cx.error_at("unknown-ref", span, crate::tr!("attachment \"{photo}\" does not exist", "附件“{photo}”不存在"), known_ids.attachment_hint(photo, crate::tr!("put the file under content/attachments/ and name it by its path under content/", "把文件放在 content/attachments/ 下，按它在 content/ 下的路径写")));
                    ok = false;
                }
            }
            ok
        }
        Parsed::Evaluation(raw, _) => {
            let mut ok = true;
            let meeting = match &**raw {
                RawAnyEvaluation::Year(r) => &r.meeting,
                RawAnyEvaluation::Project(r) => &r.meeting,
            };
            if let Some(m) = meeting
                && !known_ids.meetings.contains(m.get_ref().as_str())
            {
                cx.error(
                        "unknown-ref",
                        m,
                        crate::tr!("meeting \"{id}\" does not exist", "会议“{id}”不存在"; id = m.get_ref()),
                        draft_hint(Kind::Meeting, m.get_ref()),
                    );
                ok = false;
            }
            let named: Vec<&toml::Spanned<String>> = match &**raw {
                RawAnyEvaluation::Year(r) => r.topics.iter().map(|t| &t.topic).collect(),
                RawAnyEvaluation::Project(r) => r.topics.iter().collect(),
            };
            let mut rated = BTreeSet::new();
            for t in named {
                let at = cx.span(t);
                if !topic_exists(&mut cx, known_ids, t.get_ref(), at) {
                    ok = false;
                } else if !rated.insert(t.get_ref().as_str())
                    && matches!(&**raw, RawAnyEvaluation::Year(_))
                {
                    cx.error(
                            "duplicate-id",
                            t,
                            crate::tr!("topic \"{id}\" is rated twice", "议题“{id}”评议了两次"; id = t.get_ref()),
                            crate::tr!("rate each topic once per evaluation", "每次年度评议中每个议题只评一次"),
                        );
                    ok = false;
                }
            }
            ok
        }
        Parsed::Page(_) => true,
        Parsed::Visit(raw, _) => {
            let mut ok = true;
            for t in &raw.topics {
                let at = cx.span(t);
                ok &= topic_exists(&mut cx, known_ids, t.get_ref(), at);
            }
            ok
        }
        Parsed::Supervision(report) => {
            let mut ok = true;
            for id in &report.topics {
                if !known_ids.topics.contains(id.as_str()) {
                    let at = find_in_front(entry, id);
                    ok &= topic_exists(&mut cx, known_ids, id, at);
                }
            }
            ok
        }
    };
    ok &= check_links(&mut cx, entry, &check.links, known_ids);
    Some(ok)
}

/// Whether topic `id`, named at `at`, exists; where not, an error there (its hint says when
/// the topic is a draft left out). Meetings, evaluations, visits and reports name topics alike.
fn topic_exists(cx: &mut Ctx, known_ids: &KnownIds, id: &str, at: Range<usize>) -> bool {
    if known_ids.topics.contains(id) {
        return true;
    }
    cx.error_at(
        "unknown-ref",
        at,
        crate::tr!("topic \"{id}\" does not exist", "议题“{id}”不存在"),
        known_ids.missing_hint(Kind::Topic, id),
    );
    false
}

/// The attachments an entry links: in its body, as photos of its progress reports, as a
/// meeting's sign-in sheet.
pub(super) fn entry_links(check: &EntryCheck, known_ids: &KnownIds) -> Vec<String> {
    let mut linked: Vec<String> = check
        .links
        .iter()
        .filter_map(|link| {
            linked_attachment(&link.target, |p| known_ids.attachments.contains(p))
                .map(str::to_string)
        })
        .collect();
    match &check.parsed {
        Parsed::Topic(t) => {
            let photos = t
                .actions
                .iter()
                .flat_map(|a| &a.updates)
                .flat_map(|u| &u.photos);
            linked.extend(photos.cloned());
        }
        Parsed::Meeting(_, m) => linked.extend(m.sign_in.iter().cloned()),
        _ => {}
    }
    linked
}

/// Every id a reference may point at, per kind, with the drafts left out of the build.
#[derive(Default)]
pub(super) struct KnownIds<'a> {
    pub(super) topics: FxHashSet<&'a str>,
    pub(super) meetings: FxHashSet<&'a str>,
    pub(super) evaluations: FxHashSet<&'a str>,
    pub(super) pages: FxHashSet<&'a str>,
    pub(super) supervision: FxHashSet<&'a str>,
    pub(super) visits: FxHashSet<&'a str>,
    pub(super) attachments: FxHashSet<&'a str>,
    pub(super) drafts: FxHashSet<(Kind, &'a str)>,
}

impl<'a> KnownIds<'a> {
    /// The ids of one kind.
    pub(super) fn of_kind(&mut self, kind: Kind) -> &mut FxHashSet<&'a str> {
        match kind {
            Kind::Topic => &mut self.topics,
            Kind::Meeting => &mut self.meetings,
            Kind::Evaluation => &mut self.evaluations,
            Kind::Page => &mut self.pages,
            Kind::Supervision => &mut self.supervision,
            Kind::Visit => &mut self.visits,
        }
    }
    /// The hint for a reference to an attachment that is not there: the file whose name
    /// differs from it only in case or Unicode form (`Photo.JPG` for `photo.jpg`, an `é` typed
    /// as one character or two), else `otherwise`.
    pub(super) fn attachment_hint(&self, path: &str, otherwise: Text) -> Text {
        let key = crate::input::load::fold_name(path);
        let mut near: Vec<&&str> = self
            .attachments
            .iter()
            .filter(|a| crate::input::load::fold_name(a) == key)
            .collect();
        near.sort();
        use unicode_normalization::UnicodeNormalization;
        let composed = |s: &str| s.nfc().collect::<String>();
        match near.first() {
            // They look the same: the name was saved with its accents or marks as separate
            // characters (macOS writes names so), which a browser asking for the link's
            // spelling does not find.
            Some(found) if composed(found) == composed(path) => crate::tr!(
                "the file is named \"{found}\", which looks the same but is encoded differently ({n} characters in the name, {m} in the link: a Mac saves accents and marks as separate characters); rename the file by typing its name again, so that the link and the name match",
                "文件名是“{found}”，看起来一样，但字符的编码方式不同（文件名有 {n} 个字符，链接里有 {m} 个：苹果电脑保存文件名时会把附加符号拆成单独的字符）；请重新输入文件名来改名，使链接和文件名一致";
                n = found.chars().count(),
                m = path.chars().count()
            ),
            Some(found) => crate::tr!(
                "the file is named \"{found}\": write the name exactly as the file has it (upper and lower case, and each character as typed in the file name)",
                "文件名是“{found}”：按文件名原样书写（大小写和每个字符都要一致）"
            ),
            None => otherwise,
        }
    }
    /// The hint for a reference to an id that is not there: a draft, or no such file.
    pub(super) fn missing_hint(&self, kind: Kind, id: &str) -> Text {
        let folder = kind.folder();
        if self.drafts.contains(&(kind, id)) {
            crate::tr!(
                "content/{folder}/{id}.md is a draft (draft = true); publish it or build with --drafts",
                "content/{folder}/{id}.md 是草稿（draft = true）；删去 draft 这一行发布它，或用 --drafts 生成"
            )
        } else {
            crate::tr!(
                "no file content/{folder}/{id}.md",
                "没有文件 content/{folder}/{id}.md"
            )
        }
    }
}

/// Checks that a body's `@/…` links point at entries and attachments that exist.
pub(super) fn check_links(
    cx: &mut Ctx,
    entry: &RawEntry,
    links: &[markdown::InternalLink],
    known: &KnownIds,
) -> bool {
    let mut ok = true;
    for link in links {
        let span = entry.body.start + link.span.start..entry.body.start + link.span.end;
        let problem = match parse_link(&link.target) {
            None => Some((
                ("is not a valid internal link", "不是有效的站内链接"),
                crate::tr!(
                    "write @/topics/<id>.md, @/meetings/<id>.md, @/evaluations/<year>.md, @/pages/<id>.md or @/attachments/<path>; paths may not contain ..",
                    "写成 @/topics/<id>.md、@/meetings/<id>.md、@/evaluations/<年份>.md、@/pages/<id>.md 或 @/attachments/<路径>；路径里不能有 .."
                ),
            )),
            Some(LinkTarget::Topic(id)) if !known.topics.contains(id) => Some((
                ("points to a topic that does not exist", "指向的议题不存在"),
                known.missing_hint(Kind::Topic, id),
            )),
            Some(LinkTarget::Meeting(id)) if !known.meetings.contains(id) => Some((
                (
                    "points to a meeting that does not exist",
                    "指向的会议不存在",
                ),
                known.missing_hint(Kind::Meeting, id),
            )),
            Some(LinkTarget::Evaluation(id)) if !known.evaluations.contains(id) => Some((
                (
                    "points to an evaluation that does not exist",
                    "指向的年度评议不存在",
                ),
                known.missing_hint(Kind::Evaluation, id),
            )),
            Some(LinkTarget::Page(id)) if !known.pages.contains(id) => Some((
                ("points to a page that does not exist", "指向的页面不存在"),
                known.missing_hint(Kind::Page, id),
            )),
            Some(LinkTarget::Attachment(path))
                if linked_attachment(&link.target, |p| known.attachments.contains(p))
                    .is_none_or(|p| !known.attachments.contains(p)) =>
            {
                Some((
                    (
                        "points to an attachment that does not exist",
                        "指向的附件不存在",
                    ),
                    known.attachment_hint(
                        path,
                        crate::tr!("no file content/{path}", "没有文件 content/{path}"),
                    ),
                ))
            }
            Some(_) => None,
        };
        if let Some(((en, zh), hint)) = problem {
            cx.error_at(
                "broken-link",
                span,
                crate::tr!("link {target} {en}", "链接 {target} {zh}"; target = &link.target),
                hint,
            );
            ok = false;
        }
    }
    ok
}
