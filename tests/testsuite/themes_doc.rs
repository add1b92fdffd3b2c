//! docs/themes.md lists every template's variables for theme authors, and stays true: it is
//! made from the view structs of `src/site/` (their fields and doc comments), and this test
//! fails when the file differs from what the code says. `YISHI_UPDATE_DOCS=1 cargo test
//! --test testsuite themes_doc` writes it again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::layers::rust_files;

/// Each template, what it is, and the struct it receives as `page`.
const TEMPLATES: &[(&str, &str, &str)] = &[
    ("index.html", "the home page", "HomeView"),
    ("topics.html", "a page of a topic list", "TopicsView"),
    ("topic.html", "a topic's page", "TopicView"),
    (
        "meetings.html",
        "a page of the meeting list",
        "MeetingsView",
    ),
    ("meeting.html", "a meeting's record", "MeetingView"),
    (
        "progress.html",
        "a page of the progress list",
        "ProgressView",
    ),
    ("years.html", "every year", "YearsView"),
    ("year.html", "a year's page", "YearPageView"),
    ("council.html", "the council", "CouncilView"),
    (
        "evaluations.html",
        "every evaluation, a year's and a project's",
        "EvaluationsView",
    ),
    ("evaluation.html", "a project evaluation", "EvaluationView"),
    ("grids.html", "who answers for each grid", "GridsView"),
    (
        "supervision.html",
        "reports to the supervision committee",
        "SupervisionView",
    ),
    ("page.html", "a free page", "FreePageView"),
    ("changes.html", "the latest changes", "ChangesView"),
    ("search.html", "the search page", "SearchView"),
    ("board.html", "the notice board's list", "BoardView"),
    ("sheet.html", "a printable board sheet", "Sheet"),
    ("404.html", "the page for a missing address", "NotFoundView"),
    ("district.html", "a district's overview", "DistrictView"),
];

struct Field {
    name: String,
    ty: String,
    doc: String,
}

struct View {
    doc: String,
    fields: Vec<Field>,
}

/// Every `#[derive(Serialize…)]` struct of the site layer, by name.
fn views(src: &Path) -> BTreeMap<String, View> {
    let mut files = Vec::new();
    rust_files(&src.join("site"), &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let Some(rest) = line
                .strip_prefix("pub(crate) struct ")
                .or_else(|| line.strip_prefix("pub struct "))
            else {
                i += 1;
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // Its doc comment and derive, above.
            let mut doc = Vec::new();
            let mut serialize = false;
            let mut j = i;
            while j > 0 {
                let above = lines[j - 1].trim();
                if let Some(d) = above.strip_prefix("///") {
                    doc.push(d.trim().to_string());
                } else if above.starts_with("#[") {
                    serialize |= above.contains("Serialize");
                } else {
                    break;
                }
                j -= 1;
            }
            doc.reverse();
            let mut fields = Vec::new();
            let mut field_doc = Vec::new();
            let has_body = rest.trim_end().ends_with('{');
            i += 1;
            while has_body && i < lines.len() && lines[i] != "}" {
                let l = lines[i].trim();
                if let Some(d) = l.strip_prefix("///") {
                    field_doc.push(d.trim().to_string());
                } else if let Some(f) = l
                    .strip_prefix("pub(crate) ")
                    .or_else(|| l.strip_prefix("pub "))
                    && let Some((fname, ty)) = f.split_once(": ")
                {
                    fields.push(Field {
                        name: fname.to_string(),
                        ty: ty.trim_end_matches(',').to_string(),
                        doc: field_doc.join(" "),
                    });
                    field_doc.clear();
                } else if !l.starts_with("#[") {
                    field_doc.clear();
                }
                i += 1;
            }
            if serialize && (has_body || rest.trim_end().ends_with("{}")) {
                out.insert(
                    name,
                    View {
                        doc: doc.join(" "),
                        fields,
                    },
                );
            }
        }
    }
    out
}

/// The view structs a type names (`Vec<TopicRow>` → TopicRow).
fn named<'a>(ty: &str, views: &'a BTreeMap<String, View>) -> Vec<&'a str> {
    ty.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter_map(|w| views.get_key_value(w).map(|(k, _)| k.as_str()))
        .collect()
}

/// A Rust type in words a theme author reads.
fn in_words(ty: &str) -> String {
    let ty = ty.replace("&'static str", "String");
    let simple = |t: &str| match t {
        "String" => "text".to_string(),
        "bool" => "true/false".to_string(),
        "u8" | "u32" | "u64" | "usize" | "i32" | "i64" => "number".to_string(),
        "(String, String)" => "(text, text)".to_string(),
        other => format!("`{other}`"),
    };
    if let Some(inner) = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) {
        format!("{} or nothing", in_words(inner))
    } else if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        format!("list of {}", in_words(inner))
    } else {
        simple(&ty)
    }
}

/// A doc comment for readers of the guide: rustdoc links `[`a::b::c`]` become `c`.
fn plain(doc: &str) -> String {
    let mut out = String::new();
    let mut rest = doc;
    while let Some(at) = rest.find("[`") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find("`]") {
            Some(end) => {
                let path = &after[..end];
                out.push('`');
                out.push_str(path.rsplit("::").next().unwrap_or(path));
                out.push('`');
                rest = &after[end + 2..];
                // Drop an explicit target: [`x`](crate::y).
                if let Some(target) = rest.strip_prefix('(')
                    && let Some(close) = target.find(')')
                {
                    rest = &target[close + 1..];
                }
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn table(view: &View) -> String {
    let mut out = String::from("| variable | type | what it holds |\n|---|---|---|\n");
    for f in &view.fields {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            f.name,
            in_words(&f.ty),
            plain(&f.doc).replace('|', "\\|")
        ));
    }
    out
}

fn expected(src: &Path) -> String {
    let views = views(src);
    let mut out = String::from(
        "# Theme authors' guide: what each template receives\n\n\
         <!-- Made from the view structs of src/site/ by tests/testsuite/themes_doc.rs; do not \
         edit by hand: YISHI_UPDATE_DOCS=1 cargo test --test testsuite themes_doc -->\n\n\
         A community changes how its site looks without Rust: `site.toml` `theme = \"name\"` \
         and a folder `themes/name/` holding only what it changes — `templates/<file>.html` \
         (Tera 2) and `static/<file>` — over the default theme built into yishi \
         (`themes/default/`). Shared parts (status tags, tallies, lists) are Tera macros in \
         `components.html`; override that file to change them everywhere.\n\n\
         Every template receives three variables:\n\n\
         - `layout` — the site, the page and its navigation (`Layout`, below); `base.html` \
         uses it.\n\
         - `page` — what this page shows: the struct named for each template below.\n\
         - `t` — the interface's words in the site's language, by key \
         (`themes/default/i18n/zh-CN.toml`, `en.toml`): `{{ t.meetings }}`.\n\n\
         Values are ready to show: dates are written out in the site's language, numbers \
         counted, labels translated, links relative to the page (start them with nothing: \
         they already begin with `layout.root`), and HTML fields (`body`, `chart`, `qr`) are \
         made safe by yishi — print them with `| safe`. Nothing else is escaped for you: \
         Tera escapes every other value.\n\n## Templates\n\n",
    );
    let mut reachable = BTreeSet::new();
    let mut queue = vec!["Layout".to_string()];
    for (template, what, view) in TEMPLATES {
        let v = views
            .get(*view)
            .unwrap_or_else(|| panic!("{template}: no view struct {view} in src/site/"));
        let doc = v
            .doc
            .strip_prefix(&format!("`{template}`: "))
            .unwrap_or(&v.doc);
        out.push_str(&format!(
            "### `{template}` — {what}\n\n`page` is `{view}`: {}\n\n{}\n",
            plain(doc),
            table(v)
        ));
        queue.push(view.to_string());
    }
    while let Some(name) = queue.pop() {
        if !reachable.insert(name.clone()) {
            continue;
        }
        for f in &views[&name].fields {
            queue.extend(named(&f.ty, &views).into_iter().map(str::to_string));
        }
    }
    let pages: BTreeSet<&str> = TEMPLATES.iter().map(|t| t.2).collect();
    out.push_str("## Views inside pages\n\n");
    for name in &reachable {
        if pages.contains(name.as_str()) && name != "Layout" {
            continue;
        }
        let v = &views[name];
        out.push_str(&format!(
            "### `{name}`\n\n{}\n\n{}\n",
            plain(&v.doc),
            table(v)
        ));
    }
    out
}

#[test]
fn the_theme_guide_lists_every_template_variable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let made = expected(&root.join("src"));
    let path = root.join("docs/themes.md");
    if std::env::var_os("YISHI_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == made,
        "docs/themes.md is not what the view structs say; run \
         YISHI_UPDATE_DOCS=1 cargo test --test testsuite themes_doc and commit it"
    );
    // Every template of the default theme is in the guide.
    for entry in std::fs::read_dir(root.join("themes/default/templates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "base.html" && name != "components.html" {
            assert!(
                TEMPLATES.iter().any(|t| t.0 == name),
                "{name} is not in the guide"
            );
        }
    }
}

#[test]
fn every_field_of_a_view_says_what_it_holds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let made = expected(&root.join("src"));
    let undocumented: Vec<&str> = made
        .lines()
        .filter(|l| l.starts_with("| `") && l.ends_with("|  |"))
        .collect();
    assert!(
        undocumented.is_empty(),
        "fields without a doc comment:\n{}",
        undocumented.join("\n")
    );
}
