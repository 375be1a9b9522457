//! `vault read --agent AGENT NAME`: the agents' hot path.
//!
//! It reads the index and one agent part, never the whole vault, and decrypts only that part.

use std::env;
use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::os::unix::ffi::OsStringExt;
use std::path::Path;

use anyhow::{Result, anyhow};

use crate::audit::{AuditLog, Event, Kind, Reason, Via};
use crate::cli::ReadArgs;
use crate::cmd::Context;
use crate::crypto::{self, Identities};
use crate::error::Denied;
use crate::paths::env_path;
use crate::secret::SecretBytes;
use crate::vault::{self, AgentLookup};
use crate::{names, store};

pub fn run(ctx: &Context, args: &ReadArgs) -> Result<()> {
    // Checked before anything is logged: a denial event names what was asked for.
    names::check_agent_id(&args.agent)?;
    names::check_secret_name(&args.name)?;
    let (identities, via) = match agent_key(args.key_file.as_deref())? {
        Some(key) => (key, Via::AgentKey),
        None => (vault::operator_identity(&ctx.paths)?, Via::Operator),
    };
    let log = AuditLog::new(&ctx.paths.log);
    let denied = |reason: Reason| -> Result<()> {
        let event = Event::new(Kind::Denied)
            .agent(&args.agent)
            .secret(None, &args.name)
            .via(via)
            .reason(reason);
        log.append(&[event])?;
        Err(Denied {
            agent: args.agent.clone(),
            secret: args.name.clone(),
        }
        .into())
    };
    let part = match vault::open_agent_part(&ctx.paths, &args.agent, &identities)? {
        AgentLookup::UnknownAgent => return denied(Reason::UnknownAgent),
        AgentLookup::NotTheAgentsKey => return denied(Reason::WrongKey),
        AgentLookup::Found(part) => part,
    };
    let Some(granted) = part.find(&args.name) else {
        return denied(Reason::NotGranted);
    };
    let event = Event::new(Kind::Accessed)
        .agent(&args.agent)
        .secret(Some(granted.secret_id), granted.name)
        .grant_id(granted.grant_id)
        .via(via);
    // The event first: a read the log cannot record does not happen.
    log.append(&[event])
        .map_err(|err| anyhow!("{err:#}; the value was withheld"))?;

    let mut stdout = io::stdout().lock();
    stdout.write_all(granted.value)?;
    if stdout.is_terminal() {
        stdout.write_all(b"\n")?;
    }
    stdout.flush()?;
    Ok(())
}

/// The agent's key: `--key-file`, else `VAULT_AGENT_KEY` (the key itself), else
/// `VAULT_AGENT_KEY_FILE`. `None` means the operator identity is to be used.
fn agent_key(key_file: Option<&Path>) -> Result<Option<Identities>> {
    if let Some(path) = key_file {
        return read_key_file(path).map(Some);
    }
    if let Some(key) = env::var_os("VAULT_AGENT_KEY").filter(|key| !key.is_empty()) {
        let key = SecretBytes::new(OsString::into_vec(key));
        return crypto::parse_identities(&key, "VAULT_AGENT_KEY").map(Some);
    }
    if let Some(path) = env_path("VAULT_AGENT_KEY_FILE") {
        return read_key_file(&path).map(Some);
    }
    Ok(None)
}

fn read_key_file(path: &Path) -> Result<Identities> {
    let what = format!("the agent key {}", path.display());
    let key = store::read_private(path, "the agent key")?
        .ok_or_else(|| anyhow!("{what} does not exist"))?;
    crypto::parse_identities(&key, &what)
}
