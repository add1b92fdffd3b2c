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
    ] {
        for entry in std::fs::read_dir(root.join("content").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
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
