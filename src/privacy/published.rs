//! Every file a build publishes, read as its readers get it: the text of a page, the values
//! of a data file, the lines of a text file — with a [`BREAK`] wherever two pieces do not run
//! together for the reader (table cells, blocks, attribute values, data fields, lines).

use std::borrow::Cow;

use super::reading::{self, BREAK, Decoded, decode_at, is_joiner, may_hold_number};
use super::scan::{Finding, scan_cells};

/// The text a reader can get out of a published file, by its kind, with a [`BREAK`] (NUL)
/// wherever two pieces of text do not run together as the reader sees them: between table
/// cells, blocks, attribute values, data fields and lines. HTML and feeds: the text of the
/// page with tags read through where they sit inside a line (`139<em>1234</em>5678` reads as
/// one number) and the values of `alt`, `title`, `content`, `aria-label`, `placeholder`,
/// `value` and `href` (percent-decoded: a `tel:` link); feeds' escaped HTML read again;
/// iCalendar unfolded and unescaped; JSON strings, numbers and keys (a line break inside a
/// string separates, as the search page shows it: " · "); CSV cells; any other file as text,
/// line by line (`名单.md`, `.vcf`, `.tsv`, a script, a stylesheet). None for pictures and
/// PDFs, which the attachment cleaner has rebuilt.
pub fn published_text(path: &str, bytes: &[u8]) -> Option<String> {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let text = || String::from_utf8_lossy(bytes);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "svg") => Some(html_text(&text())),
        Some("xml" | "rss" | "atom") => Some(html_text(&html_text(&text()))),
        Some("ics") => Some(ics_text(&text())),
        Some("json") => Some(json_text(bytes)),
        Some("csv") => Some(csv_text(bytes)),
        Some("jpg" | "jpeg" | "jfif" | "jpe" | "png" | "webp" | "gif" | "pdf") => None,
        _ if crate::plumbing::format::sniff(bytes).is_some() => None,
        _ => Some(lines_apart(&text())),
    }
}

/// A text with each line a piece of its own.
fn lines_apart(text: &str) -> String {
    text.replace("\r\n", "\n").replace(['\n', '\r'], "\0")
}

/// Whether a published file may hold a personal number: [`may_hold_number`]'s run of 11
/// digits, read through anything that could hide one in a file of any kind. What it lets
/// through is read properly ([`scan_published`]).
pub fn output_may_hold_number(bytes: &[u8]) -> bool {
    !matches!(candidate_runs(bytes, false), Runs::None)
}

/// Where a published file may hold a personal number, from one pass over its bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Runs {
    /// Nowhere: no run of 11 digits, read through anything that could hide one.
    None,
    /// Only in these plain runs: digits and joiners (of any script) inside one text node or
    /// attribute value, with no markup, entity or escape in them, which read the same alone
    /// as in the whole file (byte ranges of `bytes`).
    Plain(Vec<std::ops::Range<usize>>),
    /// A run reads through markup, an entity or an escape: the whole file must be read as
    /// its readers read it.
    Complex,
}

/// One run of digits being counted: in the text or in a tag's attributes.
#[derive(Default, Clone, Copy)]
struct Run {
    digits: usize,
    start: usize,
    end: usize,
    complex: bool,
}

/// The runs of at least 11 digits in a published file's bytes, read through anything that
/// could hide one — HTML tags (and escaped ones, `&lt;b&gt;`, in a feed), entities and
/// percent escapes (each perhaps a digit), backslash escapes — with attribute values read
/// as runs of their own. `json`: `\n` inside a string separates two pieces, as the JSON
/// reading has it.
///
/// It reads every byte of a build (hundreds of MB at 10,000 topics), so while no run is
/// going it jumps to the next byte that can start one (`next_candidate`); only the tag state
/// carries over what it jumps. A QR code as yishi draws it ([`drawn_codes`]) is passed over
/// whole: no run crosses its edges, and none inside it can reach 11 digits.
pub fn candidate_runs(bytes: &[u8], json: bool) -> Runs {
    let mut plain: Vec<std::ops::Range<usize>> = Vec::new();
    let mut from = 0;
    let codes = if json { None } else { Some(drawn_codes(bytes)) };
    for code in codes.into_iter().flatten() {
        if runs_in(&bytes[..code.start], from, json, &mut plain) {
            return Runs::Complex;
        }
        from = code.end;
    }
    if runs_in(bytes, from, json, &mut plain) {
        return Runs::Complex;
    }
    if plain.is_empty() {
        Runs::None
    } else {
        Runs::Plain(plain)
    }
}

/// The opening of a QR code as `site::urls` draws one, up to its size.
const QR_OPENING: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ";

/// The QR codes in a page drawn as yishi draws them: byte for byte the form `site::urls`
/// writes — a size of at most three digits, and strokes (`M4 4.5h7m3 0h4`) with at most
/// seven digits between two of their letters — so that nothing in one reads as a run of 11
/// digits, and no run goes on across its edges (its first and last bytes are a tag's).
/// Anything else that looks like one is read as any other bytes are.
pub fn drawn_codes(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    memchr::memmem::find_iter(bytes, QR_OPENING).filter_map(|start| {
        let mut at = start + QR_OPENING.len();
        let expect = |text: &[u8], at: &mut usize| -> Option<()> {
            bytes
                .get(*at..)?
                .starts_with(text)
                .then(|| *at += text.len())
        };
        let number = |at: &mut usize| -> Option<()> {
            let digits = bytes
                .get(*at..)?
                .iter()
                .take(4)
                .take_while(|b| b.is_ascii_digit())
                .count();
            (1..=3).contains(&digits).then(|| *at += digits)
        };
        number(&mut at)?;
        expect(b" ", &mut at)?;
        number(&mut at)?;
        expect(
            b"\" role=\"img\" aria-label=\"QR\" shape-rendering=\"crispEdges\"><rect width=\"",
            &mut at,
        )?;
        number(&mut at)?;
        expect(b"\" height=\"", &mut at)?;
        number(&mut at)?;
        expect(b"\" fill=\"#fff\"/><path stroke=\"#000\" d=\"", &mut at)?;
        // Strokes: a letter, then digits, spaces and dots (`4 4.5`), at most seven digits.
        while bytes
            .get(at)
            .is_some_and(|b| matches!(b, b'M' | b'm' | b'h'))
        {
            at += 1;
            let mut digits = 0;
            while let Some(&b) = bytes
                .get(at)
                .filter(|b| matches!(b, b'0'..=b'9' | b' ' | b'.'))
            {
                digits += usize::from(b.is_ascii_digit());
                at += 1;
            }
            if digits == 0 || digits > 7 {
                return None;
            }
        }
        expect(b"\"/></svg>", &mut at)?;
        Some(start..at)
    })
}

/// [`candidate_runs`] over `bytes[from..]`: the long plain runs are added to `plain`; true
/// when a long run reads through markup, an entity or an escape.
fn runs_in(bytes: &[u8], from: usize, json: bool, plain: &mut Vec<std::ops::Range<usize>>) -> bool {
    let (mut text, mut attr) = (Run::default(), Run::default());
    let mut in_tag = false;
    // Ends a run: a long plain one is kept, a long complex one settles it.
    let end = |run: &mut Run, plain: &mut Vec<std::ops::Range<usize>>| -> bool {
        let long = run.digits >= 11;
        let complex = run.complex;
        if long && !complex {
            plain.push(run.start..run.end);
        }
        *run = Run::default();
        long && complex
    };
    let mut i = from;
    while i < bytes.len() {
        if text.digits == 0 && attr.digits == 0 {
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
        let run = if in_tag { &mut attr } else { &mut text };
        let mut ends = false;
        match b {
            b'0'..=b'9' => {
                if run.digits == 0 {
                    *run = Run {
                        start: i,
                        ..Run::default()
                    };
                }
                run.digits += 1;
                run.end = i + 1;
                // The digits and ASCII joiners that follow, in one go (dates, ids in links,
                // the QR code's coordinates): nothing else about the state changes.
                while let Some(&next) = bytes.get(i + 1) {
                    if next.is_ascii_digit() {
                        run.digits += 1;
                        run.end = i + 2;
                    } else if !ascii_joiner(next) {
                        break;
                    }
                    i += 1;
                }
            }
            b if ascii_joiner(b) => {}
            b'\\' => {
                if json && bytes.get(i + 1) == Some(&b'n') {
                    ends = true; // a line break inside a JSON string: another piece
                } else {
                    run.complex |= run.digits > 0;
                }
                i += 1;
            }
            b'%' if bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
            {
                // A percent escape (`tel:%31…`): perhaps a digit, read with the whole file.
                run.complex = true;
                if run.digits == 0 {
                    run.start = i;
                }
                run.digits += 1;
                run.end = i + 3;
                i += 2;
            }
            b'&' => {
                let rest = &bytes[i..bytes.len().min(i + 34)];
                let mut semicolon = rest.iter().position(|&c| c == b';').unwrap_or(0);
                if rest.starts_with(b"&lt;") && !in_tag {
                    // An escaped tag, as in a feed's HTML: read as a tag is.
                    if inline_tag_at(&bytes[i + 4..]) {
                        text.complex |= text.digits > 0;
                    } else if end(&mut text, plain) {
                        return true;
                    }
                    in_tag = true;
                    attr = Run::default();
                } else if rest.starts_with(b"&gt;") && in_tag {
                    if end(&mut attr, plain) {
                        return true;
                    }
                    in_tag = false;
                } else {
                    // An entity: a digit or a joiner it stands for is read with the whole
                    // file; anything else (`&quot;`, `&amp;`) ends the run.
                    // (The window may end inside a character: read up to it.)
                    let decoded = std::str::from_utf8(rest)
                        .or_else(|e| std::str::from_utf8(&rest[..e.valid_up_to()]))
                        .ok()
                        .and_then(reading::decode_at)
                        .and_then(|(d, _)| match d {
                            Decoded::Char(ch) => Some(ch),
                            Decoded::Transparent => None,
                        });
                    let mut reads = (0, false);
                    match decoded {
                        // `&amp;` may start an entity read again (a feed's escaped HTML,
                        // `&amp;#49;`): that entity's name goes with it.
                        Some('&') => {
                            reads = (1, true);
                            let after = &bytes[(i + semicolon + 1).min(bytes.len())..];
                            if let Some(end) =
                                after.iter().take(32).position(|&c| c == b';').filter(|&e| {
                                    after[..e]
                                        .iter()
                                        .all(|c| c.is_ascii_alphanumeric() || *c == b'#')
                                })
                            {
                                semicolon += end + 1;
                            }
                        }
                        Some(ch) => reading::read_char(ch, |c| {
                            if c.is_ascii_digit() {
                                reads.0 += 1;
                            } else if is_joiner(c) {
                                reads.1 = true;
                            }
                        }),
                        None => reads = (1, true), // not one we know: perhaps a digit
                    }
                    if reads.0 > 0 || reads.1 {
                        run.complex = true;
                        if reads.0 > 0 {
                            if run.digits == 0 {
                                run.start = i;
                            }
                            run.digits += reads.0;
                            run.end = i + semicolon + 1;
                        }
                    } else {
                        ends = true;
                    }
                }
                i += semicolon;
            }
            b'<' if !in_tag => {
                in_tag = true;
                attr = Run::default();
                // A block's edge ends a line of text, as published_text reads it; a run
                // through an inline tag is read with the whole file.
                if inline_tag_at(&bytes[i + 1..]) {
                    text.complex |= text.digits > 0;
                } else {
                    ends = true;
                }
            }
            b'>' if in_tag => {
                if end(&mut attr, plain) {
                    return true;
                }
                in_tag = false;
            }
            0x80..=0xBF => {} // inside a character already looked at
            b if b < 0x80 => ends = true,
            0xE4..=0xE9 if !numeral_at(bytes, i) => {
                // An ideograph (U+4000–U+9FFF) that is not a numeral: a break.
                ends = true;
                i += 2;
            }
            b => {
                let len = match b {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                let ch = decode(&bytes[i..bytes.len().min(i + len)]);
                let (mut digits, mut reset) = (0, false);
                match ch {
                    Some(ch) => reading::read_char(ch, |c| match c {
                        '0'..='9' => digits += 1,
                        c if is_joiner(c) => {}
                        _ => reset = true,
                    }),
                    None => {
                        digits += 1; // not UTF-8 here: count it as a digit, read it all
                        run.complex = true;
                    }
                }
                if digits > 0 {
                    if run.digits == 0 {
                        run.start = i;
                    }
                    run.digits += digits;
                    run.end = i + len;
                }
                ends = reset && digits == 0;
                i += len - 1;
            }
        }
        if ends {
            let run = if in_tag && b != b'<' {
                &mut attr
            } else {
                &mut text
            };
            if end(run, plain) {
                return true;
            }
        }
        i += 1;
    }
    end(&mut text, plain) || end(&mut attr, plain)
}

/// For each lead byte of U+3000–U+9FFF (`0xE3`–`0xE9`), the second bytes (their low six
/// bits) that begin a Chinese numeral: most ideographs are told apart from numerals by their
/// first two bytes.
const NUMERAL_PAIRS: [u64; 7] = {
    const NUMERALS: [char; 24] = [
        '〇', '零', '一', '幺', '壹', '二', '贰', '貳', '三', '叁', '參', '四', '肆', '五', '伍',
        '六', '陆', '陸', '七', '柒', '八', '捌', '九', '玖',
    ];
    let mut table = [0u64; 7];
    let mut k = 0;
    while k < NUMERALS.len() {
        let c = NUMERALS[k] as u32;
        let lead = 0xE0 | (c >> 12);
        let second = (c >> 6) & 0x3F;
        table[(lead - 0xE3) as usize] |= 1 << second;
        k += 1;
    }
    table
};

/// Whether the three bytes at `at` are a Chinese numeral (all of them are three bytes).
fn numeral_at(bytes: &[u8], at: usize) -> bool {
    let (Some(&lead), Some(&second)) = (bytes.get(at), bytes.get(at + 1)) else {
        return false;
    };
    let row = lead.wrapping_sub(0xE3);
    row <= 6
        && NUMERAL_PAIRS[usize::from(row)] >> (second & 0x3F) & 1 == 1
        && decode(&bytes[at..bytes.len().min(at + 3)])
            .is_some_and(|c| reading::numeral(c).is_some())
}

/// The character UTF-8 `bytes` begin with, if they do (a lenient decoding: the lead byte
/// says the length, the rest must be continuation bytes).
fn decode(bytes: &[u8]) -> Option<char> {
    let (&lead, rest) = bytes.split_first()?;
    let (len, bits) = match lead {
        0x00..=0x7F => return Some(char::from(lead)),
        0xC2..=0xDF => (1, u32::from(lead & 0x1F)),
        0xE0..=0xEF => (2, u32::from(lead & 0x0F)),
        0xF0..=0xF4 => (3, u32::from(lead & 0x07)),
        _ => return None,
    };
    let tail = rest.get(..len)?;
    let mut code = bits;
    for &b in tail {
        if b & 0xC0 != 0x80 {
            return None;
        }
        code = code << 6 | u32::from(b & 0x3F);
    }
    char::from_u32(code)
}

/// The first position at or after `from` where a run can start: an ASCII digit, `&` (an
/// entity), `%` (a percent escape), `\` (an escape), or a character that reads as a digit
/// ([`reads_as_digit`]: a Chinese numeral, a digit of another script, a full-width or circled
/// one, `㈠`) — or bytes that are not UTF-8.
///
/// Eight bytes are classified at a time without branches ([`classify`]): ASCII candidates,
/// which end the search, and the lead bytes of characters outside ASCII, which are looked at
/// in order ([`starts_run`]: an ideograph's first two bytes tell most of them from a numeral)
/// until one reads as a digit; so Chinese text and its punctuation (`，`, `“`, `。`) are passed
/// over eight bytes at a time.
fn next_candidate(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let (ascii, leads) = classify(w);
        // In the order of the bytes; the first ASCII candidate ends the search.
        let mut maybe = ascii | leads;
        while maybe != 0 {
            let bit = maybe.trailing_zeros();
            let k = i + bit as usize / 8;
            if ascii >> bit & 1 == 1 || starts_run(bytes, k) {
                return k;
            }
            maybe &= maybe - 1;
        }
        i += 8;
    }
    while i < bytes.len() && !starts_run(bytes, i) {
        i += 1;
    }
    i
}

/// Eight bytes (little-endian) classified at once, without branches: the high bit of each
/// byte of the first mask is set for an ASCII candidate ([`ascii_candidate`]), of the second
/// for the lead byte of a character outside ASCII.
fn classify(w: u64) -> (u64, u64) {
    const L: u64 = 0x0101_0101_0101_0101;
    const H: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `t` that is zero.
    let zero = |t: u64| !(((t & !H) + !H) | t) & H;
    let ascii_byte = !w & H;
    // ASCII digits: with the high bit set first, nothing borrows from the next byte.
    let v = (w | H) - L * 0x30;
    let digits = v & !((v & !H) + L * 0x76) & ascii_byte;
    let escapes = zero(w ^ (L * u64::from(b'&')))
        | zero(w ^ (L * u64::from(b'%')))
        | zero(w ^ (L * u64::from(b'\\')));
    let lead = w & (w << 1) & H; // 0b11xx_xxxx
    (digits | escapes, lead)
}

/// Whether an ASCII byte joins the digits on either side of it into one run: white space
/// and `-./_()`.
fn ascii_joiner(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c' | b'-' | b'.' | b'/' | b'_' | b'(' | b')'
    )
}

/// Whether an ASCII byte can be, or stand for, a digit: a digit, `&`, `%` or `\`.
fn ascii_candidate(b: u8) -> bool {
    b.wrapping_sub(b'0') < 10 || b == b'&' || b == b'%' || b == b'\\'
}

/// Whether a run can start at `at`: an ASCII candidate, or the first byte of a character
/// that reads as a digit (or of bytes that are not UTF-8).
fn starts_run(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b @ 0..=0x7F => ascii_candidate(b),
        0x80..=0xBF => false, // inside a character
        0xE4..=0xE9 => numeral_at(bytes, at),
        _ => decode(&bytes[at..bytes.len().min(at + 4)]).is_none_or(reads_as_digit),
    }
}

/// Whether a character reads as a digit, or as several characters one of which is
/// ([`reading::read_char`]: `㉑` reads `2`, `1`). Worked out once for the Basic Multilingual
/// Plane, 65,536 characters in under 2 ms; any character beyond it is taken to.
fn reads_as_digit(c: char) -> bool {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let n = c as usize;
    if n >= 0x10000 {
        return true;
    }
    let table = TABLE.get_or_init(|| {
        let mut table = vec![0u64; 0x10000 / 64];
        for c in (0u32..0x10000).filter_map(char::from_u32) {
            let mut digit = false;
            reading::read_char(c, |r| digit |= r.is_ascii_digit());
            let n = c as usize;
            table[n / 64] |= u64::from(digit) << (n % 64);
        }
        table
    });
    table[n / 64] >> (n % 64) & 1 == 1
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

/// Replaces the hexadecimal tokens yishi writes — a commit id (40 characters) and a SHA-256
/// sum (64) — with [`BREAK`]s: a run of digits inside one is not a number anybody wrote. Only
/// whole tokens of exactly those lengths: a shorter or longer token that holds letters
/// (`dad13912345678`) is read like any other text.
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
            if bounded && matches!(token.len(), 40 | 64) {
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
///
/// Most files settle on one pass over their bytes ([`candidate_runs`]): no run at all, or
/// only plain runs, each read exactly within its text node or attribute value (the reading
/// of the whole file would read them alike). A run through markup, an entity or an escape
/// has the whole file read as its readers read it ([`published_text`]).
pub fn scan_published(path: &str, bytes: &[u8], allow: &[String]) -> Vec<Finding> {
    if path.starts_with("search/terms/") {
        return Vec::new();
    }
    let kind = path.rsplit('.').next().unwrap_or("");
    let json = kind.eq_ignore_ascii_case("json");
    let text_like = matches!(
        kind.to_ascii_lowercase().as_str(),
        "html" | "htm" | "xhtml" | "svg" | "json" | "xml"
    );
    match candidate_runs(bytes, json) {
        Runs::None => Vec::new(),
        Runs::Plain(runs) if text_like => plain_findings(bytes, &runs, json, allow)
            .unwrap_or_else(|| read_whole(path, bytes, allow)),
        _ => read_whole(path, bytes, allow),
    }
}

/// [`scan_published`] reading the whole file as its readers read it.
fn read_whole(path: &str, bytes: &[u8], allow: &[String]) -> Vec<Finding> {
    let Some(text) = published_text(path, bytes) else {
        return Vec::new();
    };
    let text = without_hashes(&text);
    if !may_hold_number(&text) {
        return Vec::new();
    }
    let mut found = scan_cells(&text, &reading::cells(&text), allow);
    for f in &mut found {
        f.masked = f.masked.replace(BREAK, " ");
        f.suggest = f.suggest.replace(BREAK, " ");
    }
    found
}

/// The findings of plain runs, each read within its piece: the text between the nearest
/// `<`, `>` or `"` around it (a text node, an attribute value, a JSON string), at most 64
/// bytes beyond the run on either side (a reading looks at most two characters beyond a
/// run: a `+` before it, an ID's `X` after it and what follows the `X`). None when a piece
/// holds what only the whole file's reading decodes (an entity, a percent or backslash
/// escape; in JSON, `\n` is read as the break it is).
fn plain_findings(
    bytes: &[u8],
    runs: &[std::ops::Range<usize>],
    json: bool,
    allow: &[String],
) -> Option<Vec<Finding>> {
    let mut found = Vec::new();
    for run in runs {
        let bound = |b: &u8| matches!(b, b'<' | b'>' | b'"');
        let from = run.start.saturating_sub(64);
        let start = bytes[from..run.start]
            .iter()
            .rposition(bound)
            .map_or(from, |p| from + p + 1);
        let to = (run.end + 64).min(bytes.len());
        let end = bytes[run.end..to]
            .iter()
            .position(bound)
            .map_or(to, |p| run.end + p);
        // An inline tag right beside the piece is read through by the whole reading: what
        // follows it is context the piece does not have.
        let inline_after = bytes.get(end) == Some(&b'<') && inline_tag_at(&bytes[end + 1..]);
        let inline_before = start > 0
            && bytes[start - 1] == b'>'
            && bytes[start.saturating_sub(64)..start - 1]
                .iter()
                .rposition(|&b| b == b'<')
                .is_some_and(|lt| inline_tag_at(&bytes[start.saturating_sub(64) + lt + 1..]));
        if inline_after || inline_before {
            return None;
        }
        let piece = String::from_utf8_lossy(&bytes[start..end]);
        let piece = if json {
            Cow::Owned(piece.replace("\\n", "\0"))
        } else {
            piece
        };
        if piece.contains(['&', '%', '\\']) {
            return None;
        }
        let piece = without_hashes(&piece);
        found.extend(scan_cells(&piece, &reading::cells(&piece), allow));
    }
    Some(found)
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
        let Some(gt) = crate::plumbing::html::tag_end(rest) else {
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
        for (attr, value) in crate::plumbing::html::attributes(&tag[name_end..]) {
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
                // A line break inside a string separates two pieces (the search page shows
                // it as " · ").
                out.extend(s.chars().map(|c| if c == '\n' { BREAK } else { c }));
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
        Err(_) => lines_apart(&String::from_utf8_lossy(bytes)),
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
                    out.push_str(&lines_apart(cell));
                    out.push(BREAK);
                }
            }
            Err(_) => return lines_apart(&String::from_utf8_lossy(bytes)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::Kind;
    use proptest::prelude::*;

    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9]{1,6}",
            Just("139".to_string()),
            Just("1234".to_string()),
            Just("5678".to_string()),
            Just("13912345678".to_string()),
            Just("86".to_string()),
            Just(" ".to_string()),
            Just("-".to_string()),
            Just(".".to_string()),
            Just("/".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("\n".to_string()),
            Just("<b>".to_string()),
            Just("</b>".to_string()),
            Just("<p>".to_string()),
            Just("</p>".to_string()),
            Just("<td>".to_string()),
            Just("<a href=\"tel:".to_string()),
            Just("\">".to_string()),
            Just("&amp;".to_string()),
            Just("&#49;".to_string()),
            Just("&nbsp;".to_string()),
            Just("&quot;".to_string()),
            Just("%31".to_string()),
            Just("%）".to_string()),
            Just("中".to_string()),
            Just("一三九".to_string()),
            Just("１".to_string()),
            Just("㈠".to_string()),
            Just("㉑".to_string()),
            Just("①".to_string()),
            Just("，".to_string()),
            Just("“".to_string()),
            Just("·".to_string()),
            Just("—".to_string()),
            Just("\u{3000}".to_string()),
            Just("+".to_string()),
            Just("X".to_string()),
            Just(",".to_string()),
            Just("\\n".to_string()),
            Just("\"".to_string()),
            Just("a".to_string()),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn found(f: Vec<Finding>) -> Vec<(Kind, String)> {
        let mut v: Vec<(Kind, String)> = f.into_iter().map(|f| (f.kind, f.digits)).collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v.dedup();
        v
    }

    /// `next_candidate` as its doc says, one byte at a time.
    fn next_candidate_by_bytes(bytes: &[u8], from: usize) -> usize {
        (from..bytes.len())
            .find(|&i| starts_run(bytes, i))
            .unwrap_or(bytes.len())
    }

    /// A character of the CJK rows (U+3000–U+3FFF) that reads as digits starts a run where
    /// it stands: `㈠` reads `(1)`, `㉑` reads `21`. (The one-pass reading once passed over
    /// every character of those rows but the numeral `〇`, and found no run in either.)
    #[test]
    fn characters_that_read_as_digits_start_runs_in_every_row() {
        for page in [
            "<p>㈠3912345678</p>",
            "<p>请致电㈠3912345678。</p>",
            "<p>㉑345678901</p>",
            "<p>“①3912345678”</p>",
        ] {
            assert!(
                !matches!(candidate_runs(page.as_bytes(), false), Runs::None),
                "{page}"
            );
        }
        let found = found(scan_published(
            "a.html",
            "<p>请致电㈠3912345678。</p>".as_bytes(),
            &[],
        ));
        assert_eq!(found, vec![(Kind::Mobile, "13912345678".to_string())]);
        // Punctuation and ideographs that are not numerals start none.
        let text = "<p>“通知”，（二〇二六年）：会议。</p>";
        let starts: Vec<usize> = (0..text.len())
            .filter(|&i| starts_run(text.as_bytes(), i))
            .collect();
        let numerals: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '二' | '〇' | '六'))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(starts, numerals);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Eight bytes at a time find the same place as one byte at a time, from anywhere in
        /// any bytes: text of every kind, and bytes that are not UTF-8.
        #[test]
        fn the_next_candidate_is_the_first_byte_that_can_start_a_run(
            text in pieces(),
            noise in prop::collection::vec(any::<u8>(), 0..24),
            from in 0usize..64,
        ) {
            for bytes in [text.as_bytes().to_vec(), [text.as_bytes(), &noise].concat(), [&noise, text.as_bytes()].concat()] {
                let from = from.min(bytes.len());
                prop_assert_eq!(next_candidate(&bytes, from), next_candidate_by_bytes(&bytes, from));
            }
        }
    }

    /// A QR code as `site::urls` draws one (version 3, 29 modules with the quiet zone).
    const CODE: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 37 37\" role=\"img\" aria-label=\"QR\" shape-rendering=\"crispEdges\"><rect width=\"37\" height=\"37\" fill=\"#fff\"/><path stroke=\"#000\" d=\"M4 4.5h7m2 0h1m1 0h3m2 0h1m1 0h7M4 5.5h1m5 0h1m3 0h2m1 0h1M12 6.5h13m120 0h1\"/></svg>";

    /// Only the exact form is passed over: a size of four digits, a letter other than a
    /// stroke's, eight digits between two letters, an entity or a missing end, and it is
    /// read like any other bytes.
    #[test]
    fn only_a_code_drawn_as_yishi_draws_it_is_passed_over() {
        let page = format!("<p>1</p>{CODE}<p>2</p>{CODE}");
        let codes: Vec<_> = drawn_codes(page.as_bytes()).collect();
        let (first, second) = (8..8 + CODE.len(), 8 + CODE.len() + 8..page.len());
        assert_eq!(codes, vec![first, second]);
        for (from, to) in [
            ("0 0 37 37", "0 0 3700 37"),
            ("M4 4.5h7", "M4 4.5h13912345"),
            ("M4 4.5h7", "M4 4.5x7"),
            ("M4 4.5h7", "M4 4.5h7 1 2 3 4 5 6 7"),
            ("M4 4.5h7", "M4 4.5h&#49;"),
            ("\"/></svg>", "\"/></sv"),
        ] {
            let changed = CODE.replacen(from, to, 1);
            assert_eq!(drawn_codes(changed.as_bytes()).count(), 0, "{changed}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// Passing over a drawn QR code finds what reading its bytes finds, wherever it
        /// stands: between, after or inside any text, a tag, an entity or a number.
        #[test]
        fn passing_over_a_drawn_code_changes_nothing_found(
            text in pieces(),
            at in 0usize..400,
            strokes in prop::collection::vec((0usize..4, 1usize..120, 1usize..40), 0..12),
        ) {
            let mut code = CODE.to_string();
            let path: String = strokes
                .iter()
                .map(|(k, a, b)| match k {
                    0 => format!("M{a} {b}.5"),
                    1 => format!("m{a} 0"),
                    _ => format!("h{a}"),
                })
                .collect();
            code = code.replacen("M4 4.5h7", &format!("M4 4.5h7{path}"), 1);
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let page = format!("{}{code}{}", &text[..at], &text[at..]);
            prop_assert_eq!(drawn_codes(page.as_bytes()).count(), 1);
            // The same bytes read without passing over the code: a runs_in over all of them.
            let mut plain = Vec::new();
            let read = if runs_in(page.as_bytes(), 0, false, &mut plain) {
                Runs::Complex
            } else if plain.is_empty() {
                Runs::None
            } else {
                Runs::Plain(plain)
            };
            prop_assert_eq!(candidate_runs(page.as_bytes(), false), read);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The one-pass reading finds everything reading the whole file finds, in pages
        /// and data files alike. (It may find more in broken markup — a number after a
        /// quoted value inside a tag, which yishi never writes — never less.)
        #[test]
        fn the_fast_reading_finds_what_the_whole_reading_finds(text in pieces()) {
            // A data file as yishi writes one: the text as a JSON string.
            let json = serde_json::to_string(&vec![text.as_str()]).unwrap_or_default();
            // A feed as yishi writes one: the page's HTML escaped inside an element.
            let feed = format!(
                "<content type=\"html\">{}</content>",
                text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
            );
            for (path, bytes) in [("a.html", text.as_bytes()), ("search/docs/0.json", json.as_bytes()), ("feed.xml", feed.as_bytes())] {
                let fast = found(scan_published(path, bytes, &[]));
                let whole = found(read_whole(path, bytes, &[]));
                for f in &whole {
                    prop_assert!(fast.contains(f), "{} {:?}: {:?} missing from {:?}", path, String::from_utf8_lossy(bytes), f, fast);
                }
            }
        }
    }
}
