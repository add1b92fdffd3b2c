//! What every page is rendered from: the model, its facts, the theme, the site's words, and
//! the extras of a build (attachments, history) — made once, shared by every output.

use serde::Serialize;

use crate::facts::{Facts, MeetingState};
use crate::input::provenance::{Change, ChangeKind, Provenance};
use crate::markdown;
use crate::markdown::{LinkTarget, linked_attachment, parse_link};
use crate::media::attachments::Attachments;
use crate::model::{Language, MajorityOf, Model};
use crate::plumbing::output::OutputFile;
use crate::site::theme::Theme;
use crate::site::urls::{
    evaluation_url, file_url, meeting_url, page_qr_svg, page_url, root_of, topic_url,
};
use crate::site::views::{
    ActionRow, AttachmentView, ChangeView, ContactView, Layout, MeetingRow, NavItem, OwnersView,
    ResolutionView, RollCallView, TopicRow, UpdateView,
};
use crate::site::words::{Words, human_size};
use crate::site::{charts, search};

/// Settings of one render.
pub struct RenderOptions<'a> {
    /// `--base-url` or site.toml's, ending in `/`.
    pub base_url: Option<&'a str>,
    /// The generator string, e.g. "yishi 0.1.0".
    pub generator: &'a str,
    /// The processed attachments (sizes, hashes, thumbnails); None in memory-only builds.
    pub attachments: Option<&'a Attachments>,
    /// The git history of the community, when it is a git checkout.
    pub provenance: Option<&'a Provenance>,
    /// Built as one community of a district (`<id>/` beneath the overview): every page
    /// links back to the overview.
    pub in_district: bool,
}

/// Renders every page of the site.
pub struct Context<'a> {
    pub(crate) model: &'a Model,
    pub(crate) facts: &'a Facts,
    pub(crate) theme: &'a Theme,
    pub(crate) words: Words<'a>,
    pub(crate) options: RenderOptions<'a>,
}

impl<'a> Context<'a> {
    /// A renderer over a validated model and its facts.
    pub fn new(
        model: &'a Model,
        facts: &'a Facts,
        theme: &'a Theme,
        options: RenderOptions<'a>,
    ) -> Self {
        let words = Words {
            lang: model.site.language,
            t: theme.strings(),
        };
        Context {
            model,
            facts,
            theme,
            words,
            options,
        }
    }

    /// A chat card's title and line for the page at `path`: a topic's or a meeting's page
    /// says what it is ("议题：楼道声控灯 · 幸福里社区") and gives the topic's summary or the
    /// meeting's kind, day and place; other pages their title and the community; the home page
    /// the site's title and what the site is.
    pub(crate) fn share(&self, path: &str, page_title: &str) -> (String, String) {
        let site = &self.model.site;
        let about = self
            .words
            .label("site_description")
            .replace("{community}", &site.community);
        let colon = self.words.label("colon");
        let entry = path
            .strip_suffix("/index.html")
            .and_then(|dir| dir.split_once('/'));
        let topic = entry
            .filter(|(section, _)| *section == "topics")
            .and_then(|(_, id)| self.model.topic(id));
        let meeting = entry
            .filter(|(section, _)| *section == "meetings")
            .and_then(|(_, id)| self.model.meeting(id));
        if let Some(t) = topic {
            let title = format!(
                "{}{colon}{} · {}",
                self.words.label("share_topic"),
                t.title,
                site.community
            );
            let line = t.summary.clone().filter(|s| !s.trim().is_empty());
            return (title, line.unwrap_or(about));
        }
        if let Some(m) = meeting {
            let title = format!(
                "{}{colon}{} · {}",
                self.words.label("share_meeting"),
                m.title,
                site.community
            );
            let line = format!(
                "{} · {} · {}",
                m.kind,
                self.words.start(m),
                self.words.place(m)
            );
            return (title, line);
        }
        if page_title.is_empty() || page_title == site.title {
            (site.title.clone(), about)
        } else {
            (format!("{page_title} · {}", site.community), about)
        }
    }

    pub(crate) fn layout(&self, path: &str, page_title: &str, section: &str) -> Layout {
        let share = self.share(path, page_title);
        let root = root_of(path);
        let url = self.options.base_url.map(|b| format!("{b}{path}"));
        let mut nav = vec![
            ("home", "index.html"),
            ("topics", "topics/index.html"),
            ("meetings", "meetings/index.html"),
            ("progress", "progress/index.html"),
            ("years", "years/index.html"),
            ("board", "board/index.html"),
            ("search", "search/index.html"),
        ];
        if self.model.council.is_some() {
            nav.push(("council", "council/index.html"));
        }
        if !self.model.site.grids.is_empty() {
            nav.push(("grids", "grids/index.html"));
        }
        if self.model.site.supervision.is_some() {
            nav.push(("supervision", "supervision/index.html"));
        }
        let mut items: Vec<NavItem> = nav
            .into_iter()
            .map(|(key, href)| NavItem {
                label: self.words.label(key),
                href: format!("{root}{href}"),
                current: key == section,
            })
            .collect();
        for page in &self.model.pages {
            items.push(NavItem {
                label: page.title.clone(),
                href: format!("{root}{}", page_url(&page.id)),
                current: section == page.id,
            });
        }
        Layout {
            grids: (!self.model.site.grids.is_empty()).then(|| format!("{root}grids/index.html")),
            lang: self.words.label("lang"),
            site_title: self.model.site.title.clone(),
            community: self.model.site.community.clone(),
            district: self.model.site.district.clone(),
            district_home: self
                .options
                .in_district
                .then(|| format!("{root}../index.html")),
            page_title: page_title.to_string(),
            root,
            today: self.words.date(self.facts.today),
            nav: items,
            generator: self.options.generator.to_string(),
            has_feed: self.options.base_url.is_some(),
            page_feed: None,
            built_from: self.options.provenance.map(|p| {
                let mut text = self
                    .words
                    .label("built_from")
                    .replace("{commit}", p.short());
                if p.dirty {
                    text.push_str(&self.words.label("uncommitted"));
                }
                if p.shallow {
                    text.push_str(&self.words.label("shallow_history"));
                }
                text
            }),
            record_changed: None,
            history: Vec::new(),
            share_title: share.0,
            description: share.1,
            qr: url.as_deref().and_then(page_qr_svg),
            url,
            image: self
                .options
                .base_url
                .map(|b| format!("{b}static/share.png")),
            contact: self.contact_view(),
        }
    }

    /// Where residents bring opinions and objections (site.toml's `[contact]`), for the foot
    /// of every page and the board's sheets.
    pub(crate) fn contact_view(&self) -> Option<ContactView> {
        self.model.site.contact.as_ref().map(|c| ContactView {
            office: c.office.clone(),
            hours: c.hours.clone(),
            phone: c.phone.clone(),
            mailbox: c.mailbox.clone(),
            online: c.online.clone(),
        })
    }

    pub(crate) fn page<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        section: &str,
        view: &T,
    ) -> Result<OutputFile, String> {
        self.page_with_layout(template, path, self.layout(path, title, section), view)
    }

    pub(crate) fn page_with_layout<T: Serialize>(
        &self,
        template: &str,
        path: &str,
        layout: Layout,
        view: &T,
    ) -> Result<OutputFile, String> {
        let bytes = self
            .theme
            .render(template, Some(&layout), view)
            .map_err(|e| format!("template {template} failed for {path}: {e}"))?;
        Ok(OutputFile {
            path: path.to_string(),
            bytes,
        })
    }

    /// Renders a Markdown body for a page at `path`.
    pub(crate) fn body(&self, body: &str, path: &str) -> String {
        let root = root_of(path);
        let model = self.model;
        let resolve = |target: &str| -> Option<String> {
            // The attachments are sorted by path.
            let exists = |p: &str| {
                model
                    .attachments
                    .binary_search_by(|a| a.as_str().cmp(p))
                    .is_ok()
            };
            if let Some(whole) = linked_attachment(target, exists).filter(|p| p.contains('#')) {
                return Some(format!("{root}{}", file_url(whole)));
            }
            let fragment = target
                .split_once('#')
                .map(|(_, f)| format!("#{f}"))
                .unwrap_or_default();
            let url = match parse_link(target)? {
                LinkTarget::Topic(id) => topic_url(id),
                LinkTarget::Meeting(id) => meeting_url(id),
                LinkTarget::Evaluation(id) => {
                    match self.model.evaluations.iter().find(|e| e.id == id) {
                        Some(e) => evaluation_url(e),
                        None => format!("years/{id}/index.html"),
                    }
                }
                LinkTarget::Page(id) => page_url(id),
                LinkTarget::Attachment(p) => {
                    if model
                        .attachments
                        .binary_search_by(|a| a.as_str().cmp(p))
                        .is_err()
                    {
                        return None;
                    }
                    file_url(p)
                }
            };
            Some(format!("{root}{url}{fragment}"))
        };
        markdown::render(body, &resolve)
    }

    /// An evaluation's name: "2025 年度评议", or a project evaluation's title.
    pub(crate) fn evaluation_name(&self, e: &crate::model::Evaluation) -> String {
        match (&e.year, &e.title) {
            (Some(year), _) => self
                .words
                .label("evaluation_title")
                .replace("{year}", &year.to_string()),
            (None, Some(title)) => title.clone(),
            (None, None) => e.id.clone(),
        }
    }

    /// Links to the topics with these ids (those that exist), in the order given, from a
    /// page whose way back to the root is `root`.
    pub(crate) fn topic_links(&self, ids: &[String], root: &str) -> Vec<crate::site::views::Link> {
        ids.iter()
            .filter_map(|id| self.model.topic(id))
            .map(|t| crate::site::views::Link {
                title: t.title.clone(),
                href: format!("{root}{}", crate::site::urls::topic_url(&t.id)),
            })
            .collect()
    }

    pub(crate) fn topic_row(&self, ti: usize, root: &str) -> TopicRow {
        let topic = &self.model.topics[ti];
        let topic_facts = &self.facts.topics[ti];
        TopicRow {
            id: topic.id.clone(),
            title: topic.title.clone(),
            href: format!("{root}{}", topic_url(&topic.id)),
            category: topic.category.clone(),
            raised: topic
                .raised
                .map_or_else(|| self.words.label("unrecorded"), |d| self.words.date(d)),
            status: topic_facts.status.key().into(),
            status_label: self.words.topic_status(topic_facts.status),
            overdue: topic_facts.overdue,
            progress: topic_facts.progress,
            has_actions: !topic.actions.is_empty(),
            summary: topic.summary.clone(),
        }
    }

    pub(crate) fn meeting_row(&self, mi: usize, root: &str) -> MeetingRow {
        let m = &self.model.meetings[mi];
        let meeting_facts = &self.facts.meetings[mi];
        let (state, state_label) = match meeting_facts.state {
            MeetingState::Held => ("held", self.words.label("held")),
            MeetingState::Upcoming => ("upcoming", self.words.label("upcoming")),
            MeetingState::Cancelled => ("cancelled", self.words.label("cancelled")),
        };
        let results = &self.facts.resolutions[mi];
        MeetingRow {
            id: m.id.clone(),
            title: m.title.clone(),
            href: format!("{root}{}", meeting_url(&m.id)),
            kind: m.kind.clone(),
            date: self.words.date(m.start.date()),
            start: self.words.start(m),
            place: self.words.place(m),
            state: state.into(),
            state_label,
            attendance: match (meeting_facts.state, m.present, m.expected) {
                (MeetingState::Held, Some(p), Some(e)) => Some(format!("{p}/{e}")),
                _ => None,
            },
            late: meeting_facts.late == Some(true),
            short_notice: meeting_facts.short_notice,
            resolutions: results.len(),
            // Advice is counted as advice, never as passed (15.3).
            passed: results
                .iter()
                .flatten()
                .filter(|r| r.outcome == crate::facts::Outcome::Passed)
                .count(),
            advisory: results
                .iter()
                .flatten()
                .filter(|r| r.outcome == crate::facts::Outcome::Advisory)
                .count(),
            record_pending: meeting_facts.record_pending,
            due: meeting_facts.publish_deadline.map(|d| self.words.date(d)),
        }
    }

    pub(crate) fn resolution_view(
        &self,
        mi: usize,
        ri: usize,
        root: &str,
    ) -> Option<ResolutionView> {
        let m = &self.model.meetings[mi];
        let r = m.resolutions.get(ri)?;
        let f = self.facts.resolutions[mi].get(ri).copied().flatten()?;
        let topic_id = m.resolution_topic(ri);
        let topic = topic_id.and_then(|id| self.model.topic(id));
        let q = self.model.site.rules.quorum;
        let base_key = match self.model.site.rules.majority_of {
            MajorityOf::Present => "majority_present",
            MajorityOf::Cast => "majority_cast",
            MajorityOf::Expected => "majority_expected",
        };
        let w = &self.words;
        let unrecorded = w.label("unrecorded");
        let count = |n: Option<u64>| n.map_or_else(|| unrecorded.clone(), |n| n.to_string());
        let t = r.tally;
        let declared = r
            .declared
            .filter(|_| t.is_none())
            .map(|d| w.label(&format!("declared_{}", declared_key(d))));
        Some(ResolutionView {
            index: ri + 1,
            text: r.text.clone(),
            method: r
                .method
                .clone()
                .or_else(|| r.method_unrecorded.then(|| unrecorded.clone())),
            topic_title: topic.map(|t| t.title.clone()),
            topic_href: topic.map(|t| format!("{root}{}", topic_url(&t.id))),
            counted: t.is_some(),
            yes: t.map(|t| t.yes),
            no: t.map(|t| t.no),
            abstain: t.map(|t| t.abstain),
            expected: count(m.expected),
            present: count(m.present),
            unit: w.unit_word(r.unit).to_string(),
            quorum: format!("{}/{}", q.num, q.den),
            quorum_met: f.quorum_met,
            base_label: w.label(base_key),
            base: f.base,
            outcome: f.outcome.key().into(),
            outcome_label: w.outcome(f.outcome),
            declared,
            owners: r.owners.as_ref().map(|v| OwnersView {
                matter: v.matter.label().to_string(),
                owners: v.owners,
                area: v.area.written(),
                owners_voting: v.owners_voting,
                area_voting: v.area_voting.written(),
                owners_yes: v.owners_yes,
                area_yes: v.area_yes.written(),
            }),
            roll_call: r.roll_call.as_ref().map(|c| RollCallView {
                yes: c.yes.join(&w.label("list_sep")),
                no: c.no.join(&w.label("list_sep")),
                abstain: c.abstain.join(&w.label("list_sep")),
            }),
            meeting_title: m.title.clone(),
            meeting_href: format!("{root}{}", meeting_url(&m.id)),
            chart: match t {
                Some(t) if r.owners.is_none() => {
                    self.tally_chart(t, m.present.unwrap_or(t.yes + t.no + t.abstain), r.unit)
                }
                _ => String::new(),
            },
            advisory: f.advisory,
            revoked: r.revoked.as_ref().map(|v| {
                w.label("revoked_note")
                    .replace("{date}", &w.date(v.date))
                    .replace("{by}", &v.by)
                    .replace("{reason}", &v.reason)
            }),
            reopened: f.reopened,
            explanation: w.explain(
                m,
                r,
                &f,
                &format!("{}/{}", q.num, q.den),
                &w.label(base_key),
            ),
        })
    }

    pub(crate) fn tally_chart(
        &self,
        t: crate::model::Tally,
        present: u64,
        by: crate::model::Unit,
    ) -> String {
        let f = &self.words;
        let household = by == crate::model::Unit::Household;
        let unit = |n: u64| match self.model.site.language {
            Language::ZhCn if household => format!("{n} 户"),
            Language::ZhCn => format!("{n} 票"),
            Language::En => n.to_string(),
        };
        let (yes, no, abstain) = (f.label("yes"), f.label("no"), f.label("abstain"));
        let sep = f.label("comma");
        let alt = format!(
            "{yes} {}{sep}{no} {}{sep}{abstain} {}",
            unit(t.yes),
            unit(t.no),
            unit(t.abstain)
        );
        charts::bars(
            &[
                charts::Bar {
                    label: &yes,
                    value: t.yes,
                    shown: unit(t.yes),
                    colour: charts::YES,
                },
                charts::Bar {
                    label: &no,
                    value: t.no,
                    shown: unit(t.no),
                    colour: charts::NO,
                },
                charts::Bar {
                    label: &abstain,
                    value: t.abstain,
                    shown: unit(t.abstain),
                    colour: charts::ABSTAIN,
                },
            ],
            present,
            &alt,
        )
    }

    pub(crate) fn action_rows(&self, ti: usize, root: &str) -> Vec<ActionRow> {
        (0..self.model.topics[ti].actions.len())
            .map(|ai| self.action_row(ti, ai, root))
            .collect()
    }

    /// The row of action `ai` of topic `ti`.
    pub(crate) fn action_row(&self, ti: usize, ai: usize, root: &str) -> ActionRow {
        let topic = &self.model.topics[ti];
        let (a, action_facts) = (&topic.actions[ai], &self.facts.topics[ti].actions[ai]);
        ActionRow {
            topic_title: topic.title.clone(),
            topic_href: format!("{root}{}", topic_url(&topic.id)),
            id: a.id.clone(),
            task: a.task.clone(),
            owner: a.owner.clone(),
            supervisor: a.supervisor.clone(),
            due: self.words.date(a.due),
            progress: action_facts.progress,
            status: action_facts.status.key().into(),
            status_label: self.words.action_status(action_facts.status),
            stale: action_facts.stale,
            last_update: action_facts.last_update.map(|d| self.words.date(d)),
            completed: action_facts.completed.map(|d| self.words.date(d)),
            budget: a.budget.map(|m| self.words.yuan(m)),
            funding: a.funding.clone(),
            spent: action_facts.spent.map(|m| self.words.yuan(m)),
            spent_rate: action_facts.spent_rate.map(|r| self.words.percent(Some(r))),
            over_budget: action_facts.over_budget,
            updates: a
                .updates
                .iter()
                .map(|u| UpdateView {
                    date: self.words.date(u.date),
                    progress: u.progress,
                    note: u.note.clone(),
                    photos: u
                        .photos
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let alt = format!(
                                "{}{}{}{}{}",
                                a.task,
                                self.words.label("lparen"),
                                self.words.date(u.date),
                                self.words.label("rparen"),
                                self.words.label("photo")
                            );
                            let alt = if u.photos.len() > 1 {
                                format!("{alt} {}", i + 1)
                            } else {
                                alt
                            };
                            self.attachment_view(p, root, alt)
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// Adds when the record in `source` (e.g. `content/topics/x.md`) last changed, and with
    /// `history` every change of it, to a page's layout.
    pub(crate) fn with_record(&self, mut layout: Layout, source: &str, history: bool) -> Layout {
        let Some(p) = self.options.provenance else {
            return layout;
        };
        if let Some(c) = p.last_change(source) {
            layout.record_changed = Some(
                self.words
                    .label("record_changed")
                    .replace("{date}", &self.words.date(c.date))
                    .replace("{commit}", &c.commit[..7.min(c.commit.len())]),
            );
        }
        if history {
            let root = layout.root.clone();
            layout.history = p
                .history(source)
                .filter_map(|c| self.change_view(c, &root))
                .collect();
        }
        layout
    }

    /// A change in plain language, for a page at `root`; None for files that are not
    /// published (drafts, ignored files).
    pub(crate) fn change_view_of(
        &self,
        change: &Change,
        root: &str,
    ) -> Option<(String, String, Option<String>)> {
        let path = change.path.as_str();
        let deleted = change.kind == ChangeKind::Deleted;
        let stem = |prefix: &str| {
            path.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(".md"))
                .map(str::to_string)
        };
        // A record: published (title and link), deleted (its id), or a draft (left out).
        let record = |what: &'static str,
                      found: Option<(String, String)>,
                      deleted_title: String| {
            match found {
                Some((title, url)) => Some((what, title, Some(format!("{root}{url}")))),
                None if deleted => Some((what, deleted_title, None)),
                None => None,
            }
        };
        let evaluation_title =
            |year: &str| self.words.label("evaluation_title").replace("{year}", year);
        let (what, title, href) = if let Some(id) = stem("content/topics/") {
            let found = self
                .model
                .topic(&id)
                .map(|t| (t.title.clone(), topic_url(&id)));
            record("thing_topic", found, id)?
        } else if let Some(id) = stem("content/meetings/") {
            let found = self
                .model
                .meeting(&id)
                .map(|m| (m.title.clone(), meeting_url(&id)));
            record("thing_meeting", found, id)?
        } else if let Some(id) = stem("content/evaluations/") {
            let found = self.model.evaluations.iter().find(|e| e.id == id);
            let found = found.map(|e| (self.evaluation_name(e), evaluation_url(e)));
            record("", found, evaluation_title(&id))?
        } else if let Some(id) = stem("content/pages/") {
            let found = self.model.pages.iter().find(|pg| pg.id == id);
            let found = found.map(|pg| (pg.title.clone(), page_url(&id)));
            record("thing_page", found, id)?
        } else if let Some(rel) = path
            .strip_prefix("content/")
            .filter(|r| r.starts_with("attachments/"))
        {
            let published = self
                .model
                .attachments
                .binary_search_by(|a| a.as_str().cmp(rel))
                .is_ok();
            let name = rel.rsplit('/').next().unwrap_or(rel).to_string();
            match (published, deleted) {
                (true, _) => (
                    "thing_attachment",
                    name,
                    Some(format!("{root}{}", file_url(rel))),
                ),
                (false, true) => ("thing_attachment", name, None),
                (false, false) => return None,
            }
        } else if path == "site.toml" {
            ("", self.words.label("thing_site"), None)
        } else if path == "content/council.toml" {
            let href = self
                .model
                .council
                .as_ref()
                .map(|_| format!("{root}council/index.html"));
            ("", self.words.label("thing_council"), href)
        } else {
            return None;
        };
        let what = if what.is_empty() {
            String::new()
        } else {
            self.words.label(what)
        };
        let sentence = self
            .words
            .label(&format!("change_{}", change.kind.key()))
            .replace("{what}", &what);
        // History is content too: a name that once held a personal number (a record renamed
        // away, a deleted attachment) is shown masked — nobody can edit it any more, so it
        // must not fail the build either.
        let title = match crate::privacy::redact(&title, &self.model.site.privacy_allow) {
            std::borrow::Cow::Owned(masked) => masked,
            std::borrow::Cow::Borrowed(_) => title,
        };
        Some((sentence, title, href))
    }

    pub(crate) fn change_view(&self, change: &Change, root: &str) -> Option<ChangeView> {
        let (sentence, title, href) = self.change_view_of(change, root)?;
        let (before, after) = sentence.split_once("{title}").unwrap_or((&sentence, ""));
        Some(ChangeView {
            date: self.words.date(change.date),
            before: before.to_string(),
            title,
            href,
            after: after.to_string(),
            commit: change.commit.chars().take(7).collect(),
        })
    }

    /// The records the search index is built from (see [`crate::site::search`]).
    pub fn search_records(&self) -> search::Records<'_> {
        let years: Vec<i32> = self.facts.years.iter().map(|y| y.year).collect();
        search::Records::new(
            self.model,
            years,
            |year| self.year_title(year),
            || self.words.label("council"),
        )
        .with_grids_title(self.words.label("grids"))
    }

    pub(crate) fn year_title(&self, year: i32) -> String {
        match self.model.site.language {
            Language::ZhCn => format!("{}{}", year, self.words.label("year_summary")),
            Language::En => format!("{} {}", year, self.words.label("year_summary")),
        }
    }

    /// How a page at `root` links to and previews an attachment.
    pub(crate) fn attachment_view(&self, path: &str, root: &str, alt: String) -> AttachmentView {
        let found = self.options.attachments.and_then(|e| e.get(path));
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_uppercase())
            .unwrap_or_default();
        let about = match found {
            Some(a) => format!("{ext}{}{}", self.words.label("comma"), human_size(a.size)),
            None => ext,
        };
        AttachmentView {
            href: format!("{root}{}", file_url(path)),
            preview: found
                .and_then(|a| a.preview())
                .map(|p| format!("{root}{}", file_url(p))),
            width: found.and_then(|a| a.thumb_size().map(|s| s.0)),
            height: found.and_then(|a| a.thumb_size().map(|s| s.1)),
            alt,
            about,
        }
    }
}

/// The key of a declared outcome in the theme's strings (`declared_passed`, …).
fn declared_key(d: crate::model::Declared) -> &'static str {
    match d {
        crate::model::Declared::Passed => "passed",
        crate::model::Declared::Failed => "failed",
        crate::model::Declared::Deferred => "deferred",
    }
}
