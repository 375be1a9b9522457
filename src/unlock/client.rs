//! Asking the unlock cache: what operator commands do before they ask for a passphrase.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};

use super::{Answer, Request, socket_for, uid};
use crate::crypto::{FileKeyBytes, Identities, StanzaParts};

/// How long an answer may take: unwrapping a file key takes microseconds.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);

/// A cache found running for an identity.
pub struct Cache {
    socket: PathBuf,
}

impl Cache {
    /// The cache for the identity at `identity`, if one runs (and is this user's).
    pub fn find(identity: &Path) -> Option<Self> {
        let socket = socket_for(identity).ok()?;
        let cache = Self { socket };
        cache.connect().ok()?;
        Some(cache)
    }

    fn connect(&self) -> Result<UnixStream> {
        let stream = UnixStream::connect(&self.socket)?;
        // Only a cache of our own: another user's process could have put a socket there.
        if getsockopt(&stream, PeerCredentials)?.uid() != uid() {
            bail!(
                "the unlock cache's socket {} belongs to another user",
                self.socket.display()
            );
        }
        stream.set_read_timeout(Some(ANSWER_TIMEOUT))?;
        Ok(stream)
    }

    fn ask(&self, request: &Request) -> Result<Answer> {
        let mut stream = self.connect()?;
        serde_json::to_writer(&mut stream, request)?;
        stream.write_all(b"\n")?;
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line)?;
        serde_json::from_str(&line).context("the unlock cache answered nonsense")
    }

    /// The identity, as the cache holds it: each file key is asked of it.
    pub fn identities(self) -> Result<Identities> {
        let recipients = self
            .ask(&Request::Recipients)?
            .recipients
            .unwrap_or_default();
        let unwrap = move |stanzas: &[StanzaParts]| -> Result<Option<FileKeyBytes>> {
            let stanzas = stanzas
                .iter()
                .map(|(tag, args, body)| (tag.clone(), args.clone(), STANDARD.encode(body)))
                .collect();
            let answer = self.ask(&Request::Unwrap { stanzas })?;
            let Some(key) = answer.file_key else {
                return Ok(None);
            };
            let bytes = zeroize::Zeroizing::new(STANDARD.decode(key)?);
            let key: [u8; 16] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| anyhow!("the unlock cache answered a file key of the wrong length"))?;
            Ok(Some(zeroize::Zeroizing::new(key)))
        };
        Ok(Identities::remote(recipients, Box::new(unwrap)))
    }
}

/// When the cache for `identity` ends, if one runs.
pub fn status(identity: &Path) -> Result<Option<String>> {
    let Some(cache) = Cache::find(identity) else {
        return Ok(None);
    };
    Ok(cache.ask(&Request::Status)?.until)
}

/// Ends the cache for `identity`; false when none ran.
pub fn lock(identity: &Path) -> Result<bool> {
    let Some(cache) = Cache::find(identity) else {
        return Ok(false);
    };
    cache.ask(&Request::Lock)?;
    Ok(true)
}
