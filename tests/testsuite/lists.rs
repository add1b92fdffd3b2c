//! Long lists are paginated (50 rows a page) and the home page is capped at 20 open topics;
//! checked on a community of 120 topics built in memory.

use yishi::pipeline::community;

#[test]
fn a_large_community_gets_paged_lists_and_a_short_home_page() {
    let site = "title = \"t\"\ncommunity = \"c\"\n";
    let topics: Vec<(String, String)> = (0..120)
        .map(|i| {
            (
                format!("content/topics/t{i:03}.md"),
                format!("+++\ntitle = \"议题{i:03}\"\ncategory = \"其他\"\nraised = 2025-01-{:02}\n+++\n", i % 28 + 1),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = topics
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    let (diagnostics, out) = community::build_in_memory(site, &files, today);
    let out = out.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let page = |p: &str| -> String {
        let f = out
            .iter()
            .find(|f| f.path == p)
            .unwrap_or_else(|| panic!("no {p}"));
        String::from_utf8(f.bytes.clone()).unwrap()
    };
    let cards = |html: &str| html.matches("class=\"topic-item\"").count();
    // 120 topics: pages of 50, 50 and 20; no fourth page.
    assert_eq!(cards(&page("topics/index.html")), 50);
    assert_eq!(cards(&page("topics/page/2/index.html")), 50);
    let last = page("topics/page/3/index.html");
    assert_eq!(cards(&last), 20);
    assert!(last.contains("第 3 页，共 3 页"));
    assert!(last.contains(r#"<a href="../../../topics/page/2/index.html" rel="prev">"#));
    assert!(!out.iter().any(|f| f.path == "topics/page/4/index.html"));
    // Every topic on exactly one page of the full list.
    let listed: usize = [
        "topics/index.html",
        "topics/page/2/index.html",
        "topics/page/3/index.html",
    ]
    .iter()
    .map(|p| cards(&page(p)))
    .sum();
    assert_eq!(listed, 120);
    // The status list of the 120 collected topics is paged the same way.
    assert!(
        out.iter()
            .any(|f| f.path == "topics/status/collected/page/3/index.html")
    );
    // The home page: 20 open topics, and the count of all.
    let home = page("index.html");
    assert_eq!(cards(&home), 20);
    assert!(home.contains("这里列出 20 项，共 120 项"));
}

/// The home page orders by the records' dates, not by their written-out form: "2025年10月2日"
/// sorts before "2025年9月5日" as text. Open topics newest first, overdue work longest
/// overdue first, upcoming meetings soonest first — across a change from one- to two-digit months.
#[test]
fn the_home_page_orders_by_date_not_by_text() {
    let site = "title = \"t\"\ncommunity = \"c\"\n";
    let topic = |title: &str, raised: &str, due: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ncategory = \"其他\"\nraised = {raised}\n\n[[actions]]\nid = \"a\"\ntask = \"{title}的事项\"\nowner = \"物业\"\ndue = {due}\n+++\n"
        )
    };
    let meeting = |title: &str, start: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nkind = \"民情恳谈会\"\nstart = {start}\nplace = \"议事室\"\nnotified = 2025-09-01\n+++\n"
        )
    };
    let files = [
        (
            "content/topics/sep.md",
            topic("九月议题", "2025-09-05", "2025-09-30"),
        ),
        (
            "content/topics/oct.md",
            topic("十月议题", "2025-10-02", "2025-10-15"),
        ),
        (
            "content/meetings/2025-11-20-a.md",
            meeting("十一月会议", "2025-11-20T09:00:00"),
        ),
        (
            "content/meetings/2025-12-03-b.md",
            meeting("十二月会议", "2025-12-03T09:00:00"),
        ),
        (
            "content/meetings/2025-11-05-c.md",
            meeting("十一月初会议", "2025-11-05T09:00:00"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 1).unwrap();
    let (diagnostics, out) = community::build_in_memory(site, &files, today);
    let out = out.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let home = out.iter().find(|f| f.path == "index.html").expect("home");
    let home = String::from_utf8(home.bytes.clone()).unwrap();
    let at = |text: &str| {
        home.find(text)
            .unwrap_or_else(|| panic!("{text} not on {home}"))
    };
    // Both topics are open with overdue work: the newer (October) first. (Both are also
    // proposals waiting for an answer, listed above, oldest first: look in the open list.)
    let open = at("id=\"open-heading\"");
    let in_open = |text: &str| open + home[open..].find(text).expect(text);
    assert!(in_open(">十月议题<") < in_open(">九月议题<"));
    // Overdue actions: due 30 September before due 15 October.
    assert!(at("九月议题的事项") < at("十月议题的事项"));
    // Upcoming meetings: 5 November, 20 November, 3 December.
    assert!(at("十一月初会议") < at("十一月会议<"));
    assert!(at("十一月会议<") < at("十二月会议"));
}
