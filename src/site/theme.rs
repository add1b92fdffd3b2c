//! Themes: the default theme compiled into the binary, and a community's own theme whose
//! templates and static files override the default's one file at a time.
//!
//! The Tera instance is built once per build. Tera 2 is pinned (`"2"`): its major versions
//! are incompatible, and only this module and `render` know it exists.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::input::source::{Node, Source, files_under, linked_part};
use crate::model::Language;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates.
const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "components.html",
    "index.html",
    "topics.html",
    "topic.html",
    "meetings.html",
    "meeting.html",
    "progress.html",
    "years.html",
    "year.html",
    "council.html",
    "supervision.html",
    "grids.html",
    "evaluations.html",
    "evaluation.html",
    "page.html",
    "changes.html",
    "search.html",
    "district.html",
    "404.html",
    "board.html",
    "sheet.html",
);

/// The default theme's static files.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "sheet.css",
        include_bytes!("../../themes/default/static/sheet.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "share.png",
        include_bytes!("../../themes/default/static/share.png"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];

/// The UI strings of one language.
pub type Strings = BTreeMap<String, String>;

const ZH_CN: &str = include_str!("../../themes/default/i18n/zh-CN.toml");
const EN: &str = include_str!("../../themes/default/i18n/en.toml");

/// The UI strings of a language from the default tables.
pub fn default_strings(language: Language) -> Result<Strings, String> {
    let text = match language {
        Language::ZhCn => ZH_CN,
        Language::En => EN,
    };
    toml::from_str(text).map_err(|e| format!("built-in strings: {e}"))
}

/// A compiled set of templates with its strings and static files.
pub struct Theme {
    tera: tera::Tera,
    strings: Strings,
    statics: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme, overridden by `themes/<name>/` of the repository when a name is
    /// given.
    pub fn load(
        source: &dyn Source,
        name: Option<&str>,
        language: Language,
    ) -> Result<Theme, String> {
        let mut templates: BTreeMap<String, String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let mut statics: BTreeMap<String, Vec<u8>> = DEFAULT_STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        if let Some(name) = name {
            // A linked theme folder would be read — and its static files published — from
            // wherever it points: refused, as linked record folders are.
            for part in ["templates", "static"] {
                if let Some(link) = linked_part(source, &format!("themes/{name}/{part}")) {
                    return Err(format!(
                        "{link} is a symbolic link; yishi reads only folders inside the repository: move the folder itself there"
                    ));
                }
            }
            let dir = format!("themes/{name}");
            if !matches!(source.node(&dir), Ok(Node::Folder)) {
                return Err(format!(
                    "site.toml: theme \"{name}\" not found: no folder themes/{name}/"
                ));
            }
            let read = |part: &str| {
                files_under(source, &format!("{dir}/{part}"))
                    .map_err(|e| format!("reading theme {dir}/{part}: {e}"))
            };
            for (rel, bytes) in read("templates")? {
                let text = String::from_utf8(bytes)
                    .map_err(|_| format!("themes/{name}/templates/{rel} is not UTF-8"))?;
                templates.insert(rel, text);
            }
            statics.extend(read("static")?);
        }
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| format!("theme templates: {e}"))?;
        let strings = default_strings(language)?;
        // The strings are the same on every page: converted for Tera once, not per page.
        tera.global_context().insert("t", &strings);
        Ok(Theme {
            tera,
            strings,
            statics,
        })
    }

    /// The UI strings.
    pub fn strings(&self) -> &Strings {
        &self.strings
    }

    /// Renders `template` to bytes with `layout` (absent for a page without one) and the
    /// page's view as `page`; the error is Tera's message. Straight into a buffer:
    /// `Tera::render` would check the whole page is UTF-8 again to return a `String` (2% of
    /// a build), and pages are bytes.
    pub fn render<L: Serialize, P: Serialize>(
        &self,
        template: &str,
        layout: Option<&L>,
        page: &P,
    ) -> Result<Vec<u8>, String> {
        let mut context = tera::Context::new();
        if let Some(layout) = layout {
            context.insert("layout", layout);
        }
        context.insert("page", page);
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| e.to_string())?;
        Ok(bytes)
    }

    /// Static files, by path under `static/`.
    pub fn static_files(&self) -> impl Iterator<Item = (String, Vec<u8>)> + '_ {
        self.statics.iter().map(|(k, v)| (k.clone(), v.clone()))
    }
}

/// Tera's HTML escaping (`&`, `<`, `>`, `"`, `'`), byte for byte, with the text between two
/// escaped characters written at once: Tera's own writes each byte by itself, which was 4.6 %
/// of a build at 10,000 topics.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(escaped)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(text: &str, escape: tera::EscapeFn) -> Vec<u8> {
        let mut out = Vec::new();
        escape(text, &mut out).unwrap();
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The theme's escaping writes what Tera's writes, for text of every kind.
        #[test]
        fn escaping_is_teras_byte_for_byte(text in "([&<>\"'a-z 0-9]|[\\PC]){0,40}") {
            prop_assert_eq!(escaped(&text, escape_html), escaped(&text, tera::escape_html));
        }
    }

    #[test]
    fn escaping_at_the_edges() {
        for text in ["", "&", "<a href='x'>\"1\" & 2</a>", "无需转义", "a&", "&a"] {
            assert_eq!(
                escaped(text, escape_html),
                escaped(text, tera::escape_html),
                "{text}"
            );
        }
        assert_eq!(escaped("<'\">&", escape_html), b"&lt;&#39;&quot;&gt;&amp;");
    }

    #[test]
    fn every_string_key_exists_in_both_languages() {
        let zh = default_strings(Language::ZhCn).unwrap();
        let en = default_strings(Language::En).unwrap();
        let zh_keys: Vec<_> = zh.keys().collect();
        let en_keys: Vec<_> = en.keys().collect();
        assert_eq!(zh_keys, en_keys);
    }

    #[test]
    fn default_templates_compile() {
        Theme::load(
            &crate::input::source::Memory::default(),
            None,
            Language::ZhCn,
        )
        .unwrap();
    }
}
