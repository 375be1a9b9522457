//! `vault unlock [--for DURATION]` and `vault lock`: the unlock cache (`src/unlock/`).

use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::cli::UnlockArgs;
use crate::cmd::Context;
use crate::identity::{self, Ask};
use crate::{crypto, store, unlock};

/// How long the cache may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(10);

pub fn run(ctx: &Context, args: &UnlockArgs) -> Result<()> {
    let path = &ctx.paths.identity;
    let socket = unlock::socket_for(path)?;
    if args.serve {
        return unlock::serve(&socket, path, args.duration);
    }
    let what = format!("the operator identity {}", path.display());
    let text = store::read_private(path, "the operator identity")?
        .ok_or_else(|| anyhow!("{what} does not exist; create a vault with `vault init`"))?;
    if !crypto::is_locked(&text) {
        bail!(
            "{what} is not locked with a passphrase, so there is nothing to keep unlocked; lock it with `vault operator passphrase`"
        );
    }
    // Before the passphrase is asked for: the cache would refuse this directory too, but its
    // errors go nowhere once it runs apart.
    unlock::private_dir(&socket)?;
    // A new time replaces the old one.
    unlock::lock(path)?;
    let unlocked = identity::read_text(path, Ask::OnTerminal)?
        .ok_or_else(|| anyhow!("{what} does not exist"))?;
    let program = std::env::current_exe().context("cannot tell where this program is")?;
    let mut command = Command::new(program);
    command
        .arg("--identity")
        .arg(path)
        .args(["unlock", "--serve", "--for"])
        .arg(format!("{}s", args.duration.as_secs()))
        .env_remove("VAULT_PASSPHRASE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe; the cache leaves the terminal's session, so
    // closing the terminal does not end it.
    unsafe {
        command.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().context("cannot start the unlock cache")?;
    {
        let mut stdin = child.stdin.take().expect("piped");
        stdin.write_all(unlocked.expose())?;
    }
    drop(unlocked);
    let stdout = child.stdout.take().expect("piped");
    let (said, heard) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = said.send(line);
    });
    match heard.recv_timeout(START_TIMEOUT) {
        Ok(line) if line.trim() == "ready" => {}
        _ => {
            let _ = child.kill();
            let status = child.wait().ok();
            bail!(
                "the unlock cache did not start ({}); run `vault unlock --serve` by hand to see why",
                status.map_or_else(|| "no answer".to_owned(), |s| s.to_string())
            );
        }
    }
    let until = unlock::status(path)?.unwrap_or_default();
    if ctx.out.json {
        #[derive(serde::Serialize)]
        struct Unlocked<'a> {
            until: &'a str,
            pid: u32,
        }
        return ctx.out.json(&Unlocked {
            until: &until,
            pid: child.id(),
        });
    }
    ctx.out.done(format_args!(
        "Unlocked {what} until {until}: operator commands ask no passphrase till then (`vault lock` ends it)"
    ))
}

pub fn lock(ctx: &Context) -> Result<()> {
    let path = &ctx.paths.identity;
    if unlock::lock(path)? {
        ctx.out.done(format_args!(
            "Locked: the unlock cache of {} has ended",
            path.display()
        ))
    } else {
        ctx.out
            .done(format_args!("No unlock cache runs for {}", path.display()))
    }
}
