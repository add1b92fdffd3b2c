//! The rules of section 7 of the content spec: what follows from the records as of "today".
//!
//! Every function here is pure: the reference date is a parameter, never the clock, so the
//! same content and the same today always give the same facts. Counts use integer
//! arithmetic; the only floats are the published rates, rounded to 4 decimals at the end.

pub mod grids;
mod kept;
pub mod posting;
pub mod supervision;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{
    Action, Area, Declared, Fraction, MajorityOf, Meeting, Member, Model, Money, Objection,
    ObjectionOutcome, OwnersVote, Ratings, Report, ReportKind, Resolution, Rules, Tally,
};

/// The outcome of a vote (表决结果).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// 通过.
    Passed,
    /// 未通过.
    Failed,
    /// 未达到法定人数，表决无效.
    Invalid,
    /// 倾向性意见: voted at a meeting that advises (spec 13.4); quorum met.
    Advisory,
    /// 已撤销: set aside by a higher body (13.5).
    Revoked,
    /// 暂缓: the record declares the matter put off; nothing was decided (15.1).
    Deferred,
}

impl Outcome {
    /// The key used in open data and templates.
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Invalid => "invalid",
            Outcome::Advisory => "advisory",
            Outcome::Revoked => "revoked",
            Outcome::Deferred => "deferred",
        }
    }
}

/// What a resolution's vote came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolutionFacts {
    /// present × b ≥ expected × a; for an owners' vote, `participation_met`; None when the
    /// record gives no attendance to check it against (15.1, 15.2).
    pub quorum_met: Option<bool>,
    /// The count "more than half" is measured against; None without counts.
    pub base: Option<u64>,
    /// The vote carried: quorum met and 2 × yes > base (section 7's meaning, kept for every
    /// resolution; `outcome` says the rest); for a declared outcome, what it declares; None
    /// when deferred (暂缓: nothing was decided).
    pub passed: Option<bool>,
    /// Passed, failed, invalid, advisory or revoked.
    pub outcome: Outcome,
    /// Voted at a meeting of an advisory kind (13.4): advice, never a decision.
    pub advisory: bool,
    /// An objection about it was answered with 再协商 (13.2): it goes back to deliberation.
    pub reopened: bool,
    /// For an owners' vote (15.4): two thirds of the owners by headcount and by area took part.
    pub participation_met: Option<bool>,
}

impl ResolutionFacts {
    /// It decides its topic: the vote carried at a binding meeting, and it was neither
    /// revoked nor reopened (13.3's "passed" for topic status and the days to resolution).
    pub fn decides(&self) -> bool {
        self.outcome == Outcome::Passed && !self.reopened
    }
}

/// A vote's facts once what happened around it is known: advisory at an advising meeting
/// (invalid stays invalid), revoked from the day a higher body set it aside, reopened by an
/// objection answered with 再协商 (which keeps its outcome in the tallies).
pub fn settle(
    vote: ResolutionFacts,
    advisory: bool,
    revoked: bool,
    reopened: bool,
) -> ResolutionFacts {
    let outcome = if revoked {
        Outcome::Revoked
    } else if matches!(vote.outcome, Outcome::Invalid | Outcome::Deferred) {
        vote.outcome
    } else if advisory {
        Outcome::Advisory
    } else {
        vote.outcome
    };
    ResolutionFacts {
        outcome,
        advisory,
        reopened,
        ..vote
    }
}

/// Whether attendance meets the quorum `a/b`: present × b ≥ expected × a ("以上" includes the bound).
pub fn quorum_met(present: u64, expected: u64, quorum: Fraction) -> bool {
    u128::from(present) * u128::from(quorum.den) >= u128::from(expected) * u128::from(quorum.num)
}

/// The outcome of a vote at a meeting with `expected` and `present` members.
pub fn resolution_outcome(
    expected: u64,
    present: u64,
    tally: Tally,
    quorum: Fraction,
    majority_of: MajorityOf,
) -> ResolutionFacts {
    let quorum_met = quorum_met(present, expected, quorum);
    let base = match majority_of {
        MajorityOf::Present => present,
        MajorityOf::Cast => tally
            .yes
            .saturating_add(tally.no)
            .saturating_add(tally.abstain),
        MajorityOf::Expected => expected,
    };
    // "过半数" excludes the bound: a tie does not pass.
    let passed = quorum_met && u128::from(tally.yes) * 2 > u128::from(base);
    let outcome = if !quorum_met {
        Outcome::Invalid
    } else if passed {
        Outcome::Passed
    } else {
        Outcome::Failed
    };
    ResolutionFacts {
        quorum_met: Some(quorum_met),
        base: Some(base),
        passed: Some(passed),
        outcome,
        advisory: false,
        reopened: false,
        participation_met: None,
    }
}

/// A vote with counts at a meeting whose record does not give its attendance (15.2): the
/// majority is taken of the votes cast, whatever `majority_of` says; the quorum is unknown.
pub fn cast_majority(tally: Tally) -> ResolutionFacts {
    let cast = tally
        .yes
        .saturating_add(tally.no)
        .saturating_add(tally.abstain);
    let passed = u128::from(tally.yes) * 2 > u128::from(cast);
    ResolutionFacts {
        quorum_met: None,
        base: Some(cast),
        passed: Some(passed),
        outcome: if passed {
            Outcome::Passed
        } else {
            Outcome::Failed
        },
        advisory: false,
        reopened: false,
        participation_met: None,
    }
}

/// A decision the record states without counts (15.1): the declared outcome, with the
/// quorum checked when the meeting gives both counts.
pub fn declared_outcome(declared: Declared, quorum_met: Option<bool>) -> ResolutionFacts {
    let (passed, outcome) = match declared {
        Declared::Passed => (Some(true), Outcome::Passed),
        Declared::Failed => (Some(false), Outcome::Failed),
        Declared::Deferred => (None, Outcome::Deferred),
    };
    ResolutionFacts {
        quorum_met,
        base: None,
        passed,
        outcome,
        advisory: false,
        reopened: false,
        participation_met: None,
    }
}

/// Whether `part` is at least two thirds of `whole` (三分之二以上: the bound included).
fn two_thirds(part: i128, whole: i128) -> bool {
    part * 3 >= whole * 2
}

/// Which of 第二百七十八条's four thresholds an owners' vote met (15.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OwnersThresholds {
    /// Two thirds of the owners by headcount took part.
    pub heads_took_part: bool,
    /// Two thirds of the area took part.
    pub area_took_part: bool,
    /// Enough of the participants by headcount agreed (3/4 included, or more than half).
    pub heads_agreed: bool,
    /// Enough of the participating area agreed.
    pub area_agreed: bool,
}

/// The thresholds of 民法典 第二百七十八条, in exact integers (areas in hundredths of a
/// square metre): two thirds of the owners by headcount and by area take part; items 6–8
/// need three quarters of the participants by both (the bound included), the rest more
/// than half by both (the bound excluded).
pub fn owners_thresholds(v: &OwnersVote) -> OwnersThresholds {
    let n = |x: u64| i128::from(x);
    let a = |x: Area| i128::from(x.0);
    let agreed = |yes: i128, voting: i128| {
        if v.matter.needs_three_quarters() {
            yes * 4 >= voting * 3
        } else {
            yes * 2 > voting
        }
    };
    OwnersThresholds {
        heads_took_part: two_thirds(n(v.owners_voting), n(v.owners)),
        area_took_part: two_thirds(a(v.area_voting), a(v.area)),
        heads_agreed: agreed(n(v.owners_yes), n(v.owners_voting)),
        area_agreed: agreed(a(v.area_yes), a(v.area_voting)),
    }
}

/// The owners' double majority (15.4): participation by both measures, then agreement by
/// both; `invalid` when participation falls short.
pub fn owners_outcome(v: &OwnersVote) -> ResolutionFacts {
    let t = owners_thresholds(v);
    let participation_met = t.heads_took_part && t.area_took_part;
    let passed = participation_met && t.heads_agreed && t.area_agreed;
    ResolutionFacts {
        quorum_met: Some(participation_met),
        base: Some(v.owners_voting),
        passed: Some(passed),
        outcome: if !participation_met {
            Outcome::Invalid
        } else if passed {
            Outcome::Passed
        } else {
            Outcome::Failed
        },
        advisory: false,
        reopened: false,
        participation_met: Some(participation_met),
    }
}

/// What a resolution's record comes to before what happened around it (`settle`): an
/// owners' vote by 第二百七十八条; counts by quorum and majority (of the votes cast when the
/// record gives no attendance); a declared outcome as declared. None when the record gives
/// none of these (validation refuses such a resolution).
pub fn vote_facts(
    r: &Resolution,
    expected: Option<u64>,
    present: Option<u64>,
    rules: &Rules,
) -> Option<ResolutionFacts> {
    if let Some(owners) = &r.owners {
        return Some(owners_outcome(owners));
    }
    match (r.tally, expected, present) {
        (Some(t), Some(e), Some(p)) => {
            Some(resolution_outcome(e, p, t, rules.quorum, rules.majority_of))
        }
        (Some(t), _, _) => Some(cast_majority(t)),
        (None, e, p) => {
            let quorum = match (e, p) {
                (Some(e), Some(p)) => Some(quorum_met(p, e, rules.quorum)),
                _ => None,
            };
            r.declared.map(|d| declared_outcome(d, quorum))
        }
    }
}

/// Whether a declared outcome agrees with counts (15.1): 通过 ⇔ the vote carried, 未通过 ⇔
/// it did not; 暂缓 never agrees with counts.
pub fn declared_agrees(declared: Declared, carried: bool) -> bool {
    match declared {
        Declared::Passed => carried,
        Declared::Failed => !carried,
        Declared::Deferred => false,
    }
}

/// Whether a meeting's votes advise (15.3): its own `advisory`, else its kind.
pub fn meeting_advises(meeting: &Meeting, rules: &Rules) -> bool {
    meeting
        .advisory
        .unwrap_or_else(|| rules.advisory_kinds.contains(&meeting.kind))
}

/// The status of an action as of today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ActionStatus {
    /// Past due and not completed.
    Overdue,
    /// Started, not finished, not yet due.
    InProgress,
    /// Not started, not yet due.
    NotStarted,
    /// Completed after the due date.
    DoneLate,
    /// Completed on or before the due date.
    Done,
}

impl ActionStatus {
    /// The key used in open data and templates.
    pub fn key(self) -> &'static str {
        match self {
            ActionStatus::Done => "done",
            ActionStatus::DoneLate => "done_late",
            ActionStatus::Overdue => "overdue",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::NotStarted => "not_started",
        }
    }
    /// Done, on time or late.
    pub fn is_completed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::DoneLate)
    }
}

/// What an action's reports come to as of today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActionFacts {
    /// The last report's progress, 0 without reports.
    pub progress: u8,
    /// The date of the first report at 100.
    pub completed: Option<NaiveDate>,
    /// The date of the last report.
    pub last_update: Option<NaiveDate>,
    /// Status.
    pub status: ActionStatus,
    /// Not completed, reported at least once, and silent for more than `stale_days`.
    pub stale: bool,
    /// Yuan spent: the last report that gives it (13.7).
    pub spent: Option<Money>,
    /// spent / budget, not capped (overspending stays visible); none without both or with
    /// a budget of 0.
    pub spent_rate: Option<f64>,
    /// spent > budget.
    pub over_budget: bool,
}

/// What an action's money comes to: the last report's `spent`, its rate of the budget
/// (4 decimals, may exceed 1) and whether it is over budget.
pub fn money_facts(budget: Option<Money>, spent: Option<Money>) -> (Option<f64>, bool) {
    match (budget, spent) {
        // Amounts are never negative (validation refuses them); rate() gives none for 0.
        (Some(b), Some(s)) => (
            rate(
                u64::try_from(s.0).unwrap_or(0),
                u64::try_from(b.0).unwrap_or(0),
            ),
            s > b,
        ),
        _ => (None, false),
    }
}

/// The status of an action as of today.
pub fn action_facts(action: &Action, today: NaiveDate, stale_days: i64) -> ActionFacts {
    let progress = action.updates.last().map_or(0, |u| u.progress);
    let completed = action
        .updates
        .iter()
        .find(|u| u.progress >= 100)
        .map(|u| u.date);
    let last_update = action.updates.last().map(|u| u.date);
    let status = match completed {
        Some(date) if date <= action.due => ActionStatus::Done,
        Some(_) => ActionStatus::DoneLate,
        None if today > action.due => ActionStatus::Overdue,
        None if progress > 0 && progress < 100 => ActionStatus::InProgress,
        None => ActionStatus::NotStarted,
    };
    let stale = completed.is_none()
        && last_update.is_some_and(|last| (today - last).num_days() > stale_days);
    let spent = action.updates.iter().rev().find_map(|u| u.spent);
    let (spent_rate, over_budget) = money_facts(action.budget, spent);
    ActionFacts {
        spent,
        spent_rate,
        over_budget,
        progress,
        completed,
        last_update,
        status,
        stale,
    }
}

/// Where a meeting stands as of today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingState {
    /// Took place (neither upcoming nor cancelled).
    Held,
    /// Starts after today: shown as a notice.
    Upcoming,
    /// Did not take place.
    Cancelled,
}

/// Disclosure facts about a meeting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeetingFacts {
    /// Held, upcoming or cancelled.
    pub state: MeetingState,
    /// present / expected, for held meetings.
    pub attendance_rate: Option<f64>,
    /// The last day results may be posted on time (held meetings with resolutions).
    pub publish_deadline: Option<NaiveDate>,
    /// Results posted after the deadline, or not posted and the deadline is past; None when
    /// the source does not say whether they were posted (15.2).
    pub late: Option<bool>,
    /// Participants told fewer than `notice_days` before the start.
    pub short_notice: bool,
    /// Held (it is not upcoming and not cancelled) but its record lacks `expected` or
    /// `present` (记录待补, spec 13.1): time passed, the record is still to be written.
    pub record_pending: bool,
    /// The last day residents may object: published + objection_days (13.2).
    pub objection_deadline: Option<NaiveDate>,
    /// Where the posting stands, for a held meeting with `published`.
    pub posting: Option<posting::PostingState>,
    /// Objections recorded.
    pub objections: usize,
    /// … not yet answered.
    pub objections_unanswered: usize,
    /// … not answered and past their reply date.
    pub objections_overdue: usize,
}

/// An objection's timeliness (13.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ObjectionFacts {
    /// Received after the objection deadline (still shown and answered).
    pub late: bool,
    /// received + reply_days.
    pub reply_due: NaiveDate,
    /// Not answered and today is past reply_due.
    pub reply_overdue: bool,
    /// Answered after reply_due.
    pub replied_late: bool,
}

/// The facts of one objection to results posted with this deadline.
pub fn objection_facts(
    objection: &Objection,
    deadline: Option<NaiveDate>,
    reply_days: i64,
    today: NaiveDate,
) -> ObjectionFacts {
    let reply_due = add_days(objection.received, reply_days);
    ObjectionFacts {
        late: deadline.is_some_and(|d| objection.received > d),
        reply_due,
        reply_overdue: objection.replied.is_none() && today > reply_due,
        replied_late: objection.replied.is_some_and(|r| r > reply_due),
    }
}

/// Whether a meeting is held, upcoming or cancelled: upcoming when its start date is after today.
pub fn meeting_state(meeting: &Meeting, today: NaiveDate) -> MeetingState {
    if meeting.cancelled.is_some() {
        MeetingState::Cancelled
    } else if meeting.start.date() > today {
        MeetingState::Upcoming
    } else {
        MeetingState::Held
    }
}

/// Timeliness and attendance of a meeting as of today.
pub fn meeting_facts(meeting: &Meeting, rules: &Rules, today: NaiveDate) -> MeetingFacts {
    let state = meeting_state(meeting, today);
    let held = state == MeetingState::Held;
    let attendance_rate = match (held, meeting.present, meeting.expected) {
        (true, Some(present), Some(expected)) => rate(present, expected),
        _ => None,
    };
    // Pending unless each count is given or listed as unrecorded (15.2); a meeting of
    // owners' votes alone needs no counts (15.4).
    let record_pending = held
        && !meeting.owners_only()
        && !meeting
            .unrecorded
            .accounts_for_counts(meeting.expected.is_some(), meeting.present.is_some());
    // Results, or a pending record, are due within publish_within_days of the meeting.
    let publish_deadline = (held && (record_pending || !meeting.resolutions.is_empty()))
        .then(|| add_days(meeting.start.date(), rules.publish_within_days));
    let late = match (publish_deadline, meeting.published) {
        // The source does not say whether the results were posted: not computed (15.2).
        _ if meeting.unrecorded.published => None,
        (Some(deadline), _) if record_pending => Some(today > deadline),
        (Some(deadline), Some(published)) => Some(published > deadline),
        (Some(deadline), None) => Some(today > deadline),
        (None, _) => Some(false),
    };
    let short_notice = state != MeetingState::Cancelled
        && meeting
            .notified
            .is_some_and(|n| (meeting.start.date() - n).num_days() < rules.notice_days);
    // Nothing can be 公示期满无异议 before the results are known (15.6) or when the source
    // does not say whether anyone objected (15.2).
    let posted = if held && !record_pending {
        meeting.published
    } else {
        None
    };
    let objection_deadline = posted.map(|p| add_days(p, rules.objection_days));
    let received: Vec<NaiveDate> = meeting.objections.iter().map(|o| o.received).collect();
    let posting = posted
        .filter(|_| !meeting.unrecorded.objections)
        .map(|p| posting::posting_state(p, rules.objection_days, &received, today));
    let objection_facts: Vec<ObjectionFacts> = meeting
        .objections
        .iter()
        .map(|o| objection_facts(o, objection_deadline, rules.reply_days, today))
        .collect();
    MeetingFacts {
        state,
        attendance_rate,
        publish_deadline,
        late,
        short_notice,
        record_pending,
        objection_deadline,
        posting,
        objections: meeting.objections.len(),
        objections_unanswered: meeting
            .objections
            .iter()
            .filter(|o| o.replied.is_none())
            .count(),
        objections_overdue: objection_facts.iter().filter(|o| o.reply_overdue).count(),
    }
}

/// A date plus a number of calendar days, saturating at the calendar's ends.
pub fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(chrono::Duration::days(days))
        .unwrap_or(date)
}

/// A topic's place in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TopicStatus {
    /// 已收集: on no meeting, not taken up.
    Collected,
    /// 已确定: taken up (`accepted`), on no meeting yet (13.9).
    Accepted,
    /// 待协商: only on upcoming meetings.
    Scheduled,
    /// 协商中: discussed, no passed resolution.
    Deliberating,
    /// 已提请居民会议决定: no passed resolution, a 提请决定 awaiting (13.3).
    Referred,
    /// 已决议: passed, no actions.
    Decided,
    /// 待批复: passed, no actions, a 报批 awaiting the 街道's approval (13.3).
    AwaitingApproval,
    /// 落实中: passed, work under way.
    Implementing,
    /// 已落实: passed, all actions done.
    Completed,
    /// 已评议: rated in an evaluation, all actions done.
    Evaluated,
    /// 不予协商.
    Declined,
}

impl TopicStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [TopicStatus; 11] = [
        TopicStatus::Collected,
        TopicStatus::Accepted,
        TopicStatus::Scheduled,
        TopicStatus::Deliberating,
        TopicStatus::Referred,
        TopicStatus::Decided,
        TopicStatus::AwaitingApproval,
        TopicStatus::Implementing,
        TopicStatus::Completed,
        TopicStatus::Evaluated,
        TopicStatus::Declined,
    ];
    /// The key used in open data, URLs and templates.
    pub fn key(self) -> &'static str {
        match self {
            TopicStatus::Declined => "declined",
            TopicStatus::Evaluated => "evaluated",
            TopicStatus::Completed => "completed",
            TopicStatus::Implementing => "implementing",
            TopicStatus::Decided => "decided",
            TopicStatus::AwaitingApproval => "awaiting_approval",
            TopicStatus::Referred => "referred",
            TopicStatus::Accepted => "accepted",
            TopicStatus::Deliberating => "deliberating",
            TopicStatus::Scheduled => "scheduled",
            TopicStatus::Collected => "collected",
        }
    }
    /// Still open: residents are waiting for something to happen.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            TopicStatus::Declined | TopicStatus::Completed | TopicStatus::Evaluated
        )
    }
}

/// What a topic's record says about it, gathered from the meetings and evaluations.
#[derive(Debug, Clone, Copy, Default)]
pub struct TopicEvidence {
    /// `declined` is set.
    pub declined: bool,
    /// Rated in some evaluation.
    pub rated: bool,
    /// Some resolution on it decides it ([`ResolutionFacts::decides`]).
    pub has_passed_resolution: bool,
    /// A 报批 report awaits its answer.
    pub awaiting_approval: bool,
    /// A 提请决定 report awaits the residents' meeting's decision.
    pub awaiting_referral: bool,
    /// `accepted` is set (确定议题).
    pub accepted: bool,
    /// Listed on a held meeting.
    pub on_held_meeting: bool,
    /// Listed on an upcoming meeting.
    pub on_upcoming_meeting: bool,
}

/// The status of a topic: the first rule of the revised order that applies (spec 13.3).
pub fn topic_status(evidence: TopicEvidence, actions: &[ActionStatus]) -> TopicStatus {
    let all_done = actions.iter().all(|s| s.is_completed());
    let passed = evidence.has_passed_resolution;
    if evidence.declined {
        TopicStatus::Declined
    } else if evidence.rated && all_done {
        TopicStatus::Evaluated
    } else if passed && !actions.is_empty() && all_done {
        TopicStatus::Completed
    } else if passed && !actions.is_empty() {
        TopicStatus::Implementing
    } else if passed && evidence.awaiting_approval {
        TopicStatus::AwaitingApproval
    } else if passed {
        TopicStatus::Decided
    } else if evidence.awaiting_referral {
        TopicStatus::Referred
    } else if evidence.on_held_meeting {
        TopicStatus::Deliberating
    } else if evidence.on_upcoming_meeting {
        TopicStatus::Scheduled
    } else if evidence.accepted {
        TopicStatus::Accepted
    } else {
        TopicStatus::Collected
    }
}

/// A report's wait for its answer (13.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportFacts {
    /// An answer is expected (every kind but 备案) and none has come.
    pub awaiting: bool,
    /// today − sent while awaiting.
    pub days_waiting: Option<i64>,
    /// Awaiting for more than `report_reply_days`.
    pub reply_overdue: bool,
}

/// The facts of one report as of today.
pub fn report_facts(report: &Report, report_reply_days: i64, today: NaiveDate) -> ReportFacts {
    let awaiting = report.kind != ReportKind::Filing && report.replied.is_none();
    let days_waiting = awaiting.then(|| today.signed_duration_since(report.sent).num_days());
    ReportFacts {
        awaiting,
        days_waiting,
        reply_overdue: days_waiting.is_some_and(|d| d > report_reply_days),
    }
}

/// The mean of the actions' progress, rounded down; 0 without actions.
pub fn topic_progress(progress: &[u8]) -> u8 {
    if progress.is_empty() {
        return 0;
    }
    let sum: u64 = progress.iter().map(|&p| u64::from(p)).sum();
    // The mean of values in 0..=100 is in 0..=100.
    u8::try_from(sum / progress.len() as u64).unwrap_or(100)
}

/// A topic's computed facts.
#[derive(Debug, Clone)]
pub struct TopicFacts {
    /// Reports to the supervision committee that name it (14.1).
    pub supervision_reports: usize,
    /// The latest such report's date.
    pub last_supervised: Option<NaiveDate>,
    /// The day the topic counts from: `raised`, or — when the source does not give it —
    /// its earliest listing meeting's date (15.2).
    pub dated: NaiveDate,
    /// Status.
    pub status: TopicStatus,
    /// Any action overdue.
    pub overdue: bool,
    /// Mean progress.
    pub progress: u8,
    /// Indexes into `Model::meetings` of the meetings that list or decide it, by start.
    pub meetings: Vec<usize>,
    /// (meeting index, resolution index) of the resolutions on it.
    pub resolutions: Vec<(usize, usize)>,
    /// Start date of the first held meeting where a resolution on it passed.
    pub first_passed: Option<NaiveDate>,
    /// Facts of each action, in the topic's order.
    pub actions: Vec<ActionFacts>,
    /// Its ratings (14.3), by the evaluation's date then id: (evaluation index, the yearly
    /// entry's index, or None for a project evaluation that lists it).
    pub ratings: Vec<(usize, Option<usize>)>,
    /// Per rating: it counts (dated on or after the work's last completion).
    pub rating_counts: Vec<bool>,
    /// The latest completion among its actions.
    pub last_completion: Option<NaiveDate>,
    /// The last rating's satisfaction rate, counting or not.
    pub satisfaction_rate: Option<f64>,
    /// Completed more than `evaluate_within_days` ago (on or after `evaluate_since`) and not
    /// yet rated since (14.3).
    pub evaluation_due: bool,
    /// Facts of each report, in the topic's order (13.3).
    pub reports: Vec<ReportFacts>,
    /// Some report awaits its answer.
    pub awaiting_reply: bool,
    /// Collected and its proposer unanswered for more than `answer_days` (13.9).
    pub unanswered: bool,
    /// Days since it was raised, while it is collected.
    pub days_waiting: Option<i64>,
}

/// The figures of one calendar year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearSummary {
    /// The year.
    pub year: i32,
    /// Held meetings by kind (every vocabulary kind present, zeros included).
    pub meetings_by_kind: BTreeMap<String, u64>,
    /// Topics raised by category.
    pub topics_by_category: BTreeMap<String, u64>,
    /// Topics raised by channel (topics with no channel are not counted).
    pub topics_by_channel: BTreeMap<String, u64>,
    /// Resolutions of the year's held meetings that passed.
    pub resolutions_passed: u64,
    /// … that failed.
    pub resolutions_failed: u64,
    /// … that were invalid for want of a quorum.
    pub resolutions_invalid: u64,
    /// … voted at meetings that advise (13.4), counted apart.
    pub resolutions_advisory: u64,
    /// … revoked by a higher body (13.5).
    pub resolutions_revoked: u64,
    /// … declared put off (暂缓, 15.1).
    pub resolutions_deferred: u64,
    /// Reports to the supervision committee whose period starts in the year (14.5).
    pub supervision_reports: u64,
    /// Visits dated in the year (14.5).
    pub visits: u64,
    /// Months of the year, over all grids, owed a visit and not visited.
    pub grid_months_without_visit: u64,
    /// Project evaluations dated in the year (14.5).
    pub project_evaluations: u64,
    /// Third-party evaluations: projects by date, yearly files by their year.
    pub third_party_evaluations: u64,
    /// Topics of the year (by their counting date) whose evaluation is due as of today.
    pub topics_evaluation_due: u64,
    /// The year's missing periods (by start); None without `[supervision]`.
    pub supervision_missing: Option<Vec<String>>,
    /// Objections received in the year.
    pub objections_received: u64,
    /// … answered within reply_days.
    pub objections_replied_on_time: u64,
    /// … unanswered past their reply date.
    pub objections_reply_overdue: u64,
    /// Meetings of the year whose posting closed with no objection (公示期满无异议).
    pub postings_closed_clear: u64,
    /// Reports sent in the year.
    pub reports_sent: u64,
    /// … still awaiting their answer.
    pub reports_awaiting: u64,
    /// Σ budget of the actions due in the year.
    pub budget_total: Money,
    /// Σ spent of the actions due in the year.
    pub spent_total: Money,
    /// Σ budget of the proposals (topics) of the year, by their counting date (15.5); never
    /// added to `budget_total`.
    pub topic_budget_total: Money,
    /// Months, up to today's, without a held meeting of a regular kind (only with
    /// `regular_every = "month"`).
    pub months_without_regular_meeting: Option<Vec<u32>>,
    /// Topics raised in the year that are unanswered as of today (13.9).
    pub topics_unanswered: u64,
    /// Σ present / Σ expected over held meetings.
    pub attendance_rate: Option<f64>,
    /// Actions due in the year.
    pub actions_due: u64,
    /// … done on time.
    pub actions_done: u64,
    /// … done late.
    pub actions_done_late: u64,
    /// … overdue.
    pub actions_overdue: u64,
    /// … not completed and not yet due.
    pub actions_open: u64,
    /// done on time / due.
    pub on_time_rate: Option<f64>,
    /// Median days from raised to the first meeting with a passed resolution.
    pub median_days_to_resolution: Option<f64>,
    /// Held meetings with resolutions whose results were published late.
    pub late_publications: u64,
    /// Quarters, up to today's, without a held meeting of a regular kind.
    pub quarters_without_regular_meeting: Vec<u32>,
    /// The evaluation's overall satisfaction.
    pub satisfaction_overall: Option<f64>,
    /// The evaluation's satisfaction per topic id.
    pub satisfaction_by_topic: BTreeMap<String, Option<f64>>,
}

/// A council member's attendance at regular meetings (13.8).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MemberFacts {
    /// Held meetings of `regular_kinds`, with a record, inside the member's term.
    pub regular_meetings: u64,
    /// Of those, the ones the member was not listed absent from.
    pub attended: u64,
    /// attended / regular_meetings.
    pub attendance_rate: Option<f64>,
    /// The longest run of consecutive absences, in date order.
    pub longest_absence_run: u64,
    /// The run of absences up to the latest such meeting.
    pub current_absence_run: u64,
    /// A current member whose current run reached `absence_limit` (屡次未参加会议).
    pub flagged: bool,
}

/// Whether an `absent` entry names this member: the name alone, or followed by a reason in
/// brackets (`赵德明（外出）`, `赵德明(外出)`).
pub fn names_member(entry: &str, name: &str) -> bool {
    let Some(rest) = entry.trim().strip_prefix(name) else {
        return false;
    };
    let rest = rest.trim();
    rest.is_empty()
        || (rest.starts_with('（') && rest.ends_with('）'))
        || (rest.starts_with('(') && rest.ends_with(')'))
}

/// A member's attendance over `regular` — the held regular meetings with a record, by
/// start — of which those inside the member's term count.
pub fn member_facts(
    member: &Member,
    regular: &[&Meeting],
    absence_limit: u64,
    today: NaiveDate,
) -> MemberFacts {
    let in_term = |m: &&&Meeting| {
        let day = m.start.date();
        member.since.is_none_or(|s| day >= s) && member.until.is_none_or(|u| day <= u)
    };
    let (mut held, mut attended, mut run, mut longest) = (0u64, 0u64, 0u64, 0u64);
    for meeting in regular.iter().filter(in_term) {
        held += 1;
        if meeting.absent.iter().any(|a| names_member(a, &member.name)) {
            run += 1;
            longest = longest.max(run);
        } else {
            attended += 1;
            run = 0;
        }
    }
    let current = member.until.is_none_or(|u| u >= today);
    MemberFacts {
        regular_meetings: held,
        attended,
        attendance_rate: rate(attended, held),
        longest_absence_run: longest,
        current_absence_run: run,
        flagged: current && run >= absence_limit,
    }
}

/// Everything computed from a model as of today.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The reference date.
    pub today: NaiveDate,
    /// Per meeting (same order as the model).
    pub meetings: Vec<MeetingFacts>,
    /// Per meeting, per resolution; None for a meeting that was not held.
    pub resolutions: Vec<Vec<Option<ResolutionFacts>>>,
    /// Per topic (same order as the model).
    pub topics: Vec<Arc<TopicFacts>>,
    /// One summary per year that has any record, ascending.
    pub years: Vec<YearSummary>,
    /// Per council member (council.toml's order).
    pub members: Vec<MemberFacts>,
    /// Per meeting, per objection (13.2).
    pub objections: Vec<Vec<ObjectionFacts>>,
    /// Reports to the supervision committee and the periods missing (14.1).
    pub supervision: supervision::SupervisionFacts,
    /// Per grid, in site.toml's order (14.2).
    pub grids: Vec<grids::GridFacts>,
    /// Visits made by each council member (council.toml's order) and each of the staff.
    pub member_visits: Vec<usize>,
    /// … by each of the staff.
    pub staff_visits: Vec<usize>,
}

/// The months' names in English, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A rate rounded to 4 decimals; None when there is no denominator.
pub fn rate(numerator: u64, denominator: u64) -> Option<f64> {
    if denominator == 0 {
        return None;
    }
    let value = numerator as f64 / denominator as f64;
    Some((value * 10_000.0).round() / 10_000.0)
}

/// The satisfaction rate: (satisfied + basic) / all answers.
pub fn satisfaction(r: Ratings) -> Option<f64> {
    rate(r.satisfied + r.basic, r.satisfied + r.basic + r.unsatisfied)
}

/// The median of a list of day counts (the mean of the two middle values for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

/// Computes every fact of section 7.
pub fn compute(model: &Model, today: NaiveDate) -> Facts {
    compute_after(model, today, None)
}

/// [`compute`], taking from `earlier` — facts computed before for a model that shares
/// records with this one (`serve`, after a save) — what cannot have changed, when they were
/// computed as of the same day: all of them when no record changed in anything facts read
/// (a save of a record's text: `kept::same_facts`); else, when the rules are the same, the
/// facts of each meeting that is the same record (the same `Arc`) — a meeting's own facts, its
/// resolutions' and its objections' depend only on the meeting, the rules and today — and of
/// each topic the save did not touch (`kept::touched_topics`). The council's attendance and
/// the year figures, which gather every record, are computed again.
pub fn compute_after(model: &Model, today: NaiveDate, earlier: Option<(&Model, &Facts)>) -> Facts {
    let rules = &model.site.rules;
    let earlier = earlier.filter(|(_, f)| f.today == today);
    if let Some((before, facts)) = earlier
        && kept::same_facts(before, model)
    {
        return facts.clone();
    }
    // The earlier model and facts, and where each meeting is among the earlier ones.
    let earlier = earlier
        .filter(|(m, _)| m.site.rules == *rules)
        .map(|(m, f)| (m, f, kept::same_meetings(&m.meetings, &model.meetings)));
    // Per meeting the facts are independent: computed in parallel, in order.
    let per_meeting: Vec<MeetingLevel> = model
        .meetings
        .par_iter()
        .enumerate()
        .map(|(mi, meeting)| {
            match earlier
                .as_ref()
                .and_then(|(_, f, same)| Some((f, same[mi]?)))
            {
                Some((f, j)) => (
                    f.meetings[j],
                    f.resolutions[j].clone(),
                    f.objections[j].clone(),
                ),
                None => meeting_level_facts(meeting, rules, today),
            }
        })
        .collect();
    let mut meetings = Vec::with_capacity(per_meeting.len());
    let mut resolutions = Vec::with_capacity(per_meeting.len());
    let mut objections = Vec::with_capacity(per_meeting.len());
    for (m, r, o) in per_meeting {
        meetings.push(m);
        resolutions.push(r);
        objections.push(o);
    }

    // The topics a save touched, when the others' facts can be kept.
    let kept_topics = earlier.as_ref().and_then(|(before, f, same)| {
        kept::touched_topics(before, model, same).map(|touched| (&f.topics[..], touched))
    });
    // The topics' facts, the council's attendance and the meetings' part of the years'
    // figures need only the meetings' facts: made side by side (each several milliseconds
    // of one thread at 10,000 topics, which `serve` pays on every save).
    let (topics, (members, years)) = rayon::join(
        || topic_facts(model, &meetings, &resolutions, today, kept_topics.as_ref()),
        || {
            rayon::join(
                || attendance(model, &meetings, today),
                || meeting_years(model, &meetings, &resolutions, &objections),
            )
        },
    );

    let supervision =
        supervision::supervision_facts(model.site.supervision.as_ref(), &model.supervision, today);
    let no_members = Vec::new();
    let members_list = model.council.as_ref().unwrap_or(&no_members);
    let grid_facts = grids::grid_facts(
        &model.site.grids,
        members_list,
        &model.staff,
        &model.topics,
        &model.visits,
        today,
    );
    let visits_by = |name: &str| model.visits.iter().filter(|v| v.by == name).count();
    let mut facts = Facts {
        grids: grid_facts,
        member_visits: members_list.iter().map(|m| visits_by(&m.name)).collect(),
        staff_visits: model.staff.iter().map(|s| visits_by(&s.name)).collect(),
        supervision,
        today,
        objections,
        meetings,
        resolutions,
        topics,
        years: Vec::new(),
        members,
    };
    facts.years = year_summaries(model, &facts, years);
    facts
}

/// A meeting's own facts, its resolutions' (none for a meeting not held or whose record is
/// not written yet) and its objections': what depends on the meeting, the rules and today
/// alone.
type MeetingLevel = (
    MeetingFacts,
    Vec<Option<ResolutionFacts>>,
    Vec<ObjectionFacts>,
);

/// The [`MeetingLevel`] facts of one meeting.
fn meeting_level_facts(meeting: &Meeting, rules: &Rules, today: NaiveDate) -> MeetingLevel {
    let facts = meeting_facts(meeting, rules, today);
    let held = facts.state == MeetingState::Held;
    let advisory = meeting_advises(meeting, rules);
    let resolutions = meeting
        .resolutions
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            if !held || facts.record_pending {
                return None;
            }
            let vote = vote_facts(r, meeting.expected, meeting.present, rules)?;
            let revoked = r.revoked.as_ref().is_some_and(|v| v.date <= today);
            let reopened = meeting
                .objections
                .iter()
                .any(|o| o.resolution == Some(ri) && o.outcome == Some(ObjectionOutcome::Reopened));
            Some(settle(vote, advisory, revoked, reopened))
        })
        .collect();
    let objections = meeting
        .objections
        .iter()
        .map(|o| objection_facts(o, facts.objection_deadline, rules.reply_days, today))
        .collect();
    (facts, resolutions, objections)
}

/// Each topic's facts (same order as the model), from the meetings' and resolutions' facts.
/// With `kept` (earlier facts of the same topics, and the topics a save touched: see
/// [`kept::touched_topics`]), only the touched topics' facts are computed; the others' are
/// the earlier ones.
fn topic_facts(
    model: &Model,
    meetings: &[MeetingFacts],
    resolutions: &[Vec<Option<ResolutionFacts>>],
    today: NaiveDate,
    kept: Option<&(&[Arc<TopicFacts>], FxHashSet<usize>)>,
) -> Vec<Arc<TopicFacts>> {
    let rules = &model.site.rules;
    let wanted = |ti: usize| kept.is_none_or(|(_, touched)| touched.contains(&ti));
    // Which meetings and resolutions touch each wanted topic: one pass over the meetings.
    let topic_index: FxHashMap<&str, usize> = model
        .topics
        .iter()
        .enumerate()
        .filter(|&(i, _)| wanted(i))
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let topic_index = |id: &str| topic_index.get(id).copied();
    // (start, meeting) pairs, sorted and deduplicated per topic below.
    let mut topic_meetings: Vec<Vec<(chrono::NaiveDateTime, usize)>> =
        vec![Vec::new(); model.topics.len()];
    let mut topic_resolutions: Vec<Vec<(usize, usize)>> = vec![Vec::new(); model.topics.len()];
    for (mi, meeting) in model.meetings.iter().enumerate() {
        for id in &meeting.topics {
            if let Some(ti) = topic_index(id) {
                topic_meetings[ti].push((meeting.start, mi));
            }
        }
        for ri in 0..meeting.resolutions.len() {
            if let Some(ti) = meeting.resolution_topic(ri).and_then(topic_index) {
                topic_meetings[ti].push((meeting.start, mi));
                topic_resolutions[ti].push((mi, ri));
            }
        }
    }
    topic_meetings.par_iter_mut().for_each(|touching| {
        touching.sort_unstable();
        touching.dedup();
    });
    // Each topic's ratings (14.3): the yearly entries that name it and the project
    // evaluations that list it, by the evaluation's date, then id.
    let mut topic_ratings: Vec<Vec<(usize, Option<usize>)>> = vec![Vec::new(); model.topics.len()];
    for (ei, evaluation) in model.evaluations.iter().enumerate() {
        for (ri, rating) in evaluation.topics.iter().enumerate() {
            if let Some(ti) = topic_index(&rating.topic) {
                topic_ratings[ti].push((ei, Some(ri)));
            }
        }
        for id in &evaluation.subjects {
            if let Some(ti) = topic_index(id) {
                topic_ratings[ti].push((ei, None));
            }
        }
    }
    // The days of the supervision reports that name each topic (14.1; a report names a
    // topic once, which validation holds), gathered in one pass over the reports.
    let mut topic_supervised: Vec<Vec<NaiveDate>> = vec![Vec::new(); model.topics.len()];
    for report in &model.supervision {
        for id in &report.topics {
            if let Some(ti) = topic_index(id) {
                topic_supervised[ti].push(report.date);
            }
        }
    }
    for list in &mut topic_ratings {
        list.sort_by(|a, b| {
            let (ea, eb) = (&model.evaluations[a.0], &model.evaluations[b.0]);
            (ea.date, &ea.id).cmp(&(eb.date, &eb.id))
        });
    }

    model
        .topics
        .par_iter()
        .enumerate()
        .map(|(ti, topic)| {
            if let Some((earlier, _)) = kept.filter(|_| !wanted(ti)) {
                return earlier[ti].clone();
            }
            let actions: Vec<ActionFacts> = topic
                .actions
                .iter()
                .map(|a| action_facts(a, today, rules.stale_days))
                .collect();
            let meeting_list: Vec<usize> = topic_meetings[ti].iter().map(|&(_, mi)| mi).collect();
            let first_passed = topic_resolutions[ti]
                .iter()
                .filter(|&&(mi, ri)| resolutions[mi][ri].is_some_and(|f| f.decides()))
                .map(|&(mi, _)| model.meetings[mi].start.date())
                .min();
            let reports: Vec<ReportFacts> = topic
                .reports
                .iter()
                .map(|r| report_facts(r, rules.report_reply_days, today))
                .collect();
            let awaiting = |kind: ReportKind| {
                topic
                    .reports
                    .iter()
                    .zip(&reports)
                    .any(|(r, f)| r.kind == kind && f.awaiting)
            };
            // A rating counts when it is dated on or after the work's last completion (a
            // topic without actions: every rating counts; with work not all done, none).
            let last_completion = actions.iter().filter_map(|a| a.completed).max();
            let all_completed = actions.iter().all(|a| a.completed.is_some());
            let counts: Vec<bool> = topic_ratings[ti]
                .iter()
                .map(|&(ei, _)| {
                    actions.is_empty()
                        || (all_completed
                            && last_completion.is_some_and(|c| model.evaluations[ei].date >= c))
                })
                .collect();
            let evidence = TopicEvidence {
                awaiting_approval: awaiting(ReportKind::Approval),
                awaiting_referral: awaiting(ReportKind::Referral),
                accepted: topic.accepted.is_some(),
                declined: topic.declined.is_some(),
                rated: counts.contains(&true),
                has_passed_resolution: first_passed.is_some(),
                on_held_meeting: meeting_list
                    .iter()
                    .any(|&mi| meetings[mi].state == MeetingState::Held),
                on_upcoming_meeting: meeting_list
                    .iter()
                    .any(|&mi| meetings[mi].state == MeetingState::Upcoming),
            };
            let statuses: Vec<ActionStatus> = actions.iter().map(|a| a.status).collect();
            let progress: Vec<u8> = actions.iter().map(|a| a.progress).collect();
            let status = topic_status(evidence, &statuses);
            // A topic without a raised date is left out of the answer deadline (15.2).
            let days_waiting = match (status, topic.raised) {
                (TopicStatus::Collected, Some(raised)) => {
                    Some(today.signed_duration_since(raised).num_days())
                }
                _ => None,
            };
            let dated = topic.raised.unwrap_or_else(|| {
                topic_meetings[ti]
                    .first()
                    .map_or(today, |&(start, _)| start.date())
            });
            let supervised = &topic_supervised[ti];
            let satisfaction_rate = topic_ratings[ti].last().and_then(|&(ei, ri)| {
                let e = &model.evaluations[ei];
                match ri {
                    Some(ri) => satisfaction(e.topics[ri].ratings),
                    None => e.overall.and_then(satisfaction),
                }
            });
            let evaluation_due = status == TopicStatus::Completed
                && last_completion.is_some_and(|c| {
                    rules.evaluate_since.is_none_or(|since| c >= since)
                        && (today - c).num_days() > rules.evaluate_within_days
                });
            Arc::new(TopicFacts {
                rating_counts: counts,
                last_completion,
                satisfaction_rate,
                evaluation_due,
                supervision_reports: supervised.len(),
                last_supervised: supervised.iter().max().copied(),
                dated,
                unanswered: days_waiting.is_some_and(|d| d > rules.answer_days),
                days_waiting,
                awaiting_reply: reports.iter().any(|r| r.awaiting),
                reports,
                status,
                overdue: statuses.contains(&ActionStatus::Overdue),
                progress: topic_progress(&progress),
                meetings: meeting_list,
                resolutions: topic_resolutions[ti].clone(),
                first_passed,
                actions,
                ratings: topic_ratings[ti].clone(),
            })
        })
        .collect()
}

/// Each council member's attendance at the regular meetings (council.toml's order).
fn attendance(model: &Model, meetings: &[MeetingFacts], today: NaiveDate) -> Vec<MemberFacts> {
    let rules = &model.site.rules;
    // Council members' attendance: the held regular meetings with a record, by start.
    let mut regular: Vec<&Meeting> = model
        .meetings
        .iter()
        .zip(meetings)
        .filter(|(m, f)| {
            f.state == MeetingState::Held
                && !f.record_pending
                && !m.unrecorded.expected
                && !m.unrecorded.present
                && rules.regular_kinds.contains(&m.kind)
        })
        .map(|(m, _)| &**m)
        .collect();
    // By start, then id: the model's meetings are in id order, so a stable sort by start
    // alone keeps meetings that start together in id order without comparing ids.
    regular.sort_by_key(|m| m.start);
    model
        .council
        .iter()
        .flatten()
        .map(|member| member_facts(member, &regular, rules.absence_limit, today))
        .collect()
}

/// The quarter (1–4) of a date.
pub fn quarter(date: NaiveDate) -> u32 {
    date.month0() / 3 + 1
}

/// Adds one to a key's count, copying the key only the first time it is seen.
fn count(counts: &mut BTreeMap<String, u64>, key: &str) {
    match counts.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            counts.insert(key.to_string(), 1);
        }
    }
}

fn zeroed(keys: &[String]) -> BTreeMap<String, u64> {
    keys.iter().map(|k| (k.clone(), 0)).collect()
}

/// A year's figures while they are being counted, with what its rates are made from.
struct YearCount {
    summary: YearSummary,
    present: u64,
    expected: u64,
    regular_quarters: BTreeSet<u32>,
    regular_months: BTreeSet<u32>,
    days_to_resolution: Vec<i64>,
}

/// The year's figures being counted, started at zero the first time the year is seen (one
/// lookup per record: with tens of thousands of records this loop is a tenth of compute).
fn year_count<'a>(
    years: &'a mut BTreeMap<i32, YearCount>,
    year: i32,
    rules: &Rules,
) -> &'a mut YearCount {
    years.entry(year).or_insert_with(|| YearCount {
        summary: YearSummary {
            year,
            meetings_by_kind: zeroed(&rules.meeting_kinds),
            topics_by_category: zeroed(&rules.categories),
            topics_by_channel: zeroed(&rules.channels),
            resolutions_passed: 0,
            resolutions_failed: 0,
            resolutions_invalid: 0,
            resolutions_advisory: 0,
            resolutions_revoked: 0,
            resolutions_deferred: 0,
            supervision_reports: 0,
            visits: 0,
            grid_months_without_visit: 0,
            project_evaluations: 0,
            third_party_evaluations: 0,
            topics_evaluation_due: 0,
            supervision_missing: None,
            topic_budget_total: Money(0),
            objections_received: 0,
            objections_replied_on_time: 0,
            objections_reply_overdue: 0,
            postings_closed_clear: 0,
            reports_sent: 0,
            reports_awaiting: 0,
            budget_total: Money(0),
            spent_total: Money(0),
            months_without_regular_meeting: None,
            topics_unanswered: 0,
            attendance_rate: None,
            actions_due: 0,
            actions_done: 0,
            actions_done_late: 0,
            actions_overdue: 0,
            actions_open: 0,
            on_time_rate: None,
            median_days_to_resolution: None,
            late_publications: 0,
            quarters_without_regular_meeting: Vec::new(),
            satisfaction_overall: None,
            satisfaction_by_topic: BTreeMap::new(),
        },
        present: 0,
        expected: 0,
        regular_quarters: BTreeSet::new(),
        regular_months: BTreeSet::new(),
        days_to_resolution: Vec::new(),
    })
}

/// The years' figures that come from the meetings alone (and their resolutions and
/// objections): counted beside the topics' facts, which they do not need.
fn meeting_years(
    model: &Model,
    meetings: &[MeetingFacts],
    resolutions: &[Vec<Option<ResolutionFacts>>],
    objections: &[Vec<ObjectionFacts>],
) -> BTreeMap<i32, YearCount> {
    let rules = &model.site.rules;
    let mut years: BTreeMap<i32, YearCount> = BTreeMap::new();
    for (mi, meeting) in model.meetings.iter().enumerate() {
        let meeting_facts = meetings[mi];
        // An objection counts in the year it was received.
        for (o, f) in meeting.objections.iter().zip(&objections[mi]) {
            let y = &mut year_count(&mut years, o.received.year(), rules).summary;
            y.objections_received += 1;
            if o.replied.is_some() && !f.replied_late {
                y.objections_replied_on_time += 1;
            }
            if f.reply_overdue {
                y.objections_reply_overdue += 1;
            }
        }
        let c = year_count(&mut years, meeting.start.year(), rules);
        if meeting_facts.state != MeetingState::Held {
            continue;
        }
        if meeting_facts.posting == Some(posting::PostingState::ClosedClear) {
            c.summary.postings_closed_clear += 1;
        }
        let y = &mut c.summary;
        count(&mut y.meetings_by_kind, &meeting.kind);
        for r in resolutions[mi].iter().flatten() {
            match r.outcome {
                Outcome::Passed => y.resolutions_passed += 1,
                Outcome::Failed => y.resolutions_failed += 1,
                Outcome::Invalid => y.resolutions_invalid += 1,
                Outcome::Advisory => y.resolutions_advisory += 1,
                Outcome::Revoked => y.resolutions_revoked += 1,
                Outcome::Deferred => y.resolutions_deferred += 1,
            }
        }
        // Late results; a pending record's lateness is its own fact (spec 13.1).
        if meeting_facts.late == Some(true) && !meeting_facts.record_pending {
            y.late_publications += 1;
        }
        // A meeting of owners' votes alone is left out of the attendance rate (15.4).
        if let (Some(p), Some(e), false) =
            (meeting.present, meeting.expected, meeting.owners_only())
        {
            c.present = c.present.saturating_add(p);
            c.expected = c.expected.saturating_add(e);
        }
        if rules.regular_kinds.contains(&meeting.kind) {
            c.regular_quarters.insert(quarter(meeting.start.date()));
            c.regular_months.insert(meeting.start.month());
        }
    }
    years
}

/// The figures of every year that has a meeting, a topic, an action due or an evaluation;
/// `years`: those of the meetings ([`meeting_years`]).
fn year_summaries(
    model: &Model,
    facts: &Facts,
    mut years: BTreeMap<i32, YearCount>,
) -> Vec<YearSummary> {
    let rules = &model.site.rules;

    let today = facts.today;
    // Reports to the committee by their period's start, supplements included; the missing
    // periods likewise (14.5).
    for r in &model.supervision {
        year_count(&mut years, r.period.start.year(), rules)
            .summary
            .supervision_reports += 1;
    }
    for v in &model.visits {
        year_count(&mut years, v.date.year(), rules).summary.visits += 1;
    }
    for g in &facts.grids {
        for &(y, _) in &g.months_without_visit {
            year_count(&mut years, y, rules)
                .summary
                .grid_months_without_visit += 1;
        }
    }
    for p in facts.supervision.missing.iter().flatten() {
        year_count(&mut years, p.start.year(), rules)
            .summary
            .supervision_missing
            .get_or_insert_with(Vec::new)
            .push(p.label.clone());
    }
    for (ti, topic) in model.topics.iter().enumerate() {
        let c = year_count(&mut years, facts.topics[ti].dated.year(), rules);
        count(&mut c.summary.topics_by_category, &topic.category);
        if let Some(channel) = &topic.channel {
            count(&mut c.summary.topics_by_channel, channel);
        }
        // A topic without a raised date is left out of the median (15.2).
        if let (Some(first), Some(raised)) = (facts.topics[ti].first_passed, topic.raised) {
            c.days_to_resolution.push((first - raised).num_days());
        }
        if let Some(budget) = topic.budget {
            c.summary.topic_budget_total = Money(c.summary.topic_budget_total.0 + budget.0);
        }
        if facts.topics[ti].unanswered {
            c.summary.topics_unanswered += 1;
        }
        for (report, report_facts) in topic.reports.iter().zip(&facts.topics[ti].reports) {
            let y = &mut year_count(&mut years, report.sent.year(), rules).summary;
            y.reports_sent += 1;
            if report_facts.awaiting {
                y.reports_awaiting += 1;
            }
        }
        for (action, action_facts) in topic.actions.iter().zip(&facts.topics[ti].actions) {
            let y = &mut year_count(&mut years, action.due.year(), rules).summary;
            y.actions_due += 1;
            y.budget_total.0 = y
                .budget_total
                .0
                .saturating_add(action.budget.map_or(0, |m| m.0));
            y.spent_total.0 = y
                .spent_total
                .0
                .saturating_add(action_facts.spent.map_or(0, |m| m.0));
            match action_facts.status {
                ActionStatus::Done => y.actions_done += 1,
                ActionStatus::DoneLate => y.actions_done_late += 1,
                ActionStatus::Overdue => y.actions_overdue += 1,
                ActionStatus::InProgress | ActionStatus::NotStarted => y.actions_open += 1,
            }
        }
    }

    for evaluation in &model.evaluations {
        match evaluation.year {
            Some(year) => {
                let y = &mut year_count(&mut years, year, rules).summary;
                y.satisfaction_overall = evaluation.overall.and_then(satisfaction);
                for rating in &evaluation.topics {
                    y.satisfaction_by_topic
                        .insert(rating.topic.clone(), satisfaction(rating.ratings));
                }
                if evaluation.third_party {
                    y.third_party_evaluations += 1;
                }
            }
            None => {
                let y = &mut year_count(&mut years, evaluation.date.year(), rules).summary;
                y.project_evaluations += 1;
                if evaluation.third_party {
                    y.third_party_evaluations += 1;
                }
            }
        }
    }
    for f in &facts.topics {
        if f.evaluation_due {
            year_count(&mut years, f.dated.year(), rules)
                .summary
                .topics_evaluation_due += 1;
        }
    }

    years
        .into_iter()
        .map(|(year, mut c)| {
            let y = &mut c.summary;
            y.attendance_rate = rate(c.present, c.expected);
            if model.site.supervision.is_some() && y.supervision_missing.is_none() {
                y.supervision_missing = Some(Vec::new());
            }
            y.on_time_rate = rate(y.actions_done, y.actions_due);
            y.median_days_to_resolution = median(&mut c.days_to_resolution);
            // With no regular kinds no meeting is owed (15.6).
            let owed = !rules.regular_kinds.is_empty();
            let last_quarter = match year.cmp(&today.year()) {
                _ if !owed => 0,
                std::cmp::Ordering::Less => 4,
                std::cmp::Ordering::Equal => quarter(today),
                std::cmp::Ordering::Greater => 0,
            };
            y.quarters_without_regular_meeting = (1..=last_quarter)
                .filter(|q| !c.regular_quarters.contains(q))
                .collect();
            if rules.regular_every == "month" {
                let last_month = match year.cmp(&today.year()) {
                    _ if !owed => 0,
                    std::cmp::Ordering::Less => 12,
                    std::cmp::Ordering::Equal => today.month(),
                    std::cmp::Ordering::Greater => 0,
                };
                y.months_without_regular_meeting = Some(
                    (1..=last_month)
                        .filter(|m| !c.regular_months.contains(m))
                        .collect(),
                );
            }
            c.summary
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Member, Objection, Report, ReportKind, Update};

    const TWO_THIRDS: Fraction = Fraction { num: 2, den: 3 };

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn tally(yes: u64, no: u64, abstain: u64) -> Tally {
        Tally { yes, no, abstain }
    }

    /// A resolution on `topic` (none: the meeting's) with `tally`, nothing else recorded.
    fn resolution(topic: Option<&str>, tally: Option<Tally>) -> Resolution {
        Resolution {
            topic: topic.map(str::to_string),
            text: "r".into(),
            method: None,
            method_unrecorded: false,
            tally,
            declared: None,
            unit: Default::default(),
            owners: None,
            roll_call: None,
            revoked: None,
        }
    }

    /// A meeting on 2025-05-01 with the given attendance and no resolutions.
    fn meeting(expected: Option<u64>, present: Option<u64>) -> Meeting {
        Meeting {
            id: "m".into(),
            path: "content/meetings/m.md".into(),
            title: "m".into(),
            kind: "民主议事会".into(),
            start: NaiveDate::from_ymd_opt(2025, 5, 1)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .unwrap(),
            place: Some("p".into()),
            unrecorded: Default::default(),
            unit: Default::default(),
            advisory: None,
            issued_by: None,
            host: None,
            recorder: None,
            topics: vec![],
            notified: None,
            published: None,
            expected,
            present,
            absent: vec![],
            attendees: vec![],
            sign_in: None,
            cancelled: None,
            parties: Default::default(),
            resolutions: vec![],
            objections: vec![],
            body: String::new(),
            body_offset: 0,
        }
    }

    /// serve's facts after a save: the meetings that are the same records keep their facts,
    /// and the whole is what computing everything again gives — also when today or the
    /// rules changed (then nothing is kept), and when meetings were changed, added or removed.
    #[test]
    fn facts_kept_from_an_earlier_model_are_the_facts_computed_again() {
        use std::sync::Arc;
        let voted = |id: &str, present: Option<u64>| {
            let mut m = meeting(Some(9), present);
            m.id = id.into();
            m.topics = vec!["t".into()];
            m.resolutions
                .push(resolution(None, present.map(|p| tally(p, 0, 0))));
            Arc::new(m)
        };
        let (a, b, c) = (voted("a", Some(9)), voted("b", Some(7)), voted("c", None));
        let mut before = evaluated_community(&[], Rules::default());
        before.meetings = vec![a.clone(), b, c.clone()];
        // b lost its quorum (5 of 9), d is new; a and c are the same records.
        let mut now = evaluated_community(&[], Rules::default());
        now.meetings = vec![
            a.clone(),
            voted("b", Some(5)),
            c.clone(),
            voted("d", Some(8)),
        ];
        assert_eq!(
            kept::same_meetings(&before.meetings, &now.meetings),
            vec![Some(0), None, Some(2), None]
        );
        let shown = |f: &Facts| format!("{f:?}");
        // c's record is pending on 2025-05-05 and late on 2025-06-30.
        for (then, today) in [
            (d("2025-05-05"), d("2025-05-05")),
            (d("2025-05-05"), d("2025-06-30")),
        ] {
            let earlier = compute(&before, then);
            let again = compute(&now, today);
            let kept = compute_after(&now, today, Some((&before, &earlier)));
            assert_eq!(shown(&kept), shown(&again), "{then} → {today}");
            // Meetings removed: a alone.
            let mut fewer = evaluated_community(&[], Rules::default());
            fewer.meetings = vec![a.clone()];
            let kept = compute_after(&fewer, today, Some((&before, &earlier)));
            assert_eq!(shown(&kept), shown(&compute(&fewer, today)));
        }
        // A quorum of a half: a's and c's facts are not what they were.
        let half = Rules {
            quorum: Fraction { num: 1, den: 2 },
            ..Rules::default()
        };
        let today = d("2025-06-30");
        let earlier = compute(&before, today);
        let mut ruled = evaluated_community(&[], half);
        ruled.meetings = vec![a, voted("b", Some(5)), c];
        let kept = compute_after(&ruled, today, Some((&before, &earlier)));
        assert_eq!(shown(&kept), shown(&compute(&ruled, today)));
    }

    /// A save that changes records' text alone keeps every fact (the earlier ones, whatever
    /// they were: marked here, so that keeping them shows); a change to anything else a fact
    /// may read, or another day, computes them again.
    #[test]
    fn facts_are_kept_whole_when_records_changed_only_in_their_text() {
        use std::sync::Arc;
        let today = d("2025-06-30");
        let before = evaluated_community(&[("e", "2025-06-01")], Rules::default());
        let mut marked = compute(&before, today);
        marked.member_visits.push(99);
        let shown = |f: &Facts| format!("{f:?}");
        let after = |now: &Model, day| shown(&compute_after(now, day, Some((&before, &marked))));

        // The texts of the topic, the meeting and the evaluation rewritten: new records.
        let mut text = before.clone();
        Arc::make_mut(&mut text.topics[0]).body = "新的说明".into();
        Arc::make_mut(&mut text.meetings[0]).body = "会后补充意见".into();
        let evaluation = Arc::make_mut(&mut text.evaluations[0]);
        (evaluation.body, evaluation.body_offset) = ("评议意见".into(), 40);
        assert_eq!(after(&text, today), shown(&marked));
        assert_eq!(after(&before, today), shown(&marked), "nothing changed");
        let next = d("2025-07-01");
        assert_eq!(
            after(&text, next),
            shown(&compute(&text, next)),
            "another day"
        );

        let member = Member {
            name: "赵德明".into(),
            role: "委员".into(),
            standing: None,
            affiliation: None,
            since: None,
            until: None,
            grids: vec![],
        };
        type Change = Box<dyn Fn(&mut Model)>;
        let changes: Vec<(&str, Change)> = vec![
            (
                "attendance",
                Box::new(|m| Arc::make_mut(&mut m.meetings[0]).present = Some(5)),
            ),
            (
                "progress",
                Box::new(|m| {
                    Arc::make_mut(&mut m.topics[0]).actions[0].updates[0].progress = 50;
                }),
            ),
            (
                "ratings",
                Box::new(|m| Arc::make_mut(&mut m.evaluations[0]).overall = None),
            ),
            (
                "rules",
                Box::new(|m| m.site.rules.quorum = Fraction { num: 1, den: 2 }),
            ),
            (
                "council",
                Box::new(move |m| m.council = Some(vec![member.clone()])),
            ),
            (
                "a meeting added",
                Box::new(|m| {
                    let mut added = meeting(Some(9), Some(9));
                    added.id = "z".into();
                    m.meetings.push(Arc::new(added));
                }),
            ),
            ("the topic removed", Box::new(|m| m.topics.clear())),
        ];
        for (what, change) in changes {
            let mut now = text.clone();
            change(&mut now);
            assert_eq!(after(&now, today), shown(&compute(&now, today)), "{what}");
        }
    }

    /// After a save that changed meetings or topics in place, the topics it touched — a
    /// changed topic, and every topic a changed meeting names before or after — are computed
    /// again, and the others keep their earlier facts (marked here, so that keeping shows);
    /// anything that moves a record or changes an evaluation computes every topic.
    #[test]
    fn topic_facts_are_kept_for_the_topics_a_save_did_not_touch() {
        use std::sync::Arc;
        let today = d("2025-06-30");
        let mut before = evaluated_community(&[("e", "2025-06-01")], Rules::default());
        let topic = before.topics[0].clone();
        let meeting = before.meetings[0].clone();
        let ids = ["t1", "t2", "t3"];
        before.topics = ids
            .iter()
            .map(|id| {
                Arc::new(crate::model::Topic {
                    id: id.to_string(),
                    ..(*topic).clone()
                })
            })
            .collect();
        before.meetings = ids
            .iter()
            .map(|id| {
                Arc::new(Meeting {
                    id: format!("m-{id}"),
                    topics: vec![id.to_string()],
                    ..(*meeting).clone()
                })
            })
            .collect();
        let mut marked = compute(&before, today);
        for t in &mut marked.topics {
            Arc::make_mut(t).progress = 77;
        }
        let shown = |f: &TopicFacts| format!("{f:?}");
        // Topics whose facts were kept (still marked), and the rest as computed again.
        let kept = |now: &Model| {
            let after = compute_after(now, today, Some((&before, &marked)));
            let again = compute(now, today);
            let kept: Vec<usize> = (0..after.topics.len())
                .filter(|&i| after.topics[i].progress == 77)
                .collect();
            for i in (0..after.topics.len()).filter(|i| !kept.contains(i)) {
                assert_eq!(
                    shown(&after.topics[i]),
                    shown(&again.topics[i]),
                    "topic {i}"
                );
            }
            kept
        };

        // m-t1 now votes on t2 instead: t1 lost it, t2 gained it; t3 is untouched.
        let mut moved = before.clone();
        let m = Arc::make_mut(&mut moved.meetings[0]);
        m.topics = vec!["t2".into()];
        assert_eq!(kept(&moved), vec![2]);
        // t2 itself changed (declined): t2 alone.
        let mut declined = before.clone();
        Arc::make_mut(&mut declined.topics[1]).declined = Some("不属于议事范围".into());
        assert_eq!(kept(&declined), vec![0, 2]);
        // An evaluation, a meeting added, a topic added: every topic computed again.
        let mut rated = before.clone();
        Arc::make_mut(&mut rated.evaluations[0]).subjects = vec!["t3".into()];
        assert_eq!(kept(&rated), Vec::<usize>::new());
        let mut added = before.clone();
        added.meetings.push(Arc::new(Meeting {
            id: "m-t4".into(),
            ..(*meeting).clone()
        }));
        assert_eq!(kept(&added), Vec::<usize>::new());
        let mut more = before.clone();
        more.topics.push(Arc::new(crate::model::Topic {
            id: "t4".into(),
            ..(*topic).clone()
        }));
        assert_eq!(kept(&more), Vec::<usize>::new());
    }

    /// Spec 7: a resolution is on its own topic, else on the meeting's only topic; with
    /// several topics and none named it is on none; past the last resolution, nothing.
    #[test]
    fn a_resolution_is_on_its_own_topic_or_the_meetings_only_one() {
        let mut m = meeting(Some(10), Some(9));
        m.resolutions = vec![resolution(Some("t2"), None), resolution(None, None)];
        // No topics listed: the named one, and none.
        assert_eq!(m.resolution_topic(0), Some("t2"));
        assert_eq!(m.resolution_topic(1), None);
        // One topic: the unnamed resolution is on it; a named one stays on its own.
        m.topics = vec!["t1".into()];
        assert_eq!(m.resolution_topic(0), Some("t2"));
        assert_eq!(m.resolution_topic(1), Some("t1"));
        // Two topics: the unnamed resolution is on neither.
        m.topics.push("t3".into());
        assert_eq!(m.resolution_topic(1), None);
        assert_eq!(m.resolution_topic(2), None);
    }

    /// Spec 13.1: a held meeting without its attendance is pending, due with the results'
    /// deadline (7 days after: 2025-05-08), late the day after; upcoming is not pending.
    #[test]
    fn a_record_not_written_yet_is_pending_then_late() {
        let rules = Rules::default();
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 5, d).unwrap();
        let due = Some(day(8));
        // (expected, present, today) → (state, pending, late, deadline)
        let cases = [
            (
                None,
                None,
                NaiveDate::from_ymd_opt(2025, 4, 30).unwrap(),
                (MeetingState::Upcoming, false, false, None),
            ),
            (None, None, day(1), (MeetingState::Held, true, false, due)),
            (None, None, day(8), (MeetingState::Held, true, false, due)),
            (None, None, day(9), (MeetingState::Held, true, true, due)),
            (
                Some(25),
                None,
                day(9),
                (MeetingState::Held, true, true, due),
            ),
            (
                None,
                Some(20),
                day(2),
                (MeetingState::Held, true, false, due),
            ),
            (
                Some(25),
                Some(20),
                day(30),
                (MeetingState::Held, false, false, None),
            ),
        ];
        for (expected, present, today, want) in cases {
            let f = meeting_facts(&meeting(expected, present), &rules, today);
            assert_eq!(
                (
                    f.state,
                    f.record_pending,
                    f.late == Some(true),
                    f.publish_deadline
                ),
                want,
                "{expected:?} {present:?} {today}"
            );
            assert_eq!(
                f.attendance_rate.is_some(),
                expected.is_some() && present.is_some() && !want.1
            );
        }
    }

    #[test]
    fn quorum_bounds() {
        // (present, expected, met?) for 2/3, worked by hand: 2/3 of 25 is 16.67.
        let cases = [
            (17, 25, true),
            (16, 25, false),
            (20, 30, true), // exactly 2/3 meets the quorum ("以上" includes the bound)
            (19, 30, false),
            (2, 3, true),
            (1, 3, false),
            (0, 0, true),
            (25, 25, true),
        ];
        for (present, expected, met) in cases {
            assert_eq!(
                quorum_met(present, expected, TWO_THIRDS),
                met,
                "{present}/{expected}"
            );
        }
        // A half quorum: exactly half meets it.
        let half = Fraction { num: 1, den: 2 };
        assert!(quorum_met(10, 20, half));
        assert!(!quorum_met(9, 20, half));
    }

    #[test]
    fn outcomes_against_each_majority_base() {
        use MajorityOf::*;
        // (expected, present, tally, base, passed?, outcome)
        let cases = [
            // 25 expected, 21 present, 17 yes: 34 > 21.
            (25, 21, tally(17, 2, 2), Present, true, Outcome::Passed),
            // A tie against present: 2×10 = 20 is not more than 20.
            (30, 20, tally(10, 8, 2), Present, false, Outcome::Failed),
            // 11 of 20 present is more than half.
            (30, 20, tally(11, 9, 0), Present, true, Outcome::Passed),
            // Against cast: 9 yes of 16 cast passes though it is under half the present.
            (30, 20, tally(9, 7, 0), Cast, true, Outcome::Passed),
            (30, 20, tally(9, 7, 0), Present, false, Outcome::Failed),
            // Against expected: 12 yes of 25 expected fails; 13 passes.
            (25, 21, tally(12, 5, 4), Expected, false, Outcome::Failed),
            (25, 21, tally(13, 5, 3), Expected, true, Outcome::Passed),
            // Nobody voted: no denominator with "cast" — 0 > 0 is false, so it fails.
            (25, 21, tally(0, 0, 0), Cast, false, Outcome::Failed),
            // No quorum: invalid whatever the tally.
            (25, 16, tally(16, 0, 0), Present, false, Outcome::Invalid),
        ];
        for (expected, present, t, base, passed, outcome) in cases {
            let f = resolution_outcome(expected, present, t, TWO_THIRDS, base);
            assert_eq!(
                f.passed,
                Some(passed),
                "{expected} {present} {t:?} {base:?}"
            );
            assert_eq!(f.outcome, outcome, "{expected} {present} {t:?} {base:?}");
        }
        let f = resolution_outcome(25, 21, tally(9, 7, 0), TWO_THIRDS, Cast);
        assert_eq!(f.base, Some(16));
        assert_eq!(f.quorum_met, Some(true));
    }

    fn action(due: &str, updates: &[(&str, u8)]) -> Action {
        Action {
            id: "a".into(),
            task: "t".into(),
            owner: "o".into(),
            supervisor: None,
            due: d(due),
            updates: updates
                .iter()
                .map(|&(date, progress)| Update {
                    date: d(date),
                    progress,
                    note: None,
                    photos: vec![],
                    spent: None,
                })
                .collect(),
            budget: None,
            funding: None,
        }
    }

    #[test]
    fn action_statuses() {
        use ActionStatus::*;
        let today = d("2025-06-30");
        // (due, updates, status, progress, stale) with stale_days = 60.
        // (due, updates, status, progress, stale)
        type Case<'a> = (&'a str, Vec<(&'a str, u8)>, ActionStatus, u8, bool);
        let cases: Vec<Case> = vec![
            ("2025-05-31", vec![("2025-05-31", 100)], Done, 100, false),
            (
                "2025-05-31",
                vec![("2025-06-01", 100)],
                DoneLate,
                100,
                false,
            ),
            ("2025-05-31", vec![("2025-04-10", 40)], Overdue, 40, true),
            ("2025-06-30", vec![], NotStarted, 0, false), // due today is not yet overdue
            ("2025-06-29", vec![], Overdue, 0, false),
            ("2025-12-31", vec![("2025-05-01", 0)], NotStarted, 0, false),
            (
                "2025-12-31",
                vec![("2025-05-01", 30)],
                InProgress,
                30,
                false,
            ),
            // Last report exactly 60 days ago is not stale; 61 days is.
            (
                "2025-12-31",
                vec![("2025-05-01", 30)],
                InProgress,
                30,
                false,
            ),
            ("2025-12-31", vec![("2025-04-30", 30)], InProgress, 30, true),
            // The first report at 100 counts as completion.
            (
                "2025-05-31",
                vec![("2025-05-20", 100), ("2025-06-10", 100)],
                Done,
                100,
                false,
            ),
        ];
        for (due, updates, status, progress, stale) in cases {
            let f = action_facts(&action(due, &updates), today, 60);
            assert_eq!(f.status, status, "{due} {updates:?}");
            assert_eq!(f.progress, progress, "{due} {updates:?}");
            assert_eq!(f.stale, stale, "{due} {updates:?}");
        }
        assert_eq!((d("2025-06-30") - d("2025-05-01")).num_days(), 60);
    }

    #[test]
    fn topic_status_first_rule_that_applies() {
        use ActionStatus::*;
        use TopicStatus::*;
        let e = |declined, rated, passed, held, upcoming| TopicEvidence {
            declined,
            rated,
            has_passed_resolution: passed,
            on_held_meeting: held,
            on_upcoming_meeting: upcoming,
            ..TopicEvidence::default()
        };
        let cases: Vec<(TopicEvidence, Vec<ActionStatus>, TopicStatus)> = vec![
            (e(true, true, true, true, false), vec![Done], Declined),
            (
                e(false, true, true, true, false),
                vec![Done, DoneLate],
                Evaluated,
            ),
            (
                e(false, true, true, true, false),
                vec![Done, Overdue],
                Implementing,
            ),
            (
                e(false, false, true, true, false),
                vec![Done, DoneLate],
                Completed,
            ),
            (
                e(false, false, true, true, false),
                vec![InProgress],
                Implementing,
            ),
            (e(false, false, true, true, false), vec![], Decided),
            (e(false, false, false, true, true), vec![], Deliberating),
            (e(false, false, false, false, true), vec![], Scheduled),
            (e(false, false, false, false, false), vec![], Collected),
        ];
        for (evidence, actions, status) in cases {
            assert_eq!(topic_status(evidence, &actions), status, "{evidence:?}");
        }
    }

    /// Spec 13.3's revised order: the new statuses at their places among the old ones.
    #[test]
    fn topic_status_revision_2() {
        use ActionStatus::*;
        use TopicStatus::*;
        let base = TopicEvidence::default();
        let approval = TopicEvidence {
            awaiting_approval: true,
            ..base
        };
        let referral = TopicEvidence {
            awaiting_referral: true,
            ..base
        };
        let passed = TopicEvidence {
            has_passed_resolution: true,
            on_held_meeting: true,
            ..base
        };
        let cases: Vec<(TopicEvidence, Vec<ActionStatus>, TopicStatus)> = vec![
            // A passed resolution, no actions, a 报批 awaiting: 待批复 instead of 已决议.
            (
                TopicEvidence {
                    awaiting_approval: true,
                    ..passed
                },
                vec![],
                AwaitingApproval,
            ),
            // … but work under way comes first (rule 4 before 5).
            (
                TopicEvidence {
                    awaiting_approval: true,
                    ..passed
                },
                vec![InProgress],
                Implementing,
            ),
            // A 提请决定 awaiting without a passed resolution: referred, on a meeting or not.
            (
                TopicEvidence {
                    on_held_meeting: true,
                    ..referral
                },
                vec![],
                Referred,
            ),
            (referral, vec![], Referred),
            // … and with a passed resolution it is decided (rule 6 before 7).
            (
                TopicEvidence {
                    awaiting_referral: true,
                    ..passed
                },
                vec![],
                Decided,
            ),
            // A 报批 without a passed resolution changes nothing.
            (
                TopicEvidence {
                    on_held_meeting: true,
                    ..approval
                },
                vec![],
                Deliberating,
            ),
            // Accepted, on no meeting: 已确定; on an upcoming one it is scheduled.
            (
                TopicEvidence {
                    accepted: true,
                    ..base
                },
                vec![],
                Accepted,
            ),
            (
                TopicEvidence {
                    accepted: true,
                    on_upcoming_meeting: true,
                    ..base
                },
                vec![],
                Scheduled,
            ),
            (base, vec![], Collected),
        ];
        for (evidence, actions, status) in cases {
            assert_eq!(topic_status(evidence, &actions), status, "{evidence:?}");
        }
    }

    #[test]
    fn advisory_revoked_and_reopened_resolutions() {
        // 21 of 25 present (quorum met), 17 yes of 21: the vote carries.
        let carried = resolution_outcome(25, 21, tally(17, 2, 2), TWO_THIRDS, MajorityOf::Present);
        // 15 of 25 present: no quorum.
        let no_quorum =
            resolution_outcome(25, 15, tally(15, 0, 0), TWO_THIRDS, MajorityOf::Present);
        let failed = resolution_outcome(25, 21, tally(10, 11, 0), TWO_THIRDS, MajorityOf::Present);
        let cases = [
            // (vote, advisory, revoked, reopened) → (outcome, decides)
            (carried, false, false, false, Outcome::Passed, true),
            (carried, true, false, false, Outcome::Advisory, false),
            (failed, true, false, false, Outcome::Advisory, false), // advice either way
            (no_quorum, true, false, false, Outcome::Invalid, false),
            (carried, false, true, false, Outcome::Revoked, false),
            (carried, false, false, true, Outcome::Passed, false), // keeps its outcome
            (failed, false, false, false, Outcome::Failed, false),
        ];
        for (vote, advisory, revoked, reopened, outcome, decides) in cases {
            let f = settle(vote, advisory, revoked, reopened);
            assert_eq!(
                (f.outcome, f.decides()),
                (outcome, decides),
                "{advisory} {revoked} {reopened}"
            );
            assert_eq!(f.passed, vote.passed, "the vote's own result is kept");
        }
    }

    #[test]
    fn objections_at_their_bounds() {
        // Published 2025-04-20, objection_days 7: the deadline is 2025-04-27.
        let published = d("2025-04-20");
        let deadline = Some(d("2025-04-27"));
        let objection = |received: &str, replied: Option<&str>| Objection {
            received: d(received),
            summary: "s".into(),
            resolution: None,
            replied: replied.map(d),
            answer: replied.map(|_| "a".into()),
            outcome: None,
        };
        // Received on the deadline: in time; a day after: late.
        assert!(
            !objection_facts(
                &objection("2025-04-27", None),
                deadline,
                15,
                d("2025-04-28")
            )
            .late
        );
        assert!(
            objection_facts(
                &objection("2025-04-28", None),
                deadline,
                15,
                d("2025-04-28")
            )
            .late
        );
        // reply_days 15 from 2025-04-22: due 2025-05-07; overdue from 2025-05-08.
        let o = objection("2025-04-22", None);
        assert_eq!(
            objection_facts(&o, deadline, 15, d("2025-05-07")).reply_due,
            d("2025-05-07")
        );
        assert!(!objection_facts(&o, deadline, 15, d("2025-05-07")).reply_overdue);
        assert!(objection_facts(&o, deadline, 15, d("2025-05-08")).reply_overdue);
        // Answered on the due day: on time; a day later: late, never overdue.
        let on_time = objection_facts(
            &objection("2025-04-22", Some("2025-05-07")),
            deadline,
            15,
            d("2025-06-01"),
        );
        assert!(!on_time.replied_late && !on_time.reply_overdue);
        assert!(
            objection_facts(
                &objection("2025-04-22", Some("2025-05-08")),
                deadline,
                15,
                d("2025-06-01")
            )
            .replied_late
        );
        // The posting: open through the deadline, then clear or with objections.
        use posting::{PostingState::*, posting_state};
        assert_eq!(posting_state(published, 7, &[], d("2025-04-27")), Open);
        assert_eq!(
            posting_state(published, 7, &[], d("2025-04-28")),
            ClosedClear
        );
        assert_eq!(
            posting_state(published, 7, &[d("2025-04-27")], d("2025-04-28")),
            ClosedWithObjections
        );
        // A late objection does not take away 公示期满无异议.
        assert_eq!(
            posting_state(published, 7, &[d("2025-04-28")], d("2025-04-29")),
            ClosedClear
        );
    }

    #[test]
    fn reports_waiting_at_their_bounds() {
        let report = |kind, replied: Option<&str>| Report {
            kind,
            to: "街道".into(),
            sent: d("2025-05-02"),
            replied: replied.map(d),
            answer: replied.map(|_| "同意".into()),
        };
        // report_reply_days 30: waiting exactly 30 days is not overdue; 31 is.
        let r = report(ReportKind::Approval, None);
        let at30 = report_facts(&r, 30, d("2025-06-01"));
        assert_eq!(
            (at30.awaiting, at30.days_waiting, at30.reply_overdue),
            (true, Some(30), false)
        );
        assert!(report_facts(&r, 30, d("2025-06-02")).reply_overdue);
        // Answered: nothing waits. 备案 expects no answer.
        let answered = report_facts(
            &report(ReportKind::Approval, Some("2025-06-10")),
            30,
            d("2025-09-01"),
        );
        assert_eq!(
            (
                answered.awaiting,
                answered.days_waiting,
                answered.reply_overdue
            ),
            (false, None, false)
        );
        let filed = report_facts(&report(ReportKind::Filing, None), 30, d("2025-09-01"));
        assert!(!filed.awaiting && !filed.reply_overdue);
        // Sent today: awaiting, 0 days.
        assert_eq!(report_facts(&r, 30, d("2025-05-02")).days_waiting, Some(0));
    }

    #[test]
    fn money_at_its_bounds() {
        let m = |yuan: i64| Some(Money(yuan * 100));
        assert_eq!(money_facts(m(120_000), m(80_000)), (Some(0.6667), false));
        assert_eq!(money_facts(m(100), m(100)), (Some(1.0), false)); // exactly the budget
        assert_eq!(
            money_facts(m(100), Some(Money(10_001))),
            (Some(1.0001), true)
        ); // 1 fen over
        assert_eq!(money_facts(m(100), m(150)), (Some(1.5), true)); // not capped
        assert_eq!(money_facts(m(0), m(0)), (None, false)); // budget 0: no rate
        assert_eq!(money_facts(m(0), m(5)), (None, true)); // …but spending over it shows
        assert_eq!(money_facts(None, m(5)), (None, false));
        assert_eq!(money_facts(m(5), None), (None, false));
    }

    #[test]
    fn absence_runs_and_the_flag() {
        let member = |since: Option<&str>, until: Option<&str>| Member {
            name: "赵德明".into(),
            role: "委员".into(),
            standing: Some(false),
            affiliation: None,
            since: since.map(d),
            until: until.map(d),
            grids: vec![],
        };
        // Regular meetings on the 1st of Jan…Jun 2025; absences as listed.
        let absences = [
            vec!["赵德明（外出）"],
            vec![],
            vec!["赵德明"],
            vec!["赵德明(病假)"],
            vec!["赵德明"],
            vec!["赵德明甲"], // another person whose name starts the same
        ];
        let meetings: Vec<Meeting> = absences
            .iter()
            .enumerate()
            .map(|(i, absent)| {
                let mut m = meeting(Some(10), Some(9));
                m.start = d(&format!("2025-0{}-01", i + 1))
                    .and_hms_opt(9, 0, 0)
                    .unwrap();
                m.absent = absent.iter().map(|s| s.to_string()).collect();
                m
            })
            .collect();
        let refs: Vec<&Meeting> = meetings.iter().collect();
        let f = member_facts(&member(None, None), &refs, 3, d("2025-07-01"));
        assert_eq!((f.regular_meetings, f.attended), (6, 2));
        assert_eq!((f.longest_absence_run, f.current_absence_run), (3, 0));
        assert!(!f.flagged, "the run ended at the June meeting");
        // Up to May: the run of three is current and reaches the limit.
        let f = member_facts(&member(None, None), &refs[..5], 3, d("2025-05-20"));
        assert_eq!((f.current_absence_run, f.flagged), (3, true));
        assert!(!member_facts(&member(None, None), &refs[..5], 4, d("2025-05-20")).flagged);
        // A term that ended before today: never flagged; meetings outside it not counted.
        let past = member_facts(
            &member(None, Some("2025-05-01")),
            &refs[..5],
            3,
            d("2025-05-20"),
        );
        assert_eq!((past.regular_meetings, past.flagged), (5, false));
        let later = member_facts(&member(Some("2025-03-01"), None), &refs, 3, d("2025-07-01"));
        assert_eq!(later.regular_meetings, 4);
        assert!(names_member(" 赵德明 ", "赵德明"));
        assert!(!names_member("赵德明甲", "赵德明"));
        assert!(!names_member("赵德明（外出", "赵德明"));
    }

    #[test]
    fn topic_progress_is_floored_mean() {
        assert_eq!(topic_progress(&[]), 0);
        assert_eq!(topic_progress(&[100, 40, 0]), 46); // 140/3 = 46.67
        assert_eq!(topic_progress(&[100, 100]), 100);
        assert_eq!(topic_progress(&[1, 0]), 0);
    }

    #[test]
    fn rates_medians_and_quarters() {
        assert_eq!(rate(2, 3), Some(0.6667));
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(5, 5), Some(1.0));
        assert_eq!(
            satisfaction(Ratings {
                satisfied: 110,
                basic: 20,
                unsatisfied: 6
            }),
            Some(0.9559)
        );
        assert_eq!(satisfaction(Ratings::default()), None);
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
        assert_eq!(median(&mut [40, 10, 20, 25]), Some(22.5));
        assert_eq!(quarter(d("2025-03-31")), 1);
        assert_eq!(quarter(d("2025-04-01")), 2);
        assert_eq!(quarter(d("2025-12-31")), 4);
    }

    /// An owners' vote with areas in m² written as hundredths.
    fn owners(
        matter: crate::model::Matter,
        (owners, area): (u64, i64),
        (owners_voting, area_voting): (u64, i64),
        (owners_yes, area_yes): (u64, i64),
    ) -> OwnersVote {
        OwnersVote {
            matter,
            owners,
            area: Area(area),
            owners_voting,
            area_voting: Area(area_voting),
            owners_yes,
            area_yes: Area(area_yes),
        }
    }

    /// 民法典 第二百七十八条 at each bound (15.4), worked by hand in hundredths of a m².
    #[test]
    fn the_owners_double_majority_at_its_bounds() {
        use crate::model::Matter::{Other, Rebuild};
        // (vote) → (participation_met, passed, outcome)
        let cases = [
            // Participation exactly 2/3 by headcount (16 of 24) and by area (1,440.00 of
            // 2,160.00): met. Agreement exactly 3/4 (12 of 16; 1,080.00 of 1,440.00): passes.
            (
                owners(Rebuild, (24, 216_000), (16, 144_000), (12, 108_000)),
                (true, true, Outcome::Passed),
            ),
            // One hundredth of a m² short of 2/3 by area: participation not met, invalid.
            (
                owners(Rebuild, (24, 216_000), (16, 143_999), (16, 143_999)),
                (false, false, Outcome::Invalid),
            ),
            // One owner short of 2/3 by headcount (15 of 24): invalid, however the area.
            (
                owners(Rebuild, (24, 216_000), (15, 216_000), (15, 216_000)),
                (false, false, Outcome::Invalid),
            ),
            // Area agreement a hundredth short of 3/4 (1,079.99 of 1,440.00): fails.
            (
                owners(Rebuild, (24, 216_000), (16, 144_000), (16, 107_999)),
                (true, false, Outcome::Failed),
            ),
            // Headcount agreement short of 3/4 (11 of 16) with all the area: fails.
            (
                owners(Rebuild, (24, 216_000), (16, 144_000), (11, 144_000)),
                (true, false, Outcome::Failed),
            ),
            // 其他: exactly half (8 of 16) is not more than half: fails …
            (
                owners(Other, (24, 216_000), (16, 144_000), (8, 100_000)),
                (true, false, Outcome::Failed),
            ),
            // … and exactly half the area (720.00 of 1,440.00) fails too.
            (
                owners(Other, (24, 216_000), (16, 144_000), (9, 72_000)),
                (true, false, Outcome::Failed),
            ),
            // One more by both: passes.
            (
                owners(Other, (24, 216_000), (16, 144_000), (9, 72_001)),
                (true, true, Outcome::Passed),
            ),
            // The sample's 9 号楼 (改建重建): 16/18 and 1,640.40/1,836.00 took part;
            // 13/16 (52 ≥ 48) and 1,338.60/1,640.40 (5,354.40 ≥ 4,921.20) agreed.
            (
                owners(Rebuild, (18, 183_600), (16, 164_040), (13, 133_860)),
                (true, true, Outcome::Passed),
            ),
        ];
        for (vote, (participation, passed, outcome)) in cases {
            let f = owners_outcome(&vote);
            assert_eq!(f.participation_met, Some(participation), "{vote:?}");
            assert_eq!(f.quorum_met, Some(participation), "{vote:?}");
            assert_eq!(f.passed, Some(passed), "{vote:?}");
            assert_eq!(f.outcome, outcome, "{vote:?}");
        }
    }

    /// 15.1: a declared outcome without counts; 暂缓 decides nothing and stays deferred at an
    /// advising meeting; 通过 and 未通过 there are advice.
    #[test]
    fn declared_outcomes_say_what_the_record_says() {
        use crate::model::Declared::{Deferred, Failed, Passed};
        let f = declared_outcome(Passed, Some(true));
        assert_eq!(
            (f.passed, f.outcome, f.base),
            (Some(true), Outcome::Passed, None)
        );
        assert!(f.decides());
        let f = declared_outcome(Failed, None);
        assert_eq!(
            (f.passed, f.outcome, f.quorum_met),
            (Some(false), Outcome::Failed, None)
        );
        let f = declared_outcome(Deferred, Some(true));
        assert_eq!((f.passed, f.outcome), (None, Outcome::Deferred));
        assert!(!f.decides());
        // At an advising meeting.
        let advised = |d| settle(declared_outcome(d, Some(true)), true, false, false).outcome;
        assert_eq!(advised(Passed), Outcome::Advisory);
        assert_eq!(advised(Failed), Outcome::Advisory);
        assert_eq!(advised(Deferred), Outcome::Deferred);
        // Revoked wins over deferred as over everything.
        let f = settle(declared_outcome(Deferred, None), false, true, false);
        assert_eq!(f.outcome, Outcome::Revoked);
        // Agreement with counts: 暂缓 never agrees.
        assert!(declared_agrees(Passed, true) && !declared_agrees(Passed, false));
        assert!(declared_agrees(Failed, false) && !declared_agrees(Failed, true));
        assert!(!declared_agrees(Deferred, true) && !declared_agrees(Deferred, false));
    }

    /// 15.2: counts at a meeting whose attendance is unrecorded are judged by the votes cast,
    /// and the quorum is unknown; exactly half of the votes cast fails.
    #[test]
    fn counts_without_attendance_take_the_votes_cast() {
        let f = cast_majority(tally(4, 3, 1));
        assert_eq!(
            (f.quorum_met, f.base, f.passed),
            (None, Some(8), Some(false))
        );
        let f = cast_majority(tally(5, 3, 1));
        assert_eq!(
            (f.base, f.passed, f.outcome),
            (Some(9), Some(true), Outcome::Passed)
        );
    }

    /// 15.2 and 15.6: a meeting listing a count as unrecorded is not pending; one whose
    /// source does not say whether results were posted has no lateness and no posting; a
    /// pending meeting has no posting either; an owners'-only meeting needs no counts.
    #[test]
    fn what_a_source_leaves_out_is_neither_pending_nor_late() {
        let rules = Rules::default();
        let today = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let mut m = meeting(None, Some(10));
        m.resolutions.push(Resolution {
            method_unrecorded: true,
            declared: Some(crate::model::Declared::Passed),
            ..resolution(None, None)
        });
        let pending = meeting_facts(&m, &rules, today);
        assert!(pending.record_pending);
        m.published = Some(NaiveDate::from_ymd_opt(2025, 5, 3).unwrap());
        let pending = meeting_facts(&m, &rules, today);
        assert_eq!((pending.posting, pending.objection_deadline), (None, None));
        m.unrecorded.expected = true;
        let f = meeting_facts(&m, &rules, today);
        assert!(!f.record_pending);
        assert_eq!(f.late, Some(false));
        assert_eq!(f.attendance_rate, None);
        assert!(f.posting.is_some());
        m.published = None;
        m.unrecorded.published = true;
        let f = meeting_facts(&m, &rules, today);
        assert_eq!(
            (f.late, f.posting, f.objection_deadline),
            (None, None, None)
        );
        // Owners' votes alone need no counts.
        let mut o = meeting(None, None);
        o.resolutions = m.resolutions.clone();
        o.resolutions[0].owners = Some(owners(
            crate::model::Matter::Other,
            (24, 216_000),
            (16, 144_000),
            (9, 72_001),
        ));
        assert!(!meeting_facts(&o, &rules, today).record_pending);
    }

    /// 15.6: with no regular kinds no meeting is owed in any quarter or month.
    #[test]
    fn no_regular_kinds_owe_no_meeting() {
        let mut rules = Rules::default();
        rules.regular_kinds.clear();
        rules.regular_every = "month".into();
        let model = Model {
            site: crate::model::Site {
                title: "t".into(),
                community: "c".into(),
                district: None,
                base_url: None,
                language: Default::default(),
                timezone: chrono::FixedOffset::east_opt(8 * 3600).unwrap(),
                today: None,
                theme: None,
                rules,
                privacy_allow: vec![],
                attachments_as_is: vec![],
                contact: None,
                issuer: "c协商议事委员会".into(),
                editor: None,
                supervision: None,
                grids: vec![],
                archive: None,
            },
            council: None,
            topics: vec![],
            meetings: vec![std::sync::Arc::new(meeting(Some(9), Some(9)))],
            evaluations: vec![],
            pages: vec![],
            supervision: vec![],
            staff: vec![],
            visits: vec![],
            attachments: vec![],
            static_files: vec![],
        };
        let facts = compute(&model, NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
        let y = &facts.years[0];
        assert!(y.quarters_without_regular_meeting.is_empty());
        assert_eq!(y.months_without_regular_meeting, Some(vec![]));
    }

    /// A community of one topic finished on 2025-03-25 (its only action reached 100 that
    /// day), decided at a meeting, with the given project evaluations (id, date).
    fn evaluated_community(evaluations: &[(&str, &str)], rules: Rules) -> Model {
        let topic = crate::model::Topic {
            id: "t".into(),
            path: "content/topics/t.md".into(),
            title: "t".into(),
            category: "其他".into(),
            raised: Some(d("2025-01-10")),
            channel: None,
            raised_by: None,
            summary: None,
            stakeholders: vec![],
            declined: None,
            accepted: None,
            accepted_by: None,
            budget: None,
            funding: None,
            reports: vec![],
            grid: None,
            actions: vec![action("2025-04-30", &[("2025-03-25", 100)])],
            body: String::new(),
            body_offset: 0,
        };
        let mut m = meeting(Some(9), Some(9));
        m.topics = vec!["t".into()];
        m.resolutions.push(resolution(None, Some(tally(9, 0, 0))));
        let evaluations = evaluations
            .iter()
            .map(|&(id, date)| {
                std::sync::Arc::new(crate::model::Evaluation {
                    id: id.into(),
                    year: None,
                    title: Some(id.into()),
                    subjects: vec!["t".into()],
                    path: format!("content/evaluations/{id}.md"),
                    date: d(date),
                    meeting: None,
                    method: None,
                    respondents: None,
                    by: None,
                    third_party: false,
                    overall: Some(Ratings {
                        satisfied: 3,
                        basic: 1,
                        unsatisfied: 0,
                    }),
                    topics: vec![],
                    body: String::new(),
                    body_offset: 0,
                })
            })
            .collect();
        Model {
            site: crate::model::Site {
                title: "t".into(),
                community: "c".into(),
                district: None,
                base_url: None,
                language: Default::default(),
                timezone: chrono::FixedOffset::east_opt(8 * 3600).unwrap(),
                today: None,
                theme: None,
                rules,
                privacy_allow: vec![],
                attachments_as_is: vec![],
                contact: None,
                issuer: "c".into(),
                editor: None,
                supervision: None,
                grids: vec![],
                archive: None,
            },
            council: None,
            topics: vec![std::sync::Arc::new(topic)],
            meetings: vec![std::sync::Arc::new(m)],
            evaluations,
            pages: vec![],
            supervision: vec![],
            staff: vec![],
            visits: vec![],
            attachments: vec![],
            static_files: vec![],
        }
    }

    /// 14.3: a rating counts from the day the work was completed, not the day before; the
    /// evaluation is due after evaluate_within_days days, not on the last of them.
    #[test]
    fn a_rating_counts_from_the_completion_day() {
        let today = d("2025-06-23"); // 90 days after 2025-03-25
        let rules = Rules::default();
        let f = compute(
            &evaluated_community(&[("on", "2025-03-25")], rules.clone()),
            today,
        );
        assert_eq!(f.topics[0].status, TopicStatus::Evaluated);
        assert_eq!(f.topics[0].rating_counts, [true]);
        assert_eq!(f.topics[0].satisfaction_rate, Some(1.0));
        let f = compute(
            &evaluated_community(&[("before", "2025-03-24")], rules.clone()),
            today,
        );
        assert_eq!(f.topics[0].status, TopicStatus::Completed);
        assert_eq!(f.topics[0].rating_counts, [false]);
        // The last rating's rate is given, counting or not.
        assert_eq!(f.topics[0].satisfaction_rate, Some(1.0));
        // Due: more than 90 days after completion — not on the 90th day, on the 91st.
        assert!(!f.topics[0].evaluation_due);
        let f = compute(
            &evaluated_community(&[("before", "2025-03-24")], rules.clone()),
            d("2025-06-24"),
        );
        assert!(f.topics[0].evaluation_due);
        // … unless the work was completed before evaluate_since.
        let since = Rules {
            evaluate_since: Some(d("2025-03-26")),
            ..rules.clone()
        };
        let f = compute(&evaluated_community(&[], since), d("2025-12-31"));
        assert!(!f.topics[0].evaluation_due);
        let on_the_day = Rules {
            evaluate_since: Some(d("2025-03-25")),
            ..rules
        };
        let f = compute(&evaluated_community(&[], on_the_day), d("2025-12-31"));
        assert!(f.topics[0].evaluation_due);
        assert_eq!(
            f.years.iter().map(|y| y.topics_evaluation_due).sum::<u64>(),
            1
        );
    }

    /// A meeting of a generated community: the topics it lists and the topic its one
    /// resolution names (indexes of t0–t3), how many of 9 came and voted yes, its day in
    /// May 2025, and a line of text.
    type GenMeeting = (Vec<usize>, Option<usize>, u64, u64, u32, bool);

    fn gen_meeting() -> impl proptest::strategy::Strategy<Value = GenMeeting> {
        use proptest::prelude::*;
        (
            prop::collection::vec(0..4usize, 0..3),
            prop::option::of(0..4usize),
            0..=9u64,
            0..=9u64,
            1..=28u32,
            any::<bool>(),
        )
    }

    /// A community of four topics (the first two declined or not) and the generated meetings
    /// with their ids, in id order.
    fn generated(meetings: &[(String, GenMeeting)], declined: (bool, bool)) -> Model {
        use std::sync::Arc;
        let mut model = evaluated_community(&[("e", "2025-06-01")], Rules::default());
        let topic = model.topics[0].clone();
        model.topics = (0..4)
            .map(|i| {
                let declined = [declined.0, declined.1, false, false][i];
                Arc::new(crate::model::Topic {
                    id: format!("t{i}"),
                    declined: declined.then(|| "不属于议事范围".to_string()),
                    ..(*topic).clone()
                })
            })
            .collect();
        model.meetings = meetings
            .iter()
            .map(|(id, (topics, voted, present, yes, day, text))| {
                let mut m = meeting(Some(9), Some(*present));
                m.id = id.clone();
                m.start = NaiveDate::from_ymd_opt(2025, 5, *day)
                    .and_then(|d| d.and_hms_opt(9, 0, 0))
                    .unwrap();
                m.topics = topics.iter().map(|t| format!("t{t}")).collect();
                let topic = voted.map(|t| format!("t{t}"));
                m.resolutions.push(resolution(
                    topic.as_deref(),
                    Some(tally((*yes).min(*present), 0, 0)),
                ));
                m.body = if *text {
                    "会后补充。".into()
                } else {
                    String::new()
                };
                Arc::new(m)
            })
            .collect();
        model
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// Whatever a save changes — meetings rewritten in place, their text alone, a topic
        /// declined, meetings added or removed, another day — the facts serve keeps from the
        /// last preview and computes again are the facts computed from nothing.
        #[test]
        fn what_a_save_keeps_is_what_computing_again_gives(
            before in proptest::collection::vec(gen_meeting(), 1..6),
            edits in proptest::collection::vec((0..6usize, gen_meeting()), 0..3),
            text_only in proptest::prelude::any::<bool>(),
            added in proptest::option::of(gen_meeting()),
            removed in proptest::prelude::any::<bool>(),
            declined in proptest::prelude::any::<(bool, bool, bool, bool)>(),
            next_day in proptest::prelude::any::<bool>(),
        ) {
            let today = d("2025-06-30");
            let before: Vec<(String, GenMeeting)> =
                before.into_iter().enumerate().map(|(i, m)| (format!("m{i}"), m)).collect();
            let old = generated(&before, (declined.0, declined.1));
            let earlier = compute(&old, today);
            let mut meetings = before.clone();
            for (i, edit) in &edits {
                let i = i % meetings.len();
                if text_only {
                    meetings[i].1.5 = !meetings[i].1.5;
                } else {
                    meetings[i].1 = edit.clone();
                }
            }
            if let Some(m) = &added {
                meetings.push(("m9".into(), m.clone()));
            }
            if removed && meetings.len() > 1 {
                meetings.remove(0);
            }
            let mut now = generated(&meetings, (declined.2, declined.3));
            // Records not edited are the same records, as the entry cache hands them back.
            for (m, generated) in now.meetings.iter_mut().zip(&meetings) {
                if let Some(i) = before.iter().position(|b| b == generated) {
                    *m = old.meetings[i].clone();
                }
            }
            for (i, t) in now.topics.iter_mut().enumerate() {
                if t.declined == old.topics[i].declined {
                    *t = old.topics[i].clone();
                }
            }
            let day = if next_day { d("2025-07-01") } else { today };
            let kept = compute_after(&now, day, Some((&old, &earlier)));
            proptest::prop_assert_eq!(format!("{kept:?}"), format!("{:?}", compute(&now, day)));
        }
    }
}
