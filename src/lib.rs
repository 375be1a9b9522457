//! `vault`: a local secret vault for AI agents.
//!
//! This file parses the command line, hands it to the command under `cmd/`, and turns the
//! outcome into an exit code: the only place that decides one.

mod agent_part;
mod anchors;
mod audit;
mod child;
pub mod cli;
mod cmd;
mod complete;
mod crypto;
mod dotenv;
mod error;
mod export;
mod format;
mod generate;
mod hosts;
mod identity;
mod ids;
mod inject;
mod input;
pub mod manual;
mod mask;
mod mcp;
mod merge;
mod names;
mod output;
mod part;
mod paths;
mod process;
mod proxy;
mod requests;
mod sandbox;
mod secret;
mod state;
mod store;
mod time;
mod unlock;
mod vault;

use std::io;

/// Every audit event type, for the tests that check each one's export.
#[doc(hidden)]
pub use audit::EVENT_TYPES;

/// Entry points for the fuzz targets in `fuzz/`: every parser that reads bytes an attacker or a
/// broken disk could have written. Not an API.
#[doc(hidden)]
pub mod fuzzing {
    use crate::agent_part::AgentPart;
    use crate::secret::SecretBytes;
    use crate::state::State;
    use crate::{audit, format};

    /// The cleartext container: header, index, checksums, part bounds.
    pub fn vault_file(data: &[u8]) {
        if let Ok(index) = format::parse_index(data) {
            let _ = index.verify_file(data);
            let _ = index.find_agent(&format::agent_slot(&index.salt, "agent"));
        }
    }

    /// The operator part's plaintext: the state's RON lines and the values after them. What
    /// this program writes, it must read back: a state that opens is changed (a page opened by
    /// name, a secret set, added and removed) and written, and must then open again.
    pub fn state(data: &[u8]) {
        let Ok(mut state) = State::decode(SecretBytes::new(data.to_vec())) else {
            return;
        };
        let _ = state.secret_named("OPENAI_API_KEY");
        let written = state.encode().expect("a state that opened can be written");
        State::decode(written).expect("a page left alone is copied as it was");
        if state.secrets_by_id().is_err() {
            return;
        }
        let value = || SecretBytes::new(b"v".to_vec());
        let _ = state.set_secret("OPENAI_API_KEY", value(), None, 1);
        let _ = state.add_secret("M", value(), true, 1);
        let _ = state.remove_secret("A");
        let written = state.encode().expect("a changed state can be written");
        let again = State::decode(written).expect("a changed state reads back");
        again.secrets_by_id().expect("every page of it too");
    }

    /// An agent part's plaintext.
    pub fn agent_part(data: &[u8]) {
        if let Ok(part) = AgentPart::decode(SecretBytes::new(data.to_vec())) {
            let _ = part.find("NAME");
            let _ = part.all().count();
        }
    }

    /// The audit log, as `events verify` reads it.
    pub fn audit_log(data: &[u8]) {
        let _ = audit::verify_lines(data, None);
    }
}

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use crate::cli::{Cli, Command};
use crate::cmd::Context;
use crate::error::{CannotRun, Denied, Usage};
use crate::output::Output;
use crate::paths::{Flags, Paths};

/// The whole program; returns the exit code.
pub fn main() -> u8 {
    process::harden();
    // Answers the shell and exits when COMPLETE is set (dynamic completion); else does nothing.
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .bin("vault")
        .complete();
    let cli = match parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(err) => return clap_error(&err),
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

/// The command line, parsed by clap. clap builds the whole tree of subcommands and their
/// arguments before it parses anything, which for `read`, run by agents on every tool use, was
/// a tenth of its time. So a line that names `read` or `exec` is parsed first against a tree
/// of the global flags and that one subcommand: it consults nothing else, so it parses the
/// line as the whole tree would. Whatever that tree cannot settle (help, a version, an error,
/// a name that was not the subcommand after all) goes to the whole tree.
fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::{Args, FromArgMatches};
    let named = args.iter().skip(1).find_map(|arg| match arg.to_str() {
        Some("read") => Some(("read", cli::ReadArgs::augment_args as fn(_) -> _)),
        Some("exec") => Some(("exec", cli::ExecArgs::augment_args as fn(_) -> _)),
        _ => None,
    });
    if let Some((name, augment)) = named {
        let narrow = cli::GlobalArgs::augment_args(clap::Command::new("vault"))
            .subcommand(augment(clap::Command::new(name)));
        if let Ok(cli) = narrow
            .try_get_matches_from(&args)
            .and_then(|matches| Cli::from_arg_matches(&matches))
        {
            return Ok(cli);
        }
    }
    Cli::try_parse_from(args)
}

/// Runs the command; the exit code is 0 but for `exec`, which passes the program's on.
fn run(cli: Cli) -> anyhow::Result<u8> {
    let ctx = Context {
        paths: Paths::resolve(&Flags {
            vault: cli.global.vault,
            identity: cli.global.identity,
            log: cli.global.log,
        })?,
        out: Output::new(cli.global.json, cli.global.quiet),
    };
    let done = match cli.command {
        Command::Exec(args) => return cmd::exec::run(&ctx, &args),
        Command::Sandbox(command) => return cmd::sandbox::run(&ctx, command),
        Command::Mcp(args) => cmd::mcp::run(ctx, &args),
        Command::Init(args) => cmd::init::run(&ctx, &args),
        Command::Secret(command) => cmd::secret::run(&ctx, command),
        Command::Agent(command) => cmd::agent::run(&ctx, command),
        Command::Grant(command) => cmd::grant::run(&ctx, command),
        Command::Operator(command) => cmd::operator::run(&ctx, command),
        Command::Rekey(args) => cmd::rekey::run(&ctx, &args),
        Command::Unlock(args) => cmd::unlock::run(&ctx, &args),
        Command::Lock => cmd::unlock::lock(&ctx),
        Command::Read(args) => cmd::read::run(&ctx, &args),
        Command::Request(args) => cmd::request::run(&ctx, &args),
        Command::Merge(args) => cmd::merge::run(&ctx, &args),
        Command::Git(command) => cmd::git::run(&ctx, command),
        Command::Events(args) => cmd::events::run(&ctx, &args),
    };
    done.map(|()| 0)
}

fn report(err: &anyhow::Error) -> u8 {
    // The reader went away (`vault … | head`): nothing more to say, and nobody to say it to.
    let broken_pipe = err
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe);
    if broken_pipe {
        return 0;
    }
    let code = if err.downcast_ref::<Denied>().is_some() {
        3
    } else if err.downcast_ref::<Usage>().is_some() {
        2
    } else if let Some(cannot_run) = err.downcast_ref::<CannotRun>() {
        cannot_run.exit_code()
    } else {
        1
    };
    output::error_line(&output::one_line(&format!("{err:#}")));
    code
}

/// Usage errors from clap, reworded into the program's one-line form; help and version pass.
fn clap_error(err: &clap::Error) -> u8 {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return err.exit_code() as u8;
    }
    output::error_line(&usage_line(&err.render().to_string()));
    2
}

/// Folds clap's several lines (message, tips, usage) into one.
fn usage_line(rendered: &str) -> String {
    let mut message = String::new();
    let mut usage = None;
    for line in rendered
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
    {
        if let Some(rest) = line.strip_prefix("Usage: ") {
            usage = Some(rest);
        } else if !line.starts_with("For more information") {
            let line = line.strip_prefix("error: ").unwrap_or(line);
            if !message.is_empty() {
                message.push_str(if message.ends_with(':') { " " } else { "; " });
            }
            message.push_str(line);
        }
    }
    match usage {
        Some(usage) => format!("{message} (usage: {usage}; more with --help)"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_into_one_line() {
        let rendered = "error: the following required arguments were not provided:\n  --agent <AGENT>\n\nUsage: vault grant add --agent <AGENT> <SECRET>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            usage_line(rendered),
            "the following required arguments were not provided: --agent <AGENT> (usage: vault grant add --agent <AGENT> <SECRET>; more with --help)"
        );
    }

    /// The narrowed parse must read every line as the whole tree does, or leave it to it.
    #[test]
    fn read_and_exec_lines_parse_as_the_whole_tree_parses_them() {
        let lines = [
            "vault read --agent bot TOKEN",
            "vault read TOKEN --agent bot --key-file bot.key --wait 5s",
            "vault --vault read read --agent read read",
            "vault -q --json read --agent bot --log events.jsonl TOKEN",
            "vault --log=exec read --agent bot TOKEN",
            "vault --log exec read --agent bot TOKEN",
            "vault read --agent bot",
            "vault read --agent bot TOKEN extra",
            "vault read --help",
            "vault read --version",
            "vault read --agent bot --wait forever TOKEN",
            "vault exec --agent bot -- printenv TOKEN",
            "vault exec --agent bot --only A --only B --no-mask -- sh -c read",
            "vault exec --agent bot --proxy --upstream-ca ca.pem --key-file k -- curl x",
            "vault exec --agent bot --upstream-ca ca.pem -- true",
            "vault exec --agent bot",
            "vault secret add read",
            "vault grant add --agent exec read",
            "vault events --agent read",
            "vault read",
        ];
        for line in lines {
            let args: Vec<std::ffi::OsString> = line.split(' ').map(Into::into).collect();
            let narrowed = parse(args.clone());
            let whole = Cli::try_parse_from(args);
            match (&narrowed, &whole) {
                (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{line}"),
                (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind(), "{line}"),
                _ => panic!("{line}: {narrowed:?} against {whole:?}"),
            }
        }
    }
}
