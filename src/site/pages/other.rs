//! The council page, free pages, the search page, the list of changes and the 404 page.

use crate::plumbing::output::OutputFile;
use crate::site::context::*;
use crate::site::urls::*;
use crate::site::views::*;

impl Context<'_> {
    /// search/index.html: the search form (shown by search.js) over links to every category
    /// and year, which are all there is without JavaScript.
    pub(crate) fn search_page(&self) -> Result<OutputFile, String> {
        let path = "search/index.html";
        let root = root_of(path);
        let categories: Vec<serde_json::Value> = self
            .model
            .site
            .rules.categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let count = self.model.topics.iter().filter(|t| &t.category == c).count();
                serde_json::json!({ "label": c, "href": format!("{root}{}", category_url(i)), "count": count })
            })
            .collect();
        let years: Vec<serde_json::Value> = self
            .facts
            .years
            .iter()
            .rev()
            .map(|y| serde_json::json!({ "label": y.year, "href": format!("{root}{}", year_url(y.year)) }))
            .collect();
        let title = self.words.label("search");
        let view = serde_json::json!({
            "title": title,
            "categories": categories,
            "years": years,
            "bundle": format!("{root}search/"),
            "script": format!("{root}static/search.js"),
        });
        self.page("search.html", path, &title, "search", &view)
    }

    /// changes/index.html: the latest 50 published changes.
    pub(crate) fn changes_page(&self) -> Result<Option<OutputFile>, String> {
        let Some(p) = self.options.provenance else {
            return Ok(None);
        };
        let path = "changes/index.html";
        let root = root_of(path);
        let changes: Vec<ChangeView> = p
            .changes()
            .iter()
            .filter_map(|c| self.change_view(c, &root))
            .take(50)
            .collect();
        let title = self.words.label("changes");
        let view = serde_json::json!({ "title": title, "changes": changes });
        self.page("changes.html", path, &title, "changes", &view)
            .map(Some)
    }

    /// A free page of `content/pages/`.
    pub(crate) fn free_page(&self, page: &crate::model::Page) -> Result<OutputFile, String> {
        let path = page_url(&page.id);
        let html = self.body(&page.body, &path);
        let layout = self.with_record(self.layout(&path, &page.title, &page.id), &page.path, false);
        self.page_with_layout(
            "page.html",
            &path,
            layout,
            &serde_json::json!({ "title": page.title, "body": html }),
        )
    }

    pub(crate) fn not_found(&self) -> Result<OutputFile, String> {
        // A web server serves 404.html at any depth: links are absolute when the base URL is known.
        let mut layout = self.layout("404.html", &self.words.label("page_not_found"), "");
        if let Some(base) = self.options.base_url {
            let relative = layout.root.clone();
            for item in &mut layout.nav {
                item.href = format!("{base}{}", item.href.trim_start_matches(&relative));
            }
            layout.root = base.to_string();
        }
        self.page_with_layout("404.html", "404.html", layout, &serde_json::json!({}))
    }

    pub(crate) fn council_page(&self) -> Result<OutputFile, String> {
        let path = "council/index.html";
        let members: Vec<serde_json::Value> = self
            .model
            .council
            .iter()
            .flatten()
            .map(|m| {
                let term = match (m.since, m.until) {
                    (Some(s), Some(u)) => format!("{} – {}", self.words.date(s), self.words.date(u)),
                    (Some(s), None) => format!("{} –", self.words.date(s)),
                    (None, Some(u)) => format!("– {}", self.words.date(u)),
                    (None, None) => String::new(),
                };
                serde_json::json!({ "name": m.name, "role": m.role, "standing": m.standing, "affiliation": m.affiliation, "term": term })
            })
            .collect();
        let title = self.words.label("council");
        self.page(
            "council.html",
            path,
            &title,
            "council",
            &serde_json::json!({ "title": title, "members": members }),
        )
    }
}
