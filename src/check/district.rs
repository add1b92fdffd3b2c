//! A district's own files (docs/district.md): district.toml, the
//! folders under `communities/` (each a community checked like any other), and the
//! district's `static/`.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;

use super::site::static_collisions;
use super::values::is_http_url;
use crate::diagnostics::{Diagnostic, Severity};
use crate::input::load;
use crate::input::source::{Node, Source};
use crate::media::statics;
use crate::model::Language;
use crate::privacy;
use crate::settings::{Given, Settings};

/// What the district's own files say: district.toml (none when it has errors), each
/// community's folder as a source of its own, sorted by id, and every problem of those and
/// of the district's `static/` (masked).
pub struct DistrictFiles {
    /// district.toml's settings, with the district's `static/` files.
    pub district: Option<District>,
    /// The settings of the district's report: what the command line was given, with
    /// district.toml's language for staff and its pinned today.
    pub settings: Settings,
    /// Each community, sorted by folder.
    pub communities: Vec<Community>,
    /// The problems found.
    pub diagnostics: Vec<Diagnostic>,
}

/// One community of a district, to be checked like any other.
pub struct Community {
    /// Its folder under `communities/`: its place in the district's site.
    pub id: String,
    /// Its repository.
    pub source: Arc<dyn Source>,
    /// What it is given: the command line's, with the district's today and an address under
    /// the district's ([`Given::in_district`]; district.toml's defaults when it has errors).
    pub given: Given,
}

/// Checks a district's own files as read ([`load::district`]): district.toml, the
/// communities' folder names, `static/`.
pub fn check_district(source: &dyn Source, given: &Given) -> DistrictFiles {
    let load::District {
        toml,
        communities: folders,
        static_files,
        mut diagnostics,
    } = load::district(source);
    let district = match read_district(toml) {
        Ok(d) => Some(d),
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            None
        }
    };
    let found = communities(folders, &mut diagnostics);
    let root_files = ["index.html", "404.html", crate::plumbing::output::MARKER];
    diagnostics.extend(static_collisions(
        &static_files,
        &root_files,
        |first| found.iter().any(|(id, _)| id == first) || ["data", "static"].contains(&first),
        &crate::tr!("the district site", "街道网站"),
        &crate::tr!(
            "{files}, data/, static/ and the communities' folders",
            "{files}、data/、static/ 以及各社区的文件夹";
            files = root_files.join(", ")
        ),
    ));
    let (_, problems) = statics::publishable(source, statics::Rules::NONE, &static_files);
    diagnostics.extend(problems);
    if found.is_empty() {
        diagnostics.push(
            Diagnostic::whole_file(
                Severity::Error,
                "missing-file",
                "communities",
                crate::tr!(
                    "holds no community (a folder with a site.toml)",
                    "里面没有社区（有 site.toml 的文件夹）"
                ),
            )
            .with_hint(crate::tr!(
                "put each community in communities/<id>/ with its site.toml and content/",
                "每个社区放在 communities/<id>/ 下，里面有它的 site.toml 和 content/"
            )),
        );
    }
    // The district's own problems (a folder's name, district.toml) are masked with no
    // allow list of their own.
    privacy::redact_diagnostics(&mut diagnostics, &[]);
    let (today, base_url) = district
        .as_ref()
        .map_or((None, None), |d| (d.today, d.base_url.as_deref()));
    let communities = found
        .into_iter()
        .map(|(id, source)| Community {
            given: given.in_district(today, base_url, &id),
            id,
            source,
        })
        .collect();
    DistrictFiles {
        settings: Settings::of_district(given, district.as_ref().map(|d| (d.language, d.today))),
        district: district.map(|d| District { static_files, ..d }),
        communities,
        diagnostics,
    }
}

/// district.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    title: Option<String>,
    district: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    today: Option<toml::value::Datetime>,
}

/// The district's own settings.
#[derive(Debug, Clone)]
pub struct District {
    /// Title of the overview page.
    pub title: Option<String>,
    /// Name of the district (街道 / 区).
    pub district: Option<String>,
    /// Address of the district site, ending in `/`; communities live beneath it.
    pub base_url: Option<String>,
    /// Interface language of the overview.
    pub language: Language,
    /// Pinned reference date for every community.
    pub today: Option<NaiveDate>,
    /// Files under the district's `static/`, published as they are at the district site's
    /// root (paths relative to `static/`).
    pub static_files: Vec<String>,
}

impl Default for District {
    /// No district.toml: no title or address of its own, Chinese, each community's today.
    fn default() -> Self {
        District {
            title: None,
            district: None,
            base_url: None,
            language: Language::ZhCn,
            today: None,
            static_files: Vec::new(),
        }
    }
}

/// Whether the repository is a district (has `communities/` and no `site.toml`).
pub fn is_district(source: &dyn Source) -> bool {
    source.node("site.toml").is_err()
        && matches!(source.node("communities"), Ok(Node::Folder | Node::Link))
}

/// district.toml's settings (the defaults without one), or the problems with it (none of
/// its own when it could not be read: reading said why).
fn read_district(toml: load::DistrictToml) -> Result<District, Vec<Diagnostic>> {
    let file = match toml {
        load::DistrictToml::Absent => return Ok(District::default()),
        load::DistrictToml::Unreadable => return Err(Vec::new()),
        load::DistrictToml::Read(file) => file,
    };
    let raw: RawDistrict = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(vec![
                Diagnostic::error(
                    "syntax",
                    &file,
                    span,
                    crate::tr!("{message}", "district.toml 写法有误：{message}"; message = e.message().trim()),
                )
                .with_hint(crate::tr!(
                    "district.toml takes title, district, base_url, language and today",
                    "district.toml 可以写 title、district、base_url、language 和 today"
                )),
            ]);
        }
    };
    let today = match &raw.today {
        None => None,
        Some(d) => match d.date.filter(|_| d.time.is_none()) {
            Some(date) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            None => {
                return Err(vec![whole(
                    "type",
                    crate::tr!(
                        "today is not a date such as 2025-12-31",
                        "today 不是日期，应写成 2025-12-31 这样"
                    ),
                    crate::tr!(
                        "write today = 2025-12-31 without quotes",
                        "写 today = 2025-12-31，不加引号"
                    ),
                )]);
            }
        },
    };
    if let Some(url) = raw.base_url.as_deref()
        && !is_http_url(url)
    {
        return Err(vec![whole(
            "type",
            crate::tr!(
                "base_url must be an absolute http(s) address",
                "base_url 必须是完整的 http(s) 网址"
            ),
            crate::tr!(
                "for example \"https://example.org/jiedao/\"",
                "例如 \"https://example.org/jiedao/\""
            ),
        )]);
    }
    let language = match raw.language.as_deref().map(Language::from_code) {
        None => Language::ZhCn,
        Some(Some(language)) => language,
        Some(None) => {
            let other = raw.language.as_deref().unwrap_or_default();
            return Err(vec![whole(
                "vocabulary",
                crate::tr!(
                    "language \"{other}\" is not supported",
                    "不支持界面语言“{other}”"
                ),
                crate::tr!("use \"zh-CN\" or \"en\"", "写 \"zh-CN\" 或 \"en\""),
            )]);
        }
    };
    Ok(District {
        title: raw.title,
        district: raw.district,
        base_url: raw.base_url.as_deref().map(crate::settings::with_slash),
        language,
        today,
        static_files: Vec::new(),
    })
}

fn whole(
    code: &'static str,
    message: crate::diagnostics::Text,
    hint: crate::diagnostics::Text,
) -> Diagnostic {
    Diagnostic::whole_file(Severity::Error, code, "district.toml", message).with_hint(hint)
}

/// The communities: of the folders under `communities/` holding a site.toml, those whose
/// name may be an address, sorted by id.
fn communities(
    folders: Vec<(String, Arc<dyn Source>)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Arc<dyn Source>)> {
    let mut ids = Vec::new();
    for (name, community) in folders {
        if !load::is_valid_id(&name) {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "bad-id",
                    &format!("communities/{name}"),
                    crate::tr!("a community folder name is its address: ASCII lowercase letters, digits and - only", "社区文件夹名就是它的网址：只能用小写英文字母、数字和 -"),
                )
                .with_hint(crate::tr!("rename it to communities/{suggested}", "改名为 communities/{suggested}"; suggested = load::suggest_id(&name))),
            );
            continue;
        }
        if matches!(name.as_str(), "data" | "static") {
            diagnostics.push(
                Diagnostic::whole_file(
                    Severity::Error,
                    "reserved-id",
                    &format!("communities/{name}"),
                    crate::tr!(
                        "\"{name}\" is used by the district site itself",
                        "“{name}”已被街道网站自己使用"
                    ),
                )
                .with_hint(crate::tr!(
                    "rename the community folder",
                    "给社区文件夹改名"
                )),
            );
            continue;
        }
        let shown = format!("communities/{name}");
        let named = crate::privacy::scan_record(
            crate::privacy::Record::Name {
                path: &shown,
                name: &name,
            },
            &[],
        );
        if !named.is_empty() {
            diagnostics.extend(named);
            continue;
        }
        ids.push((name, community));
    }
    ids.sort_by(|a, b| a.0.cmp(&b.0));
    ids
}
