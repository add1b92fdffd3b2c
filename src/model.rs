//! The typed model of a community's records, as validated from its files.
//!
//! Nothing here is computed: these are the facts staff wrote down. What follows from them
//! (outcomes, statuses, year figures) lives in the facts layer (`crate::facts`).

use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};

/// UI language of the built site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Simplified Chinese (the default).
    #[default]
    ZhCn,
    /// English.
    En,
}

impl Language {
    /// The language a `language` setting names: `"zh-CN"` or `"en"` exactly (site.toml,
    /// district.toml); none for anything else.
    pub fn from_code(code: &str) -> Option<Language> {
        match code {
            "zh-CN" => Some(Language::ZhCn),
            "en" => Some(Language::En),
            _ => None,
        }
    }
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
#[derive(Debug, Clone, PartialEq)]
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
    /// How often: "quarter" or "month" (13.6).
    pub regular_every: String,
    /// Topic categories.
    pub categories: Vec<String>,
    /// Meeting kinds.
    pub meeting_kinds: Vec<String>,
    /// Channels through which topics are collected.
    pub channels: Vec<String>,
    /// Residents may object within this many days after results are posted (spec 13.2;
    /// default: `posting_days`).
    pub objection_days: i64,
    /// An objection is answered within this many days of its receipt (default 15).
    pub reply_days: i64,
    /// A report to the 街道 (or a referral) is answered within this many days (default 30).
    pub report_reply_days: i64,
    /// Meeting kinds whose votes advise rather than decide (13.4; default 民情恳谈会, 民主听证会).
    pub advisory_kinds: Vec<String>,
    /// Consecutive absences of a council member from regular meetings that flag them (13.8).
    pub absence_limit: u64,
    /// A collected topic's proposer is answered within this many days (13.9; default 30).
    pub answer_days: i64,
    /// A completed topic is evaluated within this many days of its last completion (14.3).
    pub evaluate_within_days: i64,
    /// Only topics completed on or after this day are owed an evaluation (14.3).
    pub evaluate_since: Option<NaiveDate>,
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
            objection_days: 7,
            reply_days: 15,
            report_reply_days: 30,
            advisory_kinds: strings(&["民情恳谈会", "民主听证会"]),
            absence_limit: 3,
            answer_days: 30,
            evaluate_within_days: 90,
            evaluate_since: None,
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
#[derive(Debug, Clone, PartialEq)]
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
    /// Where residents bring opinions and objections (`[contact]`, spec 13.2).
    pub contact: Option<Contact>,
    /// The body that issues the board's postings (15.5; default: the community's name
    /// followed by 协商议事委员会).
    pub issuer: String,
    /// The form editor written into `admin/`, when the community turns it on.
    pub editor: Option<Editor>,
    /// Reports owed to the supervision committee (`[supervision]`, 14.1).
    pub supervision: Option<Supervision>,
    /// The community's grids (网格), in site.toml's order (14.2).
    pub grids: Vec<Grid>,
    /// What `yishi archive` writes into each item's 档号 and 责任者 (`[archive]`, 14.4).
    pub archive: Option<Archive>,
}

/// `[archive]`: the community's place in its archive room (14.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    /// 全宗号, the first part of every 档号 (`J108`).
    pub fonds: String,
    /// 责任者: the body that made the records (幸福里社区居民委员会).
    pub creator: String,
    /// How long each kind of record is kept, by kind (meetings, topics, evaluations,
    /// supervision reports, visits).
    pub retention: Retention,
}

/// How long an archive keeps each kind of record (保管期限, DA/T 22-2015).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Meetings (default: permanent).
    pub meetings: Keep,
    /// Topics (default: 30 years).
    pub topics: Keep,
    /// Evaluations (default: permanent).
    pub evaluations: Keep,
    /// Reports to the supervision committee (default: 30 years).
    pub supervision: Keep,
    /// Visits (default: 10 years).
    pub visits: Keep,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            meetings: Keep::Permanent,
            topics: Keep::Years30,
            evaluations: Keep::Permanent,
            supervision: Keep::Years30,
            visits: Keep::Years10,
        }
    }
}

/// A retention period (保管期限).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// 永久: code `Y`.
    Permanent,
    /// 30年: code `D30`.
    Years30,
    /// 10年: code `D10`.
    Years10,
}

impl Keep {
    /// The values as site.toml writes them, with the code each gives the 档号.
    pub const ALL: [(Keep, &'static str, &'static str); 3] = [
        (Keep::Permanent, "永久", "Y"),
        (Keep::Years30, "30年", "D30"),
        (Keep::Years10, "10年", "D10"),
    ];

    /// The code in a 档号: `Y`, `D30`, `D10`.
    pub fn code(self) -> &'static str {
        Keep::ALL
            .iter()
            .find(|(k, _, _)| *k == self)
            .map_or("Y", |(_, _, c)| c)
    }
}

/// A part of the community with its contacts (网格, 14.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    /// ASCII id, unique.
    pub id: String,
    /// 第一网格.
    pub name: String,
    /// What it covers, as residents know it (1—6 号楼).
    pub area: String,
    /// From when visits are owed.
    pub since: Option<NaiveDate>,
}

/// Community staff or a 网格员 who answers for grids without sitting on the council (14.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    /// Name, not also a member's.
    pub name: String,
    /// 网格员 …
    pub role: String,
    /// The grids they answer for.
    pub grids: Vec<String>,
    /// From.
    pub since: Option<NaiveDate>,
    /// Until.
    pub until: Option<NaiveDate>,
}

/// A visit to a grid's residents (入户走访, 民情日志, 14.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    /// File stem.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// The grid visited.
    pub grid: String,
    /// When.
    pub date: NaiveDate,
    /// Who visited: a member or staff.
    pub by: String,
    /// Households visited.
    pub households: Option<u64>,
    /// Opinions heard.
    pub opinions: Option<u64>,
    /// Topics raised on, or reported back on, this visit.
    pub topics: Vec<String>,
    /// Results of earlier topics were fed back to the grid's residents (反馈).
    pub feedback: bool,
    /// The log (Markdown).
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// How often the 居委会 reports to the supervision committee (14.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Each quarter (the default).
    Quarter,
    /// Each month.
    Month,
    /// Each half year.
    HalfYear,
}

impl Every {
    /// The values as site.toml writes them.
    pub const ALL: [(Every, &'static str); 3] = [
        (Every::Quarter, "quarter"),
        (Every::Month, "month"),
        (Every::HalfYear, "half_year"),
    ];
}

/// `[supervision]`: the committee the 居委会 reports to, and how often (14.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervision {
    /// 居务监督委员会's name.
    pub committee: String,
    /// Its members, shown to residents.
    pub members: Vec<String>,
    /// How often reports are owed.
    pub every: Every,
    /// Periods are owed from the first one that starts on or after this day.
    pub since: NaiveDate,
    /// A period's report is due this many days after it ends.
    pub report_within_days: i64,
}

/// A calendar period a report covers: 2025-Q1, 2025-03 or 2025-H1 (14.1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// As written: `2025-Q1`, `2025-03`, `2025-H2`.
    pub label: String,
}

/// The committee's written opinion on a report (监督意见).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opinion {
    /// When it was given.
    pub date: NaiveDate,
    /// What it says.
    pub text: String,
}

/// A report to the supervision committee on how decisions are carried out (14.1).
#[derive(Debug, Clone, PartialEq)]
pub struct SupervisionReport {
    /// File stem.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// The day the 居委会 reported.
    pub date: NaiveDate,
    /// The period it covers.
    pub period: Period,
    /// The topics whose implementation was reported, in the order written.
    pub topics: Vec<String>,
    /// Who reported.
    pub reported_by: Option<String>,
    /// Who received it for the committee.
    pub received_by: Option<String>,
    /// The committee's opinion.
    pub opinion: Option<Opinion>,
    /// Markdown report.
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Where the form editor keeps the records (`[editor]` in site.toml).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The forge.
    pub backend: EditorBackend,
    /// `owner/name`.
    pub repo: String,
    /// The branch the site is built from.
    pub branch: String,
    /// A self-hosted forge's address, without a trailing `/`.
    pub forge: Option<String>,
    /// The OAuth application's client id (PKCE sign-in on Gitea and GitLab).
    pub client_id: Option<String>,
    /// The sign-in relay for GitHub (an OAuth client kept on a server).
    pub auth_relay: Option<String>,
}

/// The forges the editor signs in to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditorBackend {
    /// GitHub.
    GitHub,
    /// GitLab, gitlab.com or self-hosted.
    GitLab,
    /// Gitea or Forgejo, self-hosted.
    Gitea,
}

impl EditorBackend {
    /// The backends as site.toml names them (and the editor does).
    pub const ALL: [(EditorBackend, &'static str); 3] = [
        (EditorBackend::GitHub, "github"),
        (EditorBackend::GitLab, "gitlab"),
        (EditorBackend::Gitea, "gitea"),
    ];
    /// The name site.toml and the editor use.
    pub fn name(self) -> &'static str {
        EditorBackend::ALL
            .iter()
            .find(|(b, _)| *b == self)
            .map_or("github", |(_, l)| l)
    }
}

/// Where residents object or bring opinions (意见反映): shown at the foot of every page and
/// on every board sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Where to come (required within `[contact]`).
    pub office: String,
    /// Opening hours.
    pub hours: Option<String>,
    /// An office line.
    pub phone: Option<String>,
    /// A letter box.
    pub mailbox: Option<String>,
    /// An external form (https).
    pub online: Option<String>,
}

/// An amount of money in fen (分): yuan with at most two decimals, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money(pub i64);

impl Money {
    /// The amount in yuan, for open data (a JSON number with at most two decimals).
    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Yuan written out with thousands separators and the fen when there are any: 120,000
    /// or 8,500.50 (amounts are never negative: validation refuses them).
    pub fn written(self) -> String {
        let grouped = grouped(self.0 / 100);
        match self.0 % 100 {
            0 => grouped,
            fen => format!("{grouped}.{fen:02}"),
        }
    }
}

/// A member of the deliberation council.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Name.
    pub name: String,
    /// 主任 | 副主任 | 委员.
    pub role: String,
    /// 常务委员; None when the record does not say (15.6: shown as nothing, null in open data).
    pub standing: Option<bool>,
    /// Affiliation.
    pub affiliation: Option<String>,
    /// Start of term.
    pub since: Option<NaiveDate>,
    /// End of term.
    pub until: Option<NaiveDate>,
    /// The grids the member answers for (分片负责, 14.2).
    pub grids: Vec<String>,
}

/// One progress report on an action.
#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    /// Date of the report.
    pub date: NaiveDate,
    /// Percent done, 0..=100.
    pub progress: u8,
    /// What was done.
    pub note: Option<String>,
    /// Attachment paths under `content/`.
    pub photos: Vec<String>,
    /// Yuan spent so far, cumulative (13.7).
    pub spent: Option<Money>,
}

/// A piece of work that carries out a resolution (落实事项).
#[derive(Debug, Clone, PartialEq)]
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
    /// The money set aside, in yuan (13.7).
    pub budget: Option<Money>,
    /// Where the money comes from.
    pub funding: Option<String>,
}

/// What was sent upward or to the residents' meeting (13.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReportKind {
    /// 报告: for information.
    Report,
    /// 报批: for approval; the topic waits for it.
    Approval,
    /// 备案: filed; no answer is expected.
    Filing,
    /// 提请决定: sent to the residents' (representatives') meeting to decide.
    Referral,
}

impl ReportKind {
    /// The kinds as staff write them.
    pub const ALL: [(ReportKind, &'static str); 4] = [
        (ReportKind::Report, "报告"),
        (ReportKind::Approval, "报批"),
        (ReportKind::Filing, "备案"),
        (ReportKind::Referral, "提请决定"),
    ];
    /// The kind as written in the records and open data.
    pub fn label(self) -> &'static str {
        ReportKind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("报告", |(_, l)| l)
    }
}

/// A report to the 街道, a department or the residents' meeting, and its answer (13.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// 报告 | 报批 | 备案 | 提请决定.
    pub kind: ReportKind,
    /// To whom.
    pub to: String,
    /// When it was sent.
    pub sent: NaiveDate,
    /// When the answer came (for 提请决定, the day of the decision).
    pub replied: Option<NaiveDate>,
    /// The answer.
    pub answer: Option<String>,
}

/// A topic (议题).
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// File stem.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Category from the vocabulary.
    pub category: String,
    /// When the problem was collected; None when the source does not say (`unrecorded =
    /// ["raised"]`, 15.2): the topic is then dated by its earliest listing meeting.
    pub raised: Option<NaiveDate>,
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
    /// The day the topic was taken up (确定议题, 13.9).
    pub accepted: Option<NaiveDate>,
    /// Who took it up.
    pub accepted_by: Option<String>,
    /// Reports upward and referrals, in order.
    pub reports: Vec<Report>,
    /// The grid it comes from (14.2); None: the whole community.
    pub grid: Option<String>,
    /// The money the proposal asks for, in yuan (15.5): never added to the actions' budgets.
    pub budget: Option<Money>,
    /// Where that money would come from.
    pub funding: Option<String>,
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RollCall {
    /// In favour.
    pub yes: Vec<String>,
    /// Against.
    pub no: Vec<String>,
    /// Abstaining.
    pub abstain: Vec<String>,
}

/// The outcome a record states in words (`declared`, 15.1): 通过, 未通过 or 暂缓.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Declared {
    /// 通过.
    Passed,
    /// 未通过.
    Failed,
    /// 暂缓: nothing was decided.
    Deferred,
}

impl Declared {
    /// The words as staff write them.
    pub const ALL: [(Declared, &'static str); 3] = [
        (Declared::Passed, "通过"),
        (Declared::Failed, "未通过"),
        (Declared::Deferred, "暂缓"),
    ];
    /// The word as written in the records and open data.
    pub fn label(self) -> &'static str {
        Declared::ALL
            .iter()
            .find(|(d, _)| *d == self)
            .map_or("通过", |(_, l)| l)
    }
}

/// Who a vote counts (15.4): persons, households, or a building's owners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// 人 (the default).
    #[default]
    Person,
    /// 户: one vote per household.
    Household,
    /// 业主: the owners' double majority of 民法典 第二百七十八条.
    Owner,
}

impl Unit {
    /// The units as staff write them.
    pub const ALL: [(Unit, &'static str); 3] = [
        (Unit::Person, "人"),
        (Unit::Household, "户"),
        (Unit::Owner, "业主"),
    ];
    /// The unit as written in the records and open data.
    pub fn label(self) -> &'static str {
        Unit::ALL
            .iter()
            .find(|(u, _)| *u == self)
            .map_or("人", |(_, l)| l)
    }
}

/// The class of a matter the owners decide (民法典 第二百七十八条).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matter {
    /// 筹集维修资金 (item 6): three quarters.
    RaiseFunds,
    /// 改建重建 (item 7): three quarters.
    Rebuild,
    /// 改变用途或经营 (item 8): three quarters.
    ChangeUse,
    /// 其他 (items 1–5 and 9, spending repair funds included): more than half.
    Other,
}

impl Matter {
    /// The classes as staff write them.
    pub const ALL: [(Matter, &'static str); 4] = [
        (Matter::RaiseFunds, "筹集维修资金"),
        (Matter::Rebuild, "改建重建"),
        (Matter::ChangeUse, "改变用途或经营"),
        (Matter::Other, "其他"),
    ];
    /// The class as written in the records and open data.
    pub fn label(self) -> &'static str {
        Matter::ALL
            .iter()
            .find(|(m, _)| *m == self)
            .map_or("其他", |(_, l)| l)
    }
    /// Items 6–8 need three quarters of the participants; the rest more than half.
    pub fn needs_three_quarters(self) -> bool {
        self != Matter::Other
    }
}

/// A floor area in hundredths of a square metre, kept exact (15.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Area(pub i64);

impl Area {
    /// The area in m², for open data (a JSON number with at most two decimals).
    pub fn square_metres(self) -> f64 {
        self.0 as f64 / 100.0
    }
    /// Written with thousands separators and only the decimals it has: 1,650.2, 2,160.
    pub fn written(self) -> String {
        let whole = grouped(self.0 / 100);
        match self.0 % 100 {
            0 => whole,
            h if h % 10 == 0 => format!("{whole}.{}", h / 10),
            h => format!("{whole}.{h:02}"),
        }
    }
}

/// A whole number with thousands separators: 1,062.
pub fn grouped(n: i64) -> String {
    let whole = n.to_string();
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The owners' figures of a vote on a building's shared parts (15.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnersVote {
    /// The matter's class.
    pub matter: Matter,
    /// Owners of the building (or of the shared part concerned), > 0.
    pub owners: u64,
    /// Their exclusive floor area, > 0.
    pub area: Area,
    /// Owners who took part.
    pub owners_voting: u64,
    /// Their area.
    pub area_voting: Area,
    /// Owners in favour.
    pub owners_yes: u64,
    /// Their area.
    pub area_yes: Area,
}

/// A resolution voted at a meeting (决议).
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The topic it decides; None for a general resolution.
    pub topic: Option<String>,
    /// Text of the resolution.
    pub text: String,
    /// How it was voted.
    pub method: Option<String>,
    /// The record says it does not state the method (`unrecorded = ["method"]`).
    pub method_unrecorded: bool,
    /// Counts (from the roll call when there is one); None when the record gives none.
    pub tally: Option<Tally>,
    /// The outcome the record states (15.1).
    pub declared: Option<Declared>,
    /// Who votes: the meeting's unit unless the resolution gives its own.
    pub unit: Unit,
    /// The owners' figures, for `unit = "业主"`.
    pub owners: Option<OwnersVote>,
    /// Names, for a roll call.
    pub roll_call: Option<RollCall>,
    /// Revoked by a higher body (依法纠正, 13.5).
    pub revoked: Option<Revocation>,
}

/// A resolution set aside by the 街道 or another body (13.5).
#[derive(Debug, Clone, PartialEq)]
pub struct Revocation {
    /// From when.
    pub date: NaiveDate,
    /// By whom.
    pub by: String,
    /// Why.
    pub reason: String,
}

/// What an answered objection came to (13.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectionOutcome {
    /// 维持: the resolution stands.
    Upheld,
    /// 修改: the resolution was amended.
    Amended,
    /// 再协商: the resolution goes back to deliberation (it is reopened).
    Reopened,
}

impl ObjectionOutcome {
    /// The outcomes as staff write them.
    pub const ALL: [(ObjectionOutcome, &'static str); 3] = [
        (ObjectionOutcome::Upheld, "维持"),
        (ObjectionOutcome::Amended, "修改"),
        (ObjectionOutcome::Reopened, "再协商"),
    ];
    /// The outcome as written in the records and open data.
    pub fn label(self) -> &'static str {
        ObjectionOutcome::ALL
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("维持", |(_, l)| l)
    }
}

/// An objection to a meeting's posted results, and its answer (异议、解释说明, 13.2).
#[derive(Debug, Clone, PartialEq)]
pub struct Objection {
    /// When it was received.
    pub received: NaiveDate,
    /// What is objected to (no names or contact details).
    pub summary: String,
    /// The resolution it concerns, 0-based (written 1-based).
    pub resolution: Option<usize>,
    /// When the answer was given.
    pub replied: Option<NaiveDate>,
    /// The answer.
    pub answer: Option<String>,
    /// What it came to.
    pub outcome: Option<ObjectionOutcome>,
}

/// The parties of a deliberation (组织方 / 利益相关方 / 第三方).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parties {
    /// Organisers.
    pub organiser: Vec<String>,
    /// Stakeholders.
    pub stakeholders: Vec<String>,
    /// Third parties.
    pub third: Vec<String>,
}

/// What a meeting's source does not state (`unrecorded`, 15.2): each listed field is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Unrecorded {
    /// 应到人数.
    pub expected: bool,
    /// 实到人数.
    pub present: bool,
    /// The hour: `start` is a date alone.
    pub time: bool,
    /// 地点.
    pub place: bool,
    /// Whether and when the results were posted.
    pub published: bool,
    /// Whether anyone objected.
    pub objections: bool,
}

impl Unrecorded {
    /// The names a meeting may list.
    pub const MEETING: [&'static str; 6] = [
        "expected",
        "present",
        "time",
        "place",
        "published",
        "objections",
    ];
    /// Whether the count is given or listed as unrecorded.
    pub fn accounts_for_counts(&self, expected: bool, present: bool) -> bool {
        (expected || self.expected) && (present || self.present)
    }
}

/// A meeting record (会议记录).
#[derive(Debug, Clone, PartialEq)]
pub struct Meeting {
    /// File stem.
    pub id: String,
    /// Path of its file.
    pub path: String,
    /// Title.
    pub title: String,
    /// Kind from the vocabulary.
    pub kind: String,
    /// Start, in the site's time zone (midnight when `unrecorded.time`).
    pub start: NaiveDateTime,
    /// Place; None when the source does not say.
    pub place: Option<String>,
    /// What the source does not state (15.2).
    pub unrecorded: Unrecorded,
    /// Who its votes count by default: 人 or 户 (15.4).
    pub unit: Unit,
    /// Binding or advisory for this meeting, overriding `advisory_kinds` (15.3).
    pub advisory: Option<bool>,
    /// The bodies that issue its postings (15.5); None: the site's issuer.
    pub issued_by: Option<Vec<String>>,
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
    /// Objections to the posted results, in order (13.2).
    pub objections: Vec<Objection>,
    /// Markdown minutes.
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

impl Meeting {
    /// The topic the resolution at `index` is on: its own `topic`, else the meeting's only
    /// topic (spec 7); none when the meeting lists several and the resolution names none.
    pub fn resolution_topic(&self, index: usize) -> Option<&str> {
        let resolution = self.resolutions.get(index)?;
        match (&resolution.topic, self.topics.as_slice()) {
            (Some(t), _) => Some(t),
            (None, [only]) => Some(only),
            (None, _) => None,
        }
    }

    /// Every resolution is an owners' vote (and there is at least one): the meeting needs
    /// no attendance counts (15.4).
    pub fn owners_only(&self) -> bool {
        !self.resolutions.is_empty() && self.resolutions.iter().all(|r| r.owners.is_some())
    }
    /// The bodies that sign its sheets: its own, else the site's issuer.
    pub fn issuers<'a>(&'a self, site: &'a Site) -> Vec<&'a str> {
        match &self.issued_by {
            Some(list) => list.iter().map(String::as_str).collect(),
            None => vec![site.issuer.as_str()],
        }
    }
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
#[derive(Debug, Clone, PartialEq)]
pub struct TopicRating {
    /// Topic id.
    pub topic: String,
    /// Counts.
    pub ratings: Ratings,
    /// Residents' comment.
    pub comment: Option<String>,
}

/// An evaluation (民主评议): a year's, whose id is its four-digit year (section 6), or a
/// project's, rating one piece of work when it is done (14.3).
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// File stem: the year for a yearly file.
    pub id: String,
    /// The year, for a yearly file; None for a project evaluation.
    pub year: Option<i32>,
    /// A project evaluation's title.
    pub title: Option<String>,
    /// A project evaluation's topics, as written.
    pub subjects: Vec<String>,
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
    /// Who carried it out.
    pub by: Option<String>,
    /// 第三方评估.
    pub third_party: bool,
    /// Overall rating (required for a project evaluation).
    pub overall: Option<Ratings>,
    /// A yearly file's ratings of single topics.
    pub topics: Vec<TopicRating>,
    /// Markdown report.
    pub body: String,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

impl Evaluation {
    /// Whether it rates one piece of work rather than a year.
    pub fn is_project(&self) -> bool {
        self.year.is_none()
    }
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
    /// Evaluations by id (yearly files by year).
    pub evaluations: Vec<Arc<Evaluation>>,
    /// Free pages by id.
    pub pages: Vec<Arc<Page>>,
    /// Reports to the supervision committee by id (14.1).
    pub supervision: Vec<Arc<SupervisionReport>>,
    /// Staff and 网格员 from council.toml's `[[staff]]` (14.2).
    pub staff: Vec<Staff>,
    /// Visits by id (14.2).
    pub visits: Vec<Arc<Visit>>,
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
