//! Exit codes, documented in the README: 0 all fine; 1 some files failed or a problem on the
//! user's side (a missing path, a damaged backup); 2 a usage error or an unexpected failure;
//! 130 interrupted by Ctrl-C.

use std::process::ExitCode;

use thiserror::Error;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success,
    Failure,
    Usage,
    Interrupted,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(match exit {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Interrupted => 130,
        })
    }
}

/// Errors a command raises on purpose, classified for the exit code. Account, API and prompt
/// errors are classified by [`classify`] too; anything else reaching `run` is unexpected and
/// exits with 2.
#[derive(Debug, Error)]
pub enum CommandError {
    /// The command line or configuration is wrong.
    #[error("{0}")]
    Usage(String),
    /// The request was fine but something on the user's side prevents it.
    #[error("{0}")]
    User(String),
}

/// The exit code of an error that ended a command.
pub fn classify(error: &anyhow::Error) -> Exit {
    if let Some(error) = error.downcast_ref::<CommandError>() {
        return match error {
            CommandError::Usage(_) => Exit::Usage,
            CommandError::User(_) => Exit::Failure,
        };
    }
    if let Some(error) = error.downcast_ref::<crate::account::AccountError>() {
        return if error.is_usage() {
            Exit::Usage
        } else {
            Exit::Failure
        };
    }
    if let Some(error) = error.downcast_ref::<crate::api::ApiError>() {
        return if error.is_usage() {
            Exit::Usage
        } else {
            Exit::Failure
        };
    }
    // Prompt errors (stdin ended, nothing typed) and anything unexpected.
    Exit::Usage
}
