//! JSON Schemas of every file kind, generated from the structs the checks read, for editors
//! and the form editor.

use super::council::RawCouncil;
use super::evaluation::{RawEvaluation, RawProjectEvaluation};
use super::meeting::RawMeeting;
use super::page::RawPage;
use super::site::RawSite;
use super::supervision::RawSupervision;
use super::topic::RawTopic;
use super::visit::RawVisit;

/// The JSON Schemas (draft-07) of every file kind, generated from the structs the loader
/// reads, with the Chinese field descriptions: (file name, schema).
pub fn schemas() -> Vec<(&'static str, serde_json::Value)> {
    pub(super) fn one<T: schemars::JsonSchema>() -> serde_json::Value {
        let schema = schemars::generate::SchemaSettings::draft07()
            .into_generator()
            .into_root_schema_for::<T>();
        serde_json::to_value(schema).unwrap_or_default()
    }
    vec![
        ("site.schema.json", one::<RawSite>()),
        ("council.schema.json", one::<RawCouncil>()),
        ("topic.schema.json", one::<RawTopic>()),
        ("meeting.schema.json", one::<RawMeeting>()),
        ("evaluation.schema.json", one::<RawEvaluation>()),
        (
            "project-evaluation.schema.json",
            one::<RawProjectEvaluation>(),
        ),
        ("page.schema.json", one::<RawPage>()),
        ("supervision.schema.json", one::<RawSupervision>()),
        ("visit.schema.json", one::<RawVisit>()),
    ]
}

/// A TOML text as JSON, dates and times as strings, for checking it against a schema.
pub fn toml_as_json(text: &str) -> Option<serde_json::Value> {
    pub(super) fn convert(v: &toml::Value) -> serde_json::Value {
        match v {
            toml::Value::String(s) => serde_json::Value::String(s.clone()),
            toml::Value::Integer(i) => serde_json::Value::from(*i),
            toml::Value::Float(f) => serde_json::Value::from(*f),
            toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
            toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
            toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(convert).collect()),
            toml::Value::Table(t) => {
                serde_json::Value::Object(t.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
            }
        }
    }
    let table: toml::Table = toml::from_str(text).ok()?;
    Some(convert(&toml::Value::Table(table)))
}
