//! One output file and how outputs are gathered: every stage that makes files (pages, open
//! data, attachments, the district) hands [`OutputFile`]s to the writer through these.

use serde::Serialize;

/// One output file: a path under the site root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// The files `make` hands to its sink (from any number of threads), sorted by path.
pub fn collect_sorted(
    make: impl FnOnce(&(dyn Fn(OutputFile) -> Result<(), String> + Sync)) -> Result<(), String>,
) -> Result<Vec<OutputFile>, String> {
    let out = std::sync::Mutex::new(Vec::new());
    make(&|file| {
        out.lock().map_err(|e| e.to_string())?.push(file);
        Ok(())
    })?;
    let mut out = out.into_inner().map_err(|e| e.to_string())?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// A pretty-printed JSON file ending in a newline.
pub fn json_file<T: Serialize>(path: &str, value: &T) -> OutputFile {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    OutputFile {
        path: path.into(),
        bytes,
    }
}

/// The file that marks a folder as a site yishi made, so a later build may replace it.
pub const MARKER: &str = ".yishi-site";

/// The generator string written into pages, feeds, data/site.json and the marker.
pub const GENERATOR: &str = concat!("yishi ", env!("CARGO_PKG_VERSION"));
