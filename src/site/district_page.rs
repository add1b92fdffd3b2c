//! The district overview: one row per community, the district's figures.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::Language;
use crate::plumbing::output::OutputFile;
use crate::site::theme::Theme;
use crate::site::urls::root_of;
use crate::site::views::{Layout, NavItem};
use crate::site::words::Words;

/// One line of the overview and of data/communities.json.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityRow {
    /// Folder name.
    pub id: String,
    /// The community's name.
    pub community: String,
    /// Its home page, from the district root.
    pub url: String,
    /// All topics.
    pub topics: usize,
    /// Topics not yet finished (collected … implementing).
    pub open_topics: usize,
    /// Actions past due and not completed.
    pub overdue_actions: usize,
    /// The year of the on-time rate (today's).
    pub on_time_year: i32,
    /// Actions due this year done on time / due.
    pub on_time_rate: Option<f64>,
    /// Actions due this year, done on time (for the district's own rate).
    #[serde(skip)]
    pub due: u64,
    /// See `due`.
    #[serde(skip)]
    pub done: u64,
    /// The year of the latest evaluation with a satisfaction rate.
    pub satisfaction_year: Option<i32>,
    /// Its satisfaction rate.
    pub satisfaction: Option<f64>,
    /// The last held meeting's date.
    pub last_meeting_date: Option<String>,
    /// Its title.
    pub last_meeting: Option<String>,
    /// Its page, from the district root.
    pub last_meeting_url: Option<String>,
    /// The community's reference date.
    pub today: String,
}

/// What the district overview needs besides the communities' rows.
pub struct DistrictInfo<'a> {
    /// district.toml's title.
    pub title: Option<String>,
    /// The district's name.
    pub district: Option<String>,
    /// Interface language.
    pub language: Language,
    /// The latest of the communities' reference dates.
    pub today: NaiveDate,
    /// "yishi 0.1.0".
    pub generator: &'a str,
    /// The district's address (`--base-url` or district.toml's), ending in `/`.
    pub base_url: Option<&'a str>,
}

/// `district.html`: the overview of a district's communities.
#[derive(Serialize)]
pub(crate) struct DistrictView {
    /// The district's title.
    pub(crate) title: String,
    /// One per community, in folder order.
    pub(crate) rows: Vec<CommunityView>,
    /// The year of the on-time rates.
    pub(crate) year: i32,
    /// The district's totals.
    pub(crate) totals: DistrictTotals,
}

/// A community's line in the overview.
#[derive(Serialize)]
pub(crate) struct CommunityView {
    /// Its name.
    pub(crate) community: String,
    /// Its home page.
    pub(crate) href: String,
    /// Topics in all.
    pub(crate) topics: usize,
    /// Topics not yet finished.
    pub(crate) open_topics: usize,
    /// Actions past due and not completed.
    pub(crate) overdue_actions: usize,
    /// This year's on-time rate ("87.5%", or a dash).
    pub(crate) on_time: String,
    /// The latest evaluation's satisfaction.
    pub(crate) satisfaction: Option<String>,
    /// The year of that evaluation.
    pub(crate) satisfaction_year: Option<i32>,
    /// The latest meeting held.
    pub(crate) last_meeting: Option<String>,
    /// Its page.
    pub(crate) last_meeting_href: Option<String>,
    /// Its date, written out.
    pub(crate) last_meeting_date: Option<String>,
}

/// The district's totals.
#[derive(Serialize)]
pub(crate) struct DistrictTotals {
    /// Communities.
    pub(crate) communities: usize,
    /// Open topics of all communities.
    pub(crate) open_topics: usize,
    /// Overdue actions of all communities.
    pub(crate) overdue_actions: usize,
    /// The district's on-time rate this year (every community's actions together).
    pub(crate) on_time: String,
}

/// The district's `404.html`.
#[derive(Serialize)]
pub(crate) struct DistrictNotFound {
    /// The page's title.
    pub(crate) title: String,
}

/// The district's own files: the overview (`index.html`), `404.html` and the theme's static
/// files. Each community's site lives under `<id>/`.
pub fn district_overview(
    theme: &Theme,
    info: &DistrictInfo,
    rows: &[CommunityRow],
) -> Result<Vec<OutputFile>, String> {
    let words = Words {
        lang: info.language,
        t: theme.strings(),
    };
    let title = info.title.clone().unwrap_or_else(|| {
        format!(
            "{}{}",
            info.district.clone().unwrap_or_default(),
            words.label("district_default_title")
        )
    });
    let layout = |path: &str| {
        let url = info.base_url.map(|b| format!("{b}{path}"));
        Layout {
            lang: words.label("lang"),
            site_title: title.clone(),
            community: info.district.clone().unwrap_or_else(|| title.clone()),
            district: None,
            district_home: None,
            grids: None,
            page_title: title.clone(),
            root: root_of(path),
            today: words.date(info.today),
            nav: vec![NavItem {
                label: words.label("communities"),
                href: format!("{}index.html", root_of(path)),
                current: path == "index.html",
            }],
            generator: info.generator.to_string(),
            has_feed: false,
            page_feed: None,
            built_from: None,
            record_changed: None,
            history: Vec::new(),
            contact: None,
            share_title: title.clone(),
            description: title.clone(),
            qr: url.as_deref().and_then(crate::site::urls::page_qr_svg),
            url,
            image: info.base_url.map(|b| format!("{b}static/share.png")),
        }
    };
    let (due, done): (u64, u64) = rows
        .iter()
        .fold((0, 0), |(d, n), r| (d + r.due, n + r.done));
    let year = info.today.year();
    let view_rows: Vec<CommunityView> = rows
        .iter()
        .map(|r| CommunityView {
            community: r.community.clone(),
            href: r.url.clone(),
            topics: r.topics,
            open_topics: r.open_topics,
            overdue_actions: r.overdue_actions,
            on_time: words.percent(r.on_time_rate),
            satisfaction: r.satisfaction.map(|s| words.percent(Some(s))),
            satisfaction_year: r.satisfaction_year,
            last_meeting: r.last_meeting.clone(),
            last_meeting_href: r.last_meeting_url.clone(),
            last_meeting_date: r
                .last_meeting_date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(|d| words.date(d)),
        })
        .collect();
    let view = DistrictView {
        title: title.clone(),
        rows: view_rows,
        year,
        totals: DistrictTotals {
            communities: rows.len(),
            open_topics: rows.iter().map(|r| r.open_topics).sum(),
            overdue_actions: rows.iter().map(|r| r.overdue_actions).sum(),
            on_time: words.percent(crate::facts::rate(done, due)),
        },
    };
    let file = |template: &str, path: &str, rendered: Result<Vec<u8>, String>| {
        rendered
            .map(|bytes| OutputFile {
                path: path.to_string(),
                bytes,
            })
            .map_err(|e| format!("template {template} failed for {path}: {e}"))
    };
    let not_found = DistrictNotFound {
        title: words.label("not_found"),
    };
    let mut out = vec![
        file(
            "district.html",
            "index.html",
            theme.render("district.html", Some(&layout("index.html")), &view),
        )?,
        file(
            "404.html",
            "404.html",
            theme.render("404.html", Some(&layout("404.html")), &not_found),
        )?,
    ];
    for (path, bytes) in theme.static_files() {
        out.push(OutputFile {
            path: format!("static/{path}"),
            bytes,
        });
    }
    Ok(out)
}
