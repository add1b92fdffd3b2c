//! The JSON Schemas written by `yishi schema` accept every file of the sample community and
//! reject an unknown field.

use std::path::Path;

use yishi::check::{schemas, toml_as_json};
use yishi::input::load;

fn schema(name: &str) -> serde_json::Value {
    schemas().into_iter().find(|(n, _)| *n == name).unwrap().1
}

fn front(text: &str) -> &str {
    let (front, _) = load::split_front_matter(text).unwrap();
    &text[front]
}

#[test]
fn the_sample_validates_against_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut check = |schema_name: &str, toml_text: &str, what: &str| {
        let instance = toml_as_json(toml_text).unwrap_or_else(|| panic!("{what} is not TOML"));
        let validator = jsonschema::validator_for(&schema(schema_name)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{what}: {errors:?}");
        checked += 1;
    };
    check(
        "site.schema.json",
        &std::fs::read_to_string(root.join("site.toml")).unwrap(),
        "site.toml",
    );
    check(
        "council.schema.json",
        &std::fs::read_to_string(root.join("content/council.toml")).unwrap(),
        "council.toml",
    );
    for (folder, name) in [
        ("topics", "topic"),
        ("meetings", "meeting"),
        ("evaluations", "evaluation"),
        ("pages", "page"),
        ("supervision", "supervision"),
        ("visits", "visit"),
    ] {
        for entry in std::fs::read_dir(root.join("content").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // A year's evaluation is named by its year; any other is a project's (14.3).
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let name = if name == "evaluation" && !yishi::check::evaluation::is_year_id(&stem) {
                "project-evaluation"
            } else {
                name
            };
            check(
                &format!("{name}.schema.json"),
                front(&text),
                &path.display().to_string(),
            );
        }
    }
    assert!(checked > 45, "{checked}");
}

#[test]
fn schemas_are_draft_07_with_chinese_descriptions_and_no_unknown_fields() {
    let topic = schema("topic.schema.json");
    assert_eq!(topic["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(topic["additionalProperties"], false);
    assert!(
        topic["properties"]["category"]["description"]
            .as_str()
            .unwrap()
            .contains("类别")
    );
    let bad =
        toml_as_json("title = \"x\"\ncategory = \"其他\"\nraised = 2025-01-01\ncolour = \"red\"\n")
            .unwrap();
    assert!(!jsonschema::is_valid(&topic, &bad));
    let good = toml_as_json("title = \"x\"\ncategory = \"其他\"\nraised = 2025-01-01\n").unwrap();
    assert!(jsonschema::is_valid(&topic, &good));
}

/// Every property name anywhere in a schema (nested tables and array items included).
fn property_names(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                out.extend(props.keys().cloned());
            }
            for child in map.values() {
                property_names(child, out);
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                property_names(child, out);
            }
        }
        _ => {}
    }
}

/// The string literals inside the `tr!(…)` invocations of a Rust source: the messages and
/// hints staff read (escapes kept as written).
fn message_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in source.match_indices("tr!(") {
        let mut chars = source[at + 4..].chars();
        let mut depth = 1;
        while depth > 0 {
            let Some(c) = chars.next() else { break };
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '"' => {
                    let mut s = String::new();
                    while let Some(d) = chars.next() {
                        match d {
                            '\\' => {
                                if let Some(e) = chars.next() {
                                    s.push('\\');
                                    s.push(e);
                                }
                            }
                            '"' => break,
                            _ => s.push(d),
                        }
                    }
                    out.push(s);
                }
                _ => {}
            }
        }
    }
    out
}

/// Spec 15.6: a hint may only name fields that exist. Every `name = …` a message or hint
/// tells staff to write, and every `[rules] name`, is a field of some file's schema.
#[test]
fn every_field_a_message_names_exists() {
    let mut fields = std::collections::BTreeSet::new();
    for (_, s) in schemas() {
        property_names(&s, &mut fields);
    }
    // The settings of site.toml's [rules] table.
    let site = schema("site.schema.json");
    let mut rules = std::collections::BTreeSet::new();
    for defs in ["definitions", "$defs"] {
        if let Some(r) = site.get(defs).and_then(|d| d.get("RawRules")) {
            property_names(r, &mut rules);
        }
    }
    assert!(rules.contains("meeting_kinds"), "{rules:?}");
    // `--today` and a few words are not fields; `N` and friends are placeholders.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let assignment = |text: &str| -> Vec<String> {
        let mut names = Vec::new();
        let bytes: Vec<char> = text.chars().collect();
        let text_len = bytes.len();
        let mut i = 0;
        while i < text_len {
            // A field assignment: an identifier of lowercase letters and _, then " = ".
            if bytes[i].is_ascii_lowercase()
                && (i == 0
                    || !bytes[i - 1].is_ascii_alphanumeric()
                        && bytes[i - 1] != '_'
                        && bytes[i - 1] != '-'
                        && bytes[i - 1] != '.')
            {
                let start = i;
                while i < text_len && (bytes[i].is_ascii_lowercase() || bytes[i] == '_') {
                    i += 1;
                }
                let rest: String = bytes[i..text_len.min(i + 3)].iter().collect();
                if rest == " = " {
                    names.push(bytes[start..i].iter().collect());
                }
                continue;
            }
            i += 1;
        }
        let mut at = 0;
        while let Some(found) = text[at..].find("[rules] ") {
            names.push("[rules]".to_string());
            let from = at + found + "[rules] ".len();
            let name: String = text[from..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
            at = from;
        }
        names
    };
    // The scanner finds what it is for (so the test can fail).
    let found = assignment("加上 colour = 3，或在 site.toml 的 [rules] role 里设定");
    assert_eq!(found, ["colour", "[rules]", "role"]);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(root.join("check")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        let source = source.split("#[cfg(test)]").next().unwrap_or(&source);
        for literal in message_literals(source) {
            let mut in_rules = false;
            for name in assignment(&literal) {
                if name == "[rules]" {
                    in_rules = true;
                    continue;
                }
                seen += 1;
                let known = if in_rules {
                    rules.contains(&name)
                } else {
                    fields.contains(&name)
                };
                in_rules = false;
                if !known {
                    wrong.push(format!(
                        "{}: {name} in \"{literal}\"",
                        entry.path().display()
                    ));
                }
            }
        }
    }
    assert!(seen > 30, "only {seen} field names found in messages");
    assert!(
        wrong.is_empty(),
        "messages name fields no schema has:\n{}",
        wrong.join("\n")
    );
}
