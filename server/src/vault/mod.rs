//! The site vault: WordPress Application Passwords encrypted at rest with AES-256-GCM.
//!
//! Each secret gets a random 96-bit nonce and is stored with the id of the key that sealed it
//! (the first 8 hex digits of the key's SHA-256), so several keys can be in use during a rotation
//! and a secret sealed with a key this server lacks gives a clear error instead of garbage. The
//! workspace and site ids are the associated data: a ciphertext copied into another row does not
//! decrypt there.
//!
//! Keys come from `ALTLOOM_SECRET_KEY` (plus `ALTLOOM_SECRET_KEY_PREVIOUS` during a rotation) or
//! from a key file ([`key_file`]) that the server creates with mode 0600 on first start. Keys never
//! reach logs or `Debug` output: only their ids do.

pub mod key_file;
pub mod rotate;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::Aes256Gcm;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::config::SecretText;

/// Bytes in a key: AES-256.
pub const KEY_BYTES: usize = 32;

/// Bytes in a nonce: the 96 bits GCM is designed for.
const NONCE_BYTES: usize = 12;

/// A 256-bit key. Its `Debug` shows only its id.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey {
    bytes: [u8; KEY_BYTES],
}

impl SecretKey {
    /// A new random key from the thread's CSPRNG (seeded and reseeded from the operating system).
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; KEY_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        SecretKey { bytes }
    }

    /// Reads a key written as base64 (standard or URL-safe, with or without padding) or as 64
    /// hex digits. The error never repeats the text, which may be a mistyped key.
    pub fn parse(text: &str) -> Result<SecretKey, KeyFormatError> {
        let text = text.trim();
        let decoded = if text.len() == 2 * KEY_BYTES && text.bytes().all(|b| b.is_ascii_hexdigit())
        {
            hex::decode(text).ok()
        } else {
            [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
                .iter()
                .find_map(|engine| engine.decode(text).ok())
        };
        match decoded {
            Some(bytes) => match <[u8; KEY_BYTES]>::try_from(bytes.as_slice()) {
                Ok(bytes) => Ok(SecretKey { bytes }),
                Err(_) => Err(KeyFormatError::WrongLength { bytes: bytes.len() }),
            },
            None => Err(KeyFormatError::NotEncoded),
        }
    }

    /// The key as standard base64, for the key file.
    pub fn encode(&self) -> String {
        STANDARD.encode(self.bytes)
    }

    /// The key's id: the first 8 hex digits of its SHA-256, stored with every secret it seals.
    pub fn id(&self) -> String {
        hex::encode(&Sha256::digest(self.bytes)[..4])
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "SecretKey({})", self.id())
    }
}

/// Why a key text was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyFormatError {
    #[error(
        "a key must be 32 bytes written as base64 (44 characters) or hex (64 characters); \
         make one with `openssl rand -base64 32`"
    )]
    NotEncoded,
    #[error(
        "a key must be 32 bytes, this one has {bytes}; make one with `openssl rand -base64 32`"
    )]
    WrongLength { bytes: usize },
}

/// Where the server's keys come from, as the configuration says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// `ALTLOOM_SECRET_KEY`, and `ALTLOOM_SECRET_KEY_PREVIOUS` for keys that only decrypt.
    Environment {
        current: SecretKey,
        previous: Vec<SecretKey>,
    },
    /// A key file: `ALTLOOM_SECRET_KEY_FILE`, or `secret-keys` in the data directory.
    File(PathBuf),
    /// Neither is configured and no data directory could be worked out.
    Missing,
}

/// An encrypted secret as stored: the key id, and base64 of the nonce and of the ciphertext
/// (which ends with GCM's 16-byte tag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedSecret {
    pub key_id: String,
    pub nonce: String,
    pub ciphertext: String,
}

/// Why the vault could not seal or open a secret, or load its keys.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(
        "no secret key is configured: set ALTLOOM_SECRET_KEY, ALTLOOM_SECRET_KEY_FILE or \
         ALTLOOM_DATA_DIR"
    )]
    NoKey,
    #[error(
        "this secret was encrypted with key {key_id}, which this server does not have (it has \
         {known}); give the old key in ALTLOOM_SECRET_KEY_PREVIOUS or restore the key file"
    )]
    UnknownKey { key_id: String, known: String },
    #[error(
        "the stored secret does not decrypt with key {key_id}: it was altered, or copied from \
         another site"
    )]
    Tampered { key_id: String },
    #[error("the stored secret is damaged: {0}")]
    Malformed(&'static str),
    #[error("key file {path}: {reason}")]
    KeyFile { path: String, reason: String },
}

/// One key ready for use.
#[derive(Clone)]
struct LoadedKey {
    id: String,
    cipher: Aes256Gcm,
}

impl LoadedKey {
    fn new(key: &SecretKey) -> LoadedKey {
        LoadedKey {
            id: key.id(),
            cipher: Aes256Gcm::new(&key.bytes.into()),
        }
    }
}

/// The keys in force: the current one seals, every one opens.
#[derive(Clone)]
struct Keyring {
    current: LoadedKey,
    previous: Vec<LoadedKey>,
}

impl Keyring {
    fn new(keys: &[SecretKey]) -> Result<Keyring, VaultError> {
        let (current, previous) = keys.split_first().ok_or(VaultError::NoKey)?;
        Ok(Keyring {
            current: LoadedKey::new(current),
            previous: previous
                .iter()
                .filter(|key| key.id() != current.id())
                .map(LoadedKey::new)
                .collect(),
        })
    }

    fn find(&self, key_id: &str) -> Option<&LoadedKey> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|key| key.id == key_id)
    }

    fn ids(&self) -> Vec<String> {
        std::iter::once(&self.current)
            .chain(&self.previous)
            .map(|key| key.id.clone())
            .collect()
    }
}

/// Seals and opens site secrets. With a key file it notices when the file changes (a rotation
/// by `altloom-server rotate-key` while the server runs) and reloads it.
pub struct Vault {
    keys: RwLock<Arc<Keyring>>,
    file: Option<PathBuf>,
    stamp: Mutex<Option<key_file::Stamp>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Vault")
            .field("key_ids", &self.key_ids())
            .field("file", &self.file)
            .finish()
    }
}

/// The associated data of a site's secret: it binds the ciphertext to its workspace and site.
pub fn site_associated_data(workspace_id: &str, site_id: &str) -> Vec<u8> {
    format!("altloom site secret v1\0{workspace_id}\0{site_id}").into_bytes()
}

impl Vault {
    /// Loads the keys `source` names; a missing key file is created (mode 0600) first.
    pub fn load(source: &KeySource) -> Result<Vault, VaultError> {
        match source {
            KeySource::Environment { current, previous } => {
                let mut keys = vec![current.clone()];
                keys.extend(previous.iter().cloned());
                Ok(Vault::from_keys(&keys)?)
            }
            KeySource::File(path) => {
                let (keys, stamp) = key_file::load_or_create(path)?;
                Ok(Vault {
                    keys: RwLock::new(Arc::new(Keyring::new(&keys)?)),
                    file: Some(path.clone()),
                    stamp: Mutex::new(Some(stamp)),
                })
            }
            KeySource::Missing => Err(VaultError::NoKey),
        }
    }

    /// A vault over fixed keys, the first current.
    pub fn from_keys(keys: &[SecretKey]) -> Result<Vault, VaultError> {
        Ok(Vault {
            keys: RwLock::new(Arc::new(Keyring::new(keys)?)),
            file: None,
            stamp: Mutex::new(None),
        })
    }

    /// The key file this vault reads, if it reads one.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The id of the key new secrets are sealed with.
    pub fn current_key_id(&self) -> String {
        self.keyring().current.id.clone()
    }

    /// Every key id this vault can open, the current one first.
    pub fn key_ids(&self) -> Vec<String> {
        self.keyring().ids()
    }

    fn keyring(&self) -> Arc<Keyring> {
        // A poisoned lock still holds a whole keyring: it is only ever replaced, never edited.
        Arc::clone(
            &self
                .keys
                .read()
                .unwrap_or_else(|poison| poison.into_inner()),
        )
    }

    /// Re-reads the key file when it changed since it was last read. A file that cannot be read
    /// keeps the keys already loaded, with a warning: the server goes on with what it had.
    pub fn refresh(&self) {
        let Some(path) = &self.file else { return };
        let mut stamp = self
            .stamp
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let current = key_file::stamp(path).ok();
        if current.is_some() && current == *stamp {
            return;
        }
        match key_file::read(path)
            .and_then(|(keys, new_stamp)| Keyring::new(&keys).map(|keyring| (keyring, new_stamp)))
        {
            Ok((keyring, new_stamp)) => {
                *self
                    .keys
                    .write()
                    .unwrap_or_else(|poison| poison.into_inner()) = Arc::new(keyring);
                *stamp = Some(new_stamp);
                tracing::info!(key_ids = ?self.key_ids(), "secret key file reloaded");
            }
            Err(error) => {
                tracing::warn!(%error, "cannot reload the secret key file; keeping the keys loaded")
            }
        }
    }

    /// Encrypts `plaintext` with the current key and a fresh random nonce, bound to
    /// `associated_data`.
    pub fn seal(
        &self,
        plaintext: &str,
        associated_data: &[u8],
    ) -> Result<SealedSecret, VaultError> {
        self.refresh();
        let keyring = self.keyring();
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let ciphertext = keyring
            .current
            .cipher
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: associated_data,
                },
            )
            .map_err(|_| VaultError::Malformed("the secret is too long to encrypt"))?;
        Ok(SealedSecret {
            key_id: keyring.current.id.clone(),
            nonce: STANDARD.encode(nonce),
            ciphertext: STANDARD.encode(ciphertext),
        })
    }

    /// Decrypts a stored secret. An unknown key id first makes the vault re-read its key file,
    /// in case a rotation just added the key.
    pub fn open(
        &self,
        sealed: &SealedSecret,
        associated_data: &[u8],
    ) -> Result<SecretText, VaultError> {
        let mut keyring = self.keyring();
        if keyring.find(&sealed.key_id).is_none() {
            self.refresh();
            keyring = self.keyring();
        }
        let key = keyring
            .find(&sealed.key_id)
            .ok_or_else(|| VaultError::UnknownKey {
                key_id: sealed.key_id.clone(),
                known: keyring.ids().join(", "),
            })?;
        let nonce: [u8; NONCE_BYTES] = STANDARD
            .decode(&sealed.nonce)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(VaultError::Malformed("the nonce is not 12 bytes of base64"))?;
        let ciphertext = STANDARD
            .decode(&sealed.ciphertext)
            .map_err(|_| VaultError::Malformed("the ciphertext is not base64"))?;
        let plaintext = key
            .cipher
            .decrypt(
                &nonce.into(),
                Payload {
                    msg: &ciphertext,
                    aad: associated_data,
                },
            )
            .map_err(|_| VaultError::Tampered {
                key_id: sealed.key_id.clone(),
            })?;
        String::from_utf8(plaintext)
            .map(SecretText::new)
            .map_err(|_| VaultError::Malformed("the secret is not text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_from_base64_or_hex_and_nothing_else() {
        let key = SecretKey::generate();
        assert_eq!(SecretKey::parse(&key.encode()).unwrap(), key);
        assert_eq!(SecretKey::parse(&hex::encode(key.bytes)).unwrap(), key);
        assert_eq!(
            SecretKey::parse(&URL_SAFE_NO_PAD.encode(key.bytes)).unwrap(),
            key
        );
        assert_eq!(
            SecretKey::parse("c2hvcnQ="),
            Err(KeyFormatError::WrongLength { bytes: 5 })
        );
        assert_eq!(
            SecretKey::parse("not a key at all!"),
            Err(KeyFormatError::NotEncoded)
        );
        assert_eq!(key.id().len(), 8);
        assert!(!format!("{key:?}").contains(&key.encode()));
        assert!(!KeyFormatError::NotEncoded.to_string().contains("!"));
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_its_row() {
        let vault = Vault::from_keys(&[SecretKey::generate()]).unwrap();
        let row = site_associated_data("ws_a", "site_1");
        let sealed = vault.seal("abcd efgh ijkl mnop", &row).unwrap();
        assert_eq!(sealed.key_id, vault.current_key_id());
        assert!(!sealed.ciphertext.contains("abcd"));
        assert_eq!(
            vault.open(&sealed, &row).unwrap().expose(),
            "abcd efgh ijkl mnop"
        );
        // The same secret sealed twice differs: the nonce is fresh each time.
        assert_ne!(vault.seal("abcd efgh ijkl mnop", &row).unwrap(), sealed);
        // Moved to another site or workspace, it does not open.
        for other in [
            site_associated_data("ws_a", "site_2"),
            site_associated_data("ws_b", "site_1"),
        ] {
            assert!(matches!(
                vault.open(&sealed, &other),
                Err(VaultError::Tampered { .. })
            ));
        }
        // A flipped bit is noticed.
        let mut bytes = STANDARD.decode(&sealed.ciphertext).unwrap();
        bytes[0] ^= 1;
        let altered = SealedSecret {
            ciphertext: STANDARD.encode(bytes),
            ..sealed.clone()
        };
        assert!(matches!(
            vault.open(&altered, &row),
            Err(VaultError::Tampered { .. })
        ));
        // Another server's key: a clear error naming the key, not a panic.
        let stranger = Vault::from_keys(&[SecretKey::generate()]).unwrap();
        let error = stranger.open(&sealed, &row).unwrap_err();
        assert!(matches!(error, VaultError::UnknownKey { .. }));
        assert!(error.to_string().contains(&sealed.key_id), "{error}");
        // Damaged columns are errors too.
        let damaged = SealedSecret {
            nonce: "***".into(),
            ..sealed
        };
        assert!(matches!(
            vault.open(&damaged, &row),
            Err(VaultError::Malformed(_))
        ));
    }

    #[test]
    fn previous_keys_open_but_never_seal() {
        let old = SecretKey::generate();
        let new = SecretKey::generate();
        let row = site_associated_data("ws", "site");
        let sealed = Vault::from_keys(std::slice::from_ref(&old))
            .unwrap()
            .seal("secret", &row)
            .unwrap();
        let rotating = Vault::from_keys(&[new.clone(), old.clone()]).unwrap();
        assert_eq!(rotating.open(&sealed, &row).unwrap().expose(), "secret");
        assert_eq!(rotating.seal("secret", &row).unwrap().key_id, new.id());
        assert_eq!(rotating.key_ids(), vec![new.id(), old.id()]);
        assert!(!format!("{rotating:?}").contains(&new.encode()));
    }
}
