//! The cache itself: `vault unlock` starts it as a process of its own (`vault unlock --serve`),
//! handing it the unlocked identity on its stdin.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use nix::sys::socket::{getsockopt, sockopt::PeerCredentials};

use super::{Answer, Request, private_dir, uid};
use crate::crypto::{self, Identities};
use crate::secret::SecretBytes;

/// How long a client may take to send its request: a stuck one must not hold the cache.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves the identity read from stdin on `socket` until `until`, `vault lock` or SIGTERM.
/// Prints `ready` on stdout once it listens (its starter waits for that), then closes it.
pub fn serve(socket: &Path, identity_path: &Path, for_how_long: Duration) -> Result<()> {
    lock_memory()?;
    let mut text = SecretBytes::new(Vec::with_capacity(64 << 10));
    std::io::stdin()
        .lock()
        .take(1 << 20)
        .read_to_end(text.expose_mut())
        .context("cannot read the identity")?;
    let what = format!("the operator identity {}", identity_path.display());
    let identities = crypto::parse_identities(&text, &what)?;
    drop(text);
    private_dir(socket)?;
    if let Ok(meta) = std::fs::symlink_metadata(socket) {
        if !meta.file_type().is_socket() {
            bail!(
                "{} is there and is not a socket; remove it",
                socket.display()
            );
        }
        // A socket nobody answers on is a cache that ended without tidying up.
        if UnixStream::connect(socket).is_ok() {
            bail!("an unlock cache runs already for {what}; `vault lock` ends it");
        }
        std::fs::remove_file(socket)?;
    }
    let listener = UnixListener::bind(socket)
        .with_context(|| format!("cannot listen on {}", socket.display()))?;
    std::fs::set_permissions(socket, std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    let until = Instant::now() + for_how_long;
    let until_text = crate::time::rfc3339(crate::time::now() + for_how_long.as_secs() as i64);
    let stopping = install_sigterm()?;
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "ready")?;
        stdout.flush()?;
    }
    // SAFETY: closing our own stdout, which nothing else holds; the starter sees its end.
    unsafe {
        libc::close(libc::STDOUT_FILENO);
    }
    listener.set_nonblocking(true)?;
    let mut stop = false;
    while !stop && Instant::now() < until && !stopping() {
        match listener.accept() {
            Ok((stream, _)) => stop = answer(stream, &identities, &until_text).unwrap_or(false),
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                let left = until.saturating_duration_since(Instant::now());
                wait_readable(&listener, left.min(Duration::from_millis(500)));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    let _ = std::fs::remove_file(socket);
    // `identities` is dropped here, and with it the keys, wiped.
    Ok(())
}

/// Answers one client; true when it asked the cache to end.
fn answer(stream: UnixStream, identities: &Identities, until: &str) -> Result<bool> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(CLIENT_TIMEOUT))?;
    let peer = getsockopt(&stream, PeerCredentials)?;
    if peer.uid() != uid() {
        return Ok(false);
    }
    let mut line = String::new();
    BufReader::new(stream.try_clone()?)
        .take(1 << 20)
        .read_line(&mut line)?;
    let request: Request = serde_json::from_str(&line)?;
    let mut reply = Answer::default();
    let mut ends = false;
    match request {
        Request::Recipients => reply.recipients = Some(identities.recipients().to_vec()),
        Request::Status => reply.until = Some(until.to_owned()),
        Request::Lock => ends = true,
        Request::Unwrap { stanzas } => {
            let stanzas: Vec<crypto::StanzaParts> = stanzas
                .into_iter()
                .filter_map(|(tag, args, body)| Some((tag, args, STANDARD.decode(body).ok()?)))
                .collect();
            reply.file_key = identities
                .unwrap(&stanzas)
                .map(|key| STANDARD.encode(key.as_slice()));
        }
    }
    let mut stream = stream;
    serde_json::to_writer(&mut stream, &reply)?;
    stream.write_all(b"\n")?;
    Ok(ends)
}

/// Keeps every page of the process in memory, never in swap, as they come (a cache that
/// cannot have its memory locked does not start: its identity could reach the disk).
fn lock_memory() -> Result<()> {
    // SAFETY: mlockall takes flags only.
    let locked =
        unsafe { libc::mlockall(libc::MCL_CURRENT | libc::MCL_FUTURE | libc::MCL_ONFAULT) };
    if locked != 0 {
        bail!(
            "cannot lock the unlock cache's memory ({}); raise the limit on locked memory (`ulimit -l`, LimitMEMLOCK= for a systemd unit)",
            std::io::Error::last_os_error()
        );
    }
    Ok(())
}

/// Blocks SIGTERM, SIGINT and SIGHUP and returns a check for whether one came: the cache ends
/// on them as on `vault lock`, wiping the identity, rather than being killed with it in
/// memory.
fn install_sigterm() -> Result<impl Fn() -> bool> {
    use nix::sys::signal::{SigSet, Signal};
    use nix::sys::signalfd::{SfdFlags, SignalFd};
    let mut mask = SigSet::empty();
    for signal in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGHUP] {
        mask.add(signal);
    }
    mask.thread_block()?;
    let fd = SignalFd::with_flags(&mask, SfdFlags::SFD_NONBLOCK)?;
    Ok(move || matches!(fd.read_signal(), Ok(Some(_))))
}

fn wait_readable(listener: &UnixListener, timeout: Duration) {
    use std::os::fd::AsFd;
    let mut fds = [nix::poll::PollFd::new(
        listener.as_fd(),
        nix::poll::PollFlags::POLLIN,
    )];
    let timeout = nix::poll::PollTimeout::try_from(timeout.as_millis() as u32)
        .unwrap_or(nix::poll::PollTimeout::MAX);
    let _ = nix::poll::poll(&mut fds, timeout);
}
