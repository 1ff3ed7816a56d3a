//! Colour management: converts decoded pixels from their embedded ICC profile (or from CMYK) to sRGB.
//!
//! Every image the optimizer writes is sRGB unless the user asks to keep the original profile, because
//! sRGB is what browsers and viewers assume for untagged images, so stripping a profile without
//! converting the pixels would shift their colours. This module answers three questions for the
//! engine: is an embedded profile already sRGB in effect (so the pixels can stay as they are), what is
//! the profile called (for the per-file report), and what are the pixels in sRGB.
//!
//! All colour maths is done by Little CMS through the `lcms2` crate. Nothing is cached between calls:
//! parsing a profile and checking it against sRGB costs about 2 ms, small next to decoding an image,
//! and keeping no shared state lets the caller convert different files on different threads.

use image::{DynamicImage, RgbImage};
use lcms2::{
    CIExyY, Flags, Intent, Locale, PixelFormat, Pod, Profile, Tag, TagSignature, ToneCurve,
    Transform, Zeroable,
};

/// Why a colour conversion could not be done.
#[derive(Debug, thiserror::Error)]
pub enum ColourError {
    /// Little CMS could not parse the profile, or could not build a transform from it because its
    /// tags are missing or malformed. The caller should warn and treat the image as sRGB (for CMYK
    /// data: convert again without the profile).
    #[error("invalid ICC profile: {0}")]
    InvalidProfile(String),

    /// The profile parsed, but its class describes a conversion or a palette (device link, abstract
    /// or named colour profile) rather than what pixel values mean, so it cannot be applied to
    /// pixels. The caller should handle it like an invalid profile.
    #[error("ICC profile of class '{class}' cannot describe image pixels")]
    UnsupportedProfile {
        /// Human-readable name of the profile class, for the report.
        class: String,
    },

    /// Building a transform failed for a reason that is not the embedded profile's fault, such as
    /// Little CMS failing to create the built-in sRGB target profile.
    #[error("colour transform failed: {0}")]
    Transform(String),

    /// The CMYK sample buffer does not hold exactly four bytes for every pixel.
    #[error("CMYK buffer holds {actual} bytes but {width}x{height} pixels need {expected}")]
    BufferSize {
        width: u32,
        height: u32,
        expected: usize,
        actual: usize,
    },

    /// The pixel or byte count of the image does not fit in this platform's address space.
    #[error("image dimensions {width}x{height} are too large")]
    DimensionsTooLarge { width: u32, height: u32 },
}

/// What conversion did, for the per-file report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColourOutcome {
    /// The embedded profile is sRGB in effect, so the pixels were left exactly as they were.
    AlreadySrgb,
    /// The pixels were converted from the embedded profile, described here by its 'desc' tag.
    Converted { from: String },
    /// There was no usable profile: none was given, or its colour space does not match the pixels.
    /// The pixels are treated as sRGB (for CMYK: converted with the naive formula).
    NoProfile,
}

/// Number of pixels handed to Little CMS per call. Little CMS counts pixels in a `u32`, and chunking
/// keeps that count far below its limit whatever the image size, without allocating anything.
const PIXELS_PER_CHUNK: usize = 1 << 20;

/// Pixels per chunk where samples are copied into a pixel buffer first: small enough that the
/// buffer (at most 1 MiB for float RGBA) stays in cache.
const COPIED_PIXELS_PER_CHUNK: usize = 1 << 16;

/// Parameters of the IEC 61966-2-1 (sRGB) transfer function as an ICC parametric curve of type 4:
/// Y = (a·X + b)^g for X ≥ d, and Y = c·X below, listed as [g, a, b, c, d].
const SRGB_TONE_CURVE_PARAMETERS: [f64; 5] =
    [2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045];

/// The D50 illuminant in CIE XYZ, the white of the ICC profile connection space.
const D50_WHITE_XYZ: [f64; 3] = [0.9642, 1.0, 0.8249];

/// Levels per channel of the test grid that decides whether an RGB profile is sRGB in effect. Dark
/// levels are dense because that is where gamma 2.2 and the sRGB curve differ most; saturated
/// combinations of the extreme levels catch primaries that differ from sRGB's.
const SRGB_TEST_LEVELS: [u8; 13] = [0, 4, 8, 16, 32, 48, 64, 96, 128, 160, 192, 224, 255];

/// How far, in 8-bit steps, a profile may stray from sRGB and still count as sRGB. One step absorbs
/// rounding differences between the many published sRGB profiles.
const SRGB_TOLERANCE: u8 = 1;

/// Longest profile description put in a report; profile files may hold arbitrarily long text.
const MAXIMUM_DESCRIPTION_CHARACTERS: usize = 100;

/// True when the profile is sRGB in effect (not just by name).
///
/// A grid of test colours is transformed through the profile to sRGB (relative colorimetric, the
/// profile's measured meaning), and the profile counts as sRGB when every colour comes back within
/// ±1 in 8-bit. A gray profile counts when its tone curve reproduces the sRGB curve for all 256 gray
/// levels. Profiles of other colour spaces (CMYK, Lab, …) or of classes that do not describe pixels
/// are not sRGB. Bytes that Little CMS cannot parse are an error.
pub fn is_effectively_srgb(icc: &[u8]) -> Result<bool, ColourError> {
    let source = ParsedProfile::parse(icc)?;
    if source.non_pixel_class.is_some() {
        return Ok(false);
    }
    let Some(family) = source.colour_space.pixel_family() else {
        return Ok(false);
    };
    let target = srgb_target_profile(family)?;
    reproduces_target(&source.profile, &target, family)
}

/// Short human description of a profile (its 'desc' tag), for reports.
///
/// Returns `None` when the bytes are not a profile Little CMS can parse, or the description is
/// missing or empty. Control and text-direction characters are replaced, whitespace is collapsed and
/// long descriptions are shortened, because the text comes from the file and ends up on a terminal.
pub fn describe(icc: &[u8]) -> Option<String> {
    let profile = Profile::new_icc(icc).ok()?;
    profile_description(&profile)
}

/// Convert pixels from the embedded profile to sRGB.
///
/// RGB profiles apply to RGB images and gray profiles to gray images; gray images stay gray, encoded
/// with the sRGB tone curve. Alpha is copied untouched and the sample type is preserved (8-bit,
/// 16-bit and 32-bit float each stay as they are). The transform uses the perceptual intent with
/// black-point compensation.
///
/// A profile whose colour space does not match the pixels (an RGB profile on a gray image, a CMYK
/// profile on RGB pixels) is ignored: the image comes back unchanged with `ColourOutcome::NoProfile`.
/// A profile that is sRGB in effect leaves the pixels unchanged with `ColourOutcome::AlreadySrgb`.
/// A profile Little CMS cannot parse or use gives `ColourError::InvalidProfile`, and one that cannot
/// describe pixels at all (a device link, say) gives `ColourError::UnsupportedProfile`. Because an
/// error drops the image passed in, a caller that wants to keep the pixels and treat them as sRGB
/// after such an error should use [`convert_to_srgb_in_place`] instead.
pub fn convert_to_srgb(
    mut image: DynamicImage,
    icc: &[u8],
) -> Result<(DynamicImage, ColourOutcome), ColourError> {
    let outcome = convert_to_srgb_in_place(&mut image, icc)?;
    Ok((image, outcome))
}

/// Same as [`convert_to_srgb`], but converts the image where it is. On error the pixels are
/// untouched: every check, and building the transform, happens before the first pixel is written.
pub fn convert_to_srgb_in_place(
    image: &mut DynamicImage,
    icc: &[u8],
) -> Result<ColourOutcome, ColourError> {
    let source = ParsedProfile::parse(icc)?;
    if let Some(class) = source.non_pixel_class {
        return Err(ColourError::UnsupportedProfile {
            class: class.to_owned(),
        });
    }
    let Some(image_family) = pixel_family_of(image) else {
        return Ok(ColourOutcome::NoProfile);
    };
    if source.colour_space.pixel_family() != Some(image_family) {
        return Ok(ColourOutcome::NoProfile);
    }

    let target = srgb_target_profile(image_family)?;
    if reproduces_target(&source.profile, &target, image_family)? {
        return Ok(ColourOutcome::AlreadySrgb);
    }

    let conversion = Conversion {
        source: &source.profile,
        target: &target,
    };
    match image {
        DynamicImage::ImageLuma8(buffer) => {
            conversion.apply_8bit::<1>(PixelFormat::GRAY_8, buffer)?
        }
        DynamicImage::ImageLumaA8(buffer) => {
            conversion.apply_8bit::<2>(PixelFormat::GRAYA_8, buffer)?
        }
        DynamicImage::ImageRgb8(buffer) => {
            conversion.apply_8bit::<3>(PixelFormat::RGB_8, buffer)?
        }
        DynamicImage::ImageRgba8(buffer) => {
            conversion.apply_8bit::<4>(PixelFormat::RGBA_8, buffer)?
        }
        DynamicImage::ImageLuma16(buffer) => {
            conversion.apply_exact::<u16, 1>(PixelFormat::GRAY_16, buffer)?
        }
        DynamicImage::ImageLumaA16(buffer) => {
            conversion.apply_exact::<u16, 2>(PixelFormat::GRAYA_16, buffer)?
        }
        DynamicImage::ImageRgb16(buffer) => {
            conversion.apply_exact::<u16, 3>(PixelFormat::RGB_16, buffer)?
        }
        DynamicImage::ImageRgba16(buffer) => {
            conversion.apply_exact::<u16, 4>(PixelFormat::RGBA_16, buffer)?
        }
        DynamicImage::ImageRgb32F(buffer) => {
            conversion.apply_exact::<f32, 3>(PixelFormat::RGB_FLT, buffer)?
        }
        DynamicImage::ImageRgba32F(buffer) => {
            conversion.apply_exact::<f32, 4>(PixelFormat::RGBA_FLT, buffer)?
        }
        // `pixel_family_of` returned a family, so every layout it knows is matched above; a layout
        // added to `image` later is left alone rather than guessed at.
        _ => return Ok(ColourOutcome::NoProfile),
    }
    Ok(ColourOutcome::Converted {
        from: source.description_or_fallback(),
    })
}

/// CMYK (4 bytes per pixel as stored in a JPEG) to sRGB 8-bit RGB.
///
/// `adobe_inverted` is true when the JPEG has an Adobe APP14 marker: Photoshop stores inverted CMYK
/// (255 = no ink) and libjpeg-style decoders return the stored values as they are.
///
/// With a CMYK ICC profile the pixels go through a real Little CMS transform (perceptual intent,
/// black-point compensation). Without one, or when the given profile is not CMYK, the naive formula
/// R = 255·(1−C)(1−K), G = 255·(1−M)(1−K), B = 255·(1−Y)(1−K) is used. No CMYK profile ships with
/// Altloom, so for untagged CMYK there is no press characterisation to apply, and guessing one (SWOP,
/// FOGRA39) would still be a guess; the naive formula is what decoders that ignore profiles use, so
/// the result at least matches other tools. A profile that Little CMS cannot parse or use gives
/// `ColourError::InvalidProfile`; the caller can warn and call again with `icc: None`.
pub fn cmyk_to_srgb(
    width: u32,
    height: u32,
    cmyk: &[u8],
    icc: Option<&[u8]>,
    adobe_inverted: bool,
) -> Result<(RgbImage, ColourOutcome), ColourError> {
    let too_large = || ColourError::DimensionsTooLarge { width, height };
    let pixel_count = usize::try_from(width)
        .ok()
        .zip(usize::try_from(height).ok())
        .and_then(|(columns, rows)| columns.checked_mul(rows))
        .ok_or_else(too_large)?;
    let expected_cmyk_length = pixel_count.checked_mul(4).ok_or_else(too_large)?;
    let rgb_length = pixel_count.checked_mul(3).ok_or_else(too_large)?;
    if cmyk.len() != expected_cmyk_length {
        return Err(ColourError::BufferSize {
            width,
            height,
            expected: expected_cmyk_length,
            actual: cmyk.len(),
        });
    }

    let source = match icc {
        Some(bytes) => Some(ParsedProfile::parse(bytes)?),
        None => None,
    };
    if let Some(class) = source.as_ref().and_then(|parsed| parsed.non_pixel_class) {
        return Err(ColourError::UnsupportedProfile {
            class: class.to_owned(),
        });
    }
    let cmyk_profile = source.filter(|parsed| parsed.colour_space == ProfileColourSpace::Cmyk);

    let mut rgb = vec![0u8; rgb_length];
    let outcome = match cmyk_profile {
        Some(parsed) => {
            profile_cmyk_to_rgb(&parsed.profile, cmyk, &mut rgb, adobe_inverted)?;
            ColourOutcome::Converted {
                from: parsed.description_or_fallback(),
            }
        }
        None => {
            naive_cmyk_to_rgb(cmyk, &mut rgb, adobe_inverted);
            ColourOutcome::NoProfile
        }
    };
    let image = RgbImage::from_raw(width, height, rgb).ok_or_else(too_large)?;
    Ok((image, outcome))
}

/// The colour space an ICC profile describes, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ProfileColourSpace {
    Gray,
    Rgb,
    Cmyk,
    Other,
}

impl ProfileColourSpace {
    fn from_signature(signature: [u8; 4]) -> Self {
        match &signature {
            b"GRAY" => Self::Gray,
            b"RGB " => Self::Rgb,
            b"CMYK" => Self::Cmyk,
            _ => Self::Other,
        }
    }

    /// The kind of image pixels this colour space can apply to, if any.
    fn pixel_family(self) -> Option<PixelFamily> {
        match self {
            Self::Gray => Some(PixelFamily::Gray),
            Self::Rgb => Some(PixelFamily::Rgb),
            Self::Cmyk | Self::Other => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Gray => "gray",
            Self::Rgb => "RGB",
            Self::Cmyk => "CMYK",
            Self::Other => "ICC",
        }
    }
}

/// The kinds of decoded image this module converts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PixelFamily {
    Gray,
    Rgb,
}

/// A profile parsed by Little CMS together with the header facts this module needs.
struct ParsedProfile {
    profile: Profile,
    colour_space: ProfileColourSpace,
    /// Set to a human-readable class name when the profile's class cannot describe pixels.
    non_pixel_class: Option<&'static str>,
}

impl ParsedProfile {
    fn parse(icc: &[u8]) -> Result<Self, ColourError> {
        let profile = Profile::new_icc(icc).map_err(|_| {
            ColourError::InvalidProfile(format!(
                "Little CMS could not parse the {} bytes as an ICC profile",
                icc.len()
            ))
        })?;
        // The signatures are read from the raw header instead of through `Profile::color_space`,
        // because lcms2 returns them as Rust enums, and a signature the enum does not list (which a
        // file can contain) would be undefined behaviour. Little CMS has already checked that the
        // 128-byte header is present.
        let class_signature = header_signature(icc, 12)?;
        let colour_space_signature = header_signature(icc, 16)?;
        let non_pixel_class = match &class_signature {
            b"link" => Some("device link"),
            b"abst" => Some("abstract"),
            b"nmcl" => Some("named colour"),
            _ => None,
        };
        Ok(Self {
            profile,
            colour_space: ProfileColourSpace::from_signature(colour_space_signature),
            non_pixel_class,
        })
    }

    fn description_or_fallback(&self) -> String {
        profile_description(&self.profile)
            .unwrap_or_else(|| format!("unnamed {} profile", self.colour_space.name()))
    }
}

fn header_signature(icc: &[u8], offset: usize) -> Result<[u8; 4], ColourError> {
    icc.get(offset..offset + 4)
        .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
        .ok_or_else(|| ColourError::InvalidProfile("the profile header is truncated".to_owned()))
}

fn pixel_family_of(image: &DynamicImage) -> Option<PixelFamily> {
    match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageLuma16(_)
        | DynamicImage::ImageLumaA16(_) => Some(PixelFamily::Gray),
        DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_)
        | DynamicImage::ImageRgb16(_)
        | DynamicImage::ImageRgba16(_)
        | DynamicImage::ImageRgb32F(_)
        | DynamicImage::ImageRgba32F(_) => Some(PixelFamily::Rgb),
        _ => None,
    }
}

/// The profile that converted pixels are encoded in: sRGB for colour, and for gray a gray profile
/// with the sRGB tone curve, so that gray images stay single-channel and still display as sRGB.
fn srgb_target_profile(family: PixelFamily) -> Result<Profile, ColourError> {
    match family {
        PixelFamily::Rgb => Ok(Profile::new_srgb()),
        PixelFamily::Gray => srgb_gray_profile(),
    }
}

/// An ICC profile describing pixels that a PNG's `gAMA` chunk says were encoded with `gamma`
/// (the file's value, e.g. 1.0 for linear light), with sRGB primaries and D65 white. PNGs without
/// a profile but with such a chunk are converted through it, as browsers do, instead of the gamma
/// being silently dropped. `None` when Little CMS cannot build it.
pub fn profile_from_png_gamma(gamma: f64, gray: bool) -> Option<Vec<u8>> {
    if !(gamma.is_finite() && gamma > 0.0) {
        return None;
    }
    // The chunk stores the encoding exponent; the profile's tone curve is its inverse.
    let tone_curve = ToneCurve::new(1.0 / gamma);
    let profile = if gray {
        Profile::new_gray(&d50_white_point(), &tone_curve).ok()?
    } else {
        let chromaticity = |x: f64, y: f64| CIExyY { x, y, Y: 1.0 };
        let primaries = lcms2::CIExyYTRIPLE {
            Red: chromaticity(0.64, 0.33),
            Green: chromaticity(0.30, 0.60),
            Blue: chromaticity(0.15, 0.06),
        };
        Profile::new_rgb(
            &chromaticity(0.3127, 0.3290),
            &primaries,
            &[&tone_curve, &tone_curve, &tone_curve],
        )
        .ok()?
    };
    profile.icc().ok()
}

/// The white point of gray profiles. ICC requires the media white of a gray profile in the D50
/// connection space; any other white would make Little CMS adapt the gray axis and tint the result.
fn d50_white_point() -> CIExyY {
    let [white_x, white_y, white_z] = D50_WHITE_XYZ;
    let sum = white_x + white_y + white_z;
    CIExyY {
        x: white_x / sum,
        y: white_y / sum,
        Y: 1.0,
    }
}

fn srgb_gray_profile() -> Result<Profile, ColourError> {
    let tone_curve = ToneCurve::new_parametric(4, &SRGB_TONE_CURVE_PARAMETERS).map_err(|_| {
        ColourError::Transform("Little CMS could not build the sRGB tone curve".to_owned())
    })?;
    Profile::new_gray(&d50_white_point(), &tone_curve).map_err(|_| {
        ColourError::Transform("Little CMS could not build the sRGB gray profile".to_owned())
    })
}

/// True when transforming test colours from `source` to `target` changes none of them by more than
/// the tolerance. The transform is built unoptimised: optimisation would cost more than evaluating a
/// few thousand colours, and its 8-bit shortcuts could blur the very differences being measured.
fn reproduces_target(
    source: &Profile,
    target: &Profile,
    family: PixelFamily,
) -> Result<bool, ColourError> {
    match family {
        PixelFamily::Rgb => {
            let test_colours: Vec<[u8; 3]> = SRGB_TEST_LEVELS
                .iter()
                .flat_map(|&red| {
                    SRGB_TEST_LEVELS.iter().flat_map(move |&green| {
                        SRGB_TEST_LEVELS.iter().map(move |&blue| [red, green, blue])
                    })
                })
                .collect();
            samples_survive(source, target, PixelFormat::RGB_8, &test_colours)
        }
        PixelFamily::Gray => {
            let gray_levels: Vec<[u8; 1]> = (0..=u8::MAX).map(|level| [level]).collect();
            samples_survive(source, target, PixelFormat::GRAY_8, &gray_levels)
        }
    }
}

fn samples_survive<const CHANNELS: usize>(
    source: &Profile,
    target: &Profile,
    format: PixelFormat,
    samples: &[[u8; CHANNELS]],
) -> Result<bool, ColourError>
where
    [u8; CHANNELS]: Pod,
{
    let transform: Transform<[u8; CHANNELS], [u8; CHANNELS]> = Transform::new_flags(
        source,
        format,
        target,
        format,
        Intent::RelativeColorimetric,
        Flags::NO_OPTIMIZE,
    )
    .map_err(|_| unusable_profile_error())?;
    let mut transformed = vec![[0u8; CHANNELS]; samples.len()];
    transform.transform_pixels(samples, &mut transformed);
    Ok(samples.iter().zip(&transformed).all(|(before, after)| {
        before
            .iter()
            .zip(after)
            .all(|(original, converted)| original.abs_diff(*converted) <= SRGB_TOLERANCE)
    }))
}

/// Little CMS parses profiles lazily, so a profile with a valid header can still fail when its tags
/// are read to build a transform. The target profiles are built in code, so the source is to blame.
fn unusable_profile_error() -> ColourError {
    ColourError::InvalidProfile(
        "Little CMS could not build a transform from the profile (missing or malformed tags)"
            .to_owned(),
    )
}

/// A source and target profile pair, applied to image buffers of any layout.
///
/// Both ways of applying it transform whole pixels only, chunk by chunk, and build the transform
/// before the first sample is written, so a failure leaves the samples as they were. Alpha is
/// copied unchanged by Little CMS.
struct Conversion<'profiles> {
    source: &'profiles Profile,
    target: &'profiles Profile,
}

impl Conversion<'_> {
    fn transform<Pixel: Pod>(
        &self,
        format: PixelFormat,
        extra_flags: Flags,
    ) -> Result<Transform<Pixel, Pixel>, ColourError> {
        Transform::new_flags(
            self.source,
            format,
            self.target,
            format,
            Intent::Perceptual,
            Flags::BLACKPOINT_COMPENSATION | Flags::COPY_ALPHA | extra_flags,
        )
        .map_err(|_| unusable_profile_error())
    }

    /// For 8-bit samples, transformed where they lie (lcms2 accepts a byte slice of any pixel
    /// format). Little CMS's optimised 8-bit transforms stay within one step of the exact result
    /// and are over ten times faster than the exact pipeline.
    fn apply_8bit<const CHANNELS: usize>(
        &self,
        format: PixelFormat,
        samples: &mut [u8],
    ) -> Result<(), ColourError> {
        let transform = self.transform::<u8>(format, Flags::default())?;
        let whole_pixels_length = samples.len() - samples.len() % CHANNELS;
        for chunk in samples[..whole_pixels_length].chunks_mut(PIXELS_PER_CHUNK * CHANNELS) {
            transform.transform_in_place(chunk);
        }
        Ok(())
    }

    /// For 16-bit and float samples. Little CMS would resample an optimised transform into a lookup
    /// grid whose error near the edges of the sRGB gamut reaches thousands of 16-bit steps
    /// (measured: up to 7244 for ProPhoto, 3888 for Display P3), which defeats the point of keeping
    /// 16 bits, so every pixel goes through the exact pipeline instead (about 0.4 µs per pixel on a
    /// 2-core development machine, against 0.02 µs for optimised 8-bit). lcms2 needs these samples
    /// typed as whole pixels, which safe Rust can only do to the image's own buffer from Rust 1.88
    /// on (the workspace supports 1.85), so they pass through a reused pixel buffer; the copy costs
    /// little next to the exact transform.
    fn apply_exact<Sample: Pod, const CHANNELS: usize>(
        &self,
        format: PixelFormat,
        samples: &mut [Sample],
    ) -> Result<(), ColourError>
    where
        [Sample; CHANNELS]: Pod,
    {
        let transform = self.transform::<[Sample; CHANNELS]>(format, Flags::NO_OPTIMIZE)?;
        let pixel_count = samples.len() / CHANNELS;
        let mut pixels =
            vec![<[Sample; CHANNELS]>::zeroed(); pixel_count.min(COPIED_PIXELS_PER_CHUNK)];
        for chunk in
            samples[..pixel_count * CHANNELS].chunks_mut(COPIED_PIXELS_PER_CHUNK * CHANNELS)
        {
            let chunk_pixels = &mut pixels[..chunk.len() / CHANNELS];
            for (pixel, source) in chunk_pixels.iter_mut().zip(chunk.chunks_exact(CHANNELS)) {
                pixel.copy_from_slice(source);
            }
            transform.transform_in_place(chunk_pixels);
            for (target, pixel) in chunk.chunks_exact_mut(CHANNELS).zip(chunk_pixels.iter()) {
                target.copy_from_slice(pixel);
            }
        }
        Ok(())
    }
}

/// `cmyk` holds four bytes and `rgb` three bytes for every pixel.
fn profile_cmyk_to_rgb(
    source: &Profile,
    cmyk: &[u8],
    rgb: &mut [u8],
    adobe_inverted: bool,
) -> Result<(), ColourError> {
    // The reversed format tells Little CMS that 255 means no ink, which is how Adobe stores CMYK.
    let input_format = if adobe_inverted {
        PixelFormat::CMYK_8_REV
    } else {
        PixelFormat::CMYK_8
    };
    let transform: Transform<u8, u8> = Transform::new_flags(
        source,
        input_format,
        &Profile::new_srgb(),
        PixelFormat::RGB_8,
        Intent::Perceptual,
        Flags::BLACKPOINT_COMPENSATION,
    )
    .map_err(|_| unusable_profile_error())?;
    for (cmyk_chunk, rgb_chunk) in cmyk
        .chunks(PIXELS_PER_CHUNK * 4)
        .zip(rgb.chunks_mut(PIXELS_PER_CHUNK * 3))
    {
        transform.transform_pixels(cmyk_chunk, rgb_chunk);
    }
    Ok(())
}

/// `cmyk` holds four bytes and `rgb` three bytes for every pixel.
fn naive_cmyk_to_rgb(cmyk: &[u8], rgb: &mut [u8], adobe_inverted: bool) {
    // Each channel is turned into the share of light the ink lets through (255 = no ink). For normal
    // data that is 255 − value, which equals value XOR 255; inverted data already stores it.
    let to_light_mask = if adobe_inverted { 0 } else { u8::MAX };
    for (ink, colour) in cmyk.chunks_exact(4).zip(rgb.chunks_exact_mut(3)) {
        let black = ink[3] ^ to_light_mask;
        for (target, &ink_value) in colour.iter_mut().zip(ink) {
            *target = multiply_fractions(ink_value ^ to_light_mask, black);
        }
    }
}

/// Multiplies two 8-bit fractions of 255 and rounds to nearest: 255·(first/255)·(second/255).
fn multiply_fractions(first: u8, second: u8) -> u8 {
    let product = u32::from(first) * u32::from(second);
    // The product is at most 255·255, so the rounded quotient is at most 255 and always fits.
    u8::try_from((product + 127) / 255).unwrap_or(u8::MAX)
}

fn profile_description(profile: &Profile) -> Option<String> {
    let Tag::MLU(text) = profile.read_tag(TagSignature::ProfileDescriptionTag) else {
        return None;
    };
    // Little CMS falls back to the first translation when there is no English one.
    let raw = text.text(Locale::new("en_US")).ok()?;
    sanitise_description(&raw)
}

/// Makes file-supplied text safe and short for a one-line report entry.
fn sanitise_description(raw: &str) -> Option<String> {
    let words: Vec<&str> = raw
        .split(|character: char| {
            character.is_whitespace() || character.is_control() || is_text_direction_mark(character)
        })
        .filter(|word| !word.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    let joined = words.join(" ");
    if joined.chars().count() <= MAXIMUM_DESCRIPTION_CHARACTERS {
        return Some(joined);
    }
    let mut shortened: String = joined
        .chars()
        .take(MAXIMUM_DESCRIPTION_CHARACTERS - 1)
        .collect();
    shortened.push('…');
    Some(shortened)
}

/// Invisible formatting characters that can reorder or hide the text around them on a terminal.
fn is_text_direction_mark(character: char) -> bool {
    matches!(
        character,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayAlphaImage, GrayImage, ImageBuffer, Luma, Rgb, RgbaImage};
    use lcms2::{CIExyYTRIPLE, MLU};

    const D65_WHITE: CIExyY = CIExyY {
        x: 0.3127,
        y: 0.3290,
        Y: 1.0,
    };

    fn chromaticity(x: f64, y: f64) -> CIExyY {
        CIExyY { x, y, Y: 1.0 }
    }

    fn d50_white() -> CIExyY {
        let [white_x, white_y, white_z] = D50_WHITE_XYZ;
        let sum = white_x + white_y + white_z;
        chromaticity(white_x / sum, white_y / sum)
    }

    fn srgb_tone_curve() -> ToneCurve {
        ToneCurve::new_parametric(4, &SRGB_TONE_CURVE_PARAMETERS).unwrap()
    }

    fn set_description(profile: &mut Profile, description: &str) {
        let mut text = MLU::new(1);
        assert!(text.set_text(description, Locale::none()));
        assert!(profile.write_tag(TagSignature::ProfileDescriptionTag, Tag::MLU(&text)));
    }

    fn rgb_profile(
        description: &str,
        white: CIExyY,
        primaries: [(f64, f64); 3],
        tone_curve: &ToneCurve,
    ) -> Profile {
        let [red, green, blue] = primaries;
        let triple = CIExyYTRIPLE {
            Red: chromaticity(red.0, red.1),
            Green: chromaticity(green.0, green.1),
            Blue: chromaticity(blue.0, blue.1),
        };
        let mut profile =
            Profile::new_rgb(&white, &triple, &[tone_curve, tone_curve, tone_curve]).unwrap();
        set_description(&mut profile, description);
        profile
    }

    const SRGB_PRIMARIES: [(f64, f64); 3] = [(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)];
    const DISPLAY_P3_PRIMARIES: [(f64, f64); 3] = [(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)];
    const ADOBE_RGB_PRIMARIES: [(f64, f64); 3] = [(0.64, 0.33), (0.21, 0.71), (0.15, 0.06)];
    const PROPHOTO_PRIMARIES: [(f64, f64); 3] =
        [(0.7347, 0.2653), (0.1596, 0.8404), (0.0366, 0.0001)];

    fn display_p3_profile() -> Profile {
        rgb_profile(
            "Display P3",
            D65_WHITE,
            DISPLAY_P3_PRIMARIES,
            &srgb_tone_curve(),
        )
    }

    fn adobe_rgb_profile() -> Profile {
        // Adobe RGB (1998) specifies gamma 563/256 ≈ 2.2.
        rgb_profile(
            "Adobe RGB (1998)",
            D65_WHITE,
            ADOBE_RGB_PRIMARIES,
            &ToneCurve::new(563.0 / 256.0),
        )
    }

    fn prophoto_like_profile() -> Profile {
        rgb_profile(
            "ProPhoto-like RGB",
            d50_white(),
            PROPHOTO_PRIMARIES,
            &ToneCurve::new(1.8),
        )
    }

    fn gray_profile(description: &str, tone_curve: &ToneCurve) -> Profile {
        let mut profile = Profile::new_gray(&d50_white(), tone_curve).unwrap();
        set_description(&mut profile, description);
        profile
    }

    fn icc_bytes(profile: &Profile) -> Vec<u8> {
        profile.icc().unwrap()
    }

    /// Every combination of `levels` per channel, as RGB triples.
    fn rgb_grid(levels: &[u8]) -> Vec<[u8; 3]> {
        let mut colours = Vec::new();
        for &red in levels {
            for &green in levels {
                for &blue in levels {
                    colours.push([red, green, blue]);
                }
            }
        }
        colours
    }

    fn every_seventeenth_level() -> Vec<u8> {
        (0..=15).map(|step| step * 17).collect()
    }

    /// Converts with Little CMS directly (relative colorimetric), to prepare test data in a profile.
    fn convert_with_lcms<Pixel: Pod>(
        source: &Profile,
        target: &Profile,
        format: PixelFormat,
        pixels: &[Pixel],
    ) -> Vec<Pixel> {
        let transform: Transform<Pixel, Pixel> = Transform::new_flags(
            source,
            format,
            target,
            format,
            Intent::RelativeColorimetric,
            Flags::NO_OPTIMIZE,
        )
        .unwrap();
        let mut converted = pixels.to_vec();
        transform.transform_pixels(pixels, &mut converted);
        converted
    }

    fn rgb8_image(pixels: &[[u8; 3]]) -> DynamicImage {
        let samples: Vec<u8> = pixels.iter().flatten().copied().collect();
        let width = u32::try_from(pixels.len()).unwrap();
        DynamicImage::ImageRgb8(RgbImage::from_raw(width, 1, samples).unwrap())
    }

    fn largest_difference<Sample: Copy + Into<f64>>(first: &[Sample], second: &[Sample]) -> f64 {
        assert_eq!(first.len(), second.len());
        first
            .iter()
            .zip(second)
            .map(|(&left, &right)| (left.into() - right.into()).abs())
            .fold(0.0, f64::max)
    }

    /// Converts known sRGB colours into `profile` with Little CMS in 8 bits, then back with
    /// `convert_to_srgb`. Channels start at 34: a saturated colour with a channel near 0 needs a
    /// small amount of that channel in the wide-gamut space which 8 bits cannot hold, and the steep
    /// start of the sRGB curve turns that loss into several steps (the 16-bit tests cover those).
    fn assert_round_trip_8bit(profile: &Profile, description: &str, tolerance: f64) {
        let levels: Vec<u8> = (2..=15).map(|step| step * 17).collect();
        let original = rgb_grid(&levels);
        let in_profile =
            convert_with_lcms(&Profile::new_srgb(), profile, PixelFormat::RGB_8, &original);
        assert_ne!(in_profile, original, "the test data must differ from sRGB");
        let (converted, outcome) =
            convert_to_srgb(rgb8_image(&in_profile), &icc_bytes(profile)).unwrap();
        assert_eq!(
            outcome,
            ColourOutcome::Converted {
                from: description.to_owned()
            }
        );
        let DynamicImage::ImageRgb8(converted) = converted else {
            panic!("an 8-bit RGB image must stay 8-bit RGB");
        };
        let expected: Vec<u8> = original.iter().flatten().copied().collect();
        let difference = largest_difference(converted.as_raw(), &expected);
        assert!(
            difference <= tolerance,
            "{description}: off by {difference}"
        );
    }

    /// The same in 16 bits, over the whole range including channels near 0, with values that are
    /// not multiples of 257 so that any detour through 8 bits would show.
    fn assert_round_trip_16bit(profile: &Profile) {
        let levels: Vec<u16> = (0..=12).map(|step| step * 5000 + 123).collect();
        let mut original = Vec::new();
        for &red in &levels {
            for &green in &levels {
                for &blue in &levels {
                    original.push([red, green, blue]);
                }
            }
        }
        let in_profile = convert_with_lcms(
            &Profile::new_srgb(),
            profile,
            PixelFormat::RGB_16,
            &original,
        );
        assert_ne!(in_profile, original, "the test data must differ from sRGB");
        let samples: Vec<u16> = in_profile.iter().flatten().copied().collect();
        let width = u32::try_from(original.len()).unwrap();
        let image = ImageBuffer::<Rgb<u16>, Vec<u16>>::from_raw(width, 1, samples).unwrap();
        let (converted, outcome) =
            convert_to_srgb(DynamicImage::ImageRgb16(image), &icc_bytes(profile)).unwrap();
        assert!(matches!(outcome, ColourOutcome::Converted { .. }));
        let DynamicImage::ImageRgb16(converted) = converted else {
            panic!("a 16-bit RGB image must stay 16-bit RGB");
        };
        let expected: Vec<u16> = original.iter().flatten().copied().collect();
        let difference = largest_difference(converted.as_raw(), &expected);
        // One 8-bit step is 257; stay far below it.
        assert!(difference <= 40.0, "off by {difference} in 16-bit");
    }

    #[test]
    fn display_p3_round_trips_to_the_original_srgb_colours() {
        assert_round_trip_8bit(&display_p3_profile(), "Display P3", 2.0);
        assert_round_trip_16bit(&display_p3_profile());
    }

    #[test]
    fn adobe_rgb_round_trips_to_the_original_srgb_colours() {
        // Quantising Adobe RGB to 8 bits alone moves dark reds next to strong greens by up to 2.6
        // sRGB steps (Adobe red and green both feed sRGB red), hence ±3 here and the 16-bit check.
        assert_round_trip_8bit(&adobe_rgb_profile(), "Adobe RGB (1998)", 3.0);
        assert_round_trip_16bit(&adobe_rgb_profile());
    }

    #[test]
    fn prophoto_round_trips_precisely_in_sixteen_bit() {
        assert_round_trip_16bit(&prophoto_like_profile());
    }

    #[test]
    fn pure_display_p3_red_clips_to_srgb_red() {
        let (converted, _) = convert_to_srgb(
            rgb8_image(&[[255, 0, 0]]),
            &icc_bytes(&display_p3_profile()),
        )
        .unwrap();
        let pixel = converted.to_rgb8().get_pixel(0, 0).0;
        assert_eq!(pixel[0], 255);
        assert!(pixel[1] <= 2 && pixel[2] <= 2, "got {pixel:?}");
    }

    #[test]
    fn float_images_are_converted_and_stay_float() {
        let profile = display_p3_profile();
        let original: Vec<[f32; 3]> = rgb_grid(&every_seventeenth_level())
            .iter()
            .map(|colour| colour.map(|value| f32::from(value) / 255.0))
            .collect();
        let in_profile = convert_with_lcms(
            &Profile::new_srgb(),
            &profile,
            PixelFormat::RGB_FLT,
            &original,
        );
        let samples: Vec<f32> = in_profile.iter().flatten().copied().collect();
        let width = u32::try_from(original.len()).unwrap();
        let image = image::Rgb32FImage::from_raw(width, 1, samples).unwrap();
        let (converted, outcome) =
            convert_to_srgb(DynamicImage::ImageRgb32F(image), &icc_bytes(&profile)).unwrap();
        assert!(matches!(outcome, ColourOutcome::Converted { .. }));
        let DynamicImage::ImageRgb32F(converted) = converted else {
            panic!("a float RGB image must stay float RGB");
        };
        let expected: Vec<f32> = original.iter().flatten().copied().collect();
        let difference = largest_difference(converted.as_raw(), &expected);
        assert!(difference <= 0.002, "off by {difference}");
    }

    #[test]
    fn alpha_is_copied_exactly() {
        let profile = display_p3_profile();
        let mut image = RgbaImage::new(256, 1);
        for (column, pixel) in image.pixels_mut().enumerate() {
            let alpha = u8::try_from(column).unwrap();
            pixel.0 = [200, alpha / 2, 255 - alpha, alpha];
        }
        let original = image.clone();
        let (converted, _) =
            convert_to_srgb(DynamicImage::ImageRgba8(image), &icc_bytes(&profile)).unwrap();
        let DynamicImage::ImageRgba8(converted) = converted else {
            panic!("an RGBA image must stay RGBA");
        };
        assert_ne!(converted, original, "the colour channels must change");
        for (after, before) in converted.pixels().zip(original.pixels()) {
            assert_eq!(after.0[3], before.0[3]);
        }
    }

    #[test]
    fn sixteen_bit_alpha_is_copied_exactly() {
        let profile = adobe_rgb_profile();
        let samples: Vec<u16> = (0..1000u16)
            .flat_map(|index| [index * 60, 30000, 65535 - index * 60, index * 65 + 7])
            .collect();
        let image = ImageBuffer::<image::Rgba<u16>, Vec<u16>>::from_raw(1000, 1, samples).unwrap();
        let original = image.clone();
        let (converted, _) =
            convert_to_srgb(DynamicImage::ImageRgba16(image), &icc_bytes(&profile)).unwrap();
        let DynamicImage::ImageRgba16(converted) = converted else {
            panic!("a 16-bit RGBA image must stay 16-bit RGBA");
        };
        assert_ne!(converted, original);
        for (after, before) in converted.pixels().zip(original.pixels()) {
            assert_eq!(after.0[3], before.0[3]);
        }
    }

    /// The sRGB encoding of a linear light value, as the IEC 61966-2-1 formula gives it.
    fn srgb_encode(linear: f64) -> f64 {
        if linear <= 0.0031308 {
            12.92 * linear
        } else {
            1.055 * linear.powf(1.0 / 2.4) - 0.055
        }
    }

    #[test]
    fn linear_gray_converts_to_srgb_gray_and_stays_gray() {
        let profile = gray_profile("Linear gray", &ToneCurve::new(1.0));
        let image = GrayImage::from_raw(3, 1, vec![0, 128, 255]).unwrap();
        let (converted, outcome) =
            convert_to_srgb(DynamicImage::ImageLuma8(image), &icc_bytes(&profile)).unwrap();
        assert_eq!(
            outcome,
            ColourOutcome::Converted {
                from: "Linear gray".to_owned()
            }
        );
        let DynamicImage::ImageLuma8(converted) = converted else {
            panic!("a gray image must stay gray");
        };
        let expected_middle = (srgb_encode(128.0 / 255.0) * 255.0).round();
        assert_eq!(expected_middle, 188.0);
        assert_eq!(converted.as_raw()[0], 0);
        assert!((f64::from(converted.as_raw()[1]) - expected_middle).abs() <= 1.0);
        assert_eq!(converted.as_raw()[2], 255);
    }

    #[test]
    fn linear_gray_sixteen_bit_with_alpha_converts_precisely() {
        let profile = gray_profile("Linear gray", &ToneCurve::new(1.0));
        let samples = vec![32768, 1234, 16384, 65535];
        let image = ImageBuffer::<image::LumaA<u16>, Vec<u16>>::from_raw(2, 1, samples).unwrap();
        let (converted, _) =
            convert_to_srgb(DynamicImage::ImageLumaA16(image), &icc_bytes(&profile)).unwrap();
        let DynamicImage::ImageLumaA16(converted) = converted else {
            panic!("a 16-bit gray image with alpha must stay so");
        };
        let samples = converted.as_raw();
        for (index, linear) in [(0, 32768.0), (2, 16384.0)] {
            let expected = srgb_encode(linear / 65535.0) * 65535.0;
            let difference = (f64::from(samples[index]) - expected).abs();
            assert!(difference <= 40.0, "off by {difference}");
        }
        assert_eq!(samples[1], 1234, "alpha must be untouched");
        assert_eq!(samples[3], 65535, "alpha must be untouched");
    }

    #[test]
    fn gray_alpha_keeps_alpha() {
        let profile = gray_profile("Gamma 1.8 gray", &ToneCurve::new(1.8));
        let samples: Vec<u8> = (0..=255u8).flat_map(|level| [level, 255 - level]).collect();
        let image = GrayAlphaImage::from_raw(256, 1, samples.clone()).unwrap();
        let (converted, _) =
            convert_to_srgb(DynamicImage::ImageLumaA8(image), &icc_bytes(&profile)).unwrap();
        let DynamicImage::ImageLumaA8(converted) = converted else {
            panic!("a gray image with alpha must stay so");
        };
        assert_ne!(converted.as_raw(), &samples);
        for (after, before) in converted.as_raw().chunks(2).zip(samples.chunks(2)) {
            assert_eq!(after[1], before[1]);
        }
    }

    #[test]
    fn srgb_profiles_are_recognised_by_effect_not_name() {
        assert!(is_effectively_srgb(&icc_bytes(&Profile::new_srgb())).unwrap());
        let same_as_srgb = rgb_profile("My monitor", D65_WHITE, SRGB_PRIMARIES, &srgb_tone_curve());
        assert!(is_effectively_srgb(&icc_bytes(&same_as_srgb)).unwrap());
        let wide_gamut_named_srgb = rgb_profile(
            "sRGB IEC61966-2.1",
            D65_WHITE,
            DISPLAY_P3_PRIMARIES,
            &srgb_tone_curve(),
        );
        assert!(!is_effectively_srgb(&icc_bytes(&wide_gamut_named_srgb)).unwrap());
    }

    #[test]
    fn other_rgb_profiles_are_not_srgb() {
        assert!(!is_effectively_srgb(&icc_bytes(&display_p3_profile())).unwrap());
        assert!(!is_effectively_srgb(&icc_bytes(&adobe_rgb_profile())).unwrap());
        assert!(!is_effectively_srgb(&icc_bytes(&prophoto_like_profile())).unwrap());
        // sRGB primaries with a plain 2.2 gamma differ from sRGB in the shadows.
        let gamma_22 = rgb_profile(
            "sRGB primaries, gamma 2.2",
            D65_WHITE,
            SRGB_PRIMARIES,
            &ToneCurve::new(2.2),
        );
        assert!(!is_effectively_srgb(&icc_bytes(&gamma_22)).unwrap());
    }

    #[test]
    fn gray_profiles_are_srgb_only_with_the_srgb_curve() {
        let srgb_gray = gray_profile("sGray", &srgb_tone_curve());
        assert!(is_effectively_srgb(&icc_bytes(&srgb_gray)).unwrap());
        let linear_gray = gray_profile("Linear gray", &ToneCurve::new(1.0));
        assert!(!is_effectively_srgb(&icc_bytes(&linear_gray)).unwrap());
        let gamma_22_gray = gray_profile("Gray 2.2", &ToneCurve::new(2.2));
        assert!(!is_effectively_srgb(&icc_bytes(&gamma_22_gray)).unwrap());
    }

    #[test]
    fn cmyk_profiles_are_not_srgb() {
        let profile = handmade_cmyk_profile("Test CMYK", naive_cmyk_reference);
        assert!(!is_effectively_srgb(&profile).unwrap());
    }

    #[test]
    fn srgb_profile_leaves_pixels_untouched() {
        let pixels = rgb_grid(&every_seventeenth_level());
        let image = rgb8_image(&pixels);
        let (converted, outcome) =
            convert_to_srgb(image.clone(), &icc_bytes(&Profile::new_srgb())).unwrap();
        assert_eq!(outcome, ColourOutcome::AlreadySrgb);
        assert_eq!(converted, image);

        let gray = DynamicImage::ImageLuma8(GrayImage::from_raw(2, 1, vec![10, 200]).unwrap());
        let srgb_gray = gray_profile("sGray", &srgb_tone_curve());
        let (converted, outcome) = convert_to_srgb(gray.clone(), &icc_bytes(&srgb_gray)).unwrap();
        assert_eq!(outcome, ColourOutcome::AlreadySrgb);
        assert_eq!(converted, gray);
    }

    #[test]
    fn mismatched_profiles_are_ignored() {
        let gray = DynamicImage::ImageLuma8(GrayImage::from_raw(2, 1, vec![10, 200]).unwrap());
        let (converted, outcome) =
            convert_to_srgb(gray.clone(), &icc_bytes(&display_p3_profile())).unwrap();
        assert_eq!(outcome, ColourOutcome::NoProfile);
        assert_eq!(converted, gray);

        let colour = rgb8_image(&[[10, 20, 30], [200, 100, 50]]);
        let linear_gray = gray_profile("Linear gray", &ToneCurve::new(1.0));
        let (converted, outcome) =
            convert_to_srgb(colour.clone(), &icc_bytes(&linear_gray)).unwrap();
        assert_eq!(outcome, ColourOutcome::NoProfile);
        assert_eq!(converted, colour);

        let cmyk_profile = handmade_cmyk_profile("Test CMYK", naive_cmyk_reference);
        let (converted, outcome) = convert_to_srgb(colour.clone(), &cmyk_profile).unwrap();
        assert_eq!(outcome, ColourOutcome::NoProfile);
        assert_eq!(converted, colour);
    }

    #[test]
    fn garbage_is_an_invalid_profile() {
        let garbage: Vec<u8> = (0..500u32).map(|index| (index * 7 % 251) as u8).collect();
        let image = rgb8_image(&[[1, 2, 3]]);
        assert!(matches!(
            convert_to_srgb(image.clone(), &garbage),
            Err(ColourError::InvalidProfile(_))
        ));
        assert!(matches!(
            convert_to_srgb(image, &[]),
            Err(ColourError::InvalidProfile(_))
        ));
        assert!(matches!(
            is_effectively_srgb(&garbage),
            Err(ColourError::InvalidProfile(_))
        ));
        assert_eq!(describe(&garbage), None);
    }

    #[test]
    fn truncated_profile_is_invalid() {
        let profile = icc_bytes(&display_p3_profile());
        for length in [100, 200, profile.len() / 2] {
            let result = convert_to_srgb(rgb8_image(&[[1, 2, 3]]), &profile[..length]);
            assert!(
                matches!(result, Err(ColourError::InvalidProfile(_))),
                "length {length}: {result:?}"
            );
        }
    }

    #[test]
    fn device_links_are_unsupported() {
        let srgb = Profile::new_srgb();
        let transform: Transform<[u8; 3], [u8; 3]> = Transform::new(
            &srgb,
            PixelFormat::RGB_8,
            &display_p3_profile(),
            PixelFormat::RGB_8,
            Intent::Perceptual,
        )
        .unwrap();
        let link = Profile::new_device_link(&transform, 4.3, Flags::default()).unwrap();
        let result = convert_to_srgb(rgb8_image(&[[1, 2, 3]]), &icc_bytes(&link));
        assert!(
            matches!(&result, Err(ColourError::UnsupportedProfile { class }) if class == "device link"),
            "{result:?}"
        );
        assert!(!is_effectively_srgb(&icc_bytes(&link)).unwrap());
    }

    #[test]
    fn descriptions_are_read_and_sanitised() {
        assert_eq!(
            describe(&icc_bytes(&display_p3_profile())),
            Some("Display P3".to_owned())
        );
        let mut hostile = Profile::new_srgb();
        set_description(&mut hostile, "  Evil\u{1b}[31m\nprofile\u{202E}txt  ");
        assert_eq!(
            describe(&icc_bytes(&hostile)),
            Some("Evil [31m profile txt".to_owned())
        );
        let mut long = Profile::new_srgb();
        set_description(&mut long, &"x".repeat(500));
        let description = describe(&icc_bytes(&long)).unwrap();
        assert_eq!(description.chars().count(), MAXIMUM_DESCRIPTION_CHARACTERS);
        assert!(description.ends_with('…'));
        let mut blank = Profile::new_srgb();
        set_description(&mut blank, " \t ");
        assert_eq!(describe(&icc_bytes(&blank)), None);
    }

    #[test]
    fn unnamed_profiles_get_a_fallback_description() {
        let mut profile = display_p3_profile();
        assert!(profile.remove_tag(TagSignature::ProfileDescriptionTag));
        let (_, outcome) = convert_to_srgb(rgb8_image(&[[1, 2, 3]]), &icc_bytes(&profile)).unwrap();
        assert_eq!(
            outcome,
            ColourOutcome::Converted {
                from: "unnamed RGB profile".to_owned()
            }
        );
    }

    /// The naive formula written independently of the module, on ink amounts (255 = full ink).
    fn naive_cmyk_reference(ink: [u8; 4]) -> [u8; 3] {
        let light = |value: u8| 1.0 - f64::from(value) / 255.0;
        let black = light(ink[3]);
        [0, 1, 2].map(|channel| (255.0 * light(ink[channel]) * black).round() as u8)
    }

    fn cmyk_test_inks() -> Vec<[u8; 4]> {
        let levels = [0u8, 15, 60, 120, 180, 240, 255];
        let mut inks = Vec::new();
        for &cyan in &levels {
            for &magenta in &levels {
                for &yellow in &levels {
                    for &black in &levels {
                        inks.push([cyan, magenta, yellow, black]);
                    }
                }
            }
        }
        inks
    }

    #[test]
    fn naive_cmyk_matches_the_formula() {
        let inks = cmyk_test_inks();
        let bytes: Vec<u8> = inks.iter().flatten().copied().collect();
        let width = u32::try_from(inks.len()).unwrap();
        let (image, outcome) = cmyk_to_srgb(width, 1, &bytes, None, false).unwrap();
        assert_eq!(outcome, ColourOutcome::NoProfile);
        for (pixel, ink) in image.pixels().zip(&inks) {
            assert_eq!(pixel.0, naive_cmyk_reference(*ink), "ink {ink:?}");
        }
        let (image, _) =
            cmyk_to_srgb(3, 1, &[0, 0, 0, 0, 0, 0, 0, 255, 255, 0, 0, 0], None, false).unwrap();
        assert_eq!(image.as_raw(), &[255, 255, 255, 0, 0, 0, 0, 255, 255]);
    }

    #[test]
    fn naive_inverted_cmyk_equals_complemented_normal_cmyk() {
        let inks = cmyk_test_inks();
        let normal: Vec<u8> = inks.iter().flatten().copied().collect();
        let inverted: Vec<u8> = normal.iter().map(|value| 255 - value).collect();
        let width = u32::try_from(inks.len()).unwrap();
        let (from_normal, _) = cmyk_to_srgb(width, 1, &normal, None, false).unwrap();
        let (from_inverted, _) = cmyk_to_srgb(width, 1, &inverted, None, true).unwrap();
        assert_eq!(from_normal, from_inverted);
        let (white, _) = cmyk_to_srgb(1, 1, &[255, 255, 255, 255], None, true).unwrap();
        assert_eq!(white.as_raw(), &[255, 255, 255]);
    }

    #[test]
    fn cmyk_buffer_size_is_checked() {
        assert!(matches!(
            cmyk_to_srgb(2, 2, &[0; 15], None, false),
            Err(ColourError::BufferSize {
                expected: 16,
                actual: 15,
                ..
            })
        ));
        assert!(matches!(
            cmyk_to_srgb(u32::MAX, u32::MAX, &[], None, false),
            Err(ColourError::DimensionsTooLarge { .. }) | Err(ColourError::BufferSize { .. })
        ));
    }

    #[test]
    fn cmyk_with_a_non_cmyk_profile_falls_back_to_the_formula() {
        let (image, outcome) = cmyk_to_srgb(
            1,
            1,
            &[0, 0, 0, 255],
            Some(&icc_bytes(&display_p3_profile())),
            false,
        )
        .unwrap();
        assert_eq!(outcome, ColourOutcome::NoProfile);
        assert_eq!(image.as_raw(), &[0, 0, 0]);
        assert!(matches!(
            cmyk_to_srgb(1, 1, &[0, 0, 0, 255], Some(b"not a profile"), false),
            Err(ColourError::InvalidProfile(_))
        ));
    }

    /// Grid points per ink in the hand-made CMYK profile. With 18 points the nodes fall on multiples
    /// of 15 in 8-bit ink values, so test inks on those values hit table entries exactly.
    const CMYK_GRID_POINTS: usize = 18;

    fn grid_node_ink(node: usize) -> u8 {
        u8::try_from(node * 255 / (CMYK_GRID_POINTS - 1)).unwrap()
    }

    fn push_u32(bytes: &mut Vec<u8>, value: u32) {
        bytes.extend_from_slice(&value.to_be_bytes());
    }

    fn push_u16(bytes: &mut Vec<u8>, value: u16) {
        bytes.extend_from_slice(&value.to_be_bytes());
    }

    fn push_s15_fixed16(bytes: &mut Vec<u8>, value: f64) {
        let fixed = (value * 65536.0).round() as i32;
        bytes.extend_from_slice(&fixed.to_be_bytes());
    }

    /// Builds an ICC v2 CMYK output profile by hand, because lcms2's Rust API cannot assemble the
    /// lookup-table pipeline a CMYK profile needs. Its A2B0 tag (lut16Type, XYZ connection space)
    /// maps each ink combination to the XYZ of the sRGB colour `ink_to_srgb` gives for it; Little
    /// CMS computes those XYZ values, so the test does no colour maths of its own.
    fn handmade_cmyk_profile(description: &str, ink_to_srgb: fn([u8; 4]) -> [u8; 3]) -> Vec<u8> {
        let mut node_colours = Vec::with_capacity(CMYK_GRID_POINTS.pow(4));
        // lut16Type stores the grid with the first input channel varying slowest.
        for cyan in 0..CMYK_GRID_POINTS {
            for magenta in 0..CMYK_GRID_POINTS {
                for yellow in 0..CMYK_GRID_POINTS {
                    for black in 0..CMYK_GRID_POINTS {
                        node_colours.push(ink_to_srgb(
                            [cyan, magenta, yellow, black].map(grid_node_ink),
                        ));
                    }
                }
            }
        }
        let to_xyz: Transform<[u8; 3], [u16; 3]> = Transform::new(
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            &Profile::new_xyz(),
            PixelFormat::XYZ_16,
            Intent::RelativeColorimetric,
        )
        .unwrap();
        let mut node_xyz = vec![[0u16; 3]; node_colours.len()];
        to_xyz.transform_pixels(&node_colours, &mut node_xyz);

        let mut description_tag = b"desc\0\0\0\0".to_vec();
        push_u32(
            &mut description_tag,
            u32::try_from(description.len() + 1).unwrap(),
        );
        description_tag.extend_from_slice(description.as_bytes());
        description_tag.push(0);
        // Empty Unicode and ScriptCode descriptions, as textDescriptionType requires.
        push_u32(&mut description_tag, 0);
        push_u32(&mut description_tag, 0);
        push_u16(&mut description_tag, 0);
        description_tag.push(0);
        description_tag.extend_from_slice(&[0; 67]);

        let mut white_point_tag = b"XYZ \0\0\0\0".to_vec();
        for component in D50_WHITE_XYZ {
            push_s15_fixed16(&mut white_point_tag, component);
        }

        let mut lookup_tag = b"mft2\0\0\0\0".to_vec();
        lookup_tag.extend_from_slice(&[4, 3, u8::try_from(CMYK_GRID_POINTS).unwrap(), 0]);
        for row in 0..3 {
            for column in 0..3 {
                push_s15_fixed16(&mut lookup_tag, if row == column { 1.0 } else { 0.0 });
            }
        }
        // Two-entry identity curves before and after the grid.
        push_u16(&mut lookup_tag, 2);
        push_u16(&mut lookup_tag, 2);
        for _ in 0..4 {
            push_u16(&mut lookup_tag, 0);
            push_u16(&mut lookup_tag, u16::MAX);
        }
        for value in node_xyz.iter().flatten() {
            push_u16(&mut lookup_tag, *value);
        }
        for _ in 0..3 {
            push_u16(&mut lookup_tag, 0);
            push_u16(&mut lookup_tag, u16::MAX);
        }

        let tags: [(&[u8; 4], Vec<u8>); 3] = [
            (b"desc", description_tag),
            (b"wtpt", white_point_tag),
            (b"A2B0", lookup_tag),
        ];
        let mut tag_table = Vec::new();
        let mut tag_data = Vec::new();
        let tag_count = tags.len();
        let tag_data_start = 128 + 4 + 12 * tag_count;
        for (signature, mut data) in tags {
            tag_table.extend_from_slice(signature);
            push_u32(
                &mut tag_table,
                u32::try_from(tag_data_start + tag_data.len()).unwrap(),
            );
            push_u32(&mut tag_table, u32::try_from(data.len()).unwrap());
            while data.len() % 4 != 0 {
                data.push(0);
            }
            tag_data.extend_from_slice(&data);
        }

        let total_length = tag_data_start + tag_data.len();
        let mut profile = Vec::with_capacity(total_length);
        push_u32(&mut profile, u32::try_from(total_length).unwrap());
        profile.extend_from_slice(b"lcms");
        push_u32(&mut profile, 0x0210_0000);
        profile.extend_from_slice(b"prtrCMYKXYZ ");
        profile.extend_from_slice(&[0; 12]); // creation date
        profile.extend_from_slice(b"acsp");
        profile.extend_from_slice(&[0; 28]); // platform, flags, manufacturer, model, attributes
        push_u32(&mut profile, 0); // perceptual rendering intent
        for component in D50_WHITE_XYZ {
            push_s15_fixed16(&mut profile, component);
        }
        profile.resize(128, 0); // creator, profile ID and reserved bytes
        push_u32(&mut profile, u32::try_from(tag_count).unwrap());
        profile.extend_from_slice(&tag_table);
        profile.extend_from_slice(&tag_data);
        assert_eq!(profile.len(), total_length);
        profile
    }

    /// A press that ignores the black ink: full black alone prints nothing.
    fn black_blind_cmyk(ink: [u8; 4]) -> [u8; 3] {
        naive_cmyk_reference([ink[0], ink[1], ink[2], 0])
    }

    fn grid_node_inks() -> Vec<[u8; 4]> {
        let levels: Vec<u8> = (0..CMYK_GRID_POINTS)
            .step_by(3)
            .map(grid_node_ink)
            .collect();
        let mut inks = Vec::new();
        for &cyan in &levels {
            for &magenta in &levels {
                for &yellow in &levels {
                    for &black in &levels {
                        inks.push([cyan, magenta, yellow, black]);
                    }
                }
            }
        }
        inks
    }

    #[test]
    fn cmyk_profile_transform_follows_the_profile() {
        let profile = handmade_cmyk_profile("Altloom test CMYK", naive_cmyk_reference);
        assert_eq!(describe(&profile), Some("Altloom test CMYK".to_owned()));
        let inks = grid_node_inks();
        let bytes: Vec<u8> = inks.iter().flatten().copied().collect();
        let width = u32::try_from(inks.len()).unwrap();
        let (image, outcome) = cmyk_to_srgb(width, 1, &bytes, Some(&profile), false).unwrap();
        assert_eq!(
            outcome,
            ColourOutcome::Converted {
                from: "Altloom test CMYK".to_owned()
            }
        );
        let expected: Vec<u8> = inks
            .iter()
            .flat_map(|ink| naive_cmyk_reference(*ink))
            .collect();
        let difference = largest_difference(image.as_raw(), &expected);
        assert!(difference <= 3.0, "off by {difference}");
    }

    #[test]
    fn cmyk_profile_is_used_instead_of_the_formula() {
        let profile = handmade_cmyk_profile("Black-blind CMYK", black_blind_cmyk);
        let (image, _) =
            cmyk_to_srgb(2, 1, &[0, 0, 0, 255, 255, 0, 0, 0], Some(&profile), false).unwrap();
        let [white, cyan] = [image.get_pixel(0, 0).0, image.get_pixel(1, 0).0];
        assert!(white.iter().all(|&value| value >= 252), "got {white:?}");
        assert!(
            cyan[0] <= 3 && cyan[1] >= 252 && cyan[2] >= 252,
            "got {cyan:?}"
        );
    }

    #[test]
    fn cmyk_profile_reads_inverted_adobe_data() {
        let profile = handmade_cmyk_profile("Test CMYK", naive_cmyk_reference);
        let inks = cmyk_test_inks();
        let normal: Vec<u8> = inks.iter().flatten().copied().collect();
        let inverted: Vec<u8> = normal.iter().map(|value| 255 - value).collect();
        let width = u32::try_from(inks.len()).unwrap();
        let (from_normal, _) = cmyk_to_srgb(width, 1, &normal, Some(&profile), false).unwrap();
        let (from_inverted, _) = cmyk_to_srgb(width, 1, &inverted, Some(&profile), true).unwrap();
        assert_eq!(from_normal, from_inverted);
        let (no_ink, _) = cmyk_to_srgb(1, 1, &[255, 255, 255, 255], Some(&profile), true).unwrap();
        assert!(no_ink.as_raw().iter().all(|&value| value >= 252));
    }

    #[test]
    fn sixteen_bit_images_are_transformed_across_copied_chunk_boundaries() {
        // Longer than one copied chunk and not a multiple of it, so the last pixels sit in a
        // shorter final chunk; every pixel must come out as a lone pixel of the same colour does.
        let width = u32::try_from(COPIED_PIXELS_PER_CHUNK + 5).unwrap();
        let profile = icc_bytes(&adobe_rgb_profile());
        let colour = [40000, 20000, 3000];
        let samples: Vec<u16> = (0..width)
            .flat_map(|column| {
                let alpha = u16::try_from(column % 65536).unwrap();
                [colour[0], colour[1], colour[2], alpha]
            })
            .collect();
        let image = ImageBuffer::<image::Rgba<u16>, Vec<u16>>::from_raw(width, 1, samples).unwrap();
        let lone_pixel = ImageBuffer::<image::Rgba<u16>, Vec<u16>>::from_raw(
            1,
            1,
            vec![colour[0], colour[1], colour[2], 0],
        )
        .unwrap();
        let (lone_converted, _) =
            convert_to_srgb(DynamicImage::ImageRgba16(lone_pixel), &profile).unwrap();
        let expected_colour = &lone_converted.to_rgba16().as_raw()[..3].to_vec();
        assert_ne!(expected_colour, &colour.to_vec(), "the colour must change");
        let (converted, _) = convert_to_srgb(DynamicImage::ImageRgba16(image), &profile).unwrap();
        let DynamicImage::ImageRgba16(converted) = converted else {
            panic!("a 16-bit RGBA image must stay 16-bit RGBA");
        };
        for (column, pixel) in converted.pixels().enumerate() {
            assert_eq!(&pixel.0[..3], expected_colour.as_slice(), "pixel {column}");
            assert_eq!(
                usize::from(pixel.0[3]),
                column % 65536,
                "alpha of pixel {column}"
            );
        }
    }

    #[test]
    fn failed_in_place_conversion_leaves_pixels_untouched() {
        let original = rgb8_image(&[[10, 20, 30], [200, 100, 50]]);
        let mut image = original.clone();
        assert!(convert_to_srgb_in_place(&mut image, b"garbage").is_err());
        assert_eq!(image, original);
        let mut truncated = icc_bytes(&display_p3_profile());
        truncated.truncate(truncated.len() / 2);
        assert!(convert_to_srgb_in_place(&mut image, &truncated).is_err());
        assert_eq!(image, original);
        let (converted, outcome) =
            convert_to_srgb(image, &icc_bytes(&display_p3_profile())).unwrap();
        assert!(matches!(outcome, ColourOutcome::Converted { .. }));
        assert_ne!(converted, original);
    }

    #[test]
    fn large_images_are_transformed_across_chunk_boundaries() {
        // One row longer than a chunk, so the last pixels sit in a second Little CMS call.
        let width = u32::try_from(PIXELS_PER_CHUNK + 3).unwrap();
        let image = GrayImage::from_pixel(width, 1, Luma([128]));
        let profile = gray_profile("Linear gray", &ToneCurve::new(1.0));
        let (converted, _) =
            convert_to_srgb(DynamicImage::ImageLuma8(image), &icc_bytes(&profile)).unwrap();
        let converted = converted.to_luma8();
        assert!(converted
            .as_raw()
            .iter()
            .all(|&value| value.abs_diff(188) <= 1));
    }
}
