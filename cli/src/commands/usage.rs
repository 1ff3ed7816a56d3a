//! `altloom usage`: the current workspace's plan, AI credits, sites and members.

use altloom_shared::api::billing::Usage;

use crate::account::AccountError;
use crate::api::Timeouts;
use crate::args::{ConnectionArgs, UsageArgs};
use crate::exit::Exit;
use crate::printer::Printer;

use super::{load_account, runtime, short_time};

pub fn run(
    arguments: UsageArgs,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let (workspace, usage) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let usage = client.usage(&workspace.id).await?;
        Ok::<_, AccountError>((workspace, usage))
    })?;
    if arguments.json {
        printer.json(&usage);
        return Ok(Exit::Success);
    }
    printer.status(&format!("Usage of {} ({}):", workspace.name, workspace.id));
    printer.table(&["", ""], &rows(&usage), "");
    printer.status("Local optimisation is free and unlimited on every plan.");
    Ok(Exit::Success)
}

/// The lines of the usage table.
fn rows(usage: &Usage) -> Vec<Vec<String>> {
    let mut plan = format!("{} ({})", usage.plan, usage.status);
    if let Some(end) = usage.cancels_at {
        plan.push_str(&format!(", cancelled: ends {}", short_time(end)));
    }
    let credits = &usage.credits;
    vec![
        vec!["Plan".into(), plan],
        vec![
            "AI credits".into(),
            format!(
                "{} used, {} reserved, {} remaining of {}",
                credits.used, credits.reserved, credits.remaining, credits.allowance
            ),
        ],
        vec![
            "Period".into(),
            format!(
                "{} to {} (credits reset then)",
                short_time(usage.period_start),
                short_time(usage.period_end)
            ),
        ],
        vec![
            "Sites".into(),
            format!("{} of {}", usage.sites.used, usage.sites.allowed),
        ],
        vec![
            "Members".into(),
            format!("{} of {}", usage.members.used, usage.members.allowed),
        ],
    ]
}
