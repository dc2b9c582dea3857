//! Profile passwords in the operating system's keyring (Windows Credential Manager, macOS
//! Keychain, the Secret Service on Linux), service `retort`, one entry per profile name. A
//! keyring that is missing or locked is an error that says what to do; there is no plain-text
//! fallback. Calls run on their own thread: the Linux backend drives its own executor, which
//! must not run inside the caller's async runtime.

use crate::error::{Error, Result};

/// The keyring service every entry is filed under.
pub const SERVICE: &str = "retort";

/// The stored password of profile `name`, `None` when there is none.
pub fn get_password(name: &str) -> Result<Option<String>> {
    with_entry(name, |entry| match entry.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e),
    })
}

pub fn set_password(name: &str, password: &str) -> Result<()> {
    let password = password.to_string();
    with_entry(name, move |entry| entry.set_password(&password))
}

/// Removes the entry; a profile without one is fine.
pub fn delete_password(name: &str) -> Result<()> {
    with_entry(name, |entry| match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(e),
    })
}

fn with_entry<T: Send + 'static>(
    name: &str,
    work: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
) -> Result<T> {
    let profile = name.to_string();
    let user = profile.clone();
    let outcome = std::thread::spawn(move || {
        let entry = keyring::Entry::new(SERVICE, &user)?;
        work(&entry)
    })
    .join();
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(unavailable(&profile, &e.to_string())),
        Err(_) => Err(unavailable(&profile, "the keyring backend crashed")),
    }
}

fn unavailable(profile: &str, why: &str) -> Error {
    let hint = if cfg!(target_os = "linux") {
        "a Secret Service (GNOME Keyring or KWallet) must be running and unlocked in this session"
    } else if cfg!(target_os = "macos") {
        "unlock the login keychain and allow Retort to use it"
    } else {
        "Windows Credential Manager must be available to this user"
    };
    Error::Keyring {
        profile: profile.to_string(),
        message: format!("{why} ({hint})"),
    }
}
