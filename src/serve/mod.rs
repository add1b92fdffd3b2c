//! `yishi serve`: a live preview on 127.0.0.1 for staff editing records.
//!
//! The records are checked (the same stages as `build`) and each page is rendered in memory
//! when it is asked for ([`crate::serve::preview`]; nothing written), served by a small axum server
//! bound to loopback only, and checked again when `site.toml`, `content/` or `themes/`
//! change — never the output folder. Open pages reload themselves through a
//! server-sent-events endpoint; that script is injected only here, never into built sites.
//! When a save breaks the content, the last good build stays up and every page shows the
//! problems in a box at the top, so a bad save never stops the server.

pub mod preview;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use tokio::sync::broadcast;

use crate::diagnostics::{self, Diagnostic};
use crate::input::source::{Disk, Node, Source};
use crate::media::attachments::Cache;
use crate::model::Language;
use crate::pipeline::community::BuildOptions;
use crate::pipeline::incremental::Checker;
use crate::plumbing::escape::xml_escape;
use crate::serve::preview::{Changed, Preview};

/// Where live-reload events are served.
pub const EVENTS_PATH: &str = "/__yishi/events";

/// The last good site and the problems of the latest build.
#[derive(Default)]
struct Site {
    preview: Option<Arc<Preview>>,
    problems: Vec<Diagnostic>,
    /// The language staff read the problems in (the latest check's settings).
    language: Language,
}

#[derive(Clone)]
struct AppState {
    site: Arc<RwLock<Site>>,
    reload: broadcast::Sender<u64>,
}

/// Checks the records again (only the changed files are read and parsed again) and makes a
/// new preview of them; on errors keeps the previous preview and records the problems.
/// Returns the number of records and of errors, the language staff read, and whether a new
/// preview was made (what changed is counted from the last one made).
fn rebuild(
    checker: &mut Checker,
    site: &RwLock<Site>,
    memo: &Cache,
    changed: Changed,
    timings: bool,
) -> (usize, usize, Language, bool) {
    let previous = site.read().ok().and_then(|s| s.preview.clone());
    let (report, made) = Preview::after_save(checker, memo, previous.as_deref(), changed);
    if timings {
        report.stages.lines().for_each(|line| eprintln!("{line}"));
    }
    let language = report.settings.staff_language;
    let mut errors: Vec<Diagnostic> = report
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == diagnostics::Severity::Error)
        .collect();
    let preview = match made {
        Some(Ok(p)) => {
            errors.extend(p.attachment_problems().iter().cloned());
            Some((p.records(), p))
        }
        Some(Err(e)) => {
            errors.push(Diagnostic::whole_file(
                diagnostics::Severity::Error,
                "render",
                "themes",
                crate::tr!("{e}", "主题模板出错：{e}"),
            ));
            None
        }
        None => None,
    };
    let Ok(mut site) = site.write() else {
        return (0, 0, language, false);
    };
    let mut records = 0;
    let made = preview.is_some();
    if let Some((n, preview)) = preview {
        site.preview = Some(Arc::new(preview));
        records = n;
    }
    site.problems = errors;
    site.language = language;
    (records, site.problems.len(), language, made)
}

fn overlay(problems: &[Diagnostic], language: Language) -> String {
    let mut text = String::new();
    for d in problems {
        text.push_str(&d.render_in(language));
    }
    text.push_str(&diagnostics::summary_in(problems, language));
    let lead = crate::tr!(
        "yishi: the last save has problems; this is the last good build.",
        "yishi：最近一次保存有错误；下面是上一次没有错误时的网站。"
    );
    let lead = lead.get(language);
    format!(
        "<div id=\"yishi-problems\" role=\"alert\" style=\"position:relative;z-index:10;background:#fff;color:#1b1b1b;border:4px solid #b10e1e;margin:0;padding:1rem;font-size:1rem\"><p style=\"margin:0 0 .5rem;font-weight:700\">{lead}</p><pre style=\"white-space:pre-wrap;margin:0\">{}</pre></div>",
        xml_escape(&text)
    )
}

fn reload_script() -> String {
    format!(
        "<script>new EventSource(\"{EVENTS_PATH}\").onmessage = function () {{ location.reload(); }};</script>"
    )
}

/// Where `serve` listens, and whether to open a browser there.
#[derive(Debug, Clone, Copy)]
pub struct Listen {
    /// The address: loopback unless `--bind` names another (the preview shows drafts).
    pub addr: std::net::IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// Open the preview in the default browser once it listens.
    pub open: bool,
    /// Print how long each stage of a save took (`YISHI_TIMINGS`).
    pub timings: bool,
}

/// Whether a request's `Host` names this machine's loopback: `localhost` (or a name under
/// it), `127.0.0.1`–`127.255.255.255` or `[::1]`, with any port. A page on another site can
/// point its own name at 127.0.0.1 (DNS rebinding) and read the preview — drafts included —
/// so any other name is refused.
pub fn is_loopback_host(host: &str) -> bool {
    match host_name(host) {
        Some(HostName::Ip(ip)) => ip.is_loopback(),
        Some(HostName::Name(name)) => name == "localhost" || name.ends_with(".localhost"),
        None => false,
    }
}

/// Whether `serve --bind` on a network address answers a request with this `Host`: a
/// loopback name, an IP address (a phone types the computer's address), or a `.local` name
/// of the local network — never another DNS name, which a remote page could point here.
pub fn is_network_host(host: &str) -> bool {
    match host_name(host) {
        Some(HostName::Ip(_)) => true,
        Some(HostName::Name(name)) => {
            name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local")
        }
        None => false,
    }
}

enum HostName {
    Ip(std::net::IpAddr),
    Name(String),
}

/// A `Host` header's name without its port: an address or a lowercase name.
fn host_name(host: &str) -> Option<HostName> {
    let host = host.trim().to_ascii_lowercase();
    if let Some(v6) = host.strip_prefix('[') {
        let (addr, rest) = v6.split_once(']')?;
        if !(rest.is_empty() || is_port(rest)) {
            return None;
        }
        return addr
            .parse::<std::net::Ipv6Addr>()
            .ok()
            .map(|ip| HostName::Ip(ip.into()));
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if is_port(&format!(":{port}")) => name.to_string(),
        Some(_) => return None,
        None => host,
    };
    let name = name.strip_suffix('.').unwrap_or(&name).to_string();
    if name.is_empty() {
        return None;
    }
    Some(match name.parse::<std::net::Ipv4Addr>() {
        Ok(ip) => HostName::Ip(ip.into()),
        Err(_) => HostName::Name(name),
    })
}

/// `:` and one to five digits.
fn is_port(s: &str) -> bool {
    s.strip_prefix(':')
        .is_some_and(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Refuses (421) every request whose `Host` the listening address may not answer, before
/// any handler: only loopback names on loopback; IP addresses and `.local` names too when
/// `--bind` opened the preview to the network.
async fn host_guard(
    network: bool,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    let allowed = if network {
        is_network_host
    } else {
        is_loopback_host
    };
    if host.is_some_and(allowed) {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "yishi serve answers only http://127.0.0.1 or http://localhost (the preview shows drafts)\n",
    )
        .into_response()
}

async fn page(State(state): State<AppState>, uri: Uri) -> Response {
    let mut path = uri.path().trim_start_matches('/').to_string();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    } else if !path.rsplit('/').next().unwrap_or("").contains('.') {
        path.push_str("/index.html");
    }
    let (preview, problems, language) = match state.site.read() {
        Ok(site) => (site.preview.clone(), site.problems.clone(), site.language),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    // Rendering is CPU work: off the server's threads.
    let wanted = path.clone();
    let found = tokio::task::spawn_blocking(move || {
        let preview = preview?;
        let path = wanted;
        match preview.get(&path) {
            Ok(Some(b)) => Some((StatusCode::OK, b)),
            Ok(None) => preview
                .get("404.html")
                .ok()
                .flatten()
                .map(|b| (StatusCode::NOT_FOUND, b)),
            // A theme template that fails on this page: say so rather than "not found".
            Err(e) => {
                let heading = crate::tr!(
                    "yishi: this page could not be made",
                    "yishi：这个页面无法生成"
                )
                .get(preview.staff_language())
                .to_string();
                Some((
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Arc::new(
                        format!(
                            "<!DOCTYPE html><meta charset=\"utf-8\"><title>yishi</title><body><h1>{}</h1><pre style=\"white-space:pre-wrap\">{}</pre></body>",
                            xml_escape(&heading),
                            xml_escape(&e)
                        )
                        .into_bytes(),
                    ),
                ))
            }
        }
    })
    .await
    .ok()
    .flatten();
    let (status, bytes) = found.unwrap_or_else(|| {
        (
            StatusCode::NOT_FOUND,
            Arc::new(b"<!DOCTYPE html><title>yishi</title><body></body>".to_vec()),
        )
    });
    let html = path.ends_with(".html") || status != StatusCode::OK;
    if !html {
        let guessed = mime_guess::from_path(&path).first_or_octet_stream();
        // Text is UTF-8, always (the guess does not say so).
        let mime = if guessed.type_() == "text" || guessed.subtype() == "javascript" {
            format!("{guessed}; charset=utf-8")
        } else {
            guessed.to_string()
        };
        return (
            status,
            [(header::CONTENT_TYPE, mime.as_str())],
            bytes.to_vec(),
        )
            .into_response();
    }
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    // The reload script at the end of the body; the problems, if any, at its top.
    match text.rfind("</body>") {
        Some(at) => text.insert_str(at, &reload_script()),
        None => text.push_str(&reload_script()),
    }
    if !problems.is_empty() {
        let top = text
            .find("<body")
            .and_then(|at| text[at..].find('>').map(|e| at + e + 1))
            .unwrap_or(0);
        text.insert_str(top, &overlay(&problems, language));
    }
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let receiver = state.reload.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(version) => return Some((Ok(Event::default().data(version.to_string())), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Whether a changed path is one the site is built from (not the output, not editor litter).
fn relevant(path: &Path, root: &Path, out: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return false;
    }
    path == root.join("site.toml")
        || path.starts_with(root.join("content"))
        || path.starts_with(root.join("static"))
        || path.starts_with(root.join("themes"))
}

/// Adds `path` to `sources` when it is site.toml or under content/ (relative to `root`); a
/// name that is not UTF-8 leaves git to be asked about everything.
fn note_source(sources: &mut Option<Vec<String>>, path: &Path, root: &Path) {
    let Ok(relative) = path.strip_prefix(root) else {
        return;
    };
    if relative != Path::new("site.toml") && !relative.starts_with("content") {
        return;
    }
    match (sources.as_mut(), relative.to_str()) {
        (Some(list), Some(name)) => list.push(name.to_string()),
        _ => *sources = None,
    }
}

/// Serves the community in `folder` on `listen`'s address until the process ends. Port 0
/// picks a free port; the address is printed on standard error.
pub fn serve(folder: &Path, options: BuildOptions, listen: Listen) -> Result<(), String> {
    // The watcher names files by their full path: the folder as the system names it.
    let disk = Disk::canonical(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let root = disk.root().to_path_buf();
    let source: Arc<dyn Source> = Arc::new(disk);
    let out = root.join("site");
    let site = Arc::new(RwLock::new(Site::default()));
    let started = Instant::now();
    // Attachments processed once, not after every save.
    let memo = Arc::new(Cache::default());
    // The overlay shows errors only: the checker need not gather the warnings.
    let mut checker = Checker::new(source.clone(), options).errors_only();
    let everything = Changed {
        themes: true,
        sources: None,
    };
    let (records, problems, language, _) =
        rebuild(&mut checker, &site, &memo, everything, listen.timings);
    let ms = started.elapsed().as_millis();
    eprintln!(
        "{}",
        crate::tr!("checked {records} topics and meetings in {ms} ms ({problems} errors); pages are made as they are asked for", "已检查 {records} 个议题和会议（{ms} 毫秒，{problems} 个错误）；页面在打开时生成").get(language)
    );
    let (reload, _) = broadcast::channel(16);
    let state = AppState {
        site: site.clone(),
        reload: reload.clone(),
    };

    // Watch what the site is built from; rebuild and tell open pages.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(100), None, tx)
        .map_err(|e| format!("cannot watch files: {e}"))?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in ["content", "themes"] {
        let path = root.join(dir);
        if source.node(dir).is_ok_and(|n| n == Node::Folder) {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    let watch_site = site.clone();
    let watch_reload = reload.clone();
    let timings = listen.timings;
    std::thread::spawn(move || {
        let _keep = debouncer;
        let mut version = 0u64;
        // Every path under site.toml and content/ changed since the last preview was made,
        // for git's status of those alone and the attachments to read again; None when the
        // watcher may have missed some. And whether a theme file changed since.
        let mut sources: Option<Vec<String>> = Some(Vec::new());
        let mut themes_pending = false;
        for result in rx {
            let Ok(events) = result else {
                checker.reset(); // the watcher failed: read everything again next time
                sources = None;
                continue;
            };
            let mut changed = false;
            for e in &events {
                if matches!(e.event.kind, EventKind::Access(_)) {
                    continue;
                }
                if e.event.need_rescan() {
                    checker.reset();
                    (changed, themes_pending) = (true, true);
                    sources = None;
                }
                // Every path is noted, so the checker's files stay exact (an editor's backup
                // file is an ignored-file warning to `check` too), but only a source starts
                // a rebuild.
                for path in e.event.paths.iter().filter(|p| !p.starts_with(&out)) {
                    checker.changed([path]);
                    note_source(&mut sources, path, &root);
                    changed |= relevant(path, &root, &out);
                    themes_pending |= path.starts_with(root.join("themes"));
                }
            }
            if !changed {
                continue;
            }
            let started = Instant::now();
            let changed = Changed {
                themes: themes_pending,
                sources: sources.as_deref(),
            };
            let (records, problems, language, made) =
                rebuild(&mut checker, &watch_site, &memo, changed, timings);
            // What changed is counted from the last preview made: a save with errors makes
            // none, and its changes are still to be read by the next.
            if made {
                sources = Some(Vec::new());
                themes_pending = false;
            }
            version += 1;
            let ms = started.elapsed().as_millis();
            eprintln!(
                "{}",
                crate::tr!(
                    "checked {records} topics and meetings again in {ms} ms ({problems} errors)",
                    "已重新检查 {records} 个议题和会议（{ms} 毫秒，{problems} 个错误）"
                )
                .get(language)
            );
            let _ = watch_reload.send(version);
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let network = !listen.addr.is_loopback();
        let app = Router::new()
            .route(EVENTS_PATH, get(events))
            .fallback(get(page))
            .layer(axum::middleware::from_fn(move |request, next| {
                host_guard(network, request, next)
            }))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(listen.addr, listen.port))
            .await
            .map_err(|e| format!("cannot listen on {}:{}: {e}", listen.addr, listen.port))?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let line = if network {
            crate::tr!(
                "serving http://{address}/ — open to this network: anyone who can reach this computer sees the preview, drafts included (Ctrl-C to stop)",
                "预览地址 http://{address}/ ——对本网络开放：能访问这台电脑的人都能看到预览，包括草稿（按 Ctrl-C 停止）"
            )
        } else {
            crate::tr!(
                "serving http://{address}/ (loopback only; Ctrl-C to stop)",
                "预览地址 http://{address}/（只在本机可见；按 Ctrl-C 停止）"
            )
        };
        eprintln!("{}", line.get(language));
        if listen.open {
            let url = if network {
                format!("http://127.0.0.1:{}/", address.port())
            } else {
                format!("http://{address}/")
            };
            if let Err(e) = open::that_detached(&url) {
                eprintln!(
                    "{}",
                    crate::tr!("could not open a browser ({e}); open {url} yourself", "无法打开浏览器（{e}）；请自己打开 {url}").get(language)
                );
            }
        }
        axum::serve(listener, app).await.map_err(|e| e.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_network_preview_answers_addresses_and_local_names_only() {
        for host in [
            "192.168.1.20:1111",
            "10.0.0.5",
            "[fe80::1]:1111",
            "laptop.local",
            "localhost:1111",
            "127.0.0.1",
        ] {
            assert!(is_network_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "192.168.1.20.evil.example",
            "laptop.local.evil.example",
            "laptop",
        ] {
            assert!(!is_network_host(host), "{host}");
        }
    }

    #[test]
    fn only_loopback_names_are_answered() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:8080",
            "localhost.",
            "preview.localhost:1111",
            "[::1]",
            "[::1]:1111",
            "127.1.2.3:80",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "localhost.evil.example",
            "10.0.0.1",
            "0.0.0.0:1111",
            "[::2]:1111",
            "[::1]x",
            "localhost:abc",
            "localhost:123456",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn only_sources_trigger_rebuilds() {
        let root = Path::new("/r");
        let out = Path::new("/r/site");
        assert!(relevant(Path::new("/r/site.toml"), root, out));
        assert!(relevant(Path::new("/r/content/topics/a.md"), root, out));
        assert!(relevant(
            Path::new("/r/themes/x/templates/base.html"),
            root,
            out
        ));
        assert!(!relevant(Path::new("/r/site/index.html"), root, out));
        assert!(!relevant(
            Path::new("/r/content/topics/.a.md.swp"),
            root,
            out
        ));
        assert!(!relevant(Path::new("/r/README.md"), root, out));
    }
}
