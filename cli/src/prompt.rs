//! Questions asked at the terminal (with dialoguer, on stderr; passwords hidden), and their
//! fallback when stdin is not a terminal: each answer is then one line read from stdin, so
//! scripts and tests can pipe answers in. Secrets never come from the command line.

use std::io::{BufRead, IsTerminal};

use thiserror::Error;

use crate::secret::Secret;

/// Why an answer could not be had.
#[derive(Debug, Error)]
pub enum PromptError {
    #[error("no {what} given: stdin ended before it; {hint}")]
    EndOfInput { what: String, hint: String },
    #[error("cannot read the {what}: {reason}")]
    Read { what: String, reason: String },
    #[error("the {what} must not be empty")]
    Empty { what: String },
    #[error("`{answer}` is not one of {choices}")]
    NotAChoice { answer: String, choices: String },
}

/// Asks questions interactively when a person is at the terminal, else reads lines from stdin.
pub struct Prompter {
    interactive: bool,
}

impl Default for Prompter {
    fn default() -> Prompter {
        Prompter::new()
    }
}

impl Prompter {
    /// Interactive when both stdin and stderr (where questions go) are terminals.
    pub fn new() -> Prompter {
        Prompter {
            interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        }
    }

    pub fn is_interactive(&self) -> bool {
        self.interactive
    }

    /// A line of text, such as an email address. `hint` says which flag avoids the question.
    pub fn text(&self, label: &str, hint: &str) -> Result<String, PromptError> {
        let answer = if self.interactive {
            dialoguer::Input::<String>::new()
                .with_prompt(label)
                .interact_text()
                .map_err(|error| read_error(label, error))?
        } else {
            read_line(label, hint)?
        };
        let answer = answer.trim().to_string();
        if answer.is_empty() {
            return Err(PromptError::Empty { what: lower(label) });
        }
        Ok(answer)
    }

    /// A hidden answer. With `confirm`, a person types it twice; a piped line is read once.
    /// `from_stdin` reads the line from stdin even at a terminal (`--password-stdin`).
    pub fn secret(
        &self,
        label: &str,
        confirm: bool,
        from_stdin: bool,
        hint: &str,
    ) -> Result<Secret, PromptError> {
        let answer = if self.interactive && !from_stdin {
            let mut prompt = dialoguer::Password::new().with_prompt(label);
            if confirm {
                prompt = prompt.with_confirmation(
                    format!("Repeat the {}", lower(label)),
                    "the two entries differ; try again",
                );
            }
            Secret::new(
                prompt
                    .interact()
                    .map_err(|error| read_error(label, error))?,
            )
        } else {
            // Only the line ending is removed: spaces may be part of a password.
            Secret::new(read_line(label, hint)?)
        };
        if answer.is_empty() {
            return Err(PromptError::Empty { what: lower(label) });
        }
        Ok(answer)
    }

    /// One of `choices`: picked with the arrow keys at a terminal; otherwise a line of stdin
    /// holding the choice or its first letter. Answers the chosen index.
    pub fn choose(&self, question: &str, choices: &[&str]) -> Result<usize, PromptError> {
        if self.interactive {
            return dialoguer::Select::new()
                .with_prompt(question)
                .items(choices)
                .default(0)
                .interact()
                .map_err(|error| read_error("choice", error));
        }
        let line = read_line("choice", "give one answer per line")?;
        let answer = line.trim().to_lowercase();
        choices
            .iter()
            .position(|choice| *choice == answer)
            .or_else(|| {
                let mut initials = choices
                    .iter()
                    .enumerate()
                    .filter(|(_, choice)| !answer.is_empty() && choice.starts_with(&answer));
                match (initials.next(), initials.next()) {
                    (Some((index, _)), None) => Some(index),
                    _ => None,
                }
            })
            .ok_or_else(|| PromptError::NotAChoice {
                answer: line.trim().to_string(),
                choices: choices.join(", "),
            })
    }

    /// Text to edit, starting from `current`: at a terminal the text is there to change; from
    /// stdin, one line replaces it and an empty line keeps it.
    pub fn edit(&self, label: &str, current: &str) -> Result<String, PromptError> {
        if self.interactive {
            return dialoguer::Input::<String>::new()
                .with_prompt(label)
                .with_initial_text(current)
                .allow_empty(true)
                .interact_text()
                .map(|text| text.trim().to_string())
                .map_err(|error| read_error(label, error));
        }
        let line = read_line(
            label,
            "give one line per field; an empty line keeps the text",
        )?;
        let line = line.trim();
        Ok(if line.is_empty() {
            current.to_string()
        } else {
            line.to_string()
        })
    }

    /// A yes-or-no question whose default is no. Only asked interactively.
    pub fn confirm(&self, question: &str) -> Result<bool, PromptError> {
        dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|error| read_error("answer", error))
    }
}

fn lower(label: &str) -> String {
    label.to_lowercase()
}

fn read_error(what: &str, error: dialoguer::Error) -> PromptError {
    PromptError::Read {
        what: lower(what),
        reason: error.to_string(),
    }
}

/// One line of stdin, without its line ending.
fn read_line(what: &str, hint: &str) -> Result<String, PromptError> {
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|error| PromptError::Read {
            what: lower(what),
            reason: error.to_string(),
        })?;
    if read == 0 {
        return Err(PromptError::EndOfInput {
            what: lower(what),
            hint: hint.to_string(),
        });
    }
    let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
    zeroize::Zeroize::zeroize(&mut line);
    Ok(trimmed)
}
