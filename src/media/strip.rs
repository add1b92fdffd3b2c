//! What an attachment publishes: only what a reader sees. Each format keeps what decoding
//! and showing the picture or document needs, and nothing else — no camera or GPS metadata,
//! no comments, no colour profile (whose text and tags can carry anything), no second image
//! hidden after the first, no embedded files or scripts.
//!
//! Pictures are cleaned *losslessly*, by kind: a JPEG's and a WebP's compressed picture is
//! copied byte for byte and only whole segments or chunks are left out (re-encoding them
//! would lose quality); a PNG's pixel data is inflated and checked to be exactly its
//! scanlines, and kept up to the end of its compressed stream (what follows is left out);
//! a GIF is decoded and encoded again (lossless: the picture is the same and no byte of the
//! original survives that a browser does not draw). A file that does not parse to its end is refused, never
//! published as it is. PDFs are rewritten by `lopdf` with what their pages draw and their
//! web links only, and the text of their pages is read for personal numbers.

pub use crate::plumbing::format::{Format, sniff};

/// Why a file is refused or could not be cleaned, in English and Chinese (staff read either).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// English.
    pub en: &'static str,
    /// Chinese.
    pub zh: &'static str,
}

impl Reason {
    /// As a [`Text`](crate::diagnostics::Text).
    pub fn text(self) -> crate::diagnostics::Text {
        crate::diagnostics::Text {
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
    pub fn hint(self) -> Option<crate::diagnostics::Text> {
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

const PNG_DATA: Reason = Reason {
    en: "is damaged: its picture data is not what its header describes",
    zh: "已损坏：图像数据和文件头描述的不一致",
};

const PNG_CRC: Reason = Reason {
    en: "is damaged: a chunk's checksum does not match its contents",
    zh: "已损坏：数据块的校验和与内容不符",
};

const PNG_TOO_LARGE: Reason = Reason {
    en: "is too large a picture to publish (more than 512 MB once decompressed); save a smaller copy",
    zh: "图片太大（解压后超过 512 MB），无法发布；请另存一份小一些的",
};

const GIF_DATA: Reason = Reason {
    en: "is damaged: its frames could not be decoded",
    zh: "已损坏：动画帧无法解码",
};

const ENCRYPTED: Reason = Reason {
    en: "is encrypted (protected by a password); save an unprotected copy",
    zh: "已加密（有密码保护）；请另存一份不加密的",
};

// ------------------------------------------------------------------------------ JPEG

/// A JPEG with only what decoding and showing it needs: the frame, tables, scans and
/// restart markers, a JFIF header without its thumbnail, Adobe's colour transform flag (its
/// twelve bytes), and the EXIF orientation alone (in a minimal segment of its own, so
/// portrait photos stay upright). Everything else is left out: EXIF and XMP (APP1, with
/// GPS and the camera's thumbnail), IPTC (APP13), C2PA (APP11), ICC colour profiles,
/// multi-picture and FlashPix data (APP2: a profile's text and tags can carry anything,
/// and a browser shows the picture as sRGB without one), every other application segment,
/// comments, metadata between
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
            0xEE if payload.starts_with(b"Adobe") && payload.len() >= 12 => {
                // Adobe's colour transform flag: its twelve bytes, nothing after them.
                out.extend_from_slice(&[0xFF, 0xEE, 0x00, 0x0E]);
                out.extend_from_slice(&payload[..12]);
            }
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

/// A PNG rebuilt from what draws it: the header, palette and transparency, the chunks that
/// change how it looks (gamma, chromaticities, sRGB, significant bits, physical size,
/// background, colour information, animation control), and its pixel data — every frame's
/// compressed stream inflated and checked to be exactly the scanlines its size needs (valid
/// filter bytes), then kept byte for byte up to its end. Text, EXIF,
/// time, ICC profiles, private chunks, a known chunk of the wrong length, bytes after a
/// compressed stream and anything after IEND are left out.
pub fn strip_png(bytes: &[u8]) -> Result<Vec<u8>, Reason> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) {
        return Err(NOT_PNG);
    }
    let chunks = png_chunks(&bytes[SIGNATURE.len()..])?;
    let Some((b"IHDR", header)) = chunks.first().map(|(k, d)| (*k, *d)) else {
        return Err(NO_HEADER);
    };
    let header = PngHeader::read(header).ok_or(PNG_DATA)?;
    let mut out = SIGNATURE.to_vec();
    let mut sequence = 0u32;
    let mut frame: Option<(u32, u32)> = None; // the size of the frame an fcTL announced
    let mut picture = false;
    let mut k = 0;
    while k < chunks.len() {
        let (kind, data) = chunks[k];
        k += 1;
        match kind {
            b"IHDR" | b"PLTE" | b"acTL" => {
                let ok = match kind {
                    b"IHDR" => k == 1,
                    b"PLTE" => data.len() % 3 == 0 && data.len() <= 768 && !data.is_empty(),
                    _ => data.len() == 8,
                };
                if !ok {
                    return Err(PNG_DATA);
                }
                png_chunk(&mut out, kind, data);
            }
            b"IDAT" | b"fdAT" => {
                // The frame's data: this chunk and those of its kind right after it.
                let mut stream = Vec::new();
                let first = k - 1;
                let mut run = first;
                while run < chunks.len() && chunks[run].0 == kind {
                    let part = chunks[run].1;
                    let part = if kind == b"fdAT" {
                        part.get(4..).ok_or(PNG_DATA)? // its sequence number
                    } else {
                        part
                    };
                    stream.extend_from_slice(part);
                    run += 1;
                }
                k = run;
                let (w, h) = if kind == b"IDAT" {
                    if picture {
                        return Err(PNG_DATA); // a second run of IDAT: not one picture
                    }
                    frame = None; // an animation's first frame is the picture itself
                    (header.width, header.height)
                } else {
                    frame.take().ok_or(PNG_DATA)?
                };
                let length = header.stream_length(&stream, w, h)?;
                if kind == b"IDAT" && length == stream.len() {
                    // A clean stream: its chunks as they are.
                    for &(kind, data) in &chunks[first..run] {
                        png_chunk(&mut out, kind, data);
                    }
                } else {
                    // What follows the stream's end is not drawn and is left out; the stream
                    // itself is kept byte for byte, in one chunk.
                    let mut data = Vec::with_capacity(length + 4);
                    if kind == b"fdAT" {
                        data.extend_from_slice(&sequence.to_be_bytes());
                        sequence += 1;
                    }
                    data.extend_from_slice(&stream[..length]);
                    png_chunk(&mut out, kind, &data);
                }
                picture |= kind == b"IDAT";
            }
            b"fcTL" => {
                if data.len() != 26 {
                    return Err(PNG_DATA);
                }
                let be = |at: usize| {
                    u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
                };
                let (w, h, x, y) = (be(4), be(8), be(12), be(16));
                if w == 0
                    || h == 0
                    || x.checked_add(w).is_none_or(|r| r > header.width)
                    || y.checked_add(h).is_none_or(|b| b > header.height)
                {
                    return Err(PNG_DATA);
                }
                frame = Some((w, h));
                let mut rewritten = data.to_vec();
                rewritten[..4].copy_from_slice(&sequence.to_be_bytes());
                sequence += 1;
                png_chunk(&mut out, kind, &rewritten);
            }
            b"IEND" => {
                if !picture {
                    return Err(NO_PICTURE);
                }
                png_chunk(&mut out, kind, &[]);
                return Ok(out);
            }
            _ => {
                let expected: &[usize] = match kind {
                    b"gAMA" => &[4],
                    b"cHRM" => &[32],
                    b"sRGB" => &[1],
                    b"sBIT" => &[1, 2, 3, 4],
                    b"pHYs" => &[9],
                    b"bKGD" => &[1, 2, 6],
                    b"cICP" => &[4],
                    b"mDCV" => &[24],
                    b"cLLI" => &[8],
                    b"tRNS" => match header.color_type {
                        0 => &[2],
                        2 => &[6],
                        3 => &[],
                        _ => &[0], // not allowed: no chunk has length 0 here
                    },
                    _ => &[0],
                };
                let fits = if kind == b"tRNS" && header.color_type == 3 {
                    (1..=256).contains(&data.len())
                } else {
                    expected.contains(&data.len()) && !data.is_empty()
                };
                // These come before the picture data; after it, nothing of them is drawn.
                if fits && !picture {
                    png_chunk(&mut out, kind, data);
                }
            }
        }
    }
    Err(CUT_CHUNK)
}

/// A PNG chunk: its kind and its data.
type Chunk<'a> = (&'a [u8; 4], &'a [u8]);

/// A PNG's chunks as (kind, data), up to and including IEND. A chunk whose checksum does
/// not match its contents is damaged: a critical one (upper-case first letter) is refused,
/// an ancillary one left out, as PNG decoders do.
fn png_chunks(mut rest: &[u8]) -> Result<Vec<Chunk<'_>>, Reason> {
    let cut = CUT_CHUNK;
    let mut chunks = Vec::new();
    loop {
        let len =
            u32::from_be_bytes(rest.get(..4).ok_or(cut)?.try_into().map_err(|_| cut)?) as usize;
        let kind: &[u8; 4] = rest.get(4..8).ok_or(cut)?.try_into().map_err(|_| cut)?;
        let end = len.checked_add(12).ok_or(cut)?;
        let chunk = rest.get(..end).ok_or(cut)?;
        let data = &chunk[8..8 + len];
        let crc = u32::from_be_bytes(chunk[8 + len..].try_into().map_err(|_| cut)?);
        let mut check = flate2::Crc::new();
        check.update(&chunk[4..8 + len]);
        if check.sum() == crc {
            chunks.push((kind, data));
        } else if kind[0].is_ascii_uppercase() {
            return Err(PNG_CRC);
        }
        rest = &rest[end..];
        if kind == b"IEND" {
            return Ok(chunks);
        }
    }
}

/// Appends a chunk with its length and CRC.
fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// The largest inflated picture yishi cleans: 512 MiB of scanlines (a 10,000 × 10,000
/// RGBA photo is 400 MB).
const PNG_MAX_INFLATED: usize = 512 * 1024 * 1024;

/// What a PNG's header says about its scanlines.
struct PngHeader {
    width: u32,
    height: u32,
    color_type: u8,
    /// Bits per pixel.
    bits: u32,
    interlaced: bool,
}

impl PngHeader {
    fn read(data: &[u8]) -> Option<PngHeader> {
        if data.len() != 13 {
            return None;
        }
        let be =
            |at: usize| u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]]);
        let (width, height, depth, color_type) = (be(0), be(4), data[8], data[9]);
        let channels = match (color_type, depth) {
            (0, 1 | 2 | 4 | 8 | 16) => 1,
            (2, 8 | 16) => 3,
            (3, 1 | 2 | 4 | 8) => 1,
            (4, 8 | 16) => 2,
            (6, 8 | 16) => 4,
            _ => return None,
        };
        if width == 0 || height == 0 || data[10] != 0 || data[11] != 0 || data[12] > 1 {
            return None;
        }
        Some(PngHeader {
            width,
            height,
            color_type,
            bits: channels * u32::from(depth),
            interlaced: data[12] == 1,
        })
    }

    /// The rows of a frame of `w` × `h`, as (bytes per row without the filter byte,
    /// number of rows), pass by pass when interlaced.
    fn passes(&self, w: u32, h: u32) -> Vec<(usize, usize)> {
        let row = |w: u32| (u64::from(w) * u64::from(self.bits)).div_ceil(8) as usize;
        if !self.interlaced {
            return vec![(row(w), h as usize)];
        }
        const ADAM7: [(u32, u32, u32, u32); 7] = [
            (0, 0, 8, 8),
            (4, 0, 8, 8),
            (0, 4, 4, 8),
            (2, 0, 4, 4),
            (0, 2, 2, 4),
            (1, 0, 2, 2),
            (0, 1, 1, 2),
        ];
        ADAM7
            .iter()
            .filter_map(|&(x0, y0, dx, dy)| {
                let pw = w.saturating_sub(x0).div_ceil(dx);
                let ph = h.saturating_sub(y0).div_ceil(dy);
                (pw > 0 && ph > 0).then(|| (row(pw), ph as usize))
            })
            .collect()
    }

    /// The length of a frame's compressed stream, inflated and checked: exactly the
    /// scanlines of `w` × `h`, each with a filter byte 0–4. Bytes after the stream's end
    /// are not part of it (the caller leaves them out).
    fn stream_length(&self, stream: &[u8], w: u32, h: u32) -> Result<usize, Reason> {
        let passes = self.passes(w, h);
        let expected: usize = passes
            .iter()
            .try_fold(0usize, |sum, &(row, rows)| {
                sum.checked_add(row.checked_add(1)?.checked_mul(rows)?)
            })
            .filter(|&n| n <= PNG_MAX_INFLATED)
            .ok_or(PNG_TOO_LARGE)?;
        let mut inflated = Vec::with_capacity(expected + 1);
        let mut inflater = flate2::Decompress::new(true);
        loop {
            let before = inflater.total_out();
            let consumed = inflater.total_in() as usize;
            let status = inflater
                .decompress_vec(
                    &stream[consumed..],
                    &mut inflated,
                    flate2::FlushDecompress::Finish,
                )
                .map_err(|_| PNG_DATA)?;
            if status == flate2::Status::StreamEnd {
                break;
            }
            if inflated.len() > expected {
                return Err(PNG_DATA);
            }
            if inflated.len() == inflated.capacity() {
                inflated.reserve(1);
            }
            if inflater.total_out() == before && inflater.total_in() as usize == consumed {
                return Err(CUT_PICTURE);
            }
        }
        if inflated.len() != expected {
            return Err(PNG_DATA);
        }
        let mut at = 0;
        for (row, rows) in passes {
            for _ in 0..rows {
                if inflated[at] > 4 {
                    return Err(PNG_DATA);
                }
                at += row + 1;
            }
        }
        Ok(inflater.total_in() as usize)
    }
}

// ------------------------------------------------------------------------------ WebP

/// A WebP with its picture, alpha and animation chunks (each animation frame with its
/// picture's chunks only); ICC profiles, EXIF, XMP and unknown chunks — at the top or nested
/// in a frame — and anything after the RIFF container or after a frame's chunks are left out
/// (and their flags cleared).
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
                    *flags &= !(0x20 | 0x08 | 0x04); // ICC profile, EXIF, XMP
                }
                body.extend_from_slice(&c);
            }
            b"VP8 " | b"VP8L" => {
                picture = true;
                body.extend_from_slice(chunk);
            }
            b"ANMF" => {
                // A frame: its 16-byte header and its picture's chunks, nothing else.
                let frame = webp_frame(&chunk[8..8 + len])?;
                picture = true;
                body.extend_from_slice(b"ANMF");
                body.extend_from_slice(&u32::try_from(frame.len()).map_err(|_| cut)?.to_le_bytes());
                body.extend_from_slice(&frame);
            }
            b"ALPH" | b"ANIM" => body.extend_from_slice(chunk),
            _ => {} // ICC profiles, EXIF, XMP and chunks of no known meaning
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

/// An animation frame's payload kept: its 16-byte header (position, size, duration, flags)
/// and its ALPH, VP8 and VP8L chunks.
fn webp_frame(payload: &[u8]) -> Result<Vec<u8>, Reason> {
    let cut = CUT_CHUNK;
    let mut out = payload.get(..16).ok_or(cut)?.to_vec();
    let mut at = 16;
    let mut picture = false;
    while at + 8 <= payload.len() {
        let kind = &payload[at..at + 4];
        let len = u32::from_le_bytes(payload[at + 4..at + 8].try_into().map_err(|_| cut)?) as usize;
        let end = (at + 8)
            .checked_add(len)
            .and_then(|e| e.checked_add(len & 1))
            .ok_or(cut)?;
        let chunk = payload.get(at..end).ok_or(cut)?;
        if matches!(kind, b"ALPH" | b"VP8 " | b"VP8L") {
            picture |= kind != b"ALPH";
            out.extend_from_slice(chunk);
        }
        at = end;
    }
    if !picture {
        return Err(NO_PICTURE);
    }
    Ok(out)
}

// ------------------------------------------------------------------------------ GIF

/// A GIF rebuilt from its decoded frames: each frame's pixels (palette indexes, which is
/// lossless), colour tables, position, timing, disposal and transparency, and the number of
/// loops. Comments, application data, plain-text extensions (which browsers do not draw),
/// bytes hidden after a frame's compressed data and anything after the trailer are left
/// out. The file must first parse to its trailer.
pub fn strip_gif(bytes: &[u8]) -> Result<Vec<u8>, Reason> {
    if !(bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        return Err(NOT_GIF);
    }
    gif_structure(bytes)?;
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::new(PNG_MAX_INFLATED as u64).ok_or(GIF_DATA)?,
    ));
    let mut decoder = options.read_info(bytes).map_err(|_| GIF_DATA)?;
    let (width, height) = (decoder.width(), decoder.height());
    let global = decoder
        .global_palette()
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    let repeat = decoder.repeat();
    let mut out = Vec::with_capacity(bytes.len());
    {
        let mut encoder =
            gif::Encoder::new(&mut out, width, height, &global).map_err(|_| GIF_DATA)?;
        if repeat != gif::Repeat::Finite(0) {
            encoder.set_repeat(repeat).map_err(|_| GIF_DATA)?;
        }
        let mut frames = 0;
        while let Some(frame) = decoder.read_next_frame().map_err(|_| GIF_DATA)? {
            encoder.write_frame(frame).map_err(|_| GIF_DATA)?;
            frames += 1;
        }
        if frames == 0 {
            return Err(NO_PICTURE);
        }
    }
    Ok(out)
}

/// Checks that a GIF's blocks run to its trailer (a cut or damaged file is refused, as
/// before it is decoded).
fn gif_structure(bytes: &[u8]) -> Result<(), Reason> {
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
    let mut at = 13 + table(*bytes.get(10).ok_or(cut)?);
    let mut frames = 0;
    loop {
        match *bytes.get(at).ok_or(cut)? {
            0x3B => return if frames == 0 { Err(NO_PICTURE) } else { Ok(()) },
            0x2C => {
                let packed = *bytes.get(at + 9).ok_or(cut)?;
                at = blocks(at + 10 + table(packed) + 1)?;
                frames += 1;
            }
            0x21 => at = blocks(at + 2)?,
            _ => return Err(UNKNOWN_BLOCK),
        }
    }
}

// ------------------------------------------------------------------------------ PDF

/// Keys whose values a reader never sees and that carry names, numbers or code: `Metadata`
/// is XMP on the catalogue, pages and images; `PieceInfo` an application's private data;
/// `AA`/`OpenAction` run actions when the file or a page opens; `EF` holds embedded files;
/// `JS` is script; `Outlines` (bookmarks), `AcroForm` (form fields and their values),
/// `StructTreeRoot` (the tag tree, with alternative texts), `Threads`, `SpiderInfo`,
/// `Collection` and `Perms` hold text or code no page draws.
const PDF_HIDDEN_KEYS: [&[u8]; 13] = [
    b"Metadata",
    b"PieceInfo",
    b"AA",
    b"OpenAction",
    b"EF",
    b"JS",
    b"Outlines",
    b"AcroForm",
    b"StructTreeRoot",
    b"Threads",
    b"SpiderInfo",
    b"Collection",
    b"Perms",
];

/// Keys of an annotation that hold what a viewer shows in a pop-up or list, not on the page.
const PDF_ANNOTATION_TEXT: [&[u8]; 8] = [
    b"Contents",
    b"T",
    b"RC",
    b"NM",
    b"Subj",
    b"Popup",
    b"M",
    b"CreationDate",
];

/// A PDF rewritten with what its pages draw and its links to web addresses, and nothing a
/// reader cannot see or that runs: document information (author, creator, title …), XMP,
/// private application data, bookmarks, form fields and their values, the tag tree,
/// embedded files, JavaScript and every action but a link to an `http`, `https` or
/// `mailto` address or to a page of the file, annotations other than links (comments,
/// stamps, form widgets, attachments) and the text links carry, and the earlier revisions
/// an incremental save keeps (where text that was edited away can still be read). The text
/// the pages draw is read for personal numbers, which cannot be masked in a PDF: a page
/// with one is refused, naming the page. Encrypted files are refused: they cannot be
/// rewritten without the password.
pub fn strip_pdf(bytes: &[u8], allow: &[String]) -> Result<Vec<u8>, crate::diagnostics::Text> {
    use lopdf::{Document, Object};
    let mut doc = Document::load_mem(bytes)
        .map_err(|e| crate::tr!("cannot be read as a PDF ({e})", "无法作为 PDF 读取（{e}）"))?;
    if doc.is_encrypted() || doc.trailer.has(b"Encrypt") {
        return Err(ENCRYPTED.text());
    }
    for key in [&b"Info"[..], b"Prev", b"XRefStm"] {
        doc.trailer.remove(key);
    }
    // Actions that are not a plain link, wherever they are, by object id.
    let unsafe_actions: std::collections::HashSet<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_dict().is_ok_and(pdf_action_is_unsafe))
        .map(|(id, _)| *id)
        .collect();
    // Annotations other than links, by object id.
    let dropped_annotations: std::collections::HashSet<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s != b"Link")
                    && (d.has(b"Rect")
                        || d.get(b"Type")
                            .and_then(Object::as_name)
                            .is_ok_and(|t| t == b"Annot"))
            })
        })
        .map(|(id, _)| *id)
        .collect();
    let unsafe_action = |o: &Object| match o {
        Object::Reference(id) => unsafe_actions.contains(id),
        Object::Dictionary(d) => pdf_action_is_unsafe(d),
        _ => false,
    };
    fn clean(
        object: &mut Object,
        unsafe_action: &dyn Fn(&Object) -> bool,
        dropped: &std::collections::HashSet<lopdf::ObjectId>,
    ) {
        match object {
            Object::Dictionary(d) => clean_dictionary(d, unsafe_action, dropped),
            Object::Stream(s) => clean_dictionary(&mut s.dict, unsafe_action, dropped),
            Object::Array(items) => items
                .iter_mut()
                .for_each(|i| clean(i, unsafe_action, dropped)),
            _ => {}
        }
    }
    fn clean_dictionary(
        d: &mut lopdf::Dictionary,
        unsafe_action: &dyn Fn(&Object) -> bool,
        dropped: &std::collections::HashSet<lopdf::ObjectId>,
    ) {
        for key in PDF_HIDDEN_KEYS {
            d.remove(key);
        }
        // JavaScript and embedded files listed in the catalogue's name tree.
        if let Ok(Object::Dictionary(names)) = d.get_mut(b"Names") {
            names.remove(b"JavaScript");
            names.remove(b"EmbeddedFiles");
        }
        for key in [&b"A"[..], b"Next"] {
            if d.get(key).is_ok_and(unsafe_action) {
                d.remove(key);
            }
        }
        if d.get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Link")
        {
            for key in PDF_ANNOTATION_TEXT {
                d.remove(key);
            }
        }
        // A page's annotations: links only (inline ones that are not are dropped too).
        if let Ok(Object::Array(annots)) = d.get_mut(b"Annots") {
            annots.retain(|a| match a {
                Object::Reference(id) => !dropped.contains(id),
                Object::Dictionary(ad) => ad
                    .get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"Link"),
                _ => false,
            });
        }
        for (_, value) in d.iter_mut() {
            clean(value, unsafe_action, dropped);
        }
    }
    let ids: Vec<lopdf::ObjectId> = doc.objects.keys().copied().collect();
    for id in ids {
        if let Some(object) = doc.objects.get_mut(&id) {
            clean(object, &unsafe_action, &dropped_annotations);
        }
    }
    // What nothing refers to any more (the metadata streams, embedded files, dropped
    // annotations, objects of earlier revisions) is not written.
    doc.prune_objects();
    if let Some((page, found)) = pdf_page_numbers(&doc, allow) {
        return Err(crate::tr!(
            "shows {kind} on page {page} ({masked}), which cannot be masked in a PDF",
            "第 {page} 页上有{kind_zh}（{masked}），PDF 里无法打码";
            kind = found.kind.describe(),
            kind_zh = found.kind.describe_zh(),
            masked = &found.suggest
        ));
    }
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| {
        crate::tr!(
            "could not be written again as a PDF ({e})",
            "无法重新写成 PDF（{e}）"
        )
    })?;
    Ok(out)
}

/// Whether an action dictionary does anything but open a web or mail address or go to a
/// page of the same file.
fn pdf_action_is_unsafe(d: &lopdf::Dictionary) -> bool {
    use lopdf::Object;
    let Ok(kind) = d.get(b"S").and_then(Object::as_name) else {
        return d.has(b"JS");
    };
    match kind {
        b"GoTo" => false,
        b"URI" => {
            let uri = d.get(b"URI").and_then(Object::as_str).unwrap_or(b"");
            let uri: String = String::from_utf8_lossy(uri)
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            !["http://", "https://", "mailto:"]
                .iter()
                .any(|s| uri.starts_with(s))
        }
        _ => true,
    }
}

/// The first personal number a page of the PDF draws, with its page number: the text of its
/// content streams, each text object and line a piece of its own, decoded by the page's
/// fonts (their ToUnicode maps) where they say how, and the bytes of every shown string read
/// as they are as well (digits are ASCII in most fonts' encodings).
fn pdf_page_numbers(
    doc: &lopdf::Document,
    allow: &[String],
) -> Option<(u32, crate::privacy::Finding)> {
    use lopdf::Object;
    for (number, page_id) in doc.get_pages() {
        let Ok(content) = doc.get_page_content_with_limit(page_id, PNG_MAX_INFLATED) else {
            continue;
        };
        let Ok(content) = lopdf::content::Content::decode(&content) else {
            continue;
        };
        let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
        let encodings: std::collections::BTreeMap<Vec<u8>, lopdf::Encoding> = fonts
            .into_iter()
            .filter_map(|(name, font)| font.get_font_encoding(doc).ok().map(|e| (name, e)))
            .collect();
        let mut decoded = String::new();
        let mut raw = String::new();
        let mut encoding = None;
        let show = |operand: &Object,
                    encoding: Option<&lopdf::Encoding>,
                    decoded: &mut String,
                    raw: &mut String| {
            let mut strings = Vec::new();
            match operand {
                Object::String(b, _) => strings.push(b.as_slice()),
                Object::Array(items) => {
                    for item in items {
                        match item {
                            Object::String(b, _) => strings.push(b.as_slice()),
                            // A wide gap between glyphs reads as a space.
                            Object::Integer(i) if *i < -100 => strings.push(b" "),
                            Object::Real(r) if *r < -100.0 => strings.push(b" "),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
            for bytes in strings {
                if let Some(e) = encoding {
                    let _ = e.write_to_string(bytes, decoded);
                }
                raw.extend(
                    bytes
                        .iter()
                        .map(|&b| if b.is_ascii() { b as char } else { '\0' }),
                );
            }
        };
        for op in &content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    encoding = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|n| encodings.get(n));
                }
                "Tj" | "TJ" => {
                    if let Some(o) = op.operands.first() {
                        show(o, encoding, &mut decoded, &mut raw);
                    }
                }
                "'" | "\"" => {
                    decoded.push('\n');
                    raw.push('\n');
                    if let Some(o) = op.operands.last() {
                        show(o, encoding, &mut decoded, &mut raw);
                    }
                }
                // A new line, a move, a new text object: a piece of its own.
                "T*" | "Td" | "TD" | "Tm" | "BT" | "ET" => {
                    decoded.push('\n');
                    raw.push('\n');
                }
                _ => {}
            }
        }
        for text in [&decoded, &raw] {
            if let Some(found) = crate::privacy::scan(text, allow).into_iter().next() {
                return Some((number, found));
            }
        }
    }
    None
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
        assert!(!contains(&out, b"ICC_PROFILE"), "colour profile left out");
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

    /// A chunk with its length and a correct CRC (`crc: false` gives a wrong one).
    fn png_chunk_of(kind: &[u8], data: &[u8], crc: bool) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        let mut sum = flate2::Crc::new();
        sum.update(kind);
        sum.update(data);
        c.extend_from_slice(&if crc { sum.sum() } else { 0 }.to_be_bytes());
        c
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn rgb_png(w: u32, h: u32) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8 * 40, y as u8 * 60, 7]));
        let mut png = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        png
    }

    #[test]
    fn png_keeps_only_what_draws_the_picture() {
        let png = rgb_png(4, 4);
        let mut src = png[..33].to_vec(); // signature and IHDR
        for (kind, data) in [
            (&b"tEXt"[..], &b"Comment\0GPS 39N"[..]),
            (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<x>secret</x>"),
            (b"eXIf", b"MM\0*exif secret"),
            (b"caBX", b"c2pa secret"),
            (b"prVt", b"private secret"),
            (b"iCCP", b"sRGB\0\0icc secret payload"),
            (b"gAMA", b"\0\0\xb1\x8fgamma secret"), // a known chunk, too long
        ] {
            src.extend(png_chunk_of(kind, data, true));
        }
        src.extend(png_chunk_of(
            b"pHYs",
            b"\0\0\x0b\x13\0\0\x0b\x13\x01",
            false,
        )); // bad CRC
        src.extend_from_slice(&png[33..]);
        src.extend_from_slice(b"trailing secret");
        let out = strip_png(&src).unwrap();
        for secret in [&b"secret"[..], b"GPS", b"pHYs"] {
            assert!(
                !contains(&out, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        let decoded = |b: &[u8]| {
            image::load_from_memory_with_format(b, ImageFormat::Png)
                .unwrap()
                .to_rgb8()
        };
        assert_eq!(decoded(&out), decoded(&png), "pixels unchanged");
        assert!(strip_png(&png[..png.len() - 5]).is_err(), "cut short");
        assert!(strip_png(b"\x89PNG\r\n\x1a\n").is_err());
    }

    /// Bytes after the compressed stream inside IDAT, a second run of IDAT, a stream that
    /// inflates to more or less than the picture needs, or a bad filter byte: the picture
    /// is rebuilt from exactly its scanlines, or refused.
    #[test]
    fn png_data_is_exactly_its_scanlines() {
        let ihdr = png_chunk_of(b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0], true); // 2×2 grey
        let scanlines = [0u8, 10, 20, 0, 30, 40];
        let build = |idats: Vec<Vec<u8>>, tail: &[u8]| {
            let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
            f.extend(&ihdr);
            for d in idats {
                f.extend(png_chunk_of(b"IDAT", &d, true));
            }
            f.extend_from_slice(tail);
            f.extend(png_chunk_of(b"IEND", b"", true));
            f
        };
        let good = build(vec![zlib(&scanlines)], b"");
        let out = strip_png(&good).unwrap();
        // Hidden after the stream, in the same chunk: left out, the picture the same.
        let mut hidden = zlib(&scanlines);
        hidden.extend_from_slice(b"13912345678 hidden after the stream");
        let rebuilt = strip_png(&build(vec![hidden], b"")).unwrap();
        assert_eq!(rebuilt, out, "bytes after the stream left out");
        // Split over two chunks: one chunk out.
        let z = zlib(&scanlines);
        let split = strip_png(&build(vec![z[..5].to_vec(), z[5..].to_vec()], b"")).unwrap();
        let pixels = |b: &[u8]| {
            image::load_from_memory_with_format(b, ImageFormat::Png)
                .unwrap()
                .to_luma8()
                .into_raw()
        };
        assert_eq!(pixels(&split), pixels(&out));
        assert_eq!(out, good, "a clean PNG is published as it is");
        // Another run of IDAT after another chunk: refused.
        let extra = png_chunk_of(b"tEXt", b"a\0b", true);
        let mut two = extra.clone();
        two.extend(png_chunk_of(b"IDAT", &zlib(b"\0secret"), true));
        assert!(strip_png(&build(vec![zlib(&scanlines)], &two)).is_err());
        // Too much, too little, a bad filter byte.
        for data in [
            &[0u8, 10, 20, 0, 30, 40, 0][..],
            &[0, 10, 20, 0, 30],
            &[9, 10, 20, 0, 30, 40],
        ] {
            assert!(
                strip_png(&build(vec![zlib(data)], b"")).is_err(),
                "{data:?}"
            );
        }
        let img = image::load_from_memory_with_format(&out, ImageFormat::Png)
            .unwrap()
            .to_luma8();
        assert_eq!(img.into_raw(), [10, 20, 30, 40]);
    }

    /// An animated PNG keeps its frames, each rebuilt, with sequence numbers in order.
    #[test]
    fn animated_png_keeps_its_frames() {
        let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
        f.extend(png_chunk_of(
            b"IHDR",
            &[0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0],
            true,
        ));
        f.extend(png_chunk_of(b"acTL", &[0, 0, 0, 2, 0, 0, 0, 0], true));
        let fctl = |seq: u32, w: u32| {
            let mut d = seq.to_be_bytes().to_vec();
            for v in [w, 2, 0, 0] {
                d.extend_from_slice(&v.to_be_bytes());
            }
            d.extend_from_slice(&[0, 1, 0, 10, 0, 0]);
            png_chunk_of(b"fcTL", &d, true)
        };
        f.extend(fctl(0, 2));
        f.extend(png_chunk_of(b"IDAT", &zlib(&[0, 1, 2, 0, 3, 4]), true));
        f.extend(fctl(1, 1));
        let mut fd = 2u32.to_be_bytes().to_vec();
        fd.extend(zlib(&[0, 9, 0, 8]));
        f.extend(png_chunk_of(b"fdAT", &fd, true));
        f.extend(png_chunk_of(b"zzZz", b"secret nested", true));
        f.extend(png_chunk_of(b"IEND", b"", true));
        let out = strip_png(&f).unwrap();
        assert!(!contains(&out, b"secret"));
        let decoder = image::codecs::png::PngDecoder::new(Cursor::new(&out)).unwrap();
        use image::AnimationDecoder;
        let frames = decoder
            .apng()
            .unwrap()
            .into_frames()
            .collect_frames()
            .unwrap();
        assert_eq!(frames.len(), 2);
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

    /// What browsers never draw is left out of every picture format: an ICC profile with any
    /// payload, Adobe's segment past its twelve bytes, a GIF's plain-text extension and what
    /// follows a frame's data, chunks nested in an animated WebP's frame.
    #[test]
    fn bytes_no_browser_draws_are_left_out() {
        // JPEG: an ICC segment whose "profile" is anything, an Adobe segment with a tail.
        let plain = jpeg(16, 16);
        let mut src = plain[..2].to_vec();
        src.extend(segment(
            0xE2,
            b"ICC_PROFILE\0\x01\x01acsp 13912345678 secret profile",
        ));
        let mut adobe = b"Adobe\0\x64\0\0\0\0\x01".to_vec();
        adobe.extend_from_slice(b"adobe secret");
        src.extend(segment(0xEE, &adobe));
        src.extend_from_slice(&plain[2..]);
        let out = strip_jpeg(&src).unwrap();
        assert!(!contains(&out, b"secret") && !contains(&out, b"ICC_PROFILE"));
        assert!(contains(&out, b"Adobe\0\x64"));
        image::load_from_memory_with_format(&out, ImageFormat::Jpeg).unwrap();
        // GIF: a plain-text extension, and data hidden after a frame's LZW end code.
        let mut gif = b"GIF89a\x01\0\x01\0\x80\0\0".to_vec();
        gif.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
        gif.extend_from_slice(b"\x21\x01\x0c\0\0\0\0\x01\0\x01\0\x01\x01\x01\x00");
        gif.extend_from_slice(b"\x0btext secret\0");
        gif.extend_from_slice(b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x0e\x44\x01");
        gif.extend_from_slice(b"lzw secret!!");
        gif.extend_from_slice(b"\0\x3B");
        let out = strip_gif(&gif).unwrap();
        assert!(!contains(&out, b"secret"), "{out:?}");
        let a = image::load_from_memory_with_format(&out, ImageFormat::Gif).unwrap();
        assert_eq!((a.width(), a.height()), (1, 1));
        // WebP: an ICC profile, and an unknown chunk inside an animation frame.
        let mut webp = b"RIFF\0\0\0\0WEBP".to_vec();
        webp.extend_from_slice(b"VP8X\x0a\0\0\0\x22\0\0\0\0\0\0\0\0\0");
        webp.extend_from_slice(b"ICCP\x0c\0\0\0icc secret!!");
        webp.extend_from_slice(b"ANIM\x06\0\0\0\0\0\0\0\0\0");
        let mut frame = vec![0u8; 16];
        frame.extend_from_slice(b"VP8L\x02\0\0\0ab");
        frame.extend_from_slice(b"XYZW\x0a\0\0\0frame secr");
        webp.extend_from_slice(b"ANMF");
        webp.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        webp.extend_from_slice(&frame);
        let len = (webp.len() - 8) as u32;
        webp[4..8].copy_from_slice(&len.to_le_bytes());
        let out = strip_webp(&webp).unwrap();
        assert!(
            !contains(&out, b"secr") && !contains(&out, b"ICCP"),
            "{out:?}"
        );
        assert!(contains(&out, b"VP8L\x02\0\0\0ab"));
        assert_eq!(out[20] & 0x20, 0, "the ICC flag cleared");
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
        let comment = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Text", "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
            "T" => Object::string_literal("annotation author Li Si"),
            "Contents" => Object::string_literal("annotation contents 13800001111"),
        });
        let bad_link = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
            "Contents" => Object::string_literal("link tooltip secret"),
            "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("javascript:app.alert(1)") },
        });
        let good_link = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Link", "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
            "A" => dictionary! { "S" => "URI", "URI" => Object::string_literal("https://example.org/ok") },
        });
        let widget = doc.add_object(dictionary! {
            "Type" => "Annot", "Subtype" => "Widget", "Rect" => vec![0.into(), 0.into(), 9.into(), 9.into()],
            "FT" => "Tx", "T" => Object::string_literal("phone"), "V" => Object::string_literal("form value secret"),
            "A" => dictionary! { "S" => "SubmitForm", "F" => Object::string_literal("https://evil.example/") },
        });
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "AA" => dictionary! { "O" => dictionary! { "S" => "JavaScript", "JS" => Object::string_literal("app.alert('page')") } },
            "Annots" => vec![comment.into(), bad_link.into(), good_link.into(), widget.into()],
        });
        let outline_item = doc.add_object(dictionary! {
            "Title" => Object::string_literal("outline title secret"),
        });
        let outlines = doc.add_object(dictionary! {
            "Type" => "Outlines", "First" => outline_item, "Last" => outline_item, "Count" => 1,
        });
        let acroform = doc.add_object(dictionary! { "Fields" => vec![widget.into()] });
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
            "Outlines" => outlines, "AcroForm" => acroform,
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
        let out = strip_pdf(&src, &[]).unwrap();
        for secret in [
            &b"Zhang San"[..],
            b"Scanner model",
            b"320102XMP",
            b"app.alert",
            b"embedded secret",
            b"annotation author",
            b"annotation contents",
            b"13800001111",
            b"link tooltip",
            b"javascript:",
            b"form value",
            b"evil.example",
            b"outline title",
        ] {
            assert!(
                !contains(&out, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        assert!(
            contains(&out, b"https://example.org/ok"),
            "a web link stays"
        );
        let doc = lopdf::Document::load_mem(&out).unwrap();
        assert_eq!(doc.get_pages().len(), 1, "the page is still there");
        assert!(!doc.trailer.has(b"Info"));
        assert!(strip_pdf(b"%PDF-1.4\nnot really", &[]).is_err());
    }

    /// A PDF whose page shows `text` in one text object (or, with `cells`, one object per
    /// cell), in the standard Helvetica.
    fn pdf_showing(text: &[&str]) -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let mut ops = String::new();
        for (i, t) in text.iter().enumerate() {
            ops.push_str(&format!("BT /F1 12 Tf {} 700 Td ({t}) Tj ET ", 72 + i * 40));
        }
        let content_id = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    /// The text a PDF's pages draw is read: a personal number refuses the file, naming its
    /// page; a table of numbers, one cell a text object, is no number.
    #[test]
    fn pdf_page_text_is_read() {
        let err = strip_pdf(&pdf_showing(&["Tel 139 1234 5678"]), &[]).unwrap_err();
        assert!(
            err.zh.contains("第 1 页") && err.zh.contains("139 **** 5678"),
            "{}",
            err.zh
        );
        assert!(!err.en.contains("1234"), "{}", err.en);
        let table = ["1", "36", "30", "2", "48", "40", "3", "52", "47"];
        assert!(strip_pdf(&pdf_showing(&table), &[]).is_ok());
        let allowed = strip_pdf(
            &pdf_showing(&["Hotline 13912345678"]),
            &["13912345678".into()],
        );
        assert!(allowed.is_ok());
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
