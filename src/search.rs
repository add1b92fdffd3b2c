//! Search that handles Chinese: a Pagefind index built at build time from the rendered
//! pages, written under `pagefind/`, and read by `static/search.js` on `search/index.html`.
//!
//! Pagefind (crate `pagefind`, "extended" feature) segments Chinese with ICU4X, the same
//! segmentation browsers use for `Intl.Segmenter`, so "停车位" and "垃圾分类" are found as
//! words; elasticlunr and friends cannot tokenise Chinese queries. Only pages whose `<main>`
//! carries `data-pagefind-body` are indexed: topics, meetings, years and free pages — not
//! lists, the board or the progress table, which would repeat every hit.
//!
//! The search runs in the browser with no server and no account. Without JavaScript (or
//! opened from `file://`, where browsers refuse to load the index) the search page still
//! lists every category and year to browse.

use crate::render::OutputFile;

/// The marker a page's HTML carries when it belongs in the index.
pub const MARKER: &str = "data-pagefind-body";

/// Whether a rendered file belongs in the index.
pub fn is_indexed(file: &OutputFile) -> bool {
    file.path.ends_with(".html")
        && file
            .bytes
            .windows(MARKER.len())
            .any(|w| w == MARKER.as_bytes())
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

/// Builds the index of `pages` (path, HTML) and returns its files under `pagefind/`.
/// The same pages give the same files (fragment names are content hashes).
pub fn index(mut pages: Vec<(String, String)>) -> Result<Vec<OutputFile>, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    // Pagefind numbers pages in the order they are added; sort for deterministic output.
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("search index: {e}"))?;
    let started = std::time::Instant::now();
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e}"))?;
        for (path, html) in pages {
            index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| format!("search index: {path}: {e}"))?;
        }
        if std::env::var_os("YISHI_TIMINGS").is_some() {
            eprintln!(
                "timing: search pages added {} ms",
                started.elapsed().as_millis()
            );
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("search index: {e}"))?;
        let mut out: Vec<OutputFile> = files
            .into_iter()
            .filter(|f| is_needed(&f.filename.to_string_lossy()))
            .map(|f| OutputFile {
                path: format!(
                    "pagefind/{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: f.contents,
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(out)
    })
}
