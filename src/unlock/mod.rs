//! The unlock cache (`vault unlock`), as `ssh-agent` and `gpg-agent` are for their keys: a
//! process of the user's holds the operator identity, unlocked once, for a while, and operator
//! commands ask it to unwrap the file keys of the parts they open instead of asking for the
//! passphrase and paying scrypt each time. It never hands out the identity itself.
//!
//! It listens on a Unix socket in a directory only the user can enter (mode 0700, the socket
//! 0600), answers only peers of its own uid (`SO_PEERCRED`), and a client talks only to a
//! cache of its own uid. Its memory is locked (never swapped) and cannot be dumped or traced;
//! the identity is wiped when it ends: at its time, on `vault lock`, or on SIGTERM.
//!
//! `server` is the cache, `client` what operator commands use. One JSON object per line:
//! `{"op":"recipients"}`, `{"op":"unwrap","stanzas":[[tag,[args],body base64]]}`,
//! `{"op":"status"}`, `{"op":"lock"}`.

mod client;
mod server;

pub use client::{Cache, lock, status};
pub use server::serve;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// A request to the cache.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum Request {
    Recipients,
    Unwrap {
        stanzas: Vec<(String, Vec<String>, String)>,
    },
    Status,
    Lock,
}

/// The cache's answer.
#[derive(Serialize, Deserialize, Default)]
struct Answer {
    #[serde(skip_serializing_if = "Option::is_none")]
    recipients: Option<Vec<String>>,
    /// The file key unwrapped, base64; absent when no stanza was for the identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    file_key: Option<String>,
    /// When the cache ends (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
}

fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// The socket of the cache for the identity at `identity`: in `$XDG_RUNTIME_DIR/vault` (a
/// directory only the user can use), else `/tmp/vault-UID`, named after the identity's path.
pub fn socket_for(identity: &Path) -> Result<PathBuf> {
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(runtime) => PathBuf::from(runtime).join("vault"),
        None => std::env::temp_dir().join(format!("vault-{}", uid())),
    };
    let canonical = std::fs::canonicalize(identity).unwrap_or_else(|_| identity.to_path_buf());
    let digest = crate::audit::sha256_ref(canonical.as_os_str().as_encoded_bytes());
    let name = format!("unlock-{}.sock", &digest["sha256:".len()..][..16]);
    Ok(dir.join(name))
}

/// Makes the socket's directory, or checks the one there: the user's own, entered by nobody
/// else (a directory another user made in /tmp could hold their socket in our name).
pub fn private_dir(socket: &Path) -> Result<()> {
    let dir = crate::store::parent_of(socket);
    match std::fs::symlink_metadata(dir) {
        Err(_) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot make the directory {}", dir.display()))?;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(meta) => {
            if !meta.is_dir() || meta.uid() != uid() || meta.mode() & 0o077 != 0 {
                bail!(
                    "{} is not a directory of yours that only you can enter; remove it, or set XDG_RUNTIME_DIR",
                    dir.display()
                );
            }
        }
    }
    Ok(())
}
