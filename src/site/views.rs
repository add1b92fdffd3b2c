//! Views shared by several page families: what templates receive instead of the domain
//! types — dates written out, labels translated, links relative to the page.

use serde::Serialize;

/// One entry of the site's navigation.
#[derive(Serialize)]
pub(crate) struct NavItem {
    /// The section's name.
    pub(crate) label: String,
    /// Its page, relative to this one.
    pub(crate) href: String,
    /// This page is in that section.
    pub(crate) current: bool,
}

/// What every page receives as `layout`: the site, the page, the navigation and the record's history.
#[derive(Serialize)]
pub(crate) struct Layout {
    /// The language tag of the page (`zh-CN`, `en`).
    pub(crate) lang: String,
    /// site.toml `title`.
    pub(crate) site_title: String,
    /// site.toml `community`.
    pub(crate) community: String,
    /// site.toml `district` (所属街道).
    pub(crate) district: Option<String>,
    /// The district overview, when the community is built inside a district.
    pub(crate) district_home: Option<String>,
    /// The grids' page (我的片区联系人), when the community has grids (14.2).
    pub(crate) grids: Option<String>,
    /// This page's title.
    pub(crate) page_title: String,
    /// The `../` prefix from this page to the site's root: every link starts with it.
    pub(crate) root: String,
    /// The date the data are as of, written out.
    pub(crate) today: String,
    /// The site's sections.
    pub(crate) nav: Vec<NavItem>,
    /// "yishi 0.1.0".
    pub(crate) generator: String,
    /// The site has an Atom feed (a base address is set).
    pub(crate) has_feed: bool,
    /// This page's own Atom feed (a topic's), relative to the page.
    pub(crate) page_feed: Option<String>,
    /// "根据提交 a1b2c3d 生成", when built from a git checkout.
    pub(crate) built_from: Option<String>,
    /// When the page's record last changed, and in which commit.
    pub(crate) record_changed: Option<String>,
    /// Every change of the page's record, newest first (shown on topic pages).
    pub(crate) history: Vec<ChangeView>,
    /// Where residents bring opinions and objections (site.toml [contact]).
    pub(crate) contact: Option<ContactView>,
    /// The title a chat card shows ("议题：… · 幸福里社区"), also the page's `<title>`.
    pub(crate) share_title: String,
    /// One line about the page, for `<meta name="description">` and the card's text.
    pub(crate) description: String,
    /// The page's absolute address (canonical, `og:url`), with a base address only.
    pub(crate) url: Option<String>,
    /// A QR code of `url` as inline SVG, shown only when the page is printed (with a base
    /// address only).
    pub(crate) qr: Option<String>,
    /// The card's picture (`og:image`), absolute, with a base address only: the theme's
    /// `static/share.png` (a theme may replace it).
    pub(crate) image: Option<String>,
}

/// Where residents bring opinions and objections, for the foot of every page and the board.
#[derive(Serialize, Clone)]
pub(crate) struct ContactView {
    /// Where to come.
    pub(crate) office: String,
    /// Opening hours.
    pub(crate) hours: Option<String>,
    /// An office line.
    pub(crate) phone: Option<String>,
    /// A letter box.
    pub(crate) mailbox: Option<String>,
    /// An online form (https).
    pub(crate) online: Option<String>,
}

/// One change in plain language: `before` + linked `title` + `after`.
#[derive(Serialize, Clone)]
pub(crate) struct ChangeView {
    /// The change's date, written out.
    pub(crate) date: String,
    /// The sentence before the title.
    pub(crate) before: String,
    /// The record's title.
    pub(crate) title: String,
    /// The record's page (none when it was deleted).
    pub(crate) href: Option<String>,
    /// The sentence after the title.
    pub(crate) after: String,
    /// The commit, 7 characters.
    pub(crate) commit: String,
}

/// A topic as a list shows it.
#[derive(Serialize, Clone)]
pub(crate) struct TopicRow {
    /// The topic's id (its file name).
    pub(crate) id: String,
    /// Its title.
    pub(crate) title: String,
    /// Its page.
    pub(crate) href: String,
    /// Its category.
    pub(crate) category: String,
    /// When it was raised, written out.
    pub(crate) raised: String,
    /// The status's key (`implementing`, for styling).
    pub(crate) status: String,
    /// The status in words (实施中).
    pub(crate) status_label: String,
    /// Some of its actions are overdue.
    pub(crate) overdue: bool,
    /// Its progress, 0–100 (the mean of its actions').
    pub(crate) progress: u8,
    /// It has actions.
    pub(crate) has_actions: bool,
    /// The start of its body, as plain text.
    pub(crate) summary: Option<String>,
}

/// A resolution with its vote: tally, quorum, majority, outcome.
#[derive(Serialize, Clone)]
pub(crate) struct ResolutionView {
    /// Its number on the meeting (1, 2, …).
    pub(crate) index: usize,
    /// What was resolved.
    pub(crate) text: String,
    /// How it was voted (举手表决).
    pub(crate) method: Option<String>,
    /// The topic it decides.
    pub(crate) topic_title: Option<String>,
    /// That topic's page.
    pub(crate) topic_href: Option<String>,
    /// The record gives counts (else its outcome is declared, or it is an owners' vote).
    pub(crate) counted: bool,
    /// Votes in favour.
    pub(crate) yes: Option<u64>,
    /// Votes against.
    pub(crate) no: Option<u64>,
    /// Abstentions.
    pub(crate) abstain: Option<u64>,
    /// Members expected (应到), or 原记录未载明.
    pub(crate) expected: String,
    /// Members present (实到), or 原记录未载明.
    pub(crate) present: String,
    /// What is counted: 人 or 户 (15.4).
    pub(crate) unit: String,
    /// The quorum rule in words ("2/3").
    pub(crate) quorum: String,
    /// The quorum was met; None when the record does not say.
    pub(crate) quorum_met: Option<bool>,
    /// What the majority is counted of, in words (实到人数).
    pub(crate) base_label: String,
    /// That number.
    pub(crate) base: Option<u64>,
    /// The outcome the record declares without counts: "会议宣布通过（记录未载明票数）".
    pub(crate) declared: Option<String>,
    /// An owners' vote's figures (15.4).
    pub(crate) owners: Option<OwnersView>,
    /// The outcome's key (`passed`, `failed`, `no-quorum`).
    pub(crate) outcome: String,
    /// The outcome in words (通过).
    pub(crate) outcome_label: String,
    /// Who voted how, when recorded.
    pub(crate) roll_call: Option<RollCallView>,
    /// The meeting's title.
    pub(crate) meeting_title: String,
    /// The meeting's page.
    pub(crate) meeting_href: String,
    /// Why it passed or failed, in words ("赞成 30 人，超过实到 33 人的半数").
    pub(crate) explanation: String,
    /// The tally as an inline SVG bar.
    pub(crate) chart: String,
    /// Voted at a meeting that advises (民情恳谈会, 民主听证会): advice, not a decision.
    pub(crate) advisory: bool,
    /// Set aside by a higher body: "2025年6月1日由友谊路街道办事处撤销：理由".
    pub(crate) revoked: Option<String>,
    /// An objection sent it back to deliberation (再协商).
    pub(crate) reopened: bool,
}

/// The figures of an owners' vote, written out (15.4).
#[derive(Serialize, Clone)]
pub(crate) struct OwnersView {
    /// The matter's class (改建重建).
    pub(crate) matter: String,
    /// Owners of the building.
    pub(crate) owners: u64,
    /// Their area, m², written (2,160.5).
    pub(crate) area: String,
    /// Owners who took part.
    pub(crate) owners_voting: u64,
    /// Their area.
    pub(crate) area_voting: String,
    /// Owners in favour.
    pub(crate) owners_yes: u64,
    /// Their area.
    pub(crate) area_yes: String,
}

/// Who voted how.
#[derive(Serialize, Clone)]
pub(crate) struct RollCallView {
    /// In favour, names joined.
    pub(crate) yes: String,
    /// Against.
    pub(crate) no: String,
    /// Abstained.
    pub(crate) abstain: String,
}

/// A meeting as a list shows it.
#[derive(Serialize, Clone)]
pub(crate) struct MeetingRow {
    /// Its id.
    pub(crate) id: String,
    /// Its title.
    pub(crate) title: String,
    /// Its page.
    pub(crate) href: String,
    /// Its kind (民主议事会).
    pub(crate) kind: String,
    /// Its day, written out.
    pub(crate) date: String,
    /// Its day and time, written out.
    pub(crate) start: String,
    /// Where.
    pub(crate) place: String,
    /// The state's key (`upcoming`, `held`, `cancelled`).
    pub(crate) state: String,
    /// The state in words.
    pub(crate) state_label: String,
    /// "30 / 35 人", when held and recorded.
    pub(crate) attendance: Option<String>,
    /// Its record was published later than `publish_within_days`.
    pub(crate) late: bool,
    /// Its notice came later than `notice_days` before it.
    pub(crate) short_notice: bool,
    /// How many resolutions.
    pub(crate) resolutions: usize,
    /// How many passed.
    pub(crate) passed: usize,
    /// … that are advice (13.4, 15.3): counted apart, never as passed.
    pub(crate) advisory: usize,
    /// Held, its record still to be written (spec 13.1).
    pub(crate) record_pending: bool,
    /// When a pending record (or the results) are due, written out.
    pub(crate) due: Option<String>,
}

/// An action (谁负责谁执行) as the progress page shows it.
#[derive(Serialize, Clone)]
pub(crate) struct ActionRow {
    /// Its topic.
    pub(crate) topic_title: String,
    /// Its topic's page.
    pub(crate) topic_href: String,
    /// Its id within the topic.
    pub(crate) id: String,
    /// What is to be done.
    pub(crate) task: String,
    /// Who carries it out (责任人).
    pub(crate) owner: String,
    /// Who supervises it (监督人).
    pub(crate) supervisor: Option<String>,
    /// When it is due, written out.
    pub(crate) due: String,
    /// Its latest progress, 0–100.
    pub(crate) progress: u8,
    /// The status's key (`overdue`, …).
    pub(crate) status: String,
    /// The status in words (逾期).
    pub(crate) status_label: String,
    /// No report for `stale_days`.
    pub(crate) stale: bool,
    /// Its latest report's date.
    pub(crate) last_update: Option<String>,
    /// When it was completed.
    pub(crate) completed: Option<String>,
    /// Its progress reports, in date order.
    pub(crate) updates: Vec<UpdateView>,
    /// Its budget, written out ("6,000 元").
    pub(crate) budget: Option<String>,
    /// Where the money comes from.
    pub(crate) funding: Option<String>,
    /// Spent so far, written out.
    pub(crate) spent: Option<String>,
    /// Spent of the budget ("63.3%"; may exceed 100%).
    pub(crate) spent_rate: Option<String>,
    /// Spent more than the budget.
    pub(crate) over_budget: bool,
}

/// A progress report.
#[derive(Serialize, Clone)]
pub(crate) struct UpdateView {
    /// Its date, written out.
    pub(crate) date: String,
    /// Progress reported, 0–100.
    pub(crate) progress: u8,
    /// What was done.
    pub(crate) note: Option<String>,
    /// Its photos.
    pub(crate) photos: Vec<AttachmentView>,
}

/// An attachment as a page shows it: a link to the original and, for images, a preview.
#[derive(Serialize, Clone)]
pub(crate) struct AttachmentView {
    /// The file.
    pub(crate) href: String,
    /// Thumbnail (or small original) for `<img>`.
    pub(crate) preview: Option<String>,
    /// The preview's width in pixels.
    pub(crate) width: Option<u32>,
    /// Its height.
    pub(crate) height: Option<u32>,
    /// Text for those who cannot see the image.
    pub(crate) alt: String,
    /// "PNG, 2.8 KB".
    pub(crate) about: String,
}

/// One event of a topic's lifecycle.
#[derive(Serialize)]
pub(crate) struct TimelineItem {
    /// Its date, written out.
    pub(crate) date: String,
    /// What kind of event (民主议事会, 进展报告, 评议).
    pub(crate) label: String,
    /// Its title.
    pub(crate) title: String,
    /// Its page.
    pub(crate) href: Option<String>,
    /// A line about it (attendance, a report's note, the satisfaction).
    pub(crate) text: Option<String>,
    /// The resolutions on this topic (meetings).
    pub(crate) resolutions: Vec<ResolutionView>,
    /// The progress reported (reports).
    pub(crate) progress: Option<u8>,
}

/// A headline figure.
#[derive(Serialize)]
pub(crate) struct Figure {
    /// What it counts.
    pub(crate) label: String,
    /// Its value, written out.
    pub(crate) value: String,
}

/// A row of a block's table.
#[derive(Serialize)]
pub(crate) struct CountRow {
    /// What.
    pub(crate) label: String,
    /// How many.
    pub(crate) count: u64,
}

/// The satisfaction with one topic (or overall).
#[derive(Serialize)]
pub(crate) struct RatingRow {
    /// The topic.
    pub(crate) title: String,
    /// Its page.
    pub(crate) href: Option<String>,
    /// 满意.
    pub(crate) satisfied: u64,
    /// 基本满意.
    pub(crate) basic: u64,
    /// 不满意.
    pub(crate) unsatisfied: u64,
    /// The satisfaction rate, written out.
    pub(crate) rate: String,
    /// The evaluation's comment.
    pub(crate) comment: Option<String>,
}

/// A chart of a year with its table (by channel, by category, …).
#[derive(Serialize)]
pub(crate) struct Block {
    /// What it shows.
    pub(crate) title: String,
    /// An inline SVG chart.
    pub(crate) chart: String,
    /// The chart's numbers, as a table.
    pub(crate) rows: Vec<CountRow>,
}

/// A year's figures (spec §7).
#[derive(Serialize)]
pub(crate) struct YearView {
    /// The year.
    pub(crate) year: i32,
    /// Its page.
    pub(crate) href: String,
    /// The headline figures.
    pub(crate) figures: Vec<Figure>,
    /// The charts.
    pub(crate) blocks: Vec<Block>,
    /// Quarters without a regular meeting, written out (empty when none).
    pub(crate) quarters_missing: String,
    /// The year's satisfaction, written out.
    pub(crate) satisfaction_overall: String,
    /// The overall rating.
    pub(crate) overall: Option<RatingRow>,
    /// The rating of each topic evaluated.
    pub(crate) ratings: Vec<RatingRow>,
    /// The evaluation record's body (year pages).
    pub(crate) evaluation_html: Option<String>,
    /// When the evaluation was held.
    pub(crate) evaluation_date: Option<String>,
    /// The evaluation's meeting (title, link).
    pub(crate) evaluation_meeting: Option<(String, String)>,
    /// How many took part.
    pub(crate) respondents: Option<u64>,
    /// How they were asked.
    pub(crate) method: Option<String>,
}

/// One printable notice for the board. The fields after `closing` are filled per page.
#[derive(Serialize, Clone, Default)]
pub(crate) struct Sheet {
    /// Its id (`results-<meeting>`).
    pub(crate) id: String,
    /// `notice`, `results` or `progress`.
    pub(crate) kind: &'static str,
    /// The kind in words.
    pub(crate) kind_label: String,
    /// The meeting's or topic's title.
    pub(crate) title: String,
    /// The page it reports, from the site's root.
    pub(crate) target: String,
    /// Its date, written out.
    pub(crate) published: String,
    /// Its posting window ("… 至 …").
    pub(crate) posting: String,
    /// (label, value) pairs: time, place, attendance, …
    pub(crate) facts: Vec<(String, String)>,
    /// The topics on the agenda.
    pub(crate) topics: Vec<String>,
    /// The notice's text (notices).
    pub(crate) body: Option<String>,
    /// The resolutions (results).
    pub(crate) resolutions: Vec<ResolutionView>,
    /// The actions (progress).
    pub(crate) actions: Vec<ActionRow>,
    /// The closing line (how to object).
    pub(crate) closing: String,
    /// The date above the signature.
    pub(crate) sign_date: String,
    // Filled per page:
    /// `a4` or `a3`.
    pub(crate) variant: &'static str,
    /// The page it reports, from this sheet.
    pub(crate) href: String,
    /// Its absolute address, for the QR code.
    pub(crate) url: Option<String>,
    /// The QR code, an inline SVG. Printed as it is, the privacy check of the published page
    /// passes over it; changed (a filter, another size) it is read like any other text, which
    /// only takes longer.
    pub(crate) qr: Option<String>,
    /// The board's list.
    pub(crate) board_href: String,
    /// The community.
    pub(crate) community: String,
    /// The district.
    pub(crate) district: Option<String>,
    /// The signature line (居民议事会).
    pub(crate) signature: String,
    /// The print date.
    pub(crate) printed: String,
    /// Where residents bring opinions and objections.
    pub(crate) contact: Option<ContactView>,
}

/// A link with its text.
#[derive(Serialize, Clone)]
pub(crate) struct Link {
    /// The text.
    pub(crate) title: String,
    /// Where it goes, relative to the page.
    pub(crate) href: String,
}

/// A filter or index entry: a label, where it goes, how many it holds, and whether it is the
/// page shown.
#[derive(Serialize, Clone)]
pub(crate) struct CountLink {
    /// The text (a status, a category, a year).
    pub(crate) label: String,
    /// Where it goes, relative to the page.
    pub(crate) href: String,
    /// How many records it lists.
    pub(crate) count: usize,
    /// It is the page shown.
    pub(crate) current: bool,
}
