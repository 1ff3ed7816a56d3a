//! `altloom logout`: revokes this machine's token on the server, then forgets it here. The
//! local part happens even when the server cannot be reached, with a warning that the token
//! stays valid there.

use crate::api::{ApiError, Timeouts, TokenOrigin};
use crate::args::ConnectionArgs;
use crate::exit::Exit;
use crate::printer::Printer;

use super::{load_account, runtime};

pub fn run(connection: &ConnectionArgs, printer: &Printer) -> anyhow::Result<Exit> {
    let mut account = load_account(connection)?;
    let Some(location) = account.stored_location() else {
        printer.status(&format!(
            "Not logged in to {}; nothing to forget.",
            account.api_url
        ));
        if account.has_environment_token() {
            printer.warning("ALTLOOM_TOKEN is set: unset it to stop using that token");
        }
        return Ok(Exit::Success);
    };
    match account.credentials.load(&account.api_url, location) {
        Ok(Some(token)) => {
            let client = account
                .anonymous_client(Timeouts::INTERACTIVE)?
                .with_token(token, TokenOrigin::StoredLogin);
            match runtime()?.block_on(client.logout()) {
                // A token the server already refuses needs no revoking.
                Ok(()) | Err(ApiError::TokenRejected { .. }) => {}
                Err(error) => printer.warning(&format!(
                    "the token could not be revoked on the server ({error}); it is forgotten here but stays valid there until it expires or is revoked with `altloom tokens revoke`"
                )),
            }
        }
        Ok(None) => {}
        Err(error) => printer.warning(&format!("{error}; forgetting the login anyway")),
    }
    account.forget_login()?;
    printer.status(&format!("Logged out of {}.", account.api_url));
    if account.has_environment_token() {
        printer.warning("ALTLOOM_TOKEN is still set and still used: unset it too");
    }
    Ok(Exit::Success)
}
