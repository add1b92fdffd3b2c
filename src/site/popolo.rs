//! `data/popolo/`: the council, its members and every vote in the Popolo open-government
//! data standard (<https://www.popoloproject.com/specs/>), so tools built for parliaments
//! and city councils (vote trackers, Councilmatic-style sites) read a community's votes.
//!
//! Mapping (documented in docs/open-data.md):
//! - the deliberation council is one `Organization` (id `council`);
//! - council.toml members are `Person`s (`member-1`, … in file order) with a `Membership`;
//!   people who voted in a roll call without being members (a meeting's `attendees`) are
//!   `Person`s too (`voter-1`, … in order of name);
//! - each resolution is a `Motion` and its vote a `VoteEvent`, both with the id
//!   `<meeting id>/<index>`; the meeting is the `legislative_session_id` (see meetings.json);
//! - counts use the options `yes`, `no`, `abstain` and `absent` (expected − present);
//!   a roll call gives one `Vote` per name;
//! - `result` is `pass` or `fail`; yishi's own `outcome` (`passed`, `failed`, `invalid`)
//!   and `quorum_met` are kept beside it, as a quorum failure is not an ordinary defeat.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::facts::{Facts, MeetingState};
use crate::model::{MajorityOf, Model};
use crate::plumbing::output::{OutputFile, json_file};
use crate::site::theme::Strings;

#[derive(Serialize)]
struct Organization {
    id: &'static str,
    name: String,
    classification: &'static str,
}

#[derive(Serialize)]
struct Person {
    id: String,
    name: String,
}

#[derive(Serialize)]
struct Membership {
    id: String,
    person_id: String,
    organization_id: &'static str,
    role: String,
    start_date: Option<String>,
    end_date: Option<String>,
}

#[derive(Serialize)]
struct Motion {
    id: String,
    organization_id: &'static str,
    legislative_session_id: String,
    identifier: String,
    text: String,
    classification: &'static str,
    date: String,
    requirement: String,
    result: &'static str,
    /// The topic it decides (topics.json), when any.
    topic: Option<String>,
}

#[derive(Serialize)]
struct Count {
    option: &'static str,
    value: u64,
}

#[derive(Serialize)]
struct Vote {
    voter_id: String,
    option: &'static str,
}

#[derive(Serialize)]
struct VoteEvent {
    id: String,
    motion_id: String,
    organization_id: &'static str,
    legislative_session_id: String,
    start_date: String,
    result: &'static str,
    outcome: &'static str,
    quorum_met: Option<bool>,
    /// 举手表决 | 投票表决 | 一对一表决, when recorded.
    method: Option<String>,
    counts: Vec<Count>,
    votes: Vec<Vote>,
}

const COUNCIL: &str = "council";

/// Every file of `data/popolo/`.
pub fn files(model: &Model, facts: &Facts, strings: &Strings) -> Vec<OutputFile> {
    let s = |k: &str| strings.get(k).cloned().unwrap_or_default();
    let organizations = vec![Organization {
        id: COUNCIL,
        name: format!("{}{}", model.site.community, s("council_suffix")),
        classification: "council",
    }];
    // People: members in council.toml order, then other roll-call voters by name.
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut persons = Vec::new();
    let mut memberships = Vec::new();
    for (i, m) in model.council.iter().flatten().enumerate() {
        let id = format!("member-{}", i + 1);
        ids.entry(m.name.clone()).or_insert_with(|| id.clone());
        persons.push(Person {
            id: id.clone(),
            name: m.name.clone(),
        });
        memberships.push(Membership {
            id: format!("membership-{}", i + 1),
            person_id: id,
            organization_id: COUNCIL,
            role: m.role.clone(),
            start_date: m.since.map(|d| d.format("%Y-%m-%d").to_string()),
            end_date: m.until.map(|d| d.format("%Y-%m-%d").to_string()),
        });
    }
    let mut others: Vec<&String> = model
        .meetings
        .iter()
        .flat_map(|m| m.resolutions.iter())
        .filter_map(|r| r.roll_call.as_ref())
        .flat_map(|rc| rc.yes.iter().chain(&rc.no).chain(&rc.abstain))
        .filter(|n| !ids.contains_key(*n))
        .collect();
    others.sort();
    others.dedup();
    for (i, name) in others.into_iter().enumerate() {
        let id = format!("voter-{}", i + 1);
        ids.insert(name.clone(), id.clone());
        persons.push(Person {
            id,
            name: name.clone(),
        });
    }

    let rules = &model.site.rules;
    let base = match rules.majority_of {
        MajorityOf::Present => s("present").to_lowercase(),
        MajorityOf::Cast => s("votes_cast"),
        MajorityOf::Expected => s("expected").to_lowercase(),
    };
    let requirement = s("popolo_requirement")
        .replace(
            "{quorum}",
            &format!("{}/{}", rules.quorum.num, rules.quorum.den),
        )
        .replace("{base}", &base);
    let offset = model.site.timezone.to_string();
    let mut motions = Vec::new();
    let mut vote_events = Vec::new();
    for (mi, m) in model.meetings.iter().enumerate() {
        if facts.meetings[mi].state != MeetingState::Held {
            continue;
        }
        for (ri, r) in m.resolutions.iter().enumerate() {
            let Some(resolution_facts) = facts.resolutions[mi].get(ri).copied().flatten() else {
                continue;
            };
            let id = format!("{}/{}", m.id, ri + 1);
            let result = match resolution_facts.passed {
                Some(true) => "pass",
                Some(false) => "fail",
                None => "deferred",
            };
            motions.push(Motion {
                id: id.clone(),
                organization_id: COUNCIL,
                legislative_session_id: m.id.clone(),
                identifier: format!("{} {}", s("resolution"), ri + 1),
                text: r.text.clone(),
                classification: "resolution",
                date: m.start.format("%Y-%m-%d").to_string(),
                requirement: requirement.clone(),
                result,
                topic: r.topic.clone(),
            });
            let votes = r
                .roll_call
                .iter()
                .flat_map(|rc| {
                    let tag = |names: &Vec<String>, option: &'static str| {
                        names
                            .iter()
                            .map(|n| Vote {
                                voter_id: ids.get(n).cloned().unwrap_or_else(|| n.clone()),
                                option,
                            })
                            .collect::<Vec<_>>()
                    };
                    let mut v = tag(&rc.yes, "yes");
                    v.extend(tag(&rc.no, "no"));
                    v.extend(tag(&rc.abstain, "abstain"));
                    v
                })
                .collect();
            vote_events.push(VoteEvent {
                id: id.clone(),
                motion_id: id,
                organization_id: COUNCIL,
                legislative_session_id: m.id.clone(),
                start_date: format!("{}{offset}", m.start.format("%Y-%m-%dT%H:%M:%S")),
                result,
                outcome: resolution_facts.outcome.key(),
                quorum_met: resolution_facts.quorum_met,
                method: r.method.clone(),
                // Only the counts the record gives (15.1, 15.2).
                counts: match r.tally {
                    Some(t) => {
                        let mut counts = vec![
                            Count {
                                option: "yes",
                                value: t.yes,
                            },
                            Count {
                                option: "no",
                                value: t.no,
                            },
                            Count {
                                option: "abstain",
                                value: t.abstain,
                            },
                        ];
                        if let (Some(e), Some(p)) = (m.expected, m.present) {
                            counts.push(Count {
                                option: "absent",
                                value: e.saturating_sub(p),
                            });
                        }
                        counts
                    }
                    None => Vec::new(),
                },
                votes,
            });
        }
    }
    vec![
        json_file("data/popolo/organizations.json", &organizations),
        json_file("data/popolo/persons.json", &persons),
        json_file("data/popolo/memberships.json", &memberships),
        json_file("data/popolo/motions.json", &motions),
        json_file("data/popolo/vote_events.json", &vote_events),
    ]
}
