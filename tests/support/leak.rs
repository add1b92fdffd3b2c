//! The privacy scan's rendering oracle, shared by `tests/robustness.rs` (property test, in
//! CI) and the fuzz target `fuzz/fuzz_targets/privacy.rs` (coverage-guided, by hand).
//!
//! From any bytes, [`case`] makes a community whose records hold one generated personal
//! number — a mobile, a resident ID or a bank card, valid by its own rules — written the
//! way staff or an attacker might: split by any kind of space, dash or invisible character,
//! its digits full-width, circled or mathematical, Chinese numerals, other scripts' digits,
//! as TOML escapes or HTML entities, wrapped in emphasis, code, inline tags or comments, by
//! dots, slashes, underscores and brackets, in a sentence or a table's cell; an ID's X as
//! ×, Cyrillic Х or Greek Χ. [`leaked`] reads every file a build would
//! publish the simplest way there is — tags and separators stripped, entities and escapes
//! decoded, NFKC — independently of yishi's own reading, and says where the number can be
//! read. The property: the build fails, or nothing leaks.

#![allow(dead_code)]

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// A site and its files, and the number hidden in them (its digits, `X` for an ID's).
pub struct Case {
    pub site: String,
    pub files: Vec<(String, String)>,
    pub number: String,
}

/// Reads choices from the fuzzer's bytes (zeros when they run out).
struct Choices<'a>(&'a [u8], usize);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.0.get(self.1).copied().unwrap_or(0);
        self.1 += 1;
        b
    }
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
    fn digit(&mut self) -> u8 {
        b'0' + self.below(10) as u8
    }
}

/// A valid number of one of the three kinds.
fn number(c: &mut Choices) -> String {
    match c.below(4) {
        3 => {
            // A mobile with its country code and no plus.
            let mut n = String::from("861");
            n.push(char::from(b'3' + c.below(7) as u8));
            for _ in 0..9 {
                n.push(char::from(c.digit()));
            }
            n
        }
        0 => {
            let mut n = String::from("1");
            n.push(char::from(b'3' + c.below(7) as u8));
            for _ in 0..9 {
                n.push(char::from(c.digit()));
            }
            n
        }
        1 => {
            let mut n = String::new();
            n.push(char::from(b'1' + c.below(8) as u8));
            for _ in 0..5 {
                n.push(char::from(c.digit()));
            }
            n.push_str(&format!(
                "{:04}{:02}{:02}",
                1930 + c.below(80),
                1 + c.below(12),
                1 + c.below(28)
            ));
            for _ in 0..3 {
                n.push(char::from(c.digit()));
            }
            let check = yishi::privacy::id_check_char(n.as_bytes()).unwrap_or('0');
            n.push(check);
            n
        }
        _ => {
            let mut n = String::from("62");
            for _ in 0..13 {
                n.push(char::from(c.digit()));
            }
            let last = (0..10u8)
                .map(|d| char::from(b'0' + d))
                .find(|d| yishi::privacy::luhn(format!("{n}{d}").as_bytes()))
                .unwrap_or('0');
            n.push(last);
            n
        }
    }
}

/// Where the number is written: a TOML string (a plain-text field), the Markdown body, or
/// a cell of a table in the body among cells of other numbers.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Title,
    Summary,
    Body,
    Table,
}

/// One digit (or the ID's X) as it may be written in `place`.
fn write_digit(c: &mut Choices, d: char, place: Place) -> String {
    let n = d.to_digit(10);
    let plain = d.to_string();
    let Some(n) = n else {
        // The X, as it gets typed.
        return c.pick(&["X", "x", "×", "Х", "Χ"]).to_string();
    };
    let fullwidth = char::from_u32(0xFF10 + n)
        .map(String::from)
        .unwrap_or_default();
    let bold = char::from_u32(0x1D7CE + n)
        .map(String::from)
        .unwrap_or_default();
    let circled = if n == 0 {
        "⓪".to_string()
    } else {
        char::from_u32(0x245F + n)
            .map(String::from)
            .unwrap_or_default()
    };
    let chinese =
        ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"][n as usize].to_string();
    let arabic = char::from_u32(0x0660 + n)
        .map(String::from)
        .unwrap_or_default();
    let devanagari = char::from_u32(0x0966 + n)
        .map(String::from)
        .unwrap_or_default();
    match place {
        Place::Title | Place::Summary => match c.below(9) {
            0 => fullwidth,
            1 => bold,
            2 => circled,
            3 => format!("\\u{:04X}", 0x30 + n),
            4 => format!("\\U{:08x}", 0x30 + n),
            5 => chinese,
            6 => arabic,
            7 => devanagari,
            _ => plain,
        },
        Place::Body | Place::Table => match c.below(12) {
            0 => fullwidth,
            1 => format!("&#{};", 0x30 + n),
            2 => format!("&#x{:x};", 0x30 + n),
            3 => format!("*{d}*"),
            4 => format!("<span>{d}</span>"),
            5 => format!("<b>{d}</b>"),
            6 => format!("`{d}`"),
            7 => circled,
            8 => chinese,
            9 => arabic,
            _ => plain,
        },
    }
}

/// What may stand between two digits in `place` and read as nothing. (An opening bracket
/// opens a number, `(139)1234…`; between two groups it sets a remark apart, so it is not
/// one of these.)
fn separator(c: &mut Choices, place: Place) -> &'static str {
    const ANY: &[&str] = &[
        " ", "  ", "\u{3000}", "\u{a0}", "\u{2009}", "-", "\u{ff0d}", "\u{2010}", "\u{2013}",
        "\u{2014}", "\u{2212}", "\u{200b}", "\u{200d}", "\u{2060}", "\u{feff}", "\u{ad}",
        "\u{200e}", "\u{fe0f}", ".", "/", ")", "·", "．", "）",
    ];
    const TOML: &[&str] = &["\\t", "\\u3000", "\\u200B"];
    const BODY: &[&str] = &[
        "&nbsp;",
        "&ensp;",
        "&thinsp;",
        "&ndash;",
        "&mdash;",
        "&shy;",
        "&zwj;",
        "<!-- x -->",
        "\\-",
        "<em></em>",
    ];
    let list: &[&'static str] = match (place, c.below(3)) {
        (Place::Body | Place::Table, 0) => BODY,
        (Place::Title | Place::Summary, 0) => TOML,
        _ => ANY,
    };
    list[c.below(list.len())]
}

/// The community of the fuzzer's bytes: one topic, the number in its title, summary or
/// body.
pub fn case(data: &[u8]) -> Case {
    let mut c = Choices(data, 0);
    let number = number(&mut c);
    let place = *c.pick(&[Place::Title, Place::Summary, Place::Body, Place::Table]);
    let mut written = String::new();
    for (i, d) in number.chars().enumerate() {
        if i > 0 && c.below(3) == 0 {
            written.push_str(separator(&mut c, place));
        }
        written.push_str(&write_digit(&mut c, d, place));
    }
    let (title, summary, body) = match place {
        Place::Title => (
            format!("联系{written}"),
            "摘要".to_string(),
            "正文".to_string(),
        ),
        Place::Summary => (
            "停车".to_string(),
            format!("电话 {written} 王"),
            "正文".to_string(),
        ),
        Place::Body => (
            "停车".to_string(),
            "摘要".to_string(),
            format!("居民反映：联系电话 {written}，请回电。"),
        ),
        Place::Table => (
            "停车".to_string(),
            "摘要".to_string(),
            format!(
                "| 楼栋 | 户数 | 联系电话 |\n|---|---|---|\n| 1 | 36 | {written} |\n| 2 | 48 | 无 |\n"
            ),
        ),
    };
    let topic = format!(
        "+++\ntitle = \"{title}\"\ncategory = \"其他\"\nraised = 2025-01-02\nsummary = \"{summary}\"\n+++\n{body}\n"
    );
    Case {
        site: "title = \"T\"\ncommunity = \"C\"\nbase_url = \"https://example.org/\"\n".into(),
        files: vec![("content/topics/t.md".into(), topic)],
        number: number.to_ascii_uppercase(),
    }
}

/// Whether a character reads as nothing inside a number: a space, a dash, an invisible
/// character or a mark.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c == '\u{2212}'
        || matches!(
            get_general_category(c),
            GeneralCategory::DashPunctuation
                | GeneralCategory::Format
                | GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
        )
}

/// HTML or XML with every tag removed (its attribute values kept, each apart) and the
/// entities our outputs use decoded.
fn strip_markup(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        // Attribute values, each on its own.
        for value in rest[..gt].split('"').skip(1).step_by(2) {
            out.push('\u{1}');
            out.push_str(value);
            out.push('\u{1}');
        }
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    decode(&out)
}

fn decode(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e < 12);
        let ch = end.and_then(|e| match &rest[1..e] {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            n if n.starts_with("#x") || n.starts_with("#X") => u32::from_str_radix(&n[2..], 16)
                .ok()
                .and_then(char::from_u32),
            n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        });
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn json_strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\u{1}');
        }
        serde_json::Value::Number(n) => {
            out.push_str(&n.to_string());
            out.push('\u{1}');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|i| json_strings(i, out)),
        serde_json::Value::Object(m) => m.iter().for_each(|(k, v)| {
            out.push_str(k);
            out.push('\u{1}');
            json_strings(v, out);
        }),
        _ => {}
    }
}

/// The text of a published file as the simplest reader gets it.
pub fn readable(path: &str, bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if path.ends_with(".html") {
        strip_markup(&text)
    } else if path.ends_with(".xml") {
        strip_markup(&strip_markup(&text))
    } else if path.ends_with(".ics") {
        text.replace("\r\n ", "")
            .replace("\\n", "\n")
            .replace("\\,", ",")
            .replace("\\;", ";")
            .replace("\\\\", "\\")
    } else if path.ends_with(".json") {
        let mut out = String::new();
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes) {
            json_strings(&v, &mut out);
        }
        out
    } else {
        text.into_owned()
    }
}

/// What a character reads as in the oracle: Chinese numerals and other scripts' digits as
/// ASCII digits, what is typed for an ID's X as X; the separators a person puts between
/// digits as nothing.
fn plainly(c: char) -> Option<char> {
    const CHINESE: &str = "〇一二三四五六七八九";
    if let Some(i) = CHINESE.chars().position(|n| n == c) {
        return char::from_digit(i as u32, 10);
    }
    for zero in [0x0660u32, 0x0966] {
        if (zero..zero + 10).contains(&(c as u32)) {
            return char::from_digit(c as u32 - zero, 10);
        }
    }
    if matches!(c, '×' | 'Х' | 'Χ' | 'х' | 'χ') {
        return Some('X');
    }
    if invisible(c) || matches!(c, '.' | '/' | '_' | '(' | ')' | '·') {
        return None;
    }
    Some(c)
}

/// Where `number` can be read in the published files, if anywhere: NFKC, invisible
/// characters and separators removed, every digit as ASCII, upper case.
pub fn leaked(files: &[yishi::plumbing::output::OutputFile], number: &str) -> Option<String> {
    files.iter().find_map(|f| {
        let read: String = readable(&f.path, &f.bytes)
            .nfkc()
            .filter_map(plainly)
            .flat_map(char::to_uppercase)
            .collect();
        read.contains(number).then(|| f.path.clone())
    })
}
