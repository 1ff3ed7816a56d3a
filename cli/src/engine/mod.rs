//! The image engine: finds inputs, optimises them in parallel and returns a report per file.
//!
//! It never prints and never reads flags or the environment: callers pass [`OptimizeOptions`] and
//! a [`Progress`] implementation and get a [`BatchOutcome`] back.

pub mod alt_source;
pub mod animation;
mod avif_decode;
pub mod backup;
mod budget;
pub mod cache;
pub mod colour;
mod decode;
pub mod discover;
mod encode;
pub mod error;
pub mod metadata;
pub mod options;
pub mod output;
mod pipeline;
mod pixels;
pub mod progress;
pub mod shard;
pub mod sniff;
pub mod target;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use altloom_shared::report::{FileReport, FileStatus, MetadataReport};
use rayon::prelude::*;

use self::backup::BackupFolder;
use self::budget::{estimate_peak_bytes, threads_for_image, MemoryBudget};
use self::cache::{content_hash, Cache};
use self::discover::{discover, DiscoveryOptions, InputFile};
use self::error::{BatchError, FileError};
use self::options::{Destination, OptimizeOptions};
use self::pipeline::{run_job, BatchContext, Job};
use self::progress::Progress;
use self::sniff::{sniff, InputFormat};

/// What a batch did.
#[derive(Debug)]
pub struct BatchOutcome {
    /// One report per input file, sorted by path.
    pub files: Vec<FileReport>,
    /// Path arguments that could not be used at all.
    pub problems: Vec<(PathBuf, String)>,
    pub elapsed: Duration,
    /// True when Ctrl-C stopped the batch early.
    pub interrupted: bool,
    /// Set when the incremental cache could not be saved (only costs time on the next run).
    pub cache_warning: Option<String>,
}

/// An input after the first, cheap pass: read, hashed and recognised.
struct Prepared {
    input: InputFile,
    outcome: Result<(String, InputFormat, u64, (u32, u32)), FileError>,
    warning: Option<String>,
}

/// Optimises every image found under `paths`.
pub fn optimize(
    paths: &[PathBuf],
    discovery: &DiscoveryOptions,
    options: &OptimizeOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<BatchOutcome, BatchError> {
    let started = Instant::now();
    let jobs = if options.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |count| count.get())
    } else {
        options.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|index| format!("altloom-worker-{index}"))
        .build()
        .map_err(|error| BatchError::ThreadPool(error.to_string()))?;

    let found = discover(paths, discovery)?;
    if let Destination::Folder(folder) = &options.destination {
        if !options.dry_run {
            std::fs::create_dir_all(folder).map_err(|source| BatchError::OutputFolder {
                path: folder.clone(),
                source,
            })?;
            output::remove_stale_temporaries(folder);
        }
    }
    let backup = match &options.destination {
        Destination::InPlace {
            backup: Some(folder),
        } if !options.dry_run => {
            Some(
                BackupFolder::open(folder).map_err(|error| BatchError::OutputFolder {
                    path: folder.clone(),
                    source: std::io::Error::other(error.to_string()),
                })?,
            )
        }
        _ => None,
    };

    let prepared: Vec<Prepared> = pool.install(|| {
        found
            .files
            .into_par_iter()
            .map(|input| prepare(input, options.max_pixels))
            .collect()
    });
    let (mut jobs_to_run, mut reports) = group_into_jobs(prepared);
    reports.extend(remove_name_collisions(&mut jobs_to_run, options));
    // Largest first: the batch then ends on small images, so no core idles while the last big
    // one is still encoding.
    jobs_to_run.sort_by(|a, b| {
        b.pixels
            .cmp(&a.pixels)
            .then_with(|| a.members[0].path.cmp(&b.members[0].path))
    });
    let total_bytes: u64 = jobs_to_run
        .iter()
        .map(|job| job.bytes * job.members.len() as u64)
        .sum();
    let total_files = reports.len()
        + jobs_to_run
            .iter()
            .map(|job| job.members.len())
            .sum::<usize>();
    progress.batch_started(total_files, total_bytes);
    for report in &reports {
        progress.file_finished(report);
    }

    let cache = Cache::load(options.cache_file.clone());
    let context = BatchContext {
        options,
        cache: &cache,
        settings_fingerprint: settings_fingerprint(options),
        backup: backup.as_ref(),
        cancel,
        memory_budget_bytes: options.resolved_memory_budget(jobs),
    };
    let memory_limit = context.memory_budget_bytes;
    let memory = MemoryBudget::new(memory_limit);
    let writes_avif = options.may_write_avif();
    // Bounds how far the dispatcher runs ahead of the workers, so Ctrl-C stops quickly and the
    // memory budget reflects the images actually in flight.
    let in_flight = MemoryBudget::new(jobs as u64 * 2);
    let finished = Mutex::new(Vec::new());
    let job_count = jobs_to_run.len();
    let mut interrupted_jobs = Vec::new();
    // The dispatcher runs on this thread, which is not a pool worker: waiting for budget here
    // never blocks a worker, and workers never wait on each other.
    pool.in_place_scope(|scope| {
        for (index, job) in jobs_to_run.iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                interrupted_jobs.push(job);
                continue;
            }
            let slot = in_flight.acquire(1);
            let estimate = estimate_peak_bytes(job.pixels, writes_avif);
            let share = memory.acquire(estimate);
            // An image that crowds others out of the memory budget, or one of the last few,
            // may use several threads (rav1e's tiles, libwebp) so no core idles.
            let threads_per_image =
                threads_for_image(estimate, memory_limit, jobs, job_count - index);
            let context = &context;
            let finished = &finished;
            scope.spawn(move |_| {
                if let Some(member) = job.members.first() {
                    progress.file_started(&member.path);
                }
                let job_reports = run_job(job, context, threads_per_image);
                drop(share);
                drop(slot);
                for report in &job_reports {
                    progress.file_finished(report);
                }
                finished
                    .lock()
                    .unwrap_or_else(|poison| poison.into_inner())
                    .extend(job_reports);
            });
        }
    });
    reports.extend(
        finished
            .into_inner()
            .unwrap_or_else(|poison| poison.into_inner()),
    );
    let interrupted = cancel.load(Ordering::Relaxed);
    for job in interrupted_jobs {
        for member in &job.members {
            reports.push(failed_report(
                member,
                &job.content_hash,
                job.bytes,
                &FileError::Interrupted,
                None,
            ));
        }
    }
    let cache_warning = if options.dry_run {
        None
    } else {
        cache.save().err()
    };
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(BatchOutcome {
        files: reports,
        problems: found.problems,
        elapsed: started.elapsed(),
        interrupted,
        cache_warning,
    })
}

/// Reads, hashes and recognises one input; the header is probed for dimensions so bombs are
/// refused without decoding.
fn prepare(input: InputFile, max_pixels: u64) -> Prepared {
    let bytes = match std::fs::read(&input.path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Prepared {
                input,
                outcome: Err(FileError::Read(error)),
                warning: None,
            }
        }
    };
    if bytes.is_empty() {
        return Prepared {
            input,
            outcome: Err(FileError::Empty),
            warning: None,
        };
    }
    let hash = content_hash(&bytes);
    let Some(format) = sniff(&bytes) else {
        return Prepared {
            input,
            outcome: Err(FileError::Unsupported {
                detected: "unknown content".into(),
            }),
            warning: None,
        };
    };
    let warning = (!format.matches_extension(&input.path)).then(|| {
        format!(
            "the content is {} but the file name says otherwise; treated as {}",
            format.name(),
            format.name()
        )
    });
    let outcome = decode::dimensions(&bytes, format).and_then(|(width, height)| {
        let pixels = u64::from(width) * u64::from(height);
        if pixels > max_pixels {
            Err(FileError::TooManyPixels {
                width,
                height,
                megapixels: pixels as f64 / 1e6,
                limit_megapixels: max_pixels as f64 / 1e6,
            })
        } else {
            Ok((hash.clone(), format, bytes.len() as u64, (width, height)))
        }
    });
    Prepared {
        input,
        outcome,
        warning,
    }
}

fn failed_report(
    input: &InputFile,
    hash: &str,
    bytes: u64,
    error: &FileError,
    warning: Option<String>,
) -> FileReport {
    FileReport {
        path: report_path(&input.path),
        content_hash: hash.to_string(),
        format: None,
        width: None,
        height: None,
        bytes,
        status: FileStatus::Failed,
        outputs: Vec::new(),
        metadata: MetadataReport::default(),
        colour: None,
        warnings: warning.into_iter().collect(),
        error: Some(error.to_string()),
    }
}

/// Groups identical inputs so each distinct image is encoded once; failures become reports.
fn group_into_jobs(prepared: Vec<Prepared>) -> (Vec<Job>, Vec<FileReport>) {
    let mut jobs: Vec<Job> = Vec::new();
    let mut by_hash: HashMap<String, usize> = HashMap::new();
    let mut failures = Vec::new();
    for item in prepared {
        match item.outcome {
            Ok((hash, format, bytes, (width, height))) => {
                let warnings: Vec<(PathBuf, String)> = item
                    .warning
                    .into_iter()
                    .map(|warning| (item.input.path.clone(), warning))
                    .collect();
                if let Some(&index) = by_hash.get(&hash) {
                    jobs[index].members.push(item.input);
                    jobs[index].warnings.extend(warnings);
                } else {
                    by_hash.insert(hash.clone(), jobs.len());
                    jobs.push(Job {
                        members: vec![item.input],
                        content_hash: hash,
                        format,
                        bytes,
                        pixels: u64::from(width) * u64::from(height),
                        warnings,
                    });
                }
            }
            Err(error) => failures.push(failed_report(&item.input, "", 0, &error, item.warning)),
        }
    }
    (jobs, failures)
}

/// Finds inputs whose outputs would land on the same file as another input's (photo.jpg and
/// photo.png both asked for as WebP): the first in path order keeps its outputs and the others
/// fail with a clear reason, so nothing is silently overwritten.
fn remove_name_collisions(jobs: &mut Vec<Job>, options: &OptimizeOptions) -> Vec<FileReport> {
    let mut claimed: HashMap<(PathBuf, String, &'static str), PathBuf> = HashMap::new();
    let mut members: Vec<(usize, InputFile)> = jobs
        .iter()
        .enumerate()
        .flat_map(|(index, job)| {
            job.members
                .iter()
                .map(move |member| (index, member.clone()))
        })
        .collect();
    members.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    let mut colliding: Vec<(usize, InputFile, PathBuf)> = Vec::new();
    for (index, member) in members {
        let (folder, stem) = pipeline::output_location(&member, &options.destination);
        let extensions =
            pipeline::possible_extensions(&options.formats, &options.allow, jobs[index].format);
        let clash = extensions.iter().find_map(|extension| {
            claimed
                .get(&(folder.clone(), stem.clone(), *extension))
                .filter(|other| **other != member.path)
                .cloned()
        });
        match clash {
            Some(other) => colliding.push((index, member, other)),
            None => {
                for extension in extensions {
                    claimed.insert(
                        (folder.clone(), stem.clone(), extension),
                        member.path.clone(),
                    );
                }
            }
        }
    }
    let mut reports = Vec::new();
    for (index, member, other) in colliding {
        let job = &mut jobs[index];
        job.members
            .retain(|candidate| candidate.path != member.path);
        let error = FileError::NameCollision {
            other: PathBuf::from(report_path(&other)),
        };
        reports.push(failed_report(
            &member,
            &job.content_hash,
            job.bytes,
            &error,
            None,
        ));
    }
    jobs.retain(|job| !job.members.is_empty());
    reports
}

/// A fingerprint of every setting that changes what gets written.
fn settings_fingerprint(options: &OptimizeOptions) -> String {
    format!(
        "{:?}|{:?}|{}|{:?}|{}|{}|{:?}|{}|{}|{}|{:?}|{}|{}",
        options.formats,
        options.allow,
        options.quality,
        options.target.map(|target| target.to_string()),
        options.chroma,
        options.png_lossy,
        options.widths,
        options.keep_original_size,
        options.name_template,
        options.keep_icc,
        options.keep_metadata,
        options.skip_larger,
        options.avif_speed,
    )
}

/// Paths in reports are absolute, so a report stays meaningful wherever it is read from.
pub fn report_path(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
