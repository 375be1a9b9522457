//! Routing a sandbox's connections to the proxy, for programs that ignore the proxy variables
//! (aiohttp's default session, Node's fetch before 24, a socket opened by hand). The sandbox's
//! name server (the proxy's, on a UDP socket made inside) answers every name with an address
//! of a loopback pool, and an nftables `redirect` in the sandbox's own network namespace sends
//! TCP to those addresses to the proxy's second listener inside, which asks the kernel where
//! each connection meant to go. DNS to the sandbox's `nameserver 127.0.0.1` is redirected to
//! the name server. Nothing else changes: 127.0.0.1 is still the sandbox's own loopback, and
//! UDP other than DNS has nowhere to go.
//!
//! The rules are set by `nft`, which joins the namespace from outside. The program's own
//! process cannot: for an ordinary user bubblewrap nests a second user namespace for the
//! program, and the network namespace belongs to the outer one, where the program has no
//! capabilities. `vault` runs as the user that made that outer namespace, so a child of ours
//! (single-threaded, as joining a user namespace needs) may join it, gets every capability in
//! it (over the sandbox's network and nothing else), then joins the network namespace and
//! becomes `nft`.

use std::io::Write;
use std::net::Ipv4Addr;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, anyhow, bail};

/// Where `nft` is looked for, as bubblewrap is: never in a directory a program of the user
/// could write to.
const NFT_AT: [&str; 4] = [
    "/usr/sbin/nft",
    "/sbin/nft",
    "/usr/bin/nft",
    "/usr/local/sbin/nft",
];

/// `nft`, if it is installed; why not, if not.
pub fn find_nft() -> Result<PathBuf> {
    NFT_AT
        .iter()
        .map(PathBuf::from)
        .find(|path| path.is_file())
        .ok_or_else(|| anyhow!("nft is not installed (Debian and Ubuntu: `apt install nftables`)"))
}

/// The ruleset of one sandbox: TCP to the pool to `connections`, DNS to `names`.
fn ruleset(pool: (Ipv4Addr, u8), connections: u16, names: u16) -> String {
    let (network, prefix) = pool;
    format!(
        "table ip vault {{\n\
         \tchain routed {{\n\
         \t\ttype nat hook output priority -100; policy accept;\n\
         \t\tip daddr {network}/{prefix} meta l4proto tcp redirect to :{connections}\n\
         \t\tip daddr 127.0.0.1 udp dport 53 redirect to :{names}\n\
         \t\tip daddr 127.0.0.1 tcp dport 53 redirect to :{names}\n\
         \t}}\n\
         }}\n"
    )
}

/// Sets the sandbox's rules in the network namespace `socket` (one the inside made there)
/// lives in, sending TCP to `pool` to port `connections` and DNS to port `names` there. The
/// namespace is found from the socket, not from a process id that could be reused by then.
pub fn install(
    nft: &std::path::Path,
    socket: BorrowedFd,
    pool: (Ipv4Addr, u8),
    connections: u16,
    names: u16,
) -> Result<()> {
    // SAFETY: SIOCGSKNS and NS_GET_USERNS take no argument and return a new descriptor, or
    // -1; the kernel lets the namespace's owner, which `vault` is, have them.
    let net = unsafe { libc::ioctl(socket.as_raw_fd(), libc::SIOCGSKNS as _) };
    if net < 0 {
        return Err(std::io::Error::last_os_error())
            .context("cannot find the sandbox's network namespace");
    }
    // SAFETY: the kernel just made this descriptor for us alone.
    let net = unsafe { OwnedFd::from_raw_fd(net) };
    // SAFETY: as above.
    let owner = unsafe { libc::ioctl(net.as_raw_fd(), libc::NS_GET_USERNS) };
    if owner < 0 {
        return Err(std::io::Error::last_os_error())
            .context("cannot find who owns the sandbox's network namespace");
    }
    // SAFETY: the kernel just made this descriptor for us alone.
    let owner = unsafe { OwnedFd::from_raw_fd(owner) };
    let (owner_fd, net_fd) = (owner.as_raw_fd(), net.as_raw_fd());
    let mut command = Command::new(nft);
    command
        .args(["-f", "-"])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: setns takes no pointers and is async-signal-safe; the child is single-threaded
    // after the fork, as joining a user namespace requires.
    unsafe {
        command.pre_exec(move || {
            if libc::setns(owner_fd, libc::CLONE_NEWUSER) < 0
                || libc::setns(net_fd, libc::CLONE_NEWNET) < 0
            {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command
        .spawn()
        .context("cannot join the sandbox's network namespace to set its rules")?;
    let rules = ruleset(pool, connections, names);
    if let Some(mut stdin) = child.stdin.take() {
        // An nft that stopped before reading them says why in its exit status and stderr.
        let _ = stdin.write_all(rules.as_bytes());
    }
    let out = child
        .wait_with_output()
        .context("cannot wait for nft to set the sandbox's rules")?;
    drop((owner, net));
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        let said = said
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or("it exited without saying why");
        bail!("nft could not set the sandbox's rules: {said}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_send_the_pool_and_dns_only() {
        let rules = ruleset((Ipv4Addr::new(127, 128, 0, 0), 9), 4000, 4001);
        assert!(rules.contains("ip daddr 127.128.0.0/9 meta l4proto tcp redirect to :4000"));
        assert!(rules.contains("ip daddr 127.0.0.1 udp dport 53 redirect to :4001"));
        assert!(rules.contains("type nat hook output"));
        assert_eq!(rules.matches("redirect").count(), 3, "{rules}");
    }
}
