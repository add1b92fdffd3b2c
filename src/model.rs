//! The typed model of a community's records, as validated from its files.
//!
//! Nothing here is computed: these are the facts staff wrote down. What follows from them
//! (outcomes, statuses, year figures) lives in the facts layer (`crate::facts`).

use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};

/// UI language of the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Simplified Chinese (the default).
    ZhCn,
    /// English.
    En,
}

/// A fraction `a/b` such as the quorum `2/3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// Numerator.
    pub num: u64,
    /// Denominator, never 0.
    pub den: u64,
}

/// What "more than half" is counted against (过半数).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MajorityOf {
    /// Members present (实到).
    Present,
    /// Votes cast: yes + no + abstain.
    Cast,
    /// Members expected (应到).
    Expected,
}

/// The council's rules from `site.toml` `[rules]`.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Attendance needed: present ≥ quorum × expected.
    pub quorum: Fraction,
    /// The base of the majority.
    pub majority_of: MajorityOf,
    /// Results must be posted within this many days after the meeting.
    pub publish_within_days: i64,
    /// A notice stays on the board at least this many days.
    pub posting_days: i64,
    /// Participants are told at least this many days before a meeting.
    pub notice_days: i64,
    /// An unfinished action with no report for this many days is stale.
    pub stale_days: i64,
    /// Meeting kinds the council must hold regularly.
    pub regular_kinds: Vec<String>,
    /// How often (only "quarter" is defined).
    pub regular_every: String,
    /// Topic categories.
    pub categories: Vec<String>,
    /// Meeting kinds.
    pub meeting_kinds: Vec<String>,
    /// Channels through which topics are collected.
    pub channels: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        let strings = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect();
        Rules {
            quorum: Fraction { num: 2, den: 3 },
            majority_of: MajorityOf::Present,
            publish_within_days: 7,
            posting_days: 7,
            notice_days: 3,
            stale_days: 60,
            regular_kinds: strings(&["协商议事委员会例会", "民主议事会"]),
            regular_every: "quarter".into(),
            categories: strings(&["公益事业", "工作部署", "矛盾纠纷", "自治制度", "其他"]),
            meeting_kinds: strings(&[
                "民情恳谈会",
                "民主议事会",
                "民主听证会",
                "民主评议会",
                "居民代表会议",
                "协商议事委员会例会",
            ]),
            channels: strings(&[
                "民情家访",
                "入户走访",
                "热线电话",
                "微信公众号",
                "QQ群",
                "问卷调查",
                "会议提出",
                "其他",
            ]),
        }
    }
}

/// `site.toml`: the community's identity and rules.
#[derive(Debug, Clone)]
pub struct Site {
    /// Site title.
    pub title: String,
    /// Community name.
    pub community: String,
    /// District and street, optional.
    pub district: Option<String>,
    /// Absolute base URL ending in `/`, when known.
    pub base_url: Option<String>,
    /// UI language.
    pub language: Language,
    /// The site's time zone.
    pub timezone: FixedOffset,
    /// A pinned reference date.
    pub today: Option<NaiveDate>,
    /// A theme of the community's own under `themes/NAME/`.
    pub theme: Option<String>,
    /// Rules and vocabularies.
    pub rules: Rules,
    /// Strings that look like personal data but are public on purpose.
    pub privacy_allow: Vec<String>,
    /// Extensions of attachments to publish as they are, metadata and all (`docx`), beyond
    /// the types yishi cleans (lowercase, without the dot).
    pub attachments_as_is: Vec<String>,
}

/// A member of the deliberation council.
#[derive(Debug, Clone)]
pub struct Member {
    /// Name.
    pub name: String,
    /// 主任 | 副主任 | 委员.
    pub role: String,
    /// 常务委员.
    pub standing: bool,
    /// Affiliation.
    pub affiliation: Option<String>,
    /// Start of term.
    pub since: Option<NaiveDate>,
    /// End of term.
    pub until: Option<NaiveDate>,
}

/// One progress report on an action.
#[derive(Debug, Clone)]
pub struct Update {
    /// Date of the report.
    pub date: NaiveDate,
    /// Percent done, 0..=100.
    pub progress: u8,
    /// What was done.
    pub note: Option<String>,
    /// Attachment paths under `content/`.
    pub photos: Vec<String>,
}

/// A piece of work that carries out a resolution (落实事项).
#[derive(Debug, Clone)]
pub struct Action {
    /// Unique within its topic.
    pub id: String,
    /// What is to be done.
    pub task: String,
    /// Who is responsible (谁负责、谁执行).
    pub owner: String,
    /// Who supervises (谁受益、谁监督).
    pub supervisor: Option<String>,
    /// Due date.
    pub due: NaiveDate,
    /// Progress reports, oldest first.
    pub updates: Vec<Update>,
}

/// A topic (议题).
#[derive(Debug, Clone)]
pub struct Topic {
    /// File stem.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Category from the vocabulary.
    pub category: String,
    /// When the problem was collected.
    pub raised: NaiveDate,
    /// Collection channel.
    pub channel: Option<String>,
    /// Who raised it (a group or role).
    pub raised_by: Option<String>,
    /// One line for lists.
    pub summary: Option<String>,
    /// Parties concerned.
    pub stakeholders: Vec<String>,
    /// The reason it was not taken up, when declined (三不议).
    pub declined: Option<String>,
    /// Implementation work.
    pub actions: Vec<Action>,
    /// Markdown body.
    pub body: String,
    /// Byte offset of the body in the file, for diagnostics.
    pub body_offset: usize,
}

/// Vote counts of a resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// In favour.
    pub yes: u64,
    /// Against.
    pub no: u64,
    /// Abstaining.
    pub abstain: u64,
}

/// Names of a roll-call vote.
#[derive(Debug, Clone, Default)]
pub struct RollCall {
    /// In favour.
    pub yes: Vec<String>,
    /// Against.
    pub no: Vec<String>,
    /// Abstaining.
    pub abstain: Vec<String>,
}

/// A resolution voted at a meeting (决议).
#[derive(Debug, Clone)]
pub struct Resolution {
    /// The topic it decides; None for a general resolution.
    pub topic: Option<String>,
    /// Text of the resolution.
    pub text: String,
    /// How it was voted.
    pub method: Option<String>,
    /// Counts (from the roll call when there is one).
    pub tally: Tally,
    /// Names, for a roll call.
    pub roll_call: Option<RollCall>,
}

/// The parties of a deliberation (组织方 / 利益相关方 / 第三方).
#[derive(Debug, Clone, Default)]
pub struct Parties {
    /// Organisers.
    pub organiser: Vec<String>,
    /// Stakeholders.
    pub stakeholders: Vec<String>,
    /// Third parties.
    pub third: Vec<String>,
}

/// A meeting record (会议记录).
#[derive(Debug, Clone)]
pub struct Meeting {
    /// File stem.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Kind from the vocabulary.
    pub kind: String,
    /// Start, in the site's time zone.
    pub start: NaiveDateTime,
    /// Place.
    pub place: String,
    /// Chair (主持人).
    pub host: Option<String>,
    /// Recorder (记录人).
    pub recorder: Option<String>,
    /// Topic ids discussed.
    pub topics: Vec<String>,
    /// When participants were told.
    pub notified: Option<NaiveDate>,
    /// When results were posted.
    pub published: Option<NaiveDate>,
    /// Expected attendance (应到).
    pub expected: Option<u64>,
    /// Actual attendance (实到).
    pub present: Option<u64>,
    /// Absentees.
    pub absent: Vec<String>,
    /// Non-members present.
    pub attendees: Vec<String>,
    /// Scan of the sign-in sheet.
    pub sign_in: Option<String>,
    /// Why it did not take place.
    pub cancelled: Option<String>,
    /// Parties.
    pub parties: Parties,
    /// Resolutions, in order.
    pub resolutions: Vec<Resolution>,
    /// Markdown minutes.
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Satisfaction counts (满意 / 基本满意 / 不满意).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratings {
    /// 满意.
    pub satisfied: u64,
    /// 基本满意.
    pub basic: u64,
    /// 不满意.
    pub unsatisfied: u64,
}

/// The rating of one topic in an evaluation.
#[derive(Debug, Clone)]
pub struct TopicRating {
    /// Topic id.
    pub topic: String,
    /// Counts.
    pub ratings: Ratings,
    /// Residents' comment.
    pub comment: Option<String>,
}

/// An annual evaluation (民主评议).
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Year, equal to the file stem.
    pub year: i32,
    /// Path of its file.
    pub path: String,
    /// Date held.
    pub date: NaiveDate,
    /// The meeting where it was held.
    pub meeting: Option<String>,
    /// Method (问卷调查 …).
    pub method: Option<String>,
    /// Number of respondents.
    pub respondents: Option<u64>,
    /// Overall rating.
    pub overall: Option<Ratings>,
    /// Ratings of single topics.
    pub topics: Vec<TopicRating>,
    /// Markdown report.
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// A free page.
#[derive(Debug, Clone)]
pub struct Page {
    /// File stem and URL segment.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Everything a community wrote, validated. Entries are sorted by id.
#[derive(Debug, Clone)]
pub struct Model {
    /// site.toml.
    pub site: Site,
    /// council.toml, when present.
    pub council: Option<Vec<Member>>,
    /// Topics by id.
    pub topics: Vec<Arc<Topic>>,
    /// Meetings by id.
    pub meetings: Vec<Arc<Meeting>>,
    /// Evaluations by year.
    pub evaluations: Vec<Arc<Evaluation>>,
    /// Free pages by id.
    pub pages: Vec<Arc<Page>>,
    /// Attachment paths under `content/` (`attachments/…`), sorted.
    pub attachments: Vec<String>,
    /// Files under `static/` (paths relative to it), published as they are at the site's root.
    pub static_files: Vec<String>,
}

impl Model {
    /// The topic with an id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics
            .binary_search_by(|t| t.id.as_str().cmp(id))
            .ok()
            .map(|i| &*self.topics[i])
    }
    /// The index of the topic with an id.
    pub fn topic_index(&self, id: &str) -> Option<usize> {
        self.topics.binary_search_by(|t| t.id.as_str().cmp(id)).ok()
    }
    /// The meeting with an id.
    pub fn meeting(&self, id: &str) -> Option<&Meeting> {
        self.meetings
            .binary_search_by(|m| m.id.as_str().cmp(id))
            .ok()
            .map(|i| &*self.meetings[i])
    }
}
