//! The filesystem layer: every open, lock, rename and permission check of the program lives
//! under here, so the rules the contract sets for files (0600, 0700, atomic replacement,
//! locks beside the data) are enforced in one place.

mod atomic;
mod lock;
mod private;

use std::fs::{DirBuilder, File};
use std::io::{self, Read};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

use anyhow::{Context, Result, bail};

pub use atomic::{StagedFile, sweep_leftovers, write_new_private};
pub use lock::Lock;
pub use private::read_private;

/// Creates `dir` and any missing parents as 0700. Directories that already exist keep their
/// mode: a vault placed in an existing folder must not change that folder's permissions.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() {
        return Ok(());
    }
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("cannot create directory {}", dir.display()))
}

/// Opens the vault file for reading, with the error a user needs when there is none yet.
pub fn open_vault(path: &Path) -> Result<File> {
    match File::open(path) {
        Ok(file) => Ok(file),
        Err(err) if err.kind() == io::ErrorKind::NotFound => bail!(
            "no vault at {}; create one with `vault init` (or point --vault / VAULT_FILE at yours)",
            path.display()
        ),
        Err(err) => Err(err).with_context(|| format!("cannot open the vault {}", path.display())),
    }
}

/// Reads the whole vault file. Writers replace the file by rename, so whatever inode we opened
/// stays whole while we read it.
pub fn read_vault(path: &Path) -> Result<Vec<u8>> {
    let mut file = open_vault(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the vault {}", path.display()))?;
    Ok(bytes)
}

pub fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

/// The vault file opened for an agent's read, which fetches only the ranges it needs.
pub struct VaultReader {
    file: File,
    len: u64,
}

impl VaultReader {
    pub fn open(path: &Path) -> Result<Self> {
        let file = open_vault(path)?;
        let len = file
            .metadata()
            .with_context(|| format!("cannot read the vault {}", path.display()))?
            .len();
        Ok(Self { file, len })
    }

    /// `len` bytes at `offset`; an error if the file is shorter (it was damaged).
    pub fn read_at(&self, offset: u64, len: u64) -> Result<Vec<u8>> {
        use std::os::unix::fs::FileExt;
        if offset.checked_add(len).is_none_or(|end| end > self.len) {
            bail!("the vault file is damaged (truncated); restore it from a backup");
        }
        let mut bytes = vec![0; len as usize];
        self.file
            .read_exact_at(&mut bytes, offset)
            .context("cannot read the vault")?;
        Ok(bytes)
    }
}

/// When stdout is a regular file of ours (`vault agent add bot > bot.key`), takes group and
/// other permissions off it: it is about to hold a private key, and the shell created it with
/// the caller's umask. Returns whether it changed anything.
pub fn make_stdout_private() -> Result<bool> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    let stdout = std::io::stdout();
    let file = File::from(stdout.as_fd().try_clone_to_owned()?);
    let meta = file.metadata()?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let mine = meta.uid() == unsafe { libc::geteuid() };
    if !meta.is_file() || !mine || meta.mode() & 0o077 == 0 {
        return Ok(false);
    }
    file.set_permissions(std::fs::Permissions::from_mode(meta.mode() & 0o700))
        .context("cannot make the key file on stdout private")?;
    Ok(true)
}
