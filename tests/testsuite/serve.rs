//! `yishi serve` over loopback: pages are served, a save rebuilds and reloads open pages, and a
//! broken save keeps the last good build up with the problems shown.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    get_as(port, path, &format!("127.0.0.1:{port}"))
}

/// A GET with the given `Host` header (what a browser sends for the name it looked up).
fn get_as(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// Starts `yishi serve` on a free port of 127.0.0.1 for the community at `root`.
fn start(root: &std::path::Path) -> (Server, u16) {
    start_with(root, &[])
}

/// Starts `yishi serve` with more flags, on a free port.
fn start_with(root: &std::path::Path, flags: &[&str]) -> (Server, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yishi"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .args(flags)
        .env_remove("YISHI_TODAY")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stderr).lines();
    let port: u16 = loop {
        let line = lines.next().expect("server exited").unwrap();
        // "serving http://127.0.0.1:PORT/ …" or, in Chinese, "预览地址 http://…".
        let at = line
            .find("http://127.0.0.1:")
            .or_else(|| line.find("http://0.0.0.0:"));
        if let Some(at) = at {
            let rest = &line[at..];
            let rest = &rest[rest.find("//").unwrap() + 2..];
            let rest = &rest[rest.find(':').unwrap() + 1..];
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep reading the server's log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (server, port)
}

const TOPIC: &str =
    "+++\ntitle = \"第一版标题\"\ncategory = \"其他\"\nraised = 2025-01-02\n+++\n正文\n";

#[test]
fn serves_rebuilds_reloads_and_survives_a_broken_save() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content/topics")).unwrap();
    fs::write(
        root.join("site.toml"),
        "title = \"T\"\ncommunity = \"C\"\ntoday = 2025-06-01\n",
    )
    .unwrap();
    fs::write(root.join("content/topics/a.md"), TOPIC).unwrap();

    let (server, port) = start(root);

    let (status, page) = get(port, "/topics/a/");
    assert_eq!(status, 200);
    assert!(
        page.contains("第一版标题") && page.contains("/__yishi/events"),
        "{page}"
    );
    assert_eq!(get(port, "/static/style.css").0, 200);
    // Content types by name: the search script must be JavaScript or search does not run.
    let (status, js) = get(port, "/static/search.js");
    assert_eq!(status, 200);
    assert!(
        js.to_ascii_lowercase()
            .contains("content-type: application/javascript; charset=utf-8")
            || js
                .to_ascii_lowercase()
                .contains("content-type: text/javascript; charset=utf-8"),
        "{}",
        &js[..js.find("\r\n\r\n").unwrap_or(0)]
    );
    assert_eq!(get(port, "/no/such/page/").0, 404);
    assert_eq!(
        get_as(port, "/topics/a/", &format!("localhost:{port}")).0,
        200
    );
    // DNS rebinding: a page of another site whose name now points at 127.0.0.1 is refused,
    // pages and live-reload events alike.
    for path in ["/topics/a/", "/", "/__yishi/events", "/data/topics.json"] {
        let (status, body) = get_as(port, path, &format!("rebind.example:{port}"));
        assert_eq!(status, 421, "{path}");
        assert!(!body.contains("第一版标题"), "{body}");
    }
    // The built site files never carry the reload script.
    assert!(!root.join("site").exists());

    // An open page listens for reloads.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    write!(
        events,
        "GET /__yishi/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut events = BufReader::new(events);
    let mut header = String::new();
    while events.read_line(&mut header).unwrap() > 0 && !header.ends_with("\r\n\r\n") {}
    std::thread::sleep(Duration::from_millis(300));

    let saved = Instant::now();
    fs::write(
        root.join("content/topics/a.md"),
        TOPIC.replace("第一版标题", "第二版标题"),
    )
    .unwrap();
    let mut line = String::new();
    loop {
        line.clear();
        events.read_line(&mut line).unwrap();
        if line.starts_with("data:") {
            break;
        }
    }
    let reload_after = saved.elapsed();
    eprintln!(
        "reload event {} ms after the save",
        reload_after.as_millis()
    );
    assert!(reload_after < Duration::from_secs(10));
    assert!(get(port, "/topics/a/").1.contains("第二版标题"));

    // A broken save: the last good build stays, with the problem at the top of every page.
    fs::write(
        root.join("content/topics/a.md"),
        TOPIC.replace("category = \"其他\"", "category = \"其它类\""),
    )
    .unwrap();
    loop {
        line.clear();
        events.read_line(&mut line).unwrap();
        if line.starts_with("data:") {
            break;
        }
    }
    let (status, page) = get(port, "/topics/a/");
    assert_eq!(status, 200);
    assert!(page.contains("第二版标题"), "last good build is gone");
    assert!(
        page.contains("yishi-problems")
            && page.contains("content/topics/a.md:3:12")
            && page.contains("vocabulary"),
        "{page}"
    );
    drop(server);
}

/// `--bind 0.0.0.0` opens the preview to the network (a phone on the same Wi-Fi types the
/// computer's address) and says so; a DNS name other than `.local` is still refused.
#[test]
fn a_preview_bound_to_the_network_answers_addresses_not_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content/topics")).unwrap();
    fs::write(
        root.join("site.toml"),
        "title = \"T\"\ncommunity = \"C\"\ntoday = 2025-06-01\n",
    )
    .unwrap();
    fs::write(root.join("content/topics/a.md"), TOPIC).unwrap();
    let (server, port) = start_with(root, &["--bind", "0.0.0.0"]);
    assert_eq!(
        get_as(port, "/topics/a/", &format!("192.168.1.20:{port}")).0,
        200
    );
    assert_eq!(get_as(port, "/topics/a/", "laptop.local").0, 200);
    assert_eq!(get_as(port, "/topics/a/", "rebind.example").0, 421);
    drop(server);
}

/// A theme template that fails on one page shows the error there (500), not "not found", and
/// the other pages are still served.
#[test]
fn a_page_whose_template_fails_shows_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content/topics")).unwrap();
    fs::create_dir_all(root.join("themes/broken/templates")).unwrap();
    fs::write(
        root.join("site.toml"),
        "title = \"T\"\ncommunity = \"C\"\ntoday = 2025-06-01\ntheme = \"broken\"\n",
    )
    .unwrap();
    fs::write(
        root.join("themes/broken/templates/topic.html"),
        "{% extends \"base.html\" %}{% block content %}{{ page.no_such_field.deeper }}{% endblock content %}",
    )
    .unwrap();
    fs::write(root.join("content/topics/a.md"), TOPIC).unwrap();
    let (server, port) = start(root);
    let (status, page) = get(port, "/topics/a/");
    assert_eq!(status, 500, "{page}");
    assert!(
        page.contains("这个页面无法生成") && page.contains("topic.html"),
        "{page}"
    );
    assert_eq!(get(port, "/").0, 200);
    drop(server);
}
