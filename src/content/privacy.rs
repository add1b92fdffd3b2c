//! The personal-data scan of spec section 9: resident ID numbers, mobile numbers and bank
//! cards must never reach the public board (个人信息保护法 第25、28条).
//!
//! **What a reader sees is scanned.** Every character is read after NFKC normalisation, so
//! full-width `１３９`, circled `⑬` and mathematical `𝟏` digits count, and a character that
//! becomes two digits (`⑳`) counts twice. Inside a run of digits, anything that does not
//! show as a character of its own is ignored: every kind of space (U+3000 and U+00A0 from
//! WeChat and Word too), every dash (Unicode Pd, and the minus sign), format characters
//! (zero-width spaces, direction marks: Unicode Cf) and combining marks (a keycap ⃣). A run
//! is split into its groups so that a date followed by a phone number (`2024-03-02
//! 13912345678`) is still caught: every window of consecutive groups is tried, longest
//! first.
//!
//! What the scan reads is the caller's choice of [`Cell`]s: the text as written
//! ([`scan`]), or the text as it decodes ([`scan_decoded`]: TOML escapes and line
//! continuations, HTML entities and percent escapes decoded; Markdown emphasis, tags and
//! comments read through) — `validate` adds the Markdown body as it renders
//! (`markdown::plain_text`) and `pipeline` every published file ([`published_text`]).
//!
//! A finding carries the masked form to suggest; the unmasked number is never put into a
//! message. [`redact`] masks every finding in a text, in both readings, and the pipeline runs
//! every message, quoted line, hint and path through it, because CI logs are often public.

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;
use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

/// What kind of number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An 18-character resident ID number with a valid check character.
    ResidentId,
    /// The same shape with a wrong check character: a mistyped real number.
    ResidentIdBadCheck,
    /// A 15-digit legacy resident ID number.
    LegacyId,
    /// A mainland mobile number.
    Mobile,
    /// A 16–19 digit number passing the Luhn check.
    BankCard,
}

impl Kind {
    /// A description for the message.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::ResidentId => "a resident ID number (居民身份证号码)",
            Kind::ResidentIdBadCheck => {
                "what looks like a mistyped resident ID number (居民身份证号码, wrong check character)"
            }
            Kind::LegacyId => "a 15-digit resident ID number (旧式居民身份证号码)",
            Kind::Mobile => "a mobile phone number (手机号码)",
            Kind::BankCard => "a bank card number (银行卡号)",
        }
    }
    /// The same in Chinese.
    pub fn describe_zh(self) -> &'static str {
        match self {
            Kind::ResidentId => "居民身份证号码",
            Kind::ResidentIdBadCheck => "疑似写错的居民身份证号码（校验位不对）",
            Kind::LegacyId => "15 位旧式居民身份证号码",
            Kind::Mobile => "手机号码",
            Kind::BankCard => "银行卡号",
        }
    }
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// Its byte range in the original text (separators and encodings included).
    pub span: Range<usize>,
    /// The text as written with the private digits replaced by `*`.
    pub masked: String,
    /// Its digits (and final `X`), for telling one number from another; never printed.
    pub digits: String,
    /// The masked form to suggest: as written when the number was written plainly (digits,
    /// spaces, dashes), else its digits alone (`139****5678` for an escaped or marked-up
    /// number).
    pub suggest: String,
}

/// One character as the scan reads it, with the bytes of the text it came from. Digits,
/// `X`/`x`, `+` and `*` are themselves; [`SEP`] is ignored inside a run; [`LETTER`] is a
/// letter or other digit (it ends a run, and an ID's `X` may not be followed by one);
/// [`BREAK`] is anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The character, classified.
    pub c: char,
    /// Where it came from.
    pub span: Range<usize>,
}

/// Ignored inside a run of digits: a space, dash, format character or mark.
pub const SEP: char = ' ';
/// A letter: ends a run.
pub const LETTER: char = 'a';
/// Anything else: ends a run.
pub const BREAK: char = '\u{0}';

/// How the scan reads one character that NFKC has already normalised.
fn classify_normalised(c: char) -> char {
    if c.is_ascii() {
        return classify_ascii(c);
    }
    if is_separator(c) {
        SEP
    } else if c.is_alphanumeric() {
        LETTER
    } else {
        BREAK
    }
}

fn classify_ascii(c: char) -> char {
    match c {
        '0'..='9' | '+' | '*' | 'X' | 'x' => c,
        ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '-' => SEP,
        c if c.is_ascii_alphanumeric() => LETTER,
        _ => BREAK,
    }
}

/// Whether a character is ignored inside a run of digits: White_Space, dash punctuation
/// (Pd), the minus sign, format characters (Cf) and combining marks (Mn, Mc, Me).
pub fn is_separator(c: char) -> bool {
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

/// `classify` (NFKC and the scan's classes) for callers outside this module that build their
/// own cells.
pub fn classify_into(ch: char, out: &mut dyn FnMut(char)) {
    classify(ch, out);
}

/// Each character of `text` classified, with its byte range in `text` (None for a
/// [`BREAK`] standing for a NUL, which [`published_text`] puts between separate pieces).
pub fn classified(text: &str) -> Vec<(char, Option<Range<usize>>)> {
    let mut out = Vec::new();
    for (i, ch) in text.char_indices() {
        if ch == BREAK {
            out.push((BREAK, None));
            continue;
        }
        let span = i..i + ch.len_utf8();
        classify(ch, |c| out.push((c, Some(span.clone()))));
    }
    out
}

/// Calls `out` with the classified characters one character of text reads as: usually one,
/// none for a character NFKC removes, several for one it expands (`⑳` → `2`, `0`).
fn classify(ch: char, mut out: impl FnMut(char)) {
    let n = ch as u32;
    if ch.is_ascii() {
        out(classify_ascii(ch));
    } else if (0x4E00..=0x9FFF).contains(&n)
        || (0x3400..=0x4DBF).contains(&n)
        || (0xAC00..=0xD7A3).contains(&n)
        || (0x3001..=0x301B).contains(&n)
        || (0x301D..=0x3029).contains(&n)
        || (0x3031..=0x303F).contains(&n)
    {
        // Ideographs, Hangul and CJK punctuation are their own NFKC form and never digits,
        // spaces or dashes (the wave dash U+301C, U+3030 and the marks U+302A–F are).
        out(BREAK);
    } else if (0xFF01..=0xFF5E).contains(&n) {
        // Full-width ASCII: NFKC is the ASCII character.
        out(classify_ascii(char::from_u32(n - 0xFEE0).unwrap_or('\0')));
    } else {
        for c in std::iter::once(ch).nfkc() {
            out(classify_normalised(c));
        }
    }
}

/// The cells of a text read as written (after NFKC), runs of breaks merged into one.
pub fn cells(text: &str) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for (i, ch) in text.char_indices() {
        let span = i..i + ch.len_utf8();
        classify(ch, |c| push(&mut out, c, span.clone()));
    }
    out
}

fn push(out: &mut Vec<Cell>, c: char, span: Range<usize>) {
    if c == BREAK
        && let Some(last) = out.last_mut()
        && last.c == BREAK
    {
        last.span.end = span.end;
        return;
    }
    out.push(Cell { c, span });
}

/// Whether `text` may hold a personal number at all: a run of at least 11 digits with
/// nothing but separators between them (the shortest finding is an 11-digit mobile). Most
/// records hold only dates and counts and skip the scan. The same reading as [`cells`],
/// without building them: ideographs (most of a record) are passed over by their first
/// byte.
pub fn may_hold_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Settled at once: fewer than 11 digits could come from the ASCII digits and every
    // character outside ASCII and the ideographs (at most three digits each: ⅒ is 1⁄10).
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    if digits < 11 {
        let others = bytes
            .iter()
            .filter(|&&b| b >= 0xC0 && !(0xE4..=0xE9).contains(&b))
            .count();
        if digits + 3 * others < 11 {
            return false;
        }
    }
    let mut run = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            match classify_ascii(b as char) {
                d @ '0'..='9' => {
                    let _ = d;
                    run += 1;
                    if run >= 11 {
                        return true;
                    }
                }
                SEP => {}
                _ => run = 0,
            }
            i += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&b) {
            run = 0; // U+4000–U+9FFF: ideographs
            i += 3;
            continue;
        }
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        let mut reset = false;
        classify(ch, |c| match c {
            '0'..='9' => run += 1,
            SEP => {}
            _ => reset = true,
        });
        if run >= 11 {
            return true;
        }
        if reset {
            run = 0;
        }
        i += ch.len_utf8();
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
pub fn decoded_cells(text: &str) -> Vec<Cell> {
    let bytes = text.as_bytes();
    let mut out: Vec<Cell> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &text[i..];
        if let Some((decoded, len)) = decode_at(rest) {
            let span = i..i + len;
            match decoded {
                Decoded::Char(ch) => classify(ch, |c| push(&mut out, c, span.clone())),
                Decoded::Transparent => push(&mut out, SEP, span),
            }
            i += len;
            continue;
        }
        let Some(ch) = rest.chars().next() else {
            break;
        };
        let span = i..i + ch.len_utf8();
        classify(ch, |c| push(&mut out, c, span.clone()));
        i += ch.len_utf8();
    }
    out
}

enum Decoded {
    Char(char),
    Transparent,
}

/// What an encoding at the start of `s` decodes to, and its length in bytes.
fn decode_at(s: &str) -> Option<(Decoded, usize)> {
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

/// The named HTML entities that decode to digits, spaces, dashes or format characters, and
/// the basic ones.
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
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

// ---------------------------------------------------------------- numbers

/// Weights of GB 11643's ISO 7064 MOD 11-2 check.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check character of the first 17 digits of a resident ID number.
pub fn id_check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (d, w) in first17.iter().zip(WEIGHTS) {
        sum += u32::from(d.checked_sub(b'0')?) * w;
    }
    "10X98765432".chars().nth((sum % 11) as usize)
}

/// Whether a digit string passes the Luhn check.
pub fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

fn plausible_date(year: &str, month: &str, day: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (
        year.parse::<i32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return false;
    };
    (1900..=2100).contains(&y) && NaiveDate::from_ymd_opt(y, m, d).is_some()
}

/// What a whole window of digits is, and which of its digit positions to mask.
fn classify_number(digits: &str, after_plus: bool) -> Option<(Kind, Range<usize>)> {
    let b = digits.as_bytes();
    let all_digits = b.iter().all(u8::is_ascii_digit);
    let area_ok = matches!(b.first(), Some(b'1'..=b'8'));
    if b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) && area_ok {
        let last = b[17] as char;
        if (last.is_ascii_digit() || last == 'X')
            && plausible_date(&digits[6..10], &digits[10..12], &digits[12..14])
        {
            let kind = if id_check_char(&b[..17]) == Some(last) {
                Kind::ResidentId
            } else {
                Kind::ResidentIdBadCheck
            };
            return Some((kind, 6..14));
        }
    }
    if !all_digits {
        return None;
    }
    let mobile = |s: &[u8]| s.len() == 11 && s[0] == b'1' && (b'3'..=b'9').contains(&s[1]);
    if mobile(b) {
        return Some((Kind::Mobile, 3..7));
    }
    if b.len() == 13 && after_plus && b.starts_with(b"86") && mobile(&b[2..]) {
        return Some((Kind::Mobile, 5..9));
    }
    if b.len() == 15 && b.starts_with(b"0086") && mobile(&b[4..]) {
        return Some((Kind::Mobile, 7..11));
    }
    if b.len() == 15
        && area_ok
        && plausible_date(
            &format!("19{}", &digits[6..8]),
            &digits[8..10],
            &digits[10..12],
        )
    {
        return Some((Kind::LegacyId, 6..12));
    }
    if (16..=19).contains(&b.len()) && luhn(b) {
        return Some((Kind::BankCard, 4..b.len() - 4));
    }
    None
}

/// Finds every personal number in a text as written. Exact strings in `allow` are skipped.
pub fn scan(text: &str, allow: &[String]) -> Vec<Finding> {
    if !may_hold_number(text) {
        return Vec::new();
    }
    scan_cells(text, &cells(text), allow)
}

/// Whether the digit groups of a window read as the calendar: a year (1900–2100) then a
/// month and a day (`2025-04-18`), or two years (`2026 2025`, a page's list of years). The
/// pages yishi makes put dates and years side by side, and a row of them can pass the Luhn
/// check one time in ten; so in what is published, such a window is not taken for a phone
/// or card number (an ID number, with its check character, still is).
fn calendar_like(groups: &[String]) -> bool {
    let value = |g: &str| g.parse::<u32>().ok();
    let is_year = |g: &str| g.len() == 4 && value(g).is_some_and(|y| (1900..=2100).contains(&y));
    let years = groups.iter().filter(|g| is_year(g)).count();
    years >= 2
        || groups.windows(3).any(|w| {
            is_year(&w[0])
                && (1..=2).contains(&w[1].len())
                && (1..=2).contains(&w[2].len())
                && value(&w[1]).is_some_and(|m| (1..=12).contains(&m))
                && value(&w[2]).is_some_and(|d| (1..=31).contains(&d))
        })
}

/// Finds every personal number in a text as it decodes ([`decoded_cells`]).
pub fn scan_decoded(text: &str, allow: &[String]) -> Vec<Finding> {
    scan_cells(text, &decoded_cells(text), allow)
}

/// Whether the cell at `at` is an `X` that may end an ID number: nothing alphanumeric
/// right after it.
fn final_x(cells: &[Cell], at: usize) -> bool {
    matches!(cells.get(at).map(|c| c.c), Some('X' | 'x'))
        && !cells
            .get(at + 1)
            .is_some_and(|n| n.c.is_ascii_digit() || n.c == LETTER || n.c == 'X' || n.c == 'x')
}

/// Finds every personal number in `cells`, which were read from `text`.
pub fn scan_cells(text: &str, cells: &[Cell], allow: &[String]) -> Vec<Finding> {
    scan_cells_as(text, cells, allow, false)
}

/// [`scan_cells`]; `published`: the text is a file yishi made, where windows that read as
/// the calendar are not phone or card numbers ([`calendar_like`]).
fn scan_cells_as(text: &str, cells: &[Cell], allow: &[String], published: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let is_digit = |c: char| c.is_ascii_digit();
    // For each cell, the last cell before it that is not a separator.
    let mut before_of: Vec<Option<usize>> = Vec::with_capacity(cells.len());
    let mut last = None;
    for (k, cell) in cells.iter().enumerate() {
        before_of.push(last);
        if cell.c != SEP {
            last = Some(k);
        }
    }
    let mut i = 0;
    while i < cells.len() {
        // A run starts at a digit that no digit precedes (separators between them count as
        // nothing: a digit after "1 " continues that run).
        let before = before_of[i].map(|k| &cells[k]);
        if !is_digit(cells[i].c) || before.is_some_and(|b| is_digit(b.c)) {
            i += 1;
            continue;
        }
        // A run: groups of digits joined by separators; a final X may end an ID.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut j = i;
        while j < cells.len() {
            let c = cells[j].c;
            if is_digit(c) {
                if let Some(g) = groups.last_mut() {
                    g.push(j);
                }
                j += 1;
            } else if final_x(cells, j) && groups.last().is_some_and(|g| !g.is_empty()) {
                if let Some(g) = groups.last_mut() {
                    g.push(j);
                }
                j += 1;
                break;
            } else if c == SEP {
                // Separators continue the run only when a digit follows them, or an ID's
                // final X (`… 455 X`).
                let next = cells[j..].iter().position(|n| n.c != SEP).map(|p| j + p);
                match next {
                    Some(n) if is_digit(cells[n].c) => {
                        if groups.last().is_some_and(|g| !g.is_empty()) {
                            groups.push(Vec::new());
                        }
                        j = n;
                    }
                    Some(n) if final_x(cells, n) => {
                        // A group of its own, so windows with and without it are tried.
                        groups.push(vec![n]);
                        j = n + 1;
                        break;
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        let after_plus = before.is_some_and(|b| b.c == '+');
        let plus_cell = before_of[i];
        let mut g = 0;
        while g < groups.len() {
            let mut matched = None;
            let mut total = 0;
            let mut ends = Vec::new();
            for (e, group) in groups.iter().enumerate().skip(g) {
                total += group.len();
                if total > 19 {
                    break;
                }
                ends.push(e);
            }
            for &e in ends.iter().rev() {
                let positions: Vec<usize> = groups[g..=e].iter().flatten().copied().collect();
                let digits: String = positions
                    .iter()
                    .map(|&p| cells[p].c.to_ascii_uppercase())
                    .collect();
                let found = classify_number(&digits, after_plus && g == 0).filter(|(kind, _)| {
                    !published
                        || matches!(kind, Kind::ResidentId | Kind::ResidentIdBadCheck)
                        || !calendar_like(
                            &groups[g..=e]
                                .iter()
                                .map(|grp| grp.iter().map(|&p| cells[p].c).collect())
                                .collect::<Vec<String>>(),
                        )
                });
                if let Some((kind, mask)) = found {
                    matched = Some((e, kind, positions, mask, digits));
                    break;
                }
            }
            match matched {
                Some((e, kind, positions, mask, digits)) => {
                    // "+86 139…": the plus sign belongs to the number shown and masked.
                    let plus = kind == Kind::Mobile
                        && g == 0
                        && after_plus
                        && digits.starts_with("86")
                        && digits.len() == 13;
                    let first = match (plus, plus_cell) {
                        (true, Some(p)) => p,
                        _ => positions[0],
                    };
                    let last = positions[positions.len() - 1];
                    let start = cells[first].span.start;
                    let end = cells[last].span.end;
                    let original = &text[start..end];
                    let allowed = allow
                        .iter()
                        .any(|a| a.trim() == original || digits_of(a) == digits_of(&digits));
                    if !allowed {
                        let masked_spans: Vec<Range<usize>> = positions[mask.clone()]
                            .iter()
                            .map(|&p| cells[p].span.clone())
                            .collect();
                        let masked = masked_text(text, start..end, &masked_spans);
                        let plain = original.chars().all(|c| {
                            c.is_ascii_digit() || matches!(c, '+' | 'X' | 'x' | ' ' | '-')
                        });
                        let suggest = if plain {
                            masked.clone()
                        } else {
                            let mut d: Vec<char> = digits.chars().collect();
                            d[mask].iter_mut().for_each(|c| *c = '*');
                            d.into_iter().collect()
                        };
                        findings.push(Finding {
                            kind,
                            span: start..end,
                            masked,
                            digits,
                            suggest,
                        });
                    }
                    g = e + 1;
                }
                None => g += 1,
            }
        }
        i = j.max(i + 1);
    }
    findings
}

/// `text[span]` with each of `masked` (sub-spans, in order, possibly repeated when one
/// character gave two digits) replaced by one `*`.
fn masked_text(text: &str, span: Range<usize>, masked: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    for m in masked {
        if m.start < at {
            continue; // the same source character again
        }
        out.push_str(&text[at..m.start]);
        out.push('*');
        at = m.end;
    }
    out.push_str(&text[at..span.end]);
    out
}

fn digits_of(s: &str) -> String {
    s.chars()
        .flat_map(|c| std::iter::once(c).nfkc())
        .filter(|c| c.is_ascii_digit())
        .collect()
}

/// The text with every personal number masked, as written and as it decodes (an escaped
/// or entity-encoded number in a quoted line is masked where it is written).
pub fn redact<'a>(text: &'a str, allow: &[String]) -> Cow<'a, str> {
    let mut findings = scan(text, allow);
    let encoded = text.contains(['\\', '&', '%', '<', '*', '_', '~', '`']);
    if encoded {
        findings.extend(scan_decoded(text, allow));
    }
    if findings.is_empty() {
        return Cow::Borrowed(text);
    }
    findings.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in findings {
        if f.span.start < last {
            continue; // inside one already masked
        }
        out.push_str(&text[last..f.span.start]);
        out.push_str(&f.masked);
        last = f.span.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

// ---------------------------------------------------------------- published files

/// The text a reader can get out of a published file, by its kind, with a [`BREAK`] (NUL)
/// wherever two pieces of text do not run together as the reader sees them: between table
/// cells, blocks, attribute values and data fields. HTML and feeds: the text of the page with
/// tags read through where they sit inside a line (`139<em>1234</em>5678` reads as one
/// number) and the values of `alt`, `title`, `content`, `aria-label`, `placeholder`,
/// `value` and `href` (percent-decoded: a `tel:` link); feeds' escaped HTML read again;
/// iCalendar unfolded and unescaped; JSON strings, numbers and keys; CSV cells; text files
/// as they are. None for what is not text (pictures, PDFs) or the theme's CSS and scripts.
pub fn published_text(path: &str, bytes: &[u8]) -> Option<String> {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let text = || String::from_utf8_lossy(bytes);
    match ext.as_deref() {
        Some("html" | "htm") => Some(html_text(&text())),
        Some("xml" | "rss" | "atom") => Some(html_text(&html_text(&text()))),
        Some("ics") => Some(ics_text(&text())),
        Some("json") => Some(json_text(bytes)),
        Some("csv") => Some(csv_text(bytes)),
        Some("txt") | None => Some(text().into_owned()),
        _ => None,
    }
}

/// Whether a published file may hold a personal number: [`may_hold_number`]'s run of 11
/// digits, read through anything that could hide one in a file of any kind — HTML tags
/// (and escaped ones, `&lt;b&gt;`, in a feed), entities and percent escapes (each perhaps a
/// digit), backslash escapes — with attribute values read as runs of their own. What it
/// lets through is read properly ([`published_text`]); at 10,000 topics 1.5 % of the files
/// go on, 24 of 390 MB.
///
/// It reads 390 MB of pages in a build of 10,000 topics, so while no run is going it jumps
/// to the next byte that can start one (`next_candidate`); only the tag state carries
/// over what it jumps.
pub fn output_may_hold_number(bytes: &[u8]) -> bool {
    let (mut run, mut attr) = (0usize, 0usize);
    let mut in_tag = false;
    let mut i = 0;
    while i < bytes.len() {
        if run == 0 && attr == 0 {
            let next = next_candidate(bytes, i);
            if next > i {
                // Only the tag state carries over the bytes jumped.
                let jumped = &bytes[i..next];
                let last = if jumped.len() < 16 {
                    jumped.iter().rposition(|&b| b == b'<' || b == b'>')
                } else {
                    memchr::memrchr2(b'<', b'>', jumped)
                };
                if let Some(last) = last {
                    in_tag = jumped[last] == b'<';
                }
                i = next;
            }
            if i >= bytes.len() {
                break;
            }
        }
        let b = bytes[i];
        let counter = if in_tag { &mut attr } else { &mut run };
        match b {
            b'0'..=b'9' => *counter += 1,
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' | b'-' => {}
            b'\\' => i += 1, // an escape: \n, \, …
            b'%' => {
                *counter += 1;
                i += 2;
            }
            b'&' => {
                let rest = &bytes[i..bytes.len().min(i + 34)];
                let end = rest.iter().position(|&c| c == b';').unwrap_or(0);
                if rest.starts_with(b"&lt;") && !in_tag {
                    in_tag = true; // an escaped tag, as in a feed's HTML
                    attr = 0;
                } else if rest.starts_with(b"&gt;") && in_tag {
                    in_tag = false;
                } else {
                    *counter += 1;
                }
                i += end;
            }
            b'<' if !in_tag => {
                in_tag = true;
                attr = 0;
                // A block's edge ends a line of text, as published_text reads it.
                if !inline_tag_at(&bytes[i + 1..]) {
                    run = 0;
                }
            }
            b'>' if in_tag => in_tag = false,
            0x80..=0xBF => {} // inside a character already looked at
            b if b < 0x80 => *counter = 0,
            0xE4..=0xE9 => {
                *counter = 0;
                i += 2;
            }
            b => {
                let len = match b {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                let ch = std::str::from_utf8(&bytes[i..bytes.len().min(i + len)])
                    .ok()
                    .and_then(|s| s.chars().next());
                let (mut digits, mut reset) = (0, false);
                match ch {
                    Some(ch) => classify(ch, |c| match c {
                        '0'..='9' => digits += 1,
                        SEP => {}
                        _ => reset = true,
                    }),
                    None => digits += 1, // not UTF-8 here: count it as a digit
                }
                *counter += digits;
                if reset && *counter < 11 {
                    *counter = 0;
                }
                i += len - 1;
            }
        }
        if run >= 11 || attr >= 11 {
            return true;
        }
        i += 1;
    }
    false
}

/// The first position at or after `from` of a byte that can be, or stand for, a digit: an
/// ASCII digit, `&` (an entity), `%` (a percent escape), `\` (an escape) or the first byte
/// of a character outside ASCII and the ideographs (U+4000–U+9FFF). 32 bytes are compared at
/// a time, without branches, which the compiler turns into vector instructions.
fn next_candidate(bytes: &[u8], from: usize) -> usize {
    let candidate = |b: u8| -> u8 {
        u8::from(b.wrapping_sub(b'0') < 10)
            | u8::from(b == b'&')
            | u8::from(b == b'%')
            | u8::from(b == b'\\')
            | (u8::from(b >= 0xC0) & u8::from(b.wrapping_sub(0xE4) > 5))
    };
    let mut i = from;
    // Candidates are often close together: the next few bytes one by one, then chunks.
    for _ in 0..8 {
        match bytes.get(i) {
            Some(&b) if candidate(b) == 0 => i += 1,
            _ => return i,
        }
    }
    while let Some(chunk) = bytes.get(i..i + 32) {
        if chunk.iter().fold(0u8, |any, &b| any | candidate(b)) != 0 {
            break;
        }
        i += 32;
    }
    while i < bytes.len() && candidate(bytes[i]) == 0 {
        i += 1;
    }
    i
}

/// Whether the tag whose name starts `rest` (after its `<`) is one of [`INLINE`], or not an
/// element at all (a comment, a stray `<`), which published_text reads through or keeps.
fn inline_tag_at(rest: &[u8]) -> bool {
    let rest = rest.strip_prefix(b"/").unwrap_or(rest);
    let len = rest
        .iter()
        .take(12)
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len().min(12));
    if len == 0 {
        return true;
    }
    let name = &rest[..len];
    INLINE
        .iter()
        .any(|t| t.as_bytes().eq_ignore_ascii_case(name))
}

/// Replaces hexadecimal tokens of seven characters or more that hold a letter (SHA-256
/// sums, commit ids) with [`BREAK`]s: a run of digits inside one is not a number anybody
/// wrote. A number that a record holds next to letters is found in the record itself.
fn without_hashes(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_hexdigit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let end = b[i..]
                .iter()
                .position(|c| !c.is_ascii_hexdigit())
                .map_or(b.len(), |p| i + p);
            let token = &b[i..end];
            let bounded = !b.get(end).is_some_and(|c| c.is_ascii_alphanumeric());
            if bounded && token.len() >= 7 && token.iter().any(|c| c.is_ascii_alphabetic()) {
                spans.push(i..end);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for s in spans {
        out.push_str(&text[at..s.start]);
        out.push(BREAK);
        at = s.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The personal numbers a published file shows its readers (`path` says its kind). The
/// search index's term files are not read: they hold the words of the search records (which
/// are read, in `search/docs/`) as keys, each apart, and numbers that say where they occur.
pub fn scan_published(path: &str, bytes: &[u8], allow: &[String]) -> Vec<Finding> {
    if path.starts_with("search/terms/") || !output_may_hold_number(bytes) {
        return Vec::new();
    }
    let Some(text) = published_text(path, bytes) else {
        return Vec::new();
    };
    let text = without_hashes(&text);
    if !may_hold_number(&text) {
        return Vec::new();
    }
    let mut found = scan_cells_as(&text, &cells(&text), allow, true);
    for f in &mut found {
        f.masked = f.masked.replace(BREAK, " ");
        f.suggest = f.suggest.replace(BREAK, " ");
    }
    found
}

/// Elements whose edges do not break a line of text: a number may run through them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr", "label", "output", "tt", "big", "strike", "nobr",
];

/// Attributes a reader is shown or can use.
const SHOWN_ATTRIBUTES: &[&str] = &[
    "alt",
    "title",
    "content",
    "aria-label",
    "placeholder",
    "value",
    "href",
    "label",
];

/// The readable text of HTML (see [`published_text`]).
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_entities_into(&rest[..lt], &mut out);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = tag_end(rest) else {
            decode_entities_into(rest, &mut out);
            rest = "";
            break;
        };
        let tag = rest[1..gt].trim_start_matches('/');
        rest = &rest[gt + 1..];
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        if name.is_empty() || name.starts_with('!') || name.starts_with('?') {
            out.push(BREAK);
            continue;
        }
        let inline = INLINE.contains(&name.as_str());
        if name == "br" || name == "wbr" {
            out.push(' ');
        } else if !inline {
            out.push(BREAK);
        }
        for (attr, value) in attributes(&tag[name_end..]) {
            if SHOWN_ATTRIBUTES.contains(&attr.as_str()) {
                out.push(BREAK);
                let mut decoded = String::new();
                decode_entities_into(value, &mut decoded);
                if attr == "href" {
                    decoded = percent_decoded(&decoded);
                }
                out.push_str(&decoded);
                out.push(BREAK);
            }
        }
    }
    decode_entities_into(rest, &mut out);
    out
}

/// Where the tag starting at `s[0] == '<'` ends (its `>`), minding quoted values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a tag's inside, as (lowercase name, raw value).
pub fn attributes(inside: &str) -> Vec<(String, &str)> {
    let mut found = Vec::new();
    let mut rest = inside;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        let name = rest[..end].to_ascii_lowercase();
        rest = rest[end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    value = &after[1..close.max(1)];
                    rest = after.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let close = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = &after[..close];
                    rest = &after[close..];
                }
            }
        }
        found.push((name, value));
    }
    found
}

/// Appends `s` with its HTML entities decoded (a name not known is kept as written).
fn decode_entities_into(s: &str, out: &mut String) {
    if !s.contains('&') {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_at(rest) {
            Some((Decoded::Char(c), len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn percent_decoded(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// iCalendar text unfolded and unescaped.
fn ics_text(ics: &str) -> String {
    let unfolded = ics.replace("\r\n ", "").replace("\n ", "");
    unfolded
        .replace("\\n", "\n")
        .replace("\\N", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// Every string, number and key of a JSON file, each apart.
fn json_text(bytes: &[u8]) -> String {
    fn walk(v: &serde_json::Value, out: &mut String) {
        match v {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push(BREAK);
            }
            serde_json::Value::Number(n) => {
                out.push_str(&n.to_string());
                out.push(BREAK);
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    out.push_str(k);
                    out.push(BREAK);
                    walk(v, out);
                }
            }
            _ => {}
        }
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v) => {
            let mut out = String::new();
            walk(&v, &mut out);
            out
        }
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Every cell of a CSV file, each apart.
fn csv_text(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    for record in reader.records() {
        match record {
            Ok(r) => {
                for cell in r.iter() {
                    out.push_str(cell);
                    out.push(BREAK);
                }
            }
            Err(_) => return String::from_utf8_lossy(bytes).into_owned(),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid ID built from 17 digits: the check character is computed, not copied.
    fn id(first17: &str) -> String {
        format!("{first17}{}", id_check_char(first17.as_bytes()).unwrap())
    }

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text, &[]).into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn check_character_of_the_standard_example() {
        // GB 11643's worked example: 11010519491231002 → X.
        assert_eq!(id_check_char(b"11010519491231002"), Some('X'));
    }

    #[test]
    fn resident_ids() {
        let good = id("32010219800101045");
        assert_eq!(kinds(&format!("身份证号{good}。")), [Kind::ResidentId]);
        let f = &scan(&good, &[])[0];
        assert_eq!(f.masked, format!("320102********{}", &good[14..]));
        // A wrong check character is still an error.
        let last = good.chars().last().unwrap();
        let wrong = format!("{}{}", &good[..17], if last == '1' { '2' } else { '1' });
        assert_eq!(kinds(&wrong), [Kind::ResidentIdBadCheck]);
        // Full-width digits and spaces or hyphens inside the run.
        let wide: String = good
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(c as u32 - 0x30 + 0xFF10).unwrap()
                } else {
                    c
                }
            })
            .collect();
        assert_eq!(kinds(&wide), [Kind::ResidentId]);
        let spaced = format!("{} {} {}", &good[..6], &good[6..14], &good[14..]);
        assert_eq!(kinds(&spaced), [Kind::ResidentId]);
        assert_eq!(
            scan(&spaced, &[])[0].masked,
            format!("{} ******** {}", &good[..6], &good[14..])
        );
        // An X check character, upper or lower case.
        assert_eq!(kinds("11010519491231002X"), [Kind::ResidentId]);
        assert_eq!(kinds("身份证11010519491231002x。"), [Kind::ResidentId]);
        assert_eq!(kinds("身份证 110105 19491231 002 X。"), [Kind::ResidentId]);
        assert!(
            kinds("110105194912310021 X-ray").len() == 1,
            "the X of a word is not the ID's"
        );
        // Masked forms pass; an impossible birth date is not an ID.
        assert!(kinds("320102********0458").is_empty());
        assert!(kinds("320102199913450458").is_empty());
        // A legacy 15-digit ID with a YYMMDD birth date.
        assert_eq!(kinds("320102800101045"), [Kind::LegacyId]);
    }

    #[test]
    fn mobiles() {
        assert_eq!(kinds("电话13912345678"), [Kind::Mobile]);
        assert_eq!(scan("13912345678", &[])[0].masked, "139****5678");
        assert_eq!(kinds("139 1234 5678"), [Kind::Mobile]);
        assert_eq!(kinds("+8613912345678"), [Kind::Mobile]);
        assert_eq!(kinds("+86 139-1234-5678"), [Kind::Mobile]);
        assert_eq!(
            scan("电话+86 139-1234-5678", &[])[0].masked,
            "+86 139-****-5678"
        );
        assert_eq!(kinds("008613912345678"), [Kind::Mobile]);
        assert_eq!(kinds("2024-03-02 13912345678"), [Kind::Mobile]);
        // Not inside a longer digit run; 12 is not a mobile prefix; masked passes.
        assert!(kinds("1391234567890123456789012").is_empty());
        assert!(kinds("12912345678").is_empty());
        assert!(kinds("139****5678").is_empty());
        // Dates, counts and amounts are not personal data.
        assert!(kinds("2025-04-18 会议 21 人，1,260 元，300 平方米").is_empty());
        assert!(kinds("赞成 17 票，反对 2 票，弃权 2 票；2025年4月18日 9:00").is_empty());
    }

    /// Every way a number is written that still reads as the number: each class of
    /// separator the scan ignores, each kind of digit NFKC folds, at every position.
    #[test]
    fn separators_and_digits_of_every_kind_are_read_through() {
        let separators = [
            " ",
            "  ",
            "\u{3000}",
            "\u{a0}",
            "\u{2009}",
            "\u{202f}",
            "\t",
            "\n",
            "-",
            "\u{ff0d}",
            "\u{2010}",
            "\u{2011}",
            "\u{2013}",
            "\u{2014}",
            "\u{2212}",
            "\u{fe63}",
            "\u{301c}",
            "\u{200b}",
            "\u{200c}",
            "\u{200d}",
            "\u{2060}",
            "\u{feff}",
            "\u{ad}",
            "\u{200e}",
            "\u{202e}",
            "\u{fe0f}\u{20e3}",
            "\u{0332}",
            " - ",
            "\u{3000}\u{200b}-",
        ];
        for sep in separators {
            let text = format!("电话1{sep}3{sep}9{sep}1234{sep}5678。");
            assert_eq!(kinds(&text), [Kind::Mobile], "{sep:?}");
            assert!(may_hold_number(&text), "{sep:?}");
            let masked = &scan(&text, &[])[0].masked;
            assert!(!masked.contains("1234"), "{masked}");
        }
        for (digits, expect) in [
            ("１３９１２３４５６７８", true),
            ("𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", true),
            ("①③⑨①②③④⑤⑥⑦⑧", true),
            ("¹³⁹¹²³⁴⁵⁶⁷⁸", true),
            ("⑬9⑫34⑤⑥⑦⑧", true), // ⑬ is "13", ⑫ is "12"
            ("139１２３４5678", true),
        ] {
            assert_eq!(!kinds(digits).is_empty(), expect, "{digits}");
            assert!(may_hold_number(digits), "{digits}");
        }
    }

    #[test]
    fn decoded_readings_find_encoded_numbers() {
        for (text, expect) in [
            (
                r#"title = "\u0031\u0033\u0039\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038""#,
                true,
            ),
            (r#"title = "\U00000031\U00000033\U00000039 12345678""#, true),
            ("note = \"\"\"139\\\n      12345678\"\"\"", true),
            ("&#49;&#x33;&#57;12345678", true),
            ("1<!-- x -->3912345678", true),
            ("**139**1234*5678*", true),
            ("139<b>1234</b>5678", true),
            ("139\\-1234\\-5678", true),
            ("1\\3912345678", false), // a backslash before a digit stays: \3 shows as itself
            ("139&nbsp;1234&ndash;5678", true),
            ("13_912_345_678", true),
            ("[电话](tel:%31%33%39%31%32%33%34%35%36%37%38)", true),
            ("&sup1;3912345678", true),
            ("2025-04-18 & 第 12 次", false),
        ] {
            assert_eq!(
                scan_decoded(text, &[])
                    .iter()
                    .any(|f| f.kind == Kind::Mobile),
                expect,
                "{text}"
            );
        }
        // The masked form is built from the text as written, so it can be quoted.
        let text = r#"x = "\u0031\u0033\u0039\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038""#;
        let f = &scan_decoded(text, &[])[0];
        assert_eq!(
            f.masked,
            r#"\u0031\u0033\u0039****\u0035\u0036\u0037\u0038"#
        );
        assert_eq!(f.digits, "13912345678");
        let redacted = redact(text, &[]);
        assert!(
            !redacted.contains(r#"\u0031\u0032\u0033\u0034"#),
            "{redacted}"
        );
    }

    #[test]
    fn bank_cards() {
        // 6222 0212 3456 7890 with its Luhn digit computed.
        let body = "622202123456789";
        let check = (0..10)
            .find(|d| luhn(format!("{body}{d}").as_bytes()))
            .unwrap();
        let card = format!("{body}{check}");
        assert_eq!(kinds(&card), [Kind::BankCard]);
        assert_eq!(
            scan(&card, &[])[0].masked,
            format!("6222********789{check}")
        );
        let bad = format!("{body}{}", (check + 1) % 10);
        assert!(kinds(&bad).is_empty());
    }

    #[test]
    fn allow_list_and_redact() {
        let allow = vec!["13912345678".to_string()];
        assert!(scan("热线 13912345678", &allow).is_empty());
        assert!(scan("热线 139 1234 5678", &allow).is_empty());
        assert_eq!(
            redact("A 13912345678 B 13800001111", &[]),
            "A 139****5678 B 138****1111"
        );
        assert_eq!(redact("no numbers here", &[]), "no numbers here");
    }

    #[test]
    fn the_prefilter_lets_every_possible_number_through() {
        for text in [
            "13912345678",
            "手机 139 1234 5678",
            "139-1234-5678",
            "+86 13912345678",
            "2024-03-02 13912345678",
            "１３９１２３４５６７８",
            "①③⑨①②③④⑤⑥⑦⑧",
            "139  1234 5678",
            "139\u{3000}1234\u{200b}5678",
            "㉑㉒㉓㉔㉕㉖",
        ] {
            assert!(may_hold_number(text), "{text}");
        }
        for text in [
            "raised = 2025-03-10\nnotified = 2025-04-12",
            "start = 2025-04-18T09:00:00",
            "赞成 17 票，反对 2 票，弃权 2 票",
            "电话 12345",
            "1391234567",
        ] {
            assert!(!may_hold_number(text), "{text}");
        }
    }

    #[test]
    fn every_published_number_passes_the_output_prefilter() {
        for (path, text) in [
            ("a.html", "<p>139<em>1234</em>5678</p>"),
            ("a.html", "<p>1<!-- x -->3912345678</p>"),
            ("a.html", "<img alt=\"13912345678\">"),
            (
                "a.html",
                "<a href=\"tel:%31%33%39%31%32%33%34%35%36%37%38\">x</a>",
            ),
            ("a.html", "&#49;&#51;&#57;12345678"),
            ("a.html", "１３９１２３４５６７８"),
            (
                "feed.xml",
                "&lt;p&gt;139&lt;b&gt;1234&lt;/b&gt;5678&lt;/p&gt;",
            ),
            ("a.json", "{\"x\": \"139\\n1234\\n5678\"}"),
            ("m.ics", "SUMMARY:139\r\n 12345678"),
        ] {
            assert!(output_may_hold_number(text.as_bytes()), "{text}");
            assert_eq!(
                scan_published(path, text.as_bytes(), &[]).len(),
                1,
                "{text}"
            );
        }
        for text in [
            // Dates and years side by side, as pages put them: no card number, whatever
            // the Luhn check says.
            "<p>2025-04-18 2025-05-01</p>",
            "<nav><a>2036</a> <a>2035</a> <a>2034</a> <a>2033</a></nav>",
            "<p>数据截至 2026-12-01 – 2027-01-31</p>",
            "<td>2025-04-18</td><td>第 3 次</td>",
            "<svg><path d=\"M0 0h7v1H0z\"/></svg>",
            "{\"sha256\": \"a13912345678bcdef13912345678\"}",
        ] {
            assert!(
                scan_published("a.html", text.as_bytes(), &[]).is_empty(),
                "{text}"
            );
        }
        assert!(
            scan_published("data/a.json", br#"{"sha256": "ab13912345678cd0"}"#, &[]).is_empty()
        );
    }

    #[test]
    fn published_text_reads_what_a_reader_sees() {
        let html = "<p>电话<em>139</em>1234<!-- x -->5678</p><td>18</td><td>30</td><img alt=\"&#49;39 1234 5678\" src=\"a.jpg\"><a href=\"tel:%2B86%20139\">x</a><svg><path d=\"M13 91 23 45 67 8\"/></svg>";
        let text = html_text(html);
        assert!(text.contains("电话13912345678"), "{text:?}");
        assert!(text.contains("18\u{0}"), "{text:?}");
        assert!(text.contains("139 1234 5678"), "{text:?}");
        assert!(text.contains("tel:+86 139"), "{text:?}");
        assert!(!text.contains("M13"), "{text:?}");
        // A feed's escaped HTML is read again.
        let feed =
            "<content type=\"html\">&lt;p&gt;139&lt;b&gt;1234&lt;/b&gt;5678&lt;/p&gt;</content>";
        assert!(
            published_text("feed.xml", feed.as_bytes())
                .unwrap()
                .contains("13912345678")
        );
        let ics = "SUMMARY:电话 139\r\n 1234\\, 5678\r\n";
        assert!(
            published_text("meetings.ics", ics.as_bytes())
                .unwrap()
                .contains("1391234, 5678")
        );
        let json = br#"{"a": ["139", 12345678], "13800001111": 1}"#;
        let t = published_text("data/x.json", json).unwrap();
        assert!(
            t.contains("139\u{0}12345678") && t.contains("13800001111"),
            "{t:?}"
        );
        assert!(published_text("a.jpg", b"\xFF\xD8").is_none());
        assert!(published_text("static/style.css", b"x").is_none());
    }
}
