//! `altloom man`: prints the manual page (roff), generated from the clap definitions and the
//! settings table, as committed in `man/altloom.1` (`scripts/completions.sh` regenerates it and a
//! test fails when it is stale).

use clap::CommandFactory;
use clap_mangen::Man;
use roff::{bold, italic, roman, Roff};

use crate::args::Cli;
use crate::exit::Exit;
use crate::printer::Printer;
use crate::settings::KEYS;

pub fn run(printer: &Printer) -> anyhow::Result<Exit> {
    printer.out(&page());
    Ok(Exit::Success)
}

/// Variables that are not settings but change what altloom does, with their meaning.
const OTHER_VARIABLES: &[(&str, &str)] = &[
    (
        "ALTLOOM_TOKEN",
        "An API token (alt_...) to act with instead of the stored login; never written anywhere. The way to give CI an account.",
    ),
    (
        "ALTLOOM_WP_APP_PASSWORD",
        "Without an account: the WordPress Application Password for --wp-url and --wp-user.",
    ),
    (
        "OPENAI_API_KEY",
        "With --provider openai-compatible: the key of your own endpoint (optional for local servers).",
    ),
    (
        "JOB_COMPLETION_INDEX",
        "Set by Kubernetes in the pods of an Indexed Job; --shard auto/N takes the shard from it (index 0 is shard 1/N).",
    ),
    (
        "CI",
        "When set, no progress bar is drawn and no browser is opened.",
    ),
    ("NO_COLOR", "When set and not empty, nothing is coloured."),
    (
        "BROWSER",
        "The browser `altloom billing` opens on a desktop session.",
    ),
    (
        "XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME",
        "Where the user configuration, the caches and the push ledgers live (see FILES).",
    ),
];

/// Files altloom reads or writes, with their meaning.
const FILES: &[(&str, &str)] = &[
    (
        "./altloom.toml",
        "Project settings, searched for in the current folder and every folder above it (`altloom init` writes one).",
    ),
    (
        "$XDG_CONFIG_HOME/altloom/config.toml",
        "User settings, below the project file.",
    ),
    (
        "$XDG_CONFIG_HOME/altloom/session.toml",
        "The login state that is not secret: server, account, current workspace.",
    ),
    (
        "$XDG_CONFIG_HOME/altloom/credentials.toml",
        "Tokens, mode 0600, only on machines without an OS keyring.",
    ),
    (
        "$XDG_CACHE_HOME/altloom/alt-answers.json",
        "AI metadata answers by image content, so reruns cost no credits.",
    ),
    (
        "$XDG_DATA_HOME/altloom/ledgers/SITE.jsonl",
        "What was pushed to each WordPress site, so reruns upload nothing twice.",
    ),
    (
        "OUT/.altloom-cache.json",
        "The incremental cache of an output folder.",
    ),
    (
        "altloom-meta.json",
        "Alt text, titles, captions and descriptions, keyed by image content.",
    ),
];

/// Exit codes, as documented in the README.
const EXIT_CODES: &[(&str, &str)] = &[
    ("0", "Everything worked."),
    (
        "1",
        "Some files failed, --check found files to optimise or over a budget, or a problem on the user's side: a missing path, no login, a rejected password or token, an account server that cannot be reached.",
    ),
    (
        "2",
        "A usage error (bad flag, bad setting, unknown config key) or an unexpected failure.",
    ),
    ("130", "Interrupted by Ctrl-C."),
];

/// The lines the roff crate puts before every piece it renders, so that apostrophes print as
/// apostrophes (`don't`, not a right quote). The page needs them once, at its top.
const APOSTROPHE_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// A manual page being assembled from pieces that clap_mangen and the roff crate render.
struct Page {
    text: String,
}

impl Page {
    fn new() -> Page {
        Page {
            text: APOSTROPHE_PREAMBLE.to_string(),
        }
    }

    /// Appends one rendered piece without its own copy of the preamble.
    fn push_rendered(&mut self, rendered: &str) {
        self.text.push_str(
            rendered
                .strip_prefix(APOSTROPHE_PREAMBLE)
                .unwrap_or(rendered),
        );
    }

    fn push_roff(&mut self, roff: &Roff) {
        self.push_rendered(&roff.render());
    }

    /// Appends what a clap_mangen section writes.
    fn push_section(&mut self, section: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) {
        let mut rendered = Vec::new();
        // Writing into memory cannot fail.
        section(&mut rendered).expect("rendering into memory");
        self.push_rendered(&String::from_utf8_lossy(&rendered));
    }
}

/// The whole manual page. One page holds every command, so `man altloom` is enough to find a
/// flag: the global options first, then each command with its synopsis and options.
pub fn page() -> String {
    let mut command = Cli::command();
    command.build();
    let global_options: Vec<clap::Id> = command
        .get_arguments()
        .map(|argument| argument.get_id().clone())
        .collect();
    let manual = Man::new(command.clone());

    let mut page = Page::new();
    // The title line is written here because clap_mangen leaves an empty date unquoted, which
    // shifts the version into the date's place. The page has no date, so it only changes when
    // the commands or the version do.
    page.text.push_str(&format!(
        ".TH ALTLOOM 1 \"\" \"altloom {}\" \"Altloom Manual\"\n",
        env!("CARGO_PKG_VERSION")
    ));
    page.push_section(|buffer| manual.render_name_section(buffer));
    page.push_section(|buffer| manual.render_synopsis_section(buffer));
    page.push_roff(&description());
    page.push_section(|buffer| manual.render_options_section(buffer));
    let mut commands = Roff::new();
    commands.control("SH", ["COMMANDS"]);
    page.push_roff(&commands);
    for subcommand in command.get_subcommands() {
        render_command(subcommand, &global_options, &mut page);
    }
    page.push_roff(&closing_sections());
    page.text.trim_end().to_string()
}

/// What altloom is and how settings are found, in a few paragraphs.
fn description() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["DESCRIPTION"]);
    roff.text([roman(
        "Altloom optimises images (JPEG, PNG, WebP, AVIF, width variants, sRGB, stripped metadata), writes their alt text, titles, captions and descriptions with AI, and uploads them to WordPress sites, from a terminal or a CI pipeline. Local optimisation needs no account.",
    )]);
    roff.control("PP", []);
    roff.text([
        roman("Every setting comes from, in order of priority: a flag, an "),
        bold("ALTLOOM_*"),
        roman(" environment variable (see "),
        bold("ENVIRONMENT"),
        roman("), "),
        italic("./altloom.toml"),
        roman(" (searched upward), the user config file, and the built-in default. "),
        bold("altloom config show"),
        roman(" prints each value and where it came from."),
    ]);
    roff
}

/// One command as a subsection: its description, synopsis and own options (the global options
/// are listed once, at the top), then its subcommands.
fn render_command(command: &clap::Command, global_options: &[clap::Id], page: &mut Page) {
    if command.is_hide_set() || command.get_name() == "help" {
        return;
    }
    let mut command = command.clone();
    let hidden: Vec<clap::Id> = command
        .get_arguments()
        .map(|argument| argument.get_id().clone())
        .filter(|id| global_options.contains(id) || id == "help" || id == "version")
        .collect();
    for id in hidden {
        command = command.mut_arg(id, |argument| argument.hide(true));
    }
    let name = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_string();
    let mut heading = Roff::new();
    heading.control("SS", [name.as_str()]);
    if let Some(about) = command.get_long_about().or_else(|| command.get_about()) {
        heading.text([roman(about.to_string())]);
    }
    page.push_roff(&heading);

    let manual = Man::new(command.clone());
    let mut sections = Page {
        text: String::new(),
    };
    sections.push_section(|buffer| manual.render_synopsis_section(buffer));
    if command
        .get_arguments()
        .any(|argument| !argument.is_hide_set())
    {
        sections.push_section(|buffer| manual.render_options_section(buffer));
    }
    // The sections clap_mangen writes become paragraphs inside this subsection: "SYNOPSIS" and
    // "OPTIONS" go without saying, other headings (such as "AI METADATA (WITH --ALT)") stay as
    // bold titles.
    for line in sections.text.lines() {
        let converted = match line.strip_prefix(".SH ") {
            Some("SYNOPSIS") | Some("OPTIONS") => ".PP".to_string(),
            Some(title) => format!(".PP\n.B {title}"),
            None => line.to_string(),
        };
        page.text.push_str(&converted);
        page.text.push('\n');
    }
    for subcommand in command.get_subcommands() {
        render_command(subcommand, global_options, page);
    }
}

/// ENVIRONMENT (every setting's variable, from the settings table, then the others), FILES,
/// EXIT STATUS and SEE ALSO.
fn closing_sections() -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "Each setting has a variable; the same key goes in a configuration file under its table.",
    )]);
    for key in KEYS {
        roff.control("TP", []);
        roff.text([bold(key.environment_variable())]);
        let default = if key.default.is_empty() {
            "none".to_string()
        } else {
            key.default.to_string()
        };
        roff.text([roman(format!(
            "{}. Key {} in [{}]; default: {default}.",
            key.help,
            key.name,
            key.table.name()
        ))]);
    }
    for (name, meaning) in OTHER_VARIABLES {
        roff.control("TP", []);
        roff.text([bold(*name)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, meaning) in FILES {
        roff.control("TP", []);
        roff.text([italic(*path)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        roff.control("TP", []);
        roff.text([bold(*code)]);
        roff.text([roman(*meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "README.md and the guides in docs/ of the source: docs/ci.md (GitHub Actions, GitLab CI, sharding, Kubernetes), docs/agencies.md, docs/self-hosting.md, docs/security.md.",
    )]);
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manual_page_covers_every_command_setting_and_exit_code() {
        let page = page();
        assert!(page.contains("\n.TH ALTLOOM 1 \"\" \"altloom "));
        for expected in [
            ".SS \"altloom optimize\"",
            ".SS \"altloom workspaces list\"",
            "\\-\\-shard",
            "ALTLOOM_SHARD",
            "ALTLOOM_ALT_LANG",
            "JOB_COMPLETION_INDEX",
            ".SH \"EXIT STATUS\"",
        ] {
            assert!(page.contains(expected), "the page lacks {expected}");
        }
        // The global options are described once, at the top, not under every command.
        let commands =
            &page[page.find(".SH COMMANDS").unwrap()..page.find(".SH ENVIRONMENT").unwrap()];
        assert!(!commands.contains("\\-\\-api\\-url"));
        assert!(!commands.contains("\\-\\-quiet"));
        assert!(!page.contains("altloom help"));
    }
}
