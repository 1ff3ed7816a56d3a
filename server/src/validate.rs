//! Validation of everything a client sends, each failure a sentence naming the field.

use altloom_shared::api::jobs::{limits, JobReport};

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

#[cfg(test)]
mod tests {
    use super::*;
    use altloom_shared::api::jobs::JobFailure;

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
