//! The `yishi` command line: a thin layer over [`yishi::pipeline::community`].

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use yishi::cli::scaffold;
use yishi::diagnostics::{self, Diagnostic, Severity, Text};
use yishi::input::source::Memory;
use yishi::model::Language;
use yishi::pipeline::community::{self, BuildOptions, Report};
use yishi::settings::{self, Given};

/// mimalloc instead of glibc's allocator: a build allocates and frees millions of small
/// strings from two threads, and glibc's malloc/free took a quarter of the build's time
/// (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The vocabularies of the community at `root`, or the defaults when site.toml cannot be read.
fn site_rules(root: &std::path::Path, given: &Given) -> yishi::model::Rules {
    // site.toml alone: the records need not be read (nor be valid) to write a skeleton.
    let site = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
    let loaded = yishi::input::load::load(&Memory::community(&site, &[]));
    let options = yishi::check::Options {
        given: given.clone(),
        warnings: true,
    };
    yishi::check::validate(&loaded, &options, None)
        .model
        .map(|m| m.site.rules)
        .unwrap_or_default()
}

/// The version with the commit it was built from (`0.1.0 (commit 1a2b3c4d5)`).
const VERSION: &str = if env!("YISHI_COMMIT").is_empty() {
    env!("CARGO_PKG_VERSION")
} else {
    concat!(
        env!("CARGO_PKG_VERSION"),
        " (commit ",
        env!("YISHI_COMMIT"),
        ")"
    )
};

/// yishi (议事): a community's deliberation records → its public disclosure board.
#[derive(Parser)]
#[command(name = "yishi", version = VERSION, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: site/).
    Build {
        /// The community repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: ROOT/site).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The reference date, YYYY-MM-DD (default: YISHI_TODAY, site.toml today, or the current date).
        #[arg(long, value_parser = parse_today)]
        today: Option<chrono::NaiveDate>,
        /// Absolute base URL for the feed, sitemap and QR codes (overrides site.toml).
        #[arg(long, value_parser = parse_base_url)]
        base_url: Option<String>,
        /// Include entries marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Print errors only: no warnings, no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Check the content and report every problem, writing nothing.
    Check {
        /// The community repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The reference date, YYYY-MM-DD.
        #[arg(long, value_parser = parse_today)]
        today: Option<chrono::NaiveDate>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Output format of the diagnostics.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Print errors only: no warnings, no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write a filled-in skeleton of a new record (kept as a draft until you delete that line).
    New {
        /// topic, meeting or evaluation.
        #[arg(value_enum)]
        kind: EntryKind,
        /// The file name: an id such as parking-2025 (for an evaluation, the year).
        name: Option<String>,
        /// The community repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The date to use as today, YYYY-MM-DD.
        #[arg(long, value_parser = parse_today)]
        today: Option<chrono::NaiveDate>,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading pages when files change.
    Serve {
        /// The community repository (default: the current folder).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Listen on this address instead of 127.0.0.1, such as 0.0.0.0 to preview on a phone
        /// on the same network. Drafts are then visible to everyone on that network.
        #[arg(long, value_name = "ADDR")]
        bind: Option<std::net::IpAddr>,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// The reference date, YYYY-MM-DD.
        #[arg(long, value_parser = parse_today)]
        today: Option<chrono::NaiveDate>,
    },
    /// Print a shell completion script: yishi completions bash > ~/.local/share/bash-completion/completions/yishi
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Write JSON Schemas of every file kind into DIR, with a .taplo.toml example for editors.
    Schema {
        /// Where to write them (created if missing).
        dir: PathBuf,
    },
    /// Create a new community repository in DIR that builds at once.
    Init {
        /// A new or empty folder.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum EntryKind {
    Topic,
    Meeting,
    Evaluation,
}

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Format {
    /// `path:line:column: error[code]: message`, the line, a caret and a hint.
    Text,
    /// One JSON object per problem (code, column, hint, line, message, path, severity).
    Json,
    /// GitHub Actions workflow commands: each problem on its line of the pull request.
    Github,
}

/// Editor settings for taplo / Even Better TOML: copy to the repository as .taplo.toml.
/// (Front matter inside .md files is not seen by TOML editors; yishi check covers it.)
const TAPLO: &str = "# Copy to .taplo.toml at the top of the community repository, with the schemas in schemas/.\n\
[[rule]]\ninclude = [\"site.toml\"]\n[rule.schema]\npath = \"./schemas/site.schema.json\"\n\n\
[[rule]]\ninclude = [\"content/council.toml\"]\n[rule.schema]\npath = \"./schemas/council.schema.json\"\n";

fn parse_today(s: &str) -> Result<chrono::NaiveDate, String> {
    community::parse_date(s).ok_or_else(|| format!("\"{s}\" is not a date YYYY-MM-DD"))
}

/// `--base-url` must be an absolute http(s) address: it is written into the feed, the sitemap
/// and every QR code on the notice board.
fn parse_base_url(s: &str) -> Result<String, String> {
    if yishi::check::is_http_url(s) {
        Ok(s.trim().to_string())
    } else {
        Err(format!(
            "\"{s}\" is not an absolute http(s) address, such as https://example.org/xingfuli/"
        ))
    }
}

/// The repository folder must exist and be a folder; otherwise the command cannot start
/// (exit 2), rather than reporting that site.toml is missing.
fn check_root(root: &std::path::Path) -> Result<(), Text> {
    let r = root.display();
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(yishi::tr!(
            "--root {r} is a file; give the community's folder (the one holding site.toml)",
            "--root {r} 是一个文件；请指定社区的文件夹（有 site.toml 的那个）"
        )),
        Err(e) => Err(yishi::tr!(
            "--root {r}: {e}; give the community's folder (the one holding site.toml)",
            "--root {r} 不存在或无法读取（{e}）；请指定社区的文件夹（有 site.toml 的那个）"
        )),
    }
}

fn env_today() -> Result<Option<chrono::NaiveDate>, String> {
    match std::env::var("YISHI_TODAY") {
        Ok(v) if !v.trim().is_empty() => parse_today(&v)
            .map(Some)
            .map_err(|e| format!("YISHI_TODAY: {e}")),
        _ => Ok(None),
    }
}

/// The `language` a community's site.toml (or a district's district.toml) declares, for the
/// messages staff read before the records are checked.
fn declared_language(root: &std::path::Path) -> Option<Language> {
    ["site.toml", "district.toml"].iter().find_map(|name| {
        let text = std::fs::read_to_string(root.join(name)).ok()?;
        let table: toml::Table = text.parse().ok()?;
        table.get("language")?.as_str().map(|l| {
            if l == "en" {
                Language::En
            } else {
                Language::ZhCn
            }
        })
    })
}

/// "error:" / "错误：".
fn error_lead(lang: Language) -> &'static str {
    match lang {
        Language::En => "error: ",
        Language::ZhCn => "错误：",
    }
}

fn print_diagnostics(report: &Report, format: Format, quiet: bool, lang: Language) {
    let shown: Vec<&Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| !quiet || d.severity == Severity::Error)
        .collect();
    match format {
        Format::Text => {
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for d in &shown {
                eprint!("{}", paint(d, colour, lang));
            }
            if !shown.is_empty() {
                eprintln!("{}", diagnostics::summary_in(&report.diagnostics, lang));
            }
        }
        Format::Json => {
            for d in &shown {
                // Keys in alphabetical order, as since the first release (JSON objects keep
                // insertion order in this build: serde_json's preserve_order).
                let value = serde_json::json!({
                    "code": d.code, "column": d.column, "hint": d.hint.as_ref().map(|h| h.get(lang)), "line": d.line,
                    "message": d.message.get(lang), "path": d.path,
                    "severity": diagnostics::severity_word(d.severity, Language::En),
                });
                println!("{value}");
            }
        }
        Format::Github => {
            for d in &shown {
                println!("{}", github_command(d, lang));
            }
        }
    }
}

/// A problem as a GitHub Actions workflow command, which the pull request shows on the
/// line it is about (`::error file=…,line=…,col=…,title=…::message`).
fn github_command(d: &Diagnostic, lang: Language) -> String {
    // Workflow-command escaping: in the message %, CR and LF; in properties also : and ,.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    let level = diagnostics::severity_word(d.severity, Language::En);
    let mut props = vec![format!("file={}", property(&d.path))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        props.push(format!("col={}", d.column.max(1)));
    }
    props.push(format!("title={}", property(&format!("yishi {}", d.code))));
    let mut message = d.message.get(lang).to_string();
    if let Some(hint) = &d.hint {
        message.push('\n');
        message.push_str(hint.get(lang));
    }
    format!("::{level} {}::{}", props.join(","), data(&message))
}

fn paint(d: &Diagnostic, colour: bool, lang: Language) -> String {
    let text = d.render_in(lang);
    if !colour {
        return text;
    }
    let word = diagnostics::severity_word(d.severity, lang);
    let code = match d.severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
    };
    text.replacen(&format!(" {word}["), &format!(" {code}{word}\x1b[0m["), 1)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match &cli.command {
        Command::Build { root, .. }
        | Command::Check { root, .. }
        | Command::New { root, .. }
        | Command::Serve { root, .. } => Some(root),
        Command::Schema { .. } | Command::Init { .. } | Command::Completions { .. } => None,
    };
    // The door: the only place the clock and the environment are read.
    let mut given = Given::at(chrono::Utc::now());
    given.language = std::env::var("YISHI_LANG")
        .ok()
        .and_then(|v| settings::parse_language(&v));
    let lang = settings::staff_language(given.language, root.and_then(|r| declared_language(r)));
    let fail = |text: Text| {
        eprintln!("{}{}", error_lead(lang), text.get(lang));
        ExitCode::from(2)
    };
    community::show_timings(std::env::var_os("YISHI_TIMINGS").is_some());
    given.today = match env_today() {
        Ok(t) => t,
        Err(e) => return fail(yishi::tr!("{e}", "环境变量 {e}")),
    };
    if let Some(Err(e)) = root.map(|r| check_root(r)) {
        return fail(e);
    }
    match cli.command {
        Command::New {
            kind,
            name,
            root,
            today,
        } => {
            let today = settings::today(
                &Given {
                    today: today.or(given.today),
                    ..given.clone()
                },
                None,
                settings::default_time_zone(),
            );
            let rules = site_rules(&root, &given);
            let kind = match kind {
                EntryKind::Topic => scaffold::NewKind::Topic,
                EntryKind::Meeting => scaffold::NewKind::Meeting,
                EntryKind::Evaluation => scaffold::NewKind::Evaluation,
            };
            let name = name.unwrap_or_default();
            if name.is_empty() && kind != scaffold::NewKind::Evaluation {
                return fail(yishi::tr!(
                    "give the new file a name, such as: yishi new topic parking-2025",
                    "请给新文件起个名字，例如：yishi new topic parking-2025"
                ));
            }
            match scaffold::skeleton(kind, &name, today, &rules)
                .and_then(|(rel, text)| scaffold::write_new(&root, &rel, &text))
            {
                Ok(path) => {
                    let path = path.display();
                    eprintln!(
                        "{}",
                        yishi::tr!(
                            "wrote {path} (a draft: delete its draft = true line to publish it)",
                            "已新建 {path}（草稿：删去 draft = true 这一行即可发布）"
                        )
                        .get(lang)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e.text()),
            }
        }
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "yishi", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            today,
        } => {
            if yishi::pipeline::district::is_district(&root) {
                let (r, c) = (root.display(), root.join("communities").join("<id>"));
                let c = c.display();
                return fail(yishi::tr!(
                    "{r} is a district; serve one community at a time, such as: yishi serve --root {c}",
                    "{r} 是街道（多个社区）；请一次预览一个社区，例如：yishi serve --root {c}"
                ));
            }
            let options = BuildOptions {
                out: root.join("site"),
                given: Given {
                    today: today.or(given.today),
                    drafts: true,
                    ..given.clone()
                },
                root,
                deny_warnings: false,
            };
            let listen = yishi::serve::Listen {
                addr: bind.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)),
                port,
                open,
                language: lang,
            };
            match yishi::serve::serve(options, listen) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(yishi::tr!("{e}", "预览服务出错：{e}")),
            }
        }
        Command::Schema { dir } => {
            let write = || -> std::io::Result<usize> {
                std::fs::create_dir_all(&dir)?;
                let schemas = yishi::check::schemas();
                for (name, schema) in &schemas {
                    let text = serde_json::to_string_pretty(schema).unwrap_or_default();
                    std::fs::write(dir.join(name), text + "\n")?;
                }
                std::fs::write(dir.join("taplo.toml.example"), TAPLO)?;
                Ok(schemas.len())
            };
            let shown = dir.display();
            match write() {
                Ok(n) => {
                    eprintln!(
                        "{}",
                        yishi::tr!(
                            "wrote {n} schemas and taplo.toml.example into {shown}",
                            "已把 {n} 个 JSON Schema 和 taplo.toml.example 写入 {shown}"
                        )
                        .get(lang)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(yishi::tr!("{shown}: {e}", "{shown}：{e}")),
            }
        }
        Command::Init { dir } => {
            let today = settings::today(&given, None, settings::default_time_zone());
            match scaffold::init(&dir, today) {
                Ok(files) => {
                    let (d, n) = (dir.display(), files.len());
                    eprintln!(
                        "{}",
                        yishi::tr!("created a community repository in {d} ({n} files); next: edit site.toml, then run yishi build --root {d}", "已在 {d} 创建社区仓库（{n} 个文件）；下一步：修改 site.toml，然后运行 yishi build --root {d}").get(lang)
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e.text()),
            }
        }
        Command::Build {
            root,
            out,
            today,
            base_url,
            drafts,
            deny_warnings,
            format,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| root.join("site"));
            let options = BuildOptions {
                root,
                out: out.clone(),
                given: Given {
                    today: today.or(given.today),
                    base_url,
                    drafts,
                    ..given.clone()
                },
                deny_warnings,
            };
            let report = yishi::pipeline::build(&options);
            print_diagnostics(&report, format, quiet, lang);
            let code = report.exit_code(deny_warnings);
            let (o, n, ms) = (out.display(), report.files_written, report.millis);
            if let Some(fatal) = &report.fatal {
                eprintln!("{}{}", error_lead(lang), fatal.get(lang));
            } else if code == 0 {
                if !quiet {
                    eprintln!(
                        "{}",
                        yishi::tr!(
                            "built {n} files into {o} in {ms} ms",
                            "已生成 {n} 个文件到 {o}（{ms} 毫秒）"
                        )
                        .get(lang)
                    );
                }
            } else {
                eprintln!(
                    "{}",
                    yishi::tr!(
                        "the site was not written; {o} is unchanged",
                        "网站没有更新；{o} 保持原样"
                    )
                    .get(lang)
                );
            }
            ExitCode::from(code)
        }
        Command::Check {
            root,
            today,
            deny_warnings,
            format,
            quiet,
        } => {
            let options = BuildOptions {
                out: root.join("site"),
                given: Given {
                    today: today.or(given.today),
                    ..given.clone()
                },
                root,
                deny_warnings,
            };
            let report = yishi::pipeline::check(&options);
            print_diagnostics(&report, format, quiet, lang);
            if format == Format::Text && !quiet && report.diagnostics.is_empty() {
                let ms = report.millis;
                eprintln!(
                    "{}",
                    yishi::tr!("no problems found ({ms} ms)", "没有发现问题（{ms} 毫秒）")
                        .get(lang)
                );
            }
            ExitCode::from(report.exit_code(deny_warnings))
        }
    }
}
