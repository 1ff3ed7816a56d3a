//! `altloom init`: a short wizard that writes `./altloom.toml` (output formats, widths, quality,
//! the WordPress sites to push to, the alt text language), or writes the defaults at once with
//! `--yes`. It never replaces an existing file unless `--force`, and writes atomically.

use std::path::Path;

use crate::args::InitArgs;
use crate::engine::options::{FormatChoice, Quality};
use crate::engine::output::write_atomically;
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::prompt::Prompter;
use crate::settings::{find_project_file, PROJECT_FILE};

/// The answer that clears a list (widths, sites) when answers are typed or piped in, since an
/// empty line keeps the suggested value.
const NONE_ANSWER: &str = "none";

/// What goes into the project file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectAnswers {
    pub formats: Vec<String>,
    pub widths: Vec<u32>,
    pub quality: String,
    pub sites: Vec<String>,
    pub lang: String,
}

impl ProjectAnswers {
    /// The suggestions: the original format plus WebP (smaller, and shown by every current
    /// browser and by WordPress since 5.8), no width variants (WordPress makes its own sizes from
    /// the full-size upload), the `web` quality, no site yet, and the language of the
    /// `LANG` locale (English without one).
    pub fn suggested(locale: Option<&str>) -> ProjectAnswers {
        ProjectAnswers {
            formats: vec!["original".into(), "webp".into()],
            widths: Vec::new(),
            quality: "web".into(),
            sites: Vec::new(),
            lang: locale
                .and_then(language_of_locale)
                .unwrap_or_else(|| "en".into()),
        }
    }
}

pub fn run(arguments: InitArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let path = Path::new(PROJECT_FILE);
    refuse_to_replace(path, arguments.force)?;
    let locale = std::env::var("LANG").ok();
    let mut answers = ProjectAnswers::suggested(locale.as_deref());
    apply_flags(&arguments, &mut answers)?;
    if !arguments.yes {
        answers = ask(&Prompter::new(), printer, answers)?;
    }
    // Checked again: a file may have appeared while the questions were answered.
    refuse_to_replace(path, arguments.force)?;
    write_atomically(path, render(&answers).as_bytes(), None)
        .map_err(|error| CommandError::User(error.to_string()))?;
    printer.status(&format!("Wrote {PROJECT_FILE}."));
    let parent_file = std::env::current_dir()
        .ok()
        .and_then(|folder| folder.parent().and_then(find_project_file));
    if let Some(parent_file) = parent_file {
        printer.status(&format!(
            "It takes the place of {} for this folder and those below it.",
            parent_file.display()
        ));
    }
    printer.status(
        "Next: `altloom optimize ./images`, and `altloom config show` to see every setting.",
    );
    Ok(Exit::Success)
}

/// Stops when the project file exists, unless the user asked to replace it.
fn refuse_to_replace(path: &Path, force: bool) -> Result<(), CommandError> {
    if path.exists() && !force {
        return Err(CommandError::User(format!(
            "{} already exists; edit it, or run `altloom init --force` to replace it",
            path.display()
        )));
    }
    Ok(())
}

/// Values given as flags replace the suggestions (and are what `--yes` writes).
fn apply_flags(arguments: &InitArgs, answers: &mut ProjectAnswers) -> Result<(), CommandError> {
    let usage = |flag: &str, reason: String| CommandError::Usage(format!("{flag}: {reason}"));
    if let Some(formats) = &arguments.formats {
        answers.formats = parse_formats(&formats.join(",")).map_err(|e| usage("--formats", e))?;
    }
    if let Some(widths) = &arguments.widths {
        answers.widths = parse_widths(&widths.join(",")).map_err(|e| usage("--widths", e))?;
    }
    if let Some(quality) = &arguments.quality {
        answers.quality = parse_quality(quality).map_err(|e| usage("--quality", e))?;
    }
    if let Some(sites) = &arguments.site {
        answers.sites = parse_sites(&sites.join(","));
    }
    if let Some(lang) = &arguments.lang {
        answers.lang = parse_language(lang).map_err(|e| usage("--lang", e))?;
    }
    Ok(())
}

/// Asks each question with the current answer as its starting text. At a terminal a wrong
/// answer is explained and asked again; piped answers (one line each, an empty line keeps the
/// suggestion) must be right the first time.
fn ask(
    prompter: &Prompter,
    printer: &Printer,
    suggested: ProjectAnswers,
) -> Result<ProjectAnswers, CommandError> {
    let formats = ask_until_valid(
        prompter,
        printer,
        "Output formats (original, jpeg, png, webp, avif)",
        &suggested.formats.join(","),
        parse_formats,
    )?;
    let widths = ask_until_valid(
        prompter,
        printer,
        "Widths of responsive variants, such as 480,960,1920 (none: full size only)",
        &list_or_none(&suggested.widths),
        parse_widths,
    )?;
    let quality = ask_until_valid(
        prompter,
        printer,
        "Quality (web, high, max-savings, 1-100, or jpeg=80,webp=75)",
        &suggested.quality,
        parse_quality,
    )?;
    let sites = ask_until_valid(
        prompter,
        printer,
        "WordPress sites to push to, by name (none: decide later with --site)",
        &list_or_none(&suggested.sites),
        |text| Ok(parse_sites(text)),
    )?;
    let lang = ask_until_valid(
        prompter,
        printer,
        "Language of the alt text (en, pt-BR, de, ...)",
        &suggested.lang,
        parse_language,
    )?;
    Ok(ProjectAnswers {
        formats,
        widths,
        quality,
        sites,
        lang,
    })
}

fn ask_until_valid<T>(
    prompter: &Prompter,
    printer: &Printer,
    question: &str,
    suggestion: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, CommandError> {
    loop {
        let answer = prompter
            .edit(question, suggestion)
            .map_err(|error| CommandError::Usage(error.to_string()))?;
        match parse(&answer) {
            Ok(value) => return Ok(value),
            Err(reason) if prompter.is_interactive() => printer.warning(&reason),
            Err(reason) => return Err(CommandError::Usage(format!("{question}: {reason}"))),
        }
    }
}

fn list_or_none<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        NONE_ANSWER.to_string()
    } else {
        items
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Splits a comma-separated answer, with `none` (or nothing) meaning an empty list.
fn items(text: &str) -> Vec<String> {
    if text.trim().eq_ignore_ascii_case(NONE_ANSWER) {
        return Vec::new();
    }
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(String::from)
        .collect()
}

fn parse_formats(text: &str) -> Result<Vec<String>, String> {
    let formats = items(text);
    if formats.is_empty() {
        return Err("at least one format is needed (original keeps each file's own)".into());
    }
    let mut names = Vec::new();
    for format in &formats {
        let name = format.parse::<FormatChoice>()?.to_string();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(names)
}

fn parse_widths(text: &str) -> Result<Vec<u32>, String> {
    let mut widths: Vec<u32> = Vec::new();
    for item in items(text) {
        let width: u32 = item
            .parse()
            .ok()
            .filter(|width| *width > 0)
            .ok_or_else(|| format!("`{item}` is not a width in pixels, such as 960"))?;
        widths.push(width);
    }
    widths.sort_unstable();
    widths.dedup();
    Ok(widths)
}

fn parse_quality(text: &str) -> Result<String, String> {
    let text = text.trim();
    text.parse::<Quality>()?;
    Ok(text.to_string())
}

fn parse_sites(text: &str) -> Vec<String> {
    items(text)
}

/// The checks `altloom alt` makes of `lang`.
fn parse_language(text: &str) -> Result<String, String> {
    let text = text.trim();
    let valid = !text.is_empty()
        && text.len() <= 35
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if valid {
        Ok(text.to_string())
    } else {
        Err(format!(
            "`{text}` is not a language code such as en, pt-BR or de"
        ))
    }
}

/// The language of a POSIX locale: `pt_BR.UTF-8` is `pt-BR`; `C` and `POSIX` say nothing.
fn language_of_locale(locale: &str) -> Option<String> {
    let name = locale.split(['.', '@']).next()?.trim();
    if name.is_empty() || name == "C" || name == "POSIX" {
        return None;
    }
    parse_language(&name.replace('_', "-")).ok()
}

/// The file, with a comment above each value saying what it does and how to change it. Values
/// are written by the `toml` crate, so any text is quoted correctly.
pub fn render(answers: &ProjectAnswers) -> String {
    let text_list = |items: &[String]| {
        toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect()).to_string()
    };
    let width_list = toml::Value::Array(
        answers
            .widths
            .iter()
            .map(|width| toml::Value::Integer(i64::from(*width)))
            .collect(),
    )
    .to_string();
    let quality = toml::Value::String(answers.quality.clone()).to_string();
    let lang = toml::Value::String(answers.lang.clone()).to_string();
    let site = if answers.sites.is_empty() {
        "# site = [\"client-a\"]".to_string()
    } else {
        format!("site = {}", text_list(&answers.sites))
    };
    format!(
        "# Altloom project settings, written by `altloom init`. Flags and ALTLOOM_* variables
# override them; `altloom config show` lists every setting and where its value comes from.

[optimize]
# Output formats: original (each file's own), jpeg, png, webp, avif.
formats = {formats}
# Widths of responsive variants. WordPress makes its own sizes from the full-size upload, so a
# WordPress site rarely needs any; a static site may want [480, 960, 1920].
widths = {width_list}
# web (default), high, max-savings, a number from 1 to 100, or per format: \"jpeg=80,webp=75\".
quality = {quality}

[push]
# The workspace's WordPress sites that `--push` uploads to (`altloom sites list`).
{site}

[alt]
# Language of the alt text, titles, captions and descriptions (BCP 47).
lang = {lang}
",
        formats = text_list(&answers.formats),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_give_their_language() {
        assert_eq!(language_of_locale("pt_BR.UTF-8").as_deref(), Some("pt-BR"));
        assert_eq!(language_of_locale("de_DE@euro").as_deref(), Some("de-DE"));
        assert_eq!(language_of_locale("C.UTF-8"), None);
        assert_eq!(language_of_locale("POSIX"), None);
        assert_eq!(ProjectAnswers::suggested(None).lang, "en");
    }

    #[test]
    fn answers_are_checked_and_normalised() {
        assert_eq!(parse_formats("WebP, jpg,webp").unwrap(), ["webp", "jpeg"]);
        assert!(parse_formats("none").is_err());
        assert!(parse_formats("gif").unwrap_err().contains("unknown format"));
        assert_eq!(parse_widths("1920,480, 960,480").unwrap(), [480, 960, 1920]);
        assert_eq!(parse_widths("none").unwrap(), Vec::<u32>::new());
        assert!(parse_widths("0").is_err());
        assert!(parse_widths("wide").is_err());
        assert_eq!(parse_quality(" high ").unwrap(), "high");
        assert!(parse_quality("best").is_err());
        assert_eq!(parse_sites("client-a, client-b"), ["client-a", "client-b"]);
        assert!(parse_language("en US").is_err());
    }

    #[test]
    fn rendered_files_are_valid_toml_with_only_known_keys() {
        let mut answers = ProjectAnswers::suggested(None);
        answers.sites = vec!["client \"a\"".into()];
        answers.widths = vec![480, 960];
        let table: toml::Table = render(&answers).parse().unwrap();
        assert_eq!(table["push"]["site"][0].as_str(), Some("client \"a\""));
        assert_eq!(table["optimize"]["widths"][1].as_integer(), Some(960));
        let empty_site: toml::Table = render(&ProjectAnswers::suggested(None)).parse().unwrap();
        assert!(empty_site["push"].as_table().unwrap().is_empty());
    }
}
