//! The machine-readable report of an `altloom optimize` run (`--json` or `--report FILE`).
//!
//! Later commands (`altloom push --report FILE`) and the server's job history read it back, so
//! its shape is versioned by `schema_version` and only grows by adding optional fields.

use serde::{Deserialize, Serialize};

/// The current report schema version.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// Everything one optimisation run did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OptimizeReport {
    pub schema_version: u32,
    pub tool_version: String,
    pub dry_run: bool,
    /// The folder the outputs went to (absent for `--in-place` runs and older reports); its
    /// `altloom-meta.json` is what `altloom push --report` reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_folder: Option<String>,
    pub summary: Summary,
    pub files: Vec<FileReport>,
    /// The verdict of `altloom optimize --check` (absent from other runs and older reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckReport>,
}

/// Totals for the run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub files: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub unchanged: usize,
    pub outputs_written: usize,
    /// Bytes of the inputs that produced outputs.
    pub bytes_in: u64,
    /// Bytes of one full-size output per input: the same-format one when written, else the
    /// first format asked for; with `bytes_in` it gives the headline saving.
    pub bytes_out: u64,
    /// All bytes written, every format and width.
    pub bytes_written: u64,
    pub saved_percent: f64,
    pub elapsed_seconds: f64,
}

/// What happened to one input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileStatus {
    /// At least one output was written (or would be, in a dry run).
    Optimized,
    /// The same-format output was not smaller, so the original bytes were kept.
    AlreadyOptimal,
    /// The cache showed every output already present and unchanged.
    Unchanged,
    /// The file could not be processed; `error` says why.
    Failed,
}

/// What happened to one output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputStatus {
    Written,
    /// The re-encoded file was not smaller, so the original bytes were written instead.
    AlreadyOptimal,
    /// Present from an earlier run with the same input and settings.
    Unchanged,
    /// A dry run: this would have been written.
    WouldWrite,
    /// Not written; `note` says why (larger than the same-format output with `--skip-larger`,
    /// a format that cannot keep transparency, ...).
    Skipped,
}

/// One input's entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    /// BLAKE3 of the input bytes, hex; empty when the file could not be read.
    pub content_hash: String,
    /// Format detected from the content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Upright dimensions (after EXIF orientation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    pub bytes: u64,
    pub status: FileStatus,
    pub outputs: Vec<OutputReport>,
    pub metadata: MetadataReport,
    /// What colour management did, e.g. "converted Display P3 to sRGB".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One written (or skipped) output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputReport {
    pub path: String,
    pub format: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub status: OutputStatus,
    /// True for the full-size output (not a width variant).
    pub full_size: bool,
    /// True for the full-size output in the input's own format.
    pub same_format: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How the encoder setting was chosen when a perceptual quality target was in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetReport>,
}

/// The quality search behind one output: the metric, the target, what the chosen setting
/// scored, and how many trial encodes it took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetReport {
    /// `dssim` or `ssimulacra2`.
    pub metric: String,
    pub target: f64,
    /// The chosen setting's score (on `measured_on`).
    pub score: f64,
    /// The encoder setting used (0–100 on the encoder's own scale).
    pub setting: u8,
    /// Trial encodes the search made (the final encode not counted; a corrected final encode
    /// of a tile-searched image that was not kept counts as a trial).
    pub encodes: u32,
    /// False when even the highest setting missed the target (the highest was used).
    pub met: bool,
    /// `whole image`, or `tiles` when the search measured a strip of tiles from a large image
    /// (then `score` is measured on the same tiles cut from the final encode).
    pub measured_on: String,
}

/// What `altloom optimize --check` found: its settings, its counts, and each file that fails it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// True when no file fails the gate (the run then exits 0 unless a path was missing).
    pub passed: bool,
    /// A file fails when its measured output would be more than this many percent smaller.
    pub threshold_percent: f64,
    /// The configuration file the budgets came from, when there were budgets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budgets_file: Option<String>,
    /// Files looked at, failed ones included.
    pub files_checked: usize,
    /// Files whose measured output saves more than the threshold.
    pub over_threshold: usize,
    /// Files that break at least one budget.
    pub over_budget: usize,
    /// Files that could not be read or decoded.
    pub failed: usize,
    /// Only the files that fail the gate, in path order.
    pub files: Vec<CheckedFile>,
}

/// One file that fails `--check`, with every reason it fails.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckedFile {
    pub path: String,
    /// The source file's size as it stands.
    pub bytes: u64,
    /// The source's upright width, when its header could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// The format of the output the saving is measured on: the full-size output in the source's
    /// own format, else the smallest full-size output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimized_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimized_bytes: Option<u64>,
    /// How much smaller the measured output is than the source, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_percent: Option<f64>,
    pub over_threshold: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget_problems: Vec<BudgetProblem>,
    /// Why the file could not be checked at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Which limit of a budget was broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BudgetLimit {
    MaxBytes,
    MaxWidth,
}

/// One broken budget: the glob that chose the file, the limit, and the file's value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetProblem {
    pub glob: String,
    pub limit: BudgetLimit,
    /// The limit, in bytes or pixels.
    pub maximum: u64,
    /// The source file's value, in the same unit.
    pub actual: u64,
    /// The problem in a sentence, as printed.
    pub message: String,
}

/// Which metadata survived.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetadataReport {
    pub kept: Vec<String>,
    pub dropped: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_serialize_in_kebab_case() {
        let json = serde_json::to_string(&FileStatus::AlreadyOptimal).unwrap();
        assert_eq!(json, "\"already-optimal\"");
        let json = serde_json::to_string(&OutputStatus::WouldWrite).unwrap();
        assert_eq!(json, "\"would-write\"");
    }

    #[test]
    fn report_round_trips() {
        let report = OptimizeReport {
            schema_version: REPORT_SCHEMA_VERSION,
            tool_version: "0.1.0".into(),
            dry_run: false,
            output_folder: None,
            summary: Summary::default(),
            files: vec![FileReport {
                path: "a.jpg".into(),
                content_hash: "00".into(),
                format: Some("jpeg".into()),
                width: Some(2),
                height: Some(1),
                bytes: 10,
                status: FileStatus::Failed,
                outputs: vec![],
                metadata: MetadataReport::default(),
                colour: None,
                warnings: vec![],
                error: Some("corrupt".into()),
            }],
            check: None,
        };
        let json = serde_json::to_string(&report).unwrap();
        assert!(
            !json.contains("\"check\""),
            "no check outside --check: {json}"
        );
        assert!(
            !json.contains("\"warnings\""),
            "empty lists are omitted: {json}"
        );
        let back: OptimizeReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }
}
