//! The personal-data scan of spec section 9: resident ID numbers, mobile numbers and bank
//! cards must never reach the public board (个人信息保护法 第25、28条).
//!
//! Text is read after NFKC normalisation (full-width ０-９ count as digits), and spaces and
//! hyphens inside a run of digits are ignored (`139 1234-5678`). A run is split into its
//! groups so that a date followed by a phone number (`2024-03-02 13912345678`) is still
//! caught: every window of consecutive groups is tried, longest first.
//!
//! A finding carries the masked form to suggest; the unmasked number is never put into a
//! message. [`redact`] masks every finding in a text, and the pipeline runs every message
//! and quoted source line through it, because CI logs are often public.

use std::borrow::Cow;

use std::ops::Range;

use chrono::NaiveDate;
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
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// Its byte range in the original text (separators included).
    pub span: Range<usize>,
    /// The text as written with the private digits replaced by `*`.
    pub masked: String,
}

/// One character of the text after NFKC, with where it came from.
struct Cell {
    c: char,
    span: Range<usize>,
}

/// The characters that can take part in a number, in order. A stretch of characters that
/// cannot (letters, ideographs, punctuation) is kept as one break cell, so Chinese prose
/// costs almost nothing and runs still end where they did.
/// Whether `text` may hold a personal number at all: a run of at least 11 ASCII digits
/// joined by single spaces or hyphens (the shortest finding is an 11-digit mobile), or any
/// non-ASCII numeric character outside the CJK blocks (full-width, circled or mathematical
/// digits, which NFKC turns into ASCII ones — those take the full scan). Most records hold
/// only dates and counts and skip the scan: it was an eighth of `yishi check`.
fn may_hold_number(text: &str) -> bool {
    // First two passes the compiler vectorises: fewer than 11 ASCII digits in all and no
    // character outside ASCII and the CJK blocks settle most texts (diagnostics, dates).
    let bytes = text.as_bytes();
    let digits = bytes.iter().filter(|b| b.is_ascii_digit()).count();
    let other_script = bytes
        .iter()
        .any(|&b| b >= 0xC0 && !(0xE3..=0xE9).contains(&b));
    if digits < 11 && !other_script {
        return false;
    }
    let (mut run, mut after_separator) = (0u32, false);
    // Bytes, not chars: most of a record is CJK, whose characters U+3000–U+9FFF all start
    // with a byte 0xE3–0xE9 and are passed over without decoding.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= 11 {
                return true;
            }
            after_separator = false;
            continue;
        }
        if (b == b' ' || b == b'-') && run > 0 && !after_separator {
            after_separator = true;
            continue;
        }
        if (0x80..0xC0).contains(&b) {
            continue; // inside a character already looked at
        }
        if b >= 0xC0 && !(0xE3..=0xE9).contains(&b) {
            let ch = text[i..].chars().next().unwrap_or(' ');
            if !matches!(ch as u32, 0xFF00..=0xFF0F | 0xFF1A..=0xFFEF) && ch.is_numeric() {
                return true;
            }
        }
        run = 0;
        after_separator = false;
    }
    false
}

fn cells(text: &str) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    for (i, ch) in text.char_indices() {
        let end = i + ch.len_utf8();
        let c = if ch.is_ascii() {
            if ch.is_ascii_digit() || matches!(ch, ' ' | '-' | '+' | 'X' | 'x' | '*') {
                ch
            } else if ch.is_ascii_alphanumeric() {
                'a'
            } else {
                '\u{0}'
            }
        } else if matches!(ch as u32, 0x3001..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF) {
            // Ideographs and CJK punctuation are their own NFKC form and never digits.
            '\u{0}'
        } else {
            let mut n = std::iter::once(ch).nfkc();
            match (n.next(), n.next()) {
                (Some(one), None) => one,
                _ => '\u{0}',
            }
        };
        if c == '\u{0}'
            && let Some(last) = out.last_mut()
            && last.c == '\u{0}'
        {
            last.span.end = end;
            continue;
        }
        out.push(Cell { c, span: i..end });
    }
    out
}

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
fn classify(digits: &str, after_plus: bool) -> Option<(Kind, Range<usize>)> {
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

/// Finds every personal number in a text. Exact strings in `allow` are skipped.
pub fn scan(text: &str, allow: &[String]) -> Vec<Finding> {
    if !may_hold_number(text) {
        return Vec::new();
    }
    let cells = cells(text);
    let mut findings = Vec::new();
    let is_digit = |c: char| c.is_ascii_digit();
    let mut i = 0;
    while i < cells.len() {
        if !is_digit(cells[i].c) || (i > 0 && is_digit(cells[i - 1].c)) {
            i += 1;
            continue;
        }
        // A run: groups of digits joined by single spaces or hyphens; a final X may end an ID.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut j = i;
        while j < cells.len() {
            let c = cells[j].c;
            if is_digit(c) {
                if let Some(g) = groups.last_mut() {
                    g.push(j);
                }
                j += 1;
            } else if (c == 'X' || c == 'x')
                && groups.last().is_some_and(|g| !g.is_empty())
                && !cells
                    .get(j + 1)
                    .is_some_and(|n| n.c.is_ascii_alphanumeric())
            {
                if let Some(g) = groups.last_mut() {
                    g.push(j);
                }
                j += 1;
                break;
            } else if (c == ' ' || c == '-') && cells.get(j + 1).is_some_and(|n| is_digit(n.c)) {
                groups.push(Vec::new());
                j += 1;
            } else {
                break;
            }
        }
        let after_plus = i > 0 && cells[i - 1].c == '+';
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
                if let Some((kind, mask)) = classify(&digits, after_plus && g == 0) {
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
                    let first = if plus { i - 1 } else { positions[0] };
                    let start = cells[first].span.start;
                    let end = cells[positions[positions.len() - 1]].span.end;
                    let original = &text[start..end];
                    let allowed = allow
                        .iter()
                        .any(|a| a.trim() == original || digits_of(a) == digits_of(original));
                    if !allowed {
                        let masked_cells: Vec<usize> = positions[mask].to_vec();
                        let mut masked = String::new();
                        for (k, cell) in cells
                            .iter()
                            .enumerate()
                            .take(positions[positions.len() - 1] + 1)
                            .skip(first)
                        {
                            if masked_cells.contains(&k) {
                                masked.push('*');
                            } else {
                                masked.push_str(&text[cell.span.clone()]);
                            }
                        }
                        findings.push(Finding {
                            kind,
                            span: start..end,
                            masked,
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

fn digits_of(s: &str) -> String {
    s.chars()
        .flat_map(|c| std::iter::once(c).nfkc())
        .filter(|c| c.is_ascii_digit())
        .collect()
}

/// The text with every personal number masked.
pub fn redact<'a>(text: &'a str, allow: &[String]) -> Cow<'a, str> {
    let findings = scan(text, allow);
    if findings.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for f in findings {
        out.push_str(&text[last..f.span.start]);
        out.push_str(&f.masked);
        last = f.span.end;
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
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
        // An X check character.
        assert_eq!(kinds("11010519491231002X"), [Kind::ResidentId]);
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
            "①③⑨",
        ] {
            assert!(may_hold_number(text), "{text}");
        }
        for text in [
            "raised = 2025-03-10\nnotified = 2025-04-12",
            "start = 2025-04-18T09:00:00",
            "赞成 17 票，反对 2 票，弃权 2 票",
            "电话 12345",
            "1391234567",
            "139  1234 5678",
        ] {
            assert!(!may_hold_number(text), "{text}");
        }
    }
}
