//! What an attachment publishes: only what a reader sees. Each format keeps what decoding
//! and showing the picture or document needs, and nothing else — no camera or GPS metadata,
//! no comments, no second image hidden after the first, no embedded files or scripts.
//!
//! Images are cleaned *losslessly*: the compressed picture is copied byte for byte and only
//! whole segments, chunks or blocks are left out. A file that does not parse to its end is
//! refused, never published as it is. PDFs are rewritten by `lopdf` with their document
//! information, XMP metadata, scripts, embedded files and earlier revisions left out.

/// A file format recognised from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JPEG (`.jpg`, `.jpeg`, `.jfif`, `.jpe`).
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// GIF.
    Gif,
    /// PDF.
    Pdf,
    /// HEIC, HEIF or AVIF (an ISO base media file).
    Heif,
    /// TIFF, or a camera raw file built on it (DNG, CR2, NEF, ARW …).
    Tiff,
}

impl Format {
    /// The name staff know the format by.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
            Format::Pdf => "PDF",
            Format::Heif => "HEIC/HEIF",
            Format::Tiff => "TIFF",
        }
    }
}

/// The format the bytes are, whatever the file is called.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    let head = |n: usize| bytes.get(..n).unwrap_or(&[]);
    if head(3) == [0xFF, 0xD8, 0xFF] {
        Some(Format::Jpeg)
    } else if head(8) == b"\x89PNG\r\n\x1a\n" {
        Some(Format::Png)
    } else if head(4) == b"RIFF" && bytes.get(8..12) == Some(b"WEBP") {
        Some(Format::Webp)
    } else if head(6) == b"GIF87a" || head(6) == b"GIF89a" {
        Some(Format::Gif)
    } else if head(4) == b"II*\0" || head(4) == b"MM\0*" {
        Some(Format::Tiff)
    } else if bytes.get(4..8) == Some(b"ftyp") {
        Some(Format::Heif)
    } else if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// Why a file is refused or could not be cleaned, in English and Chinese (staff read either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// English.
    pub en: &'static str,
    /// Chinese.
    pub zh: &'static str,
}

impl Reason {
    /// As a [`Text`](crate::content::diagnostics::Text).
    pub fn text(self) -> crate::content::diagnostics::Text {
        crate::content::diagnostics::Text {
            en: self.en.to_string(),
            zh: self.zh.to_string(),
        }
    }
}

/// What is done with an attachment, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// An image or PDF whose metadata is removed; its bytes must be this format.
    Clean(Format),
    /// A text file (CSV, TXT): UTF-8, checked for personal numbers.
    Text,
    /// A type site.toml lists under `[attachments] publish_as_is`: published as it is.
    AsIs,
    /// Never published, with what to do instead.
    Refused(Reason),
}

impl Policy {
    /// A refusal's hint, in both languages.
    pub fn hint(self) -> Option<crate::content::diagnostics::Text> {
        match self {
            Policy::Refused(why) => Some(why.text()),
            _ => None,
        }
    }
}

/// Types that run scripts from the site's own address when opened: never published, even
/// when listed in site.toml.
const ACTIVE: &[&str] = &[
    "svg", "svgz", "html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "js", "mjs", "wasm", "swf",
];

/// What is done with the attachment at `path`, given the extensions site.toml lists to
/// publish as they are.
pub fn policy(path: &str, publish_as_is: &[String]) -> Policy {
    let ext = path
        .rsplit_once('.')
        .filter(|(stem, _)| !stem.ends_with('/') && !stem.is_empty())
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" | "jfif" | "jpe" => Policy::Clean(Format::Jpeg),
        "png" => Policy::Clean(Format::Png),
        "webp" => Policy::Clean(Format::Webp),
        "gif" => Policy::Clean(Format::Gif),
        "pdf" => Policy::Clean(Format::Pdf),
        "txt" | "csv" => Policy::Text,
        "heic" | "heif" | "hif" | "avif" => Policy::Refused(Reason {
            en: "HEIC/HEIF photos (a phone's default) cannot be published without their location data: export the photo as JPEG (on an iPhone: 设置 → 相机 → 格式 → 兼容性最佳, or share it as JPEG)",
            zh: "HEIC/HEIF 照片（手机默认格式）无法去掉拍摄位置后发布：请导出为 JPEG（iPhone：设置 → 相机 → 格式 → 兼容性最佳，或分享为 JPEG）",
        }),
        "tif" | "tiff" | "dng" | "cr2" | "cr3" | "nef" | "arw" | "orf" | "rw2" | "raf" => {
            Policy::Refused(Reason {
                en: "TIFF and camera raw files cannot be published without their metadata: save the picture as JPEG or PNG, or a scan as PDF",
                zh: "TIFF 和相机原始文件无法去掉元数据后发布：请把图片另存为 JPEG 或 PNG，扫描件另存为 PDF",
            })
        }
        e if ACTIVE.contains(&e) => Policy::Refused(Reason {
            en: "this kind of file runs scripts from the site's address when opened: publish it as PNG or PDF instead",
            zh: "这类文件打开时会以本站的名义运行脚本：请改为 PNG 或 PDF 发布",
        }),
        e if !e.is_empty() && publish_as_is.iter().any(|l| l.eq_ignore_ascii_case(e)) => {
            Policy::AsIs
        }
        _ => Policy::Refused(Reason {
            en: "yishi publishes photos (JPEG, PNG, WebP, GIF), PDF, CSV and TXT; save the file as one of these, or — if it is meant to be published as it is, metadata and all — list its extension in site.toml under [attachments] publish_as_is",
            zh: "yishi 发布照片（JPEG、PNG、WebP、GIF）、PDF、CSV 和 TXT；请另存为其中一种；如果确实要连同文件属性原样发布，在 site.toml 的 [attachments] publish_as_is 里写上它的扩展名",
        }),
    }
}

const CUT: Reason = Reason {
    en: "ends early (the file is cut short)",
    zh: "提前结束（文件不完整）",
};

const CUT_CHUNK: Reason = Reason {
    en: "ends in the middle of a chunk (the file is cut short)",
    zh: "在数据块中间结束（文件不完整）",
};

const CUT_SEGMENT: Reason = Reason {
    en: "ends in the middle of a segment (the file is cut short)",
    zh: "在数据段中间结束（文件不完整）",
};

const CUT_PICTURE: Reason = Reason {
    en: "ends inside the picture data (the file is cut short)",
    zh: "在图像数据中间结束（文件不完整）",
};

const NOT_GIF: Reason = Reason {
    en: "does not start as a GIF image does",
    zh: "开头不是 GIF 图片的格式",
};

const NOT_JPEG: Reason = Reason {
    en: "does not start as a JPEG image does",
    zh: "开头不是 JPEG 图片的格式",
};

const NOT_PNG: Reason = Reason {
    en: "does not start as a PNG image does",
    zh: "开头不是 PNG 图片的格式",
};

const NOT_WEBP: Reason = Reason {
    en: "does not start as a WebP image does",
    zh: "开头不是 WebP 图片的格式",
};

const NO_PICTURE: Reason = Reason {
    en: "holds no picture data",
    zh: "没有图像数据",
};

const JPEG_VARIANT: Reason = Reason {
    en: "is damaged or uses a JPEG variant yishi cannot read",
    zh: "已损坏，或是 yishi 读不了的 JPEG 变种",
};

const UNKNOWN_BLOCK: Reason = Reason {
    en: "is damaged: a block of unknown kind",
    zh: "已损坏：有未知的数据块",
};

const SEGMENT_GAP: Reason = Reason {
    en: "is damaged: a segment does not start where the one before it ends",
    zh: "已损坏：数据段的位置不对",
};

const SEGMENT_LENGTH: Reason = Reason {
    en: "is damaged: a segment has an impossible length",
    zh: "已损坏：数据段长度不可能",
};

const NO_HEADER: Reason = Reason {
    en: "is damaged: it does not begin with its header chunk",
    zh: "已损坏：开头没有文件头",
};

const DATA_BEFORE_SIZE: Reason = Reason {
    en: "is damaged: picture data comes before the picture's size",
    zh: "已损坏：图像数据出现在图像尺寸之前",
};

const ENCRYPTED: Reason = Reason {
    en: "is encrypted (protected by a password); save an unprotected copy",
    zh: "已加密（有密码保护）；请另存一份不加密的",
};

// ------------------------------------------------------------------------------ JPEG

/// A JPEG with only what decoding and showing it needs: the frame, tables, scans and
/// restart markers, a JFIF header without its thumbnail, ICC colour profiles and Adobe's
/// colour transform flag, and the EXIF orientation alone (in a minimal segment of its own,
/// so portrait photos stay upright). Everything else is left out: EXIF and XMP (APP1, with
/// GPS and the camera's thumbnail), IPTC (APP13), C2PA (APP11), multi-picture and FlashPix
/// data (APP2 other than ICC), every other application segment, comments, metadata between
/// the scans of a progressive JPEG, and everything after the end-of-image marker (a phone's
/// depth map or motion photo, an appended second image). The scan data is copied as it is.
pub fn strip_jpeg(bytes: &[u8]) -> Result<Vec<u8>, Reason> {
    if bytes.get(..2) != Some(&[0xFF, 0xD8]) {
        return Err(NOT_JPEG);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    // Where the orientation segment goes: after a leading JFIF header, else after SOI.
    let mut exif_at = 2;
    let mut orientation = None;
    let (mut frame, mut scan) = (false, false);
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(SEGMENT_GAP);
        }
        while bytes.get(at + 1) == Some(&0xFF) {
            at += 1; // fill bytes before a marker
        }
        let marker = *bytes.get(at + 1).ok_or(CUT)?;
        at += 2;
        match marker {
            0xD9 => {
                if !(frame && scan) {
                    return Err(NO_PICTURE);
                }
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(insert_orientation(out, exif_at, orientation));
            }
            0x01 => {
                out.extend_from_slice(&[0xFF, 0x01]);
                continue;
            }
            0x00 | 0x02..=0xBF | 0xC8 | 0xD0..=0xD8 | 0xF0..=0xFD => {
                return Err(JPEG_VARIANT);
            }
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at).ok_or(CUT)?,
            *bytes.get(at + 1).ok_or(CUT)?,
        ]));
        if len < 2 {
            return Err(SEGMENT_LENGTH);
        }
        let segment = bytes.get(at - 2..at + len).ok_or(CUT_SEGMENT)?;
        let payload = &segment[4..];
        match marker {
            0xE0 if payload.starts_with(b"JFIF\0") && payload.len() >= 12 => {
                // Version, units and density; the thumbnail's size set to 0×0, its pixels left out.
                let leading = out.len() == 2;
                out.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
                out.extend_from_slice(&payload[..12]);
                out.extend_from_slice(&[0, 0]);
                if leading {
                    exif_at = out.len();
                }
            }
            0xE1 => {
                if let Some(tiff) = payload.strip_prefix(b"Exif\0\0") {
                    orientation = orientation.or_else(|| exif_orientation(tiff));
                }
            }
            0xE2 if payload.starts_with(b"ICC_PROFILE\0") => out.extend_from_slice(segment),
            0xEE if payload.starts_with(b"Adobe") => out.extend_from_slice(segment),
            0xE0..=0xEF | 0xFE => {} // every other application segment, and comments
            _ => {
                // Frames, tables, restart interval, scans, DNL.
                frame |= matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
                out.extend_from_slice(segment);
            }
        }
        at += len;
        if marker == 0xDA {
            if !frame {
                return Err(DATA_BEFORE_SIZE);
            }
            scan = true;
            // The entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a
            // restart marker.
            let start = at;
            loop {
                let next = bytes
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
                    .ok_or(CUT_PICTURE)?;
                at += next;
                match bytes.get(at + 1) {
                    None => return Err(CUT_PICTURE),
                    Some(0x00 | 0xD0..=0xD7) => at += 2,
                    Some(0xFF) => at += 1,
                    Some(_) => break,
                }
            }
            out.extend_from_slice(&bytes[start..at]);
        }
    }
}

fn insert_orientation(mut out: Vec<u8>, at: usize, orientation: Option<u16>) -> Vec<u8> {
    if let Some(o) = orientation.filter(|&o| o != 1) {
        out.splice(at..at, minimal_exif(o));
    }
    out
}

/// Reads the Orientation tag (0x0112) from the TIFF structure of an EXIF segment.
pub fn exif_orientation(tiff: &[u8]) -> Option<u16> {
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
        let b: [u8; 4] = tiff.get(i..i + 4)?.try_into().ok()?;
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

// ------------------------------------------------------------------------------ PNG

/// A PNG with its critical chunks and those that change how it looks (transparency,
/// gamma, colour space and profile, physical size, animation frames); text, EXIF, time,
/// C2PA and private chunks, and anything after IEND, are left out.
pub fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, Reason> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    const KEPT: [&[u8; 4]; 18] = [
        b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
        b"pHYs", b"bKGD", b"cICP", b"mDCV", b"cLLI", b"acTL", b"fcTL", b"fdAT",
    ];
    if !bytes.starts_with(SIGNATURE) {
        return Err(NOT_PNG);
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(SIGNATURE);
    let mut at = SIGNATURE.len();
    let cut = CUT_CHUNK;
    let mut header = false;
    loop {
        let len = u32::from_be_bytes(
            bytes
                .get(at..at + 4)
                .ok_or(cut)?
                .try_into()
                .map_err(|_| cut)?,
        ) as usize;
        let kind = bytes.get(at + 4..at + 8).ok_or(cut)?;
        let end = at
            .checked_add(12)
            .and_then(|e| e.checked_add(len))
            .ok_or(cut)?;
        let chunk = bytes.get(at..end).ok_or(cut)?;
        if !header && kind != b"IHDR" {
            return Err(NO_HEADER);
        }
        header = true;
        if KEPT.iter().any(|k| *k == kind) {
            out.extend_from_slice(chunk);
        }
        at = end;
        if kind == b"IEND" {
            return Ok(out);
        }
    }
}

// ------------------------------------------------------------------------------ WebP

/// A WebP with its picture, alpha, animation and ICC profile chunks; EXIF, XMP and unknown
/// chunks, and anything after the RIFF container, are left out (and their flags cleared).
pub fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, Reason> {
    if bytes.get(..4) != Some(b"RIFF") || bytes.get(8..12) != Some(b"WEBP") {
        return Err(NOT_WEBP);
    }
    let cut = CUT_CHUNK;
    let size = u32::from_le_bytes(bytes.get(4..8).ok_or(cut)?.try_into().map_err(|_| cut)?);
    let riff_end = (size as usize).checked_add(8).ok_or(cut)?;
    if riff_end > bytes.len() {
        return Err(cut);
    }
    let mut body = Vec::with_capacity(riff_end);
    body.extend_from_slice(b"WEBP");
    let mut at = 12;
    let mut picture = false;
    while at < riff_end {
        let kind = bytes.get(at..at + 4).ok_or(cut)?;
        let len = u32::from_le_bytes(
            bytes
                .get(at + 4..at + 8)
                .ok_or(cut)?
                .try_into()
                .map_err(|_| cut)?,
        ) as usize;
        let padded = len.checked_add(len & 1).ok_or(cut)?;
        let end = (at + 8).checked_add(padded).ok_or(cut)?;
        if end > riff_end {
            return Err(cut);
        }
        let chunk = &bytes[at..end];
        match kind {
            b"VP8X" => {
                let mut c = chunk.to_vec();
                if let Some(flags) = c.get_mut(8) {
                    *flags &= !(0x08 | 0x04); // EXIF, XMP
                }
                body.extend_from_slice(&c);
            }
            b"VP8 " | b"VP8L" | b"ANMF" => {
                picture = true;
                body.extend_from_slice(chunk);
            }
            b"ALPH" | b"ANIM" | b"ICCP" => body.extend_from_slice(chunk),
            _ => {} // EXIF, XMP and chunks of no known meaning
        }
        at = end;
    }
    if !picture {
        return Err(NO_PICTURE);
    }
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&u32::try_from(body.len()).map_err(|_| cut)?.to_le_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

// ------------------------------------------------------------------------------ GIF

/// A GIF with its frames, colour tables, frame timing and looping; comments, XMP and other
/// application data, and anything after the trailer, are left out.
pub fn strip_gif(bytes: &[u8]) -> Result<Vec<u8>, Reason> {
    if !(bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        return Err(NOT_GIF);
    }
    let cut = CUT;
    let table = |packed: u8| -> usize {
        if packed & 0x80 != 0 {
            3 << ((packed & 7) + 1)
        } else {
            0
        }
    };
    // The data sub-blocks starting at `at`, up to and including the zero-length one.
    let blocks = |mut at: usize| -> Result<usize, Reason> {
        loop {
            let n = usize::from(*bytes.get(at).ok_or(cut)?);
            at += 1 + n;
            if n == 0 {
                return if at <= bytes.len() { Ok(at) } else { Err(cut) };
            }
        }
    };
    let screen_end = 13 + table(*bytes.get(10).ok_or(cut)?);
    let mut out = bytes.get(..screen_end).ok_or(cut)?.to_vec();
    let mut at = screen_end;
    let mut frames = 0;
    loop {
        match *bytes.get(at).ok_or(cut)? {
            0x3B => {
                if frames == 0 {
                    return Err(NO_PICTURE);
                }
                out.push(0x3B);
                return Ok(out);
            }
            0x2C => {
                let packed = *bytes.get(at + 9).ok_or(cut)?;
                let data = at + 10 + table(packed) + 1; // descriptor, local table, LZW code size
                let end = blocks(data)?;
                out.extend_from_slice(bytes.get(at..end).ok_or(cut)?);
                frames += 1;
                at = end;
            }
            0x21 => {
                let label = *bytes.get(at + 1).ok_or(cut)?;
                let end = blocks(at + 2)?;
                let keep = match label {
                    0xF9 | 0x01 => true, // frame timing and transparency; plain text shown
                    0xFF => {
                        let id = bytes.get(at + 3..at + 14).unwrap_or(&[]);
                        id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0" // looping
                    }
                    _ => false, // comments (0xFE) and unknown extensions
                };
                if keep {
                    out.extend_from_slice(&bytes[at..end]);
                }
                at = end;
            }
            _ => return Err(UNKNOWN_BLOCK),
        }
    }
}

// ------------------------------------------------------------------------------ PDF

/// Keys whose values a reader never sees and that carry names, numbers or code: document
/// information is the trailer's `Info`; `Metadata` is XMP on the catalogue, pages and
/// images; `PieceInfo` is an application's private data; `AA`/`OpenAction` run actions
/// (JavaScript) when the file opens; `EF` holds embedded files.
const PDF_HIDDEN_KEYS: [&[u8]; 5] = [b"Metadata", b"PieceInfo", b"AA", b"OpenAction", b"EF"];

/// A PDF rewritten without its document information (author, creator, title …), XMP
/// metadata, private application data, JavaScript, embedded files and the earlier revisions
/// an incremental save keeps (where text that was edited away can still be read).
/// Encrypted files are refused: they cannot be rewritten without the password.
pub fn strip_pdf(bytes: &[u8]) -> Result<Vec<u8>, crate::content::diagnostics::Text> {
    use lopdf::{Document, Object};
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| crate::tr!("cannot be read as a PDF ({e})", "无法作为 PDF 读取（{e}）"))?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(ENCRYPTED.text());
    }
    for key in [&b"Info"[..], b"Prev", b"XRefStm"] {
        doc.trailer.remove(key);
    }
    fn clean(object: &mut Object) {
        match object {
            Object::Dictionary(d) => clean_dictionary(d),
            Object::Stream(s) => clean_dictionary(&mut s.dict),
            Object::Array(items) => items.iter_mut().for_each(clean),
            _ => {}
        }
    }
    fn clean_dictionary(d: &mut lopdf::Dictionary) {
        for key in PDF_HIDDEN_KEYS {
            d.remove(key);
        }
        // JavaScript and embedded files listed in the catalogue's name tree.
        if let Ok(Object::Dictionary(names)) = d.get_mut(b"Names") {
            names.remove(b"JavaScript");
            names.remove(b"EmbeddedFiles");
        }
        // A JavaScript action anywhere (a link, a form field) does nothing.
        if d.get(b"S")
            .is_ok_and(|s| matches!(s, Object::Name(n) if n == b"JavaScript"))
        {
            d.set("JS", Object::string_literal(""));
        }
        for (_, value) in d.iter_mut() {
            clean(value);
        }
    }
    for object in doc.objects.values_mut() {
        clean(object);
    }
    // What nothing refers to any more (the metadata streams, embedded files, objects of
    // earlier revisions) is not written.
    doc.prune_objects();
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| {
        crate::tr!(
            "could not be written again as a PDF ({e})",
            "无法重新写成 PDF（{e}）"
        )
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageFormat;
    use std::io::Cursor;

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    /// A real JPEG made by the image crate (baseline or progressive-like), as bytes.
    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    /// Splices segments in after SOI and after the first SOS's data, and appends a tail.
    fn hostile_jpeg() -> Vec<u8> {
        let plain = jpeg(64, 32);
        let exif = {
            let mut p =
                b"Exif\0\0II\x2A\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x06\0\0\0\0\0\0\0"
                    .to_vec();
            p.extend_from_slice(b"GPS 39.1234N 117.2000E");
            p
        };
        let mut jfif_with_thumb = b"JFIF\0\x01\x02\0\0\x01\0\x01\x02\x01".to_vec();
        jfif_with_thumb.extend_from_slice(&[0xAB; 6]); // a 2×1 thumbnail's pixels
        let mut out = plain[..2].to_vec();
        out.extend(segment(0xE0, &jfif_with_thumb));
        out.extend(segment(0xE1, &exif));
        out.extend(segment(
            0xE1,
            "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>张三</x:xmpmeta>".as_bytes(),
        ));
        out.extend(segment(0xE2, b"MPF\0second image index"));
        out.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01profile"));
        out.extend(segment(0xE4, b"APP4 secret"));
        out.extend(segment(0xEB, b"JP\0\0c2pa manifest"));
        out.extend(segment(0xED, b"Photoshop 3.0\0IPTC byline"));
        out.extend(segment(0xFE, b"home address comment"));
        // The image crate writes SOI APP0 …; skip its own APP0 to keep one header.
        let mut rest = &plain[2..];
        if rest.get(1) == Some(&0xE0) {
            let len = u16::from_be_bytes([rest[2], rest[3]]) as usize;
            rest = &rest[2 + len..];
        }
        out.extend_from_slice(rest);
        // After EOI: a motion photo and a second image with its own EXIF.
        out.extend_from_slice(b"MotionPhoto_Data ftypmp42");
        out.extend_from_slice(&[0xFF, 0xD8]);
        out.extend(segment(0xE1, b"Exif\0\0second GPS 40.0N"));
        out
    }

    #[test]
    fn jpeg_keeps_only_what_decoding_needs() {
        let src = hostile_jpeg();
        let out = strip_jpeg(&src).unwrap();
        for secret in [
            &b"GPS 39.1234N"[..],
            b"xmpmeta",
            b"MPF\0",
            b"APP4 secret",
            b"c2pa",
            b"IPTC",
            b"home address",
            b"MotionPhoto",
            b"second GPS",
            &[0xAB; 6],
        ] {
            assert!(
                !contains(&out, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        assert!(contains(&out, b"ICC_PROFILE"), "colour profile kept");
        assert!(out.ends_with(&[0xFF, 0xD9]), "nothing after EOI");
        let exif = out.windows(6).position(|w| w == b"Exif\0\0").unwrap() + 6;
        assert_eq!(exif_orientation(&out[exif..]), Some(6), "orientation kept");
        // The JFIF header stays first, its thumbnail gone; the picture decodes the same.
        assert_eq!(&out[2..4], &[0xFF, 0xE0]);
        assert_eq!(&out[6..11], b"JFIF\0");
        let a = image::load_from_memory_with_format(&jpeg(64, 32), ImageFormat::Jpeg).unwrap();
        let b = image::load_from_memory_with_format(&out, ImageFormat::Jpeg).unwrap();
        assert_eq!(a.to_rgb8(), b.to_rgb8(), "pixels unchanged");
        // The scan data is byte for byte the same.
        let sos = |b: &[u8]| b.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let plain = jpeg(64, 32);
        let eoi = |b: &[u8]| b.windows(2).rposition(|w| w == [0xFF, 0xD9]).unwrap();
        assert_eq!(&plain[sos(&plain)..eoi(&plain)], &out[sos(&out)..eoi(&out)]);
    }

    #[test]
    fn metadata_between_progressive_scans_is_left_out() {
        // Two scans of the same picture data with a comment and an APP1 between them: the
        // structure of a progressive JPEG (frame, tables, scan, …, scan, EOI).
        let plain = jpeg(16, 16);
        let sos = plain.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
        let eoi = plain.len() - 2;
        let mut src = plain[..eoi].to_vec();
        src.extend(segment(0xFE, b"between scans"));
        src.extend(segment(0xE1, b"Exif\0\0GPS between"));
        src.extend_from_slice(&plain[sos..]);
        let out = strip_jpeg(&src).unwrap();
        assert!(!contains(&out, b"between"));
        assert_eq!(out.windows(2).filter(|w| *w == [0xFF, 0xDA]).count(), 2);
    }

    #[test]
    fn broken_jpegs_are_refused() {
        let good = jpeg(16, 16);
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            b"\xFF\xD8".to_vec(),
            good[..good.len() / 2].to_vec(), // cut inside the scan
            good[..good.len() - 2].to_vec(), // no EOI
            good[..20].to_vec(),             // cut inside a segment
            [&good[..2], &[0xFF, 0xD9][..]].concat(), // no picture
            [&good[..2], &[0x00, 0x00][..], &good[2..]].concat(),
        ];
        for bytes in cases {
            assert!(
                strip_jpeg(&bytes).is_err(),
                "{:?}",
                &bytes[..bytes.len().min(8)]
            );
        }
    }

    #[test]
    fn png_keeps_only_chunks_that_change_the_picture() {
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(image::RgbImage::new(4, 4))
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let chunk = |kind: &[u8], data: &[u8]| {
            let mut c = (data.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(data);
            c.extend_from_slice(&[0, 0, 0, 0]);
            c
        };
        let mut src = png[..33].to_vec();
        for (kind, data) in [
            (&b"tEXt"[..], &b"Comment\0GPS 39N"[..]),
            (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x>secret</x>"),
            (b"eXIf", b"MM\0*exif secret"),
            (b"caBX", b"c2pa secret"),
            (b"prVt", b"private secret"),
        ] {
            src.extend(chunk(kind, data));
        }
        src.extend_from_slice(&png[33..]);
        src.extend_from_slice(b"trailing secret");
        assert_eq!(strip_png(&src).unwrap(), png);
        assert!(strip_png(&png[..png.len() - 5]).is_err(), "cut short");
        assert!(strip_png(b"\x89PNG\r\n\x1a\n").is_err());
    }

    #[test]
    fn webp_keeps_its_picture_only() {
        let mut src = b"RIFF\0\0\0\0WEBP".to_vec();
        src.extend_from_slice(b"VP8X\x0a\0\0\0\x0c\0\0\0\0\0\0\0\0\0");
        src.extend_from_slice(b"EXIF\x03\0\0\0GPS\0");
        src.extend_from_slice(b"XMP \x04\0\0\0\xe5\xbc\xa0\xe4");
        src.extend_from_slice(b"VP8L\x02\0\0\0ab");
        let len = (src.len() - 8) as u32;
        src[4..8].copy_from_slice(&len.to_le_bytes());
        src.extend_from_slice(b"after the container");
        let out = strip_webp(&src).unwrap();
        assert!(!contains(&out, b"GPS") && !contains(&out, b"XMP") && !contains(&out, b"after"));
        assert!(contains(&out, b"VP8L\x02\0\0\0ab"));
        assert_eq!(out[20], 0, "EXIF and XMP flags cleared");
        assert_eq!(
            u32::from_le_bytes(out[4..8].try_into().unwrap()) as usize,
            out.len() - 8
        );
        assert!(strip_webp(&src[..src.len() - 25]).is_err(), "cut short");
    }

    #[test]
    fn gif_keeps_frames_and_looping_only() {
        let mut src = b"GIF89a\x01\0\x01\0\x80\0\0".to_vec();
        src.extend_from_slice(&[0, 0, 0, 255, 255, 255]); // global colour table (2)
        src.extend_from_slice(b"\x21\xFF\x0bNETSCAPE2.0\x03\x01\0\0\0");
        src.extend_from_slice(b"\x21\xFE\x0ehome address!!\0");
        src.extend_from_slice(b"\x21\xFF\x0bXMP DataXMP\x06secret\0");
        src.extend_from_slice(b"\x21\xF9\x04\0\0\0\0\0");
        src.extend_from_slice(b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0");
        src.extend_from_slice(b"\x3Bappended secret");
        let out = strip_gif(&src).unwrap();
        assert!(!contains(&out, b"home") && !contains(&out, b"secret"));
        assert!(contains(&out, b"NETSCAPE2.0") && out.ends_with(b"\x01\0\x3B"));
        let decoded = image::load_from_memory_with_format(&out, ImageFormat::Gif).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1, 1));
        assert!(strip_gif(&src[..30]).is_err());
    }

    /// A small PDF with document information, XMP, JavaScript, an embedded file and an
    /// earlier revision, built with lopdf.
    fn hostile_pdf() -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let content = Stream::new(
            dictionary! {},
            b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET".to_vec(),
        );
        let content_id = doc.add_object(content);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "AA" => dictionary! { "O" => dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert('page')") } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            }),
        );
        let xmp = doc.add_object(Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            b"<x:xmpmeta>dc:creator 320102XMP</x:xmpmeta>".to_vec(),
        ));
        let embedded = doc.add_object(Stream::new(
            dictionary! { "Type" => "EmbeddedFile" },
            b"embedded secret spreadsheet".to_vec(),
        ));
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp,
            "OpenAction" => dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert('open')") },
            "Names" => dictionary! {
                "EmbeddedFiles" => dictionary! { "Names" => vec![Object::string_literal("a.xls"), dictionary! { "Type" => "Filespec", "EF" => dictionary! { "F" => embedded } }.into()] },
            },
        });
        let info = doc.add_object(dictionary! {
            "Author" => Object::string_literal("Zhang San 13912345678"),
            "Producer" => Object::string_literal("Scanner model X"),
        });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    #[test]
    fn pdf_metadata_scripts_and_embedded_files_are_left_out() {
        let src = hostile_pdf();
        for secret in [
            &b"Zhang San"[..],
            b"320102XMP",
            b"app.alert",
            b"embedded secret",
        ] {
            assert!(
                contains(&src, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        let out = strip_pdf(&src).unwrap();
        for secret in [
            &b"Zhang San"[..],
            b"Scanner model",
            b"320102XMP",
            b"app.alert",
            b"embedded secret",
        ] {
            assert!(
                !contains(&out, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        let doc = lopdf::Document::load_mem(&out).unwrap();
        assert_eq!(doc.get_pages().len(), 1, "the page is still there");
        assert!(!doc.trailer.has(b"Info"));
        assert!(strip_pdf(b"%PDF-1.4\nnot really").is_err());
    }

    #[test]
    fn formats_are_known_by_their_bytes() {
        assert_eq!(sniff(&jpeg(4, 4)), Some(Format::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(Format::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Format::Webp));
        assert_eq!(sniff(b"GIF89a"), Some(Format::Gif));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic"), Some(Format::Heif));
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), Some(Format::Tiff));
        assert_eq!(sniff(b"\xEF\xBB\xBF%PDF-1.7"), Some(Format::Pdf));
        assert_eq!(sniff(b"hello"), None);
    }
}
