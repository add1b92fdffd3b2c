//! Values written in a field: an http(s) address, a fraction, an amount of yuan, a time
//! zone offset. Each is read by one rule, used by the checks and the command line alike.

use chrono::FixedOffset;

use crate::model::{Fraction, Money};

/// Whether `url` is an absolute http(s) address with a host: what feeds, the sitemap and
/// QR codes need of `base_url` and `--base-url`.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && !url.trim().chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\' | '`')
        })
}

/// Parses `"a/b"` with 0 < a ≤ b.
/// An attachment as the form editor may write it: `/attachments/x.jpg` means
/// `attachments/x.jpg` (the editor puts its public folder after a `/`); anything else as
/// written.
pub fn attachment_path(written: &str) -> &str {
    match written.strip_prefix('/') {
        Some(rest) if rest.starts_with("attachments/") => rest,
        _ => written,
    }
}

pub fn parse_fraction(s: &str) -> Option<Fraction> {
    let (a, b) = s.split_once('/')?;
    let num: u64 = a.trim().parse().ok()?;
    let den: u64 = b.trim().parse().ok()?;
    (den > 0 && num <= den).then_some(Fraction { num, den })
}

/// Parses `+08:00`.
/// Why an amount is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Below zero.
    Negative,
    /// More than two decimals as written.
    Decimals,
}

/// An amount of yuan as written in TOML (underscores removed) in fen: `Some(Err)` for a
/// negative amount or more than two decimals, `None` for anything that is not plain digits
/// with an optional decimal point (an exponent, `inf`).
pub fn parse_yuan(written: &str) -> Option<Result<Money, MoneyError>> {
    let s = written.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    if negative && (whole > 0 || fraction.bytes().any(|b| b != b'0')) {
        return Some(Err(MoneyError::Negative));
    }
    if fraction.len() > 2 {
        return Some(Err(MoneyError::Decimals));
    }
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    Some(Ok(Money(whole.checked_mul(100)?.checked_add(cents)?)))
}

pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s[1..].split_once(':')?;
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_and_offsets() {
        assert_eq!(parse_fraction("2/3"), Some(Fraction { num: 2, den: 3 }));
        assert_eq!(parse_fraction("3/2"), None);
        assert_eq!(parse_fraction("1/0"), None);
        assert_eq!(parse_fraction("half"), None);
        assert_eq!(
            parse_offset("+08:00").map(|o| o.local_minus_utc()),
            Some(8 * 3600)
        );
        assert_eq!(
            parse_offset("-05:30").map(|o| o.local_minus_utc()),
            Some(-(5 * 3600 + 1800))
        );
        assert_eq!(parse_offset("08:00"), None);
    }
}
