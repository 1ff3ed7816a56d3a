//! How the engine tells its caller what is happening. The engine never prints; the command layer
//! implements this trait with progress bars or nothing at all.

use std::path::Path;

use altloom_shared::report::FileReport;

/// Receives progress events from worker threads, so implementations must be thread-safe.
pub trait Progress: Send + Sync {
    /// The batch is about to start: how many files and how many input bytes.
    fn batch_started(&self, _files: usize, _bytes: u64) {}
    /// A worker started on a file.
    fn file_started(&self, _path: &Path) {}
    /// A file is finished, successfully or not.
    fn file_finished(&self, _report: &FileReport) {}
}

/// Progress that goes nowhere, for tests and quiet runs.
pub struct NoProgress;

impl Progress for NoProgress {}
