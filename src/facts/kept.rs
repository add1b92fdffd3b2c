//! What a save in `serve` may keep of the facts computed before it (see
//! [`compute_after`](super::compute_after)): all of them when no record changed in anything the
//! facts read; else the facts of each meeting that is the same record as before, and of each
//! topic the save did not touch.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use crate::model::{Evaluation, Meeting, Model, SupervisionReport, Topic, Visit};

/// Whether the facts of `before` are the facts of `now`, computed as of the same day: every
/// record is in the same place and differs, if at all, only in its text (the Markdown body,
/// which no fact reads: staff writing the minutes save again and again), and site.toml and
/// council.toml are as they were. Records that are the same `Arc` are not looked into; a
/// changed record is compared field by field with its text left out, so a field added to a
/// record is compared without anyone remembering to.
pub(super) fn same_facts(before: &Model, now: &Model) -> bool {
    /// The two records are equal once their text is taken out.
    macro_rules! alike_but_text {
        ($kind:ident) => {
            |a: &$kind, b: &$kind| {
                let textless = |r: &$kind| $kind {
                    body: String::new(),
                    body_offset: 0,
                    ..r.clone()
                };
                textless(a) == textless(b)
            }
        };
    }
    before.site == now.site
        && before.council == now.council
        && before.staff == now.staff
        && same_records(&before.topics, &now.topics, alike_but_text!(Topic))
        && same_records(&before.meetings, &now.meetings, alike_but_text!(Meeting))
        && same_records(
            &before.evaluations,
            &now.evaluations,
            alike_but_text!(Evaluation),
        )
        && same_records(
            &before.supervision,
            &now.supervision,
            alike_but_text!(SupervisionReport),
        )
        && same_records(&before.visits, &now.visits, alike_but_text!(Visit))
}

/// Whether two lists hold the same records in the same places: the same `Arc`, or records
/// `alike`.
fn same_records<T>(before: &[Arc<T>], now: &[Arc<T>], alike: impl Fn(&T, &T) -> bool) -> bool {
    before.len() == now.len()
        && before
            .iter()
            .zip(now)
            .all(|(a, b)| Arc::ptr_eq(a, b) || alike(a, b))
}

/// For each meeting of `now`, where the same record (the same `Arc`) is in `before`. Both are
/// sorted by id, so one walk through both finds them; records are compared by address, and
/// ids only where they differ.
pub(super) fn same_meetings(before: &[Arc<Meeting>], now: &[Arc<Meeting>]) -> Vec<Option<usize>> {
    let mut found = Vec::with_capacity(now.len());
    let mut j = 0;
    for meeting in now {
        while j < before.len()
            && !Arc::ptr_eq(&before[j], meeting)
            && before[j].id.as_str() < meeting.id.as_str()
        {
            j += 1;
        }
        if j < before.len() && Arc::ptr_eq(&before[j], meeting) {
            found.push(Some(j));
            j += 1;
        } else {
            found.push(None);
        }
    }
    found
}

/// The topics whose facts a save may have changed, when every other topic's facts are the
/// earlier ones (else None: then all are computed). A topic's facts depend on the topic, the
/// meetings that list it or vote on it (their facts, starts and places in the list), the
/// evaluations and supervision reports that name it, the rules and today. So when the
/// meetings and topics are the same files in the same places (`same`: where each meeting is
/// among the earlier ones, [`same_meetings`]), the evaluations and reports are the same, and
/// the rules and today are (the caller's part), what changed is a changed topic, and every
/// topic a changed meeting names, before the save or after it.
pub(super) fn touched_topics(
    before: &Model,
    now: &Model,
    same: &[Option<usize>],
) -> Option<FxHashSet<usize>> {
    if before.meetings.len() != now.meetings.len()
        || before.topics.len() != now.topics.len()
        || !same_records(&before.evaluations, &now.evaluations, |a, b| a == b)
        || !same_records(&before.supervision, &now.supervision, |a, b| a == b)
    {
        return None;
    }
    let mut touched = FxHashSet::default();
    for (ti, (a, b)) in before.topics.iter().zip(&now.topics).enumerate() {
        if !Arc::ptr_eq(a, b) {
            if a.id != b.id {
                return None;
            }
            touched.insert(ti);
        }
    }
    for (mi, kept) in same.iter().enumerate() {
        match *kept {
            Some(j) if j == mi => continue,
            Some(_) => return None, // a meeting moved
            None => {}
        }
        let (old, new) = (&before.meetings[mi], &now.meetings[mi]);
        if old.id != new.id {
            return None;
        }
        for meeting in [old, new] {
            let voted =
                (0..meeting.resolutions.len()).filter_map(|ri| meeting.resolution_topic(ri));
            for id in meeting.topics.iter().map(String::as_str).chain(voted) {
                if let Some(ti) = now.topic_index(id) {
                    touched.insert(ti);
                }
            }
        }
    }
    Some(touched)
}
