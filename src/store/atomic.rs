//! Crash-safe replacement of a file: a temporary file in the same directory, fsync, rename,
//! fsync of the directory. A crash at any instant leaves the old file or the new one, and, if
//! it came after the fsync, the new one whole under its temporary name.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

use super::{parent_of, share_like};

/// New contents being written beside `dest`, not yet visible under its name. `commit` flushes
/// them to disk and renames them into place; dropping it instead deletes the temporary file.
#[derive(Debug)]
pub struct StagedFile {
    temp: NamedTempFile,
    dest: PathBuf,
    synced: bool,
}

impl StagedFile {
    /// An empty temporary file beside `dest`, to be filled through `file`.
    pub fn create(dest: &Path) -> Result<Self> {
        let dir = parent_of(dest);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        // tempfile creates the file 0600 with O_EXCL, so no wider copy ever exists.
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        Ok(Self {
            temp,
            dest: dest.to_path_buf(),
            synced: false,
        })
    }

    pub fn new(dest: &Path, bytes: &[u8]) -> Result<Self> {
        let mut staged = Self::create(dest)?;
        staged
            .file()
            .write_all(bytes)
            .with_context(|| format!("cannot write {}", staged.temp.path().display()))?;
        Ok(staged)
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// Flushes the contents to the disk, so that a crash from now on leaves them whole, with
    /// their final permissions: the group of the file they replace, and its group read
    /// permission (an operator who lets agents of another Unix user read the vault keeps them
    /// able to).
    pub fn sync(&mut self) -> Result<()> {
        if !self.synced {
            if let Ok(old) = fs::metadata(&self.dest) {
                share_like(self.temp.as_file(), &old, 0o040)
                    .with_context(|| format!("cannot write {}", self.temp.path().display()))?;
            }
            // fdatasync: the data and what it takes to read it back (the size), not timestamps.
            self.temp
                .as_file()
                .sync_data()
                .with_context(|| format!("cannot write {}", self.temp.path().display()))?;
            self.synced = true;
        }
        Ok(())
    }

    /// Renames the staged file over the destination and makes the rename durable. If the
    /// rename fails, the staged file stays where it is, whole: its change was logged already,
    /// and the next writer puts it in place (see `vault::settle`).
    pub fn commit(mut self) -> Result<()> {
        self.sync()?;
        let dest = self.dest;
        if let Err(err) = self.temp.persist(&dest) {
            let cause = err.error;
            if err.file.keep().is_ok() {
                bail!(
                    "cannot replace {} ({cause}); the change is logged, and the next change puts it in place",
                    dest.display()
                );
            }
            return Err(cause).with_context(|| format!("cannot replace {}", dest.display()));
        }
        sync_dir(parent_of(&dest)).map_err(|err| made_but_not_durable(&dest, err))
    }

    /// Like `commit`, but refuses to replace a file that exists by now.
    pub fn commit_new(mut self) -> Result<()> {
        self.sync()?;
        let dest = self.dest;
        if let Err(err) = self.temp.persist_noclobber(&dest) {
            if err.error.kind() == std::io::ErrorKind::AlreadyExists {
                bail!("{} already exists; not overwriting it", dest.display());
            }
            return Err(err.error).with_context(|| format!("cannot create {}", dest.display()));
        }
        sync_dir(parent_of(&dest)).map_err(|err| made_but_not_durable(&dest, err))
    }
}

/// After the rename the new file is in place: say so, rather than that nothing happened.
fn made_but_not_durable(dest: &Path, err: anyhow::Error) -> anyhow::Error {
    err.context(format!(
        "{} is replaced, but a crash now could undo that",
        dest.display()
    ))
}

/// Puts a file a killed writer staged and flushed in place of `dest`, durably.
pub fn put_in_place(staged: &Path, dest: &Path) -> Result<()> {
    fs::rename(staged, dest).with_context(|| format!("cannot replace {}", dest.display()))?;
    sync_dir(parent_of(dest)).map_err(|err| made_but_not_durable(dest, err))
}

/// Replaces `dest` with `bytes` (0600), atomically: no other copy of either is left.
pub fn replace_private(dest: &Path, bytes: &[u8]) -> Result<()> {
    StagedFile::new(dest, bytes)?.commit()
}

/// Creates `dest` (0600) with `bytes`, atomically, failing if it exists.
pub fn write_new_private(dest: &Path, bytes: &[u8]) -> Result<()> {
    StagedFile::new(dest, bytes)?.commit_new()
}

/// The temporary files that writers killed mid-write left beside `dest`. Only with the
/// writers' lock held: then no live writer has a temporary file there.
pub fn leftovers(dest: &Path) -> Result<Vec<PathBuf>> {
    let dir = parent_of(dest);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))?;
    Ok(entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            file_name.starts_with(&prefix) && file_name.ends_with(".tmp")
        })
        .map(|entry| entry.path())
        .collect())
}

pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot flush directory {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("vault.age");
        std::fs::write(&dest, b"old").unwrap();

        drop(StagedFile::new(&dest, b"abandoned").unwrap());
        assert_eq!(std::fs::read(&dest).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

        StagedFile::new(&dest, b"new").unwrap().commit().unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn leftovers_of_killed_writers_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("vault.age");
        std::fs::write(&dest, b"vault").unwrap();
        std::fs::write(dir.path().join(".vault.age.AbC123.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join(".other.tmp"), b"not ours").unwrap();
        assert_eq!(
            leftovers(&dest).unwrap(),
            [dir.path().join(".vault.age.AbC123.tmp")]
        );
    }

    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn a_replaced_file_keeps_its_group_read_and_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("vault.age");
        std::fs::write(&dest, b"old").unwrap();
        std::fs::set_permissions(&dest, fs::Permissions::from_mode(0o644)).unwrap();
        StagedFile::new(&dest, b"new").unwrap().commit().unwrap();
        assert_eq!(fs::metadata(&dest).unwrap().mode() & 0o777, 0o640);
        std::fs::set_permissions(&dest, fs::Permissions::from_mode(0o600)).unwrap();
        StagedFile::new(&dest, b"newer").unwrap().commit().unwrap();
        assert_eq!(fs::metadata(&dest).unwrap().mode() & 0o777, 0o600);
    }

    #[test]
    fn write_new_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("identity.txt");
        write_new_private(&dest, b"one").unwrap();
        assert!(write_new_private(&dest, b"two").is_err());
        assert_eq!(std::fs::read(&dest).unwrap(), b"one");
    }
}
