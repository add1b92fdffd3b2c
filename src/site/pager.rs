//! Long lists split into pages of fifty, with a pager that shows the pages near the current
//! one.

use serde::Serialize;

use crate::site::urls::root_of;

/// Open topics and overdue actions listed on the home page; the lists hold the rest.
pub(crate) const HOME_LIMIT: usize = 20;

/// Rows per list page: a phone scrolls 50 topic cards comfortably, and a page stays far
/// under 100 KB; a community's lists usually fit on one page.
pub const PER_PAGE: usize = 50;

/// Page links of a paginated list, for the `pager` component.
#[derive(Serialize, Clone, Default)]
pub(crate) struct Pager {
    /// This page's number.
    pub(crate) current: usize,
    /// How many pages.
    pub(crate) total: usize,
    /// The previous page.
    pub(crate) prev: Option<String>,
    /// The next page.
    pub(crate) next: Option<String>,
    /// Numbered links, with gaps.
    pub(crate) pages: Vec<PagerLink>,
}

/// A link of the pager.
#[derive(Serialize, Clone)]
pub(crate) struct PagerLink {
    /// Page number, or None for a gap ("…").
    pub(crate) n: Option<usize>,
    /// Its page.
    pub(crate) href: String,
    /// It is this page.
    pub(crate) current: bool,
}

/// The path of page `n` (1-based) of a list whose first page is `<dir>index.html`:
/// later pages are `<dir>page/<n>/index.html`.
pub fn list_page_path(dir: &str, n: usize) -> String {
    if n <= 1 {
        format!("{dir}index.html")
    } else {
        format!("{dir}page/{n}/index.html")
    }
}

/// Splits `rows` into pages of [`PER_PAGE`]; each comes with its path and pager. An empty
/// list still has its first page.
pub(crate) fn paginate<T: Clone>(dir: &str, rows: &[T]) -> Vec<(String, Vec<T>, Pager)> {
    let total = rows.len().div_ceil(PER_PAGE).max(1);
    (1..=total)
        .map(|n| {
            let path = list_page_path(dir, n);
            let root = root_of(&path);
            let href = |k: usize| format!("{root}{}", list_page_path(dir, k));
            // First, last, and two either side of the current page; gaps as "…".
            let mut pages = Vec::new();
            let mut last_shown = 0;
            for k in 1..=total {
                if k == 1 || k == total || k.abs_diff(n) <= 2 {
                    if k > last_shown + 1 {
                        pages.push(PagerLink {
                            n: None,
                            href: String::new(),
                            current: false,
                        });
                    }
                    pages.push(PagerLink {
                        n: Some(k),
                        href: href(k),
                        current: k == n,
                    });
                    last_shown = k;
                }
            }
            let slice = rows
                .iter()
                .skip((n - 1) * PER_PAGE)
                .take(PER_PAGE)
                .cloned()
                .collect();
            let pager = Pager {
                current: n,
                total,
                prev: (n > 1).then(|| href(n - 1)),
                next: (n < total).then(|| href(n + 1)),
                pages: if total > 1 { pages } else { Vec::new() },
            };
            (path, slice, pager)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_into_pages_of_fifty_with_a_windowed_pager() {
        // No rows: still one (empty) first page, and no pager.
        let pages = paginate::<u32>("topics/", &[]);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, "topics/index.html");
        assert!(pages[0].2.pages.is_empty());
        // Exactly 50: one page; 51: two, the second with the one row left.
        let rows: Vec<u32> = (0..51).collect();
        assert_eq!(paginate("topics/", &rows[..50]).len(), 1);
        let pages = paginate("topics/", &rows);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].0, "topics/page/2/index.html");
        assert_eq!(pages[1].1, vec![50]);
        assert_eq!(
            pages[1].2.prev.as_deref(),
            Some("../../../topics/index.html")
        );
        assert_eq!(pages[1].2.next, None);
        assert_eq!(
            pages[0].2.next.as_deref(),
            Some("../topics/page/2/index.html")
        );
        // 20 pages, on page 10: 1 … 8 9 10 11 12 … 20.
        let rows: Vec<u32> = (0..1000).collect();
        let pages = paginate("meetings/", &rows);
        assert_eq!(pages.len(), 20);
        let shown: Vec<Option<usize>> = pages[9].2.pages.iter().map(|p| p.n).collect();
        assert_eq!(
            shown,
            [
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(20)
            ]
        );
        assert!(pages[9].2.pages[4].current);
        // Every row on exactly one page, in order.
        let all: Vec<u32> = pages.iter().flat_map(|p| p.1.clone()).collect();
        assert_eq!(all, rows);
    }
}
