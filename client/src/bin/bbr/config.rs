//! Profiles (`profiles.toml`) and cached tokens (`tokens/NAME.json`) in the user's
//! configuration directory: `$BBR_CONFIG_DIR`, else `bbr` in the platform's configuration
//! directory (`$XDG_CONFIG_HOME/bbr` or `~/.config/bbr` on Linux). Both hold secrets, so both
//! are written readable by their owner only (mode 0600, the directory 0700).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fail::Fail;

/// One registry and the client that acts there.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The profile used when neither `--profile` nor `BBR_PROFILE` names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// A token obtained by `bbr login` (or by a write), kept until it expires.
#[derive(Debug, Serialize, Deserialize)]
pub struct CachedToken {
    pub access_token: String,
    /// Seconds since the Unix epoch.
    pub expires_at: u64,
    /// The client it was issued to, so that a changed profile does not reuse it.
    pub client_id: String,
    pub url: String,
}

pub fn dir() -> Result<PathBuf, Fail> {
    if let Some(d) = std::env::var_os("BBR_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::config_dir().map(|d| d.join("bbr")).ok_or_else(|| {
        Fail::usage("no configuration directory is known here: set BBR_CONFIG_DIR".into())
    })
}

pub fn profiles_path() -> Result<PathBuf, Fail> {
    Ok(dir()?.join("profiles.toml"))
}

fn token_path(profile: &str) -> Result<PathBuf, Fail> {
    Ok(dir()?.join("tokens").join(format!("{profile}.json")))
}

impl Config {
    pub fn load() -> Result<Config, Fail> {
        let path = profiles_path()?;
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| Fail::usage(format!("{} cannot be read: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Fail::local(format!("reading {}: {e}", path.display()))),
        }
    }

    pub fn save(&self) -> Result<(), Fail> {
        let path = profiles_path()?;
        let text =
            toml::to_string(self).map_err(|e| Fail::local(format!("writing the profiles: {e}")))?;
        write_private(&path, text.as_bytes())
            .map_err(|e| Fail::local(format!("writing {}: {e}", path.display())))
    }
}

/// A profile name is a file name too (its token's): letters, digits, `-`, `_` and `.`.
pub fn check_name(name: &str) -> Result<(), Fail> {
    let ok = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Fail::usage(format!(
            "'{name}' is not a profile name: use letters, digits, '-', '_' and '.'"
        )))
    }
}

pub fn load_token(profile: &str) -> Option<CachedToken> {
    let text = std::fs::read_to_string(token_path(profile).ok()?).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn save_token(profile: &str, token: &CachedToken) -> Result<(), Fail> {
    let path = token_path(profile)?;
    let text = serde_json::to_string(token).map_err(|e| Fail::local(e.to_string()))?;
    write_private(&path, text.as_bytes())
        .map_err(|e| Fail::local(format!("writing {}: {e}", path.display())))
}

pub fn forget_token(profile: &str) {
    if let Ok(path) = token_path(profile) {
        let _ = std::fs::remove_file(path);
    }
}

/// Writes a file only its owner may read or write (also when it existed before with wider
/// rights), through a temporary file renamed into place so that a crash leaves the old one.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    create_private_dir(parent)?;
    let tmp = parent.join(format!(
        ".{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    ));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn profile_names_are_file_names() {
        for ok in ["digg", "prod-1", "a_b.c"] {
            assert!(super::check_name(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".hidden", "a/b", "../x", "med space", "å"] {
            assert!(super::check_name(bad).is_err(), "{bad}");
        }
    }
}
