//! A string that must never be printed: API tokens, passwords, invite and device codes. Its
//! `Debug` prints `<redacted>`, it has no `Display`, and its memory is wiped when it is dropped.

use zeroize::Zeroize;

/// A secret text. Read it with [`Secret::expose`] only where it leaves the process on purpose
/// (an HTTP header or body, the keyring, the credentials file, the one line of `tokens create`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The secret text itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret with surrounding white space (such as the newline of a piped line) removed.
    pub fn trimmed(&self) -> Secret {
        Secret(self.0.trim().to_string())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("<redacted>")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_the_secret() {
        let secret = Secret::new("alt_very-secret-value");
        let debug = format!("{secret:?} {:?}", Some(&secret));
        assert!(!debug.contains("very-secret"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert_eq!(secret.expose(), "alt_very-secret-value");
        assert_eq!(Secret::new("  alt_x\n").trimmed().expose(), "alt_x");
    }
}
