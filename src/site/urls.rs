//! The site's address scheme: where each page is, how a link is written from a page to
//! another (relative, so the site works from any sub-path and from `file://`), and QR codes.

use crate::facts::TopicStatus;

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
/// … of a free page.
pub fn page_url(id: &str) -> String {
    format!("{id}/index.html")
}

pub(crate) fn status_url(s: TopicStatus) -> String {
    format!("topics/status/{}/index.html", s.key())
}

pub(crate) fn category_url(index: usize) -> String {
    format!("topics/category/{}/index.html", index + 1)
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

/// A QR code of a URL as inline SVG (4-module quiet zone), sized by the stylesheet.
pub fn qr_svg(url: &str) -> Option<String> {
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .quiet_zone(true)
        .min_dimensions(200, 200)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen("<svg", "<svg role=\"img\" aria-label=\"QR\"", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_urls() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("topics/x/index.html"), "../../");
        assert_eq!(root_of("topics/status/decided/index.html"), "../../../");
        assert_eq!(topic_url("a"), "topics/a/index.html");
    }
}
