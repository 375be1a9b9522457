//! Crash-safe replacement of a file: a temporary file in the same directory, fsync, rename,
//! fsync of the directory. A crash at any instant leaves the old file or the new one.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

/// New contents written and flushed to disk beside `dest`, not yet visible under its name.
/// Dropping it without [`StagedFile::commit`] deletes the temporary file.
#[derive(Debug)]
pub struct StagedFile {
    temp: NamedTempFile,
    dest: PathBuf,
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

impl StagedFile {
    pub fn new(dest: &Path, bytes: &[u8]) -> Result<Self> {
        let dir = parent_of(dest);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        // tempfile creates the file 0600 with O_EXCL, so no wider copy ever exists.
        let mut temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        temp.write_all(bytes)
            .and_then(|()| temp.as_file().sync_all())
            .with_context(|| format!("cannot write {}", temp.path().display()))?;
        Ok(Self {
            temp,
            dest: dest.to_path_buf(),
        })
    }

    /// Renames the staged file over the destination and makes the rename durable.
    pub fn commit(self) -> Result<()> {
        let dest = self.dest;
        self.temp
            .persist(&dest)
            .map_err(|err| err.error)
            .with_context(|| format!("cannot replace {}", dest.display()))?;
        sync_dir(parent_of(&dest))
    }

    /// Like `commit`, but refuses to replace a file that exists by now.
    pub fn commit_new(self) -> Result<()> {
        let dest = self.dest;
        if let Err(err) = self.temp.persist_noclobber(&dest) {
            if err.error.kind() == std::io::ErrorKind::AlreadyExists {
                bail!("{} already exists; not overwriting it", dest.display());
            }
            return Err(err.error).with_context(|| format!("cannot create {}", dest.display()));
        }
        sync_dir(parent_of(&dest))
    }
}

/// Creates `dest` (0600) with `bytes`, atomically, failing if it exists.
pub fn write_new_private(dest: &Path, bytes: &[u8]) -> Result<()> {
    StagedFile::new(dest, bytes)?.commit_new()
}

fn sync_dir(dir: &Path) -> Result<()> {
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
    fn write_new_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("identity.txt");
        write_new_private(&dest, b"one").unwrap();
        assert!(write_new_private(&dest, b"two").is_err());
        assert_eq!(std::fs::read(&dest).unwrap(), b"one");
    }
}
