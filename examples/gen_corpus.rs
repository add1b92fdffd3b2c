//! A deterministic synthetic community for benchmarks: N topics, about two meetings each
//! (a 民情恳谈会 and a 民主议事会 with a resolution), one or two actions with progress reports,
//! an evaluation a year — with bodies like the records staff write. With `--hugo DIR` it
//! also writes a Hugo site holding the same Markdown as one page per topic and meeting, with
//! a minimal theme, so both engines build the same number of pages of the same text.
//!
//! Two shapes (`--shape`), so that an optimisation fitted to one corpus shows on the other:
//! - `minutes` (default): long minutes — several headed sections (陈述, 询问, 讨论, 结论),
//!   bullet lists of speakers (“居民代表3：…”), a table of options with small vote counts, a
//!   table of households per building, dates, room numbers (`3-2-501`), amounts in yuan, a
//!   Chinese paragraph followed by an English sentence, a photo in one body in six;
//! - `notes`: short notices and work logs — no headings or one, bold labels (**时间**：…),
//!   numbered lists, links between records, a quoted resident, long runs of figures, more
//!   meetings per topic with more resolutions (one in three by roll call of the council),
//!   twice the photos.
//!
//! Revision 3's records come in the proportions of a real community of its size: eight grids
//! visited about monthly (a month missed now and then) by their council member or a 网格员,
//! quarterly reports to the supervision committee (one quarter missed, some late, some with
//! an opinion), a project evaluation for one finished topic in eight (a third-party one
//! in four), a grid on one topic in three, and `[archive]`. `--no-rev3` leaves them out, so a
//! commit from before revision 3 can build the corpus too (bench/compare.sh: `GEN_FLAGS`);
//! they draw from a generator of their own, so the rest of the corpus is the same either way.
//!
//! cargo run --release --example gen_corpus -- N OUT_DIR [--hugo HUGO_DIR] [--shape minutes|notes] [--no-rev3]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A small deterministic generator (SplitMix64): the same N gives the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const CATEGORIES: &[&str] = &["公益事业", "工作部署", "矛盾纠纷", "自治制度", "其他"];
const CHANNELS: &[&str] = &[
    "民情家访",
    "入户走访",
    "热线电话",
    "微信公众号",
    "QQ群",
    "问卷调查",
    "会议提出",
];
const PLACES: &[&str] = &[
    "社区协商议事室",
    "社区服务中心一楼大厅",
    "社区广场",
    "3 号楼前广场",
];
const SUBJECTS: &[&str] = &[
    "停车难",
    "楼道声控灯损坏",
    "路面破损",
    "冬季取暖差",
    "垃圾分类投放点",
    "文明养犬",
    "广场舞噪音",
    "加装电梯",
    "雨污管道堵塞",
    "物业服务费调整",
    "老年助餐点",
    "电动自行车充电",
    "绿化带荒废",
    "健身器材损坏",
    "违章搭建",
];
const OWNERS: &[&str] = &[
    "社区居委会",
    "物业服务企业",
    "区市政局",
    "区园林局",
    "业主委员会",
    "楼栋长",
];
const SENTENCES: &[&str] = &[
    "居民反映问题已持续较长时间，夜间尤其明显，老人和孩子出行不便。",
    "社区通过入户走访和微信公众号收集意见，共收到建议数十条。",
    "物业服务企业表示愿意配合，但经费来源需要进一步协商。",
    "有车居民和无车居民意见不一，需要兼顾各方利益。",
    "区职能部门派员参加协商，介绍了相关政策和补贴标准。",
    "与会代表逐项讨论，提出了分步实施、先易后难的办法。",
    "协商议事委员会将跟踪落实情况，按月公开进展。",
    "居民代表要求施工期间保留消防通道，并公示负责人。",
];

fn date(days_from_2026: u64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    (base + chrono::Duration::days(days_from_2026 as i64))
        .format("%Y-%m-%d")
        .to_string()
}

const SPEAKERS: &[&str] = &[
    "居民代表",
    "楼栋长",
    "物业经理孙七",
    "社区党委书记王建国",
    "业委会主任赵德明",
    "区市政局工作人员",
    "律师顾问周敏",
];
const SAYINGS: &[&str] = &[
    "希望尽快解决，夜里回家没有灯，老人上下楼很危险。",
    "费用怎么分摊要说清楚，按户数还是按面积，大家意见不一。",
    "施工期间请保留消防通道，并在楼下公示负责人和电话。",
    "同意方案，但要先做一期试点，看看效果再推开。",
    "建议把预算明细贴在公告栏，接受大家监督。",
    "物业可以配合，但需要社区协调专项资金。",
];
const ENGLISH: &[&str] = &[
    "The property company agreed to repaint the parking lines before May.",
    "Residents asked for the budget to be posted on the notice board.",
    "A follow-up meeting will review the first month of the pilot.",
];

/// The body of a record as staff write it, in the corpus's shape.
fn body(rng: &mut Rng, shape: Shape, sections: usize, day: u64) -> String {
    match shape {
        Shape::Minutes => minutes(rng, sections, day),
        Shape::Notes => notes(rng, day),
    }
}

/// Long minutes: headed sections, speakers, tables of numbers, dates, rooms, amounts.
fn minutes(rng: &mut Rng, sections: usize, day: u64) -> String {
    let mut out = String::new();
    let when = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
        + chrono::Duration::days(day as i64);
    for (i, heading) in ["情况陈述", "询问与讨论", "协商方案", "结论"]
        .iter()
        .take(sections)
        .enumerate()
    {
        let _ = writeln!(out, "## {heading}\n");
        match i {
            0 => {
                let _ = write!(
                    out,
                    "{}年{}月{}日，{}号楼{}单元{}室等 {} 户居民反映：",
                    when.format("%Y"),
                    when.format("%-m"),
                    when.format("%-d"),
                    1 + rng.below(40),
                    1 + rng.below(4),
                    101 + rng.below(18) * 100 + rng.below(4),
                    3 + rng.below(40)
                );
                for _ in 0..2 + rng.below(3) {
                    out.push_str(rng.pick(SENTENCES));
                }
                out.push_str("\n\n");
            }
            1 => {
                for k in 0..3 + rng.below(5) {
                    let who = rng.pick(SPEAKERS);
                    let who = if who == "居民代表" || who == "楼栋长" {
                        format!("{who}{}", k + 1)
                    } else {
                        who.to_string()
                    };
                    let _ = writeln!(out, "- {who}：{}", rng.pick(SAYINGS));
                }
                out.push('\n');
            }
            2 => {
                out.push_str(
                    "| 方案 | 预算（元） | 同意 | 反对 | 弃权 |\n|---|---:|---:|---:|---:|\n",
                );
                for option in ["方案一：分期实施", "方案二：一次完成", "方案三：暂缓"]
                {
                    let _ = writeln!(
                        out,
                        "| {option} | {} | {} | {} | {} |",
                        group_thousands(10_000 + rng.below(300) * 500),
                        rng.below(20),
                        rng.below(6),
                        rng.below(4)
                    );
                }
                out.push('\n');
                if rng.below(3) == 0 {
                    out.push_str("| 楼栋 | 户数 | 分摊金额（元） |\n| --- | --- | --- |\n");
                    for b in 1..4 + rng.below(4) {
                        let _ = writeln!(
                            out,
                            "| {b} | {} | {}.{:02} |",
                            24 + rng.below(40),
                            1_000 + rng.below(20_000),
                            rng.below(100)
                        );
                    }
                    out.push('\n');
                }
                for _ in 0..2 {
                    out.push_str(rng.pick(SENTENCES));
                }
                out.push_str("\n\n");
            }
            _ => {
                let _ = write!(
                    out,
                    "经协商，同意按方案一实施，涉及 {}-{}-{}、{}-{}-{} 等住户，工期自 {} 起约 {} 天。",
                    1 + rng.below(40),
                    1 + rng.below(4),
                    101 + rng.below(1800),
                    1 + rng.below(40),
                    1 + rng.below(4),
                    101 + rng.below(1800),
                    (when + chrono::Duration::days(20)).format("%Y-%m-%d"),
                    10 + rng.below(50)
                );
                out.push_str(rng.pick(SENTENCES));
                out.push(' ');
                out.push_str(rng.pick(ENGLISH));
                out.push_str("\n\n");
                if rng.below(6) == 0 {
                    let _ = writeln!(
                        out,
                        "![现场照片](@/attachments/photos/p{:03}.png)\n",
                        rng.below(PHOTOS)
                    );
                }
            }
        }
    }
    out
}

/// Short notices and work logs: bold labels, numbered lists, links, a quote, figures.
fn notes(rng: &mut Rng, day: u64) -> String {
    let mut out = String::new();
    let when = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
        + chrono::Duration::days(day as i64);
    if rng.below(2) == 0 {
        out.push_str("### 工作记录\n\n");
    }
    let _ = writeln!(
        out,
        "**时间**：{}　**地点**：{}　**参加**：{} 人\n",
        when.format("%Y年%-m月%-d日"),
        rng.pick(PLACES),
        8 + rng.below(30)
    );
    for n in 1..=2 + rng.below(5) {
        let _ = writeln!(
            out,
            "{n}. {}（{} 户，{} 元）",
            rng.pick(SAYINGS),
            1 + rng.below(60),
            group_thousands(rng.below(90_000))
        );
    }
    out.push('\n');
    if rng.below(3) == 0 {
        let _ = writeln!(out, "> {}\n", rng.pick(SAYINGS));
    }
    let _ = writeln!(
        out,
        "本月共走访 {} 户，收集意见 {} 条，已办结 {} 条，满意率 {}.{}%。相关情况见[议题记录](@/topics/t{:06}.md)。\n",
        20 + rng.below(200),
        rng.below(60),
        rng.below(40),
        80 + rng.below(20),
        rng.below(10),
        rng.below(LINKABLE.with(|n| n.get()).max(1))
    );
    if rng.below(3) == 0 {
        let _ = writeln!(
            out,
            "![工作照片](@/attachments/photos/p{:03}.png)\n",
            rng.below(PHOTOS)
        );
    }
    out
}

/// `1234567` as `1,234,567`, as amounts are written.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Photos the bodies link (small PNGs, written once).
const PHOTOS: u64 = 200;
/// The council; members 1–8 answer for grids g1–g8 in a revision-3 corpus.
const MEMBERS: [&str; 9] = [
    "王建国",
    "李冬浩",
    "张秀兰",
    "赵德明",
    "孙红",
    "周立新",
    "马建华",
    "陈晓燕",
    "刘芳",
];
/// Grids of a revision-3 corpus.
const GRIDS: u64 = 8;

std::thread_local! {
    /// How many topics there are, for links between records.
    static LINKABLE: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// What the records look like.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Minutes,
    Notes,
}

/// A small PNG of a gradient (a photo stand-in of about 2 kB).
fn photo(k: u64) -> Vec<u8> {
    let img = image::RgbImage::from_fn(48, 32, |x, y| {
        image::Rgb([(x * 5 + k as u32) as u8, (y * 7) as u8, (k * 13) as u8])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("png");
    bytes
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("create folder");
    }
    fs::write(path, text).expect("write file");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .expect("usage: gen_corpus N OUT_DIR [--hugo DIR]");
    let out = PathBuf::from(args.get(2).expect("OUT_DIR"));
    let hugo = args
        .iter()
        .position(|a| a == "--hugo")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let shape = match args
        .iter()
        .position(|a| a == "--shape")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
    {
        None | Some("minutes") => Shape::Minutes,
        Some("notes") => Shape::Notes,
        Some(other) => panic!("--shape minutes|notes, not {other}"),
    };
    let rev3 = !args.iter().any(|a| a == "--no-rev3");
    LINKABLE.with(|c| c.set(n));
    let _ = fs::remove_dir_all(&out);
    // Ten years, 2026–2035; today is pinned after the last date.
    write(
        &out.join("site.toml"),
        "title = \"基准测试社区公开栏\"\ncommunity = \"基准社区\"\nbase_url = \"https://example.org/bench/\"\ntoday = 2036-06-30\n\n[contact]\noffice = \"社区居委会一楼便民服务窗口\"\nhours = \"周一至周五 8:30—17:30\"\nphone = \"0571-8888 1234\"\n",
    );
    if rev3 {
        let mut more = String::from(
            "\n[supervision]\ncommittee = \"基准社区居务监督委员会\"\nmembers = [\"钱国庆\", \"郑美玲\", \"冯志刚\"]\nevery = \"quarter\"\nsince = 2026-01-01\n\n[archive]\nfonds = \"J200\"\ncreator = \"基准社区居民委员会\"\n",
        );
        for g in 1..=GRIDS {
            let _ = write!(
                more,
                "\n[[grids]]\nid = \"g{g}\"\nname = \"第{g}网格\"\narea = \"{}—{} 号楼\"\nsince = 2026-01-01\n",
                g * 5 - 4,
                g * 5
            );
        }
        let site = out.join("site.toml");
        let mut text = fs::read_to_string(&site).expect("site.toml");
        text.push_str(&more);
        write(&site, &text);
    }
    let mut council = String::new();
    for (k, name) in MEMBERS.iter().enumerate() {
        let role = if k == 0 {
            "主任"
        } else if k < 3 {
            "副主任"
        } else {
            "委员"
        };
        let _ = write!(
            council,
            "[[members]]\nname = \"{name}\"\nrole = \"{role}\"\nstanding = {}\naffiliation = \"居民代表\"\nsince = 2026-01-01\n{}\n",
            k < 5,
            // Members 1–8 each answer for one grid.
            if rev3 && k > 0 {
                format!("grids = [\"g{k}\"]\n")
            } else {
                String::new()
            }
        );
    }
    if rev3 {
        // Two 网格员, one of whom left.
        council.push_str("[[staff]]\nname = \"黄丽娟\"\nrole = \"网格员\"\ngrids = [\"g1\", \"g2\"]\nsince = 2026-01-01\n\n[[staff]]\nname = \"吴志强\"\nrole = \"网格员\"\ngrids = [\"g5\"]\nsince = 2026-01-01\nuntil = 2031-06-30\n");
    }
    write(&out.join("content/council.toml"), &council);
    for k in 0..PHOTOS {
        let path = out.join(format!("content/attachments/photos/p{k:03}.png"));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).expect("create folder");
        }
        fs::write(path, photo(k)).expect("write photo");
    }
    let span = 3650;
    let mut rng = Rng(n);
    // Revision 3's records draw from their own generator: the rest is the same without them.
    let mut r3 = Rng(n ^ 0x5EED_0003);
    let mut hugo_pages: Vec<(String, String, String)> = Vec::new();
    for i in 0..n {
        let raised = i * span / n.max(1);
        let id = format!("t{i:06}");
        let subject = rng.pick(SUBJECTS);
        let title = format!("{}号楼{}问题", 1 + rng.below(40), subject);
        let mut t = format!(
            "+++\ntitle = \"{title}\"\ncategory = \"{}\"\nraised = {}\nchannel = \"{}\"\nsummary = \"{}\"\n",
            rng.pick(CATEGORIES),
            date(raised),
            rng.pick(CHANNELS),
            rng.pick(SENTENCES)
        );
        if rev3 && r3.below(3) == 0 {
            let _ = writeln!(t, "grid = \"g{}\"", 1 + r3.below(GRIDS));
        }
        // Revision 2 in realistic proportions: one topic in eight reported to the 街道
        // (answered), one action in three with a budget and its spending.
        if rng.below(8) == 0 {
            let _ = write!(
                t,
                "\n[[reports]]\nkind = \"报批\"\nto = \"街道办事处\"\nsent = {}\nreplied = {}\nanswer = \"同意\"\n",
                date(raised + 35),
                date(raised + 50)
            );
        }
        let mut all_done = true;
        for a in 0..1 + rng.below(2) {
            let due = raised + 60 + rng.below(200);
            let _ = write!(
                t,
                "\n[[actions]]\nid = \"a{a}\"\ntask = \"落实{subject}整改第{}项\"\nowner = \"{}\"\nsupervisor = \"居民代表\"\ndue = {}\n",
                a + 1,
                rng.pick(OWNERS),
                date(due)
            );
            let budget = (rng.below(3) == 0).then(|| 5_000 + rng.below(195) * 1_000);
            if let Some(b) = budget {
                let _ = write!(t, "budget = {b}\nfunding = \"社区公益服务资金\"\n");
            }
            let mut progress = 0;
            for u in 0..rng.below(4) {
                progress = (progress + 20 + rng.below(40)).min(100);
                let _ = write!(
                    t,
                    "\n[[actions.updates]]\ndate = {}\nprogress = {progress}\nnote = \"第{}次进展报告\"\n",
                    date(raised + 40 + u * 30),
                    u + 1
                );
                if let Some(b) = budget {
                    let _ = writeln!(t, "spent = {}", b * progress / 100);
                }
            }
            all_done &= progress == 100;
        }
        let text = body(&mut rng, shape, 3, raised);
        let _ = write!(t, "+++\n{text}");
        write(&out.join(format!("content/topics/{id}.md")), &t);
        hugo_pages.push((format!("topics/{id}.md"), title.clone(), text));
        // A finished project evaluated (after its last report, at raised + 130 at most).
        if rev3 && all_done && raised + 400 < span && r3.below(8) == 0 {
            let respondents = 20 + r3.below(30);
            let unsatisfied = r3.below(4);
            let basic = r3.below(respondents / 3);
            let third = r3.below(4) == 0;
            let mut e = format!(
                "+++\ntitle = \"{title}整改完工评议\"\ndate = {}\ntopics = [\"{id}\"]\nmethod = \"入户问卷\"\nrespondents = {respondents}\n",
                date(raised + 200 + r3.below(100))
            );
            if third {
                e.push_str("by = \"明德社会工作服务中心\"\nthird_party = true\n");
            }
            let _ = write!(
                e,
                "\n[overall]\nsatisfied = {}\nbasic = {basic}\nunsatisfied = {unsatisfied}\n+++\n## 评议结论\n\n抽查 {} 户，{} 户认为整改到位。{}\n",
                respondents - basic - unsatisfied,
                respondents / 2,
                respondents / 2 - unsatisfied.min(respondents / 2),
                r3.pick(SENTENCES)
            );
            write(&out.join(format!("content/evaluations/p{i:06}.md")), &e);
        }

        let meetings: &[(&str, &str, u64)] = if shape == Shape::Notes && rng.below(2) == 0 {
            &[
                ("a", "民情恳谈会", 10),
                ("b", "民主议事会", 30),
                ("c", "协商议事委员会例会", 45),
            ]
        } else {
            &[("a", "民情恳谈会", 10), ("b", "民主议事会", 30)]
        };
        for &(suffix, kind, offset) in meetings {
            let mid = format!("m{i:06}-{suffix}");
            let start = raised + offset;
            let expected = 15 + rng.below(20);
            let present = expected * 2 / 3 + rng.below(expected / 3 + 1);
            let mut m = format!(
                "+++\ntitle = \"关于{title}的{kind}\"\nkind = \"{kind}\"\nstart = {}T19:00:00\nplace = \"{}\"\nhost = \"王建国\"\nrecorder = \"李冬浩\"\ntopics = [\"{id}\"]\nnotified = {}\npublished = {}\nexpected = {expected}\npresent = {present}\n",
                date(start),
                rng.pick(PLACES),
                date(start - 5),
                date(start + 3)
            );
            if suffix == "c" {
                // A council meeting: items voted by roll call of the members present.
                let absent = MEMBERS[3 + rng.below(6) as usize];
                m = m.replace(
                    &format!("expected = {expected}\npresent = {present}\n"),
                    &format!("expected = 9\npresent = 8\nabsent = [\"{absent}（外出）\"]\n"),
                );
                for item in 0..1 + rng.below(3) {
                    let voters: Vec<String> = MEMBERS
                        .iter()
                        .filter(|n| **n != absent)
                        .map(|n| format!("\"{n}\""))
                        .collect();
                    let _ = write!(
                        m,
                        "\n[[resolutions]]\ntext = \"{subject}整改第{}项\"\nmethod = \"举手表决\"\nvotes = {{ yes = [{}], no = [{}], abstain = [] }}\n",
                        item + 1,
                        voters[..6].join(", "),
                        voters[6..].join(", ")
                    );
                }
            } else if suffix == "b" {
                let yes = present / 2 + rng.below(present / 2 + 1);
                let no = rng.below(present - yes + 1);
                let items = if shape == Shape::Notes {
                    1 + rng.below(3)
                } else {
                    1
                };
                for item in 0..items {
                    let _ = write!(
                        m,
                        "\n[[resolutions]]\ntext = \"同意按协商方案解决{subject}问题（第{}项）\"\nmethod = \"举手表决\"\nyes = {yes}\nno = {no}\nabstain = {}\n",
                        item + 1,
                        present - yes - no
                    );
                }
                // One decision in twenty draws an objection, answered within the week.
                if rng.below(20) == 0 {
                    let _ = write!(
                        m,
                        "\n[[objections]]\nreceived = {}\nsummary = \"部分居民认为方案需要调整\"\nresolution = 1\nreplied = {}\nanswer = \"已向居民解释说明\"\noutcome = \"维持\"\n",
                        date(start + 5),
                        date(start + 12)
                    );
                }
            } else {
                m = m.replace(&format!("published = {}\n", date(start + 3)), "");
            }
            let text = body(&mut rng, shape, 4, start);
            let _ = write!(m, "+++\n{text}");
            write(&out.join(format!("content/meetings/{mid}.md")), &m);
            hugo_pages.push((
                format!("meetings/{mid}.md"),
                format!("关于{title}的{kind}"),
                text,
            ));
        }
    }
    if rev3 && n > 0 {
        visits_and_reports(&out, &mut r3, n, span);
    }
    for year in 2026..2036 {
        let mut e = format!(
            "+++\nyear = {year}\ndate = {year}-12-20\nmethod = \"问卷调查\"\nrespondents = 120\n\n[overall]\nsatisfied = 90\nbasic = 25\nunsatisfied = 5\n"
        );
        for k in 0..5u64 {
            let i = ((year as u64 - 2026) * n / 10 + k).min(n.saturating_sub(1));
            if n > 0 {
                let _ = write!(
                    e,
                    "\n[[topics]]\ntopic = \"t{i:06}\"\nsatisfied = {}\nbasic = 10\nunsatisfied = 2\n",
                    50 + k
                );
            }
        }
        e.push_str("+++\n年度工作报告。\n");
        if n > 0 {
            write(&out.join(format!("content/evaluations/{year}.md")), &e);
        }
    }
    if let Some(h) = hugo {
        let _ = fs::remove_dir_all(&h);
        write(
            &h.join("hugo.toml"),
            "baseURL = \"https://example.org/bench/\"\ntitle = \"bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\", \"404\"]\n",
        );
        write(
            &h.join("layouts/_default/single.html"),
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n",
        );
        write(
            &h.join("layouts/_default/list.html"),
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n",
        );
        write(
            &h.join("layouts/index.html"),
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ len .Site.RegularPages }}</body></html>\n",
        );
        for (path, title, text) in &hugo_pages {
            write(
                &h.join("content").join(path),
                &format!("+++\ntitle = \"{title}\"\n+++\n{text}"),
            );
        }
    }
    eprintln!("{n} topics and their meetings written to {}", out.display());
}

/// Revision 3's running records: about one visit a month in each grid (one month in forty
/// missed), and a report to the supervision committee each quarter (2030-Q2 missed, one in
/// eight late, one in four with the committee's opinion), each naming topics of its time.
fn visits_and_reports(out: &Path, rng: &mut Rng, n: u64, span: u64) {
    use chrono::{Datelike, NaiveDate};
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let day_of = |d: NaiveDate| d.signed_duration_since(start).num_days().max(0) as u64;
    // The topic raised last on or before a day.
    let topic_by = |day: u64| format!("t{:06}", (day * n / span).min(n - 1));
    for month in 0..120u32 {
        let first = NaiveDate::from_ymd_opt(2026 + (month / 12) as i32, month % 12 + 1, 1)
            .unwrap_or_default();
        for g in 1..=GRIDS {
            if rng.below(40) == 0 {
                continue;
            }
            let date = first + chrono::Duration::days(3 + rng.below(24) as i64);
            // The 网格员 who left on 2031-06-30 visited 第五网格 until then.
            let by = match g {
                1 | 2 if rng.below(2) == 0 => "黄丽娟",
                5 if date.year() < 2031 || (date.year() == 2031 && date.month() <= 6) => "吴志强",
                _ => MEMBERS[g as usize],
            };
            let households = 10 + rng.below(30);
            let opinions = rng.below(8);
            let mut v = format!(
                "+++\ngrid = \"g{g}\"\ndate = {}\nby = \"{by}\"\nhouseholds = {households}\nopinions = {opinions}\n",
                date.format("%Y-%m-%d")
            );
            if rng.below(5) == 0 {
                let _ = writeln!(v, "topics = [\"{}\"]", topic_by(day_of(date)));
            }
            if rng.below(3) == 0 {
                v.push_str("feedback = true\n");
            }
            let _ = write!(
                v,
                "+++\n走访 {households} 户，听取意见 {opinions} 条。{}{}\n",
                rng.pick(SAYINGS),
                rng.pick(SENTENCES)
            );
            let id = format!("{}-g{g}", date.format("%Y-%m"));
            write(&out.join(format!("content/visits/{id}.md")), &v);
        }
    }
    for quarter in 0..40u32 {
        if quarter == 17 {
            continue;
        }
        let (year, q) = (2026 + (quarter / 4) as i32, quarter % 4 + 1);
        let next =
            NaiveDate::from_ymd_opt(year + (q / 4) as i32, (q % 4) * 3 + 1, 1).unwrap_or_default();
        let late = rng.below(8) == 0;
        let date = next
            + chrono::Duration::days(if late {
                20 + rng.below(10)
            } else {
                3 + rng.below(10)
            } as i64);
        let end = day_of(next).saturating_sub(1);
        let topics: Vec<String> = (0..3)
            .map(|k| topic_by(end.saturating_sub(k * 25)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .map(|t| format!("\"{t}\""))
            .collect();
        let mut r = format!(
            "+++\ndate = {}\nperiod = \"{year}-Q{q}\"\ntopics = [{}]\nreported_by = \"王建国\"\nreceived_by = \"钱国庆\"\n",
            date.format("%Y-%m-%d"),
            topics.join(", ")
        );
        if rng.below(4) == 0 {
            let _ = write!(
                r,
                "\n[opinion]\ndate = {}\ntext = \"{}\"\n",
                (date + chrono::Duration::days(7)).format("%Y-%m-%d"),
                rng.pick(SAYINGS)
            );
        }
        let _ = write!(
            r,
            "+++\n本季度落实协商议事决定 {} 项，完成 {} 项。{}\n",
            3 + rng.below(5),
            rng.below(3) + 1,
            rng.pick(SENTENCES)
        );
        write(&out.join(format!("content/supervision/{year}-q{q}.md")), &r);
    }
}
