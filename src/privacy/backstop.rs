//! The backstop: every file about to be published is read for personal numbers, and what
//! it finds is reported at the record (and line) it came from. Also where every report is
//! masked before it is shown, since CI logs are often public.

use std::borrow::Cow;

use rayon::prelude::*;

use super::published::scan_published;
use super::reading::decoded_cells;
use super::scan::{Finding, redact};
use crate::diagnostics::{Diagnostic, Severity};
use crate::input::source::{Node, Source, paths_under};

/// The privacy scan's last line: every file about to be published, read as its readers
/// will read it ([`scan_published`]). What the check of the records cannot see — a
/// number made by two fields side by side, or hidden by markup it does not read — is
/// caught here, and the site is not written.
pub struct Backstop {
    allow: Vec<String>,
    trusted: &'static [&'static [u8]],
    found: std::sync::Mutex<Vec<(String, Finding)>>,
}

impl Backstop {
    /// A scan with the community's allow list.
    pub fn new(allow: &[String]) -> Self {
        Backstop {
            allow: allow.to_vec(),
            trusted: &[],
            found: Default::default(),
        }
    }

    /// The same scan, passing files that are exactly one of `files`: yishi's own vendored
    /// bytes (the form editor's script, fixed by its checksum), which hold no record and
    /// whose minified numbers are not anyone's.
    pub fn trusting(self, files: &'static [&'static [u8]]) -> Self {
        Backstop {
            trusted: files,
            ..self
        }
    }

    /// Reads one file about to be published.
    pub fn read(&self, path: &str, bytes: &[u8]) {
        if self.trusted.contains(&bytes) {
            return;
        }
        let found = scan_published(path, bytes, &self.allow);
        if !found.is_empty()
            && let Ok(mut all) = self.found.lock()
        {
            all.extend(found.into_iter().map(|f| (path.to_string(), f)));
        }
    }

    /// An error for each number found, at the record it comes from when the file is one
    /// record's page (`record_of` tells which, from the site's address scheme) and at the
    /// line that holds the number, when one does; else at the published file. `source` is
    /// the community's repository. The messages are masked like every other report.
    pub fn into_diagnostics(
        self,
        source: &dyn Source,
        record_of: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<Diagnostic> {
        let read = |rel: &str| {
            source
                .read(rel)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        };
        let found = self.found.into_inner().unwrap_or_default();
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (output, f) in found {
            let mut record =
                record_of(&output).filter(|p| matches!(source.node(p), Ok(Node::File(_))));
            let mut at = record.as_deref().and_then(read).and_then(|text| {
                line_holding(&text, &f.digits).map(|(n, line)| (n, line.to_string()))
            });
            if at.is_none()
                && let Some((path, n, line)) = where_it_begins(source, &f.digits)
            {
                // No one line holds it: the line where it begins, which another field (or
                // the next line) continues.
                record = Some(path);
                at = Some((n, line));
            }
            let key = record.clone().unwrap_or_else(|| output.clone());
            if !seen.insert((key, f.digits.clone())) {
                continue;
            }
            let message = crate::tr!(
                "{kind} would be published in {output} ({masked}): the page joins it from the records, or shows text the check could not read",
                "{output} 会公开{kind_zh}（{masked}）：页面把记录中的内容拼到了一起，或显示了检查时读不出的写法";
                kind = f.kind.describe(),
                kind_zh = f.kind.describe_zh(),
                masked = &f.suggest
            );
            let hint = crate::tr!(
                "find where the number is written (perhaps split across fields, or hidden by markup or escapes) and remove or mask it",
                "找到号码写在哪里（可能分在几个字段里，或被格式、转义写法隐藏），删去或打码"
            );
            let mut d = Diagnostic::whole_file(
                Severity::Error,
                "personal-data",
                record.as_deref().unwrap_or(&output),
                message,
            )
            .with_hint(hint);
            if let Some((line, text)) = at {
                d.line = line;
                d.column = 1;
                d.source_line = Some(text);
            }
            out.push(d);
        }
        redact_diagnostics(&mut out, &self.allow);
        out
    }
}

/// The record line where a number that no one line holds begins: the line (of the
/// records under content/ and site.toml) whose digits, read through everything else, end
/// with the longest start of `digits` (at least three of them).
fn where_it_begins(source: &dyn Source, digits: &str) -> Option<(String, usize, String)> {
    let mut files = vec!["site.toml".to_string()];
    files.extend(
        paths_under(source, "content")
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.ends_with(".md") || p.ends_with(".toml")),
    );
    let mut best: Option<(usize, String, usize, String)> = None;
    for rel in files {
        let Some(text) = source
            .read(&rel)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let read: String = decoded_cells(line)
                .iter()
                .map(|c| c.c.to_ascii_uppercase())
                .filter(|c| c.is_ascii_digit() || *c == 'X')
                .collect();
            let k = (3..digits.len())
                .rev()
                .find(|&k| read.ends_with(&digits[..k]))
                .unwrap_or(0);
            if k >= 3 && best.as_ref().is_none_or(|b| k > b.0) {
                best = Some((k, rel.clone(), i + 1, line.to_string()));
            }
        }
    }
    best.map(|(_, rel, n, line)| (rel, n, line))
}

/// The first line (1-based) of `text` whose digits, read through everything else, hold
/// `digits`.
fn line_holding<'a>(text: &'a str, digits: &str) -> Option<(usize, &'a str)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let cells = decoded_cells(line);
        let read: String = cells
            .iter()
            .map(|c| c.c)
            .filter(char::is_ascii_alphanumeric)
            .collect();
        read.to_ascii_uppercase()
            .contains(digits)
            .then_some((i + 1, line))
    })
}

/// Masks every personal number in what diagnostics print — message, quoted line, hint and
/// the file's path (a file named after a phone number) — because CI logs are often public.
/// Every report passes through here before it is returned.
pub fn redact_diagnostics(diagnostics: &mut [Diagnostic], allow: &[String]) {
    let mask = |text: &mut String| {
        if let Cow::Owned(redacted) = redact(text, allow) {
            *text = redacted;
        }
    };
    diagnostics.par_iter_mut().for_each(|d| {
        d.message.rewrite(mask);
        if let Some(hint) = d.hint.as_mut() {
            hint.rewrite(mask);
        }
        for text in [d.source_line.as_mut(), Some(&mut d.path)]
            .into_iter()
            .flatten()
        {
            mask(text);
        }
    });
}
