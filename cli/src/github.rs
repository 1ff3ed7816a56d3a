//! GitHub Actions output for `altloom optimize --check`: workflow-command annotations
//! (`::warning file=…::…`) and the Markdown table appended to the job's step summary. This
//! module builds the text and appends the summary file; the printer prints the annotations.

use std::io::Write;
use std::path::Path;

use altloom_shared::report::CheckReport;

use crate::check::{error_message, saving_message};
use crate::printer::human_bytes;

/// Set to `true` by GitHub Actions on its runners.
pub const ACTIONS_VARIABLE: &str = "GITHUB_ACTIONS";

/// The file GitHub renders below a job's steps as its summary (Markdown, appended to).
pub const STEP_SUMMARY_VARIABLE: &str = "GITHUB_STEP_SUMMARY";

/// The checkout folder on a runner; annotation paths are relative to it.
pub const WORKSPACE_VARIABLE: &str = "GITHUB_WORKSPACE";

/// The kind of annotation: both show on the run's page and on the pull request's diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Warning,
    Error,
}

/// Escapes a workflow command's message, as the runner unescapes it.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value, where `:` and `,` separate the properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One annotation line, such as `::error file=hero/big.jpg::420.0 KB is over ...`.
pub fn annotation(level: Level, file: &str, message: &str) -> String {
    let command = match level {
        Level::Warning => "warning",
        Level::Error => "error",
    };
    format!(
        "::{command} file={}::{}",
        escape_property(file),
        escape_data(message)
    )
}

/// The annotations of a check: a warning per file over the threshold, an error per broken
/// budget and per file that could not be checked. `shown` turns a report path into the path
/// GitHub knows the file by.
pub fn annotations(check: &CheckReport, shown: impl Fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    for file in &check.files {
        let path = shown(&file.path);
        if let Some(message) = error_message(file) {
            lines.push(annotation(Level::Error, &path, &message));
        }
        for problem in &file.budget_problems {
            lines.push(annotation(Level::Error, &path, &problem.message));
        }
        if let Some(message) = saving_message(file, check.threshold_percent) {
            lines.push(annotation(Level::Warning, &path, &message));
        }
    }
    lines
}

/// A report path relative to the checkout (or, outside one, the current folder), with `/`
/// separators, as annotations need it; a path outside both stays absolute.
pub fn repository_path(
    report_path: &str,
    workspace: Option<&Path>,
    current: Option<&Path>,
) -> String {
    let path = Path::new(report_path);
    [workspace, current]
        .into_iter()
        .flatten()
        .find_map(|base| path.strip_prefix(base).ok())
        .map(|relative| {
            relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_else(|| report_path.to_string())
}

/// Escapes text for a Markdown table cell: the column separator, line breaks, and the
/// characters that would start formatting or HTML.
fn cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\r' | '\n' => escaped.push(' '),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The step summary of a check: a verdict, then one row per failing file (file, size now,
/// size optimised, saving, budget problem).
pub fn step_summary(check: &CheckReport, shown: impl Fn(&str) -> String) -> String {
    let mut text = String::from("### Altloom image check\n\n");
    if check.passed {
        text.push_str(&format!(
            "✅ All {} files pass: none would be more than {}% smaller, and no budget is broken.\n\n",
            check.files_checked, check.threshold_percent
        ));
        return text;
    }
    text.push_str(&format!(
        "❌ {} of {} files fail: {} could be more than {}% smaller, {} over a budget, {} could not be checked.\n\n",
        check.files.len(),
        check.files_checked,
        check.over_threshold,
        check.threshold_percent,
        check.over_budget,
        check.failed
    ));
    text.push_str("| File | Size now | Size optimized | Saving | Budget problem |\n");
    text.push_str("| --- | ---: | ---: | ---: | --- |\n");
    for file in &check.files {
        let optimized = file.optimized_bytes.map(human_bytes).unwrap_or_default();
        let saving = file
            .saved_percent
            .map(|saved| format!("{saved:.1}%"))
            .unwrap_or_default();
        let mut problems: Vec<String> = file
            .budget_problems
            .iter()
            .map(|problem| problem.message.clone())
            .collect();
        problems.extend(error_message(file));
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&shown(&file.path)),
            human_bytes(file.bytes),
            cell(&optimized),
            cell(&saving),
            cell(&problems.join("; "))
        ));
    }
    text.push('\n');
    text
}

/// Appends to the step summary file, never truncating what earlier steps wrote.
pub fn append_step_summary(path: &Path, markdown: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)?;
    file.write_all(markdown.as_bytes())?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::report::{BudgetLimit, BudgetProblem, CheckedFile};

    #[test]
    fn messages_and_properties_are_escaped_as_the_runner_expects() {
        assert_eq!(escape_data("50% off\r\nnext"), "50%25 off%0D%0Anext");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_property("C:/a,b%\n"), "C%3A/a%2Cb%25%0A");
        assert_eq!(
            annotation(Level::Error, "hero/a,b:c.jpg", "too big\nreally"),
            "::error file=hero/a%2Cb%3Ac.jpg::too big%0Areally"
        );
        assert_eq!(
            annotation(Level::Warning, "a.jpg", "12% smaller"),
            "::warning file=a.jpg::12%25 smaller"
        );
    }

    #[test]
    fn paths_are_shown_relative_to_the_checkout() {
        let workspace = Path::new("/runner/work/site");
        let current = Path::new("/runner/work/site/web");
        assert_eq!(
            repository_path(
                "/runner/work/site/web/img/a.jpg",
                Some(workspace),
                Some(current)
            ),
            "web/img/a.jpg"
        );
        assert_eq!(
            repository_path(
                "/elsewhere/a.jpg",
                Some(workspace),
                Some(Path::new("/elsewhere"))
            ),
            "a.jpg"
        );
        assert_eq!(repository_path("/x/a.jpg", None, None), "/x/a.jpg");
    }

    fn failing() -> CheckReport {
        CheckReport {
            passed: false,
            threshold_percent: 10.0,
            budgets_file: None,
            files_checked: 3,
            over_threshold: 1,
            over_budget: 1,
            failed: 0,
            files: vec![
                CheckedFile {
                    path: "/repo/a|b.jpg".into(),
                    bytes: 2000,
                    optimized_format: Some("jpeg".into()),
                    optimized_bytes: Some(1000),
                    saved_percent: Some(50.0),
                    over_threshold: true,
                    ..CheckedFile::default()
                },
                CheckedFile {
                    path: "/repo/hero/big.jpg".into(),
                    bytes: 5000,
                    width: Some(3000),
                    budget_problems: vec![BudgetProblem {
                        glob: "hero/*".into(),
                        limit: BudgetLimit::MaxWidth,
                        maximum: 2400,
                        actual: 3000,
                        message: "3000 px wide is over the budget for hero/*: max-width 2400"
                            .into(),
                    }],
                    ..CheckedFile::default()
                },
            ],
        }
    }

    #[test]
    fn warnings_for_savings_and_errors_for_budgets() {
        let shown = |path: &str| path.trim_start_matches("/repo/").to_string();
        let lines = annotations(&failing(), shown);
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("::warning file=a|b.jpg::could be 50.0%25 smaller"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("::error file=hero/big.jpg::3000 px wide"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn the_summary_is_a_table_of_failing_files_appended_to_the_file() {
        let shown = |path: &str| path.trim_start_matches("/repo/").to_string();
        let markdown = step_summary(&failing(), shown);
        assert!(markdown.contains("| File | Size now | Size optimized | Saving | Budget problem |"));
        assert!(
            markdown.contains("| a\\|b.jpg | 2.0 KB | 1.0 KB | 50.0% |  |"),
            "{markdown}"
        );
        assert!(markdown.contains("hero/\\*: max-width 2400"), "{markdown}");
        let passed = CheckReport {
            passed: true,
            files_checked: 4,
            threshold_percent: 10.0,
            ..CheckReport::default()
        };
        assert!(step_summary(&passed, shown).contains("All 4 files pass"));

        let folder = tempfile::tempdir().unwrap();
        let summary = folder.path().join("summary.md");
        std::fs::write(&summary, "earlier step\n").unwrap();
        append_step_summary(&summary, "mine\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&summary).unwrap(),
            "earlier step\nmine\n"
        );
    }
}
