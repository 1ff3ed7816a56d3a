//! Server configuration, read in one place from the command line and `ALTLOOM_*` variables.

use std::net::SocketAddr;

/// The default listening address: loopback only, so a fresh install is not exposed.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Everything the server needs to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub bind: SocketAddr,
}

impl Config {
    /// Reads `serve [--bind ADDR]`, with `ALTLOOM_BIND` as the fallback for the address.
    pub fn from_arguments_and_environment(
        arguments: impl IntoIterator<Item = String>,
        environment: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, String> {
        let mut arguments = arguments.into_iter();
        let mut bind_text = environment("ALTLOOM_BIND").unwrap_or_else(|| DEFAULT_BIND.to_string());
        match arguments.next().as_deref() {
            Some("serve") | None => {}
            Some("--help" | "-h" | "help") => {
                return Err("usage: altloom-server serve [--bind ADDR]   (ALTLOOM_BIND, default 127.0.0.1:8080)".into())
            }
            Some(other) => return Err(format!("unknown command `{other}`; usage: altloom-server serve [--bind ADDR]")),
        }
        while let Some(argument) = arguments.next() {
            match argument.as_str() {
                "--bind" => {
                    bind_text = arguments.next().ok_or_else(|| {
                        "--bind needs an address such as 127.0.0.1:8080".to_string()
                    })?;
                }
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        let bind = bind_text
            .parse()
            .map_err(|_| format!("`{bind_text}` is not an address such as 127.0.0.1:8080"))?;
        Ok(Config { bind })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(list: &[&str]) -> Vec<String> {
        list.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn flag_beats_environment_beats_default() {
        let none = |_: &str| None;
        assert_eq!(
            Config::from_arguments_and_environment(arguments(&["serve"]), none)
                .unwrap()
                .bind
                .to_string(),
            DEFAULT_BIND
        );
        let environment =
            |name: &str| (name == "ALTLOOM_BIND").then(|| "127.0.0.1:9000".to_string());
        assert_eq!(
            Config::from_arguments_and_environment(arguments(&["serve"]), environment)
                .unwrap()
                .bind
                .port(),
            9000
        );
        assert_eq!(
            Config::from_arguments_and_environment(
                arguments(&["serve", "--bind", "127.0.0.1:9100"]),
                environment
            )
            .unwrap()
            .bind
            .port(),
            9100
        );
    }

    #[test]
    fn bad_input_is_explained() {
        let none = |_: &str| None;
        assert!(Config::from_arguments_and_environment(
            arguments(&["serve", "--bind", "nowhere"]),
            none
        )
        .unwrap_err()
        .contains("nowhere"));
        assert!(
            Config::from_arguments_and_environment(arguments(&["launch"]), none)
                .unwrap_err()
                .contains("launch")
        );
    }
}
