//! The terminal progress bar: files done, bytes saved and time left, drawn on stderr.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use altloom_shared::report::{FileReport, OutputReport};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine::progress::Progress;
use crate::printer::{human_bytes, Printer};

/// A progress bar, or nothing when it would only clutter a log.
pub struct TerminalProgress<'printer> {
    bar: ProgressBar,
    saved: AtomicU64,
    printer: &'printer Printer,
    dry_run: bool,
}

impl<'printer> TerminalProgress<'printer> {
    /// `visible` is false with --no-progress, --quiet or --json; the bar is also hidden when
    /// stderr is not a terminal or `CI` is set.
    pub fn new(visible: bool, printer: &'printer Printer, dry_run: bool) -> Self {
        let show = visible && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = if show {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            // AVIF encodes can take seconds; a steady tick keeps the clock and spinner alive.
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files · {msg} · ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        TerminalProgress {
            bar,
            saved: AtomicU64::new(0),
            printer,
            dry_run,
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn same_format_output(report: &FileReport) -> Option<&OutputReport> {
    report.outputs.iter().find(|output| output.same_format)
}

impl Progress for TerminalProgress<'_> {
    fn batch_started(&self, files: usize, _bytes: u64) {
        self.bar.set_length(files as u64);
        self.bar.set_message("0 B saved");
    }

    fn file_started(&self, _path: &Path) {}

    fn file_finished(&self, report: &FileReport) {
        if let Some(output) = same_format_output(report) {
            let saved = report.bytes.saturating_sub(output.bytes);
            let total = self.saved.fetch_add(saved, Ordering::Relaxed) + saved;
            self.bar
                .set_message(format!("{} saved", human_bytes(total)));
        }
        // Lines printed while the bar is drawn must go through it, or they tear the bar.
        self.bar.suspend(|| self.printer.file(report, self.dry_run));
        self.bar.inc(1);
    }
}

/// The bar of an AI metadata run: images answered of those sent to the model, and credits used.
pub struct AltProgressBar<'printer> {
    bar: ProgressBar,
    printer: &'printer Printer,
}

impl<'printer> AltProgressBar<'printer> {
    /// `visible` is false with --no-progress or --quiet; the bar is also hidden when stderr is
    /// not a terminal or `CI` is set.
    pub fn new(visible: bool, total: usize, printer: &'printer Printer) -> Self {
        Self::labelled(visible, total, printer, "describing")
    }

    /// The same bar for other work on images (`uploading to client-a`).
    pub fn labelled(visible: bool, total: usize, printer: &'printer Printer, label: &str) -> Self {
        let show = visible && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = if show {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} images · {msg} · ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message(label.to_string());
        AltProgressBar { bar, printer }
    }

    /// One image is done; `message` replaces the bar's note (such as the credits used).
    pub fn advance(&self, message: String) {
        self.bar.set_message(message);
        self.bar.inc(1);
    }

    /// Prints through the printer without tearing the bar.
    pub fn print(&self, print: impl FnOnce(&Printer)) {
        self.bar.suspend(|| print(self.printer));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
