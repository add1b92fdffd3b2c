//! The form editor that ships with a community's site (`[editor]` in site.toml): staff keep
//! the records in forms, in a browser or on a phone, and the editor commits them to the
//! repository the site is built from.
//!
//! yishi does not write an editor. It ships a pinned copy of Sveltia CMS (`vendor/`, its
//! version and checksums in `vendor/sveltia-cms/SHA256SUMS`, updated by
//! `scripts/update-editor.sh`) and generates the editor's `config.yml` from the same field
//! definitions as `yishi schema` — the structs the checks read, with their Chinese
//! descriptions and an `x-yishi` mark saying what kind of value a field holds (a date, a
//! topic, a word from a site.toml list) — so a field is never defined twice.

use serde_json::{Map, Value, json};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{
    Declared, EditorBackend, Language, Matter, Model, ObjectionOutcome, ReportKind, Site, Unit,
    Unrecorded,
};
use crate::plumbing::escape::xml_escape;
use crate::plumbing::output::OutputFile;

/// The editor's version, as vendored.
pub const VERSION: &str = include_str!("../../vendor/sveltia-cms/VERSION");
/// The editor's files as vendored, by their path under `admin/`: its script (made by
/// `scripts/update-editor.sh` to load its fonts and translations from here, never from a
/// CDN), the chunk it loads when a page needs React, its fonts and translations, and the
/// licences.
const FILES: &[(&str, &[u8])] = &[
    (
        "sveltia-cms.js",
        include_bytes!("../../vendor/sveltia-cms/sveltia-cms.js"),
    ),
    (
        "chunks/react-dom.js",
        include_bytes!("../../vendor/sveltia-cms/chunks/react-dom.js"),
    ),
    (
        "fonts/material-symbols-outlined-latin-wght-normal.woff2",
        include_bytes!(
            "../../vendor/sveltia-cms/fonts/material-symbols-outlined-latin-wght-normal.woff2"
        ),
    ),
    (
        "fonts/noto-mono-latin-400-normal.woff2",
        include_bytes!("../../vendor/sveltia-cms/fonts/noto-mono-latin-400-normal.woff2"),
    ),
    (
        "fonts/source-sans-3-latin-wght-normal.woff2",
        include_bytes!("../../vendor/sveltia-cms/fonts/source-sans-3-latin-wght-normal.woff2"),
    ),
    (
        "locales/zh-CN.json",
        include_bytes!("../../vendor/sveltia-cms/locales/zh-CN.json"),
    ),
    (
        "locales/en-US.json",
        include_bytes!("../../vendor/sveltia-cms/locales/en-US.json"),
    ),
    (
        "LICENSE-sveltia-cms.txt",
        include_bytes!("../../vendor/sveltia-cms/LICENSE.txt"),
    ),
    (
        "fonts/material-symbols-outlined.LICENSE.txt",
        include_bytes!("../../vendor/sveltia-cms/fonts/material-symbols-outlined.LICENSE.txt"),
    ),
    (
        "fonts/noto-mono.LICENSE.txt",
        include_bytes!("../../vendor/sveltia-cms/fonts/noto-mono.LICENSE.txt"),
    ),
    (
        "fonts/source-sans-3.LICENSE.txt",
        include_bytes!("../../vendor/sveltia-cms/fonts/source-sans-3.LICENSE.txt"),
    ),
];

/// The editor's own files, published byte for byte as vendored: the privacy backstop
/// passes them (they hold no record).
pub const VENDORED: &[&[u8]] = &[
    FILES[0].1,
    FILES[1].1,
    FILES[2].1,
    FILES[3].1,
    FILES[4].1,
    FILES[5].1,
    FILES[6].1,
    FILES[7].1,
    FILES[8].1,
    FILES[9].1,
    FILES[10].1,
];

/// Where the editor lives in the site.
pub const FOLDER: &str = "admin/";
/// The staff's problems page, beside the editor.
pub const PROBLEMS: &str = "admin/problems/index.html";

/// A record kind the editor edits: a folder of Markdown files with TOML front matter.
struct Kind {
    /// The collection's name (also in the editor's addresses).
    name: &'static str,
    /// Its folder.
    folder: &'static str,
    /// The schema it is checked against.
    schema: &'static str,
    /// Its label, plural and singular (zh, en).
    label: (&'static str, &'static str),
    /// The file name of a new record: always a valid id, however Chinese the title, and never
    /// one the privacy scan reads as a number: the random part is 8 hex digits after a letter,
    /// so it cannot join the date's digits (`2025-12-19-51251553d34c` read as a bank card).
    slug: &'static str,
    /// A field and a pattern its value matches: two kinds share a folder (14.3), told apart
    /// by their file name as yishi tells them apart — a year's is four digits.
    filter: Option<(&'static str, &'static str)>,
}

const KINDS: [Kind; 7] = [
    Kind {
        name: "meetings",
        folder: "content/meetings",
        schema: "meeting.schema.json",
        label: ("会议记录", "Meetings"),
        slug: "{{fields.start | date('YYYY-MM-DD')}}-r{{uuid_shorter}}",
        filter: None,
    },
    Kind {
        name: "topics",
        folder: "content/topics",
        schema: "topic.schema.json",
        label: ("议题", "Topics"),
        slug: "{{year}}-{{month}}-r{{uuid_shorter}}",
        filter: None,
    },
    Kind {
        name: "evaluations",
        folder: "content/evaluations",
        schema: "evaluation.schema.json",
        label: ("年度评议", "Evaluations"),
        slug: "{{fields.year}}",
        filter: Some(("slug", "^[0-9]{4}$")),
    },
    Kind {
        name: "project-evaluations",
        folder: "content/evaluations",
        schema: "project-evaluation.schema.json",
        label: ("项目评议", "Project evaluations"),
        slug: "{{fields.date | date('YYYY-MM')}}-r{{uuid_shorter}}",
        filter: Some(("slug", "^(?![0-9]{4}$)")),
    },
    Kind {
        name: "supervision",
        folder: "content/supervision",
        schema: "supervision.schema.json",
        label: ("向监督委员会报告", "Supervision reports"),
        slug: "{{fields.date | date('YYYY-MM-DD')}}-r{{uuid_shorter}}",
        filter: None,
    },
    Kind {
        name: "visits",
        folder: "content/visits",
        schema: "visit.schema.json",
        label: ("入户走访", "Visits"),
        slug: "{{fields.date | date('YYYY-MM-DD')}}-{{fields.grid}}-r{{uuid_shorter}}",
        filter: None,
    },
    Kind {
        name: "pages",
        folder: "content/pages",
        schema: "page.schema.json",
        label: ("其他页面", "Pages"),
        slug: "page-r{{uuid_shorter}}",
        filter: None,
    },
];

/// Every file of `admin/` for a site whose editor is on: the page that loads the editor,
/// its configuration, the editor itself and the staff's problems page (empty: this build
/// has no errors).
pub fn files(model: &Model) -> Vec<OutputFile> {
    if model.site.editor.is_none() {
        return Vec::new();
    }
    let members: Vec<String> = model
        .council
        .iter()
        .flatten()
        .map(|m| m.name.clone())
        .collect();
    let mut people = members.clone();
    people.extend(model.staff.iter().map(|s| s.name.clone()));
    let config = config(
        &model.site,
        &members,
        &people,
        usual_place(model).as_deref(),
    );
    let yaml = format!(
        "# 由 yishi 根据字段定义生成，请勿手工修改（改 site.toml 的 [editor] 后重新生成）。\n# Generated by yishi from its field definitions: do not edit.\n{}\n",
        serde_json::to_string_pretty(&config).unwrap_or_default()
    );
    let mut files = vec![
        OutputFile {
            path: format!("{FOLDER}index.html"),
            bytes: index_html(&model.site).into_bytes(),
        },
        OutputFile {
            path: format!("{FOLDER}config.yml"),
            bytes: yaml.into_bytes(),
        },
        problems_page(model.site.language, &model.site.title, &[]),
    ];
    files.extend(FILES.iter().map(|(path, bytes)| OutputFile {
        path: format!("{FOLDER}{path}"),
        bytes: bytes.to_vec(),
    }));
    files
}

/// The place most meetings were held, ties going to the first in id order.
fn usual_place(model: &Model) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in &model.meetings {
        let Some(place) = m.place.as_deref() else {
            continue;
        };
        match counts.iter_mut().find(|(p, _)| *p == place) {
            Some((_, n)) => *n += 1,
            None => counts.push((place, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == most)
        .map(|(p, _)| p.to_string())
}

/// The page that loads the editor: not indexed, with a link to the problems page.
fn index_html(site: &Site) -> String {
    let (lang, editor_locale, title, problems) = match site.language {
        Language::ZhCn => ("zh-CN", "zh-CN", "记录编辑", "查看网站更新失败的原因"),
        Language::En => (
            "en",
            "en-US",
            "Records editor",
            "Why the site was not updated",
        ),
    };
    // The editor speaks the site's language unless a member of staff chose another in it.
    let prefs = format!(
        "try{{var k='sveltia-cms.prefs',p=JSON.parse(localStorage.getItem(k)||'{{}}');if(!p.locale){{p.locale='{editor_locale}';localStorage.setItem(k,JSON.stringify(p))}}}}catch(e){{}}"
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{title} · {site_title}</title>\n<link href=\"config.yml\" type=\"application/yaml\" rel=\"cms-config-url\">\n<script>{prefs}</script>\n<style>body:has(section[data-key-path]) .yishi-problems{{display:none}}</style>\n</head>\n<body>\n<script src=\"sveltia-cms.js\"></script>\n<a class=\"yishi-problems\" href=\"problems/index.html\" style=\"position:fixed;left:.5rem;bottom:4.5rem;z-index:2147483647;padding:.25rem .5rem;background:#fff;color:#8b1a1a;font:14px/1.4 system-ui,sans-serif;border:1px solid #8b1a1a;border-radius:4px\">{problems}</a>\n</body>\n</html>\n",
        site_title = xml_escape(&site.title)
    )
}

/// The editor's configuration: the backend from site.toml, and one collection per record
/// kind with every field of its schema.
pub fn config(
    site: &Site,
    members: &[String],
    people: &[String],
    usual_place: Option<&str>,
) -> Value {
    let zh = site.language == Language::ZhCn;
    let schemas = crate::check::schemas();
    let schema = |name: &str| {
        schemas
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.clone())
            .unwrap_or(Value::Null)
    };
    let cx = Fields {
        site,
        members,
        usual_place: usual_place.map(str::to_string),
        people: people.to_vec(),
    };
    let mut collections: Vec<Value> = KINDS
        .iter()
        .map(|k| {
            let s = schema(k.schema);
            let mut fields = cx.fields(&s, &s);
            fields.push(json!({
                "name": "body",
                "label": if zh { "正文" } else { "Text" },
                "widget": "markdown",
                "required": false,
            }));
            let mut c = json!({
                "name": k.name,
                "label": if zh { k.label.0 } else { k.label.1 },
                "folder": k.folder,
                "extension": "md",
                "format": "toml-frontmatter",
                "create": true,
                "slug": k.slug,
                "identifier_field": match k.name {
                "visits" => "date",
                "evaluations" => "year",
                "project-evaluations" => "title",
                "supervision" => "period",
                _ => "title",
            },
                "fields": fields,
            });
            if let Some((field, pattern)) = k.filter {
                c["filter"] = json!({ "field": field, "pattern": pattern });
            }
            c
        })
        .collect();
    let settings = |name: &str, file: &str, schema_name: &str, label: (&str, &str)| {
        let s = schema(schema_name);
        json!({
            "name": name,
            "label": if zh { label.0 } else { label.1 },
            "file": file,
            "format": "toml",
            "fields": cx.fields(&s, &s),
        })
    };
    collections.push(json!({
        "name": "settings",
        "label": if zh { "设置" } else { "Settings" },
        "files": [
            settings("council", "content/council.toml", "council.schema.json", ("议事委员会", "Council")),
            settings("site", "site.toml", "site.schema.json", ("网站设置", "Site")),
        ],
    }));
    let mut config = Map::new();
    if let Some(editor) = &site.editor {
        let mut backend = Map::new();
        backend.insert("name".into(), editor.backend.name().into());
        backend.insert("repo".into(), editor.repo.clone().into());
        backend.insert("branch".into(), editor.branch.clone().into());
        if let Some(forge) = &editor.forge {
            backend.insert("base_url".into(), forge.clone().into());
            let api = match editor.backend {
                EditorBackend::Gitea => format!("{forge}/api/v1"),
                EditorBackend::GitLab => format!("{forge}/api/v4"),
                EditorBackend::GitHub => format!("{forge}/api/v3"),
            };
            backend.insert("api_root".into(), api.into());
        }
        if let Some(relay) = &editor.auth_relay {
            backend.insert("base_url".into(), relay.clone().into());
        }
        if let Some(id) = &editor.client_id {
            backend.insert("app_id".into(), id.clone().into());
            if editor.backend == EditorBackend::GitLab {
                backend.insert("auth_type".into(), "pkce".into());
            }
        }
        config.insert("backend".into(), Value::Object(backend));
    }
    config.insert(
        "app_title".into(),
        format!(
            "{}{}",
            site.title,
            if zh {
                " · 记录编辑"
            } else {
                " · records"
            }
        )
        .into(),
    );
    // An optional field left empty is left out of the file, as staff writing by hand would:
    // never `place = ""` or `absent = []`.
    config.insert(
        "output".into(),
        json!({ "omit_empty_optional_fields": true }),
    );
    // No preview pane: on a phone the form is the whole screen.
    config.insert("editor".into(), json!({ "preview": false }));
    config.insert("media_folder".into(), "content/attachments".into());
    // Pictures put into a body are linked as records link them: @/attachments/….
    config.insert("public_folder".into(), "@/attachments".into());
    if let Some(url) = &site.base_url {
        config.insert("site_url".into(), url.clone().into());
        config.insert("display_url".into(), url.clone().into());
    }
    config.insert(
        "slug".into(),
        json!({ "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" }),
    );
    config.insert("collections".into(), Value::Array(collections));
    Value::Object(config)
}

/// What the fields of a schema need besides the schema: the site's vocabularies and the
/// council's names.
struct Fields<'a> {
    site: &'a Site,
    members: &'a [String],
    /// The place most meetings were held (ties: the first in id order), for a new meeting.
    usual_place: Option<String>,
    /// Members' and staff's names, for who made a visit.
    people: Vec<String>,
}

impl Fields<'_> {
    /// The editor's fields of an object schema, in the schema's order.
    fn fields(&self, object: &Value, root: &Value) -> Vec<Value> {
        let required: Vec<&str> = object
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        object
            .get("properties")
            .and_then(Value::as_object)
            .map(|props| {
                props
                    .iter()
                    .map(|(name, prop)| {
                        self.field(name, prop, required.contains(&name.as_str()), root)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// One field: its widget from the schema's type and its `x-yishi` mark; its label the
    /// description's first words, its hint the whole description.
    fn field(&self, name: &str, prop: &Value, required: bool, root: &Value) -> Value {
        let description = prop
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or(name);
        let label = short_label(description);
        let mut f = Map::new();
        f.insert("name".into(), name.into());
        f.insert("label".into(), label.into());
        if label != description {
            f.insert("hint".into(), description.into());
        }
        f.insert("required".into(), required.into());
        let prop = resolve(prop, root);
        let is_array = type_is(prop, "array") || any_of_has(prop, "array");
        let mark = prop.get("x-yishi").and_then(Value::as_str).unwrap_or("");
        let widget: Map<String, Value> = match mark {
            // A required day starts as today, as staff fill in a form the day it happens.
            "date" if required => obj(json!({
                "widget": "datetime",
                "time_format": false,
                "default": "{{now}}",
            })),
            "date" => obj(json!({ "widget": "datetime", "time_format": false })),
            "datetime" => obj(json!({ "widget": "datetime", "picker_utc": false })),
            "yuan" | "area" => obj(json!({ "widget": "number", "value_type": "float", "min": 0 })),
            "topic" | "topics" => obj(json!({
                "widget": "relation",
                "collection": "topics",
                "value_field": "{{slug}}",
                "search_fields": ["title"],
                "display_fields": ["title"],
                "multiple": is_array,
            })),
            "meeting" => obj(json!({
                "widget": "relation",
                "collection": "meetings",
                "value_field": "{{slug}}",
                "search_fields": ["title"],
                "display_fields": ["title"],
            })),
            // A visit is made by a member or staff: their names, as council.toml gives them.
            "person" if !self.people.is_empty() => obj(json!({
                "widget": "select",
                "options": self.people,
            })),
            "members" if !self.members.is_empty() => obj(json!({
                "widget": "select",
                "options": self.members,
                "multiple": true,
            })),
            "attachment" | "attachments" => obj(json!({
                "widget": "file",
                "media_folder": "/content/attachments",
                "public_folder": "attachments",
                "multiple": is_array,
            })),
            // Yes, no, or not said: a switch could not leave it unsaid (an unknown 常务委员;
            // a meeting that follows advisory_kinds).
            "yes-no" => obj(json!({
                "widget": "select",
                "options": [
                    { "label": if self.site.language == Language::ZhCn { "是" } else { "yes" }, "value": true },
                    { "label": if self.site.language == Language::ZhCn { "否" } else { "no" }, "value": false },
                ],
            })),
            m if m.starts_with("vocabulary:") || m.starts_with("choice:") => obj(json!({
                "widget": "select",
                "options": self.options(m),
                "multiple": is_array,
            })),
            _ => self.by_type(prop, root),
        };
        f.extend(widget);
        // A new meeting's place starts as the place the council meets most often.
        if name == "place"
            && let Some(usual) = &self.usual_place
        {
            f.insert("default".into(), usual.clone().into());
        }
        // A list of words (absent, stakeholders, issued_by): one box per item, as staff
        // write a list on paper, never one box of comma-separated text.
        if f.get("widget") == Some(&Value::from("list")) && !f.contains_key("fields") {
            f.insert(
                "field".into(),
                json!({ "name": name, "label": label, "widget": "string" }),
            );
        }
        Value::Object(f)
    }

    /// The widget a field's JSON type asks for: numbers stay integers, lists of tables are
    /// lists of forms, a table is a group of fields.
    fn by_type(&self, prop: &Value, root: &Value) -> Map<String, Value> {
        if type_is(prop, "integer") {
            return obj(json!({ "widget": "number", "value_type": "int" }));
        }
        if type_is(prop, "number") {
            return obj(json!({ "widget": "number", "value_type": "float" }));
        }
        if type_is(prop, "boolean") {
            return obj(json!({ "widget": "boolean", "default": false }));
        }
        if type_is(prop, "array") || any_of_has(prop, "array") {
            let items = prop
                .get("items")
                .map(|i| resolve(i, root))
                .unwrap_or(&Value::Null);
            if items.get("properties").is_some() {
                return obj(json!({ "widget": "list", "fields": self.fields(items, root) }));
            }
            return obj(json!({ "widget": "list" }));
        }
        if prop.get("properties").is_some() {
            return obj(json!({ "widget": "object", "fields": self.fields(prop, root) }));
        }
        obj(json!({ "widget": "string" }))
    }

    /// The values of a select: a site.toml vocabulary, or a list the spec fixes.
    fn options(&self, mark: &str) -> Vec<String> {
        let rules = &self.site.rules;
        let owned = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        match mark {
            "vocabulary:categories" => rules.categories.clone(),
            "vocabulary:meeting_kinds" => rules.meeting_kinds.clone(),
            "vocabulary:channels" => rules.channels.clone(),
            "choice:role" => owned(crate::check::council::ROLES),
            "choice:report_kind" => ReportKind::ALL.iter().map(|(_, l)| l.to_string()).collect(),
            "choice:objection_outcome" => ObjectionOutcome::ALL
                .iter()
                .map(|(_, l)| l.to_string())
                .collect(),
            "choice:declared" => Declared::ALL.iter().map(|(_, l)| l.to_string()).collect(),
            "choice:matter" => Matter::ALL.iter().map(|(_, l)| l.to_string()).collect(),
            "choice:unit_meeting" => owned(&[Unit::Person.label(), Unit::Household.label()]),
            "choice:unit_resolution" => Unit::ALL.iter().map(|(_, l)| l.to_string()).collect(),
            "choice:unrecorded_meeting" => owned(&Unrecorded::MEETING),
            "choice:unrecorded_resolution" => owned(&["method"]),
            "choice:unrecorded_topic" => owned(&["raised"]),
            "choice:language" => owned(&["zh-CN", "en"]),
            "choice:majority_of" => owned(&["present", "cast", "expected"]),
            "choice:regular_every" => owned(&["quarter", "month"]),
            "choice:grids" => self.site.grids.iter().map(|g| g.id.clone()).collect(),
            "choice:visit_every" => owned(&["month"]),
            "choice:supervision_every" => crate::model::Every::ALL
                .iter()
                .map(|(_, l)| l.to_string())
                .collect(),
            "choice:retention" => crate::model::Keep::ALL
                .iter()
                .map(|(_, l, _)| l.to_string())
                .collect(),
            "choice:editor_backend" => EditorBackend::ALL
                .iter()
                .map(|(_, l)| l.to_string())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A field's label: its description up to the first explanation (“开始时间，如 …” →
/// “开始时间”).
fn short_label(description: &str) -> &str {
    let end = description
        .find(['（', '，', '：', '；', '(', ','])
        .unwrap_or(description.len());
    let label = description[..end].trim();
    if label.is_empty() { description } else { label }
}

/// A `$ref` followed to its definition; `Option<T>`'s `anyOf [T, null]` to T.
fn resolve<'a>(prop: &'a Value, root: &'a Value) -> &'a Value {
    if let Some(r) = prop.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or("");
        for defs in ["definitions", "$defs"] {
            if let Some(d) = root.get(defs).and_then(|d| d.get(name)) {
                return resolve(d, root);
            }
        }
    }
    if let Some(options) = prop.get("anyOf").and_then(Value::as_array) {
        let not_null: Vec<&Value> = options
            .iter()
            .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if let [one] = not_null.as_slice() {
            // Keep the field's own marks (a description) by resolving the inner schema.
            return resolve(one, root);
        }
    }
    prop
}

/// Whether a schema's `type` is (or includes) `t`.
fn type_is(prop: &Value, t: &str) -> bool {
    match prop.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(ts)) => ts.iter().any(|x| x == t),
        _ => false,
    }
}

/// Whether one of a schema's `anyOf` is of type `t` (`issued_by`: a string or a list).
fn any_of_has(prop: &Value, t: &str) -> bool {
    prop.get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|xs| xs.iter().any(|x| type_is(x, t)))
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The staff's problems page (`admin/problems/index.html`): every error of a build that
/// was refused, each with a link that opens its record in the editor. Not linked from the
/// residents' pages and not indexed; a clean build writes it empty.
pub fn problems_page(language: Language, title: &str, diagnostics: &[Diagnostic]) -> OutputFile {
    let zh = language == Language::ZhCn;
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let mut items = String::new();
    for d in &errors {
        let place = format!("{}:{}:{}", d.path, d.line, d.column);
        let message = d.message.get(language);
        let hint = d
            .hint
            .as_ref()
            .map(|h| format!("<p class=\"hint\">{}</p>", xml_escape(h.get(language))))
            .unwrap_or_default();
        let link = editor_link(&d.path)
            .map(|href| {
                format!(
                    " <a href=\"{}\">{}</a>",
                    xml_escape(&href),
                    if zh {
                        "在编辑器里打开"
                    } else {
                        "Open in the editor"
                    }
                )
            })
            .unwrap_or_default();
        items.push_str(&format!(
            "<li><p><code>{}</code>{link}</p><p>{}</p>{hint}</li>\n",
            xml_escape(&place),
            xml_escape(message)
        ));
    }
    let (lang, heading, none, lead, back) = if zh {
        (
            "zh-CN",
            "网站更新失败的原因",
            "没有问题：最近一次保存的记录都已公开。",
            "下面的记录有问题，网站没有更新，居民看到的仍是上一次的网站。改正后保存，网站会自动重新生成。",
            "返回记录编辑",
        )
    } else {
        (
            "en",
            "Why the site was not updated",
            "No problems: every saved record is published.",
            "These records have problems, so the site was not updated; residents still see the previous site. Correct them and save: the site is built again.",
            "Back to the editor",
        )
    };
    let body = if errors.is_empty() {
        format!("<p>{none}</p>")
    } else {
        format!("<p>{lead}</p>\n<ol>\n{items}</ol>")
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>{heading}{t}</title>\n<style>body{{font:18px/1.6 system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem}}li{{margin:1rem 0}}code{{word-break:break-all}}.hint{{color:#555}}</style>\n</head>\n<body>\n<h1>{heading}</h1>\n{body}\n<p><a href=\"../index.html\">{back}</a></p>\n</body>\n</html>\n",
        t = if title.is_empty() {
            String::new()
        } else {
            format!(" · {}", xml_escape(title))
        }
    );
    OutputFile {
        path: PROBLEMS.to_string(),
        bytes: html.into_bytes(),
    }
}

/// The editor's address of the record a problem is in, from the problems page.
fn editor_link(file: &str) -> Option<String> {
    if file == "site.toml" {
        return Some("../index.html#/collections/settings/entries/site".into());
    }
    if file == "content/council.toml" {
        return Some("../index.html#/collections/settings/entries/council".into());
    }
    KINDS.iter().find_map(|k| {
        let id = file
            .strip_prefix(k.folder)?
            .strip_prefix('/')?
            .strip_suffix(".md")?;
        Some(format!(
            "../index.html#/collections/{}/entries/{id}",
            k.name
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_the_first_words_of_a_description() {
        assert_eq!(short_label("开始时间，如 2025-04-18T09:00:00"), "开始时间");
        assert_eq!(short_label("会议类型（见 meeting_kinds）"), "会议类型");
        assert_eq!(short_label("标题"), "标题");
        assert_eq!(short_label("（说明）"), "（说明）");
    }

    #[test]
    fn problems_link_to_their_record_in_the_editor() {
        assert_eq!(
            editor_link("content/meetings/2025-05-01-m.md").as_deref(),
            Some("../index.html#/collections/meetings/entries/2025-05-01-m")
        );
        assert_eq!(
            editor_link("site.toml").as_deref(),
            Some("../index.html#/collections/settings/entries/site")
        );
        assert_eq!(editor_link("content/attachments/x.jpg"), None);
    }
}
