//! `altloom jobs`: the job history of the current workspace, newest first, as a table or JSON.

use altloom_shared::api::jobs::Job;

use crate::account::AccountError;
use crate::api::Timeouts;
use crate::args::{ConnectionArgs, JobsArgs};
use crate::exit::Exit;
use crate::printer::{human_bytes, percent_saved, Printer};

use super::{load_account, runtime, short_time};

pub fn run(
    arguments: JobsArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let (workspace, list) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let list = client
            .jobs(
                &workspace.id,
                Some(arguments.limit),
                arguments.before.as_deref(),
            )
            .await?;
        Ok::<_, AccountError>((workspace, list))
    })?;
    if arguments.json {
        printer.json(&list);
        return Ok(Exit::Success);
    }
    printer.status(&format!("Jobs of {} ({}):", workspace.name, workspace.id));
    let rows: Vec<Vec<String>> = list.jobs.iter().map(job_row).collect();
    printer.table(
        &[
            "WHEN",
            "ID",
            "FILES",
            "OPTIMISED",
            "UNCHANGED",
            "FAILED",
            "OUTPUTS",
            "SIZE",
            "TIME",
            "BY TOKEN",
        ],
        &rows,
        "No jobs yet: `altloom optimize` reports each run while you are logged in.",
    );
    if let Some(next) = &list.next_before {
        printer.status(&format!("Older jobs: `altloom jobs --before {next}`."));
    }
    Ok(Exit::Success)
}

fn job_row(job: &Job) -> Vec<String> {
    let report = &job.report;
    vec![
        short_time(job.created_at),
        job.id.clone(),
        report.files.to_string(),
        report.succeeded.to_string(),
        report.unchanged.to_string(),
        report.failed.to_string(),
        report.outputs_written.to_string(),
        format!(
            "{} → {} ({})",
            human_bytes(report.bytes_in),
            human_bytes(report.bytes_out),
            percent_saved(report.bytes_in, report.bytes_out)
        ),
        format!("{:.1} s", report.duration_ms as f64 / 1000.0),
        job.token_name.clone(),
    ]
}
