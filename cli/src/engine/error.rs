//! Typed errors of the engine: why one file (or the whole batch) could not be optimised.

use std::path::PathBuf;

use thiserror::Error;

/// Why a single input file failed. Each message names the problem in words a user can act on;
/// the command layer prefixes the file path.
#[derive(Debug, Error)]
pub enum FileError {
    #[error("cannot read file: {0}")]
    Read(#[source] std::io::Error),
    #[error("file is empty (0 bytes)")]
    Empty,
    #[error("not a supported image (detected: {detected}); supported inputs are JPEG, PNG, WebP, GIF and TIFF")]
    Unsupported { detected: String },
    #[error("{format} input is not supported by this build: {reason}")]
    UnsupportedVariant {
        format: &'static str,
        reason: String,
    },
    #[error("image is {width}×{height} = {megapixels:.1} MP, over the --max-pixels limit of {limit_megapixels:.1} MP (refused before decoding)")]
    TooManyPixels {
        width: u32,
        height: u32,
        megapixels: f64,
        limit_megapixels: f64,
    },
    #[error("corrupt or truncated {format}: {reason}")]
    Corrupt {
        format: &'static str,
        reason: String,
    },
    #[error("colour conversion failed: {0}")]
    Colour(String),
    #[error("resizing failed: {0}")]
    Resize(String),
    #[error("{format} encoder failed: {reason}")]
    Encode {
        format: &'static str,
        reason: String,
    },
    #[error("gave up after {seconds} s (per-file timeout)")]
    Timeout { seconds: u64 },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot back up the original to {path}: {source}")]
    Backup {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("interrupted before this file was finished")]
    Interrupted,
    #[error("its outputs would overwrite those of {other} (same name, another extension); rename one of them or optimise them separately")]
    NameCollision { other: PathBuf },
}

/// Why a whole batch could not start.
#[derive(Debug, Error)]
pub enum BatchError {
    #[error("cannot create the output folder {path}: {source}")]
    OutputFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid glob `{glob}`: {reason}")]
    Glob { glob: String, reason: String },
    #[error("cannot start worker threads: {0}")]
    ThreadPool(String),
}
