//! `altloom alt --review`: walks the entries of the metadata file and asks, for each, to accept,
//! edit, skip, mark decorative or quit. At a terminal the questions use dialoguer; otherwise each
//! answer is a line of stdin (`accept`, `edit` followed by one line per field, where an empty line
//! keeps the text, `skip`, `decorative`, `quit`), so scripts and tests can drive it. The file is
//! saved after every change.

use std::path::Path;

use altloom_shared::api::alt_text::MetadataField;
use altloom_shared::metadata_file::MetadataEntry;

use crate::alt::review::{editable_fields, entries_to_review, review, Decision, Reviewer};
use crate::alt::store;
use crate::exit::{CommandError, Exit};
use crate::printer::Printer;
use crate::prompt::{PromptError, Prompter};

/// The answers, in the order they are offered.
const CHOICES: [&str; 5] = ["accept", "edit", "skip", "decorative", "quit"];

pub(crate) fn run(meta: &Path, all: bool, printer: &Printer) -> anyhow::Result<Exit> {
    if !meta.exists() {
        return Err(CommandError::User(format!(
            "there is no metadata file at {}: write one with `altloom alt PATHS` first (or name it with --meta FILE)",
            meta.display()
        ))
        .into());
    }
    let mut file = store::load(meta).map_err(|error| CommandError::User(error.to_string()))?;
    let hashes = entries_to_review(&file, all);
    if hashes.is_empty() {
        printer.status(&format!(
            "nothing to review in {} (every entry is reviewed; --all shows them again)",
            meta.display()
        ));
        return Ok(Exit::Success);
    }
    let mut reviewer = PromptReviewer {
        prompter: Prompter::new(),
        printer,
    };
    let counts = review(&mut file, &hashes, &mut reviewer, |file| {
        store::save(meta, file)
            .map_err(|error| anyhow::Error::from(CommandError::User(error.to_string())))
    })?;
    printer.status(&format!(
        "reviewed {} entries: {} accepted, {} edited, {} marked decorative, {} skipped{}",
        counts.accepted + counts.edited + counts.decorative + counts.skipped,
        counts.accepted,
        counts.edited,
        counts.decorative,
        counts.skipped,
        if counts.left > 0 {
            format!("; {} left for next time", counts.left)
        } else {
            String::new()
        }
    ));
    Ok(Exit::Success)
}

/// A person (or a script on stdin) deciding about each entry.
struct PromptReviewer<'printer> {
    prompter: Prompter,
    printer: &'printer Printer,
}

impl Reviewer for PromptReviewer<'_> {
    type Error = anyhow::Error;

    fn decide(
        &mut self,
        _hash: &str,
        entry: &MetadataEntry,
        position: (usize, usize),
    ) -> Result<Decision, anyhow::Error> {
        self.show(entry, position);
        let choice = match self
            .prompter
            .choose("Accept, edit, skip, decorative or quit?", &CHOICES)
        {
            Ok(choice) => choice,
            // The end of piped answers is the end of the review, not an error.
            Err(PromptError::EndOfInput { .. }) => return Ok(Decision::Quit),
            Err(error) => return Err(CommandError::Usage(error.to_string()).into()),
        };
        Ok(match CHOICES[choice] {
            "accept" => Decision::Accept,
            "skip" => Decision::Skip,
            "decorative" => Decision::Decorative,
            "quit" => Decision::Quit,
            _ => {
                let mut edits = Vec::new();
                for field in editable_fields(entry) {
                    let current = entry.field(field).unwrap_or("");
                    let text = self
                        .prompter
                        .edit(label(field), current)
                        .map_err(|error| CommandError::Usage(error.to_string()))?;
                    edits.push((field, text));
                }
                Decision::Edit(edits)
            }
        })
    }
}

impl PromptReviewer<'_> {
    /// The entry as the reviewer sees it, on stderr.
    fn show(&self, entry: &MetadataEntry, (index, total): (usize, usize)) {
        let who = match (&entry.model, entry.source.as_str()) {
            (Some(model), "ai") => format!("AI, {model}"),
            (_, source) => source.to_string(),
        };
        self.printer.instruction("");
        self.printer
            .instruction(&format!("[{index}/{total}] {} ({who})", entry.path));
        for field in MetadataField::ALL {
            if field == MetadataField::Alt && entry.decorative {
                self.printer
                    .instruction("  alt text:    (decorative: empty alt)");
                continue;
            }
            if let Some(text) = entry.field(field) {
                self.printer.instruction(&format!(
                    "  {:<12} {}",
                    format!("{}:", label(field)),
                    text
                ));
            }
        }
    }
}

fn label(field: MetadataField) -> &'static str {
    match field {
        MetadataField::Alt => "alt text",
        MetadataField::Title => "title",
        MetadataField::Caption => "caption",
        MetadataField::Description => "description",
    }
}
