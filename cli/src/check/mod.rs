//! The CI gate `altloom optimize --check`, without printing: the threshold, the budgets, and
//! the verdict drawn from a dry run's report. A file fails the gate when its measured output
//! would be more than the threshold smaller than the file, when it breaks a budget, or when it
//! cannot be read or decoded.
//!
//! The measured output is the full-size output in the file's own format; when the run writes
//! none (only other formats were asked for), the smallest full-size output. Width variants never
//! count: a 480 px copy is always smaller and says nothing about the file itself.

pub mod budget;

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use altloom_shared::report::{
    BudgetLimit, BudgetProblem, CheckReport, CheckedFile, FileReport, FileStatus, OptimizeReport,
    OutputReport, OutputStatus,
};

use self::budget::Budgets;
use crate::printer::human_bytes;

/// The saving, in percent, above which a file fails the gate: written `15%`, `15` or `12.5%`,
/// from 0 to 100.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Threshold(f64);

impl Threshold {
    pub fn percent(self) -> f64 {
        self.0
    }
}

impl FromStr for Threshold {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
        match number.parse::<f64>() {
            Ok(percent) if (0.0..=100.0).contains(&percent) => Ok(Threshold(percent)),
            _ => Err(format!(
                "`{trimmed}` is not a percentage from 0 to 100, such as 10% or 15"
            )),
        }
    }
}

impl fmt::Display for Threshold {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}%", self.0)
    }
}

/// The path arguments of a run, so each report path can be made relative to the folder it was
/// found in (budget globs are written relative to it, like `--include`).
#[derive(Clone, Debug, Default)]
pub struct InputRoots {
    folders: Vec<PathBuf>,
}

impl InputRoots {
    /// Remembers the folders among `paths`; files named directly are matched by their name.
    pub fn new(paths: &[PathBuf]) -> InputRoots {
        InputRoots {
            folders: paths
                .iter()
                .filter(|path| path.is_dir())
                .map(|path| PathBuf::from(crate::engine::report_path(path)))
                .collect(),
        }
    }

    /// The path of a report entry relative to the deepest input folder holding it, with `/`
    /// separators; a file outside every folder (named directly) is known by its file name.
    pub fn relative(&self, report_path: &str) -> String {
        let path = Path::new(report_path);
        let relative = self
            .folders
            .iter()
            .filter_map(|folder| path.strip_prefix(folder).ok())
            .min_by_key(|relative| relative.components().count())
            .map(Path::to_path_buf)
            .or_else(|| path.file_name().map(PathBuf::from))
            .unwrap_or_else(|| path.to_path_buf());
        relative
            .components()
            .filter_map(|component| match component {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// What the gate measures a file against.
#[derive(Clone, Debug)]
pub struct CheckPlan {
    pub threshold: Threshold,
    pub budgets: Option<Budgets>,
    pub roots: InputRoots,
}

/// The output a file's saving is measured on: the full-size output in its own format, else the
/// smallest full-size output the run would write.
pub fn measured_output(file: &FileReport) -> Option<&OutputReport> {
    let usable = |output: &&OutputReport| {
        output.full_size && output.status != OutputStatus::Skipped && output.bytes > 0
    };
    file.outputs
        .iter()
        .filter(usable)
        .find(|output| output.same_format)
        .or_else(|| {
            file.outputs
                .iter()
                .filter(usable)
                .min_by_key(|output| output.bytes)
        })
}

/// Applies the gate to every file of a dry run's report.
pub fn evaluate(report: &OptimizeReport, plan: &CheckPlan) -> CheckReport {
    let mut check = CheckReport {
        passed: true,
        threshold_percent: plan.threshold.percent(),
        budgets_file: plan
            .budgets
            .as_ref()
            .map(|budgets| budgets.file.display().to_string()),
        files_checked: report.files.len(),
        ..CheckReport::default()
    };
    for file in &report.files {
        let checked = check_file(file, plan);
        if checked.error.is_some() {
            check.failed += 1;
        }
        if checked.over_threshold {
            check.over_threshold += 1;
        }
        if !checked.budget_problems.is_empty() {
            check.over_budget += 1;
        }
        if checked.error.is_some() || checked.over_threshold || !checked.budget_problems.is_empty()
        {
            check.files.push(checked);
        }
    }
    check.passed = check.files.is_empty();
    check
}

fn check_file(file: &FileReport, plan: &CheckPlan) -> CheckedFile {
    let mut checked = CheckedFile {
        path: file.path.clone(),
        bytes: file.bytes,
        width: file.width,
        ..CheckedFile::default()
    };
    if file.status == FileStatus::Failed {
        checked.error = Some(
            file.error
                .clone()
                .unwrap_or_else(|| "it could not be optimised".into()),
        );
    }
    if let Some(output) = measured_output(file).filter(|_| file.bytes > 0) {
        let saved = (1.0 - output.bytes as f64 / file.bytes as f64) * 100.0;
        checked.optimized_format = Some(output.format.clone());
        checked.optimized_bytes = Some(output.bytes);
        checked.saved_percent = Some(saved);
        checked.over_threshold = checked.error.is_none() && saved > plan.threshold.percent();
    }
    if let Some(budgets) = &plan.budgets {
        let relative = plan.roots.relative(&file.path);
        for budget in budgets
            .entries
            .iter()
            .filter(|budget| budget.covers(&relative))
        {
            if let Some(maximum) = budget.max_bytes.filter(|maximum| file.bytes > *maximum) {
                let written = budget
                    .max_bytes_text
                    .clone()
                    .unwrap_or_else(|| maximum.to_string());
                checked.budget_problems.push(BudgetProblem {
                    glob: budget.glob.clone(),
                    limit: BudgetLimit::MaxBytes,
                    maximum,
                    actual: file.bytes,
                    message: format!(
                        "{} is over the budget for {}: max-bytes {written}",
                        human_bytes(file.bytes),
                        budget.glob
                    ),
                });
            }
            let width = file.width.map(u64::from);
            if let (Some(maximum), Some(width)) = (budget.max_width.map(u64::from), width) {
                if width > maximum {
                    checked.budget_problems.push(BudgetProblem {
                        glob: budget.glob.clone(),
                        limit: BudgetLimit::MaxWidth,
                        maximum,
                        actual: width,
                        message: format!(
                            "{width} px wide is over the budget for {}: max-width {maximum}",
                            budget.glob
                        ),
                    });
                }
            }
        }
    }
    checked
}

/// The sentence for a file over the threshold, shared by the terminal and the annotations.
pub fn saving_message(file: &CheckedFile, threshold_percent: f64) -> Option<String> {
    if !file.over_threshold {
        return None;
    }
    let (Some(bytes), Some(saved)) = (file.optimized_bytes, file.saved_percent) else {
        return None;
    };
    Some(format!(
        "could be {saved:.1}% smaller ({} → {} as {}), more than the {threshold_percent}% threshold; run altloom optimize on it",
        human_bytes(file.bytes),
        human_bytes(bytes),
        file.optimized_format.as_deref().unwrap_or("the same format")
    ))
}

/// The sentence for a file that could not be checked.
pub fn error_message(file: &CheckedFile) -> Option<String> {
    file.error
        .as_ref()
        .map(|error| format!("could not be checked: {error}"))
}

#[cfg(test)]
mod tests {
    use super::budget::Budget;
    use super::*;

    #[test]
    fn thresholds_take_a_percent_sign_or_not() {
        assert_eq!("15%".parse::<Threshold>().unwrap().percent(), 15.0);
        assert_eq!("15".parse::<Threshold>().unwrap().percent(), 15.0);
        assert_eq!(" 12.5 % ".parse::<Threshold>().unwrap().percent(), 12.5);
        assert_eq!("0".parse::<Threshold>().unwrap().percent(), 0.0);
        assert_eq!("100%".parse::<Threshold>().unwrap().percent(), 100.0);
        assert_eq!("10%".parse::<Threshold>().unwrap().to_string(), "10%");
        for bad in ["", "%", "ten", "101", "-1%", "15%%", "NaN", "inf"] {
            let error = bad.parse::<Threshold>().unwrap_err();
            assert!(error.contains("percentage"), "{bad}: {error}");
        }
    }

    #[test]
    fn report_paths_become_relative_to_their_input_folder() {
        let folder = tempfile::tempdir().unwrap();
        let images = folder.path().join("images");
        std::fs::create_dir_all(images.join("hero")).unwrap();
        let roots = InputRoots::new(&[images.clone(), folder.path().join("single.jpg")]);
        let path = crate::engine::report_path(&images.join("hero/big.jpg"));
        assert_eq!(roots.relative(&path), "hero/big.jpg");
        let single = crate::engine::report_path(&folder.path().join("single.jpg"));
        assert_eq!(roots.relative(&single), "single.jpg");
        // A folder inside another given folder: the nearest one counts.
        let roots = InputRoots::new(&[folder.path().to_path_buf(), images]);
        assert_eq!(roots.relative(&path), "hero/big.jpg");
    }

    /// Built from JSON so fields added later with serde defaults need no change here.
    fn output(format: &str, bytes: u64, full_size: bool, same_format: bool) -> OutputReport {
        serde_json::from_value(serde_json::json!({
            "path": format!("/out/a.{format}"),
            "format": format,
            "width": 100,
            "height": 50,
            "bytes": bytes,
            "status": "would-write",
            "full_size": full_size,
            "same_format": same_format,
        }))
        .unwrap()
    }

    fn file(path: &str, bytes: u64, width: u32, outputs: Vec<OutputReport>) -> FileReport {
        let mut file: FileReport = serde_json::from_value(serde_json::json!({
            "path": path,
            "content_hash": "00",
            "format": "jpeg",
            "width": width,
            "height": 50,
            "bytes": bytes,
            "status": "optimized",
            "outputs": [],
            "metadata": {"kept": [], "dropped": []},
        }))
        .unwrap();
        file.outputs = outputs;
        file
    }

    #[test]
    fn the_measured_output_is_the_same_format_else_the_smallest_full_size() {
        let same = file(
            "/in/a.jpg",
            1000,
            100,
            vec![
                output("webp", 300, true, false),
                output("jpeg", 900, true, true),
                output("jpeg", 100, false, false),
            ],
        );
        assert_eq!(measured_output(&same).unwrap().format, "jpeg");
        let converted = file(
            "/in/a.jpg",
            1000,
            100,
            vec![
                output("avif", 400, true, false),
                output("webp", 300, true, false),
                output("webp", 50, false, false),
            ],
        );
        assert_eq!(measured_output(&converted).unwrap().bytes, 300);
        let variants_only = file(
            "/in/a.jpg",
            1000,
            100,
            vec![output("jpeg", 50, false, false)],
        );
        assert!(measured_output(&variants_only).is_none());
    }

    fn report(files: Vec<FileReport>) -> OptimizeReport {
        OptimizeReport {
            schema_version: 1,
            tool_version: "0".into(),
            dry_run: true,
            output_folder: None,
            summary: Default::default(),
            files,
            check: None,
        }
    }

    #[test]
    fn files_fail_over_the_threshold_over_a_budget_or_when_broken() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path().join("in");
        std::fs::create_dir_all(&root).unwrap();
        let at = |name: &str| crate::engine::report_path(&root.join(name));
        let mut broken = file(&at("broken.jpg"), 10, 1, Vec::new());
        broken.status = FileStatus::Failed;
        broken.error = Some("cannot decode".into());
        broken.width = None;
        let files = vec![
            // 5% saving: under the threshold.
            file(
                &at("fine.jpg"),
                1000,
                100,
                vec![output("jpeg", 950, true, true)],
            ),
            // 40% saving: over it.
            file(
                &at("heavy.jpg"),
                1000,
                100,
                vec![output("jpeg", 600, true, true)],
            ),
            // Optimal, but too wide and too big for its budget.
            file(
                &at("hero/wide.jpg"),
                5000,
                3000,
                vec![output("jpeg", 5000, true, true)],
            ),
            broken,
        ];
        let plan = CheckPlan {
            threshold: "10%".parse().unwrap(),
            budgets: Some(Budgets {
                file: PathBuf::from("altloom.toml"),
                entries: vec![
                    Budget::new("hero/**/*.jpg", Some((4000, "4KB".into())), Some(2400)).unwrap(),
                ],
            }),
            roots: InputRoots::new(std::slice::from_ref(&root)),
        };
        let check = evaluate(&report(files), &plan);
        assert!(!check.passed);
        assert_eq!(check.files_checked, 4);
        assert_eq!(
            (check.over_threshold, check.over_budget, check.failed),
            (1, 1, 1)
        );
        let names: Vec<String> = check
            .files
            .iter()
            .map(|file| plan.roots.relative(&file.path))
            .collect();
        assert_eq!(names, ["heavy.jpg", "hero/wide.jpg", "broken.jpg"]);
        let heavy = &check.files[0];
        assert_eq!(heavy.saved_percent, Some(40.0));
        assert!(saving_message(heavy, 10.0).unwrap().contains("40.0%"));
        let wide = &check.files[1];
        assert!(!wide.over_threshold);
        let limits: Vec<BudgetLimit> = wide.budget_problems.iter().map(|p| p.limit).collect();
        assert_eq!(limits, [BudgetLimit::MaxBytes, BudgetLimit::MaxWidth]);
        assert!(wide.budget_problems[0].message.contains("max-bytes 4KB"));
        assert!(wide.budget_problems[1].message.contains("3000 px"));
        assert!(error_message(&check.files[2])
            .unwrap()
            .contains("cannot decode"));

        let relaxed = CheckPlan {
            threshold: "50".parse().unwrap(),
            budgets: None,
            ..plan
        };
        let files = vec![file(
            &at("heavy.jpg"),
            1000,
            100,
            vec![output("jpeg", 600, true, true)],
        )];
        let check = evaluate(&report(files), &relaxed);
        assert!(check.passed, "{check:?}");
        assert!(check.files.is_empty());
    }
}
