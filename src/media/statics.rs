//! `static/`: files published at the site's root as the host needs them (`CNAME`,
//! `.nojekyll`, a verification file, a logo) — and, like everything a build publishes,
//! read before they are: nothing is published that the scan cannot read.
//!
//! By kind (the extension, case-insensitive):
//! - pictures and PDFs are cleaned as attachments are (metadata, scripts and hidden data
//!   left out; a file that is not what its name says is refused);
//! - pages and drawings that a browser runs from the site's own address (`.html`, `.svg`,
//!   `.xml` …) are published only when they hold no active content — no script, event
//!   handler, `javascript:` address, frame, embedded object, form, animation or base
//!   address — and are then read as text; a compressed `.svgz` cannot be read and is refused;
//! - fonts and icons (`.woff2`, `.ico` …) are published as they are: theme assets;
//! - any other UTF-8 text (no NUL) is read line by line for personal numbers;
//! - any other binary file is refused (a spreadsheet or archive the scan cannot read),
//!   unless site.toml lists its extension under `[attachments] publish_as_is`.

use crate::diagnostics::{Diagnostic, Severity, Text};
use crate::input::source::Source;
use crate::media::attachments;
use crate::media::strip::{Format, Policy};
use crate::plumbing::output::OutputFile;

/// Extensions of documents a browser runs from the site's address.
const ACTIVE_DOCUMENTS: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "svg", "xml", "xsl", "xslt", "mathml",
];

/// Extensions published as they are: fonts and icons.
const AS_IS: &[&str] = &["woff", "woff2", "ttf", "otf", "eot", "ico"];

/// What a site says about publishing files: its privacy allow list and the extensions it
/// publishes as they are.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// `[privacy] allow`.
    pub allow: &'a [String],
    /// `[attachments] publish_as_is`.
    pub as_is: &'a [String],
}

impl<'a> Rules<'a> {
    /// A community's rules, from its site.toml.
    pub fn of(site: &'a crate::model::Site) -> Rules<'a> {
        Rules {
            allow: &site.privacy_allow,
            as_is: &site.attachments_as_is,
        }
    }

    /// No allow list and nothing published as it is: a district's own `static/`.
    pub const NONE: Rules<'static> = Rules {
        allow: &[],
        as_is: &[],
    };
}

/// The files under `static/` at `paths` (relative to it), ready to publish at the site's
/// root, and the problems of those that cannot be.
pub fn publishable(
    source: &dyn Source,
    rules: Rules,
    paths: &[String],
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for rel in paths {
        let shown = format!("static/{rel}");
        let bytes = match source.read(&shown) {
            Ok(b) => b,
            Err(e) => {
                problems.push(Diagnostic::whole_file(
                    Severity::Error,
                    "unreadable",
                    &shown,
                    crate::tr!("cannot read file: {e}", "无法读取文件：{e}"),
                ));
                continue;
            }
        };
        match publish(&shown, rel, bytes, rules) {
            Ok(bytes) => files.push(OutputFile {
                path: rel.clone(),
                bytes,
            }),
            Err(mut found) => problems.append(&mut found),
        }
    }
    (files, problems)
}

/// One file of `static/` as it is published, or why it cannot be.
fn publish(
    shown: &str,
    rel: &str,
    bytes: Vec<u8>,
    rules: Rules,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let ext = rel
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "jpg" | "jpeg" | "jfif" | "jpe" => Some(Format::Jpeg),
        "png" => Some(Format::Png),
        "webp" => Some(Format::Webp),
        "gif" => Some(Format::Gif),
        "pdf" => Some(Format::Pdf),
        _ => None,
    };
    if let Some(format) = format {
        return attachments::clean(shown, bytes, Policy::Clean(format), rules.allow)
            .map(|(b, _)| b);
    }
    if AS_IS.contains(&ext.as_str()) || rules.as_is.iter().any(|e| e.eq_ignore_ascii_case(&ext)) {
        return Ok(bytes);
    }
    let refuse = |message: Text, hint: Text| {
        Err(vec![
            Diagnostic::whole_file(Severity::Error, "static-file", shown, message).with_hint(hint),
        ])
    };
    let Some(text) = std::str::from_utf8(&bytes)
        .ok()
        .filter(|t| !t.contains('\0'))
    else {
        return refuse(
            crate::tr!(
                "is not text, a picture or a PDF, so yishi cannot read what it would publish",
                "不是文字、图片或 PDF，yishi 读不出它会公开什么"
            ),
            crate::tr!(
                "publish documents as PDF under content/attachments/; if it must be published as it is, list its extension in site.toml under [attachments] publish_as_is",
                "文档请转成 PDF 放在 content/attachments/ 下；确实要原样发布的，在 site.toml 的 [attachments] publish_as_is 里写上它的扩展名"
            ),
        );
    };
    if ACTIVE_DOCUMENTS.contains(&ext.as_str()) || ext == "svgz" {
        let found = if ext == "svgz" {
            Some("compressed")
        } else {
            active_content(text)
        };
        if let Some(what) = found {
            return refuse(
                crate::tr!(
                    "holds active content ({what}), which a browser would run from the site's own address",
                    "含有会运行的内容（{what}），浏览器会以本站的名义运行它"
                ),
                crate::tr!(
                    "remove it, or publish the drawing as PNG; pages of the site belong in content/pages/",
                    "删去这部分，或把图改存为 PNG；网站的页面请写在 content/pages/ 下"
                ),
            );
        }
    }
    let file = crate::diagnostics::SourceFile::new(shown, text);
    let problems = crate::privacy::scan_record(crate::privacy::Record::Text(&file), rules.allow);
    if problems.is_empty() {
        Ok(bytes)
    } else {
        Err(problems)
    }
}

/// Elements that run code, load other documents or send what residents type.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "base",
    "foreignobject",
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "handler",
    "listener",
    "portal",
];

/// URL schemes that run or carry a document.
const ACTIVE_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:", "livescript:"];

/// What active content an HTML, SVG or XML text holds, if any: an active element, an event
/// handler attribute, an address with a scheme that runs code, a refresh, an entity or
/// style-sheet declaration. Entities and character references are decoded, and spaces and
/// control characters inside a value read through, before anything is compared.
pub fn active_content(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if lower.contains("<!entity") || lower.contains("<?xml-stylesheet") {
        return Some("<!ENTITY> / <?xml-stylesheet?>");
    }
    let mut rest = lower.as_str();
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let end = crate::plumbing::html::tag_end(rest).unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end.min(rest.len())..];
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        let name = tag[..name_end].trim_start_matches('/');
        let local = name.rsplit(':').next().unwrap_or(name);
        if ACTIVE_ELEMENTS.contains(&local) {
            return Some("<script>, <iframe>, <form>, <set>, <animate> …");
        }
        for (attr, value) in crate::plumbing::html::attributes(&tag[name_end..]) {
            let local = attr.rsplit(':').next().unwrap_or(&attr);
            if local.starts_with("on") {
                return Some("on… event handler");
            }
            let mut decoded = String::new();
            decode_references(value, &mut decoded);
            let squeezed: String = decoded
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            if ACTIVE_SCHEMES.iter().any(|s| squeezed.starts_with(s)) {
                return Some("javascript: / data: address");
            }
            if local == "http-equiv" && squeezed.contains("refresh") {
                return Some("<meta http-equiv=refresh>");
            }
        }
    }
    None
}

/// Appends `s` with numeric character references and a few named ones decoded.
fn decode_references(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp + 1..];
        let end = rest.find(';').filter(|&e| e <= 32);
        let decoded = end.and_then(|e| {
            let name = &rest[..e];
            match name.strip_prefix('#') {
                Some(num) => match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse().ok(),
                }
                .and_then(char::from_u32),
                None => match name {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    "amp" => Some('&'),
                    _ => None,
                },
            }
        });
        match (decoded, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => out.push('&'),
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_content_is_found_however_written() {
        for text in [
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=alert(1)>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<svg><a href=\"jav&#x61;script&colon;alert(1)\">x</a></svg>",
            "<svg><a href=\" java\tscript:alert(1)\">x</a></svg>",
            "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
            "<svg><foreignObject><iframe src=x></iframe></foreignObject></svg>",
            "<html><body><form action=https://evil.example/></form></body></html>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<IMG SRC=x ONERROR=alert(1)>",
            "<svg:script>x</svg:script>",
            "<iframe src=\"data:text/html,x\"></iframe>",
            "<!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
        ] {
            assert!(active_content(text).is_some(), "{text}");
        }
        for text in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><path d=\"M0 0h10v10z\" fill=\"#b00\"/></svg>",
            "google-site-verification: google0123abc.html",
            "<html><head><meta name=\"baidu-site-verification\" content=\"abc\"></head><body>abc</body></html>",
            "<p>text about onions: <a href=\"https://example.org/\">link</a></p>",
        ] {
            assert_eq!(active_content(text), None, "{text}");
        }
    }
}
