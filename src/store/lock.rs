//! Advisory locks: on lock files that sit beside the data they guard (the vault), or on an open
//! file itself (the audit log, which agents of other Unix users append to and which therefore
//! cannot count on a lock file they could create).
//!
//! A lock on the vault file itself would be lost with its inode at each rename; the log is only
//! ever renamed by rotation, and its writers check after locking that the name still leads to
//! the file they locked.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::{nofollow_error, require_regular};

/// How long a writer waits for another one before giving up (pinned by the contract).
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// An exclusive lock, released when dropped (closing the descriptor releases an flock).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Takes the exclusive lock on the lock file `path` (created 0600 if missing, never through
    /// a symbolic link), waiting up to 10 seconds.
    pub fn exclusive(path: &Path, guarding: &str) -> Result<Lock> {
        Self::exclusive_within(path, guarding, LOCK_TIMEOUT)
    }

    fn exclusive_within(path: &Path, guarding: &str, timeout: Duration) -> Result<Lock> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
            .map_err(|err| nofollow_error(err, path, "the lock file"))?;
        require_regular(&file, path, "the lock file")?;
        Self::wait_for(file, path, guarding, timeout)
    }

    /// Takes the exclusive lock on an open file, waiting up to 10 seconds. `path` names it in
    /// errors.
    pub fn on(file: &File, path: &Path, guarding: &str) -> Result<Lock> {
        let file = file
            .try_clone()
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Self::wait_for(file, path, guarding, LOCK_TIMEOUT)
    }

    fn wait_for(file: File, path: &Path, guarding: &str, timeout: Duration) -> Result<Lock> {
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_micros(200);
        loop {
            // Fully qualified: since Rust 1.89 std's own `File` locking methods shadow some of
            // fs2's, and this must be fs2's flock.
            match fs2::FileExt::try_lock_exclusive(&file) {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
                Err(err) => {
                    return Err(err).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
            if Instant::now() >= deadline {
                bail!(
                    "{guarding} is busy: another vault process has held {} for {} s; try again, or find the holder with `fuser {}`",
                    path.display(),
                    timeout.as_secs(),
                    path.display()
                );
            }
            // Contention lasts as long as one small write, so start with short naps.
            thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(10));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_locker_times_out_then_gets_it_once_freed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let first = Lock::exclusive(&path, "the vault").unwrap();
        let err = Lock::exclusive_within(&path, "the vault", Duration::from_millis(50))
            .unwrap_err()
            .to_string();
        assert!(err.contains("the vault is busy"), "{err}");
        drop(first);
        Lock::exclusive_within(&path, "the vault", Duration::from_millis(50)).unwrap();
    }

    #[test]
    fn a_lock_file_behind_a_symlink_is_refused_and_its_target_not_created() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        let path = dir.path().join("x.lock");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        let err = Lock::exclusive(&path, "the vault").unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert!(!target.exists());
    }
}
