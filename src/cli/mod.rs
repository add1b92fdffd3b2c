//! The door: the command line read once — flags, the environment and the clock into
//! [`Given`], the repository into a [`Source`](crate::input::source::Source) — then the
//! command run and its report shown ([`report`]) in the staff language of the report's
//! settings. Beside building, the skeletons of `yishi new` and `yishi init` ([`scaffold`]).

pub mod args;
pub mod report;
pub mod scaffold;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::diagnostics::Text;
use crate::input::source::Disk;
use crate::model::Language;
use crate::pipeline::BuildOptions;
use crate::settings::{self, Given};
use args::{
    ArchiveArgs, BuildArgs, CheckArgs, Cli, Command, EntryKind, NewArgs, ServeArgs, parse_today,
};
use report::{error_lead, print_diagnostics, print_timings};

/// Editor settings for taplo / Even Better TOML: copy to the repository as .taplo.toml.
/// (Front matter inside .md files is not seen by TOML editors; yishi check covers it.)
const TAPLO: &str = "# Copy to .taplo.toml at the top of the community repository, with the schemas in schemas/.\n\
[[rule]]\ninclude = [\"site.toml\"]\n[rule.schema]\npath = \"./schemas/site.schema.json\"\n\n\
[[rule]]\ninclude = [\"content/council.toml\"]\n[rule.schema]\npath = \"./schemas/council.schema.json\"\n";

/// The exit code of a one-shot command, its report left to the operating system: the
/// process ends next, and freeing a model of 10,000 topics string by string took 4 % of
/// `yishi check` (docs/performance.md).
fn exit_leaving(report: crate::pipeline::Report, code: u8) -> ExitCode {
    std::mem::forget(report);
    ExitCode::from(code)
}

/// Runs the command line of this process: what the environment and the clock give every
/// command read once (`given_by_environment`), then the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let given = match given_by_environment() {
        Ok(given) => given,
        Err((e, lang)) => return fail(e, lang),
    };
    // How long each stage took, after the command (docs/performance.md).
    let timings = std::env::var_os("YISHI_TIMINGS").is_some();
    // Before a repository is read, staff read YISHI_LANG's language, else Chinese.
    let lang = settings::staff_language(given.language, None);
    if let Some(Err(e)) = cli.command.root().map(|r| check_root(r)) {
        return fail(e, lang);
    }
    match cli.command {
        Command::Build(args) => build(args, given, timings),
        Command::Archive(args) => archive(args, given, timings),
        Command::Check { check } => check_command(check, given, timings),
        Command::New(NewArgs {
            kind,
            name,
            root,
            today,
        }) => new_record(
            &root,
            kind,
            name.unwrap_or_default(),
            &given.with_today(today),
        ),
        Command::Serve(args) => serve(args, given, timings, lang),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "yishi", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Schema { dir } => write_schemas(&dir, lang),
        Command::Init { dir } => init(&dir, &given, lang),
    }
}

/// `yishi build`: the site written into `--out`, or the reasons it was not.
fn build(args: BuildArgs, given: Given, timings: bool) -> ExitCode {
    let BuildArgs {
        check:
            CheckArgs {
                root,
                today,
                deny_warnings,
                format,
                quiet,
            },
        out,
        base_url,
        drafts,
        problems_page,
    } = args;
    let options = BuildOptions {
        out: out.unwrap_or_else(|| root.join("site")),
        given: Given {
            base_url,
            drafts,
            ..given.with_today(today)
        },
        deny_warnings,
        attachments_made: None,
    };
    let source = Disk::new(root);
    let report = crate::pipeline::build(&source, &options);
    print_timings(&report, timings);
    print_diagnostics(&report, format, quiet);
    let lang = report.settings.staff_language;
    let code = report.exit_code(deny_warnings);
    let (o, n, ms) = (options.out.display(), report.files_written, report.millis);
    if let Some(fatal) = &report.fatal {
        eprintln!("{}{}", error_lead(lang), fatal.get(lang));
    } else if code == 0 {
        if !quiet {
            say(
                crate::tr!(
                    "built {n} files into {o} in {ms} ms",
                    "已生成 {n} 个文件到 {o}（{ms} 毫秒）"
                ),
                lang,
            );
        }
    } else {
        say(
            crate::tr!(
                "the site was not written; {o} is unchanged",
                "网站没有更新；{o} 保持原样"
            ),
            lang,
        );
        if problems_page {
            write_problems_page(&source, &options, &report);
        }
    }
    exit_leaving(report, code)
}

/// `yishi archive YEAR`: the year's archive volume written, or the reasons it was not.
fn archive(args: ArchiveArgs, given: Given, timings: bool) -> ExitCode {
    let ArchiveArgs {
        year,
        root,
        out,
        today,
        format,
    } = args;
    let out = out.unwrap_or_else(|| root.join("archive").join(year.to_string()));
    let options = BuildOptions {
        out: out.clone(),
        ..BuildOptions::new(given.with_today(today))
    };
    let report = crate::pipeline::archive::archive(&Disk::new(root), &options, year);
    print_timings(&report, timings);
    print_diagnostics(&report, format, false);
    let lang = report.settings.staff_language;
    let code = report.exit_code(false);
    let (o, n, ms) = (out.display(), report.files_written, report.millis);
    if let Some(fatal) = &report.fatal {
        eprintln!("{}{}", error_lead(lang), fatal.get(lang));
    } else if code == 0 {
        say(
            crate::tr!(
                "wrote the {year} archive ({n} files) into {o} in {ms} ms; check it with: cd {o} && sha256sum -c SHA256SUMS",
                "已生成 {year} 年度归档（{n} 个文件）到 {o}（{ms} 毫秒）；核对：cd {o} && sha256sum -c SHA256SUMS"
            ),
            lang,
        );
    } else {
        say(
            crate::tr!(
                "the archive was not written; {o} is unchanged",
                "归档没有生成；{o} 保持原样"
            ),
            lang,
        );
    }
    ExitCode::from(code)
}

/// `yishi check`: every problem printed, nothing written.
fn check_command(check: CheckArgs, given: Given, timings: bool) -> ExitCode {
    let options = BuildOptions {
        deny_warnings: check.deny_warnings,
        ..BuildOptions::on_disk(&check.root, given.with_today(check.today))
    };
    let report = crate::pipeline::check(&Disk::new(check.root), &options);
    print_timings(&report, timings);
    print_diagnostics(&report, check.format, check.quiet);
    if check.format == args::Format::Text && !check.quiet && report.diagnostics.is_empty() {
        let ms = report.millis;
        say(
            crate::tr!("no problems found ({ms} ms)", "没有发现问题（{ms} 毫秒）"),
            report.settings.staff_language,
        );
    }
    let code = report.exit_code(check.deny_warnings);
    exit_leaving(report, code)
}

/// `yishi serve`: the live preview of one community (a district is refused, in `lang`).
fn serve(args: ServeArgs, given: Given, timings: bool, lang: Language) -> ExitCode {
    let ServeArgs {
        root,
        port,
        bind,
        open,
        today,
    } = args;
    let options = BuildOptions::on_disk(
        &root,
        Given {
            drafts: true,
            ..given.with_today(today)
        },
    );
    if crate::pipeline::district::is_district(&Disk::new(&root)) {
        let (r, c) = (root.display(), root.join("communities").join("<id>"));
        let c = c.display();
        return fail(
            crate::tr!(
                "{r} is a district; serve one community at a time, such as: yishi serve --root {c}",
                "{r} 是街道（多个社区）；请一次预览一个社区，例如：yishi serve --root {c}"
            ),
            lang,
        );
    }
    let listen = crate::serve::Listen {
        addr: bind.unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)),
        port,
        open,
        timings,
    };
    match crate::serve::serve(&root, options, listen) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(crate::tr!("{e}", "预览服务出错：{e}"), lang),
    }
}

/// `yishi init DIR`: a new community repository that builds at once.
fn init(dir: &Path, given: &Given, lang: Language) -> ExitCode {
    let today = settings::today(given, None, settings::default_time_zone());
    match scaffold::init(dir, today) {
        Ok(files) => {
            let (d, n) = (dir.display(), files.len());
            say(
                crate::tr!(
                    "created a community repository in {d} ({n} files); next: edit site.toml, then run yishi build --root {d}",
                    "已在 {d} 创建社区仓库（{n} 个文件）；下一步：修改 site.toml，然后运行 yishi build --root {d}"
                ),
                lang,
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.text(), lang),
    }
}

/// What the environment and the clock give every command, read once: `YISHI_TODAY`,
/// `YISHI_LANG` and the time now. A `YISHI_TODAY` that is not a date is
/// an error (in the language `YISHI_LANG` names).
fn given_by_environment() -> Result<Given, (Text, Language)> {
    let mut given = Given::at(chrono::Utc::now());
    given.language = std::env::var("YISHI_LANG")
        .ok()
        .and_then(|v| settings::parse_language(&v));
    given.today = match std::env::var("YISHI_TODAY") {
        Ok(v) if !v.trim().is_empty() => Some(parse_today(&v).map_err(|e| {
            (
                crate::tr!("YISHI_TODAY: {e}", "环境变量 YISHI_TODAY: {e}"),
                settings::staff_language(given.language, None),
            )
        })?),
        _ => None,
    };
    Ok(given)
}

/// Prints a message that ends the command, and exits 2.
fn fail(text: Text, lang: Language) -> ExitCode {
    eprintln!("{}{}", error_lead(lang), text.get(lang));
    ExitCode::from(2)
}

/// Prints a line for staff.
fn say(text: Text, lang: Language) {
    eprintln!("{}", text.get(lang));
}

/// The repository folder must exist and be a folder; otherwise the command cannot start
/// (exit 2), rather than reporting that site.toml is missing.
fn check_root(root: &Path) -> Result<(), Text> {
    let r = root.display();
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(crate::tr!(
            "--root {r} is a file; give the community's folder (the one holding site.toml)",
            "--root {r} 是一个文件；请指定社区的文件夹（有 site.toml 的那个）"
        )),
        Err(e) => Err(crate::tr!(
            "--root {r}: {e}; give the community's folder (the one holding site.toml)",
            "--root {r} 不存在或无法读取（{e}）；请指定社区的文件夹（有 site.toml 的那个）"
        )),
    }
}

/// `yishi new`: a skeleton of a record, dated today by the site's settings (its time zone,
/// its pinned today) and filled with its vocabularies, written as a draft.
fn new_record(root: &Path, kind: EntryKind, name: String, given: &Given) -> ExitCode {
    // site.toml alone: the records need not be read (nor be valid) to write a skeleton.
    let (settings, site) = crate::check::site_settings(&Disk::new(root), given);
    let lang = settings.staff_language;
    let rules = site.map(|s| s.rules).unwrap_or_default();
    let kind = match kind {
        EntryKind::Topic => scaffold::NewKind::Topic,
        EntryKind::Meeting => scaffold::NewKind::Meeting,
        EntryKind::Evaluation => scaffold::NewKind::Evaluation,
        EntryKind::Supervision => scaffold::NewKind::Supervision,
        EntryKind::Visit => scaffold::NewKind::Visit,
    };
    if name.is_empty()
        && !matches!(
            kind,
            scaffold::NewKind::Evaluation
                | scaffold::NewKind::Supervision
                | scaffold::NewKind::Visit
        )
    {
        return fail(
            crate::tr!(
                "give the new file a name, such as: yishi new topic parking-2025",
                "请给新文件起个名字，例如：yishi new topic parking-2025"
            ),
            lang,
        );
    }
    match scaffold::skeleton(kind, &name, settings.today, &rules)
        .and_then(|(rel, text)| scaffold::write_new(root, &rel, &text))
    {
        Ok(path) => {
            let path = path.display();
            say(
                crate::tr!(
                    "wrote {path} (a draft: delete its draft = true line to publish it)",
                    "已新建 {path}（草稿：删去 draft = true 这一行即可发布）"
                ),
                lang,
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.text(), lang),
    }
}

/// `yishi schema`: the JSON Schemas of every file kind, and taplo's settings, into `dir`.
fn write_schemas(dir: &PathBuf, lang: Language) -> ExitCode {
    let write = || -> std::io::Result<usize> {
        std::fs::create_dir_all(dir)?;
        let schemas = crate::check::schemas();
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
            say(
                crate::tr!(
                    "wrote {n} schemas and taplo.toml.example into {shown}",
                    "已把 {n} 个 JSON Schema 和 taplo.toml.example 写入 {shown}"
                ),
                lang,
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(crate::tr!("{shown}: {e}", "{shown}：{e}"), lang),
    }
}

/// The staff's problems page of a refused build, written beside the unchanged site
/// (`--problems-page`): what the form editor's users read when a saved record broke the
/// build.
fn write_problems_page(
    source: &Disk,
    options: &BuildOptions,
    report: &crate::pipeline::community::Report,
) {
    let settings = &report.settings;
    let page = crate::site::editor::problems_page(settings.language, "", &report.diagnostics);
    let lang = settings.staff_language;
    let root = Some(source.root());
    let shown = options.out.join(&page.path);
    match crate::pipeline::write::write_beside_site(root, &options.out, &page) {
        Ok(()) => say(
            crate::tr!(
                "the problems are listed for staff in {page}",
                "问题清单已写到 {page}，供工作人员查看";
                page = shown.display()
            ),
            lang,
        ),
        Err(e) => eprintln!("{}{}", error_lead(lang), e.text().get(lang)),
    }
}
