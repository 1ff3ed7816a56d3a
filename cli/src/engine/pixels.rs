//! Pixel-level helpers shared by the pipeline: orientation, bit-depth reduction, alpha checks and
//! Lanczos3 resizing with premultiplied alpha.

use std::borrow::Cow;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageBuffer, Luma, LumaA, Rgb, RgbImage, Rgba, RgbaImage};

use super::error::FileError;

/// Rotates and flips the pixels so the image is upright, per the EXIF orientation (1–8).
pub fn apply_orientation(image: &mut DynamicImage, orientation: u16) {
    use image::metadata::Orientation;
    let orientation = match orientation {
        2 => Orientation::FlipHorizontal,
        3 => Orientation::Rotate180,
        4 => Orientation::FlipVertical,
        5 => Orientation::Rotate90FlipH,
        6 => Orientation::Rotate90,
        7 => Orientation::Rotate270FlipH,
        8 => Orientation::Rotate270,
        _ => return,
    };
    image.apply_orientation(orientation);
}

/// The image as 8-bit RGBA: borrowed when it already is (encoders and metrics read the same
/// probe several times during a search), converted otherwise.
pub fn rgba8(image: &DynamicImage) -> Cow<'_, RgbaImage> {
    match image.as_rgba8() {
        Some(rgba) => Cow::Borrowed(rgba),
        None => Cow::Owned(image.to_rgba8()),
    }
}

/// The image as 8-bit RGB, borrowed when it already is, converted otherwise.
pub fn rgb8(image: &DynamicImage) -> Cow<'_, RgbImage> {
    match image.as_rgb8() {
        Some(rgb) => Cow::Borrowed(rgb),
        None => Cow::Owned(image.to_rgb8()),
    }
}

/// Whether the image has a channel for transparency at all.
pub fn has_alpha_channel(image: &DynamicImage) -> bool {
    image.color().has_alpha()
}

/// Whether any pixel is less than fully opaque. An alpha channel full of 255s is common (screenshots
/// saved as RGBA) and may be dropped safely; real transparency never is.
pub fn has_real_transparency(image: &DynamicImage) -> bool {
    match image {
        DynamicImage::ImageLumaA8(buffer) => buffer.pixels().any(|pixel| pixel.0[1] != u8::MAX),
        DynamicImage::ImageRgba8(buffer) => buffer.pixels().any(|pixel| pixel.0[3] != u8::MAX),
        DynamicImage::ImageLumaA16(buffer) => buffer.pixels().any(|pixel| pixel.0[1] != u16::MAX),
        DynamicImage::ImageRgba16(buffer) => buffer.pixels().any(|pixel| pixel.0[3] != u16::MAX),
        DynamicImage::ImageRgba32F(buffer) => buffer.pixels().any(|pixel| pixel.0[3] < 1.0),
        _ => false,
    }
}

/// Whether the image looks like a graphic (logo, screenshot, diagram) rather than a photo: few
/// distinct colours among a sample of pixels. Lossless coding wins for graphics and only costs time
/// on photos, so encoders try it only when this says yes.
pub fn looks_like_graphic(image: &DynamicImage) -> bool {
    const MAXIMUM_COLOURS: usize = 4096;
    const SAMPLE: u64 = 65_536;
    let rgba = match image {
        DynamicImage::ImageRgba8(buffer) => std::borrow::Cow::Borrowed(buffer),
        other => std::borrow::Cow::Owned(other.to_rgba8()),
    };
    let pixel_count = u64::from(rgba.width()) * u64::from(rgba.height());
    let step = (pixel_count / SAMPLE).max(1) as usize;
    let mut colours = std::collections::HashSet::with_capacity(MAXIMUM_COLOURS + 1);
    for pixel in rgba.pixels().step_by(step) {
        colours.insert(pixel.0);
        if colours.len() > MAXIMUM_COLOURS {
            return false;
        }
    }
    true
}

/// Whether every channel is 8 bits.
pub fn is_8_bit(image: &DynamicImage) -> bool {
    matches!(
        image,
        DynamicImage::ImageLuma8(_)
            | DynamicImage::ImageLumaA8(_)
            | DynamicImage::ImageRgb8(_)
            | DynamicImage::ImageRgba8(_)
    )
}

/// Rounds one 16-bit sample to 8 bits to the nearest value (not by truncating the low byte).
fn round_to_8_bits(sample: u16) -> u8 {
    ((u32::from(sample) * 255 + 32_767) / 65_535) as u8
}

/// Reduces 16-bit and float images to 8 bits per channel for lossy encoders, keeping gray as gray
/// and alpha as alpha. 8-bit images are returned unchanged.
pub fn to_8_bit(image: DynamicImage) -> DynamicImage {
    fn map<P: image::Pixel<Subpixel = u16>, Q: image::Pixel<Subpixel = u8>>(
        buffer: &ImageBuffer<P, Vec<u16>>,
    ) -> ImageBuffer<Q, Vec<u8>> {
        let samples = buffer
            .as_raw()
            .iter()
            .map(|&sample| round_to_8_bits(sample))
            .collect();
        ImageBuffer::from_raw(buffer.width(), buffer.height(), samples)
            .expect("same dimensions and channel count as the source buffer")
    }
    match image {
        DynamicImage::ImageLuma16(buffer) => {
            DynamicImage::ImageLuma8(map::<Luma<u16>, Luma<u8>>(&buffer))
        }
        DynamicImage::ImageLumaA16(buffer) => {
            DynamicImage::ImageLumaA8(map::<LumaA<u16>, LumaA<u8>>(&buffer))
        }
        DynamicImage::ImageRgb16(buffer) => {
            DynamicImage::ImageRgb8(map::<Rgb<u16>, Rgb<u8>>(&buffer))
        }
        DynamicImage::ImageRgba16(buffer) => {
            DynamicImage::ImageRgba8(map::<Rgba<u16>, Rgba<u8>>(&buffer))
        }
        DynamicImage::ImageRgb32F(_) => DynamicImage::ImageRgb8(image.to_rgb8()),
        DynamicImage::ImageRgba32F(_) => DynamicImage::ImageRgba8(image.to_rgba8()),
        other => other,
    }
}

/// Drops an alpha channel that carries no transparency, so encoders do not spend bytes on it.
pub fn drop_opaque_alpha(image: DynamicImage) -> DynamicImage {
    if !has_alpha_channel(&image) || has_real_transparency(&image) {
        return image;
    }
    match image {
        DynamicImage::ImageLumaA8(_) => DynamicImage::ImageLuma8(image.to_luma8()),
        DynamicImage::ImageLumaA16(_) => DynamicImage::ImageLuma16(image.to_luma16()),
        DynamicImage::ImageRgba8(_) => DynamicImage::ImageRgb8(image.to_rgb8()),
        DynamicImage::ImageRgba16(_) => DynamicImage::ImageRgb16(image.to_rgb16()),
        DynamicImage::ImageRgba32F(_) => DynamicImage::ImageRgb32F(image.to_rgb32f()),
        other => other,
    }
}

/// The height that keeps the aspect ratio at `width`, at least one pixel.
pub fn scaled_height(width: u32, height: u32, target_width: u32) -> u32 {
    let scaled = (f64::from(height) * f64::from(target_width) / f64::from(width)).round();
    (scaled as u32).max(1)
}

/// Resizes to `target_width` (keeping the aspect ratio) with Lanczos3. Alpha is premultiplied
/// during filtering so transparent pixels do not bleed their hidden colour into edges.
pub fn resize_to_width(image: &DynamicImage, target_width: u32) -> Result<DynamicImage, FileError> {
    let target_height = scaled_height(image.width(), image.height(), target_width);
    // fast_image_resize has no 32-bit float path for every layout; floats are rare (HDR TIFF)
    // and are resized at 16 bits, which is more than any output format keeps.
    let source = match image {
        DynamicImage::ImageRgb32F(_) => DynamicImage::ImageRgb16(image.to_rgb16()),
        DynamicImage::ImageRgba32F(_) => DynamicImage::ImageRgba16(image.to_rgba16()),
        other => other.clone(),
    };
    let mut destination = DynamicImage::new(target_width, target_height, source.color());
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(true);
    Resizer::new()
        .resize(&source, &mut destination, &options)
        .map_err(|error| FileError::Resize(error.to_string()))?;
    Ok(destination)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_bit_reduction_rounds_to_nearest() {
        assert_eq!(round_to_8_bits(0), 0);
        assert_eq!(round_to_8_bits(65_535), 255);
        assert_eq!(round_to_8_bits(257 * 100), 100);
        // 128.5/255 of full scale lies just past the midpoint between 128 and 129.
        assert_eq!(round_to_8_bits(257 * 128 + 129), 129);
        assert_eq!(round_to_8_bits(257 * 128 + 127), 128);
    }

    #[test]
    fn to_8_bit_keeps_gray_and_alpha() {
        let gray_alpha =
            DynamicImage::ImageLumaA16(ImageBuffer::from_pixel(2, 2, LumaA([65_535, 32_896])));
        let reduced = to_8_bit(gray_alpha);
        let DynamicImage::ImageLumaA8(buffer) = reduced else {
            panic!("gray+alpha must stay gray+alpha");
        };
        assert_eq!(buffer.get_pixel(0, 0).0, [255, 128]);
    }

    #[test]
    fn opaque_alpha_is_dropped_but_real_transparency_is_kept() {
        let opaque = DynamicImage::ImageRgba8(ImageBuffer::from_pixel(3, 3, Rgba([1, 2, 3, 255])));
        assert!(matches!(
            drop_opaque_alpha(opaque),
            DynamicImage::ImageRgb8(_)
        ));
        let mut buffer = ImageBuffer::from_pixel(3, 3, Rgba([1, 2, 3, 255]));
        buffer.put_pixel(1, 1, Rgba([0, 0, 0, 10]));
        let translucent = DynamicImage::ImageRgba8(buffer);
        assert!(matches!(
            drop_opaque_alpha(translucent),
            DynamicImage::ImageRgba8(_)
        ));
    }

    #[test]
    fn graphics_are_told_apart_from_photos() {
        let flat = DynamicImage::ImageRgb8(ImageBuffer::from_fn(200, 200, |x, _| {
            if x < 100 {
                Rgb([10, 20, 30])
            } else {
                Rgb([200, 0, 0])
            }
        }));
        assert!(looks_like_graphic(&flat));
        let noisy = DynamicImage::ImageRgb8(ImageBuffer::from_fn(200, 200, |x, y| {
            Rgb([(x * 7 + y * 13) as u8, (x * y) as u8, (x ^ y) as u8])
        }));
        assert!(!looks_like_graphic(&noisy));
    }

    #[test]
    fn orientation_six_rotates_clockwise() {
        let mut buffer = ImageBuffer::from_pixel(3, 2, Rgb([0, 0, 0]));
        buffer.put_pixel(0, 0, Rgb([255, 0, 0]));
        let mut image = DynamicImage::ImageRgb8(buffer);
        apply_orientation(&mut image, 6);
        assert_eq!((image.width(), image.height()), (2, 3));
        // The stored top-left corner ends up top-right after a clockwise quarter turn.
        assert_eq!(image.to_rgb8().get_pixel(1, 0).0, [255, 0, 0]);
    }

    #[test]
    fn resize_keeps_aspect_and_premultiplies_alpha() {
        let mut buffer = ImageBuffer::from_pixel(40, 20, Rgba([255, 255, 255, 255]));
        // Fully transparent pixels with a hidden red colour must not tint the result.
        for x in 20..40 {
            for y in 0..20 {
                buffer.put_pixel(x, y, Rgba([255, 0, 0, 0]));
            }
        }
        let resized = resize_to_width(&DynamicImage::ImageRgba8(buffer), 10).unwrap();
        assert_eq!((resized.width(), resized.height()), (10, 5));
        let rgba = resized.to_rgba8();
        for pixel in rgba.pixels().filter(|pixel| pixel.0[3] > 32) {
            assert!(
                pixel.0[1] > 200,
                "edge pixel {pixel:?} picked up hidden red"
            );
        }
    }
}
