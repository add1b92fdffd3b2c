//! Staff warnings that need every record and the facts (section 7, 13.8, 13.9), gathered
//! from the record kinds that give them.

use super::{council, supervision, topic, visit};
use crate::diagnostics::Diagnostic;
use crate::facts::Facts;
use crate::input::load::Loaded;
use crate::model::Model;

/// Staff warnings that need every record and the facts: a proposal unanswered past
/// `answer_days` (13.9), a council member absent from `absence_limit` regular meetings in a
/// row (13.8). `check` and `build` add them to the problems.
pub fn cross_file_warnings(loaded: &Loaded, model: &Model, facts: &Facts) -> Vec<Diagnostic> {
    let mut out = topic::unanswered_warnings(loaded, model, facts);
    out.extend(council::absence_warnings(loaded, model, facts));
    out.extend(supervision::warnings(loaded, model, facts));
    out.extend(topic::evaluation_due_warnings(loaded, model, facts));
    out.extend(visit::warnings(loaded, model, facts));
    out
}
