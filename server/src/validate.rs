//! Validation of everything a client sends, each failure a sentence naming the field.

use altloom_shared::api::jobs::{limits, JobReport};
use altloom_shared::api::sites::{self, AddSiteRequest, LedgerEntry, LedgerUpdate};

/// Shortest password accepted; long passphrases are encouraged rather than symbol rules.
pub const MINIMUM_PASSWORD_CHARACTERS: usize = 10;

/// Longest password accepted, so a huge body cannot tie up a hashing thread.
pub const MAXIMUM_PASSWORD_BYTES: usize = 1024;

/// Passwords so common that length alone does not make them safe.
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "1111111111",
    "qwertyuiop",
    "password12",
    "password123",
    "password1234",
    "iloveyou12",
    "abcdefghij",
    "letmein123",
    "qwerty1234",
    "administrator",
];

/// Trims and lower-cases an email and checks its shape; the normalised form is what is stored
/// and compared, so `Ana@Example.com ` and `ana@example.com` are one account.
pub fn normalize_email(email: &str) -> Result<String, String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email
            .chars()
            .any(|character| character.is_whitespace() || character.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    if valid {
        Ok(email)
    } else {
        Err("email: not a valid email address".to_string())
    }
}

/// Checks a new password: long enough, not absurdly long, not the email, not a common one and
/// not one repeated character.
pub fn check_new_password(password: &str, email: &str) -> Result<(), String> {
    let characters = password.chars().count();
    if characters < MINIMUM_PASSWORD_CHARACTERS {
        return Err(format!(
            "password: use at least {MINIMUM_PASSWORD_CHARACTERS} characters (a few words work well)"
        ));
    }
    if password.len() > MAXIMUM_PASSWORD_BYTES {
        return Err(format!(
            "password: use at most {MAXIMUM_PASSWORD_BYTES} bytes"
        ));
    }
    let lowered = password.to_lowercase();
    if lowered == email || lowered == email.split('@').next().unwrap_or_default() {
        return Err("password: must not be your email address".to_string());
    }
    if COMMON_PASSWORDS.contains(&lowered.as_str()) {
        return Err("password: this password is too common; choose another".to_string());
    }
    let mut distinct = password.chars().collect::<Vec<_>>();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 {
        return Err("password: use more than a few distinct characters".to_string());
    }
    Ok(())
}

/// Trims a display name (user, workspace, token) and checks it: 1 to `maximum` characters,
/// no control characters.
pub fn clean_name(field: &str, value: &str, maximum: usize) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("{field}: must not be empty"));
    }
    if value.chars().count() > maximum {
        return Err(format!("{field}: use at most {maximum} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field}: must not contain control characters"));
    }
    Ok(value.to_string())
}

/// Checks a job report against the limits in `shared` and for internal consistency.
pub fn check_job_report(report: &JobReport) -> Result<(), String> {
    clean_name("tool_version", &report.tool_version, 64)?;
    clean_name("command", &report.command, 32)?;
    if report.succeeded + report.unchanged + report.failed > report.files {
        return Err("files: succeeded + unchanged + failed exceeds files".to_string());
    }
    if report.formats.len() > limits::MAX_FORMATS {
        return Err(format!("formats: at most {} entries", limits::MAX_FORMATS));
    }
    if let Some(name) = report.formats.keys().find(|name| {
        name.is_empty()
            || name.len() > 16
            || !name
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
    }) {
        return Err(format!("formats: `{name}` is not a format name"));
    }
    if report.failures.len() > limits::MAX_FAILURES {
        return Err(format!(
            "failures: at most {} entries",
            limits::MAX_FAILURES
        ));
    }
    let too_long = |text: &str| text.len() > limits::MAX_TEXT_BYTES;
    if report
        .failures
        .iter()
        .any(|failure| too_long(&failure.reason) || failure.path.as_deref().is_some_and(too_long))
    {
        return Err(format!(
            "failures: reasons and paths are limited to {} bytes",
            limits::MAX_TEXT_BYTES
        ));
    }
    if let Some(paths) = &report.paths {
        if paths.len() > limits::MAX_PATHS {
            return Err(format!("paths: at most {} entries", limits::MAX_PATHS));
        }
        if paths.iter().any(|path| too_long(path)) {
            return Err(format!(
                "paths: each is limited to {} bytes",
                limits::MAX_TEXT_BYTES
            ));
        }
    }
    Ok(())
}

/// A site request that passed the checks: the name as given, the user name trimmed, the
/// Application Password trimmed at its ends (the spaces inside are WordPress's own grouping).
/// The address is checked and tidied separately, by the WordPress client's own rules.
pub struct CheckedSite {
    pub name: String,
    pub username: String,
    pub application_password: String,
}

impl std::fmt::Debug for CheckedSite {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CheckedSite")
            .field("name", &self.name)
            .field("username", &self.username)
            .field("application_password", &"<redacted>")
            .finish()
    }
}

/// Checks a site's name, address length, user name and password against the shared limits.
/// Messages never repeat the password.
pub fn check_add_site(request: &AddSiteRequest) -> Result<CheckedSite, String> {
    if !sites::is_valid_site_name(&request.name) {
        return Err(format!(
            "name: use 1 to {} of a-z, 0-9, - and _, starting with a letter or digit",
            sites::limits::NAME_MAX_CHARS
        ));
    }
    if request.url.chars().count() > sites::limits::URL_MAX_CHARS {
        return Err(format!(
            "url: use at most {} characters",
            sites::limits::URL_MAX_CHARS
        ));
    }
    let username = clean_name(
        "username",
        &request.username,
        sites::limits::USERNAME_MAX_CHARS,
    )?;
    let password = request.application_password.trim();
    if password.is_empty() {
        return Err("application_password: must not be empty".to_string());
    }
    if password.chars().count() > sites::limits::PASSWORD_MAX_CHARS {
        return Err(format!(
            "application_password: use at most {} characters",
            sites::limits::PASSWORD_MAX_CHARS
        ));
    }
    if password.chars().any(char::is_control) {
        return Err("application_password: must not contain control characters".to_string());
    }
    Ok(CheckedSite {
        name: request.name.clone(),
        username,
        application_password: password.to_string(),
    })
}

/// Longest uploaded file name kept in the ledger.
const LEDGER_FILE_NAME_MAX_CHARS: usize = 255;

/// Longest MIME type kept in the ledger.
const LEDGER_MIME_TYPE_MAX_CHARS: usize = 100;

/// Checks a hex BLAKE3 hash (64 hex digits) and answers it in lower case, the form the ledger
/// is keyed by.
fn check_hash(field: &str, hash: &str) -> Result<String, String> {
    if hash.len() == 64 && hash.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        Ok(hash.to_ascii_lowercase())
    } else {
        Err(format!("{field}: must be 64 hex digits (a BLAKE3 hash)"))
    }
}

fn check_ledger_entry(field: &str, entry: &LedgerEntry) -> Result<LedgerEntry, String> {
    if entry.attachment_id == 0 || i64::try_from(entry.attachment_id).is_err() {
        return Err(format!(
            "{field}.attachment_id: must be a positive attachment id"
        ));
    }
    let file_name = clean_name(
        &format!("{field}.file_name"),
        &entry.file_name,
        LEDGER_FILE_NAME_MAX_CHARS,
    )?;
    if file_name.contains(['/', '\\']) {
        return Err(format!("{field}.file_name: must be a name, not a path"));
    }
    let mime_type = &entry.mime_type;
    let mime_valid = mime_type.len() <= LEDGER_MIME_TYPE_MAX_CHARS
        && mime_type.split_once('/').is_some_and(|(kind, subtype)| {
            let token = |part: &str| {
                !part.is_empty()
                    && part.bytes().all(|byte| {
                        byte.is_ascii_lowercase()
                            || byte.is_ascii_digit()
                            || matches!(byte, b'.' | b'+' | b'-')
                    })
            };
            token(kind) && token(subtype)
        });
    if !mime_valid {
        return Err(format!(
            "{field}.mime_type: must be a lower-case MIME type such as image/webp"
        ));
    }
    if let Some(url) = &entry.source_url {
        if url.chars().count() > sites::limits::URL_MAX_CHARS
            || !(url.starts_with("https://") || url.starts_with("http://"))
            || url.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(format!(
                "{field}.source_url: must be an http or https address of at most {} characters",
                sites::limits::URL_MAX_CHARS
            ));
        }
    }
    Ok(LedgerEntry {
        content_hash: check_hash(&format!("{field}.content_hash"), &entry.content_hash)?,
        attachment_id: entry.attachment_id,
        file_name,
        file_hash: check_hash(&format!("{field}.file_hash"), &entry.file_hash)?,
        mime_type: mime_type.clone(),
        metadata_hash: check_hash(&format!("{field}.metadata_hash"), &entry.metadata_hash)?,
        source_url: entry.source_url.clone(),
        pushed_at: entry.pushed_at,
    })
}

/// Checks a ledger update and answers it with hashes in lower case: at most
/// `LEDGER_UPDATE_MAX_ENTRIES` entries and removals together, each content hash at most once.
pub fn check_ledger_update(update: &LedgerUpdate) -> Result<LedgerUpdate, String> {
    let total = update.upsert.len() + update.remove.len();
    if total > sites::limits::LEDGER_UPDATE_MAX_ENTRIES {
        return Err(format!(
            "a ledger update holds at most {} entries and removals together; this one has {total}",
            sites::limits::LEDGER_UPDATE_MAX_ENTRIES
        ));
    }
    let upsert = update
        .upsert
        .iter()
        .enumerate()
        .map(|(index, entry)| check_ledger_entry(&format!("upsert[{index}]"), entry))
        .collect::<Result<Vec<_>, _>>()?;
    let remove = update
        .remove
        .iter()
        .enumerate()
        .map(|(index, hash)| check_hash(&format!("remove[{index}]"), hash))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = std::collections::HashSet::new();
    for hash in upsert
        .iter()
        .map(|entry| &entry.content_hash)
        .chain(&remove)
    {
        if !seen.insert(hash) {
            return Err(format!(
                "content hash {hash} appears more than once in the update"
            ));
        }
    }
    Ok(LedgerUpdate { upsert, remove })
}

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::api::jobs::JobFailure;
    use altloom_shared::time::Timestamp;

    fn entry(hash: char) -> LedgerEntry {
        LedgerEntry {
            content_hash: hash.to_string().repeat(64),
            attachment_id: 7,
            file_name: "photo.webp".into(),
            file_hash: "b".repeat(64),
            mime_type: "image/webp".into(),
            metadata_hash: "c".repeat(64),
            source_url: Some("https://example.com/wp-content/uploads/photo.webp".into()),
            pushed_at: Timestamp(1_700_000_000),
        }
    }

    #[test]
    fn site_requests_are_checked_without_repeating_the_password() {
        let request = |name: &str, password: &str| AddSiteRequest {
            name: name.into(),
            url: "https://example.com".into(),
            username: " editor ".into(),
            application_password: password.into(),
        };
        let checked = check_add_site(&request("client-a", " abcd efgh ijkl mnop ")).unwrap();
        assert_eq!(checked.username, "editor");
        assert_eq!(checked.application_password, "abcd efgh ijkl mnop");
        assert!(!format!("{checked:?}").contains("abcd"));
        assert!(check_add_site(&request("Client A", "abcd")).is_err());
        assert!(check_add_site(&request("a", "   ")).is_err());
        let error = check_add_site(&request("a", &"secret".repeat(40))).unwrap_err();
        assert!(!error.contains("secret"), "{error}");
    }

    #[test]
    fn ledger_updates_are_bounded_and_lower_cased() {
        let mut upper = entry('A');
        upper.file_hash = "B".repeat(64);
        let update = LedgerUpdate {
            upsert: vec![upper],
            remove: vec!["D".repeat(64)],
        };
        let checked = check_ledger_update(&update).unwrap();
        assert_eq!(checked.upsert[0].content_hash, "a".repeat(64));
        assert_eq!(checked.upsert[0].file_hash, "b".repeat(64));
        assert_eq!(checked.remove[0], "d".repeat(64));
        for (change, needle) in [
            (
                Box::new(|entry: &mut LedgerEntry| entry.content_hash = "abc".into())
                    as Box<dyn Fn(&mut LedgerEntry)>,
                "upsert[0].content_hash",
            ),
            (Box::new(|entry| entry.attachment_id = 0), "attachment_id"),
            (
                Box::new(|entry| entry.attachment_id = u64::MAX),
                "attachment_id",
            ),
            (
                Box::new(|entry| entry.file_name = "a/b.jpg".into()),
                "file_name",
            ),
            (
                Box::new(|entry| entry.file_name = String::new()),
                "file_name",
            ),
            (
                Box::new(|entry| entry.mime_type = "Image/JPEG".into()),
                "mime_type",
            ),
            (
                Box::new(|entry| entry.source_url = Some("javascript:alert(1)".into())),
                "source_url",
            ),
        ] {
            let mut bad = entry('a');
            change(&mut bad);
            let error = check_ledger_update(&LedgerUpdate {
                upsert: vec![bad],
                remove: vec![],
            })
            .unwrap_err();
            assert!(error.contains(needle), "{error}");
        }
        let twice = LedgerUpdate {
            upsert: vec![entry('a')],
            remove: vec!["A".repeat(64)],
        };
        assert!(check_ledger_update(&twice)
            .unwrap_err()
            .contains("more than once"));
        let too_many = LedgerUpdate {
            upsert: vec![],
            remove: vec!["a".repeat(64); sites::limits::LEDGER_UPDATE_MAX_ENTRIES + 1],
        };
        assert!(check_ledger_update(&too_many)
            .unwrap_err()
            .contains("at most"));
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Ana.Lima@Example.COM ").unwrap(),
            "ana.lima@example.com"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "a@b@c.com",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        assert!(check_new_password("correct horse battery", "ana@example.com").is_ok());
        assert!(check_new_password("short", "ana@example.com")
            .unwrap_err()
            .contains("at least"));
        assert!(check_new_password("aaaaaaaaaaaa", "ana@example.com").is_err());
        assert!(check_new_password("Password123", "ana@example.com")
            .unwrap_err()
            .contains("common"));
        assert!(check_new_password("ana@example.com", "ana@example.com").is_err());
        assert!(check_new_password(&"x1y2".repeat(300), "ana@example.com").is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(clean_name("name", "  Ana  ", 10).unwrap(), "Ana");
        assert!(clean_name("name", "   ", 10).is_err());
        assert!(clean_name("name", "a\u{7}b", 10).is_err());
        assert!(clean_name("name", &"a".repeat(11), 10).is_err());
    }

    #[test]
    fn job_reports_are_bounded_and_consistent() {
        let mut report = JobReport {
            tool_version: "0.1.0".into(),
            command: "optimize".into(),
            files: 3,
            succeeded: 2,
            failed: 1,
            ..JobReport::default()
        };
        report.formats.insert("webp".into(), 2);
        assert!(check_job_report(&report).is_ok());
        report.failed = 2;
        assert!(check_job_report(&report).unwrap_err().contains("exceeds"));
        report.failed = 1;
        report.formats.insert("Web P".into(), 1);
        assert!(check_job_report(&report).is_err());
        report.formats.remove("Web P");
        report.failures = vec![JobFailure {
            reason: "x".repeat(limits::MAX_TEXT_BYTES + 1),
            path: None,
        }];
        assert!(check_job_report(&report).is_err());
    }
}
