//! The command line's words: every command and flag, as clap reads them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// What `check` and `build` share: which repository, which day, and how problems are shown.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// The community repository (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The reference date, YYYY-MM-DD (default: YISHI_TODAY, site.toml today, or the current date).
    #[arg(long, value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Print errors only: no warnings, no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The commands.
#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: site/).
    Build(BuildArgs),
    /// Write the year's archive volume (归档): the catalogue (目录.csv, 目录.html), one folder
    /// per record with its page, file and attachments, and SHA256SUMS.
    Archive(ArchiveArgs),
    /// Check the content and report every problem, writing nothing.
    Check {
        /// What check takes.
        #[command(flatten)]
        check: CheckArgs,
    },
    /// Write a filled-in skeleton of a new record (kept as a draft until you delete that line).
    New(NewArgs),
    /// Preview the site on 127.0.0.1, rebuilding and reloading pages when files change.
    Serve(ServeArgs),
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

/// What `build` takes: what `check` takes, and where and how the site is written.
#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// What check takes.
    #[command(flatten)]
    pub check: CheckArgs,
    /// Output folder (default: ROOT/site).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Absolute base URL for the feed, sitemap and QR codes (overrides site.toml).
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Include entries marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// When the build is refused, write the staff's problems page (admin/problems/) into
    /// OUT beside the unchanged site, for the form editor (CI recipes use it).
    #[arg(long)]
    pub problems_page: bool,
}

/// What `archive` takes.
#[derive(Args, Debug, Clone)]
pub struct ArchiveArgs {
    /// The year, such as 2025.
    #[arg(value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: i32,
    /// The community repository (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default: ROOT/archive/YEAR).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The reference date, YYYY-MM-DD (default: YISHI_TODAY, site.toml today, or the current date).
    #[arg(long, value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// What `new` takes.
#[derive(Args, Debug, Clone)]
pub struct NewArgs {
    /// topic, meeting or evaluation.
    #[arg(value_enum)]
    pub kind: EntryKind,
    /// The file name: an id such as parking-2025 (for an evaluation, the year).
    pub name: Option<String>,
    /// The community repository (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The date to use as today, YYYY-MM-DD.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
}

/// What `serve` takes.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The community repository (default: the current folder).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1, such as 0.0.0.0 to preview on a phone
    /// on the same network. Drafts are then visible to everyone on that network.
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<std::net::IpAddr>,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The reference date, YYYY-MM-DD.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<chrono::NaiveDate>,
}

impl Command {
    /// The community repository the command reads, when it reads one.
    pub fn root(&self) -> Option<&PathBuf> {
        match self {
            Command::Build(BuildArgs { check, .. }) | Command::Check { check } => Some(&check.root),
            Command::New(NewArgs { root, .. })
            | Command::Serve(ServeArgs { root, .. })
            | Command::Archive(ArchiveArgs { root, .. }) => Some(root),
            Command::Schema { .. } | Command::Init { .. } | Command::Completions { .. } => None,
        }
    }
}

/// The kinds of record `yishi new` writes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum EntryKind {
    /// A topic (议题).
    Topic,
    /// A meeting (会议).
    Meeting,
    /// A year's evaluation (年度评议).
    Evaluation,
    /// A report to the supervision committee (向居务监督委员会报告).
    Supervision,
    /// A visit to a grid's residents (入户走访).
    Visit,
}

/// How problems are printed.
#[derive(Clone, Copy, Debug, PartialEq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:column: error[code]: message`, the line, a caret and a hint.
    Text,
    /// One JSON object per problem (code, column, hint, line, message, path, severity).
    Json,
    /// GitHub Actions workflow commands: each problem on its line of the pull request.
    Github,
}

/// `--today` and `YISHI_TODAY`: a date written `YYYY-MM-DD`.
pub fn parse_today(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::settings::parse_date(s).ok_or_else(|| format!("\"{s}\" is not a date YYYY-MM-DD"))
}

/// `--base-url` must be an absolute http(s) address: it is written into the feed, the sitemap
/// and every QR code on the notice board.
fn parse_base_url(s: &str) -> Result<String, String> {
    if crate::check::is_http_url(s) {
        Ok(s.trim().to_string())
    } else {
        Err(format!(
            "\"{s}\" is not an absolute http(s) address, such as https://example.org/xingfuli/"
        ))
    }
}
