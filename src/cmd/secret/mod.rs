//! `vault secret add|set|list|rm|history|rollback|rename`; `import` in a file of its own.

mod import;

use std::collections::HashMap;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::audit::{AuditLog, Event, Kind, Via};
use crate::cli::{
    AddArgs, Charset, HistoryArgs, HostsArgs, RenameArgs, RollbackArgs, SecretCommand,
    SecretRmArgs, SetArgs, ShowArgs, ValueArgs,
};
use crate::cmd::{Context, grant_event};
use crate::error::Usage;
use crate::hosts::Methods;
use crate::inject::Inject;
use crate::output::Column;
use crate::secret::SecretBytes;
use crate::state::{Secret, State};
use crate::{generate, hosts, input, names, time, vault};

pub fn run(ctx: &Context, command: SecretCommand) -> Result<()> {
    match command {
        SecretCommand::Add(args) => add(ctx, &args),
        SecretCommand::Set(args) => set(ctx, &args),
        SecretCommand::List => list(ctx),
        SecretCommand::Show(args) => show(ctx, &args),
        SecretCommand::Hosts(args) => set_hosts(ctx, &args),
        SecretCommand::Rm(args) => rm(ctx, &args),
        SecretCommand::Import(args) => import::run(ctx, &args),
        SecretCommand::History(args) => history(ctx, &args),
        SecretCommand::Rollback(args) => rollback(ctx, &args),
        SecretCommand::Rename(args) => rename(ctx, &args),
    }
}

#[derive(Serialize)]
struct Added {
    id: String,
    name: String,
    created_at: String,
}

#[derive(Serialize)]
struct Updated {
    id: String,
    name: String,
    created_at: String,
    updated_at: String,
    version: u64,
}

#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    name: &'a str,
    created_at: String,
    updated_at: String,
    grants: usize,
    canary: bool,
    hosts: &'a [String],
    inject: Vec<&'static str>,
    /// Empty: any method.
    methods: Vec<&'static str>,
    /// For an AWS secret access key: the name of the secret of its access key id.
    aws_sigv4: Option<&'a str>,
}

/// Metadata of a secret, copied out of the locked change.
struct Stored {
    id: String,
    name: String,
    created_at: i64,
    updated_at: i64,
    version: u64,
}

impl From<&Secret> for Stored {
    fn from(secret: &Secret) -> Self {
        Self {
            id: secret.id.clone(),
            name: secret.name.clone(),
            created_at: secret.created_at,
            updated_at: secret.updated_at,
            version: secret.version,
        }
    }
}

impl Stored {
    fn updated(self) -> Updated {
        Updated {
            id: self.id,
            name: self.name,
            created_at: time::rfc3339(self.created_at),
            updated_at: time::rfc3339(self.updated_at),
            version: self.version,
        }
    }
}

/// Refuses `vault secret add NAME VALUE` without repeating the value: it is in the shell's
/// history and in `ps` already, and must not land in a terminal log or CI output as well.
fn refuse_value_in_argv(args: &ValueArgs) -> Result<()> {
    if !args.value_in_argv.is_empty() {
        return Err(Usage(format!(
            "secret values are never taken from the command line, where other users can see them; pipe the value in (`printf %s \"$VALUE\" | vault secret add {0}`), or use --from-file PATH, or run `vault secret add {0}` on a terminal to be prompted",
            args.name
        ))
        .into());
    }
    Ok(())
}

/// Reads the value, then applies `store` (add or set) under the vault's lock; with
/// `--generate --show`, prints the value made (the showing logged as `secret show` logs it).
fn store_value(
    ctx: &Context,
    args: &ValueArgs,
    kind: Kind,
    store: impl for<'s> FnOnce(&'s mut State, &str, SecretBytes, i64) -> Result<&'s Secret>,
) -> Result<Stored> {
    refuse_value_in_argv(args)?;
    names::check_secret_name(&args.name)?;
    if args.generate && input::value_on_stdin() {
        return Err(Usage(format!(
            "--generate makes the value, and a value came on stdin too; drop one: `vault secret add {0} --generate` with nothing piped in, or the value piped in without --generate",
            args.name
        ))
        .into());
    }
    let value = if args.generate {
        let alphabet = match args.charset {
            Charset::Alnum => generate::ALNUM,
            Charset::Hex => generate::HEX,
            Charset::Base64url => generate::BASE64URL,
            Charset::Ascii => generate::ASCII,
        };
        generate::value(usize::from(args.length), alphabet)?
    } else {
        input::read_value(args.from_file.as_deref(), &args.name)?
    };
    let shown = args.show.then(|| value.clone());
    let stored = vault::change(&ctx.paths, |state, events| {
        let secret = store(state, &args.name, value, time::now())?;
        events.push(
            Event::new(kind)
                .secret(Some(&secret.id), &secret.name)
                .version(secret.version),
        );
        if shown.is_some() {
            events.push(shown_event(secret));
        }
        let stored = Stored::from(secret);
        if kind == Kind::SecretCreated {
            warn_of_twins(state, &[&stored.name])?;
        }
        Ok(stored)
    })?;
    if let Some(value) = shown {
        ctx.out.value(&stored.name, value.expose())?;
    }
    Ok(stored)
}

/// `vault.accessed` for an operator shown a value.
fn shown_event(secret: &Secret) -> Event {
    Event::new(Kind::Accessed)
        .secret(Some(&secret.id), &secret.name)
        .via(Via::Operator)
}

/// Says on stderr when one of `added` and another secret are the same environment variable:
/// `vault exec` refuses to inject both.
fn warn_of_twins(state: &State, added: &[&str]) -> Result<()> {
    let mut by_variable: HashMap<String, Vec<&str>> = HashMap::new();
    for secret in state.secrets()? {
        by_variable
            .entry(names::variable(&secret.name))
            .or_default()
            .push(&secret.name);
    }
    for name in added {
        let variable = names::variable(name);
        for other in by_variable.get(&variable).into_iter().flatten() {
            if other != name {
                crate::output::warning(&format!(
                    "{name} and {other} are both ${variable}, so `vault exec` cannot inject both into one program; rename one with `vault secret rename {name} NEW_NAME`, or pick one with `exec --only`"
                ));
            }
        }
    }
    Ok(())
}

fn add(ctx: &Context, args: &AddArgs) -> Result<()> {
    let hosts = hosts::normalize(&args.hosts)?;
    let inject = chosen_places(&args.inject)?.unwrap_or_default();
    let methods = chosen_methods(&args.methods)?.unwrap_or_default();
    let stored = store_value(
        ctx,
        &args.value,
        Kind::SecretCreated,
        |state, name, value, now| {
            state.add_secret(name, value, args.canary, now)?;
            state.set_inject(name, inject, now)?;
            state.set_methods(name, methods, now)?;
            if let Some(key_id) = &args.aws_sigv4 {
                state.set_aws_sigv4(name, Some(key_id), now)?;
            }
            state.set_hosts(name, hosts, now)
        },
    )?;
    if args.value.show {
        // stdout held the value: nothing else goes there.
        return ctx
            .out
            .done(format_args!("Added secret {} ({})", stored.name, stored.id));
    }
    if ctx.out.json {
        return ctx.out.json(&Added {
            id: stored.id,
            name: stored.name,
            created_at: time::rfc3339(stored.created_at),
        });
    }
    ctx.out
        .done(format_args!("Added secret {} ({})", stored.name, stored.id))?;
    ctx.out.hint(format_args!(
        "Grant it to an agent with `vault grant add --agent AGENT {}`",
        stored.name
    ));
    Ok(())
}

fn set(ctx: &Context, args: &SetArgs) -> Result<()> {
    let hosts = match (args.no_hosts, args.hosts.is_empty()) {
        (true, _) => Some(Vec::new()),
        (false, false) => Some(hosts::normalize(&args.hosts)?),
        (false, true) => None,
    };
    let inject = chosen_places(&args.inject)?;
    let methods = chosen_methods(&args.methods)?;
    let stored = store_value(
        ctx,
        &args.value,
        Kind::SecretUpdated,
        |state, name, value, now| {
            state.set_secret(name, value, args.if_version, now)?;
            if let Some(inject) = inject {
                state.set_inject(name, inject, now)?;
            }
            if let Some(methods) = methods {
                state.set_methods(name, methods, now)?;
            }
            if args.aws_sigv4.is_some() || args.no_aws_sigv4 {
                state.set_aws_sigv4(name, args.aws_sigv4.as_deref(), now)?;
            }
            match hosts {
                Some(hosts) => state.set_hosts(name, hosts, now),
                None => state.secret(name),
            }
        },
    )?;
    if args.value.show {
        return ctx.out.done(format_args!(
            "Updated secret {} ({}), now at version {}",
            stored.name, stored.id, stored.version
        ));
    }
    if ctx.out.json {
        return ctx.out.json(&stored.updated());
    }
    ctx.out.done(format_args!(
        "Updated secret {} ({}), now at version {}",
        stored.name, stored.id, stored.version
    ))
}

fn list(ctx: &Context) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let state = &opened.state;
    let mut grants_on: HashMap<&str, usize> = HashMap::new();
    for grant in &state.grants {
        *grants_on.entry(grant.secret.as_str()).or_default() += 1;
    }
    let listed: Vec<Listed> = state
        .secrets()?
        .map(|secret| Listed {
            id: &secret.id,
            name: &secret.name,
            created_at: time::rfc3339(secret.created_at),
            updated_at: time::rfc3339(secret.updated_at),
            grants: grants_on.get(secret.id.as_str()).copied().unwrap_or(0),
            canary: secret.canary,
            hosts: &secret.hosts,
            inject: secret.inject.places(),
            methods: secret.methods.names(),
            aws_sigv4: secret
                .aws_sigv4
                .as_deref()
                .map(|id| state.secret_name(id).unwrap_or(id)),
        })
        .collect();
    ctx.out.list(
        &listed,
        "No secrets yet; add one with `printf %s \"$VALUE\" | vault secret add NAME`",
        &[
            Column::keep("NAME"),
            Column::drop("ID", 2),
            Column::keep("GRANTS"),
            Column::drop("CREATED", 1),
            Column::drop("UPDATED", 3),
            Column::keep("CANARY"),
            Column::words("HOSTS"),
            Column::drop("INJECT", 4),
            Column::drop("METHODS", 5),
        ],
        |s| {
            vec![
                s.name.to_owned(),
                s.id.to_owned(),
                s.grants.to_string(),
                s.created_at.clone(),
                s.updated_at.clone(),
                if s.canary { "canary" } else { "-" }.to_owned(),
                if s.hosts.is_empty() {
                    "-".to_owned()
                } else {
                    s.hosts.join(",")
                },
                match s.aws_sigv4 {
                    // Its value goes in no request: the proxy signs with it.
                    Some(key_id) => format!("aws-sigv4:{key_id}"),
                    None => s.inject.join(","),
                },
                if s.methods.is_empty() {
                    "any".to_owned()
                } else {
                    s.methods.join(",")
                },
            ]
        },
    )
}

/// The methods `--method` names, if any.
fn chosen_methods(names: &[String]) -> Result<Option<Methods>> {
    if names.is_empty() {
        return Ok(None);
    }
    Methods::parse(names).map(Some)
}

/// The places `--inject` names, if any.
fn chosen_places(names: &[String]) -> Result<Option<Inject>> {
    if names.is_empty() {
        return Ok(None);
    }
    Inject::parse(names).map(Some)
}

/// A secret's value, to the operator.
fn show(ctx: &Context, args: &ShowArgs) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let secret = opened.state.secret(&args.name)?;
    if ctx.out.json && std::str::from_utf8(secret.value.expose()).is_err() {
        // Refused before the showing is logged.
        return ctx.out.value(&secret.name, secret.value.expose());
    }
    // Logged before it is shown: a showing the log cannot record does not happen.
    AuditLog::new(&ctx.paths.log)
        .append(&[shown_event(secret)])
        .map_err(|err| anyhow::anyhow!("{err:#}; the value was withheld"))?;
    ctx.out.value(&secret.name, secret.value.expose())
}

/// Adds and removes hosts without touching the value.
fn set_hosts(ctx: &Context, args: &HostsArgs) -> Result<()> {
    if args.add.is_empty()
        && args.rm.is_empty()
        && !args.clear
        && args.inject.is_empty()
        && args.methods.is_empty()
    {
        return Err(Usage(format!(
            "say what to change: `vault secret hosts {0} --add HOST`, `--rm HOST`, `--clear`, `--inject PLACE` or `--method METHOD`; `vault secret list` shows the hosts now",
            args.name
        ))
        .into());
    }
    let added = hosts::normalize(&args.add)?;
    let removed = hosts::normalize(&args.rm)?;
    let inject = chosen_places(&args.inject)?;
    let methods = chosen_methods(&args.methods)?;
    let (listed, places, methods) = vault::change(&ctx.paths, |state, events| {
        let secret = state.secret(&args.name)?;
        let name = secret.name.clone();
        let mut kept: Vec<String> = if args.clear {
            Vec::new()
        } else {
            secret.hosts.clone()
        };
        for host in &removed {
            let Some(at) = kept.iter().position(|kept| kept == host) else {
                bail!(
                    "{name} is not pinned to {host}; its hosts are {}; nothing was changed",
                    if secret.hosts.is_empty() {
                        "none".to_owned()
                    } else {
                        secret.hosts.join(", ")
                    }
                );
            };
            kept.remove(at);
        }
        for host in added {
            if !kept.contains(&host) {
                kept.push(host);
            }
        }
        let inject = inject.unwrap_or(secret.inject);
        let methods = methods.unwrap_or(secret.methods);
        if kept == secret.hosts && inject == secret.inject && methods == secret.methods {
            return Ok((kept, inject, methods));
        }
        state.set_inject(&name, inject, time::now())?;
        state.set_methods(&name, methods, time::now())?;
        let secret = state.set_hosts(&name, kept, time::now())?;
        events.push(
            Event::new(Kind::SecretUpdated)
                .secret(Some(&secret.id), &secret.name)
                .version(secret.version),
        );
        Ok((secret.hosts.clone(), secret.inject, secret.methods))
    })?;
    if ctx.out.json {
        #[derive(Serialize)]
        struct Hosts<'a> {
            name: &'a str,
            hosts: &'a [String],
            inject: Vec<&'static str>,
            methods: Vec<&'static str>,
        }
        return ctx.out.json(&Hosts {
            name: &args.name,
            hosts: &listed,
            inject: places.places(),
            methods: methods.names(),
        });
    }
    let methods = match methods.names() {
        names if names.is_empty() => String::new(),
        names => format!(", of method {}", names.join(" or ")),
    };
    ctx.out.done(format_args!(
        "{} goes through the proxy to {}, into a request's {}{methods}",
        args.name,
        if listed.is_empty() {
            "no host".to_owned()
        } else {
            listed.join(", ")
        },
        places.places().join(", ")
    ))
}

fn rm(ctx: &Context, args: &SecretRmArgs) -> Result<()> {
    if !args.yes && input::asks() {
        let opened = vault::open_as_operator(&ctx.paths)?;
        let secret = opened.state.secret(&args.secret)?;
        let agents: Vec<&str> = opened
            .state
            .grants
            .iter()
            .filter(|grant| grant.secret == secret.id)
            .map(|grant| grant.agent.as_str())
            .collect();
        let question = format!(
            "Remove secret {} for good, with its {} earlier value{} and {}?",
            secret.name,
            secret.history.len(),
            if secret.history.len() == 1 { "" } else { "s" },
            match agents.len() {
                0 => "no grant".to_owned(),
                n => format!(
                    "{n} grant{} ({})",
                    if n == 1 { "" } else { "s" },
                    agents.join(", ")
                ),
            }
        );
        if !input::confirm(&question)? {
            return ctx.out.done("Nothing was removed");
        }
    }
    let (name, revoked) = vault::change(&ctx.paths, |state, events| {
        let (secret, revoked) = state.remove_secret(&args.secret)?;
        for grant in &revoked {
            events.push(grant_event(Kind::GrantRevoked, grant, &secret.name));
        }
        events.push(Event::new(Kind::SecretDeleted).secret(Some(&secret.id), &secret.name));
        Ok((secret.name, revoked.len()))
    })?;
    ctx.out.hint(format_args!(
        "Removed secret {name} and {revoked} grant{}",
        if revoked == 1 { "" } else { "s" }
    ));
    Ok(())
}

#[derive(Serialize)]
struct Version {
    version: u64,
    created_at: String,
    current: bool,
}

fn history(ctx: &Context, args: &HistoryArgs) -> Result<()> {
    let opened = vault::open_as_operator(&ctx.paths)?;
    let secret = opened.state.secret(&args.name)?;
    let current = std::iter::once(Version {
        version: secret.version,
        created_at: time::rfc3339(secret.updated_at),
        current: true,
    });
    let earlier = secret.history.iter().rev().map(|old| Version {
        version: old.version,
        created_at: time::rfc3339(old.created_at),
        current: false,
    });
    let versions: Vec<Version> = current.chain(earlier).take(args.last).collect();
    ctx.out.list(
        &versions,
        "No versions to show",
        &[
            Column::keep("VERSION"),
            Column::keep("SET"),
            Column::keep("CURRENT"),
        ],
        |v| {
            vec![
                v.version.to_string(),
                v.created_at.clone(),
                if v.current { "current" } else { "-" }.to_owned(),
            ]
        },
    )
}

fn rollback(ctx: &Context, args: &RollbackArgs) -> Result<()> {
    let stored = vault::change(&ctx.paths, |state, events| {
        let secret = state.rollback_secret(&args.name, args.to, time::now())?;
        let mut event = Event::new(Kind::SecretUpdated)
            .secret(Some(&secret.id), &secret.name)
            .version(secret.version);
        event.rolled_back_to = Some(args.to);
        events.push(event);
        Ok(Stored::from(secret))
    })?;
    if ctx.out.json {
        return ctx.out.json(&stored.updated());
    }
    ctx.out.done(format_args!(
        "Rolled {} back to the value of version {}, now version {}",
        stored.name, args.to, stored.version
    ))
}

fn rename(ctx: &Context, args: &RenameArgs) -> Result<()> {
    names::check_secret_name(&args.new)?;
    let stored = vault::change(&ctx.paths, |state, events| {
        let secret = state.rename_secret(&args.old, &args.new, time::now())?;
        let mut event = Event::new(Kind::SecretRenamed).secret(Some(&secret.id), &secret.name);
        event.old_name = Some(args.old.clone());
        events.push(event);
        Ok(Stored::from(secret))
    })?;
    if ctx.out.json {
        return ctx.out.json(&stored.updated());
    }
    ctx.out.done(format_args!(
        "Renamed {} to {} ({}); its grants and history stay",
        args.old, stored.name, stored.id
    ))
}
