//! Settings: one value per key, merged from flags > `ALTLOOM_*` environment variables >
//! `./altloom.toml` (searched upward) > the user config file > the last login (`session.toml`,
//! only for `api-url`) > built-in defaults, remembering where each value came from so
//! `altloom config show` can explain it.

mod keys;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use thiserror::Error;

pub use keys::{Kind, SettingKey, Table, DEFAULT_API_URL, KEYS};

/// The name of the project configuration file.
pub const PROJECT_FILE: &str = "altloom.toml";

/// Where a value came from, most important last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    /// The state `altloom login` keeps (`session.toml`).
    Session(PathBuf),
    UserConfig(PathBuf),
    ProjectConfig(PathBuf),
    Environment(String),
    Flag(String),
}

impl fmt::Display for Source {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => formatter.write_str("default"),
            Source::Session(path) => write!(formatter, "last login {}", path.display()),
            Source::UserConfig(path) => write!(formatter, "user config {}", path.display()),
            Source::ProjectConfig(path) => write!(formatter, "project config {}", path.display()),
            Source::Environment(variable) => write!(formatter, "environment {variable}"),
            Source::Flag(flag) => write!(formatter, "flag {flag}"),
        }
    }
}

/// Problems with configuration, each naming the file, variable or flag at fault.
#[derive(Debug, Error)]
pub enum SettingsError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} is not valid TOML: {reason}")]
    Syntax { path: PathBuf, reason: String },
    #[error("unknown key `{key}` in {path} (known keys: {known})")]
    UnknownKey {
        key: String,
        path: PathBuf,
        known: String,
    },
    #[error("invalid value for `{key}` from {source_name}: {reason}")]
    Invalid {
        key: String,
        source_name: String,
        reason: String,
    },
}

/// A raw value before it is interpreted for its key.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    Text(String),
    List(Vec<String>),
    Bool(bool),
    Integer(i64),
}

impl fmt::Display for RawValue {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawValue::Text(text) => write!(formatter, "{text:?}"),
            RawValue::List(items) => {
                let quoted: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
                write!(formatter, "[{}]", quoted.join(", "))
            }
            RawValue::Bool(value) => write!(formatter, "{value}"),
            RawValue::Integer(value) => write!(formatter, "{value}"),
        }
    }
}

/// Values given on the command line, keyed by setting name, with the flag that set each.
#[derive(Default, Debug)]
pub struct FlagValues(BTreeMap<&'static str, (RawValue, String)>);

impl FlagValues {
    pub fn set(&mut self, key: &'static str, flag: &str, value: RawValue) {
        debug_assert!(
            KEYS.iter().any(|known| known.name == key),
            "unknown key {key}"
        );
        self.0.insert(key, (value, flag.to_string()));
    }
}

/// Where to look for configuration; tests point these at temporary folders.
#[derive(Clone, Debug)]
pub struct SettingsSources {
    /// The folder to start the upward search for `altloom.toml` from.
    pub working_folder: PathBuf,
    /// The user configuration file, if the platform has a config folder.
    pub user_file: Option<PathBuf>,
    /// `ALTLOOM_*` variables (and only those) from the environment.
    pub environment: BTreeMap<String, String>,
    /// Values remembered by the last login, below every configuration file.
    pub session: Option<SessionLayer>,
}

/// Settings taken from the login state: the API URL of the last login becomes the default.
#[derive(Clone, Debug)]
pub struct SessionLayer {
    pub path: PathBuf,
    pub values: Vec<(&'static str, RawValue)>,
}

/// The user's Altloom configuration folder (`$XDG_CONFIG_HOME/altloom` on Linux), which holds
/// `config.toml`, `session.toml` and, without an OS keyring, `credentials.toml`.
pub fn config_folder() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "altloom").map(|folders| folders.config_dir().into())
}

impl SettingsSources {
    /// The real process environment and folders.
    pub fn from_process() -> SettingsSources {
        let folder = config_folder();
        let session = folder.as_ref().and_then(|folder| {
            let path = folder.join(crate::session::SESSION_FILE);
            // A damaged session file is reported by the commands that need it; settings
            // simply do without it.
            let state = crate::session::SessionState::load(&path).ok()?;
            let api_url = state.api_url?;
            Some(SessionLayer {
                path,
                values: vec![("api-url", RawValue::Text(api_url))],
            })
        });
        SettingsSources {
            working_folder: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            user_file: folder.map(|folder| folder.join("config.toml")),
            environment: std::env::vars()
                .filter(|(name, _)| name.starts_with("ALTLOOM_"))
                .collect(),
            session,
        }
    }
}

/// The merged settings.
#[derive(Debug)]
pub struct Settings {
    values: BTreeMap<&'static str, (RawValue, Source)>,
}

impl Settings {
    /// Merges every layer. Unknown keys in files are errors; unknown `ALTLOOM_*` variables are
    /// ignored, because other Altloom programs (the server) use the same prefix.
    pub fn load(sources: &SettingsSources, flags: FlagValues) -> Result<Settings, SettingsError> {
        let mut values: BTreeMap<&'static str, (RawValue, Source)> = BTreeMap::new();
        for key in KEYS {
            values.insert(key.name, (key.default_value(), Source::Default));
        }
        if let Some(session) = &sources.session {
            for (key, value) in &session.values {
                values.insert(key, (value.clone(), Source::Session(session.path.clone())));
            }
        }
        if let Some(user_file) = &sources.user_file {
            if user_file.is_file() {
                for (key, value) in read_file(user_file)? {
                    values.insert(key, (value, Source::UserConfig(user_file.clone())));
                }
            }
        }
        if let Some(project_file) = find_project_file(&sources.working_folder) {
            for (key, value) in read_file(&project_file)? {
                values.insert(key, (value, Source::ProjectConfig(project_file.clone())));
            }
        }
        for key in KEYS {
            let variable = key.environment_variable();
            if let Some(text) = sources.environment.get(&variable) {
                let value = key
                    .parse_text(text)
                    .map_err(|reason| SettingsError::Invalid {
                        key: key.name.into(),
                        source_name: variable.clone(),
                        reason,
                    })?;
                values.insert(key.name, (value, Source::Environment(variable)));
            }
        }
        for (key, (value, flag)) in flags.0 {
            values.insert(key, (value, Source::Flag(flag)));
        }
        Ok(Settings { values })
    }

    /// Every key with its value and source, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &RawValue, &Source)> {
        self.values
            .iter()
            .map(|(key, (value, source))| (*key, value, source))
    }

    fn raw(&self, key: &str) -> (&RawValue, &Source) {
        let (value, source) = self
            .values
            .get(key)
            .unwrap_or_else(|| panic!("setting `{key}` is not declared in settings::keys"));
        (value, source)
    }

    fn invalid(key: &str, source: &Source, reason: impl ToString) -> SettingsError {
        SettingsError::Invalid {
            key: key.to_string(),
            source_name: source.to_string(),
            reason: reason.to_string(),
        }
    }

    /// A text setting parsed into `T`.
    pub fn parsed<T: FromStr>(&self, key: &str) -> Result<T, SettingsError>
    where
        T::Err: fmt::Display,
    {
        let (value, source) = self.raw(key);
        match value {
            RawValue::Text(text) => text
                .parse()
                .map_err(|error: T::Err| Self::invalid(key, source, error)),
            RawValue::Integer(number) => number
                .to_string()
                .parse()
                .map_err(|error: T::Err| Self::invalid(key, source, error)),
            other => Err(Self::invalid(
                key,
                source,
                format!("expected text, found {other}"),
            )),
        }
    }

    /// A list setting with each item parsed into `T`.
    pub fn list<T: FromStr>(&self, key: &str) -> Result<Vec<T>, SettingsError>
    where
        T::Err: fmt::Display,
    {
        let (value, source) = self.raw(key);
        match value {
            RawValue::List(items) => items
                .iter()
                .map(|item| {
                    item.parse().map_err(|error: T::Err| {
                        Self::invalid(key, source, format!("`{item}`: {error}"))
                    })
                })
                .collect(),
            other => Err(Self::invalid(
                key,
                source,
                format!("expected a list, found {other}"),
            )),
        }
    }

    pub fn boolean(&self, key: &str) -> Result<bool, SettingsError> {
        match self.raw(key) {
            (RawValue::Bool(value), _) => Ok(*value),
            (other, source) => Err(Self::invalid(
                key,
                source,
                format!("expected true or false, found {other}"),
            )),
        }
    }

    pub fn integer(&self, key: &str) -> Result<i64, SettingsError> {
        match self.raw(key) {
            (RawValue::Integer(value), _) => Ok(*value),
            (other, source) => Err(Self::invalid(
                key,
                source,
                format!("expected a whole number, found {other}"),
            )),
        }
    }

    /// An optional text setting: the empty string means "not set".
    pub fn optional_text(&self, key: &str) -> Result<Option<String>, SettingsError> {
        match self.raw(key) {
            (RawValue::Text(text), _) if text.is_empty() => Ok(None),
            (RawValue::Text(text), _) => Ok(Some(text.clone())),
            (other, source) => Err(Self::invalid(
                key,
                source,
                format!("expected text, found {other}"),
            )),
        }
    }

    pub fn source(&self, key: &str) -> &Source {
        self.raw(key).1
    }
}

/// Finds `altloom.toml` in `start` or the nearest folder above it.
pub fn find_project_file(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|folder| folder.join(PROJECT_FILE))
        .find(|candidate| candidate.is_file())
}

/// Reads a configuration file: settings live in the `[optimize]`, `[account]` and `[alt]` tables.
fn read_file(path: &Path) -> Result<Vec<(&'static str, RawValue)>, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|error| SettingsError::Read {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    let table: toml::Table =
        text.parse()
            .map_err(|error: toml::de::Error| SettingsError::Syntax {
                path: path.to_path_buf(),
                reason: error.message().to_string(),
            })?;
    let known_keys = || {
        KEYS.iter()
            .map(|key| format!("{}.{}", key.table.name(), key.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut values = Vec::new();
    for (section, content) in table {
        // `[check]` holds a list of budgets, not settings; `check::budget` reads and checks it.
        if section == crate::check::budget::CHECK_TABLE {
            continue;
        }
        let Some(table) = Table::ALL.into_iter().find(|table| table.name() == section) else {
            return Err(SettingsError::UnknownKey {
                key: section,
                path: path.to_path_buf(),
                known: known_keys(),
            });
        };
        let toml::Value::Table(content) = content else {
            return Err(SettingsError::Invalid {
                key: section.clone(),
                source_name: path.display().to_string(),
                reason: format!("expected a table ([{section}])"),
            });
        };
        for (name, value) in content {
            let Some(key) = KEYS
                .iter()
                .find(|key| key.name == name && key.table == table)
            else {
                return Err(SettingsError::UnknownKey {
                    key: format!("{section}.{name}"),
                    path: path.to_path_buf(),
                    known: known_keys(),
                });
            };
            let raw = key
                .from_toml(&value)
                .map_err(|reason| SettingsError::Invalid {
                    key: format!("{section}.{name}"),
                    source_name: path.display().to_string(),
                    reason,
                })?;
            values.push((key.name, raw));
        }
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn sources(folder: &Path) -> SettingsSources {
        SettingsSources {
            working_folder: folder.join("project/sub"),
            user_file: Some(folder.join("user/config.toml")),
            environment: BTreeMap::new(),
            session: None,
        }
    }

    #[test]
    fn layers_merge_in_priority_order_and_remember_their_source() {
        let folder = tempfile::tempdir().unwrap();
        fs::create_dir_all(folder.path().join("project/sub")).unwrap();
        fs::create_dir_all(folder.path().join("user")).unwrap();
        fs::write(
            folder.path().join("user/config.toml"),
            "[optimize]\nquality = \"high\"\njobs = 3\nformats = [\"webp\"]\n",
        )
        .unwrap();
        fs::write(
            folder.path().join("project/altloom.toml"),
            "[optimize]\nquality = \"max-savings\"\nwidths = [480, 960]\n",
        )
        .unwrap();
        let mut sources = sources(folder.path());
        sources
            .environment
            .insert("ALTLOOM_JOBS".into(), "5".into());
        sources
            .environment
            .insert("ALTLOOM_UNRELATED".into(), "x".into());
        let mut flags = FlagValues::default();
        flags.set("formats", "--formats", RawValue::List(vec!["avif".into()]));

        let settings = Settings::load(&sources, flags).unwrap();
        assert_eq!(settings.parsed::<String>("quality").unwrap(), "max-savings");
        assert!(matches!(
            settings.source("quality"),
            Source::ProjectConfig(_)
        ));
        assert_eq!(settings.list::<u32>("widths").unwrap(), vec![480, 960]);
        assert_eq!(settings.integer("jobs").unwrap(), 5);
        assert_eq!(
            settings.source("jobs"),
            &Source::Environment("ALTLOOM_JOBS".into())
        );
        assert_eq!(settings.list::<String>("formats").unwrap(), vec!["avif"]);
        assert_eq!(
            settings.source("formats"),
            &Source::Flag("--formats".into())
        );
        assert_eq!(settings.source("chroma"), &Source::Default);
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_file() {
        let folder = tempfile::tempdir().unwrap();
        fs::create_dir_all(folder.path().join("project/sub")).unwrap();
        fs::write(
            folder.path().join("project/altloom.toml"),
            "[optimize]\nqualty = 80\n",
        )
        .unwrap();
        let error = Settings::load(&sources(folder.path()), FlagValues::default()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("optimize.qualty"), "{message}");
        assert!(message.contains("altloom.toml"), "{message}");
    }

    #[test]
    fn bad_environment_values_name_the_variable() {
        let folder = tempfile::tempdir().unwrap();
        let mut sources = sources(folder.path());
        sources
            .environment
            .insert("ALTLOOM_JOBS".into(), "many".into());
        let error = Settings::load(&sources, FlagValues::default()).unwrap_err();
        assert!(error.to_string().contains("ALTLOOM_JOBS"), "{error}");
    }

    #[test]
    fn the_last_login_sets_the_api_url_below_every_file_and_variable() {
        let folder = tempfile::tempdir().unwrap();
        fs::create_dir_all(folder.path().join("project/sub")).unwrap();
        let mut sources = sources(folder.path());
        sources.session = Some(SessionLayer {
            path: folder.path().join("session.toml"),
            values: vec![("api-url", RawValue::Text("http://session.test".into()))],
        });
        let settings = Settings::load(&sources, FlagValues::default()).unwrap();
        assert_eq!(
            settings.parsed::<String>("api-url").unwrap(),
            "http://session.test"
        );
        assert!(matches!(settings.source("api-url"), Source::Session(_)));

        fs::write(
            folder.path().join("project/altloom.toml"),
            "[account]\napi-url = \"http://project.test\"\nworkspace = \"Studio\"\n",
        )
        .unwrap();
        let settings = Settings::load(&sources, FlagValues::default()).unwrap();
        assert_eq!(
            settings.parsed::<String>("api-url").unwrap(),
            "http://project.test"
        );
        assert_eq!(
            settings.optional_text("workspace").unwrap().as_deref(),
            Some("Studio")
        );

        sources
            .environment
            .insert("ALTLOOM_API_URL".into(), "http://environment.test".into());
        let settings = Settings::load(&sources, FlagValues::default()).unwrap();
        assert_eq!(
            settings.parsed::<String>("api-url").unwrap(),
            "http://environment.test"
        );
    }

    #[test]
    fn keys_must_sit_in_their_own_table() {
        let folder = tempfile::tempdir().unwrap();
        fs::create_dir_all(folder.path().join("project/sub")).unwrap();
        fs::write(
            folder.path().join("project/altloom.toml"),
            "[optimize]\napi-url = \"http://x.test\"\n",
        )
        .unwrap();
        let error = Settings::load(&sources(folder.path()), FlagValues::default()).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("optimize.api-url"), "{message}");
        assert!(message.contains("account.api-url"), "{message}");
    }

    #[test]
    fn values_of_the_wrong_type_in_files_are_refused() {
        let folder = tempfile::tempdir().unwrap();
        fs::create_dir_all(folder.path().join("project/sub")).unwrap();
        fs::write(
            folder.path().join("project/altloom.toml"),
            "[optimize]\npng-lossy = \"yes\"\n",
        )
        .unwrap();
        let error = Settings::load(&sources(folder.path()), FlagValues::default()).unwrap_err();
        assert!(error.to_string().contains("png-lossy"), "{error}");
    }
}
