//! Everything the CLI prints (apart from progress bars and the questions of `prompt`):
//! summaries, per-file lines, tables, warnings, errors and JSON. Data goes to stdout; status
//! lines, warnings and errors go to stderr. A closed stdout (`altloom ... | head`) quietly stops
//! output instead of failing.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use altloom_shared::report::{CheckReport, FileReport, FileStatus, OptimizeReport, OutputStatus};
use console::style;
use serde::Serialize;

use crate::args::OutputArgs;
use crate::secret::Secret;

/// How chatty to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Writes to stdout and stderr.
pub struct Printer {
    pub verbosity: Verbosity,
    stdout_closed: AtomicBool,
}

impl Printer {
    pub fn new(arguments: &OutputArgs) -> Printer {
        if std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()) {
            console::set_colors_enabled(false);
            console::set_colors_enabled_stderr(false);
        }
        let verbosity = if arguments.quiet {
            Verbosity::Quiet
        } else if arguments.verbose > 0 {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        Printer {
            verbosity,
            stdout_closed: AtomicBool::new(false),
        }
    }

    /// A line on stdout; a closed pipe silences the rest of the run's stdout.
    pub fn out(&self, line: &str) {
        if self.stdout_closed.load(Ordering::Relaxed) {
            return;
        }
        let mut stdout = io::stdout().lock();
        if let Err(error) = writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
            if error.kind() == io::ErrorKind::BrokenPipe {
                self.stdout_closed.store(true, Ordering::Relaxed);
            }
        }
    }

    /// A line on stderr.
    fn err(&self, line: &str) {
        let _ = writeln!(io::stderr().lock(), "{line}");
    }

    pub fn error(&self, message: &str) {
        self.err(&format!("{} {message}", style("error:").red().bold()));
    }

    pub fn warning(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            self.err(&format!("{} {message}", style("warning:").yellow().bold()));
        }
    }

    pub fn info(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            self.out(message);
        }
    }

    /// A status line on stderr ("Logged in to ..."), so stdout keeps only the data a script
    /// asked for; silent with --quiet.
    pub fn status(&self, message: &str) {
        if self.verbosity > Verbosity::Quiet {
            self.err(message);
        }
    }

    /// A detail on stderr shown only with --verbose.
    pub fn detail(&self, message: &str) {
        if self.verbosity == Verbosity::Verbose {
            self.err(message);
        }
    }

    /// A line on stderr that the user must see to go on (such as the code of a device login),
    /// printed even with --quiet.
    pub fn instruction(&self, message: &str) {
        self.err(message);
    }

    /// A secret the user asked for (a new token, an invite link), alone on a stdout line so
    /// it can be captured; printed even with --quiet.
    pub fn secret(&self, secret: &Secret) {
        self.out(secret.expose());
    }

    /// Any value as pretty JSON on stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => self.out(&text),
            Err(error) => self.error(&format!("cannot serialise the answer: {error}")),
        }
    }

    /// A table on stdout: a header row, then one row per item, columns padded to line up.
    /// An empty table prints `empty` instead (on stderr, as a status line).
    pub fn table(&self, headers: &[&str], rows: &[Vec<String>], empty: &str) {
        if rows.is_empty() {
            self.status(empty);
            return;
        }
        for line in table_lines(headers, rows) {
            self.out(&line);
        }
    }

    /// Per-file outcome lines: failures always, warnings unless quiet, every file when verbose,
    /// and every planned output in a dry run.
    pub fn file(&self, file: &FileReport, dry_run: bool) {
        if let Some(error) = &file.error {
            self.error(&format!("{}: {error}", display_path(&file.path)));
        }
        for warning in &file.warnings {
            self.warning(&format!("{}: {warning}", display_path(&file.path)));
        }
        if dry_run && self.verbosity > Verbosity::Quiet {
            for output in file
                .outputs
                .iter()
                .filter(|output| output.status == OutputStatus::WouldWrite)
            {
                self.out(&format!(
                    "would write {} ({} {}×{}, {})",
                    display_path(&output.path),
                    output.format,
                    output.width,
                    output.height,
                    human_bytes(output.bytes)
                ));
            }
            return;
        }
        if self.verbosity == Verbosity::Verbose && file.status != FileStatus::Failed {
            let same = file.outputs.iter().find(|output| output.same_format);
            let saving = same
                .map(|output| {
                    format!(
                        "{} → {} ({})",
                        human_bytes(file.bytes),
                        human_bytes(output.bytes),
                        percent_saved(file.bytes, output.bytes)
                    )
                })
                .unwrap_or_default();
            self.out(&format!(
                "{} {} {saving}",
                status_word(&file.status),
                display_path(&file.path)
            ));
            for output in &file.outputs {
                let note = output
                    .note
                    .as_deref()
                    .map(|note| format!(" — {note}"))
                    .unwrap_or_default();
                self.out(&format!(
                    "    {} {} {}×{} {}{note}",
                    output_word(&output.status),
                    display_path(&output.path),
                    output.width,
                    output.height,
                    human_bytes(output.bytes)
                ));
            }
        }
    }

    /// The end-of-run summary.
    pub fn summary(&self, report: &OptimizeReport) {
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let summary = &report.summary;
        let verb = if report.dry_run {
            "would write"
        } else {
            "wrote"
        };
        self.out(&format!(
            "{} files: {} optimised, {} already optimal or unchanged, {} failed; {verb} {} outputs",
            summary.files,
            summary.succeeded,
            summary.unchanged,
            summary.failed,
            summary.outputs_written
        ));
        self.out(&format!(
            "{} → {} for the full-size outputs ({}); {} written in all; {:.1} s",
            human_bytes(summary.bytes_in),
            human_bytes(summary.bytes_out),
            percent_saved(summary.bytes_in, summary.bytes_out),
            human_bytes(summary.bytes_written),
            summary.elapsed_seconds
        ));
        if let Some(line) = quality_search_line(report) {
            self.out(&line);
        }
        let failures: Vec<&FileReport> = report
            .files
            .iter()
            .filter(|file| file.status == FileStatus::Failed)
            .collect();
        if !failures.is_empty() {
            self.out("failed:");
            for file in failures {
                self.out(&format!(
                    "  {}: {}",
                    display_path(&file.path),
                    file.error.as_deref().unwrap_or("unknown error")
                ));
            }
        }
    }
}

/// One line on the quality searches of a run: the target, how many outputs were searched, the
/// trial encodes they took, and how many could not reach the target even at the top setting.
fn quality_search_line(report: &OptimizeReport) -> Option<String> {
    let searches: Vec<&altloom_shared::report::TargetReport> = report
        .files
        .iter()
        .flat_map(|file| &file.outputs)
        .filter_map(|output| output.target.as_ref())
        .collect();
    let first = searches.first()?;
    let encodes: u32 = searches.iter().map(|search| search.encodes).sum();
    let missed = searches.iter().filter(|search| !search.met).count();
    let mut line = format!(
        "quality target {} {}: {} outputs searched in {} trial encodes ({:.1} each)",
        first.metric,
        first.target,
        searches.len(),
        encodes,
        f64::from(encodes) / searches.len() as f64
    );
    if missed > 0 {
        line.push_str(&format!(
            "; {missed} could not reach it and used the highest setting"
        ));
    }
    Some(line)
}

/// What `altloom optimize --check` prints: a GitHub Actions annotation, and the verdict with
/// each failing file and why.
impl Printer {
    /// A GitHub Actions workflow command, printed even with --quiet since it is how the run's
    /// page shows the problem. It goes to stdout, where GitHub's documentation puts it, unless
    /// stdout holds JSON; the runner reads commands on stderr too.
    pub fn workflow_command(&self, line: &str, stdout_holds_data: bool) {
        if stdout_holds_data {
            self.err(line);
        } else {
            self.out(line);
        }
    }

    /// The verdict of a check on stdout: each failing file with every reason (even with
    /// --quiet, since they are why the run fails), then one line of totals.
    pub fn check(&self, check: &CheckReport) {
        for file in &check.files {
            let path = display_path(&file.path);
            let reasons = crate::check::error_message(file)
                .into_iter()
                .chain(
                    file.budget_problems
                        .iter()
                        .map(|problem| problem.message.clone()),
                )
                .chain(crate::check::saving_message(file, check.threshold_percent));
            for reason in reasons {
                self.out(&format!(
                    "{} {path}: {reason}",
                    style("check failed:").red()
                ));
            }
        }
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        let budgets = check
            .budgets_file
            .as_deref()
            .map(|file| format!("budgets from {}", display_path(file)))
            .unwrap_or_else(|| "no budgets".into());
        if check.passed {
            self.out(&format!(
                "check passed: {} files, none more than {}% smaller once optimised; {budgets}",
                check.files_checked, check.threshold_percent
            ));
        } else {
            self.out(&format!(
                "check failed: {} of {} files ({} could be more than {}% smaller, {} over a budget, {} could not be checked); {budgets}",
                check.files.len(),
                check.files_checked,
                check.over_threshold,
                check.threshold_percent,
                check.over_budget,
                check.failed
            ));
        }
    }
}

/// The lines of a table with columns padded to their widest cell (the last column unpadded).
pub fn table_lines(headers: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let columns = headers.len();
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|header| header.chars().count())
        .collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate().take(columns) {
            widths[index] = widths[index].max(cell.chars().count());
        }
    }
    let render = |cells: Vec<&str>| -> String {
        let mut line = String::new();
        for (index, cell) in cells.iter().enumerate() {
            if index + 1 == cells.len() {
                line.push_str(cell);
            } else {
                let padding = widths[index].saturating_sub(cell.chars().count());
                line.push_str(cell);
                line.push_str(&" ".repeat(padding + 2));
            }
        }
        line.trim_end().to_string()
    };
    let mut lines = vec![render(headers.to_vec())];
    for row in rows {
        lines.push(render(row.iter().map(String::as_str).collect()));
    }
    lines
}

/// A report path as a person wants to read it: relative to the current folder when inside it.
pub fn display_path(path: &str) -> String {
    let path = std::path::Path::new(path);
    std::env::current_dir()
        .ok()
        .and_then(|folder| {
            path.strip_prefix(folder)
                .ok()
                .map(|relative| relative.display().to_string())
        })
        .unwrap_or_else(|| path.display().to_string())
}

fn status_word(status: &FileStatus) -> &'static str {
    match status {
        FileStatus::Optimized => "optimised",
        FileStatus::AlreadyOptimal => "already-optimal",
        FileStatus::Unchanged => "unchanged",
        FileStatus::Failed => "failed",
    }
}

fn output_word(status: &OutputStatus) -> &'static str {
    match status {
        OutputStatus::Written => "wrote",
        OutputStatus::AlreadyOptimal => "kept original",
        OutputStatus::Unchanged => "unchanged",
        OutputStatus::WouldWrite => "would write",
        OutputStatus::Skipped => "skipped",
    }
}

/// "12.3 KB" style sizes in powers of 1000, as file managers show them.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// "-42.0%" for savings, "+3.0%" for growth.
pub fn percent_saved(before: u64, after: u64) -> String {
    if before == 0 {
        return "0.0%".into();
    }
    let change = (after as f64 - before as f64) / before as f64 * 100.0;
    format!("{change:+.1}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_percentages_read_naturally() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(2_500_000), "2.5 MB");
        assert_eq!(percent_saved(200, 100), "-50.0%");
        assert_eq!(percent_saved(100, 103), "+3.0%");
        assert_eq!(percent_saved(0, 5), "0.0%");
    }

    #[test]
    fn table_columns_line_up() {
        let lines = table_lines(
            &["NAME", "ID", "ROLE"],
            &[
                vec!["Studio".into(), "ws_1".into(), "owner".into()],
                vec!["Clients é".into(), "ws_22".into(), "member".into()],
            ],
        );
        assert_eq!(
            lines,
            [
                "NAME       ID     ROLE",
                "Studio     ws_1   owner",
                "Clients é  ws_22  member"
            ]
        );
    }
}
