//! The filesystem layer: every open, lock, rename and permission check of the program lives
//! under here, so the rules the contract sets for files (0600, 0700, atomic replacement,
//! locks beside the data) are enforced in one place.
//!
//! Whatever a path names, it is opened without blocking (a FIFO would otherwise hang the
//! command until some writer came) and must turn out to be a regular file, so a device cannot
//! feed us bytes without end. Files we write are never opened through a symbolic link.

mod atomic;
mod lock;
mod private;

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

pub use atomic::{StagedFile, leftovers, put_in_place, replace_private, write_new_private};
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

/// The directory a file lives in (`.` for a bare name).
pub fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Refuses a file whose directory others could write to: they could swap the file, plant a
/// log or a lock of their own under its name, or remove it (ssh's StrictModes, for the same
/// reason). A directory that does not exist yet is created 0700 when needed, so it passes.
pub fn check_dir(file: &Path, what: &str) -> Result<()> {
    let dir = parent_of(file);
    let meta = match fs::metadata(dir) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => {
            return Err(err).with_context(|| format!("cannot inspect directory {}", dir.display()));
        }
    };
    let mode = meta.mode() & 0o7777;
    if mode & 0o022 != 0 {
        bail!(
            "the directory {} of {what} is writable by other users (mode {mode:o}), who could replace what is in it; run `chmod go-w {}`, or keep {what} somewhere private",
            dir.display(),
            dir.display()
        );
    }
    Ok(())
}

/// An `open` error, said plainly when the path is a symbolic link we will not follow.
fn nofollow_error(err: io::Error, path: &Path, what: &str) -> anyhow::Error {
    if err.raw_os_error() == Some(libc::ELOOP) {
        anyhow!(
            "{what} {} is a symbolic link; point at the file itself",
            path.display()
        )
    } else {
        anyhow::Error::new(err).context(format!("cannot open {what} {}", path.display()))
    }
}

/// Refuses what is not a regular file: a FIFO, a device, a directory.
fn require_regular(file: &File, path: &Path, what: &str) -> Result<fs::Metadata> {
    let meta = file
        .metadata()
        .with_context(|| format!("cannot inspect {what} {}", path.display()))?;
    if !meta.is_file() {
        bail!(
            "{what} {} is not a regular file (a FIFO, a device or a directory?); point at a file",
            path.display()
        );
    }
    Ok(meta)
}

/// Opens the vault file for reading, with the error a user needs when there is none yet.
pub fn open_vault(path: &Path) -> Result<(File, u64)> {
    check_dir(path, "the vault")?;
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => bail!(
            "no vault at {}; create one with `vault init` (or point --vault / VAULT_FILE at yours)",
            path.display()
        ),
        Err(err) => {
            return Err(err).with_context(|| format!("cannot open the vault {}", path.display()));
        }
    };
    let len = require_regular(&file, path, "the vault")?.len();
    Ok((file, len))
}

/// Reads the whole vault file: as many bytes as its size says, which bounds the read. Writers
/// replace the file by rename, so whatever inode we opened stays whole while we read it.
pub fn read_vault(path: &Path) -> Result<Vec<u8>> {
    let (file, len) = open_vault(path)?;
    read_regular(file, len).with_context(|| format!("cannot read the vault {}", path.display()))
}

/// `len` bytes of a regular file, and not one more.
fn read_regular(file: File, len: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(len).read_to_end(&mut bytes)?;
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
        let (file, len) = open_vault(path)?;
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

/// Opens a log for appending, creating it 0600 if it is missing, never through a symbolic
/// link, and only if it is a regular file.
pub fn open_log_append(path: &Path) -> Result<File> {
    check_dir(path, "the audit log")?;
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|err| nofollow_error(err, path, "the audit log"))?;
    require_regular(&file, path, "the audit log")?;
    Ok(file)
}

/// Opens a log (or an earlier file of one) for reading; `None` if there is none.
pub fn open_log_read(path: &Path) -> Result<Option<File>> {
    check_dir(path, "the audit log")?;
    let opened = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path);
    let file = match opened {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(nofollow_error(err, path, "the audit log")),
    };
    require_regular(&file, path, "the audit log")?;
    Ok(Some(file))
}

/// Creates a new log file at `path` (there must be none), with `like`'s group and its group
/// permissions: rotating a log that agents of another user append to must leave them a file
/// they can still append to.
pub fn create_log_like(path: &Path, like: &File) -> Result<File> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
        .map_err(|err| nofollow_error(err, path, "the audit log"))?;
    share_like(&file, &like.metadata()?, 0o060)
        .with_context(|| format!("cannot give {} the old log's permissions", path.display()))?;
    Ok(file)
}

/// Gives `file` (ours, 0600) the group of `old`, and those of `group_bits` that `old` has;
/// never anything for others.
fn share_like(file: &File, old: &fs::Metadata, group_bits: u32) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::PermissionsExt;
    if old.gid() != file.metadata()?.gid() {
        // SAFETY: a plain syscall on a descriptor we own; u32::MAX (-1) keeps the owner.
        if unsafe { libc::fchown(file.as_raw_fd(), u32::MAX, old.gid()) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    let shared = old.mode() & group_bits;
    if shared != 0 {
        file.set_permissions(fs::Permissions::from_mode(0o600 | shared))?;
    }
    Ok(())
}

/// Whether `path` still names the file `file` is open on: not so once a log was rotated.
pub fn still_names(file: &File, path: &Path) -> Result<bool> {
    let open = file.metadata()?;
    match fs::symlink_metadata(path) {
        Ok(named) => Ok(named.dev() == open.dev() && named.ino() == open.ino()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err).with_context(|| format!("cannot inspect {}", path.display())),
    }
}

/// Regular files in `path`'s directory whose names start with `path`'s name and a dot: the
/// earlier files of a rotated log, its damaged tails, and the logs of other writers.
pub fn files_beside(path: &Path) -> Result<Vec<PathBuf>> {
    let dir = parent_of(path);
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Ok(Vec::new());
    };
    let stem = name.split('.').next().unwrap_or(name);
    let prefix = format!("{stem}.");
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        // Agents of another user may traverse the log's directory without listing it, and a
        // log may not have a directory yet.
        Err(err)
            if matches!(
                err.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::NotFound
            ) =>
        {
            return Ok(Vec::new());
        }
        Err(err) => return Err(err).with_context(|| format!("cannot list {}", dir.display())),
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if file_name != name
            && file_name.starts_with(&prefix)
            && entry.file_type().is_ok_and(|t| t.is_file())
        {
            found.push(dir.join(file_name));
        }
    }
    found.sort();
    Ok(found)
}

/// Moves `from` to `to`, which must not exist, and makes that durable.
pub fn rename_new(from: &Path, to: &Path) -> Result<()> {
    if exists(to) {
        bail!("{} exists already; not overwriting it", to.display());
    }
    fs::rename(from, to)
        .with_context(|| format!("cannot move {} to {}", from.display(), to.display()))?;
    atomic::sync_dir(parent_of(to))
}

/// When stdout is a regular file of ours (`vault agent add bot > bot.key`), takes group and
/// other permissions off it: it is about to hold a private key, and the shell created it with
/// the caller's umask. Returns whether it changed anything.
pub fn make_stdout_private() -> Result<bool> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::PermissionsExt;

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn fifos_and_devices_are_refused_without_hanging() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = format!("{:#}", open_vault(&fifo).unwrap_err());
        assert!(err.contains("not a regular file"), "{err}");
        let err = format!("{:#}", open_log_read(&fifo).unwrap_err());
        assert!(err.contains("not a regular file"), "{err}");
        let err = format!("{:#}", open_vault(Path::new("/dev/zero")).unwrap_err());
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn a_directory_others_can_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o777)).unwrap();
        let err = check_dir(&shared.join("vault.age"), "the vault")
            .unwrap_err()
            .to_string();
        assert!(err.contains("chmod go-w"), "{err}");
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o711)).unwrap();
        check_dir(&shared.join("vault.age"), "the vault").unwrap();
    }

    #[test]
    fn a_log_behind_a_symlink_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, b"keep\n").unwrap();
        let log = dir.path().join("events.jsonl");
        std::os::unix::fs::symlink(&target, &log).unwrap();
        let err = open_log_append(&log).unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(fs::read(&target).unwrap(), b"keep\n");
    }
}
