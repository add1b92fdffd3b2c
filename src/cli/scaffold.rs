//! `yishi new` and `yishi init`: files staff start from.
//!
//! A new entry is a filled-in skeleton that already passes `yishi check`: every field is
//! present with a short Chinese comment, vocabulary fields list their allowed values, and
//! `draft = true` keeps it off the public site until staff delete that line. Nothing is ever
//! overwritten.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::input::load::{is_valid_id, suggest_id};
use crate::model::Rules;

/// The kinds of entry `yishi new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// `content/topics/<name>.md`
    Topic,
    /// `content/meetings/<date>-<name>.md`
    Meeting,
    /// `content/evaluations/<year>.md`
    Evaluation,
    /// `content/supervision/<date>-<name>.md` (a report to the supervision committee)
    Supervision,
    /// `content/visits/<date>-<name>.md` (a visit to a grid's residents)
    Visit,
}

/// Why a skeleton was not written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The name cannot be a file id.
    #[error(
        "\"{0}\" is not a valid name: use ASCII lowercase letters, digits and - (for example {1})"
    )]
    BadName(String, String),
    /// The file is there already.
    #[error("{0} already exists; yishi never overwrites a file")]
    Exists(PathBuf),
    /// The folder for `init` is not empty.
    #[error("{0} is not empty; yishi init only writes into a new or empty folder")]
    NotEmpty(PathBuf),
    /// A file system error.
    #[error("{0}: {1}")]
    Io(PathBuf, io::Error),
}

impl ScaffoldError {
    /// The message in both languages (the English is the `Display` text).
    pub fn text(&self) -> crate::diagnostics::Text {
        let zh = match self {
            ScaffoldError::BadName(name, example) => {
                format!("“{name}”不能作文件名：只能用小写英文字母、数字和 -（例如 {example}）")
            }
            ScaffoldError::Exists(path) => {
                format!("{} 已经存在；yishi 不会覆盖已有的文件", path.display())
            }
            ScaffoldError::NotEmpty(path) => format!(
                "{} 不是空文件夹；yishi init 只在新的或空的文件夹里创建仓库",
                path.display()
            ),
            ScaffoldError::Io(path, e) => format!("{}：{e}", path.display()),
        };
        crate::diagnostics::Text {
            en: self.to_string(),
            zh,
        }
    }
}

fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join("、")
}

/// The path (relative to the root) and text of a new entry.
pub fn skeleton(
    kind: NewKind,
    name: &str,
    today: NaiveDate,
    rules: &Rules,
) -> Result<(String, String), ScaffoldError> {
    let categories = quoted_list(&rules.categories);
    let channels = quoted_list(&rules.channels);
    let kinds = quoted_list(&rules.meeting_kinds);
    let first = |v: &[String]| v.first().cloned().unwrap_or_default();
    match kind {
        NewKind::Topic => {
            check_name(name)?;
            let text = format!(
                r#"+++
# 议题（删除下面 draft 这一行即可在网站上公开）
draft = true
title = "请填写议题标题"            # 议题标题，一句话说清问题
category = "{category}"              # 类别，可选：{categories}
raised = {today}                     # 收集到问题的日期
channel = "{channel}"                # 收集渠道，可选：{channels}
raised_by = ""                       # 提出人：写群体或身份（如“3号楼居民”），不要写电话、身份证号
summary = ""                         # 一句话概要，显示在列表和公开栏
stakeholders = []                    # 利益相关方，如 ["物业服务企业", "有车居民代表"]
declined = ""                        # 不予协商时填写理由（三不议），否则留空
# accepted = {today}                 # 确定议题的日期（收集后 {answer_days} 天内答复提出人）

# 报街道、报批、备案或提请居民（代表）会议决定，每次写一段：
# [[reports]]
# kind = "报批"                      # 可选：报告、报批、备案、提请决定
# to = "街道办事处"
# sent = {today}
# replied = {today}                  # 收到答复后再写这两行
# answer = "同意……"

# 落实事项：决议通过后，每项工作写一段 [[actions]]（谁负责、谁执行，谁受益、谁监督）
# [[actions]]
# id = "register-cars"               # 事项编号：小写英文字母、数字和 -
# task = "登记小区全部居民家庭用车"
# owner = "社区居委会"               # 负责单位
# supervisor = "楼栋长代表"          # 监督人
# due = {due}                        # 完成期限
# budget = 6000                      # 预算（元，最多两位小数），可不写
# funding = "社区公益服务资金"       # 资金来源
#
# [[actions.updates]]                # 进展报告，按日期先后写
# date = {today}
# progress = 40                      # 完成百分比，0 到 100，只增不减
# note = "已登记 212 户"
# spent = 2000                       # 累计已花费（元），可不写
+++
## 问题表现

（写清楚问题是什么、影响了谁。）

## 原因

## 解决办法
"#,
                category = first(&rules.categories),
                channel = first(&rules.channels),
                due = today + chrono::Duration::days(30),
                answer_days = rules.answer_days,
            );
            Ok((format!("content/topics/{name}.md"), text))
        }
        NewKind::Meeting => {
            check_name(name)?;
            // A name that starts with a date (2026-12-03-parking) names the meeting's day;
            // otherwise the meeting is put a week ahead and the date leads the file name.
            let (date, id) = match leading_date(name) {
                Some(date) => (date, name.to_string()),
                None => {
                    let date = today + chrono::Duration::days(7);
                    (date, format!("{}-{name}", date.format("%Y-%m-%d")))
                }
            };
            // Told on time if there is still time; a meeting written up afterwards starts
            // from the latest day that would have been on time, for staff to correct.
            let notified = today.min(date - chrono::Duration::days(rules.notice_days));
            let notice_days = rules.notice_days;
            let publish_within_days = rules.publish_within_days;
            let text = format!(
                r#"+++
# 会议记录（删除下面 draft 这一行即可在网站上公开）
draft = true
title = "请填写会议名称"              # 会议名称
kind = "{kind}"                       # 会议类型，可选：{kinds}
start = {date}T19:00:00               # 时间：日期T时:分:秒
place = "社区协商议事室"               # 地点
host = ""                             # 主持人
recorder = ""                         # 记录人
topics = []                           # 协商的议题编号，如 ["2025-07-parking"]
notified = {notified}                 # 告知参会各方的日期（至少提前 {notice_days} 天）

# 开会以后再填写下面几项（会议开始之前不能填写）：
# expected = 25                       # 应到人数
# present = 21                        # 实到人数
# absent = ["赵六（病假）"]           # 缺席
# attendees = ["物业经理 孙七"]       # 列席的非委员
# published = {date}                  # 结果公示的日期（会后 {publish_within_days} 日内）
# sign_in = "attachments/签到簿.jpg"  # 签到簿扫描件，放在 content/attachments/ 下
#
# [[resolutions]]                     # 每条决议一段，逐条表决
# text = "决议内容"
# method = "举手表决"                 # 可选：举手表决、投票表决、一对一表决
# yes = 17                            # 赞成
# no = 2                              # 反对
# abstain = 2                         # 弃权
# 记名表决时不写票数，改写：votes = {{ yes = ["王建国"], no = [], abstain = [] }}
#
# 结果公示后，居民提出的异议和答复（解释说明），每件写一段：
# [[objections]]
# received = {date}                   # 收到异议的日期
# summary = "异议内容，不写姓名和联系方式"
# resolution = 1                      # 针对第几条决议，可不写
# replied = {date}                    # 答复后再写下面三行
# answer = "答复内容"
# outcome = "维持"                    # 可选：维持、修改、再协商
+++
## 会议议程

1. 

## 会议记录（陈述、询问、讨论、协商、结论）
"#,
                kind = first(&rules.meeting_kinds),
            );
            Ok((format!("content/meetings/{id}.md"), text))
        }
        NewKind::Evaluation => {
            let year: i32 = if name.is_empty() {
                today.year()
            } else {
                name.parse()
                    .map_err(|_| ScaffoldError::BadName(name.into(), today.year().to_string()))?
            };
            let text = format!(
                r#"+++
# 年度民主评议（删除下面 draft 这一行即可在网站上公开）
draft = true
year = {year}                         # 年份，与文件名相同
date = {today}                        # 评议日期
method = "问卷调查"                    # 评议方式
respondents = 0                       # 参评人数
# meeting = "{year}-12-20-annual-review"   # 召开评议的民主评议会的编号

[overall]                             # 对全年协商工作的总体评价（人数）
satisfied = 0                         # 满意
basic = 0                             # 基本满意
unsatisfied = 0                       # 不满意

# [[topics]]                          # 对单项协商成果的评议，每个议题一段
# topic = "2025-07-parking"
# satisfied = 98
# basic = 30
# unsatisfied = 8
# comment = "居民意见"
+++
## 年度工作报告

## 评议结论
"#
            );
            Ok((format!("content/evaluations/{year}.md"), text))
        }
        NewKind::Supervision => {
            // The quarter just ended: the one a report made today is usually about.
            let quarter = crate::model::Every::Quarter;
            let current = crate::facts::supervision::period_of(quarter, today);
            let period = crate::facts::supervision::period_of(
                quarter,
                crate::facts::add_days(current.start, -1),
            );
            let label = period.label;
            let id = if name.is_empty() {
                format!("{today}-report")
            } else {
                format!("{today}-{name}")
            };
            if !is_valid_id(&id) {
                return Err(ScaffoldError::BadName(name.into(), "quarter-report".into()));
            }
            let text = format!(
                r#"+++
# 向居务监督委员会报告决策执行情况（删除下面 draft 这一行即可在网站上公开）
draft = true
date = {today}                        # 报告日期
period = "{label}"                 # 报告期间：2025-Q1（季度）、2025-03（月）或 2025-H1（半年）
topics = []                           # 报告了执行情况的议题编号，如 ["2025-03-parking"]
# reported_by = "报告人"
# received_by = "接收人（监督委员会）"

# [opinion]                           # 监督委员会的书面意见（收到后再写）
# date = {today}
# text = "意见内容"
+++
## 执行情况

## 存在的问题和下一步安排
"#
            );
            Ok((format!("content/supervision/{id}.md"), text))
        }
        NewKind::Visit => {
            let id = if name.is_empty() {
                format!("{today}-visit")
            } else {
                format!("{today}-{name}")
            };
            if !is_valid_id(&id) {
                return Err(ScaffoldError::BadName(name.into(), "g1".into()));
            }
            let text = format!(
                r#"+++
# 入户走访记录（民情日志）（删除下面 draft 这一行即可在网站上公开）
draft = true
grid = "g1"                           # 走访的网格编号（见 site.toml 的 [[grids]]）
date = {today}                        # 走访日期
by = "走访人姓名"                      # 委员或工作人员，与 council.toml 完全一致
households = 0                        # 走访户数
opinions = 0                          # 听取的意见条数
topics = []                           # 这次提出或反馈的议题编号
feedback = false                      # 是否向网格群众反馈了此前议题的结果
+++
只写了解到的情况和意见，不写居民的姓名、门牌和电话。
"#
            );
            Ok((format!("content/visits/{id}.md"), text))
        }
    }
}

/// The date a meeting's file name starts with (`2026-12-03` or `2026-12-03-parking`).
fn leading_date(name: &str) -> Option<NaiveDate> {
    let head = name.get(..10)?;
    let rest = &name[10..];
    if !(rest.is_empty() || rest.starts_with('-')) {
        return None;
    }
    crate::settings::parse_date(head)
}

fn check_name(name: &str) -> Result<(), ScaffoldError> {
    if is_valid_id(name) {
        Ok(())
    } else {
        Err(ScaffoldError::BadName(name.into(), suggest_id(name)))
    }
}

/// Writes a file that must not exist yet.
pub fn write_new(root: &Path, rel: &str, text: &str) -> Result<PathBuf, ScaffoldError> {
    let path = root.join(rel);
    if path.exists() {
        return Err(ScaffoldError::Exists(path));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| ScaffoldError::Io(path.clone(), e))?;
    Ok(path)
}

/// The files of a new community repository, dated around `today`: one example of each kind
/// of record, so the first `yishi build` shows every part of the site. Replace them with
/// the community's own.
pub fn init_files(today: NaiveDate) -> Vec<(String, String)> {
    let day = |n: i64| today - chrono::Duration::days(n);
    let year = today.year();
    vec![
        (
            "site.toml".into(),
            "# 社区协商议事公开栏的设置。字段说明见 yishi 的 docs/content.md。\n\
             title = \"XX社区协商议事公开栏\"     # 网站标题\n\
             community = \"XX社区\"               # 社区名称\n\
             district = \"XX区XX街道\"            # 所属区、街道（可不填）\n\
             base_url = \"https://example.org/\" # 网站发布后的地址，订阅和二维码要用\n\
             language = \"zh-CN\"\n\n\
             [rules]\n\
             quorum = \"2/3\"          # 出席达到应到人数的三分之二以上方可表决\n\
             majority_of = \"present\" # 赞成票须超过实到人数的半数\n\
             publish_within_days = 7 # 会后几日内公示结果\n\
             posting_days = 7        # 公示期天数\n\
             notice_days = 3         # 会前几日告知\n\
             stale_days = 60         # 落实事项超过几天没有进展报告就标为“久未更新”\n\n\
             # 网格：按网格分片联系群众，每月至少入户走访一次（取消下面几行的 # 即可启用）。\n\
             # [[grids]]\n\
             # id = \"g1\"\n\
             # name = \"第一网格\"\n\
             # area = \"1—6 号楼\"\n\n\
             # 居务监督委员会：居委会定期报告决策执行情况（取消下面几行的 # 即可启用）。\n\
             # [supervision]\n\
             # committee = \"XX社区居务监督委员会\"\n\
             # since = 2026-01-01\n\n\
             # 归档：年底用 yishi archive 年份 生成年度归档，交社区档案室（取消下面几行的 # 即可启用）。\n\
             # [archive]\n\
             # fonds = \"全宗号\"                # 档案室给社区的全宗号\n\
             # creator = \"XX社区居民委员会\"     # 责任者\n\n\
             # 在线编辑：工作人员在浏览器或手机上打开网站的 admin/，用表单填写记录。\n\
             # 把 repo 改成本仓库（所有者/仓库名）；登录方式见 yishi 的 docs/deploy.md。\n\
             [editor]\n\
             backend = \"github\"   # github、gitlab 或 gitea（自建 Gitea/Forgejo）\n\
             repo = \"your-name/your-community\"\n\
             branch = \"main\"\n"
                .into(),
        ),
        (
            "content/council.toml".into(),
            format!(
                "# 协商议事委员会委员名单\n[[members]]\nname = \"张三\"\nrole = \"主任\"        # 主任、副主任、委员\nstanding = true       # 常务委员\naffiliation = \"社区党委书记\"\nsince = {}-01-01\n\n[[members]]\nname = \"李四\"\nrole = \"委员\"\nstanding = false\naffiliation = \"楼栋长代表\"\nsince = {}-01-01\n",
                year, year
            ),
        ),
        (
            "content/topics/stairwell-lights.md".into(),
            format!(
                "+++\n# 示例议题：换成本社区的议题\ntitle = \"楼道声控灯损坏，老人夜间上下楼不安全\"\ncategory = \"公益事业\"\nraised = {}\nchannel = \"入户走访\"\nraised_by = \"2号楼居民\"\nsummary = \"多个楼道夜间漆黑\"\n\n[[actions]]\nid = \"repair-lights\"\ntask = \"统一更换损坏的声控灯\"\nowner = \"物业服务企业\"\nsupervisor = \"楼栋长\"\ndue = {}\n\n[[actions.updates]]\ndate = {}\nprogress = 30\nnote = \"已登记损坏的灯 40 处\"\n+++\n入户走访中，多位居民反映楼道声控灯损坏。\n",
                day(30),
                today + chrono::Duration::days(60),
                day(5)
            ),
        ),
        (
            format!("content/meetings/{}-lights.md", day(10).format("%Y-%m-%d")),
            format!(
                "+++\n# 示例会议记录：换成本社区的会议\ntitle = \"关于维修楼道声控灯的协商议事委员会例会\"\nkind = \"协商议事委员会例会\"\nstart = {}T09:00:00\nplace = \"社区协商议事室\"\nhost = \"张三\"\nrecorder = \"李四\"\ntopics = [\"stairwell-lights\"]\nnotified = {}\npublished = {}\nexpected = 2\npresent = 2\n\n[[resolutions]]\ntext = \"物业服务企业统一更换损坏的声控灯，楼栋长监督\"\nmethod = \"举手表决\"\nyes = 2\nno = 0\nabstain = 0\n+++\n## 讨论\n\n委员们同意统一采购、统一更换。\n\n## 结论\n\n表决通过。\n",
                day(10),
                day(15),
                day(8)
            ),
        ),
        (
            format!("content/evaluations/{year}.md"),
            format!(
                "+++\n# 示例年度评议：年底评议后填写\nyear = {year}\ndate = {}\nmethod = \"问卷调查\"\nrespondents = 50\n\n[overall]\nsatisfied = 40\nbasic = 8\nunsatisfied = 2\n+++\n年度工作报告。\n",
                today
            ),
        ),
        (
            "content/pages/rules.md".into(),
            "+++\ntitle = \"协商议事规则\"\n+++\n在这里写本社区的协商议事规则、流程和公开制度。\n"
                .into(),
        ),
        // Git keeps no empty folder; this empty file keeps the attachments folder (yishi
        // never publishes it). What the folders are for is in README.md.
        ("content/attachments/.gitkeep".into(), String::new()),
        (
            "README.md".into(),
            "# 社区协商议事公开栏\n\n\
             这个仓库保存本社区的协商议事记录，`yishi build` 把它们生成公开网站（site/ 文件夹）。\n\n\
             - `site.toml`：社区名称、网址和议事规则\n\
             - `content/topics/`：议题，一个议题一个文件\n\
             - `content/meetings/`：会议记录，文件名以会议日期开头\n\
             - `content/evaluations/`：年度民主评议，文件名是年份\n\
             - `content/pages/`：议事规则等其他页面\n\
             - `content/attachments/`：照片、签到簿扫描件、PDF，按 attachments/… 的路径引用。\
             照片的拍摄位置等信息会自动去除；HEIC 照片请先导出为 JPEG。\n\
             - `static/`（可选）：原样放到网站根目录的文件，如 CNAME、网站验证文件\n\n\
             新建记录：`yishi new topic 名称`、`yishi new meeting 名称`。检查：`yishi check`。\n"
                .into(),
        ),
        // The built site, and the folders a build writes beside it until it swaps them in.
        (
            ".gitignore".into(),
            "site/\npublic/\narchive/\n.*.yishi-new-*/\n.*.yishi-old-*/\n".into(),
        ),
        (
            ".github/workflows/yishi.yml".into(),
            include_str!("../../docs/ci/github-actions.yml").into(),
        ),
        (
            ".gitlab-ci.yml".into(),
            include_str!("../../docs/ci/gitlab-ci.yml").into(),
        ),
    ]
}

/// Writes a new community repository into `dir`, which must be new or empty.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| ScaffoldError::Io(dir.to_path_buf(), e))?
            .next()
            .is_some()
    {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    init_files(today)
        .iter()
        .map(|(rel, text)| write_new(dir, rel, text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()
    }

    #[test]
    fn names_and_paths() {
        let rules = Rules::default();
        assert_eq!(
            skeleton(NewKind::Topic, "parking", d(), &rules).unwrap().0,
            "content/topics/parking.md"
        );
        assert_eq!(
            skeleton(NewKind::Meeting, "parking-vote", d(), &rules)
                .unwrap()
                .0,
            "content/meetings/2025-04-08-parking-vote.md"
        );
        assert_eq!(
            skeleton(NewKind::Evaluation, "2025", d(), &rules)
                .unwrap()
                .0,
            "content/evaluations/2025.md"
        );
        assert!(matches!(
            skeleton(NewKind::Topic, "停车", d(), &rules),
            Err(ScaffoldError::BadName(..))
        ));
        // A leading date is the meeting's day, in any year, and the name is kept.
        for (name, start, notified) in [
            ("2025-04-03-parking", "2025-04-03T19:00", "2025-03-31"),
            ("2026-01-20-parking", "2026-01-20T19:00", "2025-04-01"),
            ("2025-03-20", "2025-03-20T19:00", "2025-03-17"),
        ] {
            let (path, text) = skeleton(NewKind::Meeting, name, d(), &rules).unwrap();
            assert_eq!(path, format!("content/meetings/{name}.md"));
            assert!(text.contains(&format!("start = {start}")), "{text}");
            assert!(text.contains(&format!("notified = {notified}")), "{text}");
        }
        // Not a date: the day is a week ahead and leads the name.
        for name in [
            "2025-13-01-x",
            "2025-04-0x",
            "20250403-parking",
            "2025-04-03x",
        ] {
            let (path, _) = skeleton(NewKind::Meeting, name, d(), &rules).unwrap();
            assert_eq!(path, format!("content/meetings/2025-04-08-{name}.md"));
        }
        // The skeleton's comments follow the site's own rules.
        let strict = Rules {
            notice_days: 5,
            publish_within_days: 3,
            ..Rules::default()
        };
        let (_, text) = skeleton(NewKind::Meeting, "vote", d(), &strict).unwrap();
        assert!(
            text.contains("至少提前 5 天") && text.contains("会后 3 日内"),
            "{text}"
        );
        assert!(text.contains("notified = 2025-04-01"), "{text}");
        let (_, text) = skeleton(NewKind::Topic, "parking", d(), &rules).unwrap();
        assert!(
            text.contains("可选：\"公益事业\"、\"工作部署\"")
                && text.contains("raised = 2025-04-01")
        );
    }
}
