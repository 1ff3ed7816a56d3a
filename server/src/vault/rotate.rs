//! `altloom-server rotate-key`: every stored site secret is opened with whichever key sealed it
//! and sealed again with the current key, all in one transaction.
//!
//! With a key file, the command makes the new key: it first writes the file with the new key in
//! front of the old ones (so a server running meanwhile, which re-reads a changed key file, can
//! open both), re-seals everything, and then writes the file with the new key alone. A failure
//! before the end leaves a file that opens every secret, whichever of them the database holds.
//!
//! With `ALTLOOM_SECRET_KEY`, the operator makes the new key: it goes in `ALTLOOM_SECRET_KEY`
//! and the old one in `ALTLOOM_SECRET_KEY_PREVIOUS` (on every instance), the command re-seals
//! everything with the new one, and then the previous key can be dropped.

use std::path::PathBuf;

use super::{key_file, site_associated_data, KeySource, SecretKey, Vault, VaultError};
use crate::store::{Store, StoreError};

/// What a rotation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RotationReport {
    /// The key every secret is now sealed with.
    pub key_id: String,
    /// Secrets sealed again.
    pub resealed: u64,
    /// The key file, when the keys live in one.
    pub key_file: Option<PathBuf>,
    /// Keys that still seal some secret (written by a request while the rotation ran); they
    /// stay in the key file, and running the command again moves those secrets too.
    pub still_used: Vec<(String, u64)>,
}

impl std::fmt::Display for RotationReport {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            formatter,
            "re-encrypted {} site secret(s) with key {}",
            self.resealed, self.key_id
        )?;
        if !self.still_used.is_empty() {
            let keys: Vec<String> = self
                .still_used
                .iter()
                .map(|(key_id, count)| format!("{key_id} ({count})"))
                .collect();
            return write!(
                formatter,
                "some secrets still use older keys: {}; they were kept, so run \
                 `altloom-server rotate-key` again",
                keys.join(", ")
            );
        }
        match &self.key_file {
            Some(path) => write!(
                formatter,
                "{} now holds only the new key; the previous keys are no longer needed",
                path.display()
            ),
            None => write!(
                formatter,
                "every secret now uses ALTLOOM_SECRET_KEY; ALTLOOM_SECRET_KEY_PREVIOUS can be \
                 removed"
            ),
        }
    }
}

/// Why a rotation failed; the database is unchanged unless the report says otherwise.
#[derive(Debug, thiserror::Error)]
pub enum RotationError {
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Rotates the keys `source` names, re-sealing every secret in `store`.
pub async fn rotate(store: &Store, source: &KeySource) -> Result<RotationReport, RotationError> {
    match source {
        KeySource::Missing => Err(VaultError::NoKey.into()),
        KeySource::Environment { .. } => {
            let vault = Vault::load(source)?;
            let resealed = reseal_all(store, &vault).await?;
            Ok(RotationReport {
                key_id: vault.current_key_id(),
                resealed,
                key_file: None,
                still_used: still_used(store, &vault.current_key_id()).await?,
            })
        }
        KeySource::File(path) => {
            let (old_keys, _) = key_file::load_or_create(path)?;
            let new_key = SecretKey::generate();
            let mut keys = vec![new_key.clone()];
            keys.extend(old_keys);
            key_file::replace(path, &keys)?;
            let vault = Vault::from_keys(&keys)?;
            let resealed = reseal_all(store, &vault).await?;
            let still_used = still_used(store, &new_key.id()).await?;
            if still_used.is_empty() {
                key_file::replace(path, std::slice::from_ref(&new_key))?;
            }
            Ok(RotationReport {
                key_id: new_key.id(),
                resealed,
                key_file: Some(path.clone()),
                still_used,
            })
        }
    }
}

/// Opens and re-seals every stored secret with the vault's current key, in one transaction.
async fn reseal_all(store: &Store, vault: &Vault) -> Result<u64, RotationError> {
    let resealed = store
        .reseal_site_secrets(|stored| {
            let associated_data = site_associated_data(&stored.workspace_id, &stored.site_id);
            let secret = vault.open(&stored.secret, &associated_data)?;
            vault.seal(secret.expose(), &associated_data)
        })
        .await?;
    Ok(resealed?)
}

/// Keys other than `current` that still seal secrets, with how many.
async fn still_used(store: &Store, current: &str) -> Result<Vec<(String, u64)>, RotationError> {
    Ok(store
        .site_secret_key_ids()
        .await?
        .into_iter()
        .filter(|(key_id, _)| key_id != current)
        .collect())
}
