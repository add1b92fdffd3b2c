//! The site's address scheme: where each page is, how a link is written from a page to
//! another (relative, so the site works from any sub-path and from `file://`), and QR codes.

use crate::facts::TopicStatus;
use crate::model::Model;

/// Site-root-relative URL of a topic page.
pub fn topic_url(id: &str) -> String {
    format!("topics/{id}/index.html")
}
/// … of a meeting page.
pub fn meeting_url(id: &str) -> String {
    format!("meetings/{id}/index.html")
}
/// … of a year page.
pub fn year_url(year: i32) -> String {
    format!("years/{year}/index.html")
}
/// … of an evaluation: a year's is its year's page, a project's has its own (14.3).
pub fn evaluation_url(e: &crate::model::Evaluation) -> String {
    match e.year {
        Some(year) => year_url(year),
        None => format!("evaluations/{}/index.html", e.id),
    }
}
/// … of the list of evaluations.
pub const EVALUATIONS: &str = "evaluations/index.html";
/// … of a free page.
pub fn page_url(id: &str) -> String {
    format!("{id}/index.html")
}

pub(crate) fn status_url(s: TopicStatus) -> String {
    format!("topics/status/{}/index.html", s.key())
}

/// … of the topics of one grid (14.2).
pub(crate) fn grid_topics_url(id: &str) -> String {
    format!("topics/grid/{id}/index.html")
}
pub(crate) fn category_url(index: usize) -> String {
    format!("topics/category/{}/index.html", index + 1)
}

/// The record file a published file shows (`topics/x/index.html` → `content/topics/x.md`,
/// a board sheet → its meeting or topic, a year page → that year's evaluation), for the
/// sitemap's `lastmod` and for telling staff where a number on a page came from; none for
/// lists and other files made from many records.
pub fn record_of(model: &Model, output: &str) -> Option<String> {
    let (first, rest) = output.split_once('/')?;
    let second = rest.split('/').next().unwrap_or(rest);
    let topic = |id: &str| model.topic(id).map(|_| format!("content/topics/{id}.md"));
    let meeting = |id: &str| {
        model
            .meeting(id)
            .map(|_| format!("content/meetings/{id}.md"))
    };
    match first {
        "topics" => topic(second),
        "meetings" => meeting(second),
        "years" => model
            .evaluations
            .iter()
            .find(|e| e.year.is_some_and(|y| y.to_string() == second))
            .map(|e| e.path.clone()),
        "evaluations" => model
            .evaluations
            .iter()
            .find(|e| e.is_project() && e.id == second)
            .map(|e| e.path.clone()),
        "board" => match second.split_once('-')? {
            ("progress", id) => topic(id),
            (_, id) => meeting(id),
        },
        page if rest == "index.html" => model
            .pages
            .iter()
            .find(|p| p.id == page)
            .map(|p| p.path.clone()),
        _ => None,
    }
}

/// Characters that cannot stand as themselves in the path of a link: `?` would start a
/// query and `#` a fragment (an attachment named `a#1.jpg` would link to `a`), `%` would
/// start an escape, and spaces, quotes, brackets and controls are not allowed in a URL.
/// Chinese and other letters stay as they are (browsers show them so).
pub(crate) const PATH_ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A site path (`attachments/2025/a#1.jpg`) as it is written in a link
/// (`attachments/2025/a%231.jpg`).
pub fn file_url(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_ESCAPED).to_string()
}

/// The `../` prefix that leads from a page at `path` back to the site root.
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A QR code of a URL as inline SVG (4-module quiet zone), sized by the stylesheet, with the
/// mask that scores best by the standard's penalty rules: for the board's sheets, which hang
/// outdoors and are scanned from a step away.
pub fn qr_svg(url: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some(svg_of(&code.to_colors(), code.width()))
}

/// A QR code of a page's address for the foot of every printed page: one fixed mask
/// (the standard allows any; choosing the best of eight costs 350 µs a code — 5 s of a
/// 30,000-page build — where one takes 7 µs). The tests decode 200 addresses of every
/// length with a second implementation (rqrr), and print and scan pages of the sample.
pub fn page_qr_svg(url: &str) -> Option<String> {
    use qrcode::{EcLevel, bits, canvas, ec};
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let data = bits.into_bytes();
    let (data, correction) = ec::construct_codewords(&data, version, EcLevel::M).ok()?;
    let mut canvas = canvas::Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &correction);
    canvas.apply_mask(canvas::MaskPattern::Checkerboard);
    let colors = canvas.into_colors();
    let width = version.width() as usize;
    Some(svg_of(&colors, width))
}

/// Modules (`width` a row) as SVG with a 4-module quiet zone. Each row's dark runs are one
/// stroke (`m<gap> 0h<length>`), so a page address's code is about 2 kB where a square per
/// module was 9 kB.
fn svg_of(colors: &[qrcode::Color], width: usize) -> String {
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::with_capacity(width * width / 2);
    let mut digits = itoa::Buffer::new();
    let mut number = |path: &mut String, n: usize| path.push_str(digits.format(n));
    for (y, row) in colors.chunks(width).enumerate() {
        // Strokes run along the middle of the row; each row starts from its left edge.
        let mut x = 0;
        let mut first = true;
        let mut i = 0;
        while i < width {
            if row[i] != qrcode::Color::Dark {
                i += 1;
                continue;
            }
            let start = i;
            while i < width && row[i] == qrcode::Color::Dark {
                i += 1;
            }
            if first {
                path.push('M');
                number(&mut path, start + quiet);
                path.push(' ');
                number(&mut path, y + quiet);
                path.push_str(".5");
                first = false;
            } else {
                path.push('m');
                number(&mut path, start - x);
                path.push_str(" 0");
            }
            path.push('h');
            number(&mut path, i - start);
            x = i;
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"QR\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{path}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The modules an SVG of [`svg_of`] draws, read back from its strokes, and its width.
    fn modules_of(svg: &str) -> (Vec<bool>, usize) {
        let size: usize = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let width = size - 8;
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let mut dark = vec![false; width * width];
        let (mut x, mut y) = (0usize, 0usize);
        let mut chars = d.chars().peekable();
        let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_ascii_digit() || c == '.' {
                    s.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            if chars.peek() == Some(&' ') {
                chars.next();
            }
            s
        };
        while let Some(op) = chars.next() {
            match op {
                'M' => {
                    x = number(&mut chars).parse::<usize>().unwrap() - 4;
                    y = number(&mut chars).parse::<f64>().unwrap() as usize - 4;
                }
                'm' => {
                    x += number(&mut chars).parse::<usize>().unwrap();
                    number(&mut chars);
                }
                'h' => {
                    let n: usize = number(&mut chars).parse().unwrap();
                    for i in x..x + n {
                        dark[y * width + i] = true;
                    }
                    x += n;
                }
                other => panic!("unexpected {other} in {d}"),
            }
        }
        (dark, width)
    }

    #[test]
    fn qr_strokes_are_the_dark_modules() {
        let url = "https://example.org/xingfuli/topics/2024-03-parking/index.html";
        let svg = qr_svg(url).unwrap();
        let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).unwrap();
        let want: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        assert_eq!(modules_of(&svg), (want, code.width()));
        assert!(svg.len() < 2500, "{} bytes", svg.len());
    }

    /// The fixed-mask codes of every printed page decode (rqrr, a second implementation) to
    /// their address: addresses of every length from a short home page to a long Chinese
    /// free-page name, so every version a site uses is read.
    #[test]
    fn page_qr_codes_decode_to_their_address() {
        let mut urls: Vec<String> = vec![
            "https://example.org/index.html".into(),
            format!(
                "https://例子.org/{}/index.html",
                "%E5%8D%8F%E5%95%86".repeat(12)
            ),
        ];
        for i in 0..200 {
            let dir = ["topics", "meetings", "years", "board/results-x", "rules"][i % 5];
            let pad = "abcdefghijklmnopqrstuvwxyz0123456789-".repeat(3);
            urls.push(format!(
                "https://example.gov.cn/{}/{dir}/{}-{i}/index.html",
                &pad[..i % 40],
                &pad[i % 7..i % 7 + 10]
            ));
        }
        for url in &urls {
            let (dark, width) = modules_of(&page_qr_svg(url).unwrap());
            let scale = 4;
            let side = (width + 8) * scale;
            let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
                let inside = (0..width as isize).contains(&mx) && (0..width as isize).contains(&my);
                if inside && dark[my as usize * width + mx as usize] {
                    0
                } else {
                    255
                }
            });
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, content) = grids[0].decode().unwrap_or_else(|e| panic!("{url}: {e:?}"));
            assert_eq!(&content, url);
        }
    }

    /// The backstop passes over a QR code as these functions draw it, whole, and only then
    /// (`privacy::published::drawn_codes`): every code of every version a site uses is
    /// recognised, so a change to the drawing shows here rather than as a slower build.
    #[test]
    fn the_backstop_recognises_every_code_drawn() {
        for i in 0..120 {
            let url = format!(
                "https://example.gov.cn/{}/topics/t{i:06}/index.html",
                "xingfuli-".repeat(i % 23)
            );
            for svg in [page_qr_svg(&url).unwrap(), qr_svg(&url).unwrap()] {
                let page = format!("<p>a</p>{svg}<p>b</p>");
                let codes: Vec<_> =
                    crate::privacy::published::drawn_codes(page.as_bytes()).collect();
                assert_eq!(codes, vec![8..8 + svg.len()], "{url}");
            }
        }
    }

    #[test]
    fn roots_and_urls() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("topics/x/index.html"), "../../");
        assert_eq!(root_of("topics/status/decided/index.html"), "../../../");
        assert_eq!(topic_url("a"), "topics/a/index.html");
    }
}
