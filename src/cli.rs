//! The command line, as clap types. Their doc comments are the help text and the man pages.

use std::ffi::OsString;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueHint};
use clap_complete::ArgValueCandidates;

use crate::audit::EVENT_TYPES;
use crate::complete;

/// The parts of a request `--inject` names (src/inject.rs).
const INJECT_PLACES: [&str; 4] = ["header", "query", "path", "body"];

/// The methods `--method` names (src/hosts.rs), and `any`.
const METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "any",
];

const EXAMPLES: &str = "\
Examples:
  printf %s \"$OPENAI_API_KEY\" | vault secret add OPENAI_API_KEY
  vault agent add researcher > researcher.key && vault grant add --agent researcher OPENAI_API_KEY
  VAULT_AGENT_KEY_FILE=researcher.key vault read --agent researcher OPENAI_API_KEY";

/// A local secret vault for AI agents.
///
/// Secrets live in one age-encrypted file. Each agent gets an age key of its own and can read
/// only the secrets granted to it, and every read and every denial is appended to an audit log.
///
/// Exit codes: 0 success, 1 error, 2 usage, 3 access denied.
#[derive(Debug, Parser)]
#[command(name = "vault", version, propagate_version = true, max_term_width = 100, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes, before or after its name. The path flags beat their environment
/// variables, which beat VAULT_HOME, which beats the platform's directories.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The vault file [env: VAULT_FILE]
    ///
    /// Default: $VAULT_HOME/vault.age, else <data dir>/vault/vault.age (~/.local/share on Linux).
    #[arg(long, global = true, value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// The operator's age identity [env: VAULT_IDENTITY]
    ///
    /// Default: $VAULT_HOME/identity.txt, else <config dir>/vault/identity.txt (~/.config on
    /// Linux).
    #[arg(long, global = true, value_name = "PATH")]
    pub identity: Option<PathBuf>,

    /// The audit log, JSON lines [env: VAULT_LOG]
    ///
    /// Default: $VAULT_HOME/events.jsonl, else <data dir>/vault/events.jsonl.
    #[arg(long, global = true, value_name = "PATH")]
    pub log: Option<PathBuf>,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// Print no hints or notices on stderr (errors still print)
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the operator identity (unless one exists) and an empty vault
    ///
    /// The identity is an age X25519 key in the identity file. With --passphrase it is locked
    /// with a passphrase (age's scrypt mode), asked for by every operator command, so that
    /// agents running as the same Unix user cannot read the vault through it. With --recipient,
    /// the identity file is one of yours, for example an age plugin's (a hardware key).
    Init(InitArgs),

    /// Store, rotate, list and remove secrets
    #[command(subcommand)]
    Secret(SecretCommand),

    /// Create, list and remove agents, each with an age key of its own
    #[command(subcommand)]
    Agent(AgentCommand),

    /// Give an agent access to a secret, list grants, revoke them
    #[command(subcommand)]
    Grant(GrantCommand),

    /// Add, list and remove operators: the keys that open the whole vault
    #[command(subcommand)]
    Operator(OperatorCommand),

    /// Keep the operator identity unlocked for a while, as ssh-agent keeps keys
    ///
    /// Asks for the passphrase once and starts a process of yours that holds the unlocked
    /// identity (its memory locked and not readable by other processes) on a socket only you
    /// can use. Operator commands ask it to open what they open, instead of asking for the
    /// passphrase and spending a second of scrypt each time. It never hands out the identity.
    /// It ends at its time, on `vault lock`, or when it is sent SIGTERM. Any program of yours
    /// can use it while it runs, as it could use you at the terminal: lock it before leaving an
    /// agent that runs as you alone with it.
    #[command(after_help = "Examples:
  vault unlock --for 8h
  vault lock")]
    Unlock(UnlockArgs),

    /// End the unlock cache `vault unlock` started
    Lock,

    /// Re-encrypt every part of the vault with new file keys; --agents issues new agent keys
    ///
    /// With --agents every agent gets a new key, printed once, as `AGENT<TAB>KEY` lines (or
    /// JSON), and the old keys open nothing written from then on. A copy of an older vault file
    /// still opens with the old keys: rotate the secrets a leaked key could read.
    Rekey(RekeyArgs),

    /// Print a secret's value for an agent; exit 3 when the agent may not read it
    ///
    /// The value's exact bytes go to stdout, with no newline added (a terminal gets one). The
    /// read is written to the audit log before the value is printed; when the log cannot be
    /// written, nothing is printed and vault exits 1.
    ///
    /// The agent authenticates with its own key: --key-file, else VAULT_AGENT_KEY (the key
    /// itself), else VAULT_AGENT_KEY_FILE. With its key, only the agent's own part of the vault
    /// is decrypted. Without one, the operator identity is used and the grant is checked.
    #[command(after_help = "Examples:
  vault read --agent researcher --key-file researcher.key OPENAI_API_KEY
  VAULT_AGENT_KEY_FILE=researcher.key vault read --agent researcher GITHUB_TOKEN --wait 5m")]
    Read(ReadArgs),

    /// Run a command with an agent's secrets in its environment, masked in its output
    ///
    /// Each secret granted to the agent (or each --only one) becomes an environment variable
    /// named after it, any character other than A-Z a-z 0-9 _ turned into _. They override
    /// variables of the same name; the rest of the environment passes unchanged, except
    /// VAULT_PASSPHRASE, VAULT_AGENT_KEY and VAULT_AGENT_KEY_FILE, which the command never gets.
    /// The reads are logged before the command starts.
    ///
    /// The command's stdout and stderr pass through vault, which replaces every injected value
    /// (raw, line by line, base64, hex, percent-encoded, JSON-escaped) with <redacted:NAME>,
    /// and logs a vault.masked event per secret it caught. On a terminal the command gets a
    /// pseudo-terminal of its own (colours, line editing, window size work as usual); signals
    /// sent to vault reach it; its exit status is vault's, 128+N when signal N killed it.
    /// Values shorter than 6 bytes are not masked. With --no-mask, vault becomes the command
    /// (exec) and nothing is masked. A command that cannot be found exits 127.
    #[command(after_help = "Examples:
  vault exec --agent researcher -- python agent.py
  vault exec --agent researcher --only GITHUB_TOKEN -- gh pr list
  vault exec --agent researcher --proxy -- python agent.py")]
    Exec(ExecArgs),

    /// Run programs in a sandbox: `sandbox check` tries each escape on this machine
    #[command(subcommand)]
    Sandbox(SandboxCommand),

    /// Serve an agent's secrets to an MCP client (Claude Code, Cursor, Codex) over stdio, never
    /// a value
    ///
    /// Speaks the Model Context Protocol on stdin and stdout (revisions 2025-11-25 and
    /// 2026-07-28) for one agent, whose key comes from --key-file, else VAULT_AGENT_KEY, else
    /// VAULT_AGENT_KEY_FILE, as for `exec`. Its tools: `list_secrets` (names, hosts and ends of
    /// the agent's grants), `run` (a command with the agent's secrets, in the sandbox and
    /// through the proxy as `exec --sandbox` runs it, its output masked and returned),
    /// `placeholder` (the variable a secret is in under `run`, the placeholder it holds there,
    /// the same in every run of the session, and the hosts it works for), `request_access`
    /// (`vault request`, waiting for the answer if asked) and, with --allow-request-secret,
    /// `request_secret`. No tool returns a value. Each call is
    /// logged (`mcp.called`, with the tool and, for `run`, the command), and what it does is
    /// logged as the command would log it, with `via: "mcp"`. Where the sandbox cannot be set
    /// up, `run` is not offered unless --no-sandbox is given. Nothing but protocol messages
    /// is written to stdout.
    #[command(after_help = "Examples:
  vault mcp --agent researcher --key-file ~/.config/vault/researcher.key
  claude mcp add vault -- vault mcp --agent researcher --key-file ~/.config/vault/researcher.key")]
    Mcp(McpArgs),

    /// Ask the operators for a grant, as an agent; no key is needed: it only writes to the log
    ///
    /// Appends a `grant.requested` event with a new request id (printed), the reason given and
    /// the time asked for. The operator sees it in `vault grant requests` and answers with
    /// `vault grant approve` or `vault grant deny`; `vault read --wait` waits for the answer. A
    /// request for an agent or secret that does not exist is taken the same way.
    #[command(after_help = "Examples:
  vault request --agent researcher TLS_KEY --reason \"renew the staging cert\" --for 30m")]
    Request(RequestArgs),

    /// Merge two versions of the vault: what git runs for the vault file (`%O %A %B`)
    ///
    /// Merges into OURS what THEIRS changed since BASE, change by change: each operator,
    /// agent, secret (its name and its value apart) and grant comes from the side that changed
    /// it. On a conflict (the same thing changed two ways), OURS still gets every change that
    /// merged, and our side of each conflict; theirs is kept where it can be taken back (a value
    /// as a version in the secret's history, a name as NAME.theirs). Each conflict is printed
    /// on a line of its own with the command that settles it, and the exit code is 1.
    ///
    /// Plumbing: git runs it, so `vault help` does not list it.
    #[command(hide = true)]
    Merge(MergeArgs),

    /// Share the vault through git: a diff that shows what changed and a merge that
    /// understands the vault
    #[command(subcommand)]
    Git(GitCommand),

    /// Show the audit log, oldest first; `events verify` checks its hash chain
    ///
    /// On a terminal each event is one readable line (denials in red unless NO_COLOR is set);
    /// with --json, the log's own lines, byte for byte.
    #[command(after_help = "Examples:
  vault events -n 20
  vault events --follow --agent researcher --event vault.denied
  vault events --since 2h --json | jq -r .secret_name")]
    Events(EventsArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O)
    pub base: PathBuf,
    /// Our version, where the result goes (%A)
    pub ours: PathBuf,
    /// Their version (%B)
    pub theirs: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Set up the vault's diff and merge in the git work tree holding it
    ///
    /// Adds `PATH diff=vault merge=vault` to .gitattributes, and sets diff.vault.textconv and
    /// merge.vault.driver to this program with the operator identity, in the repository's
    /// config (with --global, the user's). Running it again changes nothing.
    Setup(GitSetupArgs),

    /// Print a vault as sorted text for `git diff` (what diff.vault.textconv runs)
    ///
    /// One line per operator, agent, secret and grant: names, ids, dates, versions, canary
    /// marks and ends, and for each secret a fingerprint of its value that changes when the
    /// value does but cannot be checked against a guess without the operator identity. Never
    /// a value.
    ///
    /// Plumbing: git runs it, so `vault help git` does not list it.
    #[command(hide = true)]
    Textconv(TextconvArgs),
}

#[derive(Debug, Args)]
pub struct GitSetupArgs {
    /// Write the diff and merge drivers to the user's git config instead of the repository's
    #[arg(long)]
    pub global: bool,
}

#[derive(Debug, Args)]
pub struct TextconvArgs {
    /// The vault file to show
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct McpArgs {
    /// The agent the client works as
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: String,

    /// The agent's key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Offer `run` without the sandbox: its output is still masked and its requests still go
    /// through the proxy, but the program holds placeholders only as long as it does not read
    /// the vault's files, which it can see
    #[arg(long)]
    pub no_sandbox: bool,

    /// Offer `request_secret`: a page on 127.0.0.1 where a person types a new secret's value,
    /// with a code `vault grant requests` shows; it waits there for an operator's approval
    #[arg(long)]
    pub allow_request_secret: bool,
}

#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The agent that asks
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: String,

    /// The secret's name
    pub secret: String,

    /// Why, for the operator
    #[arg(long, value_name = "TEXT", value_hint = ValueHint::Other)]
    pub reason: Option<String>,

    /// For how long (30m, 2h, 7d); the operator decides
    #[arg(long = "for", value_name = "DURATION", value_hint = ValueHint::Other, value_parser = crate::time::parse_duration)]
    pub duration: Option<std::time::Duration>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Lock the new operator identity with a passphrase [env: VAULT_PASSPHRASE]
    #[arg(long, conflicts_with = "recipient")]
    pub passphrase: bool,

    /// The operator's recipient, for an identity file you bring (an age plugin's, say)
    #[arg(long, value_name = "RECIPIENT", value_hint = ValueHint::Other)]
    pub recipient: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator: the whole vault is encrypted to its recipient too
    Add(OperatorArgs),

    /// List the operators' recipients
    #[command(visible_alias = "ls")]
    List,

    /// Remove an operator: what is written from then on no longer opens with its key
    Rm(OperatorArgs),

    /// Add, change or remove the passphrase on the operator identity, in place
    ///
    /// The identity file is replaced atomically (a temporary file, fsync, rename): no copy of
    /// it is left behind, locked or not. The current passphrase comes from VAULT_PASSPHRASE or
    /// the terminal; the new one from VAULT_NEW_PASSPHRASE or the terminal, twice.
    Passphrase(PassphraseArgs),
}

#[derive(Debug, Args)]
pub struct PassphraseArgs {
    /// Remove the passphrase: the identity file holds the key in clear again
    #[arg(long)]
    pub remove: bool,
}

#[derive(Debug, Args)]
pub struct OperatorArgs {
    /// The operator's age recipient (age1…)
    #[arg(value_name = "RECIPIENT")]
    pub recipient: String,
}

#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long to keep it unlocked (30m, 2h, 1d)
    #[arg(long = "for", value_name = "DURATION", value_hint = ValueHint::Other, default_value = "15m",
          value_parser = crate::time::parse_duration)]
    pub duration: std::time::Duration,

    /// Be the cache (what `vault unlock` starts; the identity comes on stdin)
    #[arg(long, hide = true)]
    pub serve: bool,
}

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Also issue every agent a new key, and invalidate the old ones
    #[arg(long)]
    pub agents: bool,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Store a new secret; the value comes from --from-file, else stdin, else a prompt
    ///
    /// From stdin, one trailing newline (\n or \r\n) is removed; --from-file keeps the exact
    /// bytes. On a terminal the value is asked for twice, without echo. Values are never taken
    /// from the command line, where other users could see them.
    #[command(after_help = "Examples:
  printf %s \"$OPENAI_API_KEY\" | vault secret add OPENAI_API_KEY --host api.openai.com
  vault secret add DB_PASSWORD --generate --length 48
  vault secret add TLS_KEY --from-file key.pem")]
    Add(AddArgs),

    /// Replace the value of an existing secret, keeping its id, its grants and its canary mark
    ///
    /// The value it replaces is kept in the secret's history (`vault secret history`), from
    /// where `vault secret rollback` brings it back.
    Set(SetArgs),

    /// List secrets (metadata only, never values), sorted by name
    #[command(visible_alias = "ls")]
    List,

    /// Delete a secret and every grant on it
    Rm(SecretRmArgs),

    /// Print a secret's value, as an operator: its exact bytes on stdout
    ///
    /// A newline is added only on a terminal, as `vault read` does. The showing is logged as
    /// `vault.accessed`, `via: operator`, before the value is printed.
    Show(ShowArgs),

    /// Add or remove the hosts the credential proxy may send a secret to; no value is asked
    ///
    /// HOST is as for `secret add --host`. Repeat --add and --rm for several; --clear removes
    /// every host first.
    Hosts(HostsArgs),

    /// List the versions of a secret's value (never the values), newest first
    History(HistoryArgs),

    /// Make an earlier version of a secret's value the current one, as a new version
    Rollback(RollbackArgs),

    /// Give a secret a new name, keeping its id, its grants and its history
    Rename(RenameArgs),

    /// Add every NAME=VALUE of a dotenv file, all or nothing, in one write
    ///
    /// The file is read as python-dotenv reads it with interpolation off: comments, `export `,
    /// single and double quotes, the escapes of double quotes (\n, \t, \", \\ …), multi-line
    /// quoted values. Values are literal: $VAR and ${VAR} are stored as written. A name that
    /// exists already is an error unless --replace; a line that does not parse, an invalid or
    /// repeated name or an empty value rejects the whole file, naming its line.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ValueArgs {
    /// The secret's name: 1-128 of A-Z a-z 0-9 _ . -, starting with a letter or _
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub name: String,

    /// Read the value from this file, byte for byte
    #[arg(long, value_name = "PATH", conflicts_with = "generate")]
    pub from_file: Option<PathBuf>,

    /// Make a random value (from the operating system's random source); printed only with
    /// --show
    #[arg(long)]
    pub generate: bool,

    /// With --generate: how many characters, 6 to 4096 (a shorter value could not be masked)
    #[arg(long, value_name = "N", value_hint = ValueHint::Other, default_value_t = 32, requires = "generate",
          value_parser = clap::value_parser!(u16).range(6..=4096))]
    pub length: u16,

    /// With --generate: which characters (ascii: the printable ones but space)
    #[arg(long, value_enum, default_value_t = Charset::Alnum, requires = "generate")]
    pub charset: Charset,

    /// With --generate: print the new value, once, on stdout (as `secret show` would)
    #[arg(long, requires = "generate")]
    pub show: bool,

    /// Catches a value typed on the command line, to refuse it without echoing it.
    #[arg(hide = true)]
    pub value_in_argv: Vec<OsString>,
}

/// The characters a generated value is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Charset {
    /// A-Z a-z 0-9
    Alnum,
    /// 0-9 a-f
    Hex,
    /// A-Z a-z 0-9 - _
    Base64url,
    /// The printable ASCII characters but space
    Ascii,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    #[command(flatten)]
    pub value: ValueArgs,

    /// Only if the current version is N: refuse when another change came first
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub if_version: Option<u64>,

    /// A host the credential proxy (`vault exec --proxy`) may send the value to, in place of
    /// those it had; repeat for several (without --host, the hosts stay)
    ///
    /// HOST is HTTPS on 443; HOST:PORT another port; *.DOMAIN any name below DOMAIN; an IP
    /// address ([…] for IPv6); http://HOST for plain HTTP; a path glob after any of them
    /// (HOST/repos/acme/**: * one segment, ** any) limits it to those paths. A secret with no
    /// host is never sent anywhere by the proxy.
    #[arg(long = "host", value_name = "HOST", value_hint = ValueHint::Other)]
    pub hosts: Vec<String>,

    /// Pin the secret to no host: the proxy sends it nowhere
    #[arg(long, conflicts_with = "hosts")]
    pub no_hosts: bool,

    /// Where in a request the proxy may put the value, in place of where it could: header,
    /// query, path or body; repeat for several (without --inject, the places stay)
    #[arg(long = "inject", value_name = "PLACE", value_parser = PossibleValuesParser::new(INJECT_PLACES))]
    pub inject: Vec<String>,

    /// A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH,
    /// DELETE or OPTIONS; repeat for several, or say any (the default: every method)
    #[arg(long = "method", value_name = "METHOD", value_parser = PossibleValuesParser::new(METHODS), ignore_case = true)]
    pub methods: Vec<String>,

    /// Make this secret the secret access key of an AWS pair whose access key id is the
    /// secret KEY_ID, in place of the pair it was half of (see `vault secret add --help`)
    #[arg(long = "aws-sigv4", value_name = "KEY_ID", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub aws_sigv4: Option<String>,

    /// Make this secret an ordinary one again, half of no AWS pair
    #[arg(long, conflicts_with = "aws_sigv4")]
    pub no_aws_sigv4: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The secret's name
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub name: String,

    /// How many versions, newest first
    #[arg(short = 'n', long = "lines", value_name = "N", default_value_t = 10)]
    pub last: usize,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// The secret's name
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub name: String,

    /// The version whose value becomes current again
    #[arg(long, value_name = "N", value_hint = ValueHint::Other)]
    pub to: u64,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The secret's name now
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub old: String,

    /// Its new name
    pub new: String,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub value: ValueArgs,

    /// Mark the secret as bait: every read of it, and its value in a program's output under
    /// `vault exec`, is logged as `vault.canary`
    ///
    /// Grant it like any other secret. An agent that was told to dump its environment or go
    /// fishing for keys trips it; alert on it with `vault events --follow --event vault.canary`.
    #[arg(long)]
    pub canary: bool,

    /// A host the credential proxy (`vault exec --proxy`) may send the value to; repeat for
    /// several
    ///
    /// HOST is HTTPS on 443; HOST:PORT another port; *.DOMAIN any name below DOMAIN; an IP
    /// address ([…] for IPv6); http://HOST for plain HTTP; a path glob after any of them
    /// (HOST/repos/acme/**: * one segment, ** any) limits it to those paths. A secret with no
    /// host is never sent anywhere by the proxy.
    #[arg(long = "host", value_name = "HOST", value_hint = ValueHint::Other)]
    pub hosts: Vec<String>,

    /// Where in a request to those hosts the proxy may put the value: header, query, path or
    /// body; repeat for several (default: header, query and path)
    ///
    /// A header includes Basic credentials, which is what a URL's user:password becomes. A
    /// body gets the value only when named here: an agent's conversation with its model goes
    /// in a body, and would carry the real key of the model's own host.
    #[arg(long = "inject", value_name = "PLACE", value_parser = PossibleValuesParser::new(INJECT_PLACES))]
    pub inject: Vec<String>,

    /// A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH,
    /// DELETE or OPTIONS; repeat for several, or say any (the default: every method)
    #[arg(long = "method", value_name = "METHOD", value_parser = PossibleValuesParser::new(METHODS), ignore_case = true)]
    pub methods: Vec<String>,

    /// Make this secret the secret access key of an AWS pair whose access key id is the
    /// secret KEY_ID: under `vault exec --proxy` the program gets placeholders for both, and
    /// the proxy signs its requests to this secret's hosts again with the real pair
    ///
    /// AWS Signature Version 4, as the AWS SDKs and CLI sign: in headers or a presigned
    /// query string, the payload hashed, unsigned or in signed chunks. The proxy first checks
    /// the request was signed with the placeholders, and never puts this value itself in a
    /// request. Pin it to *.amazonaws.com, or to an S3-like service's host.
    #[arg(long = "aws-sigv4", value_name = "KEY_ID", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub aws_sigv4: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Update secrets that exist already instead of refusing the file
    #[arg(long)]
    pub replace: bool,

    /// The dotenv file, or - for stdin
    #[arg(value_name = "FILE|-")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct SecretRmArgs {
    /// The secret's id (sec_…) or name
    #[arg(value_name = "ID|NAME", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub secret: String,

    /// Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The secret's name (or id)
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct HostsArgs {
    /// The secret's name (or id)
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub name: String,

    /// A host to add (HOST, HOST:PORT, *.DOMAIN, an IP address, http://HOST, each with a
    /// path glob after it or not); repeat for several
    #[arg(long = "add", value_name = "HOST", value_hint = ValueHint::Other)]
    pub add: Vec<String>,

    /// A host to remove, as `secret list` shows it; repeat for several
    #[arg(long = "rm", value_name = "HOST", value_hint = ValueHint::Other)]
    pub rm: Vec<String>,

    /// Remove every host first (with no --add: the proxy sends the secret nowhere)
    #[arg(long)]
    pub clear: bool,

    /// Where in a request the proxy may put the value, in place of where it could: header,
    /// query, path or body; repeat for several
    #[arg(long = "inject", value_name = "PLACE", value_parser = PossibleValuesParser::new(INJECT_PLACES))]
    pub inject: Vec<String>,

    /// A method of the requests the proxy may put the value in: GET, HEAD, POST, PUT, PATCH,
    /// DELETE or OPTIONS; repeat for several, or say any (the default: every method)
    #[arg(long = "method", value_name = "METHOD", value_parser = PossibleValuesParser::new(METHODS), ignore_case = true)]
    pub methods: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Create an agent and print its secret key, once, as the only line on stdout
    ///
    /// Save it straight to a file that only the agent can read:
    /// `vault agent add researcher > researcher.key`. The vault keeps only the public half.
    #[command(after_help = "Examples:
  vault agent add researcher > researcher.key")]
    Add(NewAgentArgs),

    /// List agents with their recipients and grant counts
    #[command(visible_alias = "ls")]
    List,

    /// Delete an agent and all its grants
    Rm(AgentRmArgs),
}

#[derive(Debug, Args)]
pub struct NewAgentArgs {
    /// The new agent's id: 1-64 of A-Z a-z 0-9 _ . -
    pub agent: String,
}

#[derive(Debug, Args)]
pub struct AgentRmArgs {
    /// The agent's id
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: String,

    /// Remove it without asking (on a terminal, `rm` asks first; elsewhere it never asks)
    #[arg(short, long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum GrantCommand {
    /// Let an agent read a secret, for good or for a while; granting twice returns the
    /// existing grant (with another end, a new grant replaces it)
    #[command(after_help = "Examples:
  vault grant add --agent researcher OPENAI_API_KEY
  vault grant add --agent researcher GITHUB_TOKEN --for 2h")]
    Add(GrantAddArgs),

    /// List grants, with secret names
    #[command(visible_alias = "ls")]
    List(GrantListArgs),

    /// Revoke a grant, by its id or by agent and secret
    Rm(GrantRmArgs),

    /// Drop the grants whose time has run out, and their values from the agents' parts
    ///
    /// Every change does this too; run it from a timer so an ended grant leaves the file soon
    /// even when nothing else changes.
    Sweep,

    /// List the requests that await an answer: for grants, and requests of the proxy held
    /// for a person (`grant add --approve`)
    Requests,

    /// Grant what a request asked for; --for sets how long (else what the agent asked for)
    ///
    /// A request the proxy is holding (kind `request`) is let through instead, with the
    /// operator's key as the approver; with --for, further requests of that run on the same
    /// secret's routes pass without asking until the time is up.
    Approve(ApproveArgs),

    /// Turn a request down; a request the proxy is holding gets a 403
    Deny(DenyArgs),
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The request's id (req_…)
    #[arg(value_name = "REQ")]
    pub request: String,

    /// For how long (30m, 2h, 7d): the grant, or the window in which a held request's
    /// further requests pass
    #[arg(long = "for", value_name = "DURATION", value_hint = ValueHint::Other, value_parser = crate::time::parse_duration)]
    pub duration: Option<std::time::Duration>,
}

#[derive(Debug, Args)]
pub struct DenyArgs {
    /// The request's id (req_…)
    #[arg(value_name = "REQ")]
    pub request: String,

    /// Why, for the agent
    #[arg(long, value_name = "TEXT", value_hint = ValueHint::Other)]
    pub reason: Option<String>,
}

#[derive(Debug, Args)]
pub struct GrantAddArgs {
    /// The agent to grant to
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: String,

    /// The secret's id (sec_…) or name
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub secret: String,

    /// For this long only (30m, 2h, 7d); after it, reads are denied
    #[arg(long = "for", value_name = "DURATION", value_hint = ValueHint::Other, value_parser = crate::time::parse_duration,
          conflicts_with = "until")]
    pub duration: Option<std::time::Duration>,

    /// Until this time only: RFC 3339 (2026-12-31T18:00:00Z), or a date alone for the end of
    /// that day in UTC (2026-12-31)
    #[arg(long, value_name = "TIME", value_hint = ValueHint::Other, value_parser = crate::time::parse_time)]
    pub until: Option<DateTime<Utc>>,

    /// Hold each request of `exec --proxy` on the secret's routes until a person answers it
    /// (`vault grant approve REQ`, `vault grant deny REQ`, or the program VAULT_ASKPASS names);
    /// `vault read` and a plain `exec` cannot use this grant
    #[arg(long)]
    pub approve: bool,

    /// How long a held request waits for its answer before it gets a 403 (default 2m)
    #[arg(long, value_name = "DURATION", value_hint = ValueHint::Other, value_parser = crate::time::parse_duration,
          requires = "approve")]
    pub approve_timeout: Option<std::time::Duration>,
}

#[derive(Debug, Args)]
pub struct GrantListArgs {
    /// Only this agent's grants
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: Option<String>,

    /// Only the grants of this secret (its name or id): who can read it
    #[arg(long, value_name = "SECRET", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub secret: Option<String>,
}

#[derive(Debug, Args)]
pub struct GrantRmArgs {
    /// Revoke this agent's grant on SECRET (then SECRET is a secret's id or name)
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: Option<String>,

    /// The grant's id (grt_…), or with --agent the secret's id or name
    #[arg(value_name = "GRANT_ID|SECRET", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub target: String,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("proxied").args(["proxy", "sandbox"]).multiple(true)))]
pub struct ExecArgs {
    /// The agent whose secrets to inject
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: String,

    /// Inject only this secret; repeat for several (default: every secret granted to AGENT)
    #[arg(long = "only", value_name = "NAME", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub only: Vec<String>,

    /// The agent's key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Do not mask the output: vault becomes the command, which writes where vault would
    /// (with --proxy, vault stays, to serve the proxy)
    #[arg(long)]
    pub no_mask: bool,

    /// Give the command placeholders, not values, and a proxy that puts each value into its
    /// HTTPS requests to the hosts the secret is pinned to
    ///
    /// vault serves an HTTP proxy on loopback for this run and points HTTPS_PROXY, HTTP_PROXY
    /// and the CA bundle variables of the common toolchains (SSL_CERT_FILE,
    /// REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, NODE_EXTRA_CA_CERTS, GIT_SSL_CAINFO, PIP_CERT,
    /// NPM_CONFIG_CAFILE, CARGO_HTTP_CAINFO, DENO_CERT, AWS_CA_BUNDLE and more) at it, and
    /// sets NODE_USE_ENV_PROXY=1. Each secret's variable holds a placeholder
    /// of the value's shape; the proxy swaps it for the value in requests to the secret's
    /// hosts (`vault secret hosts NAME --add HOST`), in the URL, headers and body, lets it go
    /// unchanged anywhere else (see --strict), and swaps the value back for the placeholder in
    /// responses. The command never holds a value.
    #[arg(long)]
    pub proxy: bool,

    /// With --proxy: stop (403) a request that carries a secret's placeholder to a host the
    /// secret is not pinned to, instead of letting the placeholder go as it is
    ///
    /// A placeholder is worthless anywhere but where the proxy swaps it, so by default it goes
    /// unchanged (an agent's conversation with its model carries its own tools' output, and
    /// with it placeholders) and a `vault.withheld` event says so, once per host and secret.
    #[arg(long, requires = "proxied")]
    pub strict: bool,

    /// With --proxy: where the command may connect at all: any (the default without
    /// --sandbox), pinned (only the hosts its secrets are pinned to, and --allow-host; the
    /// default with --sandbox), or hosts, repeated
    ///
    /// A refused host gets a 403 whose body says which flag allows it, and one
    /// `vault.egress_denied` event per host in a run. Hosts are written as for a secret's
    /// --host, without a path (*.DOMAIN, HOST:PORT, http://HOST).
    #[arg(long, value_name = "any|pinned|HOST", requires = "proxied", value_hint = ValueHint::Other)]
    pub egress: Vec<String>,

    /// With --egress pinned (or a list of hosts): let the command reach this host too;
    /// repeat for several
    #[arg(long = "allow-host", value_name = "HOST", requires = "proxied", value_hint = ValueHint::Other)]
    pub allow_host: Vec<String>,

    /// With --proxy: trust these CA certificates (PEM) for the upstreams too, beside the
    /// system's roots [else VAULT_UPSTREAM_CA]
    #[arg(long, value_name = "PATH", requires = "proxied")]
    pub upstream_ca: Option<PathBuf>,

    /// Run the command in a sandbox where it reaches nothing but the proxy (implies --proxy)
    ///
    /// Linux, with bubblewrap (`bwrap`). The command runs in new user, network, mount, PID,
    /// IPC, UTS and cgroup namespaces, with loopback as its only network and the proxy on it;
    /// under a syscall filter, with no capabilities and no new privileges, in a session of
    /// its own. It sees the filesystem read-only, writes only to the current directory, a
    /// private /tmp and --allow-write; the vault's files, the agent's key, the runtime
    /// directories and the home directory are out of sight (it gets an empty home holding the
    /// current directory and the toolchains installed there), and every git directory at or
    /// above the current directory is read-only. Descriptors above 2 are closed, and
    /// variables that point outside or look like credentials are dropped. Where any of it
    /// cannot be set up, vault refuses to start the command. `vault sandbox check` tries each
    /// escape on this machine.
    #[arg(long)]
    pub sandbox: bool,

    /// With --sandbox: keep PATH out of sight too (a file shows empty, a directory empty)
    #[arg(long, value_name = "PATH", requires = "sandbox")]
    pub hide: Vec<PathBuf>,

    /// With --sandbox: let the command read PATH (in the private home, say)
    #[arg(long, value_name = "PATH", requires = "sandbox")]
    pub allow_read: Vec<PathBuf>,

    /// With --sandbox: let the command write to PATH
    #[arg(long, value_name = "PATH", requires = "sandbox")]
    pub allow_write: Vec<PathBuf>,

    /// With --sandbox: an empty home directory, holding only the current directory, the
    /// toolchains installed there and --allow-read (the default)
    #[arg(long, requires = "sandbox", conflicts_with = "share_home")]
    pub private_home: bool,

    /// With --sandbox: show the home directory read-only instead, less the known credential
    /// stores and the vault's own directories
    #[arg(long, requires = "sandbox")]
    pub share_home: bool,

    /// With --sandbox: keep descriptor N open for the command (every other one above 2 is
    /// closed)
    #[arg(long, value_name = "N", requires = "sandbox")]
    pub pass_fd: Vec<i32>,

    /// With --sandbox: keep the variable NAME, which would be dropped for pointing outside the
    /// sandbox or looking like a credential
    #[arg(long = "env", value_name = "NAME", requires = "sandbox", value_hint = ValueHint::Other)]
    pub keep_env: Vec<String>,

    /// With --sandbox: pass only PATH, HOME, USER, LOGNAME, SHELL, TERM, COLORTERM, LANG,
    /// LANGUAGE, LC_*, TZ, TMPDIR, NO_COLOR and --env from the environment
    #[arg(long, requires = "sandbox")]
    pub clean_env: bool,

    /// Plumbing: this run is a `run` call of `vault mcp`, and its events say `via: "mcp"`
    #[arg(long, hide = true)]
    pub through_mcp: bool,

    /// The command to run, after `--`, and its arguments
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Start a sandbox and try each escape from inside it; exit 0 only when every one held
    ///
    /// From inside a sandbox as `vault exec --sandbox` makes it, a probe tries: a TCP connect
    /// and a UDP packet to listeners opened outside on loopback, a DNS lookup, reading decoy
    /// files in the home directory and a decoy key, dialing an abstract Unix socket and a Unix
    /// socket under the runtime directory, signalling and tracing the processes around it,
    /// writing outside the current directory, replacing the repository's .git, each syscall
    /// the filter refuses, a descriptor left open by the caller, and a token in the caller's
    /// environment. One row per protection: held or failed.
    #[command(after_help = "Examples:
  vault sandbox check
  vault sandbox check --json | jq -r 'select(.held | not) | .protection'")]
    Check,

    /// Plumbing: what runs inside the sandbox before the command
    #[command(hide = true)]
    Enter(SandboxEnterArgs),

    /// Plumbing: the escapes `sandbox check` tries, from inside
    #[command(hide = true)]
    Probe(SandboxProbeArgs),
}

#[derive(Debug, Args)]
pub struct SandboxEnterArgs {
    /// The socket to the vault outside
    #[arg(long, value_name = "FD")]
    pub control: i32,

    /// The command's standard error (bubblewrap's own goes to vault)
    #[arg(long, value_name = "FD")]
    pub stderr: i32,

    /// Listen on this loopback port inside, for the proxy outside
    #[arg(long, value_name = "PORT")]
    pub listen: Option<u16>,

    /// Also make a listener and a name server's socket for connections routed to the proxy
    #[arg(long)]
    pub route: bool,

    /// Make the terminal on stdout (else stdin) the command's controlling terminal
    #[arg(long)]
    pub terminal: bool,

    /// Descriptors left open for the command
    #[arg(long, value_name = "N")]
    pub pass_fd: Vec<i32>,

    /// The command and its arguments
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args)]
pub struct SandboxProbeArgs {
    /// What to try, as `sandbox check` wrote it (JSON)
    pub plan: String,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EventsArgs {
    #[command(subcommand)]
    pub command: Option<EventsCommand>,

    /// Only the last N events (read from the end of the log, however long it is)
    #[arg(short = 'n', long = "lines", value_name = "N")]
    pub last: Option<usize>,

    /// After the last 10 events (or N), keep printing new ones as they are appended
    #[arg(short, long)]
    pub follow: bool,

    /// Only this agent's events
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: Option<String>,

    /// Only the events about this secret (by name)
    #[arg(long, value_name = "SECRET", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub secret: Option<String>,

    /// Only events of this type; repeat for several
    #[arg(long = "event", value_name = "TYPE", value_parser = PossibleValuesParser::new(EVENT_TYPES))]
    pub events: Vec<String>,

    /// Only events since TIME: RFC 3339 (2026-11-28T10:00:00Z) or an age (15m, 2h, 7d)
    #[arg(long, value_name = "TIME", value_hint = ValueHint::Other, value_parser = crate::time::parse_since)]
    pub since: Option<DateTime<Utc>>,
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Check the log's hash chain and print its head; exit 1 when the chain is broken
    ///
    /// Each line's `prev` must be the SHA-256 of the line before and `seq` must count up by one,
    /// across the earlier files a rotated log goes on from (found beside it by the hash of their
    /// last line). Writer logs beside it (`events.NAME.jsonl`) are checked too. With the
    /// operator identity, every log must still hold the event the vault recorded at its last
    /// change, and the log must record no change newer than the vault.
    Verify(VerifyArgs),

    /// Move the log aside and start a new file that goes on from it
    ///
    /// The log is renamed to `events.jsonl.TIME` and the new file's first line, a `log.rotated`
    /// event, chains to the old file's last, so `events verify` checks across both. With the
    /// vault and its operator identity at hand, the vault records the new file's head.
    Rotate,

    /// Record in the vault where the logs stand now (after logrotate, say)
    ///
    /// A change refuses to go ahead when a log no longer holds the event the vault recorded,
    /// or has recorded a change newer than the vault (an old copy was put back). After a
    /// restore from backup, or a log lost for good, --accept records what was found in a
    /// `vault.anchored` event and goes on from there.
    Anchor(AnchorArgs),

    /// Print the log for security tools: one OCSF or ECS record per event, per line
    ///
    /// OCSF: API Activity records (class 6003, schema 1.9.0-dev), a denial as a failure, a
    /// canary at high severity, and the log's hash chain in the record-integrity attestation.
    /// ECS: documents with event.category, event.type, event.action and event.outcome.
    /// --follow streams new events as they come; --after SEQ starts after the event a shipper
    /// sent last. The writer logs beside the log are exported with --log, one at a time.
    Export(ExportArgs),

    /// Move a damaged tail of the log aside, into a file of its own, and go on from the last
    /// good line
    ///
    /// A line that is not an event stops every read and change. This moves it, and everything
    /// after it, to `events.jsonl.damaged-TIME`, and logs a `log.repaired` event saying so.
    Repair,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Also require the line with this hash: a head printed by an earlier verify
    #[arg(long, value_name = "HASH", value_hint = ValueHint::Other)]
    pub expect_head: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The schema
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// After the events there are, keep printing new ones as they are appended
    #[arg(short, long)]
    pub follow: bool,

    /// Only the events after this one (its seq): where a shipper stopped
    #[arg(long, value_name = "SEQ", value_hint = ValueHint::Other)]
    pub after: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Open Cybersecurity Schema Framework, API Activity
    Ocsf,
    /// Elastic Common Schema
    Ecs,
}

#[derive(Debug, Args)]
pub struct AnchorArgs {
    /// Accept a log that no longer reaches the vault's record, or a vault older than the log
    #[arg(long)]
    pub accept: bool,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// The agent that reads
    #[arg(long, value_name = "AGENT", value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::agents))]
    pub agent: String,

    /// The secret's name (or id)
    #[arg(value_hint = ValueHint::Other, add = ArgValueCandidates::new(complete::secrets))]
    pub name: String,

    /// The agent's key file [else VAULT_AGENT_KEY, else VAULT_AGENT_KEY_FILE]
    #[arg(long, value_name = "PATH")]
    pub key_file: Option<PathBuf>,

    /// Wait this long (30s, 5m) for the grant: the value comes as soon as a change grants it;
    /// exit 3 when a request of the agent for it is denied, or at the end
    #[arg(long, value_name = "DURATION", value_hint = ValueHint::Other, value_parser = crate::time::parse_duration)]
    pub wait: Option<std::time::Duration>,
}
