//! Markdown bodies: one event rewrite that finds `@/…` links, gives headings ids, drops
//! soft line breaks between Chinese characters, and renders HTML.
//!
//! Two Chinese pitfalls of CommonMark are handled here: a line break inside a Chinese
//! paragraph would otherwise render as a space between two characters; and headings get
//! ids that keep their Chinese text, so anchors read like the heading.

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// An internal link found in a body: the `@/…` target and its byte span in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target as written, with the `@/` prefix.
    pub target: String,
    /// The span of the link in the body.
    pub span: Range<usize>,
}

/// Every `@/…` link and image in a body, for checking that the targets exist.
pub fn internal_links(body: &str) -> Vec<InternalLink> {
    Parser::new_ext(body, options())
        .into_offset_iter()
        .filter_map(|(event, span)| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if dest_url.starts_with("@/") =>
            {
                Some(InternalLink {
                    target: dest_url.to_string(),
                    span,
                })
            }
            _ => None,
        })
        .collect()
}

/// Whether a character is Chinese, Japanese or Korean script or CJK punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF)
}

/// A heading id from its text: lowercase, spaces to `-`, punctuation dropped, CJK kept.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric()
            || is_cjk(c) && !matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
        {
            id.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() { "section".into() } else { id }
}

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Renders a body to HTML. `resolve` turns an `@/…` target into the URL to write; a
/// target it does not know is written as `#` (validation has reported it already).
/// Headings are shifted one level down, since the page title is the only `<h1>`.
pub fn render(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();

    // Heading ids (unless written with {#id}), unique within the body.
    let mut used = BTreeSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = match id {
                Some(explicit) => explicit.to_string(),
                None => heading_id(&text),
            };
            let mut unique = base.clone();
            let mut n = 1;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, level, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique));
                *level = shift(*level);
            }
        }
        if let Event::End(TagEnd::Heading(level)) = &mut events[i] {
            *level = shift(*level);
        }
        i += 1;
    }

    // Drop soft breaks between two CJK characters.
    let mut kept: Vec<Event> = Vec::with_capacity(events.len());
    for (k, event) in events.iter().enumerate() {
        if matches!(event, Event::SoftBreak) {
            let before = match kept.last() {
                Some(Event::Text(t)) => t.chars().next_back(),
                _ => None,
            };
            let after = match events.get(k + 1) {
                Some(Event::Text(t)) => t.chars().next(),
                _ => None,
            };
            if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                continue;
            }
        }
        kept.push(event.clone());
    }

    // Rewrite @/ links and images.
    let rewritten = kept.into_iter().map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if dest_url.starts_with("@/") => {
            let url = resolve(&dest_url).unwrap_or_else(|| "#".into());
            Event::Start(Tag::Link {
                link_type,
                dest_url: url.into(),
                title,
                id,
            })
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if dest_url.starts_with("@/") => {
            let url = resolve(&dest_url).unwrap_or_else(|| "#".into());
            Event::Start(Tag::Image {
                link_type,
                dest_url: url.into(),
                title,
                id,
            })
        }
        other => other,
    });

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, rewritten);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(target: &str) -> Option<String> {
        target
            .strip_prefix("@/topics/")
            .and_then(|t| t.strip_suffix(".md"))
            .map(|id| format!("../../topics/{id}/index.html"))
    }

    #[test]
    fn rewrites_internal_links_and_keeps_others() {
        let html = render(
            "见[停车](@/topics/park.md)与[外部](https://example.org)。",
            &resolve,
        );
        assert!(
            html.contains(r#"<a href="../../topics/park/index.html">停车</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="https://example.org">外部</a>"#));
        let html = render("[缺](@/topics/none)", &resolve);
        assert!(html.contains(r##"href="#""##));
    }

    #[test]
    fn finds_internal_links_with_spans() {
        let body = "第一行\n\n![签到](@/attachments/a.jpg) 和 [议题](@/topics/x.md)\n";
        let links = internal_links(body);
        assert_eq!(links.len(), 2);
        assert_eq!(links[0].target, "@/attachments/a.jpg");
        assert_eq!(&body[links[1].span.clone()], "[议题](@/topics/x.md)");
    }

    #[test]
    fn drops_soft_breaks_between_chinese_only() {
        let html = render("居民反映\n夜间停车难\nand then\nmore", &resolve);
        assert!(html.contains("居民反映夜间停车难"), "{html}");
        assert!(
            html.contains("停车难\nand then") || html.contains("停车难 and"),
            "{html}"
        );
        assert!(html.contains("then\nmore"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids_and_shift_down() {
        let html = render(
            "# 协商过程\n\n## 结论 Result\n\n## 结论 Result\n\n### 自定 {#own}\n",
            &resolve,
        );
        assert!(
            html.contains(r#"<h2 id="协商过程">协商过程</h2>"#),
            "{html}"
        );
        assert!(html.contains(r#"<h3 id="结论-result">"#), "{html}");
        assert!(html.contains(r#"<h3 id="结论-result-1">"#), "{html}");
        assert!(html.contains(r#"<h4 id="own">"#), "{html}");
    }

    #[test]
    fn tables_and_footnotes() {
        let html = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n文[^1]\n\n[^1]: 注\n",
            &resolve,
        );
        assert!(html.contains("<table>"));
        assert!(html.contains("footnote"));
    }
}
