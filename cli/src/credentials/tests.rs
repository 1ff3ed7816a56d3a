//! Tests of token storage with stand-in keyrings: working, missing and hanging.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::*;

/// A keyring kept in memory, or one that is missing, or one that never answers.
#[derive(Clone)]
enum FakeKeyring {
    Working(Arc<Mutex<BTreeMap<(String, String), String>>>),
    Unavailable,
    Hanging(Duration),
}

impl FakeKeyring {
    fn working() -> FakeKeyring {
        FakeKeyring::Working(Arc::default())
    }
}

impl Keyring for FakeKeyring {
    fn get(&self, service: &str, account: &str) -> Result<Option<Secret>, KeyringError> {
        match self {
            FakeKeyring::Working(entries) => Ok(entries
                .lock()
                .unwrap()
                .get(&(service.into(), account.into()))
                .map(Secret::new)),
            FakeKeyring::Unavailable => Err(KeyringError::Unavailable("no D-Bus session".into())),
            FakeKeyring::Hanging(timeout) => {
                with_timeout(*timeout, || std::thread::sleep(Duration::from_secs(30)))?;
                Ok(None)
            }
        }
    }

    fn set(&self, service: &str, account: &str, secret: &Secret) -> Result<(), KeyringError> {
        match self {
            FakeKeyring::Working(entries) => {
                entries.lock().unwrap().insert(
                    (service.into(), account.into()),
                    secret.expose().to_string(),
                );
                Ok(())
            }
            FakeKeyring::Unavailable => Err(KeyringError::Unavailable("no D-Bus session".into())),
            FakeKeyring::Hanging(timeout) => {
                with_timeout(*timeout, || std::thread::sleep(Duration::from_secs(30)))
            }
        }
    }

    fn delete(&self, service: &str, account: &str) -> Result<(), KeyringError> {
        match self {
            FakeKeyring::Working(entries) => {
                entries
                    .lock()
                    .unwrap()
                    .remove(&(service.into(), account.into()));
                Ok(())
            }
            FakeKeyring::Unavailable => Err(KeyringError::Unavailable("no D-Bus session".into())),
            FakeKeyring::Hanging(timeout) => {
                with_timeout(*timeout, || std::thread::sleep(Duration::from_secs(30)))
            }
        }
    }
}

const SERVER_A: &str = "https://a.example";
const SERVER_B: &str = "http://127.0.0.1:8080";

fn store(folder: &Path, keyring: FakeKeyring) -> CredentialStore {
    CredentialStore::new(&folder.join("altloom"), Box::new(keyring))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn without_a_keyring_the_token_goes_to_a_private_file_with_a_warning() {
    let folder = tempfile::tempdir().unwrap();
    let store = store(folder.path(), FakeKeyring::Unavailable);
    let saved = store.save(SERVER_A, &Secret::new("alt_first")).unwrap();
    assert_eq!(saved.location, TokenLocation::File);
    let warning = saved.warning.expect("a warning says where the token went");
    assert!(warning.contains("no OS keyring available"), "{warning}");
    assert!(warning.contains("no D-Bus session"), "{warning}");
    assert!(
        warning.contains(&store.file_path().display().to_string()),
        "{warning}"
    );
    assert!(warning.contains("readable only by you"), "{warning}");
    let text = std::fs::read_to_string(store.file_path()).unwrap();
    assert!(text.contains("alt_first"), "{text}");
    assert_eq!(
        store
            .load(SERVER_A, TokenLocation::File)
            .unwrap()
            .unwrap()
            .expose(),
        "alt_first"
    );
    #[cfg(unix)]
    {
        assert_eq!(mode(&store.file_path()), 0o600);
        assert_eq!(mode(&folder.path().join("altloom")), 0o700);
    }
}

#[cfg(unix)]
#[test]
fn the_file_is_replaced_whole_and_private_even_when_it_was_readable_before() {
    use std::os::unix::fs::PermissionsExt;
    let folder = tempfile::tempdir().unwrap();
    let store = store(folder.path(), FakeKeyring::Unavailable);
    std::fs::create_dir_all(folder.path().join("altloom")).unwrap();
    std::fs::write(
        store.file_path(),
        "[tokens]\n\"https://old.example\" = \"alt_old\"\n",
    )
    .unwrap();
    std::fs::set_permissions(store.file_path(), std::fs::Permissions::from_mode(0o644)).unwrap();

    store.save(SERVER_A, &Secret::new("alt_new")).unwrap();
    assert_eq!(mode(&store.file_path()), 0o600);
    let text = std::fs::read_to_string(store.file_path()).unwrap();
    assert!(
        text.contains("alt_old") && text.contains("alt_new"),
        "{text}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(folder.path().join("altloom"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name != CREDENTIALS_FILE)
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn tokens_are_kept_per_api_url() {
    for keyring in [FakeKeyring::working(), FakeKeyring::Unavailable] {
        let folder = tempfile::tempdir().unwrap();
        let store = store(folder.path(), keyring);
        let location_a = store
            .save(SERVER_A, &Secret::new("alt_a"))
            .unwrap()
            .location;
        let location_b = store
            .save(SERVER_B, &Secret::new("alt_b"))
            .unwrap()
            .location;
        assert_eq!(
            store.load(SERVER_A, location_a).unwrap().unwrap().expose(),
            "alt_a"
        );
        assert_eq!(
            store.load(SERVER_B, location_b).unwrap().unwrap().expose(),
            "alt_b"
        );
        store.forget(SERVER_A, Some(location_a)).unwrap();
        assert!(store.load(SERVER_A, location_a).unwrap().is_none());
        assert_eq!(
            store.load(SERVER_B, location_b).unwrap().unwrap().expose(),
            "alt_b"
        );
        store.forget(SERVER_B, Some(location_b)).unwrap();
        assert!(
            !store.file_path().exists(),
            "the file goes with the last token"
        );
    }
}

#[test]
fn a_working_keyring_is_used_and_no_file_is_written() {
    let folder = tempfile::tempdir().unwrap();
    let keyring = FakeKeyring::working();
    let store = store(folder.path(), keyring.clone());
    let saved = store.save(SERVER_A, &Secret::new("alt_k")).unwrap();
    assert_eq!(saved.location, TokenLocation::Keyring);
    assert!(saved.warning.is_none());
    assert!(!store.file_path().exists());
    let FakeKeyring::Working(entries) = keyring else {
        unreachable!()
    };
    assert_eq!(
        entries
            .lock()
            .unwrap()
            .get(&(SERVICE.into(), SERVER_A.into())),
        Some(&"alt_k".to_string())
    );
}

#[test]
fn the_environment_token_wins_over_stored_ones() {
    let folder = tempfile::tempdir().unwrap();
    let store = store(folder.path(), FakeKeyring::Unavailable);
    store.save(SERVER_A, &Secret::new("alt_stored")).unwrap();

    let (token, origin) = store
        .current_token(Some("alt_from_env\n"), SERVER_A, Some(TokenLocation::File))
        .unwrap()
        .unwrap();
    assert_eq!(token.expose(), "alt_from_env");
    assert_eq!(origin, TokenOrigin::Environment);

    let (token, origin) = store
        .current_token(Some(""), SERVER_A, Some(TokenLocation::File))
        .unwrap()
        .unwrap();
    assert_eq!(token.expose(), "alt_stored");
    assert_eq!(origin, TokenOrigin::StoredLogin);

    assert!(store.current_token(None, SERVER_B, None).unwrap().is_none());
}

#[test]
fn a_hanging_keyring_falls_back_to_the_file_quickly() {
    let folder = tempfile::tempdir().unwrap();
    let store = store(
        folder.path(),
        FakeKeyring::Hanging(Duration::from_millis(300)),
    );
    let started = Instant::now();
    let saved = store.save(SERVER_A, &Secret::new("alt_h")).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(saved.location, TokenLocation::File);
    let warning = saved.warning.unwrap();
    assert!(warning.contains("did not answer"), "{warning}");

    let error = store.load(SERVER_A, TokenLocation::Keyring).unwrap_err();
    assert!(error.to_string().contains("altloom login"), "{error}");
}
