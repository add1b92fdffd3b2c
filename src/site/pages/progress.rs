//! The progress page: every action with its owner, due date and status.

use chrono::NaiveDate;
use serde::Serialize;

use crate::facts::ActionStatus;
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::pager::{Pager, paginate};
use crate::site::urls::root_of;
use crate::site::views::ActionRow;

/// `progress.html`: one page of every action, the overdue first.
#[derive(Serialize)]
pub(crate) struct ProgressView {
    /// The page's title.
    pub(crate) title: String,
    /// The actions of this page.
    pub(crate) actions: Vec<ActionRow>,
    /// Actions in all.
    pub(crate) count: usize,
    /// How many actions have each status.
    pub(crate) counts: Vec<StatusCount>,
    /// Links to the other pages.
    pub(crate) pager: Pager,
    /// Some action of the community has a budget: the money column is shown.
    pub(crate) has_money: bool,
}

/// How many actions have one status.
#[derive(Serialize, Clone)]
pub(crate) struct StatusCount {
    /// The status's key (`overdue`, for styling).
    pub(crate) key: &'static str,
    /// The status in words.
    pub(crate) label: String,
    /// How many.
    pub(crate) count: usize,
}

pub(crate) fn progress_page(cx: &Context) -> Result<Vec<OutputFile>, String> {
    // (status, due, topic index, action index), in the order of the board.
    let mut keys: Vec<(ActionStatus, NaiveDate, usize, usize)> = Vec::new();
    for (ti, topic) in cx.model.topics.iter().enumerate() {
        for (ai, (a, action_facts)) in topic
            .actions
            .iter()
            .zip(&cx.facts.topics[ti].actions)
            .enumerate()
        {
            keys.push((action_facts.status, a.due, ti, ai));
        }
    }
    let topics = &cx.model.topics;
    keys.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(topics[a.2].id.cmp(&topics[b.2].id))
            .then(
                topics[a.2].actions[a.3]
                    .id
                    .cmp(&topics[b.2].actions[b.3].id),
            )
    });
    let counts: Vec<StatusCount> = [
        ActionStatus::Overdue,
        ActionStatus::InProgress,
        ActionStatus::NotStarted,
        ActionStatus::DoneLate,
        ActionStatus::Done,
    ]
    .iter()
    .map(|s| StatusCount {
        key: s.key(),
        label: cx.words.action_status(*s),
        count: keys.iter().filter(|r| r.0 == *s).count(),
    })
    .collect();
    let title = cx.words.label("progress");
    let has_money = cx
        .model
        .topics
        .iter()
        .any(|t| t.actions.iter().any(|a| a.budget.is_some()));
    let total = keys.len();
    let mut out = Vec::new();
    for (page_path, slice, pager) in paginate("progress/", &keys) {
        let root = root_of(&page_path);
        let actions: Vec<ActionRow> = slice
            .iter()
            .map(|&(_, _, ti, ai)| cx.action_row(ti, ai, &root))
            .collect();
        let view = ProgressView {
            title: title.clone(),
            actions,
            count: total,
            counts: counts.clone(),
            pager,
            has_money,
        };
        out.push(cx.page("progress.html", &page_path, &title, "progress", &view)?);
    }
    Ok(out)
}
