//! Reading key files: the operator identity and agent keys.

use std::fs::OpenOptions;
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::secret::SecretBytes;

/// Far above any key file; keeps a mistaken `--key-file /dev/zero` from eating memory.
const MAX_KEY_FILE_LEN: u64 = 1 << 20;

/// Reads a file that holds a private key, refusing one that others could have read or swapped:
/// a symbolic link, a file of another user, or one with any group or other permission bit; and
/// what is not a regular file, opened without waiting (a FIFO would hang the command).
/// The checks run on the opened descriptor, so the file cannot change between check and read.
/// `None`: there is no such file.
pub fn read_private(path: &Path, what: &str) -> Result<Option<SecretBytes>> {
    let shown = path.display();
    let mut file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NOCTTY | libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(err) if err.raw_os_error() == Some(libc::ELOOP) => {
            bail!("{what} {shown} is a symbolic link; point at the file itself")
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err).with_context(|| format!("cannot open {what} {shown}")),
    };
    let meta = file
        .metadata()
        .with_context(|| format!("cannot inspect {what} {shown}"))?;
    if !meta.is_file() {
        bail!("{what} {shown} is not a regular file (a FIFO or a device?); point at the key file");
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        bail!(
            "{what} {shown} belongs to another user (uid {}); it must be yours: `chown {me} {shown}` and `chmod 600 {shown}`",
            meta.uid()
        );
    }
    if meta.mode() & 0o077 != 0 {
        bail!(
            "{what} {shown} is accessible to other users (mode {:o}); run `chmod 600 {shown}`",
            meta.mode() & 0o777
        );
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_KEY_FILE_LEN) as usize + 1);
    file.by_ref()
        .take(MAX_KEY_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what} {shown}"))?;
    let bytes = SecretBytes::new(bytes);
    if bytes.len() as u64 > MAX_KEY_FILE_LEN {
        bail!("{what} {shown} is too large to be a key file");
    }
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn refuses_group_readable_and_symlinked_files() {
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("bot.key");
        std::fs::write(&key, b"AGE-SECRET-KEY-1X\n").unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o640)).unwrap();
        let err = read_private(&key, "agent key").unwrap_err().to_string();
        assert!(
            err.contains(&format!("chmod 600 {}", key.display())),
            "{err}"
        );

        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_private(&key, "agent key").unwrap().unwrap().len(), 18);
        assert!(
            read_private(&dir.path().join("none"), "agent key")
                .unwrap()
                .is_none()
        );

        let link = dir.path().join("link.key");
        std::os::unix::fs::symlink(&key, &link).unwrap();
        let err = read_private(&link, "agent key").unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
    }
}
