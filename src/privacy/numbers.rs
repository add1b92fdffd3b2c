//! What a string of digits is: a resident ID number (GB 11643), a mainland mobile number, a
//! bank card (Luhn) — or a run of dates, which is none of them.

use std::ops::Range;

use chrono::NaiveDate;

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
        let mut v = u32::from(d.wrapping_sub(b'0') % 10);
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
/// `after_plus`: a `+` stands right before it.
pub fn classify_number(digits: &str, after_plus: bool) -> Option<(Kind, Range<usize>)> {
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
    // The country code, with or without its plus (`8613912345678`, `+86 139…`).
    if b.len() == 13 && b.starts_with(b"86") && mobile(&b[2..]) {
        let _ = after_plus;
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

/// Whether the digit groups of a window read as the calendar, and nothing else: each group
/// is part of a date — a year (1900–2100) followed by a month and a day (`2025-04-18`,
/// `2025.4.18`), a year alone, or a date written as eight digits (`20250418`). Records and
/// pages put dates side by side (`2025-04-18—2025-05-18`, a list of years), and such a row
/// passes the Luhn check one time in ten; a window that is all dates is not taken for a
/// phone or card number (an ID number, with its check character, still is). One group more
/// that is not a date (`1900-1-01 0000`) and the window is read as digits again.
pub fn calendar_like(groups: &[&str]) -> bool {
    let value = |g: &str| g.parse::<u32>().ok();
    let is_year = |g: &str| g.len() == 4 && value(g).is_some_and(|y| (1900..=2100).contains(&y));
    let is_date8 = |g: &str| g.len() == 8 && plausible_date(&g[..4], &g[4..6], &g[6..]);
    let month_day = |m: &str, d: &str| {
        (1..=2).contains(&m.len())
            && (1..=2).contains(&d.len())
            && value(m).is_some_and(|m| (1..=12).contains(&m))
            && value(d).is_some_and(|d| (1..=31).contains(&d))
    };
    if groups.len() < 2 {
        return false;
    }
    let mut i = 0;
    while i < groups.len() {
        if is_year(groups[i]) && i + 2 < groups.len() && month_day(groups[i + 1], groups[i + 2]) {
            i += 3;
        } else if is_year(groups[i]) || is_date8(groups[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_character_of_the_standard_example() {
        // GB 11643's worked example: 11010519491231002 → X.
        assert_eq!(id_check_char(b"11010519491231002"), Some('X'));
    }

    #[test]
    fn country_code_with_or_without_plus() {
        assert_eq!(
            classify_number("8613912345678", false).map(|k| k.0),
            Some(Kind::Mobile)
        );
        assert_eq!(
            classify_number("8612912345678", false).map(|k| k.0),
            None,
            "12 is not a mobile prefix"
        );
    }

    #[test]
    fn calendars() {
        assert!(calendar_like(&["2025", "04", "18", "2025", "05", "18"]));
        assert!(calendar_like(&["2025", "4", "18", "2025", "5", "18"]));
        assert!(calendar_like(&["20250418", "20250518"]));
        assert!(calendar_like(&["2036", "2035"]));
        assert!(!calendar_like(&["6222", "0212", "3456", "7894"]));
        assert!(!calendar_like(&["139", "1234", "5678"]));
        assert!(!calendar_like(&["20250418"]));
        // Something beside the dates that is not one: read as digits.
        assert!(!calendar_like(&["1900", "1", "01", "0", "0", "0", "0"]));
        assert!(!calendar_like(&["2024", "03", "02", "13912345678"]));
    }
}
