//! How a person writes a number: the one definition every reading of the scan uses.
//!
//! A character reads, after NFKC normalisation, as one of these classes:
//!
//! - a **digit**, `'0'..='9'`: ASCII and full-width digits, circled, superscript and
//!   mathematical digits (NFKC: `⑬` is two), the decimal digits of every other script
//!   (`١٣٩`, `१३९`: Unicode Nd), and Chinese numerals written digit by digit (`〇一二三四五六七
//!   八九`, `零`, `幺` as said on the telephone, and the financial `壹贰叁肆伍陆柒捌玖`);
//! - `'X'`: the letter X in either case and what is typed for it in an ID's check place —
//!   `×`, Cyrillic `Х`, Greek `Χ`, `✕`;
//! - `'+'` (a country code's) and `'*'` (a masked digit), as themselves;
//! - a **joiner**, read as nothing between two digits: [`SEP`] for every space and every
//!   invisible character (format characters, combining marks), `'-'` for every dash, and the
//!   punctuation people put inside phone and card numbers — `'.'`, `'/'`, `'_'`, `'('`,
//!   `')'` (a middle dot `·` reads as `'.'`);
//! - [`LETTER`]: any other letter or number (it ends a run, and an ID's X may not be
//!   followed by one);
//! - [`BREAK`]: anything else — ideographs, CJK punctuation (`、，。；`), commas, colons,
//!   table pipes — ends a run.
//!
//! What the classes do not say — that a line, a table cell, a list item or a sentence ends
//! a number — each reading says by the cells it gives: a [`BREAK`] where the reader sees one
//! piece of text end and another begin.

use std::ops::Range;

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// A space or an invisible character: read as nothing inside a run of digits.
pub const SEP: char = ' ';
/// A letter (or a number of another kind): ends a run.
pub const LETTER: char = 'a';
/// Anything else: ends a run.
pub const BREAK: char = '\u{0}';

/// Whether a class is a joiner: read as nothing between two digits.
pub fn is_joiner(c: char) -> bool {
    matches!(c, SEP | '-' | '.' | '/' | '_' | '(' | ')')
}

/// One character as the scan reads it, with the bytes of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The character, classified.
    pub c: char,
    /// Where it came from.
    pub span: Range<usize>,
}

/// The digit a Chinese numeral is when a number is written digit by digit.
pub fn numeral(ch: char) -> Option<u8> {
    Some(match ch {
        '〇' | '零' => 0,
        '一' | '幺' | '壹' => 1,
        '二' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The value of a decimal digit of any script (Unicode Nd). Each script's digits are ten
/// consecutive code points from zero, and runs of them stand side by side (the
/// mathematical digits are five such runs): the value is the distance from the run's start,
/// modulo ten.
pub fn decimal_digit(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    let nd = |n: u32| {
        char::from_u32(n).is_some_and(|c| get_general_category(c) == GeneralCategory::DecimalNumber)
    };
    let n = c as u32;
    if !nd(n) {
        return None;
    }
    let mut zero = n;
    while zero > 0 && nd(zero - 1) {
        zero -= 1;
    }
    Some(((n - zero) % 10) as u8)
}

/// What is typed in place of an ID's check character X.
fn x_like(c: char) -> bool {
    matches!(
        c,
        '×' | 'Х' | 'х' | 'Χ' | 'χ' | '✕' | '✖' | '⨯' | '╳' | '㐅'
    )
}

/// How an ASCII character reads.
pub fn read_char_ascii(c: char) -> char {
    read_ascii(c)
}

/// How an ASCII character reads.
fn read_ascii(c: char) -> char {
    match c {
        '0'..='9' | '+' | '*' | 'X' | '-' | '.' | '/' | '_' | '(' | ')' => c,
        'x' => 'X',
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' => SEP,
        c if c.is_ascii_alphanumeric() => LETTER,
        _ => BREAK,
    }
}

/// How a character that NFKC has already normalised reads.
fn read_normalised(c: char) -> char {
    if c.is_ascii() {
        return read_ascii(c);
    }
    if let Some(d) = decimal_digit(c).or_else(|| numeral(c)) {
        return char::from(b'0' + d);
    }
    if x_like(c) {
        return 'X';
    }
    if matches!(c, '·' | '・' | '‧') {
        return '.';
    }
    if c == '\u{2212}' {
        return '-';
    }
    if c.is_whitespace() {
        return SEP;
    }
    match get_general_category(c) {
        GeneralCategory::DashPunctuation => '-',
        GeneralCategory::Format
        | GeneralCategory::NonspacingMark
        | GeneralCategory::SpacingMark
        | GeneralCategory::EnclosingMark => SEP,
        _ if c.is_alphanumeric() => LETTER,
        _ => BREAK,
    }
}

/// Calls `out` with the classes one character reads as: usually one, none for a character
/// NFKC removes, several for one it expands (`⑳` → `2`, `0`).
pub fn read_char(ch: char, mut out: impl FnMut(char)) {
    let n = ch as u32;
    if ch.is_ascii() {
        out(read_ascii(ch));
    } else if (0x3400..=0x9FFF).contains(&n) || (0xAC00..=0xD7A3).contains(&n) {
        // Ideographs and Hangul are their own NFKC form: a numeral or a break.
        out(numeral(ch).map_or(BREAK, |d| char::from(b'0' + d)));
    } else if (0x3001..=0x301B).contains(&n)
        || (0x301D..=0x3029).contains(&n)
        || (0x3031..=0x303F).contains(&n)
    {
        // CJK punctuation (the wave dash U+301C, U+3030 and the marks U+302A–F are dashes
        // and marks); 〇 U+3007 is a numeral.
        out(numeral(ch).map_or(BREAK, |d| char::from(b'0' + d)));
    } else if (0xFF01..=0xFF5E).contains(&n) {
        // Full-width ASCII: NFKC is the ASCII character.
        out(read_ascii(char::from_u32(n - 0xFEE0).unwrap_or('\0')));
    } else {
        for c in std::iter::once(ch).nfkc() {
            out(read_normalised(c));
        }
    }
}

/// `read_char` for callers that build their own cells.
pub fn classify_into(ch: char, out: &mut dyn FnMut(char)) {
    read_char(ch, out);
}

/// Each character of `text` read, with its byte range in `text` (None for a [`BREAK`]
/// standing for a NUL, which the published readings put between separate pieces).
pub fn classified(text: &str) -> Vec<(char, Option<Range<usize>>)> {
    let mut out = Vec::new();
    for (i, ch) in text.char_indices() {
        if ch == BREAK {
            out.push((BREAK, None));
            continue;
        }
        let span = i..i + ch.len_utf8();
        read_char(ch, |c| out.push((c, Some(span.clone()))));
    }
    out
}

/// Appends a cell, merging a break into the one before it.
pub fn push(out: &mut Vec<Cell>, c: char, span: Range<usize>) {
    if c == BREAK
        && let Some(last) = out.last_mut()
        && last.c == BREAK
    {
        last.span.end = span.end;
        return;
    }
    out.push(Cell { c, span });
}

/// The cells of a text read as written: a line break is a space, as in a paragraph.
pub fn cells(text: &str) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for (i, ch) in text.char_indices() {
        let span = i..i + ch.len_utf8();
        read_char(ch, |c| push(&mut out, c, span.clone()));
    }
    out
}

/// The cells of a text read line by line, as a file is read as written: numbers on two
/// lines (two list items, two table rows, two TOML values) are two numbers. What joins
/// lines for a reader — a paragraph's soft break, a TOML line continuation — is read by the
/// reading that knows the format (the body as it renders, the strings as they decode).
pub fn cells_by_line(text: &str) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for (i, ch) in text.char_indices() {
        let span = i..i + ch.len_utf8();
        if ch == '\n' || ch == '\r' {
            push(&mut out, BREAK, span);
        } else {
            read_char(ch, |c| push(&mut out, c, span.clone()));
        }
    }
    out
}

/// Whether `text` may hold a personal number at all: a run of at least 11 digits with
/// nothing but joiners between them (the shortest finding is an 11-digit mobile). Most
/// records hold only dates and counts and skip the scan.
pub fn may_hold_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Settled at once: fewer than 11 characters that could be digits at all (an ASCII
    // digit; any character outside ASCII, which may be a numeral or expand to three digits).
    let ascii_digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if ascii_digits < 11 {
        let others = bytes.iter().filter(|&&b| b >= 0xC0).count();
        if ascii_digits + 3 * others < 11 {
            return false;
        }
    }
    let mut run = 0usize;
    for ch in text.chars() {
        let mut reset = false;
        read_char(ch, |c| match c {
            '0'..='9' => run += 1,
            c if is_joiner(c) => {}
            _ => reset = true,
        });
        if run >= 11 {
            return true;
        }
        if reset {
            run = 0;
        }
    }
    false
}

// ---------------------------------------------------------------- the decoded reading

/// The cells of a text read as it decodes where it is published: TOML escapes (`\u0031`,
/// `\U00000031`, `\x31`, `\t`, and a backslash ending a line inside `"""`), HTML entities
/// (`&#49;`, `&#x31;`, `&nbsp;`, `&sup1;` …), percent escapes (`%31`, in a `tel:` link), with
/// emphasis marks (`*`, `_`, `~`, `` ` ``), HTML tags and comments read through. It reads
/// more than any one format decodes — a `\u0031` in a Markdown body shows as itself — so it
/// finds more, never less: used to mask what diagnostics quote, and on front matter.
///
/// A line break is read as TOML reads it: inside a multi-line string (`"""`, `'''`) it is
/// part of the value, which a page shows as a space; anywhere else it ends a value, and a
/// piece of text.
pub fn decoded_cells(text: &str) -> Vec<Cell> {
    let bytes = text.as_bytes();
    let mut out: Vec<Cell> = Vec::new();
    let mut quotes = TomlQuotes::default();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if bytes[i] == b'\n' && !quotes.multi_line() {
            quotes.line_ends();
            push(&mut out, BREAK, i..i + 1);
            i += 1;
            continue;
        }
        let quote = quotes.at(rest);
        if quote > 0 {
            push(&mut out, BREAK, i..i + quote);
            i += quote;
            continue;
        }
        if let Some((decoded, len)) = decode_at(rest) {
            let span = i..i + len;
            match decoded {
                Decoded::Char(ch) => read_char(ch, |c| push(&mut out, c, span.clone())),
                Decoded::Transparent => push(&mut out, SEP, span),
            }
            i += len;
            continue;
        }
        let Some(ch) = rest.chars().next() else {
            break;
        };
        let span = i..i + ch.len_utf8();
        read_char(ch, |c| push(&mut out, c, span.clone()));
        i += ch.len_utf8();
    }
    out
}

/// Where a TOML text is, as far as line breaks go: inside a multi-line string or not.
#[derive(Default)]
struct TomlQuotes {
    /// The quote of the string being read, if any: `"`, `'`, or tripled (`D`, `L`).
    open: Option<char>,
    /// In a comment, to the end of the line.
    comment: bool,
}

impl TomlQuotes {
    fn multi_line(&self) -> bool {
        matches!(self.open, Some('D' | 'L'))
    }

    fn line_ends(&mut self) {
        self.comment = false;
        if matches!(self.open, Some('"' | '\'')) {
            self.open = None; // an unclosed one-line string ends with its line
        }
    }

    /// Takes in the quotes that start `rest`, if any, and says how many bytes they are (a
    /// comment sign is taken in, not counted: it reads as a break anyway).
    fn at(&mut self, rest: &str) -> usize {
        if self.comment {
            return 0;
        }
        let triple = |q: &str| rest.starts_with(q);
        let (open, len) = match (self.open, rest.as_bytes()[0]) {
            (None, b'#') => {
                self.comment = true;
                return 0;
            }
            (None, b'"') if triple("\"\"\"") => (Some('D'), 3),
            (None, b'\'') if triple("\'\'\'") => (Some('L'), 3),
            (None, b'"') => (Some('"'), 1),
            (None, b'\'') => (Some('\''), 1),
            (Some('D'), b'"') if triple("\"\"\"") => (None, 3),
            (Some('L'), b'\'') if triple("\'\'\'") => (None, 3),
            (Some('"'), b'"') | (Some('\''), b'\'') => (None, 1),
            _ => return 0,
        };
        self.open = open;
        len
    }
}

/// What an encoding decodes to.
pub(super) enum Decoded {
    /// A character.
    Char(char),
    /// Nothing a reader sees (markup, an escape of a space).
    Transparent,
}

/// What an encoding at the start of `s` decodes to, and its length in bytes.
pub(super) fn decode_at(s: &str) -> Option<(Decoded, usize)> {
    let b = s.as_bytes();
    let hex = |from: usize, n: usize| -> Option<char> {
        let digits = s.get(from..from + n)?;
        if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
            return None;
        }
        char::from_u32(u32::from_str_radix(digits, 16).ok()?)
    };
    match *b.first()? {
        b'\\' => match *b.get(1)? {
            b'u' => hex(2, 4).map(|c| (Decoded::Char(c), 6)),
            b'U' => hex(2, 8).map(|c| (Decoded::Char(c), 10)),
            b'x' => hex(2, 2).map(|c| (Decoded::Char(c), 4)),
            b'n' | b't' | b'r' | b'f' | b'b' | b'e' => Some((Decoded::Transparent, 2)),
            b' ' | b'\t' | b'\r' | b'\n' => {
                // A line continuation: the backslash and all the whitespace after it.
                let len = 1 + s[1..]
                    .find(|c: char| !c.is_ascii_whitespace())
                    .unwrap_or(s.len() - 1);
                Some((Decoded::Transparent, len))
            }
            c if c.is_ascii_punctuation() => Some((Decoded::Char(c as char), 2)),
            _ => None,
        },
        b'&' => {
            let end = s
                .char_indices()
                .take_while(|(i, _)| *i < 34)
                .find(|(_, c)| *c == ';')?
                .0;
            let name = &s[1..end];
            let ch = if let Some(num) = name.strip_prefix('#') {
                match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse::<u32>().ok(),
                }
                .and_then(char::from_u32)?
            } else {
                named_entity(name)?
            };
            Some((Decoded::Char(ch), end + 1))
        }
        b'%' => hex(1, 2)
            .filter(char::is_ascii)
            .map(|c| (Decoded::Char(c), 3)),
        b'*' | b'_' | b'~' | b'`' => Some((Decoded::Transparent, 1)),
        b'<' => {
            // Looked for within a bounded window, so a text of many '<' stays linear.
            let window = &s[..floor_boundary(s, 4096)];
            if window.starts_with("<!--") {
                let end = window.find("-->")? + 3;
                return Some((Decoded::Transparent, end));
            }
            let next = *b.get(1)?;
            if !(next.is_ascii_alphabetic() || next == b'/') {
                return None;
            }
            let end = window.find('>')?;
            Some((Decoded::Transparent, end + 1))
        }
        _ => None,
    }
}

/// The largest char boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The named HTML entities that decode to digits, spaces, dashes, joiners or format
/// characters, and the basic ones.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "nbsp" | "NonBreakingSpace" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "emsp13" => '\u{2004}',
        "emsp14" => '\u{2005}',
        "numsp" => '\u{2007}',
        "puncsp" => '\u{2008}',
        "thinsp" | "ThinSpace" => '\u{2009}',
        "hairsp" | "VeryThinSpace" => '\u{200a}',
        "ZeroWidthSpace"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace"
        | "NegativeVeryThinSpace" => '\u{200b}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "shy" => '\u{ad}',
        "NoBreak" => '\u{2060}',
        "hyphen" | "dash" => '\u{2010}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "horbar" => '\u{2015}',
        "minus" => '\u{2212}',
        "Tab" => '\t',
        "NewLine" => '\n',
        "MediumSpace" => '\u{205f}',
        "period" => '.',
        "sol" => '/',
        "lowbar" | "UnderBar" => '_',
        "lpar" => '(',
        "rpar" => ')',
        "middot" | "centerdot" | "CenterDot" => '·',
        "times" => '×',
        "plus" => '+',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> String {
        cells(text).iter().map(|c| c.c).collect()
    }

    #[test]
    fn digits_of_every_script_read_as_digits() {
        for (text, digits) in [
            ("１３９", "139"),
            ("١٣٩", "139"), // Arabic-Indic
            ("۱۳۹", "139"), // Extended Arabic-Indic (Persian)
            ("१३९", "139"), // Devanagari
            ("১৩৯", "139"), // Bengali
            ("๑๓๙", "139"), // Thai
            ("𝟏𝟑𝟗", "139"), // mathematical bold
            ("𝟷𝟹𝟿", "139"), // mathematical monospace: a later run of ten
            ("一三九", "139"),
            ("幺三九", "139"),
            ("壹叁玖", "139"),
            ("〇零", "00"),
            ("⑬", "13"),
        ] {
            assert_eq!(read(text), digits, "{text}");
        }
        assert_eq!(decimal_digit('٠'), Some(0));
        assert_eq!(decimal_digit('٩'), Some(9));
        assert_eq!(decimal_digit('a'), None);
    }

    #[test]
    fn what_people_put_between_digits_joins_them() {
        for (text, read_as) in [
            ("1.3", "1.3"),
            ("1/3", "1/3"),
            ("1_3", "1_3"),
            ("(1)3", "(1)3"),
            ("1·3", "1.3"),
            ("1－3", "1-3"),
            ("1—3", "1-3"),
            ("1\u{200b}3", "1 3"),
            ("1\u{3000}3", "1 3"),
        ] {
            assert_eq!(read(read_as), read(text), "{text}");
        }
        for c in ['、', '，', '。', '；', ',', ':', '|', '号'] {
            assert_eq!(read(&format!("1{c}3")), format!("1{BREAK}3"), "{c}");
        }
        for x in ['X', 'x', '×', 'Х', 'х', 'Χ', 'χ', 'Ｘ'] {
            assert_eq!(read(&x.to_string()), "X", "{x}");
        }
    }

    #[test]
    fn lines_are_apart_when_read_as_written() {
        let by_line: String = cells_by_line("1-3-502\n- 1-3-601")
            .iter()
            .map(|c| c.c)
            .collect();
        assert!(by_line.contains(BREAK), "{by_line:?}");
        assert!(!read("139\n1234").contains(BREAK));
    }
}
