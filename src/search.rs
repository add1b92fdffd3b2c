//! Search that handles Chinese: a Pagefind index built at build time, written under
//! `pagefind/`, and read by `static/search.js` on `search/index.html`.
//!
//! Pagefind (crate `pagefind`, "extended" feature) segments Chinese with ICU4X, the same
//! segmentation browsers use for `Intl.Segmenter`, so "停车位" and "垃圾分类" are found as
//! words; elasticlunr and friends cannot tokenise Chinese queries.
//!
//! The index is fed one plain-text record per topic, meeting, year and free page, made
//! from the model — what staff wrote (titles, summaries, bodies, resolutions, progress
//! notes, evaluation comments) — not the rendered HTML: handing Pagefind 30,000 whole pages
//! cost 163 s and 8.9 GB at 10,000 topics, most of it segmenting navigation, tallies and
//! timelines that repeat across pages (docs/performance.md). Lists and the board are not
//! indexed, so every hit is the record itself.
//!
//! The search runs in the browser with no server and no account. Without JavaScript (or
//! opened from `file://`, where browsers refuse to load the index) the search page still
//! lists every category and year to browse.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Parser, TagEnd};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::{Language, Model};
use crate::render::{OutputFile, meeting_url, page_url, topic_url, year_url};

/// One searchable record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Site-relative address of its page.
    pub url: String,
    /// What a result shows as its link.
    pub title: String,
    /// The words to find it by.
    pub text: String,
}

/// The plain text of a Markdown body: text and code, blocks separated by line breaks.
pub fn markdown_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for event in Parser::new(body) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts {
        let p = p.trim();
        if !p.is_empty() {
            out.push_str(p);
            out.push('\n');
        }
    }
    out
}

/// Every searchable record of a community, in a fixed order (topics, meetings, years,
/// pages, each by id), made in parallel.
pub fn records(model: &Model, years: &[i32], year_title: &dyn Fn(i32) -> String) -> Vec<Record> {
    let topics = model.topics.par_iter().map(|t| {
        let mut parts: Vec<&str> = vec![&t.title, &t.category];
        parts.extend(t.summary.as_deref());
        parts.extend(t.raised_by.as_deref());
        parts.extend(t.stakeholders.iter().map(String::as_str));
        parts.extend(t.declined.as_deref());
        for a in &t.actions {
            parts.push(&a.task);
            parts.push(&a.owner);
            parts.extend(a.supervisor.as_deref());
            parts.extend(a.updates.iter().filter_map(|u| u.note.as_deref()));
        }
        let body = markdown_text(&t.body);
        parts.push(&body);
        Record {
            url: topic_url(&t.id),
            title: t.title.clone(),
            text: join(parts),
        }
    });
    let meetings = model.meetings.par_iter().map(|m| {
        let mut parts: Vec<&str> = vec![&m.title, &m.kind, &m.place];
        parts.extend(m.host.as_deref());
        parts.extend(
            m.topics
                .iter()
                .filter_map(|id| model.topic(id).map(|t| t.title.as_str())),
        );
        parts.extend(m.resolutions.iter().map(|r| r.text.as_str()));
        parts.extend(m.cancelled.as_deref());
        let body = markdown_text(&m.body);
        parts.push(&body);
        Record {
            url: meeting_url(&m.id),
            title: m.title.clone(),
            text: join(parts),
        }
    });
    let mut out: Vec<Record> = topics.chain(meetings).collect();
    for &year in years {
        let title = year_title(year);
        let mut parts: Vec<&str> = vec![&title];
        let evaluation = model.evaluations.iter().find(|e| e.year == year);
        let body = evaluation
            .map(|e| markdown_text(&e.body))
            .unwrap_or_default();
        if let Some(e) = evaluation {
            parts.extend(e.method.as_deref());
            parts.extend(e.topics.iter().filter_map(|r| r.comment.as_deref()));
            parts.push(&body);
        }
        let text = join(parts);
        out.push(Record {
            url: year_url(year),
            title,
            text,
        });
    }
    for p in &model.pages {
        let body = markdown_text(&p.body);
        out.push(Record {
            url: page_url(&p.id),
            title: p.title.clone(),
            text: join([p.title.as_str(), body.as_str()]),
        });
    }
    out
}

/// Whether a file of Pagefind's bundle is needed by `static/search.js`: the search API,
/// its worker and WebAssembly, the metadata and the index itself. Pagefind's ready-made UIs
/// (about 430 KB) are left out: the search page has its own, larger-type interface.
fn is_needed(name: &str) -> bool {
    let name = name.replace('\\', "/");
    name == "pagefind.js"
        || name == "pagefind-worker.js"
        || name == "pagefind-entry.json"
        || name.starts_with("wasm.")
        || name.ends_with(".pf_meta")
        || ["index/", "fragment/", "filter/"]
            .iter()
            .any(|d| name.starts_with(d))
}

/// Records per Pagefind index. Pagefind holds a whole index in memory while it builds
/// (about 190 KB per record) and indexes on one thread, so a large community's records are
/// split into shards of this size, built two at a time and merged by the browser
/// (`mergeIndex`); a community's records fit in one.
pub const SHARD: usize = 2000;

/// Builds the index of `records` and returns its files under `pagefind/`: the first shard
/// there, further shards under `pagefind/shard-<n>/` listed in `pagefind/yishi-shards.json`.
/// A record goes to the shard its address hashes to, so an edit changes one shard; a shard
/// whose records are those of the site at `previous` (the build being replaced) is copied
/// from it instead of indexed again (each shard keeps the SHA-256 of its inputs in
/// `yishi-key.txt`). The same records give the same files either way (tested).
pub fn index(
    records: Vec<Record>,
    language: Language,
    previous: Option<&Path>,
) -> Result<Vec<OutputFile>, String> {
    let count = records.len().div_ceil(SHARD).max(1);
    let mut shards: Vec<Vec<Record>> = vec![Vec::new(); count];
    for r in records {
        let n = if count == 1 {
            0
        } else {
            let digest = Sha256::digest(r.url.as_bytes());
            (u64::from_be_bytes(digest[..8].try_into().unwrap_or_default()) % count as u64) as usize
        };
        shards[n].push(r);
    }
    let built: Vec<Vec<OutputFile>> = shards
        .into_par_iter()
        .enumerate()
        .map(|(n, shard)| {
            let dir = if n == 0 {
                "pagefind/".to_string()
            } else {
                format!("pagefind/shard-{n}/")
            };
            let key = shard_key(&shard, language, count);
            let mut files = match previous.and_then(|p| reuse(p, &dir, &key)) {
                Some(files) => files,
                None => index_one(shard, language, &dir, n == 0)?,
            };
            files.push(OutputFile {
                path: format!("{dir}yishi-key.txt"),
                bytes: format!("{key}\n").into_bytes(),
            });
            Ok(files)
        })
        .collect::<Result<_, String>>()?;
    let mut out: Vec<OutputFile> = built.into_iter().flatten().collect();
    if count > 1 {
        let list: Vec<String> = (1..count).map(|n| format!("shard-{n}/")).collect();
        out.push(OutputFile {
            path: "pagefind/yishi-shards.json".into(),
            bytes: serde_json::to_vec(&list).map_err(|e| e.to_string())?,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// What a shard's files depend on: the generator, the language, the number of shards and
/// every record.
fn shard_key(records: &[Record], language: Language, count: usize) -> String {
    let mut hash = Sha256::new();
    hash.update(crate::pipeline::GENERATOR.as_bytes());
    hash.update(format!("\0{language:?}\0{count}\0").as_bytes());
    for r in records {
        for part in [&r.url, &r.title, &r.text] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The files of shard `dir` of the previous site, when its key matches.
fn reuse(previous: &Path, dir: &str, key: &str) -> Option<Vec<OutputFile>> {
    let base = previous.join(dir);
    let old_key = std::fs::read_to_string(base.join("yishi-key.txt")).ok()?;
    if old_key.trim() != key {
        return None;
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&base)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.ok()?;
        let rel = entry
            .path()
            .strip_prefix(&base)
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        // The first shard's folder also holds the others and the shard list.
        if rel.starts_with("shard-") || rel == "yishi-shards.json" || rel == "yishi-key.txt" {
            continue;
        }
        if entry.file_type().is_file() {
            files.push(OutputFile {
                path: format!("{dir}{rel}"),
                bytes: std::fs::read(entry.path()).ok()?,
            });
        }
    }
    Some(files)
}

/// One Pagefind bundle of `records` under `dir`; only the primary keeps the search code.
fn index_one(
    records: Vec<Record>,
    language: Language,
    dir: &str,
    primary: bool,
) -> Result<Vec<OutputFile>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let lang = match language {
        Language::ZhCn => "zh-cn",
        Language::En => "en",
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("search index: {e}"))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(lang.to_string())
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e}"))?;
        for r in records {
            let meta = BTreeMap::from([("title".to_string(), r.title)]);
            index
                .add_custom_record(
                    format!("/{}", r.url),
                    r.text,
                    lang.to_string(),
                    Some(meta),
                    None,
                    None,
                )
                .await
                .map_err(|e| format!("search index: {}: {e}", r.url))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("search index: {e}"))?;
        Ok(files
            .into_iter()
            .filter(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                is_needed(&name) && (primary || !is_code(&name))
            })
            .map(|f| OutputFile {
                path: format!("{dir}{}", f.filename.to_string_lossy().replace('\\', "/")),
                bytes: f.contents,
            })
            .collect())
    })
}

/// The search code and WebAssembly, which merged shards do not need.
fn is_code(name: &str) -> bool {
    name.ends_with(".js") || name.starts_with("wasm.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        let text = markdown_text(
            "## 讨论\n\n养犬居民代表认为**草案**过严，\n建议划定时段。\n\n- 一\n- 二\n",
        );
        assert_eq!(
            text,
            "讨论\n养犬居民代表认为草案过严， 建议划定时段。\n一\n二\n"
        );
    }
}
