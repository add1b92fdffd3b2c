//! The yearly archive volume (归档, spec 14.4), after the layout of DA/T 22-2015: one item (件)
//! per record of the year, in a folder named by its number with the record's page made
//! self-contained, its source file and its attachments; the catalogue (归档文件目录) as CSV and
//! as a page printed on A4; and `SHA256SUMS` over the rest. Pure: from the context, the files
//! this run rendered and a reader of the repository's files; nothing here touches the disk.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use crate::facts::MeetingState;
use crate::facts::supervision::period_words;
use crate::model::{Archive, Keep};
use crate::plumbing::escape::xml_escape as esc;
use crate::plumbing::hash::sha256_hex;
use crate::plumbing::html::attributes;
use crate::plumbing::output::OutputFile;
use crate::site::context::Context;
use crate::site::opendata::linked_attachments;
use crate::site::pages::{grids, supervision};
use crate::site::urls::{evaluation_url, file_url, meeting_url, topic_url};

/// The site's files by path, as this run rendered them.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The kinds of record archived, in the order items of one day are numbered (14.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A meeting held, pending or cancelled, by its start's date.
    Meeting,
    /// A topic, by the day it counts from.
    Topic,
    /// A yearly or project evaluation, by its date.
    Evaluation,
    /// A report to the supervision committee, by its date.
    Supervision,
    /// A visit, by its date.
    Visit,
}

/// One item (件) of the volume.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its kind.
    pub kind: Kind,
    /// Its index in the model's list of that kind.
    pub index: usize,
    /// The record's id.
    pub id: String,
    /// The day it is filed under.
    pub date: NaiveDate,
    /// 题名.
    pub title: String,
    /// The record's file in the repository.
    pub source: String,
    /// The site path its page is rendered at (supervision reports and visits, which the site
    /// shows only within a list, at a path of their own that the site does not publish).
    pub page: String,
    /// The attachments the record refers to (paths under `content/`), which 件数 counts.
    pub attachments: BTreeSet<String>,
    /// 备注: a pending meeting's record, a cancelled meeting; else empty.
    pub note: String,
    /// How long it is kept.
    pub keep: Keep,
}

/// The records of `year`, drafts never (the model holds none unless asked), in the order
/// they are numbered: by date, then kind, then id.
pub fn items(cx: &Context, archive: &Archive, year: i32) -> Vec<Item> {
    let model = cx.model;
    let w = &cx.words;
    let keep = &archive.retention;
    let linked = |body: &str| linked_attachments(model, body);
    let in_year = |d: NaiveDate| d.year() == year;
    let mut items = Vec::new();
    for (i, m) in model.meetings.iter().enumerate() {
        let state = cx.facts.meetings[i];
        let date = m.start.date();
        if state.state == MeetingState::Upcoming || !in_year(date) {
            continue;
        }
        let note = match state.state {
            MeetingState::Cancelled => w.label("archive_cancelled"),
            _ if state.record_pending => w.label("archive_pending"),
            _ => String::new(),
        };
        items.push(Item {
            kind: Kind::Meeting,
            index: i,
            id: m.id.clone(),
            date,
            title: m.title.clone(),
            source: m.path.clone(),
            page: meeting_url(&m.id),
            attachments: m.sign_in.iter().cloned().chain(linked(&m.body)).collect(),
            note,
            keep: keep.meetings,
        });
    }
    for (i, t) in model.topics.iter().enumerate() {
        let date = cx.facts.topics[i].dated;
        if !in_year(date) {
            continue;
        }
        let photos = t
            .actions
            .iter()
            .flat_map(|a| a.updates.iter().flat_map(|u| u.photos.iter().cloned()));
        items.push(Item {
            kind: Kind::Topic,
            index: i,
            id: t.id.clone(),
            date,
            title: t.title.clone(),
            source: t.path.clone(),
            page: topic_url(&t.id),
            attachments: photos.chain(linked(&t.body)).collect(),
            note: String::new(),
            keep: keep.topics,
        });
    }
    for (i, e) in model.evaluations.iter().enumerate() {
        if !in_year(e.date) {
            continue;
        }
        let title = match (&e.title, e.year) {
            (Some(title), _) => title.clone(),
            // The catalogue's 题名 as 14.4 writes it ("2025年度民主评议"), not the site's
            // heading (Context::evaluation_title, "2025 年度民主评议").
            (None, Some(y)) => w
                .label("archive_year_evaluation")
                .replace("{year}", &y.to_string()),
            (None, None) => e.id.clone(),
        };
        items.push(Item {
            kind: Kind::Evaluation,
            index: i,
            id: e.id.clone(),
            date: e.date,
            title,
            source: e.path.clone(),
            page: evaluation_url(e),
            attachments: linked(&e.body).into_iter().collect(),
            note: String::new(),
            keep: keep.evaluations,
        });
    }
    for (i, r) in model.supervision.iter().enumerate() {
        if !in_year(r.date) {
            continue;
        }
        items.push(Item {
            kind: Kind::Supervision,
            index: i,
            id: r.id.clone(),
            date: r.date,
            title: w
                .label("archive_supervision")
                .replace("{period}", &period_words(&r.period, model.site.language)),
            source: r.path.clone(),
            page: format!("supervision/{}/index.html", r.id),
            attachments: linked(&r.body).into_iter().collect(),
            note: String::new(),
            keep: keep.supervision,
        });
    }
    for (i, v) in model.visits.iter().enumerate() {
        if !in_year(v.date) {
            continue;
        }
        let grid = model.site.grids.iter().find(|g| g.id == v.grid);
        items.push(Item {
            kind: Kind::Visit,
            index: i,
            id: v.id.clone(),
            date: v.date,
            title: w
                .label("archive_visit")
                .replace("{grid}", grid.map_or(v.grid.as_str(), |g| g.name.as_str())),
            source: v.path.clone(),
            page: format!("visits/{}/index.html", v.id),
            attachments: linked(&v.body).into_iter().collect(),
            note: String::new(),
            keep: keep.visits,
        });
    }
    items.sort_by(|a, b| (a.date, a.kind, &a.id).cmp(&(b.date, b.kind, &b.id)));
    items
}

/// The item's number in four digits, its folder's name (`0001`).
fn number(n: usize) -> String {
    format!("{n:04}")
}

/// 档号: `{fonds}-{year}-{code}-{number}`.
pub fn reference(archive: &Archive, year: i32, keep: Keep, n: usize) -> String {
    format!("{}-{year}-{}-{}", archive.fonds, keep.code(), number(n))
}

/// Every file of the volume of `year` but those in `present` (the marker the writer puts
/// there), which `SHA256SUMS` lists with the rest: the catalogue, each item's folder, the
/// sums. `read`: a file of the repository by path. Errors: a page or file that could not be
/// made or read.
pub fn volume(
    cx: &Context,
    archive: &Archive,
    year: i32,
    items: &[Item],
    site: &Files,
    read: &dyn Fn(&str) -> Result<Vec<u8>, String>,
    present: &[OutputFile],
) -> Result<Vec<OutputFile>, String> {
    let mut files = vec![
        OutputFile {
            path: "目录.csv".into(),
            bytes: catalogue_csv(archive, year, items),
        },
        OutputFile {
            path: "目录.html".into(),
            bytes: catalogue_html(cx, archive, year, items).into_bytes(),
        },
    ];
    let thumbnails = thumbnails_of(cx);
    for (n, item) in items.iter().enumerate().map(|(i, item)| (i + 1, item)) {
        let folder = number(n);
        let page = item_page(cx, item, site)?;
        let own = Own {
            attachments: &item.attachments,
            thumbnails: &thumbnails,
        };
        let html = self_contained(&page, &item.page, site, &own, cx.options.base_url);
        files.push(OutputFile {
            path: format!("{folder}/index.html"),
            bytes: html.into_bytes(),
        });
        let name = item.source.rsplit('/').next().unwrap_or(&item.source);
        files.push(OutputFile {
            path: format!("{folder}/{name}"),
            bytes: read(&item.source)?,
        });
        for a in &item.attachments {
            // As published: cleaned of metadata by this run (a file the rules publish as it
            // is, as it is).
            let bytes = site
                .get(a)
                .cloned()
                .ok_or_else(|| format!("{a}: not among the published attachments"))?;
            files.push(OutputFile {
                path: format!("{folder}/{a}"),
                bytes,
            });
        }
    }
    let mut listed: Vec<&OutputFile> = files.iter().chain(present).collect();
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    let mut sums = String::new();
    for f in listed {
        let _ = writeln!(sums, "{}  {}", sha256_hex(&f.bytes), f.path);
    }
    files.push(OutputFile {
        path: "SHA256SUMS".into(),
        bytes: sums.into_bytes(),
    });
    Ok(files)
}

/// The page of an item: the site's own for a meeting, a topic or an evaluation; made here,
/// in the site's style, for a supervision report or a visit.
fn item_page(cx: &Context, item: &Item, site: &Files) -> Result<String, String> {
    let bytes = match item.kind {
        Kind::Supervision => supervision::report_page(cx, item.index, &item.page, &item.title)?
            .map(|f| f.bytes)
            .ok_or_else(|| format!("{}: site.toml has no [supervision]", item.source))?,
        Kind::Visit => grids::visit_page(cx, item.index, &item.page, &item.title)?.bytes,
        _ => site
            .get(&item.page)
            .cloned()
            .ok_or_else(|| format!("{}: the site has no page {}", item.source, item.page))?,
    };
    String::from_utf8(bytes).map_err(|e| format!("{}: {e}", item.page))
}

/// 目录.csv: UTF-8 with a byte-order mark (spreadsheet programs then read it as UTF-8),
/// CRLF line ends as RFC 4180 has them.
pub fn catalogue_csv(archive: &Archive, year: i32, items: &[Item]) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let rows = catalogue_rows(archive, year, items);
    let header = ["件号", "档号", "责任者", "题名", "日期", "件数", "备注"];
    // Writing into memory cannot fail.
    let _ = w.write_record(header);
    for row in &rows {
        let _ = w.write_record(row);
    }
    out.extend(w.into_inner().unwrap_or_default());
    out
}

/// The catalogue's rows: 件号, 档号, 责任者, 题名, 日期 (YYYYMMDD), 件数, 备注.
fn catalogue_rows(archive: &Archive, year: i32, items: &[Item]) -> Vec<[String; 7]> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = i + 1;
            [
                n.to_string(),
                reference(archive, year, item.keep, n),
                archive.creator.clone(),
                item.title.clone(),
                item.date.format("%Y%m%d").to_string(),
                item.attachments.len().to_string(),
                item.note.clone(),
            ]
        })
        .collect()
}

/// 目录.html: the catalogue printed on A4, its header row repeated on every page and no row
/// split across two; each 题名 leads to the item's page.
fn catalogue_html(cx: &Context, archive: &Archive, year: i32, items: &[Item]) -> String {
    let w = &cx.words;
    let title = format!(
        "{}{}",
        cx.model.site.community,
        w.label("archive_catalogue")
    );
    let mut rows = String::new();
    for (i, row) in catalogue_rows(archive, year, items).iter().enumerate() {
        let href = format!("{}/index.html", number(i + 1));
        let _ = writeln!(
            rows,
            "<tr><td>{}</td><td class=\"ref\">{}</td><td>{}</td><td><a href=\"{href}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&row[0]),
            esc(&row[1]),
            esc(&row[2]),
            esc(&row[3]),
            esc(&row[4]),
            esc(&row[5]),
            esc(&row[6]),
        );
    }
    let summary = format!(
        "{}{}{} · {}{}{} · {}",
        w.label("archive_fonds"),
        w.label("colon"),
        esc(&archive.fonds),
        w.label("archive_year"),
        w.label("colon"),
        year,
        w.label("archive_items")
            .replace("{n}", &items.len().to_string()),
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"{generator}\">\n<title>{title} {year}</title>\n<style>\n{CATALOGUE_CSS}</style>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{summary}</p>\n<table>\n<colgroup><col style=\"width:6%\"><col style=\"width:20%\"><col style=\"width:17%\"><col><col style=\"width:11%\"><col style=\"width:6%\"><col style=\"width:9%\"></colgroup>\n<thead><tr><th scope=\"col\">件号</th><th scope=\"col\">档号</th><th scope=\"col\">责任者</th><th scope=\"col\">题名</th><th scope=\"col\">日期</th><th scope=\"col\">件数</th><th scope=\"col\">备注</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n",
        lang = esc(&w.label("lang")),
        generator = esc(cx.options.generator),
        title = esc(&title),
    )
}

/// The catalogue's style: large enough to read, ruled as an archive's forms are, A4 with the
/// header repeated (a `thead` is, in print) and rows kept whole.
const CATALOGUE_CSS: &str = "body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif; font-size: 12pt; line-height: 1.5; margin: 1.5rem; color: #000; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 0.5rem; }
p { text-align: center; margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 10.5pt; }
th, td { border: 1px solid #000; padding: 0.25rem 0.4rem; vertical-align: top; text-align: left; }
th { background: #eee; white-space: nowrap; }
td:nth-child(1), td:nth-child(5), td:nth-child(6) { white-space: nowrap; text-align: center; }
td.ref { font-size: 9.5pt; white-space: nowrap; }
a { color: inherit; text-decoration: none; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 15mm 12mm; @bottom-center { content: counter(page) \" / \" counter(pages); font-size: 10pt; } }
@media print { body { margin: 0; } }
";

/// Each thumbnail's path (`thumbs/…`) with the attachment it was made from.
fn thumbnails_of(cx: &Context) -> BTreeMap<String, String> {
    cx.options
        .attachments
        .map(|a| {
            a.attachments
                .values()
                .filter_map(|a| Some((a.thumbnail.clone()?, a.path.clone())))
                .collect()
        })
        .unwrap_or_default()
}

/// What an item's folder holds besides its page: its attachments, and which thumbnail
/// stands for which.
pub(crate) struct Own<'a> {
    attachments: &'a BTreeSet<String>,
    thumbnails: &'a BTreeMap<String, String>,
}

impl Own<'_> {
    /// The item's own attachment a site path names (an attachment, or its thumbnail).
    fn attachment(&self, path: &str) -> Option<&str> {
        let original = self.thumbnails.get(path).map_or(path, String::as_str);
        self.attachments.get(original).map(String::as_str)
    }
}

/// The page at `page` (a site path) made one file that needs nothing beyond it but the
/// item's own attachments (14.4): its stylesheets written into it, scripts and the links
/// the browser would fetch (icons, feeds) left out, images of the item's attachments (and
/// their thumbnails) pointed at the copies beside it and any other image of the site written
/// into the page; links to the rest of the site made absolute with the base URL, or — without
/// one — left as text.
pub(crate) fn self_contained(
    html: &str,
    page: &str,
    site: &Files,
    own: &Own,
    base_url: Option<&str>,
) -> String {
    let mut out = String::with_capacity(html.len() + 64 * 1024);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        // Comments and the inline SVG's text pass as they are.
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = crate::plumbing::html::tag_end(rest) else {
            out.push_str(rest);
            rest = "";
            break;
        };
        let tag = &rest[..=gt];
        rest = &rest[gt + 1..];
        let name_end = tag[1..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(tag.len() - 1, |e| e + 1);
        let name = tag[1..name_end].to_ascii_lowercase();
        match name.as_str() {
            "script" => {
                // The element and its text, whatever it holds.
                let end = find_ci(rest, "</script").map_or(rest.len(), |e| {
                    rest[e..].find('>').map_or(rest.len(), |g| e + g + 1)
                });
                rest = &rest[end..];
            }
            "link" => out.push_str(&link(tag, page, site)),
            "img" | "source" | "a" | "form" | "video" | "audio" | "iframe" | "embed" => {
                out.push_str(&rewrite_tag(
                    tag, &name, name_end, page, site, own, base_url,
                ));
            }
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// Position of `needle` (ASCII, lowercase) in `hay`, ignoring ASCII case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A `<link>`: a stylesheet written into the page; the canonical address kept (the record's
/// place online, which nothing fetches); the rest (icons, feeds) left out.
fn link(tag: &str, page: &str, site: &Files) -> String {
    let inside = &tag[5..tag.len() - 1];
    let attrs = attributes(inside);
    let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| *v);
    let rel = get("rel").unwrap_or("").to_ascii_lowercase();
    if rel.split_whitespace().any(|r| r == "canonical") {
        return tag.to_string();
    }
    if !rel.split_whitespace().any(|r| r == "stylesheet") {
        return String::new();
    }
    let Some((path, _)) = get("href").and_then(|h| resolve(page, h)) else {
        return String::new();
    };
    let Some(css) = site.get(&path).and_then(|b| std::str::from_utf8(b).ok()) else {
        return String::new();
    };
    let media = get("media")
        .map(|m| format!(" media=\"{m}\""))
        .unwrap_or_default();
    format!(
        "<style{media}>\n{}</style>",
        inline_css_urls(css, &path, site).replace("</style", "<\\/style")
    )
}

/// A stylesheet's `url(…)`s of the site's own files written into it as data addresses;
/// others (a font service's) left as they are.
fn inline_css_urls(css: &str, css_path: &str, site: &Files) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        out.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let close = rest.find(')').unwrap_or(rest.len());
        let raw = rest[..close].trim().trim_matches(|c| c == '"' || c == '\'');
        match resolve(css_path, raw).and_then(|(p, _)| site.get(&p).map(|b| (p, b))) {
            Some((p, bytes)) => out.push_str(&format!("\"{}\"", data_url(&p, bytes))),
            None => out.push_str(&rest[..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// A file as a `data:` address (percent-encoded: no base64 needed for the rare image of a
/// theme's own).
fn data_url(path: &str, bytes: &[u8]) -> String {
    let mime = crate::media::attachments::media_type(path);
    let encoded =
        percent_encoding::percent_encode(bytes, percent_encoding::NON_ALPHANUMERIC).to_string();
    format!("data:{mime},{encoded}")
}

/// A tag that names another file (`src`, `href`, `action`, `poster`, `srcset`) rewritten so
/// the page needs nothing outside the item's folder; `name_end`: where its name ends.
fn rewrite_tag(
    tag: &str,
    name: &str,
    name_end: usize,
    page: &str,
    site: &Files,
    own: &Own,
    base_url: Option<&str>,
) -> String {
    let closing = tag.ends_with("/>");
    let inside = &tag[name_end..tag.len() - if closing { 2 } else { 1 }];
    let attrs = attributes(inside);
    let mut kept = String::new();
    for (key, value) in &attrs {
        let new = match key.as_str() {
            // A choice of sizes would make the browser fetch the site's: the one src stays.
            "srcset" => None,
            "src" | "poster" => match embedded(value, page, site, own) {
                Some(v) => Some(v),
                // An image this item does not hold: its description instead.
                None if name == "img" => {
                    let alt = attrs
                        .iter()
                        .find(|(k, _)| k == "alt")
                        .map_or("", |(_, v)| *v);
                    return format!("<span class=\"archive-missing-image\">{alt}</span>");
                }
                None => None,
            },
            "href" | "action" => linked(value, page, own, base_url),
            _ => Some(value.to_string()),
        };
        if let Some(v) = new {
            if v.is_empty() && !value.is_empty() {
                continue;
            }
            let _ = write!(kept, " {key}=\"{}\"", v.replace('"', "&quot;"));
        }
    }
    format!(
        "<{}{kept}{}>",
        &tag[1..name_end],
        if closing { " /" } else { "" }
    )
}

/// An embedded file's new address: the item's own copy, or the site's file written into the
/// page; `None` when it is neither (another record's attachment, a file not made).
fn embedded(value: &str, page: &str, site: &Files, own: &Own) -> Option<String> {
    let Some((path, suffix)) = resolve(page, value) else {
        // An outside address, a data: address or an anchor: as it was.
        return Some(value.to_string());
    };
    if let Some(a) = own.attachment(&path) {
        return Some(format!("{}{suffix}", file_url(a)));
    }
    let is_attachment = path.starts_with("attachments/") || path.starts_with("thumbs/");
    (!is_attachment)
        .then(|| site.get(&path).map(|bytes| data_url(&path, bytes)))
        .flatten()
}

/// A link's new address: the item's own attachment beside the page, the site's page online
/// (with the base URL), or none — the link's text stays, as text.
fn linked(value: &str, page: &str, own: &Own, base_url: Option<&str>) -> Option<String> {
    let Some((path, suffix)) = resolve(page, value) else {
        return Some(value.to_string());
    };
    if let Some(a) = own.attachment(&path) {
        return Some(format!("{}{suffix}", file_url(a)));
    }
    base_url.map(|b| format!("{b}{}{suffix}", file_url(&path)))
}

/// A relative address on the page at `page` as (site path, `#fragment` or empty); `None` for
/// an address with a scheme (`https:`, `mailto:`, `data:`), one from the host's root, or a
/// fragment alone.
pub fn resolve(page: &str, value: &str) -> Option<(String, String)> {
    let value = value.replace("&amp;", "&");
    let value = value.trim();
    if value.is_empty() || value.starts_with('#') || value.starts_with('/') {
        return None;
    }
    let scheme = value
        .find(':')
        .is_some_and(|c| !value[..c].contains(['/', '?', '#']));
    if scheme {
        return None;
    }
    let (before, fragment) = match value.find('#') {
        Some(h) => (&value[..h], value[h..].to_string()),
        None => (value, String::new()),
    };
    let before = before.split('?').next().unwrap_or(before);
    let decoded = percent_encoding::percent_decode_str(before)
        .decode_utf8()
        .ok()?
        .into_owned();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own name
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some((path, fragment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_resolve_against_the_page() {
        let page = "topics/x/index.html";
        let r = |v| resolve(page, v);
        assert_eq!(
            r("../../attachments/2025/a b.jpg").unwrap().0,
            "attachments/2025/a b.jpg"
        );
        assert_eq!(
            r("../../attachments/2025/a%20b.jpg#p2"),
            Some(("attachments/2025/a b.jpg".into(), "#p2".into()))
        );
        assert_eq!(r("feed.xml").unwrap().0, "topics/x/feed.xml");
        assert_eq!(r("../../").unwrap().0, "index.html");
        assert_eq!(r("../../years/").unwrap().0, "years/index.html");
        assert_eq!(r("../../../../etc/passwd"), None);
        for outside in [
            "#top",
            "https://example.org/a",
            "mailto:a@b.cn",
            "/abs",
            "data:x,1",
        ] {
            assert_eq!(r(outside), None, "{outside}");
        }
    }

    fn site() -> Files {
        let mut f = Files::new();
        f.insert("static/style.css".into(), b"body{color:red}".to_vec());
        f.insert("static/logo.svg".into(), b"<svg/>".to_vec());
        f
    }

    #[test]
    fn a_page_is_made_to_need_nothing_but_its_own_attachments() {
        let attachments: BTreeSet<String> = ["attachments/2025/a.jpg".to_string()].into();
        let thumbnails: BTreeMap<String, String> = [(
            "thumbs/2025/a.jpg".to_string(),
            "attachments/2025/a.jpg".to_string(),
        )]
        .into();
        let own = Own {
            attachments: &attachments,
            thumbnails: &thumbnails,
        };
        let html = concat!(
            "<html><head><link rel=\"stylesheet\" href=\"../../static/style.css\">",
            "<link rel=\"icon\" href=\"../../static/favicon.svg\">",
            "<link rel=\"canonical\" href=\"https://e.org/topics/x/index.html\">",
            "<script src=\"../../static/search.js\"></script><SCRIPT>alert(1)</script></head>",
            "<body><img src=\"../../thumbs/2025/a.jpg\" srcset=\"../../thumbs/2025/a.jpg 2x\" alt=\"现场\">",
            "<img src=\"../../attachments/2024/other.jpg\" alt=\"别的记录的照片\">",
            "<img src=\"../../static/logo.svg\" alt=\"\">",
            "<a href=\"../../attachments/2025/a.jpg\">原图</a> <a href=\"../../meetings/m/index.html#r1\">会议</a>",
            "<a href=\"#top\">顶部</a><a href=\"https://gov.cn/\">外</a><!-- <script> --></body></html>"
        );
        let with_base = self_contained(
            html,
            "topics/x/index.html",
            &site(),
            &own,
            Some("https://e.org/"),
        );
        assert!(with_base.contains("<style>\nbody{color:red}</style>"));
        assert!(!with_base.contains("favicon"));
        assert!(with_base.contains("rel=\"canonical\""));
        assert!(!with_base.contains("search.js") && !with_base.contains("alert(1)"));
        assert!(
            with_base.contains("<img src=\"attachments/2025/a.jpg\" alt=\"现场\">"),
            "{with_base}"
        );
        assert!(with_base.contains("<span class=\"archive-missing-image\">别的记录的照片</span>"));
        assert!(with_base.contains("src=\"data:image/svg+xml,%3Csvg%2F%3E\""));
        assert!(with_base.contains("<a href=\"attachments/2025/a.jpg\">原图</a>"));
        assert!(with_base.contains("<a href=\"https://e.org/meetings/m/index.html#r1\">会议</a>"));
        assert!(
            with_base.contains("<a href=\"#top\">")
                && with_base.contains("<a href=\"https://gov.cn/\">")
        );
        assert!(with_base.contains("<!-- <script> -->"));
        let without = self_contained(html, "topics/x/index.html", &site(), &own, None);
        assert!(without.contains("<a>会议</a>"), "{without}");
        assert!(without.contains("<a href=\"attachments/2025/a.jpg\">原图</a>"));
    }

    #[test]
    fn a_reference_has_the_fonds_year_retention_and_number() {
        let archive = Archive {
            fonds: "J108".into(),
            creator: "幸福里社区居民委员会".into(),
            retention: Default::default(),
        };
        assert_eq!(
            reference(&archive, 2025, Keep::Permanent, 1),
            "J108-2025-Y-0001"
        );
        assert_eq!(
            reference(&archive, 2025, Keep::Years30, 12),
            "J108-2025-D30-0012"
        );
        assert_eq!(
            reference(&archive, 2025, Keep::Years10, 9999),
            "J108-2025-D10-9999"
        );
        assert_eq!(
            reference(&archive, 2025, Keep::Years10, 10000),
            "J108-2025-D10-10000"
        );
    }
}
