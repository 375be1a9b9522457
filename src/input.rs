//! Where a secret value comes from: a file, stdin, or a prompt. Never the command line.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use crate::crypto::SecretString;
use anyhow::{Context, Result, bail};
use zeroize::Zeroizing;

use crate::secret::{MAX_VALUE_LEN, SecretBytes, check_value};

/// Reads at most `MAX_VALUE_LEN + 2` bytes: enough to hold a full-size value and a `\r\n` to
/// strip, and to tell a value that is too large without reading all of it.
fn read_bounded(reader: impl Read, size_hint: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let limit = MAX_VALUE_LEN + 2;
    // One allocation up front: a Vec that grows leaves unwiped copies of the value behind.
    let mut buffer = Zeroizing::new(Vec::with_capacity(size_hint.min(limit)));
    reader.take(limit as u64).read_to_end(&mut buffer)?;
    Ok(buffer)
}

fn too_large() -> anyhow::Error {
    anyhow::anyhow!("the value is over the limit of 1 MiB ({MAX_VALUE_LEN} bytes)")
}

pub fn read_value(from_file: Option<&Path>, name: &str) -> Result<SecretBytes> {
    let value = if let Some(path) = from_file {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
        let value = read_bounded(file, size.saturating_add(1))
            .with_context(|| format!("cannot read {}", path.display()))?;
        if value.len() > MAX_VALUE_LEN {
            return Err(too_large());
        }
        SecretBytes::from(value)
    } else if !io::stdin().is_terminal() {
        let mut value =
            read_bounded(io::stdin().lock(), MAX_VALUE_LEN + 2).context("cannot read stdin")?;
        // What `echo VALUE |` and a here-string add; only one, so a value may end in newlines.
        let newline = if value.ends_with(b"\r\n") {
            2
        } else {
            usize::from(value.ends_with(b"\n"))
        };
        let kept = value.len() - newline;
        value.truncate(kept);
        if value.len() > MAX_VALUE_LEN {
            return Err(too_large());
        }
        SecretBytes::from(value)
    } else {
        prompt(name)?
    };
    check_value(&value)?;
    Ok(value)
}

/// Whether a question can be asked: stdin is a terminal. Scripts are never asked anything.
pub fn asks() -> bool {
    io::stdin().is_terminal()
}

/// Asks `question` with `[y/N]` on stderr and reads the answer from the terminal; only `y` or
/// `yes` is a yes.
pub fn confirm(question: &str) -> Result<bool> {
    let mut stderr = io::stderr().lock();
    std::io::Write::write_all(&mut stderr, format!("{question} [y/N] ").as_bytes())?;
    std::io::Write::flush(&mut stderr)?;
    let mut answer = String::new();
    io::stdin()
        .read_line(&mut answer)
        .context("cannot read the answer")?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// How long `value_on_stdin` waits for a pipe's writer: `printf %s "$V" |` may not have
/// written yet when `vault` looks.
const STDIN_GRACE_MS: i32 = 100;

/// Whether stdin, when it is not a terminal, holds something to read: a value given there
/// along with `--generate` is refused rather than silently dropped. An empty or closed pipe,
/// `/dev/null`, or a pipe nothing is written to within a moment are not a value.
pub fn value_on_stdin() -> bool {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return false;
    }
    let mut poll = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd; poll does not keep the pointer.
    let ready = unsafe { libc::poll(&mut poll, 1, STDIN_GRACE_MS) };
    if ready <= 0 || poll.revents & libc::POLLIN == 0 {
        return false;
    }
    let mut byte = [0u8; 1];
    matches!(stdin.lock().read(&mut byte), Ok(1))
}

/// Asks twice on the terminal, without echo.
fn prompt(name: &str) -> Result<SecretBytes> {
    let first = Zeroizing::new(
        rpassword::prompt_password(format!("Value for {name}: "))
            .context("cannot read the value")?,
    );
    let second = Zeroizing::new(
        rpassword::prompt_password("Again, to confirm: ").context("cannot read the value")?,
    );
    if *first != *second {
        bail!("the two values differ; nothing was stored");
    }
    Ok(SecretBytes::new(first.as_bytes().to_vec()))
}

/// Far above any real dotenv file; a mistaken `/dev/zero` stops here.
const MAX_DOTENV_LEN: u64 = 256 << 20;

/// A dotenv file, or stdin for `-`, as text.
pub fn read_dotenv(path: &Path) -> Result<Zeroizing<String>> {
    let mut bytes = Zeroizing::new(Vec::new());
    let read = if path == Path::new("-") {
        io::stdin()
            .lock()
            .take(MAX_DOTENV_LEN + 1)
            .read_to_end(&mut bytes)
    } else {
        File::open(path)
            .with_context(|| format!("cannot open {}", path.display()))?
            .take(MAX_DOTENV_LEN + 1)
            .read_to_end(&mut bytes)
    };
    read.with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > MAX_DOTENV_LEN {
        bail!(
            "{} is over 256 MiB; that is not a dotenv file",
            path.display()
        );
    }
    let text = String::from_utf8(std::mem::take(&mut *bytes))
        .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))?;
    Ok(Zeroizing::new(text))
}

/// VAULT_PASSPHRASE, for scripts: weaker than a prompt, since other processes of the same user
/// can read a process's environment.
pub fn env_passphrase() -> Option<SecretString> {
    env_passphrase_named("VAULT_PASSPHRASE")
}

/// A passphrase from the environment variable `name`, if set and not empty.
pub fn env_passphrase_named(name: &str) -> Option<SecretString> {
    std::env::var(name)
        .ok()
        .filter(|passphrase| !passphrase.is_empty())
        .map(SecretString::from)
}

/// Asks on the terminal (not stdin: that may carry data), without echo.
pub fn prompt_passphrase(prompt: &str) -> io::Result<SecretString> {
    rpassword::prompt_password(prompt).map(SecretString::from)
}
