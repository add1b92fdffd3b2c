//! The scan itself: the numbers in a text, read line by line ([`scan`]), as its TOML strings
//! decode ([`scan_decoded`]) or as given cells ([`scan_cells`]); and [`redact`], which masks
//! every one.

use std::borrow::Cow;
use std::ops::Range;

use super::numbers::{self, Kind, calendar_like};
use super::reading::{
    self, Cell, LETTER, SEP, cells, cells_by_line, decoded_cells, is_joiner, may_hold_number,
};

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
    /// Whether the number was read across a space between groups of digits: perhaps
    /// several numbers side by side (rooms, amounts), which a hint tells staff to set apart.
    pub spaced: bool,
}

/// Finds every personal number in a text as written, line by line. Exact strings in
/// `allow` are skipped.
pub fn scan(text: &str, allow: &[String]) -> Vec<Finding> {
    if !may_hold_number(text) {
        return Vec::new();
    }
    scan_cells(text, &cells_by_line(text), allow)
}

/// Finds every personal number in a text as it decodes ([`decoded_cells`]).
pub fn scan_decoded(text: &str, allow: &[String]) -> Vec<Finding> {
    scan_cells(text, &decoded_cells(text), allow)
}

/// Whether the cell at `at` is an `X` that may end an ID number: nothing alphanumeric
/// right after it.
fn final_x(cells: &[Cell], at: usize) -> bool {
    matches!(cells.get(at).map(|c| c.c), Some('X'))
        && !cells
            .get(at + 1)
            .is_some_and(|n| n.c.is_ascii_digit() || n.c == LETTER || n.c == 'X')
}

/// Whether the joiners `gap` (cells of `text`, right after a digit) end a sentence: a full
/// stop right after the digit, then a space (`… 1-3-502. 1-3-601 …`).
fn ends_sentence(text: &str, gap: &[Cell]) -> bool {
    matches!(gap, [stop, space, ..] if stop.c == '.'
        && text.get(space.span.clone()).is_some_and(|s| s.chars().all(char::is_whitespace)))
}

/// Whether the joiners `gap` between two groups of digits set two numbers apart: an opening
/// bracket (`1493（94.6%）`: a number and its remark; a bracket may open a number, `(139)1234
/// 5678`, but not continue one), or a slash with a space beside it (`1413 / 1493`, a
/// fraction; `139/1234/5678` is written tight).
fn apart(gap: &[Cell]) -> bool {
    gap.iter().any(|c| c.c == '(')
        || (gap.iter().any(|c| c.c == '/') && gap.iter().any(|c| c.c == SEP))
}

/// Finds every personal number in `cells`, which were read from `text`.
pub fn scan_cells(text: &str, cells: &[Cell], allow: &[String]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let is_digit = |c: char| c.is_ascii_digit();
    // For each cell, the last cell before it that is not a joiner.
    let mut before_of: Vec<Option<usize>> = Vec::with_capacity(cells.len());
    let mut last = None;
    for (k, cell) in cells.iter().enumerate() {
        before_of.push(last);
        if !is_joiner(cell.c) {
            last = Some(k);
        }
    }
    let mut i = 0;
    while i < cells.len() {
        // A run starts at a digit that no digit precedes (joiners between them count as
        // nothing: a digit after "1 " continues that run).
        let before = before_of[i].map(|k| &cells[k]);
        let continues = before_of[i].is_some_and(|k| {
            is_digit(cells[k].c)
                && !ends_sentence(text, &cells[k + 1..i])
                && !apart(&cells[k + 1..i])
        });
        if !is_digit(cells[i].c) || continues {
            i += 1;
            continue;
        }
        // A run: groups of digits joined by joiners; a final X may end an ID. Each group
        // remembers whether a space came before it.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut spaced_before: Vec<bool> = vec![false];
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
            } else if is_joiner(c) {
                // Joiners continue the run only when a digit follows them (or an ID's final
                // X, `… 455 X`), and not across the end of a sentence.
                let next = cells[j..]
                    .iter()
                    .position(|n| !is_joiner(n.c))
                    .map(|p| j + p);
                let Some(n) = next else { break };
                if ends_sentence(text, &cells[j..n]) || apart(&cells[j..n]) {
                    break;
                }
                let spaced = cells[j..n].iter().any(|g| g.c == SEP);
                if is_digit(cells[n].c) {
                    if groups.last().is_some_and(|g| !g.is_empty()) {
                        groups.push(Vec::new());
                        spaced_before.push(spaced);
                    }
                    j = n;
                } else if final_x(cells, n) {
                    // A group of its own, so windows with and without it are tried.
                    groups.push(vec![n]);
                    spaced_before.push(spaced);
                    j = n + 1;
                    break;
                } else {
                    break;
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
                let digits: String = positions.iter().map(|&p| cells[p].c).collect();
                let found =
                    numbers::classify_number(&digits, after_plus && g == 0).filter(|(kind, _)| {
                        matches!(kind, Kind::ResidentId | Kind::ResidentIdBadCheck) || {
                            let texts: Vec<String> = groups[g..=e]
                                .iter()
                                .map(|grp| grp.iter().map(|&p| cells[p].c).collect())
                                .collect();
                            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                            !calendar_like(&refs)
                        }
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
                            // Read across a space, with a short group after it: rooms or
                            // amounts side by side, rather than a number in its groups.
                            spaced: spaced_before[g + 1..=e].iter().any(|&s| s)
                                && groups[g + 1..=e].iter().any(|grp| grp.len() < 3),
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

/// The digits of a text as the scan reads them (an allow-list entry, a finding).
fn digits_of(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        reading::read_char(ch, |c| {
            if c.is_ascii_digit() || c == 'X' {
                out.push(c)
            }
        });
    }
    out
}

/// The text with every personal number masked, as written and as it decodes (an escaped
/// or entity-encoded number in a quoted line is masked where it is written).
pub fn redact<'a>(text: &'a str, allow: &[String]) -> Cow<'a, str> {
    let mut findings = scan(text, allow);
    // A quoted line is one line; a message may span several, each a paragraph.
    findings.extend(if may_hold_number(text) {
        scan_cells(text, &cells(text), allow)
    } else {
        Vec::new()
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::{
        html_text, id_check_char, luhn, output_may_hold_number, published_text, scan_published,
    };

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
            // Read as written, a line is a piece of its own; in a paragraph, a line break
            // is a space.
            let found = if sep.contains('\n') {
                assert!(kinds(&text).is_empty(), "{sep:?}");
                scan_cells(&text, &cells(&text), &[])
            } else {
                scan(&text, &[])
            };
            assert_eq!(
                found.iter().map(|f| f.kind).collect::<Vec<_>>(),
                [Kind::Mobile],
                "{sep:?}"
            );
            assert!(may_hold_number(&text), "{sep:?}");
            let masked = &found[0].masked;
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
            // A line break inside a multi-line TOML string is part of the value.
            ("note = \"\"\"电话 139\n1234 5678\"\"\"", true),
            ("note = \'\'\'电话 139\n1234 5678\'\'\'", true),
            // Outside one, it ends the value: two values are two numbers.
            ("a = \"1-3-502\"\nb = \"1-3-601\"\nc = \"1-4-302\"", false),
            ("a = \"\"\"x\"\"\"\nb = \"139\"\nc = \"12345678\"", false),
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

    /// Numbers as people write them (issue 23): every separator a person puts between digits,
    /// every way of writing a digit, the ID's X as it gets typed, the country code without
    /// its plus.
    #[test]
    fn numbers_as_people_write_them() {
        let good = id("11010519800101123");
        let check = good.chars().last().unwrap();
        for (text, kind) in [
            ("139.1234.5678", Kind::Mobile),
            ("139/1234/5678", Kind::Mobile),
            ("(139)1234-5678", Kind::Mobile),
            ("（139）1234-5678", Kind::Mobile),
            ("139_1234_5678", Kind::Mobile),
            ("139·1234·5678", Kind::Mobile),
            ("139 . 1234 . 5678", Kind::Mobile),
            ("一三九一二三四五六七八", Kind::Mobile),
            ("幺三九幺二三四五六七八", Kind::Mobile),
            ("139一二三四5678", Kind::Mobile),
            ("壹叁玖壹贰叁肆伍陆柒捌", Kind::Mobile),
            ("١٣٩١٢٣٤٥٦٧٨", Kind::Mobile),
            ("१३९१२३४५६७८", Kind::Mobile),
            ("8613912345678", Kind::Mobile),
            ("86 139 1234 5678", Kind::Mobile),
            ("6222.0212.3456.7894", Kind::BankCard),
        ] {
            let found = kinds(text);
            let expect = if kind == Kind::BankCard && !luhn(b"6222021234567894") {
                vec![]
            } else {
                vec![kind]
            };
            assert_eq!(found, expect, "{text}");
        }
        // The ID of the issue, dotted, and its check character typed as ×, Cyrillic Х or
        // Greek Χ.
        let dotted = format!("{}.{}.{}", &good[..6], &good[6..14], &good[14..]);
        assert_eq!(kinds(&dotted), [Kind::ResidentId], "{dotted}");
        let x_id = id("11010519491231002");
        assert!(x_id.ends_with('X'));
        for x in ['×', 'Х', 'Χ', 'х', 'χ', 'x', 'Ｘ'] {
            let typed = format!("身份证{}{x}。", &x_id[..17]);
            assert_eq!(kinds(&typed), [Kind::ResidentId], "{typed}");
            let f = &scan(&typed, &[])[0];
            assert!(!f.masked.contains("19491231"), "{}", f.masked);
        }
        let _ = check;
        // Masked as suggested: in digits, whatever was written.
        assert_eq!(
            scan("一三九一二三四五六七八", &[])[0].suggest,
            "139****5678"
        );
    }

    /// Numbers in different cells, list items, lines or sentences are not one number, and
    /// what records ordinarily hold — vote tables, amounts, room numbers, date ranges, the
    /// office phone — is no personal number (issue 23).
    #[test]
    fn numbers_apart_are_not_one_number() {
        let record = "\
+++
title = \"3 号楼加装电梯\"
+++
## 表决结果

| 楼栋 | 户数 | 同意 |
|---|---|---|
| 1 | 36 | 30 |
| 2 | 48 | 40 |
| 3 | 52 | 47 |

涉及的房间：

- 1-3-502
- 1-3-601
- 1-4-302

| 楼栋 | 户数 | 分摊金额（元） |
| --- | --- | --- |
| 1 | 36 | 12345.60 |
| 2 | 48 | 16460.80 |
| 3 | 52 | 17832.20 |

公示期 2025-04-18—2025-05-18，2025.4.18-2025.5.18，20250418-20250518。
预算 1,234,567.89 元，已支出 120,000 元。共 36 户。13 户同意。
3-2-501、3-2-601、3-2-701 三户。
办公电话 0571-8888 1234，0571-88881234。
会议时间 2025-04-18 09:00—11:30，第 3 次会议。
";
        assert!(scan(record, &[]).is_empty(), "{:?}", scan(record, &[]));
        assert!(scan_decoded(record, &[]).is_empty());
        // Sentences: a full stop and a space end a number.
        assert!(kinds("Room 3-2-501. 13-4-402. Done").is_empty());
        // A fraction and its share, as the council page writes attendance.
        assert!(kinds("出席 1413 / 1493（94.6%）").is_empty());
        assert!(kinds("1413/1493（94.6%）").is_empty());
        // A bracket may open a number, not continue one.
        assert_eq!(kinds("+86 (139) 1234 5678"), [Kind::Mobile]);
        // A table's cells flattened one per line, as the search records hold them.
        let cells_per_line = "1\n36\n30\n2\n48\n40\n3\n52\n47";
        assert!(kinds(cells_per_line).is_empty());
        let json = format!("[\"{}\"]", cells_per_line.replace('\n', "\\n"));
        assert!(scan_published("search/docs/0.json", json.as_bytes(), &[]).is_empty());
        // But one line of digits with spaces is one number, as a reader reads it.
        assert_eq!(kinds("请联系 139 1234 5678"), [Kind::Mobile]);
    }

    /// A hexadecimal token is passed over only when it is a commit id or a SHA-256 sum:
    /// letters next to a number do not hide it.
    #[test]
    fn only_whole_hashes_are_passed_over() {
        let sha = "a".repeat(30) + "13912345678" + &"b".repeat(23);
        assert_eq!(sha.len(), 64);
        let page = format!("<p>{sha}</p>");
        assert!(scan_published("data/attachments.json", page.as_bytes(), &[]).is_empty());
        for token in ["dad13912345678", "ab13912345678cd0", "13912345678abcdef"] {
            let page = format!("<p>文件 {token}.txt</p>");
            assert_eq!(
                scan_published("changes/index.html", page.as_bytes(), &[]).len(),
                1,
                "{token}"
            );
        }
    }

    /// Any published file that is not a picture or a PDF is read as text, a line at a time.
    #[test]
    fn every_published_file_is_read() {
        for path in [
            "名单.md",
            "contacts.vcf",
            "list.tsv",
            "app.js",
            "notes.txt",
            "README",
            "x.svg",
        ] {
            let bytes = "王某 TEL:13912345678\n".as_bytes();
            assert_eq!(scan_published(path, bytes, &[]).len(), 1, "{path}");
        }
        assert!(published_text("a.png", b"13912345678").is_none());
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
            ("a.json", "{\"x\": \"139 1234 5678\"}"),
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
        ] {
            assert!(
                scan_published("a.html", text.as_bytes(), &[]).is_empty(),
                "{text}"
            );
        }
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
    }
}
