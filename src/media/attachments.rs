//! Attachments: the attachments a community publishes (photos, sign-in sheet scans, PDFs),
//! made safe to publish and described for verification.
//!
//! Phone photos carry EXIF metadata, often with the GPS position of the place they were
//! taken — a resident's home — and PDFs carry their author's name. So an attachment
//! publishes only what a reader sees ([`crate::media::strip`]): JPEG, PNG, WebP and GIF without
//! their metadata, *losslessly* (the compressed picture is copied byte for byte), keeping a
//! JPEG's orientation so portrait photos stay upright; PDFs rewritten without document
//! information, XMP, scripts and embedded files; text files (CSV, TXT) checked for personal
//! numbers. A file whose bytes are not what its name says, or that does not parse to its
//! end, is an error, never published as it is. What cannot be cleaned is refused by name
//! ([`policy`]): HEIC/HEIF, TIFF and camera raw files (convert them), SVG and HTML (they run
//! scripts from the site's address), and other types unless site.toml lists them.
//!
//! Images wider or taller than [`THUMB_MAX`] also get a thumbnail under `thumbs/` (decoded
//! and re-encoded, so it carries no metadata at all). Every published attachment is listed
//! in `data/attachments.json` with the SHA-256 and size of the published bytes, so a
//! resident can check that a downloaded scan is the one on record.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Severity, Text};
use crate::input::source::Source;
use crate::media::strip::{self, Policy, policy};
use crate::model::Site;
use crate::plumbing::hash::sha256_hex;
use crate::plumbing::output::OutputFile;

/// The longest side of a thumbnail, in pixels (shown at half that on phones' 2× screens).
pub const THUMB_MAX: u32 = 640;

/// One published attachment.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Attachment {
    /// Path under `content/` and under the site root (`attachments/2025/x.jpg`).
    pub path: String,
    /// Size in bytes of the published file.
    pub size: u64,
    /// SHA-256 of the published file, lowercase hex.
    pub sha256: String,
    /// The media type by file name (`image/jpeg`, `application/pdf`, …).
    pub media_type: &'static str,
    /// Whether metadata (EXIF, XMP, text chunks, comments) was removed before publishing.
    pub metadata_removed: bool,
    /// Pixel width and height, for images that could be read.
    pub width: Option<u32>,
    /// See `width`.
    pub height: Option<u32>,
    /// Path of the thumbnail, for images larger than [`THUMB_MAX`].
    pub thumbnail: Option<String>,
    /// Width and height of what [`Attachment::preview`] names.
    #[serde(skip)]
    pub preview_size: Option<(u32, u32)>,
}

impl Attachment {
    /// Whether the attachment is an image a browser shows.
    pub fn is_image(&self) -> bool {
        self.media_type.starts_with("image/")
    }
    /// What to put in an `<img>`: the thumbnail, else the (small) image itself.
    pub fn preview(&self) -> Option<&str> {
        if !self.is_image() || self.width.is_none() {
            return None;
        }
        Some(self.thumbnail.as_deref().unwrap_or(&self.path))
    }
    /// The pixel size of the preview (the thumbnail's, or the image's own).
    pub fn thumb_size(&self) -> Option<(u32, u32)> {
        self.preview_size
    }
}

/// Every attachment, processed; the files to publish are handed out once by [`Attachments::take_files`].
#[derive(Debug, Default)]
pub struct Attachments {
    /// By path.
    pub attachments: BTreeMap<String, Attachment>,
    files: Vec<OutputFile>,
    /// Attachments that could not be read, decoded or cleaned, and personal numbers in
    /// text attachments (errors: the build stops).
    pub diagnostics: Vec<Diagnostic>,
}

impl Attachments {
    /// The attachment at a path under `content/`.
    pub fn get(&self, path: &str) -> Option<&Attachment> {
        self.attachments.get(path)
    }
    /// The published originals and thumbnails, leaving none behind (they can be large).
    pub fn take_files(&mut self) -> Vec<OutputFile> {
        std::mem::take(&mut self.files)
    }
}

/// Reads and processes every attachment under `content/`, in parallel: `paths`, with
/// the site's rules (its extensions to publish as they are, its privacy allow list).
pub fn process(source: &dyn Source, site: &Site, paths: &[String]) -> Attachments {
    process_all(source, site, paths, None)
}

/// What earlier processing gave, by attachment path and the SHA-256 of its bytes, so
/// `serve` does not strip and thumbnail every photo again after each save (it did: 79 of
/// the sample's 82 ms per save), and does not even read the ones it knows did not change.
#[derive(Default)]
pub struct Cache(std::sync::Mutex<Held>);

/// What a [`Cache`] holds: the site's rules for attachments it was made with (listing a type
/// or allowing a number changes what processing gives, so new rules start afresh), and
/// each attachment's digest and result. Paths no longer listed are let go.
#[derive(Default)]
struct Held {
    rules: Option<String>,
    entries: HashMap<String, ([u8; 32], Processed)>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held = self.0.lock().map(|m| m.entries.len()).unwrap_or_default();
        write!(f, "Cache({held} attachments)")
    }
}

/// [`process`], reusing what `memo` holds for attachments whose bytes are unchanged and
/// adding the rest to it. `changed`: when the caller knows every file changed since the
/// memo was last used (paths from the repository's root, `content/attachments/…`, as
/// `serve`'s watcher reports them), an attachment the memo holds and that is not among them
/// is taken as it is, without being read; without it, each is read and its digest compared.
pub fn process_remembering(
    source: &dyn Source,
    site: &Site,
    paths: &[String],
    memo: &Cache,
    changed: Option<&[String]>,
) -> Attachments {
    let rules = format!("{:?}{:?}", site.attachments_as_is, site.privacy_allow);
    let changed = match memo.0.lock() {
        Ok(mut held) if held.rules.as_ref() != Some(&rules) => {
            *held = Held {
                rules: Some(rules),
                entries: HashMap::new(),
            };
            None
        }
        Ok(_) => changed.map(|c| c.iter().map(String::as_str).collect::<HashSet<&str>>()),
        Err(_) => None,
    };
    process_all(source, site, paths, Some((memo, changed.as_ref())))
}

/// Every attachment read and processed in parallel; with a memo, unchanged ones are taken
/// from it and the others added (a build has none: it would only copy every photo).
fn process_all(
    source: &dyn Source,
    site: &Site,
    paths: &[String],
    memo: Option<(&Cache, Option<&HashSet<&str>>)>,
) -> Attachments {
    let results: Vec<_> = paths
        .par_iter()
        .map(|rel| {
            let path = format!("content/{rel}");
            if let Some((memo, Some(changed))) = memo
                && !changed.contains(path.as_str())
                && let Some(known) = memo
                    .0
                    .lock()
                    .ok()
                    .and_then(|m| m.entries.get(rel).map(|(_, p)| p.clone()))
            {
                return known;
            }
            match source.read(&path) {
                Ok(bytes) => {
                    let Some((memo, _)) = memo else {
                        return process_bytes(rel, bytes, site);
                    };
                    let digest: [u8; 32] = Sha256::digest(&bytes).into();
                    let known = memo.0.lock().ok().and_then(|m| {
                        m.entries
                            .get(rel)
                            .filter(|(d, _)| *d == digest)
                            .map(|(_, p)| p.clone())
                    });
                    known.unwrap_or_else(|| {
                        let processed = process_bytes(rel, bytes, site);
                        if let Ok(mut m) = memo.0.lock() {
                            m.entries.insert(rel.clone(), (digest, processed.clone()));
                        }
                        processed
                    })
                }
                Err(e) => Processed {
                    attachment: None,
                    files: vec![],
                    problems: vec![
                        Diagnostic::whole_file(
                            Severity::Error,
                            "unreadable",
                            &path,
                            crate::tr!("could not be read: {e}", "无法读取：{e}"),
                        )
                        .with_hint(crate::tr!("check the file's permissions", "检查文件的权限")),
                    ],
                },
            }
        })
        .collect();
    if let Some((memo, _)) = memo
        && let Ok(mut m) = memo.0.lock()
    {
        let present: HashSet<&String> = paths.iter().collect();
        m.entries.retain(|rel, _| present.contains(rel));
    }
    let mut attachments = Attachments::default();
    for p in results {
        if let Some(a) = p.attachment {
            attachments.attachments.insert(a.path.clone(), a);
        }
        attachments.files.extend(p.files);
        attachments.diagnostics.extend(p.problems);
    }
    attachments
}

/// What processing one attachment gives.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Its record, when it is published.
    pub attachment: Option<Attachment>,
    /// The published file and its thumbnail.
    pub files: Vec<OutputFile>,
    /// Why it cannot be published (errors), when it cannot.
    pub problems: Vec<Diagnostic>,
}

/// Checks, cleans, hashes and thumbnails one attachment held in memory. Any problem is an
/// error and nothing of the file is published.
pub fn process_bytes(rel: &str, bytes: Vec<u8>, site: &Site) -> Processed {
    let shown = format!("content/{rel}");
    let refuse = |message: Text, hint: Text| Processed {
        attachment: None,
        files: Vec::new(),
        problems: vec![
            Diagnostic::whole_file(Severity::Error, "attachment", &shown, message).with_hint(hint),
        ],
    };
    let policy = policy(rel, &site.attachments_as_is);
    let (published, metadata_removed) = match clean(&shown, bytes, policy, &site.privacy_allow) {
        Ok(cleaned) => cleaned,
        Err(problems) => {
            return Processed {
                attachment: None,
                files: Vec::new(),
                problems,
            };
        }
    };
    let mut files = Vec::new();
    let (mut width, mut height, mut thumbnail, mut preview_size) = (None, None, None, None);
    if let Policy::Clean(format) = policy
        && format != strip::Format::Pdf
    {
        // Decoded in full: a picture that does not decode is refused, not published.
        match thumbnail_of(&published, format) {
            Ok((w, h, thumb)) => {
                (width, height) = (Some(w), Some(h));
                preview_size = Some((w, h));
                if let Some((tw, th, thumb)) = thumb {
                    preview_size = Some((tw, th));
                    let path = thumb_path(rel, format);
                    thumbnail = Some(path.clone());
                    files.push(OutputFile { path, bytes: thumb });
                }
            }
            Err(e) => {
                return refuse(
                    crate::tr!(
                        "could not be decoded as a picture ({e}); it is not published",
                        "无法作为图片解码（{e}）；不会发布"
                    ),
                    crate::tr!(
                        "open it in an image viewer; if it does not show, take or scan it again",
                        "用看图软件打开；如果显示不出来，请重新拍摄或扫描"
                    ),
                );
            }
        }
    }
    let attachment = Attachment {
        path: rel.to_string(),
        size: published.len() as u64,
        sha256: sha256_hex(&published),
        media_type: media_type(rel),
        metadata_removed,
        width,
        height,
        thumbnail,
        preview_size,
    };
    files.push(OutputFile {
        path: rel.to_string(),
        bytes: published,
    });
    Processed {
        attachment: Some(attachment),
        files,
        problems: Vec::new(),
    }
}

/// The bytes of a file to publish by `policy` — a picture or PDF cleaned (and whether
/// anything was removed), a text file checked for personal numbers, a listed type as it is —
/// or why it cannot be published (`shown`: its path as staff know it).
pub fn clean(
    shown: &str,
    bytes: Vec<u8>,
    policy: Policy,
    allow: &[String],
) -> Result<(Vec<u8>, bool), Vec<Diagnostic>> {
    let refuse = |message: Text, hint: Text| {
        Err(vec![
            Diagnostic::whole_file(Severity::Error, "attachment", shown, message).with_hint(hint),
        ])
    };
    Ok(match policy {
        Policy::Refused(..) => {
            return refuse(
                crate::tr!(
                    "is not a kind of file yishi publishes",
                    "是 yishi 不发布的文件类型"
                ),
                policy.hint().unwrap_or_default(),
            );
        }
        Policy::AsIs => (bytes, false),
        Policy::Text => {
            let problems = text_problems(shown, &bytes, allow);
            if !problems.is_empty() {
                return Err(problems);
            }
            (bytes, false)
        }
        Policy::Clean(expected) => {
            match strip::sniff(&bytes) {
                Some(found) if found == expected => {}
                Some(found) => {
                    let (real, named) = (found.name(), expected.name());
                    let hint = match found {
                        strip::Format::Heif | strip::Format::Tiff => crate::tr!(
                            "it is really {real}, which cannot be published without its metadata: export it as JPEG or PNG",
                            "它其实是 {real} 文件，无法去掉元数据后发布：请导出为 JPEG 或 PNG"
                        ),
                        _ => crate::tr!(
                            "rename it to end in .{ext} (and change the references to it)",
                            "把文件改名为以 .{ext} 结尾（并修改引用它的地方）";
                            ext = real.to_ascii_lowercase().replace("jpeg", "jpg")
                        ),
                    };
                    return refuse(
                        crate::tr!(
                            "is named as {named} but its bytes are {real}",
                            "文件名表明是 {named}，内容却是 {real}"
                        ),
                        hint,
                    );
                }
                None => {
                    let named = expected.name();
                    return refuse(
                        crate::tr!(
                            "is named as {named} but its bytes are not {named}",
                            "文件名表明是 {named}，内容却不是 {named}"
                        ),
                        crate::tr!(
                            "open it and save it again in the format its name says, or rename it to its real type",
                            "打开文件，按文件名表明的格式重新保存，或按它的实际类型改名"
                        ),
                    );
                }
            }
            let cleaned = match expected {
                strip::Format::Jpeg => strip::strip_jpeg(&bytes).map_err(strip::Reason::text),
                strip::Format::Png => strip::strip_png(&bytes).map_err(strip::Reason::text),
                strip::Format::Webp => strip::strip_webp(&bytes).map_err(strip::Reason::text),
                strip::Format::Gif => strip::strip_gif(&bytes).map_err(strip::Reason::text),
                strip::Format::Pdf => strip::strip_pdf(&bytes, allow),
                strip::Format::Heif | strip::Format::Tiff => {
                    Err(crate::tr!("cannot be cleaned", "无法清除其中的信息"))
                }
            };
            match cleaned {
                Ok(b) => (b, true),
                Err(why) => {
                    return refuse(
                        crate::tr!("{en}; it is not published", "{zh}；不会发布"; en = &why.en, zh = &why.zh),
                        crate::tr!(
                            "open the file and save (or export) it again, then check it opens",
                            "打开文件重新保存（或导出）一次，再确认它能打开"
                        ),
                    );
                }
            }
        }
    })
}

/// The problems of a text attachment: not UTF-8 text, or a personal number (spec section
/// 9), each at its line and column.
fn text_problems(shown: &str, bytes: &[u8], allow: &[String]) -> Vec<Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) if !t.contains('\0') => t,
        _ => {
            return vec![
                Diagnostic::whole_file(Severity::Error, "encoding", shown, crate::tr!("is not UTF-8 text", "不是 UTF-8 文本"))
                    .with_hint(crate::tr!("save it as UTF-8 (in Excel: 另存为 → CSV UTF-8; in Notepad: 编码 UTF-8); GBK is not accepted", "另存为 UTF-8（Excel：另存为 → CSV UTF-8；记事本：编码选 UTF-8）；不接受 GBK 编码")),
            ];
        }
    };
    let file = crate::diagnostics::SourceFile::new(shown, text);
    crate::privacy::scan_record(crate::privacy::Record::Text(&file), allow)
}

/// The media type by extension (case-insensitive), from the same table `serve` uses.
pub fn media_type(path: &str) -> &'static str {
    mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream")
}

/// `attachments/2025/a.jpg` → `thumbs/2025/a.jpg`; a WebP gets a JPEG thumbnail
/// (`thumbs/2025/a.webp.jpg`) so two sources never share a thumbnail.
fn thumb_path(rel: &str, format: strip::Format) -> String {
    let rest = rel.strip_prefix("attachments/").unwrap_or(rel);
    match format {
        strip::Format::Jpeg | strip::Format::Png => format!("thumbs/{rest}"),
        strip::Format::Gif => format!("thumbs/{rest}.png"),
        _ => format!("thumbs/{rest}.jpg"),
    }
}

/// A thumbnail's width, height and encoded bytes.
type Thumbnail = (u32, u32, Vec<u8>);

/// Decodes an image, upright, and makes a thumbnail when it is larger than [`THUMB_MAX`].
/// PNG and GIF become PNG (scans of handwriting stay sharp); JPEG and WebP become JPEG.
fn thumbnail_of(
    bytes: &[u8],
    format: strip::Format,
) -> Result<(u32, u32, Option<Thumbnail>), image::ImageError> {
    let format = match format {
        strip::Format::Png => ImageFormat::Png,
        strip::Format::Webp => ImageFormat::WebP,
        strip::Format::Gif => ImageFormat::Gif,
        _ => ImageFormat::Jpeg,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut img = image::DynamicImage::from_decoder(decoder)?;
    img.apply_orientation(orientation);
    let (w, h) = (img.width(), img.height());
    if w <= THUMB_MAX && h <= THUMB_MAX {
        return Ok((w, h, None));
    }
    let thumb = img.thumbnail(THUMB_MAX, THUMB_MAX);
    let mut out = Vec::new();
    if matches!(format, ImageFormat::Png | ImageFormat::Gif) {
        thumb.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)?;
    } else {
        let rgb = image::DynamicImage::ImageRgb8(thumb.to_rgb8());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        rgb.write_with_encoder(encoder)?;
    }
    Ok((w, h, Some((thumb.width(), thumb.height(), out))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::strip::Format;

    /// The types open data and pages give the attachments yishi publishes.
    #[test]
    fn media_types_of_published_attachments() {
        for (path, want) in [
            ("a.jpg", "image/jpeg"),
            ("a.JPEG", "image/jpeg"),
            ("a.jfif", "image/jpeg"),
            ("a.jpe", "image/jpeg"),
            ("a.png", "image/png"),
            ("a.webp", "image/webp"),
            ("a.gif", "image/gif"),
            ("a.pdf", "application/pdf"),
            ("a.txt", "text/plain"),
            ("a.csv", "text/csv"),
            ("a.doc", "application/msword"),
            (
                "a.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("a.xls", "application/vnd.ms-excel"),
            (
                "a.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("a.unknownext", "application/octet-stream"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(media_type(path), want, "{path}");
        }
    }

    /// The site of a site.toml with `extra` lines.
    fn site(extra: &str) -> Site {
        let loaded = crate::input::load::load(&crate::input::source::Memory::community(
            &format!("title = \"t\"\ncommunity = \"c\"\n{extra}"),
            &[],
        ));
        let given =
            crate::settings::Given::on(chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap());
        crate::check::validate(&loaded, &given, crate::check::Reporting::Everything, None)
            .model
            .expect("site")
            .site
    }

    /// A small but real PDF (one empty page), made with lopdf.
    fn pdf(text: &str) -> Vec<u8> {
        use lopdf::{Document, Object, dictionary};
        let mut doc = Document::with_version("1.4");
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! { "Type" => "Page", "Parent" => pages });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        let info = doc.add_object(dictionary! { "Author" => Object::string_literal(text) });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn the_memo_reuses_unchanged_attachments_only() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content/attachments");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.pdf"), pdf("one")).unwrap();
        let paths = vec!["attachments/a.pdf".to_string()];
        let disk = crate::input::source::Disk::new(dir.path());
        let memo = Cache::default();
        let rules = site("");
        let first = process_remembering(&disk, &rules, &paths, &memo, None);
        assert!(first.diagnostics.is_empty(), "{:?}", first.diagnostics);
        assert!(first.files[0].bytes.starts_with(b"%PDF-"));
        // Mark what the memo holds: an unchanged file gives the marked result back.
        let mark = |memo: &Cache| {
            for (_, p) in memo.0.lock().unwrap().entries.values_mut() {
                p.files[0].bytes = b"remembered".to_vec();
            }
        };
        mark(&memo);
        let again = process_remembering(&disk, &rules, &paths, &memo, None);
        assert_eq!(again.files[0].bytes, b"remembered");
        // Other rules for attachments in site.toml: processed again, even when the caller
        // says no file changed.
        let other = site("[attachments]\npublish_as_is = [\"docx\"]\n");
        let listed = process_remembering(&disk, &other, &paths, &memo, Some(&[]));
        assert_ne!(listed.files[0].bytes, b"remembered");
        // Changed bytes are processed again.
        mark(&memo);
        std::fs::write(content.join("a.pdf"), pdf("two")).unwrap();
        let changed = process_remembering(&disk, &other, &paths, &memo, None);
        assert_ne!(changed.files[0].bytes, b"remembered");
        // When the caller knows what changed, an attachment not among it is not even read:
        // removed behind the memo's back, it is still given as remembered …
        mark(&memo);
        std::fs::remove_file(content.join("a.pdf")).unwrap();
        let trusted = process_remembering(&disk, &other, &paths, &memo, Some(&[]));
        assert_eq!(trusted.files[0].bytes, b"remembered");
        // … and read when it is named.
        let named = ["content/attachments/a.pdf".to_string()];
        let read = process_remembering(&disk, &other, &paths, &memo, Some(&named));
        assert_eq!(read.diagnostics[0].code, "unreadable");
        // A removed attachment leaves the memo.
        process_remembering(&disk, &other, &[], &memo, None);
        assert!(memo.0.lock().unwrap().entries.is_empty());
    }

    /// A real JPEG made by the image crate, with an EXIF segment (GPS and orientation 6)
    /// and a comment inserted after SOI.
    fn jpeg_with_exif(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut plain = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut plain), ImageFormat::Jpeg)
            .unwrap();
        let mut tiff = b"II\x2A\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(b"GPS 39.1234N 117.2000E");
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        app1.extend_from_slice(b"Exif\0\0");
        app1.extend_from_slice(&tiff);
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&app1);
        out.extend_from_slice(b"\xFF\xFE\x00\x0Bhome addr");
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn photos_are_published_clean_upright_and_thumbnailed() {
        let src = jpeg_with_exif(800, 200);
        let p = process_bytes("attachments/2025/a.jpg", src, &site(""));
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let a = p.attachment.unwrap();
        // Orientation 6 turns 800×200 into 200×800, and the thumbnail is upright.
        assert_eq!((a.width, a.height), (Some(200), Some(800)));
        assert_eq!(a.thumbnail.as_deref(), Some("thumbs/2025/a.jpg"));
        let thumb = &p.files[0];
        let t = image::load_from_memory(&thumb.bytes).unwrap();
        assert_eq!((t.width(), t.height()), (160, 640));
        assert_eq!(a.thumb_size(), Some((160, 640)));
        assert!(!contains(&thumb.bytes, b"Exif"));
        let published = &p.files[1].bytes;
        assert!(!contains(published, b"GPS") && !contains(published, b"home addr"));
        assert!(a.metadata_removed);
        assert_eq!(a.sha256, sha256_hex(published));
        assert_eq!(a.size, published.len() as u64);
        // .jfif and .jpe are JPEG too, and cleaned the same way.
        for name in ["b.jfif", "c.JPE"] {
            let p = process_bytes(
                &format!("attachments/{name}"),
                jpeg_with_exif(100, 50),
                &site(""),
            );
            assert!(p.problems.is_empty(), "{name}");
            assert!(!contains(&p.files[0].bytes, b"GPS"), "{name}");
        }
    }

    #[test]
    fn small_images_get_no_thumbnail_and_pdfs_lose_their_metadata() {
        let p = process_bytes("attachments/s.jpg", jpeg_with_exif(100, 50), &site(""));
        let a = p.attachment.unwrap();
        assert_eq!(a.thumbnail, None);
        assert_eq!(a.preview(), Some("attachments/s.jpg"));
        let p = process_bytes(
            "attachments/minutes.pdf",
            pdf("王五 13912345678"),
            &site(""),
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let a = p.attachment.unwrap();
        assert!(a.metadata_removed);
        assert_eq!(a.preview(), None);
        assert!(!contains(&p.files[0].bytes, b"13912345678"));
    }

    #[test]
    fn broken_or_misnamed_files_are_errors_and_nothing_is_published() {
        let jpeg = jpeg_with_exif(64, 64);
        let png_named_jpg = {
            let mut b = Vec::new();
            image::DynamicImage::ImageRgb8(image::RgbImage::new(4, 4))
                .write_to(&mut Cursor::new(&mut b), ImageFormat::Png)
                .unwrap();
            b
        };
        for (name, bytes, says) in [
            ("a.jpg", b"\xFF\xD8\xFF\xE1\x00".to_vec(), "cut short"),
            ("b.jpg", jpeg[..jpeg.len() / 2].to_vec(), "cut short"),
            ("c.png", b"not a png".to_vec(), "bytes are not PNG"),
            ("d.webp", vec![], "bytes are not WebP"),
            ("e.jpg", png_named_jpg, "bytes are PNG"),
            (
                "f.pdf",
                b"%PDF-1.4 garbage".to_vec(),
                "cannot be read as a PDF",
            ),
            (
                "g.jpg",
                b"\0\0\0\x18ftypheic\0\0\0\0".to_vec(),
                "bytes are HEIC/HEIF",
            ),
            (
                "h.csv",
                "姓名,电话\n张三,13912345678\n".as_bytes().to_vec(),
                "mobile",
            ),
            ("i.txt", vec![0xC4, 0xE3, 0xBA, 0xC3], "not UTF-8"),
        ] {
            let p = process_bytes(&format!("attachments/{name}"), bytes, &site(""));
            assert!(p.files.is_empty() && p.attachment.is_none(), "{name}");
            let d = &p.problems[0];
            assert_eq!(d.severity, Severity::Error, "{name}");
            assert_eq!(d.path, format!("content/attachments/{name}"));
            let text = d.render();
            assert!(text.contains(says), "{name}: {text}");
            // (The quoted line is masked with every other diagnostic, by the pipeline.)
            assert!(!d.message.contains("13912345678"), "{text}");
        }
        // The number in a CSV is reported at its line and column.
        let p = process_bytes(
            "attachments/h.csv",
            "姓名,电话\n张三,13912345678\n".as_bytes().to_vec(),
            &site(""),
        );
        assert_eq!((p.problems[0].line, p.problems[0].column), (2, 4));
    }

    #[test]
    fn what_cannot_be_cleaned_is_refused_by_name() {
        let listed = vec!["docx".to_string()];
        for (path, expected) in [
            ("attachments/a.JPG", Policy::Clean(Format::Jpeg)),
            ("attachments/a.jfif", Policy::Clean(Format::Jpeg)),
            ("attachments/a.gif", Policy::Clean(Format::Gif)),
            ("attachments/a.csv", Policy::Text),
            ("attachments/a.docx", Policy::AsIs),
            ("attachments/a.DOCX", Policy::AsIs),
        ] {
            assert_eq!(policy(path, &listed), expected, "{path}");
        }
        for path in [
            "attachments/IMG_0001.HEIC",
            "attachments/a.heif",
            "attachments/a.avif",
            "attachments/scan.tiff",
            "attachments/raw.dng",
            "attachments/logo.svg",
            "attachments/x.html",
            "attachments/x.js",
            "attachments/a.xlsx",
            "attachments/noext",
            "attachments/.docx",
        ] {
            assert!(
                matches!(policy(path, &listed), Policy::Refused(..)),
                "{path}"
            );
        }
        // Listing cannot make a type that runs scripts publishable.
        assert!(matches!(
            policy("attachments/a.svg", &["svg".to_string()]),
            Policy::Refused(..)
        ));
    }

    #[test]
    fn sha256_matches_a_known_value() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
