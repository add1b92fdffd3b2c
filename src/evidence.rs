//! Evidence: the attachments a community publishes (photos, sign-in sheet scans, PDFs),
//! made safe to publish and described for verification.
//!
//! Phone photos carry EXIF metadata, often with the GPS position of the place they were
//! taken — a resident's home. So every JPEG, PNG and WebP is published with its metadata
//! removed *losslessly* (the compressed image data is copied byte for byte; only metadata
//! segments and chunks are dropped), keeping a JPEG's orientation so portrait photos stay
//! upright. Images wider or taller than [`THUMB_MAX`] also get a thumbnail under
//! `thumbs/` (decoded and re-encoded, so it carries no metadata at all). Every published
//! attachment is listed in `data/attachments.json` with the SHA-256 and size of the
//! published bytes, so a resident can check that a downloaded scan is the one on record.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Cursor;
use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Severity};
use crate::render::OutputFile;

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

/// Every attachment, processed; the files to publish are handed out once by [`Evidence::take_files`].
#[derive(Debug, Default)]
pub struct Evidence {
    /// By path.
    pub attachments: BTreeMap<String, Attachment>,
    files: Vec<OutputFile>,
    /// Attachments that could not be read or decoded (warnings).
    pub diagnostics: Vec<Diagnostic>,
}

impl Evidence {
    /// The attachment at a path under `content/`.
    pub fn get(&self, path: &str) -> Option<&Attachment> {
        self.attachments.get(path)
    }
    /// The published originals and thumbnails, leaving none behind (they can be large).
    pub fn take_files(&mut self) -> Vec<OutputFile> {
        std::mem::take(&mut self.files)
    }
}

/// Reads and processes every attachment under `root/content/`, in parallel.
pub fn process(root: &Path, paths: &[String]) -> Evidence {
    process_all(root, paths, None)
}

/// What earlier processing gave, by attachment path and the SHA-256 of its bytes, so
/// `serve` does not strip and thumbnail every photo again after each save (it did: 79 of
/// the sample's 82 ms per save).
#[derive(Default)]
pub struct Memo(std::sync::Mutex<HashMap<String, ([u8; 32], Processed)>>);

/// [`process`], reusing what `memo` holds for attachments whose bytes are unchanged and
/// adding the rest to it.
pub fn process_remembering(root: &Path, paths: &[String], memo: &Memo) -> Evidence {
    process_all(root, paths, Some(memo))
}

/// Every attachment read and processed in parallel; with a memo, unchanged ones are taken
/// from it and the others added (a build has none: it would only copy every photo).
fn process_all(root: &Path, paths: &[String], memo: Option<&Memo>) -> Evidence {
    let results: Vec<_> = paths
        .par_iter()
        .map(|rel| {
            let full = root.join("content").join(rel);
            match std::fs::read(&full) {
                Ok(bytes) => {
                    let Some(memo) = memo else {
                        return process_bytes(rel, bytes);
                    };
                    let digest: [u8; 32] = Sha256::digest(&bytes).into();
                    let known = memo.0.lock().ok().and_then(|m| {
                        m.get(rel)
                            .filter(|(d, _)| *d == digest)
                            .map(|(_, p)| p.clone())
                    });
                    known.unwrap_or_else(|| {
                        let processed = process_bytes(rel, bytes);
                        if let Ok(mut m) = memo.0.lock() {
                            m.insert(rel.clone(), (digest, processed.clone()));
                        }
                        processed
                    })
                }
                Err(e) => Processed {
                    attachment: None,
                    files: vec![],
                    warning: Some(
                        Diagnostic::whole_file(
                            Severity::Error,
                            "unreadable",
                            &format!("content/{rel}"),
                            format!("could not be read: {e}"),
                        )
                        .with_hint("check the file's permissions"),
                    ),
                },
            }
        })
        .collect();
    if let Some(Ok(mut m)) = memo.map(|m| m.0.lock()) {
        let present: HashSet<&String> = paths.iter().collect();
        m.retain(|rel, _| present.contains(rel));
    }
    let mut evidence = Evidence::default();
    for p in results {
        if let Some(a) = p.attachment {
            evidence.attachments.insert(a.path.clone(), a);
        }
        evidence.files.extend(p.files);
        evidence.diagnostics.extend(p.warning);
    }
    evidence
}

/// What processing one attachment gives.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Its record, when it is published.
    pub attachment: Option<Attachment>,
    /// The published file and its thumbnail.
    pub files: Vec<OutputFile>,
    /// A problem with it.
    pub warning: Option<Diagnostic>,
}

/// Strips metadata, hashes and thumbnails one attachment held in memory.
pub fn process_bytes(rel: &str, bytes: Vec<u8>) -> Processed {
    let media_type = media_type(rel);
    let mut warning = None;
    let mut warn = |message: String| {
        warning = Some(
            Diagnostic::whole_file(
                Severity::Warning,
                "attachment",
                &format!("content/{rel}"),
                message,
            )
            .with_hint("open the file in an image editor and save it again as JPEG or PNG"),
        );
    };
    let (published, metadata_removed) = match media_type {
        "image/jpeg" => match strip_jpeg(&bytes) {
            Some(b) => (b, true),
            None => {
                warn(
                    "is not a readable JPEG image; published as it is, without a thumbnail".into(),
                );
                (bytes, false)
            }
        },
        "image/png" => match strip_png(&bytes) {
            Some(b) => (b, true),
            None => {
                warn("is not a readable PNG image; published as it is, without a thumbnail".into());
                (bytes, false)
            }
        },
        "image/webp" => match strip_webp(&bytes) {
            Some(b) => (b, true),
            None => {
                warn(
                    "is not a readable WebP image; published as it is, without a thumbnail".into(),
                );
                (bytes, false)
            }
        },
        _ => (bytes, false),
    };
    let mut files = Vec::new();
    let (mut width, mut height, mut thumbnail, mut preview_size) = (None, None, None, None);
    if metadata_removed {
        match thumbnail_of(&published, media_type) {
            Ok((w, h, thumb)) => {
                (width, height) = (Some(w), Some(h));
                preview_size = Some((w, h));
                if let Some((tw, th, thumb)) = thumb {
                    preview_size = Some((tw, th));
                    let path = thumb_path(rel, media_type);
                    thumbnail = Some(path.clone());
                    files.push(OutputFile { path, bytes: thumb });
                }
            }
            Err(e) => warn(format!(
                "could not be decoded ({e}); published without a thumbnail"
            )),
        }
    }
    let attachment = Attachment {
        path: rel.to_string(),
        size: published.len() as u64,
        sha256: sha256_hex(&published),
        media_type,
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
        warning,
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The media type by extension (case-insensitive).
pub fn media_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// `attachments/2025/a.jpg` → `thumbs/2025/a.jpg`; a WebP gets a JPEG thumbnail
/// (`thumbs/2025/a.webp.jpg`) so two sources never share a thumbnail.
fn thumb_path(rel: &str, media_type: &str) -> String {
    let rest = rel.strip_prefix("attachments/").unwrap_or(rel);
    if media_type == "image/webp" {
        format!("thumbs/{rest}.jpg")
    } else {
        format!("thumbs/{rest}")
    }
}

/// A thumbnail's width, height and encoded bytes.
type Thumbnail = (u32, u32, Vec<u8>);

/// Decodes an image, upright, and makes a thumbnail when it is larger than [`THUMB_MAX`].
/// PNG stays PNG (scans of handwriting stay sharp); JPEG and WebP become JPEG.
fn thumbnail_of(
    bytes: &[u8],
    media_type: &str,
) -> Result<(u32, u32, Option<Thumbnail>), image::ImageError> {
    let format = match media_type {
        "image/png" => ImageFormat::Png,
        "image/webp" => ImageFormat::WebP,
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
    if format == ImageFormat::Png {
        thumb.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)?;
    } else {
        let rgb = image::DynamicImage::ImageRgb8(thumb.to_rgb8());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        rgb.write_with_encoder(encoder)?;
    }
    Ok((w, h, Some((thumb.width(), thumb.height(), out))))
}

// ------------------------------------------------------------------ lossless metadata removal

/// Drops a JPEG's APP1 (EXIF, XMP), APP13 (IPTC) and comment segments, keeping JFIF, ICC
/// profiles, Adobe colour information and the image data. The EXIF orientation, if any,
/// is kept in a minimal EXIF segment of its own so the photo still shows upright.
/// None when the bytes are not a well-formed JPEG up to its scan data.
pub fn strip_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    // Segments kept, in order; the minimal EXIF goes after a leading JFIF APP0.
    let mut kept: Vec<&[u8]> = Vec::new();
    let mut orientation = None;
    let mut at = 2;
    let rest = loop {
        // Fill bytes before a marker are allowed.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        match marker {
            0xD9 => break &bytes[at..],
            0x01 | 0xD0..=0xD7 => {
                kept.push(&bytes[at..at + 2]);
                at += 2;
                continue;
            }
            _ => {}
        }
        let len = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        if len < 2 {
            return None;
        }
        let segment = bytes.get(at..at + 2 + len)?;
        let payload = &segment[4..];
        match marker {
            0xE1 => {
                if let Some(tiff) = payload.strip_prefix(b"Exif\0\0") {
                    orientation = orientation.or_else(|| exif_orientation(tiff));
                }
            }
            0xED | 0xFE => {}
            _ => kept.push(segment),
        }
        at += 2 + len;
        if marker == 0xDA {
            // The entropy-coded data and everything after it (more scans, EOI) as they are.
            break &bytes[at..];
        }
    };
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let jfif_first = kept.first().is_some_and(|s| s.get(1) == Some(&0xE0));
    let mut segments = kept.into_iter();
    if jfif_first {
        out.extend_from_slice(segments.next()?);
    }
    if let Some(o) = orientation.filter(|&o| o != 1) {
        out.extend_from_slice(&minimal_exif(o));
    }
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(rest);
    Some(out)
}

/// Reads the Orientation tag (0x0112) from the TIFF structure of an EXIF segment.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(256))
        .find_map(|i| {
            let entry = ifd + 2 + i * 12;
            (u16_at(entry)? == 0x0112)
                .then(|| u16_at(entry + 8))
                .flatten()
        })
        .filter(|o| (1..=8).contains(o))
}

/// An APP1 segment holding nothing but the Orientation tag.
fn minimal_exif(orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"MM\0\x2A\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes());
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes());
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]);
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut seg = vec![0xFF, 0xE1];
    let len = (2 + 6 + tiff.len()) as u16;
    seg.extend_from_slice(&len.to_be_bytes());
    seg.extend_from_slice(b"Exif\0\0");
    seg.extend_from_slice(&tiff);
    seg
}

/// Drops a PNG's eXIf, tEXt, zTXt, iTXt and tIME chunks. None when not a well-formed PNG.
pub fn strip_png(bytes: &[u8]) -> Option<Vec<u8>> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut at = SIGNATURE.len();
    loop {
        let len = u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = bytes.get(at + 4..at + 8)?;
        let end = at.checked_add(12)?.checked_add(len)?;
        let chunk = bytes.get(at..end)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(chunk);
        }
        at = end;
        if kind == b"IEND" {
            return Some(out);
        }
    }
}

/// Drops a WebP's EXIF and XMP chunks and clears their flags. None when not a WebP.
pub fn strip_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let riff_end = (u32::from_le_bytes(bytes.get(4..8)?.try_into().ok()?) as usize)
        .checked_add(8)?
        .min(bytes.len());
    let mut body = Vec::with_capacity(bytes.len());
    body.extend_from_slice(b"WEBP");
    let mut at = 12;
    while at + 8 <= riff_end {
        let kind = bytes.get(at..at + 4)?;
        let len = u32::from_le_bytes(bytes.get(at + 4..at + 8)?.try_into().ok()?) as usize;
        let padded = len.checked_add(len & 1)?;
        let end = (at + 8).checked_add(padded)?.min(riff_end);
        let chunk = bytes.get(at..end)?;
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let mut c = chunk.to_vec();
                if let Some(flags) = c.get_mut(8) {
                    *flags &= !(0x08 | 0x04);
                }
                body.extend_from_slice(&c);
            }
            _ => body.extend_from_slice(chunk),
        }
        at = end;
    }
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&u32::try_from(body.len()).ok()?.to_le_bytes());
    out.extend_from_slice(&body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_reuses_unchanged_attachments_only() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content/attachments");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::write(content.join("a.pdf"), b"%PDF-1.4 one").unwrap();
        let paths = vec!["attachments/a.pdf".to_string()];
        let memo = Memo::default();
        let first = process_remembering(dir.path(), &paths, &memo);
        assert_eq!(first.files[0].bytes, b"%PDF-1.4 one");
        // Mark what the memo holds: an unchanged file gives the marked result back.
        for (_, p) in memo.0.lock().unwrap().values_mut() {
            p.files[0].bytes = b"remembered".to_vec();
        }
        let again = process_remembering(dir.path(), &paths, &memo);
        assert_eq!(again.files[0].bytes, b"remembered");
        // Changed bytes are processed again.
        std::fs::write(content.join("a.pdf"), b"%PDF-1.4 two").unwrap();
        let changed = process_remembering(dir.path(), &paths, &memo);
        assert_eq!(changed.files[0].bytes, b"%PDF-1.4 two");
        // A removed attachment leaves the memo.
        process_remembering(dir.path(), &[], &memo);
        assert!(memo.0.lock().unwrap().is_empty());
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
        // TIFF, little endian: IFD0 with Orientation = 6 and a GPS IFD pointer; the GPS
        // IFD with GPSLatitudeRef "N".
        let mut tiff = b"II\x2A\0\x08\0\0\0".to_vec();
        tiff.extend_from_slice(&2u16.to_le_bytes());
        tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(&1u16.to_le_bytes());
        tiff.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
        tiff.extend_from_slice(&0u32.to_le_bytes());
        tiff.extend_from_slice(b"GPS 39.1234N 117.2000E");
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&((2 + 6 + tiff.len()) as u16).to_be_bytes());
        app1.extend_from_slice(b"Exif\0\0");
        app1.extend_from_slice(&tiff);
        let comment = b"\xFF\xFE\x00\x0Bhome addr";
        let mut out = plain[..2].to_vec();
        out.extend_from_slice(&app1);
        out.extend_from_slice(comment);
        out.extend_from_slice(&plain[2..]);
        out
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn jpeg_metadata_goes_orientation_stays_image_data_is_untouched() {
        let src = jpeg_with_exif(800, 200);
        assert!(contains(&src, b"GPS 39.1234N"));
        let out = strip_jpeg(&src).unwrap();
        assert!(!contains(&out, b"GPS 39.1234N"));
        assert!(!contains(&out, b"home addr"));
        let exif = out.windows(6).position(|w| w == b"Exif\0\0").unwrap() + 6;
        assert_eq!(exif_orientation(&out[exif..]), Some(6), "orientation kept");
        // The scan data is byte for byte the same.
        let sos = |b: &[u8]| b.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        assert_eq!(&src[sos(&src)..], &out[sos(&out)..]);
        // Decodes, and the thumbnail is upright (orientation 6 turns 800×200 into 200×800).
        let p = process_bytes("attachments/2025/a.jpg", src);
        let a = p.attachment.unwrap();
        assert_eq!((a.width, a.height), (Some(200), Some(800)));
        assert_eq!(a.thumbnail.as_deref(), Some("thumbs/2025/a.jpg"));
        let thumb = &p.files[0];
        assert_eq!(thumb.path, "thumbs/2025/a.jpg");
        let t = image::load_from_memory(&thumb.bytes).unwrap();
        assert_eq!((t.width(), t.height()), (160, 640));
        assert_eq!(a.thumb_size(), Some((160, 640)));
        assert!(!contains(&thumb.bytes, b"Exif"));
        assert_eq!(a.sha256, sha256_hex(&p.files[1].bytes));
        assert_eq!(a.size, p.files[1].bytes.len() as u64);
        assert!(p.warning.is_none());
    }

    #[test]
    fn small_images_get_no_thumbnail_and_non_images_pass_as_they_are() {
        let p = process_bytes("attachments/s.jpg", jpeg_with_exif(100, 50));
        let a = p.attachment.unwrap();
        assert_eq!(a.thumbnail, None);
        assert_eq!(a.preview(), Some("attachments/s.jpg"));
        let pdf = b"%PDF-1.4 /Author (x)".to_vec();
        let p = process_bytes("attachments/minutes.pdf", pdf.clone());
        let a = p.attachment.unwrap();
        assert!(!a.metadata_removed);
        assert_eq!(a.preview(), None);
        assert_eq!(p.files[0].bytes, pdf);
    }

    #[test]
    fn png_text_chunks_are_dropped() {
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(4, 4))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        // Insert a tEXt chunk after IHDR (8 + 25 bytes).
        let text = b"Comment\0GPS 39N";
        let mut chunk = (text.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(b"tEXt");
        chunk.extend_from_slice(text);
        chunk.extend_from_slice(&[0, 0, 0, 0]);
        let mut src = png[..33].to_vec();
        src.extend_from_slice(&chunk);
        src.extend_from_slice(&png[33..]);
        let out = strip_png(&src).unwrap();
        assert_eq!(out, png);
    }

    #[test]
    fn webp_exif_chunk_is_dropped() {
        let mut src = b"RIFF\0\0\0\0WEBP".to_vec();
        src.extend_from_slice(b"VP8X\x0a\0\0\0\x08\0\0\0\0\0\0\0\0\0");
        src.extend_from_slice(b"EXIF\x03\0\0\0GPS\0");
        src.extend_from_slice(b"VP8L\x02\0\0\0ab");
        let len = (src.len() - 8) as u32;
        src[4..8].copy_from_slice(&len.to_le_bytes());
        let out = strip_webp(&src).unwrap();
        assert!(!contains(&out, b"GPS"));
        assert!(contains(&out, b"VP8Lab") || contains(&out, b"VP8L\x02\0\0\0ab"));
        assert_eq!(out[20], 0, "EXIF flag cleared");
        assert_eq!(
            u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize,
            out.len() - 8
        );
    }

    #[test]
    fn broken_images_are_warned_about_and_published_as_they_are() {
        for (name, bytes) in [
            ("a.jpg", b"\xFF\xD8\xFF\xE1\x00".to_vec()),
            ("a.png", b"not a png".to_vec()),
            ("a.webp", vec![]),
        ] {
            let p = process_bytes(&format!("attachments/{name}"), bytes.clone());
            assert_eq!(p.files.last().unwrap().bytes, bytes);
            let w = p.warning.unwrap();
            assert_eq!(w.path, format!("content/attachments/{name}"));
            assert!(!p.attachment.unwrap().metadata_removed);
        }
    }

    #[test]
    fn sha256_matches_a_known_value() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
