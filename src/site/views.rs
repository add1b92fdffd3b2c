//! Views shared by several page families: what templates receive instead of the domain
//! types — dates written out, labels translated, links relative to the page.

use serde::Serialize;

#[derive(Serialize)]
pub(crate) struct NavItem {
    pub(crate) label: String,
    pub(crate) href: String,
    pub(crate) current: bool,
}

#[derive(Serialize)]
pub(crate) struct Layout {
    pub(crate) lang: String,
    pub(crate) site_title: String,
    pub(crate) community: String,
    pub(crate) district: Option<String>,
    /// The district overview, when the community is built inside a district.
    pub(crate) district_home: Option<String>,
    pub(crate) page_title: String,
    pub(crate) root: String,
    pub(crate) today: String,
    pub(crate) nav: Vec<NavItem>,
    pub(crate) generator: String,
    pub(crate) has_feed: bool,
    /// This page's own Atom feed (a topic's), relative to the page.
    pub(crate) page_feed: Option<String>,
    /// "根据提交 a1b2c3d 生成", when built from a git checkout.
    pub(crate) built_from: Option<String>,
    /// When the page's record last changed, and in which commit.
    pub(crate) record_changed: Option<String>,
    /// Every change of the page's record, newest first (shown on topic pages).
    pub(crate) history: Vec<ChangeView>,
}

/// One change in plain language: `before` + linked `title` + `after`.
#[derive(Serialize, Clone)]
pub(crate) struct ChangeView {
    pub(crate) date: String,
    pub(crate) before: String,
    pub(crate) title: String,
    pub(crate) href: Option<String>,
    pub(crate) after: String,
    pub(crate) commit: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct TopicRow {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) category: String,
    pub(crate) raised: String,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) overdue: bool,
    pub(crate) progress: u8,
    pub(crate) has_actions: bool,
    pub(crate) summary: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ResolutionView {
    pub(crate) index: usize,
    pub(crate) text: String,
    pub(crate) method: Option<String>,
    pub(crate) topic_title: Option<String>,
    pub(crate) topic_href: Option<String>,
    pub(crate) yes: u64,
    pub(crate) no: u64,
    pub(crate) abstain: u64,
    pub(crate) expected: u64,
    pub(crate) present: u64,
    pub(crate) quorum: String,
    pub(crate) quorum_met: bool,
    pub(crate) base_label: String,
    pub(crate) base: u64,
    pub(crate) outcome: String,
    pub(crate) outcome_label: String,
    pub(crate) roll_call: Option<RollCallView>,
    pub(crate) meeting_title: String,
    pub(crate) meeting_href: String,
    pub(crate) explanation: String,
    pub(crate) chart: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct RollCallView {
    pub(crate) yes: String,
    pub(crate) no: String,
    pub(crate) abstain: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct MeetingRow {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) kind: String,
    pub(crate) date: String,
    pub(crate) start: String,
    pub(crate) place: String,
    pub(crate) state: String,
    pub(crate) state_label: String,
    pub(crate) attendance: Option<String>,
    pub(crate) late: bool,
    pub(crate) short_notice: bool,
    pub(crate) resolutions: usize,
    pub(crate) passed: usize,
    /// Held, its record still to be written (spec 13.1).
    pub(crate) record_pending: bool,
    /// When a pending record (or the results) are due, written out.
    pub(crate) due: Option<String>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ActionRow {
    pub(crate) topic_title: String,
    pub(crate) topic_href: String,
    pub(crate) id: String,
    pub(crate) task: String,
    pub(crate) owner: String,
    pub(crate) supervisor: Option<String>,
    pub(crate) due: String,
    pub(crate) progress: u8,
    pub(crate) status: String,
    pub(crate) status_label: String,
    pub(crate) stale: bool,
    pub(crate) last_update: Option<String>,
    pub(crate) completed: Option<String>,
    pub(crate) updates: Vec<UpdateView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct UpdateView {
    pub(crate) date: String,
    pub(crate) progress: u8,
    pub(crate) note: Option<String>,
    pub(crate) photos: Vec<AttachmentView>,
}

/// An attachment as a page shows it: a link to the original and, for images, a preview.
#[derive(Serialize, Clone)]
pub(crate) struct AttachmentView {
    pub(crate) href: String,
    /// Thumbnail (or small original) for `<img>`.
    pub(crate) preview: Option<String>,
    pub(crate) width: Option<u32>,
    pub(crate) height: Option<u32>,
    pub(crate) alt: String,
    /// "PNG, 2.8 KB".
    pub(crate) about: String,
}

#[derive(Serialize)]
pub(crate) struct TimelineItem {
    pub(crate) date: String,
    pub(crate) label: String,
    pub(crate) title: String,
    pub(crate) href: Option<String>,
    pub(crate) text: Option<String>,
    pub(crate) resolutions: Vec<ResolutionView>,
    pub(crate) progress: Option<u8>,
}

#[derive(Serialize)]
pub(crate) struct Figure {
    pub(crate) label: String,
    pub(crate) value: String,
}

#[derive(Serialize)]
pub(crate) struct CountRow {
    pub(crate) label: String,
    pub(crate) count: u64,
}

#[derive(Serialize)]
pub(crate) struct RatingRow {
    pub(crate) title: String,
    pub(crate) href: Option<String>,
    pub(crate) satisfied: u64,
    pub(crate) basic: u64,
    pub(crate) unsatisfied: u64,
    pub(crate) rate: String,
    pub(crate) comment: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Block {
    pub(crate) title: String,
    pub(crate) chart: String,
    pub(crate) rows: Vec<CountRow>,
}

#[derive(Serialize)]
pub(crate) struct YearView {
    pub(crate) year: i32,
    pub(crate) href: String,
    pub(crate) figures: Vec<Figure>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) quarters_missing: String,
    pub(crate) satisfaction_overall: String,
    pub(crate) overall: Option<RatingRow>,
    pub(crate) ratings: Vec<RatingRow>,
    pub(crate) evaluation_html: Option<String>,
    pub(crate) evaluation_date: Option<String>,
    pub(crate) evaluation_meeting: Option<(String, String)>,
    pub(crate) respondents: Option<u64>,
    pub(crate) method: Option<String>,
}

/// One printable notice for the board. The fields after `closing` are filled per page.
#[derive(Serialize, Clone, Default)]
pub(crate) struct Sheet {
    pub(crate) id: String,
    pub(crate) kind: &'static str,
    pub(crate) kind_label: String,
    pub(crate) title: String,
    pub(crate) target: String,
    pub(crate) published: String,
    pub(crate) posting: String,
    pub(crate) facts: Vec<(String, String)>,
    pub(crate) topics: Vec<String>,
    pub(crate) body: Option<String>,
    pub(crate) resolutions: Vec<ResolutionView>,
    pub(crate) actions: Vec<ActionRow>,
    pub(crate) closing: String,
    pub(crate) sign_date: String,
    // Filled per page:
    pub(crate) variant: &'static str,
    pub(crate) href: String,
    pub(crate) url: Option<String>,
    pub(crate) qr: Option<String>,
    pub(crate) board_href: String,
    pub(crate) community: String,
    pub(crate) district: Option<String>,
    pub(crate) signature: String,
    pub(crate) printed: String,
}
