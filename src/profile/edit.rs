//! Profiles changed the one way both front ends change them: the file written by
//! [`ProfileStore`] only, and each password moved in the keyring with its profile (set, removed,
//! carried along on a rename), never written anywhere else.

use super::{secret, Profile, ProfileStore};
use crate::error::{Error, Result};

/// A profile as an editor sends it: `password` `None` keeps the stored one, `Some("")` removes
/// it, anything else replaces it; `previous_name` is the name it had, when it is renamed.
pub struct ProfileEdit {
    pub profile: Profile,
    pub password: Option<String>,
    pub previous_name: Option<String>,
}

/// Written by hand so that no log or panic message can ever show the password.
impl std::fmt::Debug for ProfileEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileEdit")
            .field("profile", &self.profile)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("previous_name", &self.previous_name)
            .finish()
    }
}

impl ProfileStore {
    /// Adds or replaces a profile (renaming it when `previous_name` differs), its password
    /// kept in the keyring, and writes the file. Returns the profile as saved.
    pub fn save_edit(&mut self, edit: ProfileEdit) -> Result<Profile> {
        let mut profile = edit.profile;
        profile.name = profile.name.trim().to_string();
        if profile.name.is_empty() {
            return Err(Error::Invalid {
                message: "a profile needs a name".into(),
            });
        }
        let previous_name = edit.previous_name.unwrap_or_else(|| profile.name.clone());
        let renamed = previous_name != profile.name;
        if renamed && self.profiles.iter().any(|p| p.name == profile.name) {
            return Err(Error::ProfileExists { name: profile.name });
        }
        let previous = self.profiles.iter().position(|p| p.name == previous_name);
        let had_password = previous.is_some_and(|i| self.profiles[i].has_password);
        match edit.password {
            Some(password) if !password.is_empty() => {
                secret::set_password(&profile.name, &password)?;
                profile.has_password = true;
            }
            Some(_) => {
                secret::delete_password(&previous_name)?;
                profile.has_password = false;
            }
            None => profile.has_password = had_password,
        }
        // A renamed profile takes its keyring entry along.
        if renamed && had_password {
            if let Some(password) = secret::get_password(&previous_name)? {
                secret::set_password(&profile.name, &password)?;
            }
            secret::delete_password(&previous_name)?;
        }
        match previous {
            Some(i) => self.profiles[i] = profile.clone(),
            None => self.profiles.push(profile.clone()),
        }
        self.save()?;
        Ok(profile)
    }

    /// Removes a profile and its keyring entry, and writes the file.
    pub fn delete(&mut self, name: &str) -> Result<()> {
        self.remove(name);
        secret::delete_password(name)?;
        self.save()
    }
}
