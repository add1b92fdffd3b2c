//! Markdown bodies: one event rewrite that finds `@/…` links, gives headings ids, drops
//! soft line breaks between Chinese characters, and renders HTML.
//!
//! Two Chinese pitfalls of CommonMark are handled here: a line break inside a Chinese
//! paragraph would otherwise render as a space between two characters; and headings get
//! ids that keep their Chinese text, so anchors read like the heading.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The Markdown extensions yishi reads: tables, footnotes, strikethrough, task lists and
/// heading attributes.
pub fn options() -> Options {
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
    review(
        body,
        Look {
            links: true,
            ..Look::NONE
        },
    )
    .links
}

/// What a body is read for ([`review`]).
#[derive(Debug, Clone, Copy)]
pub struct Look {
    /// The `@/…` links and images.
    pub links: bool,
    /// Raw HTML and heading attributes that the sanitiser changes.
    pub unsafe_html: bool,
    /// `**` or `__` that stays literal.
    pub literal_emphasis: bool,
    /// Elements nested deeper than [`MAX_HTML_DEPTH`].
    pub too_deep: bool,
}

impl Look {
    /// Nothing.
    pub const NONE: Look = Look {
        links: false,
        unsafe_html: false,
        literal_emphasis: false,
        too_deep: false,
    };
    /// Everything the check of a record reads from its body.
    pub const ALL: Look = Look {
        links: true,
        unsafe_html: true,
        literal_emphasis: true,
        too_deep: true,
    };
}

/// What [`review`] found in a body.
#[derive(Debug, Default)]
pub struct Review {
    /// The `@/…` links and images, in order.
    pub links: Vec<InternalLink>,
    /// Raw HTML the sanitiser will change, and heading attributes other than an id
    /// (`{.class key=value}`), which are removed: (span in the body, what was written).
    pub unsafe_html: Vec<(Range<usize>, String)>,
    /// Spans where `**` or `__` stayed literal text: CommonMark does not close emphasis
    /// after Chinese punctuation followed by a letter (`**注意：**正文`).
    pub literal_emphasis: Vec<Range<usize>>,
    /// Where elements first nest deeper than [`MAX_HTML_DEPTH`] (the raw HTML tag or
    /// Markdown block that goes over), when the body has raw HTML to sanitise.
    pub too_deep: Option<Range<usize>>,
}

/// Reads a body once for what `look` asks. Each part first looks for the bytes it is about
/// (`@/`, `<`, `{`, `**`, `__`), and the body is parsed only when one of them is there: once
/// for all, where four readings parsed a record's body twice on average (docs/performance.md).
pub fn review(body: &str, look: Look) -> Review {
    let has_html = body.contains('<');
    let links = look.links && body.contains("@/");
    let unsafe_html = look.unsafe_html && (has_html || body.contains('{'));
    let emphasis = look.literal_emphasis && (body.contains("**") || body.contains("__"));
    // Markdown alone is never sanitised, so only raw HTML can nest too deep to publish.
    let depth = look.too_deep && has_html;
    let mut found = Review::default();
    if !(links || unsafe_html || emphasis || depth) {
        return found;
    }
    let unsafe_html = unsafe_html.then(UnsafeHtml::new);
    let mut emphasis = emphasis.then(Emphasis::default);
    let mut depth = depth.then_some(0usize);
    for (event, span) in Parser::new_ext(body, options()).into_offset_iter() {
        if links
            && let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &event
            && dest_url.starts_with("@/")
        {
            found.links.push(InternalLink {
                target: dest_url.to_string(),
                span: span.clone(),
            });
        }
        if let Some(html) = &unsafe_html
            && let Some(bad) = html.see(&event, &span, body)
        {
            found.unsafe_html.push(bad);
        }
        if let Some(emphasis) = &mut emphasis {
            emphasis.see(&event, &span, &mut found.literal_emphasis);
        }
        if let Some(d) = &mut depth
            && found.too_deep.is_none()
            && nests_too_deep(d, &event)
        {
            found.too_deep = Some(span);
        }
    }
    if let Some(emphasis) = &mut emphasis {
        emphasis.flush(&mut found.literal_emphasis);
    }
    found
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

/// A body as search reads it, from one parse with the options [`render`] uses.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PlainText {
    /// Its text and code (image captions and link texts included), a line break after each
    /// block, a space for each line break inside one.
    pub text: String,
    /// Each heading's text with the id [`render`] gives it, in order: search links a match
    /// to the part of the page it is in (`page#id`).
    pub headings: Vec<(String, String)>,
}

/// The plain text of a body and its headings (see [`PlainText`]).
pub fn plain_text(body: &str) -> PlainText {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();
    set_heading_ids(&mut events);
    let mut out = PlainText {
        text: String::with_capacity(body.len()),
        headings: Vec::new(),
    };
    let mut heading: Option<(String, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((String::new(), id.map(|i| i.to_string()).unwrap_or_default()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = &mut heading {
                    text.push_str(&t);
                }
                out.text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => out.text.push(' '),
            Event::End(TagEnd::Heading(_)) => {
                out.headings.extend(heading.take());
                out.text.push('\n');
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => out.text.push('\n'),
            _ => {}
        }
    }
    out
}

/// Gives every heading an id (unless written with `{#id}`), unique within the body, and
/// shifts its level one down.
fn set_heading_ids(events: &mut [Event]) {
    let mut used = BTreeSet::new();
    let mut next: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
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
            // The next suffix to try for each base, so a body of many equal headings stays
            // linear (`h`, `h-1`, `h-2` … without counting up from 1 each time).
            let mut unique = base.clone();
            if !used.insert(unique.clone()) {
                let n = next.entry(base.clone()).or_insert(1);
                loop {
                    unique = format!("{base}-{n}");
                    *n += 1;
                    if used.insert(unique.clone()) {
                        break;
                    }
                }
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
}

/// Renders a body to HTML. `resolve` turns an `@/…` target into the URL to write; a
/// target it does not know is written as `#` (validation has reported it already).
/// Headings are shifted one level down, since the page title is the only `<h1>`.
pub fn render(body: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let mut events: Vec<Event> = Parser::new_ext(body, options()).collect();

    set_heading_ids(&mut events);

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

    let events: Vec<Event> = rewritten.collect();
    let fast = publishes_as_sanitised(&events);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if !fast {
        return sanitise(&html);
    }
    // Three spellings differ from the sanitiser's: pulldown-cmark closes void elements
    // XHTML-style (`<br />`, `<img … />`), writes `style="text-align: left"` and leaves a
    // no-break space as it is; the sanitiser writes `<br>`, `text-align:left` and `&nbsp;`.
    // Text and attribute values are escaped (`>` is `&gt;`, `"` is `&quot;`), so the first
    // two strings occur only in tags it wrote.
    if html.contains(" />") {
        html = html.replace(" />", ">");
    }
    if html.contains("style=\"text-align: ") {
        html = html.replace("style=\"text-align: ", "style=\"text-align:");
    }
    if html.contains('\u{a0}') {
        html = html.replace('\u{a0}', "&nbsp;");
    }
    html
}

/// Runs the sanitiser over rendered HTML.
fn sanitise(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

/// Whether the HTML of these events is already what the sanitiser would make of it, byte for
/// byte, so the sanitiser (an HTML parse, the costliest step of rendering a body) can be
/// skipped: no raw HTML, no link or image to an unusual URL scheme, no heading attributes
/// other than its id (`{#id .class key=value}` would reach the page as attributes), no task
/// list checkbox (written `<input …/>`, which the sanitiser writes without the slash).
/// `tests::the_shortcut_publishes_what_the_sanitiser_would` checks the claim on random
/// Markdown: anything it lets through that the sanitiser would change is a failure.
fn publishes_as_sanitised(events: &[Event]) -> bool {
    events.iter().all(|e| match e {
        Event::Html(_) | Event::InlineHtml(_) | Event::TaskListMarker(_) => false,
        Event::Start(Tag::Link {
            dest_url, title, ..
        })
        | Event::Start(Tag::Image {
            dest_url, title, ..
        }) => {
            is_plain_url(dest_url)
                && !needs_escaping_review(dest_url)
                && !needs_escaping_review(title)
        }
        Event::Start(Tag::Heading {
            id, classes, attrs, ..
        }) => {
            classes.is_empty()
                && attrs.is_empty()
                && id.as_deref().is_none_or(|i| !needs_escaping_review(i))
        }
        _ => true,
    })
}

/// Characters the sanitiser's serialiser escapes or drops differently from pulldown-cmark's
/// escaping inside an attribute value; a value holding one goes through the sanitiser.
fn needs_escaping_review(value: &str) -> bool {
    value
        .chars()
        .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\'' | '`' | '\u{a0}') || c.is_control())
}

/// The schemes of the absolute addresses that may skip the sanitiser.
const PLAIN_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether the sanitiser keeps an absolute address as pulldown-cmark writes it
/// (`escape_href`): it reads the attribute with the `url` crate, keeps an address of a scheme
/// it allows, and drops one that does not parse — `<https://a.b![](b.png)>` names a host no
/// domain can have. With [`needs_escaping_review`] (no `&` or quote to decode), the address it
/// reads is the one written.
fn sanitiser_keeps(dest_url: &str) -> bool {
    let mut href = String::with_capacity(dest_url.len());
    if pulldown_cmark_escape::escape_href(&mut href, dest_url).is_err() {
        return false;
    }
    match url::Url::parse(&href) {
        Ok(url) => PLAIN_SCHEMES.contains(&url.scheme()),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// A URL that needs no sanitising: relative or a fragment (which the sanitiser passes as they
/// are), or an http(s), mailto or tel address the sanitiser keeps ([`sanitiser_keeps`]; only
/// these are parsed, so the relative links of most bodies cost nothing more).
fn is_plain_url(url: &str) -> bool {
    match url.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &url[..colon];
            // A colon after a '/', '?' or '#' is not a scheme separator.
            scheme.contains(['/', '?', '#'])
                || (PLAIN_SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s))
                    && sanitiser_keeps(url))
        }
    }
}

/// The sanitiser for rendered bodies: ammonia's safe defaults (no script, no event
/// handlers, no `javascript:` URLs, no frames), plus what Markdown itself produces and
/// the defaults would strip: heading and footnote ids, footnote classes, task-list
/// checkboxes and table cell alignment.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .add_allowed_classes("div", ["footnote-definition"])
            .link_rel(None);
        b.set_tag_attribute_value("input", "type", "checkbox");
        b.set_tag_attribute_value("input", "disabled", "");
        b
    })
}

/// Spans where `**` or `__` stayed literal text: CommonMark does not close emphasis after
/// Chinese punctuation followed by a letter (`**注意：**正文`), so readers see the asterisks.
pub fn literal_emphasis(body: &str) -> Vec<Range<usize>> {
    review(
        body,
        Look {
            literal_emphasis: true,
            ..Look::NONE
        },
    )
    .literal_emphasis
}

/// The reading of [`Review::literal_emphasis`]: the parser hands unmatched delimiters over
/// as separate one-character texts, so adjacent texts are joined before looking for a
/// doubled delimiter.
#[derive(Default)]
struct Emphasis {
    run: String,
    span: Option<Range<usize>>,
    in_code: bool,
}

impl Emphasis {
    fn see(&mut self, event: &Event, range: &Range<usize>, found: &mut Vec<Range<usize>>) {
        match event {
            Event::Text(t) if !self.in_code => {
                self.run.push_str(t);
                self.span = Some(
                    self.span
                        .take()
                        .map_or(range.clone(), |s| s.start..range.end),
                );
            }
            other => {
                self.flush(found);
                match other {
                    Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
                    Event::End(TagEnd::CodeBlock) => self.in_code = false,
                    _ => {}
                }
            }
        }
    }

    fn flush(&mut self, found: &mut Vec<Range<usize>>) {
        if let Some(s) = self.span.take()
            && has_bare_double_delimiter(&self.run)
        {
            found.push(s);
        }
        self.run.clear();
    }
}

/// A run of exactly two `*` or `_` that is not part of a masked number (`139****5678`).
/// Bytes suffice: the delimiters and the digits are ASCII, and no other character's UTF-8
/// holds an ASCII byte.
fn has_bare_double_delimiter(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'*' || c == b'_' {
            let start = i;
            while i < bytes.len() && bytes[i] == c {
                i += 1;
            }
            let near_digit = (start > 0 && bytes[start - 1].is_ascii_digit())
                || bytes.get(i).is_some_and(u8::is_ascii_digit);
            if i - start == 2 && !near_digit {
                return true;
            }
        } else {
            i += 1;
        }
    }
    false
}

/// How deeply a body's raw HTML may nest elements (with the Markdown blocks around it):
/// the sanitiser's HTML parser takes time in proportion to the depth for every tag, so a
/// body of 100,000 nested `<div>`s (under a megabyte) would take minutes to publish. No
/// record needs more than a few levels.
pub const MAX_HTML_DEPTH: usize = 100;

/// Where a body's elements first nest deeper than [`MAX_HTML_DEPTH`] (the raw HTML tag or
/// Markdown block that goes over), when they do and the body has raw HTML to sanitise.
pub fn too_deep(body: &str) -> Option<Range<usize>> {
    review(
        body,
        Look {
            too_deep: true,
            ..Look::NONE
        },
    )
    .too_deep
}

/// The reading of [`Review::too_deep`]: `depth` after `event`, and whether it went over.
fn nests_too_deep(depth: &mut usize, event: &Event) -> bool {
    match event {
        Event::Start(_) => *depth += 1,
        Event::End(_) => *depth = depth.saturating_sub(1),
        Event::Html(html) | Event::InlineHtml(html) => {
            let mut rest: &str = html;
            while let Some(lt) = rest.find('<') {
                rest = &rest[lt + 1..];
                let closing = rest.starts_with('/');
                let name: String = rest
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if name.is_empty() || VOID.contains(&name.as_str()) {
                    continue;
                }
                let self_closed = rest.find('>').is_some_and(|gt| rest[..gt].ends_with('/'));
                if closing {
                    *depth = depth.saturating_sub(1);
                } else if !self_closed {
                    *depth += 1;
                    if *depth > MAX_HTML_DEPTH {
                        return true;
                    }
                }
            }
        }
        _ => {}
    }
    *depth > MAX_HTML_DEPTH
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Raw HTML written in a body that the sanitiser will change, and heading attributes other
/// than an id (`{.class key=value}`), which are removed: (span in the body, what was written).
pub fn unsafe_html(body: &str) -> Vec<(Range<usize>, String)> {
    review(
        body,
        Look {
            unsafe_html: true,
            ..Look::NONE
        },
    )
    .unsafe_html
}

/// The reading of [`Review::unsafe_html`], with the sanitiser's allowed sets.
struct UnsafeHtml {
    tags: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    per_tag: std::collections::HashMap<&'static str, HashSet<&'static str>>,
}

impl UnsafeHtml {
    fn new() -> UnsafeHtml {
        UnsafeHtml {
            tags: sanitizer().clone_tags(),
            generic: sanitizer().clone_generic_attributes(),
            per_tag: sanitizer().clone_tag_attributes(),
        }
    }

    fn see(
        &self,
        event: &Event,
        span: &Range<usize>,
        body: &str,
    ) -> Option<(Range<usize>, String)> {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                let bad = html_is_unsafe(html, &self.tags, &self.generic, &self.per_tag);
                bad.then(|| (span.clone(), html.trim().to_string()))
            }
            Event::Start(Tag::Heading { classes, attrs, .. })
                if !classes.is_empty() || !attrs.is_empty() =>
            {
                let line_end = body[span.start..]
                    .find('\n')
                    .map_or(span.end, |e| span.start + e);
                let written = body[span.start..line_end]
                    .rfind('{')
                    .map_or("", |b| &body[span.start + b..line_end]);
                Some((span.start..line_end, written.trim().to_string()))
            }
            _ => None,
        }
    }
}

/// A small tag scanner: a tag or attribute outside the allowed sets, an event handler, or
/// a script URL makes a fragment unsafe. Comments are dropped silently and are fine.
fn html_is_unsafe(
    html: &str,
    tags: &HashSet<&str>,
    generic: &HashSet<&str>,
    per_tag: &std::collections::HashMap<&str, HashSet<&str>>,
) -> bool {
    let lower = html.to_ascii_lowercase();
    if ["javascript:", "vbscript:", "data:text/html"]
        .iter()
        .any(|p| lower.contains(p))
    {
        return true;
    }
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(pos) = lower[i..].find('<') {
        let start = i + pos + 1;
        if lower[start..].starts_with("!--") {
            i = lower[start..]
                .find("-->")
                .map_or(lower.len(), |e| start + e + 3);
            continue;
        }
        let name_start = if bytes.get(start) == Some(&b'/') {
            start + 1
        } else {
            start
        };
        let name_end = lower[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(lower.len(), |e| name_start + e);
        let name = &lower[name_start..name_end];
        if name.is_empty() {
            i = start;
            continue;
        }
        if !tags.contains(name) {
            return true;
        }
        let tag_end = lower[name_end..]
            .find('>')
            .map_or(lower.len(), |e| name_end + e);
        for attr in attribute_names(&lower[name_end..tag_end]) {
            let ok = generic.contains(attr.as_str())
                || per_tag
                    .get(name)
                    .is_some_and(|set| set.contains(attr.as_str()));
            if attr.starts_with("on") || !ok {
                return true;
            }
        }
        i = tag_end.max(start);
    }
    false
}

fn attribute_names(inside: &str) -> Vec<String> {
    crate::plumbing::html::attributes(inside)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

// ---------------------------------------------------------------- link targets

/// What an `@/…` Markdown target points at, if it is well formed.
pub enum LinkTarget<'a> {
    /// `@/topics/<id>.md`
    Topic(&'a str),
    /// `@/meetings/<id>.md`
    Meeting(&'a str),
    /// `@/evaluations/<year>.md`
    Evaluation(&'a str),
    /// `@/pages/<id>.md`
    Page(&'a str),
    /// `@/attachments/…`
    Attachment(&'a str),
}

/// The attachment an `@/attachments/…` link names, given which paths exist: `#` starts a
/// fragment (`x.pdf#page=2`) unless the whole target, `#` and all, is the name of a file
/// (`照片#1.jpg`).
pub fn linked_attachment(target: &str, exists: impl Fn(&str) -> bool) -> Option<&str> {
    let whole = target.strip_prefix("@/")?;
    if whole.starts_with("attachments/") && whole.contains('#') && exists(whole) {
        return match parse_link(&format!("@/{}", whole.replace('#', "%23"))) {
            Some(LinkTarget::Attachment(_)) => Some(whole),
            _ => None,
        };
    }
    match parse_link(target)? {
        LinkTarget::Attachment(path) => Some(path),
        _ => None,
    }
}

/// Parses an `@/…` target. Paths that climb (`..`) are refused.
pub fn parse_link(target: &str) -> Option<LinkTarget<'_>> {
    let rest = target.strip_prefix("@/")?;
    let (path, _fragment) = rest.split_once('#').unwrap_or((rest, ""));
    if path
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.is_empty())
    {
        return None;
    }
    if path.starts_with("attachments/") {
        return Some(LinkTarget::Attachment(path));
    }
    let (folder, file) = path.split_once('/')?;
    let id = file.strip_suffix(".md")?;
    match folder {
        "topics" => Some(LinkTarget::Topic(id)),
        "meetings" => Some(LinkTarget::Meeting(id)),
        "evaluations" => Some(LinkTarget::Evaluation(id)),
        "pages" => Some(LinkTarget::Page(id)),
        _ => None,
    }
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
        // Search links to the same ids.
        let anchors =
            plain_text("# 协商过程\n\n## 结论 Result\n\n## 结论 Result\n\n### 自定 {#own}\n")
                .headings;
        let ids: Vec<&str> = anchors.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids, ["协商过程", "结论-result", "结论-result-1", "own"]);
        assert_eq!(anchors[3].0, "自定");
    }

    #[test]
    fn sanitises_but_keeps_what_markdown_makes() {
        let html = render(
            "# 标题\n\n文[^1]\n\n- [x] 完成\n\n| a |\n|:-:|\n| 1 |\n\n[^1]: 注\n\n<script>alert(1)</script>\n\n<a href=\"javascript:alert(1)\" onclick=\"x()\">点</a>\n",
            &resolve,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains(r#"<h2 id="标题">"#), "{html}");
        assert!(html.contains(r#"class="footnote-definition""#), "{html}");
        assert!(html.contains(r#"class="footnote-reference""#), "{html}");
        assert!(html.contains(r#"type="checkbox""#), "{html}");
        assert!(html.contains("text-align"), "{html}");
    }

    #[test]
    fn plain_urls_skip_the_sanitiser_and_others_do_not() {
        assert!(
            is_plain_url("../../topics/a/index.html")
                && is_plain_url("#x")
                && is_plain_url("https://a.b/c:d")
        );
        assert!(is_plain_url("a/b:c") && is_plain_url("MAILTO:x@y.z"));
        assert!(
            !is_plain_url("javascript:alert(1)")
                && !is_plain_url(" JavaScript:x")
                && !is_plain_url("data:text/html,x")
        );
        let html = render(
            "[x](javascript:alert(1)) [y](JAVASCRIPT:alert(2))",
            &resolve,
        );
        assert!(!html.to_ascii_lowercase().contains("javascript"), "{html}");
        let html = render("[x](vbscript:msgbox)", &resolve);
        assert!(!html.contains("vbscript"), "{html}");
    }

    /// An address the sanitiser cannot parse — a host no domain can have, an empty or bad
    /// port — loses its href there; the shortcut may not keep it (found by the property test
    /// below: `<https://a.b![](b.png)>`).
    #[test]
    fn addresses_the_sanitiser_drops_go_through_it() {
        for body in [
            "<https://a.b![](b.png)>",
            "[x](http://)",
            "[x](https://a.b:99999/)",
            "[x](<https://a b/>)",
            "![图](http://[::1/x.png)",
            "[x](HTTPS://%zz/)",
            "<mailto:a@b.c> [x](tel:+86-10-1234)",
            "[x](https://例子.中国/路径?q=1#段)",
        ] {
            let events: Vec<Event> = Parser::new_ext(body, options()).collect();
            let html = render(body, &resolve);
            assert_eq!(html, sanitise(&html), "{body}");
            if body.contains("例子") || body.starts_with("<mailto") {
                assert!(publishes_as_sanitised(&events), "{body} takes the shortcut");
            } else {
                assert!(!publishes_as_sanitised(&events), "{body} is sanitised");
            }
        }
    }

    #[test]
    fn reports_only_unsafe_raw_html() {
        let body = "正常<br>换行与<strong>强调</strong>。\n\n<iframe src=\"x\"></iframe>\n\n<span onclick=\"x()\">a</span>\n\n<!-- 备注 -->\n";
        let found: Vec<String> = unsafe_html(body).into_iter().map(|(_, h)| h).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("iframe"));
        assert!(found[1].contains("onclick"));
        // Heading attributes beyond an id are removed, and reported.
        let found =
            unsafe_html("## 方案 {#plan onmouseover=alert(1)}\n\n## 二 {#two}\n\n正文 {x}\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "{#plan onmouseover=alert(1)}");
    }

    #[test]
    fn one_reading_finds_what_each_reading_finds_alone() {
        let deep = format!(
            "{}正文{}",
            "<div>".repeat(MAX_HTML_DEPTH + 1),
            "</div>".repeat(3)
        );
        let bodies = [
            "",
            "纯文字，没有链接。",
            "**注意：**正文，见[议题](@/topics/a.md)。\n\n![照片](@/attachments/p.png)",
            "## 方案 {.x}\n\n<b onclick=\"x()\">加粗</b> **注意：**正文 [甲](@/meetings/m.md)\n",
            "```\n**注意：**正文 [a](@/topics/b.md)\n```\n\n`<script>` 电话 139****5678",
            &deep,
        ];
        for body in bodies {
            let all = review(body, Look::ALL);
            assert_eq!(all.links, internal_links(body), "{body}");
            assert_eq!(all.unsafe_html, unsafe_html(body), "{body}");
            assert_eq!(all.literal_emphasis, literal_emphasis(body), "{body}");
            assert_eq!(all.too_deep, too_deep(body), "{body}");
        }
        // And each finds something, so the comparison is not of empty lists.
        let mixed = review(bodies[3], Look::ALL);
        assert_eq!(mixed.links.len(), 1);
        assert_eq!(mixed.unsafe_html.len(), 2);
        assert_eq!(mixed.literal_emphasis.len(), 1);
        assert!(review(&deep, Look::ALL).too_deep.is_some());
        assert!(review(bodies[4], Look::ALL).literal_emphasis.is_empty());
        assert_eq!(review(bodies[2], Look::ALL).links.len(), 2);
    }

    #[test]
    fn finds_literal_emphasis_after_chinese_punctuation() {
        assert_eq!(literal_emphasis("**注意：**正文").len(), 1);
        assert_eq!(literal_emphasis("**注意：**停车位只租不售。\n").len(), 1);
        assert!(literal_emphasis("电话 139****5678，身份证 110224********2031。").is_empty());
        assert!(literal_emphasis("**注意**：正文").is_empty());
        assert!(literal_emphasis("`**x**`\n\n```\n**注意：**正文\n```\n").is_empty());
    }

    /// Markdown made of the pieces staff and attackers write: headings with attributes,
    /// emphasis, entities, escapes, code, links and images to every kind of URL, raw HTML,
    /// tables, footnotes, task lists, quotes, lists and Chinese text.
    fn markdown() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        // Most pieces take the shortcut; the rest make sure the predicate is exercised.
        let plain = prop::sample::select(vec![
            "停车",
            "3号楼",
            "a",
            " ",
            "*强调*",
            "**粗**",
            "~~删~~",
            "`代码`",
            "\\*",
            "&amp;",
            "&#49;",
            "&nbsp;",
            "\u{a0}",
            "&lt;b&gt;",
            "&quot;",
            "'",
            "\"",
            "<",
            ">",
            "&",
            "[链](https://a.b/c?d=1)",
            "[链](../x/index.html \"标题\")",
            "[m](mailto:a@b.c)",
            "[t](tel:12345)",
            "![图](a.jpg)",
            "![图](a.jpg \"题\")",
            "<https://a.b>",
            "<a@b.c>",
            "[^1]",
            "[内](@/topics/x.md)",
            "\\",
            "  \n",
            "\n",
            "https://a.b",
            "Ｘ",
            "[s](<https://a.b/x y>)",
            "![](b.png)",
            "`<b>`",
            "***",
            "_x_",
        ]);
        let risky = prop::sample::select(vec![
            "[链](https://a.b/c?d=1&e=2)",
            "[j](javascript:alert(1))",
            "[d](data:text/html,x)",
            "[q](https://a.b/\"q\")",
            "![图](a.jpg \"t&t\")",
            "<b>粗</b>",
            "<span onclick=x>s</span>",
            "<!-- c -->",
        ]);
        let inline = prop_oneof![30 => plain, 1 => risky];
        let line = prop::collection::vec(inline, 0..6).prop_map(|v| v.concat());
        let block = (
            prop::sample::select(vec![
                "", "# ", "## ", "> ", "- ", "1. ", "- [ ] ", "- [x] ", "    ", "[^1]: ",
            ]),
            line.clone(),
            prop::sample::select(vec![
                "",
                "",
                "",
                "",
                " {#own}",
                " {#标题-1}",
                " {.cls}",
                " {#a .b k=v}",
                " {#x&y}",
                " {onmouseover=alert(1)}",
            ]),
        )
            .prop_map(|(prefix, text, attrs)| {
                let attrs = if prefix.starts_with('#') { attrs } else { "" };
                format!("{prefix}{text}{attrs}")
            });
        let table =
            (line.clone(), line).prop_map(|(a, b)| format!("| {a} | b |\n|:-|-:|\n| {b} | 2 |"));
        let code = Just("```\n<b>代码</b> & 1\n```".to_string());
        prop::collection::vec(prop_oneof![6 => block, 1 => table, 1 => code], 0..6)
            .prop_map(|blocks| blocks.join("\n\n"))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000), .. Default::default() })]

        /// The shortcut is taken only where the sanitiser would publish the same bytes.
        #[test]
        fn the_shortcut_publishes_what_the_sanitiser_would(body in markdown()) {
            let events: Vec<Event> = Parser::new_ext(&body, options()).collect();
            if publishes_as_sanitised(&events) {
                let html = render(&body, &resolve);
                proptest::prop_assert_eq!(&html, &sanitise(&html), "{}", body);
            }
        }
    }

    #[test]
    fn heading_attributes_never_reach_the_page() {
        let html = render(
            "## 方案 {#plan onmouseover=alert(1) style=color:red .x}\n\n# 二 {data-x=1}\n",
            &resolve,
        );
        assert!(
            !html.contains("onmouseover") && !html.contains("style") && !html.contains("data-x"),
            "{html}"
        );
        assert!(!html.contains("class="), "{html}");
        assert!(html.contains(r#"<h3 id="plan">方案</h3>"#), "{html}");
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

    #[test]
    fn link_targets() {
        assert!(matches!(
            parse_link("@/topics/a.md"),
            Some(LinkTarget::Topic("a"))
        ));
        assert!(matches!(
            parse_link("@/attachments/2025/a.jpg"),
            Some(LinkTarget::Attachment("attachments/2025/a.jpg"))
        ));
        assert!(parse_link("@/../../etc/passwd").is_none());
        assert!(parse_link("@/attachments/../x").is_none());
        assert!(parse_link("@/other/x.md").is_none());
    }
}
