//! site.toml: its fields, and the site (rules, vocabularies, privacy allow list, address)
//! they make; and what `static/` may not replace.

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use super::reading::Ctx;
use super::values::{is_http_url, parse_fraction, parse_offset};
use crate::diagnostics::{Diagnostic, Severity, SourceFile, Text};
use crate::input::load::is_valid_id;
use crate::model::{
    Archive, Contact, Editor, EditorBackend, Every, Grid, Keep, Language, MajorityOf, Retention,
    Rules, Site, Supervision,
};
use crate::settings::Settings;

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

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSite {
    /// 标题
    #[schemars(with = "String")]
    pub(super) title: Spanned<String>,
    /// 社区名称
    #[schemars(with = "String")]
    pub(super) community: Spanned<String>,
    /// 所属区、街道
    pub(super) district: Option<String>,
    /// 公示的发布机构，默认为 社区名称 + 协商议事委员会；如“龙屋村村民委员会”
    pub(super) issuer: Option<String>,
    /// 网站地址（以 / 结尾），订阅、站点地图和二维码使用
    #[schemars(with = "Option<String>")]
    pub(super) base_url: Option<Spanned<String>>,
    /// 界面语言："zh-CN"（默认）或 "en"
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:language"))]
    pub(super) language: Option<Spanned<String>>,
    /// 时区，默认 "+08:00"
    #[schemars(with = "Option<String>")]
    pub(super) timezone: Option<Spanned<String>>,
    /// 固定“今天”的日期（示例或存档网站用）
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) today: Option<Spanned<Datetime>>,
    /// 自定义主题：themes/<名称>/
    #[schemars(with = "Option<String>")]
    pub(super) theme: Option<Spanned<String>>,
    /// 议事规则和词表
    pub(super) rules: Option<RawRules>,
    /// 个人信息检查的例外
    pub(super) privacy: Option<RawPrivacy>,
    /// 附件发布规则
    pub(super) attachments: Option<RawAttachments>,
    /// 居民反映意见、提出异议的地方：显示在每页页脚和每张公示单上
    pub(super) contact: Option<RawContact>,
    /// 在线编辑：工作人员在浏览器或手机上用表单填写记录（网站的 admin/）
    pub(super) editor: Option<RawEditor>,
    /// 网格：社区按网格分片联系群众
    #[serde(default)]
    #[schemars(with = "Vec<RawGrid>")]
    pub(super) grids: Vec<Spanned<RawGrid>>,
    /// 居务监督委员会：居委会定期向它报告决策执行情况
    #[schemars(with = "Option<RawSupervisionRules>")]
    pub(super) supervision: Option<Spanned<RawSupervisionRules>>,
    /// 归档：yishi archive 生成年度归档文件时用的全宗号和责任者
    #[schemars(with = "Option<RawArchive>")]
    pub(super) archive: Option<Spanned<RawArchive>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArchive {
    /// 全宗号（必填），如 "J108"：档号的第一段
    pub(super) fonds: Option<String>,
    /// 责任者（必填），如“幸福里社区居民委员会”
    pub(super) creator: Option<String>,
    /// 各类记录的保管期限："永久"、"30年" 或 "10年"
    pub(super) retention: Option<RawRetention>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRetention {
    /// 会议记录（默认 永久）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:retention"))]
    pub(super) meetings: Option<Spanned<String>>,
    /// 议题（默认 30年）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:retention"))]
    pub(super) topics: Option<Spanned<String>>,
    /// 评议（默认 永久）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:retention"))]
    pub(super) evaluations: Option<Spanned<String>>,
    /// 向监督委员会的报告（默认 30年）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:retention"))]
    pub(super) supervision: Option<Spanned<String>>,
    /// 入户走访记录（默认 10年）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:retention"))]
    pub(super) visits: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrid {
    /// 编号：小写英文字母、数字和 -，如 "g1"
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    /// 名称，如“第一网格”
    pub(super) name: String,
    /// 范围：居民熟悉的说法，如“1—6 号楼”
    pub(super) area: String,
    /// 从哪天起每月要走访（不写时从第一次走访的那个月起）
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) since: Option<Spanned<Datetime>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSupervisionRules {
    /// 监督委员会名称（必填），如“幸福里社区居务监督委员会”
    pub(super) committee: Option<String>,
    /// 监督委员会成员
    #[serde(default)]
    pub(super) members: Vec<String>,
    /// 多久报告一次：quarter（每季度，默认）、month（每月）或 half_year（每半年）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:supervision_every"))]
    pub(super) every: Option<Spanned<String>>,
    /// 从哪天起开始报告（必填）：从这天或之后开始的第一个期间起都要报告
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) since: Option<Spanned<Datetime>>,
    /// 期间结束后几天内报告（默认 15）
    #[schemars(with = "Option<i64>")]
    pub(super) report_within_days: Option<Spanned<i64>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEditor {
    /// 代码托管平台：github、gitlab 或 gitea（Forgejo 也写 gitea）
    #[schemars(with = "String", extend("x-yishi" = "choice:editor_backend"))]
    pub(super) backend: Spanned<String>,
    /// 仓库，如 "xingfuli/records"
    #[schemars(with = "String")]
    pub(super) repo: Spanned<String>,
    /// 分支，默认 "main"
    pub(super) branch: Option<String>,
    /// 自建 Gitea/Forgejo 或 GitLab 的地址（https），如 "https://git.example.gov.cn"
    #[schemars(with = "Option<String>")]
    pub(super) forge: Option<Spanned<String>>,
    /// OAuth 应用的 Client ID（Gitea、GitLab 登录用）
    pub(super) client_id: Option<String>,
    /// 登录中转服务的地址（https，GitHub 登录用），如 Sveltia CMS Authenticator
    #[schemars(with = "Option<String>")]
    pub(super) auth_relay: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContact {
    /// 反映意见的地点（必填），如“社区居委会一楼便民服务窗口”
    #[schemars(with = "String")]
    pub(super) office: Spanned<String>,
    /// 接待时间
    pub(super) hours: Option<String>,
    /// 办公电话（不写个人手机号）
    pub(super) phone: Option<String>,
    /// 意见箱位置
    pub(super) mailbox: Option<String>,
    /// 网上反映意见的地址（https）
    #[schemars(with = "Option<String>")]
    pub(super) online: Option<Spanned<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAttachments {
    /// 按原样发布（不清除元数据）的其他文件类型的扩展名，如 ["docx", "xlsx"]
    pub(super) publish_as_is: Option<Vec<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPrivacy {
    /// 本来就公开的号码（如服务热线），不当作个人信息
    pub(super) allow: Option<Vec<String>>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRules {
    /// 法定人数：实到 ≥ 应到 × a/b，如 "2/3"
    #[schemars(with = "Option<String>")]
    pub(super) quorum: Option<Spanned<String>>,
    /// 过半数的基数："present"（实到）、"cast"（投票总数）或 "expected"（应到）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:majority_of"))]
    pub(super) majority_of: Option<Spanned<String>>,
    /// 会后几日内公示结果
    #[schemars(with = "Option<i64>")]
    pub(super) publish_within_days: Option<Spanned<i64>>,
    /// 公示期天数
    #[schemars(with = "Option<i64>")]
    pub(super) posting_days: Option<Spanned<i64>>,
    /// 会前至少几日告知
    #[schemars(with = "Option<i64>")]
    pub(super) notice_days: Option<Spanned<i64>>,
    /// 多少天没有进展报告算“久未更新”
    #[schemars(with = "Option<i64>")]
    pub(super) stale_days: Option<Spanned<i64>>,
    /// 必须定期召开的会议类型
    #[schemars(with = "Option<Vec<String>>", extend("x-yishi" = "vocabulary:meeting_kinds"))]
    pub(super) regular_kinds: Option<Vec<Spanned<String>>>,
    /// 定期召开的周期："quarter"（每季度）或 "month"（每月）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:regular_every"))]
    pub(super) regular_every: Option<Spanned<String>>,
    /// 结果公示后几日内可以提出异议（默认等于 posting_days）
    #[schemars(with = "Option<i64>")]
    pub(super) objection_days: Option<Spanned<i64>>,
    /// 收到异议后几日内答复（默认 15）
    #[schemars(with = "Option<i64>")]
    pub(super) reply_days: Option<Spanned<i64>>,
    /// 向街道报告、报批后几日内应有答复（默认 30）
    #[schemars(with = "Option<i64>")]
    pub(super) report_reply_days: Option<Spanned<i64>>,
    /// 收集到议题后几日内答复提出人（默认 30）
    #[schemars(with = "Option<i64>")]
    pub(super) answer_days: Option<Spanned<i64>>,
    /// 工作完成后几日内评议（默认 90）
    #[schemars(with = "Option<i64>")]
    pub(super) evaluate_within_days: Option<Spanned<i64>>,
    /// 走访网格的频率：目前只能是 month（每月至少一次）
    #[schemars(with = "Option<String>", extend("x-yishi" = "choice:visit_every"))]
    pub(super) visit_every: Option<Spanned<String>>,
    /// 从哪天起完成的工作要评议（可不写；多年历史的社区用）
    #[schemars(with = "Option<String>", extend("x-yishi" = "date"))]
    pub(super) evaluate_since: Option<Spanned<Datetime>>,
    /// 表决结果只作参考（倾向性意见）的会议类型（默认 民情恳谈会、民主听证会）
    #[schemars(with = "Option<Vec<String>>", extend("x-yishi" = "vocabulary:meeting_kinds"))]
    pub(super) advisory_kinds: Option<Vec<Spanned<String>>>,
    /// 委员连续几次缺席例会要提醒（默认 3）
    #[schemars(with = "Option<i64>")]
    pub(super) absence_limit: Option<Spanned<i64>>,
    /// 议题类别词表
    pub(super) categories: Option<Vec<String>>,
    /// 会议类型词表
    pub(super) meeting_kinds: Option<Vec<String>>,
    /// 议题收集渠道词表
    pub(super) channels: Option<Vec<String>>,
}

pub(super) fn validate_site(
    file: &SourceFile,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Site, Option<NaiveDate>)> {
    let mut cx = Ctx {
        file,
        base: 0,
        diags,
    };
    let raw: RawSite = cx.parse(&file.text)?;
    let mut ok = true;
    let rules = match raw.rules {
        Some(r) => {
            let (rules, fine) = rules_from(&mut cx, r);
            ok &= fine;
            rules
        }
        None => Rules::default(),
    };
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
    let editor = match raw.editor {
        Some(e) => {
            let (editor, fine) = editor_from(&mut cx, e);
            ok &= fine;
            editor
        }
        None => None,
    };
    let supervision = match &raw.supervision {
        Some(table) => {
            let found = supervision_from(&mut cx, table);
            ok &= found.is_some();
            found
        }
        None => None,
    };
    let archive = match &raw.archive {
        None => None,
        Some(table) => {
            let found = archive_rules(&mut cx, table);
            ok &= found.is_some();
            found
        }
    };
    let (grids, fine) = grids_from(&mut cx, &raw.grids);
    ok &= fine;
    let contact = match raw.contact {
        Some(c) => {
            let (contact, fine) = contact_from(&mut cx, c);
            ok &= fine;
            Some(contact)
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
    let community = raw.community.get_ref().clone();
    let issuer = raw
        .issuer
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| match language {
            Language::ZhCn => format!("{community}协商议事委员会"),
            Language::En => format!("{community} Deliberation Council"),
        });
    let site = Site {
        archive,
        grids,
        supervision,
        editor,
        issuer,
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

/// site.toml's `[rules]` over the defaults (section 2), every bad value reported; with
/// whether all were good.
fn rules_from(cx: &mut Ctx<'_>, r: RawRules) -> (Rules, bool) {
    let mut rules = Rules::default();
    let mut ok = true;
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
        (
            "evaluate_within_days",
            &r.evaluate_within_days,
            &mut rules.evaluate_within_days,
        ),
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
    if let Some(v) = &r.visit_every
        && v.get_ref() != "month"
    {
        cx.choice(v, "visit_every", &["month"]);
        ok = false;
    }
    if let Some(v) = &r.evaluate_since {
        match cx.date(v) {
            Some(d) => rules.evaluate_since = Some(d),
            None => ok = false,
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
    (rules, ok)
}

/// site.toml's `[editor]` (the form editor's repository and sign-in), every bad value
/// reported; with whether all were good.
fn editor_from(cx: &mut Ctx<'_>, e: RawEditor) -> (Option<Editor>, bool) {
    let mut ok = true;
    let backend = EditorBackend::ALL
        .iter()
        .find(|(_, l)| l == e.backend.get_ref())
        .map(|(b, _)| *b);
    if backend.is_none() {
        let allowed: Vec<&str> = EditorBackend::ALL.iter().map(|(_, l)| *l).collect();
        cx.choice(&e.backend, "backend", &allowed);
        ok = false;
    }
    let repo = e.repo.get_ref().trim().to_string();
    if repo.split('/').filter(|p| !p.is_empty()).count() < 2 {
        cx.error(
            "editor",
            &e.repo,
            crate::tr!(
                "repo \"{repo}\" is not owner/name",
                "repo“{repo}”不是“所有者/仓库名”的形式"
            ),
            crate::tr!(
                "write the repository as it appears in its address, such as \"xingfuli/records\"",
                "按仓库地址里的写法填写，如 \"xingfuli/records\""
            ),
        );
        ok = false;
    }
    for (field, value) in [("forge", &e.forge), ("auth_relay", &e.auth_relay)] {
        if let Some(v) = value
            && !v.get_ref().starts_with("https://")
        {
            cx.error(
                "editor",
                v,
                crate::tr!(
                    "{field} must be an https address",
                    "{field} 必须是 https 地址"
                ),
                crate::tr!(
                    "sign-in sends passwords and tokens: only https is safe",
                    "登录要传送密码和令牌，只能用 https"
                ),
            );
            ok = false;
        }
    }
    let editor = backend.map(|backend| Editor {
        backend,
        repo,
        branch: e
            .branch
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| "main".to_string()),
        forge: e
            .forge
            .map(|f| f.into_inner().trim_end_matches('/').to_string()),
        client_id: e.client_id.filter(|c| !c.trim().is_empty()),
        auth_relay: e.auth_relay.map(|a| a.into_inner()),
    });
    (editor, ok)
}

/// site.toml's `[supervision]` (14.1): the committee reports are owed to, how often, from
/// when and within how many days; none when a value is missing or bad (each reported).
fn supervision_from(cx: &mut Ctx<'_>, table: &Spanned<RawSupervisionRules>) -> Option<Supervision> {
    let t = table.get_ref();
    let mut fine = true;
    let committee = t
        .committee
        .as_ref()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    for (field, missing) in [
        ("committee", committee.is_none()),
        ("since", t.since.is_none()),
    ] {
        if missing {
            cx.error(
                "missing-field",
                table,
                crate::tr!(
                    "[supervision] needs {field}",
                    "[supervision] 必须写 {field}"
                ),
                crate::tr!(
                    "write committee = \"…居务监督委员会\" and since = YYYY-MM-DD, the day reports are owed from",
                    "写上 committee = \"……居务监督委员会\" 和 since = 开始报告的日期"
                ),
            );
            fine = false;
        }
    }
    let every = match &t.every {
        None => Some(Every::Quarter),
        Some(v) => {
            let found = Every::ALL
                .iter()
                .find(|(_, l)| l == v.get_ref())
                .map(|(e, _)| *e);
            if found.is_none() {
                let allowed: Vec<&str> = Every::ALL.iter().map(|(_, l)| *l).collect();
                cx.choice(v, "every", &allowed);
            }
            found
        }
    };
    let since = t.since.as_ref().and_then(|d| cx.date(d));
    let within = match &t.report_within_days {
        None => Some(15),
        Some(v) if (0..=3650).contains(v.get_ref()) => Some(*v.get_ref()),
        Some(v) => {
            cx.error(
                "rules",
                v,
                crate::tr!(
                    "report_within_days must be a number of days from 0 to 3650",
                    "report_within_days 必须是 0 到 3650 之间的天数"
                ),
                Text::default(),
            );
            None
        }
    };
    match (fine, committee, every, since, within) {
        (true, Some(committee), Some(every), Some(since), Some(report_within_days)) => {
            Some(Supervision {
                committee,
                members: t
                    .members
                    .iter()
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect(),
                every,
                since,
                report_within_days,
            })
        }
        _ => None,
    }
}

/// site.toml's `[[grids]]` (14.2), each with a good and unique id, a name and an area; with
/// whether all were good (a bad one is left out).
fn grids_from(cx: &mut Ctx<'_>, raw_grids: &[Spanned<RawGrid>]) -> (Vec<Grid>, bool) {
    let mut grids: Vec<Grid> = Vec::new();
    let mut ok = true;
    for g in raw_grids {
        let raw_g = g.get_ref();
        let id = raw_g.id.get_ref().clone();
        if !is_valid_id(&id) {
            cx.error(
                "bad-id",
                &raw_g.id,
                crate::tr!(
                    "grid id \"{id}\" is not a valid id",
                    "网格编号“{id}”不合规定"
                ),
                crate::tr!(
                    "use ASCII lowercase letters, digits and - only, such as \"g1\"",
                    "只用小写英文字母、数字和 -，例如 \"g1\""
                ),
            );
            ok = false;
            continue;
        }
        if grids.iter().any(|x| x.id == id) {
            cx.error(
                "duplicate-id",
                &raw_g.id,
                crate::tr!("grid id \"{id}\" is used twice", "网格编号“{id}”用了两次"),
                crate::tr!("give each grid its own id", "每个网格用不同的编号"),
            );
            ok = false;
            continue;
        }
        for (field, value) in [("name", &raw_g.name), ("area", &raw_g.area)] {
            if value.trim().is_empty() {
                cx.error(
                    "missing-field",
                    g,
                    crate::tr!("the grid's {field} is empty", "网格的 {field} 是空的"),
                    crate::tr!(
                        "write its name (第一网格) and what it covers as residents know it (1—6 号楼)",
                        "写上网格名称（第一网格）和居民熟悉的范围（1—6 号楼）"
                    ),
                );
                ok = false;
            }
        }
        let since = match &raw_g.since {
            Some(v) => {
                let d = cx.date(v);
                ok &= d.is_some();
                d
            }
            None => None,
        };
        grids.push(Grid {
            id,
            name: raw_g.name.trim().to_string(),
            area: raw_g.area.trim().to_string(),
            since,
        });
    }
    (grids, ok)
}

/// site.toml's `[contact]`: where and how residents reach the council; with whether the
/// office is named and the online form is an https address.
fn contact_from(cx: &mut Ctx<'_>, c: RawContact) -> (Contact, bool) {
    let mut ok = true;
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
    let contact = Contact {
        office: c.office.into_inner().trim().to_string(),
        hours: c.hours,
        phone: c.phone,
        mailbox: c.mailbox,
        online: c.online.map(|u| u.into_inner().trim().to_string()),
    };
    (contact, ok)
}

/// A warning that base_url is missing, so the feed and sitemap are left out.
pub fn base_url_note(settings: &Settings) -> Option<Diagnostic> {
    settings.base_url.is_none().then(|| {
        Diagnostic::whole_file(
            Severity::Warning,
            "no-base-url",
            "site.toml",
            crate::tr!(
                "base_url is not set: feed.xml and sitemap.xml are left out",
                "没有设置 base_url：不生成 feed.xml 和 sitemap.xml（二维码也需要它）"
            ),
        )
        .with_hint(crate::tr!(
            "add base_url = \"https://…/\" to site.toml, or pass --base-url",
            "在 site.toml 里加上 base_url = \"https://…/\"，或用 --base-url 指定"
        ))
    })
}

/// `[archive]` read: its two required fields and the retention of each kind (14.4); `None`
/// after an error, which `cx` holds.
fn archive_rules(cx: &mut Ctx<'_>, table: &Spanned<RawArchive>) -> Option<Archive> {
    let t = table.get_ref();
    let given = |v: &Option<String>| {
        v.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let (fonds, creator) = (given(&t.fonds), given(&t.creator));
    for (field, missing) in [("fonds", fonds.is_none()), ("creator", creator.is_none())] {
        if missing {
            cx.error(
                "missing-field",
                table,
                crate::tr!("[archive] needs {field}", "[archive] 必须写 {field}"),
                crate::tr!(
                    "write fonds = \"…\", the fonds number the archive room gave the community, and creator = \"…居民委员会\", the body that made the records",
                    "写上 fonds = \"……\"（档案室给社区的全宗号）和 creator = \"……居民委员会\"（责任者）"
                ),
            );
        }
    }
    let mut retention = Retention::default();
    let mut fine = true;
    if let Some(r) = &t.retention {
        let allowed: Vec<&str> = Keep::ALL.iter().map(|(_, l, _)| *l).collect();
        for (field, value, slot) in [
            ("meetings", &r.meetings, &mut retention.meetings),
            ("topics", &r.topics, &mut retention.topics),
            ("evaluations", &r.evaluations, &mut retention.evaluations),
            ("supervision", &r.supervision, &mut retention.supervision),
            ("visits", &r.visits, &mut retention.visits),
        ] {
            let Some(v) = value else { continue };
            match Keep::ALL.iter().find(|(_, l, _)| l == v.get_ref()) {
                Some((keep, _, _)) => *slot = *keep,
                None => {
                    cx.choice(v, field, &allowed);
                    fine = false;
                }
            }
        }
    }
    Some(Archive {
        fonds: fonds?,
        creator: creator?,
        retention,
    })
    .filter(|_| fine)
}
