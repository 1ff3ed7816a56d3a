//! Server configuration, read in one place: the command line chooses what to do (`serve`,
//! `migrate`, `rotate-key`), and everything else comes from `ALTLOOM_*` environment variables,
//! listed in [`VARIABLES`] and in the README.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::billing::plans::Plans;
use crate::vault::{KeySource, SecretKey};

/// The default listening address: loopback only, so a fresh install is not exposed.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Every environment variable the server reads, with its default and meaning; the README's
/// table is checked against this list by a test.
pub const VARIABLES: &[(&str, &str, &str)] = &[
    (
        "ALTLOOM_BIND",
        DEFAULT_BIND,
        "Address to listen on (`--bind` wins).",
    ),
    (
        "ALTLOOM_DATABASE_URL",
        "sqlite://<data dir>/altloom.db",
        "`sqlite://PATH` (embedded, created on first start) or `postgres://USER:PASSWORD@HOST/DB`.",
    ),
    (
        "ALTLOOM_DATA_DIR",
        "`$XDG_DATA_HOME/altloom-server`",
        "Where the default SQLite database lives.",
    ),
    (
        "ALTLOOM_DATABASE_MAX_CONNECTIONS",
        "8",
        "Connection pool size.",
    ),
    (
        "ALTLOOM_PUBLIC_URL",
        "`http://<bind address>`",
        "The server's public base URL, used in invite and device-login links.",
    ),
    (
        "ALTLOOM_LOG",
        "info",
        "Log filter (`tracing` syntax, e.g. `altloom_server=debug`).",
    ),
    (
        "ALTLOOM_LOG_FORMAT",
        "text",
        "`text` or `json` (one JSON object per line).",
    ),
    (
        "ALTLOOM_RETENTION_DAYS",
        "90",
        "Job records and used or expired invites and tokens older than this are deleted.",
    ),
    (
        "ALTLOOM_PRUNE_INTERVAL_SECONDS",
        "3600",
        "How often the retention pass runs.",
    ),
    (
        "ALTLOOM_REQUEST_TIMEOUT_SECONDS",
        "30",
        "Requests running longer get a `timeout` error.",
    ),
    (
        "ALTLOOM_MAX_BODY_BYTES",
        "4194304",
        "Largest request body accepted.",
    ),
    (
        "ALTLOOM_AUTH_RATE_PER_MINUTE",
        "20",
        "Log-in, sign-up, device and token-creation attempts per minute per client IP.",
    ),
    (
        "ALTLOOM_AUTH_ACCOUNT_RATE_PER_MINUTE",
        "10",
        "The same, per account (email or user).",
    ),
    (
        "ALTLOOM_SECURE_COOKIES",
        "`true` when the public URL is `https://`",
        "Mark the web pages' session cookies `Secure` (set `false` only for plain-HTTP development).",
    ),
    (
        "ALTLOOM_TRUST_PROXY_HEADERS",
        "false",
        "Take the client IP from the last `X-Forwarded-For` entry (only behind your own proxy).",
    ),
    (
        "ALTLOOM_PLANS_FILE",
        "(built-in free, pro, agency)",
        "TOML file defining the plans: AI credits per period, sites, members, Stripe price.",
    ),
    (
        "ALTLOOM_STRIPE_PRICE_PRO",
        "(none)",
        "Stripe Price id of the built-in `pro` plan.",
    ),
    (
        "ALTLOOM_STRIPE_PRICE_AGENCY",
        "(none)",
        "Stripe Price id of the built-in `agency` plan.",
    ),
    (
        "ALTLOOM_STRIPE_SECRET_KEY",
        "(none: billing off)",
        "Stripe secret key for Checkout, the Customer Portal and subscription look-ups.",
    ),
    (
        "ALTLOOM_STRIPE_WEBHOOK_SECRETS",
        "(none)",
        "Comma-separated webhook signing secrets (several during rotation).",
    ),
    (
        "ALTLOOM_STRIPE_API_BASE",
        "https://api.stripe.com",
        "Stripe API base URL (a test double in tests).",
    ),
    (
        "ALTLOOM_BILLING_RETURN_URL",
        "`<public url>/billing`",
        "Where Checkout and the Portal send the browser back.",
    ),
    (
        "ALTLOOM_PAST_DUE_GRACE_DAYS",
        "7",
        "Days a past-due subscription keeps its plan before the workspace falls back to free.",
    ),
    (
        "ALTLOOM_RESERVATION_TTL_SECONDS",
        "900",
        "How long an uncommitted credit reservation holds by default.",
    ),
    (
        "ALTLOOM_OPENAI_API_KEY",
        "(none)",
        "Key for the model provider; AI metadata is off unless this or ALTLOOM_OPENAI_BASE_URL is set.",
    ),
    (
        "ALTLOOM_OPENAI_BASE_URL",
        "https://api.openai.com/v1",
        "Any OpenAI-compatible API base (OpenAI, Ollama, vLLM, a gateway).",
    ),
    (
        "ALTLOOM_OPENAI_MODEL",
        "gpt-4.1-mini",
        "A vision model that supports JSON-schema structured output.",
    ),
    (
        "ALTLOOM_OPENAI_TIMEOUT_SECONDS",
        "60",
        "Longest one model call may take.",
    ),
    (
        "ALTLOOM_AI_CONCURRENCY_PER_WORKSPACE",
        "4",
        "AI metadata requests one workspace can have in flight.",
    ),
    (
        "ALTLOOM_SECRET_KEY",
        "(none: the key file)",
        "Key that encrypts stored WordPress Application Passwords: 32 bytes as base64 or hex (`openssl rand -base64 32`); give every instance the same one.",
    ),
    (
        "ALTLOOM_SECRET_KEY_PREVIOUS",
        "(none)",
        "Comma-separated earlier keys that still decrypt, while `altloom-server rotate-key` moves secrets to ALTLOOM_SECRET_KEY.",
    ),
    (
        "ALTLOOM_SECRET_KEY_FILE",
        "`<data dir>/secret-keys`",
        "Key file used when ALTLOOM_SECRET_KEY is unset, created with mode 0600 on first start (with SQLite, beside the database).",
    ),
    (
        "ALTLOOM_ALLOW_PRIVATE_SITES",
        "false",
        "Let WordPress sites be on loopback, private or link-local addresses (local development and tests only).",
    ),
];

/// Text that must never be printed: `Debug` shows `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(String);

impl SecretText {
    pub fn new(text: String) -> SecretText {
        SecretText(text)
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("<redacted>")
    }
}

/// The model provider for AI metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AiConfig {
    pub base_url: String,
    /// Whether the operator set the base URL (a local server may need no key).
    pub base_url_set: bool,
    pub model: String,
    pub api_key: Option<SecretText>,
    pub timeout: Duration,
    pub concurrency_per_workspace: usize,
}

impl AiConfig {
    /// The endpoint to call, or `None` when AI metadata is not configured.
    pub fn endpoint(&self) -> Option<altloom_shared::alt_model::ModelEndpoint> {
        (self.api_key.is_some() || self.base_url_set).then(|| {
            altloom_shared::alt_model::ModelEndpoint {
                base_url: self.base_url.clone(),
                model: self.model.clone(),
                api_key: self.api_key.as_ref().map(|key| key.expose().to_string()),
                timeout: self.timeout,
            }
        })
    }
}

/// Plans and Stripe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingConfig {
    pub plans: Plans,
    pub stripe_secret_key: Option<SecretText>,
    pub stripe_webhook_secrets: Vec<SecretText>,
    pub stripe_api_base: String,
    pub return_url: String,
    pub past_due_grace: Duration,
    pub reservation_ttl: Duration,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the server needs to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub bind: SocketAddr,
    pub database_url: String,
    pub database_max_connections: u32,
    pub public_url: String,
    pub log_filter: String,
    pub log_format: LogFormat,
    pub retention_days: u32,
    pub prune_interval: Duration,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    pub auth_rate_per_minute: u32,
    pub auth_account_rate_per_minute: u32,
    pub trust_proxy_headers: bool,
    /// Whether the browser session cookies carry `Secure` (off only for plain-HTTP development).
    pub secure_cookies: bool,
    pub billing: BillingConfig,
    pub ai: AiConfig,
    /// Where the keys of the site vault come from.
    pub secret_key: KeySource,
    /// Whether site calls may go to loopback, private and link-local addresses.
    pub allow_private_sites: bool,
}

/// What the command line asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Serve(Config),
    Migrate(Config),
    /// Seal every stored site secret with a new (key file) or the configured (environment) key.
    RotateKey(Config),
    Help,
    Version,
}

/// The usage text.
pub const USAGE: &str = "usage: altloom-server serve [--bind ADDR]   serve the API (migrates first)
       altloom-server migrate                apply database migrations and exit
       altloom-server rotate-key             re-encrypt stored site secrets with a new key
Configuration comes from ALTLOOM_* environment variables; see the README.";

impl Command {
    /// Reads the command line and the environment (given as a lookup, so tests need not touch
    /// the process environment).
    pub fn parse(
        arguments: impl IntoIterator<Item = String>,
        environment: impl Fn(&str) -> Option<String>,
    ) -> Result<Command, String> {
        let mut arguments = arguments.into_iter();
        // The command's name, and whether it takes `--bind` (only `serve` listens).
        let (command, serving): (fn(Config) -> Command, bool) = match arguments.next().as_deref() {
            Some("serve") | None => (Command::Serve, true),
            Some("migrate") => (Command::Migrate, false),
            Some("rotate-key") => (Command::RotateKey, false),
            Some("--help" | "-h" | "help") => return Ok(Command::Help),
            Some("--version" | "-V") => return Ok(Command::Version),
            Some(other) => return Err(format!("unknown command `{other}`\n{USAGE}")),
        };
        let mut bind_flag = None;
        while let Some(argument) = arguments.next() {
            match argument.as_str() {
                "--bind" if serving => {
                    bind_flag = Some(arguments.next().ok_or_else(|| {
                        "--bind needs an address such as 127.0.0.1:8080".to_string()
                    })?);
                }
                "--help" | "-h" => return Ok(Command::Help),
                other => return Err(format!("unknown option `{other}`\n{USAGE}")),
            }
        }
        Ok(command(Config::from_environment(bind_flag, &environment)?))
    }
}

impl Config {
    /// Builds the configuration from the environment, with `bind_flag` winning over
    /// `ALTLOOM_BIND`. Every malformed value is an error naming the variable.
    pub fn from_environment(
        bind_flag: Option<String>,
        environment: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, String> {
        let text = |name: &str| environment(name).filter(|value| !value.trim().is_empty());
        let bind_text = bind_flag
            .or_else(|| text("ALTLOOM_BIND"))
            .unwrap_or_else(|| DEFAULT_BIND.to_string());
        let bind: SocketAddr = bind_text
            .parse()
            .map_err(|_| format!("`{bind_text}` is not an address such as 127.0.0.1:8080"))?;
        let database_url = match text("ALTLOOM_DATABASE_URL") {
            Some(url) => url,
            None => {
                let data_dir = match text("ALTLOOM_DATA_DIR") {
                    Some(dir) => PathBuf::from(dir),
                    None => default_data_dir(environment)?,
                };
                format!("sqlite://{}", data_dir.join("altloom.db").display())
            }
        };
        let secret_key = secret_key_from_environment(environment, &database_url)?;
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres:")
            || database_url.starts_with("postgresql:"))
        {
            return Err(
                "ALTLOOM_DATABASE_URL must start with sqlite:// or postgres://".to_string(),
            );
        }
        let public_url = text("ALTLOOM_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err("ALTLOOM_PUBLIC_URL must start with http:// or https://".to_string());
        }
        let log_format = match text("ALTLOOM_LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(format!(
                    "ALTLOOM_LOG_FORMAT is `{other}`; use `text` or `json`"
                ))
            }
        };
        let trust_proxy_headers = boolean(environment, "ALTLOOM_TRUST_PROXY_HEADERS", false)?;
        let secure_cookies = boolean(
            environment,
            "ALTLOOM_SECURE_COOKIES",
            public_url.starts_with("https://"),
        )?;
        let billing = billing_from_environment(environment, &public_url)?;
        let allow_private_sites = boolean(environment, "ALTLOOM_ALLOW_PRIVATE_SITES", false)?;
        let base_url = text("ALTLOOM_OPENAI_BASE_URL");
        if let Some(url) = &base_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err("ALTLOOM_OPENAI_BASE_URL must start with https:// or http://".into());
            }
        }
        let ai = AiConfig {
            base_url_set: base_url.is_some(),
            base_url: base_url
                .unwrap_or_else(|| "https://api.openai.com/v1".to_string())
                .trim_end_matches('/')
                .to_string(),
            model: text("ALTLOOM_OPENAI_MODEL").unwrap_or_else(|| "gpt-4.1-mini".to_string()),
            api_key: text("ALTLOOM_OPENAI_API_KEY")
                .map(|key| SecretText::new(key.trim().to_string())),
            timeout: Duration::from_secs(u64::from(number(
                environment,
                "ALTLOOM_OPENAI_TIMEOUT_SECONDS",
                60,
                1,
            )?)),
            concurrency_per_workspace: number(
                environment,
                "ALTLOOM_AI_CONCURRENCY_PER_WORKSPACE",
                4,
                1,
            )? as usize,
        };
        Ok(Config {
            ai,
            billing,
            secret_key,
            allow_private_sites,
            bind,
            database_url,
            database_max_connections: number(
                environment,
                "ALTLOOM_DATABASE_MAX_CONNECTIONS",
                8,
                1,
            )?,
            public_url,
            log_filter: text("ALTLOOM_LOG").unwrap_or_else(|| "info".to_string()),
            log_format,
            retention_days: number(environment, "ALTLOOM_RETENTION_DAYS", 90, 1)?,
            prune_interval: Duration::from_secs(u64::from(number(
                environment,
                "ALTLOOM_PRUNE_INTERVAL_SECONDS",
                3600,
                1,
            )?)),
            request_timeout: Duration::from_secs(u64::from(number(
                environment,
                "ALTLOOM_REQUEST_TIMEOUT_SECONDS",
                30,
                1,
            )?)),
            max_body_bytes: number(environment, "ALTLOOM_MAX_BODY_BYTES", 4 * 1024 * 1024, 1024)?
                as usize,
            auth_rate_per_minute: number(environment, "ALTLOOM_AUTH_RATE_PER_MINUTE", 20, 1)?,
            auth_account_rate_per_minute: number(
                environment,
                "ALTLOOM_AUTH_ACCOUNT_RATE_PER_MINUTE",
                10,
                1,
            )?,
            trust_proxy_headers,
            secure_cookies,
        })
    }
}

/// Reads the plans and the Stripe settings.
fn billing_from_environment(
    environment: &dyn Fn(&str) -> Option<String>,
    public_url: &str,
) -> Result<BillingConfig, String> {
    let text = |name: &str| environment(name).filter(|value| !value.trim().is_empty());
    let plans = match text("ALTLOOM_PLANS_FILE") {
        Some(path) => {
            let contents = std::fs::read_to_string(&path)
                .map_err(|error| format!("ALTLOOM_PLANS_FILE: cannot read {path}: {error}"))?;
            Plans::from_toml(&contents)
                .map_err(|error| format!("ALTLOOM_PLANS_FILE {path}: {error}"))?
        }
        None => Plans::defaults(
            text("ALTLOOM_STRIPE_PRICE_PRO"),
            text("ALTLOOM_STRIPE_PRICE_AGENCY"),
        ),
    };
    let stripe_api_base = text("ALTLOOM_STRIPE_API_BASE")
        .unwrap_or_else(|| "https://api.stripe.com".to_string())
        .trim_end_matches('/')
        .to_string();
    if !(stripe_api_base.starts_with("https://") || stripe_api_base.starts_with("http://")) {
        return Err("ALTLOOM_STRIPE_API_BASE must start with https:// or http://".to_string());
    }
    Ok(BillingConfig {
        plans,
        stripe_secret_key: text("ALTLOOM_STRIPE_SECRET_KEY")
            .map(|key| SecretText::new(key.trim().to_string())),
        stripe_webhook_secrets: text("ALTLOOM_STRIPE_WEBHOOK_SECRETS")
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|secret| !secret.is_empty())
                    .map(|secret| SecretText::new(secret.to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        stripe_api_base,
        return_url: text("ALTLOOM_BILLING_RETURN_URL")
            .unwrap_or_else(|| format!("{public_url}/billing")),
        past_due_grace: Duration::from_secs(
            u64::from(number(environment, "ALTLOOM_PAST_DUE_GRACE_DAYS", 7, 0)?) * 86_400,
        ),
        reservation_ttl: Duration::from_secs(u64::from(number(
            environment,
            "ALTLOOM_RESERVATION_TTL_SECONDS",
            900,
            10,
        )?)),
    })
}

/// Name of the key file in the data directory.
pub const KEY_FILE_NAME: &str = "secret-keys";

/// Where the site vault's keys come from: `ALTLOOM_SECRET_KEY` (with any previous keys), else
/// the key file `ALTLOOM_SECRET_KEY_FILE`, else `secret-keys` in `ALTLOOM_DATA_DIR`, else beside
/// the SQLite database, else in the default data directory. Errors never repeat a key.
fn secret_key_from_environment(
    environment: &dyn Fn(&str) -> Option<String>,
    database_url: &str,
) -> Result<KeySource, String> {
    let text = |name: &str| environment(name).filter(|value| !value.trim().is_empty());
    let key_file = text("ALTLOOM_SECRET_KEY_FILE");
    let previous = text("ALTLOOM_SECRET_KEY_PREVIOUS");
    match text("ALTLOOM_SECRET_KEY") {
        Some(key) => {
            if key_file.is_some() {
                return Err(
                    "set ALTLOOM_SECRET_KEY or ALTLOOM_SECRET_KEY_FILE, not both".to_string(),
                );
            }
            let current =
                SecretKey::parse(&key).map_err(|error| format!("ALTLOOM_SECRET_KEY: {error}"))?;
            let previous = previous
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|key| !key.is_empty())
                .enumerate()
                .map(|(index, key)| {
                    SecretKey::parse(key).map_err(|error| {
                        format!("ALTLOOM_SECRET_KEY_PREVIOUS, key {}: {error}", index + 1)
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(KeySource::Environment { current, previous })
        }
        None if previous.is_some() => Err(
            "ALTLOOM_SECRET_KEY_PREVIOUS needs ALTLOOM_SECRET_KEY (the key secrets move to)"
                .to_string(),
        ),
        None => {
            if let Some(path) = key_file {
                return Ok(KeySource::File(PathBuf::from(path)));
            }
            let folder = text("ALTLOOM_DATA_DIR")
                .map(PathBuf::from)
                .or_else(|| sqlite_folder(database_url))
                .or_else(|| default_data_dir(environment).ok());
            Ok(match folder {
                Some(folder) => KeySource::File(folder.join(KEY_FILE_NAME)),
                None => KeySource::Missing,
            })
        }
    }
}

/// The folder of a SQLite database file, or `None` for PostgreSQL and in-memory databases.
fn sqlite_folder(database_url: &str) -> Option<PathBuf> {
    let rest = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    Some(match std::path::Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// Reads a whole number of at least `minimum`, or the default when unset.
fn number(
    environment: &dyn Fn(&str) -> Option<String>,
    name: &str,
    default: u32,
    minimum: u32,
) -> Result<u32, String> {
    match environment(name).filter(|value| !value.trim().is_empty()) {
        None => Ok(default),
        Some(value) => match value.trim().parse::<u32>() {
            Ok(number) if number >= minimum => Ok(number),
            _ => Err(format!(
                "{name} is `{value}`; it must be a whole number of at least {minimum}"
            )),
        },
    }
}

/// `$XDG_DATA_HOME/altloom-server`, else `~/.local/share/altloom-server`.
/// A `true`/`false` variable (also `1`/`0`, `yes`/`no`), `default` when unset.
fn boolean(
    environment: &dyn Fn(&str) -> Option<String>,
    name: &str,
    default: bool,
) -> Result<bool, String> {
    match environment(name).as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(other) => Err(format!("{name} is `{other}`; use `true` or `false`")),
    }
}

fn default_data_dir(environment: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, String> {
    if let Some(data_home) = environment("XDG_DATA_HOME").filter(|value| value.starts_with('/')) {
        return Ok(PathBuf::from(data_home).join("altloom-server"));
    }
    match environment("HOME").filter(|value| !value.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/altloom-server")),
        None => Err(
            "cannot find a data directory: set ALTLOOM_DATA_DIR or ALTLOOM_DATABASE_URL"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arguments(list: &[&str]) -> Vec<String> {
        list.iter().map(|item| item.to_string()).collect()
    }

    fn environment(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    fn serve_config(list: &[&str], pairs: &'static [(&'static str, &'static str)]) -> Config {
        match Command::parse(arguments(list), environment(pairs)).unwrap() {
            Command::Serve(config) => config,
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn flag_beats_environment_beats_default() {
        let home = &[("HOME", "/home/someone")];
        assert_eq!(
            serve_config(&["serve"], home).bind.to_string(),
            DEFAULT_BIND
        );
        let with_bind = &[
            ("HOME", "/home/someone"),
            ("ALTLOOM_BIND", "127.0.0.1:9000"),
        ];
        assert_eq!(serve_config(&["serve"], with_bind).bind.port(), 9000);
        assert_eq!(
            serve_config(&["serve", "--bind", "127.0.0.1:9100"], with_bind)
                .bind
                .port(),
            9100
        );
    }

    #[test]
    fn database_defaults_to_sqlite_in_the_data_dir() {
        let config = serve_config(&[], &[("HOME", "/home/someone")]);
        assert_eq!(
            config.database_url,
            "sqlite:///home/someone/.local/share/altloom-server/altloom.db"
        );
        let config = serve_config(&[], &[("ALTLOOM_DATA_DIR", "/srv/altloom")]);
        assert_eq!(config.database_url, "sqlite:///srv/altloom/altloom.db");
        let config = serve_config(
            &[],
            &[("ALTLOOM_DATABASE_URL", "postgres://altloom@db/altloom")],
        );
        assert_eq!(config.database_url, "postgres://altloom@db/altloom");
        assert_eq!(config.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn migrate_and_rotate_key_are_commands_of_their_own() {
        assert!(matches!(
            Command::parse(arguments(&["migrate"]), environment(&[("HOME", "/h")])).unwrap(),
            Command::Migrate(_)
        ));
        assert!(matches!(
            Command::parse(arguments(&["rotate-key"]), environment(&[("HOME", "/h")])).unwrap(),
            Command::RotateKey(_)
        ));
        assert!(Command::parse(
            arguments(&["rotate-key", "--bind", "127.0.0.1:1"]),
            environment(&[("HOME", "/h")])
        )
        .is_err());
    }

    #[test]
    fn the_secret_key_comes_from_the_environment_or_a_key_file() {
        const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        const OLD: &str = "3031323334353637383961626364656630313233343536373839616263646566";
        let config = serve_config(&[], &[("HOME", "/h"), ("ALTLOOM_SECRET_KEY", KEY)]);
        assert!(matches!(
            config.secret_key,
            KeySource::Environment { ref previous, .. } if previous.is_empty()
        ));
        assert!(!format!("{config:?}").contains(KEY));
        let config = serve_config(
            &[],
            &[
                ("HOME", "/h"),
                ("ALTLOOM_SECRET_KEY", KEY),
                ("ALTLOOM_SECRET_KEY_PREVIOUS", OLD),
            ],
        );
        assert!(matches!(
            config.secret_key,
            KeySource::Environment { ref previous, .. } if previous.len() == 1
        ));
        // The key file: named, else in the data directory, else beside the SQLite file.
        let file = |pairs: &'static [(&'static str, &'static str)]| match serve_config(&[], pairs)
            .secret_key
        {
            KeySource::File(path) => path,
            other => panic!("expected a key file, got {other:?}"),
        };
        assert_eq!(
            file(&[
                ("HOME", "/h"),
                ("ALTLOOM_SECRET_KEY_FILE", "/etc/altloom/keys")
            ]),
            PathBuf::from("/etc/altloom/keys")
        );
        assert_eq!(
            file(&[("HOME", "/home/someone")]),
            PathBuf::from("/home/someone/.local/share/altloom-server/secret-keys")
        );
        assert_eq!(
            file(&[(
                "ALTLOOM_DATABASE_URL",
                "sqlite:///srv/db/altloom.db?mode=rwc"
            )]),
            PathBuf::from("/srv/db/secret-keys")
        );
        assert_eq!(
            serve_config(&[], &[("ALTLOOM_DATABASE_URL", "postgres://db/altloom")]).secret_key,
            KeySource::Missing
        );
        assert!(!serve_config(&[], &[("HOME", "/h")]).allow_private_sites);
        assert!(
            serve_config(
                &[],
                &[("HOME", "/h"), ("ALTLOOM_ALLOW_PRIVATE_SITES", "true")]
            )
            .allow_private_sites
        );
    }

    #[test]
    fn bad_keys_are_refused_without_being_repeated() {
        for (pairs, needle) in [
            (
                &[("HOME", "/h"), ("ALTLOOM_SECRET_KEY", "hunter2hunter2")][..],
                "ALTLOOM_SECRET_KEY",
            ),
            (
                &[("HOME", "/h"), ("ALTLOOM_SECRET_KEY", "aGVsbG8gd29ybGQ=")][..],
                "32 bytes",
            ),
            (
                &[
                    ("HOME", "/h"),
                    ("ALTLOOM_SECRET_KEY_PREVIOUS", "hunter2hunter2"),
                ][..],
                "needs ALTLOOM_SECRET_KEY",
            ),
            (
                &[
                    ("HOME", "/h"),
                    (
                        "ALTLOOM_SECRET_KEY",
                        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                    ),
                    ("ALTLOOM_SECRET_KEY_FILE", "/k"),
                ][..],
                "not both",
            ),
        ] {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect();
            let error = Command::parse(arguments(&["serve"]), move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| key == name)
                    .map(|(_, value)| value.clone())
            })
            .unwrap_err();
            assert!(error.contains(needle), "{error}");
            assert!(!error.contains("hunter2"), "{error}");
        }
    }

    #[test]
    fn bad_input_is_explained() {
        let home = environment(&[("HOME", "/h")]);
        assert!(
            Command::parse(arguments(&["serve", "--bind", "nowhere"]), &home)
                .unwrap_err()
                .contains("nowhere")
        );
        assert!(Command::parse(arguments(&["launch"]), &home)
            .unwrap_err()
            .contains("launch"));
        for (name, value) in [
            ("ALTLOOM_RETENTION_DAYS", "soon"),
            ("ALTLOOM_LOG_FORMAT", "yaml"),
            ("ALTLOOM_DATABASE_URL", "mysql://x"),
            ("ALTLOOM_REQUEST_TIMEOUT_SECONDS", "0"),
        ] {
            let error = Command::parse(arguments(&["serve"]), move |key: &str| {
                if key == name {
                    Some(value.to_string())
                } else if key == "HOME" {
                    Some("/h".to_string())
                } else {
                    None
                }
            })
            .unwrap_err();
            assert!(error.contains(name), "{error}");
        }
    }
}
