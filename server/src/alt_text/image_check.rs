//! Checks the image sent for AI metadata without decoding it: the declared type matches the
//! bytes (JPEG or WebP), and the header's dimensions are within the 1024 px limit.

use altloom_shared::api::alt_text::MAX_IMAGE_SIDE;

/// Largest encoded image accepted, well above what a 1024 px JPEG or WebP needs.
pub const MAX_IMAGE_BYTES: usize = 3 * 1024 * 1024;

/// Why an image is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    #[error("media_type must be image/jpeg or image/webp, not `{0}`")]
    UnsupportedType(String),
    #[error("data_base64 is not valid base64")]
    NotBase64,
    #[error("the image is {0} bytes; at most {MAX_IMAGE_BYTES} are accepted")]
    TooLarge(usize),
    #[error("the bytes are not a {0} image")]
    NotThatFormat(&'static str),
    #[error(
        "the image is {width}x{height}; send a copy at most {MAX_IMAGE_SIDE} px on its long side"
    )]
    TooBig { width: u32, height: u32 },
}

/// The dimensions of a JPEG or WebP, after checking its type and size limits.
pub fn check(media_type: &str, bytes: &[u8]) -> Result<(u32, u32), ImageProblem> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ImageProblem::TooLarge(bytes.len()));
    }
    let (width, height) = match media_type {
        "image/jpeg" => jpeg_size(bytes).ok_or(ImageProblem::NotThatFormat("JPEG"))?,
        "image/webp" => webp_size(bytes).ok_or(ImageProblem::NotThatFormat("WebP"))?,
        other => return Err(ImageProblem::UnsupportedType(other.to_string())),
    };
    if width == 0 || height == 0 || width.max(height) > MAX_IMAGE_SIDE {
        return Err(ImageProblem::TooBig { width, height });
    }
    Ok((width, height))
}

/// Reads a JPEG's frame size from its first start-of-frame segment.
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(..3)? != [0xFF, 0xD8, 0xFF] {
        return None;
    }
    let mut position = 2;
    loop {
        // Skip fill bytes between segments.
        while *bytes.get(position)? == 0xFF && *bytes.get(position + 1)? == 0xFF {
            position += 1;
        }
        if *bytes.get(position)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(position + 1)?;
        if marker == 0xD9 || marker == 0xDA {
            return None;
        }
        let length =
            u16::from_be_bytes([*bytes.get(position + 2)?, *bytes.get(position + 3)?]) as usize;
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_frame {
            let height = u16::from_be_bytes([*bytes.get(position + 5)?, *bytes.get(position + 6)?]);
            let width = u16::from_be_bytes([*bytes.get(position + 7)?, *bytes.get(position + 8)?]);
            return Some((u32::from(width), u32::from(height)));
        }
        if length < 2 {
            return None;
        }
        position += 2 + length;
    }
}

/// Reads a WebP's canvas size from its VP8, VP8L or VP8X chunk.
fn webp_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(..4)? != b"RIFF" || bytes.get(8..12)? != b"WEBP" {
        return None;
    }
    let chunk = bytes.get(12..16)?;
    let data = bytes.get(20..)?;
    match chunk {
        b"VP8 " => {
            if data.get(3..6)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            let width = u16::from_le_bytes([*data.get(6)?, *data.get(7)?]) & 0x3FFF;
            let height = u16::from_le_bytes([*data.get(8)?, *data.get(9)?]) & 0x3FFF;
            Some((u32::from(width), u32::from(height)))
        }
        b"VP8L" => {
            if *data.first()? != 0x2F {
                return None;
            }
            let bits =
                u32::from_le_bytes([*data.get(1)?, *data.get(2)?, *data.get(3)?, *data.get(4)?]);
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        b"VP8X" => {
            let width = u32::from_le_bytes([*data.get(4)?, *data.get(5)?, *data.get(6)?, 0]) + 1;
            let height = u32::from_le_bytes([*data.get(7)?, *data.get(8)?, *data.get(9)?, 0]) + 1;
            Some((width, height))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A baseline JPEG header of `width`×`height` (enough for the size reader).
    fn jpeg_header(width: u16, height: u16) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00];
        bytes.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 0x08]);
        bytes.extend_from_slice(&height.to_be_bytes());
        bytes.extend_from_slice(&width.to_be_bytes());
        bytes.extend_from_slice(&[0x01, 0x01, 0x11, 0x00]);
        bytes
    }

    #[test]
    fn jpeg_sizes_are_read_and_limited() {
        assert_eq!(
            check("image/jpeg", &jpeg_header(1024, 768)),
            Ok((1024, 768))
        );
        assert_eq!(
            check("image/jpeg", &jpeg_header(2000, 1000)),
            Err(ImageProblem::TooBig {
                width: 2000,
                height: 1000
            })
        );
        assert_eq!(
            check("image/png", &jpeg_header(10, 10)),
            Err(ImageProblem::UnsupportedType("image/png".into()))
        );
        assert_eq!(
            check("image/webp", &jpeg_header(10, 10)),
            Err(ImageProblem::NotThatFormat("WebP"))
        );
        assert_eq!(
            check("image/jpeg", b"GIF89a"),
            Err(ImageProblem::NotThatFormat("JPEG"))
        );
    }

    #[test]
    fn webp_sizes_are_read_from_each_chunk_kind() {
        let mut lossy = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0".to_vec();
        lossy.extend_from_slice(&[0, 0, 0, 0x9D, 0x01, 0x2A, 0x20, 0x03, 0x58, 0x02]);
        assert_eq!(check("image/webp", &lossy), Ok((800, 600)));
        let mut extended = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0".to_vec();
        extended.extend_from_slice(&[0, 0, 0, 0, 0xFF, 0x07, 0, 0x2F, 0x01, 0]);
        assert_eq!(
            check("image/webp", &extended),
            Err(ImageProblem::TooBig {
                width: 2048,
                height: 304
            })
        );
    }
}
