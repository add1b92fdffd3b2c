//! Charts as inline SVG, drawn at build time: no JavaScript, no web fonts, readable when
//! printed. Every chart writes its numbers out beside the bars and carries a text
//! alternative (`role="img"` + `aria-label`); bar colours have at least 3:1 contrast on white.
//!
//! Label widths are estimated, not measured (there is no font at build time): a CJK
//! character counts as one em, anything else as 0.6 em. charts-rs measures CJK wrong and
//! hard-codes a Latin font, which is why these are hand-written (see design/crates.md).

use std::fmt::Write as _;

use crate::plumbing::escape::xml_escape;

const FONT: f64 = 16.0;
const ROW: f64 = 48.0;
const BAR_AREA: f64 = 200.0;

/// Colours of the three kinds of vote (contrast on white: 6.2, 7.0 and 8.9 to 1).
pub const YES: &str = "#00703c";
/// Against.
pub const NO: &str = "#b10e1e";
/// Abstaining.
pub const ABSTAIN: &str = "#4a4a4a";
/// Any other bar.
pub const BAR: &str = "#1d4f91";

/// Estimated width of a label in SVG units at the chart's font size.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            if crate::markdown::is_cjk(c) || (c as u32) > 0x2E80 {
                FONT
            } else {
                FONT * 0.6
            }
        })
        .sum()
}

/// One labelled bar.
pub struct Bar<'a> {
    /// The label written left of the bar.
    pub label: &'a str,
    /// The value.
    pub value: u64,
    /// The number as written right of the bar ("17 票").
    pub shown: String,
    /// Fill colour.
    pub colour: &'a str,
}

/// Horizontal bars, one per row with its label above it, scaled to `max` (or to the largest
/// value when `max` is 0). Labels sit above the bars so a chart stays narrow enough (about
/// 250 units) to show at full size, 16 px text, on a 320 px phone. Its size is given in em,
/// so it grows with the reader's text setting.
pub fn bars(rows: &[Bar], max: u64, alt: &str) -> String {
    let number_w = rows
        .iter()
        .map(|r| text_width(&r.shown))
        .fold(0.0, f64::max)
        + 10.0;
    let label_w = rows.iter().map(|r| text_width(r.label)).fold(0.0, f64::max);
    let scale_max = if max > 0 {
        max
    } else {
        rows.iter().map(|r| r.value).max().unwrap_or(0)
    };
    let width = (BAR_AREA + number_w).max(label_w);
    let height = ROW * rows.len() as f64;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {width:.0} {height:.0}" width="{:.2}em" height="{:.2}em" font-size="{FONT}">"#,
        xml_escape(alt),
        width / FONT,
        height / FONT,
    );
    for (i, row) in rows.iter().enumerate() {
        let y = ROW * i as f64;
        let len = if scale_max == 0 {
            0.0
        } else {
            BAR_AREA * row.value as f64 / scale_max as f64
        };
        let _ = write!(
            svg,
            r##"<text x="0" y="{}" fill="#1b1b1b">{}</text><rect x="0" y="{}" width="{}" height="16" fill="#ffffff" stroke="#767676"/><rect x="0" y="{}" width="{}" height="16" fill="{}"/><text x="{}" y="{}" fill="#1b1b1b" font-weight="bold">{}</text>"##,
            Tenths(y + 17.0),
            xml_escape(row.label),
            Tenths(y + 24.0),
            Tenths(BAR_AREA),
            Tenths(y + 24.0),
            Tenths(len),
            row.colour,
            Tenths(BAR_AREA + 8.0),
            Tenths(y + 38.0),
            xml_escape(&row.shown),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A number written as `{:.1}` writes it. A whole number (every coordinate but a bar's
/// length) is written as its digits and `.0`: the standard formatting of a fixed number of
/// decimals falls back to a slow exact algorithm for many values, and charts on every meeting
/// page made it 1.6 % of a build.
struct Tenths(f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 1e15 && !(v == 0.0 && v.is_sign_negative()) {
            write!(f, "{}.0", v as i64)
        } else {
            write!(f, "{v:.1}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Tenths` writes what `{:.1}` writes: whole numbers, fractions, ties, negatives, zero
    /// of both signs, large numbers and the values that are not numbers.
    #[test]
    fn tenths_are_written_as_the_standard_formatting_writes_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.05,
            0.25,
            0.35,
            -1.0,
            -2.5,
            17.0,
            200.0,
            208.0,
            1e15,
            -1e15,
            1e16,
            123456789012345.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        for i in 0..2000u32 {
            values.push(f64::from(i) * 48.0 + 17.0);
            values.push(200.0 * f64::from(i % 97) / f64::from(i % 89 + 1));
            values.push(f64::from(i) / 8.0 - 50.0);
        }
        for v in values {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v:?}");
        }
    }

    #[test]
    fn bars_scale_and_write_numbers() {
        let rows = [
            Bar {
                label: "赞成",
                value: 17,
                shown: "17".into(),
                colour: YES,
            },
            Bar {
                label: "反对",
                value: 2,
                shown: "2".into(),
                colour: NO,
            },
        ];
        let svg = bars(&rows, 20, "赞成 17，反对 2");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"aria-label="赞成 17，反对 2""#));
        assert!(svg.contains(">17</text>") && svg.contains(">2</text>"));
        // 17 of 20 over a 200-unit bar area.
        assert!(svg.contains(r#"width="170.0""#), "{svg}");
        // All zero: empty bars, no division by zero.
        let zero = bars(
            &[Bar {
                label: "x",
                value: 0,
                shown: "0".into(),
                colour: BAR,
            }],
            0,
            "x 0",
        );
        assert!(zero.contains(r#"width="0.0""#));
    }
}
