//! A file's format, known by its first bytes whatever the file is called.

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
