//! The table of every setting: its name, kind, default and meaning. Config files, `ALTLOOM_*`
//! variables and `altloom config show` are all driven from this one list.

use super::RawValue;

/// How a setting's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    List,
    Bool,
    Integer,
}

/// The table of a configuration file a setting lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    /// `[optimize]`: how images are optimised.
    Optimize,
    /// `[account]`: the account server and what is sent to it.
    Account,
    /// `[alt]`: AI metadata (`altloom alt`, `altloom optimize --alt`).
    Alt,
    /// `[push]`: WordPress (`altloom push`, `optimize --push`, `altloom wp`).
    Push,
}

impl Table {
    /// Every table, in the order `config show` prints them.
    pub const ALL: [Table; 4] = [Table::Optimize, Table::Account, Table::Alt, Table::Push];

    /// The table's name in a configuration file.
    pub fn name(self) -> &'static str {
        match self {
            Table::Optimize => "optimize",
            Table::Account => "account",
            Table::Alt => "alt",
            Table::Push => "push",
        }
    }
}

/// The account server used when nothing else says which.
pub const DEFAULT_API_URL: &str = "https://app.altloom.com";

/// One setting.
#[derive(Debug)]
pub struct SettingKey {
    /// The kebab-case name used in configuration files, under its [`Table`].
    pub name: &'static str,
    pub table: Table,
    pub kind: Kind,
    /// The default, written as it would be in an environment variable.
    pub default: &'static str,
    pub help: &'static str,
}

/// Every setting: those `altloom optimize` reads, then those of the account server.
pub const KEYS: &[SettingKey] = &[
    SettingKey {
        name: "out",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "altloom-out",
        help: "Folder that receives the outputs, mirroring the input tree",
    },
    SettingKey {
        name: "formats",
        table: Table::Optimize,
        kind: Kind::List,
        default: "original",
        help: "Output formats: original, jpeg, png, webp, avif, or auto alone",
    },
    SettingKey {
        name: "allow",
        table: Table::Optimize,
        kind: Kind::List,
        default: "jpeg,webp",
        help: "Candidates of --formats auto: jpeg, png, webp, avif",
    },
    SettingKey {
        name: "quality",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "web",
        help: "web, high, max-savings, a number 1-100, or FORMAT=N pairs",
    },
    SettingKey {
        name: "target",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "auto",
        help: "Perceptual target for JPEG and WebP: auto (the quality preset's), off, or METRIC:VALUE (dssim:0.0012, ssimulacra2:80)",
    },
    SettingKey {
        name: "chroma",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "420",
        help: "JPEG chroma subsampling: 420 or 444",
    },
    SettingKey {
        name: "png-lossy",
        table: Table::Optimize,
        kind: Kind::Bool,
        default: "false",
        help: "Quantise PNGs to a palette when the quality floor is met",
    },
    SettingKey {
        name: "widths",
        table: Table::Optimize,
        kind: Kind::List,
        default: "",
        help: "Widths of responsive variants, e.g. 480,960,1920",
    },
    SettingKey {
        name: "original-size",
        table: Table::Optimize,
        kind: Kind::Bool,
        default: "true",
        help: "Also write the full-size output",
    },
    SettingKey {
        name: "name-template",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "{stem}-{width}w.{ext}",
        help: "File name of width variants",
    },
    SettingKey {
        name: "keep-icc",
        table: Table::Optimize,
        kind: Kind::Bool,
        default: "false",
        help: "Embed the original ICC profile instead of converting to sRGB",
    },
    SettingKey {
        name: "keep-metadata",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "none",
        help: "none, copyright or all",
    },
    SettingKey {
        name: "skip-larger",
        table: Table::Optimize,
        kind: Kind::Bool,
        default: "false",
        help: "Skip converted outputs larger than the same-format output",
    },
    SettingKey {
        name: "max-pixels",
        table: Table::Optimize,
        kind: Kind::Integer,
        default: "100000000",
        help: "Refuse images with more pixels than this (checked before decoding)",
    },
    SettingKey {
        name: "memory-budget-mb",
        table: Table::Optimize,
        kind: Kind::Integer,
        default: "0",
        help: "Estimated working memory of the images in flight, in MiB (0: 200 per worker, at least 400)",
    },
    SettingKey {
        name: "timeout-seconds",
        table: Table::Optimize,
        kind: Kind::Integer,
        default: "300",
        help: "Give up on one file after this long (0: never)",
    },
    SettingKey {
        name: "avif-speed",
        table: Table::Optimize,
        kind: Kind::Integer,
        default: "6",
        help: "AVIF encoder speed, 1 (slowest, smallest) to 10",
    },
    SettingKey {
        name: "include",
        table: Table::Optimize,
        kind: Kind::List,
        default: "",
        help: "Only files matching these globs",
    },
    SettingKey {
        name: "exclude",
        table: Table::Optimize,
        kind: Kind::List,
        default: "",
        help: "Skip files matching these globs",
    },
    SettingKey {
        name: "respect-ignore",
        table: Table::Optimize,
        kind: Kind::Bool,
        default: "true",
        help: "Honour .gitignore and .ignore files",
    },
    SettingKey {
        name: "jobs",
        table: Table::Optimize,
        kind: Kind::Integer,
        default: "0",
        help: "Files processed in parallel (0: one per core)",
    },
    SettingKey {
        name: "shard",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "",
        help: "Only part K of N of the files (K/N, or auto/N with K from JOB_COMPLETION_INDEX)",
    },
    SettingKey {
        name: "check-threshold",
        table: Table::Optimize,
        kind: Kind::Text,
        default: "10%",
        help: "With --check: the saving (15% or 15) above which a file fails",
    },
    SettingKey {
        name: "api-url",
        table: Table::Account,
        default: DEFAULT_API_URL,
        kind: Kind::Text,
        help: "The account server (after a login: the server logged in to)",
    },
    SettingKey {
        name: "workspace",
        table: Table::Account,
        default: "",
        kind: Kind::Text,
        help: "Workspace to act in, by id or name (default: `altloom workspaces switch`)",
    },
    SettingKey {
        name: "report-jobs",
        table: Table::Account,
        default: "true",
        kind: Kind::Bool,
        help: "Report a summary of each optimize run to the workspace's job history",
    },
    SettingKey {
        name: "lang",
        table: Table::Alt,
        kind: Kind::Text,
        default: "en",
        help: "Language of AI metadata (BCP 47: en, pt-BR, de, ...)",
    },
    SettingKey {
        name: "max-chars",
        table: Table::Alt,
        kind: Kind::Integer,
        default: "125",
        help: "Longest alt text, in characters (10-1000)",
    },
    SettingKey {
        name: "fields",
        table: Table::Alt,
        kind: Kind::List,
        default: "alt,title,caption,description",
        help: "Metadata fields to write: alt, title, caption, description",
    },
    SettingKey {
        name: "provider",
        table: Table::Alt,
        kind: Kind::Text,
        default: "altloom",
        help: "altloom (your account's credits) or openai-compatible (your own endpoint)",
    },
    SettingKey {
        name: "base-url",
        table: Table::Alt,
        kind: Kind::Text,
        default: "",
        help: "With provider openai-compatible: the API base, such as http://127.0.0.1:11434/v1",
    },
    SettingKey {
        name: "model",
        table: Table::Alt,
        kind: Kind::Text,
        default: "",
        help: "With provider openai-compatible: the model to call",
    },
    SettingKey {
        name: "concurrency",
        table: Table::Alt,
        kind: Kind::Integer,
        default: "4",
        help: "Images described at once (1-32)",
    },
    SettingKey {
        name: "site",
        table: Table::Push,
        kind: Kind::List,
        default: "",
        help: "The workspace's WordPress sites to push to, by name (a,b,c)",
    },
    SettingKey {
        name: "wp-url",
        table: Table::Push,
        kind: Kind::Text,
        default: "",
        help: "Without an account: the WordPress site's address (the password comes from ALTLOOM_WP_APP_PASSWORD)",
    },
    SettingKey {
        name: "wp-user",
        table: Table::Push,
        kind: Kind::Text,
        default: "",
        help: "Without an account: the WordPress user the Application Password belongs to",
    },
    SettingKey {
        name: "push-concurrency",
        table: Table::Push,
        kind: Kind::Integer,
        default: "4",
        help: "Uploads to one site at once (1-16)",
    },
];

impl SettingKey {
    /// `ALTLOOM_` and the name in upper snake case; `[alt]` keys carry `ALT_` too
    /// (`ALTLOOM_ALT_MODEL`), so they cannot be mistaken for a server's variables.
    pub fn environment_variable(&self) -> String {
        let table = match self.table {
            Table::Alt => "ALT_",
            Table::Optimize | Table::Account | Table::Push => "",
        };
        format!(
            "ALTLOOM_{table}{}",
            self.name.to_ascii_uppercase().replace('-', "_")
        )
    }

    pub fn default_value(&self) -> RawValue {
        self.parse_text(self.default)
            .unwrap_or_else(|reason| panic!("default of `{}` is invalid: {reason}", self.name))
    }

    /// Reads the value as written in an environment variable (lists are comma-separated).
    pub fn parse_text(&self, text: &str) -> Result<RawValue, String> {
        match self.kind {
            Kind::Text => Ok(RawValue::Text(text.to_string())),
            Kind::List => Ok(RawValue::List(
                text.split(',')
                    .map(str::trim)
                    .filter(|item| !item.is_empty())
                    .map(String::from)
                    .collect(),
            )),
            Kind::Bool => match text.trim().to_ascii_lowercase().as_str() {
                "1" | "true" | "yes" | "on" => Ok(RawValue::Bool(true)),
                "0" | "false" | "no" | "off" => Ok(RawValue::Bool(false)),
                other => Err(format!("`{other}` is not true or false")),
            },
            Kind::Integer => text
                .trim()
                .parse()
                .map(RawValue::Integer)
                .map_err(|_| format!("`{}` is not a whole number", text.trim())),
        }
    }

    /// Reads the value from TOML, where lists may be arrays or comma-separated strings.
    pub fn from_toml(&self, value: &toml::Value) -> Result<RawValue, String> {
        match (self.kind, value) {
            (Kind::Text, toml::Value::String(text)) => Ok(RawValue::Text(text.clone())),
            (Kind::Text, toml::Value::Integer(number)) => Ok(RawValue::Text(number.to_string())),
            (Kind::List, toml::Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    toml::Value::String(text) => Ok(text.clone()),
                    toml::Value::Integer(number) => Ok(number.to_string()),
                    other => Err(format!("list items must be text or numbers, found {other}")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(RawValue::List),
            (Kind::List, toml::Value::String(text)) => self.parse_text(text),
            (Kind::Bool, toml::Value::Boolean(flag)) => Ok(RawValue::Bool(*flag)),
            (Kind::Integer, toml::Value::Integer(number)) => Ok(RawValue::Integer(*number)),
            (kind, other) => Err(format!("expected {}, found {other}", describe(kind))),
        }
    }
}

fn describe(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::List => "a list",
        Kind::Bool => "true or false",
        Kind::Integer => "a whole number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_parses_and_variables_are_upper_snake_case() {
        for key in KEYS {
            let _ = key.default_value();
        }
        let key = KEYS.iter().find(|key| key.name == "png-lossy").unwrap();
        assert_eq!(key.environment_variable(), "ALTLOOM_PNG_LOSSY");
        let key = KEYS.iter().find(|key| key.name == "api-url").unwrap();
        assert_eq!(key.environment_variable(), "ALTLOOM_API_URL");
        assert_eq!(key.table, Table::Account);
        let key = KEYS.iter().find(|key| key.name == "base-url").unwrap();
        assert_eq!(key.environment_variable(), "ALTLOOM_ALT_BASE_URL");
    }

    #[test]
    fn names_are_unique_across_tables() {
        for (index, key) in KEYS.iter().enumerate() {
            assert!(
                KEYS[index + 1..].iter().all(|other| other.name != key.name),
                "`{}` is declared twice",
                key.name
            );
        }
    }
}
