//! Animated WebP output through libwebp's animation encoder, for GIF and APNG inputs asked to
//! become WebP: every frame (as the composited canvas the decoder gives), its delay, and the loop
//! count carry over. The `webp` crate's own animation encoder cannot give the last frame its
//! delay (it ends the animation with timestamp 0, which libwebp refuses), so the encoder is
//! driven here directly.

use std::ptr;

use libwebp_sys as sys;

use super::failed;
use crate::engine::error::FileError;

/// One frame of the animation: the whole canvas as RGBA, and how long it shows.
pub struct Frame {
    pub rgba: Vec<u8>,
    pub delay_ms: u32,
}

/// How the frames are coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Lossless,
    Lossy { quality: u8 },
}

/// Frees the encoder however the function ends.
struct EncoderGuard(*mut sys::WebPAnimEncoder);

impl Drop for EncoderGuard {
    fn drop(&mut self) {
        // SAFETY: the pointer came from WebPAnimEncoderNewInternal and is deleted only here.
        unsafe { sys::WebPAnimEncoderDelete(self.0) }
    }
}

/// Encodes `frames` (each `width × height × 4` bytes) as an animated WebP that plays
/// `loop_count` times (0: forever).
pub fn encode(
    width: u32,
    height: u32,
    frames: &[Frame],
    loop_count: u16,
    coding: Coding,
) -> Result<Vec<u8>, FileError> {
    let expected = width as usize * height as usize * 4;
    if frames.is_empty() || frames.iter().any(|frame| frame.rgba.len() != expected) {
        return Err(failed(
            "webp",
            "the animation's frames do not match its canvas",
        ));
    }
    let (Ok(canvas_width), Ok(canvas_height)) = (i32::try_from(width), i32::try_from(height))
    else {
        return Err(failed("webp", "the animation is too large for WebP"));
    };
    let mut config = sys::WebPConfig::new()
        .map_err(|()| failed("webp", "libwebp rejected its default configuration"))?;
    match coding {
        Coding::Lossless => {
            config.lossless = 1;
            config.quality = 75.0;
            config.method = 4;
        }
        Coding::Lossy { quality } => {
            config.quality = f32::from(quality);
            config.method = 4;
        }
    }
    // SAFETY: every libwebp object below is initialised by libwebp before use, the pictures
    // import from slices that outlive the calls, each picture is freed after its frame is added
    // (the encoder copies what it needs), the encoder is deleted by its guard, and the assembled
    // data is copied out and then freed with libwebp's allocator.
    unsafe {
        let abi = sys::WebPGetMuxABIVersion();
        let mut options = std::mem::MaybeUninit::<sys::WebPAnimEncoderOptions>::uninit();
        if sys::WebPAnimEncoderOptionsInitInternal(options.as_mut_ptr(), abi) == 0 {
            return Err(failed(
                "webp",
                "libwebp's animation encoder is a different version",
            ));
        }
        let mut options = options.assume_init();
        options.anim_params.loop_count = i32::from(loop_count);
        // Keyframes and frame rectangles are libwebp's choice; mixing lossy and lossless frames
        // would make the two codings compared by the caller less distinct.
        options.allow_mixed = 0;
        let encoder = EncoderGuard(sys::WebPAnimEncoderNewInternal(
            canvas_width,
            canvas_height,
            &options,
            abi,
        ));
        if encoder.0.is_null() {
            return Err(failed("webp", "libwebp could not start an animation"));
        }
        let mut timestamp: i32 = 0;
        for frame in frames {
            let mut picture = sys::WebPPicture::new()
                .map_err(|()| failed("webp", "libwebp could not make a picture"))?;
            picture.use_argb = 1;
            picture.width = canvas_width;
            picture.height = canvas_height;
            if sys::WebPPictureImportRGBA(&mut picture, frame.rgba.as_ptr(), canvas_width * 4) == 0
            {
                sys::WebPPictureFree(&mut picture);
                return Err(failed("webp", "libwebp could not take a frame"));
            }
            let added = sys::WebPAnimEncoderAdd(encoder.0, &mut picture, timestamp, &config);
            sys::WebPPictureFree(&mut picture);
            if added == 0 {
                return Err(failed("webp", anim_error(encoder.0)));
            }
            let delay = i32::try_from(frame.delay_ms).unwrap_or(i32::MAX);
            timestamp = timestamp.saturating_add(delay);
        }
        // The last call carries the end time, which gives the last frame its own delay.
        if sys::WebPAnimEncoderAdd(encoder.0, ptr::null_mut(), timestamp, ptr::null()) == 0 {
            return Err(failed("webp", anim_error(encoder.0)));
        }
        let mut data = sys::WebPData::default();
        if sys::WebPAnimEncoderAssemble(encoder.0, &mut data) == 0 {
            return Err(failed("webp", anim_error(encoder.0)));
        }
        let bytes = std::slice::from_raw_parts(data.bytes, data.size).to_vec();
        sys::WebPDataClear(&mut data);
        Ok(bytes)
    }
}

/// libwebp's last error message for `encoder`.
///
/// # Safety
/// `encoder` must be a live animation encoder.
unsafe fn anim_error(encoder: *mut sys::WebPAnimEncoder) -> String {
    let message = sys::WebPAnimEncoderGetError(encoder);
    if message.is_null() {
        "libwebp could not encode the animation".to_string()
    } else {
        std::ffi::CStr::from_ptr(message)
            .to_string_lossy()
            .into_owned()
    }
}
