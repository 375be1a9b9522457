//! Where the vault, the operator identity and the audit log live.
//!
//! Each path comes from its flag, else its environment variable, else `VAULT_HOME`, else the
//! platform's data and config directories. A variable set to the empty string counts as unset,
//! as it does for most tools, so `VAULT_FILE= vault …` means "the default".

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use directories::ProjectDirs;

pub struct Paths {
    pub vault: PathBuf,
    pub identity: PathBuf,
    pub log: PathBuf,
}

/// The paths given on the command line, which beat everything else.
#[derive(Default)]
pub struct Flags {
    pub vault: Option<PathBuf>,
    pub identity: Option<PathBuf>,
    pub log: Option<PathBuf>,
}

const VAULT_FILE_NAME: &str = "vault.age";
const IDENTITY_FILE_NAME: &str = "identity.txt";
const LOG_FILE_NAME: &str = "events.jsonl";

/// `path` with `suffix` appended to its file name: `vault.age` → `vault.age.lock`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// A path from the environment; unset and empty are the same.
pub fn env_path(var: &str) -> Option<PathBuf> {
    env::var_os(var)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

impl Paths {
    pub fn resolve(args: &Flags) -> Result<Self> {
        let home = env_path("VAULT_HOME");
        // Looked up only when a path is still missing: it reads $HOME and the XDG variables.
        let platform = || {
            ProjectDirs::from("", "", "vault").ok_or_else(|| {
                anyhow!(
                    "cannot find your home directory for the default paths; set VAULT_HOME, or pass --vault, --identity and --log"
                )
            })
        };
        let pick = |flag: &Option<PathBuf>, var, name, dir: fn(&ProjectDirs) -> &Path| match (
            flag.clone().or_else(|| env_path(var)),
            &home,
        ) {
            (Some(path), _) => Ok(path),
            (None, Some(home)) => Ok(home.join(name)),
            (None, None) => platform().map(|dirs| dir(&dirs).join(name)),
        };
        Ok(Self {
            vault: pick(
                &args.vault,
                "VAULT_FILE",
                VAULT_FILE_NAME,
                ProjectDirs::data_dir,
            )?,
            identity: pick(
                &args.identity,
                "VAULT_IDENTITY",
                IDENTITY_FILE_NAME,
                ProjectDirs::config_dir,
            )?,
            log: pick(&args.log, "VAULT_LOG", LOG_FILE_NAME, ProjectDirs::data_dir)?,
        })
    }

    /// Writers lock this file, never the vault itself: the vault is replaced by rename.
    pub fn vault_lock(&self) -> PathBuf {
        with_suffix(&self.vault, ".lock")
    }
}
