//! `vault git setup [--global]` and `vault git textconv FILE`: the vault file in a git
//! repository, with a diff that shows what changed (never a value) and a merge that
//! understands it (`vault merge`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, anyhow, bail};

use crate::cli::{GitCommand, GitSetupArgs, TextconvArgs};
use crate::cmd::Context;
use crate::crypto::Identities;
use crate::hosts::Methods;
use crate::inject::Inject;
use crate::{crypto, store, time, vault};

pub fn run(ctx: &Context, command: GitCommand) -> Result<()> {
    match command {
        GitCommand::Setup(args) => setup(ctx, &args),
        GitCommand::Textconv(args) => textconv(ctx, &args),
    }
}

/// `git ARGS` in `dir`, its stdout trimmed.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|err| anyhow!("cannot run git ({err}); install it first"))?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// Appends `line` to the file at `path` unless it holds it already.
fn add_line(path: &Path, line: &str) -> Result<()> {
    let existing = fs::read_to_string(path).unwrap_or_default();
    if existing.lines().any(|l| l.trim() == line) {
        return Ok(());
    }
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let newline = if existing.is_empty() || existing.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    writeln!(file, "{newline}{line}")?;
    Ok(())
}

/// A path as a git config value or a command in one: single-quoted for the shell git runs.
fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

fn setup(ctx: &Context, args: &GitSetupArgs) -> Result<()> {
    let paths = &ctx.paths;
    let vault_path = fs::canonicalize(&paths.vault).with_context(|| {
        format!(
            "no vault at {}; create one with `vault init`",
            paths.vault.display()
        )
    })?;
    let dir = store::parent_of(&vault_path);
    let root = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        anyhow!(
            "{} is not in a git work tree; run `git init` there first",
            dir.display()
        )
    })?);
    let relative = vault_path
        .strip_prefix(fs::canonicalize(&root)?)
        .map_err(|_| anyhow!("{} is not inside {}", vault_path.display(), root.display()))?
        .to_string_lossy()
        .into_owned();
    if relative
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '\\')
    {
        bail!(
            "git attributes cannot name {relative} as it is; give the vault file a name without blanks or quotes"
        );
    }

    add_line(
        &root.join(".gitattributes"),
        &format!("{relative} diff=vault merge=vault"),
    )?;
    // The lock beside the vault, and a change's temporary file while it is written, belong
    // to this machine, never to a commit.
    let (dir_part, file_name) = match relative.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name.to_owned()),
        None => (String::new(), relative.clone()),
    };
    let ignored = root.join(".gitignore");
    add_line(&ignored, &format!("/{relative}.lock"))?;
    add_line(&ignored, &format!("/{dir_part}.{file_name}.*.tmp"))?;

    let binary = std::env::current_exe().context("cannot tell where this program is")?;
    let identity = fs::canonicalize(&paths.identity)
        .with_context(|| format!("no operator identity at {}", paths.identity.display()))?;
    let vault = format!("{} --identity {}", quoted(&binary), quoted(&identity));
    let scope = if args.global { "--global" } else { "--local" };
    for (key, value) in [
        ("diff.vault.textconv", format!("{vault} git textconv")),
        (
            "merge.vault.name",
            "vault: merges a vault change by change".to_owned(),
        ),
        ("merge.vault.driver", format!("{vault} merge %O %A %B")),
    ] {
        git(&root, &["config", scope, key, &value])?;
    }
    ctx.out.done(format_args!(
        "Set up {relative} in {}: `git diff` shows what changed in it, `git merge` merges it",
        root.display()
    ))?;
    ctx.out
        .hint("Commit .gitattributes and .gitignore; each clone runs `vault git setup` once (or use --global).");
    Ok(())
}

/// A line per agent part that changes whenever the part does (its tag), saying whether the
/// operators wrote it as it is; and a line per secret it holds, flagged when no grant gives
/// it, or per grant it lacks. A part re-sealed by hand, by a teammate with an operator key or
/// by a pusher with none, shows in `git log -p` however the operator part was left.
fn part_lines(opened: &vault::Opened, identities: &Identities, key: &[u8]) -> Result<Vec<String>> {
    let state = &opened.state;
    let mut lines = Vec::new();
    for view in vault::agent_parts(opened, identities)? {
        let agent = &view.agent;
        let tag = view.tag.as_deref().map_or("none", |tag| &tag[..16]);
        let standing = match view.problem {
            None => "as the operators wrote it".to_owned(),
            Some(why) => format!("NOT AS THE OPERATORS WROTE IT: it {why}"),
        };
        lines.push(format!("part {agent} tag {tag} {standing}"));
        let Some(part) = &view.part else {
            continue;
        };
        let mut granted: Vec<(&str, crate::state::Terms)> = state
            .grants_of(agent)
            .map(|grant| (grant.secret.as_str(), grant.terms()))
            .collect();
        for held in part.all() {
            let grant = granted.iter().position(|(id, _)| *id == held.secret_id);
            let as_granted = grant
                .is_some_and(|at| granted[at].1 == (held.expires_at, held.approve))
                && state.secret_by_id(held.secret_id)?.is_some_and(|secret| {
                    secret.name == held.name
                        && secret.value.expose() == held.value
                        && secret.canary == held.canary
                        && secret.hosts == held.hosts
                        && secret.inject == held.inject
                        && secret.methods == held.methods
                        && secret.aws_sigv4.as_deref() == held.aws_sigv4
                });
            if let Some(at) = grant {
                granted.remove(at);
            }
            lines.push(format!(
                "part {agent} holds {} {} fingerprint {}{}{}{}{}{}{}",
                held.name,
                held.secret_id,
                crypto::fingerprint(key, held.value),
                if held.canary { " canary" } else { "" },
                if held.hosts.is_empty() {
                    String::new()
                } else {
                    format!(" hosts {}", held.hosts.join(","))
                },
                places(held.inject, held.methods, held.aws_sigv4),
                held.expires_at
                    .map(|end| format!(" until {}", time::rfc3339(end)))
                    .unwrap_or_default(),
                approval(held.approve),
                if as_granted { "" } else { " NOT AS GRANTED" }
            ));
        }
        for (secret, _) in granted {
            let name = state.secret_name(secret).unwrap_or("?");
            lines.push(format!("part {agent} lacks {name} {secret} NOT AS GRANTED"));
        }
    }
    Ok(lines)
}

fn textconv(ctx: &Context, args: &TextconvArgs) -> Result<()> {
    let identities = vault::operator_identity(&ctx.paths)?;
    let opened = vault::open_path(&args.file, &identities, &ctx.paths)?;
    let state = &opened.state;
    let key = state.fingerprint_key.expose();
    let mut lines = vec![format!(
        "vault {} generation {}",
        state.id, state.generation
    )];
    let mut operators: Vec<String> = state
        .operators
        .iter()
        .map(|op| {
            format!(
                "operator {} added {}",
                op.recipient,
                time::rfc3339(op.added_at)
            )
        })
        .collect();
    operators.sort();
    lines.extend(operators);
    lines.extend(state.agents.iter().map(|agent| {
        format!(
            "agent {} {} created {}",
            agent.id,
            agent.recipient,
            time::rfc3339(agent.created_at)
        )
    }));
    let by_id = state.secrets_by_id()?;
    for secret in state.secrets()? {
        lines.push(format!(
            "secret {} {} created {} updated {} version {} fingerprint {}{}{}{}",
            secret.name,
            secret.id,
            time::rfc3339(secret.created_at),
            time::rfc3339(secret.updated_at),
            secret.version,
            crypto::fingerprint(key, secret.value.expose()),
            if secret.canary { " canary" } else { "" },
            if secret.hosts.is_empty() {
                String::new()
            } else {
                format!(" hosts {}", secret.hosts.join(","))
            },
            places(secret.inject, secret.methods, secret.aws_sigv4.as_deref()),
        ));
    }
    let mut grants: Vec<String> = state
        .grants
        .iter()
        .map(|grant| {
            let name = by_id
                .get(grant.secret.as_str())
                .map_or("?", |s| s.name.as_str());
            let until = grant
                .expires_at
                .map(|end| format!(" until {}", time::rfc3339(end)))
                .unwrap_or_default()
                + &approval(grant.approve);
            format!(
                "grant {} {name} {} created {}{until}",
                grant.agent,
                grant.id,
                time::rfc3339(grant.created_at)
            )
        })
        .collect();
    grants.sort();
    lines.extend(grants);
    lines.extend(part_lines(&opened, &identities, key)?);
    for line in lines {
        ctx.out.line(line)?;
    }
    Ok(())
}

/// Where the proxy may put a value, and in requests of which methods, when not the default
/// (which a diff leaves unsaid, so that vaults which never chose show as they did); and the
/// access key id (its secret's id) an AWS secret access key signs with.
fn places(inject: Inject, methods: Methods, aws_sigv4: Option<&str>) -> String {
    let mut said = String::new();
    if let Some(key_id) = aws_sigv4 {
        said.push_str(&format!(" aws-sigv4 {key_id}"));
    }
    if inject != Inject::default() {
        said.push_str(&format!(" inject {}", inject.places().join(",")));
    }
    if methods != Methods::default() {
        said.push_str(&format!(" methods {}", methods.names().join(",")));
    }
    said
}

/// How a grant of `--approve` reads in a diff: each request approved, within so long.
fn approval(approve: Option<u32>) -> String {
    approve
        .map(|seconds| {
            format!(
                " approve {}",
                time::duration_text(std::time::Duration::from_secs(seconds.into()))
            )
        })
        .unwrap_or_default()
}
