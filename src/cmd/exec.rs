//! `vault exec --agent AGENT [--only NAME]… -- CMD [ARG]…`

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Result, bail};

use crate::agent_part::Granted;
use crate::audit::{Event, Kind, Taken};
use crate::cli::ExecArgs;
use crate::cmd::Context;
use crate::cmd::access::{self, Access};
use crate::error::CannotRun;
use crate::mask::{self, Redactor};
use crate::{child, names, process};

/// Variables that carry a key or the passphrase that opens the vault, never passed on to the
/// program (unless a secret of that name is injected on purpose).
pub const CREDENTIALS: [&str; 3] = [
    "VAULT_PASSPHRASE",
    "VAULT_AGENT_KEY",
    "VAULT_AGENT_KEY_FILE",
];

/// The environment variable a secret goes into: its name, with every character that is not
/// `A-Z a-z 0-9 _` turned into `_`.
pub fn variable_name(secret: &str) -> String {
    secret
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

pub fn run(ctx: &Context, args: &ExecArgs) -> Result<u8> {
    for name in &args.only {
        names::check_secret_name(name)?;
    }
    // A denial names the first secret asked for, as `read` would.
    let asked_for = args.only.first().map(String::as_str);
    let access = access::open(ctx, &args.agent, args.key_file.as_deref(), asked_for)?;
    let secrets: Vec<Granted> = if args.only.is_empty() {
        access.all()?
    } else {
        args.only
            .iter()
            .map(|name| access.get(name))
            .collect::<Result<_>>()?
    };

    // Everything that could stop the command is checked before the reads are logged.
    let mut variables: BTreeMap<String, &Granted> = BTreeMap::new();
    for secret in &secrets {
        let variable = variable_name(secret.name);
        if let Some(other) = variables.insert(variable.clone(), secret)
            && other.name != secret.name
        {
            bail!(
                "secrets {} and {} would both be ${variable}; rename one (`vault secret add` a copy, `vault secret rm` the other) or pick one with --only",
                other.name,
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
    let taken = (!args.only.is_empty()).then_some(Taken::Exec);
    access.record(&injected, taken)?;

    let mut command = Command::new(&args.command[0]);
    command.args(&args.command[1..]);
    // What lets a process open the vault is not the program's: with it, the program could
    // read what --only left out, as anyone, and log nothing.
    for credential in CREDENTIALS {
        command.env_remove(credential);
    }
    for (variable, secret) in &variables {
        command.env(variable, OsStr::from_bytes(secret.value));
    }
    if !args.no_mask {
        let named: Vec<(&str, &[u8])> = injected.iter().map(|s| (s.name, s.value)).collect();
        let (redactor, too_short) = mask::redactor(&named)?;
        if !too_short.is_empty() {
            ctx.out.hint(format_args!(
                "vault: not masking {} in the output: shorter than {} bytes",
                too_short.join(", "),
                mask::MIN_LEN
            ));
        }
        if let Some(mut redactor) = redactor {
            return masked(&access, &injected, command, &mut redactor);
        }
    }
    process::soften_for_exec();
    // Only returns if the program could not be started.
    let source = command.exec();
    Err(CannotRun { program, source }.into())
}

/// Runs the program with its output masked; logs a canary the moment its value shows, and what
/// was masked once the program is done (however it ended).
fn masked(
    access: &Access,
    injected: &[&Granted],
    command: Command,
    redactor: &mut Redactor,
) -> Result<u8> {
    let event = |kind, secret: &Granted| {
        Event::new(kind)
            .agent(access.agent())
            .secret(Some(secret.secret_id), secret.name)
            .grant_id(secret.grant_id)
    };
    let mut seen = vec![false; injected.len()];
    let outcome = child::run(command, redactor, |redactor| {
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
    let masked: Vec<Event> = injected
        .iter()
        .zip(redactor.counts())
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

#[cfg(test)]
mod tests {
    #[test]
    fn variable_names() {
        assert_eq!(super::variable_name("OPENAI_API_KEY"), "OPENAI_API_KEY");
        assert_eq!(super::variable_name("db.password-2"), "db_password_2");
    }
}
