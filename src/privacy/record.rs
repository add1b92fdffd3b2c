//! Scanning a record: every file staff write — an entry as written, its front matter as its
//! strings decode and its body as it renders, site.toml and council.toml, a text attachment
//! or a static file, a file's name — read for personal numbers, each found an error at its
//! line with the masked form to write instead ([`scan_record`]).

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::published::html_text;
use super::reading::{self, BREAK, Cell, SEP, classified, classify_into, is_joiner};
use super::scan::{Finding, scan, scan_cells, scan_decoded};
use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::input::load::RawEntry;

/// What is scanned: a record file, a TOML file, a plain text or a file's name.
#[derive(Debug, Clone, Copy)]
pub enum Record<'a> {
    /// A Markdown entry with front matter (a topic, a meeting …): as written, its front
    /// matter as its strings decode, its body as it renders.
    Entry(&'a RawEntry),
    /// site.toml or council.toml: as written and as its strings decode.
    Toml(&'a SourceFile),
    /// A text file published as it is (a CSV attachment, a static file): as written.
    Text(&'a SourceFile),
    /// The name of the file at `path` — `name` is the part that is published, an id or a path
    /// with its folders — which is in every link to it.
    Name {
        /// The file, as staff know it.
        path: &'a str,
        /// What of its name is published.
        name: &'a str,
    },
}

/// An error for each personal number a record shows, at its line, with the masked form to
/// write instead; `allow` lists what is public on purpose (site.toml `[privacy] allow`).
pub fn scan_record(record: Record<'_>, allow: &[String]) -> Vec<Diagnostic> {
    match record {
        Record::Entry(entry) => entry_privacy(entry, allow),
        Record::Toml(file) => toml_privacy_diagnostics(file, allow),
        Record::Text(file) => privacy_diagnostics(file, allow),
        Record::Name { path, name } => name_privacy(path, name, allow),
    }
}

/// An error for each personal number in a file as written, with the masked form as the hint
/// (a text attachment: published as it is).
fn privacy_diagnostics(file: &SourceFile, allow: &[String]) -> Vec<Diagnostic> {
    findings_to_diagnostics(file, scan(&file.text, allow))
}

/// An error for each personal number in a TOML file (site.toml, council.toml) as written
/// and as its strings decode (`\u0031`, a line continuation inside `"""`, `13_912_…`).
fn toml_privacy_diagnostics(file: &SourceFile, allow: &[String]) -> Vec<Diagnostic> {
    let mut found = scan(&file.text, allow);
    if may_hide_in_toml(&file.text) {
        found.extend(scan_decoded(&file.text, allow));
    }
    findings_to_diagnostics(file, found)
}

/// Whether TOML text has an escape or an underscore between digits: only then can a value
/// decode to digits the text as written does not show.
fn may_hide_in_toml(text: &str) -> bool {
    let b = text.as_bytes();
    b.contains(&b'\\')
        || b.windows(3)
            .any(|w| w[1] == b'_' && w[0].is_ascii_digit() && w[2].is_ascii_digit())
}

/// An error for each personal number in an entry as residents read it: the file as
/// written, its front matter as its strings decode, and its body as it renders
/// ([`markdown::reading_cells`]: entities, escapes and markup read through).
fn entry_privacy(entry: &RawEntry, allow: &[String]) -> Vec<Diagnostic> {
    let file = &entry.file;
    let mut found = scan(&file.text, allow);
    let front = entry.front_text();
    if may_hide_in_toml(front) {
        let shift = entry.front.start;
        found.extend(scan_decoded(front, allow).into_iter().map(|mut f| {
            f.span = f.span.start + shift..f.span.end + shift;
            f
        }));
    }
    let body = entry.body_text();
    if body_may_hide_number(body) {
        let shift = entry.body.start;
        let cells = reading_cells(body);
        found.extend(scan_cells(body, &cells, allow).into_iter().map(|mut f| {
            f.span = f.span.start + shift..f.span.end + shift;
            f
        }));
    }
    findings_to_diagnostics(file, found)
}

/// Whether a body could render to a number its text as written does not show: a run of at
/// least 11 characters that read, or may decode, as digits (an entity `&…;`, a percent
/// escape) with nothing between them but joiners and Markdown or HTML markup — tags and
/// link destinations read through as the rendered text reads them — and with markup, an
/// encoding or a line break among them (a run without one is read exactly by the
/// line-by-line scan). Most bodies have none, and skip the Markdown parse.
fn body_may_hide_number(body: &str) -> bool {
    let bytes = body.as_bytes();
    let mut run = 0usize;
    let mut marked = false;
    let mut at = 0;
    while at < bytes.len() {
        let rest = &body[at..];
        let Some(ch) = rest.chars().next() else { break };
        let mut step = ch.len_utf8();
        let (mut digit, mut joins) = (false, false);
        match ch {
            '&' | '%' => {
                // An entity or a percent escape: one character, perhaps a digit.
                digit = true;
                marked = true;
                if ch == '&' {
                    if let Some(end) = rest.bytes().take(34).position(|b| b == b';') {
                        step = end + 1;
                    }
                } else if rest.len() >= 3 {
                    step = 3;
                }
            }
            '<' => {
                // A tag or a comment, read through.
                joins = true;
                marked = true;
                let window = &rest[..rest.len().min(4096)];
                let end = if window.starts_with("<!--") {
                    window.find("-->").map(|e| e + 3)
                } else {
                    window.find('>').map(|e| e + 1)
                };
                step = end.unwrap_or(1);
            }
            ']' if rest.as_bytes().get(1) == Some(&b'(') => {
                // A link's destination: read apart, so the text on either side joins.
                joins = true;
                marked = true;
                step = rest[..rest.len().min(4096)].find(')').map_or(1, |e| e + 1);
            }
            '*' | '_' | '~' | '`' | '\\' | '>' | '[' | ']' | '(' | ')' | '!' | '{' | '}' | '#'
            | '=' | ':' | '"' | '\'' | ';' | '^' | '\n' => {
                joins = true;
                marked |= run > 0;
            }
            ch if ch.is_ascii_digit() => digit = true,
            ch if ch.is_ascii() => {
                joins = is_joiner(reading::read_char_ascii(ch));
            }
            ch => classify_into(ch, &mut |c| {
                if c.is_ascii_digit() {
                    digit = true;
                } else if is_joiner(c) {
                    joins = true;
                }
            }),
        }
        if digit {
            run += 1;
            if run >= 11 && marked {
                return true;
            }
        } else if !joins {
            run = 0;
            marked = false;
        }
        at += step;
        while !body.is_char_boundary(at) {
            at += 1;
        }
    }
    false
}

/// An error for each personal number in the name of the file at `path` (`name`: the part
/// that is published, an id or a path with its folders): a name is in every link to it.
fn name_privacy(path: &str, name: &str, allow: &[String]) -> Vec<Diagnostic> {
    scan(name, allow)
        .into_iter()
        .map(|f| {
            Diagnostic::whole_file(
                Severity::Error,
                "personal-data",
                path,
                crate::tr!("the file's name holds {kind}, and a name is published in the address of every link to it", "文件名里有{kind_zh}，而文件名会出现在每个链接的网址里"; kind = f.kind.describe(), kind_zh = f.kind.describe_zh()),
            )
            .with_hint(crate::tr!("rename it without the number (the name would read {masked})", "给文件改名，去掉这个号码（打码后是 {masked}）"; masked = &f.suggest))
        })
        .collect()
}

/// Diagnostics of findings, one per number and line (the readings find the same number
/// again where it is written plainly).
fn findings_to_diagnostics(file: &SourceFile, mut found: Vec<Finding>) -> Vec<Diagnostic> {
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let line_of = |at: usize| file.text[..at.min(file.text.len())].matches('\n').count();
    let mut seen = std::collections::HashSet::new();
    found
        .into_iter()
        .filter(|f| seen.insert((f.digits.clone(), line_of(f.span.start))))
        .map(|f| {
            let mut hint = crate::tr!("write it masked as {masked} or remove it; if it is public on purpose (a service hotline), list it in site.toml [privacy] allow", "改写成打码形式 {masked}，或删去；如果本来就是公开号码（如服务热线），写进 site.toml 的 [privacy] allow"; masked = &f.suggest);
            if f.spaced {
                // Read across spaces: perhaps several numbers side by side.
                let apart = crate::tr!("; if these are separate numbers (rooms, amounts), set them apart with 、 or put one on each line", "；如果这是几个不同的数字（房号、金额），请用顿号“、”隔开，或每行写一个");
                hint.en.push_str(&apart.en);
                hint.zh.push_str(&apart.zh);
            }
            Diagnostic::error("personal-data", file, f.span, crate::tr!("{kind} must not be published", "不能公开{kind_zh}"; kind = f.kind.describe(), kind_zh = f.kind.describe_zh()))
                .with_hint(hint)
        })
        .collect()
}

/// A body as its readers see it, for the personal-data scan: the text of the rendered page
/// with each character's place in the body. Emphasis, links and inline HTML tags are read
/// through (`1**39**12345678` is one number), entities and escapes decoded, comments left
/// out; blocks and table cells stand apart; link targets (`tel:` decoded), titles, image
/// descriptions, heading ids and attributes are read after the text, each apart.
pub fn reading_cells(body: &str) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    let push = |cells: &mut Vec<Cell>, c: char, span: Range<usize>| {
        if c == BREAK && cells.last().is_some_and(|l| l.c == BREAK) {
            return;
        }
        cells.push(Cell { c, span });
    };
    // Text that is not in the body as written (a decoded link target): at the place of the
    // whole element.
    let read = |cells: &mut Vec<Cell>, text: &str, span: &Range<usize>| {
        for (c, _) in classified(text) {
            push(cells, c, span.clone());
        }
    };
    // Attribute-like text, read after the body.
    let mut aside: Vec<(String, Range<usize>)> = Vec::new();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Text(t) | Event::Code(t) => {
                let source = &body[range.clone()];
                match source.find(&*t) {
                    // As written: each character at its own place.
                    Some(at) => {
                        let start = range.start + at;
                        for (i, ch) in t.char_indices() {
                            let span = start + i..start + i + ch.len_utf8();
                            classify_into(ch, &mut |c| push(&mut cells, c, span.clone()));
                        }
                    }
                    // Decoded (an entity, an escape): at the place of what was written.
                    None => {
                        for ch in t.chars() {
                            classify_into(ch, &mut |c| push(&mut cells, c, range.clone()));
                        }
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let text = html_text(&html);
                for ch in text.chars() {
                    if ch == BREAK {
                        push(&mut cells, BREAK, range.clone());
                    } else {
                        classify_into(ch, &mut |c| push(&mut cells, c, range.clone()));
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => push(&mut cells, SEP, range),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let url = percent_encoding::percent_decode_str(&dest_url)
                    .decode_utf8_lossy()
                    .into_owned();
                aside.push((url, range.clone()));
                aside.push((title.to_string(), range));
            }
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                push(&mut cells, BREAK, range.clone());
                for text in id.iter().chain(&classes) {
                    aside.push((text.to_string(), range.clone()));
                }
                for (k, v) in &attrs {
                    aside.push((k.to_string(), range.clone()));
                    aside.push((v.as_deref().unwrap_or("").to_string(), range.clone()));
                }
            }
            Event::FootnoteReference(label) => aside.push((label.to_string(), range)),
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            _ => push(&mut cells, BREAK, range),
        }
    }
    for (text, span) in aside {
        push(&mut cells, BREAK, span.clone());
        read(&mut cells, &text, &span);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn markdown_pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9]{1,5}",
            Just("139".to_string()),
            Just("13912345678".to_string()),
            Just(" ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("-".to_string()),
            Just("*".to_string()),
            Just("**".to_string()),
            Just("_".to_string()),
            Just("`".to_string()),
            Just("~~".to_string()),
            Just("\\".to_string()),
            Just("<span>".to_string()),
            Just("</span>".to_string()),
            Just("<!-- x -->".to_string()),
            Just("[".to_string()),
            Just("](x)".to_string()),
            Just("](tel:%31)".to_string()),
            Just("![".to_string()),
            Just("&#49;".to_string()),
            Just("&nbsp;".to_string()),
            Just("%31".to_string()),
            Just("１".to_string()),
            Just("一".to_string()),
            Just("中".to_string()),
            Just("a".to_string()),
            Just("- ".to_string()),
            Just("| ".to_string()),
            Just("> ".to_string()),
            Just("# ".to_string()),
            Just("{#a}".to_string()),
        ];
        prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The prefilter never skips a body whose rendered reading finds a number the
        /// line-by-line scan does not.
        #[test]
        fn the_body_prefilter_never_skips_a_hidden_number(body in markdown_pieces()) {
            let raw: Vec<String> = crate::privacy::scan(&body, &[]).into_iter().map(|f| f.digits).collect();
            let rendered = scan_cells(&body, &reading_cells(&body), &[]);
            let hidden = rendered.iter().any(|f| !raw.contains(&f.digits));
            prop_assert!(!hidden || body_may_hide_number(&body), "{:?}", body);
        }
    }
}
