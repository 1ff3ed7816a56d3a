//! `altloom billing upgrade <plan>` and `altloom billing portal`: links to the pages Stripe hosts
//! for the current workspace (Checkout to subscribe, the Customer Portal to change or cancel),
//! printed alone on stdout and opened in a browser when this is a desktop session.

use std::ffi::OsString;
use std::process::{Command, Stdio};

use altloom_shared::api::billing::CheckoutRequest;

use crate::account::AccountError;
use crate::api::Timeouts;
use crate::args::ConnectionArgs;
use crate::exit::Exit;
use crate::printer::Printer;

use super::{load_account, runtime};

/// What every billing page is followed by.
const FREE_FOREVER: &str = "Local optimisation stays free and unlimited on every plan; plans only \
                            change AI credits, sites and members.";

pub fn upgrade(
    plan: &str,
    no_browser: bool,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let plan = plan.trim().to_lowercase();
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let (workspace, link) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let request = CheckoutRequest { plan: plan.clone() };
        let link = client.billing_checkout(&workspace.id, &request).await?;
        Ok::<_, AccountError>((workspace, link))
    })?;
    printer.status(&format!(
        "Subscribe {} ({}) to the {plan} plan on this Stripe page:",
        workspace.name, workspace.id
    ));
    show(printer, &link.url, no_browser);
    printer.status(&format!(
        "The plan changes once Stripe confirms the payment; `altloom usage` shows it. {FREE_FOREVER}"
    ));
    Ok(Exit::Success)
}

pub fn portal(
    no_browser: bool,
    connection: &ConnectionArgs,
    printer: &Printer,
) -> anyhow::Result<Exit> {
    let account = load_account(connection)?;
    let client = account.client(Timeouts::INTERACTIVE)?;
    let (workspace, link) = runtime()?.block_on(async {
        let workspace = account.workspace(&client).await?;
        let link = client.billing_portal(&workspace.id).await?;
        Ok::<_, AccountError>((workspace, link))
    })?;
    printer.status(&format!(
        "Manage the subscription of {} ({}) on this Stripe page (it works for a few minutes):",
        workspace.name, workspace.id
    ));
    show(printer, &link.url, no_browser);
    printer.status(FREE_FOREVER);
    Ok(Exit::Success)
}

/// Prints the link on stdout (even with --quiet: it is what the command is for) and opens it.
fn show(printer: &Printer, url: &str, no_browser: bool) {
    printer.out(url);
    if no_browser {
        return;
    }
    let environment = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some((program, arguments)) = browser_command(url, &environment) {
        let started = Command::new(&program)
            .args(&arguments)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match started {
            Ok(_) => printer.status("Opened it in your browser."),
            Err(error) => printer.detail(&format!(
                "could not start {}: {error}",
                program.to_string_lossy()
            )),
        }
    }
}

/// The command that opens `url` in a browser, or `None` when none should be opened: in CI, and
/// without a display (a Linux machine with neither `DISPLAY` nor `WAYLAND_DISPLAY`, or any
/// machine reached over SSH). `BROWSER` wins when set (its first `:`-separated entry; `%s` stands
/// for the URL), else `open` on macOS, the URL handler on Windows, `xdg-open` elsewhere.
fn browser_command(
    url: &str,
    environment: &dyn Fn(&str) -> Option<OsString>,
) -> Option<(OsString, Vec<OsString>)> {
    if environment("CI").is_some() {
        return None;
    }
    let remote = environment("SSH_CONNECTION").is_some() || environment("SSH_TTY").is_some();
    let display = if cfg!(any(target_os = "macos", windows)) {
        !remote
    } else {
        environment("DISPLAY").is_some() || environment("WAYLAND_DISPLAY").is_some()
    };
    if !display {
        return None;
    }
    if let Some(browser) = environment("BROWSER") {
        let browser = browser.to_string_lossy().to_string();
        let first = browser.split(':').next().unwrap_or_default().trim();
        let mut words = first.split_whitespace();
        if let Some(program) = words.next() {
            let mut arguments: Vec<OsString> = words
                .map(|word| OsString::from(word.replace("%s", url)))
                .collect();
            if !first.contains("%s") {
                arguments.push(url.into());
            }
            return Some((program.into(), arguments));
        }
    }
    let (program, mut arguments): (&str, Vec<OsString>) = if cfg!(target_os = "macos") {
        ("open", Vec::new())
    } else if cfg!(windows) {
        ("rundll32", vec!["url.dll,FileProtocolHandler".into()])
    } else {
        ("xdg-open", Vec::new())
    };
    arguments.push(url.into());
    Some((program.into(), arguments))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://checkout.stripe.com/c/pay/cs_test_1#fid";

    fn environment(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(*value))
        }
    }

    fn words(command: Option<(OsString, Vec<OsString>)>) -> Option<Vec<String>> {
        command.map(|(program, arguments)| {
            std::iter::once(program)
                .chain(arguments)
                .map(|word| word.to_string_lossy().to_string())
                .collect()
        })
    }

    #[test]
    fn never_in_ci_or_over_ssh() {
        let ci = environment(&[("CI", "true"), ("DISPLAY", ":0"), ("BROWSER", "firefox")]);
        assert_eq!(words(browser_command(URL, &ci)), None);
        let ssh = environment(&[("SSH_CONNECTION", "10.0.0.1 22 10.0.0.2 5000")]);
        assert_eq!(words(browser_command(URL, &ssh)), None);
    }

    #[test]
    #[cfg(all(unix, not(target_os = "macos")))]
    fn linux_needs_a_display_and_prefers_browser() {
        assert_eq!(words(browser_command(URL, &environment(&[]))), None);
        assert_eq!(
            words(browser_command(
                URL,
                &environment(&[("BROWSER", "firefox")])
            )),
            None,
            "BROWSER alone is no display"
        );
        assert_eq!(
            words(browser_command(URL, &environment(&[("DISPLAY", ":0")]))),
            Some(vec!["xdg-open".to_string(), URL.to_string()])
        );
        assert_eq!(
            words(browser_command(
                URL,
                &environment(&[
                    ("WAYLAND_DISPLAY", "wayland-0"),
                    ("BROWSER", "firefox --new-window:chromium")
                ])
            )),
            Some(vec![
                "firefox".to_string(),
                "--new-window".to_string(),
                URL.to_string()
            ])
        );
        assert_eq!(
            words(browser_command(
                URL,
                &environment(&[("DISPLAY", ":0"), ("BROWSER", "w3m %s")])
            )),
            Some(vec!["w3m".to_string(), URL.to_string()])
        );
    }
}
