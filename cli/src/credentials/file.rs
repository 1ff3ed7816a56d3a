//! The credentials file, used when there is no OS keyring (a headless Linux machine has no
//! Secret Service): `credentials.toml` in the configuration folder, one token per API URL,
//! readable only by its owner, and always replaced whole so it is never half-written.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::CredentialError;
use crate::secret::Secret;

/// The file's name inside the configuration folder.
pub const CREDENTIALS_FILE: &str = "credentials.toml";

const HEADER: &str = "# API tokens of `altloom login`, one per server. Written by altloom; keep this file\n# private (mode 0600). `altloom logout` removes a server's token.\n";

#[derive(Default, Serialize, Deserialize)]
struct CredentialsFile {
    #[serde(default)]
    tokens: BTreeMap<String, String>,
}

// The file's content is all secrets; a stray `{:?}` must not print them.
impl std::fmt::Debug for CredentialsFile {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("CredentialsFile")
            .field("servers", &self.tokens.keys().collect::<Vec<_>>())
            .finish()
    }
}

fn read(path: &Path) -> Result<CredentialsFile, CredentialError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => zeroize::Zeroizing::new(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Ok(CredentialsFile::default())
        }
        Err(error) => {
            return Err(CredentialError::File {
                path: path.to_path_buf(),
                reason: error.to_string(),
            })
        }
    };
    toml::from_str(&text).map_err(|error| CredentialError::File {
        path: path.to_path_buf(),
        reason: format!("not a credentials file ({})", error.message()),
    })
}

fn write(path: &Path, content: &CredentialsFile) -> Result<(), CredentialError> {
    let text = toml::to_string(content).map_err(|error| CredentialError::File {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })?;
    let text = zeroize::Zeroizing::new(format!("{HEADER}{text}"));
    write_private_file(path, text.as_bytes()).map_err(|error| CredentialError::File {
        path: path.to_path_buf(),
        reason: error.to_string(),
    })
}

/// The token stored for `api_url`, if any.
pub fn load(path: &Path, api_url: &str) -> Result<Option<Secret>, CredentialError> {
    Ok(read(path)?.tokens.get(api_url).map(Secret::new))
}

/// Stores `token` for `api_url`, keeping the other servers' tokens.
pub fn save(path: &Path, api_url: &str, token: &Secret) -> Result<(), CredentialError> {
    let mut content = read(path)?;
    content
        .tokens
        .insert(api_url.to_string(), token.expose().to_string());
    write(path, &content)
}

/// Removes the token of `api_url`; the file goes when no token is left.
pub fn remove(path: &Path, api_url: &str) -> Result<(), CredentialError> {
    let mut content = read(path)?;
    if content.tokens.remove(api_url).is_none() {
        return Ok(());
    }
    if content.tokens.is_empty() {
        return fs::remove_file(path).map_err(|error| CredentialError::File {
            path: path.to_path_buf(),
            reason: error.to_string(),
        });
    }
    write(path, &content)
}

/// Writes `bytes` to `path` atomically (a temporary file in the same folder, flushed to disk,
/// then renamed over the target) with mode 0600 from the moment the file exists, so no other
/// user can ever read it. A missing folder is created with mode 0700.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !folder.is_dir() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(folder)?;
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".altloom-tmp-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temporary = builder.tempfile_in(folder)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}
