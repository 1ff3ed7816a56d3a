//! Entry point of `altloom-server`: reads configuration and serves the HTTP API.

use std::process::ExitCode;

fn main() -> ExitCode {
    altloom_server::run()
}
