//! Animated GIF and APNG inputs becoming animated WebP: the frames as the browser composites
//! them (disposal and blending applied by the decoder), each frame's delay, and the loop count.
//! The WebP is coded both losslessly and lossy and the smaller is kept.

use std::io::Cursor;

use image::AnimationDecoder;

use super::encode::animated_webp::{self, Coding, Frame};
use super::error::FileError;
use super::sniff::InputFormat;

/// Delays at or below this are shown as [`SHORT_DELAY_SHOWN_MS`] by browsers, which is what the
/// author of such a file saw; the WebP keeps what was seen.
const SHORT_DELAY_MS: u32 = 10;
const SHORT_DELAY_SHOWN_MS: u32 = 100;

/// A decoded animation.
pub struct Animation {
    pub width: u32,
    pub height: u32,
    pub frames: Vec<Frame>,
    /// Times to play; 0 is forever.
    pub loop_count: u16,
}

/// Decodes every frame of an animated GIF or APNG, refusing once the frames would hold more
/// than `memory_limit` bytes.
pub fn decode(
    bytes: &[u8],
    format: InputFormat,
    memory_limit: u64,
) -> Result<Animation, FileError> {
    let corrupt = |name: &'static str| {
        move |error: image::ImageError| FileError::Corrupt {
            format: name,
            reason: error.to_string(),
        }
    };
    let (frames, loop_count) = match format {
        InputFormat::Gif => {
            let decoder =
                image::codecs::gif::GifDecoder::new(Cursor::new(bytes)).map_err(corrupt("gif"))?;
            (decoder.into_frames(), gif_loop_count(bytes))
        }
        InputFormat::Png => {
            let decoder =
                image::codecs::png::PngDecoder::new(Cursor::new(bytes)).map_err(corrupt("png"))?;
            let animation = decoder.apng().map_err(corrupt("png"))?;
            (animation.into_frames(), apng_loop_count(bytes))
        }
        _ => {
            return Err(FileError::Encode {
                format: "webp",
                reason: "only GIF and APNG animations are converted".into(),
            })
        }
    };
    let mut decoded = Vec::new();
    let mut held: u64 = 0;
    let (mut width, mut height) = (0, 0);
    for frame in frames {
        let frame = frame.map_err(corrupt(if format == InputFormat::Gif {
            "gif"
        } else {
            "png"
        }))?;
        let (numerator, denominator) = frame.delay().numer_denom_ms();
        let delay_ms = numerator / denominator.max(1);
        let buffer = frame.into_buffer();
        (width, height) = buffer.dimensions();
        held += buffer.as_raw().len() as u64;
        if held > memory_limit {
            return Err(FileError::Encode {
                format: "webp",
                reason: format!(
                    "the animation's frames need more than the memory budget ({} MiB); \
                     raise --memory-budget-mb to convert it",
                    memory_limit / (1024 * 1024)
                ),
            });
        }
        decoded.push(Frame {
            rgba: buffer.into_raw(),
            delay_ms: if delay_ms <= SHORT_DELAY_MS {
                SHORT_DELAY_SHOWN_MS
            } else {
                delay_ms
            },
        });
    }
    Ok(Animation {
        width,
        height,
        frames: decoded,
        loop_count,
    })
}

/// The animation as WebP, lossless or lossy at `quality`, whichever is smaller, with a note.
pub fn to_webp(animation: &Animation, quality: u8) -> Result<(Vec<u8>, String), FileError> {
    let encode = |coding| {
        animated_webp::encode(
            animation.width,
            animation.height,
            &animation.frames,
            animation.loop_count,
            coding,
        )
    };
    let lossless = encode(Coding::Lossless)?;
    let lossy = encode(Coding::Lossy { quality })?;
    let (bytes, coding) = if lossless.len() <= lossy.len() {
        (lossless, "lossless")
    } else {
        (lossy, "lossy")
    };
    let plays = match animation.loop_count {
        0 => "looping forever".to_string(),
        1 => "playing once".to_string(),
        count => format!("playing {count} times"),
    };
    Ok((
        bytes,
        format!(
            "animated WebP ({coding}): {} frames, {plays}",
            animation.frames.len()
        ),
    ))
}

/// The GIF's loop count as WebP counts it. A NETSCAPE2.0 extension with N repeats after the
/// first showing (0: forever); without one the GIF plays once.
pub fn gif_loop_count(bytes: &[u8]) -> u16 {
    let marker = b"NETSCAPE2.0";
    let Some(start) = bytes
        .windows(marker.len())
        .position(|window| window == marker)
    else {
        return 1;
    };
    match bytes.get(start + marker.len()..start + marker.len() + 4) {
        Some([3, 1, low, high]) => match u16::from_le_bytes([*low, *high]) {
            0 => 0,
            repeats => repeats.saturating_add(1),
        },
        _ => 1,
    }
}

/// The APNG's `num_plays` from its `acTL` chunk (0: forever).
pub fn apng_loop_count(bytes: &[u8]) -> u16 {
    bytes
        .windows(4)
        .position(|window| window == b"acTL")
        .and_then(|start| bytes.get(start + 8..start + 12))
        .map(|plays| u32::from_be_bytes([plays[0], plays[1], plays[2], plays[3]]))
        .map_or(0, |plays| u16::try_from(plays).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::codecs::gif::{GifEncoder, Repeat};
    use image::{Delay, Rgba, RgbaImage};

    /// A three-frame GIF: a square moving right, with the given delays and repeat setting.
    fn gif(delays_ms: [u32; 3], repeat: Repeat) -> Vec<u8> {
        let mut bytes = Vec::new();
        {
            let mut encoder = GifEncoder::new(&mut bytes);
            encoder.set_repeat(repeat).unwrap();
            for (index, delay) in delays_ms.iter().enumerate() {
                let canvas = RgbaImage::from_fn(24, 16, |x, _| {
                    if (x as usize / 8) == index {
                        Rgba([220, 30, 30, 255])
                    } else {
                        Rgba([255, 255, 255, 255])
                    }
                });
                encoder
                    .encode_frame(image::Frame::from_parts(
                        canvas,
                        0,
                        0,
                        Delay::from_numer_denom_ms(*delay, 1),
                    ))
                    .unwrap();
            }
        }
        bytes
    }

    #[test]
    fn loop_counts_follow_what_browsers_do() {
        assert_eq!(gif_loop_count(&gif([100; 3], Repeat::Infinite)), 0);
        assert_eq!(gif_loop_count(&gif([100; 3], Repeat::Finite(2))), 3);
        assert_eq!(gif_loop_count(b"GIF89a without an extension"), 1);
        let mut apng = b"\x89PNG....acTL".to_vec();
        apng.extend_from_slice(&[0, 0, 0, 3, 0, 0, 0, 4]);
        assert_eq!(apng_loop_count(&apng), 4);
    }

    #[test]
    fn a_gif_becomes_an_animated_webp_with_its_frames_delays_and_loops() {
        let source = gif([100, 250, 40], Repeat::Finite(1));
        let animation = decode(&source, InputFormat::Gif, 1 << 30).unwrap();
        assert_eq!(animation.frames.len(), 3);
        assert_eq!(animation.loop_count, 2);
        let (webp, note) = to_webp(&animation, 80).unwrap();
        assert!(
            note.contains("3 frames") && note.contains("playing 2 times"),
            "{note}"
        );
        assert_eq!(&webp[..4], b"RIFF");
        // The WebP's own frames, delays and loop count, read back by an independent decoder.
        let decoder = image::codecs::webp::WebPDecoder::new(Cursor::new(&webp)).unwrap();
        assert!(decoder.has_animation());
        let frames: Vec<image::Frame> = decoder.into_frames().collect_frames().unwrap();
        let delays: Vec<u32> = frames
            .iter()
            .map(|frame| {
                let (numerator, denominator) = frame.delay().numer_denom_ms();
                numerator / denominator
            })
            .collect();
        assert_eq!(delays, vec![100, 250, 40], "every delay, the last one too");
        for (index, frame) in frames.iter().enumerate() {
            let red_x = index as u32 * 8 + 4;
            let pixel = frame.buffer().get_pixel(red_x, 8);
            assert!(pixel[0] > 180 && pixel[1] < 90, "frame {index}: {pixel:?}");
        }
        let anim = webp
            .windows(4)
            .position(|window| window == b"ANIM")
            .unwrap();
        assert_eq!(u16::from_le_bytes([webp[anim + 12], webp[anim + 13]]), 2);
    }

    #[test]
    fn animations_over_the_memory_budget_are_refused_with_a_reason() {
        let source = gif([100; 3], Repeat::Infinite);
        let Err(error) = decode(&source, InputFormat::Gif, 1000) else {
            panic!("a 1000-byte budget cannot hold three frames");
        };
        let error = error.to_string();
        assert!(error.contains("memory budget"), "{error}");
    }
}
