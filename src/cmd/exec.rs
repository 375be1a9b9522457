//! `vault exec --agent AGENT [--only NAME]… -- CMD [ARG]…`

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Result, anyhow, bail};

use crate::agent_part::Granted;
use crate::audit::{Event, Kind, Reason, Sandboxed, Taken};
use crate::cli::ExecArgs;
use crate::cmd::Context;
use crate::cmd::access::{self, Access};
use crate::error::CannotRun;
use crate::mask::{self, Redactor};
use crate::paths::env_path;
use crate::proxy::{self, Proxied, Proxy, Settings};
use crate::sandbox::{self, Pending, Sandbox};
use crate::{child, names, process};

/// Variables that carry a key or the passphrase that opens the vault, never passed on to the
/// program (unless a secret of that name is injected on purpose).
pub const CREDENTIALS: [&str; 5] = [
    "VAULT_PASSPHRASE",
    "VAULT_AGENT_KEY",
    "VAULT_AGENT_KEY_FILE",
    PLACEHOLDER_KEY,
    // Not a key, but what answers for the operator: the program has no business with it.
    ASKPASS,
];

/// Where the AWS SDKs look for a session token to sign with (the second is the older name).
const AWS_SESSION_TOKENS: [&str; 2] = ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"];

/// The program asked about each request the proxy holds for approval.
const ASKPASS: &str = "VAULT_ASKPASS";

/// `vault mcp` hands the run this key (32 bytes in base64), which its placeholders are made
/// from: the same placeholders in every run of a session, which the `placeholder` tool can
/// name beforehand. Read only with --through-mcp.
pub const PLACEHOLDER_KEY: &str = "VAULT_MCP_PLACEHOLDER_KEY";

pub fn run(ctx: &Context, args: &ExecArgs) -> Result<u8> {
    if args.through_mcp {
        crate::audit::mark_process_via(crate::audit::Via::Mcp);
    }
    for name in &args.only {
        names::check_secret_name(name)?;
    }
    // A denial names the first secret asked for, as `read` would.
    let asked_for = args.only.first().map(String::as_str);
    let access = access::open(ctx, &args.agent, args.key_file.as_deref(), asked_for)?;
    let mut secrets: Vec<Granted> = if args.only.is_empty() {
        access.all()?
    } else {
        args.only
            .iter()
            .map(|name| access.get(name))
            .collect::<Result<_>>()?
    };
    let proxied = args.proxy || args.sandbox;
    // A grant that holds each request for a person's answer is the proxy's to use: only it
    // can hold a request. Named, it is denied as `read` denies it; else it is left out.
    if !proxied {
        if let Some(gated) = secrets.iter().find(|s| s.approve.is_some())
            && !args.only.is_empty()
        {
            return Err(access.deny(Some(gated.name), Reason::ApprovalRequired));
        }
        let (gated, open): (Vec<Granted>, Vec<Granted>) =
            secrets.into_iter().partition(|s| s.approve.is_some());
        for secret in &gated {
            ctx.out.hint(format_args!(
                "vault: not injecting {}: each request with it waits for a person's answer, which only the proxy can hold (run with --proxy or --sandbox)",
                secret.name
            ));
        }
        secrets = open;
    }

    // Everything that could stop the command is checked before the reads are logged.
    let mut variables: BTreeMap<String, &Granted> = BTreeMap::new();
    for secret in &secrets {
        let variable = names::variable(secret.name);
        if let Some(other) = variables.insert(variable.clone(), secret)
            && other.name != secret.name
        {
            bail!(
                "secrets {} and {} would both be ${variable}; an operator can rename one (`vault secret rename {} NEW_NAME`), or pick one with --only",
                other.name,
                secret.name,
                secret.name
            );
        }
        // What execve takes for one `NAME=value` string; past it, the program would not start
        // at all (E2BIG, exit 126).
        const ENV_STRING_MAX: usize = 128 << 10;
        if secret.value.len() + variable.len() + 2 > ENV_STRING_MAX {
            bail!(
                "secret {} is {} bytes, more than an environment variable can carry (128 KiB); hand it to the program as a file instead (`vault read --agent {} {} > FILE`, mode 0600)",
                secret.name,
                secret.value.len(),
                args.agent,
                secret.name
            );
        }
        if secret.value.contains(&0) {
            bail!(
                "secret {} holds a NUL byte, which an environment variable cannot carry; read it with `vault read` instead",
                secret.name
            );
        }
    }
    let program = args.command[0].to_string_lossy().into_owned();
    if secrets.is_empty() {
        ctx.out.hint(format_args!(
            "vault: agent {} has no grants; running {program} with no secrets injected",
            args.agent
        ));
    }
    // One event per secret injected, however often --only named it; a canary named with
    // --only was asked for by name, as by `read`.
    let injected: Vec<&Granted> = variables.values().copied().collect();
    // The proxy starts, and the sandbox is planned, before the reads are logged: what could
    // stop either stops the command.
    let proxy = if proxied {
        Some(start_proxy(ctx, args, &access, &injected)?)
    } else {
        None
    };
    let planned = match &proxy {
        Some(proxy) if args.sandbox => {
            plan_sandbox(ctx, args, &access, proxy).and_then(|sandbox| {
                let terminal = child::gets_terminal(!args.no_mask);
                let (command, pending) =
                    sandbox.command(&args.command, Some(proxy.port()), terminal)?;
                Ok(Some((sandbox, command, pending)))
            })
        }
        _ => Ok(None),
    };
    let sandboxed = match planned {
        Ok(sandboxed) => sandboxed,
        Err(err) => {
            if let Some(proxy) = proxy {
                // The command's own error is the one to tell.
                let _ = proxy.stop();
            }
            return Err(err);
        }
    };
    // A canary is taken when its value is handed to the program where masking cannot watch
    // it: named by --only (asked for as `read` would), injected with --no-mask, or too short
    // to mask. Under --proxy the program holds only placeholders.
    let named = !args.only.is_empty();
    let taken = |secret: &Granted| {
        let unwatched = args.no_mask || secret.value.len() < mask::MIN_LEN;
        (named || (!proxied && unwatched)).then_some(Taken::Exec)
    };
    if let Err(err) = access.record(&injected, taken) {
        if let Some(proxy) = proxy {
            let _ = proxy.stop();
        }
        return Err(err);
    }

    let (mut command, sandbox) = match sandboxed {
        Some((sandbox, command, pending)) => (command, Some((sandbox, pending))),
        None => {
            let mut command = Command::new(&args.command[0]);
            command.args(&args.command[1..]);
            (command, None)
        }
    };
    // What lets a process open the vault is not the program's: with it, the program could
    // read what --only left out, as anyone, and log nothing.
    for credential in CREDENTIALS {
        command.env_remove(credential);
    }
    for (at, (variable, secret)) in variables.iter().enumerate() {
        let value = match &proxy {
            Some(proxy) => proxy.placeholder(at),
            None => secret.value,
        };
        command.env(variable, OsStr::from_bytes(value));
    }
    if let Some(proxy) = &proxy {
        command.envs(proxy.environment());
        // A session token of the operator's own would go with the placeholder keys, which
        // the proxy signs for without one.
        if injected.iter().any(|s| s.aws_sigv4.is_some()) {
            for token in AWS_SESSION_TOKENS {
                if !variables.contains_key(token) {
                    command.env_remove(token);
                }
            }
        }
    }
    let mut redactor = None;
    if !args.no_mask {
        let named: Vec<(&str, &[u8])> = injected.iter().map(|s| (s.name, s.value)).collect();
        let (made, too_short) = mask::redactor(&named)?;
        if !too_short.is_empty() {
            ctx.out.hint(format_args!(
                "vault: not masking {} in the output: shorter than {} bytes",
                too_short.join(", "),
                mask::MIN_LEN
            ));
        }
        redactor = made;
    }
    if let Some(proxy) = proxy {
        let code = match sandbox {
            Some((sandbox, pending)) => {
                let mut start = SandboxStart {
                    pending: Some(pending),
                    proxy: &proxy,
                    access: &access,
                    report: sandbox.report(),
                    unroutable: sandbox.unroutable(),
                };
                masked(
                    &access,
                    &injected,
                    command,
                    Some(&mut start),
                    redactor.as_mut(),
                )
            }
            None => masked(&access, &injected, command, None, redactor.as_mut()),
        };
        // The program's exit status stands: a summary the log could not take is a warning.
        if let Err(err) = proxy.stop() {
            crate::output::warning(&format!("{err:#}"));
        }
        return code;
    }
    if let Some(redactor) = &mut redactor {
        return masked(&access, &injected, command, None, Some(redactor));
    }
    process::soften_for_exec();
    // Only returns if the program could not be started.
    let source = command.exec();
    Err(CannotRun { program, source }.into())
}

/// Starts the credential proxy for the secrets `injected`, in the order they are injected.
fn start_proxy(
    ctx: &Context,
    args: &ExecArgs,
    access: &Access,
    injected: &[&Granted],
) -> Result<Proxy> {
    let upstream_ca = args
        .upstream_ca
        .clone()
        .or_else(|| env_path("VAULT_UPSTREAM_CA"));
    if let Some(path) = &upstream_ca {
        proxy::check_upstream_ca(path)?;
    }
    // The access key id of each AWS pair goes through the proxy in the same run, or the
    // proxy could not sign with the pair.
    let mut signs_with = Vec::with_capacity(injected.len());
    for secret in injected {
        let pair = match secret.aws_sigv4 {
            Some(key_id) => Some(
                injected
                    .iter()
                    .position(|other| other.secret_id == key_id)
                    .ok_or_else(|| {
                        anyhow!(
                            "secret {} signs AWS requests with the access key id in secret {key_id}, which this run does not inject; grant that secret to agent {} too, or name it with --only",
                            secret.name,
                            args.agent
                        )
                    })?,
            ),
            None => None,
        };
        signs_with.push(pair);
    }
    let unpinned: Vec<&str> = injected
        .iter()
        .filter(|s| s.hosts.is_empty())
        .map(|s| s.name)
        .collect();
    if !unpinned.is_empty() {
        ctx.out.hint(format_args!(
            "vault: the proxy sends {} nowhere: no host is pinned; pin one with `vault secret hosts NAME --add HOST`",
            unpinned.join(", ")
        ));
    }
    let secrets: Vec<Proxied> = injected
        .iter()
        .zip(signs_with)
        .map(|(s, aws_sigv4)| Proxied {
            name: s.name,
            secret_id: s.secret_id,
            grant_id: s.grant_id,
            value: s.value,
            hosts: s.hosts,
            inject: s.inject,
            methods: s.methods,
            canary: s.canary,
            approve: s.approve,
            aws_sigv4,
        })
        .collect();
    let placeholder_key = if args.through_mcp {
        placeholder_key()?
    } else {
        None
    };
    Proxy::start(
        &secrets,
        &Settings {
            agent: access.agent(),
            log: access.log_path(),
            upstream_ca: upstream_ca.as_deref(),
            strict: args.strict,
            placeholder_key: placeholder_key.as_deref(),
            egress: proxy::EgressChoice::parse(&args.egress, &args.allow_host, args.sandbox)?,
            askpass: std::env::var_os(ASKPASS).filter(|program| !program.is_empty()),
        },
    )
}

/// The key `vault mcp` makes its runs' placeholders from, if it gave one.
fn placeholder_key() -> Result<Option<zeroize::Zeroizing<[u8; 32]>>> {
    use base64::Engine;
    let Some(text) = std::env::var_os(PLACEHOLDER_KEY) else {
        return Ok(None);
    };
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    let decoded = zeroize::Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .unwrap_or_default(),
    );
    if decoded.len() != key.len() {
        bail!("{PLACEHOLDER_KEY} is not a key in base64; it is set by `vault mcp` alone");
    }
    key.copy_from_slice(&decoded);
    Ok(Some(key))
}

/// Runs the program with its output masked; logs a canary the moment its value shows, and what
/// was masked once the program is done (however it ended).
fn masked(
    access: &Access,
    injected: &[&Granted],
    command: Command,
    between: Option<&mut dyn child::Between>,
    mut redactor: Option<&mut Redactor>,
) -> Result<u8> {
    let event = |kind, secret: &Granted| {
        Event::new(kind)
            .agent(access.agent())
            .secret(Some(secret.secret_id), secret.name)
            .grant_id(secret.grant_id)
    };
    let mut seen = vec![false; injected.len()];
    let outcome = child::run(command, between, redactor.as_deref_mut(), |redactor| {
        let mut caught = Vec::new();
        for (at, &count) in redactor.counts().iter().enumerate() {
            if count > 0 && injected[at].canary && !seen[at] {
                seen[at] = true;
                caught.push(event(Kind::Canary, injected[at]).how(Taken::Output));
            }
        }
        if caught.is_empty() {
            return Ok(());
        }
        access.log(&caught)
    });
    let counts = redactor.map(|r| r.counts().to_vec()).unwrap_or_default();
    let masked: Vec<Event> = injected
        .iter()
        .zip(&counts)
        .filter(|(_, count)| **count > 0)
        .map(|(secret, &count)| event(Kind::Masked, secret).count(count))
        .collect();
    // What was masked is logged even when the program could not run to the end.
    let logged = if masked.is_empty() {
        Ok(())
    } else {
        access.log(&masked)
    };
    let code = outcome?;
    logged?;
    Ok(code)
}

/// The sandbox for this run: what it hides (the vault's files, the agent's key, VAULT_HOME)
/// and what it shows (the proxy's CA bundle), with the caller's choices.
fn plan_sandbox(ctx: &Context, args: &ExecArgs, access: &Access, proxy: &Proxy) -> Result<Sandbox> {
    let mut vault_files = vec![
        ctx.paths.vault.clone(),
        ctx.paths.identity.clone(),
        ctx.paths.log.clone(),
        access.log_path().to_path_buf(),
    ];
    vault_files.extend(
        args.key_file
            .clone()
            .or_else(|| env_path("VAULT_AGENT_KEY_FILE")),
    );
    let mut hide = args.hide.clone();
    hide.extend(env_path("VAULT_HOME"));
    Sandbox::plan(&sandbox::Options {
        hide,
        allow_read: args.allow_read.clone(),
        allow_write: args.allow_write.clone(),
        share_home: args.share_home,
        pass_fds: args.pass_fd.clone(),
        keep_env: args.keep_env.clone(),
        clean_env: args.clean_env,
        vault_files,
        show: vec![proxy.bundle()],
    })
}

/// Once bubblewrap runs: the proxy serves the listener the sandbox made, `vault.sandboxed` is
/// logged, and only then does the program start.
struct SandboxStart<'a> {
    pending: Option<Pending>,
    proxy: &'a Proxy,
    access: &'a Access<'a>,
    report: sandbox::Report,
    /// Why the connections of programs that ignore the proxy variables cannot be routed.
    unroutable: Option<String>,
}

impl child::Between for SandboxStart<'_> {
    fn started(&mut self, bwrap: &mut std::process::Child) -> Result<i32> {
        let pending = self
            .pending
            .take()
            .ok_or_else(|| anyhow::anyhow!("the sandbox was started twice"))?;
        let mut launched = pending.wait(bwrap)?;
        let listener = launched
            .listener
            .take()
            .ok_or_else(|| anyhow::anyhow!("the sandbox made no listener for the proxy"))?;
        self.proxy.serve(listener)?;
        let mut protections = self.report.protections.clone();
        // Routing is a second way to the proxy, not a way around it: without it, what ignores
        // the proxy variables has no network at all. So the run goes on, and says so.
        let routed = match launched.routes.take() {
            Some(routes) => routes
                .install(proxy::ROUTED_POOL)
                .and_then(|()| self.proxy.serve_routed(routes.connections, routes.names)),
            None => Err(anyhow::anyhow!(
                "{}",
                self.unroutable
                    .as_deref()
                    .unwrap_or("the sandbox made no routed sockets")
            )),
        };
        match routed {
            Ok(()) => protections.push("connections-routed".into()),
            Err(why) => crate::output::warning(&format!(
                "programs that ignore HTTPS_PROXY get no network in this sandbox, only the proxy variables lead out: {}",
                crate::output::one_line(&format!("{why:#}"))
            )),
        }
        if launched.landlock {
            protections.push("landlock-scopes".into());
        }
        self.access.log(&[Event::new(Kind::Sandboxed)
            .agent(self.access.agent())
            .sandboxed(Sandboxed {
                home: self.report.home,
                protections,
                env_dropped: self.report.env_dropped.clone(),
            })])?;
        let program = launched.program;
        launched.go()?;
        Ok(program)
    }
}
