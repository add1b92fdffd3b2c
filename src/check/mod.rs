//! Validate: raw files → the typed [`Model`] and every diagnostic.
//!
//! Each file's TOML is read into a raw struct that rejects unknown fields and keeps the
//! byte span of every value that a later check may point at. Then the checks of section 8
//! of the content spec run over the whole repository — vocabularies, references between
//! entries, counts, progress — collecting every problem instead of stopping at the first.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::diagnostics::{Diagnostic, Severity, SourceFile, Text};
use crate::facts::Facts;
use crate::input::load::{Kind, Loaded, RawEntry, is_valid_id};
use crate::markdown;
use crate::model::*;
use crate::privacy;
use crate::settings::{Given, Settings};

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
    "changes",
    "static",
    "attachments",
    "thumbs",
    "feed",
    "404",
];

/// Files the build writes at the site's root, which `static/` may not replace.
pub const ROOT_FILES: &[&str] = &[
    "index.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "meetings.ics",
    crate::plumbing::output::MARKER,
];

/// An error for each file under `static/` that would land where the build puts its own:
/// one of `root_files`, or inside a top folder that `folder_taken` says is the build's.
/// `site` names the site ("the site" / "网站"), `taken` what is taken, for the hint. For a
/// community and for a district, whose sites are laid out differently.
pub fn static_collisions(
    static_files: &[String],
    root_files: &[&str],
    folder_taken: impl Fn(&str) -> bool,
    site: &Text,
    taken: &Text,
) -> Vec<Diagnostic> {
    static_files
        .iter()
        .filter(|path| {
            // Compared as case-insensitive hosts compare names: static/Feed.xml is the
            // build's feed.xml there.
            let folded = crate::input::load::fold_name(path);
            let first = folded.split('/').next().unwrap_or("");
            root_files
                .iter()
                .any(|r| crate::input::load::fold_name(r) == folded)
                || (folded.contains('/') && folder_taken(first))
        })
        .map(|path| {
            Diagnostic::whole_file(
                Severity::Error,
                "static-collision",
                &format!("static/{path}"),
                crate::tr!(
                    "would replace what yishi makes at /{path} in {en}",
                    "会覆盖 yishi 在{zh} /{path} 生成的内容";
                    en = &site.en,
                    zh = &site.zh
                ),
            )
            .with_hint(crate::tr!(
                "static/ is for files the host needs as they are (CNAME, .nojekyll, verification files); move it to another name. Taken: {en}",
                "static/ 只放网站服务器需要原样发布的文件（CNAME、.nojekyll、验证文件）；请换个名字。已占用：{zh}";
                en = &taken.en,
                zh = &taken.zh
            ))
        })
        .collect()
}

/// Options that change what is validated.
#[derive(Debug, Clone)]
pub struct Options {
    /// What the command line was given (today, drafts, the clock); resolved against
    /// site.toml into the [`Settings`] of the result.
    pub given: Given,
    /// Copy each file's warnings and staff warnings into the result. `serve` shows errors
    /// only, and at 10,000 topics copying 11,000 warnings was a third of a save's check.
    pub warnings: bool,
}

/// The result of validation: a model (when site.toml could be read) and the problems.
#[derive(Debug)]
pub struct Validated {
    /// The model; entries with errors are left out.
    pub model: Option<Model>,
    /// The settings resolved from what was given and site.toml (the defaults without it).
    pub settings: Settings,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// With a model: the staff warnings of section 7 (late publication, short notice,
    /// overdue actions), which `check` and `build` add to the problems.
    pub timeliness: Vec<Diagnostic>,
}

// ---------------------------------------------------------------- raw structs

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawSite {
    /// 标题
    #[schemars(with = "String")]
    title: Spanned<String>,
    /// 社区名称
    #[schemars(with = "String")]
    community: Spanned<String>,
    /// 所属区、街道
    district: Option<String>,
    /// 网站地址（以 / 结尾），订阅、站点地图和二维码使用
    #[schemars(with = "Option<String>")]
    base_url: Option<Spanned<String>>,
    /// 界面语言："zh-CN"（默认）或 "en"
    #[schemars(with = "Option<String>")]
    language: Option<Spanned<String>>,
    /// 时区，默认 "+08:00"
    #[schemars(with = "Option<String>")]
    timezone: Option<Spanned<String>>,
    /// 固定“今天”的日期（示例或存档网站用）
    #[schemars(with = "Option<String>")]
    today: Option<Spanned<Datetime>>,
    /// 自定义主题：themes/<名称>/
    #[schemars(with = "Option<String>")]
    theme: Option<Spanned<String>>,
    /// 议事规则和词表
    rules: Option<RawRules>,
    /// 个人信息检查的例外
    privacy: Option<RawPrivacy>,
    /// 附件发布规则
    attachments: Option<RawAttachments>,
    /// 居民反映意见、提出异议的地方：显示在每页页脚和每张公示单上
    contact: Option<RawContact>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawContact {
    /// 反映意见的地点（必填），如“社区居委会一楼便民服务窗口”
    #[schemars(with = "String")]
    office: Spanned<String>,
    /// 接待时间
    hours: Option<String>,
    /// 办公电话（不写个人手机号）
    phone: Option<String>,
    /// 意见箱位置
    mailbox: Option<String>,
    /// 网上反映意见的地址（https）
    #[schemars(with = "Option<String>")]
    online: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawAttachments {
    /// 按原样发布（不清除元数据）的其他文件类型的扩展名，如 ["docx", "xlsx"]
    publish_as_is: Option<Vec<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    /// 本来就公开的号码（如服务热线），不当作个人信息
    allow: Option<Vec<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRules {
    /// 法定人数：实到 ≥ 应到 × a/b，如 "2/3"
    #[schemars(with = "Option<String>")]
    quorum: Option<Spanned<String>>,
    /// 过半数的基数："present"（实到）、"cast"（投票总数）或 "expected"（应到）
    #[schemars(with = "Option<String>")]
    majority_of: Option<Spanned<String>>,
    /// 会后几日内公示结果
    #[schemars(with = "Option<i64>")]
    publish_within_days: Option<Spanned<i64>>,
    /// 公示期天数
    #[schemars(with = "Option<i64>")]
    posting_days: Option<Spanned<i64>>,
    /// 会前至少几日告知
    #[schemars(with = "Option<i64>")]
    notice_days: Option<Spanned<i64>>,
    /// 多少天没有进展报告算“久未更新”
    #[schemars(with = "Option<i64>")]
    stale_days: Option<Spanned<i64>>,
    /// 必须定期召开的会议类型
    #[schemars(with = "Option<Vec<String>>")]
    regular_kinds: Option<Vec<Spanned<String>>>,
    /// 定期召开的周期："quarter"（每季度）或 "month"（每月）
    #[schemars(with = "Option<String>")]
    regular_every: Option<Spanned<String>>,
    /// 结果公示后几日内可以提出异议（默认等于 posting_days）
    #[schemars(with = "Option<i64>")]
    objection_days: Option<Spanned<i64>>,
    /// 收到异议后几日内答复（默认 15）
    #[schemars(with = "Option<i64>")]
    reply_days: Option<Spanned<i64>>,
    /// 向街道报告、报批后几日内应有答复（默认 30）
    #[schemars(with = "Option<i64>")]
    report_reply_days: Option<Spanned<i64>>,
    /// 收集到议题后几日内答复提出人（默认 30）
    #[schemars(with = "Option<i64>")]
    answer_days: Option<Spanned<i64>>,
    /// 表决结果只作参考（倾向性意见）的会议类型（默认 民情恳谈会、民主听证会）
    #[schemars(with = "Option<Vec<String>>")]
    advisory_kinds: Option<Vec<Spanned<String>>>,
    /// 委员连续几次缺席例会要提醒（默认 3）
    #[schemars(with = "Option<i64>")]
    absence_limit: Option<Spanned<i64>>,
    /// 议题类别词表
    categories: Option<Vec<String>>,
    /// 会议类型词表
    meeting_kinds: Option<Vec<String>>,
    /// 议题收集渠道词表
    channels: Option<Vec<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawCouncil {
    #[serde(default)]
    /// 委员名单
    members: Vec<RawMember>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMember {
    /// 姓名
    name: String,
    /// 职务：主任、副主任、委员
    #[schemars(with = "String")]
    role: Spanned<String>,
    /// 是否常务委员
    standing: Option<bool>,
    /// 所在单位或身份
    affiliation: Option<String>,
    /// 任期开始
    #[schemars(with = "Option<String>")]
    since: Option<Spanned<Datetime>>,
    /// 任期结束
    #[schemars(with = "Option<String>")]
    until: Option<Spanned<Datetime>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    /// 标题
    title: String,
    /// 类别（见 site.toml 的 categories）
    #[schemars(with = "String")]
    category: Spanned<String>,
    /// 收集到问题的日期
    #[schemars(with = "String")]
    raised: Spanned<Datetime>,
    /// 收集渠道（见 channels）
    #[schemars(with = "Option<String>")]
    channel: Option<Spanned<String>>,
    /// 提出人：群体或身份，不写联系方式
    raised_by: Option<String>,
    /// 一句话概要
    summary: Option<String>,
    #[serde(default)]
    /// 利益相关方
    stakeholders: Vec<String>,
    /// 不予协商的理由（三不议）；填写后议题结束
    declined: Option<String>,
    /// 确定议题的日期（议题被采纳、列入协商）
    #[schemars(with = "Option<String>")]
    accepted: Option<Spanned<Datetime>>,
    /// 确定议题的会议或机构，如“社区两委联席会议”
    accepted_by: Option<String>,
    #[serde(default)]
    /// 向街道报告、报批、备案，或提请居民（代表）会议决定
    #[schemars(with = "Vec<RawReport>")]
    reports: Vec<Spanned<RawReport>>,
    /// Read by `is_draft` before parsing; declared so that the field is known.
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    _draft: Option<bool>,
    #[serde(default)]
    /// 落实事项
    actions: Vec<RawAction>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawReport {
    /// 报告、报批、备案 或 提请决定
    #[schemars(with = "String")]
    kind: Spanned<String>,
    /// 报送对象，如“友谊路街道办事处”“居民代表会议”
    to: String,
    /// 报送日期
    #[schemars(with = "String")]
    sent: Spanned<Datetime>,
    /// 答复日期（提请决定：作出决定的日期）
    #[schemars(with = "Option<String>")]
    replied: Option<Spanned<Datetime>>,
    /// 答复内容（与 replied 一起写）
    answer: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawAction {
    /// 编号：小写英文字母、数字和 -
    #[schemars(with = "String")]
    id: Spanned<String>,
    /// 事项内容
    task: String,
    /// 负责单位（谁负责、谁执行）
    owner: String,
    /// 监督人（谁受益、谁监督）
    supervisor: Option<String>,
    /// 完成期限
    #[schemars(with = "String")]
    due: Spanned<Datetime>,
    #[serde(default)]
    /// 进展报告，按日期先后
    updates: Vec<RawUpdate>,
    /// 预算（元，最多两位小数）
    #[schemars(with = "Option<f64>")]
    budget: Option<Spanned<toml::Value>>,
    /// 资金来源，如“老旧小区改造专项资金”
    funding: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawUpdate {
    /// 日期
    #[schemars(with = "String")]
    date: Spanned<Datetime>,
    /// 完成百分比 0–100，只增不减
    #[schemars(with = "i64")]
    progress: Spanned<i64>,
    /// 进展说明
    note: Option<String>,
    #[serde(default)]
    /// 照片：content/ 下的附件路径
    #[schemars(with = "Vec<String>")]
    photos: Vec<Spanned<String>>,
    /// 截至这次报告已花费的资金（元，累计）
    #[schemars(with = "Option<f64>")]
    spent: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawMeeting {
    /// 标题
    title: String,
    /// 会议类型（见 meeting_kinds）
    #[schemars(with = "String")]
    kind: Spanned<String>,
    /// 开始时间，如 2025-04-18T09:00:00
    #[schemars(with = "String")]
    start: Spanned<Datetime>,
    /// 地点
    place: String,
    /// 主持人
    host: Option<String>,
    /// 记录人
    recorder: Option<String>,
    #[serde(default)]
    /// 协商的议题编号
    #[schemars(with = "Vec<String>")]
    topics: Vec<Spanned<String>>,
    /// 告知日期
    #[schemars(with = "Option<String>")]
    notified: Option<Spanned<Datetime>>,
    /// 结果公示日期
    #[schemars(with = "Option<String>")]
    published: Option<Spanned<Datetime>>,
    /// 应到人数
    #[schemars(with = "Option<i64>")]
    expected: Option<Spanned<i64>>,
    /// 实到人数
    #[schemars(with = "Option<i64>")]
    present: Option<Spanned<i64>>,
    #[serde(default)]
    /// 缺席
    absent: Vec<String>,
    #[serde(default)]
    /// 列席的非委员（记名表决可用其姓名）
    attendees: Vec<String>,
    /// 签到簿扫描件路径
    #[schemars(with = "Option<String>")]
    sign_in: Option<Spanned<String>>,
    /// 取消原因；填写后会议不算召开
    cancelled: Option<String>,
    /// Read by `is_draft` before parsing; declared so that the field is known.
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    _draft: Option<bool>,
    /// 参与方
    parties: Option<RawParties>,
    #[serde(default)]
    /// 决议，逐条表决
    #[schemars(with = "Vec<RawResolution>")]
    resolutions: Vec<Spanned<RawResolution>>,
    #[serde(default)]
    /// 对公示结果的异议及答复（解释说明）
    #[schemars(with = "Vec<RawObjection>")]
    objections: Vec<Spanned<RawObjection>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawObjection {
    /// 收到异议的日期
    #[schemars(with = "String")]
    received: Spanned<Datetime>,
    /// 异议内容（不写姓名和联系方式）
    summary: String,
    /// 针对第几条决议（从 1 起）
    #[schemars(with = "Option<i64>")]
    resolution: Option<Spanned<i64>>,
    /// 答复日期
    #[schemars(with = "Option<String>")]
    replied: Option<Spanned<Datetime>>,
    /// 答复内容（与 replied 一起写）
    answer: Option<String>,
    /// 处理结果：维持、修改 或 再协商
    #[schemars(with = "Option<String>")]
    outcome: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawParties {
    #[serde(default)]
    /// 组织方
    organiser: Vec<String>,
    #[serde(default)]
    /// 利益相关方
    stakeholders: Vec<String>,
    #[serde(default)]
    /// 第三方
    third: Vec<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawResolution {
    /// 议题编号
    #[schemars(with = "Option<String>")]
    topic: Option<Spanned<String>>,
    /// 决议内容
    text: String,
    /// 表决方式：举手表决、投票表决、一对一表决
    #[schemars(with = "Option<String>")]
    method: Option<Spanned<String>>,
    /// 赞成
    #[schemars(with = "Option<i64>")]
    yes: Option<Spanned<i64>>,
    /// 反对
    #[schemars(with = "Option<i64>")]
    no: Option<Spanned<i64>>,
    /// 弃权
    #[schemars(with = "Option<i64>")]
    abstain: Option<Spanned<i64>>,
    /// 记名表决名单（与票数二选一）
    #[schemars(with = "Option<RawVotes>")]
    votes: Option<Spanned<RawVotes>>,
    /// 被依法纠正、撤销的日期
    #[schemars(with = "Option<String>")]
    revoked: Option<Spanned<Datetime>>,
    /// 撤销机关，如“友谊路街道办事处”（与 revoked 一起写）
    revoked_by: Option<String>,
    /// 撤销理由（与 revoked 一起写）
    revoked_reason: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawVotes {
    #[serde(default)]
    /// 赞成
    #[schemars(with = "Vec<String>")]
    yes: Vec<Spanned<String>>,
    #[serde(default)]
    /// 反对
    #[schemars(with = "Vec<String>")]
    no: Vec<Spanned<String>>,
    #[serde(default)]
    /// 弃权
    #[schemars(with = "Vec<String>")]
    abstain: Vec<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawEvaluation {
    /// 年份，与文件名相同
    #[schemars(with = "i64")]
    year: Spanned<i64>,
    /// 日期
    #[schemars(with = "String")]
    date: Spanned<Datetime>,
    /// 召开评议的会议编号
    #[schemars(with = "Option<String>")]
    meeting: Option<Spanned<String>>,
    /// 表决方式：举手表决、投票表决、一对一表决
    method: Option<String>,
    /// 参评人数
    #[schemars(with = "Option<i64>")]
    respondents: Option<Spanned<i64>>,
    /// 总体评价
    overall: Option<RawRatings>,
    #[serde(default)]
    /// 协商的议题编号
    topics: Vec<RawTopicRating>,
    /// Read by `is_draft` before parsing; declared so that the field is known.
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    _draft: Option<bool>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRatings {
    /// 满意
    #[schemars(with = "i64")]
    satisfied: Spanned<i64>,
    /// 基本满意
    #[schemars(with = "i64")]
    basic: Spanned<i64>,
    /// 不满意
    #[schemars(with = "i64")]
    unsatisfied: Spanned<i64>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawTopicRating {
    /// 议题编号
    #[schemars(with = "String")]
    topic: Spanned<String>,
    /// 满意
    #[schemars(with = "i64")]
    satisfied: Spanned<i64>,
    /// 基本满意
    #[schemars(with = "i64")]
    basic: Spanned<i64>,
    /// 不满意
    #[schemars(with = "i64")]
    unsatisfied: Spanned<i64>,
    /// 居民意见
    comment: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPage {
    /// 标题
    title: String,
    /// Read by `is_draft` before parsing; declared so that the field is known.
    #[serde(rename = "draft")]
    /// 草稿：true 时不公开
    _draft: Option<bool>,
}

/// The voting methods of seed 003_… (举手表决 | 投票表决 | 一对一表决).
pub const METHODS: &[&str] = &["举手表决", "投票表决", "一对一表决"];
/// Council roles.
pub const ROLES: &[&str] = &["主任", "副主任", "委员"];

// ---------------------------------------------------------------- helpers

/// Where diagnostics for one TOML text go: the file and the offset of the TOML in it.
struct Ctx<'a> {
    file: &'a SourceFile,
    base: usize,
    diags: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn span<T>(&self, v: &Spanned<T>) -> Range<usize> {
        let s = v.span();
        self.base + s.start..self.base + s.end
    }
    /// An error at a value; an empty hint is none.
    fn error<T>(&mut self, code: &'static str, at: &Spanned<T>, message: Text, hint: Text) {
        let span = self.span(at);
        self.error_at(code, span, message, hint);
    }
    fn error_at(&mut self, code: &'static str, span: Range<usize>, message: Text, hint: Text) {
        let mut d = Diagnostic::error(code, self.file, span, message);
        if !hint.en.is_empty() {
            d = d.with_hint(hint);
        }
        self.diags.push(d);
    }

    /// Parses TOML, reporting syntax, type, unknown and missing fields at their place.
    fn parse<T: for<'de> Deserialize<'de>>(&mut self, text: &str) -> Option<T> {
        match toml::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                let message = e
                    .message()
                    .trim()
                    .replace("expected i64", "expected a whole number")
                    .replace(
                        "expected a TOML datetime",
                        "expected a date such as 2025-04-18",
                    );
                let (code, hint) = toml_error_hint(&message);
                let span = self.base + span.start..self.base + span.end;
                let message = Text {
                    zh: toml_message_zh(&message),
                    en: message,
                };
                self.error_at(code, span, message, hint);
                None
            }
        }
    }

    /// A date field: a TOML local date such as 2025-04-18.
    /// An amount of yuan as written (`120000`, `8500.5`, `1_200.75`): never negative, at
    /// most two decimals, kept exact in fen (spec 13.7).
    fn money(&mut self, v: &Spanned<toml::Value>, field: &str) -> Option<Money> {
        let span = self.span(v);
        let written = self.file.text.get(span).unwrap_or("").replace('_', "");
        let parsed = match v.get_ref() {
            toml::Value::Integer(_) | toml::Value::Float(_) => parse_yuan(&written),
            _ => None,
        };
        match parsed {
            Some(Ok(m)) => Some(m),
            Some(Err(why)) => {
                let (en, zh) = match why {
                    MoneyError::Negative => ("is negative", "是负数"),
                    MoneyError::Decimals => ("has more than two decimals", "超过两位小数"),
                };
                self.error(
                    "money",
                    v,
                    crate::tr!("{field} {written} {en}", "{field} 的金额 {written} {zh}"),
                    crate::tr!(
                        "write yuan with at most two decimals, such as 120000 or 8500.50",
                        "以元为单位，最多两位小数，例如 120000 或 8500.50"
                    ),
                );
                None
            }
            None => {
                self.error(
                    "type",
                    v,
                    crate::tr!(
                        "{field} must be an amount of yuan such as 120000",
                        "{field} 应该是以元为单位的金额，例如 120000"
                    ),
                    crate::tr!(
                        "write the number without quotes or units",
                        "直接写数字，不加引号和“元”"
                    ),
                );
                None
            }
        }
    }

    /// `date` of `what` must not be after today (a record of what has happened).
    fn not_after_today(
        &mut self,
        v: &Spanned<Datetime>,
        date: NaiveDate,
        today: NaiveDate,
        what: Text,
    ) -> bool {
        if date <= today {
            return true;
        }
        self.error(
            "future-date",
            v,
            crate::tr!(
                "{w_en} {date} is after today ({today})",
                "{w_zh} {date} 晚于今天（{today}）";
                w_en = &what.en,
                w_zh = &what.zh
            ),
            crate::tr!(
                "record what has happened; check the date, or build with --today",
                "只记录已经发生的事；检查日期，或用 --today 指定今天"
            ),
        );
        false
    }

    /// `later` (`what`, at `v`) must not come before `earlier` (`after_what`).
    fn not_before(
        &mut self,
        v: &Spanned<Datetime>,
        (later, what): (NaiveDate, Text),
        (earlier, after_what): (NaiveDate, Text),
    ) -> bool {
        if later >= earlier {
            return true;
        }
        self.error(
            "date-order",
            v,
            crate::tr!(
                "{w_en} {later} is before {a_en} {earlier}",
                "{w_zh} {later} 早于{a_zh} {earlier}";
                w_en = &what.en,
                w_zh = &what.zh,
                a_en = &after_what.en,
                a_zh = &after_what.zh
            ),
            crate::tr!(
                "check the two dates: {w_en} cannot come before {a_en}",
                "检查这两个日期：{w_zh}不能早于{a_zh}";
                w_en = &what.en,
                w_zh = &what.zh,
                a_en = &after_what.en,
                a_zh = &after_what.zh
            ),
        );
        false
    }

    /// A value from a list the spec fixes (not a site.toml vocabulary).
    fn choice(&mut self, v: &Spanned<String>, field: &str, allowed: &[&str]) -> bool {
        if allowed.contains(&v.get_ref().as_str()) {
            return true;
        }
        let list = allowed.join("、");
        self.error(
            "vocabulary",
            v,
            crate::tr!(
                "{field} \"{value}\" is not one of {list}",
                "{field} 的值“{value}”不是 {list} 之一";
                value = v.get_ref()
            ),
            crate::tr!("write one of: {list}", "只能写：{list}"),
        );
        false
    }

    /// `answer` goes with `replied`, and neither without the other.
    fn reply_pair(
        &mut self,
        table: Range<usize>,
        replied: bool,
        answer: bool,
        outcome: bool,
    ) -> bool {
        let problem = match (replied, answer) {
            (true, false) => Some(crate::tr!(
                "replied is given without the answer",
                "写了 replied（答复日期），但没有写 answer（答复内容）"
            )),
            (false, true) => Some(crate::tr!(
                "answer is given without replied (the date it was given)",
                "写了 answer（答复内容），但没有写 replied（答复日期）"
            )),
            _ if outcome && !replied => Some(crate::tr!(
                "outcome is given without replied: an objection comes to something once it is answered",
                "写了 outcome（处理结果），但没有写 replied：异议答复之后才有处理结果"
            )),
            _ => None,
        };
        let Some(message) = problem else {
            return true;
        };
        self.diags.push(
            Diagnostic::error("missing-field", self.file, table, message).with_hint(crate::tr!(
                "write replied and answer together once the answer is given",
                "答复之后，replied 和 answer 一起写"
            )),
        );
        false
    }

    fn date(&mut self, v: &Spanned<Datetime>) -> Option<NaiveDate> {
        let dt = v.get_ref();
        match (dt.date, dt.time) {
            (Some(d), None) => match NaiveDate::from_ymd_opt(
                i32::from(d.year),
                u32::from(d.month),
                u32::from(d.day),
            ) {
                Some(date) => Some(date),
                None => {
                    self.error(
                        "type",
                        v,
                        crate::tr!(
                            "{dt} is not a date in the calendar",
                            "{dt} 不是日历上的日期"
                        ),
                        Text::default(),
                    );
                    None
                }
            },
            _ => {
                self.error(
                    "type",
                    v,
                    crate::tr!(
                        "expected a date such as 2025-04-18, found {dt}",
                        "应该是日期，如 2025-04-18，这里写的是 {dt}"
                    ),
                    crate::tr!(
                        "write the date alone, without a time and without quotes",
                        "只写日期，不写时间，不加引号"
                    ),
                );
                None
            }
        }
    }

    /// A count: a non-negative integer.
    fn count(&mut self, v: &Spanned<i64>, what: &str) -> Option<u64> {
        match u64::try_from(*v.get_ref()) {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    "count",
                    v,
                    crate::tr!("{what} cannot be negative ({n})", "{what} 不能是负数（{n}）"; n = v.get_ref()),
                    crate::tr!("write the number of people, 0 or more", "写人数，0 或更多"),
                );
                None
            }
        }
    }

    /// A value that must be one of a vocabulary.
    fn vocabulary(&mut self, v: &Spanned<String>, field: &str, allowed: &[String]) -> bool {
        if allowed.iter().any(|a| a == v.get_ref()) {
            return true;
        }
        let list = allowed.join("、");
        let hint = match nearest(v.get_ref(), allowed) {
            Some(best) => crate::tr!(
                "did you mean \"{best}\"? allowed values: {list}",
                "是不是“{best}”？可选的值：{list}"
            ),
            None => crate::tr!(
                "allowed values: {list} (the list is set in site.toml [rules] {field})",
                "可选的值：{list}（在 site.toml 的 [rules] {field} 里设定）"
            ),
        };
        self.error(
            "vocabulary",
            v,
            crate::tr!(
                "{field} \"{value}\" is not one of the allowed values",
                "{field} 的值“{value}”不在可选范围内";
                value = v.get_ref()
            ),
            hint,
        );
        false
    }
}

fn toml_error_hint(message: &str) -> (&'static str, Text) {
    if message.starts_with("unknown field") {
        (
            "unknown-field",
            crate::tr!(
                "check the spelling; the fields each file may hold are listed in docs/content.md",
                "检查拼写；每种文件可以写哪些字段，见 docs/content.md 和用 yishi new 新建的模板"
            ),
        )
    } else if message.starts_with("missing field") {
        (
            "missing-field",
            crate::tr!("add the field; it is required", "补上这个字段；它是必填的"),
        )
    } else if message.starts_with("invalid type") {
        (
            "type",
            crate::tr!(
                "dates are written without quotes (2025-04-18), text in quotes, numbers without quotes",
                "日期不加引号（2025-04-18），文字加英文双引号，数字不加引号"
            ),
        )
    } else if message.contains("duplicate key") {
        (
            "syntax",
            crate::tr!("each field may appear only once", "每个字段只能写一次"),
        )
    } else {
        (
            "syntax",
            crate::tr!(
                "TOML is written as name = value, text in \"quotes\", lists in [brackets]",
                "字段的写法是 名称 = 值，文字加英文双引号 \"…\"，列表用方括号 […]"
            ),
        )
    }
}

/// The TOML parser's message (English, from the toml crate) in Chinese: its common forms
/// translated, the rest kept after a Chinese lead.
fn toml_message_zh(message: &str) -> String {
    let words = |s: &str| {
        s.replace("a whole number", "整数")
            .replace("a date such as 2025-04-18", "日期（如 2025-04-18）")
            .replace("a string", "文字")
            .replace("a boolean", "true 或 false")
            .replace("a sequence", "列表")
            .replace("a map", "表")
            .replace("string", "文字")
            .replace("integer", "整数")
            .replace("sequence", "列表")
            .replace("boolean", "布尔值")
            .replace("datetime", "日期时间")
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let allowed = allowed.trim_start_matches("one of ").replace(", ", "、");
        if allowed.is_empty() {
            return format!("未知字段 {field}");
        }
        return format!("未知字段 {field}，可以写的字段：{allowed}");
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        return format!("缺少字段 {field}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "类型不对：这里写的是 {}，应该是 {}",
            words(found),
            words(expected)
        );
    }
    if message.contains("duplicate key") {
        return format!("字段重复：{message}");
    }
    format!("TOML 格式错误：{message}")
}

/// The allowed value closest to a mistyped one, if any is close.
pub fn nearest<'a>(value: &str, allowed: &'a [String]) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for a in allowed {
        let d = if a.contains(value) || value.contains(a.as_str()) {
            a.chars().count().abs_diff(value.chars().count()).min(1)
        } else {
            edit_distance(value, a)
        };
        let limit = (a.chars().count() / 2).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, a));
        }
    }
    best.map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether `url` is an absolute http(s) address with a host: what feeds, the sitemap and
/// QR codes need of `base_url` and `--base-url`.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && !url.trim().chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

/// Parses `"a/b"` with 0 < a ≤ b.
pub fn parse_fraction(s: &str) -> Option<Fraction> {
    let (a, b) = s.split_once('/')?;
    let num: u64 = a.trim().parse().ok()?;
    let den: u64 = b.trim().parse().ok()?;
    (den > 0 && num <= den).then_some(Fraction { num, den })
}

/// Parses `+08:00`.
/// Why an amount is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Below zero.
    Negative,
    /// More than two decimals as written.
    Decimals,
}

/// An amount of yuan as written in TOML (underscores removed) in fen: `Some(Err)` for a
/// negative amount or more than two decimals, `None` for anything that is not plain digits
/// with an optional decimal point (an exponent, `inf`).
pub fn parse_yuan(written: &str) -> Option<Result<Money, MoneyError>> {
    let s = written.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    if negative && (whole > 0 || fraction.bytes().any(|b| b != b'0')) {
        return Some(Err(MoneyError::Negative));
    }
    if fraction.len() > 2 {
        return Some(Err(MoneyError::Decimals));
    }
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    Some(Ok(Money(whole.checked_mul(100)?.checked_add(cents)?)))
}

pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s[1..].split_once(':')?;
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

// ---------------------------------------------------------------- site.toml

fn validate_site(
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Site, Option<NaiveDate>)> {
    let mut cx = Ctx {
        file,
        base: 0,
        diags,
    };
    let raw: RawSite = cx.parse(&file.text)?;
    let mut rules = Rules::default();
    let mut ok = true;
    if let Some(r) = raw.rules {
        if let Some(q) = &r.quorum {
            match parse_fraction(q.get_ref()) {
                Some(f) => rules.quorum = f,
                None => {
                    cx.error(
                        "rules",
                        q,
                        crate::tr!(
                            "quorum \"{value}\" is not a fraction a/b between 0 and 1",
                            "法定人数比例“{value}”不是 0 到 1 之间的分数 a/b";
                            value = q.get_ref()
                        ),
                        crate::tr!("write it as \"2/3\"", "写成 \"2/3\""),
                    );
                    ok = false;
                }
            }
        }
        if let Some(m) = &r.majority_of {
            rules.majority_of = match m.get_ref().as_str() {
                "present" => MajorityOf::Present,
                "cast" => MajorityOf::Cast,
                "expected" => MajorityOf::Expected,
                other => {
                    cx.error("rules", m, crate::tr!("majority_of \"{other}\" is not one of present, cast, expected", "majority_of 的值“{other}”不是 present、cast、expected 之一"), crate::tr!("\"present\" counts against members present (实到), \"cast\" against votes cast, \"expected\" against members expected (应到)", "\"present\" 以实到人数为基数，\"cast\" 以投票人数为基数，\"expected\" 以应到人数为基数"));
                    ok = false;
                    rules.majority_of
                }
            };
        }
        for (field, value, target) in [
            (
                "publish_within_days",
                &r.publish_within_days,
                &mut rules.publish_within_days,
            ),
            ("posting_days", &r.posting_days, &mut rules.posting_days),
            ("notice_days", &r.notice_days, &mut rules.notice_days),
            ("stale_days", &r.stale_days, &mut rules.stale_days),
            ("reply_days", &r.reply_days, &mut rules.reply_days),
            (
                "report_reply_days",
                &r.report_reply_days,
                &mut rules.report_reply_days,
            ),
            ("answer_days", &r.answer_days, &mut rules.answer_days),
        ] {
            if let Some(v) = value {
                if *v.get_ref() < 0 || *v.get_ref() > 3650 {
                    cx.error(
                        "rules",
                        v,
                        crate::tr!(
                            "{field} must be a number of days from 0 to 3650",
                            "{field} 必须是 0 到 3650 之间的天数"
                        ),
                        Text::default(),
                    );
                    ok = false;
                } else {
                    *target = *v.get_ref();
                }
            }
        }
        if let Some(list) = r.categories {
            rules.categories = list;
        }
        if let Some(list) = r.meeting_kinds {
            rules.meeting_kinds = list;
        }
        if let Some(list) = r.channels {
            rules.channels = list;
        }
        if let Some(kinds) = r.regular_kinds {
            let allowed = rules.meeting_kinds.clone();
            rules.regular_kinds = Vec::new();
            for k in &kinds {
                if cx.vocabulary(k, "regular_kinds", &allowed) {
                    rules.regular_kinds.push(k.get_ref().clone());
                } else {
                    ok = false;
                }
            }
        }
        if let Some(every) = &r.regular_every {
            if matches!(every.get_ref().as_str(), "quarter" | "month") {
                rules.regular_every = every.get_ref().clone();
            } else {
                cx.error(
                    "rules",
                    every,
                    crate::tr!("regular_every \"{value}\" is not supported", "不支持 regular_every 的值“{value}”"; value = every.get_ref()),
                    crate::tr!("write \"quarter\" (every quarter) or \"month\" (every month)", "写 \"quarter\"（每季度）或 \"month\"（每月）"),
                );
                ok = false;
            }
        }
        // Objections are open as long as the results are posted, unless the site says.
        rules.objection_days = rules.posting_days;
        if let Some(v) = &r.objection_days {
            if *v.get_ref() < 0 || *v.get_ref() > 3650 {
                cx.error(
                    "rules",
                    v,
                    crate::tr!(
                        "objection_days must be a number of days from 0 to 3650",
                        "objection_days 必须是 0 到 3650 之间的天数"
                    ),
                    Text::default(),
                );
                ok = false;
            } else {
                rules.objection_days = *v.get_ref();
            }
        }
        if let Some(v) = &r.absence_limit {
            match u64::try_from(*v.get_ref()) {
                Ok(n) if (1..=100).contains(&n) => rules.absence_limit = n,
                _ => {
                    cx.error(
                        "rules",
                        v,
                        crate::tr!(
                            "absence_limit must be a number of meetings from 1 to 100",
                            "absence_limit 必须是 1 到 100 之间的会议次数"
                        ),
                        Text::default(),
                    );
                    ok = false;
                }
            }
        }
        match &r.advisory_kinds {
            Some(kinds) => {
                let allowed = rules.meeting_kinds.clone();
                rules.advisory_kinds = Vec::new();
                for k in kinds {
                    if cx.vocabulary(k, "advisory_kinds", &allowed) {
                        rules.advisory_kinds.push(k.get_ref().clone());
                    } else {
                        ok = false;
                    }
                }
            }
            // The default names the vocabulary's kinds that advise; a site without them has none.
            None => rules
                .advisory_kinds
                .retain(|k| rules.meeting_kinds.contains(k)),
        }
    }
    let language = match raw.language.as_ref().map(|l| l.get_ref().as_str()) {
        None => Language::ZhCn,
        Some(code) if Language::from_code(code).is_some() => {
            Language::from_code(code).unwrap_or(Language::ZhCn)
        }
        Some(other) => {
            if let Some(l) = &raw.language {
                cx.error(
                    "vocabulary",
                    l,
                    crate::tr!(
                        "language \"{other}\" is not supported",
                        "不支持界面语言“{other}”"
                    ),
                    crate::tr!("use \"zh-CN\" or \"en\"", "写 \"zh-CN\" 或 \"en\""),
                );
            }
            ok = false;
            Language::ZhCn
        }
    };
    let timezone = match &raw.timezone {
        None => crate::settings::default_time_zone(),
        Some(tz) => match parse_offset(tz.get_ref()) {
            Some(o) => o,
            None => {
                cx.error(
                    "type",
                    tz,
                    crate::tr!(
                        "timezone \"{value}\" is not an offset such as +08:00",
                        "时区“{value}”的写法不对，应写成 +08:00 这样";
                        value = tz.get_ref()
                    ),
                    Text::default(),
                );
                ok = false;
                crate::settings::default_time_zone()
            }
        },
    };
    let today = match &raw.today {
        Some(t) => {
            let d = cx.date(t);
            ok &= d.is_some();
            d
        }
        None => None,
    };
    let base_url = match &raw.base_url {
        Some(u) => {
            let s = u.get_ref().trim();
            if !is_http_url(s) {
                cx.error(
                    "type",
                    u,
                    crate::tr!(
                        "base_url must be an absolute http(s) address",
                        "base_url 必须是完整的 http(s) 网址"
                    ),
                    crate::tr!(
                        "for example \"https://example.org/xingfuli/\"",
                        "例如 \"https://example.org/xingfuli/\""
                    ),
                );
                ok = false;
                None
            } else if s.ends_with('/') {
                Some(s.to_string())
            } else {
                Some(format!("{s}/"))
            }
        }
        None => None,
    };
    let theme = match &raw.theme {
        Some(t) if !is_valid_id(t.get_ref()) => {
            cx.error(
                "type",
                t,
                crate::tr!(
                    "theme must be a folder name of ASCII lowercase letters, digits and -",
                    "theme 必须是文件夹名，只用小写英文字母、数字和 -"
                ),
                Text::default(),
            );
            ok = false;
            None
        }
        Some(t) => Some(t.get_ref().clone()),
        None => None,
    };
    let contact = match raw.contact {
        Some(c) => {
            if c.office.get_ref().trim().is_empty() {
                cx.error(
                    "missing-field",
                    &c.office,
                    crate::tr!(
                        "[contact] office is empty: residents must know where to come",
                        "[contact] 的 office 是空的：居民要知道到哪里反映意见"
                    ),
                    crate::tr!(
                        "for example office = \"社区居委会一楼便民服务窗口\"",
                        "例如 office = \"社区居委会一楼便民服务窗口\""
                    ),
                );
                ok = false;
            }
            if let Some(u) = &c.online
                && !u.get_ref().trim().starts_with("https://")
            {
                cx.error(
                    "type",
                    u,
                    crate::tr!(
                        "[contact] online must be an https address",
                        "[contact] 的 online 必须是 https 网址"
                    ),
                    crate::tr!(
                        "residents' opinions travel encrypted: write the form's https:// address",
                        "居民的意见要加密传送：写表单的 https:// 地址"
                    ),
                );
                ok = false;
            }
            Some(Contact {
                office: c.office.into_inner().trim().to_string(),
                hours: c.hours,
                phone: c.phone,
                mailbox: c.mailbox,
                online: c.online.map(|u| u.into_inner().trim().to_string()),
            })
        }
        None => None,
    };
    for (field, v) in [("title", &raw.title), ("community", &raw.community)] {
        if v.get_ref().trim().is_empty() {
            cx.error(
                "missing-field",
                v,
                crate::tr!("{field} is empty", "{field} 是空的"),
                Text::default(),
            );
            ok = false;
        }
    }
    let site = Site {
        title: raw.title.into_inner(),
        community: raw.community.into_inner(),
        district: raw.district,
        base_url,
        language,
        timezone,
        today,
        theme,
        rules,
        privacy_allow: raw.privacy.and_then(|p| p.allow).unwrap_or_default(),
        attachments_as_is: raw
            .attachments
            .and_then(|a| a.publish_as_is)
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.trim().trim_start_matches('.').to_ascii_lowercase())
            .collect(),
        contact,
    };
    ok.then_some((site, today))
}

fn validate_council(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<Vec<Member>> {
    let mut cx = Ctx {
        file,
        base: 0,
        diags,
    };
    let raw: RawCouncil = cx.parse(&file.text)?;
    let roles: Vec<String> = ROLES.iter().map(|s| s.to_string()).collect();
    let mut members = Vec::new();
    let mut ok = true;
    for m in raw.members {
        ok &= cx.vocabulary(&m.role, "role", &roles);
        let since = m.since.as_ref().and_then(|d| cx.date(d));
        let until = m.until.as_ref().and_then(|d| cx.date(d));
        members.push(Member {
            name: m.name,
            role: m.role.into_inner(),
            standing: m.standing.unwrap_or(false),
            affiliation: m.affiliation,
            since,
            until,
        });
    }
    ok.then_some(members)
}

// ---------------------------------------------------------------- entries

/// What parsing one entry gave. Shared (`Arc`), so a [`EntryCache`] can hand the same entry to the
/// next check without copying it.
#[derive(Clone)]
enum Parsed {
    Draft,
    Topic(Arc<Topic>),
    Meeting(Arc<RawMeeting>, Arc<Meeting>),
    Evaluation(Arc<RawEvaluation>, Arc<Evaluation>),
    Page(Arc<Page>),
    Rejected,
}

/// What checking one entry by itself found: everything that depends only on its own text,
/// the site's rules and today — so an unchanged file need not be checked again ([`EntryCache`]).
struct EntryCheck {
    parsed: Parsed,
    /// Problems of the file alone: personal data, front matter, warnings about the body.
    diagnostics: Vec<Diagnostic>,
    /// The body's `@/…` links, checked against the other entries afterwards.
    links: Vec<markdown::InternalLink>,
    /// Staff warnings given only when the whole repository checks (section 7).
    timeliness: Vec<Diagnostic>,
}

/// Each entry's own check, kept between checks of the same repository by `yishi serve`, so a
/// save parses only the files that changed. The keeper says which files changed
/// ([`EntryCache::forget`]); a different site.toml, today or drafts option starts afresh.
#[derive(Default)]
pub struct EntryCache {
    /// site.toml's text, today and the drafts option the entries were checked with.
    context: Option<(String, NaiveDate, bool)>,
    entries: FxHashMap<String, Arc<EntryCheck>>,
    /// Each entry's checks against the other files, kept while neither the entry's own
    /// check nor what it may refer to (the ids, attachments, drafts and council members,
    /// summed up in `CrossCheck::universe`) changed: after a save that adds or removes no
    /// file, every other entry's references are as they were.
    cross: FxHashMap<String, CrossCheck>,
}

/// One entry's checks against the other files, as they came out.
#[derive(Debug, Clone)]
struct CrossCheck {
    /// The entry's own check they were made with (its address: a new check is a new `Arc`).
    check: usize,
    /// What the entry could refer to, summed up ([`universe`]).
    universe: u64,
    ok: bool,
    diagnostics: Vec<Diagnostic>,
    /// The attachments the entry links.
    linked: Vec<String>,
}

impl EntryCache {
    /// Forgets the check of the file at `path` (relative to the root), which changed.
    pub fn forget(&mut self, path: &str) {
        self.entries.remove(path);
        self.cross.remove(path);
    }
    /// How many entries' checks are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

fn is_draft(entry: &RawEntry) -> bool {
    // A light look before full parsing, so drafts with errors still count as drafts.
    let front = entry.front_text();
    front.contains("draft")
        && front.lines().any(|l| {
            let l = l.split('#').next().unwrap_or("");
            l.contains("draft") && l.replace([' ', '\t'], "") == "draft=true"
        })
}

fn topic_from(
    entry: &RawEntry,
    rules: &Rules,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<Topic> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawTopic = cx.parse(entry.front_text())?;
    let mut ok = cx.vocabulary(&raw.category, "category", &rules.categories);
    if let Some(ch) = &raw.channel {
        ok &= cx.vocabulary(ch, "channel", &rules.channels);
    }
    let raised = cx.date(&raw.raised);
    let mut actions = Vec::new();
    let mut action_ids = BTreeSet::new();
    for a in raw.actions {
        let id = a.id.get_ref().clone();
        if !is_valid_id(&id) {
            cx.error(
                "bad-id",
                &a.id,
                crate::tr!(
                    "action id \"{id}\" is not a valid id",
                    "落实事项的 id“{id}”不合规定"
                ),
                crate::tr!(
                    "use ASCII lowercase letters, digits and - only, such as \"register-cars\"",
                    "只用小写英文字母、数字和 -，例如 \"register-cars\""
                ),
            );
            ok = false;
        } else if !action_ids.insert(id.clone()) {
            cx.error(
                "duplicate-id",
                &a.id,
                crate::tr!(
                    "action id \"{id}\" is used twice in this topic",
                    "落实事项的 id“{id}”在这个议题里用了两次"
                ),
                crate::tr!(
                    "give each action of a topic its own id",
                    "同一议题的每个落实事项用不同的 id"
                ),
            );
            ok = false;
        }
        let due = cx.date(&a.due);
        let mut updates = Vec::new();
        let mut previous: Option<(NaiveDate, u8)> = None;
        for u in a.updates {
            let date = cx.date(&u.date);
            let progress = match u8::try_from(*u.progress.get_ref()) {
                Ok(p) if p <= 100 => Some(p),
                _ => {
                    cx.error(
                        "progress",
                        &u.progress,
                        crate::tr!("progress {value} is outside 0..=100", "进度 {value} 不在 0 到 100 之间"; value = u.progress.get_ref()),
                        crate::tr!("progress is a percentage from 0 to 100", "进度是 0 到 100 的百分数"),
                    );
                    None
                }
            };
            for photo in &u.photos {
                if !photo.get_ref().starts_with("attachments/") {
                    cx.error("unknown-ref", photo, crate::tr!("photo \"{name}\" is not under attachments/", "照片“{name}”不在 attachments/ 下"; name = photo.get_ref()), crate::tr!("name attachments by their path under content/, such as \"attachments/2025/x.jpg\"", "附件按它在 content/ 下的路径写，例如 \"attachments/2025/x.jpg\""));
                    ok = false;
                }
            }
            let (Some(date), Some(progress)) = (date, progress) else {
                ok = false;
                continue;
            };
            if date > today {
                cx.error(
                    "future-update",
                    &u.date,
                    crate::tr!(
                        "progress report dated {date}, after today ({today})",
                        "进展报告的日期 {date} 晚于今天（{today}）"
                    ),
                    crate::tr!(
                        "a report records work already done; check the date, or build with --today",
                        "进展报告记录已经完成的工作；检查日期，或用 --today 指定今天"
                    ),
                );
                ok = false;
            }
            if let Some((pd, pp)) = previous {
                if date < pd {
                    cx.error(
                        "update-order",
                        &u.date,
                        crate::tr!(
                            "progress report dated {date} comes after one dated {pd}",
                            "日期为 {date} 的进展报告排在 {pd} 的报告之后"
                        ),
                        crate::tr!(
                            "list [[actions.updates]] oldest first",
                            "[[actions.updates]] 按日期从早到晚排列"
                        ),
                    );
                    ok = false;
                }
                if progress < pp {
                    cx.error("progress", &u.progress, crate::tr!("progress goes down from {pp} to {progress}", "进度从 {pp} 降到了 {progress}"), crate::tr!("progress never decreases; if work was undone, say so in the note and keep the figure", "进度只增不减；如果工作有反复，在 note 里说明，进度数字保持不变"));
                    ok = false;
                }
            }
            previous = Some((date, progress));
            let spent = match &u.spent {
                Some(v) => {
                    let m = cx.money(v, "spent");
                    ok &= m.is_some();
                    m
                }
                None => None,
            };
            updates.push(Update {
                date,
                progress,
                note: u.note,
                photos: u.photos.into_iter().map(|p| p.into_inner()).collect(),
                spent,
            });
        }
        let budget = match &a.budget {
            Some(v) => {
                let m = cx.money(v, "budget");
                ok &= m.is_some();
                m
            }
            None => None,
        };
        let Some(due) = due else {
            ok = false;
            continue;
        };
        actions.push(Action {
            id,
            task: a.task,
            owner: a.owner,
            supervisor: a.supervisor,
            due,
            updates,
            budget,
            funding: a.funding.filter(|f| !f.trim().is_empty()),
        });
    }
    let mut reports = Vec::new();
    for r in &raw.reports {
        let table = cx.span(r);
        let r = r.get_ref();
        let kind = ReportKind::ALL
            .iter()
            .find(|(_, label)| label == r.kind.get_ref())
            .map(|(k, _)| *k);
        if kind.is_none() {
            let allowed: Vec<&str> = ReportKind::ALL.iter().map(|(_, l)| *l).collect();
            cx.choice(&r.kind, "kind", &allowed);
            ok = false;
        }
        let sent = cx.date(&r.sent);
        let replied = r.replied.as_ref().and_then(|v| cx.date(v));
        ok &= sent.is_some() && (r.replied.is_none() || replied.is_some());
        if let Some(sent) = sent {
            ok &= cx.not_after_today(&r.sent, sent, today, crate::tr!("sent", "报送日期"));
        }
        if let (Some(v), Some(replied)) = (&r.replied, replied) {
            ok &= cx.not_after_today(v, replied, today, crate::tr!("replied", "答复日期"));
            if let Some(sent) = sent {
                ok &= cx.not_before(
                    v,
                    (replied, crate::tr!("the reply date", "答复日期")),
                    (sent, crate::tr!("the date sent", "报送日期")),
                );
            }
        }
        let answer = r.answer.clone().filter(|a| !a.trim().is_empty());
        ok &= cx.reply_pair(table, r.replied.is_some(), answer.is_some(), false);
        if let (Some(kind), Some(sent)) = (kind, sent) {
            reports.push(Report {
                kind,
                to: r.to.clone(),
                sent,
                replied,
                answer,
            });
        }
    }
    let accepted = match &raw.accepted {
        Some(v) => {
            let d = cx.date(v);
            if let Some(d) = d {
                ok &= cx.not_after_today(v, d, today, crate::tr!("accepted", "确定议题的日期"));
                if let Some(raised) = raised {
                    ok &= cx.not_before(
                        v,
                        (d, crate::tr!("the acceptance date", "确定议题的日期")),
                        (raised, crate::tr!("the date raised", "提出日期")),
                    );
                }
            } else {
                ok = false;
            }
            d
        }
        None => None,
    };
    let raised = raised?;
    ok.then(|| Topic {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        title: raw.title,
        category: raw.category.into_inner(),
        raised,
        channel: raw.channel.map(|c| c.into_inner()),
        raised_by: raw.raised_by,
        summary: raw.summary,
        stakeholders: raw.stakeholders,
        declined: raw.declined.filter(|d| !d.trim().is_empty()),
        accepted,
        accepted_by: raw.accepted_by,
        reports,
        actions,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    })
}

fn datetime(cx: &mut Ctx, v: &Spanned<Datetime>, tz: FixedOffset) -> Option<NaiveDateTime> {
    let dt = v.get_ref();
    let (Some(d), Some(t)) = (dt.date, dt.time) else {
        cx.error(
            "type",
            v,
            crate::tr!(
                "expected a date and time such as 2025-04-18T09:00:00, found {dt}",
                "应该是日期和时间，如 2025-04-18T09:00:00，这里写的是 {dt}"
            ),
            crate::tr!(
                "write the start as date T time, without quotes",
                "开始时间写成 日期T时间，不加引号"
            ),
        );
        return None;
    };
    let date = NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))?;
    let time = NaiveTime::from_hms_opt(
        u32::from(t.hour),
        u32::from(t.minute),
        u32::from(t.second.unwrap_or(0)),
    )?;
    let local = date.and_time(time);
    match dt.offset {
        None => Some(local),
        Some(offset) => {
            let minutes = match offset {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => i32::from(minutes),
            };
            let given = FixedOffset::east_opt(minutes * 60)?;
            let instant = given.from_local_datetime(&local).single()?;
            Some(instant.with_timezone(&tz).naive_local())
        }
    }
}

fn meeting_from(
    entry: &RawEntry,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawMeeting, Meeting)> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawMeeting = cx.parse(entry.front_text())?;
    let rules = &site.rules;
    let mut ok = cx.vocabulary(&raw.kind, "kind", &rules.meeting_kinds);
    let start = datetime(&mut cx, &raw.start, site.timezone);
    let notified = raw.notified.as_ref().and_then(|d| cx.date(d));
    let published = raw.published.as_ref().and_then(|d| cx.date(d));
    ok &= raw.notified.is_none() || notified.is_some();
    ok &= raw.published.is_none() || published.is_some();
    let expected = raw.expected.as_ref().and_then(|v| cx.count(v, "expected"));
    let present = raw.present.as_ref().and_then(|v| cx.count(v, "present"));
    ok &= raw.expected.is_none() || expected.is_some();
    ok &= raw.present.is_none() || present.is_some();
    let mut resolutions = Vec::new();
    for r in &raw.resolutions {
        let res = r.get_ref();
        let methods: Vec<String> = METHODS.iter().map(|s| s.to_string()).collect();
        if let Some(m) = &res.method {
            ok &= cx.vocabulary(m, "method", &methods);
        }
        let counts = [&res.yes, &res.no, &res.abstain];
        let (tally, roll_call) = match (&res.votes, counts.iter().any(|c| c.is_some())) {
            (Some(votes), true) => {
                cx.error("votes", votes, crate::tr!("both counts (yes/no/abstain) and a roll call (votes) are given", "同时写了票数（yes/no/abstain）和记名表决（votes）"), crate::tr!("give either the counts or the roll call; a roll call's counts are the lengths of its lists", "票数和记名表决只写一种；记名表决的票数就是各名单的人数"));
                ok = false;
                continue;
            }
            (Some(votes), false) => {
                let v = votes.get_ref();
                let names = |list: &Vec<Spanned<String>>| {
                    list.iter().map(|n| n.get_ref().clone()).collect::<Vec<_>>()
                };
                let call = RollCall {
                    yes: names(&v.yes),
                    no: names(&v.no),
                    abstain: names(&v.abstain),
                };
                (
                    Tally {
                        yes: v.yes.len() as u64,
                        no: v.no.len() as u64,
                        abstain: v.abstain.len() as u64,
                    },
                    Some(call),
                )
            }
            (None, _) => {
                let mut t = Tally::default();
                for (slot, value, name) in [
                    (&mut t.yes, &res.yes, "yes"),
                    (&mut t.no, &res.no, "no"),
                    (&mut t.abstain, &res.abstain, "abstain"),
                ] {
                    if let Some(v) = value {
                        match cx.count(v, name) {
                            Some(n) => *slot = n,
                            None => ok = false,
                        }
                    }
                }
                if res.yes.is_none() && res.no.is_none() && res.abstain.is_none() {
                    cx.error(
                        "missing-field",
                        r,
                        crate::tr!("resolution has no vote: give yes, no and abstain, or a roll call (votes)", "这条决议没有表决情况：写上 yes、no、abstain，或记名表决 votes"),
                        crate::tr!("for example yes = 17, no = 2, abstain = 2", "例如 yes = 17, no = 2, abstain = 2"),
                    );
                    ok = false;
                }
                (t, None)
            }
        };
        let revoked_date = res.revoked.as_ref().and_then(|v| cx.date(v));
        ok &= res.revoked.is_none() || revoked_date.is_some();
        let by = res.revoked_by.clone().filter(|s| !s.trim().is_empty());
        let reason = res.revoked_reason.clone().filter(|s| !s.trim().is_empty());
        let revoked = match (revoked_date, by, reason) {
            (Some(date), Some(by), Some(reason)) => {
                if let (Some(v), Some(start)) = (&res.revoked, start) {
                    ok &= cx.not_before(
                        v,
                        (date, crate::tr!("the revocation date", "撤销日期")),
                        (start.date(), crate::tr!("the meeting", "会议日期")),
                    );
                }
                Some(Revocation { date, by, reason })
            }
            (None, None, None) => None,
            (date, by, reason) => {
                if res.revoked.is_none() || date.is_some() {
                    let missing: Vec<&str> = [
                        ("revoked", date.is_none()),
                        ("revoked_by", by.is_none()),
                        ("revoked_reason", reason.is_none()),
                    ]
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(f, _)| *f)
                    .collect();
                    let missing = missing.join(", ");
                    cx.error(
                        "missing-field",
                        r,
                        crate::tr!(
                            "a revoked resolution needs revoked, revoked_by and revoked_reason together; missing: {missing}",
                            "撤销的决议要同时写 revoked（日期）、revoked_by（撤销机关）和 revoked_reason（理由）；缺少：{missing}"
                        ),
                        crate::tr!(
                            "residents see who set it aside and why",
                            "居民要看到是谁撤销的、为什么撤销"
                        ),
                    );
                }
                ok = false;
                None
            }
        };
        resolutions.push(Resolution {
            topic: res.topic.as_ref().map(|t| t.get_ref().clone()),
            text: res.text.clone(),
            method: res.method.as_ref().map(|m| m.get_ref().clone()),
            tally,
            roll_call,
            revoked,
        });
    }
    let mut objections = Vec::new();
    for o in &raw.objections {
        let table = cx.span(o);
        let raw_o = o.get_ref();
        if raw.published.is_none() {
            cx.error(
                "objection",
                o,
                crate::tr!(
                    "an objection to results that were never posted: the meeting has no published date",
                    "会议没有写 published（公示日期）：结果没有公示，就没有对公示结果的异议"
                ),
                crate::tr!(
                    "write the day the results were posted as published, or record the opinion on the topic",
                    "写上结果公示的日期 published，或把这条意见记在议题里"
                ),
            );
            ok = false;
        }
        let received = cx.date(&raw_o.received);
        let replied = raw_o.replied.as_ref().and_then(|v| cx.date(v));
        ok &= received.is_some() && (raw_o.replied.is_none() || replied.is_some());
        if let (Some(received), Some(published)) = (received, published) {
            ok &= cx.not_before(
                &raw_o.received,
                (received, crate::tr!("the date received", "收到异议的日期")),
                (published, crate::tr!("the publication date", "公示日期")),
            );
        }
        if let (Some(v), Some(replied), Some(received)) = (&raw_o.replied, replied, received) {
            ok &= cx.not_before(
                v,
                (replied, crate::tr!("the reply date", "答复日期")),
                (received, crate::tr!("the date received", "收到异议的日期")),
            );
        }
        let answer = raw_o.answer.clone().filter(|a| !a.trim().is_empty());
        ok &= cx.reply_pair(
            table,
            raw_o.replied.is_some(),
            answer.is_some(),
            raw_o.outcome.is_some(),
        );
        let outcome = match &raw_o.outcome {
            Some(v) => {
                let found = ObjectionOutcome::ALL
                    .iter()
                    .find(|(_, l)| l == v.get_ref())
                    .map(|(o, _)| *o);
                if found.is_none() {
                    let allowed: Vec<&str> =
                        ObjectionOutcome::ALL.iter().map(|(_, l)| *l).collect();
                    cx.choice(v, "outcome", &allowed);
                    ok = false;
                }
                found
            }
            None => None,
        };
        let resolution = match &raw_o.resolution {
            Some(v) => match usize::try_from(*v.get_ref()) {
                Ok(n) if n >= 1 && n <= raw.resolutions.len() => Some(n - 1),
                _ => {
                    let count = raw.resolutions.len();
                    cx.error(
                        "unknown-ref",
                        v,
                        crate::tr!(
                            "resolution {n} does not exist: the meeting has {count}",
                            "没有第 {n} 条决议：这次会议共有 {count} 条";
                            n = v.get_ref()
                        ),
                        crate::tr!(
                            "count the meeting's [[resolutions]] from 1",
                            "按会议的 [[resolutions]] 从 1 开始数"
                        ),
                    );
                    ok = false;
                    None
                }
            },
            None => None,
        };
        if let Some(received) = received {
            objections.push(Objection {
                received,
                summary: raw_o.summary.clone(),
                resolution,
                replied,
                answer,
                outcome,
            });
        }
    }
    for topic in &raw.topics {
        if !is_valid_id(topic.get_ref()) {
            cx.error(
                "unknown-ref",
                topic,
                crate::tr!("\"{name}\" is not a topic id", "“{name}”不是议题的 id"; name = topic.get_ref()),
                crate::tr!("a topic id is the file name of content/topics/<id>.md without .md", "议题的 id 是 content/topics/<id>.md 的文件名，不含 .md"),
            );
            ok = false;
        }
    }
    let start = start?;
    let parties = raw.parties.as_ref().map(|p| Parties {
        organiser: p.organiser.clone(),
        stakeholders: p.stakeholders.clone(),
        third: p.third.clone(),
    });
    let meeting = Meeting {
        id: entry.id.clone(),
        path: entry.file.path.clone(),
        title: raw.title.clone(),
        kind: raw.kind.get_ref().clone(),
        start,
        place: raw.place.clone(),
        host: raw.host.clone(),
        recorder: raw.recorder.clone(),
        topics: raw.topics.iter().map(|t| t.get_ref().clone()).collect(),
        notified,
        published,
        expected,
        present,
        absent: raw.absent.clone(),
        attendees: raw.attendees.clone(),
        sign_in: raw.sign_in.as_ref().map(|s| s.get_ref().clone()),
        cancelled: raw.cancelled.clone().filter(|c| !c.trim().is_empty()),
        parties: parties.unwrap_or_default(),
        resolutions,
        objections,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, meeting))
}

/// Checks of a meeting that need today, the council and the known topics.
fn check_meeting(
    raw: &RawMeeting,
    meeting: &Meeting,
    entry: &RawEntry,
    today: NaiveDate,
    members: &BTreeSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let mut ok = true;
    // What happens after a meeting is recorded after it happened (spec 13.2, 13.5).
    for o in &raw.objections {
        let o = o.get_ref();
        if let Some(d) = cx.date(&o.received) {
            ok &= cx.not_after_today(
                &o.received,
                d,
                today,
                crate::tr!("received", "收到异议的日期"),
            );
        }
        if let Some(v) = &o.replied
            && let Some(d) = cx.date(v)
        {
            ok &= cx.not_after_today(v, d, today, crate::tr!("replied", "答复日期"));
        }
    }
    for r in &raw.resolutions {
        if let Some(v) = &r.get_ref().revoked
            && let Some(d) = cx.date(v)
        {
            ok &= cx.not_after_today(v, d, today, crate::tr!("revoked", "撤销日期"));
        }
    }
    let upcoming = meeting.start.date() > today;
    let cancelled = meeting.cancelled.is_some();
    if upcoming || cancelled {
        let (why, why_zh) = if cancelled {
            ("a cancelled meeting", "已取消的会议")
        } else {
            (
                "an upcoming meeting (it starts after today)",
                "尚未召开的会议（开始时间在今天之后）",
            )
        };
        let hint = if cancelled {
            crate::tr!(
                "a meeting that did not take place has no results; remove these fields or the cancelled reason",
                "没有召开的会议没有结果；删去这些字段，或删去取消原因"
            )
        } else {
            crate::tr!(
                "results are recorded after the meeting; check the start date, or build with --today",
                "结果在会后记录；检查开始时间，或用 --today 指定今天"
            )
        };
        if let Some(p) = &raw.present {
            cx.error(
                "upcoming-results",
                p,
                crate::tr!(
                    "{why} cannot have present",
                    "{why_zh}不能有 present（实到人数）"
                ),
                hint.clone(),
            );
            ok = false;
        }
        if let Some(p) = &raw.published {
            cx.error(
                "upcoming-results",
                p,
                crate::tr!(
                    "{why} cannot have published",
                    "{why_zh}不能有 published（公示日期）"
                ),
                hint.clone(),
            );
            ok = false;
        }
        if let Some(r) = raw.resolutions.first() {
            cx.error(
                "upcoming-results",
                r,
                crate::tr!("{why} cannot have resolutions", "{why_zh}不能有决议"),
                hint,
            );
            ok = false;
        }
        return ok;
    }
    // Held. Without expected or present the record is pending (spec 13.1): a warning that
    // time brings (timeliness_warnings), never an error — unless it has resolutions, whose
    // votes cannot be checked without attendance.
    if let Some(first) = raw.resolutions.first() {
        let span = cx.span(first);
        if raw.expected.is_none() {
            cx.error_at(
                "missing-field",
                span.clone(),
                crate::tr!("a meeting with resolutions needs expected (应到人数)", "有决议的会议必须写 expected（应到人数）"),
                crate::tr!("add expected = N, the number of people who should attend: a vote cannot be checked without it", "加上 expected = 人数：没有应到人数，表决无法核对"),
            );
            ok = false;
        }
        if raw.present.is_none() {
            cx.error_at(
                "missing-field",
                span,
                crate::tr!(
                    "a meeting with resolutions needs present (实到人数)",
                    "有决议的会议必须写 present（实到人数）"
                ),
                crate::tr!(
                    "add present = N, the number who attended: a vote cannot be checked without it",
                    "加上 present = 人数：没有实到人数，表决无法核对"
                ),
            );
            ok = false;
        }
    }
    if let (Some(e), Some(p), Some(ps)) = (meeting.expected, meeting.present, &raw.present)
        && p > e
    {
        cx.error(
            "count",
            ps,
            crate::tr!(
                "present ({p}) is more than expected ({e})",
                "实到人数（{p}）多于应到人数（{e}）"
            ),
            crate::tr!(
                "non-members who attended go in attendees, not in present",
                "列席的非委员写在 attendees 里，不计入 present"
            ),
        );
        ok = false;
    }
    if meeting.expected == Some(0)
        && let Some(e) = &raw.expected
    {
        cx.error(
            "count",
            e,
            crate::tr!(
                "expected is 0: a held meeting expects at least one participant",
                "应到人数是 0：召开的会议至少应有一人参加"
            ),
            crate::tr!(
                "write the number of people who should attend (应到)",
                "写应到会的人数"
            ),
        );
        ok = false;
    }
    let several = meeting.topics.len() > 1;
    // An attendee is written "role name" (物业经理 孙七): either the whole entry or its
    // last word may appear in a roll call.
    let attendee_names: BTreeSet<&str> = meeting
        .attendees
        .iter()
        .flat_map(|a| [a.as_str(), a.split_whitespace().last().unwrap_or(a)])
        .collect();
    for (raw_r, r) in raw.resolutions.iter().zip(&meeting.resolutions) {
        let cast = r
            .tally
            .yes
            .saturating_add(r.tally.no)
            .saturating_add(r.tally.abstain);
        if let Some(p) = meeting.present
            && cast > p
        {
            cx.error(
                "count",
                raw_r,
                crate::tr!(
                    "yes + no + abstain = {cast}, more than present ({p})",
                    "赞成 + 反对 + 弃权 = {cast}，多于实到人数（{p}）"
                ),
                crate::tr!("only people present can vote", "只有到会的人可以表决"),
            );
            ok = false;
        }
        if several && r.topic.is_none() {
            cx.error(
                "missing-field",
                raw_r,
                crate::tr!("this meeting has several topics: the resolution must name its topic", "这次会议有多个议题：每条决议要写明所属议题"),
                crate::tr!("add topic = \"…\", one of {topics}", "加上 topic = \"…\"，从这些议题中选：{topics}"; topics = meeting.topics.join(", ")),
            );
            ok = false;
        }
        if let Some(votes) = &raw_r.get_ref().votes {
            let v = votes.get_ref();
            let mut seen = BTreeSet::new();
            for name in v.yes.iter().chain(&v.no).chain(&v.abstain) {
                let n = name.get_ref();
                if !members.contains(n.as_str()) && !attendee_names.contains(n.as_str()) {
                    cx.error("roll-call", name, crate::tr!("\"{n}\" in the roll call is neither a council member nor a listed attendee", "记名表决中的“{n}”既不是议事委员会委员，也不在列席名单里"), crate::tr!("names must match council.toml members or this meeting's attendees exactly", "名字要和 council.toml 的委员或本次会议 attendees 完全一致"));
                    ok = false;
                } else if !seen.insert(n.clone()) {
                    cx.error(
                        "roll-call",
                        name,
                        crate::tr!(
                            "\"{n}\" votes twice in the roll call",
                            "“{n}”在记名表决中出现了两次"
                        ),
                        crate::tr!("each person votes once", "每人只能投一次"),
                    );
                    ok = false;
                }
            }
        }
    }
    ok
}

fn evaluation_from(
    entry: &RawEntry,
    diags: &mut Vec<Diagnostic>,
) -> Option<(RawEvaluation, Evaluation)> {
    let mut cx = Ctx {
        file: &entry.file,
        base: entry.front.start,
        diags,
    };
    let raw: RawEvaluation = cx.parse(entry.front_text())?;
    let mut ok = true;
    let year = i32::try_from(*raw.year.get_ref())
        .ok()
        .filter(|y| (1900..=9999).contains(y));
    if year.map(|y| y.to_string()) != Some(entry.id.clone()) {
        cx.error("evaluation-year", &raw.year, crate::tr!("year {year} does not match the file name {id}.md", "年份 {year} 和文件名 {id}.md 不一致"; year = raw.year.get_ref(), id = &entry.id), crate::tr!("an evaluation's file is content/evaluations/<year>.md; write year = {id} or rename the file", "年度评议的文件是 content/evaluations/<年份>.md；写 year = {id}，或给文件改名"; id = &entry.id));
        ok = false;
    }
    let date = cx.date(&raw.date);
    let respondents = raw
        .respondents
        .as_ref()
        .and_then(|r| cx.count(r, "respondents"));
    let ratings =
        |cx: &mut Ctx, s: &Spanned<i64>, b: &Spanned<i64>, u: &Spanned<i64>| -> Option<Ratings> {
            Some(Ratings {
                satisfied: cx.count(s, "satisfied")?,
                basic: cx.count(b, "basic")?,
                unsatisfied: cx.count(u, "unsatisfied")?,
            })
        };
    let overall = match &raw.overall {
        Some(o) => {
            let r = ratings(&mut cx, &o.satisfied, &o.basic, &o.unsatisfied);
            ok &= r.is_some();
            r
        }
        None => None,
    };
    let mut topics = Vec::new();
    for t in &raw.topics {
        match ratings(&mut cx, &t.satisfied, &t.basic, &t.unsatisfied) {
            Some(r) => topics.push(TopicRating {
                topic: t.topic.get_ref().clone(),
                ratings: r,
                comment: t.comment.clone(),
            }),
            None => ok = false,
        }
    }
    let (year, date) = (year?, date?);
    let evaluation = Evaluation {
        year,
        path: entry.file.path.clone(),
        date,
        meeting: raw.meeting.as_ref().map(|m| m.get_ref().clone()),
        method: raw.method.clone(),
        respondents,
        overall,
        topics,
        body: entry.body_text().to_string(),
        body_offset: entry.body.start,
    };
    ok.then_some((raw, evaluation))
}

fn page_from(entry: &RawEntry, diags: &mut Vec<Diagnostic>) -> Option<Page> {
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

/// What an `@/…` Markdown target points at, if it is well formed.
pub enum LinkTarget<'a> {
    /// `@/topics/<id>.md`
    Topic(&'a str),
    /// `@/meetings/<id>.md`
    Meeting(&'a str),
    /// `@/evaluations/<year>.md`
    Evaluation(&'a str),
    /// `@/pages/<id>.md`
    Page(&'a str),
    /// `@/attachments/…`
    Attachment(&'a str),
}

/// The attachment an `@/attachments/…` link names, given which paths exist: `#` starts a
/// fragment (`x.pdf#page=2`) unless the whole target, `#` and all, is the name of a file
/// (`照片#1.jpg`).
pub fn linked_attachment(target: &str, exists: impl Fn(&str) -> bool) -> Option<&str> {
    let whole = target.strip_prefix("@/")?;
    if whole.starts_with("attachments/") && whole.contains('#') && exists(whole) {
        return match parse_link(&format!("@/{}", whole.replace('#', "%23"))) {
            Some(LinkTarget::Attachment(_)) => Some(whole),
            _ => None,
        };
    }
    match parse_link(target)? {
        LinkTarget::Attachment(path) => Some(path),
        _ => None,
    }
}

/// Parses an `@/…` target. Paths that climb (`..`) are refused.
pub fn parse_link(target: &str) -> Option<LinkTarget<'_>> {
    let rest = target.strip_prefix("@/")?;
    let (path, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    if path
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.is_empty())
    {
        return None;
    }
    if path.starts_with("attachments/") {
        return Some(LinkTarget::Attachment(path));
    }
    let (folder, file) = path.split_once('/')?;
    let id = file.strip_suffix(".md")?;
    match folder {
        "topics" => Some(LinkTarget::Topic(id)),
        "meetings" => Some(LinkTarget::Meeting(id)),
        "evaluations" => Some(LinkTarget::Evaluation(id)),
        "pages" => Some(LinkTarget::Page(id)),
        _ => None,
    }
}

// ---------------------------------------------------------------- the whole repository

/// Validates a loaded repository.
/// Checks one entry by itself: personal data, its front matter, its body.
fn check_entry(entry: &RawEntry, site: &Site, today: NaiveDate, drafts: bool) -> EntryCheck {
    if !drafts && is_draft(entry) {
        return EntryCheck {
            parsed: Parsed::Draft,
            diagnostics: Vec::new(),
            links: Vec::new(),
            timeliness: Vec::new(),
        };
    }
    // Personal data (spec section 9): every file that is published, as a whole.
    let mut d = privacy::scan_record(privacy::Record::Entry(entry), &site.privacy_allow);
    d.extend(privacy::scan_record(
        privacy::Record::Name {
            path: &entry.file.path,
            name: &entry.id,
        },
        &site.privacy_allow,
    ));
    let mut parsed =
        match entry.kind {
            Kind::Topic => {
                topic_from(entry, &site.rules, today, &mut d).map(|t| Parsed::Topic(t.into()))
            }
            Kind::Meeting => meeting_from(entry, site, &mut d)
                .map(|(raw, m)| Parsed::Meeting(raw.into(), m.into())),
            Kind::Evaluation => evaluation_from(entry, &mut d)
                .map(|(raw, e)| Parsed::Evaluation(raw.into(), e.into())),
            Kind::Page => page_from(entry, &mut d).map(|p| Parsed::Page(p.into())),
        }
        // A rejected entry's body is still checked, so every problem shows at once.
        .unwrap_or(Parsed::Rejected);
    body_warnings(entry, &mut d);
    if let Some(span) = markdown::too_deep(entry.body_text()) {
        let at = entry.body.start;
        d.push(
            Diagnostic::error(
                "too-deep",
                &entry.file,
                at + span.start..at + span.end,
                crate::tr!(
                    "HTML elements here nest more than {limit} levels deep, which takes too long to publish safely",
                    "这里的 HTML 元素嵌套超过 {limit} 层，无法在合理时间内安全发布";
                    limit = markdown::MAX_HTML_DEPTH
                ),
            )
            .with_hint(crate::tr!(
                "close the tags you open (</div>, </ul>), or write the text in Markdown",
                "把打开的标签关上（</div>、</ul>），或改用 Markdown 写法"
            )),
        );
        parsed = Parsed::Rejected;
    }
    EntryCheck {
        timeliness: timeliness_warnings(entry, &parsed, &site.rules, today),
        parsed,
        diagnostics: d,
        links: markdown::internal_links(entry.body_text()),
    }
}

/// The settings and the site of a repository read from its site.toml alone, the records
/// unread: what `yishi new` needs (the vocabularies, and today in the site's zone). The
/// defaults when site.toml is missing or has errors.
pub fn site_settings(
    source: &dyn crate::input::source::Source,
    given: &Given,
) -> (Settings, Option<Site>) {
    let mut diags = Vec::new();
    let site = crate::input::load::read_text(source, "site.toml", &mut diags)
        .and_then(|file| validate_site(&file, &mut diags))
        .map(|(site, _)| site);
    match site {
        Some(site) => (Settings::resolve(given, &site), Some(site)),
        None => (Settings::without_site(given), None),
    }
}

/// Checks the loaded repository. With a [`EntryCache`] (`yishi serve`), entries checked before and
/// not forgotten since are taken from it and new checks are kept in it.
pub fn validate(loaded: &Loaded, options: &Options, memo: Option<&mut EntryCache>) -> Validated {
    let mut diags = loaded.diagnostics.clone();
    let site = loaded
        .site
        .as_ref()
        .and_then(|f| validate_site(f, &mut diags));
    let Some((site, _)) = site else {
        return Validated {
            model: None,
            settings: Settings::without_site(&options.given),
            diagnostics: diags,
            timeliness: Vec::new(),
        };
    };
    let settings = Settings::resolve(&options.given, &site);
    let today = settings.today;
    for file in loaded.site.iter().chain(loaded.council.iter()) {
        diags.extend(privacy::scan_record(
            privacy::Record::Toml(file),
            &site.privacy_allow,
        ));
    }
    let council = loaded
        .council
        .as_ref()
        .map(|f| validate_council(f, &mut diags));
    let council_ok = !matches!(council, Some(None));
    let council: Option<Vec<Member>> = council.flatten();
    let members: BTreeSet<&str> = council.iter().flatten().map(|m| m.name.as_str()).collect();

    // Each file is checked on its own, in parallel (or taken from the memo); results are
    // merged in file order so the output does not depend on scheduling.
    let mut memo = memo;
    if let Some(memo) = memo.as_deref_mut() {
        let context = (
            loaded
                .site
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default(),
            today,
            settings.drafts,
        );
        if memo.context.as_ref() != Some(&context) {
            *memo = EntryCache {
                context: Some(context),
                ..EntryCache::default()
            };
        }
    }
    let kept = memo.as_deref();
    let checked: Vec<(Arc<EntryCheck>, bool)> = loaded
        .entries
        .par_iter()
        .map(
            |entry| match kept.and_then(|m| m.entries.get(&entry.file.path)) {
                Some(check) => (check.clone(), false),
                None => (
                    Arc::new(check_entry(entry, &site, today, settings.drafts)),
                    true,
                ),
            },
        )
        .collect();
    if let Some(memo) = memo.as_deref_mut() {
        for (entry, (check, fresh)) in loaded.entries.iter().zip(&checked) {
            if *fresh {
                memo.entries.insert(entry.file.path.clone(), check.clone());
            }
        }
    }
    let addresses: Vec<usize> = checked
        .iter()
        .map(|(c, _)| Arc::as_ptr(c) as usize)
        .collect();
    let checked: Vec<(&RawEntry, &EntryCheck)> = loaded
        .entries
        .iter()
        .zip(checked.iter().map(|(c, _)| &**c))
        .collect();
    for (_, check) in &checked {
        let wanted = |d: &&Diagnostic| options.warnings || d.severity == Severity::Error;
        diags.extend(check.diagnostics.iter().filter(wanted).cloned());
    }

    // Every id that exists (valid or not), so one broken file does not make references
    // to it from other files fail too; drafts left out of the build are not there.
    let drafts: FxHashSet<(Kind, &str)> = checked
        .iter()
        .filter(|(_, c)| matches!(c.parsed, Parsed::Draft))
        .map(|(e, _)| (e.kind, e.id.as_str()))
        .collect();
    let mut known_ids = KnownIds {
        attachments: loaded.attachments.iter().map(String::as_str).collect(),
        ..KnownIds::default()
    };
    for (kind, id) in &loaded.found {
        if !drafts.contains(&(*kind, id.as_str())) {
            known_ids.of_kind(*kind).insert(id.as_str());
        }
    }
    known_ids.drafts = drafts;
    let known_ids = known_ids;

    let mut all_ok = council_ok;
    let (mut topics, mut meetings, mut evaluations, mut pages) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut timeliness = Vec::new();
    let universe = universe(loaded, &known_ids, &members, today);
    let mut linked: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (&(entry, check), &address) in checked.iter().zip(&addresses) {
        let kept = memo
            .as_deref()
            .and_then(|m| m.cross.get(&entry.file.path))
            .filter(|c| c.check == address && c.universe == universe)
            .cloned();
        let cross = match kept {
            Some(cross) => {
                diags.extend(cross.diagnostics.iter().cloned());
                cross
            }
            None => {
                let before = diags.len();
                let Some(ok) = cross_check(entry, check, &known_ids, &members, today, &mut diags)
                else {
                    continue; // a draft
                };
                let cross = CrossCheck {
                    check: address,
                    universe,
                    ok,
                    diagnostics: diags[before..].to_vec(),
                    linked: entry_links(check, &known_ids),
                };
                if let Some(memo) = memo.as_deref_mut() {
                    memo.cross.insert(entry.file.path.clone(), cross.clone());
                }
                cross
            }
        };
        if !cross.ok {
            all_ok = false;
            continue;
        }
        if options.warnings {
            timeliness.extend(check.timeliness.iter().cloned());
        }
        // The attachments this published record links: only those are published.
        linked.extend(cross.linked);
        match &check.parsed {
            Parsed::Topic(t) => topics.push(t.clone()),
            Parsed::Meeting(_, m) => meetings.push(m.clone()),
            Parsed::Evaluation(_, e) => evaluations.push(e.clone()),
            Parsed::Page(p) => pages.push(p.clone()),
            Parsed::Draft | Parsed::Rejected => {}
        }
    }
    let collisions = static_collisions(
        &loaded.static_files,
        ROOT_FILES,
        |first| RESERVED_IDS.contains(&first) || known_ids.pages.contains(first),
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
    all_ok &= collisions.is_empty();
    diags.extend(collisions);
    // File names are published text (the addresses of pages and files).
    for path in &loaded.attachments {
        let published = path.strip_prefix("attachments/").unwrap_or(path);
        let shown = format!("content/{path}");
        let found = privacy::scan_record(
            privacy::Record::Name {
                path: &shown,
                name: published,
            },
            &site.privacy_allow,
        );
        all_ok &= found.is_empty();
        diags.extend(found);
    }
    for path in &loaded.static_files {
        let shown = format!("static/{path}");
        let found = privacy::scan_record(
            privacy::Record::Name {
                path: &shown,
                name: path,
            },
            &site.privacy_allow,
        );
        all_ok &= found.is_empty();
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
            all_ok = false;
        }
    }

    if !all_ok {
        return Validated {
            model: None,
            settings,
            diagnostics: diags,
            timeliness: Vec::new(),
        };
    }
    // An attachment that only drafts link is part of those drafts: it is published with
    // the first published record that links it. (One that nothing links is published as
    // it is in the folder, as before: a community may keep documents there.)
    let draft_texts: Vec<&str> = checked
        .iter()
        .filter(|(_, c)| matches!(c.parsed, Parsed::Draft))
        .map(|(e, _)| e.file.text.as_str())
        .collect();
    let only_in_drafts =
        |path: &str| !linked.contains(path) && draft_texts.iter().any(|t| t.contains(path));
    let attachments: Vec<String> = loaded
        .attachments
        .iter()
        .filter(|path| !only_in_drafts(path))
        .cloned()
        .collect();
    let model = Model {
        site,
        council,
        topics,
        meetings,
        evaluations,
        pages,
        attachments,
        static_files: loaded.static_files.clone(),
    };
    Validated {
        model: Some(model),
        settings,
        diagnostics: diags,
        timeliness,
    }
}

/// What an entry may refer to, summed up: every id that exists (with drafts apart), the
/// attachments, the council's members and today. An entry's checks against the other files
/// are kept while it stays the same ([`EntryCache`]).
fn universe(loaded: &Loaded, known: &KnownIds, members: &BTreeSet<&str>, today: NaiveDate) -> u64 {
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
fn cross_check(
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
                if !known_ids.topics.contains(t.get_ref().as_str()) {
                    cx.error(
                            "unknown-ref",
                            t,
                            crate::tr!("topic \"{id}\" does not exist", "议题“{id}”不存在"; id = t.get_ref()),
                            draft_hint(Kind::Topic, t.get_ref()),
                        );
                    ok = false;
                }
            }
            if let Some(s) = &raw.sign_in
                && !known_ids.attachments.contains(s.get_ref().as_str())
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
            if let Some(m) = &raw.meeting
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
            let mut rated = BTreeSet::new();
            for t in &raw.topics {
                if !known_ids.topics.contains(t.topic.get_ref().as_str()) {
                    cx.error(
                            "unknown-ref",
                            &t.topic,
                            crate::tr!("topic \"{id}\" does not exist", "议题“{id}”不存在"; id = t.topic.get_ref()),
                            draft_hint(Kind::Topic, t.topic.get_ref()),
                        );
                    ok = false;
                } else if !rated.insert(t.topic.get_ref().as_str()) {
                    cx.error(
                            "duplicate-id",
                            &t.topic,
                            crate::tr!("topic \"{id}\" is rated twice", "议题“{id}”评议了两次"; id = t.topic.get_ref()),
                            crate::tr!("rate each topic once per evaluation", "每次年度评议中每个议题只评一次"),
                        );
                    ok = false;
                }
            }
            ok
        }
        Parsed::Page(_) => true,
    };
    ok &= check_links(&mut cx, entry, &check.links, known_ids);
    Some(ok)
}

/// The attachments an entry links: in its body, as photos of its progress reports, as a
/// meeting's sign-in sheet.
fn entry_links(check: &EntryCheck, known_ids: &KnownIds) -> Vec<String> {
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

/// Where a string value is written in the front matter: as it is, or — written with
/// escapes (`"attachments/\u0078.png"`) — the quoted string that decodes to it; else the
/// whole front matter.
fn find_in_front(entry: &RawEntry, needle: &str) -> Range<usize> {
    let front = entry.front_text();
    let shift = entry.front.start;
    if let Some(i) = front.find(needle) {
        return shift + i..shift + i + needle.len();
    }
    let mut at = 0;
    for line in front.split_inclusive('\n') {
        let mut rest = 0;
        while let Some(open) = line[rest..].find('"').map(|o| rest + o) {
            // The closing quote: the next one not escaped.
            let mut close = None;
            let mut escaped = false;
            for (k, c) in line[open + 1..].char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        close = Some(open + 1 + k);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(close) = close else { break };
            let literal = &line[open..=close];
            let decoded = toml::from_str::<toml::Table>(&format!("v = {literal}"))
                .ok()
                .and_then(|t| t.get("v").and_then(|v| v.as_str().map(str::to_string)));
            if decoded.as_deref() == Some(needle) {
                return shift + at + open..shift + at + close + 1;
            }
            rest = close + 1;
        }
        at += line.len();
    }
    entry.front.clone()
}

/// Every id a reference may point at, per kind, with the drafts left out of the build.
#[derive(Default)]
struct KnownIds<'a> {
    topics: FxHashSet<&'a str>,
    meetings: FxHashSet<&'a str>,
    evaluations: FxHashSet<&'a str>,
    pages: FxHashSet<&'a str>,
    attachments: FxHashSet<&'a str>,
    drafts: FxHashSet<(Kind, &'a str)>,
}

impl<'a> KnownIds<'a> {
    /// The ids of one kind.
    fn of_kind(&mut self, kind: Kind) -> &mut FxHashSet<&'a str> {
        match kind {
            Kind::Topic => &mut self.topics,
            Kind::Meeting => &mut self.meetings,
            Kind::Evaluation => &mut self.evaluations,
            Kind::Page => &mut self.pages,
        }
    }
    /// The hint for a reference to an attachment that is not there: the file whose name
    /// differs from it only in case or Unicode form (`Photo.JPG` for `photo.jpg`, an `é` typed
    /// as one character or two), else `otherwise`.
    fn attachment_hint(&self, path: &str, otherwise: Text) -> Text {
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
    fn missing_hint(&self, kind: Kind, id: &str) -> Text {
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

/// Warnings about a body that need no other file: raw HTML that will be removed, emphasis
/// that will not close.
fn body_warnings(entry: &RawEntry, diags: &mut Vec<Diagnostic>) {
    let body = entry.body.start;
    let file = &entry.file;
    for (span, html) in markdown::unsafe_html(entry.body_text()) {
        let shown: String = html.chars().take(60).collect();
        let message = if shown.starts_with('{') {
            crate::tr!(
                "heading attributes other than an id {{#…}} were removed: {shown}",
                "小标题中除 id {{#…}} 以外的属性已删除：{shown}"
            )
        } else {
            crate::tr!(
                "raw HTML outside the safe subset was removed: {shown}",
                "不安全的 HTML 已删除：{shown}"
            )
        };
        diags.push(
            Diagnostic::warning("raw-html", file, body + span.start..body + span.end, message)
                .with_hint(crate::tr!("scripts, event handlers (onclick=…), javascript: links, frames and forms are never published; write Markdown instead", "脚本、事件处理（onclick=…）、javascript: 链接、框架和表单都不会发布；请改用 Markdown 写法")),
        );
    }
    for span in markdown::literal_emphasis(entry.body_text()) {
        diags.push(
            Diagnostic::warning("cjk-emphasis", file, body + span.start..body + span.end, crate::tr!("** or __ will show as literal asterisks: emphasis does not close after Chinese punctuation", "** 或 __ 会原样显示成星号：中文标点后面的加粗没有闭合"))
                .with_hint(crate::tr!("move the punctuation outside (**注意**：正文) or add a space after the closing ** ", "把标点移到外面（**注意**：正文），或在结尾的 ** 后加一个空格")),
        );
    }
}

/// Checks that a body's `@/…` links point at entries and attachments that exist.
fn check_links(
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

/// Warnings of section 7 for staff about one entry: late publication, short notice, overdue
/// actions. They depend only on the entry, the rules and today, so they are made with the
/// entry's own check (and kept with it), and given when the records check without errors.
fn timeliness_warnings(
    entry: &RawEntry,
    parsed: &Parsed,
    rules: &Rules,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let file = &entry.file;
    let locate = |needle: &str| -> Range<usize> {
        let at = file.text.find(needle).unwrap_or(0);
        let end = file.text[at..]
            .find('\n')
            .map_or(file.text.len(), |i| at + i);
        at..end
    };
    // Each action's `id = "…"` line, found in one pass (a search per action would read a
    // topic of 10,000 actions 10,000 times).
    let action_lines = std::cell::OnceCell::new();
    let locate_action = |id: &str| -> Range<usize> {
        let lines: &std::collections::HashMap<&str, Range<usize>> =
            action_lines.get_or_init(|| {
                let mut at = 0;
                let mut found = std::collections::HashMap::new();
                for line in file.text.split_inclusive('\n') {
                    let trimmed = line.trim_start();
                    if let Some(rest) = trimmed.strip_prefix("id")
                        && let Some(value) = rest.trim_start().strip_prefix('=')
                        && let Some(quoted) = value.trim().strip_prefix('"')
                        && let Some(end) = quoted.find('"')
                    {
                        // From the quoted id to the end of the line, as the search for
                        // `"id"` found it.
                        let start = at + line.find('"').unwrap_or(0);
                        found
                            .entry(&quoted[..end])
                            .or_insert(start..at + line.trim_end_matches(['\n', '\r']).len());
                    }
                    at += line.len();
                }
                found
            });
        lines
            .get(id)
            .cloned()
            .unwrap_or_else(|| locate(&format!("\"{id}\"")))
    };
    let mut out = Vec::new();
    match parsed {
        Parsed::Meeting(_, meeting) => {
            let meeting_facts = crate::facts::meeting_facts(meeting, rules, today);
            if meeting_facts.record_pending {
                let due = meeting_facts
                    .publish_deadline
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let (missing, missing_zh) = match (meeting.expected, meeting.present) {
                    (None, None) => ("expected and present (应到、实到人数)", "应到、实到人数"),
                    (None, Some(_)) => ("expected (应到人数)", "应到人数"),
                    _ => ("present (实到人数)", "实到人数"),
                };
                let (when, when_zh) = if meeting_facts.late {
                    ("was due", "应在")
                } else {
                    ("is due", "应于")
                };
                let date = meeting.start.date();
                let message = if date == today {
                    crate::tr!(
                        "the meeting takes place today ({date}); its record (missing {missing}) is due by {due}",
                        "会议今天（{date}）召开，会议记录（缺少{missing_zh}）应于 {due} 前补录"
                    )
                } else {
                    crate::tr!(
                        "the meeting took place on {date}; its record (missing {missing}) {when} by {due}",
                        "会议已于 {date} 召开，会议记录（缺少{missing_zh}）{when_zh} {due} 前补录"
                    )
                };
                out.push(
                    Diagnostic::at(
                        Severity::Warning,
                        "record-pending",
                        file,
                        locate("start"),
                        message,
                    )
                    .with_hint(crate::tr!("write the record: add expected = N and present = N, the minutes and any resolutions; if the meeting did not take place, set cancelled = \"reason\". Until then the site says the record is still to come", "补写会议记录：加上 expected = 应到人数、present = 实到人数、会议记录和决议；如果会议没有召开，写 cancelled = \"原因\"。补录之前，网站会告诉居民记录待补")),
                );
            } else if meeting_facts.late {
                let deadline = meeting_facts
                    .publish_deadline
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                let days = rules.publish_within_days;
                let (needle, message) = match meeting.published {
                    Some(p) => (
                        "published",
                        crate::tr!(
                            "results published {p}, after the deadline {deadline} ({days} days after the meeting)",
                            "结果于 {p} 公示，晚于期限 {deadline}（会后 {days} 天内）"
                        ),
                    ),
                    None => (
                        "start",
                        crate::tr!(
                            "results not yet published; the deadline was {deadline}",
                            "结果尚未公示；公示期限是 {deadline}"
                        ),
                    ),
                };
                out.push(Diagnostic::at(Severity::Warning, "late-publication", file, locate(needle), message).with_hint(crate::tr!("post the results on the board and record the date in published = YYYY-MM-DD; the site shows residents that it was late", "在公示栏张贴结果，并写上 published = 公示日期；网站会如实告诉居民公示晚了")));
            }
            if meeting_facts.short_notice
                && let Some(n) = meeting.notified
            {
                let days = rules.notice_days;
                out.push(Diagnostic::at(Severity::Warning, "short-notice", file, locate("notified"), crate::tr!("participants were told on {n}, fewer than {days} days before the meeting", "{n} 才告知参会人员，距会议不足 {days} 天")).with_hint(crate::tr!("the rules ask for notice at least notice_days before; the site shows residents the short notice", "议事规则要求至少提前 notice_days 天告知；网站会如实告诉居民告知时间不足")));
            }
            for o in &meeting.objections {
                let f = crate::facts::objection_facts(
                    o,
                    meeting_facts.objection_deadline,
                    rules.reply_days,
                    today,
                );
                if f.reply_overdue {
                    let (received, due) = (o.received, f.reply_due);
                    out.push(
                        Diagnostic::at(
                            Severity::Warning,
                            "objection-unanswered",
                            file,
                            locate(&format!("received = {received}")),
                            crate::tr!(
                                "the objection received {received} is not answered; the answer was due {due}",
                                "{received} 收到的异议还没有答复；应在 {due} 前答复"
                            ),
                        )
                        .with_hint(crate::tr!(
                            "explain to the residents who objected, then record replied and answer; the site shows residents the objection is waiting",
                            "向提出异议的居民解释说明，然后写上 replied 和 answer；网站会如实告诉居民异议在等待答复"
                        )),
                    );
                }
            }
        }
        Parsed::Topic(topic) => {
            for report in &topic.reports {
                let f = crate::facts::report_facts(report, rules.report_reply_days, today);
                if f.reply_overdue {
                    let (kind, to, sent) = (report.kind.label(), &report.to, report.sent);
                    let days = f.days_waiting.unwrap_or(0);
                    out.push(
                        Diagnostic::at(
                            Severity::Warning,
                            "report-unanswered",
                            file,
                            locate(&format!("sent = {sent}")),
                            crate::tr!(
                                "the {kind} sent to {to} on {sent} has waited {days} days for an answer",
                                "{sent} 向{to}的{kind}已等待答复 {days} 天"
                            ),
                        )
                        .with_hint(crate::tr!(
                            "ask for the answer and record replied and answer; the site shows residents how long it has waited",
                            "催问答复，收到后写上 replied 和 answer；网站会如实告诉居民已等待多少天"
                        )),
                    );
                }
            }
            for action in &topic.actions {
                let action_facts = crate::facts::action_facts(action, today, rules.stale_days);
                if action_facts.over_budget
                    && let (Some(budget), Some(spent)) = (action.budget, action_facts.spent)
                {
                    let (budget, spent) = (budget.written(), spent.written());
                    out.push(
                        Diagnostic::at(
                            Severity::Warning,
                            "over-budget",
                            file,
                            locate_action(&action.id),
                            crate::tr!(
                                "action \"{id}\" has spent {spent} yuan of a budget of {budget}",
                                "落实事项“{id}”已花费 {spent} 元，超出预算 {budget} 元";
                                id = &action.id
                            ),
                        )
                        .with_hint(crate::tr!(
                            "explain the overspending in the report's note; the site shows residents the amount over budget",
                            "在进展报告的 note 里说明超支原因；网站会如实告诉居民超支的金额"
                        )),
                    );
                }
                if action_facts.status == crate::facts::ActionStatus::Overdue {
                    out.push(
                        Diagnostic::at(
                            Severity::Warning,
                            "overdue",
                            file,
                            locate_action(&action.id),
                            crate::tr!(
                                "action \"{id}\" was due {due} and is not completed ({progress}%)",
                                "落实事项“{id}”应于 {due} 完成，目前尚未完成（{progress}%）";
                                id = &action.id,
                                due = action.due,
                                progress = action_facts.progress
                            ),
                        )
                        .with_hint(crate::tr!(
                            "add a progress report, or record the completion with progress = 100",
                            "补充进展报告，或写 progress = 100 记录完成"
                        )),
                    );
                }
            }
        }
        _ => {}
    }
    out
}

/// Staff warnings that need every record and the facts: a proposal unanswered past
/// `answer_days` (13.9), a council member absent from `absence_limit` regular meetings in a
/// row (13.8). `check` and `build` add them to the problems.
pub fn cross_file_warnings(loaded: &Loaded, model: &Model, facts: &Facts) -> Vec<Diagnostic> {
    let rules = &model.site.rules;
    let mut out = Vec::new();
    let line_of = |file: &SourceFile, needle: &str| -> Range<usize> {
        let at = file.text.find(needle).unwrap_or(0);
        let end = file.text[at..]
            .find('\n')
            .map_or(file.text.len(), |i| at + i);
        at..end
    };
    for (topic, topic_facts) in model.topics.iter().zip(&facts.topics) {
        let (true, Some(days)) = (topic_facts.unanswered, topic_facts.days_waiting) else {
            continue;
        };
        let Some(entry) = loaded.entry(Kind::Topic, &topic.id) else {
            continue;
        };
        let limit = rules.answer_days;
        out.push(
            Diagnostic::at(
                Severity::Warning,
                "unanswered-topic",
                &entry.file,
                line_of(&entry.file, "raised"),
                crate::tr!(
                    "raised {days} days ago and not yet taken up, declined or put on a meeting (proposers are answered within {limit} days)",
                    "提出已 {days} 天，还没有确定议题、不予协商或列入会议（应在 {limit} 天内答复提出人）"
                ),
            )
            .with_hint(crate::tr!(
                "answer the proposer: record accepted = YYYY-MM-DD, or declined = \"reason\", or put it on a meeting",
                "答复提出人：写上 accepted = 确定议题的日期，或 declined = \"理由\"，或列入会议议程"
            )),
        );
    }
    if let (Some(council), Some(file)) = (&model.council, &loaded.council) {
        for (member, member_facts) in council.iter().zip(&facts.members) {
            if !member_facts.flagged {
                continue;
            }
            let (name, run) = (&member.name, member_facts.current_absence_run);
            let limit = rules.absence_limit;
            out.push(
                Diagnostic::at(
                    Severity::Warning,
                    "member-absent",
                    file,
                    line_of(file, &format!("\"{name}\"")),
                    crate::tr!(
                        "{name} has missed the last {run} regular meetings (the limit is {limit})",
                        "{name} 已连续 {run} 次未参加例会（上限 {limit} 次）"
                    ),
                )
                .with_hint(crate::tr!(
                    "members who keep missing meetings are to be re-elected or replaced (seed 003); the council page shows the absences",
                    "屡次未参加会议的成员，应按程序重新推选或增补；委员会页面会显示缺席情况"
                )),
            );
        }
    }
    out
}

/// The JSON Schemas (draft-07) of every file kind, generated from the structs the loader
/// reads, with the Chinese field descriptions: (file name, schema).
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    fn one<T: schemars::JsonSchema>() -> serde_json::Value {
        let schema = schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>();
        serde_json::to_value(schema).unwrap_or_default()
    }
    vec![
        ("site.schema.json", one::<RawSite>()),
        ("council.schema.json", one::<RawCouncil>()),
        ("topic.schema.json", one::<RawTopic>()),
        ("meeting.schema.json", one::<RawMeeting>()),
        ("evaluation.schema.json", one::<RawEvaluation>()),
        ("page.schema.json", one::<RawPage>()),
    ]
}

/// A TOML text as JSON, dates and times as strings, for checking it against a schema.
pub fn toml_as_json(text: &str) -> Option<serde_json::Value> {
    fn convert(v: &toml::Value) -> serde_json::Value {
        match v {
            toml::Value::String(s) => serde_json::Value::String(s.clone()),
            toml::Value::Integer(i) => serde_json::Value::from(*i),
            toml::Value::Float(f) => serde_json::Value::from(*f),
            toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
            toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
            toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(convert).collect()),
            toml::Value::Table(t) => {
                serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
            }
        }
    }
    let table: toml::Table = toml::from_str(text).ok()?;
    Some(convert(&toml::Value::Table(table)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_and_offsets() {
        assert_eq!(parse_fraction("2/3"), Some(Fraction { num: 2, den: 3 }));
        assert_eq!(parse_fraction("3/2"), None);
        assert_eq!(parse_fraction("1/0"), None);
        assert_eq!(parse_fraction("half"), None);
        assert_eq!(
            parse_offset("+08:00").map(|o| o.local_minus_utc()),
            Some(8 * 3600)
        );
        assert_eq!(
            parse_offset("-05:30").map(|o| o.local_minus_utc()),
            Some(-(5 * 3600 + 1800))
        );
        assert_eq!(parse_offset("08:00"), None);
    }

    #[test]
    fn nearest_vocabulary_value() {
        let cats: Vec<String> = ["公益事业", "工作部署", "矛盾纠纷", "自治制度", "其他"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(nearest("公益", &cats), Some("公益事业"));
        assert_eq!(nearest("公益事项", &cats), Some("公益事业"));
        assert_eq!(nearest("天气", &cats), None);
    }

    #[test]
    fn link_targets() {
        assert!(matches!(
            parse_link("@/topics/a.md"),
            Some(LinkTarget::Topic("a"))
        ));
        assert!(matches!(
            parse_link("@/attachments/2025/a.jpg"),
            Some(LinkTarget::Attachment("attachments/2025/a.jpg"))
        ));
        assert!(parse_link("@/../../etc/passwd").is_none());
        assert!(parse_link("@/attachments/../x").is_none());
        assert!(parse_link("@/other/x.md").is_none());
    }
}
