//! `vault mcp --agent AGENT [--no-sandbox] [--allow-request-secret]`: the MCP server of
//! `src/mcp/`, over this agent's part of the vault and its log.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::agent_part::Granted;
use crate::audit::{self, AuditLog, Event, Kind, Via};
use crate::cli::McpArgs;
use crate::cmd::access::{self, Access};
use crate::cmd::{Context, exec, request};
use crate::mcp::{self, Answer, Grant, Options, RunMode};
use crate::secret::SecretBytes;
use crate::{names, proxy, requests, sandbox, time};

pub fn run(ctx: Context, args: &McpArgs) -> Result<()> {
    names::check_agent_id(&args.agent)?;
    audit::mark_process_via(Via::Mcp);
    let exe = std::env::current_exe().context("cannot find this program to run `vault exec`")?;
    let mut placeholder_key = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut *placeholder_key)
        .context("cannot get random bytes from the operating system")?;
    let vault = AgentVault {
        ctx,
        agent: args.agent.clone(),
        key_file: args.key_file.clone(),
        exe,
        placeholder_key,
    };
    // A key that does not open the agent's part is refused now, not at the first call.
    vault.open(None)?;
    let run = if args.no_sandbox {
        RunMode::Unsandboxed
    } else {
        match sandbox::available() {
            Ok(()) => RunMode::Sandboxed,
            Err(why) => {
                vault.ctx.out.hint(format_args!(
                    "vault: not offering the run tool: {why:#}; or start the server with --no-sandbox, which lets the program see the vault"
                ));
                RunMode::Off
            }
        }
    };
    mcp::serve(
        Arc::new(vault),
        Options {
            run,
            request_secret: args.allow_request_secret,
        },
    )
}

/// A grant as the tools show it: never its value.
fn grant_of(granted: &Granted) -> Grant {
    Grant {
        name: granted.name.to_owned(),
        variable: names::variable(granted.name),
        hosts: granted.hosts.to_vec(),
        expires_at: granted.expires_at.map(time::rfc3339),
    }
}

/// The vault as one agent's MCP server sees it.
struct AgentVault {
    ctx: Context,
    agent: String,
    key_file: Option<PathBuf>,
    exe: PathBuf,
    /// What every run's placeholders are made from, for this session.
    placeholder_key: Zeroizing<[u8; 32]>,
}

impl AgentVault {
    /// The agent's part as it is now; a denial names `asked_for`, as `read`'s would.
    fn open(&self, asked_for: Option<&str>) -> Result<Access<'_>> {
        access::open(&self.ctx, &self.agent, self.key_file.as_deref(), asked_for)
    }

    /// This program, with the paths this server uses, so what it runs opens the same vault.
    fn vault_command(&self) -> Command {
        let paths = &self.ctx.paths;
        let mut command = Command::new(&self.exe);
        command
            .arg("--vault")
            .arg(&paths.vault)
            .arg("--identity")
            .arg(&paths.identity)
            .arg("--log")
            .arg(&paths.log)
            .arg("--quiet");
        command
    }
}

impl mcp::Vault for AgentVault {
    fn agent(&self) -> &str {
        &self.agent
    }

    fn grants(&self) -> Result<Vec<Grant>> {
        Ok(self.open(None)?.all()?.iter().map(grant_of).collect())
    }

    fn placeholder(&self, secret: &str) -> Result<(Grant, Zeroizing<Vec<u8>>)> {
        let access = self.open(Some(secret))?;
        let granted = access.get(secret)?;
        let placeholder = proxy::keyed_placeholder(
            granted.name,
            granted.value,
            !granted.hosts.is_empty(),
            &self.placeholder_key,
        )
        .map_err(|why| {
            anyhow!("secret {secret} cannot go through the proxy: its value has {why}")
        })?;
        Ok((grant_of(&granted), placeholder))
    }

    fn check_granted(&self, names: &[String]) -> Result<()> {
        let access = self.open(names.first().map(String::as_str))?;
        for name in names {
            access.get(name)?;
        }
        Ok(())
    }

    fn request(
        &self,
        secret: &str,
        reason: Option<&str>,
        duration: Option<Duration>,
        code: Option<&str>,
    ) -> Result<String> {
        request::file(&self.ctx, &self.agent, secret, reason, duration, code)
    }

    fn answer(&self, request_id: &str, secret: &str) -> Result<Answer> {
        // The grant itself, not a log line that says so: anyone who can append to a log can
        // write a `grant.created`.
        if self.open(None)?.lookup(secret).is_ok() {
            return Ok(Answer::Approved);
        }
        let found = requests::all(&self.ctx.paths.log)?;
        Ok(found
            .list
            .into_iter()
            .find(|request| request.id == request_id)
            .and_then(|request| request.denied)
            .map_or(Answer::Pending, Answer::Denied))
    }

    fn called(&self, tool: &'static str, command: Option<String>) -> Result<()> {
        AuditLog::new(&self.ctx.paths.log).append(&[Event::new(Kind::McpCalled)
            .agent(&self.agent)
            .tool(tool, command)])
    }

    fn exec(&self, sandboxed: bool, only: &[String]) -> Command {
        let mut command = self.vault_command();
        command
            .arg("exec")
            .arg("--agent")
            .arg(&self.agent)
            .arg("--through-mcp")
            .arg(if sandboxed { "--sandbox" } else { "--proxy" });
        if let Some(key_file) = &self.key_file {
            command.arg("--key-file").arg(key_file);
        }
        command.env(
            exec::PLACEHOLDER_KEY,
            STANDARD.encode(self.placeholder_key.as_slice()),
        );
        for name in only {
            command.arg("--only").arg(name);
        }
        command
    }

    fn store(&self, name: &str, value: SecretBytes) -> Result<()> {
        let mut command = self.vault_command();
        command
            .args([OsString::from("secret"), "add".into(), name.into()])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        // SAFETY: setsid is async-signal-safe, and touches nothing of the parent's. In a
        // session of its own, `secret add` has no terminal to ask a passphrase on: a locked
        // identity is an error here, not a prompt on the terminal the MCP client runs in.
        unsafe {
            command.pre_exec(|| nix::unistd::setsid().map(drop).map_err(Into::into));
        }
        let mut child = command
            .spawn()
            .context("cannot start `vault secret add` for the value")?;
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| anyhow!("cannot hand the value to `vault secret add`"))?;
        let written = stdin.write_all(value.expose());
        drop(stdin);
        let mut said = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            let _ = stderr.read_to_string(&mut said);
        }
        let status = child.wait()?;
        if status.success() {
            return written.context("cannot hand the value to `vault secret add`");
        }
        let said = said.lines().last().unwrap_or("").trim();
        Err(anyhow!(
            "{}",
            said.strip_prefix("vault: ")
                .unwrap_or("`vault secret add` failed")
        ))
    }
}
