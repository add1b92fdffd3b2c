//! The form editor (issue 26): the vendored copy is the one its checksums name, and the
//! configuration generated for a community covers every field of the schemas, and only
//! those, and is valid by the editor's own schema.

use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_vendored_editor_matches_its_checksums() {
    let dir = root().join("vendor/sveltia-cms");
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    let mut checked = 0;
    for line in sums.lines().filter(|l| !l.trim().is_empty()) {
        let (sum, file) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let actual = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(actual, sum, "{file} is not the vendored version");
        checked += 1;
    }
    assert_eq!(checked, 8);
    // The copy loads nothing from a CDN: fonts and translations come from admin/ itself.
    let script = std::fs::read_to_string(dir.join("sveltia-cms.js")).unwrap();
    assert!(!script.contains("cdn.jsdelivr.net/fontsource"));
    assert!(script.contains("=`locales`"));
    assert_eq!(
        yishi::site::editor::VERSION.trim(),
        std::fs::read_to_string(dir.join("VERSION")).unwrap().trim()
    );
}

/// The configuration `yishi build` writes for the sample community.
fn sample_config() -> Value {
    config_of(root())
}

/// The configuration `yishi build` writes for the community at `repo`.
fn config_of(repo: &Path) -> Value {
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["build", "--quiet", "--root"])
        .arg(repo)
        .arg("--out")
        .arg(out.path())
        .env("YISHI_LANG", "zh-CN")
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(out.path().join("admin/config.yml")).unwrap();
    // YAML is a superset of JSON: the body after the comment lines is the configuration.
    let json: String = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    serde_json::from_str(&json).unwrap()
}

/// Every property path of a schema (`resolutions.votes.yes`), `$ref`s followed.
fn schema_paths(v: &Value, root: &Value, prefix: &str, out: &mut Vec<String>) {
    let v = follow(v, root);
    if let Some(props) = v.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            let path = format!("{prefix}{name}");
            out.push(path.clone());
            let p = follow(p, root);
            let inner = p.get("items").map(|i| follow(i, root)).unwrap_or(p);
            schema_paths(inner, root, &format!("{path}."), out);
        }
    }
}

fn follow<'a>(v: &'a Value, root: &'a Value) -> &'a Value {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        return follow(&root["definitions"][name], root);
    }
    if let Some(xs) = v.get("anyOf").and_then(Value::as_array) {
        let not_null: Vec<&Value> = xs.iter().filter(|x| x["type"] != "null").collect();
        if not_null.len() == 1 {
            return follow(not_null[0], root);
        }
    }
    v
}

/// Every field path of an editor configuration's field list.
fn config_paths(fields: &Value, prefix: &str, out: &mut Vec<String>) {
    for f in fields.as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let path = format!("{prefix}{name}");
        out.push(path.clone());
        if let Some(inner) = f.get("fields") {
            config_paths(inner, &format!("{path}."), out);
        }
    }
}

#[test]
fn the_configuration_covers_every_field_of_the_schemas_and_no_other() {
    let config = sample_config();
    let schemas = yishi::check::schemas();
    let schema = |name: &str| schemas.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    let collections = config["collections"].as_array().unwrap();
    let fields_of = |name: &str| -> Value {
        if let Some(c) = collections.iter().find(|c| c["name"] == name) {
            return c["fields"].clone();
        }
        let settings = collections
            .iter()
            .find(|c| c["name"] == "settings")
            .unwrap();
        settings["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()["fields"]
            .clone()
    };
    for (collection, schema_name, body) in [
        ("meetings", "meeting.schema.json", true),
        ("topics", "topic.schema.json", true),
        ("evaluations", "evaluation.schema.json", true),
        (
            "project-evaluations",
            "project-evaluation.schema.json",
            true,
        ),
        ("pages", "page.schema.json", true),
        ("supervision", "supervision.schema.json", true),
        ("visits", "visit.schema.json", true),
        ("council", "council.schema.json", false),
        ("site", "site.schema.json", false),
    ] {
        let s = schema(schema_name);
        let mut want = Vec::new();
        schema_paths(&s, &s, "", &mut want);
        if body {
            want.push("body".into());
        }
        let mut have = Vec::new();
        config_paths(&fields_of(collection), "", &mut have);
        want.sort();
        have.sort();
        assert_eq!(have, want, "{collection}");
    }
    // What a field holds decides its widget: a date without a time, the start with one, a
    // word from site.toml's lists, a topic by reference, council names for a roll call.
    let meeting = fields_of("meetings");
    let field = |fields: &Value, name: &str| -> Value {
        fields
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(field(&meeting, "published")["widget"], "datetime");
    assert_eq!(field(&meeting, "published")["time_format"], false);
    assert_eq!(field(&meeting, "start")["widget"], "datetime");
    assert!(field(&meeting, "start").get("time_format").is_none());
    assert_eq!(field(&meeting, "kind")["widget"], "select");
    assert_eq!(field(&meeting, "kind")["options"][0], "民情恳谈会");
    assert_eq!(field(&meeting, "kind")["label"], "会议类型");
    assert_eq!(field(&meeting, "title")["required"], true);
    assert_eq!(field(&meeting, "host")["required"], false);
    assert_eq!(field(&meeting, "topics")["widget"], "relation");
    assert_eq!(field(&meeting, "topics")["multiple"], true);
    assert_eq!(field(&meeting, "expected")["value_type"], "int");
    // Sensible defaults: the council's usual place (16 of the sample's 28 meetings, more
    // than any other) and today for a required day.
    assert_eq!(field(&meeting, "place")["default"], "社区协商议事室");
    assert!(field(&meeting, "published").get("default").is_none());
    let resolutions = field(&meeting, "resolutions");
    assert_eq!(resolutions["widget"], "list");
    let votes = field(&resolutions["fields"], "votes");
    let yes = field(&votes["fields"], "yes");
    assert_eq!(yes["widget"], "select");
    assert!(
        yes["options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n == "王建国")
    );
    assert_eq!(
        field(&resolutions["fields"], "declared")["options"],
        serde_json::json!(["通过", "未通过", "暂缓"])
    );
    let topic = fields_of("topics");
    assert_eq!(field(&topic, "category")["options"][0], "公益事业");
    let actions = field(&topic, "actions");
    let updates = field(&actions["fields"], "updates");
    let photos = field(&updates["fields"], "photos");
    assert_eq!(photos["widget"], "file");
    assert_eq!(field(&updates["fields"], "date")["default"], "{{now}}");
    assert_eq!(photos["public_folder"], "attachments");
    // New records get valid ids however Chinese their titles: dates and a short hex id.
    let meetings = collections
        .iter()
        .find(|c| c["name"] == "meetings")
        .unwrap();
    assert_eq!(
        meetings["slug"],
        "{{fields.start | date('YYYY-MM-DD')}}-r{{uuid_shorter}}"
    );
    assert_eq!(meetings["format"], "toml-frontmatter");
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "yishi-project/xingfuli");
}

#[test]
fn the_configuration_is_valid_by_the_editors_own_schema() {
    // A fresh `yishi init` turns the editor on; its configuration is valid too.
    let fresh = tempfile::tempdir().unwrap();
    let community = fresh.path().join("c");
    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_yishi"))
        .arg("init")
        .arg(&community)
        .status()
        .unwrap();
    assert!(ok.success());
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("vendor/sveltia-cms/config.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let init_config = config_of(&community);
    let errors: Vec<String> = validator
        .iter_errors(&init_config)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "yishi init: {}", errors.join("\n"));
    let config = sample_config();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("vendor/sveltia-cms/config.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&config)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The schema does refuse a wrong configuration (so this test can fail).
    let mut wrong = config.clone();
    wrong["collections"][0]["fields"][0]["widget"] = Value::from(3);
    assert!(!validator.is_valid(&wrong));
}

/// Staff who save a record that breaks the build see why: the refused build leaves the
/// site as it was and adds the problems page, each problem linking to its record in the
/// editor; the next good build empties it.
#[test]
fn a_refused_build_leaves_the_site_and_lists_its_problems_for_staff() {
    let fixtures = root().join("tests/fixtures");
    let repo = tempfile::tempdir().unwrap();
    let copy = |from: &Path| {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(from).unwrap();
            let to = repo.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
    };
    copy(&fixtures.join("base"));
    let site_toml = repo.path().join("site.toml");
    let mut site = std::fs::read_to_string(&site_toml).unwrap();
    site.push_str("\n[editor]\nbackend = \"gitea\"\nrepo = \"jiedao/heping\"\nforge = \"https://git.example.gov.cn\"\nclient_id = \"abc\"\n");
    std::fs::write(&site_toml, site).unwrap();
    let out = repo.path().join("public");
    let build = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_yishi"))
            .args(["build", "--quiet", "--problems-page", "--root"])
            .arg(repo.path())
            .arg("--out")
            .arg(&out)
            .env("YISHI_LANG", "zh-CN")
            .output()
            .unwrap()
    };
    assert!(build().status.success());
    let home = std::fs::read(out.join("index.html")).unwrap();
    let clean = std::fs::read_to_string(out.join("admin/problems/index.html")).unwrap();
    assert!(clean.contains("没有问题"), "{clean}");
    assert!(clean.contains("noindex"));
    let config = std::fs::read_to_string(out.join("admin/config.yml")).unwrap();
    assert!(
        config.contains("\"api_root\": \"https://git.example.gov.cn/api/v1\""),
        "{config}"
    );
    // A record saved with a word that is not in the list.
    copy(&fixtures.join("diagnostics/declared-problems"));
    let refused = build();
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        std::fs::read(out.join("index.html")).unwrap(),
        home,
        "the site is unchanged"
    );
    let page = std::fs::read_to_string(out.join("admin/problems/index.html")).unwrap();
    assert!(
        page.contains("content/meetings/2025-05-01-m.md:16:12"),
        "{page}"
    );
    assert!(page.contains("#/collections/meetings/entries/2025-05-01-m"));
    assert!(page.contains("declared 的值“同意”不是 通过、未通过、暂缓 之一"));
    assert!(!page.contains("没有问题"));
    // Corrected: the next build empties it.
    let meetings = repo.path().join("content/meetings");
    std::fs::remove_file(meetings.join("2025-05-02-m.md")).unwrap();
    std::fs::copy(
        fixtures.join("base/content/meetings/2025-05-01-m.md"),
        meetings.join("2025-05-01-m.md"),
    )
    .unwrap();
    assert!(build().status.success());
    let page = std::fs::read_to_string(out.join("admin/problems/index.html")).unwrap();
    assert!(page.contains("没有问题"));
}

/// Every label and hint of a field in Chinese: staff read the editor, and a developer's note
/// in a doc comment once reached them as the draft field's label ("Read by `is_draft`…").
#[test]
fn every_field_is_labelled_in_chinese_alone() {
    fn walk(fields: &Value, prefix: &str, bad: &mut Vec<String>) {
        for f in fields.as_array().unwrap() {
            let path = format!("{prefix}{}", f["name"].as_str().unwrap());
            for key in ["label", "hint"] {
                let Some(text) = f.get(key).and_then(Value::as_str) else {
                    continue;
                };
                let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
                let chinese = cjk(text);
                // A line of English: three words or more and not a Chinese character.
                let english = text
                    .lines()
                    .any(|l| !cjk(l) && l.split_whitespace().count() >= 3);
                if !chinese || english {
                    bad.push(format!("{path} {key}: {text}"));
                }
            }
            if let Some(inner) = f.get("fields") {
                walk(inner, &format!("{path}."), bad);
            }
        }
    }
    let config = sample_config();
    let mut bad = Vec::new();
    for collection in config["collections"].as_array().unwrap() {
        let name = collection["name"].as_str().unwrap_or("?");
        if let Some(fields) = collection.get("fields") {
            walk(fields, &format!("{name}:"), &mut bad);
        }
        for file in collection
            .get("files")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(
                &file["fields"],
                &format!("{name}/{}:", file["name"]),
                &mut bad,
            );
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
