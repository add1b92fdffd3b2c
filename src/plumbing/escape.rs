//! Escaping text for XML-based outputs (feeds, calendar, sitemap, SVG charts) and the
//! characters those formats forbid.

/// Whether a character may appear in published text: not a control character other than
/// tab, line feed and carriage return (XML 1.0 forbids C0 controls; RFC 5545 TEXT forbids
/// controls and DEL; HTML calls C1 controls errors), not a noncharacter (U+FFFE, U+FFFF,
/// U+FDD0–U+FDEF and the last two of every plane, which XML forbids or discourages).
pub fn is_text_char(c: char) -> bool {
    let n = c as u32;
    let control = (n < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || (0x7F..=0x9F).contains(&n);
    let nonchar = (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE;
    !control && !nonchar
}

/// Escapes text for XML, leaving out characters XML forbids ([`is_text_char`]).
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if !is_text_char(c) => {}
            c => out.push(c),
        }
    }
    out
}
