//! Decodes AVIF still images to 8-bit RGB(A) pixels, so targeted AVIF outputs can be measured
//! against their source like JPEG and WebP outputs are.
//!
//! The container is read with `avif-parse` and the AV1 data decoded with rav1d (the Rust port of
//! dav1d); the YUV planes are then turned into RGB here, following the matrix coefficients and
//! range the AV1 sequence header declares. Chroma planes subsampled 4:2:0 or 4:2:2 are upsampled
//! by repetition: exact for the 4:4:4 AVIF files Altloom writes, and close enough to measure
//! others.

use image::{DynamicImage, RgbImage, RgbaImage};
use re_rav1d::pixel::{MatrixCoefficients, YUVRange};
use re_rav1d::{Decoder, Error as Av1Error, Picture, PixelLayout, PlanarImageComponent, Settings};

/// Why an AVIF file could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum AvifDecodeError {
    #[error("not a readable AVIF container: {0}")]
    Container(String),
    #[error("the AV1 data could not be decoded: {0}")]
    Bitstream(String),
    #[error("the AV1 data holds no picture")]
    NoPicture,
    #[error("AVIF with {0} colour coefficients is not supported")]
    UnsupportedMatrix(&'static str),
    #[error("the alpha plane is {alpha_width}×{alpha_height}, the picture {width}×{height}")]
    AlphaSizeMismatch {
        width: u32,
        height: u32,
        alpha_width: u32,
        alpha_height: u32,
    },
}

/// Decodes an AVIF still image (its primary item and, when present, its alpha item).
pub fn decode_avif(bytes: &[u8]) -> Result<DynamicImage, AvifDecodeError> {
    let container = avif_parse::read_avif(&mut &bytes[..])
        .map_err(|error| AvifDecodeError::Container(error.to_string()))?;
    let colour = decode_av1(container.primary_item.to_vec())?;
    let alpha = match &container.alpha_item {
        Some(item) => Some(decode_av1(item.to_vec())?),
        None => None,
    };
    let (width, height) = (colour.width(), colour.height());
    let rgb = picture_to_rgb(&colour)?;
    let Some(alpha) = alpha else {
        let image = RgbImage::from_raw(width, height, rgb).expect("three bytes per pixel");
        return Ok(DynamicImage::ImageRgb8(image));
    };
    if (alpha.width(), alpha.height()) != (width, height) {
        return Err(AvifDecodeError::AlphaSizeMismatch {
            width,
            height,
            alpha_width: alpha.width(),
            alpha_height: alpha.height(),
        });
    }
    let alpha_values = luma_plane(&alpha);
    let mut rgba = Vec::with_capacity(rgb.len() / 3 * 4);
    for (pixel, &alpha_value) in rgb.chunks_exact(3).zip(&alpha_values) {
        if container.premultiplied_alpha && alpha_value > 0 && alpha_value < 255 {
            // Premultiplied colour is divided back out, as the format's `prem` reference says.
            for &channel in pixel {
                let straight = u32::from(channel) * 255 / u32::from(alpha_value);
                rgba.push(straight.min(255) as u8);
            }
        } else {
            rgba.extend_from_slice(pixel);
        }
        rgba.push(alpha_value);
    }
    let image = RgbaImage::from_raw(width, height, rgba).expect("four bytes per pixel");
    Ok(DynamicImage::ImageRgba8(image))
}

/// Decodes one AV1 still picture.
fn decode_av1(data: Vec<u8>) -> Result<Picture, AvifDecodeError> {
    let mut settings = Settings::new();
    // One picture: frame threading would only add delay, and the caller already runs one
    // decode per worker thread.
    settings.set_n_threads(1);
    settings.set_max_frame_delay(1);
    let bitstream = |error: Av1Error| AvifDecodeError::Bitstream(error.to_string());
    let mut decoder = Decoder::with_settings(&settings).map_err(bitstream)?;
    match decoder.send_data(data, None, None, None) {
        Ok(()) => {}
        // The decoder holds the data back until a picture is taken out; a still image has one.
        Err(Av1Error::Again) => {}
        Err(error) => return Err(bitstream(error)),
    }
    match decoder.get_picture() {
        Ok(picture) => Ok(picture),
        Err(Av1Error::Again) => {
            // Pictures still in flight come out after a flush-like drain of the pending data.
            decoder.send_pending_data().map_err(bitstream)?;
            decoder.get_picture().map_err(|error| match error {
                Av1Error::Again => AvifDecodeError::NoPicture,
                other => bitstream(other),
            })
        }
        Err(error) => Err(bitstream(error)),
    }
}

/// The luma-to-RGB weights (Kr, Kb) of a matrix, or `None` for identity (planes hold G, B, R).
fn matrix_weights(matrix: MatrixCoefficients) -> Result<Option<(f32, f32)>, AvifDecodeError> {
    Ok(match matrix {
        MatrixCoefficients::Identity => None,
        MatrixCoefficients::BT709 => Some((0.2126, 0.0722)),
        MatrixCoefficients::BT470M => Some((0.30, 0.11)),
        MatrixCoefficients::ST240M => Some((0.212, 0.087)),
        MatrixCoefficients::BT2020NonConstantLuminance => Some((0.2627, 0.0593)),
        // Unspecified coefficients are read as BT.601, as libavif does.
        MatrixCoefficients::BT470BG
        | MatrixCoefficients::ST170M
        | MatrixCoefficients::Unspecified => Some((0.299, 0.114)),
        MatrixCoefficients::YCgCo => return Err(AvifDecodeError::UnsupportedMatrix("YCgCo")),
        MatrixCoefficients::ICtCp => return Err(AvifDecodeError::UnsupportedMatrix("ICtCp")),
        _ => return Err(AvifDecodeError::UnsupportedMatrix("constant-luminance")),
    })
}

/// Reads sample `x` of row `y` of a plane as an integer, whatever its storage width.
struct PlaneReader {
    data: re_rav1d::Plane,
    stride: usize,
    wide: bool,
}

impl PlaneReader {
    fn new(picture: &Picture, component: PlanarImageComponent) -> PlaneReader {
        PlaneReader {
            data: picture.plane(component),
            stride: picture.stride(component) as usize,
            wide: picture.bits_per_component().map_or(8, |bits| bits.0) > 8,
        }
    }

    fn sample(&self, x: usize, y: usize) -> u16 {
        if self.wide {
            let offset = y * self.stride + x * 2;
            u16::from_ne_bytes([self.data[offset], self.data[offset + 1]])
        } else {
            u16::from(self.data[y * self.stride + x])
        }
    }
}

/// The bits per sample of a picture (8, 10 or 12).
fn bits(picture: &Picture) -> u32 {
    picture.bits_per_component().map_or(8, |bits| bits.0 as u32)
}

/// Normalises a luma (or alpha) sample to 0–1 for the picture's range.
fn normalise_luma(value: u16, bits: u32, range: YUVRange) -> f32 {
    let scale = (1u32 << (bits - 8)) as f32;
    match range {
        YUVRange::Full => f32::from(value) / ((1u32 << bits) - 1) as f32,
        YUVRange::Limited => (f32::from(value) - 16.0 * scale) / (219.0 * scale),
    }
}

/// Normalises a chroma sample to −0.5–0.5 for the picture's range.
fn normalise_chroma(value: u16, bits: u32, range: YUVRange) -> f32 {
    let scale = (1u32 << (bits - 8)) as f32;
    let centre = (1u32 << (bits - 1)) as f32;
    match range {
        YUVRange::Full => (f32::from(value) - centre) / ((1u32 << bits) - 1) as f32,
        YUVRange::Limited => (f32::from(value) - centre) / (224.0 * scale),
    }
}

fn to_byte(value: f32) -> u8 {
    (value * 255.0).round().clamp(0.0, 255.0) as u8
}

/// Converts a picture's planes to interleaved 8-bit RGB.
fn picture_to_rgb(picture: &Picture) -> Result<Vec<u8>, AvifDecodeError> {
    let (width, height) = (picture.width() as usize, picture.height() as usize);
    let bits = bits(picture);
    let range = picture.color_range();
    let luma = PlaneReader::new(picture, PlanarImageComponent::Y);
    let mut rgb = Vec::with_capacity(width * height * 3);
    let layout = picture.pixel_layout();
    if matches!(layout, PixelLayout::I400) {
        for grey in luma_plane(picture) {
            rgb.extend_from_slice(&[grey, grey, grey]);
        }
        return Ok(rgb);
    }
    let weights = matrix_weights(picture.matrix_coefficients())?;
    let blue_difference = PlaneReader::new(picture, PlanarImageComponent::U);
    let red_difference = PlaneReader::new(picture, PlanarImageComponent::V);
    let (shift_x, shift_y) = match layout {
        PixelLayout::I420 => (1, 1),
        PixelLayout::I422 => (1, 0),
        _ => (0, 0),
    };
    for y in 0..height {
        for x in 0..width {
            let (chroma_x, chroma_y) = (x >> shift_x, y >> shift_y);
            let luma_sample = luma.sample(x, y);
            let blue_sample = blue_difference.sample(chroma_x, chroma_y);
            let red_sample = red_difference.sample(chroma_x, chroma_y);
            let pixel = match weights {
                // Identity: the planes carry G, B and R themselves.
                None => [
                    normalise_luma(red_sample, bits, range),
                    normalise_luma(luma_sample, bits, range),
                    normalise_luma(blue_sample, bits, range),
                ],
                Some((kr, kb)) => {
                    let luma_value = normalise_luma(luma_sample, bits, range);
                    let blue_value = normalise_chroma(blue_sample, bits, range);
                    let red_value = normalise_chroma(red_sample, bits, range);
                    let red = luma_value + 2.0 * (1.0 - kr) * red_value;
                    let blue = luma_value + 2.0 * (1.0 - kb) * blue_value;
                    let green = (luma_value - kr * red - kb * blue) / (1.0 - kr - kb);
                    [red, green, blue]
                }
            };
            rgb.extend(pixel.map(to_byte));
        }
    }
    Ok(rgb)
}

/// A picture's luma plane as 8-bit values: the grey of a monochrome picture, or an alpha item.
fn luma_plane(picture: &Picture) -> Vec<u8> {
    let (width, height) = (picture.width() as usize, picture.height() as usize);
    let bits = bits(picture);
    let range = picture.color_range();
    let plane = PlaneReader::new(picture, PlanarImageComponent::Y);
    let mut values = Vec::with_capacity(width * height);
    for y in 0..height {
        for x in 0..width {
            values.push(to_byte(normalise_luma(plane.sample(x, y), bits, range)));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GenericImageView, Rgb, Rgba};
    use ravif::{BitDepth, Encoder, Img, RGB8, RGBA8};

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 128])
        })
    }

    fn encode_rgb(image: &RgbImage, depth: BitDepth) -> Vec<u8> {
        let pixels: Vec<RGB8> = image
            .pixels()
            .map(|p| RGB8::new(p[0], p[1], p[2]))
            .collect();
        Encoder::new()
            .with_quality(95.0)
            .with_speed(10)
            .with_bit_depth(depth)
            .encode_rgb(Img::new(
                &pixels[..],
                image.width() as usize,
                image.height() as usize,
            ))
            .unwrap()
            .avif_file
    }

    fn largest_difference(left: &DynamicImage, right: &DynamicImage) -> u8 {
        left.pixels()
            .zip(right.pixels())
            .flat_map(|((_, _, a), (_, _, b))| a.0.into_iter().zip(b.0).map(|(a, b)| a.abs_diff(b)))
            .max()
            .unwrap()
    }

    #[test]
    fn eight_and_ten_bit_outputs_of_ravif_decode_close_to_their_source() {
        let source = DynamicImage::ImageRgb8(gradient(96, 64));
        for depth in [BitDepth::Eight, BitDepth::Ten] {
            let decoded = decode_avif(&encode_rgb(source.as_rgb8().unwrap(), depth)).unwrap();
            assert_eq!(decoded.dimensions(), (96, 64));
            assert!(!decoded.color().has_alpha());
            let difference =
                largest_difference(&source.to_rgba8().into(), &decoded.to_rgba8().into());
            assert!(
                difference <= 12,
                "{depth:?}: largest channel difference {difference}"
            );
        }
    }

    #[test]
    fn alpha_comes_back_from_the_alpha_item() {
        let source = RgbaImage::from_fn(64, 32, |x, _| {
            Rgba([200, 40, 40, if x < 32 { 255 } else { 0 }])
        });
        let pixels: Vec<RGBA8> = source
            .pixels()
            .map(|p| RGBA8::new(p[0], p[1], p[2], p[3]))
            .collect();
        let bytes = Encoder::new()
            .with_quality(95.0)
            .with_speed(10)
            .encode_rgba(Img::new(&pixels[..], 64, 32))
            .unwrap()
            .avif_file;
        let decoded = decode_avif(&bytes).unwrap();
        assert!(decoded.color().has_alpha());
        assert!(decoded.get_pixel(5, 5)[3] >= 250);
        assert!(decoded.get_pixel(60, 5)[3] <= 5);
        let opaque = decoded.get_pixel(5, 5);
        assert!(
            opaque[0].abs_diff(200) <= 8 && opaque[1].abs_diff(40) <= 8,
            "{opaque:?}"
        );
    }

    #[test]
    fn limited_range_planes_are_expanded() {
        // Mid grey written as limited-range BT.601 planes by hand: Y 126, Cb = Cr = 128.
        let planes = std::iter::repeat_n([126u8, 128, 128], 32 * 32);
        let bytes = Encoder::new()
            .with_quality(100.0)
            .with_speed(10)
            .encode_raw_planes_8_bit(
                32,
                32,
                planes,
                None::<[u8; 0]>,
                ravif::PixelRange::Limited,
                ravif::MatrixCoefficients::BT601,
            )
            .unwrap()
            .avif_file;
        let decoded = decode_avif(&bytes).unwrap();
        let pixel = decoded.get_pixel(16, 16);
        // (126 − 16) / 219 × 255 ≈ 128.
        for channel in &pixel.0[..3] {
            assert!(channel.abs_diff(128) <= 2, "{pixel:?}");
        }
    }

    #[test]
    fn damaged_files_give_an_error_not_a_panic() {
        let bytes = encode_rgb(&gradient(32, 32), BitDepth::Eight);
        assert!(matches!(
            decode_avif(b"not an avif"),
            Err(AvifDecodeError::Container(_))
        ));
        let truncated = &bytes[..bytes.len() - 40];
        assert!(decode_avif(truncated).is_err());
        let mut scrambled = bytes.clone();
        let start = scrambled.len() - 60;
        for byte in &mut scrambled[start..] {
            *byte ^= 0x5a;
        }
        // A scrambled bitstream may still decode to something; it must never panic.
        let _ = decode_avif(&scrambled);
    }
}
