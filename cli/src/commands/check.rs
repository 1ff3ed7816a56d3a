//! The command side of `altloom optimize --check`: the threshold and budgets read before the
//! engine starts, then the verdict published after the dry run: the terminal lines, and under
//! GitHub Actions the annotations and the step summary.

use std::path::{Path, PathBuf};

use altloom_shared::report::CheckReport;

use crate::check::{budget, CheckPlan, InputRoots, Threshold};
use crate::engine::options::OptimizeOptions;
use crate::exit::{CommandError, Exit};
use crate::github;
use crate::printer::{display_path, Printer};
use crate::settings::{find_project_file, Settings, SettingsSources};

/// Reads what the gate measures against; any mistake is a usage error before work starts.
pub fn plan(
    settings: &Settings,
    sources: &SettingsSources,
    paths: &[PathBuf],
    options: &OptimizeOptions,
    printer: &Printer,
) -> Result<CheckPlan, CommandError> {
    let threshold: Threshold = settings
        .parsed("check-threshold")
        .map_err(|error| CommandError::Usage(error.to_string()))?;
    let project_file = find_project_file(&sources.working_folder);
    let budgets = budget::load(project_file.as_deref(), sources.user_file.as_deref())
        .map_err(|error| CommandError::Usage(error.to_string()))?;
    if !options.keep_original_size {
        printer.warning(
            "--check with --no-original-size: no full-size output is made, so savings are not measured and only budgets are checked",
        );
    }
    let budget_note = match &budgets {
        Some(budgets) => format!(
            ", or when it breaks one of the {} budgets in {}",
            budgets.entries.len(),
            display_path(&budgets.file.display().to_string())
        ),
        None => String::new(),
    };
    printer.status(&format!(
        "checking (nothing is written): a file fails when it could be more than {threshold} smaller{budget_note}"
    ));
    Ok(CheckPlan {
        threshold,
        budgets,
        roots: InputRoots::new(paths),
    })
}

/// Prints the verdict (with `--json` it is in the report instead) and, under GitHub Actions,
/// the annotations and the step summary. Returns the gate's exit code.
pub fn publish(check: &CheckReport, json: bool, printer: &Printer) -> Exit {
    if std::env::var(github::ACTIONS_VARIABLE).is_ok_and(|value| value == "true") {
        let workspace = std::env::var_os(github::WORKSPACE_VARIABLE).map(PathBuf::from);
        let current = std::env::current_dir().ok();
        let shown =
            |path: &str| github::repository_path(path, workspace.as_deref(), current.as_deref());
        for line in github::annotations(check, shown) {
            printer.workflow_command(&line, json);
        }
        write_step_summary(check, &shown, printer);
    }
    if !json {
        printer.check(check);
    }
    if check.passed {
        Exit::Success
    } else {
        Exit::Failure
    }
}

/// Appends the table to `$GITHUB_STEP_SUMMARY`; a missing variable or an unwritable file is a
/// warning, since the annotations and the exit code already carry the verdict.
fn write_step_summary(check: &CheckReport, shown: &dyn Fn(&str) -> String, printer: &Printer) {
    let Some(path) =
        std::env::var_os(github::STEP_SUMMARY_VARIABLE).filter(|path| !path.is_empty())
    else {
        printer.warning(&format!(
            "{} is not set, so no step summary was written",
            github::STEP_SUMMARY_VARIABLE
        ));
        return;
    };
    let path = Path::new(&path);
    let markdown = github::step_summary(check, shown);
    if let Err(error) = github::append_step_summary(path, &markdown) {
        printer.warning(&format!(
            "cannot append the step summary to {} ({}): {error}",
            path.display(),
            github::STEP_SUMMARY_VARIABLE
        ));
    }
}
