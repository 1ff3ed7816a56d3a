//! `altloom sites add|list|test|remove`: the workspace's WordPress sites. The Application
//! Password is asked for at a hidden prompt or read from stdin, never taken as a flag, and the
//! server checks it against the site before keeping it encrypted.

use std::io::IsTerminal;

use altloom_shared::api::sites::{is_valid_site_name, AddSiteRequest, Site};

use crate::account::AccountError;
use crate::api::Timeouts;
use crate::args::{ConnectionArgs, SitesCommand};
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::prompt::Prompter;

use super::{load_account, runtime, short_time};

/// Checking a site means the server calls it, which may take a while on a slow host.
const SITE_CHECK_TIMEOUTS: Timeouts = Timeouts {
    connect: std::time::Duration::from_secs(10),
    total: std::time::Duration::from_secs(90),
};

pub fn run(
    command: SitesCommand,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    match command {
        SitesCommand::Add { name, url, user } => add(&name, &url, &user, connection, printer),
        SitesCommand::List { json } => list(json, connection, printer),
        SitesCommand::Test { name } => test(&name, connection, printer),
        SitesCommand::Remove { name, yes } => remove(&name, yes, connection, printer),
    }
}

fn check_name(name: &str) -> Result<(), CommandError> {
    if is_valid_site_name(name) {
        Ok(())
    } else {
        Err(CommandError::Usage(format!(
            "`{name}` is not a usable site name: use 1 to 64 lowercase letters, digits, - and _, starting with a letter or digit"
        )))
    }
}

fn add(
    name: &str,
    url: &str,
    user: &str,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    check_name(name)?;
    // Checked here too, so a typo is reported before the password is asked for.
    let url = altloom_shared::wordpress::normalise_site_url(url)
        .map_err(|error| CommandError::Usage(error.to_string()))?;
    let account = load_account(connection)?;
    let client = account.client(SITE_CHECK_TIMEOUTS)?;
    let password = Prompter::new().secret(
        &format!("Application Password of {user} on {url}"),
        false,
        false,
        "pipe the Application Password on stdin (create one under Users → Profile → Application Passwords)",
    )?;
    let site = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let request = AddSiteRequest {
            name: name.to_string(),
            url: url.clone(),
            username: user.to_string(),
            application_password: password.expose().to_string(),
        };
        let site = client.add_site(&workspace.id, &request).await?;
        Ok::<_, AccountError>(site)
    })?;
    printer.status(&format!(
        "Connected {} ({}) as {}: {}.",
        site.name,
        site.url,
        site.username,
        describe_site(&site)
    ));
    Ok(Exit::Success)
}

fn list(json: bool, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let (workspace, sites) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let sites = client.sites(&workspace.id).await?;
        Ok::<_, AccountError>((workspace, sites))
    })?;
    if json {
        printer.json(&sites);
        return Ok(Exit::Success);
    }
    printer.status(&format!(
        "Sites of {} ({} of {} on this plan):",
        workspace.name,
        sites.sites.len(),
        sites.limit
    ));
    let rows: Vec<Vec<String>> = sites
        .sites
        .iter()
        .map(|site| {
            vec![
                site.name.clone(),
                site.url.clone(),
                site.username.clone(),
                site.wordpress_version
                    .clone()
                    .unwrap_or_else(|| "unknown".into()),
                formats(&site.upload_types),
                short_time(site.verified_at),
            ]
        })
        .collect();
    printer.table(
        &["NAME", "URL", "USER", "WORDPRESS", "FORMATS", "CHECKED"],
        &rows,
        "No sites yet: connect one with `altloom sites add NAME --url URL --user USER`.",
    );
    Ok(Exit::Success)
}

fn test(name: &str, connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    check_name(name)?;
    let account = load_account(connection)?;
    let client = account.client(SITE_CHECK_TIMEOUTS)?;
    let site = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        Ok::<_, AccountError>(client.test_site(&workspace.id, name).await?)
    })?;
    printer.status(&format!(
        "{} works: {} can upload media to {} ({}).",
        site.name,
        site.username,
        site.url,
        describe_site(&site)
    ));
    Ok(Exit::Success)
}

fn remove(
    name: &str,
    yes: bool,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    check_name(name)?;
    if !yes && !std::io::stdin().is_terminal() {
        return Err(CommandError::Usage(format!(
            "refusing to remove {name} without a confirmation: stdin is not a terminal; pass --yes to confirm"
        ))
        .into());
    }
    if !yes
        && !Prompter::new().confirm(&format!(
            "Forget {name}'s credentials and push ledger? (nothing on the site is deleted)"
        ))?
    {
        printer.status("Nothing was removed.");
        return Ok(Exit::Success);
    }
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        Ok::<_, AccountError>(client.remove_site(&workspace.id, name).await?)
    })?;
    printer.status(&format!(
        "Removed {name}: its credentials and ledger are gone from the server; the site itself is unchanged. Revoke the Application Password in WordPress too if it is no longer needed."
    ));
    Ok(Exit::Success)
}

/// "WordPress 6.1.9, accepts JPEG, PNG, GIF, WebP".
fn describe_site(site: &Site) -> String {
    format!(
        "WordPress {}, accepts {}",
        site.wordpress_version
            .as_deref()
            .unwrap_or("(version hidden)"),
        formats(&site.upload_types)
    )
}

fn formats(types: &[String]) -> String {
    types
        .iter()
        .map(|mime| crate::push::items::format_name(mime))
        .collect::<Vec<_>>()
        .join(", ")
}
