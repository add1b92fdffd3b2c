//! Diagnostics: every problem found in a community's files, with the place it was found.
//!
//! Staff are not programmers, so a problem is never a bare error string: it names the
//! file, the line and the column, shows the line, puts a caret under the offending part,
//! and says how to fix it. All problems are collected and reported together; nothing stops
//! at the first one.

use std::fmt::Write as _;
use std::ops::Range;

use rayon::slice::ParallelSliceMut;

use crate::model::Language;

/// A message or hint in both languages staff may read: the site's language decides which
/// is printed (Chinese for `zh-CN`, the default; English for `en` or `YISHI_LANG=en`).
/// Made with [`tr!`](crate::tr), so no message can be written in one language only; as a
/// string it is the English text (what tests and logs compare).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Text {
    /// English.
    pub en: String,
    /// Chinese (简体中文).
    pub zh: String,
}

impl Text {
    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::ZhCn => &self.zh,
            Language::En => &self.en,
        }
    }
    /// A text that reads the same in both languages (a path, a code, text of a file).
    pub fn same(text: impl Into<String>) -> Text {
        let en = text.into();
        Text { zh: en.clone(), en }
    }
    /// Both languages, changed by `f` (masking a number, say).
    pub fn rewrite(&mut self, mut f: impl FnMut(&mut String)) {
        f(&mut self.en);
        f(&mut self.zh);
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.en
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

/// A [`Text`] in English and Chinese, each formatted like `format!` (inline `{name}`
/// captures, or `; name = value, …` after the two strings):
/// `tr!("topic \"{id}\" does not exist", "议题“{id}”不存在"; id = t.id)`.
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(;)?) => {
        $crate::diagnostics::Text { en: format!($en), zh: format!($zh) }
    };
    ($en:literal, $zh:literal; $($name:ident = $value:expr),+ $(,)?) => {{
        $(let $name = $value;)+
        $crate::diagnostics::Text { en: format!($en), zh: format!($zh) }
    }};
}

/// How bad a problem is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Stops the build (exit code 1).
    Error,
    /// Reported; the build goes on unless `--deny-warnings`.
    Warning,
}

/// One text file of the community repository, kept whole so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, with `/` separators (`content/topics/x.md`).
    pub path: String,
    /// The file's text.
    pub text: String,
    /// Where each line starts, made on the first diagnostic: a file with 10,000 overdue
    /// actions gets 10,000 warnings, each of which would count lines from the top.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A file at `path` holding `text`.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = clamp_to_char_boundary(&self.text, offset);
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }

    /// The text of the line holding a byte offset, without its line break.
    pub fn line_text(&self, offset: usize) -> &str {
        let offset = clamp_to_char_boundary(&self.text, offset);
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        self.text[start..end].trim_end_matches('\r')
    }
}

fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A problem found in the content, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable short code (`vocabulary`, `unknown-ref`, …) for documentation and tools.
    pub code: &'static str,
    /// Path relative to the repository root.
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file or no file.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What is wrong.
    pub message: Text,
    /// The offending line as written, when there is one.
    pub source_line: Option<String>,
    /// How many characters the caret underline covers.
    pub width: usize,
    /// How to fix it.
    pub hint: Option<Text>,
}

impl Diagnostic {
    /// A problem at a byte span of a file.
    pub fn at(
        severity: Severity,
        code: &'static str,
        file: &SourceFile,
        span: Range<usize>,
        message: Text,
    ) -> Self {
        let (line, column) = file.line_col(span.start);
        let source_line = file.line_text(span.start).to_string();
        let start = clamp_to_char_boundary(&file.text, span.start);
        let end = clamp_to_char_boundary(&file.text, span.end.max(span.start));
        let covered = file.text[start..end].lines().next().unwrap_or("");
        let width = covered.chars().count().max(1);
        Diagnostic {
            severity,
            code,
            path: file.path.clone(),
            line,
            column,
            message,
            source_line: Some(source_line),
            width,
            hint: None,
        }
    }

    /// An error at a byte span of a file.
    pub fn error(code: &'static str, file: &SourceFile, span: Range<usize>, message: Text) -> Self {
        Self::at(Severity::Error, code, file, span, message)
    }

    /// A warning at a byte span of a file.
    pub fn warning(
        code: &'static str,
        file: &SourceFile,
        span: Range<usize>,
        message: Text,
    ) -> Self {
        Self::at(Severity::Warning, code, file, span, message)
    }

    /// A problem with a file as a whole (unreadable, not UTF-8) or with no file.
    pub fn whole_file(severity: Severity, code: &'static str, path: &str, message: Text) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.to_string(),
            line: 0,
            column: 0,
            message,
            source_line: None,
            width: 1,
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: Text) -> Self {
        self.hint = Some(hint);
        self
    }

    /// [`Diagnostic::render_in`] English.
    pub fn render(&self) -> String {
        self.render_in(Language::En)
    }

    /// `path:line:column: error[code]: message`, then the line, a caret and the hint, in
    /// `language` (`错误[code]`, `提醒[code]`, `提示` in Chinese; the code stays as it is).
    pub fn render_in(&self, language: Language) -> String {
        let mut out = String::new();
        let kind = severity_word(self.severity, language);
        if self.line > 0 {
            let _ = write!(out, "{}:{}:{}: ", self.path, self.line, self.column);
        } else {
            let _ = write!(out, "{}: ", self.path);
        }
        let _ = writeln!(out, "{kind}[{}]: {}", self.code, self.message.get(language));
        if let Some(full) = &self.source_line {
            // Long lines (minified text, a 100 kB list) are cut to a window around the caret.
            const WINDOW: usize = 100;
            let chars: Vec<char> = full.chars().collect();
            let caret_at = self.column.saturating_sub(1).min(chars.len());
            let start = caret_at.saturating_sub(WINDOW / 3);
            let end = (start + WINDOW).min(chars.len());
            let mut source: String = chars[start..end].iter().collect();
            let mut column = caret_at - start;
            if start > 0 {
                source.insert(0, '…');
                column += 1;
            }
            if end < chars.len() {
                source.push('…');
            }
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let _ = writeln!(out, " {number} | {source}");
            // Wide (CJK) characters take two columns on a terminal; tabs stay tabs.
            let lead: String = source
                .chars()
                .take(column)
                .map(|c| {
                    if c == '\t' {
                        "\t".to_string()
                    } else {
                        " ".repeat(display_width(c))
                    }
                })
                .collect();
            let caret_width: usize = source
                .chars()
                .skip(column)
                .take(self.width)
                .map(display_width)
                .sum::<usize>()
                .max(1);
            let _ = writeln!(out, " {pad} | {lead}{}", "^".repeat(caret_width));
        }
        if let Some(hint) = &self.hint {
            let word = match language {
                Language::ZhCn => "提示",
                Language::En => "hint",
            };
            let _ = writeln!(out, "  = {word}: {}", hint.get(language));
        }
        out
    }
}

/// "error" / "warning", or 错误 / 提醒.
pub fn severity_word(severity: Severity, language: Language) -> &'static str {
    match (severity, language) {
        (Severity::Error, Language::En) => "error",
        (Severity::Warning, Language::En) => "warning",
        (Severity::Error, Language::ZhCn) => "错误",
        (Severity::Warning, Language::ZhCn) => "提醒",
    }
}

/// Terminal columns a character takes: two for East Asian wide characters.
fn display_width(c: char) -> usize {
    let c = c as u32;
    let wide = (0x1100..=0x115F).contains(&c)
        || (0x2E80..=0xA4CF).contains(&c)
        || (0xAC00..=0xD7A3).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFE30..=0xFE4F).contains(&c)
        || (0xFF00..=0xFF60).contains(&c)
        || (0xFFE0..=0xFFE6).contains(&c)
        || (0x20000..=0x3FFFD).contains(&c);
    if wide { 2 } else { 1 }
}

/// [`summary_in`] English.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    summary_in(diagnostics, Language::En)
}

/// The summary line: "3 errors, 2 warnings in 2 files" / "3 个错误，2 个提醒，涉及 2 个文件".
pub fn summary_in(diagnostics: &[Diagnostic], language: Language) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let mut files: Vec<&str> = diagnostics.iter().map(|d| d.path.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    if language == Language::ZhCn {
        return format!(
            "{errors} 个错误，{warnings} 个提醒，涉及 {} 个文件",
            files.len()
        );
    }
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files.len(), "file")
    )
}

/// Sorts diagnostics by file, line and column so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    // Stable, and in parallel: a large community can have ten thousand warnings.
    diagnostics.par_sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
    });
}

/// Whether any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("content/topics/a.md", text)
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = file("+++\ntitle = \"停车\"\ncategory = \"公益\"\n");
        let offset = f.text.find("\"公益").unwrap();
        assert_eq!(f.line_col(offset), (3, 12));
        assert_eq!(f.line_text(offset), "category = \"公益\"");
    }

    #[test]
    fn render_shows_location_line_caret_and_hint() {
        let f = file("+++\ncategory = \"公益\"\n+++\n");
        let start = f.text.find("\"公益\"").unwrap();
        let d = Diagnostic::error(
            "vocabulary",
            &f,
            start..start + "\"公益\"".len(),
            crate::tr!("bad", "不对"),
        )
        .with_hint(crate::tr!(
            "did you mean \"公益事业\"?",
            "是不是“公益事业”？"
        ));
        let text = d.render();
        assert_eq!(
            text,
            "content/topics/a.md:2:12: error[vocabulary]: bad\n 2 | category = \"公益\"\n   |            ^^^^^^\n  = hint: did you mean \"公益事业\"?\n"
        );
        assert_eq!(
            d.render_in(Language::ZhCn),
            "content/topics/a.md:2:12: 错误[vocabulary]: 不对\n 2 | category = \"公益\"\n   |            ^^^^^^\n  = 提示: 是不是“公益事业”？\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let text = format!("category = {}\"x\"", "[".repeat(500));
        let f = file(&text);
        let at = text.find('"').unwrap();
        let out = Diagnostic::error("syntax", &f, at..at + 1, Text::same("bad")).render();
        let shown = out.lines().nth(1).unwrap();
        assert!(shown.chars().count() < 120, "{shown}");
        assert!(
            shown.contains("…[[[") && shown.ends_with("\"x\""),
            "{shown}"
        );
        let caret = out.lines().nth(2).unwrap();
        assert_eq!(
            caret.find('^'),
            shown
                .find('"')
                .map(|i| shown[..i].chars().count() + (caret.len() - caret.chars().count()))
        );
    }

    #[test]
    fn summary_counts_errors_warnings_and_files() {
        let f = file("x\n");
        let mut other = f.clone();
        other.path = "site.toml".into();
        let ds = vec![
            Diagnostic::error("a", &f, 0..1, Text::same("m")),
            Diagnostic::error("a", &other, 0..1, Text::same("m")),
            Diagnostic::warning("b", &f, 0..1, Text::same("m")),
        ];
        assert_eq!(summary(&ds), "2 errors, 1 warning in 2 files");
        assert_eq!(
            summary_in(&ds, Language::ZhCn),
            "2 个错误，1 个提醒，涉及 2 个文件"
        );
    }
}
