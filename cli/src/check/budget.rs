//! Budgets of `altloom optimize --check`: the `[[check.budget]]` entries of `altloom.toml` (or,
//! when the project file has no `[check]` table, of the user config), each a glob with a largest
//! file size and a widest width. Sizes are written as plain byte counts or with a unit (`300KB`,
//! `1.5MiB`). Nothing here prints; every problem is a [`BudgetError`] naming the file and entry.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use globset::{GlobBuilder, GlobMatcher};
use thiserror::Error;

/// The configuration table budgets live in. The settings layer skips it, since its content is
/// a list of entries rather than one value per key.
pub const CHECK_TABLE: &str = "check";

/// The one key of the `[check]` table: the list of budgets.
const BUDGET_KEY: &str = "budget";

/// The keys one budget entry may have.
const ENTRY_KEYS: [&str; 3] = ["glob", "max-bytes", "max-width"];

/// Problems with the budgets, each naming the configuration file and the entry at fault.
#[derive(Debug, Error)]
pub enum BudgetError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} is not valid TOML: {reason}")]
    Syntax { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    Table { path: PathBuf, reason: String },
    #[error("{path}: check.budget entry {number}{glob}: {reason}")]
    Entry {
        path: PathBuf,
        /// The entry's position in the file, from 1.
        number: usize,
        /// ` (glob "…")` when the entry has a readable glob, so the message points at it.
        glob: String,
        reason: String,
    },
}

/// A size in bytes, written as a whole number of bytes or a number with a unit: B, KB, MB, GB
/// (powers of 1000) or KiB, MiB, GiB (powers of 1024), in any case, with or without a space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

impl FromStr for ByteSize {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let split = trimmed
            .find(|character: char| !(character.is_ascii_digit() || character == '.'))
            .unwrap_or(trimmed.len());
        let (number, unit) = trimmed.split_at(split);
        let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "kb" => 1_000,
            "mb" => 1_000_000,
            "gb" => 1_000_000_000,
            "kib" => 1 << 10,
            "mib" => 1 << 20,
            "gib" => 1 << 30,
            other => {
                return Err(format!(
                    "`{text}` has an unknown unit `{other}` (use B, KB, MB, GB, KiB, MiB or GiB, or a plain number of bytes)"
                ))
            }
        };
        let value: f64 = number
            .parse()
            .map_err(|_| format!("`{text}` is not a size such as 300KB, 2MiB or 250000"))?;
        let bytes = (value * multiplier as f64).round();
        if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
            return Err(format!("`{text}` must be at least one byte"));
        }
        Ok(ByteSize(bytes as u64))
    }
}

/// One budget: which files it covers and the limits they must stay within.
#[derive(Clone, Debug)]
pub struct Budget {
    /// The glob as written, matched against the path relative to the input folder.
    pub glob: String,
    matcher: GlobMatcher,
    pub max_bytes: Option<u64>,
    /// `max-bytes` as written in the file, so messages repeat the user's own unit.
    pub max_bytes_text: Option<String>,
    pub max_width: Option<u32>,
}

impl Budget {
    /// Builds a budget; `*` stays within one folder and `**` crosses folders, as in `.gitignore`.
    pub fn new(
        glob: &str,
        max_bytes: Option<(u64, String)>,
        max_width: Option<u32>,
    ) -> Result<Budget, String> {
        let matcher = GlobBuilder::new(glob)
            .literal_separator(true)
            .build()
            .map_err(|error| format!("glob `{glob}` is invalid: {}", error.kind()))?
            .compile_matcher();
        if max_bytes.is_none() && max_width.is_none() {
            return Err("it sets no limit (give max-bytes, max-width or both)".into());
        }
        let (max_bytes, max_bytes_text) = max_bytes.unzip();
        Ok(Budget {
            glob: glob.to_string(),
            matcher,
            max_bytes,
            max_bytes_text,
            max_width,
        })
    }

    /// Whether the budget covers a file, given its path relative to the input folder with `/`
    /// separators.
    pub fn covers(&self, relative_path: &str) -> bool {
        self.matcher.is_match(relative_path)
    }
}

/// The budgets in force and the file they came from.
#[derive(Clone, Debug)]
pub struct Budgets {
    pub file: PathBuf,
    pub entries: Vec<Budget>,
}

/// Finds the budgets: the project file's `[check]` table when it has one, else the user
/// config's. Lists are not merged across files, so a project's budgets are exactly what its
/// `altloom.toml` says, whoever runs the check.
pub fn load(
    project_file: Option<&Path>,
    user_file: Option<&Path>,
) -> Result<Option<Budgets>, BudgetError> {
    for path in [project_file, user_file].into_iter().flatten() {
        if !path.is_file() {
            continue;
        }
        if let Some(entries) = read_file(path)? {
            return Ok(Some(Budgets {
                file: path.to_path_buf(),
                entries,
            }));
        }
    }
    Ok(None)
}

/// The budgets of one configuration file, or `None` when it has no `[check]` table.
fn read_file(path: &Path) -> Result<Option<Vec<Budget>>, BudgetError> {
    let text = std::fs::read_to_string(path).map_err(|error| BudgetError::Read {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    let table: toml::Table =
        text.parse()
            .map_err(|error: toml::de::Error| BudgetError::Syntax {
                path: path.to_path_buf(),
                reason: error.message().to_string(),
            })?;
    let Some(check) = table.get(CHECK_TABLE) else {
        return Ok(None);
    };
    parse_check_table(check)
        .map(Some)
        .map_err(|problem| problem.in_file(path))
}

/// A problem found before the file's name is attached.
#[derive(Debug, PartialEq)]
enum Problem {
    Table(String),
    Entry {
        number: usize,
        glob: Option<String>,
        reason: String,
    },
}

impl Problem {
    fn in_file(self, path: &Path) -> BudgetError {
        match self {
            Problem::Table(reason) => BudgetError::Table {
                path: path.to_path_buf(),
                reason,
            },
            Problem::Entry {
                number,
                glob,
                reason,
            } => BudgetError::Entry {
                path: path.to_path_buf(),
                number,
                glob: glob
                    .map(|glob| format!(" (glob {glob:?})"))
                    .unwrap_or_default(),
                reason,
            },
        }
    }
}

fn parse_check_table(check: &toml::Value) -> Result<Vec<Budget>, Problem> {
    let toml::Value::Table(check) = check else {
        return Err(Problem::Table(
            "`check` must be a table of budgets, written [[check.budget]]".into(),
        ));
    };
    if let Some(unknown) = check.keys().find(|key| key.as_str() != BUDGET_KEY) {
        return Err(Problem::Table(format!(
            "unknown key `check.{unknown}` (known keys: check.budget)"
        )));
    }
    let Some(list) = check.get(BUDGET_KEY) else {
        return Ok(Vec::new());
    };
    let toml::Value::Array(list) = list else {
        return Err(Problem::Table(
            "check.budget must be a list of entries: write each as [[check.budget]] (two brackets)"
                .into(),
        ));
    };
    list.iter()
        .enumerate()
        .map(|(index, entry)| parse_entry(entry, index + 1))
        .collect()
}

fn parse_entry(entry: &toml::Value, number: usize) -> Result<Budget, Problem> {
    let problem = |glob: Option<&str>, reason: String| Problem::Entry {
        number,
        glob: glob.map(String::from),
        reason,
    };
    let toml::Value::Table(entry) = entry else {
        return Err(problem(
            None,
            "each budget must be a table with glob and max-bytes or max-width".into(),
        ));
    };
    let glob = match entry.get("glob") {
        Some(toml::Value::String(glob)) if !glob.trim().is_empty() => Some(glob.as_str()),
        Some(toml::Value::String(_)) => return Err(problem(None, "glob is empty".into())),
        Some(other) => {
            return Err(problem(
                None,
                format!("glob must be text, such as \"hero/**/*.jpg\", found {other}"),
            ))
        }
        None => None,
    };
    if let Some(unknown) = entry.keys().find(|key| !ENTRY_KEYS.contains(&key.as_str())) {
        return Err(problem(
            glob,
            format!(
                "unknown key `{unknown}` (known keys: {})",
                ENTRY_KEYS.join(", ")
            ),
        ));
    }
    let Some(glob) = glob else {
        return Err(problem(
            None,
            "glob is missing (the files it covers, such as \"hero/**/*.jpg\")".into(),
        ));
    };
    let max_bytes = match entry.get("max-bytes") {
        None => None,
        Some(toml::Value::Integer(number)) if *number > 0 => {
            Some((*number as u64, number.to_string()))
        }
        Some(toml::Value::String(text)) => {
            let size: ByteSize = text
                .parse()
                .map_err(|reason| problem(Some(glob), format!("max-bytes: {reason}")))?;
            Some((size.0, text.trim().to_string()))
        }
        Some(other) => {
            return Err(problem(
                Some(glob),
                format!("max-bytes must be a positive number of bytes or a size such as \"300KB\", found {other}"),
            ))
        }
    };
    let max_width = match entry.get("max-width") {
        None => None,
        Some(toml::Value::Integer(number)) if (1..=i64::from(u32::MAX)).contains(number) => {
            Some(*number as u32)
        }
        Some(other) => {
            return Err(problem(
                Some(glob),
                format!("max-width must be a positive whole number of pixels, found {other}"),
            ))
        }
    };
    Budget::new(glob, max_bytes, max_width).map_err(|reason| problem(Some(glob), reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Budget>, Problem> {
        let table: toml::Table = text.parse().unwrap();
        parse_check_table(table.get(CHECK_TABLE).unwrap())
    }

    fn reason(problem: Problem) -> String {
        match problem {
            Problem::Table(reason) | Problem::Entry { reason, .. } => reason,
        }
    }

    #[test]
    fn sizes_take_decimal_and_binary_units_or_plain_bytes() {
        assert_eq!("300KB".parse::<ByteSize>().unwrap(), ByteSize(300_000));
        assert_eq!("300 kb".parse::<ByteSize>().unwrap(), ByteSize(300_000));
        assert_eq!("2MB".parse::<ByteSize>().unwrap(), ByteSize(2_000_000));
        assert_eq!("1GB".parse::<ByteSize>().unwrap(), ByteSize(1_000_000_000));
        assert_eq!("300KiB".parse::<ByteSize>().unwrap(), ByteSize(307_200));
        assert_eq!("1.5MiB".parse::<ByteSize>().unwrap(), ByteSize(1_572_864));
        assert_eq!("250000".parse::<ByteSize>().unwrap(), ByteSize(250_000));
        assert_eq!("512B".parse::<ByteSize>().unwrap(), ByteSize(512));
        assert!("300XB".parse::<ByteSize>().unwrap_err().contains("XB"));
        assert!("300 K".parse::<ByteSize>().is_err());
        assert!("KB".parse::<ByteSize>().is_err());
        assert!("1.2.3KB".parse::<ByteSize>().is_err());
        assert!("0".parse::<ByteSize>().is_err());
        assert!("-5KB".parse::<ByteSize>().is_err());
        assert!("".parse::<ByteSize>().is_err());
    }

    #[test]
    fn globs_are_relative_and_star_stays_within_a_folder() {
        let budgets = parse(
            "[[check.budget]]\nglob = \"hero/**/*.jpg\"\nmax-bytes = \"300KB\"\nmax-width = 2400\n\
             [[check.budget]]\nglob = \"*.png\"\nmax-bytes = 1000\n",
        )
        .unwrap();
        assert_eq!(budgets.len(), 2);
        let hero = &budgets[0];
        assert_eq!(hero.max_bytes, Some(300_000));
        assert_eq!(hero.max_bytes_text.as_deref(), Some("300KB"));
        assert_eq!(hero.max_width, Some(2400));
        assert!(hero.covers("hero/big.jpg"));
        assert!(hero.covers("hero/2024/summer/big.jpg"));
        assert!(!hero.covers("other/hero/big.jpg"));
        assert!(!hero.covers("hero/big.png"));
        let top_png = &budgets[1];
        assert_eq!(top_png.max_width, None);
        assert!(top_png.covers("logo.png"));
        assert!(!top_png.covers("icons/logo.png"));
    }

    #[test]
    fn bad_entries_say_which_entry_and_why() {
        let problem = parse("[[check.budget]]\nglob = \"a/*.jpg\"\nmax-byte = 5\n").unwrap_err();
        assert_eq!(
            problem,
            Problem::Entry {
                number: 1,
                glob: Some("a/*.jpg".into()),
                reason: "unknown key `max-byte` (known keys: glob, max-bytes, max-width)".into()
            }
        );
        let problem = parse(
            "[[check.budget]]\nglob = \"*.jpg\"\nmax-width = 10\n[[check.budget]]\nglob = \"x\"\nmax-bytes = \"3 parsecs\"\n",
        )
        .unwrap_err();
        assert!(
            matches!(problem, Problem::Entry { number: 2, .. }),
            "{problem:?}"
        );
        assert!(reason(problem).contains("parsecs"));
        let problem = parse("[[check.budget]]\nglob = \"a/[b\"\nmax-width = 10\n").unwrap_err();
        assert!(reason(problem).contains("a/[b"));
        let problem = parse("[[check.budget]]\nmax-width = 10\n").unwrap_err();
        assert!(reason(problem).contains("glob is missing"));
        let problem = parse("[[check.budget]]\nglob = \"*.jpg\"\n").unwrap_err();
        assert!(reason(problem).contains("no limit"));
        let problem = parse("[[check.budget]]\nglob = \"*.jpg\"\nmax-width = -3\n").unwrap_err();
        assert!(reason(problem).contains("max-width"));
        let problem = parse("[[check.budget]]\nglob = \"*.jpg\"\nmax-bytes = 0\n").unwrap_err();
        assert!(reason(problem).contains("max-bytes"));
        let problem = parse("[check.budget]\nglob = \"*.jpg\"\nmax-bytes = 5\n").unwrap_err();
        assert!(reason(problem).contains("[[check.budget]]"));
        let problem = parse("[check]\nbudgets = []\n").unwrap_err();
        assert!(reason(problem).contains("check.budgets"));
    }

    #[test]
    fn the_project_file_wins_and_lists_are_not_merged() {
        let folder = tempfile::tempdir().unwrap();
        let project = folder.path().join("altloom.toml");
        let user = folder.path().join("config.toml");
        std::fs::write(
            &user,
            "[[check.budget]]\nglob = \"**/*\"\nmax-bytes = \"1MB\"\n",
        )
        .unwrap();
        std::fs::write(&project, "[optimize]\nformats = [\"webp\"]\n").unwrap();
        let budgets = load(Some(&project), Some(&user)).unwrap().unwrap();
        assert_eq!(
            budgets.file, user,
            "without [check] the user config applies"
        );

        std::fs::write(
            &project,
            "[[check.budget]]\nglob = \"hero/*\"\nmax-width = 100\n",
        )
        .unwrap();
        let budgets = load(Some(&project), Some(&user)).unwrap().unwrap();
        assert_eq!(budgets.file, project);
        assert_eq!(budgets.entries.len(), 1);
        assert_eq!(budgets.entries[0].glob, "hero/*");

        std::fs::write(&project, "[check]\n").unwrap();
        let budgets = load(Some(&project), Some(&user)).unwrap().unwrap();
        assert!(
            budgets.entries.is_empty(),
            "an empty [check] table turns the user's budgets off"
        );
        assert!(load(None, None).unwrap().is_none());

        std::fs::write(&project, "[[check.budget]]\nglob = 5\n").unwrap();
        let message = load(Some(&project), Some(&user)).unwrap_err().to_string();
        assert!(message.contains("altloom.toml"), "{message}");
        assert!(message.contains("entry 1"), "{message}");
    }
}
