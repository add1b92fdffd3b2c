//! How a report is shown to staff: as text on a terminal (with colour), as JSON lines for
//! tools, or as GitHub Actions workflow commands that put each problem on its line of a pull
//! request; always in the staff language of the report's settings.

use std::io::IsTerminal;

use crate::cli::args::Format;
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::model::Language;
use crate::pipeline::Report;

/// "error:" / "错误：", before a message that is not about a file.
pub fn error_lead(lang: Language) -> &'static str {
    match lang {
        Language::En => "error: ",
        Language::ZhCn => "错误：",
    }
}

/// How long each stage took, on stderr, when `YISHI_TIMINGS` asked for it.
pub fn print_timings(report: &Report, asked: bool) {
    if asked {
        for line in report.stages.lines() {
            eprintln!("{line}");
        }
    }
}

/// Prints the report's problems (errors only when `quiet`) in `format`: text on standard
/// error, JSON and workflow commands on standard output.
pub fn print_diagnostics(report: &Report, format: Format, quiet: bool) {
    let lang = report.settings.staff_language;
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
                println!("{}", json_line(d, lang));
            }
        }
        Format::Github => {
            for d in &shown {
                println!("{}", github_command(d, lang));
            }
        }
    }
}

/// A problem as one line of JSON.
fn json_line(d: &Diagnostic, lang: Language) -> serde_json::Value {
    // Keys in alphabetical order, as since the first release (JSON objects keep insertion
    // order in this build: serde_json's preserve_order).
    serde_json::json!({
        "code": d.code, "column": d.column, "hint": d.hint.as_ref().map(|h| h.get(lang)), "line": d.line,
        "message": d.message.get(lang), "path": d.path,
        "severity": diagnostics::severity_word(d.severity, Language::En),
    })
}

/// A problem as a GitHub Actions workflow command, which the pull request shows on the
/// line it is about (`::error file=…,line=…,col=…,title=…::message`).
pub fn github_command(d: &Diagnostic, lang: Language) -> String {
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

/// A problem as text, its severity word in colour on a terminal.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_what_would_end_a_property_or_the_message() {
        let d = Diagnostic::whole_file(
            Severity::Error,
            "syntax",
            "content/topics/a,b:c.md",
            crate::tr!("100% bad\nline", "100% 错误\n行"),
        );
        assert_eq!(
            github_command(&d, Language::En),
            "::error file=content/topics/a%2Cb%3Ac.md,title=yishi syntax::100%25 bad%0Aline"
        );
    }

    #[test]
    fn colour_marks_the_severity_word_only() {
        let d = Diagnostic::whole_file(
            Severity::Warning,
            "stale",
            "content/topics/a.md",
            crate::tr!("old", "旧"),
        );
        let painted = paint(&d, true, Language::ZhCn);
        assert!(
            painted.contains("\x1b[1;33m提醒\x1b[0m[stale]"),
            "{painted}"
        );
        assert_eq!(
            paint(&d, false, Language::ZhCn),
            d.render_in(Language::ZhCn)
        );
    }
}
