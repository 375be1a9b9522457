//! `vault mcp`: the Model Context Protocol over stdio, for one agent, with tools that work with
//! its secrets and never hand a value to the model.
//!
//! The protocol is rmcp's (the official Rust SDK), which answers both revisions clients speak:
//! 2025-11-25's `initialize` handshake and 2026-07-28's stateless requests and
//! `server/discover`. `tools` holds the tools; `run` runs a command as `vault exec` would and
//! keeps what it printed; `page` is `request_secret`'s one-time page on 127.0.0.1. What the
//! tools need of the vault (the agent's grants, its log, the command that runs a program) comes
//! through the `Vault` trait, which `cmd/mcp.rs` implements: nothing here opens a file of the
//! vault. Nothing of it is set up on any other command.

mod page;
mod run;
mod tools;

use std::fs::File;
use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use rmcp::ServiceExt;

use crate::secret::SecretBytes;

/// A grant as `list_secrets` shows it: never a value, nor its length.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Grant {
    pub name: String,
    /// The environment variable `run` puts it in.
    pub variable: String,
    /// Where the proxy sends it; empty: nowhere.
    pub hosts: Vec<String>,
    pub expires_at: Option<String>,
}

/// Where a request stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Pending,
    Approved,
    /// Turned down, saying this (if anything).
    Denied(Option<String>),
}

/// What the tools ask of the vault, for the one agent the server serves. Every call reads
/// the vault afresh: a grant made or revoked while the server runs counts at once.
pub trait Vault: Send + Sync + 'static {
    fn agent(&self) -> &str;
    /// The agent's current grants. Ended ones are logged as denials, as `exec` logs them.
    fn grants(&self) -> Result<Vec<Grant>>;
    /// The secret's grant, and the placeholder `run` puts in its variable: the same in every
    /// run of the session. Refuses (and logs) a secret the agent may not read.
    fn placeholder(&self, secret: &str) -> Result<(Grant, zeroize::Zeroizing<Vec<u8>>)>;
    /// Refuses (and logs, as a read's denial) a name the agent may not read now.
    fn check_granted(&self, names: &[String]) -> Result<()>;
    /// Files a request (`vault request`); `code` makes it a request for a new secret whose
    /// value a person gives on the page with that code. Returns its id.
    fn request(
        &self,
        secret: &str,
        reason: Option<&str>,
        duration: Option<Duration>,
        code: Option<&str>,
    ) -> Result<String>;
    fn answer(&self, request_id: &str, secret: &str) -> Result<Answer>;
    /// Logs `mcp.called`. A call the log cannot record is not made.
    fn called(&self, tool: &'static str, command: Option<String>) -> Result<()>;
    /// The `vault exec` that runs a program for `run`, up to its `--`: its events say
    /// `via: "mcp"`.
    fn exec(&self, sandbox: bool, only: &[String]) -> std::process::Command;
    /// Adds a secret with this value, granted to nobody (`vault secret add`).
    fn store(&self, name: &str, value: SecretBytes) -> Result<()>;
}

/// What the operator allowed when starting the server.
#[derive(Clone, Debug)]
pub struct Options {
    /// Whether `run` is offered, and how.
    pub run: RunMode,
    pub request_secret: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunMode {
    Sandboxed,
    /// `--no-sandbox`: masked and through the proxy, but the program can see the vault.
    Unsandboxed,
    /// No sandbox here, and no `--no-sandbox`: no `run` at all.
    Off,
}

/// Serves the protocol on stdin and stdout until the client closes stdin.
pub fn serve(vault: Arc<dyn Vault>, options: Options) -> Result<()> {
    // Only protocol messages may reach stdout: the server writes them to a copy of it, and
    // descriptor 1 itself goes to stderr, where anything else printed by mistake ends up.
    let protocol = protocol_stdout()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the MCP server's runtime")?;
    runtime.block_on(async move {
        let server = tools::Server::new(vault, options);
        let output = tokio::fs::File::from_std(protocol);
        let running = server
            .serve((tokio::io::stdin(), output))
            .await
            .map_err(|err| anyhow::anyhow!("the MCP client did not start a session: {err}"))?;
        running
            .waiting()
            .await
            .map_err(|err| anyhow::anyhow!("the MCP session ended badly: {err}"))?;
        Ok(())
    })
}

/// A copy of stdout for the protocol, with descriptor 1 turned to stderr.
fn protocol_stdout() -> Result<File> {
    use std::os::fd::{AsFd, AsRawFd};
    let copy: OwnedFd = std::io::stdout()
        .as_fd()
        .try_clone_to_owned()
        .context("cannot take stdout for the protocol")?;
    // SAFETY: dup2 onto descriptor 1 only changes what 1 refers to; nothing holds it borrowed.
    if unsafe { libc::dup2(std::io::stderr().as_raw_fd(), 1) } < 0 {
        return Err(std::io::Error::last_os_error()).context("cannot point stdout at stderr");
    }
    Ok(File::from(copy))
}
