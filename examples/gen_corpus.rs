//! A deterministic synthetic community for benchmarks: N topics, about two meetings each
//! (a 民情恳谈会 and a 民主议事会 with a resolution), one or two actions with progress reports,
//! an evaluation a year, and realistic Chinese Markdown bodies. With `--hugo DIR` it also
//! writes a Hugo site holding the same Markdown as one page per topic and meeting, with a
//! minimal theme, so both engines build the same number of pages of the same text.
//!
//! cargo run --release --example gen_corpus -- N OUT_DIR [--hugo HUGO_DIR]

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

fn body(rng: &mut Rng, paragraphs: usize) -> String {
    let mut out = String::new();
    for (i, heading) in ["问题表现", "原因", "协商过程", "结论"]
        .iter()
        .take(paragraphs)
        .enumerate()
    {
        let _ = writeln!(out, "## {heading}\n");
        for _ in 0..3 + (i % 2) {
            out.push_str(rng.pick(SENTENCES));
        }
        out.push_str("\n\n");
    }
    out
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
    let _ = fs::remove_dir_all(&out);
    // Ten years, 2026–2035; today is pinned after the last date.
    write(
        &out.join("site.toml"),
        "title = \"基准测试社区公开栏\"\ncommunity = \"基准社区\"\nbase_url = \"https://example.org/bench/\"\ntoday = 2036-06-30\n\n[contact]\noffice = \"社区居委会一楼便民服务窗口\"\nhours = \"周一至周五 8:30—17:30\"\n",
    );
    let span = 3650;
    let mut rng = Rng(n);
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
        }
        let text = body(&mut rng, 3);
        let _ = write!(t, "+++\n{text}");
        write(&out.join(format!("content/topics/{id}.md")), &t);
        hugo_pages.push((format!("topics/{id}.md"), title.clone(), text));

        for (suffix, kind, offset) in [("a", "民情恳谈会", 10), ("b", "民主议事会", 30)] {
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
            if suffix == "b" {
                let yes = present / 2 + rng.below(present / 2 + 1);
                let no = rng.below(present - yes + 1);
                let _ = write!(
                    m,
                    "\n[[resolutions]]\ntext = \"同意按协商方案解决{subject}问题\"\nmethod = \"举手表决\"\nyes = {yes}\nno = {no}\nabstain = {}\n",
                    present - yes - no
                );
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
            let text = body(&mut rng, 4);
            let _ = write!(m, "+++\n{text}");
            write(&out.join(format!("content/meetings/{mid}.md")), &m);
            hugo_pages.push((
                format!("meetings/{mid}.md"),
                format!("关于{title}的{kind}"),
                text,
            ));
        }
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
    eprintln!(
        "{n} topics, {} meetings written to {}",
        2 * n,
        out.display()
    );
}
