//! `vault exec --sandbox`: the program runs where it reaches nothing but the credential proxy,
//! sees none of the vault's files and an empty home, writes only where it was let, and runs
//! under a syscall filter.
//!
//! Namespaces and mounts are bubblewrap's (`bwrap`, what Flatpak, Codex and Claude Code's
//! sandbox use), run as a program: it is the tool the field trusts with them, and nothing of
//! ours has to be privileged. `mounts` decides what the program sees, `environment` which of
//! the caller's variables it keeps, `launch` starts bubblewrap and waits until the inside is
//! ready, `inside` is what runs in the sandbox just before the program (`vault sandbox
//! enter`: the proxy's listener, the terminal, Landlock and the syscall filter of `filter`),
//! and `check` the escapes `vault sandbox check` tries. Nothing here runs on any other command.

mod check;
mod environment;
mod filter;
mod inside;
mod launch;
mod mounts;
mod route;

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Result, bail};

pub use check::{check, probe};
pub use inside::{Entry, enter};
pub use launch::Pending;

/// What the caller asked of a sandbox.
#[derive(Default)]
pub struct Options {
    /// Out of sight, beside what always is.
    pub hide: Vec<PathBuf>,
    pub allow_read: Vec<PathBuf>,
    pub allow_write: Vec<PathBuf>,
    /// The home directory read-only (less the credential stores) instead of an empty one.
    pub share_home: bool,
    /// Descriptors the program keeps; every other one above 2 is closed.
    pub pass_fds: Vec<i32>,
    /// Variables kept although they point outside or look like credentials.
    pub keep_env: Vec<String>,
    /// Pass only a short allow-list of the caller's variables.
    pub clean_env: bool,
    /// The vault's own files (vault, identity, logs) and the agent's key: never in sight.
    pub vault_files: Vec<PathBuf>,
    /// Files the program needs although they lie where it sees nothing (the proxy's CA
    /// bundle, in a private /tmp).
    pub show: Vec<PathBuf>,
}

/// A sandbox made ready to start one program.
pub struct Sandbox {
    bwrap: PathBuf,
    mounts: mounts::Mounts,
    environment: environment::Filtered,
    pass_fds: Vec<i32>,
    /// `nft`, to route the connections of programs that ignore the proxy variables; or why
    /// they cannot be.
    route: Result<PathBuf>,
}

/// What the `vault.sandboxed` event says of a run.
pub struct Report {
    pub home: &'static str,
    pub protections: Vec<String>,
    pub env_dropped: Vec<String>,
}

/// Where bubblewrap is looked for first: a program of that name in a directory the user
/// (or a program of theirs) can write to could stand in for it.
const BWRAP_AT: [&str; 3] = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];

impl Sandbox {
    /// Works out everything the sandbox will be, refusing what it cannot hold.
    pub fn plan(options: &Options) -> Result<Self> {
        Self::plan_with(options, std::env::vars_os().collect())
    }

    /// As `plan`, for a caller whose variables are `caller`.
    pub fn plan_with(options: &Options, caller: Vec<(OsString, OsString)>) -> Result<Self> {
        if !cfg!(target_os = "linux") {
            bail!("the sandbox needs Linux (namespaces, seccomp); run without --sandbox here");
        }
        let bwrap = find_bwrap()?;
        for &fd in &options.pass_fds {
            // SAFETY: F_GETFD only reads the descriptor's flags.
            if fd <= 2 || unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
                bail!(
                    "--pass-fd {fd}: no descriptor {fd} above 2 is open; open it in the calling shell (`{fd}<FILE vault exec …`)"
                );
            }
        }
        Ok(Self {
            bwrap,
            mounts: mounts::Mounts::plan(options)?,
            environment: environment::filter(
                caller.into_iter(),
                &options.keep_env,
                options.clean_env,
            ),
            pass_fds: options.pass_fds.clone(),
            route: route::find_nft(),
        })
    }

    /// Why the connections of programs that ignore the proxy variables cannot be routed
    /// through the proxy here, if they cannot.
    pub fn unroutable(&self) -> Option<String> {
        self.route.as_ref().err().map(|why| format!("{why:#}"))
    }

    /// The caller's variables the program keeps, to start its environment from.
    pub fn environment(&self) -> &[(OsString, OsString)] {
        &self.environment.kept
    }

    /// What the `vault.sandboxed` event says.
    pub fn report(&self) -> Report {
        Report {
            home: if self.mounts.private_home {
                "private"
            } else {
                "shared"
            },
            protections: PROTECTIONS.iter().map(|p| p.to_string()).collect(),
            env_dropped: self.environment.dropped.clone(),
        }
    }
}

/// What every sandbox holds, as the `vault.sandboxed` event names it.
const PROTECTIONS: [&str; 10] = [
    "namespaces",
    "network-proxy-only",
    "vault-files-hidden",
    "runtime-dirs-hidden",
    "read-only-filesystem",
    "git-read-only",
    "syscall-filter",
    "no-capabilities",
    "descriptors-closed",
    "environment-filtered",
];

/// Whether a sandbox can be set up here, as far as can be told without starting one: Linux,
/// bubblewrap installed, and user namespaces not switched off. Why not, if not.
pub fn available() -> Result<()> {
    if !cfg!(target_os = "linux") {
        bail!("the sandbox needs Linux (namespaces, seccomp)");
    }
    find_bwrap()?;
    let setting = |path: &str| {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
    };
    if setting("/proc/sys/user/max_user_namespaces") == Some(0)
        || setting("/proc/sys/kernel/unprivileged_userns_clone") == Some(0)
    {
        bail!("user namespaces are switched off here (`sysctl user.max_user_namespaces`)");
    }
    Ok(())
}

fn find_bwrap() -> Result<PathBuf> {
    let fixed = BWRAP_AT.iter().map(PathBuf::from);
    let on_path = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("bwrap"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    fixed
        .chain(on_path)
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "the sandbox needs bubblewrap (bwrap), which is not installed; install it (Debian and Ubuntu: `apt install bubblewrap`, Fedora: `dnf install bubblewrap`, Arch: `pacman -S bubblewrap`)"
            )
        })
}
