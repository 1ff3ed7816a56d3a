//! Detects an image format from the file's first bytes, so a wrong extension cannot mislead us.

use std::path::Path;

/// A container format recognised from its signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    Jpeg,
    Png,
    Webp,
    Gif,
    Tiff,
    Avif,
    Heif,
    Bmp,
    Svg,
    Pdf,
}

impl InputFormat {
    /// A short name for messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Jpeg => "jpeg",
            InputFormat::Png => "png",
            InputFormat::Webp => "webp",
            InputFormat::Gif => "gif",
            InputFormat::Tiff => "tiff",
            InputFormat::Avif => "avif",
            InputFormat::Heif => "heif",
            InputFormat::Bmp => "bmp",
            InputFormat::Svg => "svg",
            InputFormat::Pdf => "pdf",
        }
    }

    /// Whether the file extension is one this format is normally written with.
    pub fn matches_extension(self, path: &Path) -> bool {
        let Some(extension) = path.extension().and_then(|e| e.to_str()) else {
            return false;
        };
        let extension = extension.to_ascii_lowercase();
        let expected: &[&str] = match self {
            InputFormat::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            InputFormat::Png => &["png", "apng"],
            InputFormat::Webp => &["webp"],
            InputFormat::Gif => &["gif"],
            InputFormat::Tiff => &["tif", "tiff"],
            InputFormat::Avif => &["avif"],
            InputFormat::Heif => &["heic", "heif"],
            InputFormat::Bmp => &["bmp"],
            InputFormat::Svg => &["svg"],
            InputFormat::Pdf => &["pdf"],
        };
        expected.contains(&extension.as_str())
    }
}

/// Recognises the format from the leading bytes; `None` when nothing matches.
pub fn sniff(bytes: &[u8]) -> Option<InputFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(InputFormat::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(InputFormat::Png);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(InputFormat::Webp);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(InputFormat::Gif);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some(InputFormat::Tiff);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        return Some(match brand {
            b"avif" | b"avis" => InputFormat::Avif,
            _ => InputFormat::Heif,
        });
    }
    if bytes.starts_with(b"BM") && bytes.len() > 14 {
        return Some(InputFormat::Bmp);
    }
    if bytes.starts_with(b"%PDF") {
        return Some(InputFormat::Pdf);
    }
    let head = &bytes[..bytes.len().min(512)];
    if let Ok(text) = std::str::from_utf8(head) {
        if text.contains("<svg") {
            return Some(InputFormat::Svg);
        }
    }
    None
}

/// Whether a path looks like an image by its extension alone; used by discovery so folders full of
/// other files do not fill the report with "not an image" failures.
pub fn has_image_extension(path: &Path) -> bool {
    const EXTENSIONS: &[&str] = &[
        "jpg", "jpeg", "jpe", "jfif", "png", "apng", "webp", "gif", "tif", "tiff", "avif", "heic",
        "heif", "bmp",
    ];
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_signatures() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(InputFormat::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(InputFormat::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(InputFormat::Webp));
        assert_eq!(sniff(b"GIF89a"), Some(InputFormat::Gif));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif"), Some(InputFormat::Avif));
        assert_eq!(sniff(b"\0\0\0\x1cftypheic"), Some(InputFormat::Heif));
        assert_eq!(sniff(b"hello"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn extension_mismatch_is_detected() {
        assert!(InputFormat::Jpeg.matches_extension(Path::new("a/B.JPG")));
        assert!(!InputFormat::Png.matches_extension(Path::new("photo.jpg")));
        assert!(has_image_extension(Path::new("x.WebP")));
        assert!(!has_image_extension(Path::new("notes.txt")));
    }
}
